// SPDX-License-Identifier: GPL-2.0
/* See file_sink.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file_sink.h"

#define FLUSH_AT	(256 << 10)

static int reopen(struct file_out *f)
{
	struct stat st;

	f->fd = open(f->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
	if (f->fd < 0)
		return -1;
	f->size = fstat(f->fd, &st) ? 0 : (uint64_t)st.st_size;
	return 0;
}

int file_out_open(struct file_out *f, const char *path, uint64_t max_size, unsigned int keep)
{
	memset(f, 0, sizeof(*f));
	sb_init(&f->buf, 2 * FLUSH_AT + 65536);
	f->max_size = max_size;
	f->keep = keep ? keep : 1;
	if (!strcmp(path, "-")) {
		f->is_stdout = 1;
		f->fd = 1;
		return 0;
	}
	snprintf(f->path, sizeof(f->path), "%s", path);
	return reopen(f);
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static void rotate(struct file_out *f)
{
	char from[4200], to[4200];

	close(f->fd);
	for (unsigned int i = f->keep; i > 1; i--) {
		snprintf(from, sizeof(from), "%s.%u", f->path, i - 1);
		snprintf(to, sizeof(to), "%s.%u", f->path, i);
		rename(from, to);	/* a missing older file is fine */
	}
	snprintf(to, sizeof(to), "%s.1", f->path);
	rename(f->path, to);
	f->rotations++;
	if (reopen(f))
		f->errors++;
}

int file_out_flush(struct file_out *f)
{
	int ret = 0;

	if (f->buf.len && f->fd >= 0) {
		ret = write_all(f->fd, f->buf.data, f->buf.len);
		if (ret)
			f->errors++;
		else
			f->size += f->buf.len;
	}
	sb_reset(&f->buf);
	return ret;
}

int file_out_write(struct file_out *f, const void *data, size_t len)
{
	if (f->fd < 0 && !f->is_stdout && reopen(f))
		return -1;
	/* Rotate between records, never inside one. */
	if (!f->is_stdout && f->max_size && f->size + f->buf.len + len > f->max_size &&
	    f->size + f->buf.len > 0) {
		file_out_flush(f);
		rotate(f);
	}
	if (f->buf.len + len > FLUSH_AT)
		file_out_flush(f);
	if (len > FLUSH_AT) {
		/* Too big to buffer: write through. */
		if (write_all(f->fd, data, len))
			return f->errors++, -1;
		f->size += len;
		return 0;
	}
	return sb_append(&f->buf, data, len);
}

void file_out_close(struct file_out *f)
{
	file_out_flush(f);
	if (f->fd >= 0 && !f->is_stdout)
		close(f->fd);
	f->fd = -1;
	sb_free(&f->buf);
}
