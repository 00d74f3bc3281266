// SPDX-License-Identifier: GPL-2.0
/* vedctl audit: inputs, verdicts and the functions that produce them. */
#ifndef VEDCTL_AUDIT_H
#define VEDCTL_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "kvmap.h"
#include "rules.h"
#include "util.h"

/* The state being audited: parsed files or the live system. */
struct audit_input {
	struct kvmap *kconfig;	/* NULL: not available, see *_missing */
	struct kvmap *cmdline;
	struct kvmap *sysctl;
	char kconfig_origin[512];
	char cmdline_origin[512];
	char sysctl_origin[512];
	char kconfig_missing[256];
	char cmdline_missing[256];
	char sysctl_missing[256];
	int version[3];
	bool have_version;
	char version_text[64];
};

enum verdict { VERDICT_OK, VERDICT_FAIL, VERDICT_NA };

struct check_result {
	char id[96];
	char option_name[96];
	const char *type;	/* kconfig, cmdline, sysctl, live */
	const char *category;
	const char *source;
	const char *decision;
	enum severity severity;
	char desired[96];
	enum verdict verdict;
	char reason[512];
	const char *rationale;
	char remediation[320];
	bool muted;
	char mute_reason[160];
};

struct result_list {
	struct check_result *items;
	size_t count, cap;
};

struct check_result *result_list_add(struct result_list *list);
void result_list_free(struct result_list *list);
const char *verdict_name(enum verdict v);

/* audit_kconfig.c */
enum kconfig_line { KLINE_OPTION, KLINE_IGNORED, KLINE_BAD };
enum kconfig_line kconfig_parse_line(const char *line, char *name, size_t name_size,
				     char *value, size_t value_size, const char **why);
bool kconfig_header_version(const char *line, int version[3]);
/* Plain or gzip file; false with err filled on unreadable or malformed input. */
bool kconfig_load(const char *path, struct kvmap *out, int version[3], bool *have_version,
		  struct parse_error *err);

/* audit_cmdline.c */
bool cmdline_parse(const char *text, const char *origin, struct kvmap *out,
		   struct parse_error *err);
bool cmdline_load(const char *path, struct kvmap *out, struct parse_error *err);
void cmdline_normalize_name(char *name);

/* audit_sysctl.c */
bool sysctl_parse_line(const char *line, char *name, size_t name_size,
		       char *value, size_t value_size);
bool sysctl_load(const char *path, struct kvmap *out, struct parse_error *err);
/* Reads every sysctl the rules mention from ROOT/proc/sys. */
void sysctl_load_live(const char *root, struct kvmap *out);
bool sysctl_read_live(const char *root, const char *name, char *buf, size_t size);

/* audit_rules.c */
void audit_eval_rule(const struct rule *rule, const struct audit_input *in,
		     struct check_result *out);
void audit_eval_all(const struct audit_input *in, struct result_list *out);
void rule_remediation(const struct rule *rule, char *buf, size_t size);
void term_describe(const struct rule_term *t, char *buf, size_t size);

/* audit_live.c: state only the running kernel can tell. ROOT is "" live. */
void audit_live_checks(const char *root, struct result_list *out);

/* audit_mute.c */
const struct profile *profile_find(const char *name);
void mute_apply(struct result_list *results, const char *pattern, const char *reason,
		unsigned *matched);
bool mute_file_apply(const char *path, struct result_list *results, struct parse_error *err);
void profile_apply(const struct profile *p, struct result_list *results);

/* audit_report.c */
struct audit_summary {
	size_t total, ok, fail, na, muted;
	size_t fail_by_sev[3];
};
void audit_summarize(const struct result_list *r, struct audit_summary *s);
struct audit_report_opts {
	bool verbose;		/* rationale and remediation under each failure */
	bool failed_only;
	const char *profile;
};
void audit_print_table(FILE *out, const struct audit_input *in, const struct result_list *r,
		       const struct audit_report_opts *opts);
/* Returns false when the JSON could not be produced. */
bool audit_print_json(FILE *out, const struct audit_input *in, const struct result_list *r,
		      const struct audit_report_opts *opts);

/* audit.c */
int cmd_audit(int argc, char **argv);
#endif
