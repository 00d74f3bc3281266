// SPDX-License-Identifier: GPL-2.0
/*
 * static_call: retarget a static call in core kernel text.
 *
 * Static calls are direct calls that the kernel rewrites when their target
 * changes (the scheduler's cond_resched/might_resched under
 * PREEMPT_DYNAMIC, perf, tracepoints, the LSM hooks on 6.9+).  Integrity
 * checkers have to leave those bytes out of their text hashes, which makes
 * them a quiet place for a hook: a rootkit rewrites one call so that it
 * goes to its own code, which then chains to the real target so nothing
 * looks broken.
 *
 * Two places are rewritten, both with text_poke_bp() under
 * static_call_mutex and text_mutex (so no static_call_update() runs
 * meanwhile):
 *   - a call site: the static call of sc_key (default cond_resched) inside
 *     sc_func (default read_zero, which calls cond_resched() after every
 *     page it clears: reading /dev/zero drives it) now calls
 *     vk_sc_site_hook(), which counts (sc_site_hits) and chains to
 *     cond_resched();
 *   - the key's trampoline __SCT__<sc_key>: its jmp now goes to
 *     vk_sc_tramp_hook() (sc_tramp_hits).  On both Debian kernels every
 *     call in vmlinux text to a trampoline is itself a patched site and
 *     modules' sites are patched at load, so this one is inert unless code
 *     calls the trampoline through its address.
 * ved_static_call (a technique of its own) does the same to ved: every
 * static call site of sc_key in the module "ved" (its sweeps call
 * cond_resched() between batches) now calls vk_sc_ved_hook(), counted in
 * sc_ved_state, so the sweep itself runs through vedkit's code.
 * The hooks have cond_resched()'s prototype (int (void)).  On unload each
 * place gets its original bytes back if it still holds vedkit's
 * instruction (a static_call_update() of the key rewrites both), then
 * vedkit waits for callers still inside its hooks (they may sleep in
 * cond_resched()) and for an RCU-tasks grace period before its text goes.
 */
#define pr_fmt(fmt) "vedkit: " fmt

#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/rcupdate_wait.h>
#include <linux/sched.h>
#include <linux/static_call_types.h>
#include <linux/string.h>

#include "vedkit.h"

static char *vk_sc_func = "read_zero";
module_param_named(sc_func, vk_sc_func, charp, 0400);
MODULE_PARM_DESC(sc_func, "static_call: core function whose static call site is retargeted");
static char *vk_sc_key = "cond_resched";
module_param_named(sc_key, vk_sc_key, charp, 0400);
MODULE_PARM_DESC(sc_key, "static_call: the static call (an int (void) one) whose site and trampoline are retargeted");

typedef void (*vk_text_poke_bp_t)(void *addr, const void *opcode, size_t len,
				  const void *emulate);

struct vk_place {
	u8 *at;
	u8 op;
	u8 orig[VK_INSN_LEN], mine[VK_INSN_LEN];
	atomic_long_t hits;
};

static struct vk_place vk_site = { .op = VK_CALL32 }, vk_tramp = { .op = VK_JMP32 };
#define VK_VED_SITES 32
static struct vk_place vk_ved[VK_VED_SITES];
static unsigned int vk_nr_ved;
static atomic_long_t vk_ved_hits = ATOMIC_LONG_INIT(0);
static struct module *vk_ved_mod;	/* held: its text holds vedkit's calls */
static atomic_t vk_sc_inflight = ATOMIC_INIT(0);
static struct mutex *vk_sc_mutex, *vk_text_mutex;
static vk_text_poke_bp_t vk_sc_poke;

static noinline int vk_sc_chain(struct vk_place *p)
{
	int ret;

	atomic_inc(&vk_sc_inflight);
	atomic_long_inc(&p->hits);
	ret = _cond_resched();		/* the key's own function */
	atomic_dec(&vk_sc_inflight);
	return ret;
}

static int vk_sc_site_hook(void)
{
	return vk_sc_chain(&vk_site);
}

static int vk_sc_tramp_hook(void)
{
	return vk_sc_chain(&vk_tramp);
}

static int vk_sc_ved_hook(void)
{
	atomic_long_inc(&vk_ved_hits);
	return vk_sc_chain(&vk_ved[0]);
}

/* Read-only views for the tests. */
static unsigned long vk_live_target(const struct vk_place *p)
{
	if (!p->at || (p->at[0] != VK_CALL32 && p->at[0] != VK_JMP32))
		return 0;
	return (unsigned long)vk_rel32_target(p->at);
}

