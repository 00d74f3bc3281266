// SPDX-License-Identifier: GPL-2.0
/*
 * Usermode helpers and the kernel strings that name them.
 *
 * The kernel starts programs as root in the initial namespaces through
 * call_usermodehelper_exec(): modprobe for request_module(), the pipe
 * handler of core_pattern, poweroff_cmd, request-key, ...  Exploits love it:
 * one write over modprobe_path or core_pattern, or one ROP call, and their
 * script runs as root.  Every helper goes through call_usermodehelper_exec(),
 * so ved judges each one there, before it is queued:
 *
 *  - pinned strings: modprobe_path, core_pattern, poweroff_cmd (and
 *    uevent_helper where built) are snapshotted at load.  A change made
 *    through their sysctl (proc_dostring() with the string as table->data)
 *    is accepted, re-pinned and reported as information; any other change
 *    is tampering: reported, put back in block mode, and a helper that
 *    comes from the tampered string is refused.  The background sweep
 *    looks for tampering even when no helper runs;
 *  - the helper's path must be on the allow-list (sysctl ved.umh_allow) or
 *    be the program of a legitimately pinned string;
 *  - modprobe must be called the way request_module() calls it
 *    ("modprobe -q -- NAME"): options such as -C would load another
 *    configuration, with its install commands;
 *  - the environment must not carry what changes how a root program loads
 *    or starts (LD_PRELOAD and the other variables glibc drops for set-id
 *    programs, shell start-up files): the kernel's exec of a helper is not
 *    "secure" in the loader's sense, so glibc would honour them.
 *
 * Refusal: call_usermodehelper_exec() owns @sub_info and frees it on every
 * path (the worker does for UMH_NO_WAIT), and callers handle an error
 * return (request_module() returns it, do_coredump() gives up on the pipe
 * before umh_coredump_setup() ever made one).  So the pre-handler sends the
 * call to umh_refused(), which frees the info exactly as the kernel's
 * call_usermodehelper_freeinfo() does and returns -EPERM, in the caller's
 * own context: nothing is queued, nothing waits on a completion.
 */
#include <linux/atomic.h>
#include <linux/kprobes.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/sysctl.h>
#include <linux/umh.h>
#include <linux/workqueue.h>

#include "compat.h"
#include "ved.h"

#define PIN_MAX		256	/* the largest pinned buffer (KMOD_PATH_LEN) */
#define SCAN_MAX	64	/* argv/envp entries looked at */

struct pin {
	const char *name;	/* kernel symbol, and the name in events */
	size_t size;		/* size of the kernel's buffer */
	char *live;		/* the kernel's buffer; NULL when not built in */
	char pinned[PIN_MAX];	/* last value set through the sysctl */
	char reported[PIN_MAX];	/* last tampered value the sweep reported */
	atomic_t writers;	/* sysctl writes in flight */
};

/* Buffer sizes are the kernel's (KMOD_PATH_LEN, CORENAME_MAX_SIZE, ...). */
static struct pin pins[] = {
	{ .name = "modprobe_path", .size = 256 },
	{ .name = "core_pattern", .size = 128 },
	{ .name = "poweroff_cmd", .size = 256 },
	{ .name = "uevent_helper", .size = 256 },
};

enum { PIN_MODPROBE, PIN_CORE, PIN_POWEROFF, PIN_UEVENT };

static DEFINE_SPINLOCK(pins_lock);	/* pinned[] and reported[] */

/* Programs a stock Debian kernel starts; the pinned strings add theirs. */
#define UMH_DEFAULT_ALLOW \
	"/sbin/modprobe:/usr/sbin/modprobe:/sbin/request-key:/usr/sbin/request-key:" \
	"/sbin/poweroff:/usr/sbin/poweroff:/sbin/reboot:/usr/sbin/reboot:" \
	"/lib/systemd/systemd-coredump:/usr/lib/systemd/systemd-coredump:" \
	"/usr/share/apport/apport:/sbin/bridge-stp:/usr/sbin/bridge-stp"

