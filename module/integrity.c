// SPDX-License-Identifier: GPL-2.0
/*
 * The integrity and rootkit sweep: one delayed work runs every check of the
 * integrity, rootkit and self detectors, plus what they share (who owns an
 * address, reporting once, responding).
 *
 * The sweep is not periodic in the strict sense: each delay is drawn at
 * random in [interval/2, interval] (ved.sweep_ms), and events that a
 * rootkit needs (a module going live or away) run it at once, so a rootkit
 * cannot time its tampering between two checks.  Every check but one sees
 * a change within one interval; the exception is core text and rodata
 * hashing, most of the cost, which is spread over ved.hash_period_ms in a
 * random order (see "core text hashing" below) and done whole on events,
 * except for the pages of the functions rootkits patch ("hot pages"),
 * hashed on every sweep.
 */
#include <linux/hashtable.h>
#include <linux/kallsyms.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include <linux/sort.h>
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
 * Log and emit an integrity-type finding of detector @det whose response
 * is @act (decided by the caller from @det's mode), then panic if it says
 * so.  Shared by the integrity/rootkit detectors and self-protection,
 * which reads its mode from its protected shadow.
 */
void ved_integrity_emit(enum ved_detector det, enum ved_action act,
			enum ved_severity sev, const struct ved_ev_integrity *ev)
{
	struct {
		struct ved_event_header hdr;
		struct ved_ev_integrity p;
	} rec = {};
	char what[192];

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
}

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
	enum ved_mode mode = detector_mode(det);
	enum ved_action act = VED_ACT_LOG;

	if (mode == VED_MODE_OFF)
		return VED_ACT_NONE;
	if (mode == VED_MODE_BLOCK && restore && restore(ev))
		act = VED_ACT_BLOCK;
	else if (mode == VED_MODE_PANIC)
		act = VED_ACT_PANIC;
	ved_integrity_emit(det, act, sev, ev);
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
		[VED_INT_STATIC_CALL] = "static_call",
	};

	return object < ARRAY_SIZE(names) && names[object] ? names[object] : "?";
}

/* ---- the sweep ---- */

static unsigned long next_delay(void)
{
	unsigned int ms = config_sweep_interval_ms();

	return msecs_to_jiffies(ms / 2 + get_random_u32() % (ms / 2 + 1));
}

/* ---- core text hashing, spread over ved.hash_period_ms ---- */

/*
 * Hashing all of core text and rodata is most of a sweep's cost, so it is
 * not done every sweep.  A pass visits every text unit (integrity_text.c:
 * a page, or a patch-site walk) once, in an order drawn at random for each
 * pass, and each sweep does the units due by the time the next sweep may
 * come at the latest (now + sweep interval): a pass ends within
 * hash_period_ms of its start however the jittered sweeps fall, and which
 * page is checked when cannot be predicted, so tampering cannot be timed
 * between two checks of the same page.  Module events and ved.sweep_now
 * ask for a full pass at once (ved_sweep_now()).
 */
static struct {
	u32 *order;		/* a random permutation of the units */
	unsigned int units, done;
	u64 start;		/* when the current pass began, ns */
} pass;

#define SWEEP_FULL 0
static unsigned long sweep_flags;

static unsigned long text_passes, full_passes, full_pass_last_ns, full_sweep_last_ns;
module_param(text_passes, ulong, 0444);
MODULE_PARM_DESC(text_passes, "(read) spread text/rodata passes completed");
module_param(full_passes, ulong, 0444);
MODULE_PARM_DESC(full_passes, "(read) full text/rodata passes done at once (events, ved.sweep_now)");
module_param(full_pass_last_ns, ulong, 0444);
MODULE_PARM_DESC(full_pass_last_ns, "(read) duration of the last full text/rodata pass, ns");
module_param(full_sweep_last_ns, ulong, 0444);
MODULE_PARM_DESC(full_sweep_last_ns, "(read) duration of the last sweep that carried a full pass, ns");

/* Fisher-Yates; the modulo bias is below 2^-18 for fewer than 16K units. */
static void new_pass(u64 start)
{
	unsigned int i, j;
	u32 t;

	for (i = pass.units - 1; i > 0; i--) {
		j = get_random_u32() % (i + 1);
		t = pass.order[i];
		pass.order[i] = pass.order[j];
		pass.order[j] = t;
	}
	pass.done = 0;
	pass.start = start;
}

