// SPDX-License-Identifier: GPL-2.0
/* Validation and naming of ved event records: see vedevent.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vedevent.h"

#define NAME(table, i) ((i) < sizeof(table) / sizeof(table[0]) && table[i] ? table[i] : "unknown")

static const char *const type_names[] = {
	[VED_EV_DROPPED] = "dropped", [VED_EV_CONFIG] = "config",
	[VED_EV_CRED_CHANGE] = "cred_change", [VED_EV_CR_BITS] = "cr_bits",
	[VED_EV_UMH] = "usermode_helper", [VED_EV_PINNED] = "pinned_string",
	[VED_EV_WCFI] = "wcfi", [VED_EV_INTEGRITY] = "integrity",
	[VED_EV_MODULE] = "module_load", [VED_EV_HIDDEN] = "hidden_object",
};

static const size_t payload_sizes[] = {
	[VED_EV_DROPPED] = sizeof(struct ved_ev_dropped),
	[VED_EV_CONFIG] = sizeof(struct ved_ev_config),
	[VED_EV_CRED_CHANGE] = sizeof(struct ved_ev_cred),
	[VED_EV_CR_BITS] = sizeof(struct ved_ev_cr),
	[VED_EV_UMH] = sizeof(struct ved_ev_umh),
	[VED_EV_PINNED] = sizeof(struct ved_ev_pinned),
	[VED_EV_WCFI] = sizeof(struct ved_ev_wcfi),
	[VED_EV_INTEGRITY] = sizeof(struct ved_ev_integrity),
	[VED_EV_MODULE] = sizeof(struct ved_ev_module),
	[VED_EV_HIDDEN] = sizeof(struct ved_ev_hidden),
};

static const char *const detector_names[] = {
	[VED_DET_CORE] = "core", [VED_DET_CREDS] = "creds", [VED_DET_CPU] = "cpu",
	[VED_DET_UMH] = "umh", [VED_DET_WCFI] = "wcfi", [VED_DET_INTEGRITY] = "integrity",
	[VED_DET_ROOTKIT] = "rootkit", [VED_DET_SELF] = "self",
};

static const char *const action_names[] = {
	[VED_ACT_NONE] = "none", [VED_ACT_LOG] = "log",
	[VED_ACT_BLOCK] = "block", [VED_ACT_PANIC] = "panic",
};

static const char *const severity_names[] = {
	[VED_SEV_INFO] = "info", [VED_SEV_WARNING] = "warning",
	[VED_SEV_CRITICAL] = "critical",
};

static const char *const cred_field_names[] = {
	[VED_CRED_UID] = "uid", [VED_CRED_GID] = "gid", [VED_CRED_SUID] = "suid",
	[VED_CRED_SGID] = "sgid", [VED_CRED_EUID] = "euid", [VED_CRED_EGID] = "egid",
	[VED_CRED_FSUID] = "fsuid", [VED_CRED_FSGID] = "fsgid",
	[VED_CRED_SECUREBITS] = "securebits",
	[VED_CRED_CAP_INHERITABLE] = "cap_inheritable",
	[VED_CRED_CAP_PERMITTED] = "cap_permitted",
	[VED_CRED_CAP_EFFECTIVE] = "cap_effective", [VED_CRED_CAP_BSET] = "cap_bset",
	[VED_CRED_CAP_AMBIENT] = "cap_ambient", [VED_CRED_USER_NS] = "user_ns",
	[VED_CRED_CRED_PTR] = "cred", [VED_CRED_REAL_CRED_PTR] = "real_cred",
	[VED_CRED_NSPROXY] = "nsproxy", [VED_CRED_NS_MNT] = "mnt_ns",
	[VED_CRED_NS_PID] = "pid_ns", [VED_CRED_NS_NET] = "net_ns",
	[VED_CRED_NS_UTS] = "uts_ns", [VED_CRED_NS_IPC] = "ipc_ns",
	[VED_CRED_NS_CGROUP] = "cgroup_ns", [VED_CRED_SECCOMP_MODE] = "seccomp_mode",
	[VED_CRED_SECCOMP_FILTER] = "seccomp_filter",
	[VED_CRED_NO_NEW_PRIVS] = "no_new_privs",
};

static const char *const checkpoint_names[] = {
	[VED_CP_NONE] = "none", [VED_CP_EXEC] = "exec", [VED_CP_FILE_OPEN] = "file_open",
	[VED_CP_SETID] = "setid", [VED_CP_MODULE_LOAD] = "module_load",
	[VED_CP_KILL] = "kill", [VED_CP_PTRACE] = "ptrace", [VED_CP_COMMIT] = "commit_creds",
};

static const char *const umh_reason_names[] = {
	[VED_UMH_PATH_NOT_ALLOWED] = "path_not_allowed", [VED_UMH_BAD_ENV] = "bad_env",
	[VED_UMH_PINNED_TAMPERED] = "pinned_tampered", [VED_UMH_BAD_ARGV] = "bad_argv",
};

static const char *const where_names[] = {
	[VED_CRED_AT_COMMIT] = "commit", [VED_CRED_AT_NS_SWITCH] = "ns_switch",
	[VED_CRED_AT_CHECKPOINT] = "checkpoint", [VED_CRED_AT_SWEEP] = "sweep",
};

static const char *const wcfi_reason_names[] = {
	[VED_WCFI_RET_NOT_AFTER_CALL] = "ret_not_after_call",
	[VED_WCFI_RET_NOT_TEXT] = "ret_not_text",
	[VED_WCFI_SP_OUTSIDE_STACK] = "sp_outside_stack",
	[VED_WCFI_CALLER_NOT_ALLOWED] = "caller_not_allowed",
};

static const char *const hidden_kind_names[] = { [1] = "module", [2] = "process" };

static const char *const exe_state_names[] = {
	[VED_EXE_NONE] = "none", [VED_EXE_PATH] = "path", [VED_EXE_TAIL] = "tail",
	[VED_EXE_UNKNOWN] = "unknown",
};

const char *vedevent_exe_state_name(unsigned int s) { return NAME(exe_state_names, s); }
const char *vedevent_umh_reason_name(unsigned int r) { return NAME(umh_reason_names, r); }
const char *vedevent_wcfi_reason_name(unsigned int r) { return NAME(wcfi_reason_names, r); }
const char *vedevent_hidden_kind_name(unsigned int k) { return NAME(hidden_kind_names, k); }

const char *vedevent_type_name(unsigned int t) { return NAME(type_names, t); }
const char *vedevent_detector_name(unsigned int d) { return NAME(detector_names, d); }
const char *vedevent_action_name(unsigned int a) { return NAME(action_names, a); }
const char *vedevent_severity_name(unsigned int s) { return NAME(severity_names, s); }
const char *vedevent_cred_field_name(unsigned int f) { return NAME(cred_field_names, f); }
const char *vedevent_checkpoint_name(unsigned int c) { return NAME(checkpoint_names, c); }
const char *vedevent_cred_where_name(unsigned int w) { return NAME(where_names, w); }

const char *vedevent_strerror(int err)
{
	switch (err) {
	case VEDEVENT_OK: return "ok";
	case VEDEVENT_SHORT: return "record truncated";
	case VEDEVENT_BAD_SIZE: return "record size out of range";
	case VEDEVENT_BAD_VERSION: return "unknown record version";
	case VEDEVENT_BAD_PAYLOAD: return "payload too small for its type";
	}
	return "unknown error";
}

int vedevent_check(const void *buf, size_t len, size_t *record_size)
{
	struct ved_event_header hdr;

	if (len < sizeof(hdr))
		return VEDEVENT_SHORT;
	memcpy(&hdr, buf, sizeof(hdr));
	if (hdr.size < sizeof(hdr) || hdr.size > VED_MAX_RECORD)
		return VEDEVENT_BAD_SIZE;
	if (hdr.size > len)
		return VEDEVENT_SHORT;
	if (hdr.version != VED_EVENT_VERSION)
		return VEDEVENT_BAD_VERSION;
	if (hdr.type < sizeof(payload_sizes) / sizeof(payload_sizes[0]) &&
	    hdr.size - sizeof(hdr) < payload_sizes[hdr.type])
		return VEDEVENT_BAD_PAYLOAD;
	*record_size = hdr.size;
	return VEDEVENT_OK;
}

void vedevent_buf_printf(struct vedevent_buf *b, const char *fmt, ...)
{
	va_list ap;
	size_t room = b->len < b->size ? b->size - b->len : 0;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? b->out + b->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->len += (size_t)n;
}

void vedevent_buf_escaped(struct vedevent_buf *b, const char *s, size_t max, const char *also)
{
	for (size_t i = 0; i < max && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c >= 0x7f || c == '\\' || strchr(also, c))
			vedevent_buf_printf(b, "\\x%02x", c);
		else
			vedevent_buf_printf(b, "%c", c);
	}
}

/* Strings from the kernel: bounded, and spaces/controls made visible. */
static void put_str(struct vedevent_buf *l, const char *key, const char *s, size_t max)
{
	vedevent_buf_printf(l, " %s=", key);
	vedevent_buf_escaped(l, s, max, "=");
}

