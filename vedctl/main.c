// SPDX-License-Identifier: GPL-2.0
/*
 * vedctl: the ved command-line tool.  main() only dispatches; each
 * subcommand owns its options and its --help text.
 */
#include <stdio.h>
#include <string.h>

#include "vedctl.h"

struct subcommand {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct subcommand subcommands[] = {
	{ "audit", cmd_audit, "kernel hardening audit (config, cmdline, sysctl, live state)" },
	{ "scan", cmd_scan, "user-space cross-view scan for rootkit traces" },
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
	      "audit and scan need no ved kernel module and run on any Linux host.\n"
	      "\n"
	      "Exit status: 0 clean, 1 failures/findings, 2 error (see each --help).\n", out);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return VEDCTL_EXIT_ERROR;
	}
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
