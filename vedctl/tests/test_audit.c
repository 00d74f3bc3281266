// SPDX-License-Identifier: GPL-2.0
/* Unit tests of vedctl audit: parsers, every comparison form, rule logic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"

/* ---- helpers ---- */

/* Every temp file made, removed by the group teardown. */
static char temp_paths[64][64];
static unsigned n_temp_paths;

static int remove_temps(void **state)
{
	(void)state;
	for (unsigned i = 0; i < n_temp_paths; i++)
		unlink(temp_paths[i]);
	n_temp_paths = 0;
	return 0;
}

static char *write_temp(const char *content, size_t len)
{
	char *path;
	int fd;

	assert_true(n_temp_paths < 64);
	path = temp_paths[n_temp_paths++];
	snprintf(path, 64, "/tmp/vedctl-test-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, len), (ssize_t)len);
	close(fd);
	return path;
}

static const struct rule *rule_by_id(const char *id)
{
	for (unsigned i = 0; i < ved_rules_count; i++)
		if (strcmp(ved_rules[i].id, id) == 0)
			return &ved_rules[i];
	fail_msg("no rule %s", id);
	return NULL;
}

struct fixture {
	struct audit_input in;
};

static void input_init(struct audit_input *in, const char *version)
{
	memset(in, 0, sizeof(*in));
	in->kconfig = kvmap_new();
	in->cmdline = kvmap_new();
	in->sysctl = kvmap_new();
	if (version) {
		assert_true(version_parse(version, in->version));
		in->have_version = true;
		snprintf(in->version_text, sizeof(in->version_text), "%s", version);
	}
}

static void input_free(struct audit_input *in)
{
	kvmap_free(in->kconfig);
	kvmap_free(in->cmdline);
	kvmap_free(in->sysctl);
}

static enum verdict eval(const char *id, const struct audit_input *in, char *reason, size_t size)
{
	struct check_result r;

	audit_eval_rule(rule_by_id(id), in, &r);
	if (reason)
		snprintf(reason, size, "%s", r.reason);
	return r.verdict;
}

/* ---- kconfig parser ---- */

static void test_kconfig_lines(void **state)
{
	char name[128], value[256];
	const char *why;

	(void)state;
	assert_int_equal(kconfig_parse_line("CONFIG_BUG=y\n", name, sizeof(name), value,
					    sizeof(value), &why), KLINE_OPTION);
	assert_string_equal(name, "CONFIG_BUG");
	assert_string_equal(value, "y");
	assert_int_equal(kconfig_parse_line("# CONFIG_KFENCE is not set", name, sizeof(name),
					    value, sizeof(value), &why), KLINE_OPTION);
	assert_string_equal(name, "CONFIG_KFENCE");
	assert_string_equal(value, "is not set");
	assert_int_equal(kconfig_parse_line("CONFIG_LSM=\"landlock,lockdown\"", name, sizeof(name),
					    value, sizeof(value), &why), KLINE_OPTION);
	assert_string_equal(value, "landlock,lockdown");
	assert_int_equal(kconfig_parse_line("CONFIG_LSM_MMAP_MIN_ADDR=65536", name, sizeof(name),
					    value, sizeof(value), &why), KLINE_OPTION);
	assert_string_equal(value, "65536");
	assert_int_equal(kconfig_parse_line("# General setup", name, sizeof(name), value,
					    sizeof(value), &why), KLINE_IGNORED);
	assert_int_equal(kconfig_parse_line("   ", name, sizeof(name), value, sizeof(value), &why),
			 KLINE_IGNORED);
	assert_int_equal(kconfig_parse_line("hello world", name, sizeof(name), value,
					    sizeof(value), &why), KLINE_BAD);
	assert_non_null(why);
	assert_int_equal(kconfig_parse_line("CONFIG_X=", name, sizeof(name), value, sizeof(value),
					    &why), KLINE_BAD);
	assert_int_equal(kconfig_parse_line("CONFIG_X=is not set", name, sizeof(name), value,
					    sizeof(value), &why), KLINE_BAD);
	assert_int_equal(kconfig_parse_line("CONFIG_B@D=y", name, sizeof(name), value,
					    sizeof(value), &why), KLINE_BAD);
}

static void test_kconfig_header_version(void **state)
{
	int v[3];

	(void)state;
	assert_true(kconfig_header_version("# Linux/x86 6.1.192 Kernel Configuration\n", v));
	assert_int_equal(v[0], 6);
	assert_int_equal(v[1], 1);
	assert_int_equal(v[2], 192);
	assert_false(kconfig_header_version("# Automatically generated file", v));
	assert_true(version_parse("6.12.117+deb12-amd64", v));
	assert_int_equal(v[1], 12);
	assert_int_equal(v[2], 117);
	assert_false(version_parse("banana", v));
}

static void test_kconfig_load_errors(void **state)
{
	static const char dup[] = "CONFIG_A=y\nCONFIG_A=m\n";
	static const char bad[] = "# Linux/x86 6.1.0 Kernel Configuration\nCONFIG_A=y\nrubbish here\n";
	static const char bin[] = "CONFIG_A=y\n\x01\x02\x03\n";
	struct kvmap *m;
	struct parse_error err;
	int v[3];
	bool hv;

	(void)state;
	m = kvmap_new();
	assert_false(kconfig_load(write_temp(dup, sizeof(dup) - 1), m, v, &hv, &err));
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.msg, "more than once"));
	kvmap_free(m);
	m = kvmap_new();
	assert_false(kconfig_load(write_temp(bad, sizeof(bad) - 1), m, v, &hv, &err));
	assert_int_equal(err.line, 3);
	kvmap_free(m);
	m = kvmap_new();
	assert_false(kconfig_load(write_temp(bin, sizeof(bin) - 1), m, v, &hv, &err));
	assert_int_equal(err.line, 2);
	kvmap_free(m);
	m = kvmap_new();
	assert_false(kconfig_load(write_temp("", 0), m, v, &hv, &err));
	assert_non_null(strstr(err.msg, "no CONFIG_"));
	kvmap_free(m);
	m = kvmap_new();
	assert_false(kconfig_load("/nonexistent/config", m, v, &hv, &err));
	kvmap_free(m);
}

