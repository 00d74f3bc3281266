/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * ved event ABI: the one definition shared by the kernel module, the eBPF
 * sensor, the daemon (vedd), vedctl and the Falco plugin.
 *
 * A reader of /dev/ved gets a stream of records.  Each record starts with
 * struct ved_event_header; @size covers header and payload, so a reader that
 * does not know a @type (or a newer @version) can skip it.  Records never
 * straddle two read() calls: read() returns whole records only.
 *
 * Compatibility rules: fields are only ever appended to a payload; a change
 * that is not an append bumps VED_EVENT_VERSION.
 */
#ifndef _UAPI_VED_H
#define _UAPI_VED_H

#include <linux/types.h>

#define VED_EVENT_VERSION	2	/* 2: ppid, exe_state and exe in the header */
#define VED_DEVICE		"/dev/ved"
#define VED_COMM_LEN		16
#define VED_PATH_LEN		128
#define VED_SYM_LEN		64
#define VED_EXE_LEN		128
#define VED_MAX_RECORD		1024	/* no record is larger */

/* What produced the record. */
enum ved_detector {
	VED_DET_CORE = 0,	/* the module itself: config, lock, drops */
	VED_DET_CREDS = 1,	/* privilege escalation: shadow credentials */
	VED_DET_CPU = 2,	/* CR0.WP / CR4.SMEP/SMAP state and writes */
	VED_DET_UMH = 3,	/* usermode helpers and pinned helper paths */
	VED_DET_WCFI = 4,	/* return-address and critical-caller checks */
	VED_DET_INTEGRITY = 5,	/* kernel text, tables, registers */
	VED_DET_ROOTKIT = 6,	/* hidden modules/processes, foreign hooks */
	VED_DET_SELF = 7,	/* tampering with ved itself */
	VED_DET_COUNT
};

/* What ved did about it. */
enum ved_action {
	VED_ACT_NONE = 0,	/* informational record */
	VED_ACT_LOG = 1,	/* reported only */
	VED_ACT_BLOCK = 2,	/* the operation was refused / the task killed */
	VED_ACT_PANIC = 3,	/* the kernel is about to panic */
};

/* Per-detector response mode (sysctl ved.<detector>.mode). */
enum ved_mode {
	VED_MODE_OFF = 0,
	VED_MODE_LOG = 1,
	VED_MODE_BLOCK = 2,
	VED_MODE_PANIC = 3,
};

enum ved_severity {
	VED_SEV_INFO = 0,
	VED_SEV_WARNING = 1,
	VED_SEV_CRITICAL = 2,
};

/* Record types; the payload struct is named after the type. */
enum ved_event_type {
	VED_EV_DROPPED = 1,	/* struct ved_ev_dropped */
	VED_EV_CONFIG = 2,	/* struct ved_ev_config */
	VED_EV_CRED_CHANGE = 3,	/* struct ved_ev_cred */
	VED_EV_CR_BITS = 4,	/* struct ved_ev_cr */
	VED_EV_UMH = 5,		/* struct ved_ev_umh */
	VED_EV_PINNED = 6,	/* struct ved_ev_pinned */
	VED_EV_WCFI = 7,	/* struct ved_ev_wcfi */
	VED_EV_INTEGRITY = 8,	/* struct ved_ev_integrity */
	VED_EV_MODULE = 9,	/* struct ved_ev_module */
	VED_EV_HIDDEN = 10,	/* struct ved_ev_hidden */
	VED_EV_TYPE_MAX
};

struct ved_event_header {
	__u16 size;		/* header + payload, bytes */
	__u16 type;		/* enum ved_event_type */
	__u16 version;		/* VED_EVENT_VERSION */
	__u8  detector;		/* enum ved_detector */
	__u8  action;		/* enum ved_action */
	__u64 seq;		/* global sequence number, from 1, no gaps */
	__u64 time_ns;		/* CLOCK_REALTIME, nanoseconds */
	__u32 cpu;
	__u32 pid;		/* thread id */
	__u32 tgid;		/* process id */
	__u32 uid;		/* real uid (initial user namespace) */
	__u32 euid;		/* effective uid (initial user namespace) */
	__u8  severity;		/* enum ved_severity */
	__u8  reserved[3];
	char  comm[VED_COMM_LEN];
	/*
	 * Version 2: who the task was, read by the kernel when the record is
	 * made, because a task ved kills is gone before user space could
	 * look at /proc.
	 */
	__u32 ppid;		/* real parent's process id, 0 if none */
	__u32 exe_state;	/* enum ved_exe_state: what @exe holds */
	char  exe[VED_EXE_LEN];	/* executable path, NUL-terminated */
};

