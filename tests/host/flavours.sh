#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ved.ko on Debian's other kernel flavours (cloud, rt) of 6.1 and 6.12:
# build it against each flavour's headers and run tests/guest/core-load.sh
# in a guest booting that kernel.  TAP output.
top=$(cd "$(dirname "$0")/../.." && pwd)
export BUILD=${BUILD:-$top/build}
n=0
kernels=$("$top/scripts/kernels.sh" --flavours)
if [ -z "$kernels" ]; then
	echo "ok 1 - flavours # SKIP no cloud/rt kernel installed (make deps installs them)"
	exit 0
fi
for k in $kernels; do
	n=$((n + 1))
	if ! "$top/scripts/build-kmod.sh" "$top/module" "$k" "$BUILD/kmod/$k/module" >"$BUILD/flavour-$k.log" 2>&1; then
		echo "not ok $n - $k: ved.ko does not build (see $BUILD/flavour-$k.log)"
		continue
	fi
	n=$((n + 1))
	echo "ok $((n - 1)) - $k: ved.ko builds"
	"$top/guest/mkinitramfs.sh" "$k" "$BUILD/initramfs/$k.cpio.gz" >>"$BUILD/flavour-$k.log" 2>&1
	out=$("$top/guest/run.sh" "$k" core-load 2>&1)
	if echo "$out" | grep -q '^VEDTEST: PASS core-unload' && ! echo "$out" | grep -q '^VEDTEST: FAIL'; then
		echo "ok $n - $k: ved.ko loads, works and unloads ($(echo "$out" | grep -c '^VEDTEST: PASS') checks)"
	else
		echo "not ok $n - $k: $(echo "$out" | grep '^VEDTEST: FAIL' | head -1)"
	fi
done