static char allow_list[UMH_ALLOW_MAX] = UMH_DEFAULT_ALLOW;
static DEFINE_SPINLOCK(allow_lock);

/* do_coredump()'s helper init: tells a core pipe handler from others. */
static unsigned long coredump_setup;
static struct delayed_work sweep_work;

/* ---- pinned strings ---- */

/* The kernel's string, bounded: an attacker need not leave a NUL. */
static void pin_read_live(const struct pin *p, char *buf)
{
	memcpy(buf, p->live, p->size);
	buf[p->size - 1] = '\0';
}

/*
 * Is @p changed outside its sysctl?  @actual receives the live value.
 * While a sysctl write is in flight the new value is not yet pinned:
 * trust it (only root writes the sysctl).  Caller holds pins_lock.
 */
static bool pin_tampered(struct pin *p, char *actual)
{
	if (!p->live)
		return false;
	pin_read_live(p, actual);
	return strcmp(actual, p->pinned) && !atomic_read(&p->writers);
}

/* The program a pinned value runs: "|/usr/lib/x %p" -> "/usr/lib/x". */
static void program_of(const char *value, char *prog, size_t size)
{
	size_t n;

	if (*value == '|')
		value++;
	value = skip_spaces(value);
	n = strcspn(value, " \t");
	strscpy(prog, value, min(n + 1, size));
}

/* ---- reporting ---- */

static const char *const reason_names[] = {
	[VED_UMH_PATH_NOT_ALLOWED] = "path not on the allow-list",
	[VED_UMH_BAD_ENV] = "dangerous environment",
	[VED_UMH_PINNED_TAMPERED] = "helper from a tampered pinned string",
	[VED_UMH_BAD_ARGV] = "unexpected arguments",
};

/*
 * The response for a detection.  Refusing the helper (or putting a pinned
 * string back) is the block: the task that asked for a helper is often an
 * innocent bystander (a daemon whose socket() loaded a module), so it is
 * not killed.
 */
static enum ved_action umh_action(const char *what)
{
	enum ved_mode mode = detector_mode(VED_DET_UMH);

	if (mode == VED_MODE_OFF)
		return VED_ACT_NONE;
	if (mode == VED_MODE_PANIC)
		return respond(VED_DET_UMH, NULL, what);
	pr_alert_ratelimited("ved: detector=umh action=%s pid=%d comm=%s: %s\n",
			     mode == VED_MODE_BLOCK ? "block" : "log",
			     task_pid_nr(current), current->comm, what);
	return mode == VED_MODE_BLOCK ? VED_ACT_BLOCK : VED_ACT_LOG;
}

static void report_pinned(const char *name, const char *expected, const char *actual,
			  enum ved_action act, enum ved_severity sev)
{
	struct {
		struct ved_event_header hdr;
		struct ved_ev_pinned pin;
	} rec = {};

	strscpy(rec.pin.name, name, sizeof(rec.pin.name));
	strscpy(rec.pin.expected, expected, sizeof(rec.pin.expected));
	strscpy(rec.pin.actual, actual, sizeof(rec.pin.actual));
	event_emit(&rec.hdr, sizeof(rec), VED_EV_PINNED, VED_DET_UMH, act, sev);
}

static void report_helper(u32 reason, const char *path, const char *detail,
			  enum ved_action act)
{
	struct {
		struct ved_event_header hdr;
		struct ved_ev_umh umh;
	} rec = {};

	rec.umh.reason = reason;
	strscpy(rec.umh.path, path, sizeof(rec.umh.path));
	strscpy(rec.umh.detail, detail, sizeof(rec.umh.detail));
	event_emit(&rec.hdr, sizeof(rec), VED_EV_UMH, VED_DET_UMH, act, VED_SEV_CRITICAL);
}

/*
 * Report a tampered pin; in block mode put the pinned value back, so the
 * next helper runs what root configured.  Caller holds pins_lock.
 */
static enum ved_action pin_detected(struct pin *p, const char *actual)
{
	char what[96];
	enum ved_action act;