static void format_cred(struct vedevent_buf *l, const struct ved_ev_cred *c)
{
	unsigned int n = c->nr_changes < VED_CRED_MAX_CHANGES ? c->nr_changes : VED_CRED_MAX_CHANGES;

	vedevent_buf_printf(l, " where=%s checkpoint=%s syscall=%d target_pid=%u changes=%u",
	    vedevent_cred_where_name(c->where), vedevent_checkpoint_name(c->checkpoint),
	    c->syscall, c->target_pid, c->nr_changes);
	for (unsigned int i = 0; i < n; i++)
		vedevent_buf_printf(l, " %s=%llu->%llu", vedevent_cred_field_name(c->changes[i].field),
		    (unsigned long long)c->changes[i].old_value,
		    (unsigned long long)c->changes[i].new_value);
}

static const char *const integrity_object_names[] = {
	[VED_INT_TEXT] = "text", [VED_INT_RODATA] = "rodata",
	[VED_INT_EXTABLE] = "ex_table", [VED_INT_MODULE_TEXT] = "module_text",
	[VED_INT_SYSCALL_TABLE] = "syscall_table", [VED_INT_DISPATCH] = "syscall_dispatch",
	[VED_INT_IDT] = "idt", [VED_INT_MSR] = "msr", [VED_INT_LSM] = "lsm",
	[VED_INT_FTRACE_HOOK] = "ftrace_hook", [VED_INT_KPROBE_HOOK] = "kprobe_hook",
	[VED_INT_NF_HOOK] = "nf_hook", [VED_INT_TAINT] = "taint",
	[VED_INT_SELF_TEXT] = "self_text", [VED_INT_SELF_PROBE] = "self_probe",
	[VED_INT_SELF_CONFIG] = "self_config", [VED_INT_KPROBES_DISARMED] = "kprobes_disarmed",
	[VED_INT_MODULE_MEMORY] = "module_memory", [VED_INT_STATIC_CALL] = "static_call",
};

