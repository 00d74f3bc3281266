// SPDX-License-Identifier: GPL-2.0
/*
 * ved's own kprobes, and the kprobes master switch.
 *
 * Which probes to watch is found, not declared: at self_init() (called
 * after every detector registered its probes) the kprobe table is walked
 * for probes whose struct lives in ved's memory.  Every detector registers
 * its probes in its init function and only unregisters them at unload, so
 * the walk sees all of them, and a detector added later is covered without
 * anyone remembering a registration call.  Each probe's address and
 * handlers are remembered then, and each sweep checks, under kprobe_mutex:
 *
 *   - it is still registered: get_kprobe() at its address finds it, alone
 *     or in the aggregate probe's list (unregister_kprobe());
 *   - its handlers are the original ones (a pointer written in ved's data);
 *   - it is not disabled or gone (disable_kprobe());
 *   - its site is armed: an int3 or the optimized jump into its detour
 *     buffer; for a probe on an ftrace site, the kprobes ftrace ops is
 *     enabled, has the address in its filter, and the site calls ftrace;
 *   - kprobes are not globally disarmed (kprobes_all_disarmed, which root
 *     sets by writing 0 to /sys/kernel/debug/kprobes/enabled; no module
 *     needed).
 * Block mode re-arms: arm_all_kprobes() as the kernel does it, then
 * enable_kprobe(), re-registration with the remembered address and
 * handlers, or the handler pointers written back.  A site that is not
 * armed although kprobes say it is is only reported: re-arming it through
 * kprobes would first disarm what kprobes believe is armed.
 */
#include <linux/ftrace.h>
#include <linux/hash.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "self.h"

#define KPROBE_TABLE_BITS 6	/* kernel/kprobes.c */

/* kernel/trace/trace.h, unchanged from 6.1 to 6.12. */
struct ved_ftrace_hash {
	unsigned long size_bits;
	struct hlist_head *buckets;
	unsigned long count;
	unsigned long flags;
	struct rcu_head rcu;
};

struct watched {
	struct kprobe *kp;
	struct kretprobe *rp;		/* kp is rp->kp */
	kprobe_opcode_t *addr;
	kprobe_pre_handler_t pre;
	kprobe_post_handler_t post;
	kretprobe_handler_t handler, entry_handler;
	enum ved_self_probe_state state, reported;
};

static struct watched *watched;
static unsigned int nr_watched, max_watched;

typedef struct kprobe *(*get_kprobe_fn)(void *addr);
static get_kprobe_fn get_kprobe_p;
static int (*arm_kprobe_p)(struct kprobe *p);
static struct hlist_head *kprobe_table_p;
static struct mutex *kprobe_mutex_p;
static bool *all_disarmed_p;
static unsigned long aggr_pre, kretprobe_pre;
static struct ftrace_ops *kprobe_ftrace_ops_p, *kprobe_ipmodify_ops_p;
static bool disarm_reported;

static bool ours(const void *p)
{
	bool ret;

	preempt_disable();
	ret = ved_module_of((unsigned long)p) == THIS_MODULE;
	preempt_enable();
	return ret;
}

static bool is_aggr(struct kprobe *p)
{
	return (unsigned long)p->pre_handler == aggr_pre;
}

/* ---- discovery ---- */

static void watch(struct kprobe *kp)
{
	struct watched *w;

	if (!ours(kp))
		return;
	if (!watched) {		/* counting pass */
		nr_watched++;
		return;
	}
	if (nr_watched >= max_watched)
		return;
	w = &watched[nr_watched++];
	w->kp = kp;
	w->addr = kp->addr;
	w->pre = kp->pre_handler;
	w->post = kp->post_handler;
	if ((unsigned long)kp->pre_handler == kretprobe_pre) {
		w->rp = container_of(kp, struct kretprobe, kp);
		w->handler = w->rp->handler;
		w->entry_handler = w->rp->entry_handler;
	}
}

static void walk_table(void)
{
	struct kprobe *p, *kp;
	int i;

	for (i = 0; i < (1 << KPROBE_TABLE_BITS); i++) {
		hlist_for_each_entry(p, &kprobe_table_p[i], hlist) {
			if (is_aggr(p))
				list_for_each_entry(kp, &p->list, list)
					watch(kp);
			else
				watch(p);
		}
	}
}

/* ---- state ---- */

/* Is ftrace's site at @ip calling into ftrace (not a nop, not elsewhere)? */
static bool ftrace_site_calls_ftrace(unsigned long ip)
{
	const u8 *c = (const u8 *)ip;
	char owner[VED_SYM_LEN];

	if (c[0] == INT3_INSN_OPCODE)	/* being patched right now */
		return true;
	if (c[0] != CALL_INSN_OPCODE)
		return false;
	ved_addr_owner(ip + 5 + *(s32 *)(c + 1), owner, sizeof(owner));
	return !strcmp(owner, "vmlinux") || !strcmp(owner, "ftrace");
}