	snprintf(what, sizeof(what), "%s changed outside its sysctl", p->name);
	act = umh_action(what);
	if (act == VED_ACT_NONE)
		return act;
	report_pinned(p->name, p->pinned, actual, act, VED_SEV_CRITICAL);
	if (act == VED_ACT_BLOCK)
		memcpy(p->live, p->pinned, strlen(p->pinned) + 1);
	return act;
}

/* ---- judging a helper ---- */

static bool path_allowed(const char *path)
{
	const char *s, *end;
	size_t len = strlen(path);
	unsigned long flags;
	bool found = false;

	if (*path != '/')
		return false;
	spin_lock_irqsave(&allow_lock, flags);
	for (s = allow_list; *s && !found; s = *end ? end + 1 : end) {
		end = strchrnul(s, ':');
		found = end - s == len && !memcmp(s, path, len);
	}
	spin_unlock_irqrestore(&allow_lock, flags);
	return found;
}

static bool env_dangerous(const char *e)
{
	static const char *const bad[] = {
		"LD_", "GCONV_PATH=", "GETCONF_DIR=", "GLIBC_TUNABLES=", "HOSTALIASES=",
		"LOCALDOMAIN=", "LOCPATH=", "MALLOC_", "NIS_PATH=", "NLSPATH=",
		"RESOLV_HOST_CONF=", "RES_OPTIONS=", "TMPDIR=", "TZDIR=",
		"BASH_ENV=", "ENV=", "BASH_FUNC_", "SHELLOPTS=", "PS4=",
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		if (!strncmp(e, bad[i], strlen(bad[i])))
			return true;
	return false;
}

/* request_module() runs exactly: modprobe_path -q -- NAME */
static bool modprobe_argv_ok(char **argv)
{
	return argv && argv[0] && argv[1] && !strcmp(argv[1], "-q") &&
	       argv[2] && !strcmp(argv[2], "--") && argv[3] && argv[3][0] != '-' &&
	       !argv[4];
}

struct verdict {
	u32 reason;
	char detail[VED_PATH_LEN];
};

/*
 * Check every pin; a tampered one is reported (and put back in block mode).
 * Returns the pin the helper @path comes from if that one was tampered.
 */
static struct pin *check_pins(struct subprocess_info *info, bool *legit_prog)
{
	char actual[PIN_MAX], prog[VED_PATH_LEN];
	struct pin *culprit = NULL;
	unsigned long flags;
	int i;

	spin_lock_irqsave(&pins_lock, flags);
	for (i = 0; i < ARRAY_SIZE(pins); i++) {
		struct pin *p = &pins[i];
		bool core_pin = i == PIN_CORE;
		bool from_pin;

		if (!p->live)
			continue;
		/* A core pipe handler always comes from core_pattern. */
		if (core_pin && (unsigned long)info->init != coredump_setup)
			from_pin = false;
		else if (core_pin)
			from_pin = true;
		else if (info->path == p->live)
			from_pin = true;
		else {
			pin_read_live(p, actual);
			program_of(actual, prog, sizeof(prog));
			from_pin = !strcmp(prog, info->path);
		}
		if (pin_tampered(p, actual)) {
			if (from_pin && !culprit)
				culprit = p;
			pin_detected(p, actual);
			continue;
		}
		/* Root set this program through the sysctl: it may run, as itself. */
		program_of(p->pinned, prog, sizeof(prog));
		if (from_pin && !strcmp(prog, info->path))
			*legit_prog = true;
	}
	spin_unlock_irqrestore(&pins_lock, flags);
	return culprit;
}

static void judge(struct subprocess_info *info, struct verdict *v)
{
	bool legit_prog = false;
	struct pin *culprit;
	int i;

	culprit = check_pins(info, &legit_prog);
	if (culprit) {
		v->reason = VED_UMH_PINNED_TAMPERED;
		strscpy(v->detail, culprit->name, sizeof(v->detail));
		return;
	}
	if (!legit_prog && !path_allowed(info->path)) {
		v->reason = VED_UMH_PATH_NOT_ALLOWED;
		strscpy(v->detail, info->argv && info->argv[0] ? info->argv[0] : "",
			sizeof(v->detail));
		return;
	}
	if (pins[PIN_MODPROBE].live && info->path == pins[PIN_MODPROBE].live &&
	    !modprobe_argv_ok(info->argv)) {
		v->reason = VED_UMH_BAD_ARGV;
		strscpy(v->detail, info->argv && info->argv[0] && info->argv[1] ?
			info->argv[1] : "", sizeof(v->detail));
		return;
	}
	for (i = 0; info->envp && info->envp[i] && i < SCAN_MAX; i++) {
		if (env_dangerous(info->envp[i])) {
			v->reason = VED_UMH_BAD_ENV;
			strscpy(v->detail, info->envp[i], sizeof(v->detail));
			return;
		}
	}
}

/*
 * Runs instead of call_usermodehelper_exec(info, wait), with its arguments,
 * in its caller's context: free @info the way the kernel would have
 * (call_usermodehelper_freeinfo(), the same on 6.1 and 6.12) and fail.
 */
static int umh_refused(struct subprocess_info *info, int wait)
{
	if (info->cleanup)
		info->cleanup(info);
	kfree(info);
	return -EPERM;
}

static int umh_exec_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct subprocess_info *info = (struct subprocess_info *)regs->di;
	struct verdict v = { 0 };
	char what[VED_PATH_LEN + 64], path[VED_PATH_LEN];
	enum ved_action act;

	if (detector_mode(VED_DET_UMH) == VED_MODE_OFF || !info || !info->path)
		return 0;
	/* request_module()'s path is modprobe_path itself, which judge() may
	 * put back: report the path the helper was asked to run. */
	strscpy(path, info->path, sizeof(path));
	judge(info, &v);
	if (!v.reason)
		return 0;
	snprintf(what, sizeof(what), "helper %s refused: %s (%s)", path,
		 reason_names[v.reason], v.detail);
	act = umh_action(what);
	if (act == VED_ACT_NONE)
		return 0;
	report_helper(v.reason, path, v.detail, act);
	respond_finish(act, what);
	if (act != VED_ACT_BLOCK)
		return 0;
	instruction_pointer_set(regs, (unsigned long)umh_refused);
	return 1;
}