static void text_slice(u64 now)
{
	u64 period = (u64)config_hash_period_ms() * NSEC_PER_MSEC;
	u64 horizon = now + (u64)config_sweep_interval_ms() * NSEC_PER_MSEC;
	unsigned int target, n;

	if (pass.done == pass.units) {
		/* Back to back, unless the last one ended late. */
		new_pass(max(pass.start + period, now));
		WRITE_ONCE(text_passes, text_passes + 1);
	}
	if (horizon <= pass.start)
		return;
	target = div64_u64((u64)pass.units * min(horizon - pass.start, period), period);
	for (n = 0; pass.done < target; pass.done++, n++) {
		if (n && !(n & 63))
			cond_resched();
		text_check_unit(pass.order[pass.done]);
	}
}

static void text_full(u64 now)
{
	text_check();
	WRITE_ONCE(full_pass_last_ns, ktime_get_ns() - now);
	WRITE_ONCE(full_passes, full_passes + 1);
	/* Everything was just seen: the spread pass starts over from here. */
	if (pass.order)
		new_pass(now);
}

/* ---- hot pages: hashed on every sweep ---- */

/*
 * A raw patch of the code rootkits hook must not wait for the spread pass:
 * the core text pages holding these functions are hashed on every sweep,
 * the rest of text/rodata stays spread over hash_period_ms.  The list is
 * rootkit_hooks.c's sensitive functions (directory and /proc listing,
 * socket lists, kill, the syscall path and its dispatch) and wCFI's
 * critical ones (what gives root, runs a helper, turns off SMEP/SMAP or
 * W^X).  Whole pages are hashed, so a patch anywhere in them counts; names
 * a kernel lacks are skipped.
 */
static const char *const hot_functions[] = {
	"__x64_sys_getdents", "__x64_sys_getdents64", "__ia32_sys_getdents",
	"__ia32_sys_getdents64", "__ia32_compat_sys_getdents", "filldir", "filldir64",
	"compat_filldir", "iterate_dir", "proc_root_readdir", "proc_pid_readdir",
	"proc_root_lookup", "proc_pid_lookup",
	"tcp4_seq_show", "tcp6_seq_show", "udp4_seq_show", "udp6_seq_show",
	"raw_seq_show",
	"__x64_sys_kill", "__ia32_sys_kill", "kill_pid_info", "kill_something_info",
	"entry_SYSCALL_64", "do_syscall_64", "x64_sys_call", "ia32_sys_call",
	"int80_emulation", "do_fast_syscall_32", "entry_SYSCALL_compat",
	"commit_creds", "prepare_kernel_cred", "prepare_creds", "override_creds",
	"call_usermodehelper", "call_usermodehelper_setup", "call_usermodehelper_exec",
	"native_write_cr0", "native_write_cr4", "switch_task_namespaces",
	"set_memory_x", "set_memory_rw", "set_memory_nx", "set_memory_ro",
};

/* At most this many pages per function: entry code and x64_sys_call span a few. */
#define HOT_MAX_PAGES 8

static u32 *hot_units;
static unsigned int hot_pages, hot_functions_found;
static unsigned long hot_last_ns;
module_param(hot_pages, uint, 0444);
MODULE_PARM_DESC(hot_pages, "(read) core text pages hashed on every sweep (sensitive functions)");
module_param(hot_functions_found, uint, 0444);
MODULE_PARM_DESC(hot_functions_found, "(read) sensitive functions found in core text");
module_param(hot_last_ns, ulong, 0444);
MODULE_PARM_DESC(hot_last_ns, "(read) time to hash the hot pages in the last sweep, ns");

static int cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* The units of the pages @name spans, appended to hot_units. */
static void hot_add_function(const char *name, unsigned int *n)
{
	unsigned long addr = ved_lookup_name(name), size = 0, off, a;
	int unit;

	if (!addr || !ved_core_text(addr))
		return;
	if (!ved_symbol_size(addr, &size, &off) || !size)
		size = 1;
	hot_functions_found++;
	for (a = addr & PAGE_MASK; a < addr + size && a < (addr & PAGE_MASK) +
	     HOT_MAX_PAGES * PAGE_SIZE; a += PAGE_SIZE) {
		unit = text_unit_of(max(a, addr));
		if (unit >= 0)
			hot_units[(*n)++] = unit;
	}
}

/* After text_init(): resolve once, sort, drop the pages shared by several. */
static void hot_init(void)
{
	unsigned int i, n = 0;

	hot_units = kmalloc_array(ARRAY_SIZE(hot_functions) * HOT_MAX_PAGES,
				  sizeof(*hot_units), GFP_KERNEL);
	if (!hot_units) {
		pr_warn("ved: integrity: no memory for the hot pages: sensitive code waits for the spread pass\n");
		return;
	}
	for (i = 0; i < ARRAY_SIZE(hot_functions); i++)
		hot_add_function(hot_functions[i], &n);
	sort(hot_units, n, sizeof(*hot_units), cmp_u32, NULL);
	for (i = 0; i < n; i++)
		if (!hot_pages || hot_units[hot_pages - 1] != hot_units[i])
			hot_units[hot_pages++] = hot_units[i];
	pr_info("ved: integrity: %u sensitive functions on %u text pages, hashed every sweep\n",
		hot_functions_found, hot_pages);
}

