// SPDX-License-Identifier: GPL-2.0
/*
 * ved's hardening rule database.  The table itself is generated at build
 * time from the files in vedctl/rules/ by tools/gen_rules.py, so the rules stay
 * readable text and the binary needs no data files at run time.
 */
#ifndef VEDCTL_RULES_H
#define VEDCTL_RULES_H

enum rule_src { SRC_KCONFIG, SRC_CMDLINE, SRC_SYSCTL, SRC_VERSION, SRC_LIVE };

enum rule_op {
	OP_EQ,		/* NAME = VALUE */
	OP_NOT_SET,	/* NAME is not set (absent counts as not set) */
	OP_PRESENT,	/* NAME is present (any value, even empty) */
	OP_NOT_OFF,	/* NAME is given and not "off"/"0" */
	OP_HAS,		/* NAME is a comma list containing VALUE */
	OP_VERSION_GE,	/* kernel version >= ver */
};

enum severity { SEV_LOW, SEV_MEDIUM, SEV_HIGH };

struct rule_term {
	enum rule_src src;
	enum rule_op op;
	const char *name;
	const char *value;
	int ver[3];
};

/* Alternatives: the check also passes when every term of one alt holds. */
struct rule_alt {
	unsigned n_terms;
	const struct rule_term *terms;
};

struct rule {
	const char *id;
	const char *category;
	const char *source;	/* who recommends it, for people */
	const char *decision;	/* the checklist's decision tag, for tracing */
	enum severity severity;
	struct rule_term main;
	unsigned n_needs;
	const struct rule_term *needs;
	unsigned n_alts;
	const struct rule_alt *alts;
	int since[3];		/* 0.0.0: exists on every kernel we know */
	const char *old_name;	/* its name before `since`, or NULL */
	const char *why;
	const char *fix;	/* NULL: derived from the check */
};

struct profile_mute {
	const char *pattern;
	const char *reason;
};

struct profile {
	const char *name;
	const char *description;
	unsigned n_mutes;
	const struct profile_mute *mutes;
};

extern const struct rule ved_rules[];
extern const unsigned ved_rules_count;
extern const struct profile ved_profiles[];
extern const unsigned ved_profiles_count;

const char *rule_src_name(enum rule_src src);
const char *severity_name(enum severity sev);
int severity_parse(const char *text, enum severity *out);

#endif
