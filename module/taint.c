// SPDX-License-Identifier: GPL-2.0
/*
 * Taint-flag tampering.  The kernel only ever sets taint flags; nothing
 * clears them short of a reboot.  So a flag that was set and is now clear
 * was cleared by someone writing tainted_mask (vedkit's clear_taint), and a
 * module that carries an out-of-tree or unsigned taint of its own while
 * the global mask lacks it tells the same story even when ved loaded after
 * the clearing.  Block mode sets the lost flags again (add_taint()).
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/panic.h>

#include "ved.h"

static unsigned long *tainted_mask_p;
static unsigned long last_mask;
static struct mutex *module_mutex_p;
static struct list_head *modules_p;

static bool restore_taint(const struct ved_ev_integrity *ev)
{
	unsigned long lost = ev->expected & ~ev->actual;
	int bit;

	for_each_set_bit(bit, &lost, TAINT_FLAGS_COUNT)
		add_taint(bit, LOCKDEP_STILL_OK);
	return (READ_ONCE(*tainted_mask_p) & lost) == lost;
}

/* Taint flags that loaded modules carry themselves (O, E, ...). */
static unsigned long module_taints(char *who, size_t len)
{
	unsigned long taints = 0;
	struct module *m;

	if (!module_mutex_p || !modules_p)
		return 0;
	mutex_lock(module_mutex_p);
	list_for_each_entry(m, modules_p, list) {
		if (m->state == MODULE_STATE_UNFORMED || !m->taints)
			continue;
		if (m->taints & ~taints)
			strscpy(who, m->name, len);
		taints |= m->taints;
	}
	mutex_unlock(module_mutex_p);
	return taints;
}

void taint_check(void)
{
	struct ved_ev_integrity ev = { .object = VED_INT_TAINT };
	unsigned long now, expected, mods;
	char who[VED_SYM_LEN] = "";

	if (!tainted_mask_p || detector_mode(VED_DET_ROOTKIT) == VED_MODE_OFF)
		return;
	now = READ_ONCE(*tainted_mask_p);
	mods = module_taints(who, sizeof(who));
	expected = last_mask | mods;
	if (!(expected & ~now)) {
		last_mask = now;
		ved_forget((u64)VED_INT_TAINT << 56);
		return;
	}
	ev.address = (unsigned long)tainted_mask_p;
	ev.expected = expected;
	ev.actual = now;
	strscpy(ev.name, "tainted_mask", sizeof(ev.name));
	/* Who cleared it is unknown; name the module whose taint is missing. */
	if (mods & ~now)
		strscpy(ev.owner, who, sizeof(ev.owner));
	if (ved_first_report((u64)VED_INT_TAINT << 56) ||
	    detector_mode(VED_DET_ROOTKIT) == VED_MODE_BLOCK)
		ved_integrity_report(VED_DET_ROOTKIT, VED_SEV_CRITICAL, &ev, restore_taint);
	last_mask = expected;
}

int taint_init(void)
{
	tainted_mask_p = (unsigned long *)ved_lookup_name("tainted_mask");
	module_mutex_p = (struct mutex *)ved_lookup_name("module_mutex");
	modules_p = (struct list_head *)ved_lookup_name("modules");
	if (tainted_mask_p)
		last_mask = READ_ONCE(*tainted_mask_p);
	return 0;
}
