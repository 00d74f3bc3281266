# SPDX-License-Identifier: GPL-2.0
# guest: timeout=400
# Benchmark: the integrity/rootkit/self sweep at the defaults.  Measured in
# one guest (QEMU TCG: an emulator's times, 50-100x those of hardware):
#   - CPU share: time spent in sweeps over a window of one hash period
#     (ved.hash_period_ms), divided by the window: one core = 100%;
#   - the time of a full pass of core text/rodata (what module events and
#     ved.sweep_now run) and of the whole sweep that carries it;
#   - each check's time in the last ordinary sweep (check_ns);
#   - memory: page hashes, patch-site masks and the pass order, from the
#     counts ved logs at load (8, 8 and 4 bytes each).
. /tests/lib/guest.sh

load_ved || { echo "BENCH: ved did not load"; exit 1; }
P=/sys/module/ved/parameters
sweep=$(sysctl -n ved.sweep_ms) period=$(sysctl -n ved.hash_period_ms)
uptime_cs() { read -r up _ </proc/uptime; echo "${up%.*}${up#*.}"; }

sleep 3	# past the load-time events
window=$((period / 1000))
t0=$(uptime_cs) ns0=$(cat $P/sweep_total_ns) n0=$(cat $P/sweep_count) p0=$(cat $P/text_passes)
c0=$(cat $P/check_total_ns)
r0=$(cat $P/proc_readdirs 2>/dev/null || echo 0)
sleep "$window"
r1=$(cat $P/proc_readdirs 2>/dev/null || echo 0)
t1=$(uptime_cs) ns1=$(cat $P/sweep_total_ns) n1=$(cat $P/sweep_count) p1=$(cat $P/text_passes)
c1=$(cat $P/check_total_ns)
# share in units of 0.001% of one core: ns / (cs * 10^7) * 10^5
share=$(((ns1 - ns0) / (t1 - t0) / 100))
sweeps=$((n1 - n0))
mean_us=$(((ns1 - ns0) / sweeps / 1000))
pct() { echo "$(($1 / 1000)).$(printf %03d $(($1 % 1000)))%"; }
echo "BENCH: integrity window_s=$(((t1 - t0) / 100)) sweep_ms=$sweep hash_period_ms=$period sweeps=$sweeps text_passes_done=$((p1 - p0)) mean_sweep_us=$mean_us cpu_share=$(pct $share)"
# Mean time of each check per sweep over the window, us.
per_check=$(echo "$c0 $c1" | tr ',' ' ' | awk -v n="$sweeps" '{
	h = NF / 2; out = ""
	for (i = 1; i <= h; i++) {
		if (i > 1) out = out ","
		out = out sprintf("%d", ($(i + h) - $i) / n / 1000)
	}
	print out }')
echo "BENCH: integrity mean_us_per_sweep(tables,text,modtext,modules,hooks,procs,taint,self)=$per_check"
# Hot pages (hashed every sweep, part of "text") and readdirs of /proc (sampled, part of "procs").
echo "BENCH: integrity hot_pages=$(cat $P/hot_pages 2>/dev/null || echo -) hot_functions=$(cat $P/hot_functions_found 2>/dev/null || echo -) hot_us_last=$(($(cat $P/hot_last_ns 2>/dev/null || echo 0) / 1000)) proc_readdirs=$((r1 - r0)) in $sweeps sweeps"

full= fullsweep=
for i in 1 2 3; do
	c=$(cat $P/full_passes)
	sysctl -w ved.sweep_now=1 >/dev/null
	while [ "$(cat $P/full_passes)" = "$c" ]; do sleep 0.2; done
	sleep 0.3
	full="$full $(($(cat $P/full_pass_last_ns) / 1000))"
	fullsweep="$fullsweep $(($(cat $P/full_sweep_last_ns) / 1000))"
done
echo "BENCH: integrity full_pass_us=$full full_sweep_us=$fullsweep (ved.sweep_now x3)"

line=$(dmesg | grep 'ved: integrity: .* pages hashed' | tail -1)
echo "$line"
set -- $(echo "$line" | sed -E 's/.*: ([0-9]+) text, ([0-9]+) rodata, ([0-9]+) ex_table pages hashed, ([0-9]+) patch sites masked.*/\1 \2 \3 \4/')
pages=$(($1 + $2 + $3)) masks=$4
echo "BENCH: integrity memory hashes=$((pages * 8)) masks=$((masks * 8)) order=$(((pages + 2) * 4)) bytes (pages=$pages sites=$masks); ved.ko $(awk '$1 == "ved" { print $2 }' /proc/modules) bytes"
pass bench-integrity-sweep "share=$(pct $share) sweeps=$sweeps mean=${mean_us}us full_pass=${full# }us"
