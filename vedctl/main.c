// SPDX-License-Identifier: GPL-2.0
/*
 * vedctl: the ved command-line tool.  main() only dispatches; each
 * subcommand owns its options and its --help text.
 */
#include <stdio.h>
#include <string.h>

#include "ops.h"
#include "vedctl.h"

struct subcommand {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct subcommand subcommands[] = {
	{ "audit", cmd_audit, "kernel hardening audit (config, cmdline, sysctl, live state)" },
	{ "scan", cmd_scan, "user-space cross-view scan for rootkit traces" },
	{ "status", cmd_status, "the loaded ved: version, lock, modes, counters" },
	{ "set", cmd_set, "change detector modes, the profile, sweep_ms" },
	{ "lock", cmd_lock, "lock ved's configuration (and module) until reboot" },
	{ "events", cmd_events, "print ved's events (table, --json; --follow)" },
	{ "version", cmd_version, "vedctl's and the loaded module's versions" },
};

#define N_SUBCOMMANDS (sizeof(subcommands) / sizeof(subcommands[0]))

static void usage(FILE *out)
{
	fputs("usage: vedctl COMMAND [OPTIONS]\n"
	      "       vedctl COMMAND --help\n"
	      "\n"
	      "ved: Linux kernel exploit defense.  Commands:\n", out);
	for (size_t i = 0; i < N_SUBCOMMANDS; i++)
		fprintf(out, "  %-8s %s\n", subcommands[i].name, subcommands[i].summary);
	fputs("\n"
	      "audit and scan need no ved kernel module and run on any Linux host;\n"
	      "status, set, lock and events talk to the loaded module (most need root).\n"
	      "\n"
	      "Exit status: 0 success/clean; 1 audit failures, scan findings, or refused\n"
	      "(ved is locked); 2 usage or other error; 3 ved is not loaded; 4 permission\n"
	      "denied (see each --help and vedctl(8)).\n", out);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return VEDCTL_EXIT_ERROR;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0)
		return cmd_version(1, argv + 1);
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return VEDCTL_EXIT_OK;
	}
	for (size_t i = 0; i < N_SUBCOMMANDS; i++)
		if (strcmp(argv[1], subcommands[i].name) == 0)
			return subcommands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "vedctl: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return VEDCTL_EXIT_ERROR;
}
