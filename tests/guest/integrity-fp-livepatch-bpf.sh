# SPDX-License-Identifier: GPL-2.0
# guest: smp=2 mem=1024 timeout=900
# No false positive from livepatch and BPF, repeated: a livepatch module
# (lab/livepatch vedlp: cmdline_proc_show replaced) loaded, enabled, seen
# working, disabled and unloaded, and BPF programs (lab/bpf vedbpf: kprobe,
# fentry/fexit trampolines, tracepoint, raw tracepoint, BPF-LSM) loaded,
# attached, run, detached and unloaded, 10 rounds under a 200 ms sweep,
# each state held until a whole sweep has run over it.
# Module loads are reported (info) and the livepatch is reported as what
# it is: a warning naming the replaced function and the (unsigned,
# out-of-tree) module; no other integrity/rootkit/self event.  Then the
# same guest shows the detectors are alive: the same livepatch module used
# as a rootkit (tcp4_seq_show replaced: /proc/net/tcp lists no socket) is
# critical, and vedkit's ftrace hook is reported.
. /tests/lib/guest.sh

LP=/sys/kernel/livepatch/vedlp
ROUNDS=10
PORT=31338 PORT_HEX=7A6A
orig_cmdline=$(cat /proc/cmdline)

# wait_for SECONDS CMD...: poll CMD every 0.1 s until it succeeds.
wait_for() {
	left=$(($1 * 10)); shift
	while [ $left -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		left=$((left - 1))
	done
	return 1
}
lp_applied() { [ -d $LP ] && [ "$(cat $LP/enabled)" = 1 ] && [ "$(cat $LP/transition)" = 0 ]; }
lp_gone() { [ ! -d $LP ]; }
lp_refs_free() { [ "$(cat /sys/module/vedlp/refcnt 2>/dev/null)" = 0 ]; }
cmdline_patched() { [ "$(cat /proc/cmdline)" = "vedlp: livepatched" ]; }
cmdline_orig() { [ "$(cat /proc/cmdline)" = "$orig_cmdline" ]; }
SWEEPS=/sys/module/ved/parameters/sweep_count
# two_sweeps: wait until two more sweeps have run (one whole sweep saw now).
sweeps_reached() { [ "$(cat $SWEEPS)" -ge "$sweeps_goal" ]; }
two_sweeps() {
	sweeps_goal=$(($(cat $SWEEPS) + 2))
	wait_for 60 sweeps_reached
}
port_listed() { grep -qi ":$PORT_HEX " /proc/net/tcp; }
tcp_patched() { [ "$(head -1 /proc/net/tcp)" = "vedlp: livepatched" ] && ! port_listed; }

# lp_load [ARGS]: load vedlp and wait until every task runs the new code.
lp_load() {
	load_module vedlp "$@" && wait_for 30 lp_applied
}

# lp_unload: disable the patch, wait for the core to let go of it, rmmod.
lp_unload() {
	echo 0 >$LP/enabled && wait_for 30 lp_gone && wait_for 10 lp_refs_free && rmmod vedlp
}

lsm_note=
grep -q '\(^\|,\)bpf\(,\|$\)' /sys/kernel/security/lsm ||
	lsm_note=" (NOTE: bpf not in the LSM list: $(cat /sys/kernel/security/lsm), BPF-LSM left out)"

# ---- without ved: the livepatch, the livepatch rootkit and BPF work ----
expect lpbpf-base-lp-load "without ved, vedlp loads and its transition completes" lp_load
expect lpbpf-base-lp-on "without ved, /proc/cmdline reads the livepatch's text" cmdline_patched
lp_unload
expect lpbpf-base-lp-off "disable + rmmod restore /proc/cmdline" cmdline_orig
# An IPv4 listener (busybox nc would listen on IPv6, which tcp4_seq_show does not list).
httpd -f -p 127.0.0.1:$PORT -h /tmp &
listener=$!
wait_for 5 port_listed
expect lpbpf-base-rk-before "a listener on 127.0.0.1:$PORT shows in /proc/net/tcp" port_listed
lp_load target=tcp4_seq_show
expect lpbpf-base-rk-hidden "without ved, vedlp target=tcp4_seq_show hides it (no socket row in /proc/net/tcp)" tcp_patched
lp_unload
expect lpbpf-base-rk-after "after disable + rmmod the listener shows again" port_listed
expect lpbpf-base-bpf "without ved, vedbpf attaches every program and each one runs$lsm_note" \
	sh -c 'vedbpf >/tmp/bpf.base && cat /tmp/bpf.base'

# ---- with ved: 10 rounds of both, sweeping every 100-200 ms ----
load_ved || { fail lpbpf-setup "ved did not load"; exit 1; }
sysctl -w ved.sweep_ms=200 >/dev/null
events >/dev/null
sweeps0=$(cat $SWEEPS)
lp_ok=0 bpf_ok=0 i=0
: >/tmp/bpf.out
while [ $i -lt $ROUNDS ]; do
	# Each change stays in place until a whole sweep has run over it.
	if lp_load && cmdline_patched && two_sweeps && lp_unload && cmdline_orig; then
		lp_ok=$((lp_ok + 1))
	fi
	vedbpf -u $SWEEPS >>/tmp/bpf.out && bpf_ok=$((bpf_ok + 1))
	i=$((i + 1))
done
cat /tmp/bpf.out
two_sweeps
events >/tmp/ev
sweeps1=$(cat $SWEEPS)
expect lpbpf-lp-rounds "livepatch load/enable/effect/disable/unload worked $lp_ok/$ROUNDS times" \
	[ $lp_ok = $ROUNDS ]
expect lpbpf-bpf-rounds "BPF load/attach/run/detach/unload worked $bpf_ok/$ROUNDS times$lsm_note" \
	[ $bpf_ok = $ROUNDS ]
# Everything but the module loads and the livepatch's own warning is a false positive.
grep -E 'detector=(integrity|rootkit|self) ' /tmp/ev | grep -v 'type=module_load' |
	grep -vE 'severity=warning .*object=ftrace_hook .*name=livepatch:cmdline_proc_show owner=vedlp( |$)' >/tmp/alerts
# (Events were read: the vedlp loads are among them, lpbpf-loads.)
no_alerts() { [ -s /tmp/ev ] && [ ! -s /tmp/alerts ]; }
expect lpbpf-none "no other integrity/rootkit/self event in $(wc -l </tmp/ev) records" no_alerts
cat /tmp/alerts
expect_event lpbpf-lp-reported "the livepatch is reported: a warning, replaced function and module named" /tmp/ev \
	type=integrity detector=rootkit action=log severity=warning object=ftrace_hook \
	name=livepatch:cmdline_proc_show owner=vedlp
expect lpbpf-lp-not-critical "and never as critical" \
	sh -c '! grep "name=livepatch:cmdline_proc_show" /tmp/ev | grep -q severity=critical'
expect lpbpf-loads "the $ROUNDS vedlp loads were reported" \
	[ "$(grep -c 'type=module_load.*name=vedlp ' /tmp/ev)" = $ROUNDS ]
expect lpbpf-sweeps "sweeps ran during the rounds ($sweeps0 -> $sweeps1)" \
	[ $((sweeps1 - sweeps0)) -ge $((4 * ROUNDS)) ]

# ---- the same guest, the detectors alive ----
lp_load target=tcp4_seq_show
expect lpbpf-rk-hidden "with ved, vedlp target=tcp4_seq_show still hides the listener" tcp_patched
two_sweeps
events >/tmp/ev
expect_event lpbpf-rk-critical "a livepatch of tcp4_seq_show is critical" /tmp/ev \
	type=integrity detector=rootkit severity=critical object=ftrace_hook \
	name=livepatch:tcp4_seq_show owner=vedlp
lp_unload
kill $listener 2>/dev/null
load_module vedkit techniques=ftrace_file
two_sweeps
events >/tmp/ev
expect_event lpbpf-alive "vedkit's ftrace hook on filldir64 is reported" /tmp/ev \
	type=integrity detector=rootkit severity=critical object=ftrace_hook name=filldir64 owner=vedkit
rmmod vedkit
