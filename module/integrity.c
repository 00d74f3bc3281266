// SPDX-License-Identifier: GPL-2.0
/*
 * The integrity and rootkit sweep: one delayed work runs every check of the
 * integrity, rootkit and self detectors, plus what they share (who owns an
 * address, reporting once, responding).
 *
 * The sweep is not periodic in the strict sense: each delay is drawn at
 * random in [interval/2, interval] (ved.sweep_ms), and events that a
 * rootkit needs (a module load, a module going live) run it at once, so a
 * rootkit cannot time its tampering between two checks; every change is
 * still seen within one interval.
 */
#include <linux/hashtable.h>
#include <linux/kallsyms.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <asm/sections.h>

#include "compat.h"
#include "ved.h"

typedef struct module *(*module_address_fn)(unsigned long addr);
typedef bool (*addr_pred_fn)(unsigned long addr);
typedef int (*size_offset_fn)(unsigned long addr, unsigned long *size,
			      unsigned long *offset);

static module_address_fn module_address;
static addr_pred_fn is_bpf_text, is_ftrace_tramp;
static size_offset_fn size_offset;
static unsigned long text_start, text_end;

/* Benchmark figures, read through /sys/module/ved/parameters/. */
static unsigned long sweep_last_ns, sweep_max_ns, sweep_count;
module_param(sweep_last_ns, ulong, 0444);
MODULE_PARM_DESC(sweep_last_ns, "(read) duration of the last integrity sweep, ns");
module_param(sweep_max_ns, ulong, 0444);
MODULE_PARM_DESC(sweep_max_ns, "(read) longest integrity sweep, ns");
module_param(sweep_count, ulong, 0444);
MODULE_PARM_DESC(sweep_count, "(read) integrity sweeps done");

static DEFINE_MUTEX(sweep_mutex);
static struct delayed_work sweep_work;
static bool sweep_running;

bool ved_core_text(unsigned long addr)
{
	return addr >= text_start && addr < text_end;
}

bool ved_symbol_size(unsigned long addr, unsigned long *size, unsigned long *offset)
{
	return size_offset && size_offset(addr, size, offset);
}

/*
 * Name of what owns the code at @addr: a module (even one that left the
 * module list, as long as it is in the module address tree), "vmlinux",
 * "bpf", "ftrace" (trampolines), or "unknown".  Returns @buf.
 */
const char *ved_addr_owner(unsigned long addr, char *buf, size_t len)
{
	struct module *mod;

	if (!addr) {
		strscpy(buf, "", len);
		return buf;
	}
	if (ved_core_text(addr)) {
		strscpy(buf, "vmlinux", len);
		return buf;
	}
	preempt_disable();
	mod = module_address ? module_address(addr) : NULL;
	if (mod)
		strscpy(buf, mod->name, len);
	preempt_enable();
	if (mod)
		return buf;
	if (is_bpf_text && is_bpf_text(addr))
		strscpy(buf, "bpf", len);
	else if (is_ftrace_tramp && is_ftrace_tramp(addr))
		strscpy(buf, "ftrace", len);
	else
		strscpy(buf, "unknown", len);
	return buf;
}

/* The module whose memory holds @addr; caller has preemption disabled. */
struct module *ved_module_of(unsigned long addr)
{
	return module_address ? module_address(addr) : NULL;
}

/* ---- report once ---- */

struct seen {
	struct hlist_node node;
	u64 key;
	unsigned long gen;
};

static DEFINE_HASHTABLE(seen_table, 8);
static DEFINE_SPINLOCK(seen_lock);

/*
 * True the first time @key is reported; tampering that stays in place is
 * reported once, not once per sweep.  ved_forget() re-arms a key when the
 * object is back to normal.
 */
bool ved_first_report(u64 key)
{
	struct seen *s;
	unsigned long flags;

	spin_lock_irqsave(&seen_lock, flags);
	hash_for_each_possible(seen_table, s, node, key) {
		if (s->key == key) {
			spin_unlock_irqrestore(&seen_lock, flags);
			return false;
		}
	}
	s = kmalloc(sizeof(*s), GFP_ATOMIC);
	if (s) {
		s->key = key;
		hash_add(seen_table, &s->node, key);
	}
	spin_unlock_irqrestore(&seen_lock, flags);
	return true;
}