const char *vedevent_integrity_object_name(unsigned int o)
{
	return NAME(integrity_object_names, o);
}

static void format_integrity(struct vedevent_buf *l, const struct ved_ev_integrity *i)
{
	vedevent_buf_printf(l, " object=%s index=%u address=%#llx expected=%#llx actual=%#llx",
	    vedevent_integrity_object_name(i->object), i->index,
	    (unsigned long long)i->address, (unsigned long long)i->expected,
	    (unsigned long long)i->actual);
	put_str(l, "name", i->name, sizeof(i->name));
	put_str(l, "owner", i->owner, sizeof(i->owner));
}

static void format_module(struct vedevent_buf *l, const struct ved_ev_module *m)
{
	put_str(l, "name", m->name, sizeof(m->name));
	vedevent_buf_printf(l, " size=%llu sha256=", (unsigned long long)m->size);
	for (size_t i = 0; i < sizeof(m->sha256); i++)
		vedevent_buf_printf(l, "%02x", m->sha256[i]);
	vedevent_buf_printf(l, " signed=%u refused=%u", m->signed_ok, m->refused);
}

static void format_payload(struct vedevent_buf *l, const struct ved_event_header *rec)
{
	const void *p = rec + 1;

	switch (rec->type) {
	case VED_EV_DROPPED: {
		const struct ved_ev_dropped *d = p;

		vedevent_buf_printf(l, " dropped=%llu dropped_total=%llu", (unsigned long long)d->count,
		    (unsigned long long)d->total);
		break;
	}
	case VED_EV_CONFIG: {
		const struct ved_ev_config *c = p;

		put_str(l, "key", c->key, sizeof(c->key));
		put_str(l, "old", c->old_value, sizeof(c->old_value));
		put_str(l, "new", c->new_value, sizeof(c->new_value));
		vedevent_buf_printf(l, " result=%d", c->result);
		break;
	}
	case VED_EV_CRED_CHANGE:
		format_cred(l, p);
		break;
	case VED_EV_CR_BITS: {
		const struct ved_ev_cr *c = p;

		vedevent_buf_printf(l, " reg=cr%u reg_cpu=%u old=%#llx new=%#llx cleared=%#llx caller=%#llx",
		    c->reg, c->cpu, (unsigned long long)c->old_value,
		    (unsigned long long)c->new_value, (unsigned long long)c->cleared,
		    (unsigned long long)c->caller);
		break;
	}
	case VED_EV_UMH: {
		const struct ved_ev_umh *u = p;

		vedevent_buf_printf(l, " reason=%s", NAME(umh_reason_names, u->reason));
		put_str(l, "path", u->path, sizeof(u->path));
		put_str(l, "detail", u->detail, sizeof(u->detail));
		break;
	}
	case VED_EV_PINNED: {
		const struct ved_ev_pinned *pin = p;

		put_str(l, "name", pin->name, sizeof(pin->name));
		put_str(l, "expected", pin->expected, sizeof(pin->expected));
		put_str(l, "actual", pin->actual, sizeof(pin->actual));
		break;
	}
	case VED_EV_WCFI: {
		const struct ved_ev_wcfi *w = p;

		vedevent_buf_printf(l, " reason=%u depth=%u address=%#llx target=%#llx", w->reason, w->depth,
		    (unsigned long long)w->address, (unsigned long long)w->target);
		put_str(l, "symbol", w->symbol, sizeof(w->symbol));
		put_str(l, "target_symbol", w->target_symbol, sizeof(w->target_symbol));
		break;
	}
	case VED_EV_INTEGRITY:
		format_integrity(l, p);
		break;
	case VED_EV_MODULE:
		format_module(l, p);
		break;
	case VED_EV_HIDDEN: {
		const struct ved_ev_hidden *h = p;

		vedevent_buf_printf(l, " kind=%s id=%u", h->kind == VED_HIDDEN_MODULE ? "module" :
		    h->kind == VED_HIDDEN_PROCESS ? "process" : "unknown", h->id);
		put_str(l, "name", h->name, sizeof(h->name));
		put_str(l, "views", h->views, sizeof(h->views));
		break;
	}
	default:
		break;
	}
}

