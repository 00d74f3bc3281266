# SPDX-License-Identifier: GPL-2.0
# guest: timeout=300
# Integrity detector vs vedkit "sct" (sys_call_table[__NR_kill]) and
# "dispatch" (the jump to __x64_sys_kill inside x64_sys_call): silent
# without ved; with ved, each change is reported within one sweep interval,
# naming the table entry / dispatch site and the owning module.  In block
# mode both are put back.
. /tests/lib/guest.sh

ksym() { awk -v s="$1" '$3 == s { print $1; exit }' /proc/kallsyms; }
magic_uid() { as_user sh -c 'kill -64 99999 2>/dev/null; id -u'; }

load_module vedkit techniques=sct,dispatch
expect rkd-sc-silent "without ved, nothing reports the patches" sh -c '! dmesg | grep -q "ved:"'
rmmod vedkit

load_ved || { fail rkd-sc-setup "ved did not load"; exit 1; }
expect rkd-sc-mode "integrity detector logs by default" [ "$(sysctl -n ved.mode.integrity)" = log ]
load_module vedkit techniques=sct,dispatch
sleep "$(($(sysctl -n ved.sweep_ms) / 1000 + 1))"
events >/tmp/ev
expect_event rkd-sc-table "sys_call_table[62] reported, owner vedkit" /tmp/ev \
	type=integrity detector=integrity action=log severity=critical object=syscall_table \
	index=62 name=sys_call_table owner=vedkit actual=0x$(ksym vk_sct_kill)
expect_event rkd-sc-dispatch "x64_sys_call's jump to __x64_sys_kill retargeted, owner vedkit" /tmp/ev \
	type=integrity detector=integrity object=syscall_dispatch owner=vedkit \
	expected=0x$(ksym __x64_sys_kill) actual=0x$(ksym vk_dispatch_kill)
rmmod vedkit
sleep "$(($(sysctl -n ved.sweep_ms) / 1000 + 1))"

# Block mode: ved restores the entry and the dispatch site.
sysctl -w ved.mode.integrity=block >/dev/null
events >/dev/null
load_module vedkit techniques=sct,dispatch
sleep "$(($(sysctl -n ved.sweep_ms) / 1000 + 1))"
events >/tmp/ev2
expect_event rkd-sc-restore-event "block mode: sys_call_table[62] restored" /tmp/ev2 \
	type=integrity action=block object=syscall_table index=62 owner=vedkit
expect rkd-sc-restored "the live table entry is __x64_sys_kill again" \
	[ "$(cat /sys/module/vedkit/parameters/sct_kill)" = "$(ksym __x64_sys_kill)" ]
expect rkd-sc-dispatch-restored "the dispatch jump lands on __x64_sys_kill again" \
	[ "$(cat /sys/module/vedkit/parameters/dispatch_kill)" = "$(ksym __x64_sys_kill)" ]
uid=$(magic_uid)
expect rkd-sc-effect "kill -64 as uid 1000 no longer gives root (uid $uid)" [ "$uid" = 1000 ]
