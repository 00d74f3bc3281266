// SPDX-License-Identifier: GPL-2.0
/*
 * What a detection turns into.  Each detector has a mode (config.c):
 * log reports, block kills the offending task (and the detector refuses the
 * operation where it can), panic stops the machine: for hosts where a
 * compromised kernel must not keep running.
 */
#include <linux/kprobes.h>
#include <linux/ptrace.h>
#include <linux/sched/signal.h>
#include <asm/syscall.h>

#include "ved.h"

enum ved_action respond(enum ved_detector det, struct task_struct *task,
			const char *what)
{
	enum ved_mode mode = detector_mode(det);
	enum ved_action act = VED_ACT_LOG;

	if (mode == VED_MODE_OFF)
		return VED_ACT_NONE;
	if (mode >= VED_MODE_BLOCK && task && !(task->flags & PF_KTHREAD)) {
		/* SIGKILL is acted on before the task next returns to user space. */
		send_sig(SIGKILL, task, 1);
		act = VED_ACT_BLOCK;
	}
	pr_alert_ratelimited("ved: detector=%s action=%s pid=%d comm=%s: %s\n",
			     detector_name(det),
			     mode == VED_MODE_PANIC ? "panic" :
			     act == VED_ACT_BLOCK ? "block" : "log",
			     task ? task_pid_nr(task) : 0, task ? task->comm : "-", what);
	if (mode == VED_MODE_PANIC)
		return VED_ACT_PANIC;	/* the caller panics after emitting */
	return act;
}

void respond_finish(enum ved_action act, const char *what)
{
	if (act == VED_ACT_PANIC)
		panic("ved: %s", what);
}

/*
 * Make a kprobed function return at once: the probe sits on the function's
 * first instruction (ftrace-based), where the stack top is the return
 * address.  This is what the kernel's own error injection does.
 */
static void ved_return_stub(void)
{
}

int probe_skip_function(struct pt_regs *regs, unsigned long retval)
{
	regs->ax = retval;
	instruction_pointer_set(regs, (unsigned long)ved_return_stub);
	return 1;
}

int task_syscall(struct task_struct *task)
{
	if (task->flags & PF_KTHREAD)
		return -1;
	return syscall_get_nr(task, task_pt_regs(task));
}
