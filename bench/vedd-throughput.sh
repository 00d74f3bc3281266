#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench/vedd-throughput.sh [COUNT]: records per second vedd sustains from a
# recorded stream (as /dev/ved delivers it) to a file output, per format,
# on one core, and its peak RSS.  Target: >= 100k records/s, RSS bounded
# (independent of COUNT).  Uses the static release build.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
count=${1:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$BUILD/vedd/vedd-gen" -n "$count" -g 1000 >"$work/stream.bin"
echo "vedd throughput: $count records ($(du -h "$work/stream.bin" | cut -f1)), one core"
for fmt in ecs falco kv raw; do
	cat >"$work/c.yaml" <<YAML
state_dir: $work/state
outputs:
  - type: file
    format: $fmt
    path: $work/out.$fmt
    max_size: 256M
    keep: 1
YAML
	start=$(date +%s.%N)
	/usr/bin/time -f '%M %U %S' -o "$work/rss" taskset -c 0 "$BUILD/ved/bin/vedd" -c "$work/c.yaml" \
		--input "$work/stream.bin" 2>"$work/log"
	end=$(date +%s.%N)
	# Wall-clock rate, and the rate per CPU second (what one core sustains
	# when the machine is busy with other work).
	read -r rss usr sys <"$work/rss"
	awk -v n="$count" -v s="$start" -v e="$end" -v rss="$rss" -v cpu="$usr + $sys" -v f="$fmt" \
		'BEGIN { split(cpu, c, " + "); t = c[1] + c[2]; if (t <= 0) t = 0.01;
			printf "  %-6s %9.0f records/s wall (%6.2f s)  %9.0f records/CPU-s  max RSS %d KiB\n",
				f, n / (e - s), e - s, n / t, rss }'
	rm -f "$work"/out.*
done
