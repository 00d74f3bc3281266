// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration: a response mode per detector, profiles that set them all,
 * and the lock.  Everything lives under the sysctl tree ved.*:
 *
 *   ved.mode.<detector>  off | log | block | panic
 *   ved.profile          default | monitor | strict | off (write applies it)
 *   ved.sweep_ms         period of the background checks, 100..60000
 *   ved.hash_period_ms   period of a core text/rodata hashing pass, 100..3600000
 *   ved.sweep_now        write 1: a full sweep at once
 *   ved.lock             write 1 to lock: one-way until reboot
 *   ved.stats.*          read-only counters
 *
 * Every write is validated before anything changes (-EINVAL, nothing half
 * applied), refused once locked (-EPERM), and reported as a VED_EV_CONFIG
 * record either way.  Module parameters give the boot-time values.
 */
#include <linux/ctype.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysctl.h>

#include "compat.h"
#include "ved.h"

static const char *const detector_names[VED_DET_COUNT] = {
	[VED_DET_CORE] = "core", [VED_DET_CREDS] = "creds", [VED_DET_CPU] = "cpu",
	[VED_DET_UMH] = "umh", [VED_DET_WCFI] = "wcfi",
	[VED_DET_INTEGRITY] = "integrity", [VED_DET_ROOTKIT] = "rootkit",
	[VED_DET_SELF] = "self",
};

static const char *const mode_names[] = {
	[VED_MODE_OFF] = "off", [VED_MODE_LOG] = "log",
	[VED_MODE_BLOCK] = "block", [VED_MODE_PANIC] = "panic",
};

struct profile {
	const char *name;
	u8 modes[VED_DET_COUNT];
};

/* Detectors that can refuse an operation block by default; the rest log. */
static const struct profile profiles[] = {
	{ "default", { [VED_DET_CREDS] = VED_MODE_BLOCK, [VED_DET_CPU] = VED_MODE_BLOCK,
		       [VED_DET_UMH] = VED_MODE_BLOCK, [VED_DET_WCFI] = VED_MODE_BLOCK,
		       [VED_DET_INTEGRITY] = VED_MODE_LOG, [VED_DET_ROOTKIT] = VED_MODE_LOG,
		       [VED_DET_SELF] = VED_MODE_LOG } },
	{ "monitor", { [VED_DET_CREDS] = VED_MODE_LOG, [VED_DET_CPU] = VED_MODE_LOG,
		       [VED_DET_UMH] = VED_MODE_LOG, [VED_DET_WCFI] = VED_MODE_LOG,
		       [VED_DET_INTEGRITY] = VED_MODE_LOG, [VED_DET_ROOTKIT] = VED_MODE_LOG,
		       [VED_DET_SELF] = VED_MODE_LOG } },
	{ "strict",  { [VED_DET_CREDS] = VED_MODE_BLOCK, [VED_DET_CPU] = VED_MODE_BLOCK,
		       [VED_DET_UMH] = VED_MODE_BLOCK, [VED_DET_WCFI] = VED_MODE_BLOCK,
		       [VED_DET_INTEGRITY] = VED_MODE_BLOCK, [VED_DET_ROOTKIT] = VED_MODE_BLOCK,
		       [VED_DET_SELF] = VED_MODE_PANIC } },
	{ "off", { 0 } },
};

static DEFINE_MUTEX(config_mutex);
static u8 modes[VED_DET_COUNT];
static char profile_name[16] = "default";
static int sweep_ms = 1000;
/*
 * Core text and rodata are hashed over this period, not every sweep
 * (integrity.c).  At 30 s hashing costs 0.17-0.42% of one core under QEMU
 * TCG, the slowest machine ved is tested on (bench/README.md); on hardware
 * a pass costs 50-100 times less and the period can be lowered.
 */
static int hash_period_ms = 30000;
static int locked;

static char *profile = "default";
module_param(profile, charp, 0444);
MODULE_PARM_DESC(profile, "initial profile: default, monitor, strict, off");
static char *mode_overrides = "";
module_param_named(modes, mode_overrides, charp, 0444);
MODULE_PARM_DESC(modes, "per-detector modes after the profile, e.g. creds=log,umh=off");
static bool lock_at_load;
module_param_named(lock, lock_at_load, bool, 0444);
MODULE_PARM_DESC(lock, "lock the configuration (and unloading) right after load");

const char *detector_name(enum ved_detector det)
{
	return det < VED_DET_COUNT ? detector_names[det] : "?";
}

