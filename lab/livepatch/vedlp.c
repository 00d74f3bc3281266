// SPDX-License-Identifier: GPL-2.0
/*
 * vedlp - a livepatch module for ved's tests.
 *
 * By default it replaces cmdline_proc_show(), so /proc/cmdline reads
 * "vedlp: livepatched" while the patch is enabled: the legitimate use of
 * livepatch that ved must not mistake for a rootkit (only report, at most
 * as a warning for an unsigned patch).
 *
 * target= names another seq_file show function of the same signature to
 * replace instead.  target=tcp4_seq_show turns it into a livepatch rootkit:
 * /proc/net/tcp lists no socket at all (every row, header included, reads
 * the marker), which ved must report as critical.
 *
 * Like every livepatch since 5.1, unloading takes two steps: disable the
 * patch (echo 0 > /sys/kernel/livepatch/vedlp/enabled), wait for the
 * directory to go, then rmmod.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/seq_file.h>

static char *target = "cmdline_proc_show";
module_param(target, charp, 0444);
MODULE_PARM_DESC(target, "seq_file show function to replace (default cmdline_proc_show)");

static int vedlp_show(struct seq_file *m, void *v)
{
	seq_puts(m, "vedlp: livepatched\n");
	return 0;
}

static struct klp_func funcs[] = {
	{ .new_func = vedlp_show },
	{ }
};

static struct klp_object objs[] = {
	{ .funcs = funcs },	/* no name: the function is in vmlinux */
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init vedlp_init(void)
{
	funcs[0].old_name = target;
	pr_info("replacing %s\n", target);
	return klp_enable_patch(&patch);
}

/* Nothing to undo: the livepatch core released the patch when disabled. */
static void __exit vedlp_exit(void)
{
}

module_init(vedlp_init);
module_exit(vedlp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ved lab: livepatch of a seq_file show function");
MODULE_INFO(livepatch, "Y");
