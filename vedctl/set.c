// SPDX-License-Identifier: GPL-2.0
/*
 * vedctl set / vedctl lock: change ved's configuration through its sysctl
 * tree.  Every argument is validated before anything is written; a write
 * the kernel still refuses (locked meanwhile, a newer module's rules) undoes
 * the ones already made, so a command applies all of its changes or none.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ops.h"
#include "util.h"
#include "vedctl.h"

const char *const ved_mode_names[4] = { "off", "log", "block", "panic" };
const char *const ved_profile_names[4] = { "default", "monitor", "strict", "off" };
const char *const ved_mode_detectors[VED_DET_COUNT - 1] = {
	"creds", "cpu", "umh", "wcfi", "integrity", "rootkit", "self",
};

#define N_DETECTORS (sizeof(ved_mode_detectors) / sizeof(ved_mode_detectors[0]))

static bool in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* ved.umh_allow: colon-separated absolute paths, as module/umh.c checks them. */
static bool umh_allow_valid(const char *list, char *why, size_t size)
{
	size_t n = 0;

	if (strlen(list) >= 1024) {
		snprintf(why, size, "longer than 1023 characters");
		return false;
	}
	for (const char *s = list; *s; ) {
		const char *end = strchr(s, ':');

		if (!end)
			end = s + strlen(s);
		if (*s != '/') {
			snprintf(why, size, "'%.*s' is not an absolute path", (int)(end - s), s);
			return false;
		}
		if (end - s >= VED_PATH_LEN) {
			snprintf(why, size, "a path is longer than %d characters", VED_PATH_LEN - 1);
			return false;
		}
		if (++n > 64) {
			snprintf(why, size, "more than 64 paths");
			return false;
		}
		for (const char *c = s; c < end; c++)
			if ((unsigned char)*c <= ' ' || (unsigned char)*c >= 0x7f) {
				snprintf(why, size, "blanks or control characters in a path");
				return false;
			}
		if (*end && !end[1]) {
			snprintf(why, size, "trailing ':'");
			return false;
		}
		s = *end ? end + 1 : end;
	}
	return true;
}

static const char *detector_list(void)
{
	static char buf[128];

	if (!buf[0])
		for (size_t i = 0; i < N_DETECTORS; i++)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
				 i ? ", " : "", ved_mode_detectors[i]);
	return buf;
}

/* The millisecond settings and the ranges the module accepts (config.c). */
struct ms_range {
	const char *name;
	long min, max;
};

static const struct ms_range ms_settings[] = {
	{ "sweep_ms", 100, 60000 },
	{ "hash_period_ms", 100, 3600000 },
};

static const struct ms_range *ms_setting(const char *name)
{
	for (size_t i = 0; i < sizeof(ms_settings) / sizeof(ms_settings[0]); i++)
		if (strcmp(name, ms_settings[i].name) == 0)
			return &ms_settings[i];
	return NULL;
}

static bool parse_item(const char *arg, struct set_item *it, char *err, size_t errsize)
{
	const char *eq = strchr(arg, '=');
	char name[64];
	const struct ms_range *range;
	const char *value, *n;
	char why[128];

	memset(it, 0, sizeof(*it));
	if (!eq || eq == arg) {
		snprintf(err, errsize, "'%s': want NAME=VALUE (e.g. creds=log, profile=strict, sweep_ms=500)",
			 arg);
		return false;
	}
	if ((size_t)(eq - arg) >= sizeof(name)) {
		snprintf(err, errsize, "'%.40s...': unknown setting", arg);
		return false;
	}
	memcpy(name, arg, (size_t)(eq - arg));
	name[eq - arg] = '\0';
	value = eq + 1;
	n = name;
	if (strncmp(n, "ved.", 4) == 0)
		n += 4;
	if (strncmp(n, "mode.", 5) == 0)
		n += 5;
	if (strlen(value) >= sizeof(it->value)) {
		snprintf(err, errsize, "%s: value too long", name);
		return false;
	}
	snprintf(it->value, sizeof(it->value), "%s", value);

	if (in_list(n, ved_mode_detectors, N_DETECTORS)) {
		it->kind = SET_MODE;
		snprintf(it->key, sizeof(it->key), "mode.%s", n);
		if (!in_list(value, ved_mode_names, 4)) {
			snprintf(err, errsize, "%s=%s: unknown mode '%s' (want off, log, block or panic)",
				 name, value, value);
			return false;
		}
	} else if (strcmp(n, "profile") == 0) {
		it->kind = SET_PROFILE;
		snprintf(it->key, sizeof(it->key), "profile");
		if (!in_list(value, ved_profile_names, 4)) {
			snprintf(err, errsize,
				 "profile=%s: unknown profile '%s' (want default, monitor, strict or off)",
				 value, value);
			return false;
		}
	} else if ((range = ms_setting(n))) {
		char *end;
		long v;

		it->kind = SET_SWEEP;
		snprintf(it->key, sizeof(it->key), "%s", range->name);
		errno = 0;
		v = strtol(value, &end, 10);
		if (!*value || *end || errno || v < range->min || v > range->max) {
			snprintf(err, errsize,
				 "%s=%s: want a number of milliseconds from %ld to %ld",
				 range->name, value, range->min, range->max);
			return false;
		}
		snprintf(it->value, sizeof(it->value), "%ld", v);
	} else if (strcmp(n, "umh_allow") == 0) {
		it->kind = SET_UMH_ALLOW;
		snprintf(it->key, sizeof(it->key), "umh_allow");
		if (!umh_allow_valid(value, why, sizeof(why))) {
			snprintf(err, errsize, "umh_allow: %s (want absolute paths separated by ':')", why);
			return false;
		}
	} else if (strcmp(n, "lock") == 0) {
		snprintf(err, errsize, "lock is not a setting: use 'vedctl lock'");
		return false;
	} else {
		snprintf(err, errsize,
			 "unknown setting '%s' (want a detector: %s; or profile, sweep_ms, hash_period_ms, umh_allow)",
			 name, detector_list());
		return false;
	}
	return true;
}

