# SPDX-License-Identifier: GPL-2.0
# guest: timeout=600
# Self-protection vs vedkit "ved_config": a plain store of VED_MODE_OFF into
# ved's mode array for the creds detector (no sysctl, no config record).
# With ved.mode.self=block it is reported (object self_config, name
# mode.creds, expected 2 = block, actual 0 = off) and the shadow copy is put
# back, so lab attack b (cred-overwrite) is blocked again.  With
# ved.mode.self=off the creds detector stays off, nothing reports it, and
# the attack gives root.  Writing off over ved.mode.self itself in memory
# does not silence self-protection either.
. /tests/lib/guest.sh
. /tests/lib/attacks.sh
P=self-config
load_lab || { fail $P-setup "vedlab did not load"; exit 1; }
load_ved modes=self=block || { fail $P-setup "ved did not load"; exit 1; }
sysctl -w ved.sweep_ms=500 >/dev/null

creds_still_block $P-baseline "no tampering, creds=block"

# --- self=block ---
events >/dev/null
load_module vedkit techniques=ved_config ved_config_det=1 || fail $P-load "vedkit did not load"
rmmod vedkit
dmesg | grep 'vedkit: ved_config' | tail -1
wait_sweeps 2
events >/tmp/ev
expect_event $P-event "mode written in memory reported and restored" /tmp/ev \
	type=integrity detector=self action=block severity=critical object=self_config \
	name=mode.creds index=1 expected=0x2 actual=0
expect $P-restored "ved.mode.creds reads block again" [ "$(sysctl -n ved.mode.creds)" = block ]
expect $P-no-config-record "the memory write made no config record" \
	sh -c '! grep -q "type=config" /tmp/ev'
creds_still_block $P-blocked "after the write + restore"

# ved.mode.self itself written to off in memory: still reported, from the shadow.
events >/dev/null
load_module vedkit techniques=ved_config ved_config_det=7 && rmmod vedkit
sleep 2
events >/tmp/ev
expect_event $P-self-event "self's own mode written off in memory: reported and restored" /tmp/ev \
	type=integrity detector=self action=block object=self_config name=mode.self index=7 \
	expected=0x2 actual=0
expect $P-self-restored "ved.mode.self reads block again" [ "$(sysctl -n ved.mode.self)" = block ]

# --- a legitimate change is no tampering ---
events >/dev/null
sysctl -w ved.mode.creds=log >/dev/null && sysctl -w ved.mode.creds=block >/dev/null
sleep 2
events >/tmp/ev
expect $P-sysctl-quiet "sysctl changes: config records, no self alert" \
	sh -c 'grep -q "type=config" /tmp/ev && ! grep -q "detector=self" /tmp/ev'

# --- self=off ---
sysctl -w ved.mode.self=off >/dev/null
events >/dev/null
load_module vedkit techniques=ved_config ved_config_det=1 && rmmod vedkit
sleep 2
expect $P-off-stays "ved.mode.creds reads off" [ "$(sysctl -n ved.mode.creds)" = off ]
if attack cred-overwrite; then
	pass $P-off-works "self=off: creds mode off in memory, attack b gives root"
else
	fail $P-off-works "the attack failed: $(echo "$ATTACK_OUT" | tail -1)"
fi
events >/tmp/ev
expect $P-off-silent "and nothing reported it" sh -c '! grep -E "detector=(self|creds) " /tmp/ev'
cat /tmp/ev
