# SPDX-License-Identifier: GPL-2.0
# guest: timeout=600
# Core static calls vs vedkit "static_call": the cond_resched() static call
# site in read_zero() (run once per page cleared: reading /dev/zero) now
# calls vk_sc_site_hook, which counts and chains to cond_resched(), and the
# trampoline __SCT__cond_resched jumps to vk_sc_tramp_hook.
# False-positive side first: the kernel's own static_call_update() of
# cond_resched, might_resched, preempt_schedule{,_notrace} and
# irqentry_exit_cond_resched, driven by switching the preemption model
# (/sys/kernel/debug/sched/preempt, PREEMPT_DYNAMIC) several times, is not
# reported.  With integrity off the hook works and nothing reports it; with
# integrity on, the site and the trampoline are each reported once (object
# static_call, index 0/1, address, "site key" name, expected the key's
# function, actual vedkit's hook, owner vedkit).  Core text is reported only.
. /tests/lib/guest.sh

ksym() { awk -v s="$1" '$3 == s { print $1; exit }' /proc/kallsyms; }
vk() { cat "/sys/module/vedkit/parameters/$1"; }
# field N of a vedkit place state "address live-target hits"
place() { vk "$1" | awk -v n="$2" '{ print $n }'; }
zero_reads() { as_user dd if=/dev/zero of=/dev/null bs=65536 count=64 2>/dev/null; }
sc_events() { grep -c object=static_call "$1"; }
PREEMPT=/sys/kernel/debug/sched/preempt

load_ved || { fail isc-setup "ved did not load"; exit 1; }
# the static call walk is a text unit: make a spread pass last about a second
sysctl -w ved.hash_period_ms=1000 >/dev/null
P=/sys/module/ved/parameters
expect isc-figures "core static call sites $(cat $P/static_call_sites), trampolines $(cat $P/static_call_trampolines), table $(cat $P/static_call_mem_bytes) bytes" \
	[ "$(cat $P/static_call_sites)" -gt 1000 -a "$(cat $P/static_call_trampolines)" -gt 100 ]

# ---- legitimate static_call_update(): the preemption model switched ----
expect isc-preempt-file "PREEMPT_DYNAMIC switch present: $(cat $PREEMPT 2>&1)" [ -w $PREEMPT ]
ok=1
for round in 1 2 3; do
	for m in full none voluntary; do
		echo $m >$PREEMPT || ok=0
		grep -q "($m)" $PREEMPT || ok=0
		zero_reads
		wait_sweeps 2
	done
done
expect isc-fp-switched "9 switches full/none/voluntary done, now $(cat $PREEMPT)" [ $ok = 1 ]
sysctl -w ved.sweep_now=1 >/dev/null
wait_sweeps 2
events >/tmp/ev0
grep -E 'object=(static_call|text) ' /tmp/ev0 >/tmp/fp
expect isc-fp-none "no static_call or text alert across the switches ($(wc -l </tmp/ev0) records, last walk $(cat $P/static_call_last_ns) ns)" \
	[ ! -s /tmp/fp ]
[ -s /tmp/fp ] && note isc-fp-none </tmp/fp

# ---- integrity off: the hook works, nothing reports it ----
sysctl -w ved.mode.integrity=off >/dev/null
expect isc-load-off "vedkit techniques=static_call loads" load_module vedkit techniques=static_call
site=$(vk sc_site) site_addr=$(place sc_site_state 1)
tramp_addr=$(place sc_tramp_state 1)
expect isc-site "$site ($site_addr) calls vk_sc_site_hook" \
	[ "$(place sc_site_state 2)" = "$(ksym vk_sc_site_hook)" -a "${site%%+*}" = read_zero ]
expect isc-tramp "__SCT__cond_resched ($tramp_addr) jumps to vk_sc_tramp_hook" \
	[ "$tramp_addr" = "$(ksym __SCT__cond_resched)" -a "$(place sc_tramp_state 2)" = "$(ksym vk_sc_tramp_hook)" ]
h0=$(place sc_site_state 3)
zero_reads
h1=$(place sc_site_state 3)
expect isc-effect-off "reading 4 MiB of /dev/zero as uid 1000 runs vedkit's hook ($h0 -> $h1 calls)" \
	[ "$h1" -ge $((h0 + 1000)) ]
wait_sweeps 3
events >/tmp/ev1
expect isc-silent-off "with ved.mode.integrity=off nothing reports it" [ "$(sc_events /tmp/ev1)" = 0 ]
echo "trampoline hook calls: $(place sc_tramp_state 3) (inert: no caller goes through the trampoline)" | note isc-tramp-hits
expect isc-unload-off "rmmod vedkit restores the site and trampoline" rmmod vedkit

# ---- integrity on: both reported, field by field, once ----
sysctl -w ved.mode.integrity=log >/dev/null
wait_sweeps 3
events >/tmp/ev2
expect isc-baseline "no static_call event after vedkit's restore ($(wc -l </tmp/ev2) records)" \
	[ "$(sc_events /tmp/ev2)" = 0 ]
load_module vedkit techniques=static_call
site=$(vk sc_site) site_addr=$(place sc_site_state 1)
site=${site%%/*}
h0=$(place sc_site_state 3)
zero_reads
h1=$(place sc_site_state 3)
expect isc-effect-on "with ved logging the hook is in place and runs ($h0 -> $h1 calls)" \
	[ "$h1" -ge $((h0 + 1000)) ]
wait_sweeps 3
events >/tmp/ev3
func=$(ksym __cond_resched)
expect_event isc-site-event "$site reported: expected __cond_resched, actual vk_sc_site_hook" /tmp/ev3 \
	type=integrity detector=integrity action=log severity=critical object=static_call \
	index=0 address="0x$site_addr" "name=$site\\x20__SCK__cond_resched" \
	expected="0x$func" actual="0x$(ksym vk_sc_site_hook)" owner=vedkit
expect_event isc-tramp-event "__SCT__cond_resched reported: expected __cond_resched, actual vk_sc_tramp_hook" /tmp/ev3 \
	type=integrity detector=integrity action=log severity=critical object=static_call \
	index=1 address="0x$tramp_addr" "name=__SCT__cond_resched+0x0\\x20__SCK__cond_resched" \
	expected="0x$func" actual="0x$(ksym vk_sc_tramp_hook)" owner=vedkit
expect isc-once "each reported once, not on every sweep ($(sc_events /tmp/ev3) static_call events)" \
	[ "$(sc_events /tmp/ev3)" = 2 ]
rmmod vedkit
wait_sweeps 3
events >/tmp/ev4
expect isc-clean-unload "vedkit's own restore is not reported" [ "$(sc_events /tmp/ev4)" = 0 ]

# ---- and legitimate updates still pass after all that ----
for m in full voluntary; do echo $m >$PREEMPT; zero_reads; wait_sweeps 2; done
events >/tmp/ev5
grep -E 'object=(static_call|text) ' /tmp/ev5 >/tmp/fp2
expect isc-fp-after "no alert from two more switches ($(wc -l </tmp/ev5) records)" [ ! -s /tmp/fp2 ]
[ -s /tmp/fp2 ] && note isc-fp-after </tmp/fp2
true
