# SPDX-License-Identifier: GPL-2.0
# vedkit technique "clear_taint": the kernel's tainted_mask is zeroed, so
# /proc/sys/kernel/tainted reads 0 although unsigned out-of-tree modules are
# loaded; each module's own taint (/sys/module/NAME/taint) still tells.
. /tests/lib/guest.sh

tainted() { cat /proc/sys/kernel/tainted; }

t0=$(tainted)
load_module vedkit techniques=none
t1=$(tainted)
rmmod vedkit
expect rootkit-taint-before "an unsigned module load taints the kernel ($t0 -> $t1)" [ "$t1" != 0 ]
expect rootkit-taint-load "vedkit techniques=clear_taint loads" load_module vedkit techniques=clear_taint
t2=$(tainted)
expect rootkit-taint-after "after insmod, /proc/sys/kernel/tainted reads $t2" [ "$t2" = 0 ]
mt=$(cat /sys/module/vedkit/taint)
expect rootkit-taint-module "/sys/module/vedkit/taint still shows '$mt'" sh -c "echo '$mt' | grep -q O"
