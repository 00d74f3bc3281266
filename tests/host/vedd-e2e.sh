#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vedd end to end on the host, fed by a recorded record stream (vedd-gen,
# as /dev/ved delivers it, with kernel drops): ECS, Falco and raw files,
# and a real rsyslogd on 127.0.0.1 receiving the same alerts over UDP, TCP
# (octet counting) and TLS (RFC 5425), including while it starts late
# (spool + backoff).  TAP output.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$top/build}
vedd=$BUILD/vedd/vedd-asan
gen=$BUILD/vedd/vedd-gen
rsyslogd=$(command -v rsyslogd || echo /usr/sbin/rsyslogd)
work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
check() { local d=$1; shift; if "$@"; then ok "$d"; else notok "$d" "command failed: $*"; fi; }

echo "1..12"
cd "$work" || exit 1
"$gen" -n 400 -g 97 >stream.bin
expected=$(( 400 - 400 / 97 ))	# records that exist, DROPPED ones included

# --- files ---------------------------------------------------------------
cat >files.yaml <<YAML
state_dir: $work/state
hostname: e2e-host
outputs:
  - type: file
    path: $work/ecs.json
  - type: file
    format: falco
    path: $work/falco.json
  - type: file
    format: raw
    path: $work/copy.bin
YAML
"$vedd" -c files.yaml --input stream.bin 2>files.log
check "vedd replays a stream into ECS, Falco and raw files" [ $? = 0 ]
check "every record in the ECS file ($expected)" [ "$(wc -l <ecs.json)" = "$expected" ]
check "raw output is the input stream, byte for byte" cmp -s stream.bin copy.bin
check "kernel drops counted, nothing unexplained" \
	grep -q "kernel_dropped=4 seq_missing=4 unexplained=0" files.log
check "ECS lines are JSON with the alert fields" python3 - ecs.json <<'PY'
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    assert e["host"]["name"] == "e2e-host"
    assert e["event"]["kind"] in ("alert", "event")
    if e["ved"]["type"] == "cred_change":
        assert e["event"]["category"] == ["process", "intrusion_detection"]
        assert e["rule"]["id"] == "VED-CREDS-001" and e["threat"]["technique"]["id"] == "T1068"
        assert e["ved"]["cred"]["changes"][0] == {"field": "uid", "old": "1000", "new": "0"}
PY
check "Falco lines carry rule, priority, output_fields" python3 - falco.json <<'PY'
import json, sys
for line in open(sys.argv[1]):
    f = json.loads(line)
    assert set(f) == {"time", "rule", "priority", "output", "output_fields", "source", "hostname", "tags"}
    assert f["source"] == "ved" and f["output_fields"]["proc.name"] == "cred-overwrite"
PY

# --- bad configuration -----------------------------------------------------
printf 'outputs:\n  - type: file\n    path: /x\n    formt: ecs\n' >bad.yaml
out=$("$vedd" -c bad.yaml --input stream.bin 2>&1); rc=$?
check "a bad configuration is refused with file, line and problem" \
	[ $rc = 1 -a "$out" = "vedd: bad.yaml:4: output: unknown key \"formt\"" ]

# --- rsyslogd ---------------------------------------------------------------
if [ ! -x "$rsyslogd" ]; then
	for i in 1 2 3 4 5; do notok "rsyslog $i # SKIP rsyslogd not installed (apt-get install rsyslog rsyslog-gnutls)"; done
	exit 0
fi
base=$(( 20000 + ($$ % 2000) * 4 ))
udp=$base tcp=$((base + 1)) tls=$((base + 2))
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
	-addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
	-keyout key.pem -out cert.pem >/dev/null 2>&1
start_rsyslog() {	# NAME CONFIG
	mkdir -p "$work/rs-$1"
	cat >"$work/rs-$1.conf" <<CONF
global(workDirectory="$work/rs-$1" maxMessageSize="64k"
       defaultNetstreamDriverCAFile="$work/cert.pem"
       defaultNetstreamDriverCertFile="$work/cert.pem"
       defaultNetstreamDriverKeyFile="$work/key.pem")
template(name="msgonly" type="string" string="%msg%\n")
$2
action(type="omfile" file="$work/rs-$1.log" template="msgonly")
CONF
	"$rsyslogd" -n -f "$work/rs-$1.conf" -i "$work/rs-$1.pid" >"$work/rs-$1.out" 2>&1 &
	pids+=($!)
}
start_rsyslog udp "module(load=\"imudp\")
input(type=\"imudp\" address=\"127.0.0.1\" port=\"$udp\" rcvBufSize=\"8m\")"
start_rsyslog tcp "module(load=\"imtcp\")
input(type=\"imtcp\" address=\"127.0.0.1\" port=\"$tcp\")"
sleep 1

cat >net.yaml <<YAML
state_dir: $work/state
hostname: e2e-host
outputs:
  - type: file
    path: $work/ecs2.json
  - name: udp
    type: syslog
    transport: udp
    host: 127.0.0.1
    port: $udp
    max_message: 65000
  - name: tcp
    type: syslog
    transport: tcp
    host: 127.0.0.1
    port: $tcp
  - name: tls
    type: syslog
    transport: tls
    host: 127.0.0.1
    port: $tls
    retry_min_ms: 100
    retry_max_ms: 400
    tls:
      ca_file: $work/cert.pem
      server_name: localhost
YAML
# The TLS receiver starts late: vedd spools and retries meanwhile.
( sleep 2; start_rsyslog tls "module(load=\"imtcp\" streamDriver.name=\"gtls\" streamDriver.mode=\"1\" streamDriver.authMode=\"anon\")
input(type=\"imtcp\" address=\"127.0.0.1\" port=\"$tls\")"; wait ) &
pids+=($!)
"$vedd" -c net.yaml --input stream.bin 2>net.log
check "vedd delivers to UDP, TCP and TLS syslog and exits" [ $? = 0 ]
sleep 1
same() {	# the received messages are exactly the ECS lines
	for i in 1 2 3 4 5 6 7 8 9 10; do
		[ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$expected" ] && break
		sleep 0.5
	done
	cmp -s ecs2.json "$1"
}
if same rs-tcp.log; then ok "rsyslogd received every alert intact over TCP"; else
	notok "rsyslogd received every alert intact over TCP" "$(wc -l <rs-tcp.log 2>&1) of $expected lines" "$(diff ecs2.json rs-tcp.log 2>&1 | head -3)"; fi
if same rs-tls.log; then ok "rsyslogd received every alert intact over TLS, after starting late"; else
	notok "rsyslogd received every alert intact over TLS, after starting late" "$(wc -l <rs-tls.log 2>&1) of $expected lines" "$(tail -5 net.log)"; fi
if same rs-udp.log; then ok "rsyslogd received every alert over UDP"; else
	notok "rsyslogd received every alert over UDP" "$(wc -l <rs-udp.log 2>&1) of $expected lines"; fi
check "vedd logged the TLS outage and the reconnection" \
	grep -q "output tls: connected to 127.0.0.1" net.log