static void hot_check(void)
{
	u64 t0 = ktime_get_ns();
	unsigned int i;

	for (i = 0; i < hot_pages; i++)
		text_check_unit(hot_units[i]);
	WRITE_ONCE(hot_last_ns, ktime_get_ns() - t0);
}

static bool full_wanted;

static void text_sweep(void)
{
	u64 now = ktime_get_ns();

	if (detector_mode(VED_DET_INTEGRITY) == VED_MODE_OFF)
		return;
	/* Without memory for the order, every sweep does a full pass. */
	if (full_wanted || !pass.order) {
		text_full(now);
		return;
	}
	hot_check();
	text_slice(now);
}

/* After text_init(): the units are known. */
static void text_pass_init(void)
{
	unsigned int i;

	pass.units = text_units();
	pass.order = kvmalloc_array(pass.units, sizeof(*pass.order), GFP_KERNEL);
	if (!pass.order) {
		pr_warn("ved: integrity: no memory to spread text hashing: full passes every sweep\n");
		return;
	}
	for (i = 0; i < pass.units; i++)
		pass.order[i] = i;
	new_pass(ktime_get_ns());
}

/* ---- the sweep ---- */

struct sweep_check {
	const char *name;
	void (*run)(void);
};

/* In sweep order; check_ns[] below follows it. */
static const struct sweep_check checks[] = {
	{ "tables", tables_check }, { "text", text_sweep },
	{ "modtext", modtext_check }, { "modules", modules_check },
	{ "hooks", hooks_check }, { "procs", procs_check },
	{ "taint", taint_check }, { "self", self_check },
};

#define NR_CHECKS ARRAY_SIZE(checks)
static unsigned long check_ns[NR_CHECKS];
module_param_array(check_ns, ulong, NULL, 0444);
MODULE_PARM_DESC(check_ns, "(read) time of each check in the last sweep, ns: tables,text,modtext,modules,hooks,procs,taint,self");

static unsigned long check_total_ns[NR_CHECKS];
module_param_array(check_total_ns, ulong, NULL, 0444);
MODULE_PARM_DESC(check_total_ns, "(read) time spent in each check since load, ns (order of check_ns)");

static unsigned long sweep_total_ns;
module_param(sweep_total_ns, ulong, 0444);
MODULE_PARM_DESC(sweep_total_ns, "(read) time spent in sweeps since load, ns");

static void run_checks(void)
{
	u64 t0, dt;
	int i;

	for (i = 0; i < NR_CHECKS; i++) {
		t0 = ktime_get_ns();
		checks[i].run();
		dt = ktime_get_ns() - t0;
		WRITE_ONCE(check_ns[i], dt);
		WRITE_ONCE(check_total_ns[i], check_total_ns[i] + dt);
	}
}

static void sweep(struct work_struct *work)
{
	u64 t0, dt;

	mutex_lock(&sweep_mutex);
	if (sweep_running) {
		t0 = ktime_get_ns();
		full_wanted = test_and_clear_bit(SWEEP_FULL, &sweep_flags);
		run_checks();
		dt = ktime_get_ns() - t0;
		WRITE_ONCE(sweep_last_ns, dt);
		if (dt > sweep_max_ns)
			WRITE_ONCE(sweep_max_ns, dt);
		WRITE_ONCE(sweep_total_ns, sweep_total_ns + dt);
		if (full_wanted)
			WRITE_ONCE(full_sweep_last_ns, dt);
		WRITE_ONCE(sweep_count, sweep_count + 1);
		mod_delayed_work(system_wq, &sweep_work, next_delay());
	}
	mutex_unlock(&sweep_mutex);
}

/*
 * Run a full sweep, every text unit included, as soon as possible (from
 * any context that may sleep or not): module events, ved.sweep_now.
 */
void ved_sweep_now(void)
{
	set_bit(SWEEP_FULL, &sweep_flags);
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
	kvfree(pass.order);
	pass.order = NULL;
	kfree(hot_units);
	hot_units = NULL;
	hot_pages = 0;
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
	text_pass_init();
	hot_init();
	ret = modules_init();
	if (ret)
		goto out_text;
	hooks_init();
	procs_init();	/* failure: no scheduler view, the others remain */
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
	self_exit();
	procs_exit();
	modules_exit();
	text_exit();
	tables_exit();
	integrity_exit();
}
