// SPDX-License-Identifier: GPL-2.0
/*
 * Falco-compatible JSON: the document Falco itself writes with
 * json_output=true, so Falcosidekick and Falco-aware SIEM rules take ved's
 * alerts as they are.  output_fields is flat, as in Falco ("proc.pid");
 * ved's payload goes there as "ved.<namespace>.<field>".
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ecs.h"
#include "jsonutil.h"
#include "rules.h"

static void flatten(json_t *dst, const char *prefix, json_t *src)
{
	const char *key;
	json_t *v;

	json_object_foreach(src, key, v) {
		char path[128];

		snprintf(path, sizeof(path), "%s.%s", prefix, key);
		if (json_is_object(v)) {
			flatten(dst, path, v);
		} else if (json_is_array(v)) {
			/* Falco fields are scalars: a list becomes its JSON text. */
			json_object_set_new(dst, path, jtext(v));
		} else {
			json_object_set(dst, path, v);
		}
	}
}

static void falco_fields(json_t *f, const struct vedd_event *ev)
{
	const struct ved_event_header *r = ev->rec;
	const struct vedd_proc *p = ev->proc;
	json_t *payload;
	const char *ns;
	uint32_t uid, euid;

	vedecs_identity(r, &uid, &euid);
	json_object_set_new(f, "evt.time", json_integer((json_int_t)(r->time_ns & INT64_MAX)));
	json_object_set_new(f, "evt.type", json_string(vedevent_type_name(r->type)));
	json_object_set_new(f, "proc.pid", json_integer(r->tgid));
	json_object_set_new(f, "thread.tid", json_integer(r->pid));
	json_object_set_new(f, "proc.name", vedecs_kstr(r->comm, sizeof(r->comm)));
	json_object_set_new(f, "user.uid", json_integer(uid));
	json_object_set_new(f, "user.euid", json_integer(euid));
	if (p && p->user_name[0])
		json_object_set_new(f, "user.name", json_string(p->user_name));
	if (p && p->have_gid)
		json_object_set_new(f, "group.gid", json_integer(p->gid));
	if (p && p->group_name[0])
		json_object_set_new(f, "group.name", json_string(p->group_name));
	if (p && p->exe[0]) {
		json_object_set_new(f, "proc.exepath", vedecs_kstr(p->exe, sizeof(p->exe)));
	} else {
		/* Without enrichment (a replay), the kernel's view in the record. */
		char exe[VED_EXE_LEN + 1];

		vedevent_exe(r, exe, sizeof(exe));
		if (exe[0])
			json_object_set_new(f, "proc.exepath", vedecs_kstr(exe, sizeof(exe)));
	}
	if (p && p->argc) {
		/* Falco's proc.cmdline: the name, then the arguments after argv[0]. */
		char line[sizeof(p->args) + VED_COMM_LEN + 1];
		size_t o = 0, first = strnlen(p->args, p->args_len);

		o = (size_t)snprintf(line, sizeof(line), "%.*s", (int)sizeof(r->comm), r->comm);
		for (size_t i = first; i < p->args_len && o + 1 < sizeof(line); i++)
			line[o++] = (p->args[i] == '\0') ? ' ' : p->args[i];
		while (o && line[o - 1] == ' ')
			o--;
		line[o] = '\0';
		json_object_set_new(f, "proc.cmdline", vedecs_kstr(line, o));
	}
	if (p && p->have_ppid) {
		json_object_set_new(f, "proc.ppid", json_integer(p->ppid));
		if (p->parent_name[0])
			json_object_set_new(f, "proc.pname", vedecs_kstr(p->parent_name, sizeof(p->parent_name)));
		if (p->parent_exe[0])
			json_object_set_new(f, "proc.pexepath", vedecs_kstr(p->parent_exe, sizeof(p->parent_exe)));
	} else if (!p && r->ppid) {
		json_object_set_new(f, "proc.ppid", json_integer(r->ppid));
	}
	/* Falco names host processes' container "host". */
	json_object_set_new(f, "container.id", json_string(p && p->container_id[0] ? p->container_id : "host"));
	json_object_set_new(f, "ved.seq", json_integer((json_int_t)(r->seq & INT64_MAX)));
	json_object_set_new(f, "ved.detector", json_string(vedevent_detector_name(r->detector)));
	json_object_set_new(f, "ved.action", json_string(vedevent_action_name(r->action)));
	payload = vedecs_payload(r, &ns, 0);
	if (payload) {
		char prefix[32];

		snprintf(prefix, sizeof(prefix), "ved.%s", ns);
		flatten(f, prefix, payload);
		json_decref(payload);
	}
}

int falco_encode(const struct vedd_event *ev, struct strbuf *out)
{
	const struct ved_event_header *r = ev->rec;
	const struct vedd_rule *rule = rule_for(r);
	json_t *root = json_object(), *fields = json_object(), *tags = json_array();
	char ts[40], summary[256], output[512], clock[16], tag[64];
	time_t sec = (time_t)(r->time_ns / 1000000000ULL);
	struct tm tm;
	int ret;

	json_arena_begin();
	format_rfc3339(r->time_ns, 9, ts, sizeof(ts));
	gmtime_r(&sec, &tm);
	strftime(clock, sizeof(clock), "%H:%M:%S", &tm);
	event_summary(ev, summary, sizeof(summary));
	snprintf(output, sizeof(output), "%s.%09llu: %s %s (action=%s detector=%s seq=%llu)",
		 clock, (unsigned long long)(r->time_ns % 1000000000ULL), falco_priority(r),
		 summary, vedevent_action_name(r->action), vedevent_detector_name(r->detector),
		 (unsigned long long)r->seq);
	falco_fields(fields, ev);

	json_array_append_new(tags, json_string("ved"));
	json_array_append_new(tags, json_string(vedevent_detector_name(r->detector)));
	if (rule->technique_id) {
		/* Falco's own rules tag "mitre_<tactic>" and the technique id. */
		snprintf(tag, sizeof(tag), "mitre_%s", rule->tactic_name);
		for (char *c = tag; *c; c++)
			*c = *c == ' ' ? '_' : (char)((*c >= 'A' && *c <= 'Z') ? *c + 32 : *c);
		json_array_append_new(tags, json_string(tag));
		json_array_append_new(tags, json_string(rule->technique_id));
	}

	json_object_set_new(root, "hostname", json_string(ev->host ? ev->host->hostname : ""));
	json_object_set_new(root, "output", json_string(output));
	json_object_set_new(root, "priority", json_string(falco_priority(r)));
	json_object_set_new(root, "rule", json_string(rule->name));
	json_object_set_new(root, "source", json_string("ved"));
	json_object_set_new(root, "tags", tags);
	json_object_set_new(root, "time", json_string(ts));
	json_object_set_new(root, "output_fields", fields);
	ret = jdump(root, out);
	json_decref(root);
	json_arena_end();
	return ret;
}
