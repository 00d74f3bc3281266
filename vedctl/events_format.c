// SPDX-License-Identifier: GPL-2.0
/*
 * vedctl events: filters and the output formats of a ved record (see
 * include/uapi/ved.h, checked with lib/vedevent.c before it gets here).
 * JSON is the record's ECS document from lib/vedecs.c, the encoding vedd
 * uses too (vedd adds host, rule and /proc enrichment).
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ops.h"
#include "vedecs.h"
#include "vedevent.h"

/* ---- names and filters ---- */

int detector_by_name(const char *name)
{
	for (unsigned int d = 0; d < VED_DET_COUNT; d++)
		if (strcmp(name, vedevent_detector_name(d)) == 0)
			return (int)d;
	return -1;
}

int event_type_by_name(const char *name)
{
	for (unsigned int t = 1; t < VED_EV_TYPE_MAX; t++)
		if (strcmp(name, vedevent_type_name(t)) == 0)
			return (int)t;
	return -1;
}

static bool all_digits(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* "2025-01-31[(T| )HH:MM[:SS[.frac]]][Z|(+|-)HH[:]MM]" */
static bool parse_iso(const char *s, uint64_t *out)
{
	struct tm tm = { 0 };
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0, off = 0;
	bool zone = false;
	time_t t;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return false;
	s += n;
	if (*s == 'T' || *s == ' ') {
		s++;
		if (sscanf(s, "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5)
			return false;
		s += n;
		if (*s == ':') {
			if (!isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[2]))
				return false;
			sec = (s[1] - '0') * 10 + (s[2] - '0');
			s += 3;
			if (*s == '.' || *s == ',') {
				s++;
				if (!isdigit((unsigned char)*s))
					return false;
				while (isdigit((unsigned char)*s))
					s++;	/* whole seconds are enough for a filter */
			}
		}
	}
	if (*s == 'Z' || *s == 'z') {
		zone = true;
		s++;
	} else if (*s == '+' || *s == '-') {
		int sign = *s == '-' ? -1 : 1, oh, om;

		s++;
		if (!all_digits(s, 2))
			return false;
		oh = (s[0] - '0') * 10 + (s[1] - '0');
		s += 2;
		if (*s == ':')
			s++;
		if (!all_digits(s, 2))
			return false;
		om = (s[0] - '0') * 10 + (s[1] - '0');
		s += 2;
		if (oh > 23 || om > 59)
			return false;
		off = sign * (oh * 3600 + om * 60);
		zone = true;
	}
	if (*s || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 ||
	    y < 1970)
		return false;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	t = zone ? timegm(&tm) - off : mktime(&tm);
	if (t < 0)
		return false;
	*out = (uint64_t)t * 1000000000ULL;
	return true;
}

bool parse_since(const char *text, uint64_t now_ns, uint64_t *since_ns)
{
	size_t len = strlen(text), digits = 0;
	uint64_t v = 0, unit = 1, ago;

	if (!len)
		return false;
	if (text[0] == '@') {
		if (!all_digits(text + 1, len - 1) || len > 12)
			return false;
		*since_ns = strtoull(text + 1, NULL, 10) * 1000000000ULL;
		return true;
	}
	while (digits < len && isdigit((unsigned char)text[digits]))
		digits++;
	if (digits && digits <= 9 && (len == digits || len == digits + 1)) {
		if (len == digits + 1) {
			switch (text[digits]) {
			case 's': unit = 1; break;
			case 'm': unit = 60; break;
			case 'h': unit = 3600; break;
			case 'd': unit = 86400; break;
			default: return false;
			}
		}
		v = strtoull(text, NULL, 10);
		ago = v * unit * 1000000000ULL;
		*since_ns = ago >= now_ns ? 1 : now_ns - ago;
		return true;
	}
	return parse_iso(text, since_ns);
}

bool event_matches(const struct event_filter *f, const struct ved_event_header *rec)
{
	if (f->detectors && (rec->detector >= 32 || !(f->detectors & (1u << rec->detector))))
		return false;
	if (f->types && (rec->type >= 32 || !(f->types & (1u << rec->type))))
		return false;
	if (f->have_pid && rec->pid != f->pid && rec->tgid != f->pid)
		return false;
	if (f->since_ns && rec->time_ns < f->since_ns)
		return false;
	return true;
}

/* ---- JSON: the record's ECS document, as vedd encodes it (lib/vedecs.c) ---- */

json_t *event_to_json(const struct ved_event_header *rec)
{
	return vedecs_record(rec);
}

/* ---- table ---- */

static void flatten(struct vedevent_buf *b, const json_t *o)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)o, key, v) {
		if (json_is_array(v)) {
			size_t i;
			json_t *ch;

			/* cred changes: field=old->new */
			json_array_foreach(v, i, ch) {
				vedevent_buf_printf(b, "%s", b->len ? " " : "");
				vedevent_buf_escaped(b, json_string_value(json_object_get(ch, "field")) ?: "?",
						     SIZE_MAX, "");
				vedevent_buf_printf(b, "=%s->%s", json_string_value(json_object_get(ch, "old")) ?: "?",
				     json_string_value(json_object_get(ch, "new")) ?: "?");
			}
			continue;
		}
		/* json_object_foreach() needs @key intact to go on. */
		vedevent_buf_printf(b, "%s%s=", b->len ? " " : "",
		     strcmp(key, "nr_changes") == 0 ? "changes" : key);
		if (json_is_string(v))
			vedevent_buf_escaped(b, json_string_value(v), SIZE_MAX, "");
		else if (json_is_integer(v))
			vedevent_buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		else if (json_is_boolean(v))
			vedevent_buf_printf(b, "%s", json_is_true(v) ? "yes" : "no");
	}
}

