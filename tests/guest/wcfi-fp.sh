# guest: smp=2 mem=1024 timeout=480
# SPDX-License-Identifier: GPL-2.0
# wCFI false positives: with wCFI alone in block mode (every schedule() in
# 8 sampled, so the busy workload meets many stack checks), a benign module
# that calls critical functions from its own code, module load/unload while
# checking, and a busy benign workload raise no wcfi event and no task is
# killed.  Every step must itself succeed.
. /tests/lib/guest.sh
load_ved modes=creds=off,cpu=off,umh=off,integrity=off,rootkit=off,self=off \
	wcfi_sched_sample=8 || { fail wcfi-fp-setup "ved did not load"; exit 1; }
vedcat >/dev/null

step() {
	n=$1 d=$2; shift 2
	out=$("$@" 2>&1); rc=$?
	[ -n "$out" ] && echo "$out" | tail -5 | sed "s/^/[$n] /"
	if [ $rc -eq 0 ]; then pass "wcfi-fp-$n" "$d"; else
		fail "wcfi-fp-$n" "$d (exit $rc)"; echo "$out" | note "wcfi-fp-$n"; fi
}

echo secret >/tmp/fp-rootonly && chmod 600 /tmp/fp-rootonly
cp /opt/lab/bin/fpwork /tmp/fpsuid && chmod 4755 /tmp/fpsuid
grep -q overlay /proc/filesystems || load_module overlay
mkdir -p /tmp/ovl

# Background: pipe ping-pong and a shell loop keep schedule() busy.
sh -c 'while [ ! -e /tmp/fp-stop ]; do echo x | cat >/dev/null; /bin/true; done' &
loop=$!

step benign-load "a module whose init calls commit_creds and prepare_kernel_cred" \
	load_module vedbenign umh_path=/bin/true
step benign-commit-root "commit_creds from the module's code, for root" \
	sh -c 'echo commit >/proc/vedbenign'
step benign-commit-user "commit_creds from the module's code, for uid 1000" \
	as_user sh -c 'echo commit >/proc/vedbenign'
step benign-umh "call_usermodehelper from the module's code" \
	sh -c 'echo umh >/proc/vedbenign'
step modules "load/unload while checking (vedbenign, vedlab) x5" \
	sh -c 'for i in 1 2 3 4 5; do rmmod vedbenign && insmod /lib/modules/ved/vedbenign.ko &&
		echo commit >/proc/vedbenign && insmod /lib/modules/ved/vedlab.ko && rmmod vedlab || exit 1; done'
step forkexec "fork/exec storm, 3 threads" fpwork forkexec 60
step forkexec-user "fork/exec storm as uid 1000" as_user fpwork forkexec 60
step threads-setid "threaded set*id" fpwork threads-setid 100
step suid "setuid-root program" sh -c 'runas 1000 1000 /tmp/fpsuid suid'
step caps "capset, keepcaps, ambient, exec" fpwork caps
step userns "namespaces and overlayfs as uid 1000" as_user fpwork userns
step overlay "overlayfs as root" fpwork overlay /tmp/ovl
step seccomp "seccomp filters" as_user fpwork seccomp
step reqmod "request_module runs the modprobe helper" fpwork reqmod
step sysctl "sysctl writes" sh -c 'for i in 1 2 3; do sysctl -w kernel.core_pattern=core >/dev/null &&
	sysctl -w vm.swappiness=$((50 + i)) >/dev/null || exit 1; done'

touch /tmp/fp-stop
wait $loop
pass wcfi-fp-background "background loop ran to the end"
vedcat >/tmp/ev
if grep -q 'type=wcfi' /tmp/ev; then
	fail wcfi-fp-events "wcfi raised $(grep -c 'type=wcfi' /tmp/ev) events on a benign workload"
	grep 'type=wcfi' /tmp/ev | note wcfi-fp-events
else
	pass wcfi-fp-events "no wcfi event"
fi
expect wcfi-fp-klog "no wcfi line in the kernel log" sh -c '! dmesg | grep -q "detector=wcfi"'
checks=$(sysctl -n ved.stats.wcfi_checks)
expect wcfi-fp-checked "the workload met $checks stack validations" [ "${checks:-0}" -gt 1000 ]
