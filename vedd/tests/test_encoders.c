// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka: ECS and Falco JSON (parsed back and checked field by field), the
 * RFC 5424 header, structured-data escaping and octet-counting framing.
 */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "ecs.h"
#include "enrich.h"
#include "syslog.h"
#include "records.h"

static struct vedd_host host = { "web1", "6.1.0-test", "x86_64", "boot-1" };

static json_t *encode(int (*fn)(const struct vedd_event *, struct strbuf *),
		      const struct vedd_event *ev)
{
	struct strbuf sb;
	json_error_t e;
	json_t *j;

	sb_init(&sb, 0);
	assert_int_equal(fn(ev, &sb), 0);
	assert_null(memchr(sb.data, '\n', sb.len));	/* one line */
	j = json_loadb(sb.data, sb.len, JSON_REJECT_DUPLICATES, &e);
	if (!j)
		fail_msg("invalid JSON: %s: %s", e.text, sb_cstr(&sb));
	sb_free(&sb);
	return j;
}

/* The value at a dotted path, as text ("" when absent). */
static const char *at(json_t *j, const char *path)
{
	static char out[512];
	char key[128];
	const char *dot;

	while (j && (dot = strchr(path, '.')) && json_is_object(j)) {
		snprintf(key, sizeof(key), "%.*s", (int)(dot - path), path);
		if (!json_object_get(j, key))
			break;	/* flat keys with dots (Falco) */
		j = json_object_get(j, key);
		path = dot + 1;
	}
	j = json_object_get(j, path);
	if (json_is_string(j))
		return json_string_value(j);
	if (json_is_integer(j)) {
		snprintf(out, sizeof(out), "%lld", (long long)json_integer_value(j));
		return out;
	}
	if (j) {
		char *s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);

		snprintf(out, sizeof(out), "%s", s);
		free(s);
		return out;
	}
	return "";
}

