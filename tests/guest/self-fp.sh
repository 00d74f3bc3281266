# SPDX-License-Identifier: GPL-2.0
# guest: timeout=600
# No self-protection alert from what legitimately touches ved, with
# ved.mode.self=block: every sysctl (modes, profile, sweep_ms, umh_allow,
# finally the lock), the function tracer on ved's own functions, kprobe
# events on ved's functions (one on an ftrace site, one mid-function, an
# int3 that the kprobe optimizer turns into a jmp), ved's own probes'
# sites being patched by all of that, and module loads.  Nothing may be
# "restored" either: ved keeps working (attack b still blocked at the end).
. /tests/lib/guest.sh
. /tests/lib/attacks.sh
P=self-fp
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs tracefs $T
KL=/sys/kernel/debug/kprobes/list
[ -e $KL ] || mount -t debugfs debugfs /sys/kernel/debug
placed=0 optimized=0
load_lab || { fail $P-setup "vedlab did not load"; exit 1; }
load_ved modes=self=block || { fail $P-setup "ved did not load"; exit 1; }
sysctl -w ved.sweep_ms=300 >/dev/null
events >/dev/null
count0=$(cat /sys/module/ved/parameters/sweep_count)

# sysctls, each one changed and changed back
for d in creds cpu umh wcfi integrity rootkit self; do
	old=$(sysctl -n ved.mode.$d)
	sysctl -w ved.mode.$d=log >/dev/null
	sleep 0.4
	sysctl -w ved.mode.$d="$old" >/dev/null
done
sysctl -w ved.profile=monitor >/dev/null; sleep 0.4
sysctl -w ved.profile=default >/dev/null
sysctl -w ved.mode.self=block >/dev/null
sysctl -w ved.umh_allow="$(sysctl -n ved.umh_allow)" >/dev/null
sysctl -w ved.sweep_ms=250 >/dev/null; sleep 0.4; sysctl -w ved.sweep_ms=300 >/dev/null

i=0
while [ $i -lt 3 ]; do
	# the function tracer on ved's functions only, then on everything
	echo ':mod:ved' >$T/set_ftrace_filter
	echo function >$T/current_tracer
	cat /proc/version >/dev/null; ls /proc >/dev/null
	sleep 0.7
	echo nop >$T/current_tracer
	echo >$T/set_ftrace_filter
	echo function >$T/current_tracer
	sleep 0.7
	echo nop >$T/current_tracer
	# kprobe events on ved: detector_mode's ftrace site, detected+5 (int3, optimized later)
	echo 'p:vedself1 ved:detector_mode' >>$T/kprobe_events
	echo 'p:vedself2 ved:detected+5' >>$T/kprobe_events
	echo 'r:vedself3 ved:respond' >>$T/kprobe_events
	echo 1 >$T/events/kprobes/enable
	grep -q vedself2 $T/kprobe_events && placed=$((placed + 1))
	cat /proc/version >/dev/null
	sleep 0.8
	grep -q 'detected+0x5.*OPTIMIZED' $KL && optimized=$((optimized + 1))
	echo 0 >$T/events/kprobes/enable
	echo >$T/kprobe_events
	load_module vedbenign && rmmod vedbenign
	i=$((i + 1))
done
echo "VEDTEST: NOTE $P self-protection check: last $(cat /sys/module/ved/parameters/self_check_last_ns) ns, max $(cat /sys/module/ved/parameters/self_check_max_ns) ns; whole sweep last $(cat /sys/module/ved/parameters/sweep_last_ns) ns"
echo "VEDTEST: NOTE $P mid-function kprobe on detected+5 optimized in $optimized of 3 rounds"
sysctl -w ved.lock=1 >/dev/null
sleep 1.5
events >/tmp/ev
grep 'detector=self ' /tmp/ev >/tmp/alerts
expect $P-none "no self alert in $(wc -l </tmp/ev) records" [ ! -s /tmp/alerts ]
cat /tmp/alerts
expect $P-config-records "the sysctl writes were recorded as config changes" \
	grep -q 'type=config.*key=mode.self' /tmp/ev
expect $P-sweeps "sweeps ran meanwhile ($(($(cat /sys/module/ved/parameters/sweep_count) - count0)))" \
	[ "$(cat /sys/module/ved/parameters/sweep_count)" -gt $((count0 + 15)) ]
expect $P-probes-placed "the kprobe events on ved were placed ($placed of 3)" [ $placed = 3 ]
expect $P-locked "ved.lock=1 through the sysctl" [ "$(sysctl -n ved.lock)" = 1 ]
events >/dev/null
if attack cred-overwrite; then
	fail $P-still-works "ved no longer blocks attack b"; echo "$ATTACK_OUT"
else
	pass $P-still-works "attack b still blocked"
fi
