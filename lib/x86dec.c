// SPDX-License-Identifier: GPL-2.0
/*
 * x86dec: does a call instruction end right before a return address?
 * See x86dec.h for the interface.  Encoding facts from the Intel SDM
 * vol. 2 (CALL, ModRM/SIB tables, prefixes in 64-bit mode).
 *
 * What we accept as a call, and why:
 *
 *  - E8 rel32: the near relative call.  With 66 (operand size) AMD CPUs
 *    take a rel16 and truncate RIP to 16 bits, Intel CPUs ignore the
 *    prefix; neither leaves a kernel return address behind "66 E8 rel16",
 *    so that form is rejected.  (Intel's "66 E8 rel32" still ends with a
 *    plain "E8 rel32" and is found as that.)  67 means nothing to E8 and is
 *    rejected the same way, leaving the unprefixed suffix to match.
 *  - FF /2: the near indirect call, register (mod 11) or memory operand
 *    (ModRM, SIB, disp8/disp32, SIB without base, RIP-relative).  66 is
 *    accepted (Intel ignores it), 67 only with a memory operand, where it
 *    selects 32-bit addressing.  FF /3 (far call) pushes CS too and is not
 *    a near call: rejected, as are the other /reg values (inc, dec, jmp,
 *    push).
 *  - Prefixes: any run of segment overrides (26 2e 36 3e 64 65; 2e is the
 *    kernel's padding before retpoline thunk calls, 3e is also "notrack"),
 *    66/67 as above, f2 ("bnd", from MPX builds), then an optional REX
 *    (40-4f) right before the opcode.  A REX followed by anything but the
 *    opcode is ignored by the CPU; we simply do not count it, and the
 *    shorter suffix without it still matches.  f0 (lock) makes a call #UD,
 *    f3 is never emitted: both end the prefix run.
 *  - Retpolines: "call __x86_indirect_thunk_rax" is an E8 call; the caller
 *    recognises the thunk by its target (x86_call_mark_thunk).
 *
 * Ambiguity policy: x86 cannot be decoded backwards, so we try every suffix
 * of the look-back window, and the answer is yes if ANY suffix is exactly
 * one call instruction ending at the return address.  "ff d0" at the end of
 * "mov $0xd0ff0000,%eax" counts, so does "e8 xx xx ff d0" for a real
 * "call *%rax" preceded by three unrelated bytes.  Why that is right:
 *
 *  - It never rejects a real return address, whatever preceded the call:
 *    wCFI can block on its answer without false alarms.
 *  - What it admits is exactly the set of addresses a CPU could have pushed
 *    by executing some call there.  An attacker is held to "call-preceded"
 *    gadgets: far fewer than the every-byte gadgets of plain ROP (in the
 *    .text of Debian's 6.1 and 6.12 kernels about 1.8% of byte addresses
 *    pass, 0.2% of non-call instruction ends; tests/host/x86dec-vmlinux.sh
 *    prints the numbers), but published work shows large binaries still
 *    hold enough of them for useful chains.  So this check
 *    raises the cost of ROP and catches stack pivots onto data; it is not a
 *    full CFI by itself, which is why wCFI pairs it with call-site tables
 *    for its critical functions (x86_call_before_to).
 *
 * Several decodings can exist; x86_call_before reports the longest (which
 * keeps the prefixes of a real "cs call") and counts them all, and
 * x86_calls_before lists them all for callers that check targets.
 */
#include "x86dec.h"

#define OP_CALL_REL32	0xe8
#define OP_GROUP5	0xff	/* inc, dec, call, callf, jmp, jmpf, push */
#define GROUP5_CALL	2	/* ModRM.reg of the near indirect call */

#define PFX_OPSIZE	0x66
#define PFX_ADSIZE	0x67
#define PFX_BND		0xf2

#define MODRM_MOD(m)	((m) >> 6)
#define MODRM_REG(m)	(((m) >> 3) & 7)
#define MODRM_RM(m)	((m) & 7)
#define SIB_BASE(s)	((s) & 7)
#define REX_B		0x01

/* Everything decoded so far, before we know whether it is a call. */
struct insn {
	const uint8_t *p;
	size_t n;		/* readable bytes, capped at X86DEC_MAX_INSN */
	size_t i;		/* next byte to decode */
	bool opsize;
	bool adsize;
	struct x86_call c;
};

