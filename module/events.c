// SPDX-License-Identifier: GPL-2.0
/*
 * The event channel: detectors queue fixed-format records (uapi/ved.h) into
 * the kernel's lockless per-CPU ring buffer; a root-only character device
 * (/dev/ved) hands them to user space with read() and poll().
 *
 * Producers never sleep and never take a lock a hook could already hold:
 * ring_buffer_write() is per-CPU and lockless, and readers are woken from
 * an irq_work, because a detector may fire inside the scheduler or with
 * interrupts off.  When a CPU's buffer is full the record is dropped and
 * counted; the next read() starts with a VED_EV_DROPPED record, so a loss
 * is always visible in the stream.
 */
#include <linux/atomic.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/irq_work.h>
#include <linux/miscdevice.h>
#include <linux/mm_types.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/ring_buffer.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "ved.h"

static unsigned int buffer_kb = 256;
module_param(buffer_kb, uint, 0444);
MODULE_PARM_DESC(buffer_kb, "event buffer size per CPU, KiB (default 256)");

static struct trace_buffer *ring;
static atomic64_t next_seq = ATOMIC64_INIT(0);
static atomic64_t emitted = ATOMIC64_INIT(0);
static atomic64_t dropped = ATOMIC64_INIT(0);
static u64 dropped_reported;		/* under reader_mutex */
/* A DROPPED record built but not yet delivered (under reader_mutex). */
static struct {
	struct ved_event_header hdr;
	struct ved_ev_dropped drop;
} drop_rec;
static bool drop_ready;
static DEFINE_MUTEX(reader_mutex);
static DECLARE_WAIT_QUEUE_HEAD(readers);
static struct irq_work wake_work;

static void wake_readers(struct irq_work *work)
{
	wake_up_interruptible(&readers);
}

/*
 * Pin @task's executable file without sleeping or spinning: a detector may
 * fire in a kprobe handler, inside code that holds the task's alloc_lock
 * (task_lock), so that lock is only tried.  mm->exe_file is RCU-protected;
 * the reference is taken only if the count is not already zero, and the
 * pointer is checked again afterwards because struct file may be reused
 * under RCU (SLAB_TYPESAFE_BY_RCU since 6.7).  NULL when there is none or
 * it cannot be had here; *@busy tells the two apart.
 */
static struct file *pin_exe_file(struct task_struct *task, bool *busy)
{
	struct file *exe = NULL;
	struct mm_struct *mm;

	*busy = false;
	if (task->flags & PF_KTHREAD)
		return NULL;
	if (!spin_trylock(&task->alloc_lock)) {
		*busy = true;
		return NULL;
	}
	mm = task->mm;
	if (mm) {
		rcu_read_lock();
		exe = rcu_dereference(mm->exe_file);
		if (exe && !atomic_long_inc_not_zero(&exe->f_count))
			exe = NULL;
		if (exe && rcu_access_pointer(mm->exe_file) != exe) {
			fput(exe);
			exe = NULL;
			*busy = true;
		}
		rcu_read_unlock();
	}
	spin_unlock(&task->alloc_lock);
	return exe;
}

/*
 * The executable's path into rec->exe (bounded: the tail of a longer path).
 * d_path() does not sleep, but it reads rename_lock and mount_lock as
 * seqlocks, which spin while a writer is active: from an interrupt (or
 * softirq) the writer could be the code we interrupted, so records made
 * there carry VED_EXE_UNKNOWN.  In task context no ved hook runs while its
 * own task holds either lock (the hooked functions are not called under
 * them).  User space falls back to /proc and then to comm.
 */
