#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lib/x86dec.c against binutils on real kernel text: for each guest kernel,
# every call instruction objdump finds in the first X86DEC_VMLINUX_MB
# megabytes of vmlinux's .text (default 8; 0 = all of it) must decode as a
# call of the same kind, length and target, and every endbr64 must be
# recognised.  The vmlinux comes from $BUILD/vmlinux (make profiles) or is
# extracted from /boot/vmlinuz-KREL into $BUILD/tests/x86dec.  TAP output;
# skipped (ok # SKIP) only when no kernel image is installed at all.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$top/build}
mb=${X86DEC_VMLINUX_MB:-8}
work=$BUILD/tests/x86dec
kcheck=$BUILD/tests/unit/x86dec-kcheck
mkdir -p "$work"

kernels=$("$top/scripts/kernels.sh" 2>/dev/null)
if [ -z "$kernels" ]; then
	kernels=$(ls /boot/vmlinuz-* 2>/dev/null | sed 's|^/boot/vmlinuz-||')
fi
if [ -z "$kernels" ]; then
	echo "1..1"
	echo "ok 1 - x86dec vmlinux # SKIP no kernel image in /boot or $BUILD/vmlinux"
	exit 0
fi

if ! make -s -C "$top/tests/unit" BUILD="$BUILD" "$kcheck" >"$work/build.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - x86dec vmlinux: building x86dec-kcheck failed"
	sed 's/^/# /' "$work/build.log"
	exit 1
fi

echo "1..$(echo "$kernels" | wc -l)"
n=0 failed=0
for k in $kernels; do
	n=$((n + 1))
	vmlinux=$BUILD/vmlinux/$k
	if [ ! -s "$vmlinux" ]; then
		vmlinux=$work/vmlinux-$k
		if [ ! -s "$vmlinux" ] &&
		   ! python3 "$top/lab/tools/extract-vmlinux.py" "/boot/vmlinuz-$k" "$vmlinux" 2>"$work/extract.log"; then
			rm -f "$vmlinux"
			echo "not ok $n - x86dec vmlinux $k: cannot extract /boot/vmlinuz-$k"
			failed=1
			continue
		fi
	fi
	# .text's address and size, and the listed range.
	read -r size vma < <(objdump -h "$vmlinux" | awk '$2 == ".text" { print $3, $4; exit }')
	if [ -z "${vma:-}" ]; then
		echo "not ok $n - x86dec vmlinux $k: no .text in $vmlinux"
		failed=1
		continue
	fi
	stop=$(( 0x$vma + 0x$size ))
	[ "$mb" -gt 0 ] && [ $(( mb * 1048576 )) -lt $(( 0x$size )) ] && stop=$(( 0x$vma + mb * 1048576 ))
	objcopy -O binary --only-section=.text "$vmlinux" "$work/text-$k.bin"
	out=$(objdump -d --insn-width=16 -j .text --stop-address=$(printf '0x%x' $stop) "$vmlinux" |
		"$kcheck" "$work/text-$k.bin" "$vma")
	rc=$?
	rm -f "$work/text-$k.bin"
	echo "$out"
	if [ $rc -eq 0 ]; then
		echo "ok $n - x86dec vmlinux $k ($(sed -n 's/^# [0-9]* instructions, \([0-9]*\) calls.*/\1/p' <<<"$out") calls decoded)"
	else
		echo "not ok $n - x86dec vmlinux $k"
		failed=1
	fi
done
exit $failed
