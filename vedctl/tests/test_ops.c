// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of vedctl's operator commands: set's argument parsing and
 * validation, all-or-nothing writes and the lock on a fake sysctl tree,
 * status's exit codes, the events filters and --since times, and the JSON,
 * table and key=value forms of recorded ved records.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ops.h"
#include "vedevent.h"

/* ---- recorded records ---- */

union record {
	struct ved_event_header h;
	char bytes[VED_MAX_RECORD];
};

static void header(union record *r, uint16_t type, uint8_t det, uint8_t action, uint8_t sev,
		   size_t payload)
{
	memset(r, 0, sizeof(*r));
	r->h.size = (uint16_t)(sizeof(r->h) + payload);
	r->h.type = type;
	r->h.version = VED_EVENT_VERSION;
	r->h.detector = det;
	r->h.action = action;
	r->h.severity = sev;
	r->h.seq = 42;
	r->h.time_ns = 1700000000123456789ULL;	/* 2023-11-14T22:13:20.123456789Z */
	r->h.cpu = 1;
	r->h.pid = 201;
	r->h.tgid = 200;
	r->h.uid = 1000;
	r->h.euid = 0;
	memcpy(r->h.comm, "cred-overwrite", 14);
}

static void cred_record(union record *r)
{
	struct ved_ev_cred *c;

	header(r, VED_EV_CRED_CHANGE, VED_DET_CREDS, VED_ACT_BLOCK, VED_SEV_CRITICAL, sizeof(*c));
	c = (void *)(&r->h + 1);
	c->where = VED_CRED_AT_CHECKPOINT;
	c->checkpoint = VED_CP_EXEC;
	c->syscall = 59;
	c->target_pid = 200;
	c->nr_changes = 2;
	c->changes[0] = (struct ved_cred_change){ .field = VED_CRED_UID, .old_value = 1000, .new_value = 0 };
	c->changes[1] = (struct ved_cred_change){ .field = VED_CRED_EUID, .old_value = 1000, .new_value = 0 };
	/* The kernel's view of the task (ABI 2): kept even once the task is gone. */
	r->h.ppid = 150;
	r->h.exe_state = VED_EXE_PATH;
	strcpy(r->h.exe, "/opt/lab/bin/cred-overwrite");
}

static void umh_record(union record *r)
{
	struct ved_ev_umh *u;

	header(r, VED_EV_UMH, VED_DET_UMH, VED_ACT_LOG, VED_SEV_WARNING, sizeof(*u));
	u = (void *)(&r->h + 1);
	u->reason = VED_UMH_PATH_NOT_ALLOWED;
	strcpy(u->path, "/tmp/x y");		/* a blank: escaped in the table */
	strcpy(u->detail, "caf\xc3\xa9\xff");	/* not UTF-8: \xNN in JSON */
	r->h.pid = r->h.tgid = 77;
	memcpy(r->h.comm, "kworker/0:1\0\0\0\0\0", 16);
	r->h.uid = r->h.euid = 0;
	r->h.ppid = 2;			/* a kernel thread: no executable */
	r->h.exe_state = VED_EXE_NONE;
}

/* ---- set: parsing and validation ---- */

static bool parse(char *err, struct set_request *req, ...)
{
	char *argv[SET_MAX + 2];
	int argc = 0;
	va_list ap;

	va_start(ap, req);
	for (char *a; (a = va_arg(ap, char *)); )
		argv[argc++] = a;
	va_end(ap);
	err[0] = '\0';
	return set_parse(argc, argv, req, err, 256);
}

