#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Times a full vedctl audit (live, and offline on the reference inputs) and a
# full vedctl scan (every pid up to pid_max, every TCP/UDP port with
# --active); prints the median of RUNS runs (default 7).
#   BUILD=/abs/build bench/vedctl-bench.sh [RUNS]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
vedctl=${BUILD:-$top/build}/ved/bin/vedctl
fix=$top/tests/fixtures/khc
runs=${1:-7}
median_ms() {	# median_ms CMD...: median wall time of RUNS runs, in ms
	local times=() t0 t1
	for _ in $(seq "$runs"); do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1 || true
		t1=$(date +%s%N)
		times+=($(((t1 - t0) / 1000)))
	done
	printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] / 1000 }'
}
echo "vedctl benchmark: median of $runs runs, pid_max $(cat /proc/sys/kernel/pid_max), $(nproc) CPUs"
echo "audit (live, $( "$vedctl" audit --json | grep -c '"id"') checks): $(median_ms "$vedctl" audit --json) ms"
echo "audit (offline, reference 6.12 inputs): $(median_ms "$vedctl" audit --json --config "$fix/debian12-6.12.config" --cmdline "$fix/hardened.cmdline" --sysctl "$fix/hardened.sysctl") ms"
echo "scan (passive, all pids): $(median_ms "$vedctl" scan --json) ms"
echo "scan (--active, all pids and all TCP/UDP ports): $(median_ms "$vedctl" scan --active --json) ms"
echo "scan (--active, pid_max 4194304): $(median_ms "$vedctl" scan --active --json --pid-max 4194304) ms"
