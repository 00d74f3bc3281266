// SPDX-License-Identifier: GPL-2.0
/*
 * CPU protection bits: CR0.WP (the kernel cannot write read-only memory),
 * CR4.SMEP/SMAP (the kernel cannot run or touch user pages), CR4.UMIP and,
 * where set, CR4.CET (IBT).  An exploit that clears them can patch kernel
 * text or return into its own user-space code.
 *
 *  - Writes: kprobes on native_write_cr0() and native_write_cr4(), the
 *    functions every CR write goes through (and the ones a ROP chain
 *    calls).  A value that would clear a protection bit that is set now is
 *    refused before it reaches the register: in block mode the function
 *    returns at once and the writer is killed.  The kernel's own pinning
 *    only puts the bits back *after* the write, with a WARNING.
 *  - State: the sweep reads CR0 and CR4 on every CPU (an IPI each), which
 *    catches a write that did not come through those functions (a gadget
 *    elsewhere that moves a register into CR4); in block mode the bits are
 *    set again on that CPU.
 *
 * The expected bits are those set at load: a CPU without SMAP is not
 * reported for lacking it.
 */
#include <linux/cpu.h>
#include <linux/kprobes.h>
#include <linux/percpu.h>
#include <linux/ptrace.h>
#include <linux/smp.h>
#include <linux/workqueue.h>
#include <asm/processor-flags.h>
#include <asm/special_insns.h>

#include "ved.h"

#define CR0_PROTECTED	X86_CR0_WP
#define CR4_PROTECTED	(X86_CR4_SMEP | X86_CR4_SMAP | X86_CR4_UMIP | X86_CR4_CET)

static unsigned long cr0_expected, cr4_expected;
static struct delayed_work sweep_work;

/* What one CPU found in the sweep, reported after the IPIs. */
struct cr_state {
	unsigned long cr0, cr4;
	bool fixed;
};
static DEFINE_PER_CPU(struct cr_state, cr_seen);

static void report(u32 reg, unsigned int cpu, unsigned long old, unsigned long new,
		   unsigned long cleared, unsigned long caller, enum ved_action act)
{
	struct {
		struct ved_event_header hdr;
		struct ved_ev_cr cr;
	} rec = {};

	rec.cr.reg = reg;
	rec.cr.cpu = cpu;
	rec.cr.old_value = old;
	rec.cr.new_value = new;
	rec.cr.cleared = cleared;
	rec.cr.caller = caller;
	event_emit(&rec.hdr, sizeof(rec), VED_EV_CR_BITS, VED_DET_CPU, act, VED_SEV_CRITICAL);
}

/* ---- writes ---- */

/*
 * At the entry of native_write_crN(val): @val in rdi, the return address on
 * the top of the stack.  Returns 1 (function skipped) when refused.
 */
static int judge_write(struct pt_regs *regs, u32 reg, unsigned long old,
		       unsigned long protected)
{
	unsigned long new = regs->di, cleared = old & ~new & protected;
	unsigned long caller = *(unsigned long *)kernel_stack_pointer(regs);
	enum ved_action act;
	char what[80];

	if (!cleared || detector_mode(VED_DET_CPU) == VED_MODE_OFF)
		return 0;
	snprintf(what, sizeof(what), "write clearing cr%u bits %#lx from %pS",
		 reg, cleared, (void *)caller);
	act = respond(VED_DET_CPU, current, what);
	if (act == VED_ACT_NONE)
		return 0;
	report(reg, raw_smp_processor_id(), old, new, cleared, caller, act);
	respond_finish(act, what);
	if (act == VED_ACT_BLOCK)
		return probe_skip_function(regs, 0);
	return 0;
}

static int write_cr0_pre(struct kprobe *p, struct pt_regs *regs)
{
	return judge_write(regs, 0, native_read_cr0(), cr0_expected);
}

static int write_cr4_pre(struct kprobe *p, struct pt_regs *regs)
{
	return judge_write(regs, 4, native_read_cr4(), cr4_expected);
}

