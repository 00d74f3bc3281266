// SPDX-License-Identifier: GPL-2.0
/*
 * ved's own code: a copy of ved's core text is taken at self_init() (the
 * loader has applied alternatives, retpolines, return thunks, IBT sealing
 * and relocations by then) and compared byte for byte on every sweep; at
 * about 100 KiB, a compare costs less than hashing and says exactly which
 * bytes changed.  Init text is freed after init and is not covered.
 *
 * Sites that the kernel patches in ved's code while it runs are left out of
 * the compare and judged against what their subsystem means them to hold:
 *   - ftrace sites (mod->ftrace_callsites): a nop, or a call into vmlinux or
 *     an ftrace trampoline (function tracer, kprobe events on ved's
 *     functions, BPF trampolines); "index" 1 in a report;
 *   - jump labels (mod->jump_entries): a nop, or a jmp to the entry's
 *     target; "index" 2;
 *   - static call sites (mod->static_call_sites, e.g. cond_resched() under
 *     PREEMPT_DYNAMIC): what static_call_update() of the site's key
 *     writes (static_calls.c); "index" 3, expected the key's function;
 *   - kprobes on any other instruction of ved: the int3 (or an optprobe's
 *     jmp) is accepted when the registered kprobe there saved exactly the
 *     original bytes.
 * The compare runs under kprobe_mutex, so a kprobe being armed is never
 * taken for an attack, and a change is looked at once more after kprobes'
 * optimizer ran (an optprobe just removed leaves its jmp until then).  Any other difference ("index" 0) is reported with
 * the symbol, the first 8 original and live bytes, and the module a call
 * or jmp in the new bytes lands in.  Block mode writes the original bytes
 * back under text_mutex through a writable alias of the pages, with every
 * CPU held in stop_machine() so none is executing the bytes being
 * replaced, and each CPU serializing before it resumes.  Masked sites are
 * never written.
 */
#include <linux/cpu.h>
#include <linux/jump_label.h>
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/static_call_types.h>
#include <linux/stop_machine.h>
#include <linux/vmalloc.h>
#include <asm/sync_core.h>
#include <asm/text-patching.h>

#include "compat.h"
#include "self.h"

enum site_kind {
	SITE_FTRACE = 1,
	SITE_JUMP = 2,
	SITE_STATIC_CALL = 3,
};

struct site {
	u32 off;		/* from the start of ved's text */
	u8 len;
	u8 kind;		/* enum site_kind */
	unsigned long target;	/* jump labels: where the jmp goes */
};

/* A run of changed bytes; restore() writes them back. */
struct run {
	u32 off, len;
};

#define MAX_RUNS 16

static unsigned long text, text_size;
static u8 *orig;
static struct site *sites;
static unsigned int nr_sites;

typedef struct kprobe *(*get_kprobe_fn)(void *addr);
static get_kprobe_fn get_kprobe_p;
static struct mutex *kprobe_mutex_p, *text_mutex_p, *ftrace_lock_p;
/* kprobes' optimizer, which also puts back the bytes of removed optprobes */
static struct delayed_work *optimizing_work_p;
static int (*stop_machine_cpuslocked_p)(cpu_stop_fn_t fn, void *data,
					const struct cpumask *cpus);

static const u8 nop5[] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };
static const u8 nop2[] = { 0x66, 0x90 };

/* ---- sites ---- */

static void add_site(unsigned long addr, u8 len, u8 kind, unsigned long target)
{
	if (addr < text || addr + len > text + text_size)
		return;
	if (sites) {
		sites[nr_sites].off = addr - text;
		sites[nr_sites].len = len;
		sites[nr_sites].kind = kind;
		sites[nr_sites].target = target;
	}
	nr_sites++;
}

static void walk_sites(struct module *mod)
{
	unsigned int i;

#ifdef CONFIG_FTRACE_MCOUNT_RECORD
	for (i = 0; i < mod->num_ftrace_callsites; i++)
		add_site(mod->ftrace_callsites[i], MCOUNT_INSN_SIZE, SITE_FTRACE, 0);
#endif
#ifdef CONFIG_JUMP_LABEL
	for (i = 0; i < mod->num_jump_entries; i++) {
		struct jump_entry *j = &mod->jump_entries[i];
		const u8 *c = (const u8 *)jump_entry_code(j);

		/* nop2/jmp8 or nop5/jmp32, as the compiler emitted it */
		add_site(jump_entry_code(j), c[0] == 0xeb || !memcmp(c, nop2, 2) ? 2 : 5,
			 SITE_JUMP, jump_entry_target(j));
	}
#endif
#ifdef CONFIG_HAVE_STATIC_CALL_INLINE
	for (i = 0; i < mod->num_static_call_sites; i++) {
		struct static_call_site *s = &mod->static_call_sites[i];

		unsigned long at = ved_static_call_site_addr(s);

		/* the key (with its tail flag) in place of a target */
		add_site(at, ved_static_call_len((const u8 *)at), SITE_STATIC_CALL,
			 ved_static_call_site_key(s));
	}
#endif
}

