# SPDX-License-Identifier: GPL-2.0
# vedd to a real rsyslogd in the guest: Debian's rsyslogd (copied in by
# guest/mkinitramfs.sh from vedd/tools/rsyslog-guest.sh's list) listens on
# 127.0.0.1 over TCP (octet counting) and TLS (RFC 5425, a test CA made at
# build time); vedd forwards to both.  Lab attack b works with the creds
# detector off and is blocked with it on; the alert rsyslogd received over
# each transport is checked against vedd's own ECS line (byte for byte)
# and field by field: the RFC 5424 header, the structured data (seq,
# detector, action, pid, exe...) and the JSON body.
# guest: timeout=400
. /tests/lib/guest.sh
. /tests/lib/attacks.sh
RS=/usr/sbin/rsyslogd
TLSDIR=/etc/vedtest/tls
TCP_PORT=10514 TLS_PORT=10515
W=/tmp/rs VD=/tmp/vedd
if [ ! -x $RS ] || [ ! -f $TLSDIR/server.pem ]; then
	fail vedd-rsyslog-setup "rsyslogd or the test CA is not in the guest (host: apt-get install rsyslog rsyslog-gnutls; make)"
	exit 1
fi
load_lab || { fail vedd-rsyslog-setup "vedlab did not load"; exit 1; }
load_ved || { fail vedd-rsyslog-setup "ved did not load"; exit 1; }
mkdir -p $W $VD

