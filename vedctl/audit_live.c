// SPDX-License-Identifier: GPL-2.0
/*
 * Live checks: state that only the running kernel can report and that a
 * static config/cmdline/sysctl audit misses (lockdown, Secure Boot, module
 * signature enforcement, active LSMs, taint, CPU vulnerability status ...).
 * Every path is read below ROOT so tests can use a fake /sys and /proc.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "taint.h"

struct live_spec {
	const char *id;
	const char *category;
	const char *source;
	enum severity severity;
	const char *why;
	const char *fix;
};

static struct check_result *live_result(struct result_list *out, const struct live_spec *s)
{
	struct check_result *r = result_list_add(out);

	snprintf(r->id, sizeof(r->id), "%s", s->id);
	snprintf(r->option_name, sizeof(r->option_name), "%s", s->id);
	r->type = "live";
	r->category = s->category;
	r->source = s->source;
	r->decision = "ved";
	r->severity = s->severity;
	r->rationale = s->why;
	snprintf(r->remediation, sizeof(r->remediation), "%s", s->fix);
	return r;
}

static void verdict(struct check_result *r, enum verdict v, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void verdict(struct check_result *r, enum verdict v, const char *fmt, ...)
{
	va_list ap;

	r->verdict = v;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
}

static void rooted(char *buf, size_t size, const char *root, const char *path)
{
	snprintf(buf, size, "%s%s", root, path);
}

static bool live_line(const char *root, const char *path, char *buf, size_t size)
{
	char full[1024];

	rooted(full, sizeof(full), root, path);
	return read_line_file(full, buf, size);
}

static bool live_long(const char *root, const char *path, long *val)
{
	char full[1024];

	rooted(full, sizeof(full), root, path);
	return read_long_file(full, val);
}

static bool live_exists(const char *root, const char *path)
{
	char full[1024];

	rooted(full, sizeof(full), root, path);
	return path_exists(full);
}

static bool securityfs_mounted(const char *root)
{
	return live_exists(root, "/sys/kernel/security/lsm");
}

static void check_lockdown(const char *root, struct result_list *out)
{
	static const struct live_spec s = {
		"live.lockdown", "live_integrity", "KSPP, kernel lockdown", SEV_HIGH,
		"Lockdown keeps root from changing the running kernel (/dev/mem, kexec of unsigned images, raw I/O).",
		"Boot with lockdown=integrity or lockdown=confidentiality (lsm= must include lockdown).",
	};
	struct check_result *r = live_result(out, &s);
	char line[256], *open, *close;

	snprintf(r->desired, sizeof(r->desired), "integrity or confidentiality");
	if (!live_line(root, "/sys/kernel/security/lockdown", line, sizeof(line))) {
		if (securityfs_mounted(root))
			verdict(r, VERDICT_FAIL, "lockdown LSM not active");
		else
			verdict(r, VERDICT_NA, "securityfs not mounted at /sys/kernel/security");
		return;
	}
	open = strchr(line, '[');
	close = open ? strchr(open, ']') : NULL;
	if (!open || !close) {
		verdict(r, VERDICT_NA, "unexpected lockdown file content \"%s\"", line);
		return;
	}
	*close = '\0';
	if (strcmp(open + 1, "none") == 0)
		verdict(r, VERDICT_FAIL, "lockdown mode is none");
	else
		verdict(r, VERDICT_OK, "lockdown mode is %s", open + 1);
}

#define EFI_GLOBAL_GUID "8be4df61-93ca-11d2-aa0d-e0a3a7a8ff4b"

static void check_secure_boot(const char *root, struct result_list *out)
{
	static const struct live_spec s = {
		"live.secure_boot", "live_integrity", "NSA/FBI Drovorub advisory", SEV_HIGH,
		"Secure Boot makes firmware and bootloader refuse unsigned kernels and, with lockdown, unsigned modules.",
		"Enable UEFI Secure Boot in the firmware setup and boot a signed kernel (shim + signed GRUB).",
	};
	struct check_result *r = live_result(out, &s);
	char path[1024];
	size_t len;
	char *data;

	snprintf(r->desired, sizeof(r->desired), "enabled");
	if (!live_exists(root, "/sys/firmware/efi")) {
		verdict(r, VERDICT_NA, "not booted through UEFI (no /sys/firmware/efi): Secure Boot does not exist here");
		return;
	}
	rooted(path, sizeof(path), root, "/sys/firmware/efi/efivars/SecureBoot-" EFI_GLOBAL_GUID);
	data = read_whole_file(path, &len);
	/* efivarfs files start with 4 bytes of attributes, then the value. */
	if (!data || len < 5) {
		verdict(r, VERDICT_NA, "SecureBoot EFI variable not readable (efivarfs not mounted?)");
		free(data);
		return;
	}
	if (data[4] == 1)
		verdict(r, VERDICT_OK, "Secure Boot is enabled");
	else
		verdict(r, VERDICT_FAIL, "Secure Boot is disabled");
	free(data);
}

