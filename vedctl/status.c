// SPDX-License-Identifier: GPL-2.0
/* vedctl status and vedctl version. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "ops.h"
#include "util.h"
#include "vedctl.h"

static const char status_usage[] =
"usage: vedctl status [OPTIONS]\n"
"\n"
"Show the loaded ved module: its version, the kernel, the lock state, the\n"
"profile, each detector's mode and event counter (when the module keeps\n"
"one), the event counters and drops, and the module's load parameters.\n"
"Reads /sys/module/ved and /proc/sys/ved (the settings need root).\n"
"\n"
"Options:\n"
"  --json             one JSON object instead of the text\n"
"  --root DIR         ved's files below DIR (for tests)\n"
"  -h, --help         this text\n"
"\n"
"Exit status: 0 ved is loaded; 2 error; 3 ved is not loaded; 4 some\n"
"settings could not be read (not root; shown as '?').\n";

enum { OPT_JSON = 256, OPT_ROOT };

struct detector_row {
	char name[32];
	char mode[16];
	bool mode_ok;
	long long events;	/* -1: the module has no per-detector counter */
};

struct status {
	bool loaded;
	char version[64];
	char kernel[128];
	char lock[16], profile[32], sweep[16], umh_allow[1024];
	long long events, dropped;
	struct detector_row det[32];
	size_t n_det;
	char *params;		/* "name=value\n"... */
	bool denied;
};

static void read_setting(const struct ved_paths *p, const char *key, char *buf, size_t size,
			 struct status *st)
{
	int err = ved_sysctl_read(p, key, buf, size);

	if (err == -EACCES || err == -EPERM)
		st->denied = true;
	if (err)
		snprintf(buf, size, "?");
}

static long long read_counter(const struct ved_paths *p, const char *key)
{
	char buf[32], *end;
	long long v;

	if (ved_sysctl_read(p, key, buf, sizeof(buf)))
		return -1;
	v = strtoll(buf, &end, 10);
	return end == buf ? -1 : v;
}

static bool have_detector(const struct status *st, const char *name)
{
	for (size_t i = 0; i < st->n_det; i++)
		if (strcmp(st->det[i].name, name) == 0)
			return true;
	return false;
}

static void add_detector(const struct ved_paths *p, struct status *st, const char *name)
{
	struct detector_row *d;
	char key[64];
	int err;

	if (st->n_det >= sizeof(st->det) / sizeof(st->det[0]) || have_detector(st, name))
		return;
	d = &st->det[st->n_det++];
	snprintf(d->name, sizeof(d->name), "%s", name);
	snprintf(key, sizeof(key), "mode.%s", name);
	err = ved_sysctl_read(p, key, d->mode, sizeof(d->mode));
	d->mode_ok = !err;
	if (err == -EACCES || err == -EPERM)
		st->denied = true;
	if (err)
		snprintf(d->mode, sizeof(d->mode), err == -ENOENT ? "-" : "?");
	/* Per-detector counters: ved.stats.<detector>, when the module has them. */
	snprintf(key, sizeof(key), "stats.%s", name);
	d->events = read_counter(p, key);
}

