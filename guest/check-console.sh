#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# check-console.sh LOG NAME: fail (and say why) when a guest console log shows
# a kernel Oops, BUG, WARNING, panic, lockup or RCU stall.
log=$1 name=$2
bad=$(tr -d '\r' <"$log" | grep -a -n -m 3 -E \
	'WARNING: CPU|WARNING: at|BUG:|kernel BUG|Oops|Kernel panic|general protection fault|soft lockup|hard LOCKUP|rcu_sched self-detected|rcu: INFO|detected stall|Call Trace:|UBSAN:|KASAN:|refcount_t:')
[ -z "$bad" ] && exit 0
echo "VEDTEST: FAIL $name kernel complained: $(echo "$bad" | head -1 | cut -c1-160) (log: $log)"
# The console log stays in the build directory, which a CI machine may not
# keep: print what follows the first complaint (the stack, the tasks).
first=${bad%%:*}
tr -d '\r' <"$log" | sed -n "${first},\$p" | grep -av '^VEDTEST: ' | head -60 |
	cut -c1-200 | sed "s/^/VEDTEST: NOTE $name console| /"
exit 1
