// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel-version differences that need code, and finding kernel internals:
 * kallsyms_lookup_name() is not exported (since 5.7), so ved asks kprobes,
 * which resolve any symbol by name, for its address once at load.
 */
#include <linux/kprobes.h>
#include <linux/module.h>

#include "compat.h"

#include "ved.h"

typedef unsigned long (*lookup_fn)(const char *name);
static lookup_fn lookup_name;

int compat_init(void)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	int ret;

	ret = register_kprobe(&kp);
	if (ret)
		return ret;
	lookup_name = (lookup_fn)kp.addr;
	unregister_kprobe(&kp);
	return lookup_name ? 0 : -ENOENT;
}

unsigned long ved_lookup_name(const char *name)
{
	return lookup_name ? lookup_name(name) : 0;
}

void ved_module_text(const struct module *mod, unsigned long *start, unsigned long *size)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
	*start = (unsigned long)mod->mem[MOD_TEXT].base;
	*size = mod->mem[MOD_TEXT].size;
#else
	*start = (unsigned long)mod->core_layout.base;
	*size = mod->core_layout.text_size;
#endif
}

void ved_module_init_text(const struct module *mod, unsigned long *start, unsigned long *size)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
	*start = (unsigned long)mod->mem[MOD_INIT_TEXT].base;
	*size = mod->mem[MOD_INIT_TEXT].size;
#else
	*start = (unsigned long)mod->init_layout.base;
	*size = mod->init_layout.text_size;
#endif
}
