#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh KREL SCENARIO: boot the test guest on kernel KREL under QEMU TCG and
# run one scenario: tests/guest/SCENARIO.sh, or, when SCENARIO is a path
# relative to the repository (guest/scenarios/demo.sh, bench/guest/x.sh),
# that script.  The console goes to build/logs/KREL/NAME.log; the VEDTEST
# lines go to stdout (all console lines with VED_CONSOLE=1).
#
# A scenario may ask for guest settings in its header:
#   # guest: smp=2 mem=1024 timeout=300 append="pti=on"
# Defaults: 1 CPU, 512 MiB, 240 s, and the kernel's own defaults for KASLR,
# SMEP, SMAP (never weakened here).  KPTI is forced on (pti=on): the emulated
# CPU is not Meltdown-affected, so without it exploits would skip the KPTI
# return path that they face on real hardware.
#
# Exit: 0 the guest ran to the end and the console is clean; 1 otherwise.
set -euo pipefail
krel=$1 scenario=$2
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
case $scenario in
*/*) script=$top/$scenario name=$(basename "$scenario" .sh) ;;
*) script=$top/tests/guest/$scenario.sh name=$scenario ;;
esac
[ -f "$script" ] || { echo "VEDTEST: FAIL $scenario no such scenario"; exit 1; }

smp=1 mem=512 timeout=240 append="pti=on"
# no_timer_check: TCG under load trips the 8254/IO-APIC timer check at boot.
base_append="no_timer_check"
header=$(sed -n 's/^# guest: //p' "$script" | head -1)
[ -n "$header" ] && eval "$header"

initrd=$build/initramfs/$krel.cpio.gz
[ -f "$initrd" ] || { echo "VEDTEST: FAIL $scenario no initramfs for $krel (make guest)"; exit 1; }
logdir=$build/logs/$krel
mkdir -p "$logdir"
log=$logdir/$name.log

# Single-threaded TCG: the vCPUs take turns on one host thread.  With one
# host thread per vCPU, cross-CPU text patching (text_poke_bp's int3 and
# sync IPIs) now and then ran stale code ("Oops: int3" in the kernel's own
# static-key or ftrace patching) or left a halted vCPU deaf to an IPI (RCU
# stall with the other CPU in smp_call_function_many_cond); the int3 crash
# also hit a guest before ved was loaded.  The guest still has SMP kernels, per-CPU data and interleaved
# CPUs; only the host-side parallelism goes.
boot() {
	rc=0
	timeout --foreground -k 5 "$timeout" \
		qemu-system-x86_64 -accel tcg,thread=single -cpu max -smp "$smp" -m "$mem" \
		-nographic -no-reboot -monitor none -serial stdio -display none \
		-kernel "/boot/vmlinuz-$krel" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 oops=panic loglevel=7 $base_append $append ved.scenario=$scenario" \
		</dev/null >"$log" 2>&1 || rc=$?
}
boot
# A guest that dies before its scenario starts (nothing of ved or the lab
# is loaded yet) is a test-bed failure: TCG occasionally crashes a booting
# SMP kernel while it patches its own text.  Boot once more, and say so.
# (grep the file itself: with pipefail, "tr | grep -q" fails when grep quits
# early and tr dies of SIGPIPE, which made a booted guest look dead.)
if ! grep -aq 'VEDTEST: BOOT' "$log"; then
	mv "$log" "$log.boot-failure"
	echo "VEDTEST: NOTE $scenario: the guest died before the scenario started; booting again (first console: $log.boot-failure)"
	boot
fi

if [ "${VED_CONSOLE:-0}" = 1 ]; then
	tr -d '\r' <"$log" | sed -n '/VEDTEST: BOOT/,$p'
else
	tr -d '\r' <"$log" | grep -a '^VEDTEST: ' | grep -v -E '^VEDTEST: (BOOT|DONE|EXIT)' || true
fi
complained=0
"$top/guest/check-console.sh" "$log" "$scenario" || rc=1 complained=1
# A hung guest: show how its console ended (unless the complaint was shown).
console_tail() {
	[ $complained = 1 ] && return
	tr -d '\r' <"$log" | grep -av '^VEDTEST: ' | tail -25 | cut -c1-200 |
		sed "s/^/VEDTEST: NOTE $scenario console| /"
}
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	echo "VEDTEST: FAIL $scenario guest timed out after ${timeout}s (log: $log)"
	console_tail
	exit 1
fi
grep -aq '^VEDTEST: DONE' "$log" || {
	echo "VEDTEST: FAIL $scenario guest did not finish (log: $log)"
	console_tail
	exit 1
}
exit "$rc"
