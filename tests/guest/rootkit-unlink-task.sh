# SPDX-License-Identifier: GPL-2.0
# guest: smp=2 timeout=480
# vedkit "unlink_task" (DKOM): a running process is taken off the task list
# and off its pid, so /proc, ps and kill() no longer find it, yet it runs
# (its counter file keeps growing).  Without ved, and with the rootkit
# detector off, nothing reports it; with ved the scheduler's view (what
# sched_switch saw running) finds it missing from the task list and the PID
# IDR within one sweep interval.  False positives: fork/exec storms, threads
# that come and go, exits, with two CPUs, raise nothing.
. /tests/lib/guest.sh

C=/tmp/unlink-counter
# The worker writes its count to a new file and renames it: never empty.
count() { cat $C 2>/dev/null || echo 0; }
start_worker() {
	rm -f $C
	# runas itself (not as_user, a function: its subshell would be $!)
	runas 1000 1000 sh -c "i=0; while :; do i=\$((i + 1)); echo \$i >$C.new; mv $C.new $C; sleep 0.2; done" &
	pid=$!
	sleep 0.5
}
listed() { ls /proc | grep -qx "$pid"; }
in_ps() { ps | awk -v p="$pid" '$1 == p { f = 1 } END { exit !f }'; }
visible() { listed && [ -e "/proc/$pid/stat" ] && kill -0 "$pid" && in_ps; }
invisible() { ! listed && [ ! -e "/proc/$pid" ] && ! kill -0 "$pid" 2>/dev/null && ! in_ps; }
runs() { a=$(count); sleep 1; b=$(count); [ "$b" -gt "$a" ]; }
hidden_running() { invisible && runs; }
visible_running() { visible && runs; }
interval() { sleep "$(($(sysctl -n ved.sweep_ms) / 1000 + 1))"; }

# 1. The technique, without ved.
start_worker
expect rkut-before "worker $pid is visible before the rootkit" visible
expect rkut-load "vedkit techniques=unlink_task unlink_pid=$pid loads" \
	load_module vedkit techniques=unlink_task unlink_pid="$pid"
expect rkut-hidden "pid $pid gone from ls /proc, /proc/$pid, kill -0 and ps" invisible
expect rkut-runs "yet it runs: its counter grows ($(count) and on)" runs
expect rkut-silent "without ved, nothing reports it" sh -c '! dmesg | grep -q "ved:"'
expect rkut-unload "rmmod vedkit" rmmod vedkit
expect rkut-back "after rmmod, pid $pid is visible again and runs" visible_running
kill "$pid"

# 2. ved loaded, rootkit detector off: hidden and unreported.
load_ved || { fail rkut-setup "ved did not load"; exit 1; }
sysctl -w ved.mode.rootkit=off >/dev/null
start_worker
events >/dev/null
load_module vedkit techniques=unlink_task unlink_pid="$pid"
expect rkut-off-hidden "detector off: pid $pid hidden and running" hidden_running
interval; interval
events >/tmp/ev-off
expect rkut-off-silent "detector off: no hidden-process event" sh -c '! grep -q type=hidden_object /tmp/ev-off'
rmmod vedkit
kill "$pid"

# 3. Detector on (log): reported within one interval, by pid, comm and views.
sysctl -w ved.mode.rootkit=log >/dev/null
start_worker
interval
events >/tmp/ev0
expect rkut-quiet "no hidden process before the rootkit" sh -c '! grep -q type=hidden_object /tmp/ev0'
load_module vedkit techniques=unlink_task unlink_pid="$pid"
interval
events >/tmp/ev
expect rkut-on-hidden "detector on: pid $pid hidden and running" hidden_running
expect_event rkut-event "pid $pid: runs, missing from the task list and the PID IDR" /tmp/ev \
	type=hidden_object detector=rootkit action=log severity=critical kind=process id="$pid" \
	name=sh views=missing\\x3dtasks,pid\\x20seen\\x3dsched
expect rkut-unload2 "rmmod vedkit links it back" rmmod vedkit
expect rkut-back2 "and it is visible again" visible
kill "$pid"

# 4. False positives: fork/exec storms, short-lived threads, exits.
events >/dev/null
sysctl -w ved.sweep_ms=200 >/dev/null
i=0
while [ $i -lt 3 ]; do
	fpwork forkexec 40 >/dev/null || fail rkut-fp-work "fpwork forkexec failed"
	as_user fpwork forkexec 40 >/dev/null || fail rkut-fp-work-user "fpwork forkexec (uid 1000) failed"
	j=0; while [ $j -lt 50 ]; do (true) & j=$((j + 1)); done; wait
	sh -c 'exit 3' & sh -c 'kill -9 $$' & wait
	i=$((i + 1))
done
sleep 1
events >/tmp/ev-fp
grep -E 'detector=rootkit ' /tmp/ev-fp | grep -v 'type=module_load' >/tmp/alerts
expect rkut-fp-none "no rootkit alert after 3 rounds of storms ($(cat /sys/module/ved/parameters/sched_seen) running tasks checked, $(cat /sys/module/ved/parameters/sched_dropped) dropped)" \
	[ ! -s /tmp/alerts ]
cat /tmp/alerts
expect rkut-fp-seen "the scheduler view checked tasks" [ "$(cat /sys/module/ved/parameters/sched_seen)" -gt 100 ]
