// SPDX-License-Identifier: GPL-2.0
/*
 * Control tables and registers: what decides where a system call or an
 * interrupt goes.
 *
 *  - sys_call_table, ia32_sys_call_table, x32_sys_call_table: a copy of
 *    every entry at load, compared entry by entry.  On kernels with the
 *    branch-history-injection fix the tables are no longer used for
 *    dispatch, but tools and old rootkits still read/write them.
 *  - x64_sys_call(), ia32_sys_call(), x32_sys_call(): the switch that
 *    dispatches instead.  Every call/jmp rel32 in them that lands on a
 *    function start is recorded; a site retargeted (vedkit's "dispatch")
 *    is reported with the old and new target and the new target's owner.
 *    A kprobe's int3 on a site is accepted while the kprobe is registered.
 *  - the IDT: every gate, and each CPU's IDTR.
 *  - the syscall MSRs LSTAR, CSTAR, SYSENTER_EIP on every CPU.
 *
 * In block mode a changed table entry, dispatch site or MSR is put back
 * (the original is known exactly); an IDT change is reported only.
 */
#include <linux/cpu.h>
#include <linux/kprobes.h>
#include <linux/memory.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/vmalloc.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/set_memory.h>

#include "compat.h"
#include "ved.h"

/* ---- writing read-only memory back ---- */

/*
 * Restore @len bytes of read-only data at @dst through a second, writable
 * mapping of the same page (what text_poke() does for code); the protected
 * mapping itself is never made writable.  Stays within one page.
 */
bool ved_write_ro(void *dst, const void *src, size_t len)
{
	unsigned long off = offset_in_page(dst);
	struct page *page;
	void *map;

	if (off + len > PAGE_SIZE)
		return false;
	page = pfn_to_page(PHYS_PFN(slow_virt_to_phys(dst)));
	map = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	if (!map)
		return false;
	memcpy(map + off, src, len);
	vunmap(map);
	return !memcmp(dst, src, len);
}

/* ---- syscall tables ---- */

struct table {
	const char *sym;
	unsigned long *live;
	unsigned long *copy;
	unsigned long *reported;	/* value last reported, per entry */
	unsigned int n;
};

static struct table tables[] = {
	{ "sys_call_table" }, { "ia32_sys_call_table" }, { "x32_sys_call_table" },
};

static bool blocking(void)
{
	return detector_mode(VED_DET_INTEGRITY) == VED_MODE_BLOCK;
}

static bool restore_entry(const struct ved_ev_integrity *ev)
{
	return ved_write_ro((void *)(unsigned long)ev->address, &ev->expected,
			    sizeof(unsigned long));
}

static void report_change(u32 object, const char *name, u32 index, unsigned long addr,
			  unsigned long expected, unsigned long actual,
			  bool (*restore)(const struct ved_ev_integrity *))
{
	struct ved_ev_integrity ev = {
		.object = object, .index = index, .address = addr,
		.expected = expected, .actual = actual,
	};

	strscpy(ev.name, name, sizeof(ev.name));
	ved_addr_owner(actual, ev.owner, sizeof(ev.owner));
	ved_integrity_report(VED_DET_INTEGRITY, VED_SEV_CRITICAL, &ev, restore);
}

static void tables_snapshot(void)
{
	unsigned long size, off;
	int i;

	for (i = 0; i < ARRAY_SIZE(tables); i++) {
		struct table *t = &tables[i];

		t->live = (unsigned long *)ved_lookup_name(t->sym);
		if (!t->live || !ved_symbol_size((unsigned long)t->live, &size, &off) ||
		    size < sizeof(long))
			continue;
		t->n = size / sizeof(long);
		t->copy = kmemdup(t->live, t->n * sizeof(long), GFP_KERNEL);
		t->reported = kcalloc(t->n, sizeof(long), GFP_KERNEL);
		if (!t->copy || !t->reported)
			t->n = 0;
	}
}

static void tables_compare(void)
{
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(tables); i++) {
		struct table *t = &tables[i];

		for (j = 0; j < t->n; j++) {
			unsigned long now = READ_ONCE(t->live[j]);

			/*
			 * Once per new value (back to normal re-arms the entry);
			 * block mode restores whatever was reported before.
			 */
			if (now == t->copy[j]) {
				t->reported[j] = 0;
				continue;
			}
			if (now == t->reported[j] && !blocking())
				continue;
			t->reported[j] = now;
			report_change(VED_INT_SYSCALL_TABLE, t->sym, j,
				      (unsigned long)&t->live[j], t->copy[j], now,
				      restore_entry);
		}
	}
}

/* ---- the x64_sys_call() dispatch switch ---- */

#define CALL32 0xe8
#define JMP32 0xe9
#define INT3 0xcc
#define REL32_LEN 5

struct site {
	u32 offset;
	unsigned long target;
	unsigned long reported;	/* target last reported */
	u8 insn[REL32_LEN];
};

