// SPDX-License-Identifier: GPL-2.0
/*
 * vedctl events: filters and the two output formats of a ved record (see
 * include/uapi/ved.h, checked with lib/vedevent.c before it gets here).
 *
 * JSON uses the Elastic Common Schema names vedd uses (vedd/ecs.c):
 * @timestamp, event.action (the record type), event.provider (the
 * detector), process.pid (tgid), process.thread.id, process.name,
 * user.id / user.effective.id (strings), and everything ved-specific under
 * ved.*, the payload under ved.<kind> (ved.cred, ved.umh, ...) with the
 * field names of vedd's encoder.  64-bit values that JSON numbers cannot
 * carry exactly are strings ("0x..." addresses, decimal ids).
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ops.h"
#include "vedevent.h"

/* ---- names and filters ---- */

int detector_by_name(const char *name)
{
	for (unsigned int d = 0; d < VED_DET_COUNT; d++)
		if (strcmp(name, vedevent_detector_name(d)) == 0)
			return (int)d;
	return -1;
}

int event_type_by_name(const char *name)
{
	for (unsigned int t = 1; t < VED_EV_TYPE_MAX; t++)
		if (strcmp(name, vedevent_type_name(t)) == 0)
			return (int)t;
	return -1;
}

static bool all_digits(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* "2025-01-31[(T| )HH:MM[:SS[.frac]]][Z|(+|-)HH[:]MM]" */
static bool parse_iso(const char *s, uint64_t *out)
{
	struct tm tm = { 0 };
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0, off = 0;
	bool zone = false;
	time_t t;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return false;
	s += n;
	if (*s == 'T' || *s == ' ') {
		s++;
		if (sscanf(s, "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5)
			return false;
		s += n;
		if (*s == ':') {
			if (!isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[2]))
				return false;
			sec = (s[1] - '0') * 10 + (s[2] - '0');
			s += 3;
			if (*s == '.' || *s == ',') {
				s++;
				if (!isdigit((unsigned char)*s))
					return false;
				while (isdigit((unsigned char)*s))
					s++;	/* whole seconds are enough for a filter */
			}
		}
	}
	if (*s == 'Z' || *s == 'z') {
		zone = true;
		s++;
	} else if (*s == '+' || *s == '-') {
		int sign = *s == '-' ? -1 : 1, oh, om;

		s++;
		if (!all_digits(s, 2))
			return false;
		oh = (s[0] - '0') * 10 + (s[1] - '0');
		s += 2;
		if (*s == ':')
			s++;
		if (!all_digits(s, 2))
			return false;
		om = (s[0] - '0') * 10 + (s[1] - '0');
		s += 2;
		if (oh > 23 || om > 59)
			return false;
		off = sign * (oh * 3600 + om * 60);
		zone = true;
	}
	if (*s || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 ||
	    y < 1970)
		return false;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	t = zone ? timegm(&tm) - off : mktime(&tm);
	if (t < 0)
		return false;
	*out = (uint64_t)t * 1000000000ULL;
	return true;
}

bool parse_since(const char *text, uint64_t now_ns, uint64_t *since_ns)
{
	size_t len = strlen(text), digits = 0;
	uint64_t v = 0, unit = 1, ago;

	if (!len)
		return false;
	if (text[0] == '@') {
		if (!all_digits(text + 1, len - 1) || len > 12)
			return false;
		*since_ns = strtoull(text + 1, NULL, 10) * 1000000000ULL;
		return true;
	}
	while (digits < len && isdigit((unsigned char)text[digits]))
		digits++;
	if (digits && digits <= 9 && (len == digits || len == digits + 1)) {
		if (len == digits + 1) {
			switch (text[digits]) {
			case 's': unit = 1; break;
			case 'm': unit = 60; break;
			case 'h': unit = 3600; break;
			case 'd': unit = 86400; break;
			default: return false;
			}
		}
		v = strtoull(text, NULL, 10);
		ago = v * unit * 1000000000ULL;
		*since_ns = ago >= now_ns ? 1 : now_ns - ago;
		return true;
	}
	return parse_iso(text, since_ns);
}

bool event_matches(const struct event_filter *f, const struct ved_event_header *rec)
{
	if (f->detectors && (rec->detector >= 32 || !(f->detectors & (1u << rec->detector))))
		return false;
	if (f->types && (rec->type >= 32 || !(f->types & (1u << rec->type))))
		return false;
	if (f->have_pid && rec->pid != f->pid && rec->tgid != f->pid)
		return false;
	if (f->since_ns && rec->time_ns < f->since_ns)
		return false;
	return true;
}

/* ---- JSON ---- */

/* Kernel strings are bytes: bounded, and non-UTF-8 bytes spelled "\xNN". */
static json_t *kstr(const char *s, size_t max)
{
	size_t n = strnlen(s, max), o = 0;
	char buf[4 * VED_MAX_RECORD + 1];
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
	return json_string(buf);
}

static json_t *hex(uint64_t v)
{
	char b[24];

	snprintf(b, sizeof(b), "0x%" PRIx64, v);
	return json_string(b);
}

static json_t *dec(uint64_t v)
{
	char b[24];

	snprintf(b, sizeof(b), "%" PRIu64, v);
	return json_string(b);
}

static void set(json_t *o, const char *key, json_t *v)
{
	json_object_set_new(o, key, v);
}

/* @raw: the bytes as they are (for the table, which escapes them itself). */
static __attribute__((noinline)) json_t *kbytes(const char *s, size_t max, bool raw)
{
	return raw ? json_stringn_nocheck(s, strnlen(s, max)) : kstr(s, max);
}

#define S(field) kbytes(field, sizeof(field), raw)

static const char *const integrity_names[] = {
	[VED_INT_TEXT] = "text", [VED_INT_RODATA] = "rodata", [VED_INT_EXTABLE] = "extable",
	[VED_INT_MODULE_TEXT] = "module_text", [VED_INT_SYSCALL_TABLE] = "syscall_table",
	[VED_INT_DISPATCH] = "dispatch", [VED_INT_IDT] = "idt", [VED_INT_MSR] = "msr",
	[VED_INT_LSM] = "lsm", [VED_INT_FTRACE_HOOK] = "ftrace_hook",
	[VED_INT_KPROBE_HOOK] = "kprobe_hook", [VED_INT_NF_HOOK] = "nf_hook",
	[VED_INT_TAINT] = "taint", [VED_INT_SELF_TEXT] = "self_text",
	[VED_INT_SELF_PROBE] = "self_probe", [VED_INT_SELF_CONFIG] = "self_config",
	[VED_INT_KPROBES_DISARMED] = "kprobes_disarmed",
	[VED_INT_MODULE_MEMORY] = "module_memory",
};

static const char *integrity_name(unsigned int o)
{
	return o < sizeof(integrity_names) / sizeof(integrity_names[0]) && integrity_names[o]
		? integrity_names[o] : "unknown";
}

/* The payload as an object, and the ved.* key it goes under (as vedd names them). */
static json_t *payload_json(const struct ved_event_header *rec, const char **ns, bool raw)
{
	const void *p = rec + 1;
	json_t *o = json_object();

	*ns = NULL;
	switch (rec->type) {
	case VED_EV_DROPPED: {
		const struct ved_ev_dropped *d = p;

		*ns = "dropped";
		set(o, "count", json_integer((json_int_t)(d->count & INT64_MAX)));
		set(o, "total", json_integer((json_int_t)(d->total & INT64_MAX)));
		break;
	}
	case VED_EV_CONFIG: {
		const struct ved_ev_config *c = p;

		*ns = "config";
		set(o, "key", S(c->key));
		set(o, "old_value", S(c->old_value));
		set(o, "new_value", S(c->new_value));
		set(o, "result", json_integer(c->result));
		break;
	}
	case VED_EV_CRED_CHANGE: {
		const struct ved_ev_cred *c = p;
		unsigned int n = c->nr_changes < VED_CRED_MAX_CHANGES ? c->nr_changes
								      : VED_CRED_MAX_CHANGES;
		json_t *changes = json_array();

		*ns = "cred";
		set(o, "where", json_string(vedevent_cred_where_name(c->where)));
		set(o, "checkpoint", json_string(vedevent_checkpoint_name(c->checkpoint)));
		set(o, "syscall", json_integer(c->syscall));
		set(o, "target_pid", json_integer(c->target_pid));
		set(o, "nr_changes", json_integer(c->nr_changes));
		for (unsigned int i = 0; i < n; i++) {
			json_t *ch = json_object();

			set(ch, "field", json_string(vedevent_cred_field_name(c->changes[i].field)));
			set(ch, "old", dec(c->changes[i].old_value));
			set(ch, "new", dec(c->changes[i].new_value));
			json_array_append_new(changes, ch);
		}
		set(o, "changes", changes);
		break;
	}
	case VED_EV_CR_BITS: {
		const struct ved_ev_cr *c = p;
		char reg[16];

		*ns = "cr";
		snprintf(reg, sizeof(reg), "cr%u", c->reg);
		set(o, "register", json_string(reg));
		set(o, "cpu", json_integer(c->cpu));
		set(o, "old_value", hex(c->old_value));
		set(o, "new_value", hex(c->new_value));
		set(o, "cleared", hex(c->cleared));
		set(o, "caller", hex(c->caller));
		break;
	}
	case VED_EV_UMH: {
		const struct ved_ev_umh *u = p;

		*ns = "umh";
		set(o, "reason", json_string(vedevent_umh_reason_name(u->reason)));
		set(o, "path", S(u->path));
		set(o, "detail", S(u->detail));
		break;
	}
	case VED_EV_PINNED: {
		const struct ved_ev_pinned *pin = p;

		*ns = "pinned";
		set(o, "name", S(pin->name));
		set(o, "expected", S(pin->expected));
		set(o, "actual", S(pin->actual));
		break;
	}
	case VED_EV_WCFI: {
		const struct ved_ev_wcfi *w = p;

		*ns = "wcfi";
		set(o, "reason", json_string(vedevent_wcfi_reason_name(w->reason)));
		set(o, "depth", json_integer(w->depth));
		set(o, "address", hex(w->address));
		set(o, "target", hex(w->target));
		set(o, "symbol", S(w->symbol));
		set(o, "target_symbol", S(w->target_symbol));
		break;
	}
	case VED_EV_INTEGRITY: {
		const struct ved_ev_integrity *in = p;

		*ns = "integrity";
		set(o, "object", json_integer(in->object));
		set(o, "object_name", json_string(integrity_name(in->object)));
		set(o, "index", json_integer(in->index));
		set(o, "address", hex(in->address));
		set(o, "expected", hex(in->expected));
		set(o, "actual", hex(in->actual));
		set(o, "name", S(in->name));
		set(o, "owner", S(in->owner));
		break;
	}
	case VED_EV_MODULE: {
		const struct ved_ev_module *m = p;
		char h[65];

		*ns = "module";
		for (int i = 0; i < 32; i++)
			snprintf(h + 2 * i, 3, "%02x", m->sha256[i]);
		set(o, "name", S(m->name));
		set(o, "size", json_integer((json_int_t)(m->size & INT64_MAX)));
		set(o, "sha256", json_string(h));
		set(o, "signed", json_boolean(m->signed_ok));
		set(o, "refused", json_boolean(m->refused));
		break;
	}
	case VED_EV_HIDDEN: {
		const struct ved_ev_hidden *hd = p;

		*ns = "hidden";
		set(o, "kind", json_string(vedevent_hidden_kind_name(hd->kind)));
		set(o, "id", json_integer(hd->id));
		set(o, "name", S(hd->name));
		set(o, "views", S(hd->views));
		break;
	}
	default:
		json_decref(o);
		return NULL;
	}
	return o;
}

static void rfc3339(uint64_t ns, char *out, size_t size)
{
	time_t sec = (time_t)(ns / 1000000000ULL);
	struct tm tm;
	size_t n;

	gmtime_r(&sec, &tm);
	n = strftime(out, size, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, size - n, ".%09" PRIu64 "Z", (uint64_t)(ns % 1000000000ULL));
}

static int ecs_severity(const struct ved_event_header *r)
{
	if (r->action == VED_ACT_PANIC)
		return 99;
	switch (r->severity) {
	case VED_SEV_INFO: return 21;
	case VED_SEV_WARNING: return 47;
	default: return 73;
	}
}

static const char *ecs_outcome(const struct ved_event_header *r)
{
	switch (r->action) {
	case VED_ACT_BLOCK:
	case VED_ACT_PANIC: return "failure";
	case VED_ACT_LOG: return "success";
	default: return r->type == VED_EV_CONFIG ? "success" : "unknown";
	}
}

json_t *event_to_json(const struct ved_event_header *r)
{
	json_t *root = json_object(), *ev = json_object(), *proc = json_object(),
	       *thread = json_object(), *user = json_object(), *eff = json_object(),
	       *ved = json_object(), *payload;
	char ts[48], id[16];
	const char *ns;

	rfc3339(r->time_ns, ts, sizeof(ts));
	set(root, "@timestamp", json_string(ts));

	set(ev, "kind", json_string(r->action == VED_ACT_NONE ? "event" : "alert"));
	set(ev, "action", json_string(vedevent_type_name(r->type)));
	set(ev, "outcome", json_string(ecs_outcome(r)));
	set(ev, "severity", json_integer(ecs_severity(r)));
	set(ev, "module", json_string("ved"));
	set(ev, "dataset", json_string("ved.events"));
	set(ev, "provider", json_string(vedevent_detector_name(r->detector)));
	set(ev, "sequence", json_integer((json_int_t)(r->seq & INT64_MAX)));
	set(root, "event", ev);

	set(proc, "pid", json_integer(r->tgid));
	set(thread, "id", json_integer(r->pid));
	set(proc, "thread", thread);
	set(proc, "name", kstr(r->comm, sizeof(r->comm)));
	set(root, "process", proc);
	snprintf(id, sizeof(id), "%u", r->uid);
	set(user, "id", json_string(id));
	snprintf(id, sizeof(id), "%u", r->euid);
	set(eff, "id", json_string(id));
	set(user, "effective", eff);
	set(root, "user", user);

	set(ved, "seq", json_integer((json_int_t)(r->seq & INT64_MAX)));
	set(ved, "type", json_string(vedevent_type_name(r->type)));
	set(ved, "detector", json_string(vedevent_detector_name(r->detector)));
	set(ved, "action", json_string(vedevent_action_name(r->action)));
	set(ved, "severity", json_string(vedevent_severity_name(r->severity)));
	set(ved, "cpu", json_integer(r->cpu));
	set(ved, "version", json_integer(r->version));
	payload = payload_json(r, &ns, false);
	if (payload)
		set(ved, ns, payload);
	set(root, "ved", ved);
	return root;
}

/* ---- table ---- */

struct buf {
	char *out;
	size_t size, len;
};

static void bput(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void bput(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	size_t room = b->len < b->size ? b->size - b->len : 0;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? b->out + b->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->len += (size_t)n;
	if (b->len >= b->size && b->size)
		b->len = b->size - 1;
}

/* A table cell's value: blanks, controls, '\' and non-ASCII spelled \xNN. */
static void bput_str(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= ' ' || c >= 0x7f || c == '\\')
			bput(b, "\\x%02x", c);
		else
			bput(b, "%c", c);
	}
}

static void flatten(struct buf *b, const json_t *o)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)o, key, v) {
		if (json_is_array(v)) {
			size_t i;
			json_t *ch;

			/* cred changes: field=old->new */
			json_array_foreach(v, i, ch) {
				bput(b, "%s", b->len ? " " : "");
				bput_str(b, json_string_value(json_object_get(ch, "field")) ?: "?");
				bput(b, "=%s->%s", json_string_value(json_object_get(ch, "old")) ?: "?",
				     json_string_value(json_object_get(ch, "new")) ?: "?");
			}
			continue;
		}
		/* json_object_foreach() needs @key intact to go on. */
		bput(b, "%s%s=", b->len ? " " : "",
		     strcmp(key, "nr_changes") == 0 ? "changes" : key);
		if (json_is_string(v))
			bput_str(b, json_string_value(v));
		else if (json_is_integer(v))
			bput(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		else if (json_is_boolean(v))
			bput(b, "%s", json_is_true(v) ? "yes" : "no");
	}
}

