/* SPDX-License-Identifier: GPL-2.0 */
/* One configured output: an encoder (format) and a destination (kind). */
#ifndef VEDD_SINK_H
#define VEDD_SINK_H

#include "config.h"
#include "event.h"
#include "file_sink.h"
#include "net_sink.h"

struct sink {
	struct sink_config cfg;
	struct file_out file;		/* stdout and file */
	struct net_out net;		/* syslog */
	struct strbuf enc, msg;
	unsigned int procid;
	uint64_t events, errors;
};

struct sink *sink_new(const struct sink_config *cfg, const char *state_dir, char *err, size_t errsize);
void sink_emit(struct sink *s, const struct vedd_event *ev);
/* End of a batch: write buffered lines, push network messages. */
void sink_flush(struct sink *s);
void sink_free(struct sink *s);
/* Encode @ev in @fmt into @out (no newline); 0 or -1. */
int encode_event(enum sink_format fmt, const struct vedd_event *ev, struct strbuf *out);

#endif
