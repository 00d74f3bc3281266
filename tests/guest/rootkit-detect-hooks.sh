# SPDX-License-Identifier: GPL-2.0
# guest: timeout=300
# Rootkit detector vs vedkit "ftrace_file" (ftrace ops on filldir64/filldir),
# "kprobe_port" (kprobes on tcp4/tcp6_seq_show) and "nf_backdoor" (netfilter
# LOCAL_IN hook): each foreign hook is listed with the hooked function and
# its owner, critical on sensitive functions.
. /tests/lib/guest.sh

load_module vedkit techniques=ftrace_file,kprobe_port,nf_backdoor
expect rkd-hk-silent "without ved, nothing reports the hooks" sh -c '! dmesg | grep -q "ved:"'
rmmod vedkit
load_ved || { fail rkd-hk-setup "ved did not load"; exit 1; }
load_module vedkit techniques=ftrace_file,kprobe_port,nf_backdoor
sleep "$(($(sysctl -n ved.sweep_ms) / 1000 + 1))"
events >/tmp/ev
expect_event rkd-hk-ftrace "ftrace hook on filldir64 owned by vedkit" /tmp/ev \
	type=integrity detector=rootkit severity=critical object=ftrace_hook name=filldir64 owner=vedkit
expect_event rkd-hk-ftrace2 "ftrace hook on filldir owned by vedkit" /tmp/ev \
	type=integrity detector=rootkit object=ftrace_hook name=filldir owner=vedkit
expect_event rkd-hk-kprobe "kprobe on tcp4_seq_show owned by vedkit" /tmp/ev \
	type=integrity detector=rootkit severity=critical object=kprobe_hook name=tcp4_seq_show owner=vedkit
expect_event rkd-hk-nf "netfilter LOCAL_IN hook owned by (unsigned, out-of-tree) vedkit" /tmp/ev \
	type=integrity detector=rootkit severity=critical object=nf_hook owner=vedkit index=1