static bool have_modules(const char *root)
{
	return live_exists(root, "/proc/modules");
}

static void check_module_sig_enforce(const char *root, struct result_list *out)
{
	static const struct live_spec s = {
		"live.module_sig_enforce", "live_integrity", "NSA/FBI Drovorub advisory, KSPP", SEV_HIGH,
		"Module rootkits such as Drovorub load as unsigned modules; enforcement makes the kernel refuse them.",
		"Boot with module.sig_enforce=1 (or build with CONFIG_MODULE_SIG_FORCE=y).",
	};
	struct check_result *r = live_result(out, &s);
	char line[16];
	long disabled = 0;

	snprintf(r->desired, sizeof(r->desired), "Y");
	if (!have_modules(root)) {
		verdict(r, VERDICT_OK, "kernel has no loadable module support");
		return;
	}
	if (live_line(root, "/sys/module/module/parameters/sig_enforce", line, sizeof(line))) {
		if (line[0] == 'Y')
			verdict(r, VERDICT_OK, "module signatures are enforced");
		else if (live_long(root, "/proc/sys/kernel/modules_disabled", &disabled) && disabled == 1)
			verdict(r, VERDICT_OK, "not enforced, but module loading is disabled");
		else
			verdict(r, VERDICT_FAIL, "unsigned modules can be loaded (sig_enforce = %s)", line);
		return;
	}
	verdict(r, VERDICT_FAIL, "kernel has no module signature checking");
}

static void check_modules_disabled(const char *root, struct result_list *out)
{
	static const struct live_spec s = {
		"live.modules_disabled", "live_integrity", "KSPP, NSA/FBI Drovorub advisory", SEV_MEDIUM,
		"Once the system is up, forbidding new modules shuts out module rootkits entirely.",
		"Run `sysctl kernel.modules_disabled=1` at the end of boot (it cannot be undone until reboot).",
	};
	struct check_result *r = live_result(out, &s);
	long v;

	snprintf(r->desired, sizeof(r->desired), "1");
	if (!have_modules(root))
		verdict(r, VERDICT_OK, "kernel has no loadable module support");
	else if (!live_long(root, "/proc/sys/kernel/modules_disabled", &v))
		verdict(r, VERDICT_NA, "kernel.modules_disabled not readable");
	else if (v == 1)
		verdict(r, VERDICT_OK, "module loading is disabled");
	else
		verdict(r, VERDICT_FAIL, "modules can still be loaded (kernel.modules_disabled = %ld)", v);
}

static bool list_contains(const char *list, const char *word)
{
	size_t wl = strlen(word);

	for (const char *p = list; (p = strstr(p, word)); p += wl)
		if ((p == list || p[-1] == ',') && (p[wl] == ',' || p[wl] == '\0'))
			return true;
	return false;
}

static void check_lsm(const char *root, struct result_list *out, char *lsms, size_t size)
{
	static const struct live_spec s = {
		"live.lsm", "security_policy", "CIS", SEV_MEDIUM,
		"A mandatory access control LSM (SELinux, AppArmor, Smack, TOMOYO) confines services even when they run as root.",
		"Enable AppArmor or SELinux (lsm= boot parameter, distribution packages and policy).",
	};
	static const char *const mac[] = { "selinux", "apparmor", "smack", "tomoyo" };
	struct check_result *r = live_result(out, &s);

	snprintf(r->desired, sizeof(r->desired), "a MAC LSM active");
	lsms[0] = '\0';
	if (!live_line(root, "/sys/kernel/security/lsm", lsms, size)) {
		verdict(r, VERDICT_NA, "securityfs not mounted at /sys/kernel/security");
		return;
	}
	for (size_t i = 0; i < sizeof(mac) / sizeof(mac[0]); i++)
		if (list_contains(lsms, mac[i])) {
			verdict(r, VERDICT_OK, "active LSMs: %s", lsms);
			return;
		}
	verdict(r, VERDICT_FAIL, "no mandatory access control LSM active (active: %s)",
		lsms[0] ? lsms : "none");
}

static void count_apparmor_profiles(const char *root, long *enforce, long *complain)
{
	char path[1024];
	char *text, *line, *save = NULL;

	*enforce = *complain = 0;
	rooted(path, sizeof(path), root, "/sys/kernel/security/apparmor/profiles");
	text = read_whole_file(path, NULL);
	if (!text) {
		*enforce = -1;
		return;
	}
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strstr(line, "(enforce)"))
			(*enforce)++;
		else if (strstr(line, "(complain)"))
			(*complain)++;
	}
	free(text);
}

