/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers shared by vedd's modules: a bounded growable byte buffer
 * (every encoder writes into one, so no encoder can grow without limit on
 * hostile input) and logging to stderr (journald picks it up under systemd).
 */
#ifndef VEDD_UTIL_H
#define VEDD_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct strbuf {
	char *data;
	size_t len, cap;
	size_t max;		/* hard limit; 0 means 1 MiB */
	int overflow;		/* an append did not fit: content truncated */
};

void sb_init(struct strbuf *sb, size_t max);
void sb_free(struct strbuf *sb);
void sb_reset(struct strbuf *sb);
int sb_append(struct strbuf *sb, const void *data, size_t len);
int sb_puts(struct strbuf *sb, const char *s);
int sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Make data NUL-terminated (not counted in len). */
const char *sb_cstr(struct strbuf *sb);

enum { LOG_ERR_ = 3, LOG_WARN_ = 4, LOG_INFO_ = 6, LOG_DEBUG_ = 7 };
extern int vedd_log_level;
void vedd_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define log_err(...) vedd_log(LOG_ERR_, __VA_ARGS__)
#define log_warn(...) vedd_log(LOG_WARN_, __VA_ARGS__)
#define log_info(...) vedd_log(LOG_INFO_, __VA_ARGS__)
#define log_debug(...) vedd_log(LOG_DEBUG_, __VA_ARGS__)

/* Monotonic clock, milliseconds. */
uint64_t now_ms(void);
/* RFC 3339 UTC time from nanoseconds, with @digits fraction digits (0..9). */
void format_rfc3339(uint64_t ns, int digits, char *out, size_t size);
/* Copy a fixed-size, maybe unterminated kernel string into @out. */
void copy_kstr(char *out, size_t size, const char *s, size_t max);

#endif
