# SPDX-License-Identifier: GPL-2.0
# guest: timeout=300
# Rootkit detector vs vedkit "hide_module" (off the module list and
# /sys/module during its own init): ved compares the module list, sysfs,
# the module address tree and module memory; the module is named, caught
# as it goes live, and still named as the owner of its dispatch hook.
. /tests/lib/guest.sh

load_ved || { fail rkd-hm-setup "ved did not load"; exit 1; }
load_module vedkit techniques=hide_module,dispatch
expect rkd-hm-hidden "vedkit is hidden from /proc/modules and /sys/module" \
	sh -c '! grep -q "^vedkit " /proc/modules && [ ! -e /sys/module/vedkit ]'
sleep "$(($(sysctl -n ved.sweep_ms) / 1000 + 1))"
events >/tmp/ev
expect_event rkd-hm-event "hidden module vedkit: missing from list and sysfs, seen in tree and memory, at init" /tmp/ev \
	type=hidden_object detector=rootkit severity=critical kind=module name=vedkit \
	views=missing\\x3dlist,sysfs\\x20seen\\x3dtree,memory,at_init
expect_event rkd-hm-owner "its dispatch hook is still attributed to vedkit" /tmp/ev \
	type=integrity object=syscall_dispatch owner=vedkit
