// SPDX-License-Identifier: GPL-2.0
/* Audit output: a table grouped by category, or JSON for machines. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"

struct check_result *result_list_add(struct result_list *list)
{
	if (list->count == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 512;
		list->items = realloc(list->items, list->cap * sizeof(*list->items));
		if (!list->items)
			die_oom();
	}
	memset(&list->items[list->count], 0, sizeof(list->items[0]));
	return &list->items[list->count++];
}

void result_list_free(struct result_list *list)
{
	free(list->items);
	list->items = NULL;
	list->count = list->cap = 0;
}

void audit_summarize(const struct result_list *r, struct audit_summary *s)
{
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < r->count; i++) {
		const struct check_result *c = &r->items[i];

		s->total++;
		if (c->muted) {
			s->muted++;
			continue;
		}
		if (c->verdict == VERDICT_OK) {
			s->ok++;
		} else if (c->verdict == VERDICT_NA) {
			s->na++;
		} else {
			s->fail++;
			s->fail_by_sev[c->severity]++;
		}
	}
}

/* Categories in the order they first appear, so the table follows the rules. */
static size_t collect_categories(const struct result_list *r, const char **cats, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < r->count; i++) {
		size_t j;

		for (j = 0; j < n; j++)
			if (strcmp(cats[j], r->items[i].category) == 0)
				break;
		if (j == n && n < max)
			cats[n++] = r->items[i].category;
	}
	return n;
}

static void print_origin(FILE *out, const char *what, const char *origin, const char *missing)
{
	fprintf(out, "  %-8s %s\n", what, origin[0] ? origin : missing);
}

void audit_print_table(FILE *out, const struct audit_input *in, const struct result_list *r,
		       const struct audit_report_opts *opts)
{
	const char *cats[32];
	size_t ncats = collect_categories(r, cats, 32);
	struct audit_summary s;

	fprintf(out, "ved kernel hardening audit (kernel %s)\n",
		in->have_version ? in->version_text : "version unknown");
	print_origin(out, "config:", in->kconfig_origin, in->kconfig_missing);
	print_origin(out, "cmdline:", in->cmdline_origin, in->cmdline_missing);
	print_origin(out, "sysctl:", in->sysctl_origin, in->sysctl_missing);
	if (opts->profile)
		fprintf(out, "  profile: %s\n", opts->profile);
	for (size_t c = 0; c < ncats; c++) {
		bool header = false;

		for (size_t i = 0; i < r->count; i++) {
			const struct check_result *x = &r->items[i];
			const char *v = x->muted ? "muted" : verdict_name(x->verdict);

			if (strcmp(x->category, cats[c]) != 0)
				continue;
			if (opts->failed_only && (x->muted || x->verdict != VERDICT_FAIL))
				continue;
			if (!header) {
				fprintf(out, "\n== %s ==\n", cats[c]);
				fprintf(out, "  %-5s %-6s %-7s %-44s %s\n", "RESULT", "SEV", "TYPE",
					"CHECK", "DETAIL");
				header = true;
			}
			fprintf(out, "  %-6s %-6s %-7s %-44s %s\n", v, severity_name(x->severity),
				x->type, x->id, x->muted ? x->mute_reason : x->reason);
			if (opts->verbose && x->verdict == VERDICT_FAIL && !x->muted)
				fprintf(out, "         why: %s\n         fix: %s\n         source: %s\n",
					x->rationale, x->remediation, x->source);
		}
	}
	audit_summarize(r, &s);
	fprintf(out, "\nSummary: %zu checks: %zu OK, %zu FAIL (%zu high, %zu medium, %zu low), "
		"%zu N/A, %zu muted\n", s.total, s.ok, s.fail, s.fail_by_sev[SEV_HIGH],
		s.fail_by_sev[SEV_MEDIUM], s.fail_by_sev[SEV_LOW], s.na, s.muted);
}

static json_t *origin_json(const char *origin)
{
	return origin[0] ? json_string(origin) : json_null();
}

static json_t *check_json(const struct check_result *c)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:o}",
			 "id", c->id,
			 "option_name", c->option_name,
			 "type", c->type,
			 "category", c->category,
			 "source", c->source,
			 "decision", c->decision,
			 "severity", severity_name(c->severity),
			 "desired_val", c->desired,
			 "result", verdict_name(c->verdict),
			 "reason", c->reason,
			 "rationale", c->rationale,
			 "remediation", c->remediation,
			 "muted", c->muted,
			 "mute_reason", c->muted ? json_string(c->mute_reason) : json_null());
}

bool audit_print_json(FILE *out, const struct audit_input *in, const struct result_list *r,
		      const struct audit_report_opts *opts)
{
	struct audit_summary s;
	json_t *root, *checks = json_array();
	bool ok;

	audit_summarize(r, &s);
	for (size_t i = 0; i < r->count; i++)
		json_array_append_new(checks, check_json(&r->items[i]));
	root = json_pack("{s:i, s:{s:o, s:s}, s:{s:o, s:o, s:o}, s:o, "
			 "s:{s:I, s:I, s:I, s:I, s:I, s:{s:I, s:I, s:I}}, s:o}",
			 "ved_audit_version", 1,
			 "kernel",
			 "version", in->have_version ? json_string(in->version_text) : json_null(),
			 "arch", "x86_64",
			 "inputs",
			 "kconfig", origin_json(in->kconfig_origin),
			 "cmdline", origin_json(in->cmdline_origin),
			 "sysctl", origin_json(in->sysctl_origin),
			 "profile", opts->profile ? json_string(opts->profile) : json_null(),
			 "summary",
			 "total", (json_int_t)s.total, "ok", (json_int_t)s.ok,
			 "fail", (json_int_t)s.fail, "na", (json_int_t)s.na,
			 "muted", (json_int_t)s.muted,
			 "fail_by_severity",
			 "high", (json_int_t)s.fail_by_sev[SEV_HIGH],
			 "medium", (json_int_t)s.fail_by_sev[SEV_MEDIUM],
			 "low", (json_int_t)s.fail_by_sev[SEV_LOW],
			 "checks", checks);
	if (!root)
		return false;
	ok = json_dumpf(root, out, JSON_INDENT(1)) == 0;
	fputc('\n', out);
	json_decref(root);
	return ok;
}