static bool is_seg_prefix(uint8_t b)
{
	return b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e ||
	       b == 0x64 || b == 0x65;
}

static bool is_rex(uint8_t b)
{
	return (b & 0xf0) == 0x40;
}

/* Little-endian, byte by byte: no unaligned loads, any host byte order. */
static int32_t read_s32(const uint8_t *p)
{
	uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
		     (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;

	return (int32_t)v;
}

/* Sign-extended displacement of @size (0, 1 or 4) bytes; false if cut off. */
static bool read_disp(struct insn *in, size_t size)
{
	if (in->n - in->i < size)
		return false;
	if (size == 1)
		in->c.disp = (int8_t)in->p[in->i];
	else if (size == 4)
		in->c.disp = read_s32(in->p + in->i);
	in->i += size;
	return true;
}

/* Legacy prefixes then an optional REX, up to the opcode. */
static void decode_prefixes(struct insn *in)
{
	while (in->i < in->n) {
		uint8_t b = in->p[in->i];

		if (is_seg_prefix(b))
			in->c.seg = b;		/* the last one wins, as on the CPU */
		else if (b == PFX_OPSIZE)
			in->opsize = true;
		else if (b == PFX_ADSIZE)
			in->adsize = true;
		else if (b != PFX_BND)
			break;
		in->i++;
	}
	if (in->i < in->n && is_rex(in->p[in->i]))
		in->c.rex = in->p[in->i++];
	in->c.nprefix = (uint8_t)in->i;
}

static bool decode_rel32(struct insn *in)
{
	if (in->opsize || in->adsize)
		return false;
	in->c.kind = X86_CALL_DIRECT;
	return read_disp(in, 4);
}

/* The memory operand of FF /2 after its ModRM byte (mod != 11). */
static bool decode_mem(struct insn *in, uint8_t modrm)
{
	uint8_t mod = MODRM_MOD(modrm);
	size_t disp = mod == 1 ? 1 : mod == 2 ? 4 : 0;

	in->c.kind = X86_CALL_INDIRECT_MEM;
	/*
	 * rm 100 always means a SIB byte and mod 00 rm 101 always means
	 * RIP-relative: REX.B does not change either (r12/r13 need the
	 * longer forms), so only the 3 low bits are looked at.
	 */
	if (MODRM_RM(modrm) == 4) {
		if (in->i >= in->n)
			return false;
		in->c.sib = in->p[in->i++];
		if (mod == 0 && SIB_BASE(in->c.sib) == 5)
			disp = 4;	/* no base register, disp32 */
	} else if (mod == 0 && MODRM_RM(modrm) == 5) {
		in->c.kind = X86_CALL_INDIRECT_RIP;
		disp = 4;
	}
	return read_disp(in, disp);
}

static bool decode_group5(struct insn *in)
{
	uint8_t modrm;

	if (in->i >= in->n)
		return false;
	modrm = in->p[in->i++];
	in->c.modrm = modrm;
	if (MODRM_REG(modrm) != GROUP5_CALL)
		return false;
	if (MODRM_MOD(modrm) == 3) {
		if (in->adsize)
			return false;
		in->c.kind = X86_CALL_INDIRECT_REG;
		in->c.reg = MODRM_RM(modrm) | ((in->c.rex & REX_B) ? 8 : 0);
		return true;
	}
	return decode_mem(in, modrm);
}

size_t x86_decode_call(const uint8_t *p, size_t n, uint64_t addr, struct x86_call *out)
{
	struct insn in = { .p = p, .n = n < X86DEC_MAX_INSN ? n : X86DEC_MAX_INSN };
	bool ok;

	if (!p)
		return 0;
	decode_prefixes(&in);
	if (in.i >= in.n)
		return 0;
	switch (p[in.i++]) {
	case OP_CALL_REL32:
		ok = decode_rel32(&in);
		break;
	case OP_GROUP5:
		ok = decode_group5(&in);
		break;
	default:
		ok = false;
	}
	if (!ok)
		return 0;
	in.c.len = (uint8_t)in.i;
	/* Unsigned arithmetic: wraps like the CPU's 64-bit RIP does. */
	if (in.c.kind == X86_CALL_DIRECT || in.c.kind == X86_CALL_INDIRECT_RIP)
		in.c.target = addr + in.c.len + (uint64_t)(int64_t)in.c.disp;
	/* 67 makes RIP-relative addressing EIP-relative. */
	if (in.c.kind == X86_CALL_INDIRECT_RIP && in.adsize)
		in.c.target &= 0xffffffffu;
	if (out)
		*out = in.c;
	return in.i;
}

/*
 * The next call decoding ending at @ret_addr whose suffix starts at or
 * after *@start.  *@seen has bit k set when a decoding with its opcode at
 * offset k from the window start was already returned: a shorter suffix
 * with the same opcode is the same instruction minus some prefixes.
 */
static bool next_call(const uint8_t *bytes, size_t len, uint64_t ret_addr,
		      size_t *start, uint32_t *seen, struct x86_call *out)
{
	size_t base = len > X86DEC_MAX_INSN ? len - X86DEC_MAX_INSN : 0;

	if (*start < base)
		*start = base;
	for (; *start + X86DEC_MIN_CALL <= len; (*start)++) {
		size_t n = len - *start;
		struct x86_call c;
		uint32_t bit;

		if (x86_decode_call(bytes + *start, n, ret_addr - n, &c) != n)
			continue;
		bit = 1u << (*start - base + c.nprefix);
		if (*seen & bit)
			continue;
		*seen |= bit;
		(*start)++;
		*out = c;
		return true;
	}
	return false;
}

int x86_calls_before(const uint8_t *bytes, size_t len, uint64_t ret_addr,
		     struct x86_call *out, int max)
{
	size_t start = 0;
	uint32_t seen = 0;
	struct x86_call c;
	int found = 0;

	if (!bytes)
		return 0;
	while (next_call(bytes, len, ret_addr, &start, &seen, &c)) {
		if (out && found < max)
			out[found] = c;
		found++;
	}
	return found;
}

int x86_call_before(const uint8_t *bytes, size_t len, uint64_t ret_addr, struct x86_call *out)
{
	return x86_calls_before(bytes, len, ret_addr, out, out ? 1 : 0);
}

bool x86_call_before_to(const uint8_t *bytes, size_t len, uint64_t ret_addr, uint64_t target)
{
	size_t start = 0;
	uint32_t seen = 0;
	struct x86_call c;

	if (!bytes)
		return false;
	while (next_call(bytes, len, ret_addr, &start, &seen, &c))
		if (c.kind == X86_CALL_DIRECT && c.target == target)
			return true;
	return false;
}

bool x86dec_in_ranges(uint64_t addr, const struct x86dec_range *r, size_t n)
{
	size_t i;

	if (!r)
		return false;
	for (i = 0; i < n; i++)
		if (addr >= r[i].start && addr < r[i].end)
			return true;
	return false;
}

bool x86_call_mark_thunk(struct x86_call *c, const struct x86dec_range *thunks, size_t n)
{
	if (!c || c->kind != X86_CALL_DIRECT || !x86dec_in_ranges(c->target, thunks, n))
		return false;
	c->kind = X86_CALL_THUNK;
	return true;
}

static bool bytes_equal(const uint8_t *p, size_t n, const uint8_t *want, size_t len)
{
	size_t i;

	if (!p || n < len)
		return false;
	for (i = 0; i < len; i++)
		if (p[i] != want[i])
			return false;
	return true;
}

bool x86_is_endbr(const uint8_t *p, size_t n)
{
	static const uint8_t endbr64[X86DEC_ENDBR_LEN] = { 0xf3, 0x0f, 0x1e, 0xfa };

	return bytes_equal(p, n, endbr64, sizeof(endbr64));
}

bool x86_is_sealed_endbr(const uint8_t *p, size_t n)
{
	static const uint8_t sealed[X86DEC_ENDBR_LEN] = { 0x66, 0x0f, 0x1f, 0x00 };

	return bytes_equal(p, n, sealed, sizeof(sealed));
}

const char *x86_call_kind_name(enum x86_call_kind kind)
{
	static const char *const names[X86_CALL_KIND_COUNT] = {
		[X86_CALL_NONE] = "none",
		[X86_CALL_DIRECT] = "direct",
		[X86_CALL_THUNK] = "thunk",
		[X86_CALL_INDIRECT_REG] = "indirect-reg",
		[X86_CALL_INDIRECT_MEM] = "indirect-mem",
		[X86_CALL_INDIRECT_RIP] = "indirect-rip",
	};

	if ((unsigned int)kind >= X86_CALL_KIND_COUNT)
		return "unknown";
	return names[kind];
}
