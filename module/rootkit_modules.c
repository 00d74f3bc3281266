// SPDX-License-Identifier: GPL-2.0
/*
 * Modules: every load reported, and modules that hide.
 *
 * Load reporting.  A kprobe on load_module() notes the image the kernel was
 * handed (struct load_info: hdr, len at entry, i.e. the ELF file with its
 * appended signature, after decompression if it was compressed); the module
 * notifier's COMING call, in the same task and before the module's init
 * runs, hashes it with SHA-256 (kernel crypto API) and emits VED_EV_MODULE
 * with name, size, digest and the kernel's own signature verdict
 * (mod->sig_ok).  With refuse_modules=1 the notifier vetoes every load
 * after ved's (the load fails with -EPERM, reported with refused=1).
 *
 * Hidden modules.  Four views are compared on each sweep:
 *   list    the module list (/proc/modules, lsmod, rmmod)
 *   sysfs   the module's kobject in module_kset (/sys/module)
 *   tree    the module address tree (exceptions, kallsyms of addresses,
 *           kprobes and ftrace need it, so a module that keeps hooks
 *           cannot leave it)
 *   memory  executable pages in the module area, each of which must belong
 *           to a module in the tree, a BPF program (or a chunk the BPF JIT's
 *           pack allocator gave out), an ftrace trampoline (in use or kept
 *           for reuse), a kprobe slot, module text still being freed, or
 *           hold nothing but ITS thunks; an orphan page is code no view
 *           admits to: what a rootkit leaves behind when it copies its code
 *           out of its module and unloads or hides that module.
 * ved's own record of the loads it saw is a fifth view.  A module that
 * unlinks itself during its own init is caught at once: the notifier's LIVE
 * call, right after init returns, checks the list and sysfs.
 */
#include <crypto/hash.h>
#include <crypto/sha2.h>
#include <linux/ftrace.h>
#include <linux/kobject.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/rbtree_latch.h>
#include <linux/rculist.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/cpufeature.h>
#include <asm/pgtable.h>

#include "compat.h"
#include "ved.h"

static bool refuse_modules;
/*
 * On by default.  The page that used to persist unowned on idle 6.1 and
 * 6.12 guests was the first page of the BPF JIT's program pack, holding the
 * kernel's own PTP classifier (a classic BPF program JIT-compiled at boot,
 * ptp_insns): classic programs (socket filters, seccomp) are never entered
 * in BPF kallsyms.  Such pages are owned through the pack allocator's own
 * bitmap (bpf_pack_page()).  Under load two more owners showed up: static
 * ftrace ops' trampolines kept for reuse and module init text waiting to
 * be freed.  Kept as a switch for operators (report_orphans=0: no walk).
 */
static bool report_orphans = true;
module_param(report_orphans, bool, 0444);
MODULE_PARM_DESC(report_orphans, "report executable module-area pages that no module, BPF program or pack chunk, ftrace trampoline or kprobe slot owns (default 1)");
module_param(refuse_modules, bool, 0444);
MODULE_PARM_DESC(refuse_modules, "refuse every module load after ved's (rootkit detector not off)");

static struct mutex *module_mutex_p;
static struct list_head *modules_p;
static struct kset **module_kset_p;
static struct latch_tree_root *mod_tree_p;
typedef int (*text_address_fn)(unsigned long addr);
static text_address_fn kernel_text_address_p;
static struct crypto_shash *sha256_tfm;
static bool load_probe_on;
static struct mm_struct *init_mm_p;
static struct mutex *bpf_pack_mutex_p;
static struct list_head *bpf_pack_list_p;
static struct list_head *ftrace_tramp_list_p;

/* ---- load reporting ---- */

/* struct load_info starts the same way on every supported kernel. */
struct load_info_head {
	const char *name;
	struct module *mod;
	void *hdr;
	unsigned long len;
};

#define PENDING_SLOTS 8
static struct pending {
	struct task_struct *task;
	unsigned long len;
	bool hashed;
	u8 digest[SHA256_DIGEST_SIZE];
} pending[PENDING_SLOTS];
static DEFINE_SPINLOCK(pending_lock);

