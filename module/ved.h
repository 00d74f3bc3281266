/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ved.ko internals shared between its files.  The event ABI seen by user
 * space is include/uapi/ved.h.
 */
#ifndef VED_H
#define VED_H

#include <linux/types.h>
#include <linux/sched.h>
#include <uapi/ved.h>

#define VED_VERSION	"0.1.0"

struct pt_regs;

/* events.c: the channel to user space (/dev/ved). */
int events_init(void);
void events_exit(void);
/*
 * Fill the common header of @rec (a record of @size bytes whose payload
 * follows the header) for @current and queue it.  Safe in any context but
 * NMI; never sleeps.  Returns false when the record was dropped (counted).
 */
bool event_emit(struct ved_event_header *rec, u16 size, u16 type,
		enum ved_detector det, enum ved_action act,
		enum ved_severity sev);
/* The same for a record about @task rather than current. */
bool event_emit_task(struct ved_event_header *rec, u16 size, u16 type,
		     enum ved_detector det, enum ved_action act,
		     enum ved_severity sev, struct task_struct *task);
u64 events_dropped(void);
u64 events_emitted(void);

/* config.c: per-detector modes, profiles, the lock (sysctl ved.*). */
int config_init(void);
void config_exit(void);
enum ved_mode detector_mode(enum ved_detector det);
bool ved_locked(void);
const char *detector_name(enum ved_detector det);
int config_sweep_interval_ms(void);

/* respond.c: what a detection turns into, per the detector's mode. */
/*
 * Decide and carry out the response for a detection by @det concerning
 * @task (usually current): log it, kill the task, or panic.  Returns the
 * action taken; the caller emits the event with it.  @what is the short
 * reason used in the kernel log line.
 */
enum ved_action respond(enum ved_detector det, struct task_struct *task,
			const char *what);
/* After the event is out: panic if @act says so. */
void respond_finish(enum ved_action act, const char *what);
/* From a kprobe pre-handler at a function's entry: make the function
 * return @retval at once, without running.  Returns 1 for the handler. */
int probe_skip_function(struct pt_regs *regs, unsigned long retval);
/* The syscall @task is in (native numbering, see creds.c), or -1. */
int task_syscall(struct task_struct *task);

/* compat.c: everything that differs between kernel versions. */
int compat_init(void);
unsigned long ved_lookup_name(const char *name);

/* creds.c: privilege-escalation detection with shadow credentials. */
int creds_init(void);
void creds_exit(void);

/* wcfi.c: return addresses must follow calls; critical functions only
 * from their real call sites. */
int wcfi_init(void);
void wcfi_exit(void);

#endif /* VED_H */
