# SPDX-License-Identifier: GPL-2.0
# vedd end to end in the guest: vedd reads /dev/ved while the unprivileged
# user runs lab attack b (cred-overwrite); ved blocks it, and vedd's ECS and
# Falco JSON for the event are checked field by field.  SIGTERM flushes and
# exits 0.
# guest: timeout=300
. /tests/lib/guest.sh
load_lab || { fail vedd-ecs-setup "vedlab did not load"; exit 1; }
load_ved || { fail vedd-ecs-setup "ved did not load"; exit 1; }
VD=/tmp/vedd
mkdir -p $VD
cat >$VD/vedd.yaml <<YAML
state_dir: $VD/state
outputs:
  - type: file
    path: $VD/ecs.json
  - type: file
    format: falco
    path: $VD/falco.json
YAML
expect vedd-config-check "vedd --check accepts the configuration" vedd --check -c $VD/vedd.yaml
vedd -c $VD/vedd.yaml 2>$VD/log &
vpid=$!
sleep 1
expect vedd-running "vedd is running" kill -0 $vpid

out=$(as_user cred-overwrite 'id -u' 2>&1)
echo "$out"
if [ "$(echo "$out" | tail -1)" = 0 ]; then
	fail vedd-attack-blocked "the attack still got a root shell"
else
	pass vedd-attack-blocked "no root shell"
fi
sleep 2
kill -TERM $vpid
wait $vpid
expect vedd-sigterm "SIGTERM: vedd flushes and exits 0" [ $? = 0 ]
cat $VD/log

# One "path=value" line per field of the cred_change document.
doc() {	# doc FILE KEY=VALUE: the flattened document containing that line
	vedd-jsonflat "$1" | awk -v want="$2" '
		$0 == "---" { if (hit) exit; buf = ""; next }
		{ buf = buf $0 "\n"; if ($0 == want) hit = 1 }
		END { if (hit) printf "%s", buf }'
}
doc $VD/ecs.json ved.type=cred_change >$VD/ecs.flat
doc $VD/falco.json output_fields.evt.type=cred_change >$VD/falco.flat
cat $VD/ecs.flat
expect vedd-ecs-event "an ECS document for the cred_change event" [ -s $VD/ecs.flat ]

# (guest.sh's helpers set n, d, f, line, kv: keep clear of those names.)
field() {	# field NAME FILE PATH=VALUE...: every pair is a line of FILE
	_fn=$1 _ff=$2; shift 2
	for _kv in "$@"; do
		if grep -qxF "$_kv" "$_ff"; then
			pass "$_fn:$_kv" "field"
		else
			fail "$_fn:$_kv" "got: $(grep "^${_kv%%=*}=" "$_ff" | head -1)"
		fi
	done
}
field vedd-ecs $VD/ecs.flat \
	ecs.version=8.11.0 event.kind=alert event.category[0]=process \
	event.category[1]=intrusion_detection event.type[0]=change event.type[1]=denied \
	event.action=cred_change event.outcome=failure event.severity=73 event.module=ved \
	rule.id=VED-CREDS-001 "rule.name=Privilege escalation via credential tampering" \
	rule.ruleset=ved threat.framework="MITRE ATT&CK" threat.technique.id=T1068 \
	"threat.technique.name=Exploitation for Privilege Escalation" threat.tactic.id=TA0004 \
	process.name=cred-overwrite user.id=1000 user.name=user user.effective.id=1000 \
	host.hostname=vedguest host.name=vedguest host.os.type=linux "host.os.kernel=$(uname -r)" \
	ved.detector=creds ved.action=block ved.severity=critical ved.cred.where=checkpoint \
	ved.cred.syscall=59 ved.cred.nr_changes=8 \
	ved.cred.changes[0].field=uid ved.cred.changes[0].old=1000 ved.cred.changes[0].new=0
# Fields whose values vary: present and well-formed.
expect vedd-ecs-timestamp "@timestamp is RFC 3339 UTC with nanoseconds" \
	grep -qE '^@timestamp=20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{9}Z$' $VD/ecs.flat
expect vedd-ecs-pid "process.pid and ved.seq are numbers" \
	sh -c "grep -qE '^process.pid=[0-9]+$' $VD/ecs.flat && grep -qE '^ved.seq=[0-9]+$' $VD/ecs.flat"
expect vedd-ecs-rule-description "rule.description is set" grep -q '^rule.description=.\{20,\}' $VD/ecs.flat
# ved killed the attacker: /proc may have nothing left when vedd looks, so
# the executable and the parent come from the record itself (event ABI 2).
field vedd-ecs $VD/ecs.flat process.executable=/opt/lab/bin/cred-overwrite ved.exe_state=path
expect vedd-ecs-parent "process.parent.pid is the attacker's parent" \
	grep -qE '^process\.parent\.pid=[1-9][0-9]*$' $VD/ecs.flat
grep -E '^(process\.(command_line|parent\.name)|group\.name)=' $VD/ecs.flat ||
	echo "note: the blocked task had exited before vedd read /proc"

cat $VD/falco.flat
field vedd-falco $VD/falco.flat \
	"rule=Privilege escalation via credential tampering" priority=Critical source=ved \
	hostname=vedguest tags[0]=ved tags[1]=creds tags[3]=T1068 \
	output_fields.proc.name=cred-overwrite output_fields.user.uid=1000 \
	output_fields.user.name=user output_fields.ved.action=block \
	output_fields.container.id=host
expect vedd-falco-output "Falco output names the rule and priority" \
	grep -q '^output=[0-9:.]*: Critical ved blocked: Privilege escalation' $VD/falco.flat
