// SPDX-License-Identifier: GPL-2.0
/* See util.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

int vedd_log_level = LOG_INFO_;

void sb_init(struct strbuf *sb, size_t max)
{
	memset(sb, 0, sizeof(*sb));
	sb->max = max ? max : 1 << 20;
}

void sb_free(struct strbuf *sb)
{
	free(sb->data);
	sb->data = NULL;
	sb->len = sb->cap = 0;
}

void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	sb->overflow = 0;
}

static int sb_reserve(struct strbuf *sb, size_t need)
{
	size_t cap;
	char *p;

	if (need + 1 <= sb->cap)
		return 0;
	if (need + 1 > sb->max)
		return -1;
	cap = sb->cap ? sb->cap : 256;
	while (cap < need + 1)
		cap *= 2;
	if (cap > sb->max)
		cap = sb->max;
	p = realloc(sb->data, cap);
	if (!p)
		return -1;
	sb->data = p;
	sb->cap = cap;
	return 0;
}

int sb_append(struct strbuf *sb, const void *data, size_t len)
{
	if (sb_reserve(sb, sb->len + len)) {
		sb->overflow = 1;
		return -1;
	}
	memcpy(sb->data + sb->len, data, len);
	sb->len += len;
	sb->data[sb->len] = '\0';
	return 0;
}

int sb_puts(struct strbuf *sb, const char *s)
{
	return sb_append(sb, s, strlen(s));
}

int sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || sb_reserve(sb, sb->len + (size_t)n)) {
		sb->overflow = 1;
		return -1;
	}
	va_start(ap, fmt);
	vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
	return 0;
}

const char *sb_cstr(struct strbuf *sb)
{
	if (!sb->data && sb_reserve(sb, 0))
		return "";
	sb->data[sb->len] = '\0';
	return sb->data;
}

void vedd_log(int level, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (level > vedd_log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* "<N>" is the sd-daemon priority prefix journald understands. */
	fprintf(stderr, "<%d>vedd: %s\n", level, msg);
}

uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void format_rfc3339(uint64_t ns, int digits, char *out, size_t size)
{
	time_t sec = (time_t)(ns / 1000000000ULL);
	unsigned long frac = (unsigned long)(ns % 1000000000ULL);
	struct tm tm;
	size_t n;

	gmtime_r(&sec, &tm);
	n = strftime(out, size, "%Y-%m-%dT%H:%M:%S", &tm);
	if (digits > 0 && digits <= 9) {
		for (int i = digits; i < 9; i++)
			frac /= 10;
		snprintf(out + n, size - n, ".%0*luZ", digits, frac);
	} else {
		snprintf(out + n, size - n, "Z");
	}
}

void copy_kstr(char *out, size_t size, const char *s, size_t max)
{
	size_t n = 0;

	if (!size)
		return;
	while (n < max && n + 1 < size && s[n])
		n++;
	memcpy(out, s, n);
	out[n] = '\0';
}
