// SPDX-License-Identifier: GPL-2.0
/*
 * BPF programs that the kernel's own BPF machinery attaches the ways a
 * production host sees every day: a kprobe, an fentry/fexit pair (a BPF
 * trampoline called from the function's ftrace site), a tracepoint, a raw
 * tracepoint and a BPF-LSM hook (a trampoline on bpf_lsm_file_open).  Each
 * counts its runs in a global (the skeleton maps .bss), so the loader can
 * show every program really ran.  The tracing ones count only the loader's
 * own process: a count is then the loader's doing, not a bystander's.
 *
 * No vmlinux.h: no program reads its context, so the UAPI headers are
 * enough and one object serves every kernel.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

const volatile __u32 loader_tgid;

__u64 kprobe_hits, fentry_hits, fexit_hits, tracepoint_hits, raw_tp_hits, lsm_hits;

static __always_inline int from_loader(void)
{
	return (bpf_get_current_pid_tgid() >> 32) == loader_tgid;
}

SEC("kprobe/do_sys_openat2")
int count_kprobe(void *ctx)
{
	if (from_loader())
		__sync_fetch_and_add(&kprobe_hits, 1);
	return 0;
}

SEC("fentry/vfs_read")
int count_fentry(void *ctx)
{
	if (from_loader())
		__sync_fetch_and_add(&fentry_hits, 1);
	return 0;
}

SEC("fexit/vfs_read")
int count_fexit(void *ctx)
{
	if (from_loader())
		__sync_fetch_and_add(&fexit_hits, 1);
	return 0;
}

/* A child of the loader execs: count every exec while attached. */
SEC("tracepoint/sched/sched_process_exec")
int count_tracepoint(void *ctx)
{
	__sync_fetch_and_add(&tracepoint_hits, 1);
	return 0;
}

SEC("raw_tp/sys_enter")
int count_raw_tp(void *ctx)
{
	if (from_loader())
		__sync_fetch_and_add(&raw_tp_hits, 1);
	return 0;
}

/* Allows every open (returns 0): watching, as a BPF-LSM audit tool does. */
SEC("lsm/file_open")
int count_lsm(void *ctx)
{
	if (from_loader())
		__sync_fetch_and_add(&lsm_hits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