static int vk_get_sc_site(char *buf, const struct kernel_param *kp)
{
	return vk_site.at ? sysfs_emit(buf, "%pS\n", vk_site.at) : sysfs_emit(buf, "none\n");
}

static int vk_get_place(char *buf, const struct kernel_param *kp)
{
	const struct vk_place *p = kp->arg;

	return sysfs_emit(buf, "%px %px %ld\n", p->at, (void *)vk_live_target(p),
			  atomic_long_read(&p->hits));
}

static int vk_get_ved(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%u %px %px %ld\n", vk_nr_ved, vk_ved[0].at,
			  (void *)vk_live_target(&vk_ved[0]), atomic_long_read(&vk_ved_hits));
}

static const struct kernel_param_ops vk_sc_site_ops = { .get = vk_get_sc_site };
static const struct kernel_param_ops vk_place_ops = { .get = vk_get_place };
module_param_cb(sc_site, &vk_sc_site_ops, NULL, 0400);
MODULE_PARM_DESC(sc_site, "(read) static_call: the retargeted site, symbol+offset/size");
static const struct kernel_param_ops vk_ved_ops = { .get = vk_get_ved };
module_param_cb(sc_ved_state, &vk_ved_ops, NULL, 0400);
MODULE_PARM_DESC(sc_ved_state, "(read) ved_static_call: sites rewritten, the first one's address and live target, hook calls");
module_param_cb(sc_site_state, &vk_place_ops, &vk_site, 0400);
MODULE_PARM_DESC(sc_site_state, "(read) static_call: site address, its live call target, hook calls");
module_param_cb(sc_tramp_state, &vk_place_ops, &vk_tramp, 0400);
MODULE_PARM_DESC(sc_tramp_state, "(read) static_call: trampoline address, its live jmp target, hook calls");

/* The static call site of @key inside the function at @fn. */
static u8 *vk_find_site(unsigned long fn, unsigned long key)
{
	struct static_call_site *s = (void *)vk_lookup("__start_static_call_sites");
	struct static_call_site *end = (void *)vk_lookup("__stop_static_call_sites");
	char want[KSYM_NAME_LEN], got[KSYM_NAME_LEN];

	snprintf(want, sizeof(want), "%ps", (void *)fn);
	for (; s && s < end; s++) {
		unsigned long at = (unsigned long)&s->addr + s->addr;
		unsigned long k = (unsigned long)&s->key + s->key;

		if ((k & ~STATIC_CALL_SITE_FLAGS) != key || (k & STATIC_CALL_SITE_TAIL) ||
		    at < fn || at > fn + 4096)
			continue;
		snprintf(got, sizeof(got), "%ps", (void *)at);
		if (!strcmp(got, want))
			return (u8 *)at;
	}
	return NULL;
}

/* Point @p's call/jmp at @hook.  Caller holds both mutexes. */
static int vk_hook(struct vk_place *p, u8 *at, void *hook)
{
	int ret = vk_rel32_insn(p->mine, p->op, at, (unsigned long)hook);

	if (ret)
		return ret;
	memcpy(p->orig, at, VK_INSN_LEN);
	p->at = at;
	vk_sc_poke(at, p->mine, VK_INSN_LEN, NULL);
	return 0;
}

static void vk_unhook(struct vk_place *p)
{
	if (!p->at)
		return;
	if (!memcmp(p->at, p->mine, VK_INSN_LEN))
		vk_sc_poke(p->at, p->orig, VK_INSN_LEN, NULL);
	else
		pr_info("static_call: %pS already rewritten by someone else\n", p->at);
}

int vk_static_call_init(void)
{
	char name[KSYM_NAME_LEN];
	unsigned long fn = vk_lookup(vk_sc_func), key, tramp;
	u8 *site;
	int ret;

	snprintf(name, sizeof(name), "__SCK__%s", vk_sc_key);
	key = vk_lookup(name);
	snprintf(name, sizeof(name), "__SCT__%s", vk_sc_key);
	tramp = vk_lookup(name);
	vk_sc_mutex = (void *)vk_lookup("static_call_mutex");
	vk_text_mutex = (void *)vk_lookup("text_mutex");
	vk_sc_poke = (vk_text_poke_bp_t)vk_lookup("text_poke_bp");
	if (!fn || !key || !tramp || !vk_sc_mutex || !vk_text_mutex || !vk_sc_poke)
		return -ENOENT;
	site = vk_find_site(fn, key);
	if (!site) {
		pr_err("static_call: no %s site in %s\n", vk_sc_key, vk_sc_func);
		return -ENOENT;
	}
	mutex_lock(vk_sc_mutex);
	mutex_lock(vk_text_mutex);
	ret = vk_hook(&vk_site, site, vk_sc_site_hook);
	if (!ret)
		ret = vk_hook(&vk_tramp, (u8 *)tramp, vk_sc_tramp_hook);
	if (ret)
		vk_unhook(&vk_site);
	mutex_unlock(vk_text_mutex);
	mutex_unlock(vk_sc_mutex);
	if (ret) {
		vk_site.at = vk_tramp.at = NULL;
		return ret;
	}
	pr_info("static_call: %pS now calls %ps, %ps jumps to %ps\n", site,
		vk_sc_site_hook, (void *)tramp, vk_sc_tramp_hook);
	return 0;
}

