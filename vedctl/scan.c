// SPDX-License-Identifier: GPL-2.0
/* vedctl scan: option handling and the order of the scanners. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"
#include "vedctl.h"

static const char scan_usage[] =
"usage: vedctl scan [OPTIONS]\n"
"\n"
"Look for rootkit traces from user space by comparing two views of the\n"
"same kernel state.  Needs no ved module; run it as root for full coverage.\n"
"\n"
"Checks:\n"
"  hidden_processes  /proc readdir against probing every pid up to pid_max\n"
"                    (kill(pid, 0), getpgid, getsid: no signal is delivered),\n"
"                    re-checked so short-lived processes are not reported\n"
"  hidden_modules    /proc/modules against /sys/module/*/initstate and\n"
"                    module symbols in /proc/kallsyms\n"
"  hidden_sockets    bind() on every TCP/UDP port against /proc/net/{tcp,udp}[6]\n"
"                    (active: only with --active)\n"
"  ftrace_hooks      tracefs enabled_functions and their owners\n"
"  kprobes           the kprobes list (debugfs) and tracefs kprobe events\n"
"  bpf_helpers       loaded BPF programs calling bpf_probe_write_user,\n"
"                    bpf_override_return or bpf_send_signal(_thread)\n"
"  taint             kernel taint against each module's taint\n"
"\n"
"Options:\n"
"  --active          also run active probes (bind() every port briefly)\n"
"  --json            JSON instead of the table\n"
"  --pid-max N       probe pids 1..N (default: /proc/sys/kernel/pid_max)\n"
"  --root DIR        read /proc and /sys below DIR (for tests; probes skipped)\n"
"  -h, --help        this text\n"
"\n"
"Exit status: 0 clean, 1 findings, 2 error.  Checks that cannot run here\n"
"(no tracefs, no module support ...) are reported N/A, not as errors.\n";

enum { OPT_ACTIVE = 256, OPT_JSON, OPT_PID_MAX, OPT_ROOT };

static const struct option scan_longopts[] = {
	{ "active", no_argument, NULL, OPT_ACTIVE },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "pid-max", required_argument, NULL, OPT_PID_MAX },
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_scan_args(int argc, char **argv, struct scan_opts *o)
{
	int c;
	char *end;

	memset(o, 0, sizeof(*o));
	o->root = "";
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", scan_longopts, NULL)) != -1) {
		switch (c) {
		case OPT_ACTIVE: o->active = true; break;
		case OPT_JSON: o->json = true; break;
		case OPT_ROOT: o->root = optarg; break;
		case OPT_PID_MAX:
			o->pid_max = strtol(optarg, &end, 10);
			if (*end || o->pid_max < 1 || o->pid_max > (1L << 22))
				return vedctl_usage_error("scan", "--pid-max wants 1..4194304");
			break;
		case 'h': fputs(scan_usage, stdout); return 0;
		default: return vedctl_usage_error("scan", NULL);
		}
	}
	if (optind < argc)
		return vedctl_usage_error("scan", "unexpected argument");
	return -1;
}

int cmd_scan(int argc, char **argv)
{
	struct scan_opts o;
	struct scan_report rep = { 0 };
	int rc = parse_scan_args(argc, argv, &o);
	bool ok = true;

	if (rc >= 0)
		return rc;
	scan_procs(&o, &rep);
	scan_modules(&o, &rep);
	scan_sockets(&o, &rep);
	scan_hooks(&o, &rep);
	scan_bpf(&o, &rep);
	scan_taint(&o, &rep);
	if (o.json)
		ok = scan_print_json(stdout, &rep, &o);
	else
		scan_print_table(stdout, &rep);
	rc = !ok ? VEDCTL_EXIT_ERROR : rep.n_findings ? VEDCTL_EXIT_FINDINGS : VEDCTL_EXIT_OK;
	for (size_t i = 0; ok && i < rep.n_checks; i++)
		if (rep.checks[i].status == SCAN_ERROR)
			rc = rc == VEDCTL_EXIT_FINDINGS ? rc : VEDCTL_EXIT_ERROR;
	scan_report_free(&rep);
	return rc;
}
