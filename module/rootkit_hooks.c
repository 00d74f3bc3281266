// SPDX-License-Identifier: GPL-2.0
/*
 * Foreign hooks: ftrace ops, kprobes and netfilter hooks whose handler is
 * not kernel code (vmlinux) but a module's.
 *
 * The kernel's own users of these mechanisms (function tracer, kprobe
 * events, BPF kprobes and trampolines, livepatch, fprobes) all run handlers
 * that live in vmlinux, so a handler in a module is a module hooking the
 * kernel: each one is reported once with the hooked function and the owning
 * module (found through the module address tree, so a module hidden from
 * the module list is still named).  Hooks on functions a rootkit wants
 * (directory listing, /proc/net socket lists, kill, the syscall entry path,
 * ved itself) are critical; other module hooks are warnings.  Netfilter
 * hooks are reported for every module, critical when the owner is
 * unsigned or out of tree.  ved's own hooks are skipped.
 *
 * Livepatch is the exception to "handlers in vmlinux are the kernel's":
 * its handler (klp_ftrace_handler) is core code, but it sends the patched
 * function to a replacement in a module, so each replaced function is
 * reported with the module that replaces it (see check_klp_ops()).
 */
#include <linux/ftrace.h>
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/rculist.h>
#include <net/net_namespace.h>

#include "compat.h"
#include "ved.h"

/* kernel/trace/trace.h, unchanged from 6.1 to 6.12. */
struct ved_ftrace_hash {
	unsigned long size_bits;
	struct hlist_head *buckets;
	unsigned long count;
	unsigned long flags;
	struct rcu_head rcu;
};

#define KPROBE_TABLE_BITS 6	/* kernel/kprobes.c */

/* kernel/livepatch/patch.h, unchanged from 6.1 to 6.12. */
struct ved_klp_ops {
	struct list_head node;
	struct list_head func_stack;	/* struct klp_func, by stack_node */
	struct ftrace_ops fops;
};

static struct ftrace_ops **ops_list;
static struct ftrace_ops *list_end;
static struct mutex *ftrace_lock_p, *kprobe_mutex_p;
static struct hlist_head *kprobe_table_p;
static unsigned long aggr_pre, kretprobe_pre;
static unsigned long klp_handler;
static struct mutex *klp_mutex_p;
static struct list_head *klp_patches_p;

static bool sensitive_name(const char *s)
{
	static const char *const words[] = {
		"getdents", "filldir", "sys_kill", "kill_pid", "x64_sys_call",
		"ia32_sys_call", "do_syscall_64", "entry_SYSCALL", "iterate_dir",
		"proc_pid_readdir", "proc_root_readdir",
	};
	size_t n = strlen(s);
	int i;

	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (strstr(s, words[i]))
			return true;
	/* tcp4_seq_show, tcp6_seq_show, udp4_seq_show, ... */
	return (!strncmp(s, "tcp", 3) || !strncmp(s, "udp", 3) || !strncmp(s, "raw", 3)) &&
	       n > 9 && !strcmp(s + n - 9, "_seq_show");
}

static bool sensitive(unsigned long target)
{
	char name[KSYM_NAME_LEN];
	bool ours;

	preempt_disable();
	ours = ved_module_of(target) == THIS_MODULE;
	preempt_enable();
	if (ours)
		return true;
	sprint_symbol_no_offset(name, target);
	return sensitive_name(name);
}

/* The module that owns @handler, if it is a module other than ved. */
static bool foreign(unsigned long handler, char *owner, size_t len)
{
	struct module *mod;

	if (!handler || ved_core_text(handler))
		return false;
	preempt_disable();
	mod = ved_module_of(handler);
	if (mod && mod != THIS_MODULE)
		strscpy(owner, mod->name, len);
	preempt_enable();
	if (!mod)
		ved_addr_owner(handler, owner, len);
	return mod != THIS_MODULE;
}

static void report_hook_sev(u32 object, unsigned long target, unsigned long handler,
			    const char *owner, const char *name, u32 index,
			    enum ved_severity sev)
{
	struct ved_ev_integrity ev = {
		.object = object, .index = index, .address = target, .actual = handler,
	};
	u64 key = ((u64)object << 56) ^ ((u64)target << 8) ^ handler;

	if (!ved_first_report(key))
		return;
	if (name)
		strscpy(ev.name, name, sizeof(ev.name));
	else
		snprintf(ev.name, sizeof(ev.name), "%ps", (void *)target);
	strscpy(ev.owner, owner, sizeof(ev.owner));
	ved_integrity_report(VED_DET_ROOTKIT, sev, &ev, NULL);
}

static void report_hook(u32 object, unsigned long target, unsigned long handler,
			const char *owner, const char *name, u32 index, bool critical)
{
	report_hook_sev(object, target, handler, owner, name, index,
			critical ? VED_SEV_CRITICAL : VED_SEV_WARNING);
}

/* ---- livepatch ---- */

