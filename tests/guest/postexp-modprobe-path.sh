# SPDX-License-Identifier: GPL-2.0
# Usermode-helper detector vs lab attack c (arbitrary write over
# modprobe_path, then request_module() runs the attacker's script as root),
# with both of its triggers: blocked with ved's default profile (the
# tampered pin is reported and put back, the helper refused, no proof
# file), working with ved.mode.umh=off.  Then the sweep: a tampered
# modprobe_path that no helper uses yet is found and restored.
. /tests/lib/guest.sh
T=postexp-c
proof=/tmp/modprobe-proof
load_lab || { fail $T-setup "vedlab did not load"; exit 1; }
load_ved || { fail $T-setup "ved did not load"; exit 1; }
expect $T-mode "umh detector in block mode by default" [ "$(sysctl -n ved.mode.umh)" = block ]
orig=$(cat /proc/sys/kernel/modprobe)
# The helper is judged before the sweep can repair the string: keep the
# sweep out of the way so the events are the helper's.
sysctl -w ved.sweep_ms=60000 >/dev/null
sleep 1.5	# the sweep queued at load runs, then waits 60 s
events >/dev/null

for trigger in exec socket; do
	rm -f $proof
	out=$(as_user modprobe-path $trigger 2>&1); rc=$?
	echo "$out"
	if [ -e $proof ]; then
		fail $T-$trigger-blocked "the payload ran: $(ls -ln $proof)"
	else
		pass $T-$trigger-blocked "no $proof (exploit exit $rc)"
	fi
	events >/tmp/ev
	expect_event $T-$trigger-pinned "modprobe_path tampering reported, value put back" /tmp/ev \
		type=pinned_string detector=umh action=block severity=critical \
		name=modprobe_path expected=$orig actual=/tmp/modprobe-payload.sh
	expect_event $T-$trigger-helper "the helper refused, naming path and pin" /tmp/ev \
		type=usermode_helper detector=umh action=block severity=critical \
		reason=pinned_tampered path=/tmp/modprobe-payload.sh detail=modprobe_path
done
expect $T-klog "one greppable kernel log line" \
	sh -c 'dmesg | grep -q "ved: detector=umh action=block .*helper /tmp/modprobe-payload.sh refused"'
expect $T-intact "kernel.modprobe is the configured value" [ "$(cat /proc/sys/kernel/modprobe)" = "$orig" ]

# The sweep: tamper without running a helper; ved puts the value back.
# (A fresh ved: the sweep already queued runs after the old 60 s period.)
rmmod ved && load_ved || fail $T-setup "ved did not reload"
sysctl -w ved.sweep_ms=100 >/dev/null
mp=$(awk '$3 == "modprobe_path" { print $1; exit }' /proc/kallsyms)
as_user labpoke wstr "$mp" /tmp/evil-modprobe
sleep 2
now=$(cat /proc/sys/kernel/modprobe)
if [ "$now" = "$orig" ]; then
	pass $T-sweep-restored "tampered modprobe_path put back by the sweep ($now)"
else
	fail $T-sweep-restored "kernel.modprobe is $now"
fi
events >/tmp/ev
expect_event $T-sweep-event "the sweep reports the tampering" /tmp/ev \
	type=pinned_string detector=umh action=block name=modprobe_path \
	expected=$orig actual=/tmp/evil-modprobe

# Detector off: the same attack gives root.
sysctl -w ved.mode.umh=off >/dev/null
for trigger in exec socket; do
	rm -f $proof
	out=$(as_user modprobe-path $trigger 2>&1); rc=$?
	echo "$out"
	if [ $rc = 0 ] && root_owned $proof && [ "$(cat $proof)" = 0 ]; then
		pass $T-$trigger-off "with ved.mode.umh=off the script ran as root"
	else
		fail $T-$trigger-off "no root-owned proof with the detector off (exit $rc)"
	fi
done
events >/tmp/ev
if grep -q 'detector=umh' /tmp/ev; then
	fail $T-off-quiet "umh events with the detector off"; cat /tmp/ev
else
	pass $T-off-quiet "no umh event with the detector off"
fi