static bool filter_has(struct ftrace_ops *ops, unsigned long ip)
{
	struct ved_ftrace_hash *hash;
	struct ftrace_func_entry *e;
	bool found = false;

	if (!ops->func_hash)
		return false;
	rcu_read_lock();
	hash = (void *)rcu_dereference_raw(ops->func_hash->filter_hash);
	if (hash && hash->count) {
		unsigned long key = hash->size_bits ? hash_long(ip, hash->size_bits) : 0;

		hlist_for_each_entry_rcu(e, &hash->buckets[key], hlist)
			if (e->ip == ip)
				found = true;
	}
	rcu_read_unlock();
	return found;
}

/* @ap: the probe in the kprobe table at the address (aggregate or single). */
static bool site_armed(struct kprobe *ap)
{
	unsigned long ip = (unsigned long)ap->addr;
	const u8 *c = (const u8 *)ip;

	if (kprobe_ftrace(ap)) {
		/* kernel/kprobes.c picks the ops by the post handler. */
		struct ftrace_ops *ops = ap->post_handler ? kprobe_ipmodify_ops_p :
					 kprobe_ftrace_ops_p;

		if (ops && (!(ops->flags & FTRACE_OPS_FL_ENABLED) || !filter_has(ops, ip)))
			return false;
		return ftrace_site_calls_ftrace(ip);
	}
	if (c[0] == INT3_INSN_OPCODE)
		return true;
	/* Optimized: a jmp into the detour buffer (only aggregates are optimized). */
	if (c[0] == JMP32_INSN_OPCODE && is_aggr(ap)) {
		struct optimized_kprobe *op = container_of(ap, struct optimized_kprobe, kp);

		return ip + 5 + *(s32 *)(c + 1) == (unsigned long)op->optinsn.insn;
	}
	return false;
}

static bool registered(struct watched *w, struct kprobe **app)
{
	struct kprobe *ap = get_kprobe_p(w->addr), *kp;

	*app = ap;
	if (!ap)
		return false;
	if (ap == w->kp)
		return true;
	if (is_aggr(ap))
		list_for_each_entry(kp, &ap->list, list)
			if (kp == w->kp)
				return true;
	return false;
}

static bool handlers_changed(struct watched *w)
{
	return w->kp->pre_handler != w->pre || w->kp->post_handler != w->post ||
	       (w->rp && (w->rp->handler != w->handler ||
			  w->rp->entry_handler != w->entry_handler));
}

static enum ved_self_probe_state probe_state(struct watched *w, bool disarmed)
{
	struct kprobe *ap;

	if (!registered(w, &ap))
		return VED_SELF_PROBE_UNREGISTERED;
	if (handlers_changed(w))
		return VED_SELF_PROBE_HANDLER;
	if (kprobe_disabled(w->kp) || kprobe_disabled(ap))
		return VED_SELF_PROBE_DISABLED;
	if (!disarmed && !site_armed(ap))
		return VED_SELF_PROBE_NOT_ARMED;
	return 0;
}

/* ---- responses (kprobe_mutex not held: the kprobes API takes it) ---- */

/* arm_all_kprobes() (static, inlined into its debugfs handler) as it is. */
static bool rearm_all(void *arg)
{
	struct kprobe *p;
	int i, errors = 0;

	if (!arm_kprobe_p)
		return false;
	mutex_lock(kprobe_mutex_p);
	if (READ_ONCE(*all_disarmed_p)) {
		WRITE_ONCE(*all_disarmed_p, false);
		for (i = 0; i < (1 << KPROBE_TABLE_BITS); i++)
			hlist_for_each_entry(p, &kprobe_table_p[i], hlist)
				if (!kprobe_disabled(p) && arm_kprobe_p(p))
					errors++;
	}
	mutex_unlock(kprobe_mutex_p);
	return !errors;
}

static bool rearm_probe(void *arg)
{
	struct watched *w = arg;
	struct kprobe *kp = w->kp;

	switch (w->state) {
	case VED_SELF_PROBE_HANDLER:
		kp->pre_handler = w->pre;
		kp->post_handler = w->post;
		if (w->rp) {
			w->rp->handler = w->handler;
			w->rp->entry_handler = w->entry_handler;
		}
		return true;
	case VED_SELF_PROBE_DISABLED:
		return !enable_kprobe(kp);
	case VED_SELF_PROBE_UNREGISTERED:
		/* As first registered: the resolved address, not the symbol. */
		kp->addr = w->addr;
		kp->symbol_name = NULL;
		kp->offset = 0;
		kp->flags = 0;
		if (w->rp) {
			w->rp->handler = w->handler;
			w->rp->entry_handler = w->entry_handler;
			return !register_kretprobe(w->rp);
		}
		kp->pre_handler = w->pre;
		kp->post_handler = w->post;
		return !register_kprobe(kp);
	default:
		return false;
	}
}

