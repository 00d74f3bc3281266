/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-version differences, in one place.  ved supports Debian's 6.1 and
 * 6.12 kernels; every other file is written against the newer API and uses
 * the names defined here.
 */
#ifndef VED_COMPAT_H
#define VED_COMPAT_H

#include <linux/version.h>
#include <linux/sysctl.h>

/* 6.11 made sysctl handlers take a const table (commit 78eb4ea25cd5). */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define VED_CTL_TABLE const struct ctl_table
#else
#define VED_CTL_TABLE struct ctl_table
#endif

/* Sysctl tables lost their empty terminating entry in 6.6. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#define VED_CTL_END
#else
#define VED_CTL_END {}
#endif



#include <linux/capability.h>

/* kernel_cap_t became a single u64 in 6.3. */
static inline u64 ved_cap_bits(kernel_cap_t c)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	return c.val;
#else
	return ((u64)c.cap[1] << 32) | c.cap[0];
#endif
}
struct module;
/* Where a module's executable code is (layout changed in 6.4). */
void ved_module_text(const struct module *mod, unsigned long *start, unsigned long *size);
/* The same for its init code (freed once init has run). */
void ved_module_init_text(const struct module *mod, unsigned long *start, unsigned long *size);

#endif /* VED_COMPAT_H */