int vedevent_format_kv(const struct ved_event_header *rec, char *out, size_t size)
{
	struct vedevent_buf l = { out, size, 0 };

	if (size)
		out[0] = '\0';
	vedevent_buf_printf(&l, "seq=%llu type=%s detector=%s action=%s severity=%s cpu=%u pid=%u tgid=%u uid=%u euid=%u ppid=%u",
	    (unsigned long long)rec->seq, vedevent_type_name(rec->type),
	    vedevent_detector_name(rec->detector), vedevent_action_name(rec->action),
	    vedevent_severity_name(rec->severity), rec->cpu, rec->pid, rec->tgid,
	    rec->uid, rec->euid, rec->ppid);
	put_str(&l, "comm", rec->comm, sizeof(rec->comm));
	vedevent_buf_printf(&l, " exe_state=%s", vedevent_exe_state_name(rec->exe_state));
	put_str(&l, "exe", rec->exe, sizeof(rec->exe));
	format_payload(&l, rec);
	return (int)l.len;
}

void vedevent_exe(const struct ved_event_header *rec, char *out, size_t size)
{
	size_t n = 0;

	if (!size)
		return;
	if (rec->exe_state == VED_EXE_PATH || rec->exe_state == VED_EXE_TAIL)
		n = strnlen(rec->exe, sizeof(rec->exe));
	if (n >= size)
		n = size - 1;
	memcpy(out, rec->exe, n);
	out[n] = '\0';
}