#ifdef CONFIG_LIVEPATCH
/* The patch registered with the livepatch core that holds @func; klp_mutex held. */
static struct klp_patch *klp_owner_patch(struct klp_func *func)
{
	struct klp_patch *patch;
	struct klp_object *obj;
	struct klp_func *f;

	list_for_each_entry(patch, klp_patches_p, list)
		klp_for_each_object(patch, obj)
			klp_for_each_func(obj, f)
				if (f == func)
					return patch;
	return NULL;
}

/*
 * Policy for livepatches.  Livepatching is the sanctioned way to replace
 * kernel functions, so a patch is never silenced and never a false alarm:
 * each function replaced by a patch registered with the livepatch core
 * (klp_patches: a module the loader accepted as a livepatch, which taints
 * the kernel K and shows in /sys/kernel/livepatch) is reported once as
 * "livepatch:FUNC" with the patch's module as owner, at
 *   info      for a signed, in-tree module (a vendor's livepatch),
 *   warning   for an unsigned or out-of-tree one (a local build),
 *   critical  when the function is one a rootkit wants (sensitive()), or
 *             the replacement does not live in the patch's own module.
 * A livepatch rootkit therefore still raises a critical alert, and one
 * that builds klp ftrace ops around the core handler without registering
 * a patch (to pass as kernel code) is critical too: its functions belong
 * to no registered patch.  Called with klp_mutex and ftrace_lock held.
 */
static void check_klp_ops(struct ftrace_ops *ops)
{
	struct ved_klp_ops *kops = container_of(ops, struct ved_klp_ops, fops);
	char owner[VED_SYM_LEN], name[VED_SYM_LEN];
	enum ved_severity sev;
	struct klp_patch *patch;
	struct klp_func *func;
	struct module *mod;

	list_for_each_entry(func, &kops->func_stack, stack_node) {
		unsigned long target = (unsigned long)func->old_func;
		unsigned long repl = (unsigned long)func->new_func;

		if (func->nop)	/* atomic replace: back to the original code */
			continue;
		patch = klp_owner_patch(func);
		preempt_disable();
		mod = ved_module_of(repl);
		if (mod)
			strscpy(owner, mod->name, sizeof(owner));
		if (!patch || !mod || mod != patch->mod)
			sev = VED_SEV_CRITICAL;
		else if (mod->taints & (BIT(TAINT_OOT_MODULE) | BIT(TAINT_UNSIGNED_MODULE)))
			sev = VED_SEV_WARNING;
		else
			sev = VED_SEV_INFO;
		preempt_enable();
		if (!mod)
			ved_addr_owner(repl, owner, sizeof(owner));
		if (sensitive(target))
			sev = VED_SEV_CRITICAL;
		snprintf(name, sizeof(name), "livepatch:%ps", (void *)target);
		report_hook_sev(VED_INT_FTRACE_HOOK, target, repl, owner, name, 0, sev);
	}
}
#else
static void check_klp_ops(struct ftrace_ops *ops)
{
}
#endif

/* ---- ftrace ---- */

static void check_ftrace_ops(struct ftrace_ops *ops)
{
	unsigned long handler = (unsigned long)(ops->saved_func ? ops->saved_func : ops->func);
	struct ved_ftrace_hash *hash;
	struct ftrace_func_entry *e;
	char owner[VED_SYM_LEN];
	unsigned long i;

	if (klp_handler && handler == klp_handler) {
		check_klp_ops(ops);
		return;
	}
	if (!foreign(handler, owner, sizeof(owner)))
		return;
	hash = ops->func_hash ? (void *)rcu_dereference_raw(ops->func_hash->filter_hash) : NULL;
	if (!hash || !hash->count) {
		/* No filter: every traceable function, the sensitive ones too. */
		report_hook(VED_INT_FTRACE_HOOK, 0, handler, owner, "*", 0, true);
		return;
	}
	for (i = 0; i < (1UL << hash->size_bits); i++)
		hlist_for_each_entry(e, &hash->buckets[i], hlist)
			report_hook(VED_INT_FTRACE_HOOK, e->ip, handler, owner, NULL, 0,
				    sensitive(e->ip));
}

static void ftrace_hooks_check(void)
{
	struct ftrace_ops *ops;

	if (!ops_list || !list_end || !ftrace_lock_p)
		return;
	/* The livepatch core's order: klp_mutex, then ftrace_lock. */
	if (klp_mutex_p)
		mutex_lock(klp_mutex_p);
	mutex_lock(ftrace_lock_p);
	for (ops = rcu_dereference_raw(*ops_list); ops && ops != list_end;
	     ops = rcu_dereference_raw(ops->next))
		check_ftrace_ops(ops);
	mutex_unlock(ftrace_lock_p);
	if (klp_mutex_p)
		mutex_unlock(klp_mutex_p);
}

/* ---- kprobes ---- */

