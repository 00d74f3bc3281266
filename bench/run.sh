#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench/run.sh [--kernel SERIES]: ved's core overhead, measured
# in one guest per kernel (bench/guest/bench-core.sh): the microbenchmarks
# (bench/microbench.c) without ved and with ved loaded in the default
# profile, alternating, 7 rounds; prints median and minimum ratios.
# A tool, not a test: under QEMU TCG expect a few percent of noise; the
# guest gets 2 CPUs.  Needs `make` done (modules and initramfs inputs).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
export BUILD=${BUILD:-$top/build}
kernel=
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2; shift ;;
	-h|--help) sed -n '3,8p' "$0"; exit 0 ;;
	*) echo "bench/run.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
make -s -C "$top/bench"
for k in $("$top/scripts/kernels.sh" $kernel); do
	[ -f "$BUILD/kmod/$k/module/ved.ko" ] || { echo "no ved.ko for $k: run make" >&2; exit 1; }
	"$top/guest/mkinitramfs.sh" "$k" "$BUILD/initramfs/$k.cpio.gz"
	echo "== $k"
	mkdir -p "$BUILD/logs/$k"
	VED_CONSOLE=1 "$top/guest/run.sh" "$k" bench/guest/bench-core.sh |
		grep -a '^BENCH: ' | tee "$BUILD/logs/$k/bench-core.txt" | grep -v '^BENCH: raw' || true
done
