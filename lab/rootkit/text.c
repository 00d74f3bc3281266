// SPDX-License-Identifier: GPL-2.0
/*
 * What the inline-hook techniques share: where a function's own code
 * starts, a rel32 call/jmp built and read back, and text_poke_bp() under
 * text_mutex, the way the kernel patches itself (both found through
 * kallsyms, as a rootkit finds them).
 */
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <asm/ibt.h>

#include "vedkit.h"

typedef void (*vk_text_poke_bp_t)(void *addr, const void *opcode, size_t len,
				  const void *emulate);

static const u8 vk_nop5[] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };

u8 *vk_after_prologue(u8 *fn)
{
	u8 *p = fn;

	if (is_endbr(*(u32 *)p))
		p += 4;
	if (!memcmp(p, vk_nop5, VK_INSN_LEN) || p[0] == VK_CALL32)
		p += VK_INSN_LEN;
	return p;
}

int vk_rel32_insn(u8 insn[VK_INSN_LEN], u8 op, const u8 *at, unsigned long target)
{
	long rel;
	s32 rel32;

	/*
	 * Keep the compiler from folding "- 5" into the relocation (objtool
	 * would see a reference to a non-ENDBR address).
	 */
	OPTIMIZER_HIDE_VAR(target);
	rel = (long)(target - (unsigned long)(at + VK_INSN_LEN));
	if (rel != (s32)rel)
		return -ERANGE;
	rel32 = rel;
	insn[0] = op;
	memcpy(insn + 1, &rel32, sizeof(rel32));
	return 0;
}

void *vk_rel32_target(const u8 *insn)
{
	s32 rel;

	memcpy(&rel, insn + 1, sizeof(rel));
	return (void *)(insn + VK_INSN_LEN + rel);
}

int vk_poke(u8 *at, const u8 *insn, const u8 *emulate)
{
	vk_text_poke_bp_t poke = (vk_text_poke_bp_t)vk_lookup("text_poke_bp");
	struct mutex *text_mutex = (struct mutex *)vk_lookup("text_mutex");

	if (!poke || !text_mutex)
		return -ENOENT;
	mutex_lock(text_mutex);
	poke(at, insn, VK_INSN_LEN, emulate);
	mutex_unlock(text_mutex);
	return 0;
}
