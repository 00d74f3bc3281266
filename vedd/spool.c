// SPDX-License-Identifier: GPL-2.0
/* See spool.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spool.h"

#define HDR	16
static const char magic[8] = "VEDSPOOL";

static int write_head(struct spool *s)
{
	return pwrite(s->fd, &s->head, 8, 8) == 8 ? 0 : -1;
}

static int reset(struct spool *s)
{
	char hdr[HDR];

	memcpy(hdr, magic, 8);
	s->head = s->tail = HDR;
	memcpy(hdr + 8, &s->head, 8);
	if (ftruncate(s->fd, 0) || pwrite(s->fd, hdr, HDR, 0) != HDR)
		return -1;
	return 0;
}

int spool_open(struct spool *s, const char *path, uint64_t max)
{
	char hdr[HDR];
	struct stat st;

	memset(s, 0, sizeof(*s));
	snprintf(s->path, sizeof(s->path), "%s", path);
	s->max = max;
	s->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (s->fd < 0)
		return -1;
	if (fstat(s->fd, &st))
		goto fail;
	if (st.st_size < HDR || pread(s->fd, hdr, HDR, 0) != HDR || memcmp(hdr, magic, 8))
		return reset(s) ? (close(s->fd), -1) : 0;
	memcpy(&s->head, hdr + 8, 8);
	s->tail = (uint64_t)st.st_size;
	if (s->head < HDR || s->head > s->tail) {
		/* A damaged header: better resend from the start than lose all. */
		s->head = HDR;
		write_head(s);
	}
	return 0;
fail:
	close(s->fd);
	s->fd = -1;
	return -1;
}

void spool_close(struct spool *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

uint64_t spool_pending(const struct spool *s)
{
	return s->tail - s->head;
}

/* Move the live records to the front once the consumed space outgrows them. */
static int compact(struct spool *s)
{
	char buf[65536];
	uint64_t from = s->head, to = HDR;

	while (from < s->tail) {
		size_t n = s->tail - from < sizeof(buf) ? (size_t)(s->tail - from) : sizeof(buf);
		ssize_t got = pread(s->fd, buf, n, (off_t)from);

		if (got <= 0 || pwrite(s->fd, buf, (size_t)got, (off_t)to) != got)
			return -1;
		from += (uint64_t)got;
		to += (uint64_t)got;
	}
	/*
	 * Not crash-atomic: a crash here can resend some messages (the head
	 * still points at the old offset), never lose them.
	 */
	s->head = HDR;
	s->tail = to;
	if (write_head(s) || ftruncate(s->fd, (off_t)to))
		return -1;
	return 0;
}

int spool_append(struct spool *s, const void *data, uint32_t len)
{
	char lenbuf[4];

	if (spool_pending(s) + 4 + len > s->max) {
		s->dropped++;
		return -1;
	}
	if (s->head - HDR > s->max && compact(s))
		return -1;
	memcpy(lenbuf, &len, 4);
	if (pwrite(s->fd, lenbuf, 4, (off_t)s->tail) != 4 ||
	    pwrite(s->fd, data, len, (off_t)s->tail + 4) != (ssize_t)len) {
		s->dropped++;
		return -1;
	}
	s->tail += 4 + (uint64_t)len;
	return 0;
}

int spool_peek(struct spool *s, struct strbuf *out)
{
	uint32_t len;

	sb_reset(out);
	s->peeked = 0;
	if (s->head >= s->tail)
		return 0;
	if (pread(s->fd, &len, 4, (off_t)s->head) != 4 || s->head + 4 + len > s->tail) {
		/* Torn last record (crash mid-append): drop the tail. */
		s->tail = s->head;
		return 0;
	}
	if ((uint64_t)len + 1 > out->max)
		return -1;
	for (uint64_t off = s->head + 4, left = len; left; ) {
		char tmp[8192];
		size_t n = left < sizeof(tmp) ? (size_t)left : sizeof(tmp);

		if (pread(s->fd, tmp, n, (off_t)off) != (ssize_t)n || sb_append(out, tmp, n))
			return -1;
		off += n;
		left -= n;
	}
	s->peeked = 4 + len;
	return 1;
}

int spool_consume(struct spool *s)
{
	if (!s->peeked)
		return 0;
	s->head += s->peeked;
	s->peeked = 0;
	if (s->head == s->tail)
		return reset(s);
	return write_head(s);
}
