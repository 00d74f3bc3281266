// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: arbitrary bytes as a /dev/ved read (and as a recorded
 * file), every accepted record through every encoder; the JSON encoders'
 * output must parse back (jansson, duplicate keys refused).
 */
#include <jansson.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "ecs.h"
#include "reader.h"
#include "syslog.h"

static void must_parse(const struct strbuf *sb)
{
	json_error_t e;
	json_t *j = json_loadb(sb->data, sb->len, JSON_REJECT_DUPLICATES, &e);

	if (!j || !json_is_object(j))
		abort();
	json_decref(j);
}

static void encode_all(const struct ved_event_header *rec, void *arg)
{
	static struct vedd_host host = { "fuzz", "6.1", "x86_64", "b" };
	struct vedd_proc proc = { 0 };
	struct vedd_event ev = { rec, (arg ? &proc : NULL), &host };
	struct syslog_meta m = { 4, "fuzz", "ved", 1 };
	struct strbuf a, b;

	if (arg) {
		/* Exercise the process fields too, from the record's own bytes. */
		copy_kstr(proc.exe, sizeof(proc.exe), rec->comm, sizeof(rec->comm));
		memcpy(proc.args, rec->comm, sizeof(rec->comm));
		proc.args_len = sizeof(rec->comm);
		proc.args[proc.args_len - 1] = '\0';
		proc.argc = 1;
		proc.have_ppid = 1;
	}
	sb_init(&a, 1 << 20);
	sb_init(&b, 1 << 20);
	/* ECS splices cached text into jansson's dump: it must stay one valid document. */
	if (ecs_encode(&ev, &a) == 0)
		must_parse(&a);
	sb_reset(&a);
	if (falco_encode(&ev, &a) == 0)
		must_parse(&a);
	sb_reset(&a);
	kv_encode(&ev, &a);
	syslog_format(&ev, &m, a.data, a.len, &b);
	sb_reset(&a);
	syslog_frame_octet(&a, b.data, b.len);
	sb_free(&a);
	sb_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reader_stats st = { 0 };
	int err;

	reader_decode(&st, data, size, 0, encode_all, NULL, &err);
	memset(&st, 0, sizeof(st));
	reader_decode(&st, data, size, 1, encode_all, &st, &err);
	return 0;
}
