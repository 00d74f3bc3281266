# SPDX-License-Identifier: GPL-2.0
# Usermode-helper detector vs lab attack d (arbitrary write over
# core_pattern with a pipe handler, then a crash runs it as root): blocked
# with ved's default profile, working with ved.mode.umh=off.  The
# legitimate way stays open: root sets a pipe handler with sysctl, ved
# logs the change, and a crash runs that handler (not on the allow-list:
# allowed because root pinned it).
. /tests/lib/guest.sh
T=postexp-d
proof=/tmp/core-pattern-proof
load_lab || { fail $T-setup "vedlab did not load"; exit 1; }
load_ved || { fail $T-setup "ved did not load"; exit 1; }
orig=$(cat /proc/sys/kernel/core_pattern)
sysctl -w ved.sweep_ms=60000 >/dev/null
sleep 1.5	# the sweep queued at load runs, then waits 60 s
events >/dev/null

out=$(as_user core-pattern 2>&1); rc=$?
echo "$out"
if [ -e $proof ]; then
	fail $T-blocked "the pipe handler ran: $(ls -ln $proof)"
else
	pass $T-blocked "no $proof (exploit exit $rc)"
fi
events >/tmp/ev
expect_event $T-pinned "core_pattern tampering reported" /tmp/ev \
	type=pinned_string detector=umh action=block severity=critical \
	name=core_pattern expected=$orig 'actual=|/tmp/core-pattern-payload.sh'
expect_event $T-helper "the pipe handler refused" /tmp/ev \
	type=usermode_helper detector=umh action=block reason=pinned_tampered \
	path=/tmp/core-pattern-payload.sh detail=core_pattern
expect $T-klog "the kernel gave up on the pipe (no hang, no leak warning)" \
	sh -c 'dmesg | grep -q "|/tmp/core-pattern-payload.sh pipe failed"'

# Legitimate: root sets a pipe handler through the sysctl.
cat >/tmp/legit-core.sh <<'SH'
#!/bin/sh
echo "pid=$1 uid=$(id -u)" >/tmp/legit-core-proof
cat >/dev/null
SH
chmod 755 /tmp/legit-core.sh
rm -f /tmp/legit-core-proof
expect $T-sysctl "root may set kernel.core_pattern" \
	sh -c 'echo "|/tmp/legit-core.sh %p" >/proc/sys/kernel/core_pattern'
events >/tmp/ev
expect_event $T-sysctl-event "the sysctl change is logged as information" /tmp/ev \
	type=pinned_string detector=umh action=none severity=info name=core_pattern \
	expected=$orig 'actual=|/tmp/legit-core.sh\x20%p'
as_user sh -c 'kill -SEGV $$' >/dev/null 2>&1
for i in 1 2 3 4 5 6 7 8 9 10; do [ -s /tmp/legit-core-proof ] && break; sleep 0.3; done
expect $T-legit-runs "a crash runs the handler root configured ($(cat /tmp/legit-core-proof 2>&1))" \
	grep -q 'uid=0' /tmp/legit-core-proof
events >/tmp/ev
if grep -q 'detector=umh' /tmp/ev; then
	fail $T-legit-quiet "events for the legitimate handler"; cat /tmp/ev
else
	pass $T-legit-quiet "no event for the legitimate handler"
fi
sysctl -w "kernel.core_pattern=$orig" >/dev/null
events >/dev/null

# The sweep finds a tampered core_pattern without a crash, and repairs it.
# (A fresh ved: the sweep already queued runs after the old 60 s period.)
rmmod ved && load_ved || fail $T-setup "ved did not reload"
sysctl -w ved.sweep_ms=100 >/dev/null
cp=$(awk '$3 == "core_pattern" { print $1; exit }' /proc/kallsyms)
as_user labpoke wstr "$cp" '|/tmp/evil-core'
sleep 2
expect $T-sweep-restored "tampered core_pattern put back by the sweep ($(cat /proc/sys/kernel/core_pattern))" \
	[ "$(cat /proc/sys/kernel/core_pattern)" = "$orig" ]
events >/tmp/ev
expect_event $T-sweep-event "the sweep reports it" /tmp/ev \
	type=pinned_string detector=umh action=block name=core_pattern 'actual=|/tmp/evil-core'
sysctl -w ved.sweep_ms=60000 >/dev/null

sysctl -w ved.mode.umh=off >/dev/null
rm -f $proof
out=$(as_user core-pattern 2>&1); rc=$?
echo "$out"
if [ $rc = 0 ] && root_owned $proof && [ "$(cat $proof)" = 0 ]; then
	pass $T-off "with ved.mode.umh=off the pipe handler ran as root"
else
	fail $T-off "no root-owned proof with the detector off (exit $rc)"
fi
