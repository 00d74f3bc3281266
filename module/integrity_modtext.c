// SPDX-License-Identifier: GPL-2.0
/*
 * Each module's text, hashed per page (xxh64) once the module is live, and
 * checked on every sweep: an inline hook put into another module's code
 * (a jmp to the rootkit at a function's start) is what this catches.
 *
 * When: at MODULE_STATE_LIVE (the notifier's call right after init
 * returns), and for the modules already live when ved loads (taken as
 * found: a hook placed before ved loaded is part of that baseline).  By
 * then the loader has applied alternatives, retpolines, return thunks,
 * CFI/IBT sealing and relocations; jump labels, static calls and ftrace
 * sites have their COMING state.  Init text is freed after LIVE and is not
 * covered.
 *
 * Legitimate self-patching, as for core text (integrity_text.c), is left
 * out of the hashes and judged against what its subsystem means to write:
 *   - jump labels (mod->jump_entries): a nop, or a jmp to the entry's target;
 *   - static call sites (mod->static_call_sites): a call (jmp for tail
 *     calls) to the key's current function, a nop / xor %eax / ret when
 *     the key says so; a mismatch is judged again under static_call_mutex
 *     (the key is updated before its sites); the rules are static_calls.c's;
 *   - static call trampolines defined by the module (__SCT__*): masked
 *     only, as in core text (no key to judge them by);
 *   - ftrace sites (mod->ftrace_callsites): a nop, or a call into vmlinux,
 *     an ftrace trampoline or a BPF trampoline (function tracer, kprobes on
 *     ftrace, BPF fentry, livepatch redirection of this module's functions);
 *   - kprobes and optprobes anywhere: a changed page is hashed again with
 *     every registered kprobe's original bytes put back (ved_unprobe()).
 * A page that still differs is judged once more under kprobe_mutex and
 * text_mutex (every text patch on x86 holds text_mutex, and the kprobe
 * optimizer holds both), so a patch in progress is never taken for an
 * attack, and nothing is re-hashed: a malicious write racing a legitimate
 * patch still differs from the baseline afterwards.
 *
 * ved's own text is checked by self_text.c (detector "self"), not here.
 *
 * Livepatch modules (mod->klp) are not hashed: klp writes their
 * relocations whenever a module they patch comes or goes
 * (klp_module_coming() before the COMING notifier, klp_module_going()
 * after the GOING one), i.e. their text legitimately changes outside any
 * point ved is told about.  Their load is still reported with its SHA-256.
 *
 * Report: VED_INT_MODULE_TEXT, index = page, expected/actual = page hashes,
 * address/name = the first changed byte as symbol+offset, owner = the module
 * a call/jmp in the changed bytes now lands in.  Block mode restores the
 * original bytes from a snapshot of the text taken at LIVE, only when the
 * change is one 5-byte call/jmp (an inline hook): text_poke_bp() writes the
 * original bytes while emulating the hook's own jump, so a CPU reaching the
 * site mid-patch goes where it went a moment before.  Anything else is
 * reported only.  Snapshots cost the module's text size; they stop at
 * modtext_snapshot_kb in total (later modules are hashed, not restorable).
 */
#include <linux/delay.h>
#include <linux/ftrace.h>
#include <linux/jump_label.h>
#include <linux/kallsyms.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/static_call_types.h>
#include <linux/vmalloc.h>
#include <linux/xxhash.h>

#include "compat.h"
#include "ved.h"

static unsigned int modtext_snapshot_kb = 4096;
module_param(modtext_snapshot_kb, uint, 0444);
MODULE_PARM_DESC(modtext_snapshot_kb, "module text kept for block-mode restore, KiB in total (0: report only)");

/* Figures, read through /sys/module/ved/parameters/. */
static unsigned long modtext_modules, modtext_text_bytes, modtext_mem_bytes, modtext_last_ns;
module_param(modtext_modules, ulong, 0444);
MODULE_PARM_DESC(modtext_modules, "(read) modules whose text is hashed");
module_param(modtext_text_bytes, ulong, 0444);
MODULE_PARM_DESC(modtext_text_bytes, "(read) module text hashed, bytes");
module_param(modtext_mem_bytes, ulong, 0444);
MODULE_PARM_DESC(modtext_mem_bytes, "(read) memory held for module text (hashes, masks, snapshots), bytes");
module_param(modtext_last_ns, ulong, 0444);
MODULE_PARM_DESC(modtext_last_ns, "(read) duration of the last module text check, ns");

