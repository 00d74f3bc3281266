// SPDX-License-Identifier: GPL-2.0
/*
 * orphan_code: code that outlives the rootkit module.
 *
 * A rootkit that hides its module still leaves it in the module address
 * tree (kprobes, ftrace and exceptions need it); one that unloads takes its
 * hooks with it.  So rootkits copy the code that must keep running out of
 * the module: they allocate executable memory in the module area with the
 * kernel's own allocator (module_alloc() on 6.1, execmem_alloc() on 6.12,
 * neither exported: found through kallsyms), copy position-independent
 * code there, make it read-only and executable, point a live kernel hook at
 * it, and then unload.  What remains is a page of code that no module, BPF
 * program, ftrace trampoline or kprobe slot owns.
 *
 * Here the hook is the show function of /proc/vedkit_orphan: every read
 * runs the orphan code, which counts the reads in the allocation's second
 * (writable, not executable) page and prints the count.  vedkit can be
 * rmmod'ed right after loading; the file keeps counting.  Harmless if left:
 * one page of code and one of data stay allocated until reboot.
 */
#define pr_fmt(fmt) "vedkit: " fmt

#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/version.h>

#include "vedkit.h"

#define VK_ORPHAN_FILE "vedkit_orphan"

/*
 * int show(struct seq_file *m, void *v): seq_printf(m, "%llu\n", ++*counter);
 * return 0.  Position-independent but for the counter's absolute address and
 * the rel32 of the call, both filled in after the copy.
 */
static const u8 vk_orphan_show[] = {
	0xf3, 0x0f, 0x1e, 0xfa,				/*  0 endbr64 */
	0x55,						/*  4 push %rbp (stack alignment) */
	0x48, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0,		/*  5 movabs $counter,%rax */
	0xf0, 0x48, 0xff, 0x00,				/* 15 lock incq (%rax) */
	0x48, 0x8b, 0x10,				/* 19 mov (%rax),%rdx */
	0x48, 0x8d, 0x35, 0, 0, 0, 0,			/* 22 lea fmt(%rip),%rsi */
	0x31, 0xc0,					/* 29 xor %eax,%eax (no vector args) */
	0xe8, 0, 0, 0, 0,				/* 31 call seq_printf */
	0x31, 0xc0,					/* 36 xor %eax,%eax */
	0x5d,						/* 38 pop %rbp */
	0xc3,						/* 39 ret */
};
#define VK_COUNTER_IMM	7
#define VK_FMT_REL	25
#define VK_FMT_NEXT	29
#define VK_CALL_REL	32
#define VK_CALL_NEXT	36
#define VK_FMT_OFF	48
static const char vk_orphan_fmt[] = "%llu\n";

typedef void *(*vk_alloc_t)(unsigned long size);
typedef void *(*vk_execmem_alloc_t)(int type, size_t size);
typedef int (*vk_set_memory_t)(unsigned long addr, int numpages);

/* Two pages of module-area memory, the way the module loader gets them. */
static void *vk_module_area_alloc(void)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
	vk_execmem_alloc_t execmem_alloc = (vk_execmem_alloc_t)vk_lookup("execmem_alloc");

	/* EXECMEM_MODULE_TEXT is 0 (EXECMEM_DEFAULT) */
	return execmem_alloc ? execmem_alloc(0, 2 * PAGE_SIZE) : NULL;
#else
	vk_alloc_t module_alloc = (vk_alloc_t)vk_lookup("module_alloc");

	return module_alloc ? module_alloc(2 * PAGE_SIZE) : NULL;
#endif
}

static void vk_put_rel32(u8 *code, int at, int next, unsigned long target)
{
	s32 rel = (s32)(target - ((unsigned long)code + next));

	memcpy(code + at, &rel, sizeof(rel));
}

int vk_orphan_code_init(void)
{
	vk_set_memory_t set_ro = (vk_set_memory_t)vk_lookup("set_memory_ro");
	vk_set_memory_t set_x = (vk_set_memory_t)vk_lookup("set_memory_x");
	unsigned long seq_printf_addr = vk_lookup("seq_printf");
	u8 *code;
	u64 *counter;

	if (!set_ro || !set_x || !seq_printf_addr)
		return -ENOENT;
	code = vk_module_area_alloc();
	if (!code)
		return -ENOMEM;
	counter = (u64 *)(code + PAGE_SIZE);
	*counter = 0;
	memset(code, 0xcc, PAGE_SIZE);
	memcpy(code, vk_orphan_show, sizeof(vk_orphan_show));
	memcpy(code + VK_FMT_OFF, vk_orphan_fmt, sizeof(vk_orphan_fmt));
	memcpy(code + VK_COUNTER_IMM, &counter, sizeof(counter));
	vk_put_rel32(code, VK_FMT_REL, VK_FMT_NEXT, (unsigned long)code + VK_FMT_OFF);
	vk_put_rel32(code, VK_CALL_REL, VK_CALL_NEXT, seq_printf_addr);
	/* Only the first page becomes code; the counter page stays RW, NX. */
	set_ro((unsigned long)code, 1);
	set_x((unsigned long)code, 1);
	if (!proc_create_single(VK_ORPHAN_FILE, 0444, NULL,
				(int (*)(struct seq_file *, void *))code))
		return -ENOMEM;	/* the pages leak: lab code, as a rootkit's would */
	pr_info("orphan code at %px, counter at %px, /proc/%s\n", code, counter,
		VK_ORPHAN_FILE);
	return 0;
}
