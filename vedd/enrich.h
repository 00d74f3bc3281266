/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Enrichment: what a record's pid/uid mean on this host, from /proc and the
 * local user and group files.  Best effort by nature: a task that ved killed
 * may be gone before vedd looks, so every field may be missing and the
 * encoders leave out what is empty.  Names come from /etc/passwd and
 * /etc/group read directly (no NSS): a static binary, no network lookups
 * from a security daemon, and the same answer in the busybox guest.
 */
#ifndef VEDD_ENRICH_H
#define VEDD_ENRICH_H

#include <stdint.h>

#include "ved.h"

struct vedd_proc {
	int found;			/* /proc/<tgid> existed */
	char exe[512];
	char args[2048];		/* argv, NUL-separated */
	unsigned int args_len, argc;
	int have_ppid;
	uint32_t ppid;
	char parent_name[VED_COMM_LEN + 1];
	char parent_exe[512];
	int have_gid;
	uint32_t gid, egid;
	char cgroup[512];
	char container_id[65];
	/* from the record's uid/euid and the gids above */
	char user_name[64], euser_name[64], group_name[64], egroup_name[64];
};

struct vedd_host {
	char hostname[256];
	char kernel[128];
	char arch[32];
	char boot_id[40];
};

struct enricher;

/* @proc_root is "/proc" except in tests; @etc_root likewise "/etc". */
struct enricher *enricher_new(const char *proc_root, const char *etc_root);
void enricher_free(struct enricher *e);
void enrich_record(struct enricher *e, const struct ved_event_header *rec, struct vedd_proc *out);
void host_info(struct vedd_host *h, const char *hostname_override);

/* Exposed for tests: a 64-hex-digit container id in a cgroup path, or "". */
void container_id_from_cgroup(const char *cgroup, char *out, size_t size);

#endif
