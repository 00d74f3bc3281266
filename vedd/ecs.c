// SPDX-License-Identifier: GPL-2.0
/*
 * Elastic Common Schema encoder.  Field choices (see vedd/README.md):
 * process.pid is the record's tgid and process.thread.id its pid; user.id is
 * the real uid and user.effective.id the effective one, both as ECS keyword
 * strings; event.severity follows Elastic's risk scale (21 low, 47 medium,
 * 73 high, 99 critical); event.id is "<boot id>-<seq>", unique per host, so
 * a SIEM can drop the duplicates an at-least-once resend may cause.
 * Everything ved-specific is under ved.*.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ecs.h"
#include "jsonutil.h"
#include "rules.h"

static const char *action_verb(unsigned int action)
{
	switch (action) {
	case VED_ACT_LOG: return "detected";
	case VED_ACT_BLOCK: return "blocked";
	case VED_ACT_PANIC: return "panicked on";
	default: return "reported";
	}
}

void event_summary(const struct vedd_event *ev, char *out, size_t size)
{
	const struct ved_event_header *r = ev->rec;
	char comm[VED_COMM_LEN + 1];
	uint32_t uid, euid;

	vedecs_identity(r, &uid, &euid);
	copy_kstr(comm, sizeof(comm), r->comm, sizeof(r->comm));
	snprintf(out, size, "ved %s: %s by %s (pid %u, uid %u, euid %u)",
		 action_verb(r->action), rule_for(r)->name, comm, r->tgid, uid, euid);
}

/* Strings vedd made itself (names from /etc files): checked, as they may be anything. */
static void set_str(json_t *o, const char *key, const char *s, size_t max)
{
	json_object_set_new_nocheck(o, key, vedecs_kstr(s, max));
}

static void set_id(json_t *o, const char *key, uint32_t id)
{
	char b[16];

	json_object_set_new_nocheck(o, key, json_stringn_nocheck(b, (size_t)snprintf(b, sizeof(b), "%u", id)));
}

static void ecs_args(json_t *proc, const struct vedd_proc *p)
{
	json_t *args = json_array();
	char line[sizeof(p->args)];
	size_t len = 0;

	for (unsigned int off = 0; off < p->args_len; ) {
		const char *a = p->args + off;
		size_t n = strnlen(a, p->args_len - off);

		json_array_append_new(args, vedecs_kstr(a, n));
		if (off && len < sizeof(line))
			line[len++] = ' ';
		if (n > sizeof(line) - len)
			n = sizeof(line) - len;
		memcpy(line + len, a, n);
		len += n;
		off += (unsigned int)n + 1;
	}
	json_object_set_new_nocheck(proc, "args", args);
	json_object_set_new_nocheck(proc, "args_count", json_integer(p->argc));
	json_object_set_new_nocheck(proc, "command_line", vedecs_kstr(line, len));
}

/*
 * What vedd adds to the kernel's view (lib/vedecs.c already has pid,
 * thread, name, parent pid and, from the record, the executable): names
 * of ids, arguments, the parent's name and executable, container.  The
 * executable from /proc replaces the record's only when the record's is
 * not a full path (enrich.c decides).
 */
static void ecs_process(json_t *root, const struct vedd_event *ev)
{
	const struct vedd_proc *p = ev->proc;
	json_t *proc, *user;

	if (!p)
		return;
	proc = vedecs_child(root, "process");
	user = vedecs_child(root, "user");
	if (p->user_name[0])
		set_str(user, "name", p->user_name, sizeof(p->user_name));
	if (p->euser_name[0])
		set_str(vedecs_child(user, "effective"), "name", p->euser_name, sizeof(p->euser_name));
	if (p->have_gid) {
		json_t *group = vedecs_child(root, "group");

		set_id(group, "id", p->gid);
		if (p->group_name[0])
			set_str(group, "name", p->group_name, sizeof(p->group_name));
	}
	if (p->exe[0])
		set_str(proc, "executable", p->exe, sizeof(p->exe));
	if (p->argc)
		ecs_args(proc, p);
	if (p->have_ppid) {
		json_t *parent = vedecs_child(proc, "parent");

		json_object_set_new_nocheck(parent, "pid", json_integer(p->ppid));
		if (p->parent_name[0])
			set_str(parent, "name", p->parent_name, sizeof(p->parent_name));
		if (p->parent_exe[0])
			set_str(parent, "executable", p->parent_exe, sizeof(p->parent_exe));
	}
	if (p->container_id[0])
		set_str(vedecs_child(root, "container"), "id", p->container_id, sizeof(p->container_id));
	if (p->cgroup[0])
		set_str(vedecs_child(root, "ved"), "cgroup", p->cgroup, sizeof(p->cgroup));
}

