// SPDX-License-Identifier: GPL-2.0
/*
 * core-badio: hostile input to ved's configuration and event device, for
 * tests/guest/core-*.sh.  Prints one line per check ("ok ..." or
 * "FAIL ..."), exits 0 only when every check passed.
 *
 *   core-badio sysctl NAME    hostile writes to /proc/sys/ved/NAME (empty,
 *                             overlong, offset, split, NUL-embedded, binary,
 *                             out of range): each fails with EINVAL, the
 *                             value is unchanged, and a config record with
 *                             result=-22 for the key follows
 *   core-badio locked NAME VALUE   a well-formed write of VALUE fails with
 *                             EPERM (configuration locked), value unchanged,
 *                             config record with result=-1
 *   core-badio dev            /dev/ved as root: short reads refused without
 *                             losing the record, whole records only, no
 *                             write/ioctl/mmap, a faulting read loses nothing
 *   core-badio dev-user       /dev/ved as a user: open refused
 *   core-badio flood N        N refused config writes while nobody reads:
 *                             the reader then gets a DROPPED record first,
 *                             ved.stats.dropped matches, and sequence numbers
 *                             have exactly the gaps the record explains
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ved.h"

static int failures;

static void check(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void check(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s ", cond ? "ok" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!cond)
		failures++;
}



/* ---- /dev/ved records ---- */

struct rec {
	struct ved_event_header hdr;
	union {
		struct ved_ev_config cfg;
		struct ved_ev_dropped drop;
		char raw[VED_MAX_RECORD - sizeof(struct ved_event_header)];
	};
};

static int dev_fd = -1;

static int dev_open(void)
{
	if (dev_fd < 0)
		dev_fd = open(VED_DEVICE, O_RDONLY | O_NONBLOCK);
	if (dev_fd < 0) {
		perror(VED_DEVICE);
		exit(1);
	}
	return dev_fd;
}

/* Read every waiting record into @out (at most @max); returns the count. */
static int drain(struct rec *out, int max)
{
	static char buf[64 * VED_MAX_RECORD];
	int n = 0;

	for (;;) {
		ssize_t got = read(dev_open(), buf, sizeof(buf)), off = 0;

		if (got < 0 && errno == EAGAIN)
			return n;
		if (got < 0) {
			perror("read /dev/ved");
			exit(1);
		}
		while (off < got) {
			struct ved_event_header *h = (void *)(buf + off);

			if (h->size < sizeof(*h) || h->size > VED_MAX_RECORD || off + h->size > got) {
				check(0, "record at %zd has size %u", off, h->size);
				exit(1);
			}
			if (n < max) {
				memset(&out[n], 0, sizeof(out[n]));
				memcpy(&out[n], h, h->size);
			}
			n++;
			off += h->size;
		}
	}
}

/* ---- sysctl ---- */

static char path[256], key[64];

static void read_value(char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0) {
		perror(path);
		exit(1);
	}
	n = read(fd, buf, size - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fd);
}

/*
 * One hostile write: @len bytes of @data at offset @off (-1: plain write),
 * optionally preceded on the same descriptor by @first (a split write).
 * Expect errno @want, the value unchanged, and config records for @key
 * with result -@want (one per refused write).
 */
static void hostile(const char *what, const char *first, const void *data, size_t len,
		    off_t off, int want)
{
	char before[256], after[256];
	struct rec recs[8];
	int fd, n, i, matched = 0, expected = 1, e1 = 0, e2;
	ssize_t r;

	drain(recs, 0);
	read_value(before, sizeof(before));
	fd = open(path, O_WRONLY);
	if (fd < 0) {
		check(0, "%s: open %s: %s", key, path, strerror(errno));
		return;
	}
	if (first) {
		expected = 2;
		r = write(fd, first, strlen(first));
		e1 = r < 0 ? errno : 0;
	}
	r = off < 0 ? write(fd, data, len) : pwrite(fd, data, len, off);
	e2 = r < 0 ? errno : 0;
	close(fd);
	read_value(after, sizeof(after));
	n = drain(recs, 8);
	for (i = 0; i < n && i < 8; i++)
		if (recs[i].hdr.type == VED_EV_CONFIG &&
		    !strncmp(recs[i].cfg.key, key, sizeof(recs[i].cfg.key)) &&
		    recs[i].cfg.result == -want)
			matched++;
	check(r < 0 && e2 == want && (!first || e1 == want) && !strcmp(before, after) &&
	      matched == expected && n == expected,
	      "%s %s: %s (errno %s), value %s, %d/%d config records with result=%d (%d records)",
	      key, what, r < 0 ? "refused" : "ACCEPTED", strerror(e2),
	      strcmp(before, after) ? "CHANGED" : "unchanged", matched, expected, -want, n);
	if (strcmp(before, after))
		printf("  before: %s  after: %s\n", before, after);
}

