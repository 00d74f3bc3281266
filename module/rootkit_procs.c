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
 * missing from the task list or the IDR is reported only when it is missing
 * twice in a row and still alive, and one missing from a readdir is read
 * again at once and reported only when still missing and alive.
 *
 * The readdir is most of this check's cost (a dentry looked up or built per
 * process), so it is sampled: every sweep compares what a listing filter
 * has to change, /proc's root inode operations and their iterate_shared and
 * lookup, with what they were at load (a few pointer reads), and /proc is
 * read in full when they changed, and otherwise at a sweep drawn at random
 * among the next 4 to 12 (8 on average).  So vedkit's hide_pid, which swaps
 * iterate_shared, is found in the first sweep after it; a filter that
 * leaves the operations alone (an inline patch of proc_pid_readdir: its
 * page is hashed every sweep, integrity.c; an ftrace or kprobe hook:
 * rootkit_hooks.c) is found by the sampled readdir within 12 sweeps.
 *
 * A fourth view is the scheduler's: what actually runs.  The run queues
 * are private to kernel/sched, so ved builds this view from the
 * sched_switch tracepoint: every task switched in is recorded (with a
 * reference) in a small per-CPU set, and each sweep takes the sets and
 * checks every task that ran against the task list and the PID IDR under
 * tasklist_lock, where no legitimate change is half done: a live task
 * missing from either (unlinked from both, it is invisible to /proc, ps
 * and kill, yet runs) is reported at once.
 */
#include <linux/bsearch.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/hash.h>
#include <linux/namei.h>
#include <linux/percpu.h>
#include <linux/pid_namespace.h>
#include <linux/poison.h>
#include <linux/prandom.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/tracepoint.h>
#include <linux/uaccess.h>
#include <uapi/linux/magic.h>

#include "ved.h"

#define MAX_PROC_PIDS 32768
#define MAX_SUSPECTS 16

struct listing {
	struct dir_context ctx;
	int *pids;
	int n;
};

/* Sweeps between two readdirs of /proc when its operations did not change. */
#define READDIR_EVERY 8

static int suspects[MAX_SUSPECTS], nr_suspects;
/*
 * The readdir view's buffer (128 KiB, so vmalloc'ed), kept from load to
 * unload rather than mapped and unmapped on every sweep.
 */
static int *proc_pids;
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

/* ---- the readdir view, sampled ---- */

/* What a /proc listing filter has to change: its root inode's operations. */
struct proc_ops {
	const void *fop, *iterate_shared, *iop, *lookup;
};

static struct proc_ops proc_ops_base;
static bool proc_ops_known;
static unsigned int readdir_countdown;

static unsigned long proc_readdirs, proc_ops_changed;
module_param(proc_readdirs, ulong, 0444);
MODULE_PARM_DESC(proc_readdirs, "(read) readdirs of /proc done by the hidden-process check");
module_param(proc_ops_changed, ulong, 0444);
MODULE_PARM_DESC(proc_ops_changed, "(read) sweeps that found /proc's root operations changed since load");

static bool proc_ops_read(struct proc_ops *o)
{
	struct inode *inode;
	struct path path;
	bool ok;

	if (kern_path("/proc", LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &path))
		return false;
	inode = d_inode(path.dentry);
	ok = path.dentry->d_sb->s_magic == PROC_SUPER_MAGIC && inode->i_fop && inode->i_op;
	if (ok) {
		o->fop = inode->i_fop;
		o->iterate_shared = READ_ONCE(inode->i_fop->iterate_shared);
		o->iop = inode->i_op;
		o->lookup = READ_ONCE(inode->i_op->lookup);
	}
	path_put(&path);
	return ok;
}

/*
 * Is a readdir due this sweep?  At once when the operations differ from
 * load (or cannot be read), else when the random countdown runs out.
 */
static bool readdir_due(void)
{
	struct proc_ops now;

	if (!proc_ops_known || !proc_ops_read(&now) ||
	    memcmp(&now, &proc_ops_base, sizeof(now))) {
		if (proc_ops_known)
			WRITE_ONCE(proc_ops_changed, proc_ops_changed + 1);
		return true;
	}
	if (readdir_countdown && --readdir_countdown)
		return false;
	readdir_countdown = READDIR_EVERY / 2 + get_random_u32() % (READDIR_EVERY + 1);
	return true;
}

static void report_hidden_task(struct task_struct *t, const char *views)
{
	int pid = task_tgid_nr(t);

	if (ved_first_report(0x70696400000000ULL ^ (u64)pid ^ ((u64)(unsigned long)t << 20)))
		ved_hidden_report(VED_DET_ROOTKIT, VED_HIDDEN_PROCESS, pid, t->comm, views);
}