void event_details(const struct ved_event_header *rec, char *out, size_t size)
{
	struct vedevent_buf b = { out, size, 0 };
	const char *ns;
	json_t *p = vedecs_payload(rec, &ns, VEDECS_RAW_STRINGS);

	if (size)
		out[0] = '\0';
	if (!p)
		return;
	flatten(&b, p);
	json_decref(p);
}

bool want_color(int fd)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

	if (no && *no)
		return false;
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fd);
}

#define C_RESET	"\033[0m"
#define C_BOLD	"\033[1m"
#define C_RED	"\033[1;31m"
#define C_YEL	"\033[33m"
#define C_DIM	"\033[2m"

static const char *action_color(unsigned int action)
{
	switch (action) {
	case VED_ACT_BLOCK: return C_RED;
	case VED_ACT_PANIC: return "\033[1;37;41m";
	case VED_ACT_LOG: return C_YEL;
	default: return C_DIM;
	}
}

static const char *severity_color(unsigned int sev)
{
	switch (sev) {
	case VED_SEV_CRITICAL: return C_RED;
	case VED_SEV_WARNING: return C_YEL;
	default: return "";
	}
}

void event_table_header(FILE *out, const struct table_style *st)
{
	fprintf(out, "%s%-19s %-9s %-6s %-8s %7s %-11s %-16s %-15s %s%s\n",
		st->color ? C_BOLD : "", "TIME", "DETECTOR", "ACTION", "SEVERITY", "PID", "UID",
		"COMM", "EVENT", "DETAILS", st->color ? C_RESET : "");
}

/* Pad @s (printed with escapes) to @width columns: escapes take no room. */
static void cell(FILE *out, const char *color, const char *s, int width, bool use_color)
{
	if (use_color && *color)
		fprintf(out, "%s%-*s%s", color, width, s, C_RESET);
	else
		fprintf(out, "%-*s", width, s);
}

void event_table_row(FILE *out, const struct ved_event_header *rec, const struct table_style *st)
{
	char when[32], uid[24], comm[4 * VED_COMM_LEN + 1], details[2048];
	struct vedevent_buf cb = { comm, sizeof(comm), 0 };
	time_t sec = (time_t)(rec->time_ns / 1000000000ULL);
	char c[VED_COMM_LEN + 1];
	struct tm tm;

	if (st->utc)
		gmtime_r(&sec, &tm);
	else
		localtime_r(&sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	if (rec->uid == rec->euid)
		snprintf(uid, sizeof(uid), "%u", rec->uid);
	else
		snprintf(uid, sizeof(uid), "%u/e%u", rec->uid, rec->euid);
	memcpy(c, rec->comm, VED_COMM_LEN);
	c[VED_COMM_LEN] = '\0';
	comm[0] = '\0';
	vedevent_buf_escaped(&cb, c, sizeof(c), "");
	event_details(rec, details, sizeof(details));

	fprintf(out, "%-19s ", when);
	cell(out, "", vedevent_detector_name(rec->detector), 9, st->color);
	fputc(' ', out);
	cell(out, action_color(rec->action), vedevent_action_name(rec->action), 6, st->color);
	fputc(' ', out);
	cell(out, severity_color(rec->severity), vedevent_severity_name(rec->severity), 8, st->color);
	fprintf(out, " %7u %-11s %-16s %-15s %s\n", rec->tgid, uid, comm,
		vedevent_type_name(rec->type), details);
}
