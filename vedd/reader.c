// SPDX-License-Identifier: GPL-2.0
/* See reader.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reader.h"
#include "util.h"

/* 64 maximal records: one read() drains a busy device in few calls. */
#define READ_CHUNK	(64 * VED_MAX_RECORD)

void reader_init(struct reader *r)
{
	memset(r, 0, sizeof(*r));
	r->fd = -1;
}

int reader_open(struct reader *r, const char *path, int is_device)
{
	r->is_device = is_device;
	r->eof = 0;
	r->len = 0;
	if (!is_device && !strcmp(path, "-"))
		r->fd = dup(0);
	else
		r->fd = open(path, O_RDONLY | O_CLOEXEC | (is_device ? O_NONBLOCK : 0));
	if (r->fd < 0)
		return -1;
	if (!r->buf) {
		r->cap = 2 * READ_CHUNK;
		r->buf = malloc(r->cap);
		if (!r->buf) {
			close(r->fd);
			r->fd = -1;
			errno = ENOMEM;
			return -1;
		}
	}
	return 0;
}

void reader_close(struct reader *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	free(r->buf);
	r->buf = NULL;
}

/* Sequence numbers in (from, to) already seen out of order: forget them. */
static uint64_t take_ahead(struct reader_stats *st, uint64_t from, uint64_t to)
{
	uint64_t n = 0;

	for (unsigned int i = 0; i < st->nahead; ) {
		if (st->ahead[i] > from && st->ahead[i] < to) {
			st->ahead[i] = st->ahead[--st->nahead];
			n++;
		} else {
			i++;
		}
	}
	return n;
}

void reader_account(struct reader_stats *st, const struct ved_event_header *rec)
{
	if (rec->type == VED_EV_DROPPED && rec->size >= sizeof(*rec) + sizeof(struct ved_ev_dropped)) {
		struct ved_ev_dropped d;

		memcpy(&d, rec + 1, sizeof(d));
		st->kernel_dropped += d.count;
		if (st->last_seq && rec->seq > st->last_seq + 1) {
			if (st->nahead < sizeof(st->ahead) / sizeof(st->ahead[0]))
				st->ahead[st->nahead++] = rec->seq;
			return;
		}
	}
	if (st->last_seq && rec->seq <= st->last_seq) {
		/*
		 * The sequence went back: ved.ko was reloaded and counts from 1
		 * again.  What was missing stays counted; a new stream starts.
		 */
		st->restarts++;
		st->nahead = 0;
		st->credit = 0;
	} else if (st->last_seq && rec->seq > st->last_seq + 1) {
		st->seq_missing += rec->seq - st->last_seq - 1 -
				   take_ahead(st, st->last_seq, rec->seq);
	}
	st->last_seq = rec->seq;
}

uint64_t reader_unexplained(const struct reader_stats *st)
{
	uint64_t explained = st->kernel_dropped + st->credit;

	return st->seq_missing > explained ? st->seq_missing - explained : 0;
}

uint64_t reader_credit(const struct reader_stats *st)
{
	uint64_t explained = st->kernel_dropped + st->credit;

	return (explained > st->seq_missing ? explained - st->seq_missing : 0) + st->nahead;
}

size_t reader_decode(struct reader_stats *st, const void *buf, size_t len, int strict,
		     record_fn fn, void *arg, int *error)
{
	/* Callbacks get an aligned copy: a file's records need not be aligned. */
	static _Thread_local union {
		struct ved_event_header hdr;
		char bytes[VED_MAX_RECORD];
	} rec;
	const char *p = buf;
	size_t off = 0, size;

	*error = 0;
	while (off < len) {
		int err = vedevent_check(p + off, len - off, &size);
		struct ved_event_header h;

		if (err == VEDEVENT_SHORT) {
			/* A file's next chunk may complete it; a device never splits one. */
			if (!strict)
				goto bad;
			break;
		}
		if (err == VEDEVENT_BAD_VERSION || err == VEDEVENT_BAD_PAYLOAD) {
			/* The size still frames the record: skip just this one. */
			memcpy(&h, p + off, sizeof(h));
			st->bad++;
			off += h.size;
			continue;
		}
		if (err)
			goto bad;
		memcpy(rec.bytes, p + off, size);
		memset(rec.bytes + size, 0, sizeof(rec.bytes) - size);
		reader_account(st, &rec.hdr);
		st->records++;
		if (fn)
			fn(&rec.hdr, arg);
		off += size;
	}
	return off;
bad:
	st->bad++;
	*error = 1;
	/* On a device every read() starts on a record: drop the rest of it. */
	return strict ? off : len;
}

int reader_read(struct reader *r, record_fn fn, void *arg)
{
	uint64_t before = r->st.records;
	ssize_t got;
	size_t used;
	int error;

	if (r->fd < 0 || r->eof)
		return 0;
	if (r->cap - r->len < READ_CHUNK) {
		errno = ENOBUFS;
		return -1;
	}
	got = read(r->fd, r->buf + r->len, READ_CHUNK);
	if (got < 0)
		return (errno == EAGAIN || errno == EINTR) ? 0 : -1;
	if (got == 0) {
		if (!r->is_device)
			r->eof = 1;
		if (r->len)
			r->st.bad++;	/* a truncated last record */
		r->len = 0;
		return 0;
	}
	r->len += (size_t)got;
	used = reader_decode(&r->st, r->buf, r->len, !r->is_device, fn, arg, &error);
	if (error && !r->is_device) {
		log_err("input: bad record at offset %zu of a read: giving up on the file", used);
		r->eof = 1;
		r->len = 0;
		return -1;
	}
	memmove(r->buf, r->buf + used, r->len - used);
	r->len -= used;
	return (int)(r->st.records - before);
}
