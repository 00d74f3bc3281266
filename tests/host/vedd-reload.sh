#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vedd's SIGHUP reload, end to end: vedd reads a fake device (a FIFO that
# this script holds open for writing and feeds whole records into, as
# /dev/ved hands them out), writing ECS to a file.  The configuration file
# is then replaced by a malformed one: SIGHUP must be refused with an
# error naming FILE:LINE, vedd keeps running on the old configuration
# (records still reach the old output).  A good new configuration and
# SIGHUP then move the records to the new output.  TAP output.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$top/build}
vedd=$BUILD/vedd/vedd-asan
gen=$BUILD/vedd/vedd-gen
work=$(mktemp -d)
vpid=
cleanup() {
	[ -n "$vpid" ] && kill "$vpid" 2>/dev/null
	exec 3>&- 2>/dev/null
	wait 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
check() { local d=$1; shift; if "$@"; then ok "$d"; else notok "$d" "command failed: $*" "$(tail -5 "$work/log" 2>/dev/null)"; fi; }

# wait_for SECONDS CMD...: poll until CMD succeeds.
wait_for() {
	local t=$(( $1 * 10 )); shift
	while [ $t -gt 0 ]; do "$@" && return 0; sleep 0.1; t=$((t - 1)); done
	return 1
}
lines() { [ -f "$1" ] && [ "$(wc -l <"$1")" = "$2" ]; }
# feed START: three records, sequence numbers START.., in one write (a
# pipe write below PIPE_BUF is atomic: the reader sees whole records).
feed() { "$gen" -n 3 -s "$1" >"$work/batch" && cat "$work/batch" >&3; }
logged() { grep -qF -- "$1" "$work/log"; }
seqs() { python3 -c 'import json,sys; print(" ".join(str(json.loads(l)["ved"]["seq"]) for l in open(sys.argv[1])))' "$1"; }

echo "1..13"
mkfifo "$work/dev"
exec 3<>"$work/dev"	# our writer end: vedd never sees end of file
good_config() {	# good_config OUTPUT FORMAT
	cat >"$work/vedd.yaml" <<YAML
device: $work/dev
state_dir: $work/state
hostname: reload-host
outputs:
  - name: main
    type: file
    format: $2
    path: $work/$1
YAML
}
good_config a.json ecs
"$vedd" -c "$work/vedd.yaml" 2>"$work/log" &
vpid=$!
check "vedd starts on the fake device" wait_for 10 logged "reading $work/dev, 1 outputs"

feed 1
check "records reach the first output" wait_for 10 lines "$work/a.json" 3

# A malformed file: an unknown key on line 7, and then broken YAML.
good_config a.json ecs
sed -i 's/^    format: ecs$/    formt: ecs/' "$work/vedd.yaml"
kill -HUP "$vpid"
check "a malformed file on SIGHUP: error names FILE:LINE and the problem" \
	wait_for 10 logged "reload refused, keeping the running configuration: $work/vedd.yaml:7: output: unknown key \"formt\""
printf 'outputs:\n  - type: file\n    path: [unclosed\n' >"$work/vedd.yaml"
kill -HUP "$vpid"
check "a YAML syntax error on SIGHUP is refused with its line" \
	wait_for 10 grep -qE "reload refused, keeping the running configuration: $work/vedd.yaml:[0-9]+: " "$work/log"
check "vedd is still running" kill -0 "$vpid"
feed 4
check "records still reach the old output after the refused reloads" wait_for 10 lines "$work/a.json" 6
check "the old output got every record in order" [ "$(seqs "$work/a.json")" = "1 2 3 4 5 6" ]
check "no reload was applied meanwhile" sh -c "! grep -q 'configuration reloaded' '$work/log'"

good_config b.json falco
kill -HUP "$vpid"
check "a good new configuration on SIGHUP is applied" \
	wait_for 10 logged "configuration reloaded from $work/vedd.yaml (1 outputs)"
feed 7
check "records reach the new output (Falco format)" wait_for 10 lines "$work/b.json" 3
check "the new output has the new records, in the new format" \
	python3 -c 'import json,sys; l=[json.loads(x) for x in open(sys.argv[1])]; assert [x["output_fields"]["ved.seq"] for x in l] == [7,8,9] and all(x["source"] == "ved" for x in l)' "$work/b.json"
check "the old output got nothing more" lines "$work/a.json" 6

kill -TERM "$vpid"
wait "$vpid"
rc=$?
vpid=
check "SIGTERM: exit 0, every sequence number accounted for" \
	sh -c "[ $rc = 0 ] && grep -q 'records=9 kernel_dropped=0 seq_missing=0 unexplained=0' '$work/log'"
