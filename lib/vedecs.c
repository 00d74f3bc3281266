// SPDX-License-Identifier: GPL-2.0
/*
 * See vedecs.h.  Keys and the names from lib/vedevent.c are ASCII
 * constants: they go in with jansson's _nocheck calls, which skip a UTF-8
 * scan per string (vedd encodes every record of a flood).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vedecs.h"

static void set(json_t *o, const char *key, json_t *v)
{
	json_object_set_new_nocheck(o, key, v);
}

static json_t *name(const char *s)
{
	return json_string_nocheck(s);
}

static json_t *num(json_int_t v)
{
	return json_integer(v);
}

json_t *vedecs_child(json_t *parent, const char *key)
{
	json_t *o = json_object_get(parent, key);

	if (!json_is_object(o)) {
		o = json_object();
		set(parent, key, o);
	}
	return o;
}

json_t *vedecs_kstr(const char *s, size_t max)
{
	size_t n = strnlen(s, max), o = 0;
	char buf[4 * 2048 + 1];
	json_t *j = json_stringn(s, n);

	if (j)
		return j;
	for (size_t i = 0; i < n && o + 5 < sizeof(buf); i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80 || c == '\\')
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "\\x%02x", c);
		else
			buf[o++] = (char)c;
	}
	buf[o] = '\0';
	return json_stringn(buf, o);
}

json_t *vedecs_hex(uint64_t v)
{
	char b[24];

	return json_stringn_nocheck(b, (size_t)snprintf(b, sizeof(b), "0x%" PRIx64, v));
}

json_t *vedecs_dec(uint64_t v)
{
	char b[24];

	return json_stringn_nocheck(b, (size_t)snprintf(b, sizeof(b), "%" PRIu64, v));
}

/*
 * Kernel bytes: checked and escaped, or as they are for VEDECS_RAW_STRINGS.
 * Not inlined: GCC 12 would mix up the sizes of the payloads' char arrays
 * in its -Wstringop-overread analysis.
 */
static __attribute__((noinline)) json_t *kbytes(const char *s, size_t max, unsigned int flags)
{
	if (flags & VEDECS_RAW_STRINGS)
		return json_stringn_nocheck(s, strnlen(s, max));
	return vedecs_kstr(s, max);
}

#define S(field) kbytes(field, sizeof(field), flags)

static json_t *cred_json(const struct ved_ev_cred *c)
{
	unsigned int n = c->nr_changes < VED_CRED_MAX_CHANGES ? c->nr_changes : VED_CRED_MAX_CHANGES;
	json_t *o = json_object(), *changes = json_array();

	set(o, "where", name(vedevent_cred_where_name(c->where)));
	set(o, "checkpoint", name(vedevent_checkpoint_name(c->checkpoint)));
	set(o, "syscall", num(c->syscall));
	set(o, "target_pid", num(c->target_pid));
	set(o, "nr_changes", num(c->nr_changes));
	for (unsigned int i = 0; i < n; i++) {
		json_t *ch = json_object();

		set(ch, "field", name(vedevent_cred_field_name(c->changes[i].field)));
		set(ch, "old", vedecs_dec(c->changes[i].old_value));
		set(ch, "new", vedecs_dec(c->changes[i].new_value));
		json_array_append_new(changes, ch);
	}
	set(o, "changes", changes);
	return o;
}

static json_t *cr_json(const struct ved_ev_cr *c)
{
	json_t *o = json_object();
	char reg[16];

	snprintf(reg, sizeof(reg), "cr%u", c->reg);
	set(o, "register", name(reg));
	set(o, "cpu", num(c->cpu));
	set(o, "old_value", vedecs_hex(c->old_value));
	set(o, "new_value", vedecs_hex(c->new_value));
	set(o, "cleared", vedecs_hex(c->cleared));
	set(o, "caller", vedecs_hex(c->caller));
	return o;
}

static json_t *integrity_json(const struct ved_ev_integrity *in, unsigned int flags)
{
	json_t *o = json_object();

	set(o, "object", num(in->object));
	set(o, "object_name", name(vedevent_integrity_object_name(in->object)));
	set(o, "index", num(in->index));
	set(o, "address", vedecs_hex(in->address));
	set(o, "expected", vedecs_hex(in->expected));
	set(o, "actual", vedecs_hex(in->actual));
	set(o, "name", S(in->name));
	set(o, "owner", S(in->owner));
	return o;
}

