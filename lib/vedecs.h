/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A ved record in the Elastic Common Schema, as jansson objects: the one
 * encoding shared by vedd (which adds host, rule, threat and /proc
 * enrichment, vedd/ecs.c) and `vedctl events --json`.  Field choices are
 * documented in vedd/README.md ("ECS fields").
 */
#ifndef VEDECS_H
#define VEDECS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "vedevent.h"

/* Payload strings as the kernel's bytes, unescaped (vedctl's table escapes them itself). */
#define VEDECS_RAW_STRINGS	1u

/*
 * The ECS document of @rec on its own: @timestamp, event.{kind, action,
 * outcome, severity, module, dataset, provider, sequence}, process.{pid,
 * thread.id, name, parent.pid, executable}, user.id, user.effective.id and
 * ved.* with the payload under ved.<namespace>.  New reference, or NULL.
 */
json_t *vedecs_record(const struct ved_event_header *rec);

/* The payload as an object and the ved.* key it goes under; NULL for an unknown type. */
json_t *vedecs_payload(const struct ved_event_header *rec, const char **ns, unsigned int flags);

/*
 * A JSON string from at most @max bytes of @s.  Kernel strings are bytes,
 * not UTF-8: when they are not valid UTF-8, bytes >= 0x80 (and '\') are
 * written as "\xNN" text, so the output stays valid JSON and hides nothing.
 */
json_t *vedecs_kstr(const char *s, size_t max);
json_t *vedecs_hex(uint64_t v);		/* "0x..." (64-bit values do not fit JSON numbers) */
json_t *vedecs_dec(uint64_t v);		/* decimal string */

/* ECS event.kind: "alert" for detections, "event" for drops, config and unknown types. */
const char *vedecs_kind(const struct ved_event_header *rec);
/* event.severity on Elastic's risk scale: 21/47/73, 99 for panic. */
int vedecs_severity(const struct ved_event_header *rec);
/* event.outcome of the operation ved watched: block/panic "failure", log "success". */
const char *vedecs_outcome(const struct ved_event_header *rec);
/*
 * The uid/euid to report as the event's user.  The header carries the
 * task's ids when the record was made; after an in-place credential
 * overwrite those are the forged ones (0), so for a cred_change the
 * legitimate ids are the recorded old values.
 */
void vedecs_identity(const struct ved_event_header *rec, uint32_t *uid, uint32_t *euid);

/* @parent[@key] as an object, created if missing (borrowed reference). */
json_t *vedecs_child(json_t *parent, const char *key);

#endif /* VEDECS_H */
