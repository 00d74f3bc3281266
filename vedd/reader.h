/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading ved's record stream: from /dev/ved (read() returns whole records)
 * or from a recorded stream in a file (records may straddle read() chunks).
 * Every record is checked with lib/vedevent.c and handed to a callback in
 * an aligned private copy.  The reader also keeps the loss accounting: the
 * kernel numbers records without gaps and a DROPPED record says how many
 * it could not queue, so any gap the kernel did not count is vedd's own loss.
 */
#ifndef VEDD_READER_H
#define VEDD_READER_H

#include <stddef.h>
#include <stdint.h>

#include "vedevent.h"

struct reader_stats {
	uint64_t records;		/* valid records delivered */
	uint64_t bad;			/* framing or validation errors */
	uint64_t kernel_dropped;	/* sum of DROPPED counts seen */
	uint64_t seq_missing;		/* sequence numbers never seen */
	uint64_t restarts;		/* the sequence went back (module reloaded) */
	uint64_t last_seq;
	/*
	 * The kernel numbers a DROPPED record when it is read, so it comes
	 * ahead of records still queued: its seq is remembered, not counted
	 * missing when the stream gets there.
	 */
	uint64_t ahead[32];
	unsigned int nahead;
	/*
	 * From the state file of an earlier run of vedd on this stream: drops
	 * it counted beyond its last record, and DROPPED records it read ahead
	 * (reader_credit()), which this run sees as gaps.
	 */
	uint64_t credit;
};

typedef void (*record_fn)(const struct ved_event_header *rec, void *arg);

struct reader {
	int fd;
	int is_device;
	int eof;
	char *buf;
	size_t cap, len;
	struct reader_stats st;
};

void reader_init(struct reader *r);
int reader_open(struct reader *r, const char *path, int is_device);
void reader_close(struct reader *r);

/*
 * Read once (non-blocking) and deliver the records: their number, 0 when
 * nothing was waiting (or end of file: r->eof), -1 on a read error.
 */
int reader_read(struct reader *r, record_fn fn, void *arg);

/*
 * Decode @len bytes of whole records (pure; used by reader_read, the unit
 * tests and the fuzzer).  Returns the bytes consumed: the last incomplete
 * record, if any, is left for the next call; stops at the first record that
 * fails validation when @strict (a file cannot resync), else skips the rest.
 */
size_t reader_decode(struct reader_stats *st, const void *buf, size_t len, int strict,
		     record_fn fn, void *arg, int *error);

/* Account one record's sequence number (exposed for the unit tests). */
void reader_account(struct reader_stats *st, const struct ved_event_header *rec);

/*
 * Records lost between the kernel and vedd: missing sequence numbers the
 * kernel did not report as dropped.  Zero in a healthy run.
 */
uint64_t reader_unexplained(const struct reader_stats *st);

/*
 * What a run stopping now leaves accounted beyond its last record: drops
 * counted but not yet matched by a gap, and the read-ahead DROPPED records'
 * own numbers.  Saved with last_seq; the next run starts with it as credit.
 */
uint64_t reader_credit(const struct reader_stats *st);

#endif
