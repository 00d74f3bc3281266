// SPDX-License-Identifier: GPL-2.0
/*
 * ved: run-time kernel exploit and rootkit defense.
 *
 * Load order matters: the event channel and configuration exist before any
 * detector can fire, and detectors go away first on unload.
 */
#include <linux/module.h>

#include "ved.h"


static int __init ved_init(void)
{
	int ret;

	ret = compat_init();
	if (ret) {
		pr_err("ved: cannot find kernel internals (%d)\n", ret);
		return ret;
	}
	ret = events_init();
	if (ret)
		return ret;
	ret = config_init();
	if (ret)
		goto out_events;
	ret = creds_init();
	if (ret)
		goto out_config;
	ret = cpuprot_init();
	if (ret)
		goto out_creds;
	ret = umh_init();
	if (ret)
		goto out_cpu;
	ret = wcfi_init();
	if (ret)
		goto out_umh;
	/* Last: its baseline of ved's own hooks must see all of them. */
	ret = ved_integrity_all_init();
	if (ret)
		goto out_wcfi;
	pr_info("ved: version %s loaded\n", VED_VERSION);
	return 0;

out_wcfi:
	wcfi_exit();
out_umh:
	umh_exit();
out_cpu:
	cpuprot_exit();
out_creds:
	creds_exit();
out_config:
	config_exit();
out_events:
	events_exit();
	return ret;
}

static void __exit ved_exit(void)
{
	ved_integrity_all_exit();
	wcfi_exit();
	umh_exit();
	cpuprot_exit();
	creds_exit();
	config_exit();
	events_exit();
	pr_info("ved: unloaded\n");
}

module_init(ved_init);
module_exit(ved_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ved: run-time kernel exploit and rootkit defense");
MODULE_VERSION(VED_VERSION);