void event_details(const struct ved_event_header *rec, char *out, size_t size)
{
	struct buf b = { out, size, 0 };
	const char *ns;
	json_t *p = payload_json(rec, &ns, true);

	if (size)
		out[0] = '\0';
	if (!p)
		return;
	flatten(&b, p);
	json_decref(p);
}

bool want_color(int fd)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

	if (no && *no)
		return false;
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fd);
}

#define C_RESET	"\033[0m"
#define C_BOLD	"\033[1m"
#define C_RED	"\033[1;31m"
#define C_YEL	"\033[33m"
#define C_DIM	"\033[2m"

static const char *action_color(unsigned int action)
{
	switch (action) {
	case VED_ACT_BLOCK: return C_RED;
	case VED_ACT_PANIC: return "\033[1;37;41m";
	case VED_ACT_LOG: return C_YEL;
	default: return C_DIM;
	}
}

static const char *severity_color(unsigned int sev)
{
	switch (sev) {
	case VED_SEV_CRITICAL: return C_RED;
	case VED_SEV_WARNING: return C_YEL;
	default: return "";
	}
}

void event_table_header(FILE *out, const struct table_style *st)
{
	fprintf(out, "%s%-19s %-9s %-6s %-8s %7s %-11s %-16s %-15s %s%s\n",
		st->color ? C_BOLD : "", "TIME", "DETECTOR", "ACTION", "SEVERITY", "PID", "UID",
		"COMM", "EVENT", "DETAILS", st->color ? C_RESET : "");
}

