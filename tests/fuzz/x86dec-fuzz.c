// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for lib/x86dec.c: the input is the bytes before a
 * return address.  Beyond "no crash, no sanitizer report" it checks that
 * the backward answer agrees with forward decoding, so a fuzzer finding is
 * also a logic bug: every reported call decodes forwards to the same
 * instruction, no suffix that decodes forwards is missed, and instructions
 * are self-delimiting.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "x86dec.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static const uint64_t rets[] = { 0xffffffff81234567ull, 3, 0 };

static bool same_call(const struct x86_call *a, const struct x86_call *b)
{
	return a->kind == b->kind && a->len == b->len && a->nprefix == b->nprefix &&
	       a->rex == b->rex && a->seg == b->seg && a->modrm == b->modrm &&
	       a->sib == b->sib && a->reg == b->reg && a->disp == b->disp &&
	       a->target == b->target;
}

/* One reported decoding ending at @ret: consistent with forward decoding. */
static void check_one(const uint8_t *data, size_t size, uint64_t ret, const struct x86_call *c)
{
	uint8_t buf[X86DEC_MAX_INSN + 8];
	struct x86_call f;

	CHECK(c->kind > X86_CALL_NONE && c->kind < X86_CALL_KIND_COUNT && c->kind != X86_CALL_THUNK);
	CHECK(c->len >= X86DEC_MIN_CALL && c->len <= X86DEC_MAX_INSN && c->len <= size);
	CHECK(c->nprefix < c->len);
	CHECK(x86_decode_call(data + size - c->len, c->len, ret - c->len, &f) == c->len);
	CHECK(same_call(c, &f));
	/* Self-delimiting: trailing bytes change nothing, one byte less fails. */
	memcpy(buf, data + size - c->len, c->len);
	memset(buf + c->len, 0xff, sizeof(buf) - c->len);
	CHECK(x86_decode_call(buf, sizeof(buf), ret - c->len, NULL) == c->len);
	CHECK(x86_decode_call(buf, c->len - 1u, 0, NULL) == 0);
	if (c->kind == X86_CALL_DIRECT) {
		CHECK(c->target == ret + (uint64_t)(int64_t)c->disp);
		CHECK(x86_call_before_to(data, size, ret, c->target));
	}
	if (c->kind == X86_CALL_INDIRECT_REG)
		CHECK(c->reg < 16);
}

static void check_ret(const uint8_t *data, size_t size, uint64_t ret)
{
	struct x86_call all[X86DEC_MAX_INSN], first;
	size_t base = size > X86DEC_MAX_INSN ? size - X86DEC_MAX_INSN : 0, s;
	int n, i;

	n = x86_calls_before(data, size, ret, all, X86DEC_MAX_INSN);
	CHECK(n >= 0 && n < X86DEC_MAX_INSN);
	CHECK(x86_call_before(data, size, ret, &first) == n);
	CHECK(x86_call_before(data, size, ret, NULL) == n);
	if (n)
		CHECK(same_call(&first, &all[0]));
	for (i = 0; i < n; i++) {
		check_one(data, size, ret, &all[i]);
		CHECK(i == 0 || all[i].len < all[i - 1].len);
	}
	/* Nothing missed: each suffix that is a call shares an opcode with one. */
	for (s = base; s < size; s++) {
		struct x86_call c;
		bool found = false;

		if (x86_decode_call(data + s, size - s, ret - (size - s), &c) != size - s)
			continue;
		for (i = 0; i < n && !found; i++)
			found = size - all[i].len + all[i].nprefix == s + c.nprefix;
		CHECK(found);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t i, r;

	for (i = 0; i < sizeof(rets) / sizeof(rets[0]); i++)
		check_ret(data, size, rets[i]);
	/* Forwards from the first byte. */
	r = x86_decode_call(data, size, 0, NULL);
	CHECK(r <= size && r <= X86DEC_MAX_INSN);
	if (r)
		CHECK(x86_decode_call(data, r, 0, NULL) == r);
	(void)x86_is_endbr(data, size);
	(void)x86_is_sealed_endbr(data, size);
	return 0;
}