bool set_parse(int argc, char **argv, struct set_request *req, char *err, size_t errsize)
{
	struct set_item it;

	memset(req, 0, sizeof(*req));
	if (argc < 1) {
		snprintf(err, errsize, "nothing to set (e.g. 'vedctl set creds=log')");
		return false;
	}
	if (argc > SET_MAX) {
		snprintf(err, errsize, "at most %d settings at once", SET_MAX);
		return false;
	}
	for (int i = 0; i < argc; i++) {
		if (!parse_item(argv[i], &it, err, errsize))
			return false;
		for (size_t j = 0; j < req->n; j++)
			if (strcmp(req->items[j].key, it.key) == 0) {
				snprintf(err, errsize, "ved.%s is given twice", it.key);
				return false;
			}
		/* A profile sets every mode: apply it before single modes. */
		if (it.kind == SET_PROFILE) {
			memmove(&req->items[1], &req->items[0], req->n * sizeof(it));
			req->items[0] = it;
		} else {
			req->items[req->n] = it;
		}
		req->n++;
	}
	return true;
}

const char *set_strerror(int err)
{
	switch (err) {
	case EPERM: return "ved is locked until reboot: its configuration cannot change";
	case EINVAL: return "ved refused the value as invalid";
	case EACCES: return "permission denied: changing ved's configuration needs root";
	case ENOENT: return "this ved module has no such setting";
	default: return strerror(err);
	}
}

static int exit_for(int err)
{
	switch (err) {
	case EPERM: return VEDCTL_EXIT_REFUSED;
	case EACCES: return VEDCTL_EXIT_PERM;
	default: return VEDCTL_EXIT_ERROR;
	}
}

/* ---- vedctl set ---- */

static const char set_usage[] =
"usage: vedctl set [OPTIONS] NAME=VALUE...\n"
"\n"
"Change ved's configuration (the sysctl tree ved.*).  Every NAME=VALUE is\n"
"checked before anything is written, and the changes are made all together\n"
"or not at all.\n"
"\n"
"Settings:\n"
"  DETECTOR=MODE      a detector's response: off, log, block or panic\n"
"                     (detectors: creds, cpu, umh, wcfi, integrity, rootkit,\n"
"                     self; 'mode.creds' and 'ved.mode.creds' work too)\n"
"  profile=NAME       every detector at once: default, monitor, strict, off\n"
"                     (applied before the single modes of the same command)\n"
"  sweep_ms=N         period of the background checks, 100..60000 ms\n"
"  hash_period_ms=N   time for one pass over kernel text and read-only data,\n"
"                     spread over the checks, 100..3600000 ms\n"
"  umh_allow=LIST     allowed usermode helpers: absolute paths, ':'-separated\n"
"\n"
"Examples:\n"
"  vedctl set creds=log umh=block\n"
"  vedctl set profile=strict\n"
"  vedctl set sweep_ms=500\n"
"\n"
"Options:\n"
"  -n, --dry-run      check the arguments and print what would change\n"
"  --root DIR         ved's files below DIR (for tests)\n"
"  -h, --help         this text\n"
"\n"
"Exit status: 0 applied; 1 refused: ved is locked until reboot; 2 usage\n"
"error or invalid value (nothing changed); 3 ved is not loaded; 4 not root.\n";

