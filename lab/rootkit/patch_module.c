// SPDX-License-Identifier: GPL-2.0
/*
 * patch_module: an inline hook in another module's code.
 *
 * Rootkits that want a driver to lie (a security agent's device, a
 * filesystem, a NIC driver's statistics) overwrite the start of one of its
 * functions with a jmp to their own code.  Here the target is a function
 * of another loaded module, by name (patch_target=, default benign_write:
 * vedbenign's /proc/vedbenign write handler).  The 5-byte jmp goes right
 * after the function's endbr64 (indirect callers still land on it, IBT
 * stays happy) and its ftrace nop (ftrace keeps working), and is written
 * with the kernel's own text_poke_bp() under text_mutex, as for "dispatch".
 * The hook has the function's prototype and never returns into it: every
 * write to /proc/vedbenign now fails with EPERM and does nothing.
 *
 * The target module is pinned while hooked.  On unload the original bytes
 * go back only if the jmp is still ours (someone may have restored them).
 */
#define pr_fmt(fmt) "vedkit: " fmt

#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/string.h>

#include "vedkit.h"

static char *vk_patch_target = "benign_write";
module_param_named(patch_target, vk_patch_target, charp, 0400);
MODULE_PARM_DESC(patch_target, "patch_module: function of another module to hook (its write handler prototype)");

typedef struct module *(*vk_module_address_t)(unsigned long addr);

static u8 *vk_site;
static unsigned long vk_fn;
static u8 vk_orig[VK_INSN_LEN], vk_jmp[VK_INSN_LEN];
static struct module *vk_victim;
static atomic_t vk_patch_hits = ATOMIC_INIT(0);

static ssize_t vk_patched_write(struct file *file, const char __user *ubuf,
				size_t len, loff_t *ppos)
{
	atomic_inc(&vk_patch_hits);
	return -EPERM;
}

/* Read-only views for the tests: the site (symbol+offset, address) and the live jmp target. */
static int vk_get_patch_site(char *buf, const struct kernel_param *kp)
{
	if (!vk_site)
		return sysfs_emit(buf, "none\n");
	return sysfs_emit(buf, "%s+%#lx\n", vk_patch_target,
			  (unsigned long)vk_site - vk_fn);
}

static int vk_get_patch_addr(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%px\n", vk_site);
}

static int vk_get_patch_hook(char *buf, const struct kernel_param *kp)
{
	if (!vk_site || vk_site[0] != VK_JMP32)
		return sysfs_emit(buf, "0\n");
	return sysfs_emit(buf, "%px\n", vk_rel32_target(vk_site));
}

static const struct kernel_param_ops vk_patch_site_ops = { .get = vk_get_patch_site };
static const struct kernel_param_ops vk_patch_addr_ops = { .get = vk_get_patch_addr };
static const struct kernel_param_ops vk_patch_hook_ops = { .get = vk_get_patch_hook };
module_param_cb(patch_site, &vk_patch_site_ops, NULL, 0400);
MODULE_PARM_DESC(patch_site, "(read) patch_module: hooked site, symbol+offset");
module_param_cb(patch_addr, &vk_patch_addr_ops, NULL, 0400);
MODULE_PARM_DESC(patch_addr, "(read) patch_module: hooked site, address");
module_param_cb(patch_hook, &vk_patch_hook_ops, NULL, 0400);
MODULE_PARM_DESC(patch_hook, "(read) patch_module: live target of the jmp at the site, 0 if none");

/* The module whose text holds @addr, pinned; NULL if none or going. */
static struct module *vk_pin_owner(unsigned long addr)
{
	vk_module_address_t module_address =
		(vk_module_address_t)vk_lookup("__module_address");
	struct module *mod;

	if (!module_address)
		return NULL;
	preempt_disable();
	mod = module_address(addr);
	if (mod && (mod == THIS_MODULE || !try_module_get(mod)))
		mod = NULL;
	preempt_enable();
	return mod;
}

int vk_patch_module_init(void)
{
	unsigned long fn = vk_lookup(vk_patch_target);
	u8 *site;
	int ret;

	if (!fn)
		return -ENOENT;
	vk_victim = vk_pin_owner(fn);
	if (!vk_victim) {
		pr_err("%s is not in another live module\n", vk_patch_target);
		return -EINVAL;
	}
	site = vk_after_prologue((u8 *)fn);
	ret = vk_rel32_insn(vk_jmp, VK_JMP32, site, (unsigned long)vk_patched_write);
	if (ret) {
		module_put(vk_victim);
		return ret;
	}
	memcpy(vk_orig, site, VK_INSN_LEN);
	vk_site = site;
	vk_fn = fn;
	ret = vk_poke(vk_site, vk_jmp, NULL);
	if (ret) {
		vk_site = NULL;
		module_put(vk_victim);
		return ret;
	}
	pr_info("%s+%#lx in %s: jmp %ps\n", vk_patch_target, (unsigned long)(site - fn),
		vk_victim->name, vk_patched_write);
	return 0;
}

void vk_patch_module_exit(void)
{
	if (!vk_site)
		return;
	if (!memcmp(vk_site, vk_jmp, VK_INSN_LEN))
		vk_poke(vk_site, vk_orig, vk_jmp);
	else
		pr_info("%s: hook already removed by someone else\n", vk_patch_target);
	pr_info("%s hook called %d times\n", vk_patch_target, atomic_read(&vk_patch_hits));
	vk_site = NULL;
	module_put(vk_victim);
}