enum ved_mode detector_mode(enum ved_detector det)
{
	return det < VED_DET_COUNT ? READ_ONCE(modes[det]) : VED_MODE_OFF;
}

/* The flag, or self-protection's shadow of it (the flag alone can be
 * cleared by a write to ved's memory). */
bool ved_locked(void)
{
	return READ_ONCE(locked) || self_config_locked();
}

void config_lock(void)
{
	mutex_lock(&config_mutex);
}

void config_unlock(void)
{
	mutex_unlock(&config_mutex);
}

void config_image_read(struct ved_config_image *img)
{
	memset(img, 0, sizeof(*img));
	memcpy(img->modes, modes, sizeof(img->modes));
	img->locked = READ_ONCE(locked);
	img->sweep_ms = READ_ONCE(sweep_ms);
	img->hash_period_ms = READ_ONCE(hash_period_ms);
	strscpy(img->profile, profile_name, sizeof(img->profile));
	umh_allow_get(img->umh_allow, sizeof(img->umh_allow));
}

/* Put a configuration back (self-protection, block mode); never unlocks. */
void config_image_write(const struct ved_config_image *img)
{
	int det;

	for (det = 0; det < VED_DET_COUNT; det++)
		WRITE_ONCE(modes[det], img->modes[det]);
	if (img->locked)
		WRITE_ONCE(locked, 1);
	WRITE_ONCE(sweep_ms, img->sweep_ms);
	WRITE_ONCE(hash_period_ms, img->hash_period_ms);
	strscpy(profile_name, img->profile, sizeof(profile_name));
	umh_allow_set(img->umh_allow);
}

int config_sweep_interval_ms(void)
{
	return READ_ONCE(sweep_ms);
}

int config_hash_period_ms(void)
{
	return READ_ONCE(hash_period_ms);
}

static int parse_mode(const char *s)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(mode_names); i++)
		if (sysfs_streq(s, mode_names[i]))
			return i;
	return -EINVAL;
}

static const struct profile *find_profile(const char *s)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(profiles); i++)
		if (sysfs_streq(s, profiles[i].name))
			return &profiles[i];
	return NULL;
}

static void report_change(const char *key, const char *old, const char *new, int result)
{
	struct {
		struct ved_event_header hdr;
		struct ved_ev_config cfg;
	} rec = {};

	strscpy(rec.cfg.key, key, sizeof(rec.cfg.key));
	strscpy(rec.cfg.old_value, old, sizeof(rec.cfg.old_value));
	strscpy(rec.cfg.new_value, new, sizeof(rec.cfg.new_value));
	rec.cfg.result = result;
	event_emit(&rec.hdr, sizeof(rec), VED_EV_CONFIG, VED_DET_CORE,
		   result ? VED_ACT_BLOCK : VED_ACT_NONE,
		   result ? VED_SEV_WARNING : VED_SEV_INFO);
	pr_info("ved: config %s: %s -> %s (%s)\n", key, old, new,
		result == -EPERM ? "refused: locked" : result ? "invalid" : "applied");
}

/*
 * Copy a sysctl write into @buf (at most @size - 1 bytes, trailing newline
 * dropped).  -EINVAL for partial/offset writes, which could half-apply.
 */
static int take_write(char *buf, size_t size, void *data, size_t len, loff_t *ppos)
{
	if (*ppos || !len || len >= size)
		return -EINVAL;
	/* "off\0junk" is not "off": a NUL inside the write is garbage. */
	if (strnlen(data, len) != len)
		return -EINVAL;
	memcpy(buf, data, len);
	buf[len] = '\0';
	strim(buf);
	return 0;
}

static int show_string(const char *value, void *data, size_t *lenp, loff_t *ppos)
{
	size_t n = strlen(value);

	if (*ppos >= n + 1) {
		*lenp = 0;
		return 0;
	}
	n = min(*lenp, n + 1 - (size_t)*ppos);
	memcpy(data, value + *ppos, n);
	if (*ppos + n == strlen(value) + 1)
		((char *)data)[n - 1] = '\n';
	*lenp = n;
	*ppos += n;
	return 0;
}

