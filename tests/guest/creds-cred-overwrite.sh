# SPDX-License-Identifier: GPL-2.0
# Privilege-escalation detector vs lab attack b (arbitrary write zeroes the
# task's cred ids in place, then execs a shell): blocked with ved's default
# profile, the event names the changed fields; with the detector off the
# same attack gives root.
. /tests/lib/guest.sh
load_lab || { fail creds-b-setup "vedlab did not load"; exit 1; }
load_ved || { fail creds-b-setup "ved did not load"; exit 1; }
expect creds-b-mode "creds detector in block mode by default" \
	[ "$(sysctl -n ved.mode.creds)" = block ]

out=$(as_user cred-overwrite 'id -u' 2>&1); rc=$?
echo "$out"
if [ "$(echo "$out" | tail -1)" = 0 ]; then
	fail creds-b-blocked "the attack still got a root shell"
else
	pass creds-b-blocked "no root shell (exit $rc)"
fi
events >/tmp/ev
# The first checkpoint the escalated task meets is inside execve (the open
# of the shell or the exec check itself, whichever comes first).
expect_event creds-b-event "cred_change event at an execve checkpoint, ids 1000->0, task killed" /tmp/ev \
	type=cred_change detector=creds action=block severity=critical where=checkpoint \
	syscall=59 comm=cred-overwrite 'uid=1000->0' 'euid=1000->0' 'suid=1000->0' 'fsuid=1000->0' \
	'gid=1000->0' 'egid=1000->0' changes=8
expect creds-b-klog "one greppable kernel log line" \
	sh -c 'dmesg | grep -q "ved: detector=creds action=block .*comm=cred-overwrite"'

sysctl -w ved.mode.creds=off >/dev/null
out=$(as_user cred-overwrite 'id -u' 2>&1)
echo "$out"
expect creds-b-off "with the detector off the attack gives root" [ "$(echo "$out" | tail -1)" = 0 ]
