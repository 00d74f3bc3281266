# SPDX-License-Identifier: GPL-2.0
# guest: timeout=360
# Module text integrity vs vedkit "patch_module": a jmp into vedkit written
# over the start of vedbenign's /proc write handler (after its endbr64 and
# ftrace nop), so that every write to /proc/vedbenign fails with EPERM.
# Without ved the hook works and nothing reports it; with ved it is reported
# within one sweep interval (object module_text, the hooked symbol+offset,
# the site's address, the page's expected/actual hashes, owner vedkit); in
# block mode ved writes the original bytes back and the handler works again.
. /tests/lib/guest.sh

ksym() { awk -v s="$1" '$3 == s { print $1; exit }' /proc/kallsyms; }
param() { cat "/sys/module/vedkit/parameters/$1"; }
benign_works() { echo commit >/proc/vedbenign 2>/dev/null; }
wait_sweep() { sleep "$(($(sysctl -n ved.sweep_ms) / 1000 + 1))"; }
# the value of KEY in the one event line in FILE that has all of $3...
field() { key=$1 f=$2; shift 2; grep -- "$*" "$f" | head -1 | tr ' ' '\n' | sed -n "s/^$key=//p"; }

load_module vedbenign || { fail imt-setup "vedbenign did not load"; exit 1; }
expect imt-before "before the hook, writing commit to /proc/vedbenign succeeds" benign_works

# ---- without ved: the hook works, nothing reports it ----
expect imt-load "vedkit techniques=patch_module loads" load_module vedkit techniques=patch_module
site=$(param patch_site) addr=$(param patch_addr) hook=$(param patch_hook)
expect imt-patched "$site ($addr) now jumps to vk_patched_write ($hook)" \
	[ -n "$(ksym vk_patched_write)" -a "$hook" = "$(ksym vk_patched_write)" ]
expect imt-effect "with the hook, writes to /proc/vedbenign fail" sh -c '! echo commit >/proc/vedbenign'
expect imt-silent "without ved, nothing reports the hook" sh -c '! dmesg | grep -q "ved:"'
expect imt-unload "rmmod vedkit puts the original bytes back" rmmod vedkit
expect imt-unhooked "after rmmod vedkit, writes succeed again" benign_works

# ---- with ved (log): reported within one sweep interval ----
load_ved || { fail imt-setup "ved did not load"; exit 1; }
expect imt-mode "integrity detector logs by default" [ "$(sysctl -n ved.mode.integrity)" = log ]
wait_sweep
events >/tmp/ev0
expect imt-baseline "no module_text event before the hook ($(wc -l </tmp/ev0) records)" \
	sh -c '! grep -q object=module_text /tmp/ev0'
load_module vedkit techniques=patch_module
expect imt-effect-ved "with ved logging, the hook is in place and works" sh -c '! echo commit >/proc/vedbenign'
wait_sweep
events >/tmp/ev
expect_event imt-event "$site reported, owner vedkit" /tmp/ev \
	type=integrity detector=integrity action=log severity=critical object=module_text \
	name="$site" address="0x${addr#0x}" owner=vedkit
exp=$(field expected /tmp/ev object=module_text) act=$(field actual /tmp/ev object=module_text)
expect imt-hashes "the page's hashes differ (expected $exp, actual $act)" \
	[ -n "$exp" -a -n "$act" -a "$exp" != "$act" -a "$exp" != 0x0 ]
expect imt-once "reported once, not on every sweep" [ "$(grep -c object=module_text /tmp/ev)" = 1 ]
rmmod vedkit
wait_sweep
events >/tmp/ev1
expect imt-clean-unload "vedkit's own restore is not reported" sh -c '! grep -q object=module_text /tmp/ev1'

# ---- block mode: the original bytes are written back ----
sysctl -w ved.mode.integrity=block >/dev/null
load_module vedkit techniques=patch_module
wait_sweep
events >/tmp/ev2
expect_event imt-restore-event "block mode: $site restored" /tmp/ev2 \
	type=integrity detector=integrity action=block object=module_text name="$site" owner=vedkit
expect imt-restored "the site no longer jumps into vedkit ($(param patch_hook))" [ "$(param patch_hook)" = 0 ]
expect imt-restored-effect "writes to /proc/vedbenign succeed again" benign_works
expect imt-restored-unload "rmmod vedkit after the restore" rmmod vedkit
expect imt-restored-after "and writes still succeed" benign_works
expect imt-figures "hashed: $(cat /sys/module/ved/parameters/modtext_modules) modules, $(cat /sys/module/ved/parameters/modtext_text_bytes) text bytes, $(cat /sys/module/ved/parameters/modtext_mem_bytes) bytes held, last check $(cat /sys/module/ved/parameters/modtext_last_ns) ns" \
	[ "$(cat /sys/module/ved/parameters/modtext_modules)" -ge 1 ]
rmmod vedbenign
