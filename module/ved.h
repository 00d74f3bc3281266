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
int config_hash_period_ms(void);

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

/* cpu.c: CR0.WP and CR4.SMEP/SMAP/UMIP/CET: writes and per-CPU state. */
int cpuprot_init(void);
void cpuprot_exit(void);

/* umh.c: usermode helpers (allow-list, argv/envp) and pinned helper strings. */
#define UMH_ALLOW_MAX	1024
int umh_init(void);
void umh_exit(void);
/* ved.umh_allow: validate and apply (-EINVAL, nothing changed), or read. */
int umh_allow_set(const char *list);
void umh_allow_get(char *buf, size_t size);

/* wcfi.c: return addresses must follow calls; critical functions only
 * from their real call sites. */
int wcfi_init(void);
void wcfi_exit(void);
u64 wcfi_check_count(void);	/* stack validations done so far */
u64 wcfi_check_ns(void);	/* and the time they took */

/* integrity.c: the integrity/rootkit/self sweep and what its checks share. */
struct module;
int ved_integrity_all_init(void);	/* integrity, rootkit and self detectors */
void ved_integrity_all_exit(void);
int integrity_init(void);
void integrity_start(void);	/* after every baseline is taken */
void integrity_stop(void);	/* before any detector state goes */
void integrity_exit(void);
void ved_sweep_now(void);	/* a full sweep at once: every text unit included */
bool ved_core_text(unsigned long addr);
bool ved_symbol_size(unsigned long addr, unsigned long *size, unsigned long *offset);
const char *ved_addr_owner(unsigned long addr, char *buf, size_t len);
struct module *ved_module_of(unsigned long addr);	/* preemption off */
bool ved_first_report(u64 key);
void ved_forget(u64 key);
const char *ved_object_name(u32 object);
void ved_integrity_emit(enum ved_detector det, enum ved_action act,
			enum ved_severity sev, const struct ved_ev_integrity *ev);
enum ved_action ved_integrity_report(enum ved_detector det, enum ved_severity sev,
				     const struct ved_ev_integrity *ev,
				     bool (*restore)(const struct ved_ev_integrity *ev));
void ved_hidden_report(enum ved_detector det, u32 kind, u32 id, const char *name,
		       const char *views);

/* integrity_tables.c: syscall tables and dispatch, IDT, MSRs. */
int tables_init(void);
void tables_exit(void);
void tables_check(void);
bool ved_write_ro(void *dst, const void *src, size_t len);

/* integrity_text.c: kernel text and rodata, legit patch sites. */
int text_init(void);
void text_exit(void);
void text_check(void);			/* a full pass */
unsigned int text_units(void);		/* a pass in units: pages, patch-site walks */
void text_check_unit(unsigned int unit);
int text_unit_of(unsigned long addr);	/* core text page's unit, or -1 */
/* @buf holds a copy of the page at @addr: put back what kprobes replaced. */
struct kprobe;
/* Is the jmp at @at (bytes @insn) @p's optprobe jump, whatever its flags say? */
bool ved_optprobe_jump(struct kprobe *p, unsigned long at, const u8 *insn);
bool ved_unprobe(u8 *buf, unsigned long addr);
bool ftrace_call_legit(unsigned long target);	/* a call ftrace made */

/* static_calls.c: static call sites and trampolines judged by their keys. */
struct static_call_site;
struct static_call_key;
int static_calls_init(void);		/* before text_init() takes its masks */
void static_calls_exit(void);
void static_calls_check(void);		/* core sites and trampolines; sleeps */
void static_calls_mask(void (*mask)(unsigned long addr, u32 len));
unsigned long ved_static_call_site_addr(const struct static_call_site *s);
unsigned long ved_static_call_site_key(const struct static_call_site *s);
unsigned int ved_static_call_len(const u8 *code);
#define VED_SC_UNKNOWN	1UL	/* ved_static_call_dest(): not a static call form */
unsigned long ved_static_call_dest(unsigned long at, const u8 *c);
bool ved_static_call_site_holds(unsigned long at, const struct static_call_key *key, bool tail);

/* integrity_modtext.c: each module's text once live, its patch sites. */
int modtext_init(void);		/* after the module notifier is registered */
void modtext_exit(void);
void modtext_check(void);
void ved_text_module_live(struct module *mod);
void ved_text_module_going(struct module *mod);

/* rootkit_modules.c, rootkit_hooks.c, rootkit_procs.c, taint.c, self.c */
int modules_init(void);
void modules_exit(void);
void modules_check(void);
int hooks_init(void);
void hooks_check(void);
void procs_check(void);
int procs_init(void);		/* the scheduler's view; optional */
void procs_exit(void);
int taint_init(void);
void taint_check(void);
int self_init(void);
void self_check(void);
void self_exit(void);
/* config.c calls these (config locked): after an applied sysctl change,
 * and to ask whether self-protection still holds the configuration locked. */
void self_config_changed(void);
bool self_config_locked(void);

/* config.c, for self.c: the whole configuration as one image. */
struct ved_config_image {
	u8 modes[VED_DET_COUNT];
	int locked;
	int sweep_ms;
	int hash_period_ms;
	char profile[16];
	char umh_allow[UMH_ALLOW_MAX];
};
void config_lock(void);
void config_unlock(void);
void config_image_read(struct ved_config_image *img);		/* config locked */
void config_image_write(const struct ved_config_image *img);	/* config locked */

#endif /* VED_H */