/*
 * At load_module() entry the image is still what user space handed in;
 * later the loader rewrites section headers in place, so the digest is
 * taken here (a kprobe handler: sha256 never sleeps).
 */
static int load_module_pre(struct kprobe *p, struct pt_regs *regs)
{
	const struct load_info_head *info = (const void *)regs->di;
	u8 digest[SHA256_DIGEST_SIZE];
	unsigned long flags;
	bool hashed = false;
	int i, free = -1;

	if (sha256_tfm && info->hdr) {
		SHASH_DESC_ON_STACK(desc, sha256_tfm);

		desc->tfm = sha256_tfm;
		hashed = !crypto_shash_digest(desc, info->hdr, info->len, digest);
		shash_desc_zero(desc);
	}
	spin_lock_irqsave(&pending_lock, flags);
	for (i = 0; i < PENDING_SLOTS; i++) {
		if (pending[i].task == current || (!pending[i].task && free < 0))
			free = i;
	}
	if (free >= 0) {
		pending[free].task = current;
		pending[free].len = info->len;
		pending[free].hashed = hashed;
		memcpy(pending[free].digest, digest, sizeof(digest));
	}
	spin_unlock_irqrestore(&pending_lock, flags);
	return 0;
}

static struct kprobe load_probe = {
	.symbol_name = "load_module",
	.pre_handler = load_module_pre,
};

static bool take_pending(u8 *digest, unsigned long *len)
{
	unsigned long flags;
	bool found = false;
	int i;

	spin_lock_irqsave(&pending_lock, flags);
	for (i = 0; i < PENDING_SLOTS; i++) {
		if (pending[i].task == current) {
			*len = pending[i].len;
			found = pending[i].hashed;
			memcpy(digest, pending[i].digest, SHA256_DIGEST_SIZE);
			pending[i].task = NULL;
		}
	}
	spin_unlock_irqrestore(&pending_lock, flags);
	return found;
}

static void report_load(struct module *mod, bool refused)
{
	struct {
		struct ved_event_header hdr;
		struct ved_ev_module p;
	} rec = {};
	unsigned long len = 0, text, text_size;
	bool hashed;

	strscpy(rec.p.name, mod->name, sizeof(rec.p.name));
	hashed = take_pending(rec.p.sha256, &len);
	if (!hashed) {
		/* No image seen: fall back to the laid-out text. */
		ved_module_text(mod, &text, &text_size);
		len = text_size;
	}
	rec.p.size = len;
	rec.p.signed_ok = IS_ENABLED(CONFIG_MODULE_SIG) ? mod->sig_ok : 0;
	rec.p.refused = refused;
	event_emit(&rec.hdr, sizeof(rec), VED_EV_MODULE, VED_DET_ROOTKIT,
		   refused ? VED_ACT_BLOCK : VED_ACT_NONE,
		   refused ? VED_SEV_WARNING : VED_SEV_INFO);
	pr_info("ved: module %s loaded: %lu bytes, sha256 %*phN, %s%s\n", mod->name,
		len, hashed ? 32 : 0, rec.p.sha256,
		rec.p.signed_ok ? "signed" : "unsigned", refused ? ", refused" : "");
}

/* ---- views ---- */

static bool in_list(struct module *mod)
{
	struct module *m;

	list_for_each_entry(m, modules_p, list)
		if (m == mod)
			return true;
	return false;
}

static bool in_sysfs(struct module *mod)
{
	struct kset *kset = module_kset_p ? READ_ONCE(*module_kset_p) : NULL;
	struct kobject *k;
	bool found = false;

	if (!kset || !mod->mkobj.kobj.state_in_sysfs)
		return false;
	spin_lock(&kset->list_lock);
	list_for_each_entry(k, &kset->list, entry) {
		if (k == &mod->mkobj.kobj) {
			found = true;
			break;
		}
	}
	spin_unlock(&kset->list_lock);
	return found;
}

#define MAX_TREE_MODS 512