/* ved.mode.<detector>; table->extra1 holds the detector number. */
static int mode_handler(VED_CTL_TABLE *table, int write, void *data,
			size_t *lenp, loff_t *ppos)
{
	int det = (long)table->extra1, mode, ret;
	char key[32], buf[16];

	if (!write)
		return show_string(mode_names[detector_mode(det)], data, lenp, ppos);

	snprintf(key, sizeof(key), "mode.%s", detector_names[det]);
	ret = take_write(buf, sizeof(buf), data, *lenp, ppos);
	mutex_lock(&config_mutex);
	if (!ret && ved_locked())
		ret = -EPERM;
	mode = ret ? ret : parse_mode(buf);
	if (mode < 0)
		ret = mode;
	report_change(key, mode_names[modes[det]], ret == -EINVAL ? "(invalid)" : buf, ret);
	if (!ret) {
		WRITE_ONCE(modes[det], mode);
		strscpy(profile_name, "custom", sizeof(profile_name));
		self_config_changed();
		*ppos += *lenp;
	}
	mutex_unlock(&config_mutex);
	return ret;
}

static void apply_profile(const struct profile *p)
{
	int det;

	for (det = 0; det < VED_DET_COUNT; det++)
		WRITE_ONCE(modes[det], p->modes[det]);
	strscpy(profile_name, p->name, sizeof(profile_name));
}

static int profile_handler(VED_CTL_TABLE *table, int write, void *data,
			   size_t *lenp, loff_t *ppos)
{
	const struct profile *p = NULL;
	char buf[16];
	int ret;

	if (!write)
		return show_string(profile_name, data, lenp, ppos);
	ret = take_write(buf, sizeof(buf), data, *lenp, ppos);
	mutex_lock(&config_mutex);
	if (!ret && ved_locked())
		ret = -EPERM;
	if (!ret) {
		p = find_profile(buf);
		if (!p)
			ret = -EINVAL;
	}
	report_change("profile", profile_name, ret == -EINVAL ? "(invalid)" : buf, ret);
	if (!ret) {
		apply_profile(p);
		self_config_changed();
		*ppos += *lenp;
	}
	mutex_unlock(&config_mutex);
	return ret;
}

static void lock_now(void)
{
	locked = 1;
	/* A reference we never drop: rmmod now fails until reboot. */
	__module_get(THIS_MODULE);
	pr_notice("ved: configuration locked until reboot\n");
}

/*
 * Once locked, ved stays: the reference lock_now() takes stops a plain
 * rmmod, but Debian kernels have CONFIG_MODULE_FORCE_UNLOAD and `rmmod -f`
 * ignores references.  delete_module("ved") is refused outright instead,
 * and recorded like any other refused configuration change.  The probe sits
 * on the system call wrapper (its argument is the user's registers): unlike
 * __do_sys_delete_module it has an ftrace site, so the probe may skip it.
 */
static struct kprobe unload_probes[2];

static int delete_module_pre(struct kprobe *p, struct pt_regs *regs)
{
	const struct pt_regs *user = (const struct pt_regs *)regs->di;
	bool ia32 = p == &unload_probes[1];
	unsigned long uname = ia32 ? (u32)user->bx : user->di;
	unsigned long uflags = ia32 ? (u32)user->cx : user->si;
	char name[MODULE_NAME_LEN];
	size_t n = min_t(size_t, sizeof(name), PAGE_SIZE - offset_in_page(uname));

	if (!ved_locked())
		return 0;
	/* No faults in a probe handler: the bytes up to the name's page end. */
	if (copy_from_user_nofault(name, (const void __user *)uname, n) ||
	    !memchr(name, '\0', n)) {
		/* A name we cannot read here: refuse what could bypass the reference. */
		if (!(uflags & O_TRUNC))
			return 0;
	} else if (strcmp(name, THIS_MODULE->name)) {
		return 0;
	}
	report_change("unload", THIS_MODULE->name, uflags & O_TRUNC ? "forced" : "rmmod", -EPERM);
	return probe_skip_function(regs, -EPERM);
}

static struct kprobe unload_probes[2] = {
	{ .symbol_name = "__x64_sys_delete_module", .pre_handler = delete_module_pre },
	{ .symbol_name = "__ia32_sys_delete_module", .pre_handler = delete_module_pre },
};
static bool unload_probe_on[2];

static int lock_handler(VED_CTL_TABLE *table, int write, void *data,
			size_t *lenp, loff_t *ppos)
{
	char buf[8];
	int ret;

	if (!write)
		return show_string(locked ? "1" : "0", data, lenp, ppos);
	ret = take_write(buf, sizeof(buf), data, *lenp, ppos);
	if (!ret && strcmp(buf, "1") && strcmp(buf, "0"))
		ret = -EINVAL;
	mutex_lock(&config_mutex);
	if (!ret && ved_locked())
		ret = -EPERM;	/* one way; once locked, every write is refused */
	report_change("lock", locked ? "1" : "0", ret == -EINVAL ? "(invalid)" : buf, ret);
	if (!ret) {
		if (!locked && !strcmp(buf, "1"))
			lock_now();
		self_config_changed();
		*ppos += *lenp;
	}
	mutex_unlock(&config_mutex);
	return ret;
}

