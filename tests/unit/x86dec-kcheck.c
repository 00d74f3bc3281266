// SPDX-License-Identifier: GPL-2.0
/*
 * x86dec-kcheck TEXT.BIN BASE < objdump-listing
 *
 * Checks lib/x86dec.c against binutils on real kernel text: TEXT.BIN is a
 * raw copy of vmlinux's .text (objcopy -O binary), BASE its address, and
 * stdin the "objdump -d --insn-width=16" listing of (part of) it.  Every
 * call instruction objdump shows must decode, ending where objdump says,
 * as the same kind and, for direct calls, to the same target; every
 * endbr64 must be recognised as one and nothing else.  Also prints how
 * many non-call instruction ends and how many byte addresses pass the
 * return-address check (what an attacker can still return to).
 *
 * Used by tests/host/x86dec-vmlinux.sh; exits 1 on any mismatch.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x86dec.h"

#define MAX_REPORTS 20

struct text {
	uint8_t *bytes;
	size_t size;
	uint64_t base;
};

struct stats {
	unsigned long insns, calls, by_kind[X86_CALL_KIND_COUNT], endbr;
	unsigned long other_pass, mismatches;
	unsigned long longer;	/* calls decoded with bytes before them as prefixes */
	uint64_t lo, hi;	/* the listed address range */
};

static int load(const char *path, struct text *t)
{
	FILE *f = fopen(path, "rb");
	long size;

	if (!f || fseek(f, 0, SEEK_END))
		return -1;
	size = ftell(f);
	if (size <= 0 || fseek(f, 0, SEEK_SET))
		return -1;
	t->size = (size_t)size;
	t->bytes = malloc(t->size);
	if (!t->bytes || fread(t->bytes, 1, t->size, f) != t->size)
		return -1;
	fclose(f);
	return 0;
}

/* Does a call end at @end?  Fills @all (longest first); returns the count. */
static int calls_ending_at(const struct text *t, uint64_t end, struct x86_call *all)
{
	size_t off = (size_t)(end - t->base);
	size_t from = off > X86DEC_MAX_LOOKBACK ? off - X86DEC_MAX_LOOKBACK : 0;

	return x86_calls_before(t->bytes + from, off - from, end, all, X86DEC_MAX_INSN);
}

static void mismatch(struct stats *s, const char *line, const char *why)
{
	if (s->mismatches++ < MAX_REPORTS)
		printf("# MISMATCH (%s): %s", why, line);
}

/* The kind objdump's operand text implies, and the target of a direct call. */
static enum x86_call_kind operand_kind(const char *op, uint64_t *target)
{
	if (*op != '*') {
		*target = strtoull(op, NULL, 16);
		return X86_CALL_DIRECT;
	}
	if (op[1] == '%')
		return X86_CALL_INDIRECT_REG;
	if (strstr(op, "(%rip)") || strstr(op, "(%eip)"))
		return X86_CALL_INDIRECT_RIP;
	return X86_CALL_INDIRECT_MEM;
}

/* Words objdump may print before the mnemonic. */
static bool is_prefix_word(const char *w, size_t n)
{
	static const char *const words[] = {
		"cs", "ds", "es", "ss", "fs", "gs", "notrack", "bnd", "data16", "addr32",
	};
	size_t i;

	if (n >= 3 && !strncmp(w, "rex", 3))
		return true;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && !strncmp(w, words[i], n))
			return true;
	return false;
}

/* Returns the operand text if @mnem is a near call, else NULL. */
static const char *call_operand(const char *mnem)
{
	for (;;) {
		size_t n = strcspn(mnem, " \n");

		if (!is_prefix_word(mnem, n)) {
			if ((n == 4 && !strncmp(mnem, "call", 4)) ||
			    (n == 5 && (!strncmp(mnem, "callq", 5) || !strncmp(mnem, "callw", 5))))
				return mnem + n + strspn(mnem + n, " ");
			return NULL;
		}
		mnem += n;
		mnem += strspn(mnem, " ");
	}
}

/*
 * The decoding that is objdump's instruction: its opcode lies inside it.
 * It may start earlier when the bytes before the instruction look like
 * prefixes (the decoder cannot tell, and reports the longest decoding).
 */