/* ved_event_header @exe_state */
enum ved_exe_state {
	VED_EXE_NONE = 0,	/* no executable: kernel thread or exiting task */
	VED_EXE_PATH = 1,	/* @exe is the full path */
	VED_EXE_TAIL = 2,	/* path longer than @exe: its last bytes, after "..." */
	VED_EXE_UNKNOWN = 3,	/* not readable where the record was made */
};

/* VED_EV_DROPPED: records lost because a buffer was full. */
struct ved_ev_dropped {
	__u64 count;		/* lost since the previous DROPPED record */
	__u64 total;		/* lost since the module was loaded */
};

/* VED_EV_CONFIG: a configuration change (or a refused one). */
struct ved_ev_config {
	char  key[48];
	char  old_value[32];
	char  new_value[32];
	__s32 result;		/* 0 applied, else -errno */
	__u32 reserved;
};

/* Identity fields a credential record can name. */
enum ved_cred_field {
	VED_CRED_UID = 1, VED_CRED_GID, VED_CRED_SUID, VED_CRED_SGID,
	VED_CRED_EUID, VED_CRED_EGID, VED_CRED_FSUID, VED_CRED_FSGID,
	VED_CRED_SECUREBITS, VED_CRED_CAP_INHERITABLE, VED_CRED_CAP_PERMITTED,
	VED_CRED_CAP_EFFECTIVE, VED_CRED_CAP_BSET, VED_CRED_CAP_AMBIENT,
	VED_CRED_USER_NS, VED_CRED_CRED_PTR, VED_CRED_REAL_CRED_PTR,
	VED_CRED_NSPROXY, VED_CRED_NS_MNT, VED_CRED_NS_PID, VED_CRED_NS_NET,
	VED_CRED_NS_UTS, VED_CRED_NS_IPC, VED_CRED_NS_CGROUP,
	VED_CRED_SECCOMP_MODE, VED_CRED_SECCOMP_FILTER, VED_CRED_NO_NEW_PRIVS,
	VED_CRED_FIELD_MAX
};

/* How the change was seen. */
enum ved_cred_where {
	VED_CRED_AT_COMMIT = 1,		/* unjustified commit_creds() */
	VED_CRED_AT_NS_SWITCH = 2,	/* unjustified switch_task_namespaces() */
	VED_CRED_AT_CHECKPOINT = 3,	/* shadow mismatch at a checkpoint */
	VED_CRED_AT_SWEEP = 4,		/* shadow mismatch found by the sweep */
};

#define VED_CRED_MAX_CHANGES	8

struct ved_cred_change {
	__u32 field;		/* enum ved_cred_field */
	__u32 reserved;
	__u64 old_value;	/* ids and bits as numbers, pointers hashed */
	__u64 new_value;
};

/* VED_EV_CRED_CHANGE */
struct ved_ev_cred {
	__u32 where;		/* enum ved_cred_where */
	__u32 checkpoint;	/* enum ved_checkpoint, for AT_CHECKPOINT */
	__s32 syscall;		/* syscall the task was in, -1 if none */
	__u32 target_pid;	/* task whose identity changed */
	__u32 nr_changes;
	__u32 reserved;
	struct ved_cred_change changes[VED_CRED_MAX_CHANGES];
};

enum ved_checkpoint {
	VED_CP_NONE = 0,
	VED_CP_EXEC = 1,
	VED_CP_FILE_OPEN = 2,
	VED_CP_SETID = 3,
	VED_CP_MODULE_LOAD = 4,
	VED_CP_KILL = 5,
	VED_CP_PTRACE = 6,
	VED_CP_COMMIT = 7,
};

/* VED_EV_CR_BITS: control-register protection bits. */
struct ved_ev_cr {
	__u32 reg;		/* 0 = CR0, 4 = CR4 */
	__u32 cpu;
	__u64 old_value;
	__u64 new_value;	/* refused or observed value */
	__u64 cleared;		/* protection bits cleared (SMEP/SMAP/WP...) */
	__u64 caller;		/* return address of the writer, if known */
};

/* VED_EV_UMH: a usermode helper refused or reported. */
enum ved_umh_reason {
	VED_UMH_PATH_NOT_ALLOWED = 1,
	VED_UMH_BAD_ENV = 2,
	VED_UMH_PINNED_TAMPERED = 3,
	VED_UMH_BAD_ARGV = 4,		/* e.g. modprobe not called as "-q -- NAME" */
};

struct ved_ev_umh {
	__u32 reason;		/* enum ved_umh_reason */
	__u32 reserved;
	char  path[VED_PATH_LEN];
	char  detail[VED_PATH_LEN];	/* offending argv/envp entry or pinned name */
};

