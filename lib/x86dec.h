/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86dec: the x86-64 call-site decoder shared by wCFI in the module and by
 * user space (unit tests, fuzzing, the kernel-text check).
 *
 * It answers one question: do the bytes that end right before a return
 * address end with a call instruction?  x86 cannot be decoded backwards,
 * so every suffix of the look-back window (at most one maximal instruction
 * long) is decoded forwards, and a suffix counts when it is exactly one
 * complete call instruction that ends at the return address.
 *
 * Pure code: no libc, no allocation, no global state.  In the kernel the
 * fixed-width types come from <linux/types.h>, in user space from C11.
 */
#ifndef VED_X86DEC_H
#define VED_X86DEC_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#endif

/* The architectural limit: a longer instruction raises #GP. */
#define X86DEC_MAX_INSN		15
/* Bytes before a return address worth reading: one maximal instruction. */
#define X86DEC_MAX_LOOKBACK	X86DEC_MAX_INSN
/* The shortest call: FF /2 with a register operand (ff d0 = call *%rax). */
#define X86DEC_MIN_CALL		2
/* endbr64 and the 4-byte NOP the kernel seals unused ones with. */
#define X86DEC_ENDBR_LEN	4

enum x86_call_kind {
	X86_CALL_NONE = 0,
	X86_CALL_DIRECT,	/* E8 rel32 */
	X86_CALL_THUNK,		/* E8 rel32 to a retpoline/ITS thunk (x86_call_mark_thunk) */
	X86_CALL_INDIRECT_REG,	/* FF /2, mod 11: call *%reg */
	X86_CALL_INDIRECT_MEM,	/* FF /2, memory operand: [base + index*scale + disp] */
	X86_CALL_INDIRECT_RIP,	/* FF /2, mod 00 rm 101: call *disp32(%rip) */
	X86_CALL_KIND_COUNT
};

/* One decoded call instruction. */
struct x86_call {
	enum x86_call_kind kind;
	uint8_t len;		/* the whole instruction, prefixes included */
	uint8_t nprefix;	/* prefix bytes (legacy and REX) before the opcode */
	uint8_t rex;		/* the REX byte, 0 if none */
	uint8_t seg;		/* segment override (2e, 3e, 64, ...), 0 if none */
	uint8_t modrm;		/* FF forms only */
	uint8_t sib;		/* FF forms with a SIB byte only */
	uint8_t reg;		/* INDIRECT_REG: register number 0-15 (0 = rax, 11 = r11) */
	int32_t disp;		/* rel32 of E8, displacement of the memory forms */
	/*
	 * DIRECT/THUNK: the absolute call target (return address + rel32).
	 * INDIRECT_RIP: the absolute address of the function pointer read.
	 * Otherwise 0.
	 */
	uint64_t target;
};

/* An address range [start, end), e.g. the kernel's retpoline thunk array. */
struct x86dec_range {
	uint64_t start;
	uint64_t end;
};

/*
 * Decode the instruction at @p (@n bytes readable, @addr its address) if it
 * is a call.  Returns its length, or 0 when it is not a call or does not fit
 * in @n bytes.  @out may be NULL.
 */
size_t x86_decode_call(const uint8_t *p, size_t n, uint64_t addr, struct x86_call *out);

/*
 * @bytes are the @len bytes ending right before @ret_addr (only the last
 * X86DEC_MAX_LOOKBACK matter).  Returns how many distinct call instructions
 * (distinct opcode positions) end exactly at @ret_addr: 0 when none does.
 * With @out non-NULL, *@out is the longest such decoding (untouched if none):
 * its length may include bytes of the previous instruction that look like
 * prefixes (2e, 48, ...), which no decoder can tell apart.
 *
 * Policy: any decoding counts.  Bytes that decode as a call ending at the
 * return address are exactly what a CPU could have executed to push it, and
 * an attacker who can only point at such addresses is held to "return right
 * after something that decodes as a call" (call-preceded gadgets); see
 * x86dec.c for the discussion.
 */
int x86_call_before(const uint8_t *bytes, size_t len, uint64_t ret_addr, struct x86_call *out);

/*
 * Like x86_call_before, but stores up to @max decodings in @out, longest
 * first.  Returns the total number found (which may exceed @max).
 */
int x86_calls_before(const uint8_t *bytes, size_t len, uint64_t ret_addr,
		     struct x86_call *out, int max);

/* Does any decoding ending at @ret_addr call @target directly (E8 rel32)? */
bool x86_call_before_to(const uint8_t *bytes, size_t len, uint64_t ret_addr, uint64_t target);

/* Is @addr inside one of the @n ranges? */
bool x86dec_in_ranges(uint64_t addr, const struct x86dec_range *r, size_t n);

/*
 * Retpolines: "call *%r11" is compiled as "call __x86_indirect_thunk_r11"
 * (E8, or 2E E8 with -mindirect-branch-cs-prefix).  The decoder only sees a
 * direct call; the caller knows where the thunks are.  If @c is a direct
 * call into one of the @n thunk ranges, turn it into X86_CALL_THUNK and
 * return true.
 */
bool x86_call_mark_thunk(struct x86_call *c, const struct x86dec_range *thunks, size_t n);

/* IBT: is the instruction at @p (@n bytes readable) endbr64 (f3 0f 1e fa)? */
bool x86_is_endbr(const uint8_t *p, size_t n);

/*
 * Is it the NOP the kernel writes over an endbr64 that no indirect branch
 * may target (apply_seal_endbr: 66 0f 1f 00, "osp nopl (%rax)")?  A sealed
 * function start is still a function start for direct calls.
 */
bool x86_is_sealed_endbr(const uint8_t *p, size_t n);

const char *x86_call_kind_name(enum x86_call_kind kind);

#endif /* VED_X86DEC_H */
