// SPDX-License-Identifier: GPL-2.0
/* vedctl scan: cross-view checks for rootkit traces, from user space. */
#ifndef VEDCTL_SCAN_H
#define VEDCTL_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum scan_status { SCAN_CLEAN, SCAN_FINDINGS, SCAN_NA, SCAN_ERROR };

struct scan_finding {
	const char *check;
	char subject[128];
	char evidence[512];
};

struct scan_check {
	const char *name;
	enum scan_status status;
	char note[256];
	unsigned long examined;
	double ms;
};

struct scan_report {
	struct scan_finding *findings;
	size_t n_findings, cap_findings;
	struct scan_check checks[16];
	size_t n_checks;
};

struct scan_opts {
	const char *root;	/* "" live; tests point it at a fake tree */
	bool active;		/* bind() probes of every port */
	bool json;
	long pid_max;		/* 0: read /proc/sys/kernel/pid_max */
};

struct scan_check *scan_begin(struct scan_report *rep, const char *name);
void scan_end(struct scan_check *c, double start_ms);
void scan_finding(struct scan_report *rep, struct scan_check *c, const char *subject,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void scan_na(struct scan_check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
double now_ms(void);
void scan_report_free(struct scan_report *rep);

/* Parsers (unit-tested). */
struct proc_module {
	char name[64];
	char state[16];
	char taint[16];
};
bool parse_proc_modules_line(const char *line, struct proc_module *m);

struct net_socket {
	unsigned port;
	unsigned state;
};
bool parse_proc_net_line(const char *line, struct net_socket *s);

struct ftrace_hook {
	char function[128];
	char owner[160];
};
bool parse_enabled_functions_line(const char *line, struct ftrace_hook *h);

struct kprobe_entry {
	char type[4];
	char symbol[160];
	char flags[64];
};
bool parse_kprobes_line(const char *line, struct kprobe_entry *k);
/* "p:kprobes/myprobe do_sys_open" -> probed symbol; false if unparsable. */
bool parse_kprobe_event_line(const char *line, char *symbol, size_t size);

/* Scanners: each adds one check and its findings. */
void scan_procs(const struct scan_opts *o, struct scan_report *rep);
void scan_modules(const struct scan_opts *o, struct scan_report *rep);
void scan_sockets(const struct scan_opts *o, struct scan_report *rep);
void scan_hooks(const struct scan_opts *o, struct scan_report *rep);
void scan_bpf(const struct scan_opts *o, struct scan_report *rep);
void scan_taint(const struct scan_opts *o, struct scan_report *rep);

void scan_print_table(FILE *out, const struct scan_report *rep);
bool scan_print_json(FILE *out, const struct scan_report *rep, const struct scan_opts *o);

#endif
