# SPDX-License-Identifier: GPL-2.0
# guest: timeout=300
# Rootkit detector vs vedkit "clear_taint" (tainted_mask zeroed while
# unsigned out-of-tree modules are loaded): reported; block mode sets the
# lost flags again.
. /tests/lib/guest.sh

load_module vedkit techniques=clear_taint
expect rkd-tn-silent "without ved, the taint just reads $(cat /proc/sys/kernel/tainted)" \
	sh -c '[ "$(cat /proc/sys/kernel/tainted)" = 0 ] && ! dmesg | grep -q "ved:"'
rmmod vedkit
load_ved || { fail rkd-tn-setup "ved did not load"; exit 1; }
load_module vedkit techniques=clear_taint
sleep "$(($(sysctl -n ved.sweep_ms) / 1000 + 1))"
events >/tmp/ev
expect_event rkd-tn-event "tainted_mask cleared: reported with the module whose taint is missing" /tmp/ev \
	type=integrity detector=rootkit severity=critical object=taint name=tainted_mask actual=0 owner=vedkit
rmmod vedkit
sysctl -w ved.mode.rootkit=block >/dev/null
load_module vedkit techniques=clear_taint
sleep "$(($(sysctl -n ved.sweep_ms) / 1000 + 1))"
events >/tmp/ev2
expect_event rkd-tn-restore-event "block mode: taint flags restored" /tmp/ev2 \
	type=integrity action=block object=taint
t=$(cat /proc/sys/kernel/tainted)
expect rkd-tn-restored "the kernel is tainted again ($t)" [ "$t" != 0 ]
