# guest: smp=2 mem=1024 timeout=480
# SPDX-License-Identifier: GPL-2.0
# False positives of the privilege-escalation detector: with ved loaded
# (default profile, creds in block mode, sweep every 100 ms) a benign
# workload that changes ids, capabilities, namespaces and seccomp state the
# legitimate ways raises no cred_change event and no task is killed.  Every
# step must itself succeed (tests/tools/fpwork.c checks what the kernel did),
# or the absence of events proves nothing.  A user fork/exec storm runs in the
# background the whole time, so the sweep meets tasks mid-transition.
. /tests/lib/guest.sh
load_ved || { fail creds-fp-setup "ved did not load"; exit 1; }
expect creds-fp-mode "creds detector in block mode by default" \
	[ "$(sysctl -n ved.mode.creds)" = block ]
expect creds-fp-sweep "sweep lowered to 100 ms" sysctl -w ved.sweep_ms=100
vedcat >/dev/null	# the sweep_ms config event

# step NAME DETAIL CMD...: one workload step; passes when CMD exits 0.
step() {
	n=$1 d=$2; shift 2
	out=$("$@" 2>&1); rc=$?
	[ -n "$out" ] && echo "$out" | sed "s/^/[$n] /"
	if [ $rc -eq 0 ]; then pass "creds-fp-$n" "$d"; else
		fail "creds-fp-$n" "$d (exit $rc)"; echo "$out" | note "creds-fp-$n"; fi
}

# Files the steps use.
echo secret >/tmp/fp-rootonly && chmod 600 /tmp/fp-rootonly
cp /opt/lab/bin/fpwork /tmp/fpsuid && chmod 4755 /tmp/fpsuid
cp /opt/lab/bin/fpwork /tmp/fpcap && chmod 755 /tmp/fpcap
mkdir -p /tmp/cores /tmp/ovl && chmod 1777 /tmp/cores
# overlayfs is a module on Debian (staged by tests/tools/Makefile).
grep -q overlay /proc/filesystems || load_module overlay ||
	fail creds-fp-setup "overlay.ko did not load"
start=$(date +%s)

# Background: a user's fork/exec storm and a shell loop, until told to stop.
as_user sh -c 'n=0; while [ ! -e /tmp/fp-stop ]; do fpwork forkexec 3 >/dev/null || exit 1;
	n=$((n+1)); done; echo $n >/tmp/fp-storm-rounds' &
storm=$!
sh -c 'while [ ! -e /tmp/fp-stop ]; do /bin/true; id -u >/dev/null; cat /proc/self/status >/dev/null; done' &
loop=$!

step forkexec "fork/exec storm, 3 threads (root)" fpwork forkexec 60
step forkexec-user "fork/exec storm, 3 threads (uid 1000)" as_user fpwork forkexec 60
step threads-setid "per-thread and process-wide set*id in a threaded program" \
	fpwork threads-setid 150
step suid "setuid-root program: access(), faccessat(), su-style root and back" \
	sh -c 'for i in 1 2 3 4 5; do runas 1000 1000 /tmp/fpsuid suid || exit 1; done'
step su "su-style: root drops to a user and runs a shell" \
	sh -c '[ "$(runas 1000 1000 id -u)" = 1000 ] && [ "$(runas 1000 1000 sh -c "id -u")" = 1000 ]'
step caps "capset, bounding set, keepcaps, setuid keeping caps, ambient raise, exec" \
	fpwork caps
step keepcaps-user "PR_SET_KEEPCAPS by an unprivileged user" as_user fpwork keepcaps
step keepcaps-root "PR_SET_KEEPCAPS by root" fpwork keepcaps
step filecap "exec of a file-capability binary (CAP_NET_RAW) by uid 1000" \
	sh -c 'fpwork filecap-set /tmp/fpcap && runas 1000 1000 /tmp/fpcap filecap-check'
step userns "user/mount/uts/ipc/net/cgroup/pid namespaces, overlayfs and setns as uid 1000" \
	as_user fpwork userns
step unshare-root "namespaces as root (busybox unshare/nsenter)" \
	sh -c 'unshare -m -u -i -n -p -f sh -c "hostname x && mount -t tmpfs t /run && [ \$\$ = 1 ]" &&
	       unshare -U -r sh -c "[ \$(id -u) = 0 ]"'
step overlay "overlayfs as root: copy-up, whiteout, access, rename" fpwork overlay /tmp/ovl
step seccomp-user "seccomp filters + no_new_privs, synced to threads, kept over exec (uid 1000)" \
	as_user fpwork seccomp
