/* SPDX-License-Identifier: GPL-2.0 */
/* jansson helpers shared by vedd's JSON encoders (ECS, Falco); the record's
 * own encoding is lib/vedecs.c. */
#ifndef VEDD_JSONUTIL_H
#define VEDD_JSONUTIL_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"
#include "vedecs.h"

/* Set @value at a dotted @path ("process.parent.pid"), creating objects; steals @value. */
void jset(json_t *root, const char *path, json_t *value);
/* A JSON string holding the compact JSON text of @j (NULL on failure). */
json_t *jtext(json_t *j);
/* Append the compact JSON text of @j to @out; 0 or -1. */
int jdump(json_t *j, struct strbuf *out);
/*
 * Encode one record with jansson allocating from a reused block (see
 * jsonutil.c); every value made in between must be freed before _end().
 */
void json_arena_begin(void);
void json_arena_end(void);

#endif