/* ---- command line parser ---- */

static void test_cmdline_tokens(void **state)
{
	struct kvmap *m = kvmap_new();
	struct parse_error err;

	(void)state;
	assert_true(cmdline_parse("BOOT_IMAGE=/vmlinuz ro quiet init_on_free=on "
				  "slab-nomerge mitigations=auto,nosmt pti=on module.sig_enforce=yes "
				  "dyndbg=\"file x.c +p\" \"quoted=a b\" lsm=a,b -- init_arg=1\n",
				  "test", m, &err));
	assert_string_equal(kvmap_get(m, "ro"), "");
	assert_string_equal(kvmap_get(m, "init_on_free"), "1");	/* kstrtobool form */
	assert_string_equal(kvmap_get(m, "module.sig_enforce"), "1");
	assert_string_equal(kvmap_get(m, "pti"), "on");			/* not a bool param */
	assert_string_equal(kvmap_get(m, "mitigations"), "auto,nosmt");
	assert_string_equal(kvmap_get(m, "slab_nomerge"), "");		/* '-' is '_' */
	assert_string_equal(kvmap_get(m, "dyndbg"), "file x.c +p");
	assert_string_equal(kvmap_get(m, "quoted"), "a b");
	assert_null(kvmap_get(m, "init_arg"));				/* after "--" */
	kvmap_free(m);
	m = kvmap_new();
	assert_false(cmdline_parse("a=1\nb=2\n", "two-lines", m, &err));
	assert_int_equal(err.line, 2);
	assert_false(cmdline_parse("a=1 \x01", "binary", m, &err));
	assert_false(cmdline_parse("=value", "noname", m, &err));
	assert_true(cmdline_parse("", "empty", m, &err));
	kvmap_free(m);
}

/* ---- sysctl parser ---- */

