// SPDX-License-Identifier: GPL-2.0
/*
 * Rule evaluation.  A check passes when its main condition and all its
 * "needs" hold, or when every condition of one of its alternatives holds.
 * The reason text always says which value was seen and what was wanted,
 * so a FAIL can be acted on without reading the rule file.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"

const char *rule_src_name(enum rule_src src)
{
	switch (src) {
	case SRC_KCONFIG: return "kconfig";
	case SRC_CMDLINE: return "cmdline";
	case SRC_SYSCTL: return "sysctl";
	case SRC_VERSION: return "version";
	case SRC_LIVE: return "live";
	}
	return "?";
}

const char *severity_name(enum severity sev)
{
	static const char *const names[] = { "low", "medium", "high" };

	return names[sev];
}

int severity_parse(const char *text, enum severity *out)
{
	for (int s = SEV_LOW; s <= SEV_HIGH; s++)
		if (strcmp(text, severity_name((enum severity)s)) == 0) {
			*out = (enum severity)s;
			return 0;
		}
	return -1;
}

const char *verdict_name(enum verdict v)
{
	return v == VERDICT_OK ? "OK" : v == VERDICT_FAIL ? "FAIL" : "N/A";
}

static const struct kvmap *source_map(const struct audit_input *in, enum rule_src src)
{
	switch (src) {
	case SRC_KCONFIG: return in->kconfig;
	case SRC_CMDLINE: return in->cmdline;
	case SRC_SYSCTL: return in->sysctl;
	default: return NULL;
	}
}

void term_describe(const struct rule_term *t, char *buf, size_t size)
{
	switch (t->op) {
	case OP_EQ: snprintf(buf, size, "%s = %s", t->name, t->value); break;
	case OP_NOT_SET: snprintf(buf, size, "%s is not set", t->name); break;
	case OP_PRESENT: snprintf(buf, size, "%s is present", t->name); break;
	case OP_NOT_OFF: snprintf(buf, size, "%s is not off", t->name); break;
	case OP_HAS: snprintf(buf, size, "%s has %s", t->name, t->value); break;
	case OP_VERSION_GE: snprintf(buf, size, "kernel version >= %s", t->value); break;
	}
}

/* The desired value as the reference checklists spell it. */
static void desired_text(const struct rule_term *t, char *buf, size_t size)
{
	if (t->op == OP_HAS)
		snprintf(buf, size, "*%s*", t->value);
	else
		snprintf(buf, size, "%s", t->value);
}

static bool list_has(const char *list, const char *member)
{
	size_t mlen = strlen(member);

	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");

		if (len == mlen && strncmp(p, member, len) == 0)
			return true;
		p += len;
		if (*p == ',')
			p++;
	}
	return false;
}

static bool is_off(const char *state)
{
	return strcmp(state, "off") == 0 || strcmp(state, "0") == 0;
}

/*
 * Evaluates one condition; NAME's state is looked up under NAME (or under
 * OVERRIDE_NAME, used for the pre-rename name).  WHY gets a description of
 * what was seen, in the form "is \"m\", want \"y\"".
 */
