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
 *           to a module in the tree, a BPF program, an ftrace trampoline or
 *           a kprobe slot; an orphan page is code no view admits to.
 * ved's own record of the loads it saw is a fifth view.  A module that
 * unlinks itself during its own init is caught at once: the notifier's LIVE
 * call, right after init returns, checks the list and sysfs.
 */
#include <crypto/hash.h>
#include <crypto/sha2.h>
#include <linux/kobject.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rbtree_latch.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <asm/pgtable.h>

#include "compat.h"
#include "ved.h"

static bool refuse_modules;
/*
 * Off by default: on 6.1 a few executable pages in the module area that no
 * kernel lookup owns persist on an idle guest (not yet explained), which
 * would be false positives.
 */
static bool report_orphans;
module_param(report_orphans, bool, 0444);
MODULE_PARM_DESC(report_orphans, "report executable module-area pages that no module, BPF program, ftrace trampoline or kprobe slot owns");
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
	int i;

	for (i = 0; i < PAGE_SIZE; i++)
		if (p[i] != 0xcc)
			return false;
	return true;
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
	return false;
}

/*
 * A module's init text leaves the address tree when init returns and is
 * freed a grace period later: an orphan page counts only when it was one
 * in the previous sweep too.
 */
#define MAX_ORPHANS 64
static unsigned long orphans[MAX_ORPHANS], new_orphans[MAX_ORPHANS];
static int nr_orphans, nr_new_orphans;

static bool was_orphan(unsigned long addr)
{
	int i;

	for (i = 0; i < nr_orphans; i++)
		if (orphans[i] == addr)
			return true;
	return false;
}

static void check_page(unsigned long addr)
{
	struct ved_ev_integrity ev = { .object = VED_INT_MODULE_MEMORY };

	if (page_owned(addr))
		return;
	if (nr_new_orphans < MAX_ORPHANS)
		new_orphans[nr_new_orphans++] = addr;
	if (!report_orphans || !was_orphan(addr) ||
	    !ved_first_report(((u64)VED_INT_MODULE_MEMORY << 56) ^ addr))
		return;
	ev.address = addr;
	ev.actual = addr;
	strscpy(ev.name, "orphan executable module page", sizeof(ev.name));
	strscpy(ev.owner, "unknown", sizeof(ev.owner));
	ved_integrity_report(VED_DET_ROOTKIT, VED_SEV_CRITICAL, &ev, NULL);
}

/* Walk the module area's page tables for present, executable 4K pages. */
static void memory_scan(void)
{
	unsigned long addr = MODULES_VADDR, next;

	nr_new_orphans = 0;
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