static void check_mac_mode(const char *root, struct result_list *out, const char *lsms)
{
	static const struct live_spec s = {
		"live.mac_mode", "security_policy", "CIS", SEV_MEDIUM,
		"An LSM in permissive/complain mode only logs; it has to enforce to confine anything.",
		"SELinux: set SELINUX=enforcing in /etc/selinux/config. AppArmor: aa-enforce the loaded profiles.",
	};
	struct check_result *r = live_result(out, &s);
	long v, enforce, complain;

	snprintf(r->desired, sizeof(r->desired), "enforcing");
	if (list_contains(lsms, "selinux") && live_long(root, "/sys/fs/selinux/enforce", &v)) {
		if (v == 1)
			verdict(r, VERDICT_OK, "SELinux is enforcing");
		else
			verdict(r, VERDICT_FAIL, "SELinux is permissive");
		return;
	}
	if (list_contains(lsms, "apparmor")) {
		count_apparmor_profiles(root, &enforce, &complain);
		if (enforce < 0)
			verdict(r, VERDICT_NA, "AppArmor active, profile list not readable");
		else if (enforce > 0)
			verdict(r, VERDICT_OK, "AppArmor: %ld profiles enforcing, %ld complaining",
				enforce, complain);
		else
			verdict(r, VERDICT_FAIL, "AppArmor active but no profile enforcing (%ld complaining)",
				complain);
		return;
	}
	verdict(r, VERDICT_NA, "neither SELinux nor AppArmor is active");
}

static void check_taint(const char *root, struct result_list *out)
{
	static const struct live_spec s = {
		"live.taint", "live_integrity", "kernel docs (tainted-kernels)", SEV_MEDIUM,
		"Taint records events such as unsigned, out-of-tree or forced modules and oopses: each deserves an explanation.",
		"Find the cause of each flag (dmesg, /sys/module/*/taint); taint clears only on reboot.",
	};
	struct check_result *r = live_result(out, &s);
	char text[512];
	long v;

	snprintf(r->desired, sizeof(r->desired), "0");
	if (!live_long(root, "/proc/sys/kernel/tainted", &v)) {
		verdict(r, VERDICT_NA, "/proc/sys/kernel/tainted not readable");
		return;
	}
	if (v == 0) {
		verdict(r, VERDICT_OK, "kernel is not tainted");
		return;
	}
	taint_describe((unsigned long)v, text, sizeof(text));
	verdict(r, VERDICT_FAIL, "tainted %ld: %s", v, text);
}

static void check_cpu_vulns(const char *root, struct result_list *out)
{
	static const struct live_spec none = {
		"live.cpu", "cpu_vulnerabilities", "kernel docs (admin-guide/hw-vuln)", SEV_HIGH,
		"The kernel reports, per known CPU flaw, whether this CPU is affected and mitigated.",
		"Update the kernel and CPU microcode; do not pass mitigations=off.",
	};
	char dir_path[1024];
	struct dirent **names;
	int n;

	rooted(dir_path, sizeof(dir_path), root, "/sys/devices/system/cpu/vulnerabilities");
	n = scandir(dir_path, &names, NULL, alphasort);
	if (n < 0) {
		struct check_result *r = live_result(out, &none);

		verdict(r, VERDICT_NA, "kernel does not report CPU vulnerabilities");
		return;
	}
	for (int i = 0; i < n; i++) {
		char id[96], path[1400], status[400];
		struct live_spec s = none;
		struct check_result *r;

		if (names[i]->d_name[0] == '.') {
			free(names[i]);
			continue;
		}
		snprintf(id, sizeof(id), "live.cpu.%.80s", names[i]->d_name);
		s.id = id;
		r = live_result(out, &s);
		snprintf(r->desired, sizeof(r->desired), "Not affected or Mitigation");
		snprintf(path, sizeof(path), "%s/%s", dir_path, names[i]->d_name);
		if (!read_line_file(path, status, sizeof(status)))
			verdict(r, VERDICT_NA, "not readable");
		else if (strncmp(status, "Not affected", 12) == 0 || strncmp(status, "Mitigation", 10) == 0)
			verdict(r, VERDICT_OK, "%s", status);
		else if (strncmp(status, "Vulnerable", 10) == 0)
			verdict(r, VERDICT_FAIL, "%s", status);
		else
			verdict(r, VERDICT_NA, "%s", status);
		free(names[i]);
	}
	free(names);
}

struct sysctl_live_spec {
	struct live_spec spec;
	const char *path;
	long want_min;		/* OK when value >= want_min */
	const char *absent_ok;	/* reason when absent means safe, else NULL */
};