static void test_sysctl_lines(void **state)
{
	char name[128], value[128];
	struct kvmap *m;
	struct parse_error err;
	static const char dump[] = "kernel.printk = 4\t4\t1\t7\nkernel.domainname = (none)\n"
				   "net.ipv4.conf.all.tag = \nkernel.sysrq = 1\nkernel.sysrq = 0\n";
	static const char bad[] = "kernel.sysrq = 1\nsysctl: permission denied on key x\n";

	(void)state;
	assert_true(sysctl_parse_line("kernel.kptr_restrict = 2\n", name, sizeof(name), value,
				      sizeof(value)));
	assert_string_equal(name, "kernel.kptr_restrict");
	assert_string_equal(value, "2");
	assert_true(sysctl_parse_line("kernel.printk = 4\t4\t1\t7", name, sizeof(name), value,
				      sizeof(value)));
	assert_string_equal(value, "4\t4\t1\t7");
	assert_true(sysctl_parse_line("net.ipv4.conf.all.tag = ", name, sizeof(name), value,
				      sizeof(value)));
	assert_string_equal(value, "");
	assert_false(sysctl_parse_line("no equals sign", name, sizeof(name), value, sizeof(value)));
	assert_false(sysctl_parse_line("bad key! = 1", name, sizeof(name), value, sizeof(value)));
	m = kvmap_new();
	assert_true(sysctl_load(write_temp(dump, sizeof(dump) - 1), m, &err));
	assert_string_equal(kvmap_get(m, "kernel.sysrq"), "0");	/* last one wins */
	assert_int_equal(kvmap_count(m), 4);
	kvmap_free(m);
	m = kvmap_new();
	assert_false(sysctl_load(write_temp(bad, sizeof(bad) - 1), m, &err));
	assert_int_equal(err.line, 2);
	kvmap_free(m);
}

/* ---- every comparison form, against the reference checklist semantics ---- */

static void test_form_equal_and_numeric(void **state)
{
	struct audit_input in;
	char why[512];

	(void)state;
	input_init(&in, "6.1.0");
	kvmap_set(in.kconfig, "CONFIG_BUG", "y");
	assert_int_equal(eval("CONFIG_BUG", &in, why, sizeof(why)), VERDICT_OK);
	kvmap_set(in.kconfig, "CONFIG_BUG", "m");	/* reference: FAIL: "m" */
	assert_int_equal(eval("CONFIG_BUG", &in, why, sizeof(why)), VERDICT_FAIL);
	assert_non_null(strstr(why, "\"m\""));
	kvmap_set(in.kconfig, "CONFIG_LSM_MMAP_MIN_ADDR", "4096");
	assert_int_equal(eval("CONFIG_LSM_MMAP_MIN_ADDR", &in, NULL, 0), VERDICT_FAIL);
	kvmap_set(in.kconfig, "CONFIG_LSM_MMAP_MIN_ADDR", "65536");
	assert_int_equal(eval("CONFIG_LSM_MMAP_MIN_ADDR", &in, NULL, 0), VERDICT_OK);
	/* absent option with a wanted value: reference FAIL: is not found */
	assert_int_equal(eval("CONFIG_SLUB_DEBUG", &in, why, sizeof(why)), VERDICT_FAIL);
	assert_non_null(strstr(why, "not found"));
	kvmap_set(in.sysctl, "kernel.kptr_restrict", "1");
	assert_int_equal(eval("kernel.kptr_restrict", &in, NULL, 0), VERDICT_FAIL);
	kvmap_set(in.sysctl, "kernel.kptr_restrict", "2");
	assert_int_equal(eval("kernel.kptr_restrict", &in, NULL, 0), VERDICT_OK);
	input_free(&in);
}