static void ecs_cred(void **state)
{
	union rec r;
	struct vedd_proc p = { 0 };
	struct vedd_event ev = { &r.h, &p, &host };
	json_t *j;

	(void)state;
	cred_record(&r, 42);
	p.found = 1;
	strcpy(p.exe, "/opt/lab/bin/cred-overwrite");
	memcpy(p.args, "cred-overwrite\0id -u\0", 21);
	p.args_len = 21;
	p.argc = 2;
	p.have_ppid = 1;
	p.ppid = 7;
	strcpy(p.parent_name, "sh");
	p.have_gid = 1;
	p.gid = p.egid = 1000;
	strcpy(p.user_name, "user");
	strcpy(p.euser_name, "user");
	strcpy(p.group_name, "user");
	strcpy(p.container_id, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	j = encode(ecs_encode, &ev);
	assert_string_equal(at(j, "@timestamp"), "2023-11-14T22:13:20.123456789Z");
	assert_string_equal(at(j, "ecs.version"), "8.11.0");
	assert_string_equal(at(j, "event.kind"), "alert");
	assert_string_equal(at(j, "event.category"), "[\"process\",\"intrusion_detection\"]");
	assert_string_equal(at(j, "event.type"), "[\"change\",\"denied\"]");
	assert_string_equal(at(j, "event.action"), "cred_change");
	assert_string_equal(at(j, "event.outcome"), "failure");
	assert_string_equal(at(j, "event.severity"), "73");
	assert_string_equal(at(j, "event.id"), "boot-1-42");
	assert_string_equal(at(j, "rule.id"), "VED-CREDS-001");
	assert_string_equal(at(j, "rule.name"), "Privilege escalation via credential tampering");
	assert_true(strlen(at(j, "rule.description")) > 10);
	assert_string_equal(at(j, "threat.framework"), "MITRE ATT&CK");
	assert_string_equal(at(j, "threat.technique.id"), "T1068");
	assert_string_equal(at(j, "threat.tactic.id"), "TA0004");
	assert_string_equal(at(j, "process.pid"), "100");
	assert_string_equal(at(j, "process.thread.id"), "101");
	assert_string_equal(at(j, "process.name"), "cred-overwrite");
	assert_string_equal(at(j, "process.executable"), "/opt/lab/bin/cred-overwrite");
	assert_string_equal(at(j, "process.command_line"), "cred-overwrite id -u");
	assert_string_equal(at(j, "process.args"), "[\"cred-overwrite\",\"id -u\"]");
	assert_string_equal(at(j, "process.parent.pid"), "7");
	assert_string_equal(at(j, "process.parent.name"), "sh");
	assert_string_equal(at(j, "user.id"), "1000");
	assert_string_equal(at(j, "user.name"), "user");
	assert_string_equal(at(j, "user.effective.id"), "1000");
	assert_string_equal(at(j, "group.id"), "1000");
	assert_string_equal(at(j, "host.hostname"), "web1");
	assert_string_equal(at(j, "host.os.kernel"), "6.1.0-test");
	assert_string_equal(at(j, "container.id"), p.container_id);
	assert_string_equal(at(j, "ved.seq"), "42");
	assert_string_equal(at(j, "ved.detector"), "creds");
	assert_string_equal(at(j, "ved.action"), "block");
	assert_string_equal(at(j, "ved.cred.where"), "checkpoint");
	assert_string_equal(at(j, "ved.cred.checkpoint"), "exec");
	assert_string_equal(at(j, "ved.cred.syscall"), "59");
	assert_string_equal(at(j, "ved.cred.changes"),
			    "[{\"field\":\"uid\",\"old\":\"1000\",\"new\":\"0\"},{\"field\":\"euid\",\"old\":\"1000\",\"new\":\"0\"}]");
	json_decref(j);
}

static void ecs_dropped_and_ns_switch(void **state)
{
	union rec r;
	struct vedd_event ev = { &r.h, NULL, &host };
	struct ved_ev_cred *c = (void *)(&r.h + 1);
	json_t *j;

	(void)state;
	dropped_record(&r, 9, 3, 5);
	j = encode(ecs_encode, &ev);
	assert_string_equal(at(j, "event.kind"), "event");
	assert_string_equal(at(j, "ved.dropped.count"), "3");
	assert_string_equal(at(j, "ved.dropped.total"), "5");
	assert_string_equal(at(j, "threat.technique.id"), "");
	json_decref(j);

	cred_record(&r, 10);
	c->where = VED_CRED_AT_NS_SWITCH;
	r.h.action = VED_ACT_LOG;
	j = encode(ecs_encode, &ev);
	assert_string_equal(at(j, "threat.technique.id"), "T1611");
	assert_string_equal(at(j, "event.type"), "[\"change\",\"allowed\"]");
	assert_string_equal(at(j, "event.outcome"), "success");
	assert_string_equal(at(j, "user.name"), "");	/* no enrichment */
	json_decref(j);
}

static void ecs_hostile_strings(void **state)
{
	union rec r;
	struct vedd_event ev = { &r.h, NULL, &host };
	struct ved_ev_umh *u = (void *)(&r.h + 1);
	json_t *j;

	(void)state;
	fill_header(&r, sizeof(*u), VED_EV_UMH, VED_DET_UMH, VED_ACT_BLOCK, VED_SEV_CRITICAL, 1);
	memset(r.h.comm, 0xff, sizeof(r.h.comm));	/* no NUL, not UTF-8 */
	memset(u->path, 'A', sizeof(u->path));		/* no NUL */
	strcpy(u->detail, "\"}\n\\");
	j = encode(ecs_encode, &ev);
	assert_string_equal(at(j, "process.name"),
			    "\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff");
	assert_int_equal(strlen(at(j, "ved.umh.path")), VED_PATH_LEN);
	assert_string_equal(at(j, "ved.umh.detail"), "\"}\n\\");
	json_decref(j);
}

/*
 * A task ved killed is gone from /proc before vedd looks: the executable
 * and parent pid come from the record (ABI 2), and the parent's name from
 * /proc as long as the parent lives.
 */
static void ecs_killed_task(void **state)
{
	char root[] = "/tmp/vedd-enc-XXXXXX", path[600];
	struct vedd_proc p;
	struct vedd_event ev = { NULL, &p, &host };
	struct enricher *en;
	union rec r;
	json_t *j;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/55", root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/55/comm", root);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("sh\n", f);
	fclose(f);
	en = enricher_new(root, root);
	assert_non_null(en);

	cred_record(&r, 9);
	r.h.tgid = 100;		/* no /proc/100: killed */
	r.h.ppid = 55;
	r.h.exe_state = VED_EXE_PATH;
	strcpy(r.h.exe, "/home/user/cred-overwrite (deleted)");
	enrich_record(en, &r.h, &p);
	ev.rec = &r.h;
	j = encode(ecs_encode, &ev);
	assert_string_equal(at(j, "process.executable"), "/home/user/cred-overwrite (deleted)");
	assert_string_equal(at(j, "process.parent.pid"), "55");
	assert_string_equal(at(j, "process.parent.name"), "sh");
	assert_string_equal(at(j, "ved.exe_state"), "path");
	json_decref(j);

	/* Cut by the kernel: the tail, as it came. */
	r.h.tgid = 101;
	r.h.exe_state = VED_EXE_TAIL;
	memset(r.h.exe, 'a', sizeof(r.h.exe) - 1);
	memcpy(r.h.exe, "...", 3);
	enrich_record(en, &r.h, &p);
	j = encode(ecs_encode, &ev);
	assert_int_equal(strlen(at(j, "process.executable")), VED_EXE_LEN - 1);
	assert_string_equal(at(j, "ved.exe_state"), "tail");
	json_decref(j);

	/* Unknown in the kernel and gone from /proc: no executable, still the parent. */
	r.h.tgid = 102;
	r.h.exe_state = VED_EXE_UNKNOWN;
	strcpy(r.h.exe, "stale");
	enrich_record(en, &r.h, &p);
	j = encode(ecs_encode, &ev);
	assert_string_equal(at(j, "process.executable"), "");
	assert_string_equal(at(j, "process.parent.pid"), "55");
	json_decref(j);

	/* A replay has no enrichment: the record's view alone, in ECS and Falco. */
	r.h.exe_state = VED_EXE_PATH;
	strcpy(r.h.exe, "/usr/bin/x");
	ev.proc = NULL;
	j = encode(ecs_encode, &ev);
	assert_string_equal(at(j, "process.executable"), "/usr/bin/x");
	assert_string_equal(at(j, "process.parent.pid"), "55");
	json_decref(j);
	j = encode(falco_encode, &ev);
	assert_string_equal(at(j, "output_fields.proc.exepath"), "/usr/bin/x");
	assert_string_equal(at(j, "output_fields.proc.ppid"), "55");
	json_decref(j);

	enricher_free(en);
	unlink(path);
	snprintf(path, sizeof(path), "%s/55", root);
	rmdir(path);
	rmdir(root);
}

