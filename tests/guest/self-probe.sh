# SPDX-License-Identifier: GPL-2.0
# guest: timeout=600
# Self-protection vs vedkit "ved_unprobe": every kprobe of ved disabled
# (disable_kprobe()) or unregistered (unregister_kprobe()) by a root
# module.  With ved.mode.self=block each probe is reported (object
# self_probe, index 1 disabled / 2 unregistered, name = probed function,
# owner ved) and re-armed, so lab attack b (cred-overwrite) is blocked by
# the creds detector again.  With ved.mode.self=off the same tampering
# goes unreported and the attack gives root although ved.mode.creds=block.
. /tests/lib/guest.sh
. /tests/lib/attacks.sh
P=self-probe
KL=/sys/kernel/debug/kprobes/list
[ -e $KL ] || mount -t debugfs debugfs /sys/kernel/debug
load_lab || { fail $P-setup "vedlab did not load"; exit 1; }
load_ved modes=self=block || { fail $P-setup "ved did not load"; exit 1; }
sysctl -w ved.sweep_ms=500 >/dev/null
settle() { wait_sweeps 2; }	# a whole sweep after the tamper

# The kprobes on commit_creds (only ved's, creds and wcfi, in this guest)
# as /sys/kernel/debug/kprobes/list shows them.
ved_commit_probes() { grep -c ' commit_creds+0x' $KL; }
ved_commit_disabled() { grep ' commit_creds+0x' $KL | grep -c DISABLED; }
echo "kprobes on commit_creds:"; grep ' commit_creds+0x' $KL

creds_still_block $P-baseline "no tampering, creds=block"

# --- self=block: disable ---
events >/dev/null
load_module vedkit techniques=ved_unprobe ved_unprobe=disable || fail $P-disable-load "vedkit did not load"
rmmod vedkit
dmesg | grep 'vedkit: ved_unprobe' | tail -1
settle
events >/tmp/ev
expect_event $P-disable-event "disabled probe on commit_creds reported and re-enabled" /tmp/ev \
	type=integrity detector=self action=block severity=critical object=self_probe index=1 \
	name=commit_creds owner=ved
expect_event $P-disable-exec "disabled exec checkpoint probe reported" /tmp/ev \
	type=integrity detector=self action=block object=self_probe index=1 name=security_bprm_check owner=ved
expect $P-disable-rearmed "ved's commit_creds probes enabled again ($(ved_commit_probes) listed)" \
	[ "$(ved_commit_probes)" -ge 1 -a "$(ved_commit_disabled)" = 0 ]
creds_still_block $P-disable-blocked "after disable + re-arm"

# --- self=block: unregister ---
events >/dev/null
load_module vedkit techniques=ved_unprobe ved_unprobe=unregister || fail $P-unreg-load "vedkit did not load"
rmmod vedkit
dmesg | grep 'vedkit: ved_unprobe' | tail -1
settle
events >/tmp/ev
expect_event $P-unreg-event "unregistered probe on commit_creds reported and registered again" /tmp/ev \
	type=integrity detector=self action=block severity=critical object=self_probe index=2 \
	name=commit_creds owner=ved
expect_event $P-unreg-kretprobe "unregistered kretprobe (umh) reported and registered again" /tmp/ev \
	type=integrity detector=self action=block object=self_probe index=2 name=proc_dostring owner=ved
expect $P-unreg-rearmed "ved's commit_creds probes registered again ($(ved_commit_probes) listed)" \
	[ "$(ved_commit_probes)" -ge 1 -a "$(ved_commit_disabled)" = 0 ]
creds_still_block $P-unreg-blocked "after unregister + re-register"

# --- self=off: the same tampering works ---
sysctl -w ved.mode.self=off >/dev/null
# The creds detector's own periodic sweep would still find the escalated
# task sooner or later; push it out so the attack meets only the probes.
sysctl -w ved.sweep_ms=60000 >/dev/null
sleep 1.5
events >/dev/null
load_module vedkit techniques=ved_unprobe ved_unprobe=disable && rmmod vedkit
expect $P-off-disabled "vedkit disabled ved's commit_creds probes" [ "$(ved_commit_disabled)" -ge 1 ]
if attack cred-overwrite; then
	pass $P-off-disable-works "self=off: probes disabled, attack b gives root with creds=block"
else
	fail $P-off-disable-works "the attack failed: $(echo "$ATTACK_OUT" | tail -1)"
fi
events >/tmp/ev
expect $P-off-disable-silent "and nothing reported it" sh -c '! grep -E "detector=(self|creds) " /tmp/ev'
cat /tmp/ev
# Turning self-protection on repairs what it finds (a module load runs the sweep).
sysctl -w ved.mode.self=block >/dev/null
sysctl -w ved.sweep_ms=500 >/dev/null
load_module vedbenign && rmmod vedbenign
settle
expect $P-on-repairs "self=block again: the disabled probes are re-enabled" [ "$(ved_commit_disabled)" = 0 ]
sysctl -w ved.mode.self=off >/dev/null
sysctl -w ved.sweep_ms=60000 >/dev/null
sleep 1.5
load_module vedkit techniques=ved_unprobe ved_unprobe=unregister && rmmod vedkit
expect $P-off-unregistered "vedkit unregistered ved's commit_creds probes" [ "$(ved_commit_probes)" = 0 ]
events >/dev/null
if attack cred-overwrite; then
	pass $P-off-unreg-works "self=off: probes unregistered, attack b gives root with creds=block"
else
	fail $P-off-unreg-works "the attack failed: $(echo "$ATTACK_OUT" | tail -1)"
fi
events >/tmp/ev
expect $P-off-unreg-silent "and nothing reported it" sh -c '! grep -E "detector=(self|creds) " /tmp/ev'
