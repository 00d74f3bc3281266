// SPDX-License-Identifier: GPL-2.0
/*
 * Self-protection: tampering with ved itself.
 *
 * A root attacker does not need to defeat a detector when it can switch it
 * off: disable or unregister its kprobes, disarm every kprobe through
 * debugfs, patch its handlers, or write its configuration in memory (a
 * mode to off, the lock flag to 0).  Each sweep checks, for each of these:
 *
 *   - ved's kprobes (self_probes.c): still registered, enabled, with their
 *     original handlers, their site armed; kprobes not globally disarmed;
 *   - ved's code (self_text.c): unchanged outside the sites that the kernel
 *     patches legitimately (ftrace, jump labels, static calls, kprobes),
 *     which are checked against what their subsystem means them to hold;
 *   - ved's configuration (here): equal to a shadow that only config.c's
 *     sysctl paths update, after validation, under config_mutex.
 *
 * Block mode re-arms, re-registers, restores the code and the configuration;
 * log mode reports; panic mode reports and panics.  The mode used is the
 * shadow's, so writing "off" over ved.mode.self in memory does not silence
 * self-protection.  In block mode the shadow's lock also binds config.c
 * (self_config_locked()): clearing the lock flag in memory does not reopen
 * the sysctls.  While unlocked, a sysctl write adopts the whole live
 * configuration as the new shadow, a memory write made just before it
 * included: unlocked, root may change anything through the sysctls anyway.
 */
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>

#include "self.h"

/*
 * The shadow is read through a read-only mapping of its page (a stray
 * write through it faults) and written through the kernel's direct map.
 */
static struct page *shadow_page;
static struct ved_config_image *shadow, *shadow_rw;
static bool config_reported;

/* Cost figures, read through /sys/module/ved/parameters/. */
static unsigned long self_check_last_ns, self_check_max_ns;
module_param(self_check_last_ns, ulong, 0444);
MODULE_PARM_DESC(self_check_last_ns, "(read) duration of the last self-protection check, ns");
module_param(self_check_max_ns, ulong, 0444);
MODULE_PARM_DESC(self_check_max_ns, "(read) longest self-protection check, ns");

enum ved_mode self_mode(void)
{
	struct ved_config_image *s = READ_ONCE(shadow);

	return s ? READ_ONCE(s->modes[VED_DET_SELF]) : detector_mode(VED_DET_SELF);
}

enum ved_action self_report(const struct ved_ev_integrity *ev,
			    bool (*restore)(void *arg), void *arg)
{
	enum ved_mode mode = self_mode();
	enum ved_action act = VED_ACT_LOG;

	if (mode == VED_MODE_OFF)
		return VED_ACT_NONE;
	if (mode == VED_MODE_BLOCK && restore && restore(arg))
		act = VED_ACT_BLOCK;
	else if (mode == VED_MODE_PANIC)
		act = VED_ACT_PANIC;
	ved_integrity_emit(VED_DET_SELF, act, VED_SEV_CRITICAL, ev);
	return act;
}

/* ---- the configuration shadow ---- */

static void shadow_store(const struct ved_config_image *img)
{
	memcpy(shadow_rw, img, sizeof(*img));
}

/*
 * config.c, config locked, after it applied a validated change: the new
 * configuration becomes the reference.  The lock is one way, so a lock
 * that the shadow holds is kept even if the flag reads 0 (cleared in
 * memory, then a sysctl write squeezed in before the sweep).
 */
void self_config_changed(void)
{
	struct ved_config_image *img;

	if (!shadow)
		return;
	img = kmalloc(sizeof(*img), GFP_KERNEL);
	if (!img)
		return;
	config_image_read(img);
	if (shadow->locked)
		img->locked = 1;
	shadow_store(img);
	kfree(img);
}

bool self_config_locked(void)
{
	struct ved_config_image *s = READ_ONCE(shadow);

	return s && READ_ONCE(s->locked) && READ_ONCE(s->modes[VED_DET_SELF]) >= VED_MODE_BLOCK;
}

