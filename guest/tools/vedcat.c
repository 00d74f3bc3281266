// SPDX-License-Identifier: GPL-2.0
/*
 * vedcat [-f] [-n MAX]: print the records waiting on /dev/ved, one
 * key=value line each (lib/vedevent.c).  Without -f it stops when no record
 * is left; with -f it waits for more.  A test-bed tool: operators use
 * `vedctl events`.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vedevent.h"

static int print_records(const char *buf, size_t len)
{
	char line[4096];
	size_t off = 0, size;
	int n = 0, err;

	while (off < len) {
		err = vedevent_check(buf + off, len - off, &size);
		if (err) {
			fprintf(stderr, "vedcat: bad record at byte %zu: %s\n", off,
				vedevent_strerror(err));
			return -1;
		}
		vedevent_format_kv((const void *)(buf + off), line, sizeof(line));
		puts(line);
		off += size;
		n++;
	}
	fflush(stdout);
	return n;
}

int main(int argc, char **argv)
{
	static char buf[64 * VED_MAX_RECORD];
	int follow = 0, fd, opt;
	long max = -1, seen = 0;

	while ((opt = getopt(argc, argv, "fn:")) != -1) {
		if (opt == 'f')
			follow = 1;
		else if (opt == 'n')
			max = strtol(optarg, NULL, 10);
		else
			return 2;
	}
	fd = open(VED_DEVICE, O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		fprintf(stderr, "vedcat: %s: %s\n", VED_DEVICE, strerror(errno));
		return 1;
	}
	while (max < 0 || seen < max) {
		ssize_t got = read(fd, buf, sizeof(buf));
		int n;

		if (got < 0 && errno == EAGAIN) {
			struct pollfd p = { .fd = fd, .events = POLLIN };

			if (!follow)
				break;
			poll(&p, 1, -1);
			continue;
		}
		if (got < 0) {
			fprintf(stderr, "vedcat: read: %s\n", strerror(errno));
			return 1;
		}
		n = print_records(buf, (size_t)got);
		if (n < 0)
			return 1;
		seen += n;
	}
	return 0;
}
