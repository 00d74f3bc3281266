// SPDX-License-Identifier: GPL-2.0
/*
 * wCFI: make kernel code reuse (ROP, JOP-to-ret, return into the middle of
 * a function, stack pivots) fail.
 *
 * 1. Marked critical functions (commit_creds, prepare_kernel_cred,
 *    call_usermodehelper_exec, native_write_cr4, switch_task_namespaces,
 *    set_memory_x, set_memory_rw by default) may only be entered from the
 *    call sites found by scanning kernel and module text at load: the
 *    return address on entry must follow a direct call to the function, or
 *    a call to a function that tail-jumps to it.  The check runs on ENTRY,
 *    so in block mode the function does not run at all.
 * 2. At checkpoints (entry of a marked function, a random sample of
 *    schedule() calls, selected system calls) the stack pointer must lie in
 *    the task's stack, and every return address the ORC unwinder finds on
 *    the stack must be in kernel or module text and follow a call
 *    instruction (lib/x86dec.c).  Frames the unwinder builds from saved
 *    registers (interrupts, exceptions) hold interrupted instruction
 *    pointers, not return addresses, and are not held to that rule.
 *
 * The allowed call sites live in a sorted table made read-only once built;
 * module loads and unloads build a new table and swap it in under RCU.
 */
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/sched/clock.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <asm/unwind.h>

#include "compat.h"
#include "ved.h"
#include "x86dec.h"

#define MAX_MARKED	16
#define MAX_CHECKPOINT_SYSCALLS	16
#define MAX_TAIL_FUNCS	256

static char *marked_param = "commit_creds,prepare_kernel_cred,call_usermodehelper_exec,"
	"native_write_cr4,switch_task_namespaces,set_memory_x,set_memory_rw";
module_param_named(wcfi_marked, marked_param, charp, 0444);
MODULE_PARM_DESC(wcfi_marked, "critical functions that may only be entered from their call sites");

static char *syscalls_param = "__x64_sys_setuid,__x64_sys_setresuid,__x64_sys_execve,"
	"__x64_sys_init_module,__x64_sys_finit_module,__x64_sys_bpf";
module_param_named(wcfi_syscalls, syscalls_param, charp, 0444);
MODULE_PARM_DESC(wcfi_syscalls, "system calls whose entry is a stack-validation checkpoint");

static unsigned int sched_sample = 64;
module_param_named(wcfi_sched_sample, sched_sample, uint, 0444);
MODULE_PARM_DESC(wcfi_sched_sample,
		 "validate the stack on 1 in N schedule() calls on average, at random (0: never)");

struct marked {
	const char *name;
	unsigned long addr;
	unsigned long blocked_ret;	/* what the function returns when refused */
	/*
	 * Some function tail-jumps here.  Such a function may itself be reached
	 * through a function pointer (an LSM hook such as cap_task_prctl()
	 * ending in commit_creds()), so a return address after an indirect call
	 * is accepted too, but only with the whole stack validated.
	 */
	bool has_tail_callers;
	struct kprobe kp;
};

struct site {
	unsigned long ret;	/* return address right after the call */
	unsigned long marked;	/* index into marked[] */
};

struct site_table {
	size_t n, bytes;
	struct site sites[];
};

/* Freeing a table, which is read-only: outside it, after a grace period. */
struct table_release {
	struct rcu_work rwork;
	struct site_table *table;
};

/* Per-module call sites, kept to rebuild the table on module changes. */
struct module_sites {
	struct list_head node;
	struct module *mod;
	size_t n;
	struct site *sites;
};

static struct marked marked[MAX_MARKED];
static int nr_marked;
static struct kprobe syscall_probes[MAX_CHECKPOINT_SYSCALLS];
static char *syscall_names[MAX_CHECKPOINT_SYSCALLS];
static int nr_syscall_probes;
static struct kprobe schedule_probe = { .symbol_name = "schedule" };
static bool schedule_probe_on;

static struct site *core_sites;
static size_t nr_core_sites;
/* Core functions that tail-jump to a marked function: modules call them too. */
static struct target_fn {
	unsigned long addr, marked;
} core_tails[MAX_TAIL_FUNCS];
static int nr_core_tails;
static LIST_HEAD(module_sites);
static DEFINE_MUTEX(sites_mutex);
static struct site_table __rcu *table;
static atomic64_t wcfi_checks;
static atomic64_t wcfi_ns;	/* time spent validating stacks */