/*
 * Processes in the task list and the IDR but not in a readdir of /proc:
 * each is held, /proc is read again at once (a process forked during the
 * first read is in the second), and those still missing and still alive
 * are reported.
 */
static void proc_view_check(void)
{
	struct task_struct *missing[MAX_SUSPECTS], *p;
	struct listing l = { .pids = proc_pids };
	int n = 0, i, nr;

	if (!proc_pids || read_proc(&l) || !l.n)
		return;
	WRITE_ONCE(proc_readdirs, proc_readdirs + 1);
	rcu_read_lock();
	for_each_process(p) {
		if (p->flags & PF_EXITING || p->exit_state)
			continue;
		nr = task_tgid_nr(p);
		if (find_pid_ns(nr, &init_pid_ns) != task_tgid(p) || listed(&l, nr))
			continue;	/* not in the IDR: the pid view's business */
		if (n < MAX_SUSPECTS) {
			get_task_struct(p);
			missing[n++] = p;
		}
	}
	rcu_read_unlock();
	if (!n)
		return;
	l.n = 0;
	if (!read_proc(&l) && l.n) {
		WRITE_ONCE(proc_readdirs, proc_readdirs + 1);
		for (i = 0; i < n; i++) {
			p = missing[i];
			if (!(p->flags & PF_EXITING) && !p->exit_state &&
			    !listed(&l, task_tgid_nr(p)))
				report_hidden_task(p, "missing=proc_readdir seen=tasks,pid");
		}
	}
	for (i = 0; i < n; i++)
		put_task_struct(missing[i]);
}

/* Report @pid when it was already a suspect last sweep; else remember it. */
static void suspect(struct task_struct *t, const char *views)
{
	int pid = task_tgid_nr(t), i;

	for (i = 0; i < nr_suspects; i++) {
		if (suspects[i] == pid) {
			report_hidden_task(t, views);
			break;
		}
	}
	if (nr_new < MAX_SUSPECTS)
		new_suspects[nr_new++] = pid;
}

/*
 * @t is on the task list: its neighbours point back at it.  An unlinked
 * task's own links may be poisoned (list_del_rcu), point at itself, or at
 * neighbours long gone: they are read without trusting them.
 */
static bool tasks_linked(struct task_struct *t)
{
	struct list_head *next = READ_ONCE(t->tasks.next);
	struct list_head *prev = READ_ONCE(t->tasks.prev), *back;

	if (next == LIST_POISON1 || prev == LIST_POISON2 || next == &t->tasks)
		return false;
	if (get_kernel_nofault(back, &next->prev) || back != &t->tasks)
		return false;
	return !get_kernel_nofault(back, &prev->next) && back == &t->tasks;
}

/* ---- the scheduler's view ---- */

#define RAN_SLOTS	512	/* distinct tasks per CPU between two sweeps */
#define RAN_PROBES	8	/* slots tried before a task is dropped */

struct ran_set {
	struct task_struct *slot[RAN_SLOTS];	/* each holds a reference */
	unsigned long dropped;
};

static struct ran_set __percpu *ran;
static struct tracepoint *sched_switch_tp;
static rwlock_t *tasklist_lock_p;

static unsigned long sched_seen, sched_dropped;
module_param(sched_seen, ulong, 0444);
MODULE_PARM_DESC(sched_seen, "(read) tasks seen running, checked by the sweeps");
module_param(sched_dropped, ulong, 0444);
MODULE_PARM_DESC(sched_dropped, "(read) tasks that ran but found their CPU's set full");

/*
 * sched_switch, called by __schedule() with the run-queue lock held and
 * interrupts off: no allocation, no lock.  The only writer of this CPU's
 * set; the sweep only takes entries out (xchg), so an entry seen empty
 * here stays empty until written here.  A task may be recorded twice when
 * the sweep empties a slot during the search: two references, both put.
 */
static void sched_switch_probe(void *data, bool preempt, struct task_struct *prev,
			       struct task_struct *next, unsigned int prev_state)
{
	struct ran_set *r = this_cpu_ptr(ran);
	unsigned int h = hash_ptr(next, ilog2(RAN_SLOTS)), i;
	struct task_struct *t;

	if (!next->pid || (next->flags & PF_EXITING))	/* idle tasks, exits */
		return;
	for (i = 0; i < RAN_PROBES; i++) {
		struct task_struct **slot = &r->slot[(h + i) & (RAN_SLOTS - 1)];

		t = READ_ONCE(*slot);
		if (t == next)
			return;
		if (!t) {
			get_task_struct(next);
			smp_store_release(slot, next);
			return;
		}
	}
	r->dropped++;
}

