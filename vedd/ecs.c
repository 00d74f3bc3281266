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

	record_identity(r, &uid, &euid);
	copy_kstr(comm, sizeof(comm), r->comm, sizeof(r->comm));
	snprintf(out, size, "ved %s: %s by %s (pid %u, uid %u, euid %u)",
		 action_verb(r->action), rule_for(r)->name, comm, r->tgid, uid, euid);
}

static void set_id(json_t *root, const char *path, uint32_t id)
{
	char b[16];

	snprintf(b, sizeof(b), "%u", id);
	jset(root, path, json_string(b));
}

static void ecs_process(json_t *root, const struct vedd_event *ev)
{
	const struct ved_event_header *r = ev->rec;
	const struct vedd_proc *p = ev->proc;
	uint32_t uid, euid;

	record_identity(r, &uid, &euid);
	jset(root, "process.pid", json_integer(r->tgid));
	jset(root, "process.thread.id", json_integer(r->pid));
	jset(root, "process.name", jstr(r->comm, sizeof(r->comm)));
	set_id(root, "user.id", uid);
	set_id(root, "user.effective.id", euid);
	if (!p)
		return;
	if (p->user_name[0])
		jset(root, "user.name", json_string(p->user_name));
	if (p->euser_name[0])
		jset(root, "user.effective.name", json_string(p->euser_name));
	if (p->have_gid) {
		set_id(root, "group.id", p->gid);
		if (p->group_name[0])
			jset(root, "group.name", json_string(p->group_name));
	}
	if (p->exe[0])
		jset(root, "process.executable", jstr(p->exe, sizeof(p->exe)));
	if (p->argc) {
		json_t *args = json_array();
		struct strbuf line;

		sb_init(&line, sizeof(p->args) + 1);
		for (unsigned int off = 0; off < p->args_len; ) {
			const char *a = p->args + off;
			size_t n = strnlen(a, p->args_len - off);

			json_array_append_new(args, jstr(a, n));
			if (off)
				sb_puts(&line, " ");
			sb_append(&line, a, n);
			off += (unsigned int)n + 1;
		}
		jset(root, "process.args", args);
		jset(root, "process.args_count", json_integer(p->argc));
		jset(root, "process.command_line", jstr(sb_cstr(&line), line.len));
		sb_free(&line);
	}
	if (p->have_ppid) {
		jset(root, "process.parent.pid", json_integer(p->ppid));
		if (p->parent_name[0])
			jset(root, "process.parent.name", jstr(p->parent_name, sizeof(p->parent_name)));
		if (p->parent_exe[0])
			jset(root, "process.parent.executable", jstr(p->parent_exe, sizeof(p->parent_exe)));
	}
	if (p->container_id[0])
		jset(root, "container.id", json_string(p->container_id));
	if (p->cgroup[0])
		jset(root, "ved.cgroup", jstr(p->cgroup, sizeof(p->cgroup)));
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

int ecs_encode(const struct vedd_event *ev, struct strbuf *out)
{
	const struct ved_event_header *r = ev->rec;
	const struct vedd_rule *rule = rule_for(r);
	json_t *root = json_object(), *cat = json_array(), *type = json_array(), *payload;
	char ts[40], msg[256], id[80];
	const char *ns;
	int ret;

	format_rfc3339(r->time_ns, 9, ts, sizeof(ts));
	event_summary(ev, msg, sizeof(msg));
	jset(root, "@timestamp", json_string(ts));
	jset(root, "message", json_string(msg));
	jset(root, "ecs.version", json_string(VEDD_ECS_VERSION));

	jset(root, "event.kind", json_string(rule->kind));
	for (int i = 0; i < 2 && rule->category[i]; i++)
		json_array_append_new(cat, json_string(rule->category[i]));
	jset(root, "event.category", cat);
	json_array_append_new(type, json_string(rule->type));
	if (!strcmp(rule->kind, "alert"))
		json_array_append_new(type, json_string(
			r->action == VED_ACT_BLOCK || r->action == VED_ACT_PANIC ? "denied" : "allowed"));
	jset(root, "event.type", type);
	jset(root, "event.action", json_string(vedevent_type_name(r->type)));
	jset(root, "event.outcome", json_string(ecs_outcome(r)));
	jset(root, "event.severity", json_integer(ecs_severity(r)));
	jset(root, "event.module", json_string("ved"));
	jset(root, "event.dataset", json_string("ved.events"));
	jset(root, "event.provider", json_string(vedevent_detector_name(r->detector)));
	jset(root, "event.sequence", json_integer((json_int_t)(r->seq & INT64_MAX)));
	snprintf(id, sizeof(id), "%s-%llu", ev->host && ev->host->boot_id[0] ? ev->host->boot_id : "ved",
		 (unsigned long long)r->seq);
	jset(root, "event.id", json_string(id));

	jset(root, "rule.id", json_string(rule->id));
	jset(root, "rule.name", json_string(rule->name));
	jset(root, "rule.description", json_string(rule->description));
	jset(root, "rule.ruleset", json_string("ved"));
	jset(root, "rule.category", json_string(vedevent_detector_name(r->detector)));
	ecs_threat(root, rule);

	ecs_process(root, ev);
	if (ev->host) {
		jset(root, "host.hostname", json_string(ev->host->hostname));
		jset(root, "host.name", json_string(ev->host->hostname));
		jset(root, "host.os.type", json_string("linux"));
		jset(root, "host.os.kernel", json_string(ev->host->kernel));
		jset(root, "host.architecture", json_string(ev->host->arch));
		if (ev->host->boot_id[0])
			jset(root, "host.boot.id", json_string(ev->host->boot_id));
	}
	jset(root, "observer.vendor", json_string("ved"));
	jset(root, "observer.product", json_string("ved"));
	jset(root, "observer.type", json_string("ids"));
	jset(root, "agent.type", json_string("vedd"));
	jset(root, "agent.version", json_string(VEDD_VERSION));

	jset(root, "ved.seq", json_integer((json_int_t)(r->seq & INT64_MAX)));
	jset(root, "ved.type", json_string(vedevent_type_name(r->type)));
	jset(root, "ved.detector", json_string(vedevent_detector_name(r->detector)));
	jset(root, "ved.action", json_string(vedevent_action_name(r->action)));
	jset(root, "ved.severity", json_string(vedevent_severity_name(r->severity)));
	jset(root, "ved.cpu", json_integer(r->cpu));
	jset(root, "ved.version", json_integer(r->version));
	payload = ved_payload_json(r, &ns);
	if (payload) {
		char path[32];

		snprintf(path, sizeof(path), "ved.%s", ns);
		jset(root, path, payload);
	}
	ret = jdump(root, out);
	json_decref(root);
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