static void ecs_threat(json_t *root, const struct vedd_rule *rule)
{
	char ref[128];

	if (!rule->technique_id)
		return;
	jset(root, "threat.framework", json_string("MITRE ATT&CK"));
	jset(root, "threat.technique.id", json_string(rule->technique_id));
	jset(root, "threat.technique.name", json_string(rule->technique_name));
	snprintf(ref, sizeof(ref), "https://attack.mitre.org/techniques/%s/", rule->technique_id);
	for (char *d = strchr(ref + 36, '.'); d; d = strchr(d, '.'))
		*d = '/';	/* T1547.006 -> T1547/006 */
	jset(root, "threat.technique.reference", json_string(ref));
	jset(root, "threat.tactic.id", json_string(rule->tactic_id));
	jset(root, "threat.tactic.name", json_string(rule->tactic_name));
	snprintf(ref, sizeof(ref), "https://attack.mitre.org/tactics/%s/", rule->tactic_id);
	jset(root, "threat.tactic.reference", json_string(ref));
}

/*
 * Half of an ECS document is the same for every record of a rule (rule.*,
 * threat.*) or for every record of the host (host.*, observer.*, agent.*,
 * ecs.version).  Those members are encoded once, by jansson, and kept as
 * text: each document is then jansson's dump of the per-record members
 * with the cached text spliced in before its closing brace.  At flood rates
 * this halves the cost of a document (bench/vedd-throughput.sh).
 */
struct fragment {
	char text[4096];
	size_t len;
};

/* The members of @o as text, without the braces: "k":v,"k2":v2. */
static void fragment_set(struct fragment *f, json_t *o)
{
	size_t n = json_dumpb(o, f->text, sizeof(f->text), JSON_COMPACT);

	f->len = 0;
	if (n >= 2 && n <= sizeof(f->text)) {
		f->len = n - 2;
		memmove(f->text, f->text + 1, f->len);
	}
	json_decref(o);
}

static const struct fragment *rule_fragment(const struct ved_event_header *r,
					    const struct vedd_rule *rule)
{
	static struct {
		const struct vedd_rule *rule;
		unsigned int detector;
		struct fragment f;
	} cache[32];
	unsigned int slot = (unsigned int)(((uintptr_t)rule / sizeof(*rule)) + r->detector) % 32;
	json_t *o;

	if (cache[slot].rule == rule && cache[slot].detector == r->detector)
		return &cache[slot].f;
	o = json_object();
	jset(o, "rule.id", json_string(rule->id));
	jset(o, "rule.name", json_string(rule->name));
	jset(o, "rule.description", json_string(rule->description));
	jset(o, "rule.ruleset", json_string("ved"));
	jset(o, "rule.category", json_string(vedevent_detector_name(r->detector)));
	ecs_threat(o, rule);
	fragment_set(&cache[slot].f, o);
	cache[slot].rule = rule;
	cache[slot].detector = r->detector;
	return &cache[slot].f;
}