/* @t ran since the last sweep: is its process in the task list and the IDR? */
static void check_ran(struct task_struct *t)
{
	struct task_struct *leader = NULL;
	bool in_tasks = true, in_pid = true;
	char comm[TASK_COMM_LEN], views[48];
	pid_t tgid = 0;

	read_lock(tasklist_lock_p);
	rcu_read_lock();
	if (!(t->flags & PF_EXITING) && !t->exit_state) {
		leader = t->group_leader;
		tgid = leader->tgid;
		in_tasks = tasks_linked(leader);
		in_pid = pid_task(find_pid_ns(tgid, &init_pid_ns), PIDTYPE_TGID) == leader;
		/* not get_task_comm(): no task_lock under tasklist_lock */
		memcpy(comm, leader->comm, sizeof(comm));
		comm[sizeof(comm) - 1] = '\0';
	}
	rcu_read_unlock();
	read_unlock(tasklist_lock_p);
	if (in_tasks && in_pid)
		return;
	snprintf(views, sizeof(views), "missing=%s%s%s seen=sched%s%s",
		 in_tasks ? "" : "tasks", !in_tasks && !in_pid ? "," : "",
		 in_pid ? "" : "pid", in_tasks ? ",tasks" : "", in_pid ? ",pid" : "");
	if (ved_first_report(0x70696400000000ULL ^ (u64)tgid ^
			     ((u64)(unsigned long)leader << 20)))
		ved_hidden_report(VED_DET_ROOTKIT, VED_HIDDEN_PROCESS, tgid, comm, views);
}

/* Take every CPU's set; check what ran unless @check is false. */
static void drain_ran(bool check)
{
	unsigned long seen = 0, dropped = 0;
	struct task_struct *t;
	int cpu, i;

	for_each_possible_cpu(cpu) {
		struct ran_set *r = per_cpu_ptr(ran, cpu);

		dropped += READ_ONCE(r->dropped);
		for (i = 0; i < RAN_SLOTS; i++) {
			if (!READ_ONCE(r->slot[i]))
				continue;
			t = xchg(&r->slot[i], NULL);
			if (!t)
				continue;
			if (check)
				check_ran(t);
			put_task_struct(t);
			seen++;
		}
		if (!(cpu & 15))
			cond_resched();
	}
	WRITE_ONCE(sched_seen, sched_seen + seen);
	WRITE_ONCE(sched_dropped, dropped);
}

static void find_sched_switch(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sched_switch"))
		sched_switch_tp = tp;
}

/* The scheduler's view; without it the other three views still work. */
int procs_init(void)
{
	int ret;

	proc_pids = kvmalloc_array(MAX_PROC_PIDS, sizeof(int), GFP_KERNEL);
	proc_ops_known = proc_ops_read(&proc_ops_base);
	if (!proc_ops_known)
		pr_warn("ved: rootkit: /proc not mounted at load: /proc is read on every sweep\n");
	tasklist_lock_p = (rwlock_t *)ved_lookup_name("tasklist_lock");
	for_each_kernel_tracepoint(find_sched_switch, NULL);
	if (!tasklist_lock_p || !sched_switch_tp) {
		pr_warn("ved: rootkit: no sched_switch tracepoint or tasklist_lock: no scheduler view\n");
		return -ENOENT;
	}
	ran = alloc_percpu(struct ran_set);
	if (!ran)
		return -ENOMEM;
	ret = tracepoint_probe_register(sched_switch_tp, (void *)sched_switch_probe, NULL);
	if (ret) {
		pr_warn("ved: rootkit: sched_switch probe refused (%d): no scheduler view\n", ret);
		free_percpu(ran);
		ran = NULL;
	}
	return ret;
}

void procs_exit(void)
{
	kvfree(proc_pids);
	proc_pids = NULL;
	if (!ran)
		return;
	tracepoint_probe_unregister(sched_switch_tp, (void *)sched_switch_probe, NULL);
	tracepoint_synchronize_unregister();
	drain_ran(false);
	free_percpu(ran);
	ran = NULL;
}

void procs_check(void)
{
	struct task_struct *p;
	struct pid *pid;
	int nr;

	if (ran)
		drain_ran(detector_mode(VED_DET_ROOTKIT) != VED_MODE_OFF);
	if (detector_mode(VED_DET_ROOTKIT) == VED_MODE_OFF)
		return;
	nr_new = 0;
	rcu_read_lock();
	/* tasks view against the pid view */
	for_each_process(p) {
		if (p->flags & PF_EXITING || p->exit_state)
			continue;
		nr = task_tgid_nr(p);
		if (find_pid_ns(nr, &init_pid_ns) != task_tgid(p))
			suspect(p, "missing=pid seen=tasks");
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

	if (readdir_due())
		proc_view_check();
}
