# SPDX-License-Identifier: GPL-2.0
# guest: timeout=300
# vedctl's operator commands against the real module: status before and
# after loading, set (valid, invalid, as a user), events after a lab attack
# (JSON and table, filters), lock (declined, confirmed), then set and rmmod
# refused while locked.
. /tests/lib/guest.sh

# rc_of CMD...: run CMD, output to /tmp/out (stdout and stderr), status in $rc.
rc_of() { "$@" >/tmp/out 2>&1; rc=$?; cat /tmp/out; }
out_has() { grep -q -- "$1" /tmp/out; }

rc_of vedctl status
expect ops-not-loaded "status without ved: exit 3, says so" \
	sh -c "[ $rc = 3 ] && grep -q 'ved is not loaded' /tmp/out"
rc_of vedctl events
expect ops-events-not-loaded "events without ved: exit 3" [ $rc = 3 ]

load_lab || { fail ops-setup "vedlab did not load"; exit 1; }
load_ved || { fail ops-setup "ved did not load"; exit 1; }

# ---- status shows the defaults ----
rc_of vedctl status
expect ops-status-rc "status exit 0" [ $rc = 0 ]
expect ops-status-version "status names the module version and kernel" \
	sh -c "grep -q \"^ved $(cat /sys/module/ved/version), kernel $(uname -r)\" /tmp/out"
expect ops-status-lock "status: unlocked" out_has "lock: *unlocked"
expect ops-status-profile "status: default profile" out_has "profile: *default"
expect ops-status-sweep "status: sweep 1000 ms" out_has "sweep: *1000 ms"
expect ops-status-drops "status: event counters and drops" out_has "emitted, 0 dropped"
ok=1
for d in creds:block cpu:block umh:block wcfi:block integrity:log rootkit:log self:log; do
	grep -q "^  ${d%%:*} *${d#*:}\$" /tmp/out || { ok=0; echo "missing: $d"; }
done
expect ops-status-modes "status: every detector with its default mode" [ $ok = 1 ]
rc_of vedctl status --json
expect ops-status-json "status --json: profile, locked, detector modes" \
	sh -c "grep -q '\"profile\": \"default\"' /tmp/out && grep -q '\"locked\": false' /tmp/out && grep -q '\"name\": \"creds\",' /tmp/out"

# ---- set ----
rc_of vedctl set creds=log umh=log
expect ops-set "set creds=log umh=log: exit 0, both applied (sysctl)" \
	sh -c "[ $rc = 0 ] && [ \"\$(sysctl -n ved.mode.creds)\" = log ] && [ \"\$(sysctl -n ved.mode.umh)\" = log ]"
rc_of vedctl set sweep_ms=500
expect ops-set-sweep "set sweep_ms=500" sh -c "[ $rc = 0 ] && [ \"\$(sysctl -n ved.sweep_ms)\" = 500 ]"
rc_of vedctl set profile=strict
expect ops-set-profile "set profile=strict: integrity and rootkit now block" \
	sh -c "[ $rc = 0 ] && [ \"\$(sysctl -n ved.mode.integrity)\" = block ] && [ \"\$(sysctl -n ved.mode.rootkit)\" = block ] && [ \"\$(sysctl -n ved.profile)\" = strict ]"
rc_of vedctl set profile=default sweep_ms=1000
expect ops-set-back "back to the default profile" \
	sh -c "[ $rc = 0 ] && [ \"\$(sysctl -n ved.mode.creds)\" = block ] && [ \"\$(sysctl -n ved.profile)\" = default ]"

before=$(sysctl -n ved.mode.umh ved.mode.creds ved.sweep_ms ved.profile | tr '\n' ' ')
rc_of vedctl set umh=log creds=loud
expect ops-set-invalid "set umh=log creds=loud: exit 2, names the bad mode" \
	sh -c "[ $rc = 2 ] && grep -q \"unknown mode 'loud'\" /tmp/out && grep -q 'nothing changed' /tmp/out"
rc_of vedctl set sweep_ms=5
expect ops-set-range "set sweep_ms=5: exit 2, says the range" sh -c "[ $rc = 2 ] && grep -q '100 to 60000' /tmp/out"
rc_of vedctl set frobnicate=1
expect ops-set-unknown "set frobnicate=1: exit 2, unknown setting" sh -c "[ $rc = 2 ] && grep -q 'unknown setting' /tmp/out"
after=$(sysctl -n ved.mode.umh ved.mode.creds ved.sweep_ms ved.profile | tr '\n' ' ')
expect ops-set-nothing "the refused commands changed nothing ($after)" [ "$before" = "$after" ]
rc_of as_user vedctl set creds=off
expect ops-set-user "set as a user: exit 4, needs root, creds still block" \
	sh -c "[ $rc = 4 ] && grep -q 'run as root' /tmp/out && [ \"\$(sysctl -n ved.mode.creds)\" = block ]"