#define W(what, s) hostile(what, NULL, s, sizeof(s) - 1, -1, EINVAL)

static int sysctl_bad(const char *name)
{
	static char big[1 << 20];
	char cur[256], *p;
	unsigned char bin[] = { 0xff, 0xfe, 0x80, 0x01, 0x00, 0x7f, 0x1b, 0x5b, 0x32, 0x4a };

	snprintf(path, sizeof(path), "/proc/sys/ved/%s", name);
	snprintf(key, sizeof(key), "%s", name);
	for (p = key; *p; p++)
		if (*p == '/')
			*p = '.';
	read_value(cur, sizeof(cur));
	cur[strcspn(cur, "\n")] = '\0';

	/* Any sysctl. */
	hostile("empty write", NULL, "", 0, -1, EINVAL);
	/* An empty value (may be valid for a list, e.g. umh_allow). */
	if (!strncmp(name, "mode/", 5) || !strcmp(name, "profile") || !strcmp(name, "lock") ||
	    !strcmp(name, "sweep_ms")) {
		W("newline only", "\n");
		W("blanks only", "   \t \n");
	}
	W("garbage string", "garbage!");
	W("binary garbage", "\xff\xfe\x80\x01\x7f\x1b[2J");
	hostile("binary with NUL", NULL, bin, sizeof(bin), -1, EINVAL);
	memset(big, 'A', 4096);
	hostile("overlong 4 KiB", NULL, big, 4096, -1, EINVAL);
	memset(big, '1', sizeof(big));
	hostile("overlong 1 MiB", NULL, big, sizeof(big), -1, EINVAL);
	/* The current value itself, at an offset: a partial write. */
	hostile("current value at offset 1", NULL, cur, strlen(cur), 1, EINVAL);
	hostile("current value at offset 4096", NULL, cur, strlen(cur), 4096, EINVAL);

	/* Per kind. */
	if (!strncmp(name, "mode/", 5)) {
		W("unknown mode", "enforce");
		W("upper case", "BLOCK");
		W("trailing junk", "blockx");
		W("two words", "log block");
		W("number", "2");
		W("NUL then junk", "off\0junk");
		hostile("split write lo+g", "lo", "g", 1, -1, EINVAL);
	} else if (!strcmp(name, "profile")) {
		W("unknown profile", "paranoid");
		W("upper case", "DEFAULT");
		W("custom (read-only name)", "custom");
		W("two words", "strict off");
		W("NUL then junk", "off\0junk");
		hostile("split write def+ault", "def", "ault", 4, -1, EINVAL);
	} else if (!strcmp(name, "lock")) {
		W("2", "2");
		W("-1", "-1");
		W("yes", "yes");
		W("11", "11");
		W("0x1", "0x1");
		W("NUL then junk", "0\0junk");
	} else if (!strcmp(name, "sweep_ms")) {
		W("below range 99", "99");
		W("zero", "0");
		W("above range 60001", "60001");
		W("negative", "-1000");
		W("int overflow", "2147483648");
		W("huge", "99999999999999999999999999");
		W("hex", "0x200");
		W("exponent", "1e3");
		W("trailing junk", "500ms");
		W("NUL then junk", "500\0junk");
		hostile("split write 5+00", "5", "00", 2, -1, EINVAL);
	}
	return failures ? 1 : 0;
}

static int locked_write(const char *name, const char *value)
{
	snprintf(path, sizeof(path), "/proc/sys/ved/%s", name);
	snprintf(key, sizeof(key), "%s", name);
	for (char *p = key; *p; p++)
		if (*p == '/')
			*p = '.';
	hostile(value, NULL, value, strlen(value), -1, EPERM);
	return failures ? 1 : 0;
}

/* ---- /dev/ved ---- */

/* A refused config write: exactly one new record. */
static void make_event(void)
{
	int fd = open("/proc/sys/ved/sweep_ms", O_WRONLY);

	if (fd < 0 || write(fd, "junk", 4) != -1) {
		check(0, "make_event");
		exit(1);
	}
	close(fd);
}

