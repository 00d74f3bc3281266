// SPDX-License-Identifier: GPL-2.0
/* vedctl audit: option handling and the order of work. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "audit.h"
#include "vedctl.h"

static const char audit_usage[] =
"usage: vedctl audit [OPTIONS]\n"
"\n"
"Audit the kernel's hardening: build configuration, boot command line,\n"
"sysctl values and live state (lockdown, Secure Boot, module signature\n"
"enforcement, LSMs, taint, CPU vulnerabilities ...).  Needs no ved module.\n"
"\n"
"Inputs (default: the running system):\n"
"  --config FILE     kernel config (.config, /boot/config-*, config.gz)\n"
"  --cmdline FILE    kernel command line (a saved /proc/cmdline)\n"
"  --sysctl FILE     `sysctl -a` output\n"
"                    Giving any of these audits that offline state only:\n"
"                    inputs not given are N/A and live checks are skipped.\n"
"  --live            add the live checks to an offline audit anyway\n"
"  --root DIR        read /proc, /sys and /boot below DIR (for tests)\n"
"\n"
"Selection and output:\n"
"  --profile NAME    mute checks that do not apply: server, desktop,\n"
"                    container-host, embedded (--list-profiles shows them)\n"
"  --mute-file FILE  mute checks listed as \"PATTERN REASON\" lines\n"
"  --mute PATTERN:REASON   mute one check (glob on id or option name)\n"
"  --fail-on SEV     exit 1 on unmuted failures of severity SEV or above:\n"
"                    low (default), medium, high, never\n"
"  --json            JSON instead of the table\n"
"  --failed          table: show failed checks only\n"
"  -v, --verbose     table: rationale, remediation and source of failures\n"
"  -h, --help        this text\n"
"\n"
"Exit status: 0 no failure at or above --fail-on, 1 such failures,\n"
"2 usage error or unreadable/malformed input.\n";

struct audit_opts {
	const char *config, *cmdline, *sysctl, *root, *profile;
	const char *mute_files[16];
	unsigned n_mute_files;
	const char *mutes[64];
	unsigned n_mutes;
	bool json, live, verbose, failed_only, list_profiles;
	int fail_on;		/* enum severity, or 3 for never */
};

enum { OPT_CONFIG = 256, OPT_CMDLINE, OPT_SYSCTL, OPT_LIVE, OPT_ROOT, OPT_PROFILE,
	OPT_MUTE_FILE, OPT_MUTE, OPT_FAIL_ON, OPT_JSON, OPT_FAILED, OPT_LIST_PROFILES };

static const struct option audit_longopts[] = {
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "cmdline", required_argument, NULL, OPT_CMDLINE },
	{ "sysctl", required_argument, NULL, OPT_SYSCTL },
	{ "live", no_argument, NULL, OPT_LIVE },
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "list-profiles", no_argument, NULL, OPT_LIST_PROFILES },
	{ "mute-file", required_argument, NULL, OPT_MUTE_FILE },
	{ "mute", required_argument, NULL, OPT_MUTE },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "failed", no_argument, NULL, OPT_FAILED },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_fail_on(const char *text, int *out)
{
	enum severity sev;

	if (strcmp(text, "never") == 0) {
		*out = 3;
		return 0;
	}
	if (severity_parse(text, &sev) != 0)
		return -1;
	*out = (int)sev;
	return 0;
}

static int parse_audit_args(int argc, char **argv, struct audit_opts *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->root = "";
	optind = 1;
	while ((c = getopt_long(argc, argv, "vh", audit_longopts, NULL)) != -1) {
		switch (c) {
		case OPT_CONFIG: o->config = optarg; break;
		case OPT_CMDLINE: o->cmdline = optarg; break;
		case OPT_SYSCTL: o->sysctl = optarg; break;
		case OPT_LIVE: o->live = true; break;
		case OPT_ROOT: o->root = optarg; break;
		case OPT_PROFILE: o->profile = optarg; break;
		case OPT_LIST_PROFILES: o->list_profiles = true; break;
		case OPT_JSON: o->json = true; break;
		case OPT_FAILED: o->failed_only = true; break;
		case 'v': o->verbose = true; break;
		case 'h': fputs(audit_usage, stdout); return 0;
		case OPT_MUTE_FILE:
			if (o->n_mute_files == 16)
				return vedctl_usage_error("audit", "at most 16 --mute-file");
			o->mute_files[o->n_mute_files++] = optarg;
			break;
		case OPT_MUTE:
			if (o->n_mutes == 64)
				return vedctl_usage_error("audit", "at most 64 --mute");
			if (!strchr(optarg, ':') || strchr(optarg, ':') == optarg ||
			    !strchr(optarg, ':')[1])
				return vedctl_usage_error("audit", "--mute wants PATTERN:REASON");
			o->mutes[o->n_mutes++] = optarg;
			break;
		case OPT_FAIL_ON:
			if (parse_fail_on(optarg, &o->fail_on) != 0)
				return vedctl_usage_error("audit", "--fail-on wants low, medium, high or never");
			break;
		default:
			return vedctl_usage_error("audit", NULL);
		}
	}
	if (optind < argc)
		return vedctl_usage_error("audit", "unexpected argument");
	if (o->profile && !profile_find(o->profile))
		return vedctl_usage_error("audit", "unknown profile (see --list-profiles)");
	return -1;	/* carry on */
}

static bool load_kconfig_file(struct audit_input *in, const char *path, struct parse_error *err)
{
	in->kconfig = kvmap_new();
	if (!kconfig_load(path, in->kconfig, in->version, &in->have_version, err))
		return false;
	snprintf(in->kconfig_origin, sizeof(in->kconfig_origin), "%s", path);
	return true;
}

