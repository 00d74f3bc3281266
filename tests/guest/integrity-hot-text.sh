# SPDX-License-Identifier: GPL-2.0
# guest: timeout=480
# Hot pages: the core text pages of the functions rootkits patch
# (getdents*, filldir*, /proc and socket listings, kill, the syscall path,
# commit_creds & co.) are hashed on every sweep, the rest of text/rodata is
# spread over ved.hash_period_ms.  vedkit's inline_hook writes a jmp over
# the start of __x64_sys_getdents64 (a re-implementation hiding files named
# vedkit_*):
#   1. without ved it works: ls no longer lists the file, which is there;
#   2. with ved.mode.integrity=off it works and nothing is reported;
#   3. with integrity on and the period at its maximum (1 h), the patched
#      page is reported within two sweeps, with no full pass and no spread
#      pass meanwhile;
#   4. the same jmp over cmdline_proc_show (not a hot page) waits for the
#      spread pass (the trade-off), and ved.sweep_now finds it.
# False positives: no text event from the hot pages with ved's own kprobes
# on them, nor with a kprobe event in the middle of __x64_sys_getdents64.
. /tests/lib/guest.sh

P=/sys/module/ved/parameters
V=/sys/module/vedkit/parameters
T=/sys/kernel/tracing
touch /tmp/vedkit_hot_secret /tmp/plain_file
listed() { ls /tmp | grep -qx vedkit_hot_secret; }
user_listed() { as_user ls /tmp | grep -qx vedkit_hot_secret; }
hidden() {
	! listed && ! user_listed && [ -e /tmp/vedkit_hot_secret ] &&
		ls /tmp | grep -qx plain_file
}
# The event's address: the page holding vedkit's jmp (inline_addr is %px).
site_page() { a=$(cat $V/inline_addr); echo "0x${a%???}000"; }

# 1. The technique, without ved.
expect iht-before "vedkit_hot_secret listed before the rootkit" listed
expect iht-load "vedkit techniques=inline_hook loads" load_module vedkit techniques=inline_hook
expect iht-hook "jmp at __x64_sys_getdents64 goes to vk_getdents64" \
	grep -q "^vk_getdents64" $V/inline_hook
expect iht-works "ls (root and uid 1000) no longer lists it; it is there; other files listed" hidden
expect iht-silent "without ved, nothing reports it" sh -c '! dmesg | grep -q "ved:"'
expect iht-unload "rmmod vedkit" rmmod vedkit
expect iht-back "listed again after rmmod" listed

# ved, and a quiet baseline: hot pages hashed every sweep, nothing found.
load_ved || { fail iht-setup "ved did not load"; exit 1; }
expect iht-hot-pages "hot pages: $(cat $P/hot_pages) pages, $(cat $P/hot_functions_found) functions" \
	[ "$(cat $P/hot_pages)" -gt 10 ]
[ -d $T/events ] || mount -t tracefs tracefs $T
echo 'p:vedhot __x64_sys_getdents64+9' >>$T/kprobe_events 2>/dev/null ||
	echo 'p:vedhot __x64_sys_getdents64+5' >>$T/kprobe_events
echo 1 >$T/events/kprobes/vedhot/enable
ls /tmp >/dev/null
events >/dev/null
wait_sweeps 3
ls /tmp >/dev/null
events >/tmp/ev-fp
expect iht-fp "no integrity alert from the hot pages (ved's kprobes, a kprobe event in getdents64)" \
	sh -c '! grep -q "detector=integrity " /tmp/ev-fp'
note iht-fp </tmp/ev-fp
echo 0 >$T/events/kprobes/vedhot/enable
echo >$T/kprobe_events

# 2. Integrity off: works, nothing reported.  The jmp is written while off,
# so the full pass that the module's arrival asks for does not see it.
sysctl -w ved.hash_period_ms=3600000 >/dev/null
sysctl -w ved.mode.integrity=off >/dev/null
events >/dev/null
expect iht-off-load "vedkit inline_hook loaded while integrity is off" \
	load_module vedkit techniques=inline_hook
expect iht-off-works "integrity off: the file is hidden" hidden
wait_sweeps 3
events >/tmp/ev-off
expect iht-off-silent "integrity off: no text event" sh -c '! grep -q "type=integrity .*object=text " /tmp/ev-off'

# 3. Integrity on: the hot page, within two sweeps, without any pass.
page=$(site_page)
p0=$(cat $P/text_passes) f0=$(cat $P/full_passes)
sysctl -w ved.mode.integrity=log >/dev/null
wait_sweeps 2
events >/tmp/ev-on
expect_event iht-event "getdents64's page $page reported within two sweeps, owner vedkit" /tmp/ev-on \
	type=integrity detector=integrity action=log severity=critical object=text \
	address="$page" owner=vedkit
expect iht-no-pass "no full pass ($f0 -> $(cat $P/full_passes)) nor spread pass ($p0 -> $(cat $P/text_passes)) meanwhile" \
	[ "$(cat $P/full_passes)" = "$f0" -a "$(cat $P/text_passes)" = "$p0" ]
expect iht-on-works "log mode: the hook stays and the file stays hidden" hidden
expect iht-unload2 "rmmod vedkit" rmmod vedkit
expect iht-back2 "listed again" listed

# 4. Not a hot page: waits for the spread pass; ved.sweep_now finds it.
sysctl -w ved.mode.integrity=off >/dev/null
expect iht-cold-load "vedkit inline_hook inline_target=cmdline loaded while integrity is off" \
	load_module vedkit techniques=inline_hook inline_target=cmdline
expect iht-cold-works "/proc/cmdline reads vedkit" grep -qx vedkit /proc/cmdline
page=$(site_page)
events >/dev/null
sysctl -w ved.mode.integrity=log >/dev/null
wait_sweeps 3
events >/tmp/ev-cold
expect iht-cold-waits "cmdline_proc_show's page $page: no event within three sweeps at a 1 h period" \
	sh -c "! grep -q 'object=text .*address=$page ' /tmp/ev-cold"
f0=$(cat $P/full_passes)
sysctl -w ved.sweep_now=1 >/dev/null
wait_sweeps 1
events >/tmp/ev-now
expect_event iht-cold-now "ved.sweep_now: cmdline_proc_show's page $page, owner vedkit" /tmp/ev-now \
	type=integrity detector=integrity severity=critical object=text \
	address="$page" owner=vedkit
expect iht-cold-unload "rmmod vedkit" rmmod vedkit
expect iht-cold-back "/proc/cmdline is the kernel's again" sh -c '! grep -qx vedkit /proc/cmdline'
rm -f /tmp/vedkit_hot_secret /tmp/plain_file