static void report_probe(struct watched *w)
{
	struct ved_ev_integrity ev = {
		.object = VED_INT_SELF_PROBE, .index = w->state,
		.address = (unsigned long)w->addr, .expected = (unsigned long)w->pre,
		.actual = w->state == VED_SELF_PROBE_UNREGISTERED ? 0 :
			  (unsigned long)w->kp->pre_handler,
	};

	if (w->rp) {	/* a kretprobe: its own handler says more than kretprobe's */
		ev.expected = (unsigned long)w->handler;
		if (w->state != VED_SELF_PROBE_UNREGISTERED)
			ev.actual = (unsigned long)w->rp->handler;
	}
	snprintf(ev.name, sizeof(ev.name), "%ps", w->addr);
	if (w->state == VED_SELF_PROBE_HANDLER)
		ved_addr_owner(ev.actual, ev.owner, sizeof(ev.owner));
	else
		strscpy(ev.owner, THIS_MODULE->name, sizeof(ev.owner));
	w->reported = w->state;
	if (self_report(&ev, rearm_probe, w) == VED_ACT_BLOCK)
		w->reported = 0;	/* back to normal: report the next time */
}

static void check_disarmed(void)
{
	struct ved_ev_integrity ev = {
		.object = VED_INT_KPROBES_DISARMED, .expected = 0, .actual = 1,
		.address = (unsigned long)all_disarmed_p,
	};

	if (!READ_ONCE(*all_disarmed_p)) {
		disarm_reported = false;
		return;
	}
	if (disarm_reported)	/* once, unless a restore worked */
		return;
	strscpy(ev.name, "kprobes_all_disarmed", sizeof(ev.name));
	strscpy(ev.owner, "debugfs", sizeof(ev.owner));
	disarm_reported = self_report(&ev, rearm_all, NULL) != VED_ACT_BLOCK;
}

void self_probes_check(void)
{
	unsigned int i;
	bool disarmed;

	if (!watched || !all_disarmed_p)
		return;
	check_disarmed();
	mutex_lock(kprobe_mutex_p);
	disarmed = READ_ONCE(*all_disarmed_p);
	for (i = 0; i < nr_watched; i++)
		watched[i].state = probe_state(&watched[i], disarmed);
	mutex_unlock(kprobe_mutex_p);
	for (i = 0; i < nr_watched; i++) {
		struct watched *w = &watched[i];

		if (!w->state)
			w->reported = 0;
		/* A lasting state is reported once, unless a restore worked. */
		else if (w->state != w->reported)
			report_probe(w);
	}
}

int self_probes_init(void)
{
	get_kprobe_p = (get_kprobe_fn)ved_lookup_name("get_kprobe");
	arm_kprobe_p = (void *)ved_lookup_name("arm_kprobe");
	kprobe_table_p = (void *)ved_lookup_name("kprobe_table");
	kprobe_mutex_p = (void *)ved_lookup_name("kprobe_mutex");
	all_disarmed_p = (void *)ved_lookup_name("kprobes_all_disarmed");
	aggr_pre = ved_lookup_name("aggr_pre_handler");
	kretprobe_pre = ved_lookup_name("pre_handler_kretprobe");
	kprobe_ftrace_ops_p = (void *)ved_lookup_name("kprobe_ftrace_ops");
	kprobe_ipmodify_ops_p = (void *)ved_lookup_name("kprobe_ipmodify_ops");
	if (!get_kprobe_p || !kprobe_table_p || !kprobe_mutex_p || !all_disarmed_p ||
	    !aggr_pre) {
		pr_warn("ved: self: kprobe internals not found, ved's probes not watched\n");
		return -ENOENT;
	}
	mutex_lock(kprobe_mutex_p);
	walk_table();
	mutex_unlock(kprobe_mutex_p);
	watched = kcalloc(max(nr_watched, 1U), sizeof(*watched), GFP_KERNEL);
	if (!watched)
		return -ENOMEM;
	max_watched = nr_watched;
	nr_watched = 0;
	mutex_lock(kprobe_mutex_p);
	walk_table();
	mutex_unlock(kprobe_mutex_p);
	pr_info("ved: self: watching %u ved kprobes\n", nr_watched);
	return 0;
}

void self_probes_exit(void)
{
	kfree(watched);
	watched = NULL;
	nr_watched = 0;
}