static void check_call(const struct text *t, struct stats *s, const char *line,
		       uint64_t addr, size_t len, const char *op)
{
	struct x86_call all[X86DEC_MAX_INSN];
	uint64_t end = addr + len, target = 0;
	int n = calls_ending_at(t, end, all), i;
	enum x86_call_kind kind = operand_kind(op, &target);

	s->calls++;
	for (i = 0; i < n && i < X86DEC_MAX_INSN; i++) {
		uint64_t start = end - all[i].len;

		if (start > addr || start + all[i].nprefix < addr)
			continue;
		if (all[i].kind != kind)
			mismatch(s, line, "kind");
		else if (kind == X86_CALL_DIRECT && all[i].target != target)
			mismatch(s, line, "target");
		else
			s->by_kind[kind]++;
		s->longer += start < addr;
		return;
	}
	mismatch(s, line, n ? "length" : "not a call");
}

static void check_line(const struct text *t, struct stats *s, const char *line)
{
	const char *tab1 = strchr(line, '\t');
	const char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
	const char *op;
	uint64_t addr = strtoull(line, NULL, 16);
	struct x86_call all[X86DEC_MAX_INSN];
	size_t len = 0, off;
	bool endbr;

	if (!tab2 || tab1 == line || tab1[-1] != ':')
		return;
	for (const char *p = tab1 + 1; p < tab2; p += 3)
		if (p[0] != ' ')
			len++;
	if (!len || addr < t->base || addr + len > t->base + t->size || strstr(tab2, "(bad)"))
		return;
	s->insns++;
	if (!s->lo)
		s->lo = addr;
	s->hi = addr + len;
	off = (size_t)(addr - t->base);
	endbr = !strncmp(tab2 + 1, "endbr64", 7);
	s->endbr += endbr;
	if (x86_is_endbr(t->bytes + off, t->size - off) != endbr)
		mismatch(s, line, "endbr");
	op = call_operand(tab2 + 1);
	if (op)
		check_call(t, s, line, addr, len, op);
	else if (calls_ending_at(t, addr + len, all))
		s->other_pass++;
}

/* Every byte address in the listed range that passes the check. */
static unsigned long count_passing_bytes(const struct text *t, const struct stats *s)
{
	struct x86_call all[X86DEC_MAX_INSN];
	unsigned long pass = 0;
	uint64_t a;

	for (a = s->lo + 1; a <= s->hi; a++)
		pass += calls_ending_at(t, a, all) > 0;
	return pass;
}

int main(int argc, char **argv)
{
	struct text t = { 0 };
	struct stats s = { 0 };
	char line[512];
	unsigned long bytes_pass;

	if (argc != 3 || load(argv[1], &t)) {
		fprintf(stderr, "usage: x86dec-kcheck TEXT.BIN BASE < objdump-listing\n");
		return 2;
	}
	t.base = strtoull(argv[2], NULL, 16);
	while (fgets(line, sizeof(line), stdin))
		check_line(&t, &s, line);
	if (!s.insns) {
		printf("# no instructions in the listing\n");
		return 1;
	}
	bytes_pass = count_passing_bytes(&t, &s);
	printf("# %lu instructions, %lu calls: %lu direct, %lu indirect-reg, %lu indirect-mem, "
	       "%lu indirect-rip; %lu endbr64\n", s.insns, s.calls, s.by_kind[X86_CALL_DIRECT],
	       s.by_kind[X86_CALL_INDIRECT_REG], s.by_kind[X86_CALL_INDIRECT_MEM],
	       s.by_kind[X86_CALL_INDIRECT_RIP], s.endbr);
	printf("# return-address check passes at %lu non-call instruction ends (%.2f%%) and at "
	       "%lu of %" PRIu64 " byte addresses (%.2f%%)\n", s.other_pass,
	       100.0 * s.other_pass / s.insns, bytes_pass, s.hi - s.lo,
	       100.0 * bytes_pass / (double)(s.hi - s.lo));
	printf("# %lu calls decoded longer than objdump's instruction (prefix-like bytes before them)\n",
	       s.longer);
	printf("# %lu mismatches\n", s.mismatches);
	free(t.bytes);
	return s.mismatches ? 1 : 0;
}