static DEFINE_PER_CPU(unsigned int, sched_countdown);
static DEFINE_PER_CPU(char[KSYM_SYMBOL_LEN], symbuf);

static int (*set_memory_ro_fn)(unsigned long addr, int numpages);
static int (*set_memory_rw_fn)(unsigned long addr, int numpages);
static struct workqueue_struct *release_wq;
static int (*lookup_size_offset)(unsigned long addr, unsigned long *size,
				 unsigned long *offset);
static struct module *(*module_text_address_fn)(unsigned long addr);
static unsigned long stext, etext;

/* Legitimate frames whose return address does not follow a call. */
static const char *const exempt_names[] = {
	"ret_from_fork", "ret_from_fork_asm", "rewind_stack_and_make_dead",
	"arch_rethook_trampoline", "return_to_handler",
};
static struct { unsigned long start, end; } exempt[ARRAY_SIZE(exempt_names)];

/* ---- text and call sites ---- */

static bool in_kernel_text(unsigned long addr)
{
	return (addr >= stext && addr < etext) ||
	       (module_text_address_fn && module_text_address_fn(addr));
}

static bool is_exempt(unsigned long addr)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(exempt); i++)
		if (addr >= exempt[i].start && addr < exempt[i].end)
			return true;
	return false;
}

/*
 * Read the (up to 15) bytes before @ret.  Text that starts a mapping (a
 * module's init code) has nothing readable before it: read only from the
 * start of @ret's page then.  Returns how many bytes were read.
 */
static size_t bytes_before(unsigned long ret, u8 *buf)
{
	size_t n = X86DEC_MAX_LOOKBACK;

	if (!copy_from_kernel_nofault(buf, (void *)(ret - n), n))
		return n;
	n = min_t(size_t, n, offset_in_page(ret));
	if (n && !copy_from_kernel_nofault(buf, (void *)(ret - n), n))
		return n;
	return 0;
}

/* Does a call instruction end right at @ret? */
static bool follows_call(unsigned long ret)
{
	u8 bytes[X86DEC_MAX_LOOKBACK];
	struct x86_call call;
	size_t n = bytes_before(ret, bytes);

	return n && x86_call_before(bytes, n, ret, &call);
}

/* Retpoline thunks: "call __x86_indirect_thunk_rax" is an indirect call. */
static unsigned long thunks_start, thunks_end;

static bool thunk_target(unsigned long target)
{
	return target >= thunks_start && target < thunks_end;
}

/* Does an indirect call (register, memory, or retpoline thunk) end at @ret? */
static bool follows_indirect_call(unsigned long ret)
{
	u8 bytes[X86DEC_MAX_LOOKBACK];
	struct x86_call call;
	size_t n = bytes_before(ret, bytes);

	if (!n || !x86_call_before(bytes, n, ret, &call))
		return false;
	if (call.kind == X86_CALL_DIRECT)
		return thunk_target(call.target);
	return call.kind != X86_CALL_NONE;
}

struct site_list {
	struct site *v;
	size_t n, cap;
};

static int site_add(struct site_list *l, unsigned long ret, unsigned long m)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct site *v = krealloc(l->v, cap * sizeof(*v), GFP_KERNEL);

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].ret = ret;
	l->v[l->n].marked = m;
	l->n++;
	return 0;
}

/*
 * Targets for one scan pass: the marked functions themselves and the
 * functions that tail-jump to them, each standing for marked[m].
 */
struct target {
	unsigned long addr;
	unsigned long marked;
};

struct scan {
	struct target *targets;
	int nr_targets;
	struct target *tails;	/* functions found tail-jumping to a target */
	int nr_tails;
};

static void note_tail(struct scan *sc, unsigned long jmp, unsigned long m)
{
	unsigned long size, offset, fn;
	int i;

	if (!lookup_size_offset || !lookup_size_offset(jmp, &size, &offset))
		return;
	fn = jmp - offset;
	for (i = 0; i < sc->nr_tails; i++)
		if (sc->tails[i].addr == fn)
			return;
	if (sc->nr_tails < MAX_TAIL_FUNCS) {
		sc->tails[sc->nr_tails].addr = fn;
		sc->tails[sc->nr_tails].marked = m;
		sc->nr_tails++;
	}
}

