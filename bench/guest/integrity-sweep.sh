# SPDX-License-Identifier: GPL-2.0
# guest: timeout=300
# Benchmark: time of one full integrity/rootkit/self sweep, its CPU share at
# the default interval (the delay is drawn in [interval/2, interval], mean
# 0.75 x interval), and ved's memory.  Run in a guest (QEMU TCG: the times
# are an emulator's, several times those of real hardware).
. /tests/lib/guest.sh

load_ved || { echo "BENCH: ved did not load"; exit 1; }
P=/sys/module/ved/parameters
sweep=$(sysctl -n ved.sweep_ms)
sleep 20
n=$(cat $P/sweep_count) last=$(cat $P/sweep_last_ns) max=$(cat $P/sweep_max_ns)
# CPU share of one core at the default interval, in per mille x 10 (0.01%).
share=$((last * 10000 / (sweep * 750000)))
echo "BENCH: integrity sweeps=$n interval_ms=$sweep last_sweep_us=$((last / 1000)) max_sweep_us=$((max / 1000)) cpu_share=$((share / 100)).$(printf %02d $((share % 100)))%"
echo "BENCH: ved module size $(awk '$1 == "ved" { print $2 }' /proc/modules) bytes"
dmesg | grep 'ved: integrity:'
grep -E '^(Slab|VmallocUsed)' /proc/meminfo
pass bench-integrity-sweep "sweeps=$n last=${last}ns max=${max}ns share=$((share / 100)).$(printf %02d $((share % 100)))%"
