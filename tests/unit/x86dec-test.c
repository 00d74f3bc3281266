// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of lib/x86dec.c.  The instruction bytes come from
 * x86dec-calls.S, assembled by the system assembler and linked in: one
 * cmocka test per fixture case, plus the edge cases below.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "x86dec.h"

/* Laid out by the "fx" macro in x86dec-calls.S. */
struct fx_case {
	const char *name;
	const char *kind;
	const uint8_t *start;
	const uint8_t *end;
	uint64_t target;
	uint32_t len;
	uint32_t ndec;
};

extern const struct fx_case x86dec_fx_cases[], x86dec_fx_cases_end[];
extern const uint8_t x86dec_fx_func[], x86dec_fx_thunks[], x86dec_fx_thunks_end[];

/* Bytes that are neither prefixes nor opcodes of a call. */
static const uint8_t fillers[] = { 0xcc, 0x90, 0x00, 0xc3 };

#define WINDOW	(X86DEC_MAX_LOOKBACK + X86DEC_MAX_INSN)

/*
 * Copy the case's bytes to the end of @buf after @pad filler bytes, as
 * they would sit before a return address.  Returns the buffer length.
 */
static size_t place(uint8_t *buf, const struct fx_case *fc, size_t pad, uint8_t fill)
{
	size_t n = (size_t)(fc->end - fc->start);

	assert_true(pad + n <= WINDOW);
	memset(buf, fill, pad);
	memcpy(buf + pad, fc->start, n);
	return pad + n;
}

static uint64_t ret_of(const struct fx_case *fc)
{
	return (uint64_t)(uintptr_t)fc->end;
}

static bool is_call_kind(const char *kind)
{
	return strcmp(kind, "none") && strcmp(kind, "endbr") && strcmp(kind, "sealed-endbr");
}

static void check_decoding(const struct fx_case *fc, const struct x86_call *c)
{
	size_t want_len = fc->len ? fc->len : (size_t)(fc->end - fc->start);
	struct x86_call marked = *c;
	struct x86dec_range thunks = {
		(uint64_t)(uintptr_t)x86dec_fx_thunks, (uint64_t)(uintptr_t)x86dec_fx_thunks_end,
	};

	x86_call_mark_thunk(&marked, &thunks, 1);
	assert_string_equal(x86_call_kind_name(marked.kind), fc->kind);
	assert_int_equal(c->len, want_len);
	assert_true(c->nprefix < c->len);
	if (fc->target)
		assert_int_equal(c->target, fc->target);
	if (c->kind == X86_CALL_DIRECT)
		assert_true(x86_call_before_to(fc->end - c->len, c->len, ret_of(fc), c->target));
}

/* A call: found in every context, with the right kind, length and target. */
static void test_call_case(void **state)
{
	const struct fx_case *fc = *state;
	uint8_t buf[WINDOW];
	struct x86_call all[X86DEC_MAX_INSN];
	struct x86_call c;
	size_t f, pad, n;
	int found;

	for (f = 0; f < sizeof(fillers); f++) {
		for (pad = 0; pad <= X86DEC_MAX_LOOKBACK; pad += 5) {
			n = place(buf, fc, pad, fillers[f]);
			memset(&c, 0xa5, sizeof(c));
			found = x86_call_before(buf, n, ret_of(fc), &c);
			assert_int_equal(found, fc->ndec);
			check_decoding(fc, &c);
			/* The list agrees and is longest first. */
			assert_int_equal(x86_calls_before(buf, n, ret_of(fc), all, X86DEC_MAX_INSN), found);
			assert_memory_equal(&all[0], &c, sizeof(c));
			for (int i = 1; i < found; i++)
				assert_true(all[i].len < all[i - 1].len);
		}
	}
	/* Decoding forwards from the first byte finds the same instruction. */
	if (!fc->len) {
		n = (size_t)(fc->end - fc->start);
		assert_int_equal(x86_decode_call(fc->start, n, ret_of(fc) - n, &c), n);
		check_decoding(fc, &c);
		/* And ignores whatever follows it. */
		n = place(buf, fc, 0, 0xcc);
		memset(buf + n, 0xff, sizeof(buf) - n);
		assert_int_equal(x86_decode_call(buf, sizeof(buf), ret_of(fc) - n, NULL), n);
	}
}

/*
 * With its last byte missing, the call must not be found at its opcode
 * (something shorter inside it may still decode: see the policy).
 */
static void test_call_case_truncated(void **state)
{
	const struct fx_case *fc = *state;
	uint8_t buf[WINDOW];
	struct x86_call all[X86DEC_MAX_INSN], c;
	size_t n, opcode;
	int found, i;

	n = place(buf, fc, X86DEC_MAX_LOOKBACK, 0xcc);
	assert_true(x86_call_before(buf, n, ret_of(fc), &c) > 0);
	opcode = n - c.len + c.nprefix;

	found = x86_calls_before(buf, n - 1, ret_of(fc) - 1, all, X86DEC_MAX_INSN);
	for (i = 0; i < found; i++)
		assert_int_not_equal(n - 1 - all[i].len + all[i].nprefix, opcode);
	/* Forwards, a cut-off instruction is never a call. */
	assert_int_equal(x86_decode_call(buf + n - c.len, c.len - 1, 0, NULL), 0);
}

