/* SPDX-License-Identifier: GPL-2.0 */
/* Test records, shaped like the module's (module/creds.c and friends). */
#ifndef VEDD_TEST_RECORDS_H
#define VEDD_TEST_RECORDS_H

#include <string.h>

#include "vedevent.h"

union rec {
	struct ved_event_header h;
	char bytes[VED_MAX_RECORD];
};

static inline void fill_header(union rec *r, size_t payload, unsigned int type, unsigned int det,
			       unsigned int act, unsigned int sev, unsigned long long seq)
{
	memset(r, 0, sizeof(*r));
	r->h.size = (unsigned short)(sizeof(r->h) + payload);
	r->h.type = (unsigned short)type;
	r->h.version = VED_EVENT_VERSION;
	r->h.detector = (unsigned char)det;
	r->h.action = (unsigned char)act;
	r->h.severity = (unsigned char)sev;
	r->h.seq = seq;
	r->h.time_ns = 1700000000123456789ULL;	/* 2023-11-14T22:13:20.123456789Z */
	r->h.cpu = 1;
	r->h.pid = 101;
	r->h.tgid = 100;
	r->h.uid = 1000;
	r->h.euid = 1000;
	strcpy(r->h.comm, "cred-overwrite");
}

static inline void cred_record(union rec *r, unsigned long long seq)
{
	struct ved_ev_cred *c = (void *)(&r->h + 1);

	fill_header(r, sizeof(*c), VED_EV_CRED_CHANGE, VED_DET_CREDS, VED_ACT_BLOCK,
		    VED_SEV_CRITICAL, seq);
	c->where = VED_CRED_AT_CHECKPOINT;
	c->checkpoint = VED_CP_EXEC;
	c->syscall = 59;
	c->target_pid = 100;
	c->nr_changes = 2;
	c->changes[0] = (struct ved_cred_change){ VED_CRED_UID, 0, 1000, 0 };
	c->changes[1] = (struct ved_cred_change){ VED_CRED_EUID, 0, 1000, 0 };
	/* As the module reports an in-place overwrite: the header has the forged ids. */
	r->h.uid = r->h.euid = 0;
}

static inline void dropped_record(union rec *r, unsigned long long seq,
				  unsigned long long count, unsigned long long total)
{
	struct ved_ev_dropped *d = (void *)(&r->h + 1);

	fill_header(r, sizeof(*d), VED_EV_DROPPED, VED_DET_CORE, VED_ACT_NONE, VED_SEV_WARNING, seq);
	d->count = count;
	d->total = total;
}

#endif