static bool term_holds(const struct rule_term *t, const char *override_name,
		       const struct audit_input *in, char *why, size_t size)
{
	const char *name = override_name ? override_name : t->name;
	const char *state;

	if (t->op == OP_VERSION_GE) {
		if (!in->have_version) {
			snprintf(why, size, "kernel version unknown, want >= %s", t->value);
			return false;
		}
		if (version_cmp(in->version, t->ver) >= 0) {
			snprintf(why, size, "kernel version %s >= %s", in->version_text, t->value);
			return true;
		}
		snprintf(why, size, "kernel version %s < %s", in->version_text, t->value);
		return false;
	}
	state = kvmap_get(source_map(in, t->src), name);
	switch (t->op) {
	case OP_EQ:
		if (state && strcmp(state, t->value) == 0) {
			snprintf(why, size, "is \"%s\"", state);
			return true;
		}
		if (state)
			snprintf(why, size, "is \"%s\", want \"%s\"", state, t->value);
		else
			snprintf(why, size, "not found, want \"%s\"", t->value);
		return false;
	case OP_NOT_SET:
		if (!state) {
			snprintf(why, size, "not found (counts as not set)");
			return true;
		}
		if (strcmp(state, "is not set") == 0) {
			snprintf(why, size, "is not set");
			return true;
		}
		snprintf(why, size, "is \"%s\", want it not set", state);
		return false;
	case OP_PRESENT:
		if (state) {
			snprintf(why, size, "is present");
			return true;
		}
		snprintf(why, size, "is not present");
		return false;
	case OP_NOT_OFF:
		if (!state) {
			snprintf(why, size, "not given; want an explicit setting other than off");
			return false;
		}
		if (is_off(state)) {
			snprintf(why, size, "is off (\"%s\")", state);
			return false;
		}
		snprintf(why, size, "is not off (\"%s\")", state);
		return true;
	case OP_HAS:
		if (!state) {
			snprintf(why, size, "not found, want a list with \"%s\"", t->value);
			return false;
		}
		if (list_has(state, t->value)) {
			snprintf(why, size, "\"%s\" is in \"%s\"", t->value, state);
			return true;
		}
		snprintf(why, size, "\"%s\" is not in \"%s\"", t->value, state);
		return false;
	case OP_VERSION_GE:
		break;
	}
	return false;
}

/* "CONFIG_X is \"m\", want \"y\"": the term's name in front of its state. */
static void named_why(const struct rule_term *t, const char *state_why, char *buf, size_t size)
{
	if (t->op == OP_VERSION_GE)
		snprintf(buf, size, "%s", state_why);
	else
		snprintf(buf, size, "%s %s", t->name, state_why);
}

static bool alt_holds(const struct rule_alt *alt, const struct audit_input *in,
		      char *buf, size_t size)
{
	size_t used;

	used = (size_t)snprintf(buf, size, "satisfied by");
	for (unsigned i = 0; i < alt->n_terms; i++) {
		char why[256], named[320];

		if (!term_holds(&alt->terms[i], NULL, in, why, sizeof(why)))
			return false;
		named_why(&alt->terms[i], why, named, sizeof(named));
		if (used < size)
			used += (size_t)snprintf(buf + used, size - used, "%s %s",
						 i ? " and" : "", named);
	}
	return true;
}

static bool input_missing(const struct rule *r, const struct audit_input *in,
			  char *buf, size_t size)
{
	const char *missing = NULL;

	if (source_map(in, r->main.src))
		return false;
	switch (r->main.src) {
	case SRC_KCONFIG: missing = in->kconfig_missing; break;
	case SRC_CMDLINE: missing = in->cmdline_missing; break;
	case SRC_SYSCTL: missing = in->sysctl_missing; break;
	default: return false;
	}
	snprintf(buf, size, "%s", missing[0] ? missing : "input not available");
	return true;
}

/*
 * The option does not exist on this (older) kernel.  With an older name
 * that says the same thing, that name decides; without one the check
 * cannot apply.
 */
static bool judge_by_age(const struct rule *r, const struct audit_input *in,
			 struct check_result *out)
{
	char why[256];
	const struct kvmap *map = source_map(in, r->main.src);

	if (!r->since[0] || !in->have_version || version_cmp(in->version, r->since) >= 0 ||
	    kvmap_get(map, r->main.name))
		return false;
	if (!r->old_name) {
		out->verdict = VERDICT_NA;
		snprintf(out->reason, sizeof(out->reason),
			 "%s does not exist before %d.%d (kernel is %s)", r->main.name,
			 r->since[0], r->since[1], in->version_text);
		return true;
	}
	if (!kvmap_get(map, r->old_name))
		return false;	/* neither name: the feature is really missing */
	if (term_holds(&r->main, r->old_name, in, why, sizeof(why))) {
		out->verdict = VERDICT_NA;
		snprintf(out->reason, sizeof(out->reason),
			 "%s is called %s before %d.%d, and %s %s", r->main.name, r->old_name,
			 r->since[0], r->since[1], r->old_name, why);
	} else {
		out->verdict = VERDICT_FAIL;
		snprintf(out->reason, sizeof(out->reason),
			 "%s is called %s before %d.%d, and %s %s", r->main.name, r->old_name,
			 r->since[0], r->since[1], r->old_name, why);
	}
	return true;
}