static void read_params(const struct ved_paths *p, struct status *st)
{
	char dir[512], path[800], value[256];
	struct dirent **names;
	size_t cap = 1, len = 0;
	int n;

	snprintf(dir, sizeof(dir), "%s/parameters", p->module);
	st->params = xcalloc(1, 1);
	n = scandir(dir, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			char *v;
			size_t add;

			snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
			v = read_whole_file(path, NULL);
			snprintf(value, sizeof(value), "%s", v ? v : "?");
			value[strcspn(value, "\n")] = '\0';
			free(v);
			add = strlen(names[i]->d_name) + strlen(value) + 2;

			if (len + add + 1 > cap) {
				cap = (len + add + 1) * 2;
				st->params = realloc(st->params, cap);
				if (!st->params)
					die_oom();
			}
			len += (size_t)sprintf(st->params + len, "%s=%s\n", names[i]->d_name, value);
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}

static void collect(const struct ved_paths *p, struct status *st)
{
	struct utsname u;
	char path[512], dir[512];
	struct dirent **names;
	int n;

	memset(st, 0, sizeof(*st));
	if (uname(&u) == 0)
		snprintf(st->kernel, sizeof(st->kernel), "%s", u.release);
	st->loaded = ved_loaded(p);
	if (!st->loaded)
		return;
	snprintf(path, sizeof(path), "%s/version", p->module);
	if (!read_line_file(path, st->version, sizeof(st->version)))
		snprintf(st->version, sizeof(st->version), "unknown");
	read_setting(p, "lock", st->lock, sizeof(st->lock), st);
	read_setting(p, "profile", st->profile, sizeof(st->profile), st);
	read_setting(p, "sweep_ms", st->sweep, sizeof(st->sweep), st);
	if (ved_sysctl_read(p, "umh_allow", st->umh_allow, sizeof(st->umh_allow)) == -ENOENT)
		st->umh_allow[0] = '\0';
	st->events = read_counter(p, "stats.events");
	st->dropped = read_counter(p, "stats.dropped");
	for (size_t i = 0; i < VED_DET_COUNT - 1; i++)
		add_detector(p, st, ved_mode_detectors[i]);
	/* Detectors a newer module has and this vedctl does not know yet. */
	snprintf(dir, sizeof(dir), "%s/mode", p->sysctl);
	n = scandir(dir, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.')
			add_detector(p, st, names[i]->d_name);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	read_params(p, st);
}

static const char *lock_text(const char *lock)
{
	if (strcmp(lock, "1") == 0)
		return "locked until reboot (settings read-only, module cannot be unloaded)";
	if (strcmp(lock, "0") == 0)
		return "unlocked";
	return "? (run as root)";
}

static void print_counter(FILE *out, long long v)
{
	if (v < 0)
		fputs("?", out);
	else
		fprintf(out, "%lld", v);
}

static void print_text(FILE *out, const struct status *st)
{
	bool any_counter = false;

	fprintf(out, "ved %s, kernel %s\n", st->version, st->kernel);
	fprintf(out, "  lock:      %s\n", lock_text(st->lock));
	fprintf(out, "  profile:   %s\n", st->profile);
	fprintf(out, "  sweep:     %s%s\n", st->sweep, strcmp(st->sweep, "?") ? " ms" : "");
	fputs("  events:    ", out);
	print_counter(out, st->events);
	fputs(" emitted, ", out);
	print_counter(out, st->dropped);
	fputs(" dropped\n", out);
	if (st->umh_allow[0])
		fprintf(out, "  umh_allow: %s\n", st->umh_allow);
	for (size_t i = 0; i < st->n_det; i++)
		any_counter |= st->det[i].events >= 0;
	if (any_counter)
		fprintf(out, "\n  %-10s %-6s %s\n", "DETECTOR", "MODE", "EVENTS");
	else
		fprintf(out, "\n  %-10s %s\n", "DETECTOR", "MODE");
	for (size_t i = 0; i < st->n_det; i++) {
		if (!any_counter) {
			fprintf(out, "  %-10s %s\n", st->det[i].name, st->det[i].mode);
			continue;
		}
		fprintf(out, "  %-10s %-6s ", st->det[i].name, st->det[i].mode);
		if (st->det[i].events >= 0)
			fprintf(out, "%lld\n", st->det[i].events);
		else
			fputs("-\n", out);
	}
	if (st->params && st->params[0]) {
		fputs("\n  load parameters:", out);
		for (const char *s = st->params; *s; ) {
			const char *nl = strchr(s, '\n');

			fprintf(out, " %.*s", (int)(nl - s), s);
			s = nl + 1;
		}
		fputc('\n', out);
	}
	if (st->denied)
		fputs("\n  (some settings are readable by root only: run 'sudo vedctl status')\n", out);
}

static json_t *counter_json(long long v)
{
	return v < 0 ? json_null() : json_integer(v);
}

static json_t *status_json(const struct status *st)
{
	json_t *o = json_object(), *det, *params;

	json_object_set_new(o, "ved_status_version", json_integer(1));
	json_object_set_new(o, "loaded", json_boolean(st->loaded));
	json_object_set_new(o, "kernel", json_string(st->kernel));
	if (!st->loaded)
		return o;
	json_object_set_new(o, "version", json_string(st->version));
	json_object_set_new(o, "locked", strcmp(st->lock, "?") ? json_boolean(!strcmp(st->lock, "1"))
							      : json_null());
	json_object_set_new(o, "profile", strcmp(st->profile, "?") ? json_string(st->profile)
								   : json_null());
	json_object_set_new(o, "sweep_ms", strcmp(st->sweep, "?") ? json_integer(atoll(st->sweep))
								  : json_null());
	json_object_set_new(o, "umh_allow", json_string(st->umh_allow));
	json_object_set_new(o, "events", counter_json(st->events));
	json_object_set_new(o, "dropped", counter_json(st->dropped));
	det = json_array();
	for (size_t i = 0; i < st->n_det; i++) {
		json_t *d = json_object();

		json_object_set_new(d, "name", json_string(st->det[i].name));
		json_object_set_new(d, "mode", st->det[i].mode_ok ? json_string(st->det[i].mode)
								   : json_null());
		json_object_set_new(d, "events", counter_json(st->det[i].events));
		json_array_append_new(det, d);
	}
	json_object_set_new(o, "detectors", det);
	params = json_object();
	for (const char *s = st->params ? st->params : ""; *s; ) {
		const char *eq = strchr(s, '='), *nl = strchr(s, '\n');
		char name[128];

		snprintf(name, sizeof(name), "%.*s", (int)(eq - s), s);
		json_object_set_new(params, name, json_stringn(eq + 1, (size_t)(nl - eq - 1)));
		s = nl + 1;
	}
	json_object_set_new(o, "parameters", params);
	json_object_set_new(o, "complete", json_boolean(!st->denied));
	return o;
}

int cmd_status(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *root = "";
	bool json = false;
	struct ved_paths p;
	struct status st;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_JSON: json = true; break;
		case OPT_ROOT: root = optarg; break;
		case 'h': fputs(status_usage, stdout); return VEDCTL_EXIT_OK;
		default: return vedctl_usage_error("status", NULL);
		}
	}
	if (optind < argc)
		return vedctl_usage_error("status", "unexpected argument");
	ved_paths_init(&p, root);
	collect(&p, &st);
	if (json) {
		json_t *o = status_json(&st);

		json_dumpf(o, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(o);
	} else if (st.loaded) {
		print_text(stdout, &st);
	} else {
		printf("ved is not loaded (kernel %s; no %s): load it with 'modprobe ved'\n",
		       st.kernel, p.module);
	}
	rc = !st.loaded ? VEDCTL_EXIT_NOT_LOADED : st.denied ? VEDCTL_EXIT_PERM : VEDCTL_EXIT_OK;
	free(st.params);
	return rc;
}

static const char version_usage[] =
"usage: vedctl version\n"
"\n"
"Print vedctl's version and, when ved is loaded, the module's version and\n"
"the running kernel.  Exit status: 0 (also when ved is not loaded).\n";

int cmd_version(int argc, char **argv)
{
	struct ved_paths p;
	struct utsname u;
	char path[512], ver[64];

	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		fputs(version_usage, stdout);
		return VEDCTL_EXIT_OK;
	}
	if (argc > 1)
		return vedctl_usage_error("version", "unexpected argument");
	ved_paths_init(&p, "");
	printf("vedctl %s (event ABI %d)\n", VEDCTL_VERSION, VED_EVENT_VERSION);
	snprintf(path, sizeof(path), "%s/version", p.module);
	if (uname(&u) != 0)
		snprintf(u.release, sizeof(u.release), "?");
	if (read_line_file(path, ver, sizeof(ver)))
		printf("ved module %s, kernel %s\n", ver, u.release);
	else
		printf("ved module not loaded, kernel %s\n", u.release);
	return VEDCTL_EXIT_OK;
}