/*
 * Byte scan of [start, end) for E8/E9 rel32 to a target.  Bytes that are
 * not really instructions may match too: that only adds sites an attacker
 * would have to reach by an exact return address, never removes a real one.
 */
static int scan_text(unsigned long start, unsigned long end, struct scan *sc,
		     struct site_list *out)
{
	unsigned long p, target;
	int i, ret;

	for (p = start; p + 5 <= end; p++) {
		u8 op = *(u8 *)p;

		if (op != 0xe8 && op != 0xe9)
			continue;
		target = p + 5 + (long)*(s32 *)(p + 1);
		for (i = 0; i < sc->nr_targets; i++) {
			if (target != sc->targets[i].addr)
				continue;
			if (op == 0xe8) {
				ret = site_add(out, p + 5, sc->targets[i].marked);
				if (ret)
					return ret;
			} else {
				note_tail(sc, p, sc->targets[i].marked);
			}
		}
		if (!(p & 0xfffff))
			cond_resched();
	}
	return 0;
}

/*
 * Sites in [start, end): direct calls, then calls to tail-jumping
 * functions.  Module text also counts calls to the core kernel's
 * tail-jumping functions (a driver calling call_usermodehelper(), which
 * tail-jumps to call_usermodehelper_exec()).
 */
struct text_range {
	unsigned long start, end;
};

static int scan_ranges(const struct text_range *r, int n, struct scan *sc, struct site_list *out)
{
	int i, ret = 0;

	for (i = 0; i < n && !ret; i++)
		ret = scan_text(r[i].start, r[i].end, sc, out);
	return ret;
}

static int scan_for_sites(const struct text_range *r, int nr, struct site_list *out)
{
	struct target targets[MAX_MARKED], *tails;
	struct scan sc = { .targets = targets };
	int i, ret;

	tails = kcalloc(MAX_TAIL_FUNCS, sizeof(*tails), GFP_KERNEL);
	if (!tails)
		return -ENOMEM;
	for (i = 0; i < nr_marked; i++) {
		targets[i].addr = marked[i].addr;
		targets[i].marked = i;
	}
	sc.nr_targets = nr_marked;
	sc.tails = tails;
	for (i = 0; i < nr_core_tails && sc.nr_tails < MAX_TAIL_FUNCS; i++) {
		tails[sc.nr_tails].addr = core_tails[i].addr;
		tails[sc.nr_tails].marked = core_tails[i].marked;
		sc.nr_tails++;
	}
	ret = scan_ranges(r, nr, &sc, out);
	if (!ret && !nr_core_tails && r[0].start == stext) {
		/* The core scan: remember its tail functions for modules. */
		for (i = 0; i < sc.nr_tails; i++) {
			core_tails[i].addr = tails[i].addr;
			core_tails[i].marked = tails[i].marked;
			marked[tails[i].marked].has_tail_callers = true;
		}
		nr_core_tails = sc.nr_tails;
	}
	if (!ret && sc.nr_tails) {
		/* One level of tail calls: calls to those functions count too. */
		struct scan second = { .targets = tails, .nr_targets = sc.nr_tails,
				       .tails = kcalloc(MAX_TAIL_FUNCS, sizeof(*tails), GFP_KERNEL) };

		if (!second.tails) {
			ret = -ENOMEM;
		} else {
			ret = scan_ranges(r, nr, &second, out);
			kfree(second.tails);
		}
	}
	kfree(tails);
	return ret;
}

static int site_cmp(const void *a, const void *b)
{
	const struct site *x = a, *y = b;

	if (x->ret != y->ret)
		return x->ret < y->ret ? -1 : 1;
	return x->marked < y->marked ? -1 : x->marked > y->marked;
}

static void table_free(struct site_table *t)
{
	if (!t)
		return;
	set_memory_rw_fn((unsigned long)t, t->bytes >> PAGE_SHIFT);
	vfree(t);
}

/*
 * Runs in a kernel worker: set_memory_rw() is itself a marked function,
 * and wCFI leaves kernel threads alone.
 */
static void table_release_work(struct work_struct *work)
{
	struct table_release *r = container_of(to_rcu_work(work), struct table_release, rwork);

	table_free(r->table);
	kfree(r);
}

