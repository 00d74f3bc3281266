// SPDX-License-Identifier: GPL-2.0
#include "util.h"
#include "vedctl.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void parse_error_set(struct parse_error *err, const char *file, unsigned line,
		     const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "?");
	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

void parse_error_print(const struct parse_error *err)
{
	if (err->line)
		fprintf(stderr, "vedctl: %s:%u: %s\n", err->file, err->line, err->msg);
	else
		fprintf(stderr, "vedctl: %s: %s\n", err->file, err->msg);
}

void die_oom(void)
{
	fputs("vedctl: out of memory\n", stderr);
	exit(2);
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		die_oom();
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		die_oom();
	return p;
}

/* procfs files report size 0, so read until EOF instead of trusting stat. */
char *read_whole_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t cap = 4096, used = 0;
	char *buf;

	if (fd < 0)
		return NULL;
	buf = malloc(cap);
	if (!buf)
		die_oom();
	for (;;) {
		ssize_t n;

		if (used + 1 >= cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				die_oom();
		}
		n = read(fd, buf + used, cap - used - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			close(fd);
			return NULL;
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	buf[used] = '\0';
	if (len)
		*len = used;
	return buf;
}

bool read_line_file(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "re");
	bool ok;

	if (!f)
		return false;
	ok = fgets(buf, (int)size, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

bool read_long_file(const char *path, long *out)
{
	char buf[64], *end;

	if (!read_line_file(path, buf, sizeof(buf)))
		return false;
	errno = 0;
	*out = strtol(buf, &end, 10);
	return errno == 0 && end != buf;
}

char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

bool path_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

bool is_text(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			return false;
		if (c == 0x7f)
			return false;
	}
	return true;
}

int version_cmp(const int a[3], const int b[3])
{
	for (int i = 0; i < 3; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

/* "6.1.192", "6.12.117+deb12-amd64", "6.18": leading numbers only. */
bool version_parse(const char *text, int out[3])
{
	int n = 0;
	const char *p = text;

	out[0] = out[1] = out[2] = 0;
	while (n < 3 && isdigit((unsigned char)*p)) {
		long v = strtol(p, (char **)&p, 10);

		if (v > 100000)
			return false;
		out[n++] = (int)v;
		if (*p != '.')
			break;
		p++;
	}
	return n >= 2;
}

int vedctl_usage_error(const char *cmd, const char *msg)
{
	if (msg)
		fprintf(stderr, "vedctl %s: %s\n", cmd, msg);
	fprintf(stderr, "Try 'vedctl %s --help'.\n", cmd);
	return VEDCTL_EXIT_ERROR;
}