/* Pad @s (printed with escapes) to @width columns: escapes take no room. */
static void cell(FILE *out, const char *color, const char *s, int width, bool use_color)
{
	if (use_color && *color)
		fprintf(out, "%s%-*s%s", color, width, s, C_RESET);
	else
		fprintf(out, "%-*s", width, s);
}

void event_table_row(FILE *out, const struct ved_event_header *rec, const struct table_style *st)
{
	char when[32], uid[24], comm[4 * VED_COMM_LEN + 1], details[2048];
	struct buf cb = { comm, sizeof(comm), 0 };
	time_t sec = (time_t)(rec->time_ns / 1000000000ULL);
	char c[VED_COMM_LEN + 1];
	struct tm tm;

	if (st->utc)
		gmtime_r(&sec, &tm);
	else
		localtime_r(&sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	if (rec->uid == rec->euid)
		snprintf(uid, sizeof(uid), "%u", rec->uid);
	else
		snprintf(uid, sizeof(uid), "%u/e%u", rec->uid, rec->euid);
	memcpy(c, rec->comm, VED_COMM_LEN);
	c[VED_COMM_LEN] = '\0';
	comm[0] = '\0';
	bput_str(&cb, c);
	event_details(rec, details, sizeof(details));

	fprintf(out, "%-19s ", when);
	cell(out, "", vedevent_detector_name(rec->detector), 9, st->color);
	fputc(' ', out);
	cell(out, action_color(rec->action), vedevent_action_name(rec->action), 6, st->color);
	fputc(' ', out);
	cell(out, severity_color(rec->severity), vedevent_severity_name(rec->severity), 8, st->color);
	fprintf(out, " %7u %-11s %-16s %-15s %s\n", rec->tgid, uid, comm,
		vedevent_type_name(rec->type), details);
}
