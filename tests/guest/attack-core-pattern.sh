# SPDX-License-Identifier: GPL-2.0
# Lab attack d (arbitrary write -> core_pattern -> root command): uid 1000
# sets kernel.core_pattern to "|/tmp/core-pattern-payload.sh" and crashes a
# child; the kernel pipes the core into that script, run as root.
# RLIMIT_CORE stays at the guest's default (0): pipe handlers ignore it
# (only the value 1 is refused), the same on 6.1 and 6.12.
. /tests/lib/guest.sh
T=attack-core-pattern
proof=/tmp/core-pattern-proof
load_lab || { fail $T "vedlab did not load"; exit 1; }
orig=$(cat /proc/sys/kernel/core_pattern)
echo "kernel.core_pattern = $orig, suid_dumpable = $(cat /proc/sys/fs/suid_dumpable)," \
	"uid 1000 core limit = $(as_user sh -c 'ulimit -c')"

# Baseline 1: the sysctl is root's only.
if as_user sh -c 'echo "|/tmp/x" > /proc/sys/kernel/core_pattern' 2>/dev/null; then
	fail $T-baseline-sysctl "uid 1000 could write kernel.core_pattern"
else
	pass $T-baseline-sysctl "uid 1000 cannot write kernel.core_pattern ($orig)"
fi

# Baseline 2: a crash without the kernel write creates no proof.
as_user sh -c 'kill -SEGV $$' >/dev/null 2>&1
if [ -e $proof ]; then
	fail $T-baseline-crash "proof file appeared without the exploit"
else
	pass $T-baseline-crash "a uid 1000 crash alone creates no $proof"
fi

out=$(as_user core-pattern 2>&1); rc=$?
echo "$out"
if [ $rc = 0 ] && root_owned $proof && [ "$(cat $proof)" = 0 ]; then
	pass $T "uid 1000 crashed a child and its pipe handler ran as root ($proof: owner 0, id -u = 0)"
else
	fail $T "no root-owned proof (exit $rc, $(ls -ln $proof 2>&1))"
fi

now=$(cat /proc/sys/kernel/core_pattern)
if [ "$now" = "$orig" ]; then
	pass $T-restored "the exploit put kernel.core_pattern back ($now)"
else
	fail $T-restored "kernel.core_pattern left as $now"
fi