static void falco_cred(void **state)
{
	union rec r;
	struct vedd_proc p = { 0 };
	struct vedd_event ev = { &r.h, &p, &host };
	json_t *j;

	(void)state;
	cred_record(&r, 42);
	memcpy(p.args, "/opt/lab/bin/cred-overwrite\0id -u\0", 34);
	p.args_len = 34;
	p.argc = 2;
	strcpy(p.user_name, "user");
	j = encode(falco_encode, &ev);
	assert_string_equal(at(j, "time"), "2023-11-14T22:13:20.123456789Z");
	assert_string_equal(at(j, "rule"), "Privilege escalation via credential tampering");
	assert_string_equal(at(j, "priority"), "Critical");
	assert_string_equal(at(j, "source"), "ved");
	assert_string_equal(at(j, "hostname"), "web1");
	assert_string_equal(at(j, "tags"), "[\"ved\",\"creds\",\"mitre_privilege_escalation\",\"T1068\"]");
	assert_non_null(strstr(at(j, "output"), "22:13:20.123456789: Critical ved blocked"));
	assert_string_equal(at(j, "output_fields.proc.name"), "cred-overwrite");
	assert_string_equal(at(j, "output_fields.proc.pid"), "100");
	assert_string_equal(at(j, "output_fields.proc.cmdline"), "cred-overwrite id -u");
	assert_string_equal(at(j, "output_fields.user.uid"), "1000");
	assert_string_equal(at(j, "output_fields.user.name"), "user");
	assert_string_equal(at(j, "output_fields.container.id"), "host");
	assert_string_equal(at(j, "output_fields.evt.time"), "1700000000123456789");
	assert_string_equal(at(j, "output_fields.ved.cred.where"), "checkpoint");
	json_decref(j);
}