#define OP_CALL		0xe8
#define OP_JMP		0xe9
#define OP_JMP8		0xeb
#define OP_INT3		0xcc
#define OP_RET		0xc3
#define HOOK_LEN	5

static const u8 nop5[] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };
static const u8 nop2[] = { 0x66, 0x90 };

/* A masked patch site: offset from the module's text start, length. */
struct mask {
	u32 off;
	u32 len;
};

struct modtext {
	struct list_head node;
	struct module *mod;
	unsigned long start, size;
	unsigned int pages, nr_masks;
	u64 *hashes;
	struct mask *masks;
	u8 *snapshot;	/* masked copy of the text at LIVE, or NULL */
	u64 *reported;	/* per page: the hash last reported (0: none), lazily */
};

typedef void (*text_poke_bp_fn)(void *addr, const void *opcode, size_t len,
				const void *emulate);

static LIST_HEAD(modtexts);
static DEFINE_MUTEX(modtext_mutex);	/* the list; held over a check */
static u8 *page_buf;
static unsigned long snapshot_bytes;
static struct mutex *text_mutex_p, *kprobe_mutex_p, *ftrace_lock_p;
static text_poke_bp_fn text_poke_bp_p;

/* ---- masks ---- */

static bool in_text(const struct modtext *mt, unsigned long addr, unsigned long len)
{
	return addr >= mt->start && addr + len <= mt->start + mt->size;
}

static void add_mask(struct modtext *mt, unsigned int max, unsigned long addr, u32 len)
{
	if (!in_text(mt, addr, len) || mt->nr_masks >= max)
		return;
	mt->masks[mt->nr_masks].off = addr - mt->start;
	mt->masks[mt->nr_masks].len = len;
	mt->nr_masks++;
}

