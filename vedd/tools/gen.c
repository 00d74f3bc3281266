// SPDX-License-Identifier: GPL-2.0
/*
 * vedd-gen [-n COUNT] [-g EVERY] [-s START]: write a synthetic ved record
 * stream to stdout, as /dev/ved would deliver it: cred_change, config,
 * umh and wcfi records in turn, sequence numbers from START without gaps.
 * With -g, every EVERYth record is "lost" and reported by a DROPPED record,
 * as the kernel does when its buffer is full.  For benchmarks and host tests
 * of `vedd --input`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vedevent.h"

static void header(struct ved_event_header *h, size_t size, unsigned int type,
		   unsigned int det, unsigned int act, unsigned int sev, unsigned long long seq)
{
	memset(h, 0, sizeof(*h));
	h->size = (unsigned short)size;
	h->type = (unsigned short)type;
	h->version = VED_EVENT_VERSION;
	h->detector = (unsigned char)det;
	h->action = (unsigned char)act;
	h->severity = (unsigned char)sev;
	h->seq = seq;
	h->time_ns = 1700000000000000000ULL + seq * 1000;
	h->pid = h->tgid = 4242;
	h->uid = h->euid = 1000;
	strcpy(h->comm, "cred-overwrite");
	h->ppid = 4200;
	h->exe_state = VED_EXE_PATH;
	strcpy(h->exe, "/opt/lab/bin/cred-overwrite");
}

int main(int argc, char **argv)
{
	unsigned long long n = 1000, every = 0, seq = 1, lost = 0, lost_total = 0;
	static char buf[1 << 16];
	size_t used = 0;
	int opt;

	while ((opt = getopt(argc, argv, "n:g:s:")) != -1) {
		if (opt == 'n')
			n = strtoull(optarg, NULL, 10);
		else if (opt == 'g')
			every = strtoull(optarg, NULL, 10);
		else if (opt == 's')
			seq = strtoull(optarg, NULL, 10);
		else
			return 2;
	}
	for (unsigned long long i = 0; i < n; i++, seq++) {
		union {
			struct ved_event_header h;
			char b[VED_MAX_RECORD];
		} r;
		size_t size;

		memset(&r, 0, sizeof(r));
		if (every && i % every == every - 1) {
			lost++;
			continue;	/* this seq was never queued */
		}
		if (lost) {
			struct ved_ev_dropped *d = (void *)(&r.h + 1);

			lost_total += lost;
			d->count = lost;
			d->total = lost_total;
			header(&r.h, sizeof(r.h) + sizeof(*d), VED_EV_DROPPED, VED_DET_CORE,
			       VED_ACT_NONE, VED_SEV_WARNING, seq);
			lost = 0;
			goto out;
		}
		switch (i % 4) {
		case 0: {
			struct ved_ev_cred *c = (void *)(&r.h + 1);

			header(&r.h, sizeof(r.h) + sizeof(*c), VED_EV_CRED_CHANGE, VED_DET_CREDS,
			       VED_ACT_BLOCK, VED_SEV_CRITICAL, seq);
			c->where = VED_CRED_AT_CHECKPOINT;
			c->checkpoint = VED_CP_EXEC;
			c->syscall = 59;
			c->target_pid = 4242;
			c->nr_changes = 2;
			c->changes[0] = (struct ved_cred_change){ VED_CRED_UID, 0, 1000, 0 };
			c->changes[1] = (struct ved_cred_change){ VED_CRED_EUID, 0, 1000, 0 };
			break;
		}
		case 1: {
			struct ved_ev_config *c = (void *)(&r.h + 1);

			header(&r.h, sizeof(r.h) + sizeof(*c), VED_EV_CONFIG, VED_DET_CORE,
			       VED_ACT_NONE, VED_SEV_INFO, seq);
			strcpy(c->key, "sweep_ms");
			strcpy(c->old_value, "1000");
			strcpy(c->new_value, "1000");
			break;
		}
		case 2: {
			struct ved_ev_umh *u = (void *)(&r.h + 1);

			header(&r.h, sizeof(r.h) + sizeof(*u), VED_EV_UMH, VED_DET_UMH,
			       VED_ACT_BLOCK, VED_SEV_CRITICAL, seq);
			u->reason = VED_UMH_PATH_NOT_ALLOWED;
			strcpy(u->path, "/tmp/x \"quoted\" ]");
			break;
		}
		default: {
			struct ved_ev_wcfi *w = (void *)(&r.h + 1);

			header(&r.h, sizeof(r.h) + sizeof(*w), VED_EV_WCFI, VED_DET_WCFI,
			       VED_ACT_BLOCK, VED_SEV_CRITICAL, seq);
			w->reason = VED_WCFI_RET_NOT_AFTER_CALL;
			w->address = 0xffffffff81000000ULL;
			strcpy(w->symbol, "commit_creds+0x0");
			break;
		}
		}
out:
		size = r.h.size;
		if (used + size > sizeof(buf)) {
			if (fwrite(buf, 1, used, stdout) != used)
				return 1;
			used = 0;
		}
		memcpy(buf + used, &r, size);
		used += size;
	}
	if (fwrite(buf, 1, used, stdout) != used)
		return 1;
	return 0;
}
