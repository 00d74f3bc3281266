// SPDX-License-Identifier: GPL-2.0
/*
 * Core kernel text, read-only data and the exception table, hashed per page
 * (xxh64) at load and on every sweep.
 *
 * Legitimate self-patching must not look like tampering, and rehashing
 * after each patch (LKRG) would also accept a malicious write that races
 * it.  Instead, the bytes that a patching subsystem owns are left out of
 * the page hashes and checked against what that subsystem means them to
 * be, on every sweep:
 *   - jump labels (__jump_table): a nop, or a jmp to the entry's target;
 *   - ftrace locations (the ftrace records): a nop, or a call into
 *     vmlinux (ftrace_caller & co.), an ftrace trampoline or a BPF
 *     trampoline; a call into a module is reported with the module;
 *   - static call sites and trampolines: what static_call_update() of
 *     their key writes (static_calls.c; only each trampoline's jmp/ret is
 *     masked, its signature and the rest of __static_call_text are hashed);
 *   - kprobes can sit on any instruction: a page that no longer matches is
 *     hashed again with every registered kprobe's saved original bytes put
 *     back (int3, or the optimized jump), and passes if that matches.
 * Alternatives, retpolines and return thunks are applied before ved loads
 * and are covered by the hashes as they are.  A changed page is reported
 * with the symbol at its start and, when a call/jmp in it now lands in a
 * module, that module.  A changed read-only data page names every word in
 * it that points into a module (a hijacked const ops table, vedkit's
 * hide_pid) with its symbol and owner.
 *
 * Not covered yet: BPF/livepatch sites are accepted through the ftrace
 * rule only.  Module text: integrity_modtext.c.
 */
#include <linux/ftrace.h>
#include <linux/jump_label.h>
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/static_call_types.h>
#include <linux/vmalloc.h>
#include <linux/xxhash.h>

#include "ved.h"

struct region {
	const char *start_sym, *end_sym;
	u32 object;
	unsigned long start, end;
	u64 *hashes;
	unsigned int pages;
};

static struct region regions[] = {
	{ "_stext", "_etext", VED_INT_TEXT },
	{ "__start_rodata", "__end_rodata", VED_INT_RODATA },
	{ "__start___ex_table", "__stop___ex_table", VED_INT_EXTABLE },
};

/* Masked sites in core text: offset from _stext and length, sorted. */
struct mask {
	u32 off;
	u32 len;
};

static struct mask *masks;
static unsigned int nr_masks, max_masks;
static struct jump_entry *jump_start, *jump_stop;
static u8 *page_buf;

struct ved_ftrace_page {	/* kernel/trace/ftrace.c, same on 6.1 and 6.12 */
	struct ved_ftrace_page *next;
	struct dyn_ftrace *records;
	int index;
	int order;
};

static struct ved_ftrace_page **ftrace_pages_p;
static struct mutex *ftrace_lock_p;
typedef struct kprobe *(*get_kprobe_fn)(void *addr);
static get_kprobe_fn get_kprobe_p;
static unsigned long aggr_pre_handler_p;	/* kprobes' aggr_pre_handler() */
static struct mutex *kprobe_mutex_p;

static const u8 nop5[] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };
static const u8 nop2[] = { 0x66, 0x90 };

/* ---- masks ---- */

static void add_mask(unsigned long addr, u32 len)
{
	struct region *t = &regions[0];

	if (addr < t->start || addr + len > t->end || nr_masks >= max_masks)
		return;
	masks[nr_masks].off = addr - t->start;
	masks[nr_masks].len = len;
	nr_masks++;
}