/* Modules in the address tree, each once; module_mutex held. */
static int tree_modules(struct module **out, int max)
{
	struct rb_node *rb;
	int n = 0, i;

	if (!mod_tree_p)
		return 0;
	for (rb = rb_first(&mod_tree_p->tree[0]); rb && n < max; rb = rb_next(rb)) {
		struct latch_tree_node *ltn = container_of(rb, struct latch_tree_node, node[0]);
		struct module *mod = container_of(ltn, struct mod_tree_node, node)->mod;

		for (i = 0; i < n; i++)
			if (out[i] == mod)
				break;
		if (i == n)
			out[n++] = mod;
	}
	return n;
}

static void report_hidden(struct module *mod, const char *views)
{
	if (!ved_first_report(0x6d6f6400000000ULL ^ (unsigned long)mod))
		return;
	ved_hidden_report(VED_DET_ROOTKIT, VED_HIDDEN_MODULE, 0, mod->name, views);
}

/*
 * A module being loaded or unloaded is briefly missing from one view
 * (seen on 6.12 under a load/unload loop): a module counts as hidden only
 * when it is still missing at a check at least 200 ms after the first.
 */
#define MAX_SUSPECTS 16
static struct {
	struct module *mod;
	unsigned long since;
} suspects[MAX_SUSPECTS];

static bool still_hidden(struct module *mod, bool hidden)
{
	int i, free = -1;

	for (i = 0; i < MAX_SUSPECTS; i++) {
		if (suspects[i].mod == mod) {
			if (!hidden) {
				suspects[i].mod = NULL;
				return false;
			}
			return time_after(jiffies, suspects[i].since + HZ / 5);
		}
		if (!suspects[i].mod && free < 0)
			free = i;
	}
	if (hidden && free >= 0) {
		suspects[free].mod = mod;
		suspects[free].since = jiffies;
	}
	return false;
}

/* Check one live module against the list and sysfs views; module_mutex held. */
static void check_module(struct module *mod, bool in_tree, const char *when)
{
	bool list, sysfs;
	char views[64];

	if (mod->state == MODULE_STATE_UNFORMED || mod->state == MODULE_STATE_GOING)
		return;
	list = in_list(mod);
	sysfs = in_sysfs(mod);
	/* At the end of its own init a module is fully formed: no grace then. */
	if (!still_hidden(mod, !(list && sysfs)) && !(*when && !(list && sysfs)))
		return;
	snprintf(views, sizeof(views), "missing=%s%s%s seen=%s%s",
		 list ? "" : "list", !list && !sysfs ? "," : "", sysfs ? "" : "sysfs",
		 in_tree ? "tree,memory" : "ved_load", when);
	report_hidden(mod, views);
}

/* ---- the memory view ---- */

static bool page_all_int3(const u8 *p)
{
	return !memchr_inv(p, 0xcc, PAGE_SIZE);
}

/*
 * The BPF JIT's program packs (kernel/bpf/core.c, the same on 6.1 and
 * 6.12): 2 MiB per NUMA node of module-area memory, filled with int3,
 * handed out in 64-byte chunks recorded in a bitmap, under pack_mutex.
 * Classic BPF programs (the kernel's PTP classifier, socket filters,
 * seccomp) and eBPF programs loaded without CAP_BPF are JIT-compiled into
 * packs but never entered in BPF kallsyms, so no text lookup owns them.
 */
struct ved_bpf_prog_pack {
	struct list_head list;
	void *ptr;
	bool arch_flush_needed;
	unsigned long bitmap[];
};

#define BPF_CHUNK_SHIFT 6
#define BPF_CHUNK_SIZE (1UL << BPF_CHUNK_SHIFT)

static unsigned long bpf_pack_size(void)
{
	return SZ_2M * num_possible_nodes();
}

/* Every byte outside the chunks the pack gave out is int3; pack_mutex held. */
static bool pack_free_space_clean(const struct ved_bpf_prog_pack *pack,
				  unsigned long addr)
{
	unsigned long first = (addr - (unsigned long)pack->ptr) >> BPF_CHUNK_SHIFT;
	unsigned long i;

	for (i = 0; i < PAGE_SIZE / BPF_CHUNK_SIZE; i++)
		if (!test_bit(first + i, pack->bitmap) &&
		    memchr_inv((const u8 *)addr + i * BPF_CHUNK_SIZE, 0xcc, BPF_CHUNK_SIZE))
			return false;
	return true;
}