struct dispatch {
	const char *sym;
	u8 *fn;
	unsigned long size;
	struct site *sites;
	unsigned int n;
};

static struct dispatch dispatchers[] = {
	{ "x64_sys_call" }, { "ia32_sys_call" }, { "x32_sys_call" },
};

typedef void (*text_poke_bp_fn)(void *addr, const void *opcode, size_t len,
				const void *emulate);
static text_poke_bp_fn poke_bp;
static struct mutex *text_mutex_p;
typedef struct kprobe *(*get_kprobe_fn)(void *addr);
static get_kprobe_fn get_kprobe_p;

static unsigned long rel32_target(const u8 *at, const u8 *insn)
{
	s32 rel;

	memcpy(&rel, insn + 1, sizeof(rel));
	return (unsigned long)at + REL32_LEN + rel;
}

/* A call/jmp whose target is the first byte of a core-kernel function. */
static bool is_dispatch_call(const u8 *at)
{
	unsigned long target, size, off;

	if (at[0] != CALL32 && at[0] != JMP32)
		return false;
	target = rel32_target(at, at);
	return ved_core_text(target) && ved_symbol_size(target, &size, &off) && !off;
}

static void dispatch_snapshot(struct dispatch *d)
{
	unsigned long off, i;
	unsigned int n = 0;

	d->fn = (u8 *)ved_lookup_name(d->sym);
	if (!d->fn || !ved_symbol_size((unsigned long)d->fn, &d->size, &off))
		return;
	for (i = 0; i + REL32_LEN <= d->size; i++)
		n += is_dispatch_call(d->fn + i);
	d->sites = kcalloc(n, sizeof(*d->sites), GFP_KERNEL);
	if (!d->sites)
		return;
	for (i = 0; i + REL32_LEN <= d->size && d->n < n; i++) {
		if (!is_dispatch_call(d->fn + i))
			continue;
		d->sites[d->n].offset = i;
		d->sites[d->n].target = rel32_target(d->fn + i, d->fn + i);
		memcpy(d->sites[d->n].insn, d->fn + i, REL32_LEN);
		d->n++;
	}
}

static bool restore_site(const struct ved_ev_integrity *ev)
{
	struct dispatch *d = &dispatchers[ev->index >> 24];
	struct site *s = &d->sites[ev->index & 0xffffff];

	if (!poke_bp || !text_mutex_p)
		return false;
	mutex_lock(text_mutex_p);
	poke_bp(d->fn + s->offset, s->insn, REL32_LEN, NULL);
	mutex_unlock(text_mutex_p);
	return !memcmp(d->fn + s->offset, s->insn, REL32_LEN);
}

/* A kprobe's int3 over the site's first byte, with the original saved. */
static bool probed_site(u8 *at, const struct site *s)
{
	struct kprobe *p;
	bool ok;

	if (at[0] != INT3 || !get_kprobe_p || memcmp(at + 1, s->insn + 1, REL32_LEN - 1))
		return false;
	preempt_disable();
	p = get_kprobe_p(at);
	ok = p && p->opcode == s->insn[0];
	preempt_enable();
	return ok;
}

static void dispatch_compare(void)
{
	char name[VED_SYM_LEN];
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(dispatchers); i++) {
		struct dispatch *d = &dispatchers[i];

		for (j = 0; j < d->n; j++) {
			struct site *s = &d->sites[j];
			u8 *at = d->fn + s->offset;
			unsigned long now;

			if (!memcmp(at, s->insn, REL32_LEN) || probed_site(at, s)) {
				s->reported = 0;
				continue;
			}
			if (at[0] == CALL32 || at[0] == JMP32)
				now = rel32_target(at, at);
			else	/* not a call any more: the new bytes */
				memcpy(&now, at, sizeof(now));
			if (now == s->reported && !blocking())
				continue;
			s->reported = now;
			snprintf(name, sizeof(name), "%s+%#x", d->sym, s->offset);
			report_change(VED_INT_DISPATCH, name, (i << 24) | j,
				      (unsigned long)at, s->target, now, restore_site);
		}
	}
}

/* ---- IDT and MSRs ---- */

struct cpu_regs {
	unsigned long idtr;
	u64 lstar, cstar, sysenter_eip;
};

static struct cpu_regs *boot_regs;	/* per CPU id, at load */
static struct cpu_regs *now_regs;
static gate_desc *idt;
static gate_desc *idt_copy;
static unsigned int idt_entries;

static void read_cpu_regs(void *arg)
{
	struct cpu_regs *r = &((struct cpu_regs *)arg)[smp_processor_id()];
	struct desc_ptr dt;

	store_idt(&dt);
	r->idtr = dt.address;
	rdmsrl(MSR_LSTAR, r->lstar);
	rdmsrl(MSR_CSTAR, r->cstar);
	rdmsrl(MSR_IA32_SYSENTER_EIP, r->sysenter_eip);
}