static int dev(void)
{
	static char buf[4 * VED_MAX_RECORD];
	struct rec recs[4];
	struct ved_event_header *h = (void *)buf;
	unsigned long long seq;
	char *map;
	ssize_t r;
	int fd, n;

	drain(recs, 0);
	make_event();
	r = read(dev_open(), buf, VED_MAX_RECORD - 1);
	check(r == -1 && errno == EINVAL, "read of VED_MAX_RECORD-1 bytes refused with EINVAL (%zd %s)",
	      r, strerror(errno));
	r = read(dev_open(), buf, 1);
	check(r == -1 && errno == EINVAL, "read of 1 byte refused with EINVAL");
	r = read(dev_open(), buf, 0);
	check(r == -1 && errno == EINVAL, "read of 0 bytes refused with EINVAL (%zd)", r);
	r = read(dev_open(), buf, VED_MAX_RECORD);
	check(r > 0 && r == h->size && h->type == VED_EV_CONFIG && h->version == VED_EVENT_VERSION,
	      "read of VED_MAX_RECORD bytes: one whole record, not lost by the short reads (%zd bytes, type %u)",
	      r, r > 0 ? h->type : 0);
	seq = r > 0 ? h->seq : 0;

	/*
	 * read() goes on while VED_MAX_RECORD bytes are left: two records and
	 * a buffer of VED_MAX_RECORD + 100 bytes give one whole record.
	 */
	make_event();
	make_event();
	r = read(dev_open(), buf, VED_MAX_RECORD + 100);
	check(r == h->size, "read of VED_MAX_RECORD+100 bytes returns one whole record (%zd)", r);
	r = read(dev_open(), buf, sizeof(buf));
	check(r == h->size && h->seq == seq + 2, "and the second one stays for the next read (seq %llu)",
	      r > 0 ? (unsigned long long)h->seq : 0ULL);
	seq += 2;

	/* A faulting read: EFAULT, and the record is still there. */
	make_event();
	r = syscall(SYS_read, dev_open(), (void *)8, VED_MAX_RECORD);
	check(r == -1 && errno == EFAULT, "read into an unmapped address fails with EFAULT");
	r = read(dev_open(), buf, sizeof(buf));
	check(r > 0 && h->seq == seq + 1 && r == h->size,
	      "the record a faulting read could not deliver is not lost (seq %llu, want %llu)",
	      r > 0 ? (unsigned long long)h->seq : 0ULL, seq + 1);
	seq++;
	/* Room for several records, but only the first fits before a hole. */
	map = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(map + 4096, 4096);
	make_event();
	make_event();
	/* A config record is 184 bytes: the second one crosses the hole. */
	h = (void *)(map + 4096 - (sizeof(struct ved_event_header) + sizeof(struct ved_ev_config) + 16));
	r = read(dev_open(), h, 4 * VED_MAX_RECORD);
	check(r > 0 && r == h->size && h->seq == seq + 1,
	      "read running into unmapped memory returns the whole records it delivered (%zd, seq %llu)",
	      r, r > 0 ? (unsigned long long)h->seq : 0ULL);
	h = (void *)buf;
	r = read(dev_open(), buf, sizeof(buf));
	check(r > 0 && h->seq == seq + 2, "and the record it could not deliver comes next (seq %llu, want %llu)",
	      r > 0 ? (unsigned long long)h->seq : 0ULL, seq + 2);
	n = drain(recs, 4);
	check(n == 0, "nothing else waiting (%d)", n);

	/* No write, ioctl or mmap. */
	r = write(dev_open(), buf, VED_MAX_RECORD);
	check(r == -1, "write on a read-only descriptor refused (%s)", strerror(errno));
	fd = open(VED_DEVICE, O_RDWR);
	if (fd >= 0) {
		memset(buf, 0x41, sizeof(buf));
		r = write(fd, buf, VED_MAX_RECORD);
		check(r == -1, "write on O_RDWR refused (%s)", strerror(errno));
		r = ioctl(fd, 0, 0);
		check(r == -1, "ioctl refused (%s)", strerror(errno));
		map = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
		check(map == MAP_FAILED, "mmap refused (%s)", strerror(errno));
		close(fd);
	} else {
		check(1, "open O_RDWR refused (%s)", strerror(errno));
	}
	n = drain(recs, 4);
	check(n == 0, "no record appeared from the refused operations (%d)", n);
	return failures ? 1 : 0;
}

static int dev_user(void)
{
	int fd = open(VED_DEVICE, O_RDONLY);

	check(fd < 0 && (errno == EACCES || errno == EPERM), "uid %u: open O_RDONLY refused (%s)",
	      getuid(), fd < 0 ? strerror(errno) : "opened");
	fd = open(VED_DEVICE, O_WRONLY);
	check(fd < 0, "uid %u: open O_WRONLY refused (%s)", getuid(),
	      fd < 0 ? strerror(errno) : "opened");
	return failures ? 1 : 0;
}

/* ---- flood ---- */

