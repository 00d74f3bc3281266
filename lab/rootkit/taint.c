// SPDX-License-Identifier: GPL-2.0
/*
 * clear_taint: zero the kernel's taint flags, so that /proc/sys/kernel/tainted
 * and oops reports no longer say that an unsigned out-of-tree module (or
 * anything else) was loaded.  tainted_mask is a static variable in
 * kernel/panic.c: found through kallsyms, written directly (it is ordinary
 * writable data).  Each module's own taint (/sys/module/NAME/taint) is kept
 * in its struct module and is left alone, which is what gives it away.
 */
#define pr_fmt(fmt) "vedkit: " fmt

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/kernel.h>

#include "vedkit.h"

int vk_clear_taint_init(void)
{
	unsigned long *tainted_mask = (unsigned long *)vk_lookup("tainted_mask");
	unsigned long old;

	if (!tainted_mask)
		return -ENOENT;
	old = READ_ONCE(*tainted_mask);
	WRITE_ONCE(*tainted_mask, 0);
	pr_info("tainted_mask %#lx -> 0\n", old);
	return 0;
}