/* Build the merged, sorted, read-only table and publish it. */
static int publish_table(void)
{
	struct module_sites *ms;
	struct site_table *t, *old;
	struct table_release *release;
	size_t n = nr_core_sites, bytes;

	lockdep_assert_held(&sites_mutex);
	list_for_each_entry(ms, &module_sites, node)
		n += ms->n;
	bytes = PAGE_ALIGN(sizeof(*t) + n * sizeof(struct site));
	release = kzalloc(sizeof(*release), GFP_KERNEL);
	t = vmalloc(bytes);
	if (!t || !release) {
		vfree(t);
		kfree(release);
		return -ENOMEM;
	}
	t->n = 0;
	t->bytes = bytes;
	memcpy(t->sites, core_sites, nr_core_sites * sizeof(struct site));
	t->n = nr_core_sites;
	list_for_each_entry(ms, &module_sites, node) {
		memcpy(t->sites + t->n, ms->sites, ms->n * sizeof(struct site));
		t->n += ms->n;
	}
	sort(t->sites, t->n, sizeof(struct site), site_cmp, NULL);
	set_memory_ro_fn((unsigned long)t, bytes >> PAGE_SHIFT);
	old = rcu_replace_pointer(table, t, lockdep_is_held(&sites_mutex));
	if (old) {
		release->table = old;
		INIT_RCU_WORK(&release->rwork, table_release_work);
		queue_rcu_work(release_wq, &release->rwork);
	} else {
		kfree(release);
	}
	return 0;
}

static bool site_allowed(unsigned long ret, unsigned long m)
{
	struct site_table *t;
	size_t lo = 0, hi;
	bool found = false;

	rcu_read_lock();
	t = rcu_dereference(table);
	hi = t ? t->n : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct site *s = &t->sites[mid];

		if (s->ret < ret || (s->ret == ret && s->marked < m)) {
			lo = mid + 1;
		} else if (s->ret == ret && s->marked == m) {
			found = true;
			break;
		} else {
			hi = mid;
		}
	}
	rcu_read_unlock();
	return found;
}

static int scan_module(struct module *mod, bool with_init)
{
	struct site_list l = { 0 };
	struct module_sites *ms;
	struct text_range r[2];
	unsigned long start, size;
	int n = 0, ret = 0;

	ved_module_text(mod, &start, &size);
	if (size)
		r[n++] = (struct text_range){ start, start + size };
	/* Init code runs between COMING and LIVE, then is freed. */
	ved_module_init_text(mod, &start, &size);
	if (with_init && size)
		r[n++] = (struct text_range){ start, start + size };
	/* One scan over both: init code often calls core code that tail-jumps. */
	if (n)
		ret = scan_for_sites(r, n, &l);
	if (ret || !l.n) {
		kfree(l.v);
		return ret;
	}
	ms = kzalloc(sizeof(*ms), GFP_KERNEL);
	if (!ms) {
		kfree(l.v);
		return -ENOMEM;
	}
	ms->mod = mod;
	ms->n = l.n;
	ms->sites = l.v;
	list_add(&ms->node, &module_sites);
	return 0;
}

static void forget_module(struct module *mod)
{
	struct module_sites *ms, *tmp;

	list_for_each_entry_safe(ms, tmp, &module_sites, node) {
		if (ms->mod == mod) {
			list_del(&ms->node);
			kfree(ms->sites);
			kfree(ms);
		}
	}
}

/*
 * A module's text is final at COMING (relocated, read-only) and its init
 * code runs right after: scan then, so that its own calls are allowed.
 */
static int module_event(struct notifier_block *nb, unsigned long state, void *data)
{
	struct module *mod = data;

	mutex_lock(&sites_mutex);
	forget_module(mod);
	if (state == MODULE_STATE_COMING || state == MODULE_STATE_LIVE)
		scan_module(mod, state == MODULE_STATE_COMING);
	publish_table();
	mutex_unlock(&sites_mutex);
	return NOTIFY_OK;
}

static struct notifier_block module_nb = { .notifier_call = module_event };