static void write_msr(void *arg)
{
	const struct ved_ev_integrity *ev = arg;

	if (ev->index != smp_processor_id())
		return;
	if (!strcmp(ev->name, "MSR_LSTAR"))
		wrmsrl(MSR_LSTAR, ev->expected);
	else if (!strcmp(ev->name, "MSR_CSTAR"))
		wrmsrl(MSR_CSTAR, ev->expected);
	else if (!strcmp(ev->name, "MSR_IA32_SYSENTER_EIP"))
		wrmsrl(MSR_IA32_SYSENTER_EIP, ev->expected);
}

static bool restore_msr(const struct ved_ev_integrity *ev)
{
	return !smp_call_function_single(ev->index, write_msr, (void *)ev, 1);
}

static void check_reg(const char *name, u32 cpu, u64 was, u64 now, u32 object,
		      bool (*restore)(const struct ved_ev_integrity *))
{
	u64 key = ((u64)object << 56) ^ ((u64)cpu << 40) ^ now ^ (u64)(unsigned long)name;

	if (was == now) {
		ved_forget(key ^ now ^ was);	/* any value reported before */
		return;
	}
	if (!ved_first_report(key ^ now ^ was))
		return;
	report_change(object, name, cpu, 0, was, now, restore);
}

static unsigned long gate_target(const gate_desc *g)
{
	return g->offset_low | ((unsigned long)g->offset_middle << 16) |
	       ((unsigned long)g->offset_high << 32);
}

static void regs_compare(void)
{
	char name[VED_SYM_LEN];
	unsigned int i;
	int cpu;

	if (!boot_regs || !now_regs)
		return;
	cpus_read_lock();
	on_each_cpu(read_cpu_regs, now_regs, 1);
	for_each_online_cpu(cpu) {
		struct cpu_regs *b = &boot_regs[cpu], *n = &now_regs[cpu];

		if (!b->lstar)	/* came online after load */
			*b = *n;
		check_reg("IDTR", cpu, b->idtr, n->idtr, VED_INT_IDT, NULL);
		check_reg("MSR_LSTAR", cpu, b->lstar, n->lstar, VED_INT_MSR, restore_msr);
		check_reg("MSR_CSTAR", cpu, b->cstar, n->cstar, VED_INT_MSR, restore_msr);
		check_reg("MSR_IA32_SYSENTER_EIP", cpu, b->sysenter_eip,
			  n->sysenter_eip, VED_INT_MSR, restore_msr);
	}
	cpus_read_unlock();
	for (i = 0; idt_copy && i < idt_entries; i++) {
		unsigned long was = gate_target(&idt_copy[i]), now = gate_target(&idt[i]);
		u64 key = ((u64)VED_INT_IDT << 56) ^ ((u64)i << 40) ^ now;

		if (!memcmp(&idt[i], &idt_copy[i], sizeof(*idt)) || !ved_first_report(key))
			continue;
		snprintf(name, sizeof(name), "idt_table[%u]", i);
		report_change(VED_INT_IDT, name, i, (unsigned long)&idt[i], was, now, NULL);
	}
}

static void regs_snapshot(void)
{
	boot_regs = kcalloc(nr_cpu_ids, sizeof(*boot_regs), GFP_KERNEL);
	now_regs = kcalloc(nr_cpu_ids, sizeof(*now_regs), GFP_KERNEL);
	if (boot_regs)
		on_each_cpu(read_cpu_regs, boot_regs, 1);
	idt = (gate_desc *)ved_lookup_name("idt_table");
	if (idt) {
		idt_entries = IDT_ENTRIES;
		idt_copy = kmemdup(idt, IDT_ENTRIES * sizeof(*idt), GFP_KERNEL);
	}
}

/* ---- entry points ---- */

void tables_check(void)
{
	if (detector_mode(VED_DET_INTEGRITY) == VED_MODE_OFF)
		return;
	tables_compare();
	dispatch_compare();
	regs_compare();
}

int tables_init(void)
{
	int i;

	poke_bp = (text_poke_bp_fn)ved_lookup_name("text_poke_bp");
	text_mutex_p = (struct mutex *)ved_lookup_name("text_mutex");
	get_kprobe_p = (get_kprobe_fn)ved_lookup_name("get_kprobe");
	tables_snapshot();
	for (i = 0; i < ARRAY_SIZE(dispatchers); i++)
		dispatch_snapshot(&dispatchers[i]);
	regs_snapshot();
	pr_info("ved: integrity: %u syscall table entries, %u dispatch sites, %u IDT gates\n",
		tables[0].n + tables[1].n + tables[2].n,
		dispatchers[0].n + dispatchers[1].n + dispatchers[2].n, idt_entries);
	return 0;
}

void tables_exit(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(tables); i++) {
		kfree(tables[i].copy);
		kfree(tables[i].reported);
	}
	for (i = 0; i < ARRAY_SIZE(dispatchers); i++)
		kfree(dispatchers[i].sites);
	kfree(boot_regs);
	kfree(now_regs);
	kfree(idt_copy);
}