static void check_kprobe(struct kprobe *p)
{
	unsigned long handler = (unsigned long)p->pre_handler;
	char owner[VED_SYM_LEN];

	if (handler == kretprobe_pre) {
		struct kretprobe *rp = container_of(p, struct kretprobe, kp);

		handler = (unsigned long)(rp->handler ? (void *)rp->handler :
					  (void *)rp->entry_handler);
	}
	if (!foreign(handler, owner, sizeof(owner)) &&
	    !foreign(handler = (unsigned long)p->post_handler, owner, sizeof(owner)))
		return;
	report_hook(VED_INT_KPROBE_HOOK, (unsigned long)p->addr, handler, owner, NULL,
		    kprobe_disabled(p), sensitive((unsigned long)p->addr));
}

static void kprobe_hooks_check(void)
{
	struct kprobe *p, *kp;
	int i;

	if (!kprobe_table_p || !kprobe_mutex_p)
		return;
	mutex_lock(kprobe_mutex_p);
	for (i = 0; i < (1 << KPROBE_TABLE_BITS); i++) {
		hlist_for_each_entry(p, &kprobe_table_p[i], hlist) {
			if ((unsigned long)p->pre_handler == aggr_pre) {
				list_for_each_entry(kp, &p->list, list)
					check_kprobe(kp);
			} else {
				check_kprobe(p);
			}
		}
	}
	mutex_unlock(kprobe_mutex_p);
}

/* ---- netfilter ---- */

static const char *const hook_names[NF_INET_NUMHOOKS] = {
	"PRE_ROUTING", "LOCAL_IN", "FORWARD", "LOCAL_OUT", "POST_ROUTING",
};

static void check_nf_entries(const char *family, int hooknum,
			     struct nf_hook_entries *e)
{
	char owner[VED_SYM_LEN], name[VED_SYM_LEN];
	struct module *mod;
	bool critical;
	int i;

	if (!e)
		return;
	for (i = 0; i < e->num_hook_entries; i++) {
		unsigned long fn = (unsigned long)e->hooks[i].hook;

		if (ved_core_text(fn))
			continue;
		preempt_disable();
		mod = ved_module_of(fn);
		if (mod)
			strscpy(owner, mod->name, sizeof(owner));
		critical = !mod || mod->taints & (BIT(TAINT_OOT_MODULE) |
						  BIT(TAINT_UNSIGNED_MODULE));
		preempt_enable();
		if (mod == THIS_MODULE)
			continue;
		if (!mod)
			ved_addr_owner(fn, owner, sizeof(owner));
		snprintf(name, sizeof(name), "%s/%s:%ps", family,
			 hooknum < NF_INET_NUMHOOKS ? hook_names[hooknum] : "?", (void *)fn);
		report_hook(VED_INT_NF_HOOK, hooknum, fn, owner, name, hooknum, critical);
	}
}

static void nf_hooks_check(void)
{
	struct net *net;
	int h;

	rcu_read_lock();
	for_each_net_rcu(net) {
		for (h = 0; h < NF_INET_NUMHOOKS; h++) {
			check_nf_entries("ipv4", h, rcu_dereference(net->nf.hooks_ipv4[h]));
#if IS_ENABLED(CONFIG_IPV6)
			check_nf_entries("ipv6", h, rcu_dereference(net->nf.hooks_ipv6[h]));
#endif
		}
	}
	rcu_read_unlock();
}

void hooks_check(void)
{
	if (detector_mode(VED_DET_ROOTKIT) == VED_MODE_OFF)
		return;
	ftrace_hooks_check();
	kprobe_hooks_check();
	nf_hooks_check();
}

int hooks_init(void)
{
	ops_list = (struct ftrace_ops **)ved_lookup_name("ftrace_ops_list");
	list_end = (struct ftrace_ops *)ved_lookup_name("ftrace_list_end");
	ftrace_lock_p = (struct mutex *)ved_lookup_name("ftrace_lock");
	kprobe_mutex_p = (struct mutex *)ved_lookup_name("kprobe_mutex");
	kprobe_table_p = (struct hlist_head *)ved_lookup_name("kprobe_table");
	aggr_pre = ved_lookup_name("aggr_pre_handler");
	kretprobe_pre = ved_lookup_name("pre_handler_kretprobe");
	if (IS_ENABLED(CONFIG_LIVEPATCH)) {
		klp_handler = ved_lookup_name("klp_ftrace_handler");
		klp_mutex_p = (struct mutex *)ved_lookup_name("klp_mutex");
		klp_patches_p = (struct list_head *)ved_lookup_name("klp_patches");
		/* Without the patch list a real patch could not be told from a forged one. */
		if (!klp_handler || !klp_mutex_p || !klp_patches_p) {
			pr_warn("ved: rootkit: livepatch internals not found, livepatches not reported\n");
			klp_handler = 0;
			klp_mutex_p = NULL;
		}
	}
	if (!ops_list || !kprobe_table_p)
		pr_warn("ved: rootkit: ftrace/kprobe lists not found, hook checks partial\n");
	return 0;
}