static void check_sysctl_min(const char *root, struct result_list *out,
			     const struct sysctl_live_spec *c)
{
	struct check_result *r = live_result(out, &c->spec);
	char name[128];
	long v;

	snprintf(r->desired, sizeof(r->desired), ">= %ld", c->want_min);
	if (!live_long(root, c->path, &v)) {
		if (c->absent_ok)
			verdict(r, VERDICT_OK, "%s", c->absent_ok);
		else
			verdict(r, VERDICT_FAIL, "%s not found", c->path);
		return;
	}
	snprintf(name, sizeof(name), "%s", c->path + strlen("/proc/sys/"));
	for (char *p = name; *p; p++)
		if (*p == '/')
			*p = '.';
	verdict(r, v >= c->want_min ? VERDICT_OK : VERDICT_FAIL, "%s is %ld", name, v);
}

static const struct sysctl_live_spec sysctl_checks[] = {
	{ { "live.bpf_jit_harden", "cut_attack_surface", "KSPP", SEV_MEDIUM,
	    "Constant blinding keeps JIT-compiled BPF from planting attacker-chosen bytes in executable memory.",
	    "sysctl net.core.bpf_jit_harden=2" },
	  "/proc/sys/net/core/bpf_jit_harden", 2, "kernel has no BPF JIT" },
	{ { "live.unpriv_bpf", "cut_attack_surface", "KSPP", SEV_HIGH,
	    "Unprivileged BPF exposes the verifier, a frequent source of privilege escalation bugs.",
	    "sysctl kernel.unprivileged_bpf_disabled=1" },
	  "/proc/sys/kernel/unprivileged_bpf_disabled", 1, "kernel has no bpf() syscall" },
	{ { "live.ptrace_scope", "harden_userspace", "KSPP", SEV_MEDIUM,
	    "Without Yama any process can ptrace and read the memory of every other process of the same user.",
	    "sysctl kernel.yama.ptrace_scope=2 (or 1 where debuggers must attach to children)" },
	  "/proc/sys/kernel/yama/ptrace_scope", 1, NULL },
	{ { "live.kptr_restrict", "cut_attack_surface", "KSPP", SEV_MEDIUM,
	    "Kernel pointers in /proc (kallsyms, modules, net) defeat KASLR.",
	    "sysctl kernel.kptr_restrict=2" },
	  "/proc/sys/kernel/kptr_restrict", 1, NULL },
	{ { "live.dmesg_restrict", "cut_attack_surface", "KSPP", SEV_MEDIUM,
	    "The kernel log often contains addresses and other details useful to exploits.",
	    "sysctl kernel.dmesg_restrict=1" },
	  "/proc/sys/kernel/dmesg_restrict", 1, NULL },
};

static void check_unpriv_userns(const char *root, struct result_list *out)
{
	static const struct live_spec s = {
		"live.unpriv_userns", "cut_attack_surface", "KSPP", SEV_MEDIUM,
		"Unprivileged user namespaces hand root-only kernel code (netfilter, mounts) to every user.",
		"sysctl user.max_user_namespaces=0, or kernel.unprivileged_userns_clone=0 on Debian kernels.",
	};
	struct check_result *r = live_result(out, &s);
	long v;

	snprintf(r->desired, sizeof(r->desired), "denied to unprivileged users");
	if (!live_exists(root, "/proc/sys/user/max_user_namespaces"))
		verdict(r, VERDICT_OK, "kernel has no user namespaces");
	else if (live_long(root, "/proc/sys/user/max_user_namespaces", &v) && v == 0)
		verdict(r, VERDICT_OK, "user.max_user_namespaces is 0");
	else if (live_long(root, "/proc/sys/kernel/unprivileged_userns_clone", &v) && v == 0)
		verdict(r, VERDICT_OK, "kernel.unprivileged_userns_clone is 0");
	else if (live_long(root, "/proc/sys/kernel/apparmor_restrict_unprivileged_userns", &v) && v == 1)
		verdict(r, VERDICT_OK, "AppArmor restricts unprivileged user namespaces");
	else
		verdict(r, VERDICT_FAIL, "any user can create user namespaces");
}

void audit_live_checks(const char *root, struct result_list *out)
{
	char lsms[512];

	check_lockdown(root, out);
	check_secure_boot(root, out);
	check_module_sig_enforce(root, out);
	check_modules_disabled(root, out);
	check_lsm(root, out, lsms, sizeof(lsms));
	check_mac_mode(root, out, lsms);
	check_taint(root, out);
	check_cpu_vulns(root, out);
	for (size_t i = 0; i < sizeof(sysctl_checks) / sizeof(sysctl_checks[0]); i++)
		check_sysctl_min(root, out, &sysctl_checks[i]);
	check_unpriv_userns(root, out);
}
