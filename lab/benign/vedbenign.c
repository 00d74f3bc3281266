// SPDX-License-Identifier: GPL-2.0
/*
 * vedbenign - a well-behaved test module that calls the functions ved's
 * wCFI marks as critical, from its own code, the way real drivers do.  Its
 * call sites must be learned when its text is scanned at load: a detector
 * that flags them is a false positive.
 *
 * At load it commits an unchanged copy of the loader's credentials and takes
 * (and drops) a kernel credential.  Afterwards, writing to /proc/vedbenign:
 *   "commit"  prepare_creds() + commit_creds() for the writer (no change)
 *   "umh"     call_usermodehelper() of the program in the umh_path parameter
 */
#include <linux/cred.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/umh.h>

static char *umh_path = "/bin/true";
module_param(umh_path, charp, 0444);
MODULE_PARM_DESC(umh_path, "program run by writing \"umh\"");

static struct proc_dir_entry *entry;

static noinline int recommit_creds(void)
{
	struct cred *new = prepare_creds();

	if (!new)
		return -ENOMEM;
	return commit_creds(new);
}

static noinline int kernel_cred_roundtrip(void)
{
	/* 6.1 still accepts NULL; every version accepts a task. */
	struct cred *kcred = prepare_kernel_cred(&init_task);

	if (!kcred)
		return -ENOMEM;
	put_cred(kcred);
	return 0;
}

static noinline int run_helper(void)
{
	char *argv[] = { umh_path, NULL };
	char *envp[] = { "HOME=/", "PATH=/sbin:/bin:/usr/sbin:/usr/bin", NULL };

	return call_usermodehelper(umh_path, argv, envp, UMH_WAIT_PROC);
}

static ssize_t benign_write(struct file *file, const char __user *ubuf,
			    size_t len, loff_t *ppos)
{
	char cmd[16];
	int ret;

	if (len == 0 || len >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, ubuf, len))
		return -EFAULT;
	cmd[len] = '\0';
	strim(cmd);
	if (!strcmp(cmd, "commit"))
		ret = recommit_creds();
	else if (!strcmp(cmd, "umh"))
		ret = run_helper();
	else
		ret = -EINVAL;
	return ret ? ret : len;
}

static const struct proc_ops benign_ops = {
	.proc_write = benign_write,
};

static int __init vedbenign_init(void)
{
	int ret = recommit_creds();

	if (!ret)
		ret = kernel_cred_roundtrip();
	if (ret)
		return ret;
	entry = proc_create("vedbenign", 0666, NULL, &benign_ops);
	return entry ? 0 : -ENOMEM;
}

static void __exit vedbenign_exit(void)
{
	proc_remove(entry);
}

module_init(vedbenign_init);
module_exit(vedbenign_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ved test: a benign module calling critical functions from its own code");