enum { OPT_ROOT = 256, OPT_YES };

struct ops_args {
	const char *root;
	bool dry_run;
	bool yes;
	int first;		/* first non-option argument */
};

static int parse_common(const char *cmd, const char *usage, const char *shortopts,
			int argc, char **argv, struct ops_args *a, bool positional)
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "yes", no_argument, NULL, 'y' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(a, 0, sizeof(*a));
	a->root = "";
	optind = 1;
	opterr = 1;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case OPT_ROOT: a->root = optarg; break;
		case 'n':
			if (!strchr(shortopts, 'n'))
				return vedctl_usage_error(cmd, "unknown option --dry-run");
			a->dry_run = true;
			break;
		case 'y':
			if (!strchr(shortopts, 'y'))
				return vedctl_usage_error(cmd, "unknown option --yes");
			a->yes = true;
			break;
		case 'h': fputs(usage, stdout); return VEDCTL_EXIT_OK;
		default: return vedctl_usage_error(cmd, NULL);
		}
	}
	if (!positional && optind < argc)
		return vedctl_usage_error(cmd, "unexpected argument");
	a->first = optind;
	return -1;
}

/* Check the lock before writing anything: a clear message, nothing half done. */
static int check_lock(const char *cmd, const struct ved_paths *p, bool *locked)
{
	char buf[16];
	int err = ved_sysctl_read(p, "lock", buf, sizeof(buf));

	if (err == -EACCES || err == -EPERM) {
		fprintf(stderr, "vedctl %s: permission denied reading %s/lock: run as root\n",
			cmd, p->sysctl);
		return VEDCTL_EXIT_PERM;
	}
	if (err) {
		fprintf(stderr, "vedctl %s: %s/lock: %s\n", cmd, p->sysctl, strerror(-err));
		return err == -ENOENT ? ved_not_loaded(cmd, p) : VEDCTL_EXIT_ERROR;
	}
	*locked = strcmp(buf, "1") == 0;
	return -1;
}

struct mode_snapshot {
	char profile[32];
	char modes[N_DETECTORS][16];
	bool have[N_DETECTORS];
};

static void snapshot_modes(const struct ved_paths *p, struct mode_snapshot *s)
{
	char key[48];

	memset(s, 0, sizeof(*s));
	ved_sysctl_read(p, "profile", s->profile, sizeof(s->profile));
	for (size_t i = 0; i < N_DETECTORS; i++) {
		snprintf(key, sizeof(key), "mode.%s", ved_mode_detectors[i]);
		s->have[i] = ved_sysctl_read(p, key, s->modes[i], sizeof(s->modes[i])) == 0;
	}
}

/* Undo what was written; best effort, each failure said. */
static void rollback(const struct ved_paths *p, struct set_request *req,
		     const struct mode_snapshot *snap)
{
	bool modes_touched = false;
	char key[48];
	int err;

	for (size_t i = req->n; i-- > 0; ) {
		struct set_item *it = &req->items[i];

		if (!it->written)
			continue;
		if (it->kind == SET_MODE || it->kind == SET_PROFILE) {
			modes_touched = true;
			continue;
		}
		err = ved_sysctl_write(p, it->key, it->old);
		if (err)
			fprintf(stderr, "vedctl set: could not restore ved.%s to '%s': %s\n",
				it->key, it->old, set_strerror(-err));
	}
	if (!modes_touched)
		return;
	/* A named profile restores every mode and the name; "custom" needs each mode. */
	if (in_list(snap->profile, ved_profile_names, 4)) {
		err = ved_sysctl_write(p, "profile", snap->profile);
		if (err)
			fprintf(stderr, "vedctl set: could not restore ved.profile to '%s': %s\n",
				snap->profile, set_strerror(-err));
		return;
	}
	for (size_t i = 0; i < N_DETECTORS; i++) {
		if (!snap->have[i])
			continue;
		snprintf(key, sizeof(key), "mode.%s", ved_mode_detectors[i]);
		err = ved_sysctl_write(p, key, snap->modes[i]);
		if (err)
			fprintf(stderr, "vedctl set: could not restore ved.%s to '%s': %s\n",
				key, snap->modes[i], set_strerror(-err));
	}
}