static void test_form_is_not_set(void **state)
{
	struct audit_input in;
	char why[512];

	(void)state;
	input_init(&in, "6.1.0");
	/* absent counts as not set (reference: OK: is not found) */
	assert_int_equal(eval("CONFIG_DEVKMEM", &in, why, sizeof(why)), VERDICT_OK);
	kvmap_set(in.kconfig, "CONFIG_DEVKMEM", "is not set");
	assert_int_equal(eval("CONFIG_DEVKMEM", &in, NULL, 0), VERDICT_OK);
	kvmap_set(in.kconfig, "CONFIG_DEVKMEM", "y");
	assert_int_equal(eval("CONFIG_DEVKMEM", &in, NULL, 0), VERDICT_FAIL);
	/* cmdline flag present with no value is set */
	assert_int_equal(eval("nokaslr", &in, NULL, 0), VERDICT_OK);
	kvmap_set(in.cmdline, "nokaslr", "");
	assert_int_equal(eval("nokaslr", &in, NULL, 0), VERDICT_FAIL);
	input_free(&in);
}

static void test_form_present_and_not_off(void **state)
{
	struct audit_input in;

	(void)state;
	input_init(&in, "6.12.0");
	kvmap_set(in.kconfig, "CONFIG_SLAB_MERGE_DEFAULT", "y");
	assert_int_equal(eval("slab_nomerge", &in, NULL, 0), VERDICT_FAIL);	/* is not present */
	kvmap_set(in.cmdline, "slab_nomerge", "");
	assert_int_equal(eval("slab_nomerge", &in, NULL, 0), VERDICT_OK);
	/* is not off: absent fails unless mitigations=auto,nosmt */
	assert_int_equal(eval("spectre_v2", &in, NULL, 0), VERDICT_FAIL);
	kvmap_set(in.cmdline, "spectre_v2", "on");
	assert_int_equal(eval("spectre_v2", &in, NULL, 0), VERDICT_OK);
	kvmap_set(in.cmdline, "spectre_v2", "off");
	assert_int_equal(eval("spectre_v2", &in, NULL, 0), VERDICT_FAIL);
	kvmap_set(in.cmdline, "mitigations", "auto,nosmt");
	/* explicit off still loses against mitigations=auto,nosmt */
	assert_int_equal(eval("spectre_v2", &in, NULL, 0), VERDICT_FAIL);
	assert_int_equal(eval("mds", &in, NULL, 0), VERDICT_OK);
	kvmap_set(in.cmdline, "mds", "0");
	assert_int_equal(eval("mds", &in, NULL, 0), VERDICT_FAIL);
	input_free(&in);
}

static void test_form_list_member(void **state)
{
	struct audit_input in;
	char why[512];

	(void)state;
	input_init(&in, "6.1.0");
	assert_int_equal(eval("CONFIG_LSM=lockdown", &in, NULL, 0), VERDICT_FAIL);
	kvmap_set(in.kconfig, "CONFIG_LSM", "landlock,lockdown,yama");
	assert_int_equal(eval("CONFIG_LSM=lockdown", &in, why, sizeof(why)), VERDICT_OK);
	assert_int_equal(eval("CONFIG_LSM=selinux", &in, NULL, 0), VERDICT_FAIL);
	kvmap_set(in.kconfig, "CONFIG_LSM", "lockdownx,yama");	/* members, not substrings */
	assert_int_equal(eval("CONFIG_LSM=lockdown", &in, NULL, 0), VERDICT_FAIL);
	kvmap_set(in.cmdline, "efi", "nosoftreserve,disable_early_pci_dma");
	assert_int_equal(eval("efi", &in, NULL, 0), VERDICT_OK);
	input_free(&in);
}

static void test_cmdline_alternatives(void **state)
{
	struct audit_input in;
	char why[512];

	(void)state;
	input_init(&in, "6.1.0");
	/* init_on_alloc=1, or the config default with the parameter absent */
	kvmap_set(in.kconfig, "CONFIG_INIT_ON_ALLOC_DEFAULT_ON", "y");
	assert_int_equal(eval("init_on_alloc", &in, why, sizeof(why)), VERDICT_OK);
	assert_non_null(strstr(why, "CONFIG_INIT_ON_ALLOC_DEFAULT_ON"));
	kvmap_set(in.cmdline, "init_on_alloc", "0");
	assert_int_equal(eval("init_on_alloc", &in, NULL, 0), VERDICT_FAIL);
	kvmap_set(in.cmdline, "init_on_alloc", "1");
	assert_int_equal(eval("init_on_alloc", &in, NULL, 0), VERDICT_OK);
	/* rodata=on or absent */
	assert_int_equal(eval("rodata", &in, NULL, 0), VERDICT_OK);
	kvmap_set(in.cmdline, "rodata", "off");
	assert_int_equal(eval("rodata", &in, NULL, 0), VERDICT_FAIL);
	/* lockdown=integrity is not confidentiality (reference: FAIL: "integrity") */
	kvmap_set(in.cmdline, "lockdown", "integrity");
	assert_int_equal(eval("lockdown", &in, NULL, 0), VERDICT_FAIL);
	input_free(&in);
}