static unsigned long long stat_value(const char *name)
{
	char p[128], buf[64];
	int fd;
	ssize_t n;

	snprintf(p, sizeof(p), "/proc/sys/ved/stats/%s", name);
	fd = open(p, O_RDONLY);
	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (n <= 0) {
		perror(p);
		exit(1);
	}
	buf[n] = '\0';
	close(fd);
	return strtoull(buf, NULL, 10);
}

static int flood(int count)
{
	static struct rec recs[20000];
	unsigned long long e0, d0, e1, d1, seq0, lo, hi, prev;
	unsigned long long missing, normal = 0, ordered = 1;
	int fd, i, n, refused = 0, max = sizeof(recs) / sizeof(recs[0]);
	static unsigned char seen[20000];

	/* A known starting point: one record whose sequence number we see. */
	drain(recs, 0);
	make_event();
	n = drain(recs, 4);
	if (n != 1) {
		check(0, "flood: expected one record before the flood, got %d", n);
		return 1;
	}
	seq0 = recs[0].hdr.seq;
	e0 = stat_value("events");
	d0 = stat_value("dropped");
	fd = open("/proc/sys/ved/sweep_ms", O_WRONLY);
	for (i = 0; i < count; i++)
		if (write(fd, "flood", 5) == -1 && errno == EINVAL)
			refused++;
	close(fd);
	e1 = stat_value("events");
	d1 = stat_value("dropped");
	check(refused == count, "flood: %d/%d writes refused (one config record each)", refused, count);
	check(e1 - e0 + d1 - d0 == (unsigned long long)count,
	      "flood: ved.stats.events (+%llu) + ved.stats.dropped (+%llu) = %d generated",
	      e1 - e0, d1 - d0, count);
	check(d1 > d0, "flood: the buffer overflowed (%llu dropped)", d1 - d0);

	n = drain(recs, max);
	check(n <= max, "flood: read %d records", n);
	if (n < 1 || n > max)
		return 1;
	check(recs[0].hdr.type == VED_EV_DROPPED, "flood: the first record is DROPPED (type %u)",
	      recs[0].hdr.type);
	check(recs[0].drop.count == d1 - d0 && recs[0].drop.total == d1,
	      "flood: DROPPED says count=%llu total=%llu; stats say %llu, %llu",
	      (unsigned long long)recs[0].drop.count, (unsigned long long)recs[0].drop.total,
	      d1 - d0, d1);
	/* The generated records have sequence numbers seq0+1 .. seq0+count. */
	lo = seq0 + 1;
	hi = seq0 + count;
	memset(seen, 0, sizeof(seen));
	prev = 0;
	for (i = 1; i < n; i++) {
		unsigned long long s = recs[i].hdr.seq;

		if (recs[i].hdr.type == VED_EV_DROPPED) {
			check(0, "flood: a second DROPPED record at %d", i);
			continue;
		}
		if (recs[i].hdr.type != VED_EV_CONFIG || s < lo || s > hi || seen[s - lo]) {
			check(0, "flood: record %d: type %u seq %llu outside %llu..%llu or repeated",
			      i, recs[i].hdr.type, s, lo, hi);
			continue;
		}
		if (s < prev)
			ordered = 0;
		prev = s;
		seen[s - lo] = 1;
		normal++;
	}
	missing = 0;
	for (i = 0; i < count; i++)
		missing += !seen[i];
	check(normal == e1 - e0, "flood: %llu records delivered = ved.stats.events increase %llu",
	      normal, e1 - e0);
	check(missing == recs[0].drop.count,
	      "flood: %llu sequence numbers missing = %llu dropped (gaps fully explained)",
	      missing, (unsigned long long)recs[0].drop.count);
	check(ordered, "flood: delivered in sequence order");
	check(recs[0].hdr.seq > hi, "flood: DROPPED record numbered after the flood (%llu)",
	      (unsigned long long)recs[0].hdr.seq);
	/* Drops are reported once: the next reader sees no stale DROPPED. */
	make_event();
	n = drain(recs, 4);
	check(n == 1 && recs[0].hdr.type == VED_EV_CONFIG, "flood: afterwards, records flow normally");
	return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "sysctl"))
		return sysctl_bad(argv[2]);
	if (argc >= 4 && !strcmp(argv[1], "locked"))
		return locked_write(argv[2], argv[3]);
	if (argc >= 2 && !strcmp(argv[1], "dev"))
		return dev();
	if (argc >= 2 && !strcmp(argv[1], "dev-user"))
		return dev_user();
	if (argc >= 3 && !strcmp(argv[1], "flood"))
		return flood(atoi(argv[2]));
	fprintf(stderr, "usage: core-badio sysctl NAME | locked NAME VALUE | dev | dev-user | flood N\n");
	return 2;
}
