#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vedctl scan on this (clean) host, with active probes: no findings, exit 0,
# every check reported with a status; missing facilities are N/A.
set -u
vedctl=${BUILD:?BUILD not set}/ved/bin/vedctl
echo "1..5"
start=$(date +%s%N)
out=$("$vedctl" scan --active --json 2>&1); rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
if [ $rc -eq 0 ]; then echo "ok 1 - scan exits 0 on a clean host (${ms} ms)"; else echo "not ok 1 - scan exit $rc: $out"; fi
check=$(cat <<'PY'
import json, sys
try:
    d = json.load(sys.stdin)
except ValueError as e:
    print(f"not ok 2 - JSON parses: {e}"); print("not ok 3 - no findings"); sys.exit(0)
names = {c["name"]: c["status"] for c in d["checks"]}
want = {"hidden_processes", "hidden_modules", "hidden_sockets", "ftrace_hooks", "kprobes", "bpf_helpers", "taint"}
ok = want <= set(names) and all(s in ("clean", "N/A") for s in names.values())
print(("ok" if ok else "not ok") + f" 2 - every check reported: {names}")
print(("ok" if not d["findings"] and d["summary"]["findings"] == 0 else "not ok") + f" 3 - no findings: {d['findings'][:3]}")
PY
)
python3 -c "$check"  <<<"$out"
"$vedctl" scan --bogus >/dev/null 2>&1; rc=$?
if [ $rc -eq 2 ]; then echo "ok 4 - bad option exits 2"; else echo "not ok 4 - bad option exits $rc"; fi

# Short-lived processes and threads all over the pid space while scanning:
# the re-check must keep them from being reported as hidden.
storm() { while :; do for _ in 1 2 3 4 5 6 7 8; do /bin/true & done; wait; done; }
storm & storm_pid=$!
python3 -c 'import threading, time; [threading.Thread(target=time.sleep, args=(30,), daemon=True).start() for _ in range(50)]; time.sleep(30)' &
threads_pid=$!
out=$("$vedctl" scan --json 2>&1); rc=$?
kill "$storm_pid" "$threads_pid" 2>/dev/null; wait 2>/dev/null
if [ $rc -eq 0 ] && grep -q '"findings": \[\]' <<<"$out"; then
	echo "ok 5 - silent during a fork storm with a 50-thread process"
else
	echo "not ok 5 - fork storm: exit $rc, $(grep -A3 '"findings"' <<<"$out" | head -5)"
fi
