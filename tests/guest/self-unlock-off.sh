# SPDX-License-Identifier: GPL-2.0
# guest: timeout=600
# The other side of self-unlock.sh: ved loaded with lock=1 but
# ved.mode.self=off.  vedkit "ved_unlock" sets ved's lock flag to 0 by a
# plain store; then the sysctls accept writes again (the creds detector is
# switched off and lab attack b gives root), nothing reports it, and even
# `rmmod -f ved` works.
. /tests/lib/guest.sh
. /tests/lib/attacks.sh
P=self-unlock-off
load_lab || { fail $P-setup "vedlab did not load"; exit 1; }
load_ved lock=1 modes=self=off || { fail $P-setup "ved did not load"; exit 1; }
expect $P-locked "ved.lock reads 1" [ "$(sysctl -n ved.lock)" = 1 ]
sysctl -w ved.mode.creds=off 2>/dev/null
expect $P-closed "before the store a sysctl write is refused" [ "$(sysctl -n ved.mode.creds)" = block ]
events >/dev/null
load_module vedkit techniques=ved_unlock || fail $P-load "vedkit did not load"
rmmod vedkit
expect $P-unlocked "ved.lock reads 0" [ "$(sysctl -n ved.lock)" = 0 ]
expect $P-reopened "sysctl ved.mode.creds=off accepted" sysctl -w ved.mode.creds=off
if attack cred-overwrite; then
	pass $P-works "self=off: unlocked in memory, creds switched off, attack b gives root"
else
	fail $P-works "the attack failed: $(echo "$ATTACK_OUT" | tail -1)"
fi
sleep 2
events >/tmp/ev
expect $P-silent "no self alert" sh -c '! grep -q "detector=self" /tmp/ev'
cat /tmp/ev
rmmod -f ved 2>/dev/null
expect $P-unloaded "rmmod -f ved works: the lock is gone" sh -c '! grep -q "^ved " /proc/modules'