void vk_static_call_exit(void)
{
	mutex_lock(vk_sc_mutex);
	mutex_lock(vk_text_mutex);
	vk_unhook(&vk_tramp);
	vk_unhook(&vk_site);
	mutex_unlock(vk_text_mutex);
	mutex_unlock(vk_sc_mutex);
	/* callers asleep in cond_resched() inside a hook, then the last ret */
	while (atomic_read(&vk_sc_inflight))
		msleep(20);
	synchronize_rcu_tasks();
	pr_info("static_call: site hook called %ld times, trampoline hook %ld times\n",
		atomic_long_read(&vk_site.hits), atomic_long_read(&vk_tramp.hits));
	vk_site.at = vk_tramp.at = NULL;
}

/* ---- ved_static_call ---- */

typedef struct module *(*vk_find_module_t)(const char *name);

int vk_ved_static_call_init(void)
{
	vk_find_module_t find = (vk_find_module_t)vk_lookup("find_module");
	char name[KSYM_NAME_LEN];
	struct module *ved;
	unsigned long key;
	unsigned int i;
	int ret = 0;

	snprintf(name, sizeof(name), "__SCK__%s", vk_sc_key);
	key = vk_lookup(name);
	vk_sc_mutex = (void *)vk_lookup("static_call_mutex");
	vk_text_mutex = (void *)vk_lookup("text_mutex");
	vk_sc_poke = (vk_text_poke_bp_t)vk_lookup("text_poke_bp");
	if (!find || !key || !vk_sc_mutex || !vk_text_mutex || !vk_sc_poke)
		return -ENOENT;
	/* static_call_mutex keeps ved's sites as they are; ved stays loaded */
	mutex_lock(vk_sc_mutex);
	preempt_disable();
	ved = find("ved");
	if (ved && !try_module_get(ved))
		ved = NULL;
	preempt_enable();
	if (!ved) {
		mutex_unlock(vk_sc_mutex);
		return -ENOENT;
	}
	mutex_lock(vk_text_mutex);
	for (i = 0; i < ved->num_static_call_sites && vk_nr_ved < VK_VED_SITES && !ret; i++) {
		struct static_call_site *s = &ved->static_call_sites[i];
		unsigned long at = (unsigned long)&s->addr + s->addr;
		unsigned long k = (unsigned long)&s->key + s->key;

		if ((k & ~STATIC_CALL_SITE_FLAGS) != key || (k & STATIC_CALL_SITE_FLAGS) ||
		    ((u8 *)at)[0] != VK_CALL32)
			continue;
		vk_ved[vk_nr_ved].op = VK_CALL32;
		ret = vk_hook(&vk_ved[vk_nr_ved], (u8 *)at, vk_sc_ved_hook);
		if (!ret)
			vk_nr_ved++;
	}
	mutex_unlock(vk_text_mutex);
	mutex_unlock(vk_sc_mutex);
	if (!vk_nr_ved) {
		module_put(ved);
		return ret ?: -ENOENT;
	}
	vk_ved_mod = ved;
	pr_info("ved_static_call: %u of ved's %s sites now call %ps\n", vk_nr_ved, vk_sc_key,
		vk_sc_ved_hook);
	return 0;
}

void vk_ved_static_call_exit(void)
{
	unsigned int i;

	mutex_lock(vk_sc_mutex);
	mutex_lock(vk_text_mutex);
	for (i = 0; i < vk_nr_ved; i++)
		vk_unhook(&vk_ved[i]);
	mutex_unlock(vk_text_mutex);
	mutex_unlock(vk_sc_mutex);
	while (atomic_read(&vk_sc_inflight))
		msleep(20);
	synchronize_rcu_tasks();
	pr_info("ved_static_call: hook called %ld times\n", atomic_long_read(&vk_ved_hits));
	vk_nr_ved = 0;
	if (vk_ved_mod)
		module_put(vk_ved_mod);
	vk_ved_mod = NULL;
}
