# SPDX-License-Identifier: GPL-2.0
# guest: timeout=600
# Self-protection vs vedkit "ved_unlock" (ved's lock flag set to 0 by a
# plain store), ved loaded with lock=1 and ved.mode.self=block: the
# sysctls stay closed at once (the shadow holds the lock), the sweep
# reports the flag (object self_config, name lock, expected 1, actual 0)
# and sets it again, unloading stays refused, and lab attack b
# (cred-overwrite) stays blocked.  self-unlock-off.sh shows the same store
# reopening everything with ved.mode.self=off.
. /tests/lib/guest.sh
. /tests/lib/attacks.sh
P=self-unlock
load_lab || { fail $P-setup "vedlab did not load"; exit 1; }
load_ved lock=1 modes=self=block || { fail $P-setup "ved did not load"; exit 1; }
expect $P-locked "ved.lock reads 1" [ "$(sysctl -n ved.lock)" = 1 ]
events >/dev/null
load_module vedkit techniques=ved_unlock || fail $P-load "vedkit did not load"
rmmod vedkit
dmesg | grep 'vedkit: ved_unlock' | tail -1
# Right away, before any sweep: the flag reads 0, yet writes are refused.
sysctl -w ved.mode.creds=off 2>/tmp/err; rc=$?
cat /tmp/err
expect $P-refused "sysctl ved.mode.creds=off refused right after the store" [ $rc -ne 0 ]
expect $P-still-block "ved.mode.creds still block" [ "$(sysctl -n ved.mode.creds)" = block ]
sleep "$(($(sysctl -n ved.sweep_ms) * 2 / 1000 + 1))"
events >/tmp/ev
expect_event $P-event "cleared lock flag reported and set again" /tmp/ev \
	type=integrity detector=self action=block severity=critical object=self_config \
	name=lock expected=0x1 actual=0
expect_event $P-refusal-recorded "the refused write is a config record" /tmp/ev \
	type=config key=mode.creds result=-1
expect $P-relocked "ved.lock reads 1 again" [ "$(sysctl -n ved.lock)" = 1 ]
rmmod -f ved 2>/dev/null
expect $P-rmmod-refused "rmmod -f ved refused" grep -q "^ved " /proc/modules
events >/dev/null
if attack cred-overwrite; then
	fail $P-blocked "the attack gave root"; echo "$ATTACK_OUT"
else
	pass $P-blocked "attack b blocked: no root shell"
fi
events >/tmp/ev
expect_event $P-blocked-event "creds detector blocked it" /tmp/ev \
	type=cred_change detector=creds action=block comm=cred-overwrite
