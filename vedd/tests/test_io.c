// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka: the record decoder and loss accounting, the spool, file rotation
 * and the container id parser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "enrich.h"
#include "file_sink.h"
#include "reader.h"
#include "spool.h"
#include "records.h"

static unsigned long long seen[16];
static int nseen;

static void collect(const struct ved_event_header *rec, void *arg)
{
	(void)arg;
	/* The copy handed over is aligned. */
	assert_int_equal((uintptr_t)rec % 8, 0);
	if (nseen < 16)
		seen[nseen++] = rec->seq;
}

static size_t put(char *buf, size_t off, const union rec *r)
{
	memcpy(buf + off, r, r->h.size);
	return off + r->h.size;
}

static void decode_stream(void **state)
{
	char buf[8192];
	union rec r;
	struct reader_stats st = { 0 };
	size_t len = 1, used;	/* odd start: records need not be aligned */
	int err;

	(void)state;
	nseen = 0;
	cred_record(&r, 1);
	len = put(buf, len, &r);
	cred_record(&r, 2);
	len = put(buf, len, &r);
	/* seqs 3 and 4 lost by the kernel, reported with seq 5 */
	dropped_record(&r, 5, 2, 2);
	len = put(buf, len, &r);
	cred_record(&r, 6);
	len = put(buf, len, &r);
	used = reader_decode(&st, buf + 1, len - 1 - 10, 1, collect, NULL, &err);
	/* The last record is incomplete: left for the next read. */
	assert_int_equal(err, 0);
	assert_int_equal(nseen, 3);
	assert_int_equal(st.kernel_dropped, 2);
	assert_int_equal(reader_unexplained(&st), 0);
	used += reader_decode(&st, buf + 1 + used, len - 1 - used, 1, collect, NULL, &err);
	assert_int_equal(st.seq_missing, 2);
	assert_int_equal(reader_unexplained(&st), 0);
	assert_int_equal(used, len - 1);
	assert_int_equal(nseen, 4);
	assert_int_equal(seen[3], 6);
	assert_int_equal(st.records, 4);
}

static void decode_errors(void **state)
{
	char buf[4096];
	union rec r;
	struct reader_stats st = { 0 };
	size_t len, used;
	int err;

	(void)state;
	nseen = 0;
	cred_record(&r, 1);
	len = put(buf, 0, &r);
	cred_record(&r, 2);
	r.h.version = 99;			/* skippable: size still frames it */
	len = put(buf, len, &r);
	cred_record(&r, 3);
	r.h.size = 8;				/* unframeable */
	memcpy(buf + len, &r, sizeof(r.h));
	len += sizeof(r.h);
	used = reader_decode(&st, buf, len, 1, collect, NULL, &err);
	assert_int_equal(err, 1);
	assert_int_equal(nseen, 1);
	assert_int_equal(st.bad, 2);
	assert_int_equal(used, len - sizeof(r.h));	/* a file stops there */
	used = reader_decode(&st, buf, len, 0, NULL, NULL, &err);
	assert_int_equal(used, len);		/* a device read is dropped whole */

	/* A device never returns part of a record. */
	memset(&st, 0, sizeof(st));
	used = reader_decode(&st, buf, 20, 0, NULL, NULL, &err);
	assert_int_equal(err, 1);
}

static void accounting(void **state)
{
	struct reader_stats st = { 0 };
	union rec r;

	(void)state;
	st.last_seq = 10;			/* from the state file of the last run */
	cred_record(&r, 14);			/* 11..13 never seen, not reported */
	reader_account(&st, &r.h);
	assert_int_equal(reader_unexplained(&st), 3);
	dropped_record(&r, 15, 3, 3);		/* ... now they are */
	reader_account(&st, &r.h);
	assert_int_equal(reader_unexplained(&st), 0);
	/* A DROPPED record numbered at read time, ahead of queued records. */
	dropped_record(&r, 30, 4, 7);		/* 20..23 lost */
	reader_account(&st, &r.h);
	for (unsigned long long s = 16; s < 30; s++) {
		if (s >= 20 && s <= 23)
			continue;
		cred_record(&r, s);
		reader_account(&st, &r.h);
	}
	cred_record(&r, 31);			/* skips 30: already seen */
	reader_account(&st, &r.h);
	assert_int_equal(st.restarts, 0);
	assert_int_equal(reader_unexplained(&st), 0);
	assert_int_equal(st.seq_missing, 7);
	cred_record(&r, 1);			/* module reloaded */
	reader_account(&st, &r.h);
	assert_int_equal(st.restarts, 1);
	assert_int_equal(st.last_seq, 1);
}

/* vedd restarted: what the first run counted beyond its last record. */
static void accounting_across_restart(void **state)
{
	struct reader_stats first = { 0 }, second = { 0 };
	union rec r;

	(void)state;
	first.last_seq = 10;
	/* numbered at read, ahead of 16..19: 11..15 and 17..18 were lost */
	dropped_record(&r, 20, 7, 7);
	reader_account(&first, &r.h);
	cred_record(&r, 16);
	reader_account(&first, &r.h);
	assert_int_equal(reader_unexplained(&first), 0);
	/* stops after 16: 2 drops and the DROPPED record's own number are ahead */
	assert_int_equal(reader_credit(&first), 3);

	second.last_seq = first.last_seq;
	second.credit = reader_credit(&first);
	cred_record(&r, 19);			/* 17, 18: dropped, counted by the first run */
	reader_account(&second, &r.h);
	cred_record(&r, 21);			/* 20: read by the first run */
	reader_account(&second, &r.h);
	assert_int_equal(second.seq_missing, 3);
	assert_int_equal(reader_unexplained(&second), 0);
	second.credit = 0;			/* as before the state file carried it */
	assert_int_equal(reader_unexplained(&second), 3);
}

