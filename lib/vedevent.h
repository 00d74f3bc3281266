/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space side of the event ABI (include/uapi/ved.h): validating records
 * read from /dev/ved (or the eBPF sensor) and naming their fields.  Shared by
 * vedd, vedctl and the test tools; pure code, unit-tested and fuzzed.
 */
#ifndef VEDEVENT_H
#define VEDEVENT_H

#include <stddef.h>
#include <stdint.h>

#include "ved.h"

enum vedevent_error {
	VEDEVENT_OK = 0,
	VEDEVENT_SHORT = -1,		/* fewer bytes than the header says */
	VEDEVENT_BAD_SIZE = -2,		/* size below the header or above the maximum */
	VEDEVENT_BAD_VERSION = -3,	/* a version this code does not know */
	VEDEVENT_BAD_PAYLOAD = -4,	/* payload too small for its type */
};

/*
 * Check the record at @buf (@len bytes available).  On success returns
 * VEDEVENT_OK and sets *@record_size to the record's size; records of an
 * unknown type are valid (skippable) and have no decoded payload.
 */
int vedevent_check(const void *buf, size_t len, size_t *record_size);
const char *vedevent_strerror(int err);

const char *vedevent_type_name(unsigned int type);
const char *vedevent_detector_name(unsigned int det);
const char *vedevent_action_name(unsigned int act);
const char *vedevent_severity_name(unsigned int sev);
const char *vedevent_cred_field_name(unsigned int field);
const char *vedevent_checkpoint_name(unsigned int cp);
const char *vedevent_cred_where_name(unsigned int where);
const char *vedevent_umh_reason_name(unsigned int reason);
const char *vedevent_wcfi_reason_name(unsigned int reason);
const char *vedevent_hidden_kind_name(unsigned int kind);
const char *vedevent_integrity_object_name(unsigned int object);
const char *vedevent_exe_state_name(unsigned int state);
/*
 * The record's executable path as a C string in @out, "" when the record
 * has none (see enum ved_exe_state).
 */
void vedevent_exe(const struct ved_event_header *rec, char *out, size_t size);

/*
 * Write the (checked) record as one line of space-separated key=value
 * pairs into @out (always NUL-terminated).  Returns the length the full
 * line needs, like snprintf.
 */
int vedevent_format_kv(const struct ved_event_header *rec, char *out, size_t size);

/*
 * A bounded string builder.  Output is cut at size - 1 and stays
 * NUL-terminated (once something was written); len counts everything asked
 * for, as snprintf's result does, so len >= size means the text was cut.
 */
struct vedevent_buf {
	char *out;
	size_t size, len;
};

void vedevent_buf_printf(struct vedevent_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * At most @max bytes of @s (up to its NUL), with blanks, control bytes,
 * non-ASCII, '\\' and the characters of @also spelled \xNN, so the text
 * cannot break a space- or '='-separated line.
 */
void vedevent_buf_escaped(struct vedevent_buf *b, const char *s, size_t max, const char *also);

#endif /* VEDEVENT_H */
