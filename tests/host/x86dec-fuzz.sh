#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fuzz lib/x86dec.c with libFuzzer for a bounded time (X86DEC_FUZZ_SECONDS,
# default 20; at most X86DEC_FUZZ_RUNS inputs, default 20 million), starting
# from seeds generated from the assembler fixtures and the corpus kept from
# earlier runs in $BUILD/tests/fuzz/corpus.  A crash or a failed invariant
# leaves its input in $BUILD/tests/fuzz/ (crash-*) and fails.  TAP output.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$top/build}
out=$BUILD/tests/fuzz
secs=${X86DEC_FUZZ_SECONDS:-20}
runs=${X86DEC_FUZZ_RUNS:-20000000}
echo "1..1"
mkdir -p "$out/corpus"

if ! command -v clang >/dev/null; then
	echo "not ok 1 - x86dec fuzz: clang is not installed (make deps)"
	exit 1
fi
if ! make -s -C "$top/tests/fuzz" BUILD="$BUILD" >"$out/build.log" 2>&1; then
	echo "not ok 1 - x86dec fuzz: build failed"
	sed 's/^/# /' "$out/build.log"
	exit 1
fi

cd "$out" || exit 1
rm -f crash-* leak-* timeout-* oom-*
./x86dec-fuzz -max_total_time="$secs" -runs="$runs" -max_len=64 -timeout=10 \
	-rss_limit_mb=2048 -print_final_stats=1 corpus seeds >fuzz.log 2>&1
rc=$?
done_runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' fuzz.log | tail -1)
grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|^Done' fuzz.log |
	sed 's/^/# /'
echo "# corpus: $(ls corpus | wc -l) inputs"
if [ $rc -eq 0 ] && [ -n "$done_runs" ] && ! ls crash-* >/dev/null 2>&1; then
	echo "ok 1 - x86dec fuzz ($done_runs runs, no crash)"
else
	grep -E 'ERROR|SUMMARY|runtime error|deadly signal|Test unit written' fuzz.log | head -20 | sed 's/^/# /'
	echo "not ok 1 - x86dec fuzz (exit $rc, log $out/fuzz.log)"
	exit 1
fi