/* ved.sweep_ms, ved.hash_period_ms: table->data, range extra1..extra2. */
static int ms_handler(VED_CTL_TABLE *table, int write, void *data,
		      size_t *lenp, loff_t *ppos)
{
	int *ms = table->data, lo = (long)table->extra1, hi = (long)table->extra2;
	char buf[16], old[16];
	int ret, value = 0;

	if (!write) {
		snprintf(buf, sizeof(buf), "%d", READ_ONCE(*ms));
		return show_string(buf, data, lenp, ppos);
	}
	ret = take_write(buf, sizeof(buf), data, *lenp, ppos);
	if (!ret && (kstrtoint(buf, 10, &value) || value < lo || value > hi))
		ret = -EINVAL;
	mutex_lock(&config_mutex);
	if (!ret && ved_locked())
		ret = -EPERM;
	snprintf(old, sizeof(old), "%d", *ms);
	report_change(table->procname, old, ret == -EINVAL ? "(invalid)" : buf, ret);
	if (!ret) {
		WRITE_ONCE(*ms, value);
		self_config_changed();
		*ppos += *lenp;
	}
	mutex_unlock(&config_mutex);
	return ret;
}

/*
 * ved.sweep_now: write 1 for a full sweep at once, core text hashing
 * included (reads 0).  Refused once locked, like every write.
 */
static int sweep_now_handler(VED_CTL_TABLE *table, int write, void *data,
			     size_t *lenp, loff_t *ppos)
{
	char buf[8];
	int ret;

	if (!write)
		return show_string("0", data, lenp, ppos);
	ret = take_write(buf, sizeof(buf), data, *lenp, ppos);
	mutex_lock(&config_mutex);
	if (!ret && ved_locked())
		ret = -EPERM;
	else if (!ret && strcmp(buf, "1"))
		ret = -EINVAL;
	report_change("sweep_now", "0", ret == -EINVAL ? "(invalid)" : buf, ret);
	if (!ret) {
		ved_sweep_now();
		*ppos += *lenp;
	}
	mutex_unlock(&config_mutex);
	return ret;
}

/* ved.umh_allow: the usermode-helper allow-list, validated and kept by umh.c. */
static int umh_allow_handler(VED_CTL_TABLE *table, int write, void *data,
			     size_t *lenp, loff_t *ppos)
{
	char *buf, *old;
	int ret;

	buf = kmalloc(UMH_ALLOW_MAX, GFP_KERNEL);
	old = kmalloc(UMH_ALLOW_MAX, GFP_KERNEL);
	if (!buf || !old) {
		ret = -ENOMEM;
		goto out;
	}
	umh_allow_get(old, UMH_ALLOW_MAX);
	if (!write) {
		ret = show_string(old, data, lenp, ppos);
		goto out;
	}
	ret = take_write(buf, UMH_ALLOW_MAX, data, *lenp, ppos);
	mutex_lock(&config_mutex);
	if (!ret && ved_locked())
		ret = -EPERM;
	if (!ret)
		ret = umh_allow_set(buf);
	report_change("umh_allow", old, ret == -EINVAL ? "(invalid)" : buf, ret);
	if (!ret) {
		self_config_changed();
		*ppos += *lenp;
	}
	mutex_unlock(&config_mutex);
out:
	kfree(buf);
	kfree(old);
	return ret;
}

static int stats_handler(VED_CTL_TABLE *table, int write, void *data,
			 size_t *lenp, loff_t *ppos)
{
	char buf[24];
	long which = (long)table->extra1;
	u64 v = which == 3 ? wcfi_check_ns() : which == 2 ? wcfi_check_count() :
		which ? events_dropped() : events_emitted();

	if (write)
		return -EPERM;
	snprintf(buf, sizeof(buf), "%llu", v);
	return show_string(buf, data, lenp, ppos);
}

static struct ctl_table mode_table[] = {
	{ .procname = "creds", .mode = 0600, .proc_handler = mode_handler,
	  .extra1 = (void *)(long)VED_DET_CREDS },
	{ .procname = "cpu", .mode = 0600, .proc_handler = mode_handler,
	  .extra1 = (void *)(long)VED_DET_CPU },
	{ .procname = "umh", .mode = 0600, .proc_handler = mode_handler,
	  .extra1 = (void *)(long)VED_DET_UMH },
	{ .procname = "wcfi", .mode = 0600, .proc_handler = mode_handler,
	  .extra1 = (void *)(long)VED_DET_WCFI },
	{ .procname = "integrity", .mode = 0600, .proc_handler = mode_handler,
	  .extra1 = (void *)(long)VED_DET_INTEGRITY },
	{ .procname = "rootkit", .mode = 0600, .proc_handler = mode_handler,
	  .extra1 = (void *)(long)VED_DET_ROOTKIT },
	{ .procname = "self", .mode = 0600, .proc_handler = mode_handler,
	  .extra1 = (void *)(long)VED_DET_SELF },
	VED_CTL_END
};