static int cmp_mask(const void *a, const void *b)
{
	const struct mask *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

static unsigned int jump_len(const u8 *code)
{
	return (code[0] == 0xeb || !memcmp(code, nop2, 2)) ? 2 : 5;
}

static const char *const ftrace_patched[] = {
	"ftrace_call", "ftrace_regs_call", "ftrace_graph_call",
};

static void collect_masks(void)
{
	struct ved_ftrace_page *pg;
	struct jump_entry *j;
	unsigned long a;
	int i;

	/* entries in freed init text are not read: only core text counts */
	for (j = jump_start; j && j < jump_stop; j++)
		if (ved_core_text(jump_entry_code(j)))
			add_mask(jump_entry_code(j), jump_len((u8 *)jump_entry_code(j)));
	static_calls_mask(add_mask);
	/* the calls inside ftrace_caller/ftrace_regs_caller that ftrace retargets */
	for (i = 0; i < ARRAY_SIZE(ftrace_patched); i++) {
		a = ved_lookup_name(ftrace_patched[i]);
		if (a)
			add_mask(a, MCOUNT_INSN_SIZE);
	}
	if (ftrace_pages_p && ftrace_lock_p) {
		mutex_lock(ftrace_lock_p);
		for (pg = *ftrace_pages_p; pg; pg = pg->next)
			for (i = 0; i < pg->index; i++)
				add_mask(pg->records[i].ip, MCOUNT_INSN_SIZE);
		mutex_unlock(ftrace_lock_p);
	}
	sort(masks, nr_masks, sizeof(*masks), cmp_mask, NULL);
}

/* ---- hashing ---- */

/* Copy the page at @addr into page_buf with masked sites zeroed. */
static void masked_copy(const struct region *r, unsigned long addr)
{
	u32 off = addr - r->start, lo = 0, hi = nr_masks;
	u32 len = min_t(unsigned long, PAGE_SIZE, r->end - addr);

	memcpy(page_buf, (void *)addr, len);
	memset(page_buf + len, 0, PAGE_SIZE - len);
	if (r != &regions[0])
		return;
	/* first mask that may overlap this page (masks are < 64K long) */
	while (lo < hi) {
		u32 mid = (lo + hi) / 2;

		if (masks[mid].off + masks[mid].len <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < nr_masks && masks[lo].off < off + PAGE_SIZE; lo++) {
		u32 s = max(masks[lo].off, off), e = min(masks[lo].off + masks[lo].len,
							   off + (u32)PAGE_SIZE);
		if (e > s)
			memset(page_buf + (s - off), 0, e - s);
	}
}

static u64 page_hash(void)
{
	return xxh64(page_buf, PAGE_SIZE, 0);
}

/*
 * Put back in @buf, a copy of the page at @addr, what registered kprobes
 * replaced there; true if anything was.  Also used for module text.
 */
/*
 * Does the jmp at @at (bytes @insn) go to @p's optprobe detour buffer?  The
 * OPTIMIZED flag alone is not enough: unoptimizing clears it at once but
 * the kprobe optimizer puts the original bytes back only later (delayed
 * work), so for a while the jump is live while the flag says int3.
 */
bool ved_optprobe_jump(struct kprobe *p, unsigned long at, const u8 *insn)
{
	struct optimized_kprobe *op;
	s32 rel;

	/* With CONFIG_OPTPROBES every aggregate probe is an optimized_kprobe. */
	if (!IS_ENABLED(CONFIG_OPTPROBES) || !aggr_pre_handler_p ||
	    (unsigned long)p->pre_handler != aggr_pre_handler_p)
		return false;
	op = container_of(p, struct optimized_kprobe, kp);
	memcpy(&rel, insn + 1, sizeof(rel));
	return op->optinsn.insn && at + 5 + rel == (unsigned long)op->optinsn.insn;
}

bool ved_unprobe(u8 *buf, unsigned long addr)
{
	bool any = false, jump;
	struct kprobe *p;
	int i;

	if (!get_kprobe_p)
		return false;
	preempt_disable();
	for (i = 0; i < PAGE_SIZE; i++) {
		if (buf[i] != 0xcc && buf[i] != 0xe9)
			continue;
		p = get_kprobe_p((void *)(addr + i));
		if (!p)
			continue;
		jump = buf[i] == 0xe9 && i + 5 <= PAGE_SIZE &&
		       ved_optprobe_jump(p, addr + i, buf + i);
		buf[i] = p->opcode;
		if (kprobe_optimized(p) || jump) {
			struct optimized_kprobe *op = container_of(p, struct optimized_kprobe, kp);
			int n = min_t(int, DISP32_SIZE, PAGE_SIZE - i - 1);

			memcpy(buf + i + 1, op->optinsn.copied_insn, n);
		}
		any = true;
	}
	preempt_enable();
	return any;
}

static bool unprobe(unsigned long addr)
{
	return ved_unprobe(page_buf, addr);
}

/* A call/jmp in the live page that lands in a module: its name. */
static void page_owner(unsigned long addr, char *owner, size_t len)
{
	const u8 *p = (const u8 *)addr;
	struct module *mod = NULL;
	unsigned long target;
	s32 rel;
	int i;

	owner[0] = '\0';
	preempt_disable();
	for (i = 0; i + 5 <= PAGE_SIZE && !mod; i++) {
		if (p[i] != 0xe8 && p[i] != 0xe9)
			continue;
		memcpy(&rel, p + i + 1, 4);
		target = addr + i + 5 + rel;
		if (!ved_core_text(target))
			mod = ved_module_of(target);
	}
	if (mod)
		strscpy(owner, mod->name, len);
	preempt_enable();
}

static void report_page(const struct region *r, unsigned int i, u64 was, u64 now)
{
	unsigned long addr = r->start + i * PAGE_SIZE;
	struct ved_ev_integrity ev = {
		.object = r->object, .index = i, .address = addr,
		.expected = was, .actual = now,
	};

	if (!ved_first_report(((u64)r->object << 56) ^ addr ^ now))
		return;
	snprintf(ev.name, sizeof(ev.name), "%pS", (void *)addr);
	page_owner(addr, ev.owner, sizeof(ev.owner));
	ved_integrity_report(VED_DET_INTEGRITY, VED_SEV_CRITICAL, &ev, NULL);
}

/* Read-only data: every word in the page that points into a module. */
static bool report_rodata_words(const struct region *r, unsigned int i)
{
	unsigned long addr = r->start + i * PAGE_SIZE, *w = (unsigned long *)addr;
	unsigned long end = min_t(unsigned long, addr + PAGE_SIZE, r->end);
	bool found = false;
	struct module *mod;

	for (; (unsigned long)(w + 1) <= end; w++) {
		struct ved_ev_integrity ev = {
			.object = r->object, .index = i, .address = (unsigned long)w,
			.actual = *w,
		};

		if (*w < MODULES_VADDR || *w >= MODULES_END)
			continue;
		preempt_disable();
		mod = ved_module_of(*w);
		if (mod)
			strscpy(ev.owner, mod->name, sizeof(ev.owner));
		preempt_enable();
		if (!mod)
			continue;
		found = true;
		if (!ved_first_report(((u64)r->object << 56) ^ (unsigned long)w ^ *w))
			continue;
		snprintf(ev.name, sizeof(ev.name), "%pS", w);
		ved_integrity_report(VED_DET_INTEGRITY, VED_SEV_CRITICAL, &ev, NULL);
	}
	return found;
}

/*
 * Page @i of @r against its baseline.  Read-only data and the exception
 * table have no patch sites: their pages are hashed in place, without the
 * copy (two thirds of the pages of a pass on both kernels).
 */
static void check_region_page(struct region *r, unsigned int i)
{
	unsigned long addr = r->start + i * PAGE_SIZE;
	u64 h;

	if (r != &regions[0] && addr + PAGE_SIZE <= r->end) {
		h = xxh64((const void *)addr, PAGE_SIZE, 0);
		if (h == r->hashes[i])
			return;
	}
	masked_copy(r, addr);
	h = page_hash();
	if (h == r->hashes[i])
		return;
	if (r->object == VED_INT_TEXT && unprobe(addr) && page_hash() == r->hashes[i])
		return;
	if (r->object == VED_INT_RODATA && report_rodata_words(r, i))
		return;
	report_page(r, i, r->hashes[i], h);
}

static void check_region(struct region *r)
{
	unsigned int i;

	for (i = 0; i < r->pages; i++) {
		/* Thousands of pages: let others run (non-preemptible kernels). */
		if (!(i & 63))
			cond_resched();
		check_region_page(r, i);
	}
}

/* ---- patch sites: what their subsystem means them to hold ---- */

static unsigned long rel_target(unsigned long at, const u8 *insn, int len)
{
	if (len == 2)
		return at + 2 + (s8)insn[1];
	return at + 5 + (long)*(s32 *)(insn + 1);
}

static void report_site(const char *what, unsigned long at, unsigned long expected,
			unsigned long actual)
{
	struct ved_ev_integrity ev = {
		.object = VED_INT_TEXT, .address = at, .expected = expected,
		.actual = actual,
	};

	if (!ved_first_report(((u64)VED_INT_TEXT << 56) ^ at ^ actual))
		return;
	snprintf(ev.name, sizeof(ev.name), "%s %pS", what, (void *)at);
	ved_addr_owner(actual, ev.owner, sizeof(ev.owner));
	ved_integrity_report(VED_DET_INTEGRITY, VED_SEV_CRITICAL, &ev, NULL);
}

static void check_jump_labels(void)
{
	struct jump_entry *j;

	for (j = jump_start; j && j < jump_stop; j++) {
		unsigned long at = jump_entry_code(j), target = jump_entry_target(j);
		const u8 *c = (const u8 *)at;

		if (!((j - jump_start) & 1023))
			cond_resched();
		if (!ved_core_text(at) || c[0] == 0xcc)	/* 0xcc: being patched */
			continue;
		if (!memcmp(c, nop5, 5) || !memcmp(c, nop2, 2))
			continue;
		if ((c[0] == 0xe9 && rel_target(at, c, 5) == target) ||
		    (c[0] == 0xeb && rel_target(at, c, 2) == target))
			continue;
		report_site("jump_label", at, target,
			    c[0] == 0xe9 || c[0] == 0xeb ?
			    rel_target(at, c, c[0] == 0xeb ? 2 : 5) : c[0]);
	}
}

/* Is a call from an ftrace site to @target one that ftrace itself made? */
bool ftrace_call_legit(unsigned long target)
{
	char owner[VED_SYM_LEN];

	ved_addr_owner(target, owner, sizeof(owner));
	return !strcmp(owner, "vmlinux") || !strcmp(owner, "ftrace") || !strcmp(owner, "bpf");
}

static void check_ftrace_sites(void)
{
	unsigned long last_legit = 0, n = 0;
	struct ved_ftrace_page *pg;
	int i;

	if (!ftrace_pages_p || !ftrace_lock_p)
		return;
	mutex_lock(ftrace_lock_p);
	for (pg = *ftrace_pages_p; pg; pg = pg->next) {
		for (i = 0; i < pg->index; i++) {
			unsigned long at = pg->records[i].ip, target;
			const u8 *c = (const u8 *)at;

			/*
			 * With a tracer on, every one of ~50k sites calls the same
			 * trampoline: judge a target once, and let others run
			 * (ftrace_lock is a mutex) so the walk cannot stall RCU.
			 */
			if (!(++n & 1023))
				cond_resched();
			if (!ved_core_text(at) || !memcmp(c, nop5, 5) || c[0] == 0xcc)
				continue;
			target = c[0] == 0xe8 ? rel_target(at, c, 5) : c[0];
			if (c[0] == 0xe8 && target == last_legit)
				continue;
			if (c[0] == 0xe8 && ftrace_call_legit(target)) {
				last_legit = target;
				continue;
			}
			report_site("ftrace", at, 0, target);
		}
	}
	mutex_unlock(ftrace_lock_p);
}

/* ---- entry points ---- */

/*
 * The core text check is cut into units that the sweep spreads over
 * ved.hash_period_ms in a random order (integrity.c): each page of each
 * region, then the jump-label walk, the ftrace-site walk and the static
 * call walk.
 */
#define SITE_UNITS 3

unsigned int text_units(void)
{
	unsigned int n = SITE_UNITS;
	int i;

	for (i = 0; i < ARRAY_SIZE(regions); i++)
		if (regions[i].hashes)
			n += regions[i].pages;
	return n;
}

/* The unit of the core text page holding @addr, or -1 (integrity.c's hot set). */
int text_unit_of(unsigned long addr)
{
	const struct region *t = &regions[0];

	if (!t->hashes || addr < t->start || addr >= t->end)
		return -1;
	return (addr - t->start) / PAGE_SIZE;
}

void text_check_unit(unsigned int unit)
{
	int i;

	if (detector_mode(VED_DET_INTEGRITY) == VED_MODE_OFF || !page_buf)
		return;
	for (i = 0; i < ARRAY_SIZE(regions); i++) {
		if (!regions[i].hashes)
			continue;
		if (unit < regions[i].pages) {
			check_region_page(&regions[i], unit);
			return;
		}
		unit -= regions[i].pages;
	}
	if (unit == 0)
		check_jump_labels();
	else if (unit == 1)
		check_ftrace_sites();
	else if (unit == 2)
		static_calls_check();
}

/* Every unit at once: a full pass (module events, ved.sweep_now). */
void text_check(void)
{
	int i;

	if (detector_mode(VED_DET_INTEGRITY) == VED_MODE_OFF || !page_buf)
		return;
	for (i = 0; i < ARRAY_SIZE(regions); i++)
		if (regions[i].hashes)
			check_region(&regions[i]);
	check_jump_labels();
	check_ftrace_sites();
	static_calls_check();
}

/* Keep only what was used of the generous first allocation. */
static void shrink_masks(void)
{
	struct mask *m = kvmalloc_array(max(nr_masks, 1U), sizeof(*m), GFP_KERNEL);

	if (!m)
		return;
	memcpy(m, masks, nr_masks * sizeof(*m));
	kvfree(masks);
	masks = m;
	max_masks = nr_masks;
}

static void hash_region(struct region *r)
{
	unsigned int i;

	r->start = ved_lookup_name(r->start_sym);
	r->end = ved_lookup_name(r->end_sym);
	if (!r->start || r->end <= r->start)
		return;
	r->pages = DIV_ROUND_UP(r->end - r->start, PAGE_SIZE);
	r->hashes = kvmalloc_array(r->pages, sizeof(u64), GFP_KERNEL);
	if (!r->hashes)
		return;
	for (i = 0; i < r->pages; i++) {
		masked_copy(r, r->start + i * PAGE_SIZE);
		r->hashes[i] = page_hash();
	}
}

int text_init(void)
{
	int i, ret;

	jump_start = (void *)ved_lookup_name("__start___jump_table");
	jump_stop = (void *)ved_lookup_name("__stop___jump_table");
	ftrace_pages_p = (void *)ved_lookup_name("ftrace_pages_start");
	ftrace_lock_p = (void *)ved_lookup_name("ftrace_lock");
	get_kprobe_p = (get_kprobe_fn)ved_lookup_name("get_kprobe");
	aggr_pre_handler_p = ved_lookup_name("aggr_pre_handler");
	kprobe_mutex_p = (void *)ved_lookup_name("kprobe_mutex");
	page_buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!page_buf)
		return -ENOMEM;
	regions[0].start = ved_lookup_name("_stext");
	max_masks = 256 * 1024;
	masks = kvmalloc_array(max_masks, sizeof(*masks), GFP_KERNEL);
	if (!masks)
		return -ENOMEM;
	regions[0].end = ved_lookup_name("_etext");
	ret = static_calls_init();
	if (ret)
		return ret;
	collect_masks();
	shrink_masks();
	for (i = 0; i < ARRAY_SIZE(regions); i++)
		hash_region(&regions[i]);
	pr_info("ved: integrity: %u text, %u rodata, %u ex_table pages hashed, %u patch sites masked\n",
		regions[0].pages, regions[1].pages, regions[2].pages, nr_masks);
	return 0;
}

void text_exit(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(regions); i++)
		kvfree(regions[i].hashes);
	kvfree(masks);
	kfree(page_buf);
	static_calls_exit();
}