static void fill_exe(struct ved_event_header *rec, struct task_struct *task)
{
	char buf[256];
	struct file *exe;
	bool busy;
	char *path;
	size_t len;

	memset(rec->exe, 0, sizeof(rec->exe));
	rec->exe_state = VED_EXE_UNKNOWN;
	if (!in_task())
		return;
	exe = pin_exe_file(task, &busy);
	if (!exe) {
		if (!busy)
			rec->exe_state = VED_EXE_NONE;
		return;
	}
	path = d_path(&exe->f_path, buf, sizeof(buf));
	fput(exe);
	if (IS_ERR(path))
		return;
	len = strlen(path);
	if (len < sizeof(rec->exe)) {
		memcpy(rec->exe, path, len);
		rec->exe_state = VED_EXE_PATH;
	} else {
		/* The end names the program; "..." marks the cut. */
		memcpy(rec->exe, "...", 3);
		memcpy(rec->exe + 3, path + len - (sizeof(rec->exe) - 4), sizeof(rec->exe) - 4);
		rec->exe_state = VED_EXE_TAIL;
	}
}

static void fill_header(struct ved_event_header *rec, u16 size, u16 type,
			enum ved_detector det, enum ved_action act,
			enum ved_severity sev, struct task_struct *task)
{
	const struct cred *cred;

	rec->size = size;
	rec->type = type;
	rec->version = VED_EVENT_VERSION;
	rec->detector = det;
	rec->action = act;
	rec->severity = sev;
	rec->seq = atomic64_inc_return(&next_seq);
	rec->time_ns = ktime_get_real_fast_ns();
	rec->cpu = raw_smp_processor_id();
	rec->pid = task_pid_nr(task);
	rec->tgid = task_tgid_nr(task);
	rcu_read_lock();
	cred = __task_cred(task);
	rec->uid = from_kuid_munged(&init_user_ns, cred->uid);
	rec->euid = from_kuid_munged(&init_user_ns, cred->euid);
	rec->ppid = pid_alive(task) ? task_tgid_nr(rcu_dereference(task->real_parent)) : 0;
	rcu_read_unlock();
	memset(rec->reserved, 0, sizeof(rec->reserved));
	strscpy_pad(rec->comm, task->comm, sizeof(rec->comm));
	fill_exe(rec, task);
}

bool event_emit(struct ved_event_header *rec, u16 size, u16 type,
		enum ved_detector det, enum ved_action act,
		enum ved_severity sev)
{
	return event_emit_task(rec, size, type, det, act, sev, current);
}

bool event_emit_task(struct ved_event_header *rec, u16 size, u16 type,
		     enum ved_detector det, enum ved_action act,
		     enum ved_severity sev, struct task_struct *task)
{
	if (size < sizeof(*rec) || size > VED_MAX_RECORD)
		return false;
	fill_header(rec, size, type, det, act, sev, task);
	if (!ring || ring_buffer_write(ring, size, rec)) {
		atomic64_inc(&dropped);
		return false;
	}
	atomic64_inc(&emitted);
	irq_work_queue(&wake_work);
	return true;
}

u64 events_dropped(void)
{
	return atomic64_read(&dropped);
}

u64 events_emitted(void)
{
	return atomic64_read(&emitted);
}

/*
 * Copy the DROPPED record for losses not yet reported into @rec; its size,
 * or 0 when there are none.  It stays pending (the same record, the same
 * sequence number) until drop_delivered(): a reader that faults on it
 * gets it again.
 */
static size_t peek_drop_record(void *rec)
{
	u64 total;

	if (!drop_ready) {
		total = atomic64_read(&dropped);
		if (total == dropped_reported)
			return 0;
		drop_rec.drop.count = total - dropped_reported;
		drop_rec.drop.total = total;
		dropped_reported = total;
		fill_header(&drop_rec.hdr, sizeof(drop_rec), VED_EV_DROPPED,
			    VED_DET_CORE, VED_ACT_NONE, VED_SEV_WARNING, current);
		drop_ready = true;
	}
	memcpy(rec, &drop_rec, sizeof(drop_rec));
	return sizeof(drop_rec);
}

