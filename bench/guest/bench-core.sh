# guest: smp=2 mem=1024 timeout=1500
# SPDX-License-Identifier: GPL-2.0
# ved's core overhead (a benchmark, not a test; run by bench/run.sh): the
# microbenchmarks without ved and with ved loaded (default profile),
# alternating which goes first in each round to cancel drift, median of
# 7 rounds, and the ratio of the per-config minimum (host noise only ever
# adds time; on a busy TCG host the minimum is the steadier estimate).
# Prints "BENCH: name off_ns on_ns ratio" lines.
export PATH=$PATH:/opt/lab/bin
rounds=7
cd /tmp
counts=$(ved-microbench calibrate 1.0) || { echo "BENCH: FAIL calibrate"; exit 1; }
echo "BENCH: counts $counts rounds $rounds"

run_off() { ved-microbench run $counts >>/tmp/off.$1 || echo "BENCH: FAIL run off"; }
run_on() {
	insmod /lib/modules/ved/ved.ko || { echo "BENCH: FAIL insmod"; return; }
	[ "$(sysctl -n ved.profile)" = default ] || echo "BENCH: FAIL profile $(sysctl -n ved.profile)"
	ved-microbench run $counts >>/tmp/on.$1 || echo "BENCH: FAIL run on"
	vedcat | grep -v type=config | head -5 | sed 's/^/BENCH: EVENT /'
	c=$(sysctl -n ved.stats.wcfi_checks) ns=$(sysctl -n ved.stats.wcfi_ns)
	echo "BENCH: wcfi stack checks $c, $ns ns, $((ns / (c > 0 ? c : 1))) ns per check"
	rmmod ved || echo "BENCH: FAIL rmmod"
}
r=1
while [ $r -le $rounds ]; do
	if [ $((r % 2)) = 1 ]; then run_off $r; run_on $r; else run_on $r; run_off $r; fi
	echo "BENCH: round $r done"
	r=$((r + 1))
done
# median NAME FILES...: the median ns/op of NAME over the rounds.
median() {
	n=$1; shift
	cat "$@" | awk -v n="$n" '$1 == n { print $2 }' | sort -n |
		awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
for name in getpid open_close fork_exit fork_exec pipe_pingpong; do
	off=$(median $name /tmp/off.*)
	on=$(median $name /tmp/on.*)
	moff=$(cat /tmp/off.* | awk -v n=$name '$1 == n { print $2 }' | sort -n | head -1)
	mon=$(cat /tmp/on.* | awk -v n=$name '$1 == n { print $2 }' | sort -n | head -1)
	echo "$name $off $on $moff $mon" | awk '{ printf "BENCH: %-14s median off %12.1f on %12.1f ns ratio %.3f | min off %12.1f on %12.1f ns ratio %.3f (%+.1f%%)\n", $1, $2, $3, $3 / $2, $4, $5, $5 / $4, ($5 / $4 - 1) * 100 }'
	echo "$name $off $on $moff $mon" >>/tmp/ratios
done
awk '{ s += log($3 / $2); m += log($5 / $4); n++ } END { printf "BENCH: geomean ratio median %.3f, min %.3f (%+.1f%%)\n", exp(s / n), exp(m / n), (exp(m / n) - 1) * 100 }' /tmp/ratios
for name in getpid open_close fork_exit fork_exec pipe_pingpong; do
	printf "BENCH: raw %s off:" $name; awk -v n=$name '$1 == n { printf " %s", $2 }' /tmp/off.*
	printf " on:"; awk -v n=$name '$1 == n { printf " %s", $2 }' /tmp/on.*; echo
done