/*
 * A page of a BPF program pack is owned when its code lies only in chunks
 * the allocator gave out: code written into a pack's free space is not.
 * The lock keeps the bitmap and the bytes consistent (a chunk is refilled
 * with int3 before its bits are cleared, and code is only ever copied into
 * a chunk after its bits are set).
 */
enum pack_verdict { NOT_IN_PACK, PACK_OWNED, PACK_FOREIGN_CODE };

static enum pack_verdict bpf_pack_page(unsigned long addr)
{
	struct ved_bpf_prog_pack *pack;
	unsigned long size = bpf_pack_size();
	enum pack_verdict verdict = NOT_IN_PACK;

	if (!bpf_pack_mutex_p || !bpf_pack_list_p)
		return NOT_IN_PACK;
	mutex_lock(bpf_pack_mutex_p);
	list_for_each_entry(pack, bpf_pack_list_p, list) {
		if (addr >= (unsigned long)pack->ptr &&
		    addr < (unsigned long)pack->ptr + size) {
			verdict = pack_free_space_clean(pack, addr) ?
				  PACK_OWNED : PACK_FOREIGN_CODE;
			break;
		}
	}
	mutex_unlock(bpf_pack_mutex_p);
	return verdict;
}

/*
 * The packs' own pages are most of the module area's executable pages (a
 * 2 MiB pack holds a few programs in 512 pages) and checking their free
 * space is most of the walk's cost: they are checked a sixteenth a sweep,
 * from a list of the packs taken at the start of the sweep.  Code written
 * into a pack's free space is seen within PACK_SPREAD sweeps.
 */
#define MAX_PACKS 8
#define PACK_SPREAD 16
static unsigned long pack_start[MAX_PACKS];
static int nr_packs;
static unsigned int scan_seq;

static void snapshot_packs(void)
{
	struct ved_bpf_prog_pack *pack;

	nr_packs = 0;
	if (!bpf_pack_mutex_p || !bpf_pack_list_p)
		return;
	mutex_lock(bpf_pack_mutex_p);
	list_for_each_entry(pack, bpf_pack_list_p, list) {
		if (nr_packs == MAX_PACKS)
			break;
		pack_start[nr_packs++] = (unsigned long)pack->ptr;
	}
	mutex_unlock(bpf_pack_mutex_p);
}

static bool in_known_pack(unsigned long addr)
{
	unsigned long size = bpf_pack_size();
	int i;

	for (i = 0; i < nr_packs; i++)
		if (addr >= pack_start[i] && addr < pack_start[i] + size)
			return true;
	return false;
}

/* This sweep's share of the pack pages, and pages that were orphans. */
static bool pack_page_due(unsigned long addr, bool again)
{
	return again || (addr >> PAGE_SHIFT) % PACK_SPREAD == scan_seq % PACK_SPREAD;
}

/*
 * ftrace trampolines: is_ftrace_trampoline() only looks at ops that are
 * registered, but a static ftrace_ops (kprobes' ftrace ops, for one) keeps
 * the trampoline allocated for it after it is unregistered and reuses it
 * next time; the kernel keeps every allocated trampoline on
 * ftrace_ops_trampoline_list (for kallsyms) until it is freed, and removes
 * it from that list (with an RCU grace period) before freeing it.
 */
static bool ftrace_tramp_page_owned(unsigned long addr)
{
#ifdef CONFIG_DYNAMIC_FTRACE
	struct ftrace_ops *op;
	bool owned = false;

	if (!ftrace_tramp_list_p)
		return false;
	rcu_read_lock();
	list_for_each_entry_rcu(op, ftrace_tramp_list_p, list) {
		unsigned long start = READ_ONCE(op->trampoline);
		unsigned long end = start + READ_ONCE(op->trampoline_size);

		if (start && start < addr + PAGE_SIZE && end > addr) {
			owned = true;
			break;
		}
	}
	rcu_read_unlock();
	return owned;
#else
	return false;
#endif
}

/*
 * Thunks for the ITS mitigation (Indirect Target Selection, affected
 * Intel CPUs only): the alternatives code allocates module-area pages and
 * fills them with "jmp *%reg; int3" at the upper half of cache lines.  The
 * pages of modules are kept in mod->its_page_array, but those made while
 * patching the core kernel at boot are kept nowhere.  A page holding
 * nothing else has no logic of its own: it only jumps where a register
 * already points.
 */
