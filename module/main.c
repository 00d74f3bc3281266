// SPDX-License-Identifier: GPL-2.0
/*
 * ved: run-time kernel exploit and rootkit defense.
 *
 * Load order matters: the event channel and configuration exist before any
 * detector can fire, and detectors go away first on unload.
 */
#include <linux/module.h>

#include "ved.h"

/* wcfi.c joins the build with the shared x86 decoder (lib/x86dec.c). */
#ifdef VED_WITH_WCFI
#define VED_WCFI_INIT wcfi_init
#define VED_WCFI_EXIT wcfi_exit
#else
#define VED_WCFI_INIT() 0
#define VED_WCFI_EXIT() do { } while (0)
#endif

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
	ret = VED_WCFI_INIT();
	if (ret)
		goto out_creds;
	pr_info("ved: version %s loaded\n", VED_VERSION);
	return 0;

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
	VED_WCFI_EXIT();
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
