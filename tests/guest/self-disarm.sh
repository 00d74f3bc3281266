# SPDX-License-Identifier: GPL-2.0
# guest: timeout=600
# Self-protection vs the kprobes master switch: root writes 0 to
# /sys/kernel/debug/kprobes/enabled (no module needed), which disarms every
# kprobe, ved's included.  With ved.mode.self=block this is reported
# (object kprobes_disarmed) and kprobes are armed again, so lab attack b
# (cred-overwrite) is blocked by the creds detector again.  With
# ved.mode.self=off the switch stays off, nothing is reported, and the
# attack gives root although ved.mode.creds=block.
. /tests/lib/guest.sh
. /tests/lib/attacks.sh
P=self-disarm
EN=/sys/kernel/debug/kprobes/enabled
[ -e $EN ] || mount -t debugfs debugfs /sys/kernel/debug
load_lab || { fail $P-setup "vedlab did not load"; exit 1; }
load_ved modes=self=block || { fail $P-setup "ved did not load"; exit 1; }
sysctl -w ved.sweep_ms=500 >/dev/null

expect $P-armed "kprobes enabled at start" [ "$(cat $EN)" = 1 ]
creds_still_block $P-baseline "no tampering, creds=block"

# --- self=block ---
events >/dev/null
echo 0 >$EN
wait_sweeps 2
events >/tmp/ev
expect_event $P-event "global disarm reported and undone" /tmp/ev \
	type=integrity detector=self action=block severity=critical object=kprobes_disarmed \
	name=kprobes_all_disarmed expected=0 actual=0x1 owner=debugfs
expect $P-rearmed "$EN reads 1 again" [ "$(cat $EN)" = 1 ]
expect $P-no-probe-noise "no per-probe report for the global disarm" \
	sh -c '! grep -q "object=self_probe" /tmp/ev'
creds_still_block $P-blocked "after disarm + re-arm"

# --- self=off ---
sysctl -w ved.mode.self=off >/dev/null
# The creds detector's own periodic sweep would still find the escalated
# task sooner or later; push it out so the attack meets only the probes.
sysctl -w ved.sweep_ms=60000 >/dev/null
sleep 1.5
events >/dev/null
echo 0 >$EN
sleep 1
expect $P-off-disarmed "$EN stays 0" [ "$(cat $EN)" = 0 ]
if attack cred-overwrite; then
	pass $P-off-works "self=off: kprobes disarmed, attack b gives root with creds=block"
else
	fail $P-off-works "the attack failed: $(echo "$ATTACK_OUT" | tail -1)"
fi
events >/tmp/ev
expect $P-off-silent "and nothing reported it" sh -c '! grep -E "detector=(self|creds) " /tmp/ev'
cat /tmp/ev
echo 1 >$EN