static int cmp_mask(const void *a, const void *b)
{
	const struct mask *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

static unsigned int jump_len(const u8 *code)
{
	return (code[0] == OP_JMP8 || !memcmp(code, nop2, 2)) ? 2 : 5;
}

/* Static call trampolines the module defines (__SCT__name), from its symbols. */
static unsigned int add_trampolines(struct modtext *mt, unsigned int max)
{
	struct mod_kallsyms *ks;
	unsigned int i, n = 0;

	preempt_disable();
	ks = rcu_dereference_sched(mt->mod->kallsyms);
	for (i = 0; ks && i < ks->num_symtab; i++) {
		const char *name = ks->strtab + ks->symtab[i].st_name;

		if (strncmp(name, "__SCT__", 7))
			continue;
		if (max)
			add_mask(mt, max, ks->symtab[i].st_value, HOOK_LEN);
		n++;
	}
	preempt_enable();
	return n;
}

static unsigned int count_sites(struct modtext *mt)
{
	struct module *mod = mt->mod;

	return mod->num_jump_entries + mod->num_static_call_sites +
	       mod->num_ftrace_callsites + add_trampolines(mt, 0);
}

static int collect_masks(struct modtext *mt)
{
	unsigned int max = count_sites(mt), i;
	struct module *mod = mt->mod;

	mt->masks = kvmalloc_array(max(max, 1U), sizeof(*mt->masks), GFP_KERNEL);
	if (!mt->masks)
		return -ENOMEM;
	for (i = 0; i < mod->num_jump_entries; i++) {
		unsigned long at = jump_entry_code(&mod->jump_entries[i]);

		if (in_text(mt, at, 2))
			add_mask(mt, max, at, jump_len((const u8 *)at));
	}
	for (i = 0; i < mod->num_static_call_sites; i++) {
		unsigned long at = ved_static_call_site_addr(&mod->static_call_sites[i]);

		if (in_text(mt, at, 2))
			add_mask(mt, max, at, ved_static_call_len((const u8 *)at));
	}
	for (i = 0; i < mod->num_ftrace_callsites; i++)
		add_mask(mt, max, mod->ftrace_callsites[i], MCOUNT_INSN_SIZE);
	add_trampolines(mt, max);
	sort(mt->masks, mt->nr_masks, sizeof(*mt->masks), cmp_mask, NULL);
	return 0;
}

/* ---- hashing ---- */

/* Index of the first mask that may overlap offset @off (masks are sorted, short). */
static unsigned int first_mask(const struct modtext *mt, u32 off)
{
	unsigned int lo = 0, hi = mt->nr_masks;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (mt->masks[mid].off + mt->masks[mid].len <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Does any masked site overlap [off, off + len)? */
static bool masked(const struct modtext *mt, u32 off, u32 len)
{
	unsigned int i;

	for (i = first_mask(mt, off); i < mt->nr_masks && mt->masks[i].off < off + len; i++)
		if (mt->masks[i].off + mt->masks[i].len > off)
			return true;
	return false;
}

/*
 * Copy text page @i into @buf with the masked sites zeroed.  The last page
 * may be partial: zero-filled.
 */
static void masked_copy(const struct modtext *mt, unsigned int i, u8 *buf)
{
	unsigned long addr = mt->start + (unsigned long)i * PAGE_SIZE;
	u32 off = i * PAGE_SIZE, len = min_t(unsigned long, PAGE_SIZE, mt->size - off);
	unsigned int m;

	memcpy(buf, (void *)addr, len);
	memset(buf + len, 0, PAGE_SIZE - len);
	for (m = first_mask(mt, off); m < mt->nr_masks && mt->masks[m].off < off + PAGE_SIZE; m++) {
		u32 s = max(mt->masks[m].off, off);
		u32 e = min(mt->masks[m].off + mt->masks[m].len, off + (u32)PAGE_SIZE);

		if (e > s)
			memset(buf + (s - off), 0, e - s);
	}
}

/* The same with what registered kprobes replaced put back (a page lookup per int3/jmp byte). */
static void clean_copy(const struct modtext *mt, unsigned int i, u8 *buf)
{
	masked_copy(mt, i, buf);
	ved_unprobe(buf, mt->start + (unsigned long)i * PAGE_SIZE);
}

static u64 hash_buf(const u8 *buf)
{
	return xxh64(buf, PAGE_SIZE, 0);
}

static void account(const struct modtext *mt, long sign)
{
	unsigned long mem = sizeof(*mt) + mt->pages * sizeof(u64) +
			    mt->nr_masks * sizeof(struct mask) +
			    (mt->snapshot ? mt->pages * PAGE_SIZE : 0);

	modtext_modules += sign;
	modtext_text_bytes += sign * mt->size;
	modtext_mem_bytes += sign * mem;
	if (mt->snapshot)
		snapshot_bytes += sign * mt->pages * PAGE_SIZE;
}

static void free_modtext(struct modtext *mt)
{
	kvfree(mt->reported);
	kvfree(mt->snapshot);
	kvfree(mt->masks);
	kvfree(mt->hashes);
	kfree(mt);
}

/* The snapshot, when the budget allows; restore needs it, detection does not. */
static void take_snapshot(struct modtext *mt)
{
	unsigned long bytes = (unsigned long)mt->pages * PAGE_SIZE;
	unsigned int i;

	if (snapshot_bytes + bytes > (unsigned long)modtext_snapshot_kb * 1024)
		return;
	mt->snapshot = kvmalloc(bytes, GFP_KERNEL);
	if (!mt->snapshot)
		return;
	for (i = 0; i < mt->pages; i++)
		clean_copy(mt, i, mt->snapshot + (unsigned long)i * PAGE_SIZE);
}

static struct modtext *hash_module(struct module *mod)
{
	struct modtext *mt = kzalloc(sizeof(*mt), GFP_KERNEL);
	unsigned int i;

	if (!mt)
		return NULL;
	mt->mod = mod;
	ved_module_text(mod, &mt->start, &mt->size);
	mt->pages = DIV_ROUND_UP(mt->size, PAGE_SIZE);
	mt->hashes = kvmalloc_array(max(mt->pages, 1U), sizeof(u64), GFP_KERNEL);
	if (!mt->hashes || collect_masks(mt)) {
		free_modtext(mt);
		return NULL;
	}
	take_snapshot(mt);
	for (i = 0; i < mt->pages; i++) {
		if (mt->snapshot) {
			mt->hashes[i] = hash_buf(mt->snapshot + (unsigned long)i * PAGE_SIZE);
			continue;
		}
		clean_copy(mt, i, page_buf);
		mt->hashes[i] = hash_buf(page_buf);
	}
	return mt;
}

static struct modtext *find_modtext(struct module *mod)
{
	struct modtext *mt;

	list_for_each_entry(mt, &modtexts, node)
		if (mt->mod == mod)
			return mt;
	return NULL;
}

/* ---- reporting and restoring ---- */

/* Changed bytes of page @i: first and last offsets in the page (snapshot needed). */
static bool changed_range(const struct modtext *mt, unsigned int i, const u8 *now,
			  u32 *first, u32 *last)
{
	const u8 *was = mt->snapshot + (unsigned long)i * PAGE_SIZE;
	int a = 0, b = PAGE_SIZE - 1;

	while (a < PAGE_SIZE && now[a] == was[a])
		a++;
	if (a == PAGE_SIZE)
		return false;
	while (now[b] == was[b])
		b--;
	*first = a;
	*last = b;
	return true;
}

static unsigned long rel32_target(unsigned long at, const u8 *insn)
{
	return at + 5 + (long)*(const s32 *)(insn + 1);
}

/* The call/jmp rel32 in @now covering the changed bytes [first, last], or -1. */
static int hook_insn(const u8 *now, u32 first, u32 last)
{
	int p;

	for (p = max_t(int, 0, first - 4); p <= (int)last && p + HOOK_LEN <= PAGE_SIZE; p++)
		if ((now[p] == OP_CALL || now[p] == OP_JMP) && p + HOOK_LEN > first)
			return p;
	return -1;
}

/* Without a snapshot: a call/jmp in the page that lands in another module. */
static void page_owner(const struct modtext *mt, unsigned long addr, char *owner, size_t len)
{
	const u8 *p = (const u8 *)addr;
	struct module *mod = NULL;
	unsigned long target;
	int i;

	owner[0] = '\0';
	preempt_disable();
	for (i = 0; i + HOOK_LEN <= PAGE_SIZE && in_text(mt, addr + i, HOOK_LEN) && !mod; i++) {
		if (p[i] != OP_CALL && p[i] != OP_JMP)
			continue;
		target = rel32_target(addr + i, p + i);
		if (ved_core_text(target))
			continue;
		mod = ved_module_of(target);
		if (mod == mt->mod)
			mod = NULL;
	}
	if (mod)
		strscpy(owner, mod->name, len);
	preempt_enable();
}

/* "symbol+0xoff" (the module is the event's subject, not repeated). */
static void name_addr(unsigned long addr, char *buf, size_t len)
{
	char sym[KSYM_SYMBOL_LEN], *mod;
	unsigned long size, off;

	if (!ved_symbol_size(addr, &size, &off)) {
		snprintf(buf, len, "%px", (void *)addr);
		return;
	}
	snprintf(sym, sizeof(sym), "%ps", (void *)addr);
	mod = strchr(sym, ' ');	/* " [module]" */
	if (mod)
		*mod = '\0';
	snprintf(buf, len, "%s+%#lx", sym, off);
}

/* What the restore callback works on (the check runs under modtext_mutex). */
static struct {
	const struct modtext *mt;
	unsigned int page;
	const u8 *now;
	int hook;	/* offset of the hook's call/jmp in the page, or -1 */
} pending;

/*
 * Block mode: write the original 5 bytes back over the hook with the
 * kernel's own live patcher, emulating the hook while its int3 is in place.
 * text_mutex is held by the caller.
 */
static bool restore_hook(const struct ved_ev_integrity *ev)
{
	const struct modtext *mt = pending.mt;
	unsigned long addr = mt->start + (unsigned long)pending.page * PAGE_SIZE;
	const u8 *was;
	u8 live[HOOK_LEN];
	int p = pending.hook;

	if (!mt->snapshot || p < 0 || !text_poke_bp_p ||
	    !in_text(mt, addr + p, HOOK_LEN) ||
	    masked(mt, pending.page * PAGE_SIZE + p, HOOK_LEN))
		return false;
	was = mt->snapshot + (unsigned long)pending.page * PAGE_SIZE + p;
	memcpy(live, (void *)(addr + p), HOOK_LEN);
	/* a kprobe at the site would make the live bytes differ from @now */
	if (memcmp(live, pending.now + p, HOOK_LEN))
		return false;
	text_poke_bp_p((void *)(addr + p), was, HOOK_LEN, live);
	return !memcmp((void *)(addr + p), was, HOOK_LEN);
}

static u64 report_key(unsigned long addr, u64 hash)
{
	return ((u64)VED_INT_MODULE_TEXT << 56) ^ addr ^ hash;
}

/* Remember what page @i was reported with, to re-arm it once it is back. */
static void note_reported(struct modtext *mt, unsigned int i, u64 h)
{
	if (!mt->reported)
		mt->reported = kvcalloc(mt->pages, sizeof(u64), GFP_KERNEL);
	if (mt->reported)
		mt->reported[i] = h;
}

static void rearm_page(struct modtext *mt, unsigned int i)
{
	unsigned long addr = mt->start + (unsigned long)i * PAGE_SIZE;

	if (!mt->reported || !mt->reported[i])
		return;
	ved_forget(report_key(addr, mt->reported[i]));
	mt->reported[i] = 0;
}

/*
 * Report page @i, once per change; in block mode a restorable hook is
 * restored (and reported) even if it was seen before, in log mode.
 */
static void report_page(struct modtext *mt, unsigned int i, const u8 *now, u64 h)
{
	unsigned long addr = mt->start + (unsigned long)i * PAGE_SIZE;
	struct ved_ev_integrity ev = {
		.object = VED_INT_MODULE_TEXT, .index = i, .address = addr,
		.expected = mt->hashes[i], .actual = h,
	};
	u32 first = 0, last = 0;
	u64 key = report_key(addr, h);
	bool first_time;

	pending.mt = mt;
	pending.page = i;
	pending.now = now;
	pending.hook = -1;
	if (mt->snapshot && changed_range(mt, i, now, &first, &last)) {
		ev.address = addr + first;
		pending.hook = hook_insn(now, first, last);
		if (pending.hook >= 0 && pending.hook + HOOK_LEN <= last)
			pending.hook = -1;	/* more changed than one instruction */
	}
	if (pending.hook >= 0)
		ved_addr_owner(rel32_target(addr + pending.hook, now + pending.hook),
			       ev.owner, sizeof(ev.owner));
	else
		page_owner(mt, addr, ev.owner, sizeof(ev.owner));
	first_time = ved_first_report(key);
	if (!first_time && (detector_mode(VED_DET_INTEGRITY) != VED_MODE_BLOCK ||
			    pending.hook < 0 || !mt->snapshot))
		return;
	name_addr(ev.address, ev.name, sizeof(ev.name));
	if (ved_integrity_report(VED_DET_INTEGRITY, VED_SEV_CRITICAL, &ev,
				 restore_hook) == VED_ACT_BLOCK) {
		ved_forget(key);	/* restored: the same hook again is a new event */
		rearm_page(mt, i);
	} else {
		note_reported(mt, i, h);
	}
}

/*
 * A page that differs from its baseline: judged again with no text patch
 * or kprobe (un)optimization in progress, and reported if it still does.
 */
static void recheck_page(struct modtext *mt, unsigned int i, bool *waited)
{
	u64 h;

	/*
	 * Some patchers finish later: after an optprobe leaves kprobes' table
	 * its jump stays in the text until the kprobe optimizer's delayed work
	 * puts the original bytes back.  Before judging a change not reported
	 * yet, give such work a moment (once per check, so a lasting change
	 * costs no more than that).
	 */
	if (!*waited && !(mt->reported && mt->reported[i])) {
		msleep(200);
		*waited = true;
	}
	if (kprobe_mutex_p)
		mutex_lock(kprobe_mutex_p);
	if (text_mutex_p)
		mutex_lock(text_mutex_p);
	clean_copy(mt, i, page_buf);
	h = hash_buf(page_buf);
	if (h != mt->hashes[i])
		report_page(mt, i, page_buf, h);
	if (text_mutex_p)
		mutex_unlock(text_mutex_p);
	if (kprobe_mutex_p)
		mutex_unlock(kprobe_mutex_p);
}

static void check_pages(struct modtext *mt)
{
	bool waited = false;
	unsigned int i;

	for (i = 0; i < mt->pages; i++) {
		unsigned long addr = mt->start + (unsigned long)i * PAGE_SIZE;

		masked_copy(mt, i, page_buf);
		if (hash_buf(page_buf) != mt->hashes[i] &&
		    (!ved_unprobe(page_buf, addr) || hash_buf(page_buf) != mt->hashes[i]))
			recheck_page(mt, i, &waited);
		else
			rearm_page(mt, i);	/* back to normal: a new change is reported */
	}
}

/* ---- patch sites: what their subsystem means them to hold ---- */

static void report_site(const struct modtext *mt, const char *what, unsigned long at,
			unsigned long expected, unsigned long actual)
{
	struct ved_ev_integrity ev = {
		.object = VED_INT_MODULE_TEXT, .address = at, .expected = expected,
		.actual = actual, .index = (at - mt->start) / PAGE_SIZE,
	};
	char sym[VED_SYM_LEN];

	if (!ved_first_report(((u64)VED_INT_MODULE_TEXT << 56) ^ at ^ actual))
		return;
	name_addr(at, sym, sizeof(sym));
	snprintf(ev.name, sizeof(ev.name), "%s %s", what, sym);
	ved_addr_owner(actual, ev.owner, sizeof(ev.owner));
	ved_integrity_report(VED_DET_INTEGRITY, VED_SEV_CRITICAL, &ev, NULL);
}

static void check_jump_labels(const struct modtext *mt)
{
	struct module *mod = mt->mod;
	unsigned int i;

	for (i = 0; i < mod->num_jump_entries; i++) {
		struct jump_entry *j = &mod->jump_entries[i];
		unsigned long at = jump_entry_code(j), target = jump_entry_target(j);
		const u8 *c = (const u8 *)at;

		if (!in_text(mt, at, 2) || c[0] == OP_INT3)	/* int3: being patched */
			continue;
		if (!memcmp(c, nop2, 2) || (in_text(mt, at, 5) && !memcmp(c, nop5, 5)))
			continue;
		if (c[0] == OP_JMP8 && at + 2 + (s8)c[1] == target)
			continue;
		if (c[0] == OP_JMP && rel32_target(at, c) == target)
			continue;
		report_site(mt, "jump_label", at, target,
			    c[0] == OP_JMP ? rel32_target(at, c) :
			    c[0] == OP_JMP8 ? at + 2 + (s8)c[1] : c[0]);
	}
}

/* A nop, a patch in progress, or a call that ftrace made (@last: one seen). */
static bool ftrace_site_ok(unsigned long at, unsigned long *last)
{
	const u8 *c = (const u8 *)at;
	unsigned long target;

	if (c[0] == OP_INT3 || !memcmp(c, nop5, 5))
		return true;
	if (c[0] != OP_CALL)
		return false;
	target = rel32_target(at, c);
	if (target != *last && !ftrace_call_legit(target))
		return false;
	*last = target;
	return true;
}

static void check_ftrace_sites(const struct modtext *mt)
{
	struct module *mod = mt->mod;
	unsigned long last_legit = 0;
	unsigned int i;
	bool ok;

	for (i = 0; i < mod->num_ftrace_callsites; i++) {
		unsigned long at = mod->ftrace_callsites[i];
		const u8 *c = (const u8 *)at;

		if (!in_text(mt, at, MCOUNT_INSN_SIZE) || ftrace_site_ok(at, &last_legit))
			continue;
		/*
		 * A tracer being switched off leaves ftrace's ops list before its
		 * call sites go back to nops (seen: a trampoline reported with
		 * owner unknown): judge again with ftrace's updates held off.
		 */
		if (ftrace_lock_p) {
			mutex_lock(ftrace_lock_p);
			ok = ftrace_site_ok(at, &last_legit);
			mutex_unlock(ftrace_lock_p);
			if (ok)
				continue;
		}
		report_site(mt, "ftrace", at, 0, c[0] == OP_CALL ? rel32_target(at, c) : c[0]);
	}
}

static void check_static_calls(const struct modtext *mt)
{
	struct module *mod = mt->mod;
	int i;

	for (i = 0; i < mod->num_static_call_sites; i++) {
		struct static_call_site *s = &mod->static_call_sites[i];
		unsigned long at = ved_static_call_site_addr(s);
		unsigned long key = ved_static_call_site_key(s);
		struct static_call_key *k = (void *)(key & ~STATIC_CALL_SITE_FLAGS);

		if (in_text(mt, at, 5) &&
		    !ved_static_call_site_holds(at, k, key & STATIC_CALL_SITE_TAIL))
			report_site(mt, "static_call", at, (unsigned long)READ_ONCE(k->func),
				    ved_static_call_dest(at, (const u8 *)at));
	}
}

/* ---- entry points ---- */

void modtext_check(void)
{
	struct modtext *mt;
	u64 t0 = ktime_get_ns();

	if (detector_mode(VED_DET_INTEGRITY) == VED_MODE_OFF || !page_buf)
		return;
	mutex_lock(&modtext_mutex);
	list_for_each_entry(mt, &modtexts, node) {
		check_pages(mt);
		check_jump_labels(mt);
		check_ftrace_sites(mt);
		check_static_calls(mt);
		cond_resched();
	}
	mutex_unlock(&modtext_mutex);
	WRITE_ONCE(modtext_last_ns, ktime_get_ns() - t0);
}

/* @mod is live: take its baseline (once). */
void ved_text_module_live(struct module *mod)
{
	struct modtext *mt;

	/* ved's own text is self_text.c's */
	if (!page_buf || is_livepatch_module(mod) || mod == THIS_MODULE)
		return;
	mutex_lock(&modtext_mutex);
	if (!find_modtext(mod)) {
		mt = hash_module(mod);
		if (mt) {
			list_add_tail(&mt->node, &modtexts);
			account(mt, 1);
			pr_info("ved: integrity: module %s: %u text pages hashed, %u patch sites masked%s\n",
				mod->name, mt->pages, mt->nr_masks,
				mt->snapshot ? ", snapshot kept" : "");
		}
	}
	mutex_unlock(&modtext_mutex);
}

/* @mod is going (unload, or a failed init): its text is freed after this. */
void ved_text_module_going(struct module *mod)
{
	struct modtext *mt;

	mutex_lock(&modtext_mutex);
	mt = find_modtext(mod);
	if (mt) {
		list_del(&mt->node);
		account(mt, -1);
		free_modtext(mt);
	}
	mutex_unlock(&modtext_mutex);
}

#define MAX_INITIAL_MODULES 1024

/*
 * The modules already live when ved loads; called once ved's module
 * notifier is registered, so none is missed (a module both seen here and
 * by the notifier is hashed once).  References are taken under
 * module_mutex and the hashing done outside it: ftrace takes module_mutex
 * under ftrace_lock.
 */
static void hash_live_modules(void)
{
	struct mutex *module_mutex_p = (void *)ved_lookup_name("module_mutex");
	struct list_head *modules_p = (void *)ved_lookup_name("modules");
	struct module **mods, *mod;
	int n = 0, i;

	if (!module_mutex_p || !modules_p)
		return;
	mods = kvmalloc_array(MAX_INITIAL_MODULES, sizeof(*mods), GFP_KERNEL);
	if (!mods)
		return;
	mutex_lock(module_mutex_p);
	list_for_each_entry(mod, modules_p, list) {
		if (n < MAX_INITIAL_MODULES && mod->state == MODULE_STATE_LIVE &&
		    try_module_get(mod))
			mods[n++] = mod;
	}
	mutex_unlock(module_mutex_p);
	for (i = 0; i < n; i++) {
		ved_text_module_live(mods[i]);
		module_put(mods[i]);
	}
	kvfree(mods);
}

int modtext_init(void)
{
	text_mutex_p = (void *)ved_lookup_name("text_mutex");
	kprobe_mutex_p = (void *)ved_lookup_name("kprobe_mutex");
	ftrace_lock_p = (void *)ved_lookup_name("ftrace_lock");
	text_poke_bp_p = (text_poke_bp_fn)ved_lookup_name("text_poke_bp");
	page_buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!page_buf)
		return -ENOMEM;
	hash_live_modules();
	return 0;
}

void modtext_exit(void)
{
	struct modtext *mt, *tmp;

	mutex_lock(&modtext_mutex);
	list_for_each_entry_safe(mt, tmp, &modtexts, node) {
		list_del(&mt->node);
		account(mt, -1);
		free_modtext(mt);
	}
	mutex_unlock(&modtext_mutex);
	kfree(page_buf);
	page_buf = NULL;
}
