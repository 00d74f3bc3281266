# SPDX-License-Identifier: GPL-2.0
# vedkit technique "kprobe_port": kprobes on tcp4_seq_show/tcp6_seq_show hide
# the sockets of TCP port 31337 from /proc/net/tcp{,6} and netstat; the
# listener still works.
. /tests/lib/guest.sh

in_proc() { grep -qi ":$1 " /proc/net/tcp /proc/net/tcp6 2>/dev/null; }
in_netstat() { netstat -tln | grep -q ":$1 "; }
shown() { in_proc 7A69 && in_netstat 31337; }
hidden() { ! in_proc 7A69 && ! in_netstat 31337; }
other_shown() {
	nc -l -p 31336 >/dev/null &
	p=$!
	sleep 0.5
	in_proc 7A68 && in_netstat 31336
	r=$?
	kill "$p"
	wait "$p" 2>/dev/null
	return $r
}

runas 1000 1000 nc -l -p 31337 >/tmp/nc.out &
listener=$!
for i in 1 2 3 4 5 6 7 8 9 10; do in_proc 7A69 && break; sleep 0.2; done
expect rootkit-kprobe-hide-port-before "before insmod, the listener on 31337 shows in /proc/net/tcp* and netstat" shown
expect rootkit-kprobe-hide-port-load "vedkit techniques=kprobe_port loads" \
	load_module vedkit techniques=kprobe_port hide_port=31337
expect rootkit-kprobe-hide-port-after "after insmod, port 31337 is gone from /proc/net/tcp* and netstat" hidden
expect rootkit-kprobe-hide-port-others "other sockets still show (a listener on 31336)" other_shown
echo hello | timeout 3 nc 127.0.0.1 31337
timeout 3 sh -c "while kill -0 $listener 2>/dev/null; do sleep 0.1; done"
kill "$listener" 2>/dev/null
expect rootkit-kprobe-hide-port-works "the hidden listener still receives data" grep -qx hello /tmp/nc.out
runas 1000 1000 nc -l -p 31337 >/dev/null &
listener=$!
sleep 0.5
expect rootkit-kprobe-hide-port-unload "rmmod vedkit removes the kprobes" rmmod vedkit
expect rootkit-kprobe-hide-port-restored "after rmmod, a listener on 31337 shows again" shown
kill "$listener"