/* ---- accepting sysctl writes ---- */

struct write_ctx {
	struct pin *pin;
};

static int dostring_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	VED_CTL_TABLE *table = (VED_CTL_TABLE *)regs->di;
	struct write_ctx *ctx = (struct write_ctx *)ri->data;
	int i;

	if (!(int)regs->si || !table)
		return 1;	/* a read: no return handler */
	for (i = 0; i < ARRAY_SIZE(pins); i++) {
		if (pins[i].live && table->data == pins[i].live) {
			ctx->pin = &pins[i];
			atomic_inc(&pins[i].writers);
			return 0;
		}
	}
	return 1;
}

static int dostring_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct pin *p = ((struct write_ctx *)ri->data)->pin;
	char old[PIN_MAX], now[PIN_MAX];
	unsigned long flags;
	bool changed;

	spin_lock_irqsave(&pins_lock, flags);
	pin_read_live(p, now);
	changed = strcmp(now, p->pinned);
	if (changed && !regs_return_value(regs)) {
		memcpy(old, p->pinned, sizeof(old));
		memcpy(p->pinned, now, sizeof(p->pinned));
		p->reported[0] = '\0';
	}
	atomic_dec(&p->writers);
	spin_unlock_irqrestore(&pins_lock, flags);
	if (changed && !regs_return_value(regs)) {
		pr_info("ved: %s set through its sysctl: \"%s\" -> \"%s\"\n", p->name, old, now);
		report_pinned(p->name, old, now, VED_ACT_NONE, VED_SEV_INFO);
	}
	return 0;
}

static struct kretprobe dostring_probe = {
	.kp.symbol_name = "proc_dostring",
	.entry_handler = dostring_entry,
	.handler = dostring_return,
	.data_size = sizeof(struct write_ctx),
	.maxactive = 64,
};