static const struct fragment *host_fragment(const struct vedd_host *h)
{
	static struct vedd_host cached;
	static struct fragment f;
	static int valid, had_host;
	json_t *o;

	if (valid && (h ? had_host && !memcmp(h, &cached, sizeof(*h)) : !had_host))
		return &f;
	o = json_object();
	jset(o, "ecs.version", json_string(VEDD_ECS_VERSION));
	if (h) {
		jset(o, "host.hostname", vedecs_kstr(h->hostname, sizeof(h->hostname)));
		jset(o, "host.name", vedecs_kstr(h->hostname, sizeof(h->hostname)));
		jset(o, "host.os.type", json_string("linux"));
		jset(o, "host.os.kernel", vedecs_kstr(h->kernel, sizeof(h->kernel)));
		jset(o, "host.architecture", vedecs_kstr(h->arch, sizeof(h->arch)));
		if (h->boot_id[0])
			jset(o, "host.boot.id", vedecs_kstr(h->boot_id, sizeof(h->boot_id)));
		cached = *h;
	}
	jset(o, "observer.vendor", json_string("ved"));
	jset(o, "observer.product", json_string("ved"));
	jset(o, "observer.type", json_string("ids"));
	jset(o, "agent.type", json_string("vedd"));
	jset(o, "agent.version", json_string(VEDD_VERSION));
	fragment_set(&f, o);
	valid = 1;
	had_host = h != NULL;
	return &f;
}

static void ecs_event(json_t *root, const struct vedd_event *ev, const struct vedd_rule *rule)
{
	const struct ved_event_header *r = ev->rec;
	json_t *event = vedecs_child(root, "event"), *cat = json_array(), *type = json_array();
	char id[80];
	int n;

	for (int i = 0; i < 2 && rule->category[i]; i++)
		json_array_append_new(cat, json_string_nocheck(rule->category[i]));
	json_object_set_new_nocheck(event, "category", cat);
	json_array_append_new(type, json_string_nocheck(rule->type));
	if (!strcmp(vedecs_kind(r), "alert"))
		json_array_append_new(type, json_string_nocheck(
			r->action == VED_ACT_BLOCK || r->action == VED_ACT_PANIC ? "denied" : "allowed"));
	json_object_set_new_nocheck(event, "type", type);
	n = snprintf(id, sizeof(id), "%s-%llu", ev->host && ev->host->boot_id[0] ? ev->host->boot_id : "ved",
		     (unsigned long long)r->seq);
	json_object_set_new_nocheck(event, "id", vedecs_kstr(id, (size_t)n));
}

/* Append ",<fragment>" members before the closing brace of the document at @out[start..]. */
static int splice(struct strbuf *out, size_t start, const struct fragment *const *frags, int nfrags)
{
	if (out->len <= start + 1 || out->data[out->len - 1] != '}')
		return -1;
	out->len--;
	for (int i = 0; i < nfrags; i++) {
		if (!frags[i]->len)
			continue;
		if (sb_append(out, ",", 1) || sb_append(out, frags[i]->text, frags[i]->len))
			return -1;
	}
	return sb_append(out, "}", 1);
}

int ecs_encode(const struct vedd_event *ev, struct strbuf *out)
{
	const struct ved_event_header *r = ev->rec;
	const struct vedd_rule *rule = rule_for(r);
	const struct fragment *frags[2];
	size_t start = out->len;
	char msg[256];
	json_t *root;
	int ret;

	json_arena_begin();
	root = vedecs_record(r);
	if (!root) {
		json_arena_end();
		return -1;
	}
	event_summary(ev, msg, sizeof(msg));
	json_object_set_new_nocheck(root, "message", vedecs_kstr(msg, sizeof(msg)));
	ecs_event(root, ev, rule);
	ecs_process(root, ev);
	ret = jdump(root, out);
	json_decref(root);
	frags[0] = rule_fragment(r, rule);
	frags[1] = host_fragment(ev->host);
	json_arena_end();
	if (!ret)
		ret = splice(out, start, frags, 2);
	if (ret)
		out->len = start;
	return ret;
}

int kv_encode(const struct vedd_event *ev, struct strbuf *out)
{
	char line[4096];
	int n = vedevent_format_kv(ev->rec, line, sizeof(line));

	if (n < 0)
		return -1;
	return sb_append(out, line, strnlen(line, sizeof(line)));
}