int cmd_set(int argc, char **argv)
{
	struct ops_args a;
	struct ved_paths p;
	struct set_request req;
	struct mode_snapshot snap;
	char err_msg[512];
	bool locked = false;
	int rc = parse_common("set", set_usage, "hn", argc, argv, &a, true), err;

	if (rc >= 0)
		return rc;
	if (!set_parse(argc - a.first, argv + a.first, &req, err_msg, sizeof(err_msg))) {
		fprintf(stderr, "vedctl set: %s; nothing changed\n", err_msg);
		return VEDCTL_EXIT_ERROR;
	}
	ved_paths_init(&p, a.root);
	if (!ved_loaded(&p))
		return ved_not_loaded("set", &p);
	rc = check_lock("set", &p, &locked);
	if (rc >= 0)
		return rc;
	if (locked) {
		fprintf(stderr, "vedctl set: ved is locked until reboot: its configuration cannot change; nothing changed\n");
		return VEDCTL_EXIT_REFUSED;
	}
	/* Every setting must exist in this module, and its value is kept for undo. */
	for (size_t i = 0; i < req.n; i++) {
		struct set_item *it = &req.items[i];

		err = ved_sysctl_read(&p, it->key, it->old, sizeof(it->old));
		if (err) {
			fprintf(stderr, "vedctl set: ved.%s: %s; nothing changed\n", it->key,
				err == -ENOENT ? "this ved module has no such setting"
					       : set_strerror(-err));
			return err == -ENOENT ? VEDCTL_EXIT_ERROR : exit_for(-err);
		}
	}
	if (a.dry_run) {
		for (size_t i = 0; i < req.n; i++)
			printf("ved.%s: %s -> %s (dry run)\n", req.items[i].key, req.items[i].old,
			       req.items[i].value);
		return VEDCTL_EXIT_OK;
	}
	snapshot_modes(&p, &snap);
	for (size_t i = 0; i < req.n; i++) {
		struct set_item *it = &req.items[i];

		err = ved_sysctl_write(&p, it->key, it->value);
		if (err) {
			fprintf(stderr, "vedctl set: ved.%s=%s: %s\n", it->key, it->value,
				set_strerror(-err));
			rollback(&p, &req, &snap);
			fprintf(stderr, "vedctl set: nothing changed\n");
			return exit_for(-err);
		}
		it->written = true;
	}
	for (size_t i = 0; i < req.n; i++)
		printf("ved.%s: %s -> %s\n", req.items[i].key, req.items[i].old, req.items[i].value);
	return VEDCTL_EXIT_OK;
}

/* ---- vedctl lock ---- */

static const char lock_usage[] =
"usage: vedctl lock [OPTIONS]\n"
"\n"
"Lock ved until the next reboot: every setting becomes read-only and the\n"
"module can no longer be unloaded.  There is no unlock.  Asks for\n"
"confirmation on standard input unless --yes is given.  Locking an already\n"
"locked ved does nothing and succeeds.\n"
"\n"
"Options:\n"
"  -y, --yes          do not ask\n"
"  --root DIR         ved's files below DIR (for tests)\n"
"  -h, --help         this text\n"
"\n"
"Exit status: 0 locked (or already locked); 1 not confirmed, nothing done;\n"
"2 error; 3 ved is not loaded; 4 not root.\n";

static bool confirmed(void)
{
	char line[32];

	fputs("Lock ved until reboot?  Its settings become read-only and it cannot be\n"
	      "unloaded until the machine restarts.  Type 'yes' to lock: ", stderr);
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin)) {
		fputc('\n', stderr);
		return false;
	}
	line[strcspn(line, "\n")] = '\0';
	return strcmp(trim(line), "yes") == 0 || strcmp(trim(line), "y") == 0;
}

int cmd_lock(int argc, char **argv)
{
	struct ops_args a;
	struct ved_paths p;
	bool locked = false;
	int rc = parse_common("lock", lock_usage, "hy", argc, argv, &a, false), err;

	if (rc >= 0)
		return rc;
	ved_paths_init(&p, a.root);
	if (!ved_loaded(&p))
		return ved_not_loaded("lock", &p);
	rc = check_lock("lock", &p, &locked);
	if (rc >= 0)
		return rc;
	if (locked) {
		printf("ved is already locked until reboot\n");
		return VEDCTL_EXIT_OK;
	}
	if (!a.yes && !confirmed()) {
		fprintf(stderr, "vedctl lock: not confirmed; ved is not locked (use --yes to skip the question)\n");
		return VEDCTL_EXIT_REFUSED;
	}
	err = ved_sysctl_write(&p, "lock", "1");
	if (err) {
		fprintf(stderr, "vedctl lock: %s\n", set_strerror(-err));
		return exit_for(-err);
	}
	printf("ved is locked until reboot: settings are read-only and the module cannot be unloaded\n");
	return VEDCTL_EXIT_OK;
}
