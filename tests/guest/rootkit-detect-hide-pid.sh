# SPDX-License-Identifier: GPL-2.0
# guest: timeout=300
# Rootkit detector vs vedkit "hide_pid" (/proc's iterate_shared hijacked):
# the process is in the task list and the PID IDR but not in a readdir of
# /proc: reported as hidden, by pid.
. /tests/lib/guest.sh

as_user sleep 300 &
pid=$!
load_module vedkit techniques=hide_pid hide_pid="$pid"
expect rkd-hp-silent "without ved, nothing reports pid $pid hidden" sh -c '! dmesg | grep -q "ved:"'
rmmod vedkit
load_ved || { fail rkd-hp-setup "ved did not load"; exit 1; }
events >/dev/null
sleep 2
events >/tmp/ev0
expect rkd-hp-quiet "no hidden process before the rootkit" sh -c '! grep -q type=hidden_object /tmp/ev0'
load_module vedkit techniques=hide_pid hide_pid="$pid"
expect rkd-hp-hidden "pid $pid is gone from ls /proc" sh -c "! ls /proc | grep -qx $pid"
# Reported when missing in two sweeps in a row: two intervals at most.
sleep "$((2 * $(sysctl -n ved.sweep_ms) / 1000 + 1))"
events >/tmp/ev
expect_event rkd-hp-event "hidden process $pid: in tasks and pid IDR, not in /proc" /tmp/ev \
	type=hidden_object detector=rootkit severity=critical kind=process id="$pid" \
	views=missing\\x3dproc_readdir\\x20seen\\x3dtasks,pid
kill "$pid"