static int scan_loaded_modules(void)
{
	struct list_head *modules = (void *)ved_lookup_name("modules");
	struct module *mod;
	int ret = 0;

	if (!modules)
		return -ENOENT;
	/* Under sites_mutex; the RCU walk is how the kernel itself looks. */
	rcu_read_lock();
	list_for_each_entry_rcu(mod, modules, list) {
		if (mod->state == MODULE_STATE_UNFORMED || mod == THIS_MODULE)
			continue;
		if (!try_module_get(mod))
			continue;
		rcu_read_unlock();
		ret = scan_module(mod, false);
		rcu_read_lock();
		module_put(mod);
		if (ret)
			break;
	}
	rcu_read_unlock();
	return ret;
}

/* ---- checks ---- */

struct fault {
	enum ved_wcfi_reason reason;
	unsigned int depth;
	unsigned long address;
};

static bool sp_in_task_stack(unsigned long sp)
{
	unsigned long base = (unsigned long)task_stack_page(current);

	return sp >= base && sp < base + THREAD_SIZE;
}

/*
 * Unwind the current stack from @regs and hold every return address to
 * the rules.  Returns true and fills @f on the first violation.
 */
static bool walk_stack(struct pt_regs *regs, struct fault *f)
{
	struct unwind_state state;
	unsigned long addr;
	unsigned int depth = 0;

	if (!sp_in_task_stack(regs->sp)) {
		*f = (struct fault){ VED_WCFI_SP_OUTSIDE_STACK, 0, regs->sp };
		return true;
	}
	for (unwind_start(&state, current, regs, NULL); !unwind_done(&state);
	     unwind_next_frame(&state), depth++) {
		bool partial;

		addr = unwind_get_return_address(&state);
		if (!addr || depth > 64)
			break;
		/* A frame rebuilt from saved registers: an interrupted ip. */
		if (unwind_get_entry_regs(&state, &partial))
			continue;
		if (!in_kernel_text(addr)) {
			if (addr < TASK_SIZE_MAX)
				break;	/* reached user space */
			*f = (struct fault){ VED_WCFI_RET_NOT_TEXT, depth, addr };
			return true;
		}
		if (!follows_call(addr) && !is_exempt(addr)) {
			*f = (struct fault){ VED_WCFI_RET_NOT_AFTER_CALL, depth, addr };
			return true;
		}
	}
	return false;
}

/* The same, counted and timed (ved.stats.wcfi_checks, ved.stats.wcfi_ns). */
static bool validate_stack(struct pt_regs *regs, struct fault *f)
{
	u64 start = local_clock();
	bool bad = walk_stack(regs, f);

	atomic64_add(local_clock() - start, &wcfi_ns);
	atomic64_inc(&wcfi_checks);
	return bad;
}

static void symbol_of(unsigned long addr, char *out, size_t size)
{
	char *buf = this_cpu_ptr(symbuf);

	if (!addr) {
		strscpy(out, "-", size);
		return;
	}
	sprint_symbol(buf, addr);
	strscpy(out, buf, size);
}

static const char *const reason_names[] = {
	[VED_WCFI_RET_NOT_AFTER_CALL] = "return address does not follow a call",
	[VED_WCFI_RET_NOT_TEXT] = "return address outside kernel text",
	[VED_WCFI_SP_OUTSIDE_STACK] = "stack pointer outside the task's stack",
	[VED_WCFI_CALLER_NOT_ALLOWED] = "critical function entered from an unknown site",
};

/* Report a fault; true when the caller must refuse (block mode). */
static bool wcfi_detected(const struct fault *f, unsigned long target)
{
	struct {
		struct ved_event_header hdr;
		struct ved_ev_wcfi w;
	} rec = {};
	char what[160];
	enum ved_action act;

	rec.w.reason = f->reason;
	rec.w.depth = f->depth;
	rec.w.address = f->address;
	rec.w.target = target;
	if (f->reason == VED_WCFI_SP_OUTSIDE_STACK)
		strscpy(rec.w.symbol, "-", sizeof(rec.w.symbol));
	else
		symbol_of(f->address, rec.w.symbol, sizeof(rec.w.symbol));
	symbol_of(target, rec.w.target_symbol, sizeof(rec.w.target_symbol));
	snprintf(what, sizeof(what), "%s: %#lx (%s) in %s", reason_names[f->reason],
		 f->address, rec.w.symbol, rec.w.target_symbol);
	act = respond(VED_DET_WCFI, current, what);
	if (act == VED_ACT_NONE)
		return false;
	event_emit(&rec.hdr, sizeof(rec), VED_EV_WCFI, VED_DET_WCFI, act, VED_SEV_CRITICAL);
	respond_finish(act, what);
	return act == VED_ACT_BLOCK;
}

