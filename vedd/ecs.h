/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Encoders from a record to what operators' tools read.  Each appends one
 * document (no trailing newline) to @out and returns 0, or -1 when it would
 * not fit (the buffer is bounded).
 *
 *   ecs_encode    Elastic Common Schema JSON (vedd/README.md lists the fields)
 *   falco_encode  Falco's JSON output format (time, rule, priority, output,
 *                 output_fields, source, hostname, tags)
 *   kv_encode     lib/vedevent.c's key=value line
 */
#ifndef VEDD_ECS_H
#define VEDD_ECS_H

#include "event.h"
#include "util.h"

#define VEDD_ECS_VERSION "8.11.0"
#define VEDD_VERSION "0.1.0"

int ecs_encode(const struct vedd_event *ev, struct strbuf *out);
int falco_encode(const struct vedd_event *ev, struct strbuf *out);
int kv_encode(const struct vedd_event *ev, struct strbuf *out);
/* "ved blocked: <rule> by <comm> (pid N, uid N)": ECS message, Falco output. */
void event_summary(const struct vedd_event *ev, char *out, size_t size);

#endif