static int cmp_site(const void *a, const void *b)
{
	const struct site *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/* ---- restoring ---- */

struct poke {
	u8 *dst;		/* writable alias of the bytes to restore */
	const u8 *bytes;
	size_t len;
	atomic_t cpus;
	bool done;
};

/* On every online CPU: one writes, all serialize before going on. */
static int poke_stopped(void *arg)
{
	struct poke *pk = arg;

	if (atomic_inc_return(&pk->cpus) == 1) {
		memcpy(pk->dst, pk->bytes, pk->len);
		smp_store_release(&pk->done, true);
	} else {
		while (!smp_load_acquire(&pk->done))
			cpu_relax();
	}
	sync_core();
	return 0;
}

/*
 * Write @len original bytes back at @off.  ved's text is read-only: the
 * write goes through a second, writable mapping of its pages (what
 * text_poke() does with its own mm; that one would flush TLBs by IPI,
 * which CPUs held in stop_machine() with interrupts off cannot answer).
 */
static bool poke_text(u32 off, u32 len)
{
	unsigned long addr = text + off;
	struct page *pages[2];
	unsigned int n = 1;
	struct poke pk = { .bytes = orig + off, .len = len, .cpus = ATOMIC_INIT(0) };
	void *map;
	int ret;

	pages[0] = vmalloc_to_page((void *)(addr & PAGE_MASK));
	if ((addr & PAGE_MASK) != ((addr + len - 1) & PAGE_MASK))
		pages[n++] = vmalloc_to_page((void *)((addr + len - 1) & PAGE_MASK));
	if (!pages[0] || !pages[n - 1])
		return false;
	map = vmap(pages, n, VM_MAP, PAGE_KERNEL);
	if (!map)
		return false;
	pk.dst = map + offset_in_page(addr);
	cpus_read_lock();
	mutex_lock(text_mutex_p);
	ret = stop_machine_cpuslocked_p(poke_stopped, &pk, cpu_online_mask);
	mutex_unlock(text_mutex_p);
	cpus_read_unlock();
	vunmap(map);
	return !ret && !memcmp((void *)addr, pk.bytes, len);
}

/* Called with kprobe_mutex held: the kernel's order is kprobe_mutex,
 * cpu hotplug lock, text_mutex. */
static bool restore_run(void *arg)
{
	const struct run *r = arg;

	if (!text_mutex_p || !stop_machine_cpuslocked_p || r->len > PAGE_SIZE)
		return false;
	return poke_text(r->off, r->len);
}

/* ---- comparing ---- */

/* Bytes at @off accounted for by a registered kprobe, or 0. */
static unsigned int kprobe_bytes(u32 off)
{
	const u8 *live = (const u8 *)text + off;
	struct kprobe *p;

	if (!get_kprobe_p || (live[0] != INT3_INSN_OPCODE && live[0] != JMP32_INSN_OPCODE))
		return 0;
	p = get_kprobe_p((void *)(text + off));
	if (!p || p->opcode != orig[off])
		return 0;
	if (live[0] == INT3_INSN_OPCODE)
		return 1;
	if ((kprobe_optimized(p) || ved_optprobe_jump(p, text + off, live)) &&
	    off + 5 <= text_size) {
		struct optimized_kprobe *op = container_of(p, struct optimized_kprobe, kp);

		if (!memcmp(op->optinsn.copied_insn, orig + off + 1, DISP32_SIZE))
			return 5;
	}
	return 0;
}

/* "function+0xoff", without the " [ved]" that %ps appends for modules. */
static void name_of(unsigned long addr, char *buf, size_t len)
{
	unsigned long size, offset = 0;
	char sym[KSYM_SYMBOL_LEN];

	ved_symbol_size(addr, &size, &offset);
	snprintf(sym, sizeof(sym), "%ps", (void *)addr);
	sym[strcspn(sym, " ")] = '\0';
	snprintf(buf, len, "%s+%#lx", sym, offset);
}

static u64 first_bytes(const u8 *p, u32 len)
{
	u64 v = 0;

	memcpy(&v, p, min_t(u32, len, sizeof(v)));
	return v;
}

/* The module a call/jmp in the new bytes goes to, if any. */
static void run_owner(const struct run *r, char *owner, size_t len)
{
	const u8 *c = (const u8 *)text + r->off;
	u32 i;

	owner[0] = '\0';
	for (i = 0; i < r->len && r->off + i + 5 <= text_size; i++) {
		if (c[i] == CALL_INSN_OPCODE || c[i] == JMP32_INSN_OPCODE) {
			ved_addr_owner(text + r->off + i + 5 + *(s32 *)(c + i + 1), owner, len);
			return;
		}
	}
}

static void report_run(struct run *r)
{
	struct ved_ev_integrity ev = {
		.object = VED_INT_SELF_TEXT, .address = text + r->off,
		.expected = first_bytes(orig + r->off, r->len),
		.actual = first_bytes((const u8 *)text + r->off, r->len),
	};
	u64 key = ((u64)VED_INT_SELF_TEXT << 56) ^ ev.address ^ ev.actual;

	if (!ved_first_report(key))
		return;
	name_of(ev.address, ev.name, sizeof(ev.name));
	run_owner(r, ev.owner, sizeof(ev.owner));
	if (self_report(&ev, restore_run, r) == VED_ACT_BLOCK)
		ved_forget(key);
}

/* Changed bytes in [@from, @to) of ved's text, as runs (gaps < 4 bytes). */
static void diff_range(u32 from, u32 to, struct run *runs, unsigned int *n)
{
	const u8 *live = (const u8 *)text;
	u32 i = from, k, end;

	if (to <= from || !memcmp(live + from, orig + from, to - from))
		return;
	while (i < to) {
		if (live[i] == orig[i]) {
			i++;
			continue;
		}
		k = kprobe_bytes(i);
		if (k) {
			i += k;
			continue;
		}
		end = i + 1;
		for (k = i + 1; k < to && k < end + 4; k++) {
			if (live[k] == orig[k])
				continue;
			if (kprobe_bytes(k))
				break;
			end = k + 1;
		}
		if (*n < MAX_RUNS) {
			runs[*n].off = i;
			runs[*n].len = end - i;
			(*n)++;
		}
		i = end;
	}
}

static void report_site(const struct site *s, unsigned long expected, unsigned long actual)
{
	struct ved_ev_integrity ev = {
		.object = VED_INT_SELF_TEXT, .index = s->kind, .address = text + s->off,
		.expected = expected, .actual = actual,
	};
	u64 key = ((u64)VED_INT_SELF_TEXT << 56) ^ ev.address ^ actual;

	if (!ved_first_report(key))
		return;
	name_of(ev.address, ev.name, sizeof(ev.name));
	ved_addr_owner(actual, ev.owner, sizeof(ev.owner));
	self_report(&ev, NULL, NULL);
}

static unsigned long rel_target(unsigned long at, const u8 *c)
{
	if (c[0] == 0xeb)
		return at + 2 + (s8)c[1];
	return at + 5 + *(s32 *)(c + 1);
}

/* An ftrace site holds a nop, or a call that ftrace itself made. */
static bool ftrace_site_ok(unsigned long at)
{
	const u8 *c = (const u8 *)at;

	return !memcmp(c, nop5, 5) || c[0] == INT3_INSN_OPCODE ||
	       (c[0] == CALL_INSN_OPCODE && ftrace_call_legit(rel_target(at, c)));
}

/* A call (or tail jmp) to what the key holds, or its NULL/ret0 forms. */
static void check_static_call_site(const struct site *s)
{
	unsigned long at = text + s->off, dest;
	const struct static_call_key *key = (void *)(s->target & ~STATIC_CALL_SITE_FLAGS);

	if (ved_static_call_site_holds(at, key, s->target & STATIC_CALL_SITE_TAIL))
		return;
	dest = ved_static_call_dest(at, (const u8 *)at);
	report_site(s, (unsigned long)READ_ONCE(key->func),
		    dest == VED_SC_UNKNOWN ? *(const u8 *)at : dest);
}

/* What the subsystem owning the site means it to hold. */
static void check_site(const struct site *s)
{
	unsigned long at = text + s->off;
	const u8 *c = (const u8 *)at;

	if (c[0] == INT3_INSN_OPCODE)	/* being patched, or a kprobe on it */
		return;
	switch (s->kind) {
	case SITE_FTRACE:
		if (ftrace_site_ok(at))
			return;
		/*
		 * A tracer being switched off leaves ftrace's ops list before its
		 * call sites go back to nops: judge again with ftrace's updates
		 * excluded (kprobe_mutex, held here, comes first in the kernel too).
		 */
		if (ftrace_lock_p) {
			bool ok;

			mutex_lock(ftrace_lock_p);
			ok = ftrace_site_ok(at);
			mutex_unlock(ftrace_lock_p);
			if (ok)
				return;
		}
		report_site(s, 0, c[0] == CALL_INSN_OPCODE ? rel_target(at, c) : c[0]);
		return;
	case SITE_JUMP:
		if (!memcmp(c, nop5, s->len) || !memcmp(c, nop2, s->len))
			return;
		if ((c[0] == 0xeb || c[0] == JMP32_INSN_OPCODE) && rel_target(at, c) == s->target)
			return;
		report_site(s, s->target,
			    c[0] == 0xeb || c[0] == JMP32_INSN_OPCODE ? rel_target(at, c) : c[0]);
		return;
	case SITE_STATIC_CALL:
		check_static_call_site(s);
		return;
	default:
		return;
	}
}

/* Changed runs of ved's text outside its patch sites; the sites checked. */
static unsigned int compare_text(struct run *runs, bool check_sites)
{
	unsigned int i, n = 0;
	u32 pos = 0;

	for (i = 0; i < nr_sites; i++) {
		diff_range(pos, sites[i].off, runs, &n);
		pos = max(pos, sites[i].off + sites[i].len);
		if (check_sites)
			check_site(&sites[i]);
	}
	diff_range(pos, text_size, runs, &n);
	return n;
}

void self_text_check(void)
{
	struct run runs[MAX_RUNS];
	unsigned int i, n;

	if (!orig)
		return;
	if (kprobe_mutex_p)
		mutex_lock(kprobe_mutex_p);
	n = compare_text(runs, true);
	if (n && kprobe_mutex_p && optimizing_work_p) {
		/*
		 * An optprobe unregistered just now leaves its jump until the
		 * kprobe optimizer's delayed work puts the bytes back: let it
		 * run (it needs kprobe_mutex), then look once more.
		 */
		mutex_unlock(kprobe_mutex_p);
		flush_delayed_work(optimizing_work_p);
		mutex_lock(kprobe_mutex_p);
		n = compare_text(runs, false);
	}
	for (i = 0; i < n; i++)
		report_run(&runs[i]);
	if (kprobe_mutex_p)
		mutex_unlock(kprobe_mutex_p);
}

int self_text_init(void)
{
	get_kprobe_p = (get_kprobe_fn)ved_lookup_name("get_kprobe");
	kprobe_mutex_p = (void *)ved_lookup_name("kprobe_mutex");
	ftrace_lock_p = (void *)ved_lookup_name("ftrace_lock");
	optimizing_work_p = (void *)ved_lookup_name("optimizing_work");
	text_mutex_p = (void *)ved_lookup_name("text_mutex");
	stop_machine_cpuslocked_p = (void *)ved_lookup_name("stop_machine_cpuslocked");
	ved_module_text(THIS_MODULE, &text, &text_size);
	if (!text || !text_size)
		return -ENOENT;
	walk_sites(THIS_MODULE);
	sites = kvcalloc(max(nr_sites, 1U), sizeof(*sites), GFP_KERNEL);
	orig = vmalloc(text_size);
	if (!sites || !orig) {
		self_text_exit();
		return -ENOMEM;
	}
	nr_sites = 0;
	walk_sites(THIS_MODULE);
	sort(sites, nr_sites, sizeof(*sites), cmp_site, NULL);
	/* Under kprobe_mutex: a kprobe event being placed on ved right now. */
	if (kprobe_mutex_p)
		mutex_lock(kprobe_mutex_p);
	memcpy(orig, (void *)text, text_size);
	if (kprobe_mutex_p)
		mutex_unlock(kprobe_mutex_p);
	pr_info("ved: self: %lu bytes of ved's text watched, %u patch sites\n",
		text_size, nr_sites);
	return 0;
}

void self_text_exit(void)
{
	vfree(orig);
	orig = NULL;
	kvfree(sites);
	sites = NULL;
	nr_sites = 0;
}