/*
 * Copy the oldest record of any CPU into @rec without consuming it (the
 * caller consumes it from *@cpu_out once user space has it); its size, or
 * 0 if none.  One reader at a time (reader_mutex), and writers never
 * overwrite: the peeked record stays put until consumed.
 */
static size_t peek_record(void *rec, int *cpu_out)
{
	struct ring_buffer_event *event;
	u64 best_ts = U64_MAX, ts;
	int cpu, best = -1;
	size_t len;

	/* Oldest first across CPUs, so that the stream reads in time order. */
	for_each_online_cpu(cpu) {
		if (ring_buffer_peek(ring, cpu, &ts, NULL) && ts < best_ts) {
			best_ts = ts;
			best = cpu;
		}
	}
	if (best < 0)
		return 0;
	event = ring_buffer_peek(ring, best, NULL, NULL);
	if (!event)
		return 0;
	len = min_t(size_t, ring_buffer_event_length(event), VED_MAX_RECORD);
	memcpy(rec, ring_buffer_event_data(event), len);
	*cpu_out = best;
	return ((struct ved_event_header *)rec)->size;
}

static bool have_records(void)
{
	return !ring_buffer_empty(ring) || drop_ready ||
	       atomic64_read(&dropped) != dropped_reported;
}

static ssize_t ved_read(struct file *file, char __user *ubuf, size_t count,
			loff_t *ppos)
{
	char *rec;
	size_t done = 0, len;
	int ret = 0;

	if (count < VED_MAX_RECORD)
		return -EINVAL;	/* a reader must accept any whole record */
	rec = kmalloc(VED_MAX_RECORD, GFP_KERNEL);
	if (!rec)
		return -ENOMEM;

	while (!done) {
		if (!(file->f_flags & O_NONBLOCK)) {
			ret = wait_event_interruptible(readers, have_records());
			if (ret)
				break;
		}
		mutex_lock(&reader_mutex);
		while (count - done >= VED_MAX_RECORD) {
			int cpu = -1;

			len = peek_drop_record(rec);
			if (!len)
				len = peek_record(rec, &cpu);
			if (!len)
				break;
			/* A record leaves the buffer only once delivered. */
			if (copy_to_user(ubuf + done, rec, len)) {
				ret = -EFAULT;
				break;
			}
			if (cpu >= 0)
				ring_buffer_consume(ring, cpu, NULL, NULL);
			else
				drop_ready = false;
			done += len;
		}
		mutex_unlock(&reader_mutex);
		if (ret || (file->f_flags & O_NONBLOCK))
			break;
	}
	kfree(rec);
	if (done)
		return done;
	return ret ? ret : -EAGAIN;
}

static __poll_t ved_poll(struct file *file, struct poll_table_struct *wait)
{
	poll_wait(file, &readers, wait);
	return have_records() ? EPOLLIN | EPOLLRDNORM : 0;
}

static const struct file_operations ved_fops = {
	.owner	= THIS_MODULE,
	.read	= ved_read,
	.poll	= ved_poll,
	.llseek	= noop_llseek,
};

static struct miscdevice ved_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "ved",
	.fops	= &ved_fops,
	.mode	= 0600,
};

int events_init(void)
{
	int ret;

	init_irq_work(&wake_work, wake_readers);
	if (buffer_kb < 16 || buffer_kb > 65536) {
		pr_err("ved: buffer_kb=%u out of range 16..65536\n", buffer_kb);
		return -EINVAL;
	}
	/* No RB_FL_OVERWRITE: when full, new records are dropped and counted. */
	ring = ring_buffer_alloc(buffer_kb * 1024UL, 0);
	if (!ring)
		return -ENOMEM;
	ret = misc_register(&ved_misc);
	if (ret) {
		ring_buffer_free(ring);
		ring = NULL;
	}
	return ret;
}

void events_exit(void)
{
	misc_deregister(&ved_misc);
	irq_work_sync(&wake_work);
	ring_buffer_free(ring);
	ring = NULL;
}
