// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of vedctl scan: the parsers, taint decoding, and the module,
 * hook and taint cross-views run against fake /proc and /sys trees, each
 * technique both present (found) and absent (silent).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "scan.h"
#include "taint.h"

/* ---- parsers ---- */

static void test_proc_net_lines(void **state)
{
	struct net_socket s;

	(void)state;
	assert_true(parse_proc_net_line("   0: 0100007F:0277 00000000:0000 0A 00000000:00000000 "
					"00:00000000 00000000     0        0 12345 1 0000000000000000 100 0 0 10 0", &s));
	assert_int_equal(s.port, 0x277);
	assert_int_equal(s.state, 0x0A);
	assert_true(parse_proc_net_line("  12: 00000000000000000000000001000000:1F90 "
					"00000000000000000000000000000000:0000 0A 00000000:00000000", &s));
	assert_int_equal(s.port, 8080);
	assert_false(parse_proc_net_line("  sl  local_address rem_address   st tx_queue rx_queue", &s));
	assert_false(parse_proc_net_line("   0: 0100007F:ZZZZ 00000000:0000 0A", &s));
	assert_false(parse_proc_net_line("", &s));
}

static void test_proc_modules_lines(void **state)
{
	struct proc_module m;

	(void)state;
	assert_true(parse_proc_modules_line("vedlab 16384 0 - Live 0xffffffffc0000000 (OE)\n", &m));
	assert_string_equal(m.name, "vedlab");
	assert_string_equal(m.state, "Live");
	assert_string_equal(m.taint, "OE");
	assert_true(parse_proc_modules_line("ext4 999424 1 mbcache,jbd2, Live 0x0000000000000000\n", &m));
	assert_string_equal(m.name, "ext4");
	assert_string_equal(m.taint, "");
	assert_true(parse_proc_modules_line("foo 4096 0 - Unloading 0x0 (O)", &m));
	assert_string_equal(m.state, "Unloading");
	assert_false(parse_proc_modules_line("garbage", &m));
	assert_false(parse_proc_modules_line("foo 4096 0 - Live 0x0 (OE", &m));
}

static void test_enabled_functions_lines(void **state)
{
	struct ftrace_hook h;

	(void)state;
	assert_true(parse_enabled_functions_line(
		"__x64_sys_kill (1) R I     \ttramp: 0xffffffffc0201000 (fh_ftrace_thunk+0x0/0x30 "
		"[vedrk]) ->ftrace_ops_assist_func+0x0/0x20\n", &h));
	assert_string_equal(h.function, "__x64_sys_kill");
	assert_string_equal(h.owner, "fh_ftrace_thunk+0x0/0x30 [vedrk]");
	assert_true(parse_enabled_functions_line(
		"vfs_read (1)            \tops: my_ops+0x0/0xc0 [mymod] (my_cb+0x0/0x10 [mymod])\n", &h));
	assert_string_equal(h.owner, "my_cb+0x0/0x10 [mymod]");	/* the callback */
	assert_true(parse_enabled_functions_line("do_thing [somemod] (2)    ->kprobe_ftrace_handler+0x0/0x1a0\n", &h));
	assert_string_equal(h.function, "do_thing [somemod]");
	assert_string_equal(h.owner, "kprobe_ftrace_handler+0x0/0x1a0");
	assert_false(parse_enabled_functions_line("\tdirect-->my_tramp+0x0/0x10\n", &h));
	assert_false(parse_enabled_functions_line("\n", &h));
}

