# SPDX-License-Identifier: GPL-2.0
# guest: timeout=600
# Self-protection vs vedkit "ved_text": ved's function detected(), through
# which every creds detection goes, is patched to "xor %eax,%eax; ret"
# with text_poke().  With ved.mode.self=block the patch is reported (object
# self_text, name detected+0x.., the original and new bytes) and the
# original bytes are written back, so lab attack b (cred-overwrite) is
# blocked again.  With ved.mode.self=off nothing reports it and the attack
# gives root although ved.mode.creds=block.
. /tests/lib/guest.sh
. /tests/lib/attacks.sh
P=self-text
load_lab || { fail $P-setup "vedlab did not load"; exit 1; }
load_ved modes=self=block || { fail $P-setup "ved did not load"; exit 1; }
sysctl -w ved.sweep_ms=500 >/dev/null

creds_still_block $P-baseline "no tampering, creds=block"

# --- self=block ---
events >/dev/null
load_module vedkit techniques=ved_text || fail $P-load "vedkit did not load"
rmmod vedkit
dmesg | grep 'vedkit: ved_text' | tail -1
wait_sweeps 2
events >/tmp/ev
# actual: the new bytes, little-endian: 31 c0 c3 = xor %eax,%eax; ret
expect_event $P-event "patched ved code reported and restored" /tmp/ev \
	type=integrity detector=self action=block severity=critical object=self_text index=0 \
	'name=detected+0x5' actual=0xc3c031
creds_still_block $P-blocked "after patch + restore"

# --- self=off ---
sysctl -w ved.mode.self=off >/dev/null
events >/dev/null
load_module vedkit techniques=ved_text && rmmod vedkit
if attack cred-overwrite; then
	pass $P-off-works "self=off: detected() returns 0 at once, attack b gives root with creds=block"
else
	fail $P-off-works "the attack failed: $(echo "$ATTACK_OUT" | tail -1)"
fi
sleep 1
events >/tmp/ev
expect $P-off-silent "and nothing reported it" sh -c '! grep -E "detector=(self|creds) " /tmp/ev'
cat /tmp/ev
