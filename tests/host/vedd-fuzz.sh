#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vedd's libFuzzer targets (vedd/fuzz/), each for a bounded time
# (VEDD_FUZZ_SECONDS, default 15), seeded with a generated record stream
# and the example configuration.  TAP output; a crash is "not ok" and its
# reproducer is kept in $BUILD/vedd/fuzz-crashes/.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$top/build}
secs=${VEDD_FUZZ_SECONDS:-15}
targets=(decoder config)
echo "1..${#targets[@]}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
crashes=$BUILD/vedd/fuzz-crashes
mkdir -p "$crashes"
i=0
for t in "${targets[@]}"; do
	i=$((i + 1))
	bin=$BUILD/vedd/fuzz-$t
	if [ ! -x "$bin" ]; then
		echo "not ok $i - vedd-fuzz-$t # $bin not built (clang missing?)"
		continue
	fi
	mkdir -p "$work/$t"
	case $t in
	decoder)
		"$BUILD/vedd/vedd-gen" -n 8 -g 3 >"$work/$t/seed1"
		"$BUILD/vedd/vedd-gen" -n 1 >"$work/$t/seed2" ;;
	config)
		cp "$top/vedd/vedd.yaml" "$work/$t/seed1" ;;
	esac
	if "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$crashes/$t-" "$work/$t" >"$work/$t.log" 2>&1; then
		echo "ok $i - vedd-fuzz-$t ($(grep -o 'Done [0-9]* runs' "$work/$t.log" | head -1) in ${secs}s)"
	else
		echo "not ok $i - vedd-fuzz-$t (reproducer in $crashes)"
		tail -30 "$work/$t.log" | sed 's/^/# /'
	fi
done
