// SPDX-License-Identifier: GPL-2.0
/*
 * Hidden modules: a module rootkit usually unlinks itself from the module
 * list (/proc/modules) but may leave its sysfs directory, or the reverse.
 * Every loadable module has /sys/module/NAME/initstate; module symbols in
 * /proc/kallsyms carry "[NAME]".  A name seen in one view and not in
 * another, in two reads a moment apart, is reported.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scan.h"
#include "util.h"

#define MAX_MODULES 4096

struct name_set {
	char (*names)[64];
	size_t count;
};

static void set_add(struct name_set *s, const char *name)
{
	for (size_t i = 0; i < s->count; i++)
		if (strcmp(s->names[i], name) == 0)
			return;
	if (s->count < MAX_MODULES)
		snprintf(s->names[s->count++], 64, "%s", name);
}

static bool set_has(const struct name_set *s, const char *name)
{
	for (size_t i = 0; i < s->count; i++)
		if (strcmp(s->names[i], name) == 0)
			return true;
	return false;
}

/* "name size refcount deps state address [(taint)]" */
bool parse_proc_modules_line(const char *line, struct proc_module *m)
{
	char deps[1024], taint[32] = "";
	unsigned long size;
	int refs, n;

	memset(m, 0, sizeof(*m));
	n = sscanf(line, "%63s %lu %d %1023s %15s %*s %31s", m->name, &size, &refs, deps,
		   m->state, taint);
	if (n < 5)
		return false;
	if (taint[0] == '(') {
		size_t len = strlen(taint);

		if (len < 2 || taint[len - 1] != ')')
			return false;
		snprintf(m->taint, sizeof(m->taint), "%.*s", (int)(len - 2), taint + 1);
	}
	return true;
}

static bool read_proc_modules(const char *root, struct name_set *out, struct name_set *busy)
{
	char path[512], line[2048];
	FILE *f;

	snprintf(path, sizeof(path), "%s/proc/modules", root);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		struct proc_module m;

		if (!parse_proc_modules_line(line, &m))
			continue;
		set_add(out, m.name);
		if (strcmp(m.state, "Live") != 0)
			set_add(busy, m.name);	/* loading/unloading: views may differ */
	}
	fclose(f);
	return true;
}

static void read_sysfs_modules(const char *root, struct name_set *out)
{
	char path[512];
	DIR *d;
	struct dirent *e;

	snprintf(path, sizeof(path), "%s/sys/module", root);
	d = opendir(path);
	if (!d)
		return;
	while ((e = readdir(d))) {
		char initstate[1024];

		if (e->d_name[0] == '.')
			continue;
		snprintf(initstate, sizeof(initstate), "%s/%s/initstate", path, e->d_name);
		if (path_exists(initstate))	/* built-in modules have no initstate */
			set_add(out, e->d_name);
	}
	closedir(d);
}

static void read_kallsyms_modules(const char *root, struct name_set *out)
{
	char path[512], line[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/proc/kallsyms", root);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *open = strchr(line, '['), *close;

		if (!open || !(close = strchr(open, ']')))
			continue;
		*close = '\0';
		/* __builtin__kprobes and bpf pseudo-modules are not modules. */
		if (strncmp(open + 1, "__builtin", 9) == 0 || strcmp(open + 1, "bpf") == 0)
			continue;
		set_add(out, open + 1);
	}
	fclose(f);
}

struct module_views {
	struct name_set list, sysfs, kallsyms, busy;
};

static void views_alloc(struct module_views *v)
{
	v->list.names = xcalloc(MAX_MODULES, 64);
	v->sysfs.names = xcalloc(MAX_MODULES, 64);
	v->kallsyms.names = xcalloc(MAX_MODULES, 64);
	v->busy.names = xcalloc(MAX_MODULES, 64);
}

static void views_read(const char *root, struct module_views *v)
{
	v->list.count = v->sysfs.count = v->kallsyms.count = v->busy.count = 0;
	read_proc_modules(root, &v->list, &v->busy);
	read_sysfs_modules(root, &v->sysfs);
	read_kallsyms_modules(root, &v->kallsyms);
}

static void views_free(struct module_views *v)
{
	free(v->list.names);
	free(v->sysfs.names);
	free(v->kallsyms.names);
	free(v->busy.names);
}

/* In view A of the first read, in view B of neither read, not mid-load/unload. */
static bool missing_twice(const struct name_set *a1, const struct name_set *b1,
			  const struct name_set *b2, const struct module_views *v1,
			  const struct module_views *v2, const char *name)
{
	return set_has(a1, name) && !set_has(b1, name) && !set_has(b2, name) &&
	       !set_has(&v1->busy, name) && !set_has(&v2->busy, name);
}

void scan_modules(const struct scan_opts *o, struct scan_report *rep)
{
	struct scan_check *c = scan_begin(rep, "hidden_modules");
	double start = now_ms();
	struct module_views v1, v2;
	char path[512];

	snprintf(path, sizeof(path), "%s/proc/modules", o->root);
	if (!path_exists(path)) {
		scan_na(c, "kernel has no loadable module support (no /proc/modules)");
		scan_end(c, start);
		return;
	}
	views_alloc(&v1);
	views_alloc(&v2);
	views_read(o->root, &v1);
	if (!o->root[0])
		usleep(50000);
	views_read(o->root, &v2);
	c->examined = v2.list.count;
	for (size_t i = 0; i < v2.sysfs.count; i++)
		if (missing_twice(&v1.sysfs, &v1.list, &v2.list, &v1, &v2, v2.sysfs.names[i]))
			scan_finding(rep, c, v2.sysfs.names[i], "in /sys/module (initstate present) "
				     "but missing from /proc/modules: unlinked from the module list");
	for (size_t i = 0; i < v2.list.count; i++)
		if (missing_twice(&v1.list, &v1.sysfs, &v2.sysfs, &v1, &v2, v2.list.names[i]))
			scan_finding(rep, c, v2.list.names[i], "in /proc/modules but has no "
				     "/sys/module entry: its sysfs object was removed");
	for (size_t i = 0; i < v2.kallsyms.count; i++)
		if (missing_twice(&v1.kallsyms, &v1.list, &v2.list, &v1, &v2,
				  v2.kallsyms.names[i]))
			scan_finding(rep, c, v2.kallsyms.names[i], "has symbols in /proc/kallsyms "
				     "but is missing from /proc/modules");
	snprintf(c->note, sizeof(c->note), "%zu in /proc/modules, %zu in /sys/module, "
		 "%zu in kallsyms", v2.list.count, v2.sysfs.count, v2.kallsyms.count);
	views_free(&v1);
	views_free(&v2);
	scan_end(c, start);
}