# start_rsyslog NAME MODULE-AND-INPUT: one rsyslogd writing what it receives
# twice: the whole message as received (%rawmsg%) and its body (%msg%).
start_rsyslog() {
	mkdir -p $W/$1
	cat >$W/$1.conf <<CONF
global(workDirectory="$W/$1" maxMessageSize="64k"
       defaultNetstreamDriverCAFile="$TLSDIR/ca.pem"
       defaultNetstreamDriverCertFile="$TLSDIR/server.pem"
       defaultNetstreamDriverKeyFile="$TLSDIR/server.key")
template(name="raw" type="string" string="%rawmsg%\n")
template(name="body" type="string" string="%msg%\n")
$2
action(type="omfile" file="$W/$1.raw" template="raw")
action(type="omfile" file="$W/$1.body" template="body")
CONF
	$RS -n -f $W/$1.conf -i $W/$1.pid >$W/$1.out 2>&1 &
}
start_rsyslog tcp "module(load=\"imtcp\")
input(type=\"imtcp\" address=\"127.0.0.1\" port=\"$TCP_PORT\")"
start_rsyslog tls "module(load=\"imtcp\" streamDriver.name=\"gtls\" streamDriver.mode=\"1\" streamDriver.authMode=\"anon\")
input(type=\"imtcp\" address=\"127.0.0.1\" port=\"$TLS_PORT\")"

listening() {	# listening PORT: a TCP socket listens on 127.0.0.1:PORT
	grep -q "0100007F:$(printf %04X "$1") 00000000:0000 0A" /proc/net/tcp
}
i=0
while [ $i -lt 60 ] && ! { listening $TCP_PORT && listening $TLS_PORT; }; do sleep 0.5; i=$((i + 1)); done
expect vedd-rsyslog-listening "rsyslogd listens on 127.0.0.1 over TCP and TLS" \
	sh -c "grep -q '0100007F:$(printf %04X $TCP_PORT) 00000000:0000 0A' /proc/net/tcp &&
	       grep -q '0100007F:$(printf %04X $TLS_PORT) 00000000:0000 0A' /proc/net/tcp"
cat $W/tcp.out $W/tls.out

cat >$VD/vedd.yaml <<YAML
state_dir: $VD/state
outputs:
  - type: file
    path: $VD/ecs.json
  - type: file
    format: raw
    path: $VD/stream.bin
  - name: tcp
    type: syslog
    transport: tcp
    host: 127.0.0.1
    port: $TCP_PORT
    facility: auth
  - name: tls
    type: syslog
    transport: tls
    host: 127.0.0.1
    port: $TLS_PORT
    facility: auth
    tls:
      ca_file: $TLSDIR/ca.pem
      server_name: localhost
YAML
expect vedd-rsyslog-config "vedd --check accepts the configuration" vedd --check -c $VD/vedd.yaml
vedd -c $VD/vedd.yaml 2>$VD/log &
vpid=$!
sleep 1

# Both sides: the attack works with the detector off, and is blocked with it on.
sysctl -w ved.mode.creds=off >/dev/null
if attack cred-overwrite; then
	pass vedd-rsyslog-attack-off "with ved.mode.creds=off lab attack b gets a root shell"
else
	fail vedd-rsyslog-attack-off "the attack failed even with the detector off: $(echo "$ATTACK_OUT" | tail -1)"
fi
sysctl -w ved.mode.creds=block >/dev/null
if attack cred-overwrite; then
	fail vedd-rsyslog-attack-blocked "the attack still got a root shell"
else
	pass vedd-rsyslog-attack-blocked "no root shell: $(echo "$ATTACK_OUT" | tail -1 | cut -c1-60)"
fi
sleep 3
kill -TERM $vpid
wait $vpid
expect vedd-rsyslog-sigterm "SIGTERM: vedd flushes, sends and exits 0" [ $? = 0 ]
cat $VD/log
# sent_all NAME LOG: the output sent every event it encoded, nothing left spooled.
sent_all() {
	_st=$(grep "stats: output $1: " "$2")
	_ev=$(echo "$_st" | sed -n 's/.* events=\([0-9]*\) .*/\1/p')
	_sent=$(echo "$_st" | sed -n 's/.* sent=\([0-9]*\) .*/\1/p')
	[ -n "$_ev" ] && [ "$_ev" -gt 0 ] && [ "$_sent" = "$_ev" ] && echo "$_st" | grep -q "errors=0 .* spooled_bytes=0 "
}
expect vedd-rsyslog-tcp-sent "vedd sent every event over TCP" sent_all tcp $VD/log
expect vedd-rsyslog-tls-sent "vedd sent every event over TLS, the server verified with the test CA" \
	sent_all tls $VD/log

# vedd's own ECS line for the blocked attack: the reference.
alert=$(grep '"type":"cred_change"' $VD/ecs.json | grep '"action":"block"' | head -1)
expect vedd-rsyslog-alert "vedd wrote an ECS alert for the blocked attack" [ -n "$alert" ]
echo "$alert" >$VD/alert.json
seq=$(vedd-jsonflat $VD/alert.json | sed -n 's/^ved\.seq=//p')
pid=$(vedd-jsonflat $VD/alert.json | sed -n 's/^process\.pid=//p')
echo "alert: seq=$seq pid=$pid"

# field FILE KEY=VALUE...: every line is in FILE (named after the file).
field() {
	_ff=$1; shift
	for _kv in "$@"; do
		if grep -qxF "$_kv" "$_ff"; then
			pass "vedd-rsyslog-$(basename "$_ff" .flat):$_kv" "field"
		else
			fail "vedd-rsyslog-$(basename "$_ff" .flat):$_kv" "got: $(grep "^${_kv%%=*}=" "$_ff" | head -1)"
		fi
	done
}

for t in tcp tls; do
	# rsyslogd writes asynchronously: give it a moment.
	i=0
	while [ $i -lt 20 ] && ! grep -qxF "$alert" $W/$t.body 2>/dev/null; do sleep 0.5; i=$((i + 1)); done
	expect vedd-rsyslog-$t-intact "rsyslogd got the alert over ${t}, JSON body byte for byte as vedd wrote it" \
		grep -qxF "$alert" $W/$t.body
	grep -F "[ved@" $W/$t.raw | grep -F " seq=\"$seq\" " | head -1 >$W/$t.line
	echo "$t raw: $(cut -c1-400 $W/$t.line)"
	# <PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG: auth (4) * 8 + critical (2) = 34.
	expect vedd-rsyslog-$t-header "RFC 5424 header: <34>1, host, app, procid, msgid" \
		grep -qE '^<34>1 20[0-9-]{8}T[0-9:]{8}\.[0-9]{6}Z vedguest ved [0-9]+ cred_change \[ved@' $W/$t.line
	sed -n 's/^[^[]*\[ved@[0-9]* \(.*\)\] {.*$/\1/p' $W/$t.line | tr ' ' '\n' | tr -d '"' >$W/$t-sd.flat
	field $W/$t-sd.flat "seq=$seq" type=cred_change detector=creds action=block severity=critical \
		rule=VED-CREDS-001 technique=T1068 "pid=$pid" uid=1000 euid=1000 comm=cred-overwrite
	expect vedd-rsyslog-$t-sd-exe "structured data names the executable and the parent" \
		sh -c "grep -qE '^exe=/' $W/$t-sd.flat && grep -qE '^ppid=[1-9][0-9]*$' $W/$t-sd.flat"
	sed 's/^[^]]*\] //' $W/$t.line >$W/$t-body.json
	vedd-jsonflat $W/$t-body.json >$W/$t-json.flat
	field $W/$t-json.flat "ved.seq=$seq" ved.detector=creds ved.action=block event.action=cred_change \
		event.outcome=failure rule.id=VED-CREDS-001 "process.pid=$pid" process.name=cred-overwrite \
		user.id=1000 ved.cred.changes[0].field=uid ved.cred.changes[0].old=1000 \
		ved.cred.changes[0].new=0 host.hostname=vedguest
done

# The other side of the TLS check: the same stream, replayed to a vedd that
# trusts the wrong certificate (the server's own, not its CA), is not sent.
cat >$VD/wrongca.yaml <<YAML
state_dir: $VD/state-wrongca
outputs:
  - name: tls
    type: syslog
    transport: tls
    host: 127.0.0.1
    port: $TLS_PORT
    retry_min_ms: 200
    tls:
      ca_file: $TLSDIR/server.pem
      server_name: localhost
YAML
before=$(wc -l <$W/tls.body)
vedd -c $VD/wrongca.yaml --input $VD/stream.bin 2>$VD/wrongca.log
cat $VD/wrongca.log
expect vedd-rsyslog-tls-unverified "a server the CA file does not vouch for gets nothing" \
	sh -c "grep -q 'stats: output tls: events=[1-9][0-9]* errors=0 sent=0 ' $VD/wrongca.log &&
	       [ \$(wc -l <$W/tls.body) = $before ]"
kill $(cat $W/tcp.pid $W/tls.pid 2>/dev/null) 2>/dev/null