static void test_set_parse_valid(void **state)
{
	struct set_request req;
	char err[256];

	(void)state;
	assert_true(parse(err, &req, "creds=log", "umh=block", NULL));
	assert_int_equal(req.n, 2);
	assert_string_equal(req.items[0].key, "mode.creds");
	assert_string_equal(req.items[0].value, "log");
	assert_string_equal(req.items[1].key, "mode.umh");
	/* every spelling of a detector's mode */
	assert_true(parse(err, &req, "mode.cpu=off", "ved.mode.self=panic", "ved.wcfi=log", NULL));
	assert_string_equal(req.items[0].key, "mode.cpu");
	assert_string_equal(req.items[1].key, "mode.self");
	assert_string_equal(req.items[2].key, "mode.wcfi");
	/* the profile is applied first, whatever the order given */
	assert_true(parse(err, &req, "creds=log", "sweep_ms=500", "profile=strict", NULL));
	assert_int_equal(req.n, 3);
	assert_string_equal(req.items[0].key, "profile");
	assert_string_equal(req.items[1].key, "mode.creds");
	assert_string_equal(req.items[2].key, "sweep_ms");
	assert_int_equal(req.items[2].kind, SET_SWEEP);
	assert_true(parse(err, &req, "sweep_ms=100", NULL));
	assert_true(parse(err, &req, "sweep_ms=60000", NULL));
	assert_true(parse(err, &req, "hash_period_ms=3600000", NULL));
	assert_string_equal(req.items[0].key, "hash_period_ms");
	assert_string_equal(req.items[0].value, "3600000");
	assert_true(parse(err, &req, "umh_allow=/sbin/modprobe:/sbin/request-key", NULL));
	assert_true(parse(err, &req, "umh_allow=", NULL));
	for (int i = 0; i < 4; i++) {
		char arg[32];

		snprintf(arg, sizeof(arg), "integrity=%s", ved_mode_names[i]);
		assert_true(parse(err, &req, arg, NULL));
		snprintf(arg, sizeof(arg), "profile=%s", ved_profile_names[i]);
		assert_true(parse(err, &req, arg, NULL));
	}
}

static void test_set_parse_invalid(void **state)
{
	struct set_request req;
	char err[256];

	(void)state;
	assert_false(parse(err, &req, NULL));
	assert_non_null(strstr(err, "nothing to set"));
	assert_false(parse(err, &req, "creds=loud", NULL));
	assert_non_null(strstr(err, "unknown mode 'loud' (want off, log, block or panic)"));
	assert_false(parse(err, &req, "creds=Log", NULL));	/* as the kernel: exact names */
	assert_false(parse(err, &req, "creds=", NULL));
	assert_false(parse(err, &req, "core=log", NULL));	/* core has no mode */
	assert_non_null(strstr(err, "unknown setting 'core'"));
	assert_false(parse(err, &req, "frob=1", NULL));
	assert_non_null(strstr(err, "creds, cpu, umh, wcfi, integrity, rootkit, self"));
	assert_false(parse(err, &req, "creds", NULL));
	assert_non_null(strstr(err, "want NAME=VALUE"));
	assert_false(parse(err, &req, "=log", NULL));
	assert_false(parse(err, &req, "profile=paranoid", NULL));
	assert_non_null(strstr(err, "unknown profile 'paranoid'"));
	assert_false(parse(err, &req, "profile=custom", NULL));	/* shown, never written */
	assert_false(parse(err, &req, "sweep_ms=99", NULL));
	assert_non_null(strstr(err, "from 100 to 60000"));
	assert_false(parse(err, &req, "hash_period_ms=99", NULL));
	assert_false(parse(err, &req, "hash_period_ms=x", NULL));
	assert_false(parse(err, &req, "hash_period_ms=3600001", NULL));
	assert_non_null(strstr(err, "hash_period_ms=3600001: want a number of milliseconds from 100 to 3600000"));
	assert_false(parse(err, &req, "sweep_ms=60001", NULL));
	assert_false(parse(err, &req, "sweep_ms=1e3", NULL));
	assert_false(parse(err, &req, "sweep_ms=", NULL));
	assert_false(parse(err, &req, "sweep_ms=99999999999999999999", NULL));
	assert_false(parse(err, &req, "umh_allow=sbin/modprobe", NULL));
	assert_non_null(strstr(err, "not an absolute path"));
	assert_false(parse(err, &req, "umh_allow=/sbin/modprobe:", NULL));
	assert_non_null(strstr(err, "trailing ':'"));
	assert_false(parse(err, &req, "umh_allow=/a b", NULL));
	assert_false(parse(err, &req, "lock=1", NULL));
	assert_non_null(strstr(err, "vedctl lock"));
	/* the same setting twice, in two spellings */
	assert_false(parse(err, &req, "creds=log", "mode.creds=block", NULL));
	assert_non_null(strstr(err, "ved.mode.creds is given twice"));
	/* one bad argument fails the whole command */
	assert_false(parse(err, &req, "creds=log", "umh=block", "cpu=nope", NULL));
}

