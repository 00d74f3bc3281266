/* SPDX-License-Identifier: GPL-2.0 */
/* jansson helpers shared by the JSON encoders (ECS, Falco). */
#ifndef VEDD_JSONUTIL_H
#define VEDD_JSONUTIL_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"
#include "vedevent.h"

/* Set @value at a dotted @path ("process.parent.pid"), creating objects; steals @value. */
void jset(json_t *root, const char *path, json_t *value);
/*
 * A JSON string from at most @max bytes of @s.  Kernel strings are bytes,
 * not UTF-8: when they are not valid UTF-8, bytes >= 0x80 are written as
 * "\xNN" text so that the output stays valid JSON and nothing is hidden.
 */
json_t *jstr(const char *s, size_t max);
json_t *jhex(uint64_t v);	/* "0x..." (64-bit values do not fit JSON numbers) */
json_t *ju64(uint64_t v);	/* decimal string */
/* Append the compact JSON text of @j to @out; 0 or -1. */
int jdump(json_t *j, struct strbuf *out);

/* The record's payload as an object, and the ved.* key it goes under. */
json_t *ved_payload_json(const struct ved_event_header *rec, const char **ns);

#endif