void ved_forget(u64 key)
{
	struct seen *s;
	struct hlist_node *tmp;
	unsigned long flags;

	spin_lock_irqsave(&seen_lock, flags);
	hash_for_each_possible_safe(seen_table, s, tmp, node, key) {
		if (s->key == key) {
			hash_del(&s->node);
			kfree(s);
		}
	}
	spin_unlock_irqrestore(&seen_lock, flags);
}

static void forget_all(void)
{
	struct seen *s;
	struct hlist_node *tmp;
	int bkt;

	hash_for_each_safe(seen_table, bkt, tmp, s, node) {
		hash_del(&s->node);
		kfree(s);
	}
}

/* ---- reporting ---- */

/*
 * Respond to an integrity-type finding of detector @det.  @restore, when
 * given, puts the original value back; it is only called in block mode
 * (the documented meaning of block for these detectors: restore what can
 * be restored safely).  Returns the action taken.
 */
enum ved_action ved_integrity_report(enum ved_detector det, enum ved_severity sev,
				     const struct ved_ev_integrity *ev,
				     bool (*restore)(const struct ved_ev_integrity *ev))
{
	struct {
		struct ved_event_header hdr;
		struct ved_ev_integrity p;
	} rec = {};
	enum ved_mode mode = detector_mode(det);
	enum ved_action act = VED_ACT_LOG;
	char what[160];

	if (mode == VED_MODE_OFF)
		return VED_ACT_NONE;
	if (mode == VED_MODE_BLOCK && restore && restore(ev))
		act = VED_ACT_BLOCK;
	else if (mode == VED_MODE_PANIC)
		act = VED_ACT_PANIC;
	snprintf(what, sizeof(what), "%s %s[%u] %#llx -> %#llx (owner %s)%s",
		 ved_object_name(ev->object), ev->name, ev->index, ev->expected,
		 ev->actual, ev->owner[0] ? ev->owner : "-",
		 act == VED_ACT_BLOCK ? ", restored" : "");
	pr_alert("ved: detector=%s action=%s: %s\n", detector_name(det),
		 act == VED_ACT_PANIC ? "panic" : act == VED_ACT_BLOCK ? "restore" : "log",
		 what);
	rec.p = *ev;
	event_emit(&rec.hdr, sizeof(rec), VED_EV_INTEGRITY, det, act, sev);
	respond_finish(act, what);
	return act;
}

void ved_hidden_report(enum ved_detector det, u32 kind, u32 id, const char *name,
		       const char *views)
{
	struct {
		struct ved_event_header hdr;
		struct ved_ev_hidden p;
	} rec = {};
	enum ved_action act = detector_mode(det) == VED_MODE_PANIC ?
			      VED_ACT_PANIC : VED_ACT_LOG;
	char what[160];

	if (detector_mode(det) == VED_MODE_OFF)
		return;
	rec.p.kind = kind;
	rec.p.id = id;
	strscpy(rec.p.name, name, sizeof(rec.p.name));
	strscpy(rec.p.views, views, sizeof(rec.p.views));
	snprintf(what, sizeof(what), "hidden %s %s (id %u): %s",
		 kind == VED_HIDDEN_MODULE ? "module" : "process", name, id, views);
	pr_alert("ved: detector=%s action=%s: %s\n", detector_name(det),
		 act == VED_ACT_PANIC ? "panic" : "log", what);
	event_emit(&rec.hdr, sizeof(rec), VED_EV_HIDDEN, det, act, VED_SEV_CRITICAL);
	respond_finish(act, what);
}