static bool page_only_its_thunks(const u8 *p)
{
	int i = 0;

	if (!cpu_feature_enabled(X86_FEATURE_INDIRECT_THUNK_ITS))
		return false;
	while (i < PAGE_SIZE) {
		if (p[i] == 0xcc) {
			i++;
			continue;
		}
		if (p[i] == 0x41)	/* REX.B: r8..r15 */
			i++;
		if (i + 2 >= PAGE_SIZE || p[i] != 0xff || (p[i + 1] & 0xf8) != 0xe0 ||
		    p[i + 2] != 0xcc)
			return false;
		i += 3;
	}
	return true;
}

/*
 * Module text the kernel is done with but has not freed yet: init text
 * leaves the address tree right after the LIVE notification and is freed
 * by a work item after an RCU grace period (do_free_init()); core text
 * leaves it in free_module(), after the GOING notification, a grace period
 * before it is freed.  Both are recorded here when the notifier sees them
 * and owned by their module for FREEING_GRACE: a page of that range still
 * unowned later (freed and reused by someone else) is judged as any other.
 */
#define MAX_FREEING 16
#define FREEING_GRACE (10 * HZ)
static struct freeing_text {
	unsigned long start, end, until;
} freeing[MAX_FREEING];
static DEFINE_SPINLOCK(freeing_lock);

static void note_freeing_text(unsigned long start, unsigned long size)
{
	unsigned long flags;
	int i, slot = 0;

	if (!size)
		return;
	spin_lock_irqsave(&freeing_lock, flags);
	for (i = 0; i < MAX_FREEING; i++) {
		if (time_after(jiffies, freeing[i].until)) {
			slot = i;
			break;
		}
		if (time_before(freeing[i].until, freeing[slot].until))
			slot = i;	/* all in use: the oldest goes */
	}
	freeing[slot].start = start;
	freeing[slot].end = start + size;
	freeing[slot].until = jiffies + FREEING_GRACE;
	spin_unlock_irqrestore(&freeing_lock, flags);
}

static bool freeing_page_owned(unsigned long addr)
{
	unsigned long flags;
	bool owned = false;
	int i;

	spin_lock_irqsave(&freeing_lock, flags);
	for (i = 0; i < MAX_FREEING && !owned; i++)
		owned = time_before(jiffies, freeing[i].until) &&
			freeing[i].start < addr + PAGE_SIZE && freeing[i].end > addr;
	spin_unlock_irqrestore(&freeing_lock, flags);
	return owned;
}

/* Some code in the page belongs to something the kernel knows. */
static bool page_owned(unsigned long addr)
{
	unsigned long a;

	/*
	 * Bytes first: an int3-filled page (free space of a BPF program pack
	 * is one) is owned by nobody and would cost 64 lookups; the test
	 * guests have ~510 of them.  Code fails this at its first byte.
	 */
	if (page_all_int3((const u8 *)addr))
		return true;
	for (a = addr; a < addr + PAGE_SIZE; a += 64)
		if (kernel_text_address_p(a))
			return true;
	/* Rare: only pages no text lookup owns get here. */
	return bpf_pack_page(addr) == PACK_OWNED || ftrace_tramp_page_owned(addr) ||
	       freeing_page_owned(addr) || page_only_its_thunks((const u8 *)addr);
}

/*
 * An orphan page counts only when it was one in the previous sweep too (an
 * owner's lists and its pages do not change together: a page may be seen
 * between the two), so a real orphan is reported one sweep after it is
 * first seen.
 */
#define MAX_ORPHANS 64
static unsigned long orphans[MAX_ORPHANS], new_orphans[MAX_ORPHANS];
static int nr_orphans, nr_new_orphans;

static u64 orphan_key(unsigned long addr)
{
	return ((u64)VED_INT_MODULE_MEMORY << 56) ^ addr;
}

static bool in_orphans(const unsigned long *list, int n, unsigned long addr)
{
	int i;

	for (i = 0; i < n; i++)
		if (list[i] == addr)
			return true;
	return false;
}