static bool load_live_kconfig(struct audit_input *in, const char *root, const char *release,
			      struct parse_error *err)
{
	char gz[512], boot[512];

	snprintf(gz, sizeof(gz), "%s/proc/config.gz", root);
	snprintf(boot, sizeof(boot), "%s/boot/config-%s", root, release);
	if (path_exists(gz))
		return load_kconfig_file(in, gz, err);
	if (path_exists(boot))
		return load_kconfig_file(in, boot, err);
	snprintf(in->kconfig_missing, sizeof(in->kconfig_missing),
		 "kernel config not available (no /proc/config.gz, no /boot/config-%s)", release);
	return true;
}

static bool load_offline(struct audit_input *in, const struct audit_opts *o,
			 struct parse_error *err)
{
	static const char not_given[] = "not given (offline audit)";

	snprintf(in->kconfig_missing, sizeof(in->kconfig_missing), "%s", not_given);
	snprintf(in->cmdline_missing, sizeof(in->cmdline_missing), "%s", not_given);
	snprintf(in->sysctl_missing, sizeof(in->sysctl_missing), "%s", not_given);
	if (o->config && !load_kconfig_file(in, o->config, err))
		return false;
	if (o->cmdline) {
		in->cmdline = kvmap_new();
		if (!cmdline_load(o->cmdline, in->cmdline, err))
			return false;
		snprintf(in->cmdline_origin, sizeof(in->cmdline_origin), "%s", o->cmdline);
	}
	if (o->sysctl) {
		in->sysctl = kvmap_new();
		if (!sysctl_load(o->sysctl, in->sysctl, err))
			return false;
		snprintf(in->sysctl_origin, sizeof(in->sysctl_origin), "%s", o->sysctl);
	}
	return true;
}

static bool load_live(struct audit_input *in, const struct audit_opts *o, struct parse_error *err)
{
	struct utsname u;
	char path[512];

	uname(&u);
	if (!load_live_kconfig(in, o->root, u.release, err))
		return false;
	snprintf(path, sizeof(path), "%s/proc/cmdline", o->root);
	in->cmdline = kvmap_new();
	if (!cmdline_load(path, in->cmdline, err))
		return false;
	snprintf(in->cmdline_origin, sizeof(in->cmdline_origin), "%s", path);
	in->sysctl = kvmap_new();
	sysctl_load_live(o->root, in->sysctl);
	snprintf(in->sysctl_origin, sizeof(in->sysctl_origin), "%s/proc/sys", o->root);
	/* The config header names the version; uname covers a missing config. */
	if (!in->have_version && version_parse(u.release, in->version))
		in->have_version = true;
	return true;
}

static void free_input(struct audit_input *in)
{
	kvmap_free(in->kconfig);
	kvmap_free(in->cmdline);
	kvmap_free(in->sysctl);
}

static void list_profiles(void)
{
	for (unsigned i = 0; i < ved_profiles_count; i++) {
		const struct profile *p = &ved_profiles[i];

		printf("%s: %s\n", p->name, p->description);
		for (unsigned j = 0; j < p->n_mutes; j++)
			printf("    %-28s %s\n", p->mutes[j].pattern, p->mutes[j].reason);
	}
}

static bool apply_mutes(const struct audit_opts *o, struct result_list *results)
{
	struct parse_error err;

	if (o->profile)
		profile_apply(profile_find(o->profile), results);
	for (unsigned i = 0; i < o->n_mute_files; i++)
		if (!mute_file_apply(o->mute_files[i], results, &err)) {
			parse_error_print(&err);
			return false;
		}
	for (unsigned i = 0; i < o->n_mutes; i++) {
		char pattern[128];
		const char *colon = strchr(o->mutes[i], ':');
		unsigned matched = 0;

		snprintf(pattern, sizeof(pattern), "%.*s", (int)(colon - o->mutes[i]), o->mutes[i]);
		mute_apply(results, pattern, colon + 1, &matched);
		if (!matched)
			fprintf(stderr, "vedctl: warning: --mute %s matches no check\n", pattern);
	}
	return true;
}

static int exit_status(const struct result_list *results, int fail_on)
{
	for (size_t i = 0; i < results->count; i++) {
		const struct check_result *r = &results->items[i];

		if (!r->muted && r->verdict == VERDICT_FAIL && (int)r->severity >= fail_on)
			return 1;
	}
	return 0;
}

int cmd_audit(int argc, char **argv)
{
	struct audit_opts o;
	struct audit_input in = { 0 };
	struct result_list results = { 0 };
	struct audit_report_opts ropts;
	struct parse_error err;
	bool offline, ok;
	int rc = parse_audit_args(argc, argv, &o);

	if (rc >= 0)
		return rc;
	if (o.list_profiles) {
		list_profiles();
		return 0;
	}
	offline = o.config || o.cmdline || o.sysctl;
	ok = offline ? load_offline(&in, &o, &err) : load_live(&in, &o, &err);
	if (!ok) {
		parse_error_print(&err);
		free_input(&in);
		return 2;
	}
	if (in.have_version)
		snprintf(in.version_text, sizeof(in.version_text), "%d.%d.%d",
			 in.version[0], in.version[1], in.version[2]);
	audit_eval_all(&in, &results);
	if (!offline || o.live)
		audit_live_checks(o.root, &results);
	rc = 2;
	if (apply_mutes(&o, &results)) {
		ropts = (struct audit_report_opts){ o.verbose, o.failed_only, o.profile };
		if (o.json)
			ok = audit_print_json(stdout, &in, &results, &ropts);
		else
			audit_print_table(stdout, &in, &results, &ropts);
		rc = ok ? exit_status(&results, o.fail_on) : 2;
	}
	result_list_free(&results);
	free_input(&in);
	return rc;
}
