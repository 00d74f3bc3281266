// SPDX-License-Identifier: GPL-2.0
/* Kernel taint flags: decoding /proc/sys/kernel/tainted and module taints. */
#ifndef VEDCTL_TAINT_H
#define VEDCTL_TAINT_H

#include <stdbool.h>
#include <stddef.h>

struct taint_flag {
	unsigned bit;
	char letter;
	const char *meaning;
};

extern const struct taint_flag taint_flags[];
extern const size_t taint_flags_count;

const struct taint_flag *taint_by_letter(char letter);
/* "P O E" style letters for a mask, plus "bit N" for unknown bits. */
void taint_letters(unsigned long mask, char *buf, size_t size);
/* Human sentence list: "O (out-of-tree module loaded), E (...)". */
void taint_describe(unsigned long mask, char *buf, size_t size);
/* Module taint text ("OE") to a mask; false on an unknown letter. */
bool taint_parse_letters(const char *text, unsigned long *mask);

#endif
