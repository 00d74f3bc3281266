#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vedctl audit against the reference verdicts (tests/fixtures/khc): every
# one of the 363 checks must agree on pass/fail; N/A is accepted only where
# the reference fails a check because the option "is not found".
# One TAP line per reference case, with the count of agreements.
set -u
here=$(cd "$(dirname "$0")" && pwd)
fix=$here/../fixtures/khc
vedctl=${BUILD:?BUILD not set}/ved/bin/vedctl
echo "1..2"
n=0
run_case() {	# run_case NAME CONFIG CMDLINE SYSCTL EXPECT
	n=$((n + 1))
	local out rc
	out=$("$vedctl" audit --json --config "$fix/$2" --cmdline "$fix/$3" --sysctl "$fix/$4" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
		echo "not ok $n - parity $1: vedctl exit $rc: $out"
		return
	fi
	check=$(cat <<'PY'
import json, sys
expect = json.load(open(sys.argv[1]))
got = json.load(sys.stdin)["checks"]
by_key = {(c["option_name"], c["type"], c["desired_val"]): c for c in got}
agree = na = 0
problems = []
for e in expect:
    c = by_key.get((e["option_name"], e["type"], e["desired_val"]))
    want = "OK" if e["check_result_bool"] else "FAIL"
    if c is None:
        problems.append(f"{e['option_name']} ({e['desired_val']}): missing")
    elif c["result"] == want:
        agree += 1
    elif c["result"] == "N/A" and e["check_result"] == "FAIL: is not found":
        na += 1
    else:
        problems.append(f"{e['option_name']} ({e['desired_val']}): reference {e['check_result']!r}, ved {c['result']} {c['reason']!r}")
for p in problems:
    print("# disagreement:", p)
status = "ok" if not problems and agree + na == len(expect) else "not ok"
print(f"{status} {sys.argv[3]} - parity {sys.argv[2]}: {agree}/{len(expect)} agree, {na} N/A where the reference says not found, {len(problems)} disagree")
PY
)
python3 -c "$check" "$fix/$5" "$1" "$n" <<<"$out"
}
run_case 6.1-default debian12-6.1.config debian-default.cmdline default.sysctl expect-6.1-default.json
run_case 6.12-hardened debian12-6.12.config hardened.cmdline hardened.sysctl expect-6.12-hardened.json
