# SPDX-License-Identifier: GPL-2.0
# guest: timeout=400
# Self-protection vs vedkit "ved_static_call": every cond_resched() static
# call site in ved's own text (its sweeps call cond_resched() between
# batches) is rewritten to call vk_sc_ved_hook(), which counts and chains
# to cond_resched(), so ved's sweep runs vedkit's code.  With
# ved.mode.self=off the hook runs and nothing reports it; with self=log
# each rewritten site is reported (object self_text, index 3 = static call
# site, expected the key's function, actual vedkit's hook, owner vedkit);
# once vedkit restores the sites nothing more is reported.
. /tests/lib/guest.sh
P=self-sc
ksym() { awk -v s="$1" '$3 == s { print $1; exit }' /proc/kallsyms; }
state() { awk -v n="$1" '{ print $n }' /sys/module/vedkit/parameters/sc_ved_state; }
selftext() { grep -c object=self_text "$1"; }

load_ved modes=self=off || { fail $P-setup "ved did not load"; exit 1; }
sysctl -w ved.sweep_ms=200 >/dev/null
sysctl -w ved.hash_period_ms=1000 >/dev/null
events >/dev/null

# --- self=off: the hook runs inside ved's sweep, silently ---
expect $P-load "vedkit techniques=ved_static_call loads" \
	load_module vedkit techniques=ved_static_call
nsites=$(state 1) at=$(state 2)
expect $P-hooked "$nsites of ved's cond_resched sites call vk_sc_ved_hook (first at $at)" \
	[ "$nsites" -ge 1 -a "$(state 3)" = "$(ksym vk_sc_ved_hook)" ]
h0=$(state 4)
sysctl -w ved.sweep_now=1 >/dev/null
wait_sweeps 5
h1=$(state 4)
expect $P-effect-off "ved's sweeps run vedkit's hook ($h0 -> $h1 calls)" [ "$h1" -gt "$h0" ]
events >/tmp/ev1
expect $P-silent-off "with ved.mode.self=off nothing reports it" [ "$(selftext /tmp/ev1)" = 0 ]

# --- self=log: each site reported, field by field ---
sysctl -w ved.mode.self=log >/dev/null
wait_sweeps 3
events >/tmp/ev2
expect_event $P-event "ved's static call site at $at reported" /tmp/ev2 \
	type=integrity detector=self action=log severity=critical object=self_text index=3 \
	address="0x$at" expected="0x$(ksym __cond_resched)" actual="0x$(ksym vk_sc_ved_hook)" \
	owner=vedkit
expect $P-all "every rewritten site reported once ($nsites sites, $(selftext /tmp/ev2) self_text events)" \
	[ "$(selftext /tmp/ev2)" = "$nsites" ]
h2=$(state 4)
expect $P-still-runs "the hook is still in place (report only: sites are not restored) ($h1 -> $h2)" \
	[ "$h2" -gt "$h1" ]

# --- vedkit puts the calls back: nothing more ---
expect $P-unload "rmmod vedkit restores ved's sites" rmmod vedkit
wait_sweeps 3
events >/tmp/ev3
expect $P-clean "no self_text event after the restore" [ "$(selftext /tmp/ev3)" = 0 ]
[ "$(selftext /tmp/ev3)" = 0 ] || note $P-clean </tmp/ev3
