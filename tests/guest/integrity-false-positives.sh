# SPDX-License-Identifier: GPL-2.0
# guest: smp=2 timeout=600
# No integrity/rootkit/self alert from legitimate kernel self-patching and
# module activity, repeated: the function tracer on and off, kprobe events
# added/enabled/removed, a static key flipped through a sysctl, a benign
# module loaded and unloaded.  Module loads are reported (info) and nothing
# else.
. /tests/lib/guest.sh

load_ved || { fail int-fp-setup "ved did not load"; exit 1; }
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs tracefs $T
sweep=$(sysctl -n ved.sweep_ms)
events >/dev/null
i=0
while [ $i -lt 5 ]; do
	echo function >$T/current_tracer
	sleep 0.3
	echo nop >$T/current_tracer
	echo 'p:vedfp do_sys_openat2' >>$T/kprobe_events
	echo 'r:vedfpr vfs_read' >>$T/kprobe_events
	echo 1 >$T/events/kprobes/enable
	cat /proc/version >/dev/null
	echo 0 >$T/events/kprobes/enable
	echo >$T/kprobe_events
	if [ -e /proc/sys/kernel/sched_schedstats ]; then
		echo 1 >/proc/sys/kernel/sched_schedstats
		echo 0 >/proc/sys/kernel/sched_schedstats
	fi
	load_module vedbenign && rmmod vedbenign
	i=$((i + 1))
done
# Let sweeps run over the final state and over each change above.
sleep $((2 * sweep / 1000 + 1))
events >/tmp/ev
grep -E 'detector=(integrity|rootkit|self) ' /tmp/ev | grep -v 'type=module_load' >/tmp/alerts
expect int-fp-none "no integrity/rootkit/self alert in $(wc -l </tmp/ev) records after 5 rounds" [ ! -s /tmp/alerts ]
cat /tmp/alerts
expect int-fp-loads "the benign loads were reported" grep -q 'type=module_load.*name=vedbenign' /tmp/ev
expect int-fp-sweeps "sweeps ran ($(cat /sys/module/ved/parameters/sweep_count), last $(cat /sys/module/ved/parameters/sweep_last_ns) ns)" \
	[ "$(cat /sys/module/ved/parameters/sweep_count)" -gt 3 ]