static void syslog_header(void **state)
{
	union rec r;
	struct vedd_event ev = { &r.h, NULL, &host };
	struct syslog_meta m = { 4, "web1", "ved", 77 };
	struct strbuf sb;

	(void)state;
	cred_record(&r, 42);
	sb_init(&sb, 0);
	assert_int_equal(syslog_format(&ev, &m, "{\"a\":1}", 7, &sb), 0);
	/* auth (4) * 8 + crit (2) = 34; TIME-SECFRAC has 6 digits at most. */
	assert_string_equal(sb_cstr(&sb),
		"<34>1 2023-11-14T22:13:20.123456Z web1 ved 77 cred_change [ved@32473 seq=\"42\" "
		"type=\"cred_change\" detector=\"creds\" action=\"block\" severity=\"critical\" "
		"rule=\"VED-CREDS-001\" technique=\"T1068\" pid=\"100\" tid=\"101\" uid=\"1000\" "
		"euid=\"1000\" comm=\"cred-overwrite\"] {\"a\":1}");
	sb_free(&sb);
}

static void syslog_escaping(void **state)
{
	union rec r;
	struct vedd_event ev = { &r.h, NULL, &host };
	struct syslog_meta m = { 23, "bad host\n", "", 1 };
	struct strbuf sb;

	(void)state;
	cred_record(&r, 1);
	strcpy(r.h.comm, "a\"b]c\\d\ne\xc3");
	r.h.action = VED_ACT_PANIC;
	sb_init(&sb, 0);
	assert_int_equal(syslog_format(&ev, &m, NULL, 0, &sb), 0);
	/* local7 (23) * 8 + emerg (0); spaces in the hostname; empty app "-". */
	assert_memory_equal(sb.data, "<184>1 ", 7);
	assert_non_null(strstr(sb_cstr(&sb), " bad_host_ - 1 cred_change "));
	assert_non_null(strstr(sb_cstr(&sb), "comm=\"a\\\"b\\]c\\\\d\\x0ae\\xc3\"]"));
	assert_null(strchr(sb.data, '\n'));
	sb_reset(&sb);
	sd_escape(&sb, "]]", 1);
	assert_string_equal(sb_cstr(&sb), "\\]");
	sb_free(&sb);
}

static void octet_framing(void **state)
{
	struct strbuf sb;

	(void)state;
	sb_init(&sb, 0);
	assert_int_equal(syslog_frame_octet(&sb, "<34>1 x", 7), 0);
	assert_int_equal(syslog_frame_octet(&sb, "", 0), 0);
	assert_string_equal(sb_cstr(&sb), "7 <34>1 x0 ");
	sb_free(&sb);
	sb_init(&sb, 8);	/* bounded: too long fails, nothing half-written */
	assert_int_equal(syslog_frame_octet(&sb, "0123456789", 10), -1);
	assert_true(sb.overflow);
	sb_free(&sb);
}

static void kv_line(void **state)
{
	union rec r;
	struct vedd_event ev = { &r.h, NULL, &host };
	struct strbuf sb;

	(void)state;
	cred_record(&r, 3);
	r.h.ppid = 7;
	r.h.exe_state = VED_EXE_PATH;
	strcpy(r.h.exe, "/opt/a b");
	sb_init(&sb, 0);
	assert_int_equal(kv_encode(&ev, &sb), 0);
	assert_non_null(strstr(sb_cstr(&sb), "seq=3 type=cred_change detector=creds action=block"));
	assert_non_null(strstr(sb_cstr(&sb), " euid=0 ppid=7 comm=cred-overwrite exe_state=path exe=/opt/a\\x20b "));
	assert_non_null(strstr(sb_cstr(&sb), "uid=1000->0 euid=1000->0"));
	sb_free(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ecs_cred),
		cmocka_unit_test(ecs_dropped_and_ns_switch),
		cmocka_unit_test(ecs_hostile_strings),
		cmocka_unit_test(ecs_killed_task),
		cmocka_unit_test(falco_cred),
		cmocka_unit_test(syslog_header),
		cmocka_unit_test(syslog_escaping),
		cmocka_unit_test(octet_framing),
		cmocka_unit_test(kv_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