# ---- events ----
rc_of as_user vedctl events
expect ops-events-user "events as a user: exit 4, needs root" \
	sh -c "[ $rc = 4 ] && grep -q 'needs root' /tmp/out"
vedctl events >/dev/null 2>&1	# the config records so far
as_user cred-overwrite 'id -u' >/tmp/attack 2>&1
cat /tmp/attack
rc_of vedctl events --json
expect ops-events-rc "events --json: exit 0" [ $rc = 0 ]
grep '"action":"cred_change"' /tmp/out >/tmp/cred.json
ev=$(head -1 /tmp/cred.json)
echo "event: $ev"
ok=1
for f in '"@timestamp":"20' '"provider":"creds"' '"kind":"alert"' '"outcome":"failure"' \
	'"process":{"pid":' '"name":"cred-overwrite"' '"user":{"id":"' \
	'"detector":"creds"' '"action":"block"' '"severity":"critical"' \
	'"cred":{"where":"checkpoint"' '"syscall":59' '"nr_changes":8' \
	'{"field":"uid","old":"1000","new":"0"}' '{"field":"euid","old":"1000","new":"0"}'; do
	case $ev in *"$f"*) ;; *) ok=0; echo "missing: $f" ;; esac
done
expect ops-events-json "events --json: the cred_change event with its fields" [ $ok = 1 ]
expect ops-events-json-lines "one JSON object per line" \
	sh -c "[ \$(grep -c '^{\"@timestamp\":' /tmp/out) = \$(wc -l </tmp/out) ]"

as_user cred-overwrite 'id -u' >/dev/null 2>&1
rc_of vedctl events --detector creds
expect ops-events-table "events (table): header and a cred_change row, blocked" \
	sh -c "[ $rc = 0 ] && grep -q '^TIME  *DETECTOR  *ACTION' /tmp/out && grep -q 'creds  *block  *critical .* cred-overwrite  *cred_change .*uid=1000->0' /tmp/out"
expect ops-events-nocolor "no color codes when not on a terminal" \
	sh -c "! grep -q \"\$(printf '\\033')\" /tmp/out"

as_user cred-overwrite 'id -u' >/dev/null 2>&1
rc_of vedctl events --json --detector umh
expect ops-events-filter "--detector umh hides the creds event" sh -c "[ $rc = 0 ] && [ ! -s /tmp/out ]"
as_user cred-overwrite 'id -u' >/dev/null 2>&1
rc_of vedctl events --json --since 1h --pid 1
expect ops-events-pid "--pid 1 hides the attack's event" sh -c "[ $rc = 0 ] && [ ! -s /tmp/out ]"
rc_of vedctl events --since yesterday-ish
expect ops-events-badsince "--since garbage: exit 2" [ $rc = 2 ]

# ---- lock ----
rc_of vedctl lock </dev/null
expect ops-lock-declined "lock without confirmation: exit 1, still unlocked" \
	sh -c "[ $rc = 1 ] && [ \"\$(sysctl -n ved.lock)\" = 0 ]"
echo no | vedctl lock >/tmp/out 2>&1; rc=$?
expect ops-lock-no "lock answered 'no': exit 1, still unlocked" \
	sh -c "[ $rc = 1 ] && [ \"\$(sysctl -n ved.lock)\" = 0 ]"
rc_of vedctl lock --yes
expect ops-lock "lock --yes: exit 0, ved.lock=1" sh -c "[ $rc = 0 ] && [ \"\$(sysctl -n ved.lock)\" = 1 ]"
rc_of vedctl set creds=log
expect ops-locked-set "set while locked: exit 1, 'locked until reboot', creds still block" \
	sh -c "[ $rc = 1 ] && grep -q 'ved is locked until reboot' /tmp/out && [ \"\$(sysctl -n ved.mode.creds)\" = block ]"
rc_of vedctl set profile=off
expect ops-locked-profile "set profile=off while locked: exit 1" sh -c "[ $rc = 1 ] && [ \"\$(sysctl -n ved.profile)\" = default ]"
rc_of rmmod ved
expect ops-locked-rmmod "rmmod ved fails while locked" sh -c "[ $rc != 0 ] && [ -d /sys/module/ved ]"
rc_of vedctl status
expect ops-locked-status "status: locked until reboot" sh -c "[ $rc = 0 ] && grep -q 'lock: *locked until reboot' /tmp/out"
rc_of vedctl lock --yes
expect ops-lock-again "lock again: exit 0, already locked" sh -c "[ $rc = 0 ] && grep -q 'already locked' /tmp/out"
rc_of vedctl events --json --type config
expect ops-events-config "events --type config: the lock is a config record (0 -> 1, applied)" \
	sh -c "grep -q '\"config\":{\"key\":\"lock\",\"old_value\":\"0\",\"new_value\":\"1\",\"result\":0}' /tmp/out"
