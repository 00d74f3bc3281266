# SPDX-License-Identifier: GPL-2.0
# guest: smp=2 mem=1024 timeout=900
# The fourth hidden-module view, module memory (on by default): every
# executable page in the module area must belong to a module, a BPF program
# or BPF JIT pack chunk, an ftrace trampoline, a kprobe slot, module text
# being freed (or hold only ITS thunks).
# False positives first: an idle guest (which holds the kernel's own
# classic-BPF PTP classifier in a BPF pack page) and, under a 200 ms sweep,
# eBPF programs (kprobe, fentry/fexit trampolines, tracepoints, LSM),
# classic BPF (seccomp filters, as root and uid 1000), kprobe events on a
# core function's entry, an inner instruction (int3, then optprobe) and its
# return, and the function tracer, repeated: no module_memory event.
# Then the technique (vedkit orphan_code: code copied to module-area memory,
# live as /proc/vedkit_orphan's show function, vedkit unloaded): with
# ved.mode.rootkit=off it runs and nothing is reported; switched to log,
# the page is reported within three sweeps (the one under way, the one
# that sees it, the one that confirms it), field by field.  Last, the cost:
# the modules check with the walk and with ved reloaded report_orphans=0.
. /tests/lib/guest.sh

T=/sys/kernel/tracing
F=/proc/vedkit_orphan
SWEEPS=/sys/module/ved/parameters/sweep_count
ROUNDS=5

load_ved || { fail orph-setup "ved did not load"; exit 1; }
[ -d $T/events ] || mount -t tracefs tracefs $T
expect orph-default "the memory view is on by default (report_orphans=$(cat /sys/module/ved/parameters/report_orphans))" \
	[ "$(cat /sys/module/ved/parameters/report_orphans)" = Y ]

# ---- false positives ----
sysctl -w ved.sweep_ms=200 >/dev/null
events >/dev/null
wait_sweeps 10
events >/tmp/ev.idle
expect orph-fp-idle "idle guest, 10 sweeps: no module_memory event ($(wc -l </tmp/ev.idle) records)" \
	sh -c '! grep -q object=module_memory /tmp/ev.idle'
grep object=module_memory /tmp/ev.idle | note orph-fp-idle

# An instruction boundary inside vfs_read for an optimizable kprobe.
inner=
for off in 9 5 8 12 13 16; do
	if echo "p:vedorph_inner vfs_read+$off" >>$T/kprobe_events 2>/dev/null; then
		inner=$off
		break
	fi
done
echo >$T/kprobe_events
bpf_ok=0 sc_ok=0 kp_ok=0 i=0
: >/tmp/bpf.out
while [ $i -lt $ROUNDS ]; do
	vedbpf -u $SWEEPS >>/tmp/bpf.out && bpf_ok=$((bpf_ok + 1))
	fpwork seccomp >/dev/null && as_user fpwork seccomp >/dev/null && sc_ok=$((sc_ok + 1))
	echo 'p:vedorph_entry vfs_read' >>$T/kprobe_events
	echo 'r:vedorph_ret vfs_read' >>$T/kprobe_events
	[ -n "$inner" ] && echo "p:vedorph_inner vfs_read+$inner" >>$T/kprobe_events
	echo >$T/trace
	echo 1 >$T/events/kprobes/enable
	cat /proc/version >/dev/null
	sleep 1	# the kprobe optimizer turns the inner int3 into a jmp
	wait_sweeps 2
	cat /proc/version >/dev/null
	grep -q vedorph_inner $T/trace && grep -q vedorph_ret $T/trace && kp_ok=$((kp_ok + 1))
	echo 0 >$T/events/kprobes/enable
	echo >$T/kprobe_events
	echo function >$T/current_tracer
	wait_sweeps 1
	echo nop >$T/current_tracer
	wait_sweeps 2
	i=$((i + 1))
done
wait_sweeps 3
events >/tmp/ev.fp
expect orph-fp-bpf "eBPF programs loaded, attached, run, detached, unloaded $bpf_ok/$ROUNDS times" [ $bpf_ok = $ROUNDS ]
expect orph-fp-seccomp "classic BPF: seccomp filters (root and uid 1000) $sc_ok/$ROUNDS times" [ $sc_ok = $ROUNDS ]
expect orph-fp-kprobes "kprobe events on vfs_read, vfs_read+$inner (optprobe) and its return fired $kp_ok/$ROUNDS times" \
	[ $kp_ok = $ROUNDS ]
expect orph-fp-silent "no module_memory event over all of it ($(wc -l </tmp/ev.fp) records)" \
	sh -c '! grep -q object=module_memory /tmp/ev.fp'
