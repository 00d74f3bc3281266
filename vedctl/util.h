// SPDX-License-Identifier: GPL-2.0
/* Small helpers shared by every vedctl subcommand. */
#ifndef VEDCTL_UTIL_H
#define VEDCTL_UTIL_H

#include <stdbool.h>
#include <stddef.h>

/* Where an input file went wrong: "FILE:LINE: problem". */
struct parse_error {
	char file[256];
	unsigned line;		/* 0: the file as a whole */
	char msg[256];
};

void parse_error_set(struct parse_error *err, const char *file, unsigned line,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void parse_error_print(const struct parse_error *err);

/* Read a whole (small, possibly procfs) file; NUL-terminated, caller frees. */
char *read_whole_file(const char *path, size_t *len);
/* First line of a file without its newline; false if unreadable. */
bool read_line_file(const char *path, char *buf, size_t size);
/* Same, then parsed as a decimal integer. */
bool read_long_file(const char *path, long *out);

char *trim(char *s);
bool path_exists(const char *path);
/* Every byte printable or TAB: a quick sanity test for text input. */
bool is_text(const char *s, size_t len);

int version_cmp(const int a[3], const int b[3]);
bool version_parse(const char *text, int out[3]);

void die_oom(void) __attribute__((noreturn));
void *xcalloc(size_t n, size_t size);
char *xstrdup(const char *s);

#endif
