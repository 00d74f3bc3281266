# SPDX-License-Identifier: GPL-2.0
# guest: smp=2 timeout=600
# No module_text alert from legitimate patching of module code, with the
# sweep at its fastest (100 ms) so that it runs during each change:
#   - modules loaded and unloaded in a loop (vedlab, vedbenign, overlay);
#   - the function tracer limited to the lab modules (:mod:vedlab and
#     :mod:vedbenign, their ftrace sites become calls to ftrace);
#   - kprobe events on module functions: on a function's entry (kprobe on
#     the ftrace site), on an instruction after it (int3, then an optprobe
#     jmp once the optimizer runs) and a kretprobe, kept enabled across
#     sweeps;
#   - static keys in a module: overlay's pr_debug sites switched on and off
#     through dynamic debug (jump labels in overlay's text);
#   - static calls in a module: the preemption model switched (PREEMPT_DYNAMIC
#     retargets cond_resched/might_resched/preempt_schedule call sites,
#     overlay's included).
# Each of these is checked to have happened, so the scenario cannot pass
# by doing nothing.
. /tests/lib/guest.sh

T=/sys/kernel/tracing
D=/sys/kernel/debug
[ -d $T/events ] || mount -t tracefs tracefs $T
[ -d $D/sched ] || mount -t debugfs debugfs $D
grep -q overlay /proc/filesystems || load_module overlay ||
	{ fail imt-fp-setup "overlay.ko did not load"; exit 1; }
load_ved || { fail imt-fp-setup "ved did not load"; exit 1; }
sysctl -w ved.sweep_ms=100 >/dev/null
events >/dev/null
P=/sys/module/ved/parameters
sweeps() { cat $P/sweep_count; }

# load/unload loop, sweeps racing the loads and unloads
i=0 loads=0
while [ $i -lt 10 ]; do
	load_module vedlab && load_module vedbenign && loads=$((loads + 1))
	rmmod vedbenign
	rmmod vedlab
	i=$((i + 1))
done
expect imt-fp-loads "10 load/unload rounds of vedlab and vedbenign ($loads loaded)" [ "$loads" = 10 ]
load_module vedlab && load_module vedbenign
wait_sweeps 2
expect imt-fp-hashed "lab modules hashed at live: $(dmesg | grep -c 'integrity: module ved') baselines taken" \
	sh -c 'dmesg | grep -q "integrity: module vedbenign: .* hashed" && dmesg | grep -q "integrity: module overlay: .* hashed"'

# function tracer on the lab modules' functions only
echo ':mod:vedlab' >$T/set_ftrace_filter
echo ':mod:vedbenign' >>$T/set_ftrace_filter
n=$(wc -l <$T/set_ftrace_filter)
echo function >$T/current_tracer
echo commit >/proc/vedbenign
wait_sweeps 3
expect imt-fp-ftrace "function tracer on $n module functions, traced: $(grep -c benign_write $T/trace) hits" \
	grep -q benign_write $T/trace
echo nop >$T/current_tracer
echo >$T/set_ftrace_filter
echo >$T/trace

# kprobe events: entry (ftrace-based), an inner instruction (int3/optprobe), return
echo 'p:vedmt_entry benign_write' >>$T/kprobe_events
echo 'r:vedmt_ret vedlab_ioctl' >>$T/kprobe_events
inner=
for off in 9 5 8 12 13 16; do
	if echo "p:vedmt_inner benign_write+$off" >>$T/kprobe_events 2>/dev/null; then
		inner=$off
		break
	fi
done
echo 1 >$T/events/kprobes/enable
echo commit >/proc/vedbenign
sleep 1	# let the kprobe optimizer turn the int3 into a jmp
wait_sweeps 3
echo commit >/proc/vedbenign
expect imt-fp-kprobes "kprobes on benign_write, benign_write+$inner and a kretprobe on vedlab_ioctl fired ($(grep -c vedmt_ $T/trace) hits)" \
	sh -c "[ -n '$inner' ] && grep -q vedmt_inner $T/trace && grep -q vedmt_entry $T/trace"
grep -E 'benign_write|vedlab_ioctl' $D/kprobes/list 2>/dev/null	# for the log: [OPTIMIZED] or [FTRACE]
echo 0 >$T/events/kprobes/enable
echo >$T/kprobe_events
wait_sweeps 2

# jump labels in overlay: its pr_debug sites through dynamic debug
c=$D/dynamic_debug/control
sites=$(grep -c '\[overlay\]' $c)
echo 'module overlay +p' >$c
on=$(grep '\[overlay\]' $c | grep -c '=p')
wait_sweeps 3
echo 'module overlay -p' >$c
wait_sweeps 2
expect imt-fp-jump-labels "overlay's $sites dynamic-debug jump labels switched on ($on) and off" \
	[ "$sites" -gt 0 -a "$on" = "$sites" ]

# static calls: switch the preemption model and back
pre=$D/sched/preempt
cur=$(sed -n 's/.*(\([a-z]*\)).*/\1/p' $pre)
for m in full none "$cur"; do
	echo "$m" >$pre
	wait_sweeps 2
done
expect imt-fp-static-calls "preemption model switched full, none, back to $(sed -n 's/.*(\([a-z]*\)).*/\1/p' $pre)" \
	[ -n "$cur" -a "$(sed -n 's/.*(\([a-z]*\)).*/\1/p' $pre)" = "$cur" ]

# overlay in use while all this is hashed
mkdir -p /tmp/ovl/l /tmp/ovl/u /tmp/ovl/w /tmp/ovl/m
echo x >/tmp/ovl/l/f
mount -t overlay overlay -o lowerdir=/tmp/ovl/l,upperdir=/tmp/ovl/u,workdir=/tmp/ovl/w /tmp/ovl/m &&
	echo y >>/tmp/ovl/m/f && umount /tmp/ovl/m
rmmod vedbenign
rmmod vedlab
wait_sweeps 3

events >/tmp/ev
grep object=module_text /tmp/ev >/tmp/alerts
expect imt-fp-none "no module_text alert in $(wc -l </tmp/ev) records ($(sweeps) sweeps)" [ ! -s /tmp/alerts ]
note imt-fp-none </tmp/alerts
grep -E 'detector=(integrity|rootkit|self) ' /tmp/ev | grep -v 'type=module_load' | note imt-fp-other
expect imt-fp-figures "hashed now: $(cat $P/modtext_modules) modules, $(cat $P/modtext_text_bytes) text bytes, $(cat $P/modtext_mem_bytes) bytes held; last module check $(cat $P/modtext_last_ns) ns, last sweep $(cat $P/sweep_last_ns) ns" \
	[ "$(cat $P/modtext_modules)" -ge 1 ]