const char *ved_object_name(u32 object)
{
	static const char *const names[] = {
		[VED_INT_TEXT] = "text", [VED_INT_RODATA] = "rodata",
		[VED_INT_EXTABLE] = "ex_table", [VED_INT_MODULE_TEXT] = "module_text",
		[VED_INT_SYSCALL_TABLE] = "syscall_table",
		[VED_INT_DISPATCH] = "syscall_dispatch", [VED_INT_IDT] = "idt",
		[VED_INT_MSR] = "msr", [VED_INT_LSM] = "lsm",
		[VED_INT_FTRACE_HOOK] = "ftrace_hook",
		[VED_INT_KPROBE_HOOK] = "kprobe_hook", [VED_INT_NF_HOOK] = "nf_hook",
		[VED_INT_TAINT] = "taint", [VED_INT_SELF_TEXT] = "self_text",
		[VED_INT_SELF_PROBE] = "self_probe",
		[VED_INT_SELF_CONFIG] = "self_config",
		[VED_INT_KPROBES_DISARMED] = "kprobes_disarmed",
		[VED_INT_MODULE_MEMORY] = "module_memory",
	};

	return object < ARRAY_SIZE(names) && names[object] ? names[object] : "?";
}

/* ---- the sweep ---- */

static unsigned long next_delay(void)
{
	unsigned int ms = config_sweep_interval_ms();

	return msecs_to_jiffies(ms / 2 + get_random_u32() % (ms / 2 + 1));
}

static void run_checks(void)
{
	tables_check();
	text_check();
	modules_check();
	hooks_check();
	procs_check();
	taint_check();
	self_check();
}

static void sweep(struct work_struct *work)
{
	u64 t0, dt;

	mutex_lock(&sweep_mutex);
	if (sweep_running) {
		t0 = ktime_get_ns();
		run_checks();
		dt = ktime_get_ns() - t0;
		WRITE_ONCE(sweep_last_ns, dt);
		if (dt > sweep_max_ns)
			WRITE_ONCE(sweep_max_ns, dt);
		WRITE_ONCE(sweep_count, sweep_count + 1);
		mod_delayed_work(system_wq, &sweep_work, next_delay());
	}
	mutex_unlock(&sweep_mutex);
}

/* Run the sweep as soon as possible (from any context that may sleep or not). */
void ved_sweep_now(void)
{
	if (READ_ONCE(sweep_running))
		mod_delayed_work(system_wq, &sweep_work, 0);
}

static unsigned long lookup(const char *name)
{
	unsigned long addr = ved_lookup_name(name);

	if (!addr)
		pr_warn("ved: integrity: symbol %s not found\n", name);
	return addr;
}

int integrity_init(void)
{
	module_address = (module_address_fn)lookup("__module_address");
	size_offset = (size_offset_fn)lookup("kallsyms_lookup_size_offset");
	is_bpf_text = (addr_pred_fn)lookup("is_bpf_text_address");
	is_ftrace_tramp = (addr_pred_fn)lookup("is_ftrace_trampoline");
	text_start = lookup("_stext");
	text_end = lookup("_etext");
	if (!module_address || !size_offset || !text_start || !text_end)
		return -ENOENT;
	INIT_DELAYED_WORK(&sweep_work, sweep);
	return 0;
}

/* Called last at load, once every detector has taken its baseline. */
void integrity_start(void)
{
	mutex_lock(&sweep_mutex);
	sweep_running = true;
	mutex_unlock(&sweep_mutex);
	mod_delayed_work(system_wq, &sweep_work, next_delay());
}

/* Called first at unload, before any detector drops its state. */
void integrity_stop(void)
{
	mutex_lock(&sweep_mutex);
	sweep_running = false;
	mutex_unlock(&sweep_mutex);
	cancel_delayed_work_sync(&sweep_work);
}

void integrity_exit(void)
{
	forget_all();
}

/* ---- all integrity, rootkit and self detectors ---- */

int ved_integrity_all_init(void)
{
	int ret;

	ret = integrity_init();
	if (ret)
		return ret;
	ret = tables_init();
	if (ret)
		goto out;
	ret = text_init();
	if (ret)
		goto out_tables;
	ret = modules_init();
	if (ret)
		goto out_text;
	hooks_init();
	taint_init();
	self_init();	/* last: sees every ved hook */
	integrity_start();
	return 0;

out_text:
	text_exit();
out_tables:
	tables_exit();
out:
	integrity_exit();
	return ret;
}

void ved_integrity_all_exit(void)
{
	integrity_stop();
	modules_exit();
	text_exit();
	tables_exit();
	integrity_exit();
}