grep object=module_memory /tmp/ev.fp | note orph-fp-silent
sysctl -w ved.sweep_ms=1000 >/dev/null

# ---- the technique, detector off ----
sysctl -w ved.mode.rootkit=off >/dev/null
# wcfi (block by default) may catch vedkit's call to set_memory_x on the
# way (6.12) and kill insmod: log only, this scenario is about what is left.
sysctl -w ved.mode.wcfi=log >/dev/null
events >/dev/null
load_module vedkit techniques=orphan_code || { fail orph-load "vedkit did not load"; exit 1; }
rmmod vedkit
wcfi=$(events | grep -c detector=wcfi)
expect orph-unloaded "vedkit is unloaded: not in /proc/modules nor /sys/module ($wcfi wcfi event(s) on the way)" \
	sh -c '! grep -q "^vedkit " /proc/modules && [ ! -e /sys/module/vedkit ]'
addr=$(dmesg | sed -n 's/.*vedkit: orphan code at \([0-9a-f]*\),.*/\1/p' | tail -1)
a=$(cat $F) b=$(cat $F)
expect orph-runs "the orphan code at $addr still runs after rmmod: /proc/vedkit_orphan reads $a, then $b" \
	[ -n "$addr" ] && [ "$b" = $((a + 1)) ]
# Every owner the kernel knows has kallsyms names (modules, BPF programs,
# ftrace trampolines, kprobe slots); ved's own text is the control.
sysctl -w kernel.kptr_restrict=1 >/dev/null
expect orph-no-symbol "no /proc/kallsyms symbol in the page (ved's own functions are listed)" \
	sh -c "grep -q '^ffffffff[0-9a-f]* [tT] .*\[ved\]' /proc/kallsyms && ! grep -qi '^${addr%???}[0-9a-f][0-9a-f][0-9a-f] ' /proc/kallsyms"
wait_sweeps 3
events >/tmp/ev.off
expect orph-off-silent "with ved.mode.rootkit=off nothing is reported ($(wc -l </tmp/ev.off) records)" \
	sh -c '! grep -q -e object=module_memory -e type=hidden_object /tmp/ev.off'
grep -e object=module_memory -e type=hidden_object /tmp/ev.off | note orph-off-silent

# ---- the detector on ----
sysctl -w ved.mode.rootkit=log >/dev/null
: >/tmp/ev.on
took=0
while [ $took -lt 6 ] && ! grep -q object=module_memory /tmp/ev.on; do
	wait_sweeps 1
	took=$((took + 1))
	events >>/tmp/ev.on
done
expect_event orph-reported "the orphan page is reported after $took sweep(s)" /tmp/ev.on \
	type=integrity detector=rootkit action=log severity=critical object=module_memory \
	address=0x$addr actual=0x$addr owner=unknown \
	name=orphan\\x20executable\\x20module\\x20page
used=$(sed -n 's/.*object=module_memory .*expected=\(0x[0-9a-f]*\).*/\1/p' /tmp/ev.on)
# 46 bytes copied (40 of code, 6 of format); an address byte may be 0xcc.
expect orph-bytes "the event counts the page's bytes that are not int3 ($((used)); vedkit copies 46)" \
	[ "$((used))" -ge 40 ] && [ "$((used))" -le 46 ]
expect orph-bound "reported within three sweeps of the switch (took $took)" [ $took -le 3 ]
wait_sweeps 3
events >/tmp/ev.again
expect orph-once "reported once, not on every sweep" sh -c '! grep -q object=module_memory /tmp/ev.again'
c=$(cat $F)
expect orph-still "the orphan code still runs (harmless if left: reads $c)" [ "$c" -gt "$b" ]

# ---- cost: the modules check (module/integrity.c checks[], 4th) with and
# without the memory walk, mean over 25 sweeps at 200 ms ----
P=/sys/module/ved/parameters
modules_us() {
	c0=$(cut -d, -f4 $P/check_total_ns) s0=$(cat $SWEEPS)
	wait_sweeps 25
	c1=$(cut -d, -f4 $P/check_total_ns) s1=$(cat $SWEEPS)
	echo $(((c1 - c0) / (s1 - s0) / 1000))
}
sysctl -w ved.sweep_ms=200 >/dev/null
with=$(modules_us)
rmmod ved
load_ved report_orphans=0 || { fail orph-cost "ved did not load again"; exit 1; }
sysctl -w ved.sweep_ms=200 >/dev/null
without=$(modules_us)
expect orph-cost "modules check per sweep: ${with} us with the memory walk, ${without} us without (TCG)" \
	[ "$with" -gt "$without" ]