static bool wcfi_active(void)
{
	return detector_mode(VED_DET_WCFI) != VED_MODE_OFF && !in_nmi() &&
	       !in_hardirq() && !(current->flags & PF_KTHREAD);
}

static int marked_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct marked *m = container_of(kp, struct marked, kp);
	struct fault f;
	unsigned long ret;

	if (!wcfi_active())
		return 0;
	if (!sp_in_task_stack(regs->sp)) {
		f = (struct fault){ VED_WCFI_SP_OUTSIDE_STACK, 0, regs->sp };
	} else {
		ret = *(unsigned long *)regs->sp;
		if (!site_allowed(ret, m - marked) &&
		    !(m->has_tail_callers && follows_indirect_call(ret)))
			f = (struct fault){ VED_WCFI_CALLER_NOT_ALLOWED, 1, ret };
		else if (!validate_stack(regs, &f))
			return 0;
	}
	if (wcfi_detected(&f, m->addr))
		return probe_skip_function(regs, m->blocked_ret);
	return 0;
}

static int checkpoint_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct fault f;

	if (wcfi_active() && validate_stack(regs, &f))
		wcfi_detected(&f, (unsigned long)kp->addr);	/* the task is killed */
	return 0;
}

/* A random sample of schedule() calls: an attacker cannot predict which. */
static int schedule_pre(struct kprobe *kp, struct pt_regs *regs)
{
	unsigned int *left = this_cpu_ptr(&sched_countdown);

	if (--*left)
		return 0;
	*left = 1 + get_random_u32() % (2 * sched_sample);
	return checkpoint_pre(kp, regs);
}

u64 wcfi_check_count(void)
{
	return atomic64_read(&wcfi_checks);
}

u64 wcfi_check_ns(void)
{
	return atomic64_read(&wcfi_ns);
}

/* ---- setup ---- */

static unsigned long refused_value(const char *name)
{
	/* void and pointer-returning functions: 0; int-returning: -EPERM */
	if (!strcmp(name, "commit_creds") || !strcmp(name, "prepare_kernel_cred") ||
	    !strcmp(name, "native_write_cr4") || !strcmp(name, "switch_task_namespaces"))
		return 0;
	return (unsigned long)-EPERM;
}

static char *marked_copy, *syscalls_copy;

static int parse_marked(void)
{
	char *cur, *name;

	marked_copy = kstrdup(marked_param, GFP_KERNEL);
	if (!marked_copy)
		return -ENOMEM;
	cur = marked_copy;
	while ((name = strsep(&cur, ","))) {
		if (!*name)
			continue;
		if (nr_marked == MAX_MARKED)
			return -E2BIG;
		marked[nr_marked].name = name;
		marked[nr_marked].addr = ved_lookup_name(name);
		if (!marked[nr_marked].addr) {
			pr_warn("ved: wcfi: no function %s on this kernel; not marked\n", name);
			continue;
		}
		marked[nr_marked].blocked_ret = refused_value(name);
		marked[nr_marked].kp.symbol_name = name;
		marked[nr_marked].kp.pre_handler = marked_pre;
		nr_marked++;
	}
	return 0;
}

static void unregister_all(void)
{
	int i;

	if (schedule_probe_on)
		unregister_kprobe(&schedule_probe);
	schedule_probe_on = false;
	for (i = 0; i < nr_syscall_probes; i++)
		unregister_kprobe(&syscall_probes[i]);
	nr_syscall_probes = 0;
	for (i = 0; i < nr_marked; i++)
		if (marked[i].kp.addr)
			unregister_kprobe(&marked[i].kp);
}