static void test_set_strerror(void **state)
{
	(void)state;
	assert_string_equal(set_strerror(EPERM), "ved is locked until reboot: its configuration cannot change");
	assert_non_null(strstr(set_strerror(EINVAL), "invalid"));
	assert_non_null(strstr(set_strerror(EACCES), "needs root"));
}

/* ---- set, lock, status on a fake tree ---- */

static char root[64];

static void put(const char *rel, const char *content)
{
	char path[256], cmd[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
	assert_int_equal(system(cmd), 0);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

static char *get(const char *rel)
{
	static char buf[256];
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	f = fopen(path, "r");
	buf[0] = '\0';
	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = '\0';
		fclose(f);
	}
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

static int make_tree(void **state)
{
	static const char *const modes[] = { "creds=block", "cpu=block", "umh=block",
		"wcfi=block", "integrity=log", "rootkit=log", "self=log" };
	char rel[64];

	(void)state;
	snprintf(root, sizeof(root), "/tmp/vedctl-ops-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	for (size_t i = 0; i < 7; i++) {
		const char *eq = strchr(modes[i], '=');

		snprintf(rel, sizeof(rel), "/proc/sys/ved/mode/%.*s", (int)(eq - modes[i]), modes[i]);
		put(rel, eq + 1);
	}
	put("/proc/sys/ved/profile", "default\n");
	put("/proc/sys/ved/lock", "0\n");
	put("/proc/sys/ved/sweep_ms", "1000\n");
	put("/proc/sys/ved/umh_allow", "/sbin/modprobe\n");
	put("/proc/sys/ved/stats/events", "12\n");
	put("/proc/sys/ved/stats/dropped", "3\n");
	put("/sys/module/ved/version", "0.1.0\n");
	put("/sys/module/ved/parameters/profile", "default\n");
	put("/sys/module/ved/parameters/modes", "");
	return 0;
}

static int remove_tree(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd);
}

/* Run a command with stdout and stderr in a file; returns its exit status. */
static char captured[16384];

static int run(int (*cmd)(int, char **), ...)
{
	char *argv[32], path[] = "/tmp/vedctl-ops-out-XXXXXX";
	int argc = 0, rc, fd = mkstemp(path), o1 = dup(1), o2 = dup(2);
	va_list ap;
	FILE *f;
	size_t n;

	va_start(ap, cmd);
	for (char *a; (a = va_arg(ap, char *)); )
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	fflush(stdout);
	fflush(stderr);
	dup2(fd, 1);
	dup2(fd, 2);
	rc = cmd(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(o1, 1);
	dup2(o2, 2);
	close(o1);
	close(o2);
	close(fd);
	f = fopen(path, "r");
	n = fread(captured, 1, sizeof(captured) - 1, f);
	captured[n] = '\0';
	fclose(f);
	unlink(path);
	return rc;
}

static void test_set_applies_all(void **state)
{
	(void)state;
	assert_int_equal(run(cmd_set, "set", "--root", root, "creds=log", "umh=off", "sweep_ms=500", NULL), 0);
	assert_string_equal(get("/proc/sys/ved/mode/creds"), "log");
	assert_string_equal(get("/proc/sys/ved/mode/umh"), "off");
	assert_string_equal(get("/proc/sys/ved/sweep_ms"), "500");
	assert_non_null(strstr(captured, "ved.mode.creds: block -> log"));
}

static void test_set_invalid_changes_nothing(void **state)
{
	(void)state;
	assert_int_equal(run(cmd_set, "set", "--root", root, "creds=log", "umh=loud", NULL), 2);
	assert_non_null(strstr(captured, "unknown mode 'loud'"));
	assert_non_null(strstr(captured, "nothing changed"));
	assert_string_equal(get("/proc/sys/ved/mode/creds"), "block");
	assert_string_equal(get("/proc/sys/ved/mode/umh"), "block");
	/* a setting this module does not have: refused before any write */
	unlink(strcat(strcpy((char[128]){ 0 }, root), "/proc/sys/ved/mode/self"));
	assert_int_equal(run(cmd_set, "set", "--root", root, "creds=log", "self=log", NULL), 2);
	assert_non_null(strstr(captured, "this ved module has no such setting"));
	assert_string_equal(get("/proc/sys/ved/mode/creds"), "block");
	/* dry run */
	assert_int_equal(run(cmd_set, "set", "--root", root, "-n", "creds=off", NULL), 0);
	assert_non_null(strstr(captured, "block -> off (dry run)"));
	assert_string_equal(get("/proc/sys/ved/mode/creds"), "block");
	assert_int_equal(run(cmd_set, "set", "--root", root, NULL), 2);
	assert_int_equal(run(cmd_set, "set", "--bogus", NULL), 2);
	assert_int_equal(run(cmd_set, "set", "--help", NULL), 0);
	assert_non_null(strstr(captured, "usage: vedctl set"));
}

static void test_set_locked(void **state)
{
	(void)state;
	put("/proc/sys/ved/lock", "1\n");
	assert_int_equal(run(cmd_set, "set", "--root", root, "creds=log", NULL), VEDCTL_EXIT_REFUSED);
	assert_non_null(strstr(captured, "ved is locked until reboot"));
	assert_string_equal(get("/proc/sys/ved/mode/creds"), "block");
	assert_int_equal(run(cmd_lock, "lock", "--root", root, NULL), 0);
	assert_non_null(strstr(captured, "already locked"));
}

static void test_lock(void **state)
{
	(void)state;
	assert_int_equal(run(cmd_lock, "lock", "--root", root, "extra", NULL), 2);
	/* stdin at EOF: not confirmed */
	{
		int o0 = dup(0), nul = open("/dev/null", O_RDONLY);

		dup2(nul, 0);
		assert_int_equal(run(cmd_lock, "lock", "--root", root, NULL), VEDCTL_EXIT_REFUSED);
		dup2(o0, 0);
		close(nul);
		close(o0);
	}
	assert_non_null(strstr(captured, "not confirmed"));
	assert_string_equal(get("/proc/sys/ved/lock"), "0");
	assert_int_equal(run(cmd_lock, "lock", "--root", root, "--yes", NULL), 0);
	assert_string_equal(get("/proc/sys/ved/lock"), "1");
}

static void test_not_loaded(void **state)
{
	(void)state;
	assert_int_equal(run(cmd_status, "status", "--root", "/nonexistent", NULL), VEDCTL_EXIT_NOT_LOADED);
	assert_non_null(strstr(captured, "ved is not loaded"));
	assert_int_equal(run(cmd_set, "set", "--root", "/nonexistent", "creds=log", NULL),
			 VEDCTL_EXIT_NOT_LOADED);
	assert_int_equal(run(cmd_lock, "lock", "--root", "/nonexistent", "-y", NULL), VEDCTL_EXIT_NOT_LOADED);
	assert_int_equal(run(cmd_events, "events", "--root", "/nonexistent", NULL), VEDCTL_EXIT_NOT_LOADED);
	assert_int_equal(run(cmd_status, "status", "--root", "/nonexistent", "--json", NULL),
			 VEDCTL_EXIT_NOT_LOADED);
	assert_non_null(strstr(captured, "\"loaded\": false"));
}

static void test_status(void **state)
{
	(void)state;
	assert_int_equal(run(cmd_status, "status", "--root", root, NULL), 0);
	assert_non_null(strstr(captured, "ved 0.1.0, kernel "));
	assert_non_null(strstr(captured, "lock:      unlocked"));
	assert_non_null(strstr(captured, "profile:   default"));
	assert_non_null(strstr(captured, "12 emitted, 3 dropped"));
	assert_non_null(strstr(captured, "  creds      block\n"));
	assert_non_null(strstr(captured, "  integrity  log\n"));
	assert_non_null(strstr(captured, "load parameters: modes= profile=default"));
	/* per-detector counters, when the module has them */
	put("/proc/sys/ved/stats/creds", "7\n");
	put("/proc/sys/ved/mode/newdet", "log\n");
	assert_int_equal(run(cmd_status, "status", "--root", root, NULL), 0);
	assert_non_null(strstr(captured, "DETECTOR   MODE   EVENTS"));
	assert_non_null(strstr(captured, "  creds      block  7\n"));
	assert_non_null(strstr(captured, "  cpu        block  -\n"));
	assert_non_null(strstr(captured, "  newdet     log    -\n"));
	assert_int_equal(run(cmd_status, "status", "--root", root, "--json", NULL), 0);
	assert_non_null(strstr(captured, "\"locked\": false"));
	assert_non_null(strstr(captured, "\"sweep_ms\": 1000"));
	assert_int_equal(run(cmd_status, "status", "--nope", NULL), 2);
}

/* ---- events: filters and --since ---- */

static void test_names(void **state)
{
	(void)state;
	assert_int_equal(detector_by_name("creds"), VED_DET_CREDS);
	assert_int_equal(detector_by_name("core"), VED_DET_CORE);
	assert_int_equal(detector_by_name("self"), VED_DET_SELF);
	assert_int_equal(detector_by_name("bogus"), -1);
	assert_int_equal(event_type_by_name("cred_change"), VED_EV_CRED_CHANGE);
	assert_int_equal(event_type_by_name("hidden_object"), VED_EV_HIDDEN);
	assert_int_equal(event_type_by_name("unknown"), -1);
}

static void test_since(void **state)
{
	const uint64_t now = 1700000000ULL * 1000000000ULL, s = 1000000000ULL;
	uint64_t t;
	struct tm tm = { .tm_year = 125, .tm_mon = 0, .tm_mday = 31, .tm_hour = 12, .tm_isdst = -1 };

	(void)state;
	assert_true(parse_since("300", now, &t));
	assert_true(t == now - 300 * s);
	assert_true(parse_since("90s", now, &t));
	assert_true(t == now - 90 * s);
	assert_true(parse_since("5m", now, &t));
	assert_true(t == now - 300 * s);
	assert_true(parse_since("2h", now, &t));
	assert_true(t == now - 7200 * s);
	assert_true(parse_since("1d", now, &t));
	assert_true(t == now - 86400 * s);
	assert_true(parse_since("0", now, &t));
	assert_true(t == now);
	assert_true(parse_since("@1700000000", now, &t));
	assert_true(t == now);
	assert_true(parse_since("2023-11-14T22:13:20Z", now, &t));
	assert_true(t == now);
	assert_true(parse_since("2023-11-14T22:13:20.999Z", now, &t));
	assert_true(t == now);
	assert_true(parse_since("2023-11-14T23:13:20+01:00", now, &t));
	assert_true(t == now);
	assert_true(parse_since("2023-11-14T17:13:20-0500", now, &t));
	assert_true(t == now);
	assert_true(parse_since("2023-11-14T22:13Z", now, &t));
	assert_true(t == now - 20 * s);
	/* no zone: local time */
	assert_true(parse_since("2025-01-31 12:00", now, &t));
	assert_true(t == (uint64_t)mktime(&tm) * s);
	assert_true(parse_since("2025-01-31T12:00:00", now, &t));
	assert_true(t == (uint64_t)mktime(&tm) * s);
	tm.tm_hour = 0;
	tm.tm_isdst = -1;
	assert_true(parse_since("2025-01-31", now, &t));
	assert_true(t == (uint64_t)mktime(&tm) * s);
	/* far back: from the beginning */
	assert_true(parse_since("999999999d", now, &t));
	assert_true(t == 1);

	assert_false(parse_since("", now, &t));
	assert_false(parse_since("yesterday", now, &t));
	assert_false(parse_since("5w", now, &t));
	assert_false(parse_since("-5", now, &t));
	assert_false(parse_since("5 m", now, &t));
	assert_false(parse_since("@", now, &t));
	assert_false(parse_since("@12x", now, &t));
	assert_false(parse_since("2023-13-01", now, &t));
	assert_false(parse_since("2023-11-14T25:00Z", now, &t));
	assert_false(parse_since("2023-11-14T22:13:20+1", now, &t));
	assert_false(parse_since("2023-11-14T22:13:20Zjunk", now, &t));
	assert_false(parse_since("23-11-14", now, &t));
}

static void test_filters(void **state)
{
	struct event_filter f = { 0 };
	union record r;

	(void)state;
	cred_record(&r);
	assert_true(event_matches(&f, &r.h));
	f.detectors = 1u << VED_DET_UMH;
	assert_false(event_matches(&f, &r.h));
	f.detectors |= 1u << VED_DET_CREDS;
	assert_true(event_matches(&f, &r.h));
	f.types = 1u << VED_EV_CONFIG;
	assert_false(event_matches(&f, &r.h));
	f.types = 0;
	f.have_pid = true;
	f.pid = 200;		/* tgid */
	assert_true(event_matches(&f, &r.h));
	f.pid = 201;		/* thread id */
	assert_true(event_matches(&f, &r.h));
	f.pid = 1;
	assert_false(event_matches(&f, &r.h));
	f.have_pid = false;
	f.since_ns = r.h.time_ns;
	assert_true(event_matches(&f, &r.h));
	f.since_ns = r.h.time_ns + 1;
	assert_false(event_matches(&f, &r.h));
	/* a detector number beyond the mask never matches a detector filter */
	memset(&f, 0, sizeof(f));
	f.detectors = ~0u;
	r.h.detector = 200;
	assert_false(event_matches(&f, &r.h));
}

/* ---- events: output ---- */

static char *dump(const union record *r)
{
	json_t *j = event_to_json(&r->h);
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);

	json_decref(j);
	return s;
}

static void test_json_cred(void **state)
{
	union record r;
	char *s;

	(void)state;
	cred_record(&r);
	s = dump(&r);
	assert_string_equal(s,
		"{\"@timestamp\":\"2023-11-14T22:13:20.123456789Z\","
		"\"event\":{\"kind\":\"alert\",\"action\":\"cred_change\",\"outcome\":\"failure\","
		"\"severity\":73,\"module\":\"ved\",\"dataset\":\"ved.events\",\"provider\":\"creds\","
		"\"sequence\":42},"
		"\"process\":{\"pid\":200,\"thread\":{\"id\":201},\"name\":\"cred-overwrite\","
		"\"parent\":{\"pid\":150},\"executable\":\"/opt/lab/bin/cred-overwrite\"},"
		/* the legitimate ids: the cred change's old values, not the forged header */
		"\"user\":{\"id\":\"1000\",\"effective\":{\"id\":\"1000\"}},"
		"\"ved\":{\"seq\":42,\"type\":\"cred_change\",\"detector\":\"creds\",\"action\":\"block\","
		"\"severity\":\"critical\",\"cpu\":1,\"version\":2,\"exe_state\":\"path\","
		"\"cred\":{\"where\":\"checkpoint\",\"checkpoint\":\"exec\",\"syscall\":59,"
		"\"target_pid\":200,\"nr_changes\":2,\"changes\":["
		"{\"field\":\"uid\",\"old\":\"1000\",\"new\":\"0\"},"
		"{\"field\":\"euid\",\"old\":\"1000\",\"new\":\"0\"}]}}}");
	free(s);
}

static void test_json_payloads(void **state)
{
	union record r;
	char *s;

	(void)state;
	umh_record(&r);
	s = dump(&r);
	assert_non_null(strstr(s, "\"umh\":{\"reason\":\"path_not_allowed\",\"path\":\"/tmp/x y\","
			       "\"detail\":\"caf\\\\xc3\\\\xa9\\\\xff\"}"));
	assert_non_null(strstr(s, "\"kind\":\"alert\",\"action\":\"usermode_helper\",\"outcome\":\"success\",\"severity\":47"));
	/* a kernel thread: its parent, no executable */
	assert_non_null(strstr(s, "\"process\":{\"pid\":77,\"thread\":{\"id\":77},\"name\":\"kworker/0:1\","
			       "\"parent\":{\"pid\":2}},"));
	assert_non_null(strstr(s, "\"exe_state\":\"none\""));
	free(s);

	header(&r, VED_EV_CONFIG, VED_DET_CORE, VED_ACT_BLOCK, VED_SEV_WARNING, sizeof(struct ved_ev_config));
	{
		struct ved_ev_config *c = (void *)(&r.h + 1);

		strcpy(c->key, "mode.creds");
		strcpy(c->old_value, "block");
		strcpy(c->new_value, "log");
		c->result = -1;
	}
	s = dump(&r);
	assert_non_null(strstr(s, "\"config\":{\"key\":\"mode.creds\",\"old_value\":\"block\","
			       "\"new_value\":\"log\",\"result\":-1}"));
	free(s);

	header(&r, VED_EV_DROPPED, VED_DET_CORE, VED_ACT_NONE, VED_SEV_WARNING, sizeof(struct ved_ev_dropped));
	((struct ved_ev_dropped *)(&r.h + 1))->count = 5;
	((struct ved_ev_dropped *)(&r.h + 1))->total = 9;
	s = dump(&r);
	assert_non_null(strstr(s, "\"kind\":\"event\""));
	assert_non_null(strstr(s, "\"dropped\":{\"count\":5,\"total\":9}"));
	free(s);

	header(&r, VED_EV_HIDDEN, VED_DET_ROOTKIT, VED_ACT_LOG, VED_SEV_CRITICAL, sizeof(struct ved_ev_hidden));
	{
		struct ved_ev_hidden *h = (void *)(&r.h + 1);

		h->kind = VED_HIDDEN_MODULE;
		strcpy(h->name, "vedkit");
		strcpy(h->views, "kallsyms,!modules");
	}
	s = dump(&r);
	assert_non_null(strstr(s, "\"hidden\":{\"kind\":\"module\",\"id\":0,\"name\":\"vedkit\",\"views\":\"kallsyms,!modules\"}"));
	free(s);

	header(&r, VED_EV_INTEGRITY, VED_DET_INTEGRITY, VED_ACT_LOG, VED_SEV_CRITICAL, sizeof(struct ved_ev_integrity));
	{
		struct ved_ev_integrity *in = (void *)(&r.h + 1);

		in->object = VED_INT_FTRACE_HOOK;
		in->address = 0xffffffffc0001000ULL;
		strcpy(in->name, "__x64_sys_getdents64");
		strcpy(in->owner, "vedkit");
	}
	s = dump(&r);
	assert_non_null(strstr(s, "\"integrity\":{\"object\":10,\"object_name\":\"ftrace_hook\",\"index\":0,"
			       "\"address\":\"0xffffffffc0001000\",\"expected\":\"0x0\",\"actual\":\"0x0\","
			       "\"name\":\"__x64_sys_getdents64\",\"owner\":\"vedkit\"}"));
	free(s);

	/* a type this vedctl does not know: the header only */
	header(&r, 99, VED_DET_CORE, VED_ACT_NONE, VED_SEV_INFO, 8);
	s = dump(&r);
	assert_non_null(strstr(s, "\"type\":\"unknown\""));
	assert_non_null(strstr(s, "\"version\":2,\"exe_state\":\"none\"}}"));
	free(s);
}

static void test_details_and_table(void **state)
{
	struct table_style plain = { .color = false, .utc = true }, color = { .color = true, .utc = true };
	char details[512], *buf = NULL;
	size_t len = 0;
	union record r;
	FILE *f;

	(void)state;
	cred_record(&r);
	event_details(&r.h, details, sizeof(details));
	assert_string_equal(details, "where=checkpoint checkpoint=exec syscall=59 target_pid=200 "
				     "changes=2 uid=1000->0 euid=1000->0");
	umh_record(&r);
	event_details(&r.h, details, sizeof(details));
	assert_string_equal(details, "reason=path_not_allowed path=/tmp/x\\x20y "
				     "detail=caf\\xc3\\xa9\\xff");
	/* bounded */
	event_details(&r.h, details, 10);
	assert_int_equal(strlen(details), 9);

	f = open_memstream(&buf, &len);
	event_table_header(f, &plain);
	cred_record(&r);
	event_table_row(f, &r.h, &plain);
	umh_record(&r);
	event_table_row(f, &r.h, &plain);
	fclose(f);
	assert_string_equal(buf,
		"TIME                DETECTOR  ACTION SEVERITY     PID UID         COMM             EVENT           DETAILS\n"
		"2023-11-14 22:13:20 creds     block  critical     200 1000/e0     cred-overwrite   cred_change     "
		"where=checkpoint checkpoint=exec syscall=59 target_pid=200 changes=2 uid=1000->0 euid=1000->0\n"
		"2023-11-14 22:13:20 umh       log    warning       77 0           kworker/0:1      usermode_helper "
		"reason=path_not_allowed path=/tmp/x\\x20y detail=caf\\xc3\\xa9\\xff\n");
	free(buf);

	f = open_memstream(&buf, &len);
	cred_record(&r);
	event_table_row(f, &r.h, &color);
	fclose(f);
	assert_non_null(strstr(buf, "\033[1;31mblock \033[0m"));
	free(buf);
}

static void test_want_color(void **state)
{
	(void)state;
	setenv("NO_COLOR", "1", 1);
	assert_false(want_color(1));
	setenv("NO_COLOR", "", 1);	/* empty: no effect (no-color.org) */
	unsetenv("TERM");
	assert_int_equal(want_color(1), isatty(1));
	setenv("TERM", "dumb", 1);
	assert_false(want_color(1));
	unsetenv("NO_COLOR");
}

/* vedctl events --input: a capture of the device, filtered and printed. */
static void test_events_input(void **state)
{
	char path[] = "/tmp/vedctl-ops-rec-XXXXXX";
	int fd = mkstemp(path);
	union record r;

	(void)state;
	cred_record(&r);
	assert_int_equal(write(fd, &r, r.h.size), r.h.size);
	umh_record(&r);
	assert_int_equal(write(fd, &r, r.h.size), r.h.size);
	header(&r, VED_EV_CRED_CHANGE, VED_DET_CREDS, VED_ACT_LOG, VED_SEV_CRITICAL, sizeof(struct ved_ev_cred));
	r.h.version = 7;	/* from a newer ved: skipped with a warning */
	assert_int_equal(write(fd, &r, r.h.size), r.h.size);
	cred_record(&r);
	r.h.seq = 43;
	assert_int_equal(write(fd, &r, r.h.size), r.h.size);

	assert_int_equal(run(cmd_events, "events", "--input", path, "--json", NULL), 0);
	assert_non_null(strstr(captured, "skipping record seq 42: unknown record version"));
	assert_non_null(strstr(captured, "\"sequence\":43"));
	assert_int_equal(run(cmd_events, "events", "--input", path, "--json", "--detector", "umh", NULL), 0);
	assert_null(strstr(captured, "cred_change"));
	assert_non_null(strstr(captured, "usermode_helper"));
	assert_int_equal(run(cmd_events, "events", "--input", path, "--kv", "--type", "cred_change",
			     "-n", "1", NULL), 0);
	assert_non_null(strstr(captured, "seq=42 type=cred_change detector=creds action=block"));
	assert_null(strstr(captured, "seq=43"));
	assert_int_equal(run(cmd_events, "events", "--input", path, "--pid", "77", "--utc", NULL), 0);
	assert_non_null(strstr(captured, "usermode_helper"));
	assert_null(strstr(captured, "cred_change"));
	assert_int_equal(run(cmd_events, "events", "--input", path, "--since", "@1700000001", NULL), 0);
	assert_non_null(strstr(captured, "no matching records"));
	assert_int_equal(run(cmd_events, "events", "--input", path, "--detector", "nope", NULL), 2);
	assert_int_equal(run(cmd_events, "events", "--input", path, "--follow", NULL), 2);
	assert_int_equal(run(cmd_events, "events", "--input", path, "--color", "sometimes", NULL), 2);
	assert_int_equal(run(cmd_events, "events", "--input", path, "--pid", "x", NULL), 2);

	/* a truncated record at the end, and a record with an impossible size */
	assert_int_equal(write(fd, &r, 10), 10);
	assert_int_equal(run(cmd_events, "events", "--input", path, "--json", NULL), 2);
	assert_non_null(strstr(captured, "truncated record"));
	assert_int_equal(ftruncate(fd, 0), 0);
	lseek(fd, 0, SEEK_SET);
	r.h.size = 3;
	assert_int_equal(write(fd, &r, sizeof(r.h)), sizeof(r.h));
	assert_int_equal(run(cmd_events, "events", "--input", path, NULL), 2);
	assert_non_null(strstr(captured, "record size out of range"));
	close(fd);
	unlink(path);
	assert_int_equal(run(cmd_events, "events", "--input", "/nonexistent/x", NULL), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_parse_valid),
		cmocka_unit_test(test_set_parse_invalid),
		cmocka_unit_test(test_set_strerror),
		cmocka_unit_test_setup_teardown(test_set_applies_all, make_tree, remove_tree),
		cmocka_unit_test_setup_teardown(test_set_invalid_changes_nothing, make_tree, remove_tree),
		cmocka_unit_test_setup_teardown(test_set_locked, make_tree, remove_tree),
		cmocka_unit_test_setup_teardown(test_lock, make_tree, remove_tree),
		cmocka_unit_test(test_not_loaded),
		cmocka_unit_test_setup_teardown(test_status, make_tree, remove_tree),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_since),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_json_cred),
		cmocka_unit_test(test_json_payloads),
		cmocka_unit_test(test_details_and_table),
		cmocka_unit_test(test_want_color),
		cmocka_unit_test(test_events_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