static void fill_identity(const struct rule *r, struct check_result *out)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->id, sizeof(out->id), "%s", r->id);
	snprintf(out->option_name, sizeof(out->option_name), "%s", r->main.name);
	out->type = rule_src_name(r->main.src);
	out->category = r->category;
	out->source = r->source;
	out->decision = r->decision;
	out->severity = r->severity;
	desired_text(&r->main, out->desired, sizeof(out->desired));
	out->rationale = r->why;
	rule_remediation(r, out->remediation, sizeof(out->remediation));
}

void audit_eval_rule(const struct rule *r, const struct audit_input *in,
		     struct check_result *out)
{
	char main_why[256], needs_why[512] = "";
	bool main_ok;

	fill_identity(r, out);
	if (input_missing(r, in, out->reason, sizeof(out->reason))) {
		out->verdict = VERDICT_NA;
		return;
	}
	main_ok = term_holds(&r->main, NULL, in, main_why, sizeof(main_why));
	/* A failed prerequisite explains more than the option it guards. */
	for (unsigned i = 0; !needs_why[0] && i < r->n_needs; i++) {
		char why[256], desc[160], named[320];

		if (term_holds(&r->needs[i], NULL, in, why, sizeof(why)))
			continue;
		term_describe(&r->needs[i], desc, sizeof(desc));
		named_why(&r->needs[i], why, named, sizeof(named));
		snprintf(needs_why, sizeof(needs_why), "requires %s, but %s", desc, named);
		main_ok = false;
	}
	if (main_ok) {
		out->verdict = VERDICT_OK;
		snprintf(out->reason, sizeof(out->reason), "%s", main_why);
		return;
	}
	for (unsigned i = 0; i < r->n_alts; i++)
		if (alt_holds(&r->alts[i], in, out->reason, sizeof(out->reason))) {
			out->verdict = VERDICT_OK;
			return;
		}
	if (!needs_why[0] && judge_by_age(r, in, out))
		return;
	out->verdict = VERDICT_FAIL;
	snprintf(out->reason, sizeof(out->reason), "%s", needs_why[0] ? needs_why : main_why);
}

void audit_eval_all(const struct audit_input *in, struct result_list *out)
{
	for (unsigned i = 0; i < ved_rules_count; i++)
		audit_eval_rule(&ved_rules[i], in, result_list_add(out));
}

void rule_remediation(const struct rule *r, char *buf, size_t size)
{
	const struct rule_term *t = &r->main;

	if (r->fix) {
		snprintf(buf, size, "%s", r->fix);
		return;
	}
	switch (t->src) {
	case SRC_KCONFIG:
		if (t->op == OP_NOT_SET)
			snprintf(buf, size, "Build the kernel without %s (\"# %s is not set\").",
				 t->name, t->name);
		else if (t->op == OP_HAS)
			snprintf(buf, size, "Add %s to %s (or to the lsm= boot parameter).",
				 t->value, t->name);
		else
			snprintf(buf, size, "Build the kernel with %s=%s.", t->name, t->value);
		break;
	case SRC_CMDLINE:
		if (t->op == OP_NOT_SET)
			snprintf(buf, size, "Remove %s from the kernel command line.", t->name);
		else if (t->op == OP_PRESENT)
			snprintf(buf, size, "Add %s to the kernel command line "
				 "(GRUB_CMDLINE_LINUX in /etc/default/grub, then update-grub).", t->name);
		else if (t->op == OP_NOT_OFF)
			snprintf(buf, size, "Do not pass %s=off; add %s=on or mitigations=auto,nosmt "
				 "to the kernel command line.", t->name, t->name);
		else if (t->op == OP_HAS)
			snprintf(buf, size, "Add %s to %s= on the kernel command line.", t->value, t->name);
		else
			snprintf(buf, size, "Add %s=%s to the kernel command line "
				 "(GRUB_CMDLINE_LINUX in /etc/default/grub, then update-grub).",
				 t->name, t->value);
		break;
	case SRC_SYSCTL:
		snprintf(buf, size, "Set \"%s = %s\" in /etc/sysctl.d/90-hardening.conf "
			 "and run `sysctl --system`.", t->name, t->value);
		break;
	default:
		snprintf(buf, size, "See the rationale.");
	}
}