/* Not a call: nothing decodes as one, whatever precedes it. */
static void test_non_call_case(void **state)
{
	const struct fx_case *fc = *state;
	uint8_t buf[WINDOW];
	struct x86_call c;
	size_t f, pad, n;

	for (f = 0; f < sizeof(fillers); f++) {
		for (pad = 0; pad <= X86DEC_MAX_LOOKBACK; pad += 5) {
			n = place(buf, fc, pad, fillers[f]);
			assert_int_equal(x86_call_before(buf, n, ret_of(fc), &c), 0);
			assert_false(x86_call_before_to(buf, n, ret_of(fc), (uint64_t)(uintptr_t)x86dec_fx_func));
		}
	}
	n = (size_t)(fc->end - fc->start);
	assert_int_equal(x86_decode_call(fc->start, n, 0, NULL), 0);
	assert_int_equal(x86_is_endbr(fc->start, n), !strcmp(fc->kind, "endbr"));
	assert_int_equal(x86_is_sealed_endbr(fc->start, n), !strcmp(fc->kind, "sealed-endbr"));
}

static void test_empty_and_tiny(void **state)
{
	static const uint8_t ffd0[] = { 0xff, 0xd0 };
	struct x86_call c;

	(void)state;
	assert_int_equal(x86_call_before(ffd0, 0, 0x1000, &c), 0);
	assert_int_equal(x86_call_before(NULL, 16, 0x1000, &c), 0);
	assert_int_equal(x86_call_before(ffd0 + 1, 1, 0x1000, &c), 0);
	assert_int_equal(x86_call_before(ffd0, 2, 0x1000, NULL), 1);
	assert_int_equal(x86_calls_before(ffd0, 2, 0x1000, NULL, 5), 1);
	assert_int_equal(x86_decode_call(NULL, 5, 0, NULL), 0);
	assert_int_equal(x86_decode_call(ffd0, 0, 0, NULL), 0);
	assert_int_equal(x86_decode_call(ffd0, 1, 0, NULL), 0);
	assert_false(x86_is_endbr(NULL, 4));
	assert_false(x86_is_endbr((const uint8_t *)"\xf3\x0f\x1e", 3));
	assert_false(x86_is_sealed_endbr(NULL, 4));
}

static void test_uniform_buffers(void **state)
{
	/* (Not 0xe8: "e8 e8 e8 e8 e8" is a call.) */
	static const uint8_t values[] = { 0xcc, 0x90, 0x00, 0x2e, 0x66, 0x67, 0x48, 0xf2 };
	uint8_t buf[64];
	size_t v, len;

	(void)state;
	for (v = 0; v < sizeof(values); v++) {
		memset(buf, values[v], sizeof(buf));
		for (len = 0; len <= sizeof(buf); len++)
			assert_int_equal(x86_call_before(buf, len, 0xffffffff81000000ull, NULL), 0);
	}
	/* All 0xff: ModRM ff is FF /7, undefined: no call either. */
	memset(buf, 0xff, sizeof(buf));
	assert_int_equal(x86_call_before(buf, sizeof(buf), 0, NULL), 0);
}

/* Only the last X86DEC_MAX_LOOKBACK bytes matter: a long buffer is fine. */
static void test_long_buffer(void **state)
{
	const struct fx_case *fc;
	uint8_t buf[4096];
	size_t n;

	(void)state;
	for (fc = x86dec_fx_cases; fc < x86dec_fx_cases_end; fc++) {
		n = (size_t)(fc->end - fc->start);
		memset(buf, 0x2e, sizeof(buf) - n);	/* even prefixes: capped at 15 bytes */
		memcpy(buf + sizeof(buf) - n, fc->start, n);
		if (is_call_kind(fc->kind))
			assert_true(x86_call_before(buf, sizeof(buf), ret_of(fc), NULL) > 0);
		else
			assert_int_equal(x86_call_before(buf, sizeof(buf), ret_of(fc), NULL), 0);
	}
}

/* A 15-byte call is the longest; 16 bytes is #GP, never a call. */
static void test_length_limit(void **state)
{
	uint8_t buf[16];
	struct x86_call c;

	(void)state;
	memset(buf, 0x2e, sizeof(buf));
	buf[14] = 0xff;
	buf[15] = 0xd0;
	/* buf[1..15]: 13 prefixes + ff d0 = 15 bytes. */
	assert_int_equal(x86_call_before(buf + 1, 15, 0x1000, &c), 1);
	assert_int_equal(c.len, 15);
	assert_int_equal(c.nprefix, 13);
	assert_int_equal(c.seg, 0x2e);
	/* The 16-byte decoding from buf[0] is not one. */
	assert_int_equal(x86_call_before(buf, 16, 0x1000, &c), 1);
	assert_int_equal(c.len, 15);
	assert_int_equal(x86_decode_call(buf, 16, 0, NULL), 0);
	assert_int_equal(x86_decode_call(buf + 1, 15, 0, NULL), 15);
}