step seccomp-root "seccomp filters + no_new_privs (root)" fpwork seccomp
step nnp-suid "a setuid-root program under no_new_privs runs without gaining root" \
	sh -c 'runas 1000 1000 setpriv --nnp /tmp/fpsuid suid 2>&1 | grep -q "ids 1000/1000/1000, want 1000/0/0"'
step modules "module load/unload (vedlab) x3" \
	sh -c 'for i in 1 2 3; do insmod /lib/modules/ved/vedlab.ko && [ -c /dev/vedlab ] && rmmod vedlab || exit 1; done'

# Legitimate sysctl writes to the helper paths, and the helpers run.
cat >/tmp/fp-modprobe <<'EOF'
#!/bin/sh
echo "$@" >>/tmp/fp-modprobe.log
exit 1
EOF
cat >/tmp/fp-corehandler <<'EOF'
#!/bin/sh
cat >/tmp/cores/pipe.$1.$2
EOF
chmod 755 /tmp/fp-modprobe /tmp/fp-corehandler
step modprobe-path "sysctl kernel.modprobe to a helper, autoload runs it" \
	sh -c 'sysctl -w kernel.modprobe=/tmp/fp-modprobe && fpwork reqmod && grep -q net-pf-23 /tmp/fp-modprobe.log &&
	       sysctl -w kernel.modprobe=/sbin/modprobe && [ "$(sysctl -n kernel.modprobe)" = /sbin/modprobe ]'
step core-pipe "coredump (uid 1000) to a pipe handler set with sysctl kernel.core_pattern" \
	sh -c 'sysctl -w "kernel.core_pattern=|/tmp/fp-corehandler %p %u" &&
	       { runas 1000 1000 sh -c "ulimit -c unlimited; exec fpwork crash"; [ $? = 139 ]; } &&
	       sleep 1 && [ -s "$(ls /tmp/cores/pipe.*.1000 | head -1)" ]'
step core-file "coredump (root) to a file pattern" \
	sh -c 'sysctl -w kernel.core_pattern=/tmp/cores/core.%p &&
	       { sh -c "ulimit -c unlimited; exec fpwork crash"; [ $? = 139 ]; } &&
	       [ -s "$(ls /tmp/cores/core.* | head -1)" ]'
step core-suid "coredump of a setuid program (suid_dumpable=2) to a pipe handler" \
	sh -c 'sysctl -w fs.suid_dumpable=2 && sysctl -w "kernel.core_pattern=|/tmp/fp-corehandler %p %u" &&
	       rm -f /tmp/cores/pipe.* &&
	       { runas 1000 1000 sh -c "ulimit -c unlimited; exec /tmp/fpsuid suid-crash"; [ $? = 139 ]; } &&
	       sleep 1 && [ -s "$(ls /tmp/cores/pipe.* | head -1)" ] &&
	       sysctl -w fs.suid_dumpable=0 && sysctl -w kernel.core_pattern=core'

# Span several sweeps after the last step, then stop the background load.
sleep 2
touch /tmp/fp-stop
wait $storm; src=$?
wait $loop
expect creds-fp-storm "background user fork/exec storm ran and succeeded ($(cat /tmp/fp-storm-rounds 2>/dev/null) rounds)" \
	[ $src -eq 0 -a -s /tmp/fp-storm-rounds ]
secs=$(( $(date +%s) - start ))
expect creds-fp-duration "workload spanned many sweeps (${secs}s at 100 ms)" [ "$secs" -ge 5 ]

events >/tmp/ev
creds=$(grep -c 'type=cred_change' /tmp/ev)
if [ "$creds" -eq 0 ]; then
	pass creds-fp-no-cred-events "no cred_change event ($(wc -l </tmp/ev) records)"
else
	fail creds-fp-no-cred-events "$creds cred_change events"
	grep 'type=cred_change' /tmp/ev | note creds-fp-no-cred-events
fi
others=$(grep -v -e 'type=config' -e 'type=cred_change' /tmp/ev | grep -c 'action=\(log\|block\|panic\)')
if [ "$others" -eq 0 ]; then
	pass creds-fp-no-detections "no detection of any kind"
else
	fail creds-fp-no-detections "$others detections by other detectors"
	grep -v -e 'type=config' -e 'type=cred_change' /tmp/ev | note creds-fp-no-detections
fi
expect creds-fp-klog "no ved detection in the kernel log" \
	sh -c '! dmesg | grep "ved: detector="'
dmesg | grep "ved: detector=" | note creds-fp-klog
expect creds-fp-still-block "still in block mode" [ "$(sysctl -n ved.mode.creds)" = block ]
