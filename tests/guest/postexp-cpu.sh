# guest: smp=2
# SPDX-License-Identifier: GPL-2.0
# CPU detector: a ROP call native_write_cr4(value without SMEP/SMAP) - the
# core of lab attack e - is refused before the register changes, the
# event names the cleared bits and the caller, the attacker is killed,
# and the kernel's own CR4 pinning never has to act (its WARNING would
# fail this scenario).  Without ved the only thing between the write and
# the register is that pinning, after the fact (both kernels): the "off"
# side cannot run here, since its WARNING fails any scenario.
# False positives: a busy workload that makes the kernel rewrite CR4
# legitimately (CR4.TSD toggled on every switch to and from a task with
# PR_SET_TSC) with the sweep checking both CPUs every 100 ms raises
# nothing.
. /tests/lib/guest.sh
T=postexp-cpu
load_lab || { fail $T-setup "vedlab did not load"; exit 1; }
load_ved modes=wcfi=off || { fail $T-setup "ved did not load"; exit 1; }
expect $T-mode "cpu detector in block mode by default" [ "$(sysctl -n ved.mode.cpu)" = block ]
sysctl -w ved.sweep_ms=100 >/dev/null
events >/dev/null

# Benign: TSD toggling, forks, execs, file I/O, module load/unload.
as_user tsc-toggle 4 &
tp=$!
end=$(($(date +%s) + 4))
while [ "$(date +%s)" -lt $end ]; do
	for i in 1 2 3 4 5 6 7 8; do (echo x | cat >/dev/null; ls /proc >/dev/null) & done
	wait_kids=$(jobs -p | grep -v "^$tp$"); [ -n "$wait_kids" ] && wait $wait_kids 2>/dev/null
	insmod /lib/modules/ved/vedbenign.ko 2>/dev/null && rmmod vedbenign
done
wait $tp; trc=$?
expect $T-fp-workload "the CR4.TSD workload ran (exit $trc)" [ $trc = 0 ]
events >/tmp/ev
if grep -q 'detector=cpu' /tmp/ev; then
	fail $T-fp "cpu events during the benign workload"; grep 'detector=cpu' /tmp/ev
else
	pass $T-fp "no cpu event in $(wc -l </tmp/ev) records from a busy benign workload"
fi

out=$(as_user cr4-write 2>&1); rc=$?
echo "$out"
case "$out" in *"[+] back in user space"*) back=yes ;; *) back=no ;; esac
if [ $rc = 137 ] || { [ $rc -gt 128 ] && [ $back = no ]; }; then
	pass $T-killed "the writer was killed (exit $rc)"
else
	fail $T-killed "the writer survived (exit $rc)"
fi
events >/tmp/ev
expect_event $T-event "the CR4 write refused, SMEP|SMAP named" /tmp/ev \
	type=cr_bits detector=cpu action=block severity=critical reg=cr4 \
	cleared=0x300000 comm=cr4-write uid=1000
caller=$(sed -n 's/.*type=cr_bits.* caller=\(0x[0-9a-f]*\).*/\1/p' /tmp/ev | head -1)
text=$(awk '$3 == "_text" { print $1 }' /proc/kallsyms)
etext=$(awk '$3 == "_etext" { print $1 }' /proc/kallsyms)
expect $T-caller "the caller ($caller) is kernel text (the chain's next gadget)" \
	sh -c "[ \"${caller#0x}\" \\> \"$text\" ] && [ \"${caller#0x}\" \\< \"$etext\" ]"
if dmesg | grep -q 'pinned CR4 bits changed'; then
	fail $T-refused-early "the kernel had to undo a CR4 write"
else
	pass $T-refused-early "the value never reached CR4 (no kernel pinning message)"
fi
expect $T-klog "one greppable kernel log line" \
	sh -c 'dmesg | grep -q "ved: detector=cpu action=block .*comm=cr4-write"'
