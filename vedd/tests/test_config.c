// SPDX-License-Identifier: GPL-2.0
/* cmocka: the configuration parser, good files and errors with their line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "config.h"

static struct vedd_config cfg;
static char err[1024];

static int load(const char *text)
{
	err[0] = '\0';
	return config_load_string("t.yaml", text, strlen(text), &cfg, err, sizeof(err));
}

static void full_file(void **state)
{
	(void)state;
	assert_int_equal(load(
		"# comment\n"
		"device: /dev/ved\n"
		"state_dir: /var/lib/vedd\n"
		"user: vedd\n"
		"hostname: web1\n"
		"enrich: no\n"
		"log_level: warning\n"
		"outputs:\n"
		"  - type: file\n"
		"    path: /var/log/vedd/alerts.json\n"
		"    max_size: 10M\n"
		"    keep: 3\n"
		"  - type: stdout\n"
		"    format: falco\n"
		"  - name: siem\n"
		"    type: syslog\n"
		"    transport: tls\n"
		"    host: siem.example\n"
		"    facility: local3\n"
		"    spool_max: 1G\n"
		"    retry_min_ms: 100\n"
		"    retry_max_ms: 5000\n"
		"    tls:\n"
		"      ca_file: /etc/ssl/ca.pem\n"
		"      verify: true\n"), 0);
	assert_string_equal(cfg.user, "vedd");
	assert_string_equal(cfg.hostname, "web1");
	assert_int_equal(cfg.enrich, 0);
	assert_int_equal(cfg.nsinks, 3);
	assert_int_equal(cfg.sinks[0].kind, SINK_FILE);
	assert_int_equal(cfg.sinks[0].format, FMT_ECS);
	assert_int_equal(cfg.sinks[0].max_size, 10 << 20);
	assert_int_equal(cfg.sinks[0].keep, 3);
	assert_string_equal(cfg.sinks[0].name, "file0");
	assert_int_equal(cfg.sinks[1].format, FMT_FALCO);
	assert_string_equal(cfg.sinks[2].name, "siem");
	assert_int_equal(cfg.sinks[2].transport, TR_TLS);
	assert_string_equal(cfg.sinks[2].port, "6514");
	assert_int_equal(cfg.sinks[2].facility, 19);
	assert_int_equal(cfg.sinks[2].spool_max, 1ULL << 30);
	assert_string_equal(cfg.sinks[2].ca_file, "/etc/ssl/ca.pem");
}

static void defaults(void **state)
{
	(void)state;
	assert_int_equal(load("outputs:\n  - type: syslog\n    host: 127.0.0.1\n"), 0);
	assert_string_equal(cfg.device, "/dev/ved");
	assert_int_equal(cfg.enrich, 1);
	assert_int_equal(cfg.sinks[0].transport, TR_UDP);
	assert_string_equal(cfg.sinks[0].port, "514");
	assert_int_equal(cfg.sinks[0].facility, 4);
}

static void expect_error(const char *text, const char *want)
{
	assert_int_equal(load(text), -1);
	if (!strstr(err, want))
		fail_msg("error \"%s\" lacks \"%s\"", err, want);
}

static void errors_name_line(void **state)
{
	(void)state;
	expect_error("outputs:\n  - type: file\n    path: /x\n    formt: ecs\n",
		     "t.yaml:4: output: unknown key \"formt\"");
	expect_error("outputs:\n  - type: syslog\n    host: h\n    transport: sctp\n",
		     "t.yaml:4: transport: \"sctp\" is not one of udp, tcp, tls");
	expect_error("outputs:\n  - type: file\n", "t.yaml:2: file output \"file0\": missing \"path\"");
	expect_error("outputs:\n  - path: /x\n", "t.yaml:2: output: missing \"type\"");
	expect_error("device: /dev/ved\n", "no outputs");
	expect_error("outputs: []\n", "no outputs");
	expect_error("outputs:\n  - type: stdout\nenrich: maybe\n", "t.yaml:3: enrich: expected true or false");
	expect_error("outputs:\n  - type: file\n    path: /x\n    max_size: 10Q\n", "t.yaml:4: max_size: bad suffix");
	expect_error("outputs:\n  - type: syslog\n    host: h\n    port: 70000\n", "t.yaml:4: port: 70000 is outside 1..65535");
	expect_error("outputs:\n  - type: stdout\noutputs:\n  - type: stdout\n", "t.yaml:3: top level: duplicate key \"outputs\"");
	expect_error("outputs:\n  - type: stdout\n    name: a\n  - type: stdout\n    name: a\n",
		     "t.yaml:4: output: name \"a\" already used on line 2");
	expect_error("outputs:\n  - type: stdout\n    name: ../x\n", "may only use");
	expect_error("outputs:\n  - type: syslog\n    host: h\n    format: raw\n", "format raw is for files only");
	expect_error("outputs:\n  - type: syslog\n    host: h\n    tls:\n      cert_file: /c\n",
		     "cert_file and key_file go together");
}

static void syntax_error(void **state)
{
	(void)state;
	expect_error("outputs:\n  - type: stdout\n   bad: [\n", "t.yaml:");
	expect_error("a: b\nc: d: e\n", "t.yaml:2: mapping values are not allowed");
	expect_error("", "empty configuration");
	expect_error("- 1\n- 2\n", "top level: expected a mapping");
}

static void file_errors(void **state)
{
	(void)state;
	assert_int_equal(config_load_file("/nonexistent/vedd.yaml", &cfg, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/vedd.yaml: No such file"));
}

static void failed_load_keeps_old(void **state)
{
	(void)state;
	assert_int_equal(load("hostname: old\noutputs:\n  - type: stdout\n"), 0);
	assert_int_equal(load("hostname: new\noutputs:\n  - type: bogus\n"), -1);
	assert_string_equal(cfg.hostname, "old");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_file),
		cmocka_unit_test(defaults),
		cmocka_unit_test(errors_name_line),
		cmocka_unit_test(syntax_error),
		cmocka_unit_test(file_errors),
		cmocka_unit_test(failed_load_keeps_old),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