static json_t *module_json(const struct ved_ev_module *m, unsigned int flags)
{
	static const char digits[] = "0123456789abcdef";
	json_t *o = json_object();
	char hex[65];

	for (int i = 0; i < 32; i++) {
		hex[2 * i] = digits[m->sha256[i] >> 4];
		hex[2 * i + 1] = digits[m->sha256[i] & 15];
	}
	hex[64] = '\0';
	set(o, "name", S(m->name));
	set(o, "size", num((json_int_t)(m->size & INT64_MAX)));
	set(o, "sha256", name(hex));
	set(o, "signed", json_boolean(m->signed_ok));
	set(o, "refused", json_boolean(m->refused));
	return o;
}

json_t *vedecs_payload(const struct ved_event_header *rec, const char **ns, unsigned int flags)
{
	const void *p = rec + 1;
	json_t *o;

	*ns = NULL;
	switch (rec->type) {
	case VED_EV_DROPPED: {
		const struct ved_ev_dropped *d = p;

		*ns = "dropped";
		o = json_object();
		set(o, "count", num((json_int_t)(d->count & INT64_MAX)));
		set(o, "total", num((json_int_t)(d->total & INT64_MAX)));
		return o;
	}
	case VED_EV_CONFIG: {
		const struct ved_ev_config *c = p;

		*ns = "config";
		o = json_object();
		set(o, "key", S(c->key));
		set(o, "old_value", S(c->old_value));
		set(o, "new_value", S(c->new_value));
		set(o, "result", num(c->result));
		return o;
	}
	case VED_EV_CRED_CHANGE:
		*ns = "cred";
		return cred_json(p);
	case VED_EV_CR_BITS:
		*ns = "cr";
		return cr_json(p);
	case VED_EV_UMH: {
		const struct ved_ev_umh *u = p;

		*ns = "umh";
		o = json_object();
		set(o, "reason", name(vedevent_umh_reason_name(u->reason)));
		set(o, "path", S(u->path));
		set(o, "detail", S(u->detail));
		return o;
	}
	case VED_EV_PINNED: {
		const struct ved_ev_pinned *pin = p;

		*ns = "pinned";
		o = json_object();
		set(o, "name", S(pin->name));
		set(o, "expected", S(pin->expected));
		set(o, "actual", S(pin->actual));
		return o;
	}
	case VED_EV_WCFI: {
		const struct ved_ev_wcfi *w = p;

		*ns = "wcfi";
		o = json_object();
		set(o, "reason", name(vedevent_wcfi_reason_name(w->reason)));
		set(o, "depth", num(w->depth));
		set(o, "address", vedecs_hex(w->address));
		set(o, "target", vedecs_hex(w->target));
		set(o, "symbol", S(w->symbol));
		set(o, "target_symbol", S(w->target_symbol));
		return o;
	}
	case VED_EV_INTEGRITY:
		*ns = "integrity";
		return integrity_json(p, flags);
	case VED_EV_MODULE:
		*ns = "module";
		return module_json(p, flags);
	case VED_EV_HIDDEN: {
		const struct ved_ev_hidden *h = p;

		*ns = "hidden";
		o = json_object();
		set(o, "kind", name(vedevent_hidden_kind_name(h->kind)));
		set(o, "id", num(h->id));
		set(o, "name", S(h->name));
		set(o, "views", S(h->views));
		return o;
	}
	}
	return NULL;
}

const char *vedecs_kind(const struct ved_event_header *rec)
{
	switch (rec->type) {
	case VED_EV_DROPPED:
	case VED_EV_CONFIG:
		return "event";
	default:
		return rec->type > 0 && rec->type < VED_EV_TYPE_MAX ? "alert" : "event";
	}
}

int vedecs_severity(const struct ved_event_header *rec)
{
	if (rec->action == VED_ACT_PANIC)
		return 99;
	switch (rec->severity) {
	case VED_SEV_INFO: return 21;
	case VED_SEV_WARNING: return 47;
	default: return 73;
	}
}

const char *vedecs_outcome(const struct ved_event_header *rec)
{
	switch (rec->action) {
	case VED_ACT_BLOCK:
	case VED_ACT_PANIC:
		return "failure";
	case VED_ACT_LOG:
		return "success";
	default:
		return rec->type == VED_EV_CONFIG ? "success" : "unknown";
	}
}

