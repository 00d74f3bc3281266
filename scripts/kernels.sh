#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Print the guest kernels ved builds and tests against, one release per line:
# the installed Debian generic amd64 kernels (6.1 from linux-image-amd64,
# 6.12 from linux-image-6.12-amd64) that have both an image and headers.
# Release names (with their ABI number) are read from what is installed,
# never hard-coded.  Optional argument: a series to select ("6.1", "6.12").
# With --flavours: the cloud and rt flavours instead (ved.ko must load there
# too; the full suite runs on the generic kernels).
set -eu
flavours=0
if [ "${1:-}" = --flavours ]; then
	flavours=1
	shift
fi
want=${1:-}
for img in /boot/vmlinuz-*-amd64; do
	[ -e "$img" ] || continue
	rel=${img#/boot/vmlinuz-}
	case $rel in
	*-cloud-amd64|*-rt-amd64) [ $flavours = 1 ] || continue ;;
	*) [ $flavours = 0 ] || continue ;;
	esac
	[ -d "/lib/modules/$rel/build" ] || continue
	series=$(echo "$rel" | sed -E 's/^([0-9]+\.[0-9]+).*/\1/')
	if [ -n "$want" ] && [ "$want" != "$series" ] && [ "$want" != "$rel" ]; then
		continue
	fi
	echo "$rel"
done | sort -V
