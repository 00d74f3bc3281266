# SPDX-License-Identifier: GPL-2.0
# vedkit technique "hide_pid": /proc's iterate_shared is hijacked so that one
# pid is left out of the /proc listing (ls /proc, ps); the process runs on,
# and kill(pid, 0) and /proc/PID/stat still find it (cross-view detection).
. /tests/lib/guest.sh

runas 1000 1000 sleep 300 &
pid=$!
sleep 0.2
listed() { ls /proc | grep -qx "$1"; }
in_ps() { ps | awk -v p="$1" '$1 == p { f = 1 } END { exit !f }'; }
shown() { listed "$pid" && in_ps "$pid"; }
hidden() { ! listed "$pid" && ! in_ps "$pid"; }
alive() { kill -0 "$pid" && [ "$(cut -d' ' -f1 "/proc/$pid/stat")" = "$pid" ]; }
others() { listed 1 && listed self && in_ps 1; }

expect rootkit-hide-pid-before "before insmod, pid $pid shows in ls /proc and ps" shown
expect rootkit-hide-pid-load "vedkit techniques=hide_pid hide_pid=$pid loads" \
	load_module vedkit techniques=hide_pid hide_pid="$pid"
expect rootkit-hide-pid-after "after insmod, pid $pid is gone from ls /proc and ps" hidden
expect rootkit-hide-pid-alive "yet kill -0 $pid and /proc/$pid/stat still find it" alive
expect rootkit-hide-pid-others "other /proc entries are still listed (1, self)" others
expect rootkit-hide-pid-unload "rmmod vedkit restores /proc's iterate_shared" rmmod vedkit
expect rootkit-hide-pid-restored "after rmmod, pid $pid shows again" shown
kill "$pid"