void vedecs_identity(const struct ved_event_header *rec, uint32_t *uid, uint32_t *euid)
{
	*uid = rec->uid;
	*euid = rec->euid;
	if (rec->type == VED_EV_CRED_CHANGE && rec->size >= sizeof(*rec) + sizeof(struct ved_ev_cred)) {
		const struct ved_ev_cred *c = (const void *)(rec + 1);
		unsigned int n = c->nr_changes < VED_CRED_MAX_CHANGES ? c->nr_changes : VED_CRED_MAX_CHANGES;

		for (unsigned int i = 0; i < n; i++) {
			if (c->changes[i].field == VED_CRED_UID)
				*uid = (uint32_t)c->changes[i].old_value;
			else if (c->changes[i].field == VED_CRED_EUID)
				*euid = (uint32_t)c->changes[i].old_value;
		}
	}
}

/* RFC 3339 UTC with nanoseconds: "2023-11-14T22:13:20.123456789Z". */
static json_t *timestamp(uint64_t ns)
{
	time_t sec = (time_t)(ns / 1000000000ULL);
	struct tm tm;
	char b[48];
	size_t n;

	gmtime_r(&sec, &tm);
	n = strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%S", &tm);
	n += (size_t)snprintf(b + n, sizeof(b) - n, ".%09" PRIu64 "Z", (uint64_t)(ns % 1000000000ULL));
	return json_stringn_nocheck(b, n);
}

static json_t *id_string(uint32_t id)
{
	char b[16];

	return json_stringn_nocheck(b, (size_t)snprintf(b, sizeof(b), "%u", id));
}

static json_t *event_json(const struct ved_event_header *r)
{
	json_t *ev = json_object();

	set(ev, "kind", name(vedecs_kind(r)));
	set(ev, "action", name(vedevent_type_name(r->type)));
	set(ev, "outcome", name(vedecs_outcome(r)));
	set(ev, "severity", num(vedecs_severity(r)));
	set(ev, "module", name("ved"));
	set(ev, "dataset", name("ved.events"));
	set(ev, "provider", name(vedevent_detector_name(r->detector)));
	set(ev, "sequence", num((json_int_t)(r->seq & INT64_MAX)));
	return ev;
}

/* The task as the kernel saw it when the record was made. */
static json_t *process_json(const struct ved_event_header *r)
{
	json_t *proc = json_object(), *thread = json_object();
	char exe[VED_EXE_LEN + 1];

	set(proc, "pid", num(r->tgid));
	set(thread, "id", num(r->pid));
	set(proc, "thread", thread);
	set(proc, "name", vedecs_kstr(r->comm, sizeof(r->comm)));
	if (r->ppid) {
		json_t *parent = json_object();

		set(parent, "pid", num(r->ppid));
		set(proc, "parent", parent);
	}
	vedevent_exe(r, exe, sizeof(exe));
	if (exe[0])
		set(proc, "executable", vedecs_kstr(exe, sizeof(exe)));
	return proc;
}

static json_t *user_json(const struct ved_event_header *r)
{
	json_t *user = json_object(), *eff = json_object();
	uint32_t uid, euid;

	vedecs_identity(r, &uid, &euid);
	set(user, "id", id_string(uid));
	set(eff, "id", id_string(euid));
	set(user, "effective", eff);
	return user;
}

static json_t *ved_json(const struct ved_event_header *r)
{
	json_t *ved = json_object(), *payload;
	const char *ns;

	set(ved, "seq", num((json_int_t)(r->seq & INT64_MAX)));
	set(ved, "type", name(vedevent_type_name(r->type)));
	set(ved, "detector", name(vedevent_detector_name(r->detector)));
	set(ved, "action", name(vedevent_action_name(r->action)));
	set(ved, "severity", name(vedevent_severity_name(r->severity)));
	set(ved, "cpu", num(r->cpu));
	set(ved, "version", num(r->version));
	set(ved, "exe_state", name(vedevent_exe_state_name(r->exe_state)));
	payload = vedecs_payload(r, &ns, 0);
	if (payload)
		set(ved, ns, payload);
	return ved;
}

json_t *vedecs_record(const struct ved_event_header *r)
{
	json_t *root = json_object();

	if (!root)
		return NULL;
	set(root, "@timestamp", timestamp(r->time_ns));
	set(root, "event", event_json(r));
	set(root, "process", process_json(r));
	set(root, "user", user_json(r));
	set(root, "ved", ved_json(r));
	return root;
}
