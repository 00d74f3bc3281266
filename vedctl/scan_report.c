// SPDX-License-Identifier: GPL-2.0
/* Scan bookkeeping and output (table or JSON). */
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scan.h"
#include "util.h"

double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

struct scan_check *scan_begin(struct scan_report *rep, const char *name)
{
	struct scan_check *c = &rep->checks[rep->n_checks++];

	memset(c, 0, sizeof(*c));
	c->name = name;
	c->status = SCAN_CLEAN;
	return c;
}

void scan_end(struct scan_check *c, double start_ms)
{
	c->ms = now_ms() - start_ms;
}

void scan_finding(struct scan_report *rep, struct scan_check *c, const char *subject,
		  const char *fmt, ...)
{
	struct scan_finding *f;
	va_list ap;

	if (rep->n_findings == rep->cap_findings) {
		rep->cap_findings = rep->cap_findings ? rep->cap_findings * 2 : 16;
		rep->findings = realloc(rep->findings, rep->cap_findings * sizeof(*f));
		if (!rep->findings)
			die_oom();
	}
	f = &rep->findings[rep->n_findings++];
	f->check = c->name;
	snprintf(f->subject, sizeof(f->subject), "%s", subject);
	va_start(ap, fmt);
	vsnprintf(f->evidence, sizeof(f->evidence), fmt, ap);
	va_end(ap);
	c->status = SCAN_FINDINGS;
}

void scan_na(struct scan_check *c, const char *fmt, ...)
{
	va_list ap;

	c->status = SCAN_NA;
	va_start(ap, fmt);
	vsnprintf(c->note, sizeof(c->note), fmt, ap);
	va_end(ap);
}

void scan_report_free(struct scan_report *rep)
{
	free(rep->findings);
	rep->findings = NULL;
	rep->n_findings = rep->cap_findings = 0;
}

static const char *status_name(enum scan_status s)
{
	static const char *const names[] = { "clean", "findings", "N/A", "error" };

	return names[s];
}

void scan_print_table(FILE *out, const struct scan_report *rep)
{
	fprintf(out, "ved rootkit scan\n\n  %-18s %-9s %10s %9s  %s\n", "CHECK", "STATUS",
		"EXAMINED", "TIME", "NOTE");
	for (size_t i = 0; i < rep->n_checks; i++) {
		const struct scan_check *c = &rep->checks[i];

		fprintf(out, "  %-18s %-9s %10lu %7.0fms  %s\n", c->name, status_name(c->status),
			c->examined, c->ms, c->note);
	}
	if (rep->n_findings) {
		fprintf(out, "\nFindings:\n");
		for (size_t i = 0; i < rep->n_findings; i++)
			fprintf(out, "  [%s] %s: %s\n", rep->findings[i].check,
				rep->findings[i].subject, rep->findings[i].evidence);
	}
	fprintf(out, "\nSummary: %zu finding%s\n", rep->n_findings, rep->n_findings == 1 ? "" : "s");
}

bool scan_print_json(FILE *out, const struct scan_report *rep, const struct scan_opts *o)
{
	json_t *checks = json_array(), *findings = json_array(), *root;
	bool ok;

	for (size_t i = 0; i < rep->n_checks; i++) {
		const struct scan_check *c = &rep->checks[i];

		json_array_append_new(checks, json_pack("{s:s, s:s, s:s, s:I, s:f}",
			"name", c->name, "status", status_name(c->status), "note", c->note,
			"examined", (json_int_t)c->examined, "ms", c->ms));
	}
	for (size_t i = 0; i < rep->n_findings; i++)
		json_array_append_new(findings, json_pack("{s:s, s:s, s:s}",
			"check", rep->findings[i].check, "subject", rep->findings[i].subject,
			"evidence", rep->findings[i].evidence));
	root = json_pack("{s:i, s:b, s:o, s:o, s:{s:I}}", "ved_scan_version", 1,
			 "active", o->active, "checks", checks, "findings", findings,
			 "summary", "findings", (json_int_t)rep->n_findings);
	if (!root)
		return false;
	ok = json_dumpf(root, out, JSON_INDENT(1)) == 0;
	fputc('\n', out);
	json_decref(root);
	return ok;
}