static void test_kprobes_lines(void **state)
{
	struct kprobe_entry k;
	char sym[64];

	(void)state;
	assert_true(parse_kprobes_line("ffffffff8131a2b0  k  do_sys_openat2+0x0    [FTRACE]\n", &k));
	assert_string_equal(k.type, "k");
	assert_string_equal(k.symbol, "do_sys_openat2+0x0");
	assert_string_equal(k.flags, "[FTRACE]");
	assert_true(parse_kprobes_line("ffffffffc0a01010  r  vedlab_ioctl+0x0  vedlab [DISABLED]", &k));
	assert_string_equal(k.type, "r");
	assert_false(parse_kprobes_line("not a kprobe line", &k));
	assert_true(parse_kprobe_event_line("p:kprobes/myprobe do_sys_openat2+0 dfd=%di\n", sym, sizeof(sym)));
	assert_string_equal(sym, "do_sys_openat2");
	assert_true(parse_kprobe_event_line("r:kprobes/ret vfs_read", sym, sizeof(sym)));
	assert_string_equal(sym, "vfs_read");
	assert_false(parse_kprobe_event_line("-:kprobes/myprobe", sym, sizeof(sym)));
}

static void test_taint_decoding(void **state)
{
	char buf[256];
	unsigned long mask;

	(void)state;
	taint_letters((1UL << 12) | (1UL << 13), buf, sizeof(buf));
	assert_string_equal(buf, "O, E");
	taint_describe(1UL << 0, buf, sizeof(buf));
	assert_string_equal(buf, "P (proprietary module loaded)");
	taint_letters(1UL << 40, buf, sizeof(buf));
	assert_string_equal(buf, "bit 40");
	assert_true(taint_parse_letters("OE", &mask));
	assert_int_equal(mask, (1UL << 12) | (1UL << 13));
	assert_true(taint_parse_letters("", &mask));
	assert_int_equal(mask, 0);
	assert_false(taint_parse_letters("O?", &mask));
}

/* ---- fake trees ---- */

static char root[64];

