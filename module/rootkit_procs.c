// SPDX-License-Identifier: GPL-2.0
/*
 * Hidden processes: three views of the processes of the initial pid
 * namespace, compared on each sweep.
 *
 *   tasks   the task list (for_each_process), what the scheduler runs
 *   pid     the PID IDR (find_pid_ns), what kill() and /proc/PID use
 *   proc    a readdir of /proc, what ps, top and pidof see
 *
 * A process present in one view and missing from another is hidden: the
 * readdir view catches a /proc listing filter (vedkit's hide_pid, adore-ng),
 * the IDR check a task unlinked from the PID hash, and a task found through
 * the IDR whose task-list links no longer point back at it was unlinked from
 * the task list (DKOM).  Processes come and go between the views, so a pid
 * is reported only when it is missing twice in a row and still alive.
 */
#include <linux/bsearch.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/pid_namespace.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "ved.h"

#define MAX_PROC_PIDS 32768
#define MAX_SUSPECTS 16

struct listing {
	struct dir_context ctx;
	int *pids;
	int n;
};

static int suspects[MAX_SUSPECTS], nr_suspects;
static int new_suspects[MAX_SUSPECTS], nr_new;

static bool collect(struct dir_context *ctx, const char *name, int len,
		    loff_t off, u64 ino, unsigned int type)
{
	struct listing *l = container_of(ctx, struct listing, ctx);
	char buf[12];
	int pid;

	if (len >= sizeof(buf) || name[0] < '1' || name[0] > '9')
		return true;
	memcpy(buf, name, len);
	buf[len] = '\0';
	if (!kstrtoint(buf, 10, &pid) && l->n < MAX_PROC_PIDS)
		l->pids[l->n++] = pid;
	return true;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static bool listed(const struct listing *l, int pid)
{
	return bsearch(&pid, l->pids, l->n, sizeof(int), cmp_int);
}

/* A readdir of /proc through whatever iterate_shared it has now. */
static int read_proc(struct listing *l)
{
	struct file *f = filp_open("/proc", O_RDONLY | O_DIRECTORY, 0);
	int ret;

	if (IS_ERR(f))
		return PTR_ERR(f);
	l->ctx.actor = collect;
	ret = iterate_dir(f, &l->ctx);
	filp_close(f, NULL);
	sort(l->pids, l->n, sizeof(int), cmp_int, NULL);
	return ret;
}

/* Report @pid when it was already a suspect last sweep; else remember it. */
static void suspect(struct task_struct *t, const char *views)
{
	int pid = task_tgid_nr(t), i;

	for (i = 0; i < nr_suspects; i++) {
		if (suspects[i] == pid) {
			if (ved_first_report(0x70696400000000ULL ^ (u64)pid ^
					     ((u64)(unsigned long)t << 20)))
				ved_hidden_report(VED_DET_ROOTKIT, VED_HIDDEN_PROCESS, pid,
						  t->comm, views);
			break;
		}
	}
	if (nr_new < MAX_SUSPECTS)
		new_suspects[nr_new++] = pid;
}

static bool tasks_linked(struct task_struct *t)
{
	return READ_ONCE(t->tasks.next->prev) == &t->tasks &&
	       READ_ONCE(t->tasks.prev->next) == &t->tasks;
}

void procs_check(void)
{
	struct listing l = {};
	struct task_struct *p;
	struct pid *pid;
	int nr;
	bool have_proc;

	if (detector_mode(VED_DET_ROOTKIT) == VED_MODE_OFF)
		return;
	l.pids = kvmalloc_array(MAX_PROC_PIDS, sizeof(int), GFP_KERNEL);
	if (!l.pids)
		return;
	have_proc = !read_proc(&l) && l.n > 0;
	nr_new = 0;

	rcu_read_lock();
	/* tasks view against the pid and proc views */
	for_each_process(p) {
		if (p->flags & PF_EXITING || p->exit_state)
			continue;
		nr = task_tgid_nr(p);
		if (find_pid_ns(nr, &init_pid_ns) != task_tgid(p))
			suspect(p, "missing=pid seen=tasks");
		else if (have_proc && !listed(&l, nr))
			suspect(p, "missing=proc_readdir seen=tasks,pid");
	}
	/* pid view against the task list */
	nr = 1;
	while ((pid = idr_get_next(&init_pid_ns.idr, &nr))) {
		p = pid_task(pid, PIDTYPE_TGID);
		if (p && !(p->flags & PF_EXITING) && !p->exit_state &&
		    thread_group_leader(p) && !tasks_linked(p))
			suspect(p, "missing=tasks seen=pid");
		nr++;
	}
	rcu_read_unlock();

	memcpy(suspects, new_suspects, sizeof(int) * nr_new);
	nr_suspects = nr_new;
	kvfree(l.pids);
}
