# SPDX-License-Identifier: GPL-2.0
# Helpers for guest scenarios (sourced by tests/guest/*.sh inside the guest).
# A scenario reports each check as one line:
#   VEDTEST: PASS <name> <detail>   or   VEDTEST: FAIL <name> <detail>
# and the host counts them (prefixed with the kernel series).

SERIES=$(uname -r | sed -E 's/^([0-9]+\.[0-9]+).*/\1/')
LAB_PROFILE=/opt/lab/profiles/$(uname -r)
export SERIES LAB_PROFILE

pass() { n=$1; shift; echo "VEDTEST: PASS $n $*"; }
fail() { n=$1; shift; echo "VEDTEST: FAIL $n $*"; }
# note NAME: stdin's first 30 lines as NOTE lines, which tests/run prints
# beside the results, so a failure's evidence reaches the CI log.
note() { head -30 | cut -c1-400 | sed "s|^|VEDTEST: NOTE $1\| |"; }

# expect NAME DETAIL CMD...: one check, passing when CMD exits 0.
expect() {
	n=$1 d=$2; shift 2
	if "$@"; then pass "$n" "$d"; else fail "$n" "$d (command failed: $*)"; fi
}

# as_user CMD...: run CMD as the unprivileged test user (uid/gid 1000, no
# supplementary groups, no capabilities), the way an attacker's shell runs.
as_user() {
	HOME=/home/user USER=user runas 1000 1000 "$@"
}

# load_module NAME [ARGS...]: insmod one of the modules built for this kernel.
load_module() {
	m=$1; shift
	insmod "/lib/modules/ved/$m.ko" "$@"
}

load_lab() {
	load_module vedlab || return 1
	[ -c /dev/vedlab ]
}

# proof_file PATH: a root-owned file that an attack's payload creates.
root_owned() {
	[ -e "$1" ] && [ "$(stat -c %u "$1")" = 0 ]
}

# load_ved [PARAMS...]: load ved.ko (default profile unless PARAMS say otherwise).
load_ved() {
	load_module ved "$@" && [ -c /dev/ved ]
}

# events: the records waiting on /dev/ved, one key=value line each.
events() {
	vedcat
}

# event_has LINE KEY=VALUE...: every pair appears in the event line; a
# VALUE ending in * matches any value starting with what precedes it.
event_has() {
	line=$1; shift
	for kv in "$@"; do
		case $kv in
		*\*) case " $line " in *" ${kv%?}"*) ;; *) return 1 ;; esac ;;
		*) case " $line " in *" $kv "*) ;; *) return 1 ;; esac ;;
		esac
	done
}

# expect_event NAME DETAIL FILE KEY=VALUE...: some line of FILE (vedcat
# output) carries every pair; the matching line is printed for the log.
expect_event() {
	n=$1 d=$2 f=$3; shift 3
	while IFS= read -r line; do
		if event_has "$line" "$@"; then
			echo "event: $line"
			pass "$n" "$d"
			return 0
		fi
	done <"$f"
	fail "$n" "$d: no event with $* in $(wc -l <"$f") records"
	note "$n" <"$f"
	return 1
}

# wait_sweeps N: until ved has completed N more integrity/rootkit/self
# sweeps (at most 60 s).  A fixed sleep is not enough where a sweep's own
# work (re-arming dozens of probes under TCG) can take seconds.
wait_sweeps() {
	_ws0=$(cat /sys/module/ved/parameters/sweep_count) _ws_t=0
	while [ $(($(cat /sys/module/ved/parameters/sweep_count) - _ws0)) -lt "$1" ] &&
	      [ $_ws_t -lt 300 ]; do
		sleep 0.2
		_ws_t=$((_ws_t + 1))
	done
}