/* Targets wrap around like RIP, and rel32 is signed. */
static void test_targets(void **state)
{
	const struct fx_case *fc;
	struct x86_call c;
	uint8_t buf[X86DEC_MAX_INSN];
	size_t n;

	(void)state;
	for (fc = x86dec_fx_cases; fc < x86dec_fx_cases_end; fc++) {
		if (strcmp(fc->name, "e8-call-self"))
			continue;
		n = place(buf, fc, 0, 0);
		assert_int_equal(x86_call_before(buf, n, 4, &c), 1);
		assert_int_equal(c.disp, -5);
		assert_int_equal(c.target, (uint64_t)-1);	/* 4 - 5 */
		assert_true(x86_call_before_to(buf, n, 4, (uint64_t)-1));
		assert_false(x86_call_before_to(buf, n, 4, 0));
		return;
	}
	fail_msg("fixture e8-call-self missing");
}

static void test_ranges(void **state)
{
	const struct x86dec_range r[] = { { 0x100, 0x200 }, { 0x1000, 0x1001 } };
	struct x86_call c = { .kind = X86_CALL_DIRECT, .target = 0x1000 };

	(void)state;
	assert_true(x86dec_in_ranges(0x100, r, 2));
	assert_true(x86dec_in_ranges(0x1ff, r, 2));
	assert_false(x86dec_in_ranges(0x200, r, 2));
	assert_false(x86dec_in_ranges(0x1000, r, 1));
	assert_false(x86dec_in_ranges(0x1000, NULL, 2));
	assert_true(x86_call_mark_thunk(&c, r, 2));
	assert_int_equal(c.kind, X86_CALL_THUNK);
	/* Only direct calls become thunk calls. */
	assert_false(x86_call_mark_thunk(&c, r, 2));
	c.kind = X86_CALL_INDIRECT_RIP;
	assert_false(x86_call_mark_thunk(&c, r, 2));
	assert_false(x86_call_mark_thunk(NULL, r, 2));
}

static void test_kind_names(void **state)
{
	int k;

	(void)state;
	for (k = 0; k < X86_CALL_KIND_COUNT; k++)
		assert_string_not_equal(x86_call_kind_name(k), "unknown");
	assert_string_equal(x86_call_kind_name(X86_CALL_KIND_COUNT), "unknown");
	assert_string_equal(x86_call_kind_name((enum x86_call_kind)-1), "unknown");
}

/* Fields of a register call: register number with REX.B. */
static void test_reg_fields(void **state)
{
	const struct fx_case *fc;
	struct x86_call c;
	int seen = 0;

	(void)state;
	for (fc = x86dec_fx_cases; fc < x86dec_fx_cases_end; fc++) {
		if (!strcmp(fc->name, "ff-reg-r11")) {
			assert_int_equal(x86_call_before(fc->start, 3, 0, &c), 1);
			assert_int_equal(c.reg, 11);
			assert_int_equal(c.rex, 0x41);
			seen++;
		} else if (!strcmp(fc->name, "ff-reg-rdx")) {
			assert_int_equal(x86_call_before(fc->start, 2, 0, &c), 1);
			assert_int_equal(c.reg, 2);
			assert_int_equal(c.rex, 0);
			seen++;
		}
	}
	assert_int_equal(seen, 2);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_empty_and_tiny),
		cmocka_unit_test(test_uniform_buffers),
		cmocka_unit_test(test_long_buffer),
		cmocka_unit_test(test_length_limit),
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_reg_fields),
	};
	size_t ncases = (size_t)(x86dec_fx_cases_end - x86dec_fx_cases);
	size_t nfixed = sizeof(fixed) / sizeof(fixed[0]);
	struct CMUnitTest *tests = calloc(nfixed + 2 * ncases, sizeof(*tests));
	char (*names)[96] = calloc(ncases, sizeof(*names));
	size_t i, n = 0;
	int rc;

	if (!tests || !names)
		return 1;
	for (i = 0; i < nfixed; i++)
		tests[n++] = fixed[i];
	for (i = 0; i < ncases; i++) {
		const struct fx_case *fc = &x86dec_fx_cases[i];
		bool call = is_call_kind(fc->kind);

		tests[n].name = fc->name;
		tests[n].test_func = call ? test_call_case : test_non_call_case;
		tests[n++].initial_state = (void *)fc;
		if (!call)
			continue;
		snprintf(names[i], sizeof(names[i]), "%s-truncated", fc->name);
		tests[n].name = names[i];
		tests[n].test_func = test_call_case_truncated;
		tests[n++].initial_state = (void *)fc;
	}
	rc = _cmocka_run_group_tests("x86dec", tests, n, NULL, NULL);
	free(names);
	free(tests);
	return rc;
}
