/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An append-only output file with size-based rotation: when the next write
 * would take it past max_size, PATH.(N-1) becomes PATH.N ... PATH becomes
 * PATH.1 and a fresh PATH starts (the logrotate naming, so tools that
 * follow rotated logs work).  Writes are buffered and flushed at the end of
 * every batch of records, so a reader sees an event within one batch.
 * With @path "-" it is stdout (never rotated).
 */
#ifndef VEDD_FILE_SINK_H
#define VEDD_FILE_SINK_H

#include <stdint.h>

#include "util.h"

struct file_out {
	int fd;
	int is_stdout;
	char path[4096];
	uint64_t size, max_size;
	unsigned int keep;
	uint64_t rotations, errors;
	struct strbuf buf;
};

int file_out_open(struct file_out *f, const char *path, uint64_t max_size, unsigned int keep);
int file_out_write(struct file_out *f, const void *data, size_t len);
int file_out_flush(struct file_out *f);
void file_out_close(struct file_out *f);

#endif
