# SPDX-License-Identifier: GPL-2.0
# The lab attacks as one-liners for detector scenarios (source after
# guest.sh).  attack NAME runs lab attack NAME as uid 1000, leaves its output
# in $ATTACK_OUT, and returns 0 only if the attack reached its goal (a root
# shell, or a root-owned proof file written by the attacker's payload).
# Each attack's own tests/guest/attack-*.sh proves it works unprotected.

ATTACK_OUT=

# root_shell_said WANT: the attack's shell printed WANT as its last line.
root_shell_said() {
	[ "$(echo "$ATTACK_OUT" | tail -1)" = "$1" ]
}

# proof_by_root FILE: FILE exists, is root's, and its payload saw uid 0.
proof_by_root() {
	root_owned "$1" && grep -q -E '^(0|uid=0)' "$1"
}

attack() {
	rm -f /tmp/*-proof
	case $1 in
	rop-commit-creds|cred-overwrite|stack-pivot|mid-function-return|cr4-smep-off)
		ATTACK_OUT=$(as_user "$1" 'id -u' 2>&1)
		root_shell_said 0 ;;
	ns-escape)
		want="0 $(readlink /proc/1/ns/mnt) $(readlink /proc/1/ns/user)"
		ATTACK_OUT=$(as_user ns-escape \
			'echo "$(id -u) $(readlink /proc/self/ns/mnt) $(readlink /proc/self/ns/user)"' 2>&1)
		root_shell_said "$want" ;;
	rop-usermodehelper)
		ATTACK_OUT=$(as_user rop-usermodehelper /tmp/umh-payload.sh /tmp/umh-proof 2>&1)
		proof_by_root /tmp/umh-proof ;;
	modprobe-path)
		ATTACK_OUT=$(as_user modprobe-path exec 2>&1)
		proof_by_root /tmp/modprobe-proof ;;
	core-pattern)
		ATTACK_OUT=$(as_user core-pattern 2>&1)
		proof_by_root /tmp/core-pattern-proof ;;
	*)
		echo "attack: unknown attack $1" >&2
		return 2 ;;
	esac
}

# blocked_and_reported NAME DETECTOR KEY=VALUE...: with DETECTOR's mode as it
# is, attack NAME fails and /dev/ved holds a matching event; then with the
# detector off the same attack succeeds.  Checks are named DETECTOR-NAME-*.
blocked_and_reported() {
	a=$1 det=$2; shift 2
	events >/dev/null	# start from an empty stream
	if attack "$a"; then
		fail "$det-$a-blocked" "the attack still succeeded"
		echo "$ATTACK_OUT"
	else
		pass "$det-$a-blocked" "the attack failed: $(echo "$ATTACK_OUT" | tail -1 | cut -c1-60)"
	fi
	events >/tmp/ev-$a
	expect_event "$det-$a-event" "event fields" /tmp/ev-$a "$@"
	saved=$(sysctl -n ved.mode.$det)
	sysctl -w ved.mode.$det=off >/dev/null
	if attack "$a"; then
		pass "$det-$a-off" "with ved.mode.$det=off the same attack succeeds"
	else
		fail "$det-$a-off" "the attack failed even with the detector off"
		echo "$ATTACK_OUT"
	fi
	sysctl -w ved.mode.$det="$saved" >/dev/null
}

# creds_still_block NAME DETAIL: lab attack b (cred-overwrite) fails and the
# creds detector reports the block.  The self-protection tests use it to show
# that ved's defenses work again after a tamper was undone.
creds_still_block() {
	events >/dev/null
	if attack cred-overwrite; then
		fail "$1" "$2: the attack still gave root"; echo "$ATTACK_OUT"
	else
		pass "$1" "$2: no root shell"
	fi
	events >/tmp/ev-att
	expect_event "$1-event" "creds detector blocked it" /tmp/ev-att \
		type=cred_change detector=creds action=block comm=cred-overwrite
}