/* The first field that differs, for the report. */
static void config_diff(const struct ved_config_image *want,
			const struct ved_config_image *live, struct ved_ev_integrity *ev)
{
	int det;

	for (det = 0; det < VED_DET_COUNT; det++) {
		if (want->modes[det] != live->modes[det]) {
			snprintf(ev->name, sizeof(ev->name), "mode.%s", detector_name(det));
			ev->index = det;
			ev->expected = want->modes[det];
			ev->actual = live->modes[det];
			return;
		}
	}
	if (want->locked != live->locked) {
		strscpy(ev->name, "lock", sizeof(ev->name));
		ev->expected = want->locked;
		ev->actual = live->locked;
	} else if (want->sweep_ms != live->sweep_ms) {
		strscpy(ev->name, "sweep_ms", sizeof(ev->name));
		ev->expected = want->sweep_ms;
		ev->actual = live->sweep_ms;
	} else if (want->hash_period_ms != live->hash_period_ms) {
		strscpy(ev->name, "hash_period_ms", sizeof(ev->name));
		ev->expected = want->hash_period_ms;
		ev->actual = live->hash_period_ms;
	} else if (strcmp(want->profile, live->profile)) {
		strscpy(ev->name, "profile", sizeof(ev->name));
	} else {
		strscpy(ev->name, "umh_allow", sizeof(ev->name));
	}
}

static bool restore_config(void *arg)
{
	config_image_write(shadow);
	return true;
}

static void config_check(void)
{
	struct ved_ev_integrity ev = { .object = VED_INT_SELF_CONFIG };
	struct ved_config_image *live;

	live = kmalloc(sizeof(*live), GFP_KERNEL);
	if (!live)
		return;
	config_lock();
	config_image_read(live);
	if (!memcmp(live, shadow, sizeof(*live))) {
		config_reported = false;
	} else {
		config_diff(shadow, live, &ev);
		/* Still tampered after a report that restored nothing: once. */
		if (!config_reported)
			config_reported = self_report(&ev, restore_config, NULL) == VED_ACT_LOG;
	}
	config_unlock();
	kfree(live);
}

/* ---- entry points ---- */

void self_check(void)
{
	u64 t0 = ktime_get_ns(), dt;

	if (!shadow)
		return;
	/* The configuration first: what it restores decides the rest. */
	config_check();
	if (self_mode() == VED_MODE_OFF)
		return;
	self_probes_check();
	self_text_check();
	dt = ktime_get_ns() - t0;
	WRITE_ONCE(self_check_last_ns, dt);
	if (dt > self_check_max_ns)
		WRITE_ONCE(self_check_max_ns, dt);
}

int self_init(void)
{
	struct ved_config_image *s;

	BUILD_BUG_ON(sizeof(*shadow) > PAGE_SIZE);
	shadow_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!shadow_page)
		return -ENOMEM;
	s = vmap(&shadow_page, 1, VM_MAP, PAGE_KERNEL_RO);
	if (!s) {
		__free_page(shadow_page);
		shadow_page = NULL;
		return -ENOMEM;
	}
	shadow_rw = page_address(shadow_page);
	config_lock();
	config_image_read(shadow_rw);
	WRITE_ONCE(shadow, s);
	config_unlock();
	self_probes_init();
	self_text_init();
	return 0;
}

/* After the sweep stopped (integrity_stop()). */
void self_exit(void)
{
	struct ved_config_image *s;

	self_text_exit();
	self_probes_exit();
	config_lock();
	s = shadow;
	WRITE_ONCE(shadow, NULL);
	config_unlock();
	if (!s)
		return;
	synchronize_rcu();	/* config.c's unload probe reads it */
	vunmap(s);
	__free_page(shadow_page);
	shadow_page = NULL;
	shadow_rw = NULL;
}
