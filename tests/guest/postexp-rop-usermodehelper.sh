# SPDX-License-Identifier: GPL-2.0
# Usermode-helper detector vs lab attack h (stack overflow -> ROP
# call_usermodehelper(the attacker's script)): the helper is refused with
# ved's default profile (its path is on no allow-list, and no pinned string
# names it); with ved.mode.umh=off the script runs as root.
. /tests/lib/guest.sh
T=postexp-h
load_lab || { fail $T-setup "vedlab did not load"; exit 1; }
# wCFI (when built) would stop the chain before the call: take it out so
# this tests the helper check alone.
load_ved modes=wcfi=off || { fail $T-setup "ved did not load"; exit 1; }
events >/dev/null

rm -f /tmp/umh-proof
out=$(as_user rop-usermodehelper /tmp/umh-payload.sh /tmp/umh-proof 2>&1); rc=$?
echo "$out"
if [ -e /tmp/umh-proof ]; then
	fail $T-blocked "the helper ran: $(cat /tmp/umh-proof)"
else
	pass $T-blocked "no /tmp/umh-proof (exploit exit $rc)"
fi
events >/tmp/ev
expect_event $T-event "the helper refused, path named" /tmp/ev \
	type=usermode_helper detector=umh action=block severity=critical \
	reason=path_not_allowed path=/tmp/umh-payload.sh detail=/tmp/umh-payload.sh \
	comm=rop-usermodehel uid=1000

sysctl -w ved.mode.umh=off >/dev/null
rm -f /tmp/umh-proof
out=$(as_user rop-usermodehelper /tmp/umh-payload.sh /tmp/umh-proof 2>&1)
echo "$out"
expect $T-off "with ved.mode.umh=off the script ran as root" \
	sh -c 'root_owned() { [ -e "$1" ] && [ "$(stat -c %u "$1")" = 0 ]; }; root_owned /tmp/umh-proof && grep -q "^uid=0" /tmp/umh-proof'