static void test_version_conditions(void **state)
{
	struct audit_input in;
	char why[512];

	(void)state;
	input_init(&in, "5.4.207");
	kvmap_set(in.kconfig, "CONFIG_REFCOUNT_FULL", "is not set");
	assert_int_equal(eval("CONFIG_REFCOUNT_FULL", &in, NULL, 0), VERDICT_FAIL);
	input_free(&in);
	input_init(&in, "5.4.208");
	kvmap_set(in.kconfig, "CONFIG_REFCOUNT_FULL", "is not set");
	assert_int_equal(eval("CONFIG_REFCOUNT_FULL", &in, why, sizeof(why)), VERDICT_OK);
	assert_non_null(strstr(why, ">= 5.4.208"));
	input_free(&in);
	/* AND inside an alternative: MICROCODE=y counts only from 6.6 */
	input_init(&in, "6.5.0");
	kvmap_set(in.kconfig, "CONFIG_MICROCODE", "y");
	assert_int_equal(eval("CONFIG_MICROCODE_AMD", &in, NULL, 0), VERDICT_FAIL);
	input_free(&in);
	input_init(&in, "6.6.0");
	kvmap_set(in.kconfig, "CONFIG_MICROCODE", "y");
	assert_int_equal(eval("CONFIG_MICROCODE_AMD", &in, NULL, 0), VERDICT_OK);
	input_free(&in);
	/* no version known: version terms cannot hold */
	input_init(&in, NULL);
	assert_int_equal(eval("CONFIG_X86_SMAP", &in, why, sizeof(why)), VERDICT_FAIL);
	input_free(&in);
}

static void test_needs_and_age(void **state)
{
	struct audit_input in;
	char why[512];

	(void)state;
	input_init(&in, "6.1.0");
	kvmap_set(in.kconfig, "CONFIG_KFENCE", "is not set");
	assert_int_equal(eval("CONFIG_KFENCE_SAMPLE_INTERVAL", &in, why, sizeof(why)), VERDICT_FAIL);
	assert_non_null(strstr(why, "requires CONFIG_KFENCE = y"));
	kvmap_set(in.kconfig, "CONFIG_KFENCE", "y");
	kvmap_set(in.kconfig, "CONFIG_KFENCE_SAMPLE_INTERVAL", "100");
	assert_int_equal(eval("CONFIG_KFENCE_SAMPLE_INTERVAL", &in, NULL, 0), VERDICT_OK);
	/* must be present and not set */
	assert_int_equal(eval("CONFIG_CFI_AUTO_DEFAULT", &in, why, sizeof(why)), VERDICT_FAIL);
	assert_non_null(strstr(why, "is not present"));
	/* renamed option: the old name decides on older kernels */
	kvmap_set(in.kconfig, "CONFIG_RETHUNK", "y");
	assert_int_equal(eval("CONFIG_MITIGATION_RETHUNK", &in, why, sizeof(why)), VERDICT_NA);
	assert_non_null(strstr(why, "CONFIG_RETHUNK"));
	kvmap_set(in.kconfig, "CONFIG_RETHUNK", "is not set");
	assert_int_equal(eval("CONFIG_MITIGATION_RETHUNK", &in, NULL, 0), VERDICT_FAIL);
	/* an option that does not exist yet is N/A, but not once it should exist */
	assert_int_equal(eval("CONFIG_SLAB_BUCKETS", &in, NULL, 0), VERDICT_NA);
	input_free(&in);
	input_init(&in, "6.12.0");
	assert_int_equal(eval("CONFIG_SLAB_BUCKETS", &in, NULL, 0), VERDICT_FAIL);
	input_free(&in);
}