static void check_page(unsigned long addr)
{
	struct ved_ev_integrity ev = { .object = VED_INT_MODULE_MEMORY };
	bool again = in_orphans(orphans, nr_orphans, addr);
	enum pack_verdict pack = NOT_IN_PACK;
	const u8 *p = (const u8 *)addr;
	int used = 0, i;

	if (in_known_pack(addr)) {
		if (!pack_page_due(addr, again))
			return;
		pack = bpf_pack_page(addr);
		if (pack == PACK_OWNED)
			return;
	}
	/* Code in a pack's free space is foreign even next to a program. */
	if (pack == NOT_IN_PACK && page_owned(addr))
		return;
	if (nr_new_orphans < MAX_ORPHANS)
		new_orphans[nr_new_orphans++] = addr;
	if (!report_orphans || !again ||
	    !ved_first_report(orphan_key(addr)))
		return;
	for (i = 0; i < PAGE_SIZE; i++)
		used += p[i] != 0xcc;
	for (i = 0; i < PAGE_SIZE - 32 && p[i] == 0xcc; i++)
		;
	/* Evidence for the operator: where the code starts and what it is. */
	pr_info("ved: orphan page %px: %d bytes not int3, from +%#x: %*ph\n",
		(void *)addr, used, i, 32, p + i);
	ev.address = addr;
	ev.actual = addr;
	ev.expected = used;	/* bytes of code (not int3) in the page */
	strscpy(ev.name, "orphan executable module page", sizeof(ev.name));
	strscpy(ev.owner, "unknown", sizeof(ev.owner));
	ved_integrity_report(VED_DET_ROOTKIT, VED_SEV_CRITICAL, &ev, NULL);
}

/* An orphan page that is gone (freed, or owned again) may be reported anew. */
static void forget_gone_orphans(void)
{
	int i;

	for (i = 0; i < nr_orphans; i++)
		if (!in_orphans(new_orphans, nr_new_orphans, orphans[i]))
			ved_forget(orphan_key(orphans[i]));
}

/* Walk the module area's page tables for present, executable 4K pages. */
static void memory_scan(void)
{
	unsigned long addr = MODULES_VADDR, next;

	nr_new_orphans = 0;
	scan_seq++;
	snapshot_packs();
	while (addr < MODULES_END) {
		pgd_t *pgd = pgd_offset_pgd(init_mm_p->pgd, addr);
		p4d_t *p4d;
		pud_t *pud;
		pmd_t *pmd;
		pte_t *pte;

		next = pgd_addr_end(addr, MODULES_END);
		if (pgd_none(*pgd))
			goto skip;
		p4d = p4d_offset(pgd, addr);
		next = p4d_addr_end(addr, MODULES_END);
		if (p4d_none(*p4d))
			goto skip;
		pud = pud_offset(p4d, addr);
		next = pud_addr_end(addr, MODULES_END);
		if (pud_none(*pud) || pud_leaf(*pud))
			goto skip;
		pmd = pmd_offset(pud, addr);
		next = pmd_addr_end(addr, MODULES_END);
		if (pmd_none(*pmd) || pmd_leaf(*pmd))
			goto skip;
		for (; addr < next; addr += PAGE_SIZE) {
			pte = pte_offset_kernel(pmd, addr);
			if (pte_present(*pte) && pte_exec(*pte))
				check_page(addr);
		}
		cond_resched();
		continue;
skip:
		addr = next;
	}
	forget_gone_orphans();
	memcpy(orphans, new_orphans, nr_new_orphans * sizeof(*orphans));
	nr_orphans = nr_new_orphans;
}

void modules_check(void)
{
	struct module **mods;
	int n, i;

	if (detector_mode(VED_DET_ROOTKIT) == VED_MODE_OFF || !module_mutex_p)
		return;
	mods = kmalloc_array(MAX_TREE_MODS, sizeof(*mods), GFP_KERNEL);
	if (!mods)
		return;
	mutex_lock(module_mutex_p);
	n = tree_modules(mods, MAX_TREE_MODS);
	for (i = 0; i < n; i++)
		check_module(mods[i], true, "");
	mutex_unlock(module_mutex_p);
	kfree(mods);
	/* Orphans are only ever reported with report_orphans: skip the walk. */
	if (report_orphans && kernel_text_address_p && init_mm_p)
		memory_scan();
}