static void put(const char *rel, const char *content)
{
	char path[512], cmd[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
	assert_int_equal(system(cmd), 0);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

static int make_root(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/vedctl-fake-XXXXXX");
	return mkdtemp(root) ? 0 : -1;
}

static int remove_root(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static size_t findings_of(const struct scan_report *rep, const char *check)
{
	size_t n = 0;

	for (size_t i = 0; i < rep->n_findings; i++)
		if (strcmp(rep->findings[i].check, check) == 0)
			n++;
	return n;
}

static struct scan_opts fake_opts(void)
{
	struct scan_opts o = { .root = root };

	return o;
}

static void test_modules_consistent(void **state)
{
	struct scan_report rep = { 0 };
	struct scan_opts o = fake_opts();

	(void)state;
	put("/proc/modules", "ext4 999424 1 - Live 0x0\n");
	put("/sys/module/ext4/initstate", "live\n");
	put("/sys/module/printk/parameters/time", "Y\n");	/* built-in: no initstate */
	put("/proc/kallsyms", "0000000000000000 t ext4_fill_super\t[ext4]\n");
	scan_modules(&o, &rep);
	assert_int_equal(rep.checks[0].status, SCAN_CLEAN);
	assert_int_equal(findings_of(&rep, "hidden_modules"), 0);
	scan_report_free(&rep);
}

static void test_modules_hidden_from_list(void **state)
{
	struct scan_report rep = { 0 };
	struct scan_opts o = fake_opts();

	(void)state;
	put("/proc/modules", "ext4 999424 1 - Live 0x0\n");
	put("/sys/module/ext4/initstate", "live\n");
	put("/sys/module/vedrk/initstate", "live\n");	/* unlinked from the list */
	put("/proc/kallsyms", "0000000000000000 t rk_hook\t[vedrk]\n");
	scan_modules(&o, &rep);
	assert_int_equal(rep.checks[0].status, SCAN_FINDINGS);
	assert_int_equal(findings_of(&rep, "hidden_modules"), 2);	/* sysfs and kallsyms */
	assert_string_equal(rep.findings[0].subject, "vedrk");
	scan_report_free(&rep);
}

static void test_modules_hidden_from_sysfs(void **state)
{
	struct scan_report rep = { 0 };
	struct scan_opts o = fake_opts();

	(void)state;
	put("/proc/modules", "vedrk 16384 0 - Live 0x0 (OE)\n");
	put("/proc/kallsyms", "");
	put("/sys/module/.keep", "");
	scan_modules(&o, &rep);
	assert_int_equal(findings_of(&rep, "hidden_modules"), 1);
	assert_non_null(strstr(rep.findings[0].evidence, "no /sys/module entry"));
	scan_report_free(&rep);
}

static void test_no_module_support(void **state)
{
	struct scan_report rep = { 0 };
	struct scan_opts o = fake_opts();

	(void)state;
	scan_modules(&o, &rep);
	assert_int_equal(rep.checks[0].status, SCAN_NA);
	scan_report_free(&rep);
}

static void test_taint_consistency(void **state)
{
	struct scan_report rep = { 0 };
	struct scan_opts o = fake_opts();

	(void)state;
	/* consistent: kernel O|E = 12288, module OE */
	put("/proc/sys/kernel/tainted", "12288\n");
	put("/sys/module/vedlab/taint", "OE\n");
	scan_taint(&o, &rep);
	assert_int_equal(rep.checks[0].status, SCAN_CLEAN);
	scan_report_free(&rep);
	/* kernel taint reset by a rootkit */
	memset(&rep, 0, sizeof(rep));
	put("/proc/sys/kernel/tainted", "0\n");
	scan_taint(&o, &rep);
	assert_int_equal(findings_of(&rep, "taint"), 1);
	assert_non_null(strstr(rep.findings[0].evidence, "reset"));
	scan_report_free(&rep);
	/* kernel tainted by a module nobody can see */
	memset(&rep, 0, sizeof(rep));
	put("/proc/sys/kernel/tainted", "12288\n");
	put("/sys/module/vedlab/taint", "\n");
	scan_taint(&o, &rep);
	assert_int_equal(findings_of(&rep, "taint"), 1);
	assert_non_null(strstr(rep.findings[0].evidence, "hidden"));
	scan_report_free(&rep);
}

static void test_hooks(void **state)
{
	struct scan_report rep = { 0 };
	struct scan_opts o = fake_opts();

	(void)state;
	/* nothing there: both N/A */
	scan_hooks(&o, &rep);
	assert_int_equal(rep.checks[0].status, SCAN_NA);
	assert_int_equal(rep.checks[1].status, SCAN_NA);
	scan_report_free(&rep);
	/* present but empty: clean */
	memset(&rep, 0, sizeof(rep));
	put("/sys/kernel/tracing/enabled_functions", "");
	put("/sys/kernel/tracing/kprobe_events", "p:kprobes/mine vfs_read\n");
	put("/sys/kernel/debug/kprobes/list", "ffffffff8131a2b0  k  vfs_read+0x0    [FTRACE]\n");
	scan_hooks(&o, &rep);
	assert_int_equal(rep.checks[0].status, SCAN_CLEAN);
	assert_int_equal(rep.checks[1].status, SCAN_CLEAN);	/* a tracefs event: attributed */
	scan_report_free(&rep);
	/* a rootkit's ftrace hook and an in-kernel kprobe */
	memset(&rep, 0, sizeof(rep));
	put("/sys/kernel/tracing/enabled_functions",
	    "__x64_sys_getdents64 (1) R I   \ttramp: 0xffffffffc0201000 (fh_thunk+0x0/0x30 [vedrk])\n");
	put("/sys/kernel/debug/kprobes/list",
	    "ffffffff8131a2b0  k  vfs_read+0x0    [FTRACE]\nffffffff81000000  k  commit_creds+0x0  \n");
	scan_hooks(&o, &rep);
	assert_int_equal(findings_of(&rep, "ftrace_hooks"), 1);
	assert_non_null(strstr(rep.findings[0].evidence, "[vedrk]"));
	assert_int_equal(findings_of(&rep, "kprobes"), 1);
	assert_string_equal(rep.findings[1].subject, "commit_creds+0x0");
	scan_report_free(&rep);
}

/* ---- audit live checks against a fake tree ---- */

static const struct check_result *find_result(const struct result_list *l, const char *id)
{
	for (size_t i = 0; i < l->count; i++)
		if (strcmp(l->items[i].id, id) == 0)
			return &l->items[i];
	fail_msg("no live check %s", id);
	return NULL;
}

static void test_live_checks(void **state)
{
	struct result_list l = { 0 };

	(void)state;
	put("/sys/kernel/security/lsm", "lockdown,capability,yama,apparmor\n");
	put("/sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
	put("/sys/kernel/security/apparmor/profiles", "/usr/bin/man (enforce)\nfoo (complain)\n");
	put("/proc/modules", "");
	put("/sys/module/module/parameters/sig_enforce", "N\n");
	put("/proc/sys/kernel/modules_disabled", "0\n");
	put("/proc/sys/kernel/tainted", "4096\n");
	put("/sys/devices/system/cpu/vulnerabilities/mds", "Vulnerable: Clear CPU buffers attempted, no microcode\n");
	put("/sys/devices/system/cpu/vulnerabilities/meltdown", "Not affected\n");
	put("/proc/sys/kernel/yama/ptrace_scope", "1\n");
	put("/proc/sys/kernel/kptr_restrict", "0\n");
	audit_live_checks(root, &l);
	assert_int_equal(find_result(&l, "live.lockdown")->verdict, VERDICT_OK);
	assert_int_equal(find_result(&l, "live.lsm")->verdict, VERDICT_OK);
	assert_int_equal(find_result(&l, "live.mac_mode")->verdict, VERDICT_OK);
	assert_int_equal(find_result(&l, "live.module_sig_enforce")->verdict, VERDICT_FAIL);
	assert_int_equal(find_result(&l, "live.modules_disabled")->verdict, VERDICT_FAIL);
	assert_int_equal(find_result(&l, "live.taint")->verdict, VERDICT_FAIL);
	assert_non_null(strstr(find_result(&l, "live.taint")->reason, "out-of-tree"));
	assert_int_equal(find_result(&l, "live.cpu.mds")->verdict, VERDICT_FAIL);
	assert_int_equal(find_result(&l, "live.cpu.meltdown")->verdict, VERDICT_OK);
	assert_int_equal(find_result(&l, "live.secure_boot")->verdict, VERDICT_NA);
	assert_int_equal(find_result(&l, "live.ptrace_scope")->verdict, VERDICT_OK);
	assert_int_equal(find_result(&l, "live.kptr_restrict")->verdict, VERDICT_FAIL);
	result_list_free(&l);
	put("/sys/kernel/security/lockdown", "[none] integrity confidentiality\n");
	put("/sys/module/module/parameters/sig_enforce", "Y\n");
	audit_live_checks(root, &l);
	assert_int_equal(find_result(&l, "live.lockdown")->verdict, VERDICT_FAIL);
	assert_int_equal(find_result(&l, "live.module_sig_enforce")->verdict, VERDICT_OK);
	result_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proc_net_lines),
		cmocka_unit_test(test_proc_modules_lines),
		cmocka_unit_test(test_enabled_functions_lines),
		cmocka_unit_test(test_kprobes_lines),
		cmocka_unit_test(test_taint_decoding),
		cmocka_unit_test_setup_teardown(test_modules_consistent, make_root, remove_root),
		cmocka_unit_test_setup_teardown(test_modules_hidden_from_list, make_root, remove_root),
		cmocka_unit_test_setup_teardown(test_modules_hidden_from_sysfs, make_root, remove_root),
		cmocka_unit_test_setup_teardown(test_no_module_support, make_root, remove_root),
		cmocka_unit_test_setup_teardown(test_taint_consistency, make_root, remove_root),
		cmocka_unit_test_setup_teardown(test_hooks, make_root, remove_root),
		cmocka_unit_test_setup_teardown(test_live_checks, make_root, remove_root),
	};

	return cmocka_run_group_tests_name("vedctl-scan", tests, NULL, NULL);
}
