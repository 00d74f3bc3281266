// SPDX-License-Identifier: GPL-2.0
/* See jsonutil.h. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonutil.h"
#include "vedevent.h"

void jset(json_t *root, const char *path, json_t *value)
{
	char key[128];
	const char *dot;
	json_t *child;

	if (!value)
		return;
	while ((dot = strchr(path, '.'))) {
		size_t n = (size_t)(dot - path);

		if (n >= sizeof(key))
			break;
		memcpy(key, path, n);
		key[n] = '\0';
		child = json_object_get(root, key);
		if (!json_is_object(child)) {
			child = json_object();
			json_object_set_new(root, key, child);
		}
		root = child;
		path = dot + 1;
	}
	json_object_set_new(root, path, value);
}

json_t *jstr(const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	char buf[4 * 2048 + 1];
	size_t o = 0;
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

json_t *jhex(uint64_t v)
{
	char b[24];

	snprintf(b, sizeof(b), "0x%" PRIx64, v);
	return json_string(b);
}

json_t *ju64(uint64_t v)
{
	char b[24];

	snprintf(b, sizeof(b), "%" PRIu64, v);
	return json_string(b);
}

int jdump(json_t *j, struct strbuf *out)
{
	/* One json_dumpb into the buffer: far cheaper than a callback per token. */
	size_t room = out->cap > out->len + 1 ? out->cap - out->len - 1 : 0;
	size_t need = json_dumpb(j, room ? out->data + out->len : NULL, room, JSON_COMPACT);

	if (!need)
		return -1;
	if (need > room) {
		char *tmp = json_dumps(j, JSON_COMPACT);
		int r = tmp ? sb_append(out, tmp, strlen(tmp)) : -1;

		free(tmp);
		return r;
	}
	out->len += need;
	out->data[out->len] = '\0';
	return 0;
}

#define S(field) jstr(field, sizeof(field))

static json_t *cred_json(const struct ved_ev_cred *c)
{
	unsigned int n = c->nr_changes < VED_CRED_MAX_CHANGES ? c->nr_changes : VED_CRED_MAX_CHANGES;
	json_t *o = json_object(), *changes = json_array();

	jset(o, "where", json_string(vedevent_cred_where_name(c->where)));
	jset(o, "checkpoint", json_string(vedevent_checkpoint_name(c->checkpoint)));
	jset(o, "syscall", json_integer(c->syscall));
	jset(o, "target_pid", json_integer(c->target_pid));
	jset(o, "nr_changes", json_integer(c->nr_changes));
	for (unsigned int i = 0; i < n; i++) {
		json_t *ch = json_object();

		jset(ch, "field", json_string(vedevent_cred_field_name(c->changes[i].field)));
		jset(ch, "old", ju64(c->changes[i].old_value));
		jset(ch, "new", ju64(c->changes[i].new_value));
		json_array_append_new(changes, ch);
	}
	jset(o, "changes", changes);
	return o;
}

json_t *ved_payload_json(const struct ved_event_header *rec, const char **ns)
{
	const void *p = rec + 1;
	json_t *o;

	*ns = NULL;
	switch (rec->type) {
	case VED_EV_DROPPED: {
		const struct ved_ev_dropped *d = p;

		*ns = "dropped";
		o = json_object();
		jset(o, "count", json_integer((json_int_t)(d->count & INT64_MAX)));
		jset(o, "total", json_integer((json_int_t)(d->total & INT64_MAX)));
		return o;
	}
	case VED_EV_CONFIG: {
		const struct ved_ev_config *c = p;

		*ns = "config";
		o = json_object();
		jset(o, "key", S(c->key));
		jset(o, "old_value", S(c->old_value));
		jset(o, "new_value", S(c->new_value));
		jset(o, "result", json_integer(c->result));
		return o;
	}
	case VED_EV_CRED_CHANGE:
		*ns = "cred";
		return cred_json(p);
	case VED_EV_CR_BITS: {
		const struct ved_ev_cr *c = p;
		char reg[16];

		*ns = "cr";
		o = json_object();
		snprintf(reg, sizeof(reg), "cr%u", c->reg);
		jset(o, "register", json_string(reg));
		jset(o, "cpu", json_integer(c->cpu));
		jset(o, "old_value", jhex(c->old_value));
		jset(o, "new_value", jhex(c->new_value));
		jset(o, "cleared", jhex(c->cleared));
		jset(o, "caller", jhex(c->caller));
		return o;
	}
	case VED_EV_UMH: {
		const struct ved_ev_umh *u = p;

		*ns = "umh";
		o = json_object();
		jset(o, "reason", json_string(vedevent_umh_reason_name(u->reason)));
		jset(o, "path", S(u->path));
		jset(o, "detail", S(u->detail));
		return o;
	}
	case VED_EV_PINNED: {
		const struct ved_ev_pinned *pin = p;

		*ns = "pinned";
		o = json_object();
		jset(o, "name", S(pin->name));
		jset(o, "expected", S(pin->expected));
		jset(o, "actual", S(pin->actual));
		return o;
	}
	case VED_EV_WCFI: {
		const struct ved_ev_wcfi *w = p;

		*ns = "wcfi";
		o = json_object();
		jset(o, "reason", json_string(vedevent_wcfi_reason_name(w->reason)));
		jset(o, "depth", json_integer(w->depth));
		jset(o, "address", jhex(w->address));
		jset(o, "target", jhex(w->target));
		jset(o, "symbol", S(w->symbol));
		jset(o, "target_symbol", S(w->target_symbol));
		return o;
	}
	case VED_EV_INTEGRITY: {
		const struct ved_ev_integrity *in = p;

		*ns = "integrity";
		o = json_object();
		jset(o, "object", json_integer(in->object));
		jset(o, "index", json_integer(in->index));
		jset(o, "address", jhex(in->address));
		jset(o, "expected", jhex(in->expected));
		jset(o, "actual", jhex(in->actual));
		jset(o, "name", S(in->name));
		jset(o, "owner", S(in->owner));
		return o;
	}
	case VED_EV_MODULE: {
		const struct ved_ev_module *m = p;
		char hex[65];

		*ns = "module";
		o = json_object();
		for (int i = 0; i < 32; i++)
			snprintf(hex + 2 * i, 3, "%02x", m->sha256[i]);
		jset(o, "name", S(m->name));
		jset(o, "size", json_integer((json_int_t)(m->size & INT64_MAX)));
		jset(o, "sha256", json_string(hex));
		jset(o, "signed", json_boolean(m->signed_ok));
		jset(o, "refused", json_boolean(m->refused));
		return o;
	}
	case VED_EV_HIDDEN: {
		const struct ved_ev_hidden *h = p;

		*ns = "hidden";
		o = json_object();
		jset(o, "kind", json_string(vedevent_hidden_kind_name(h->kind)));
		jset(o, "id", json_integer(h->id));
		jset(o, "name", S(h->name));
		jset(o, "views", S(h->views));
		return o;
	}
	}
	return NULL;
}