static struct kprobe probes[] = {
	{ .symbol_name = "native_write_cr0", .pre_handler = write_cr0_pre },
	{ .symbol_name = "native_write_cr4", .pre_handler = write_cr4_pre },
};

/* ---- state, on every CPU ---- */

/*
 * The native helpers would be the kernel's pinned writers, which are not
 * exported; setting bits back is one instruction.
 */
static void set_cr0(unsigned long val)
{
	asm volatile("mov %0,%%cr0" : : "r" (val) : "memory");
}

static void set_cr4(unsigned long val)
{
	asm volatile("mov %0,%%cr4" : : "r" (val) : "memory");
}

/* IPI handler: look, and in block mode repair at once, on this CPU. */
static void check_this_cpu(void *info)
{
	struct cr_state *s = this_cpu_ptr(&cr_seen);
	bool repair = detector_mode(VED_DET_CPU) >= VED_MODE_BLOCK;

	s->cr0 = native_read_cr0();
	s->cr4 = native_read_cr4();
	s->fixed = false;
	if (!repair)
		return;
	if ((s->cr0 & cr0_expected) != cr0_expected) {
		set_cr0(s->cr0 | cr0_expected);
		s->fixed = true;
	}
	if ((s->cr4 & cr4_expected) != cr4_expected) {
		set_cr4(s->cr4 | cr4_expected);
		s->fixed = true;
	}
}

static void report_state(unsigned int cpu, u32 reg, unsigned long seen,
			 unsigned long expected, bool fixed)
{
	unsigned long missing = expected & ~seen;
	enum ved_mode mode = detector_mode(VED_DET_CPU);
	enum ved_action act = fixed ? VED_ACT_BLOCK : VED_ACT_LOG;
	char what[64];

	if (!missing)
		return;
	snprintf(what, sizeof(what), "cr%u bits %#lx found clear on cpu %u", reg, missing, cpu);
	if (mode == VED_MODE_PANIC)
		act = respond(VED_DET_CPU, NULL, what);
	else
		pr_alert_ratelimited("ved: detector=cpu action=%s pid=0 comm=-: %s\n",
				     fixed ? "block" : "log", what);
	report(reg, cpu, expected | seen, seen, missing, 0, act);
	respond_finish(act, what);
}

static void sweep(struct work_struct *work)
{
	unsigned int cpu;

	if (detector_mode(VED_DET_CPU) != VED_MODE_OFF) {
		cpus_read_lock();
		on_each_cpu(check_this_cpu, NULL, 1);
		for_each_online_cpu(cpu) {
			struct cr_state *s = per_cpu_ptr(&cr_seen, cpu);

			report_state(cpu, 0, s->cr0, cr0_expected, s->fixed);
			report_state(cpu, 4, s->cr4, cr4_expected, s->fixed);
		}
		cpus_read_unlock();
	}
	schedule_delayed_work(&sweep_work, msecs_to_jiffies(config_sweep_interval_ms()));
}

int cpuprot_init(void)
{
	int i, ret;

	cr0_expected = native_read_cr0() & CR0_PROTECTED;
	cr4_expected = native_read_cr4() & CR4_PROTECTED;
	pr_info("ved: cpu: protecting cr0 %#lx cr4 %#lx\n", cr0_expected, cr4_expected);
	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		ret = register_kprobe(&probes[i]);
		if (ret) {
			pr_err("ved: cpu: cannot probe %s: %d\n", probes[i].symbol_name, ret);
			while (--i >= 0)
				unregister_kprobe(&probes[i]);
			return ret;
		}
	}
	INIT_DELAYED_WORK(&sweep_work, sweep);
	schedule_delayed_work(&sweep_work, msecs_to_jiffies(config_sweep_interval_ms()));
	return 0;
}

void cpuprot_exit(void)
{
	int i;

	cancel_delayed_work_sync(&sweep_work);
	for (i = 0; i < ARRAY_SIZE(probes); i++)
		unregister_kprobe(&probes[i]);
}