/* VED_EV_PINNED: a pinned kernel string changed outside its sysctl. */
struct ved_ev_pinned {
	char  name[32];		/* modprobe_path, core_pattern, ... */
	char  expected[VED_PATH_LEN];
	char  actual[VED_PATH_LEN];
};

/* VED_EV_WCFI: a return address or caller that fails control-flow checks. */
enum ved_wcfi_reason {
	VED_WCFI_RET_NOT_AFTER_CALL = 1,
	VED_WCFI_RET_NOT_TEXT = 2,
	VED_WCFI_SP_OUTSIDE_STACK = 3,
	VED_WCFI_CALLER_NOT_ALLOWED = 4,
};

struct ved_ev_wcfi {
	__u32 reason;		/* enum ved_wcfi_reason */
	__u32 depth;		/* stack slot index of the bad address */
	__u64 address;		/* offending return address / caller / sp */
	__u64 target;		/* checked function, for CALLER_NOT_ALLOWED */
	char  symbol[VED_SYM_LEN];	/* nearest symbol+offset of @address */
	char  target_symbol[VED_SYM_LEN];
};

/* VED_EV_INTEGRITY: kernel code or control data changed. */
struct ved_ev_integrity {
	__u32 object;		/* what was checked (text, syscall table, IDT, MSR...) */
	__u32 index;		/* entry index where it applies */
	__u64 address;
	__u64 expected;
	__u64 actual;
	char  name[VED_SYM_LEN];	/* object or symbol name */
	char  owner[VED_SYM_LEN];	/* module that owns the new value, if any */
};

/* VED_EV_MODULE: a module load. */
struct ved_ev_module {
	char  name[56];
	__u64 size;
	__u8  sha256[32];
	__u32 signed_ok;	/* 1 signature verified, 0 unsigned/bad */
	__u32 refused;
};

/* VED_EV_HIDDEN: an object missing from one view but present in another. */
struct ved_ev_hidden {
	__u32 kind;		/* 1 module, 2 process */
	__u32 id;		/* pid, for processes */
	char  name[56];
	char  views[64];	/* which views see it / miss it */
};

/* VED_EV_INTEGRITY @object: what was found changed or foreign. */
enum ved_integrity_object {
	VED_INT_TEXT = 1,		/* core kernel text (page + symbol in name) */
	VED_INT_RODATA = 2,		/* core read-only data */
	VED_INT_EXTABLE = 3,		/* exception table */
	VED_INT_MODULE_TEXT = 4,	/* a module's text (module in owner) */
	VED_INT_SYSCALL_TABLE = 5,	/* sys_call_table, ia32_/x32_sys_call_table */
	VED_INT_DISPATCH = 6,		/* a call/jmp in x64_sys_call() & co. */
	VED_INT_IDT = 7,		/* an IDT gate or a CPU's IDTR */
	VED_INT_MSR = 8,		/* LSTAR, CSTAR, SYSENTER_EIP (index = cpu) */
	VED_INT_LSM = 9,		/* LSM hook lists / static calls */
	VED_INT_FTRACE_HOOK = 10,	/* ftrace ops with a handler outside vmlinux */
	VED_INT_KPROBE_HOOK = 11,	/* kprobe with a handler outside vmlinux */
	VED_INT_NF_HOOK = 12,		/* netfilter hook owned by a module */
	VED_INT_TAINT = 13,		/* taint flags cleared */
	VED_INT_SELF_TEXT = 14,		/* ved's own text changed */
	VED_INT_SELF_PROBE = 15,	/* a ved kprobe disabled or unregistered */
	VED_INT_SELF_CONFIG = 16,	/* ved's locked configuration changed */
	VED_INT_KPROBES_DISARMED = 17,	/* kprobes globally disarmed */
	VED_INT_MODULE_MEMORY = 18,	/* executable module memory no module owns */
	VED_INT_STATIC_CALL = 19,	/* a core static call site (index 0) or trampoline (1) */
	VED_INT_OBJECT_MAX
};

/* VED_INT_SELF_PROBE @index: what happened to one of ved's kprobes. */
enum ved_self_probe_state {
	VED_SELF_PROBE_DISABLED = 1,		/* disable_kprobe() or flags */
	VED_SELF_PROBE_UNREGISTERED = 2,	/* no longer in the kprobe table */
	VED_SELF_PROBE_HANDLER = 3,		/* a handler pointer changed */
	VED_SELF_PROBE_NOT_ARMED = 4,		/* enabled, but its site is not armed */
};

/* VED_EV_HIDDEN @kind */
enum ved_hidden_kind {
	VED_HIDDEN_MODULE = 1,
	VED_HIDDEN_PROCESS = 2,
};

#endif /* _UAPI_VED_H */