static struct kprobe exec_probe = {
	.symbol_name = "call_usermodehelper_exec",
	.pre_handler = umh_exec_pre,
};

/* ---- the allow-list (sysctl ved.umh_allow, handled by config.c) ---- */

/* Colon-separated absolute paths, no blanks or controls; "" allows none. */
static int allow_list_valid(const char *list)
{
	const char *s, *end, *c;
	int n = 0;

	if (strlen(list) >= UMH_ALLOW_MAX)
		return -EINVAL;
	for (s = list; *s; s = *end ? end + 1 : end) {
		end = strchrnul(s, ':');
		if (*s != '/' || end - s >= VED_PATH_LEN || ++n > 64)
			return -EINVAL;
		for (c = s; c < end; c++)
			if (*c <= ' ' || *c >= 0x7f)
				return -EINVAL;
		if (*end && !end[1])
			return -EINVAL;	/* trailing ':' */
	}
	return 0;
}

int umh_allow_set(const char *list)
{
	unsigned long flags;
	int ret = allow_list_valid(list);

	if (ret)
		return ret;
	spin_lock_irqsave(&allow_lock, flags);
	strscpy(allow_list, list, sizeof(allow_list));
	spin_unlock_irqrestore(&allow_lock, flags);
	return 0;
}

void umh_allow_get(char *buf, size_t size)
{
	unsigned long flags;

	spin_lock_irqsave(&allow_lock, flags);
	strscpy(buf, allow_list, size);
	spin_unlock_irqrestore(&allow_lock, flags);
}

/* ---- the sweep ---- */

static void sweep(struct work_struct *work)
{
	enum ved_action act, worst = VED_ACT_NONE;
	char actual[PIN_MAX];
	unsigned long flags;
	int i;

	spin_lock_irqsave(&pins_lock, flags);
	for (i = 0; i < ARRAY_SIZE(pins) && detector_mode(VED_DET_UMH) != VED_MODE_OFF; i++) {
		struct pin *p = &pins[i];

		/* Once per tampered value: a log-mode host is not flooded. */
		if (pin_tampered(p, actual) && strcmp(actual, p->reported)) {
			act = pin_detected(p, actual);
			if (act != VED_ACT_BLOCK)
				strscpy(p->reported, actual, sizeof(p->reported));
			worst = max(worst, act);
		}
	}
	spin_unlock_irqrestore(&pins_lock, flags);
	respond_finish(worst, "pinned usermode-helper string tampered");
	schedule_delayed_work(&sweep_work, msecs_to_jiffies(config_sweep_interval_ms()));
}

/* ---- setup ---- */

static void pins_init(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(pins); i++) {
		pins[i].live = (char *)ved_lookup_name(pins[i].name);
		atomic_set(&pins[i].writers, 0);
		if (pins[i].live)
			pin_read_live(&pins[i], pins[i].pinned);
	}
}

int umh_init(void)
{
	int ret;

	pins_init();
	if (!pins[PIN_MODPROBE].live || !pins[PIN_CORE].live) {
		pr_err("ved: umh: cannot find modprobe_path/core_pattern\n");
		return -ENOENT;
	}
	coredump_setup = ved_lookup_name("umh_coredump_setup");
	if (!coredump_setup)
		pr_warn("ved: umh: umh_coredump_setup not found: core handlers judged by path\n");
	ret = register_kretprobe(&dostring_probe);
	if (ret) {
		pr_err("ved: umh: cannot probe proc_dostring: %d\n", ret);
		return ret;
	}
	ret = register_kprobe(&exec_probe);
	if (ret) {
		pr_err("ved: umh: cannot probe call_usermodehelper_exec: %d\n", ret);
		unregister_kretprobe(&dostring_probe);
		return ret;
	}
	INIT_DELAYED_WORK(&sweep_work, sweep);
	schedule_delayed_work(&sweep_work, msecs_to_jiffies(config_sweep_interval_ms()));
	return 0;
}

void umh_exit(void)
{
	cancel_delayed_work_sync(&sweep_work);
	unregister_kprobe(&exec_probe);
	unregister_kretprobe(&dostring_probe);
}