static int register_checkpoints(void)
{
	char *cur, *name;
	int i, ret;

	for (i = 0; i < nr_marked; i++) {
		ret = register_kprobe(&marked[i].kp);
		if (ret) {
			pr_err("ved: wcfi: cannot probe %s: %d\n", marked[i].name, ret);
			marked[i].kp.addr = NULL;
			return ret;
		}
	}
	syscalls_copy = kstrdup(syscalls_param, GFP_KERNEL);
	if (!syscalls_copy)
		return -ENOMEM;
	cur = syscalls_copy;
	while ((name = strsep(&cur, ",")) && nr_syscall_probes < MAX_CHECKPOINT_SYSCALLS) {
		struct kprobe *kp = &syscall_probes[nr_syscall_probes];

		if (!*name)
			continue;
		kp->symbol_name = name;
		kp->pre_handler = checkpoint_pre;
		if (register_kprobe(kp)) {
			pr_warn("ved: wcfi: no syscall checkpoint %s\n", name);
			memset(kp, 0, sizeof(*kp));
			continue;
		}
		syscall_names[nr_syscall_probes++] = name;
	}
	if (sched_sample) {
		int cpu;

		for_each_possible_cpu(cpu)
			*per_cpu_ptr(&sched_countdown, cpu) = 1 + get_random_u32() % (2 * sched_sample);
		schedule_probe.pre_handler = schedule_pre;
		ret = register_kprobe(&schedule_probe);
		if (ret)
			return ret;
		schedule_probe_on = true;
	}
	return 0;
}

static void find_exempt(void)
{
	unsigned long size, offset;
	int i;

	for (i = 0; i < ARRAY_SIZE(exempt_names); i++) {
		unsigned long a = ved_lookup_name(exempt_names[i]);

		if (a && lookup_size_offset && lookup_size_offset(a, &size, &offset)) {
			exempt[i].start = a;
			exempt[i].end = a + size;
		}
	}
}

int wcfi_init(void)
{
	struct site_list core = { 0 };
	int ret;

	stext = ved_lookup_name("_stext");
	etext = ved_lookup_name("_etext");
	set_memory_ro_fn = (void *)ved_lookup_name("set_memory_ro");
	set_memory_rw_fn = (void *)ved_lookup_name("set_memory_rw");
	lookup_size_offset = (void *)ved_lookup_name("kallsyms_lookup_size_offset");
	module_text_address_fn = (void *)ved_lookup_name("__module_text_address");
	if (!stext || !etext || !lookup_size_offset || !module_text_address_fn ||
	    !set_memory_ro_fn || !set_memory_rw_fn)
		return -ENOENT;
	release_wq = alloc_workqueue("ved_wcfi", 0, 0);
	if (!release_wq)
		return -ENOMEM;
	find_exempt();
	/* 16 thunks, one per register, 32 bytes apart, rax first. */
	thunks_start = ved_lookup_name("__x86_indirect_thunk_rax");
	thunks_end = ved_lookup_name("__x86_indirect_thunk_r15");
	if (thunks_start && thunks_end > thunks_start)
		thunks_end += 32;
	else
		thunks_start = thunks_end = 0;
	ret = parse_marked();
	if (ret)
		return ret;

	mutex_lock(&sites_mutex);
	ret = scan_for_sites(&(struct text_range){ stext, etext }, 1, &core);
	core_sites = core.v;
	nr_core_sites = core.n;
	if (!ret)
		ret = register_module_notifier(&module_nb);
	if (!ret)
		ret = scan_loaded_modules();
	if (!ret)
		ret = publish_table();
	mutex_unlock(&sites_mutex);
	if (ret)
		goto fail;
	pr_info("ved: wcfi: %d marked functions, %zu core call sites\n", nr_marked, nr_core_sites);
	ret = register_checkpoints();
	if (!ret)
		return 0;
fail:
	wcfi_exit();
	return ret;
}

void wcfi_exit(void)
{
	struct site_table *t;
	struct module_sites *ms, *tmp;

	unregister_all();
	unregister_module_notifier(&module_nb);
	mutex_lock(&sites_mutex);
	t = rcu_replace_pointer(table, NULL, lockdep_is_held(&sites_mutex));
	list_for_each_entry_safe(ms, tmp, &module_sites, node) {
		list_del(&ms->node);
		kfree(ms->sites);
		kfree(ms);
	}
	mutex_unlock(&sites_mutex);
	synchronize_rcu();
	rcu_barrier();	/* queued releases are now on release_wq ... */
	if (release_wq)
		destroy_workqueue(release_wq);	/* ... which drains them */
	release_wq = NULL;
	table_free(t);
	kfree(core_sites);
	core_sites = NULL;
	kfree(marked_copy);
	kfree(syscalls_copy);
	nr_marked = 0;
}
