// SPDX-License-Identifier: GPL-2.0
/*
 * Hidden processes: a rootkit that filters /proc readdir still has to let
 * its process exist, so probing every pid directly (kill(pid, 0) checks
 * existence and permission only, no signal is delivered; getpgid/getsid
 * only read) finds pids the listing leaves out.  A pid seen by a probe but
 * not in the listing is re-checked against fresh listings before it is
 * reported, so processes born during the scan do not count.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scan.h"
#include "util.h"

#define RECHECK_ROUNDS 3
#define RECHECK_DELAY_US 20000

static long read_pid_max(const char *root)
{
	char path[512];
	long v;

	snprintf(path, sizeof(path), "%s/proc/sys/kernel/pid_max", root);
	return read_long_file(path, &v) && v > 0 ? v : 32768;
}

static bool is_all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Bitmap of pids that readdir(/proc) shows. */
static bool list_visible(unsigned char *map, long pid_max)
{
	DIR *d = opendir("/proc");
	struct dirent *e;

	if (!d)
		return false;
	memset(map, 0, (size_t)pid_max / 8 + 1);
	while ((e = readdir(d))) {
		long pid;

		if (!is_all_digits(e->d_name))
			continue;
		pid = strtol(e->d_name, NULL, 10);
		if (pid > 0 && pid <= pid_max)
			map[pid / 8] |= (unsigned char)(1u << (pid % 8));
	}
	closedir(d);
	return true;
}

static bool bit(const unsigned char *map, long pid)
{
	return map[pid / 8] & (1u << (pid % 8));
}

/* Three independent read-only questions to the kernel about one pid. */
static unsigned probe_pid(pid_t pid)
{
	unsigned seen = 0;

	if (kill(pid, 0) == 0 || errno == EPERM)
		seen |= 1;
	if (getpgid(pid) >= 0 || errno != ESRCH)
		seen |= 2;
	if (getsid(pid) >= 0 || errno != ESRCH)
		seen |= 4;
	return seen;
}

/* Threads are not listed in /proc but answer probes: skip those of listed processes. */
static long thread_group_of(pid_t pid)
{
	char path[64], *text, *tgid;
	long v = -1;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	text = read_whole_file(path, NULL);
	if (!text)
		return -1;
	tgid = strstr(text, "\nTgid:");
	if (tgid)
		v = strtol(tgid + 6, NULL, 10);
	free(text);
	return v;
}

static bool still_hidden(pid_t pid, const unsigned char *visible)
{
	long tgid;

	if (bit(visible, pid) || !probe_pid(pid))
		return false;
	tgid = thread_group_of(pid);
	return !(tgid > 0 && tgid != pid && bit(visible, tgid));
}

static void report_hidden(struct scan_report *rep, struct scan_check *c, pid_t pid)
{
	char subject[32], path[64], comm[64] = "(unreadable)";
	unsigned seen = probe_pid(pid);

	snprintf(subject, sizeof(subject), "pid %d", pid);
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	read_line_file(path, comm, sizeof(comm));
	scan_finding(rep, c, subject,
		     "exists (kill(0): %s, getpgid: %s, getsid: %s) but is missing from "
		     "%d successive /proc listings; comm %s",
		     seen & 1 ? "yes" : "no", seen & 2 ? "yes" : "no", seen & 4 ? "yes" : "no",
		     RECHECK_ROUNDS + 1, comm);
}

void scan_procs(const struct scan_opts *o, struct scan_report *rep)
{
	struct scan_check *c = scan_begin(rep, "hidden_processes");
	double start = now_ms();
	long pid_max = o->pid_max ? o->pid_max : read_pid_max(o->root);
	unsigned char *visible;
	pid_t *cand;
	size_t n_cand = 0, cap = 64;

	if (o->root[0]) {
		scan_na(c, "pid probing needs the live system (--root given)");
		scan_end(c, start);
		return;
	}
	visible = xcalloc((size_t)pid_max / 8 + 1, 1);
	cand = xcalloc(cap, sizeof(*cand));
	if (!list_visible(visible, pid_max)) {
		scan_na(c, "cannot list /proc");
		goto out;
	}
	for (pid_t pid = 1; pid <= pid_max; pid++) {
		if (bit(visible, pid) || !probe_pid(pid))
			continue;
		if (n_cand == cap) {
			cap *= 2;
			cand = realloc(cand, cap * sizeof(*cand));
			if (!cand)
				die_oom();
		}
		cand[n_cand++] = pid;
	}
	c->examined = (unsigned long)pid_max;
	/* Survivors of several fresh listings are hidden, not just new. */
	for (int round = 0; round < RECHECK_ROUNDS && n_cand; round++) {
		size_t kept = 0;

		if (round)
			usleep(RECHECK_DELAY_US);
		list_visible(visible, pid_max);
		for (size_t i = 0; i < n_cand; i++)
			if (still_hidden(cand[i], visible))
				cand[kept++] = cand[i];
		n_cand = kept;
	}
	for (size_t i = 0; i < n_cand; i++)
		report_hidden(rep, c, cand[i]);
	snprintf(c->note, sizeof(c->note), "pids 1..%ld probed", pid_max);
out:
	free(visible);
	free(cand);
	scan_end(c, start);
}
