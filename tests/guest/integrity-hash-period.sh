# SPDX-License-Identifier: GPL-2.0
# guest: timeout=400
# Core text and rodata hashing is spread over ved.hash_period_ms, in a
# random order, and done whole at once on ved.sweep_now and module events.
# The tampering is made while the integrity detector is off (so the full
# pass that vedkit's own load triggers sees nothing), then the detector is
# turned on: a text patch outside the hot pages (vedkit inline_hook on
# cmdline_proc_show, which works without ved: integrity-hot-text; a patch
# of a hot page is found every sweep) is not found within seconds at a
# one-hour period, and is found at once by ved.sweep_now; a rodata patch
# (vedkit hide_pid:
# rootkit-hide-pid) is found by the spread pass alone within a 4 s period.
. /tests/lib/guest.sh

P=/sys/module/ved/parameters
load_ved || { fail hp-setup "ved did not load"; exit 1; }
expect hp-default "ved.hash_period_ms defaults to 30000" [ "$(sysctl -n ved.hash_period_ms)" = 30000 ]
expect hp-range-low "99 ms refused" sh -c '! sysctl -w ved.hash_period_ms=99 2>/dev/null'
expect hp-range-high "3600001 ms refused" sh -c '! sysctl -w ved.hash_period_ms=3600001 2>/dev/null'
expect hp-now-bad "sweep_now=2 refused" sh -c '! sysctl -w ved.sweep_now=2 2>/dev/null'

# A. text: out of reach of a one-hour spread pass, found by sweep_now.
sysctl -w ved.hash_period_ms=3600000 >/dev/null
sysctl -w ved.mode.integrity=off >/dev/null
expect hp-a-load "vedkit inline_hook (cmdline) loaded while integrity is off" \
	load_module vedkit techniques=inline_hook inline_target=cmdline
a=$(cat /sys/module/vedkit/parameters/inline_addr) page=0x${a%???}000
sysctl -w ved.mode.integrity=log >/dev/null
events >/dev/null
sleep 3
events >/tmp/ev-a0
expect hp-a-slow "1 h period: no text-page event in 3 s" sh -c '! grep -q "type=integrity .*object=text " /tmp/ev-a0'
full0=$(cat $P/full_passes)
expect hp-a-now "ved.sweep_now=1 accepted" sysctl -w ved.sweep_now=1
sleep 1
events >/tmp/ev-a
expect_event hp-a-event "cmdline_proc_show's page $page reported at once, owner vedkit" /tmp/ev-a \
	type=integrity detector=integrity action=log severity=critical object=text \
	address="$page" owner=vedkit
expect hp-a-pass "a full pass ran ($full0 -> $(cat $P/full_passes))" [ "$(cat $P/full_passes)" -gt "$full0" ]
rmmod vedkit

# B. rodata: the spread pass alone, within one 4 s period.
runas 1000 1000 sleep 300 &
pid=$!
sysctl -w ved.mode.integrity=off >/dev/null
expect hp-b-load "vedkit hide_pid loaded while integrity is off" \
	load_module vedkit techniques=hide_pid hide_pid="$pid"
sysctl -w ved.hash_period_ms=4000 >/dev/null
events >/dev/null
p0=$(cat $P/text_passes) f0=$(cat $P/full_passes)
sysctl -w ved.mode.integrity=log >/dev/null
sleep 6
events >/tmp/ev-b
expect_event hp-b-event "proc_root_operations' pointer into vedkit found by the spread pass" /tmp/ev-b \
	type=integrity detector=integrity severity=critical object=rodata \
	name=proc_root_operations* owner=vedkit
expect hp-b-spread "no full pass meanwhile; spread passes $p0 -> $(cat $P/text_passes)" \
	[ "$(cat $P/full_passes)" = "$f0" -a "$(cat $P/text_passes)" -gt "$p0" ]
rmmod vedkit
kill "$pid"
