// SPDX-License-Identifier: GPL-2.0
/*
 * ftrace and kprobe hooks.  Rootkits redirect kernel functions through
 * ftrace (an entry in tracefs enabled_functions, with the callback that
 * owns it) or kprobes (an entry in debugfs kprobes/list).  Nothing on a
 * normal system hooks kernel functions, so each hook is reported with its
 * owner; kprobes created through tracefs kprobe_events are attributed to
 * that interface and not reported.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"
#include "util.h"

static void copy_token(char *dst, size_t size, const char *src, size_t len)
{
	if (len >= size)
		len = size - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

/*
 * "func (1) R I   \ttramp: 0xffffffffc0201000 (hook+0x0/0x30 [mod]) ->..."
 * or "func [mod] (1)    \tops: ... (cb [mod])": the function is the first
 * token (plus its [module]); the owner is the callback in parentheses.
 */
bool parse_enabled_functions_line(const char *line, struct ftrace_hook *h)
{
	const char *p = line, *owner, *open, *close;
	size_t len;

	memset(h, 0, sizeof(*h));
	while (isspace((unsigned char)*p))
		p++;
	len = strcspn(p, " \t\n");
	if (!len || p != line)
		return false;	/* continuation lines are indented */
	copy_token(h->function, sizeof(h->function), p, len);
	p += len;
	while (*p == ' ')
		p++;
	if (*p == '[') {
		size_t ml = strcspn(p, "]");
		size_t used = strlen(h->function);

		if (p[ml] == ']' && used + ml + 2 < sizeof(h->function))
			snprintf(h->function + used, sizeof(h->function) - used, " %.*s",
				 (int)ml + 1, p);
	}
	if (!strchr(p, '('))
		return false;	/* every enabled record shows its (refcount) */
	owner = strstr(p, "tramp:");
	if (!owner)
		owner = strstr(p, "ops:");
	if (!owner)
		owner = strstr(p, "->");
	open = owner ? strchr(owner, '(') : NULL;
	close = open ? strchr(open, ')') : NULL;
	if (open && close)
		copy_token(h->owner, sizeof(h->owner), open + 1, (size_t)(close - open - 1));
	else if (owner && strncmp(owner, "->", 2) == 0)
		copy_token(h->owner, sizeof(h->owner), owner + 2, strcspn(owner + 2, " \t\n"));
	else
		snprintf(h->owner, sizeof(h->owner), "unknown (no trampoline information)");
	return true;
}

/* "ffffffff81234560  k  do_sys_openat2+0x0    [FTRACE]" */
bool parse_kprobes_line(const char *line, struct kprobe_entry *k)
{
	char addr[32], rest[160] = "";
	int n;

	memset(k, 0, sizeof(*k));
	n = sscanf(line, "%31s %3s %159s %159[^\n]", addr, k->type, k->symbol, rest);
	if (n < 3 || strspn(addr, "0123456789abcdefABCDEF") != strlen(addr))
		return false;
	snprintf(k->flags, sizeof(k->flags), "%s", trim(rest));
	return true;
}

/* "p:kprobes/name do_sys_open+0 arg=..." -> "do_sys_open" */
bool parse_kprobe_event_line(const char *line, char *symbol, size_t size)
{
	char kind[128], target[160];

	if (sscanf(line, "%127s %159s", kind, target) != 2 || (kind[0] != 'p' && kind[0] != 'r') ||
	    kind[1] != ':')
		return false;
	target[strcspn(target, "+")] = '\0';
	snprintf(symbol, size, "%s", target);
	return true;
}

static void symbol_base(const char *sym, char *out, size_t size)
{
	snprintf(out, size, "%.*s", (int)strcspn(sym, "+"), sym);
}

static bool find_tracefs(const char *root, char *out, size_t size)
{
	static const char *const dirs[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };

	for (size_t i = 0; i < 2; i++) {
		char probe[600];

		snprintf(out, size, "%s%s", root, dirs[i]);
		snprintf(probe, sizeof(probe), "%s/enabled_functions", out);
		if (path_exists(probe))
			return true;
	}
	return false;
}

static void check_ftrace(const char *tracefs, struct scan_report *rep, struct scan_check *c)
{
	char path[700], line[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/enabled_functions", tracefs);
	f = fopen(path, "re");
	if (!f) {
		scan_na(c, "cannot read %s", path);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		struct ftrace_hook h;

		if (!parse_enabled_functions_line(line, &h))
			continue;
		c->examined++;
		scan_finding(rep, c, h.function, "ftrace hook owned by %s", h.owner);
	}
	fclose(f);
	snprintf(c->note, sizeof(c->note), "%.200s", path);
}

/* Symbols probed through tracefs kprobe_events: visible, attributable. */
static char *read_event_symbols(const char *tracefs)
{
	char path[700], line[1024], sym[160];
	size_t cap = 1024, used = 0;
	char *list = xcalloc(cap, 1);
	FILE *f;

	snprintf(path, sizeof(path), "%s/kprobe_events", tracefs);
	f = tracefs[0] ? fopen(path, "re") : NULL;
	while (f && fgets(line, sizeof(line), f)) {
		if (!parse_kprobe_event_line(line, sym, sizeof(sym)))
			continue;
		if (used + strlen(sym) + 3 > cap) {
			cap *= 2;
			list = realloc(list, cap);
			if (!list)
				die_oom();
		}
		used += (size_t)sprintf(list + used, " %s ", sym);
	}
	if (f)
		fclose(f);
	return list;
}

static void check_kprobes(const char *root, const char *tracefs, struct scan_report *rep,
			  struct scan_check *c)
{
	char path[600], line[1024], *events;
	FILE *f;

	snprintf(path, sizeof(path), "%s/sys/kernel/debug/kprobes/list", root);
	f = fopen(path, "re");
	if (!f) {
		scan_na(c, "no kprobes list (debugfs not mounted, or kernel without kprobes)");
		return;
	}
	events = read_event_symbols(tracefs);
	while (fgets(line, sizeof(line), f)) {
		struct kprobe_entry k;
		char base[170], key[180];

		if (!parse_kprobes_line(line, &k))
			continue;
		c->examined++;
		symbol_base(k.symbol, base, sizeof(base));
		snprintf(key, sizeof(key), " %s ", base);
		if (strstr(events, key))
			continue;
		scan_finding(rep, c, k.symbol, "%s on %s %s: registered by kernel code (a module "
			     "or BPF), not through tracefs kprobe_events",
			     k.type[0] == 'r' ? "kretprobe" : "kprobe", k.symbol, k.flags);
	}
	fclose(f);
	free(events);
	snprintf(c->note, sizeof(c->note), "%.200s", path);
}

void scan_hooks(const struct scan_opts *o, struct scan_report *rep)
{
	struct scan_check *ftrace = scan_begin(rep, "ftrace_hooks");
	double start = now_ms();
	char tracefs[512] = "";
	struct scan_check *kprobes;

	if (find_tracefs(o->root, tracefs, sizeof(tracefs)))
		check_ftrace(tracefs, rep, ftrace);
	else {
		tracefs[0] = '\0';
		scan_na(ftrace, "tracefs not mounted or kernel without ftrace");
	}
	scan_end(ftrace, start);
	kprobes = scan_begin(rep, "kprobes");
	start = now_ms();
	check_kprobes(o->root, tracefs, rep, kprobes);
	scan_end(kprobes, start);
}
