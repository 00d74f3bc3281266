// SPDX-License-Identifier: GPL-2.0
/* Bit numbers and letters follow Documentation/admin-guide/tainted-kernels. */
#include "taint.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

const struct taint_flag taint_flags[] = {
	{ 0, 'P', "proprietary module loaded" },
	{ 1, 'F', "module force-loaded" },
	{ 2, 'S', "kernel running on an out-of-spec system" },
	{ 3, 'R', "module force-unloaded" },
	{ 4, 'M', "machine check exception" },
	{ 5, 'B', "bad page referenced" },
	{ 6, 'U', "tainted on user request" },
	{ 7, 'D', "kernel died (oops or BUG)" },
	{ 8, 'A', "ACPI table overridden" },
	{ 9, 'W', "kernel warning issued" },
	{ 10, 'C', "staging driver loaded" },
	{ 11, 'I', "platform firmware bug worked around" },
	{ 12, 'O', "out-of-tree module loaded" },
	{ 13, 'E', "unsigned module loaded" },
	{ 14, 'L', "soft lockup occurred" },
	{ 15, 'K', "kernel live-patched" },
	{ 16, 'X', "auxiliary (distribution-defined) taint" },
	{ 17, 'T', "built with the struct randomization plugin" },
	{ 18, 'N', "in-kernel test run" },
	{ 19, 'J', "fwctl debug write used" },
};

const size_t taint_flags_count = sizeof(taint_flags) / sizeof(taint_flags[0]);

const struct taint_flag *taint_by_letter(char letter)
{
	for (size_t i = 0; i < taint_flags_count; i++)
		if (taint_flags[i].letter == letter)
			return &taint_flags[i];
	return NULL;
}

static const struct taint_flag *taint_by_bit(unsigned bit)
{
	for (size_t i = 0; i < taint_flags_count; i++)
		if (taint_flags[i].bit == bit)
			return &taint_flags[i];
	return NULL;
}

static void append(char *buf, size_t size, size_t *used, const char *text)
{
	int n;

	if (*used >= size)
		return;
	n = snprintf(buf + *used, size - *used, "%s%s", *used ? ", " : "", text);
	if (n > 0)
		*used += (size_t)n;
}

void taint_letters(unsigned long mask, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned bit = 0; bit < sizeof(mask) * 8; bit++) {
		const struct taint_flag *f;
		char item[16];

		if (!(mask & (1UL << bit)))
			continue;
		f = taint_by_bit(bit);
		if (f)
			snprintf(item, sizeof(item), "%c", f->letter);
		else
			snprintf(item, sizeof(item), "bit %u", bit);
		append(buf, size, &used, item);
	}
}

void taint_describe(unsigned long mask, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned bit = 0; bit < sizeof(mask) * 8; bit++) {
		const struct taint_flag *f;
		char item[96];

		if (!(mask & (1UL << bit)))
			continue;
		f = taint_by_bit(bit);
		if (f)
			snprintf(item, sizeof(item), "%c (%s)", f->letter, f->meaning);
		else
			snprintf(item, sizeof(item), "bit %u (unknown)", bit);
		append(buf, size, &used, item);
	}
}

bool taint_parse_letters(const char *text, unsigned long *mask)
{
	*mask = 0;
	for (const char *p = text; *p; p++) {
		const struct taint_flag *f;

		if (isspace((unsigned char)*p))
			continue;
		f = taint_by_letter(*p);
		if (!f)
			return false;
		*mask |= 1UL << f->bit;
	}
	return true;
}