/* ---- the module notifier ---- */

static int module_event(struct notifier_block *nb, unsigned long state, void *data)
{
	struct module *mod = data;
	unsigned long start, size;
	bool refuse;

	switch (state) {
	case MODULE_STATE_COMING:
		refuse = refuse_modules && detector_mode(VED_DET_ROOTKIT) != VED_MODE_OFF;
		report_load(mod, refuse);
		if (refuse)
			return notifier_from_errno(-EPERM);
		break;
	case MODULE_STATE_LIVE:
		/* Its text is final now (alternatives, relocations applied). */
		ved_text_module_live(mod);
		ved_module_init_text(mod, &start, &size);
		note_freeing_text(start, size);
		/* A module that unlinked itself in its init is caught here. */
		if (detector_mode(VED_DET_ROOTKIT) != VED_MODE_OFF) {
			mutex_lock(module_mutex_p);
			check_module(mod, true, ",at_init");
			mutex_unlock(module_mutex_p);
		}
		ved_sweep_now();
		break;
	case MODULE_STATE_GOING:
		ved_forget(0x6d6f6400000000ULL ^ (unsigned long)mod);
		ved_module_init_text(mod, &start, &size);	/* init failed */
		note_freeing_text(start, size);
		ved_module_text(mod, &start, &size);
		note_freeing_text(start, size);
		ved_text_module_going(mod);
		/* An init that fails on purpose never goes live: check after it. */
		ved_sweep_now();
		break;
	}
	return NOTIFY_OK;
}

static struct notifier_block module_nb = {
	.notifier_call = module_event,
	.priority = INT_MAX,	/* before anyone acts on a module we may refuse */
};

int modules_init(void)
{
	int ret;

	module_mutex_p = (struct mutex *)ved_lookup_name("module_mutex");
	modules_p = (struct list_head *)ved_lookup_name("modules");
	module_kset_p = (struct kset **)ved_lookup_name("module_kset");
	mod_tree_p = (struct latch_tree_root *)ved_lookup_name("mod_tree");
	kernel_text_address_p = (text_address_fn)ved_lookup_name("kernel_text_address");
	init_mm_p = (struct mm_struct *)ved_lookup_name("init_mm");
	bpf_pack_mutex_p = (struct mutex *)ved_lookup_name("pack_mutex");
	bpf_pack_list_p = (struct list_head *)ved_lookup_name("pack_list");
	if (!bpf_pack_mutex_p || !bpf_pack_list_p)
		pr_warn("ved: BPF program packs not found: classic BPF JIT pages will look orphaned\n");
	ftrace_tramp_list_p = (struct list_head *)ved_lookup_name("ftrace_ops_trampoline_list");
	if (IS_ENABLED(CONFIG_DYNAMIC_FTRACE) && !ftrace_tramp_list_p)
		pr_warn("ved: ftrace trampoline list not found: idle ftrace trampolines will look orphaned\n");
	if (!module_mutex_p || !modules_p)
		return -ENOENT;
	sha256_tfm = crypto_alloc_shash("sha256", 0, 0);
	if (IS_ERR(sha256_tfm)) {
		pr_warn("ved: no sha256 (%ld): module digests off\n", PTR_ERR(sha256_tfm));
		sha256_tfm = NULL;
	}
	ret = register_kprobe(&load_probe);
	load_probe_on = !ret;
	if (ret)
		pr_warn("ved: cannot probe load_module (%d): digests of laid-out text only\n",
			ret);
	ret = register_module_notifier(&module_nb);
	if (!ret) {
		ret = modtext_init();	/* needs the notifier: no module missed */
		if (ret)
			unregister_module_notifier(&module_nb);
	}
	if (ret) {
		if (load_probe_on)
			unregister_kprobe(&load_probe);
		if (sha256_tfm)
			crypto_free_shash(sha256_tfm);
	}
	return ret;
}

void modules_exit(void)
{
	unregister_module_notifier(&module_nb);
	modtext_exit();
	if (load_probe_on)
		unregister_kprobe(&load_probe);
	if (sha256_tfm)
		crypto_free_shash(sha256_tfm);
}