static struct ctl_table top_table[] = {
	{ .procname = "profile", .mode = 0600, .proc_handler = profile_handler },
	{ .procname = "lock", .mode = 0600, .proc_handler = lock_handler },
	{ .procname = "sweep_ms", .mode = 0600, .proc_handler = ms_handler,
	  .data = &sweep_ms, .extra1 = (void *)100L, .extra2 = (void *)60000L },
	{ .procname = "hash_period_ms", .mode = 0600, .proc_handler = ms_handler,
	  .data = &hash_period_ms, .extra1 = (void *)100L, .extra2 = (void *)3600000L },
	{ .procname = "sweep_now", .mode = 0600, .proc_handler = sweep_now_handler },
	{ .procname = "umh_allow", .mode = 0600, .proc_handler = umh_allow_handler },
	VED_CTL_END
};

static struct ctl_table stats_table[] = {
	{ .procname = "events", .mode = 0444, .proc_handler = stats_handler },
	{ .procname = "dropped", .mode = 0444, .proc_handler = stats_handler,
	  .extra1 = (void *)1L },
	{ .procname = "wcfi_checks", .mode = 0444, .proc_handler = stats_handler,
	  .extra1 = (void *)2L },
	{ .procname = "wcfi_ns", .mode = 0444, .proc_handler = stats_handler,
	  .extra1 = (void *)3L },
	VED_CTL_END
};

static struct ctl_table_header *headers[3];

/* Module parameter "modes": "det=mode[,det=mode...]", all valid or nothing. */
static int apply_mode_overrides(const char *spec)
{
	u8 next[VED_DET_COUNT];
	char *copy, *cur, *item;
	int det, mode, ret = 0;

	memcpy(next, modes, sizeof(next));
	copy = kstrdup(spec, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	cur = copy;
	while ((item = strsep(&cur, ",")) && !ret) {
		char *eq = strchr(item, '=');

		if (!*item)
			continue;
		if (!eq) {
			ret = -EINVAL;
			break;
		}
		*eq = '\0';
		mode = parse_mode(eq + 1);
		for (det = 1; det < VED_DET_COUNT; det++)
			if (!strcmp(item, detector_names[det]))
				break;
		if (det == VED_DET_COUNT || mode < 0)
			ret = -EINVAL;
		else
			next[det] = mode;
	}
	kfree(copy);
	if (!ret)
		memcpy(modes, next, sizeof(modes));
	return ret;
}

int config_init(void)
{
	const struct profile *p = find_profile(profile);
	int i;

	if (!p) {
		pr_err("ved: unknown profile '%s'\n", profile);
		return -EINVAL;
	}
	apply_profile(p);
	if (apply_mode_overrides(mode_overrides)) {
		pr_err("ved: bad modes= parameter '%s'\n", mode_overrides);
		return -EINVAL;
	}
	if (*mode_overrides)
		strscpy(profile_name, "custom", sizeof(profile_name));
	headers[0] = register_sysctl("ved", top_table);
	headers[1] = register_sysctl("ved/mode", mode_table);
	headers[2] = register_sysctl("ved/stats", stats_table);
	if (!headers[0] || !headers[1] || !headers[2]) {
		config_exit();
		return -ENOMEM;
	}
	for (i = 0; i < ARRAY_SIZE(unload_probes); i++) {
		if (register_kprobe(&unload_probes[i]))
			pr_warn("ved: cannot hook %s: a forced unload can remove ved after the lock\n",
				unload_probes[i].symbol_name);
		else
			unload_probe_on[i] = true;
	}
	if (lock_at_load)
		lock_now();
	return 0;
}

void config_exit(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(unload_probes); i++) {
		if (unload_probe_on[i])
			unregister_kprobe(&unload_probes[i]);
		unload_probe_on[i] = false;
	}

	for (i = ARRAY_SIZE(headers) - 1; i >= 0; i--) {
		if (headers[i])
			unregister_sysctl_table(headers[i]);
		headers[i] = NULL;
	}
}
