/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A bounded on-disk FIFO of messages for one network output.  Every message
 * goes through it, so what the peer has not taken survives a peer outage
 * and a vedd restart.  Layout: 16-byte header ("VEDSPOOL" + the read offset,
 * updated in place), then records of a 4-byte length and the bytes.  The
 * live data is bounded by @max; a message that does not fit is dropped and
 * counted (the oldest ones are the ones a SIEM most needs).
 */
#ifndef VEDD_SPOOL_H
#define VEDD_SPOOL_H

#include <stdint.h>

#include "util.h"

struct spool {
	int fd;
	uint64_t head, tail;	/* read offset, end of file */
	uint64_t max;
	uint64_t dropped;
	uint32_t peeked;	/* size of the record spool_peek returned, 0 none */
	char path[4096];
};

int spool_open(struct spool *s, const char *path, uint64_t max);
void spool_close(struct spool *s);
int spool_append(struct spool *s, const void *data, uint32_t len);
/* The oldest message into @out (replacing its content): 1, 0 empty, -1 error. */
int spool_peek(struct spool *s, struct strbuf *out);
/* Forget the message spool_peek returned. */
int spool_consume(struct spool *s);
uint64_t spool_pending(const struct spool *s);

#endif
