# SPDX-License-Identifier: GPL-2.0
# ved's demo: a guest with the lab's vulnerable driver, attacked by an
# unprivileged user, first unprotected, then protected by ved.
# guest: timeout=400
. /tests/lib/guest.sh

banner() { printf '\n==== %s ====\n' "$*"; }

# attack NAME PROGRAM [ARGS]: run one lab attack as uid 1000, say what came of it.
attack() {
	name=$1; shift
	command -v "$1" >/dev/null || return 0
	printf '\n--- attack: %s (%s, as uid 1000)\n' "$name" "$1"
	rm -f /tmp/*-proof
	out=$(as_user "$@" 2>&1); rc=$?
	echo "$out" | sed 's/^/    | /'
	if [ "$(echo "$out" | tail -1)" = 0 ]; then
		echo "    => ROOT: the attack worked (id -u printed 0)"
	elif [ $rc = 0 ] && ls /tmp/*-proof >/dev/null 2>&1; then
		echo "    => ROOT: the attack worked (root-owned proof file created)"
	elif [ $rc = 137 ]; then
		echo "    => stopped: the attacker was killed (SIGKILL)"
	else
		echo "    => no root (exit $rc)"
	fi
}

run_attacks() {
	attack "ROP commit_creds"        rop-commit-creds 'id -u'
	attack "cred overwrite"          cred-overwrite 'id -u'
	attack "modprobe_path overwrite" modprobe-path
	attack "core_pattern overwrite"  core-pattern
}

load_lab >/dev/null 2>&1
banner "ved demo on Linux $(uname -r): KASLR, SMEP, SMAP and KPTI on"
echo "uid 1000 can open /dev/vedlab, a driver with a stack overflow, an"
echo "out-of-bounds write and an out-of-bounds read, as in real CVEs."

banner "1. Without ved"
run_attacks

banner "2. With ved (default profile)"
load_ved
for k in profile lock mode.creds mode.cpu mode.umh mode.wcfi; do
	printf '    ved.%-12s = %s\n' "$k" "$(sysctl -n ved.$k 2>/dev/null)"
done
run_attacks

banner "3. Alerts from /dev/ved"
vedcat | sed 's/^/    /'
banner "4. Kernel log"
dmesg | grep 'ved: detector=' | sed 's/^/    /'
echo
echo "VEDTEST: PASS demo finished"