static char dir[64];

static int mkdir_tmp(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/vedd-test-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int rm_tmp(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static void spool_fifo(void **state)
{
	struct spool s;
	struct strbuf out;
	char path[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/a.spool", dir);
	sb_init(&out, 0);
	assert_int_equal(spool_open(&s, path, 100), 0);
	assert_int_equal(spool_append(&s, "one", 3), 0);
	assert_int_equal(spool_append(&s, "two", 3), 0);
	assert_int_equal(spool_peek(&s, &out), 1);
	assert_string_equal(sb_cstr(&out), "one");
	assert_int_equal(spool_peek(&s, &out), 1);	/* not consumed: same again */
	assert_string_equal(sb_cstr(&out), "one");
	assert_int_equal(spool_consume(&s), 0);
	spool_close(&s);

	/* Survives a restart, from where it was consumed. */
	assert_int_equal(spool_open(&s, path, 100), 0);
	assert_int_equal(spool_pending(&s), 7);
	assert_int_equal(spool_peek(&s, &out), 1);
	assert_string_equal(sb_cstr(&out), "two");
	assert_int_equal(spool_consume(&s), 0);
	assert_int_equal(spool_peek(&s, &out), 0);
	/* Bounded: what does not fit is dropped and counted. */
	for (int i = 0; i < 20; i++)
		spool_append(&s, "0123456789", 10);
	assert_int_equal(spool_pending(&s), 98);
	assert_int_equal(s.dropped, 13);
	spool_close(&s);
	sb_free(&out);
}

static void spool_compacts(void **state)
{
	struct spool s;
	struct strbuf out;
	char path[128];
	struct stat st;

	(void)state;
	snprintf(path, sizeof(path), "%s/b.spool", dir);
	sb_init(&out, 0);
	assert_int_equal(spool_open(&s, path, 64), 0);
	/* A peer that keeps one message behind: the file must not grow forever. */
	for (int i = 0; i < 1000; i++) {
		char m[16];

		snprintf(m, sizeof(m), "msg%04d", i);
		assert_int_equal(spool_append(&s, m, 7), 0);
		if (i) {
			assert_int_equal(spool_peek(&s, &out), 1);
			snprintf(m, sizeof(m), "msg%04d", i - 1);
			assert_string_equal(sb_cstr(&out), m);
			spool_consume(&s);
		}
	}
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size < 256);
	spool_close(&s);
	sb_free(&out);
}

static void file_rotation(void **state)
{
	struct file_out f;
	char path[128], rotated[140];
	struct stat st;

	(void)state;
	snprintf(path, sizeof(path), "%s/out.json", dir);
	assert_int_equal(file_out_open(&f, path, 100, 2), 0);
	for (int i = 0; i < 10; i++) {
		assert_int_equal(file_out_write(&f, "0123456789012345678901234567890123456789\n", 41), 0);
		file_out_flush(&f);
	}
	file_out_close(&f);
	/* 41-byte lines, 100-byte limit: two per file, never split. */
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 82);
	snprintf(rotated, sizeof(rotated), "%s.1", path);
	assert_int_equal(stat(rotated, &st), 0);
	assert_int_equal(st.st_size, 82);
	snprintf(rotated, sizeof(rotated), "%s.2", path);
	assert_int_equal(stat(rotated, &st), 0);
	snprintf(rotated, sizeof(rotated), "%s.3", path);
	assert_int_not_equal(stat(rotated, &st), 0);	/* keep: 2 */
	assert_int_equal(f.rotations, 4);
}

static void container_ids(void **state)
{
	char id[65];
	const char *hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	char cg[256];

	(void)state;
	snprintf(cg, sizeof(cg), "/system.slice/docker-%s.scope", hex);
	container_id_from_cgroup(cg, id, sizeof(id));
	assert_string_equal(id, hex);
	snprintf(cg, sizeof(cg), "/kubepods/besteffort/pod1/cri-containerd-%s.scope", hex);
	container_id_from_cgroup(cg, id, sizeof(id));
	assert_string_equal(id, hex);
	container_id_from_cgroup("/user.slice/user-1000.slice/session-2.scope", id, sizeof(id));
	assert_string_equal(id, "");
	snprintf(cg, sizeof(cg), "/docker/%s0", hex);	/* 65 digits: not an id */
	container_id_from_cgroup(cg, id, sizeof(id));
	assert_string_equal(id, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decode_stream),
		cmocka_unit_test(decode_errors),
		cmocka_unit_test(accounting),
		cmocka_unit_test(accounting_across_restart),
		cmocka_unit_test(spool_fifo),
		cmocka_unit_test(spool_compacts),
		cmocka_unit_test(file_rotation),
		cmocka_unit_test(container_ids),
	};
	return cmocka_run_group_tests(tests, mkdir_tmp, rm_tmp);
}