static void test_missing_input_is_na(void **state)
{
	struct audit_input in;
	char why[512];

	(void)state;
	memset(&in, 0, sizeof(in));
	snprintf(in.sysctl_missing, sizeof(in.sysctl_missing), "not given (offline audit)");
	assert_int_equal(eval("kernel.kptr_restrict", &in, why, sizeof(why)), VERDICT_NA);
	assert_string_equal(why, "not given (offline audit)");
}

/* ---- rule database shape ---- */

static void test_rule_table(void **state)
{
	unsigned counts[3] = { 0 };

	(void)state;
	for (unsigned i = 0; i < ved_rules_count; i++) {
		const struct rule *r = &ved_rules[i];

		assert_true(r->main.src <= SRC_SYSCTL);
		counts[r->main.src]++;
		assert_non_null(r->why);
		assert_true(strlen(r->why) > 10);
		assert_non_null(r->category);
		assert_non_null(r->source);
	}
	assert_int_equal(counts[SRC_KCONFIG], 259);
	assert_int_equal(counts[SRC_CMDLINE], 65);
	assert_int_equal(counts[SRC_SYSCTL], 39);
}

/* ---- muting ---- */

static void test_mutes(void **state)
{
	struct result_list list = { 0 };
	struct parse_error err;
	static const char good[] = "# comment\n\nCONFIG_VT  we need consoles\nkernel.*  lab box\n";
	static const char noreason[] = "CONFIG_VT\n";
	struct check_result *a, *b, *c;

	(void)state;
	a = result_list_add(&list);
	snprintf(a->id, sizeof(a->id), "CONFIG_VT");
	snprintf(a->option_name, sizeof(a->option_name), "CONFIG_VT");
	b = result_list_add(&list);
	snprintf(b->id, sizeof(b->id), "kernel.sysrq");
	snprintf(b->option_name, sizeof(b->option_name), "kernel.sysrq");
	c = result_list_add(&list);
	snprintf(c->id, sizeof(c->id), "CONFIG_LSM=yama");
	snprintf(c->option_name, sizeof(c->option_name), "CONFIG_LSM");
	assert_true(mute_file_apply(write_temp(good, sizeof(good) - 1), &list, &err));
	assert_true(list.items[0].muted);
	assert_string_equal(list.items[0].mute_reason, "we need consoles");
	assert_true(list.items[1].muted);
	assert_false(list.items[2].muted);
	mute_apply(&list, "CONFIG_LSM", "by option name", NULL);
	assert_true(list.items[2].muted);
	assert_false(mute_file_apply(write_temp(noreason, sizeof(noreason) - 1), &list, &err));
	assert_int_equal(err.line, 1);
	assert_non_null(strstr(err.msg, "no reason"));
	assert_non_null(profile_find("server"));
	assert_non_null(profile_find("desktop"));
	assert_non_null(profile_find("container-host"));
	assert_non_null(profile_find("embedded"));
	assert_null(profile_find("toaster"));
	result_list_free(&list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kconfig_lines),
		cmocka_unit_test(test_kconfig_header_version),
		cmocka_unit_test(test_kconfig_load_errors),
		cmocka_unit_test(test_cmdline_tokens),
		cmocka_unit_test(test_sysctl_lines),
		cmocka_unit_test(test_form_equal_and_numeric),
		cmocka_unit_test(test_form_is_not_set),
		cmocka_unit_test(test_form_present_and_not_off),
		cmocka_unit_test(test_form_list_member),
		cmocka_unit_test(test_cmdline_alternatives),
		cmocka_unit_test(test_version_conditions),
		cmocka_unit_test(test_needs_and_age),
		cmocka_unit_test(test_missing_input_is_na),
		cmocka_unit_test(test_rule_table),
		cmocka_unit_test(test_mutes),
	};

	return cmocka_run_group_tests_name("vedctl-audit", tests, NULL, remove_temps);
}
