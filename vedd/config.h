/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vedd's configuration file (YAML, parsed with libyaml; see vedd.yaml for
 * the documented example).  Loading is all-or-nothing: on any problem the
 * caller gets "FILE:LINE: problem" and the previous configuration stays.
 */
#ifndef VEDD_CONFIG_H
#define VEDD_CONFIG_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#define VEDD_MAX_SINKS	16

enum sink_kind { SINK_STDOUT, SINK_FILE, SINK_SYSLOG };
enum sink_format { FMT_ECS, FMT_FALCO, FMT_KV, FMT_RAW };
enum sink_transport { TR_UDP, TR_TCP, TR_TLS };

struct sink_config {
	char name[64];		/* unique; names the spool file */
	int line;		/* where it was defined, for messages */
	enum sink_kind kind;
	enum sink_format format;
	/* file */
	char path[PATH_MAX];
	uint64_t max_size;	/* rotate above this size; 0 never */
	unsigned int keep;	/* rotated files kept (path.1 .. path.N) */
	/* syslog */
	enum sink_transport transport;
	char host[256];
	char port[16];
	int facility;		/* 0..23 */
	char app_name[49];
	size_t max_message;	/* UDP datagrams are cut to this */
	uint64_t spool_max;	/* bytes of on-disk spool while the peer is down */
	unsigned int retry_min_ms, retry_max_ms;
	char ca_file[PATH_MAX], cert_file[PATH_MAX], key_file[PATH_MAX];
	char server_name[256];
	int tls_verify;
};

struct vedd_config {
	char source[PATH_MAX];	/* the file it came from */
	char device[PATH_MAX];
	char state_dir[PATH_MAX];
	char user[64];		/* drop to this user after opening the device */
	char hostname[256];	/* empty: gethostname() */
	int enrich;
	int log_level;
	size_t queue_max;	/* records held in memory per batch */
	unsigned int nsinks;
	struct sink_config sinks[VEDD_MAX_SINKS];
};

void config_defaults(struct vedd_config *cfg);
/* 0 on success; -1 with "NAME:LINE: problem" in @err. */
int config_load_file(const char *path, struct vedd_config *cfg, char *err, size_t errsize);
int config_load_string(const char *name, const char *text, size_t len,
		       struct vedd_config *cfg, char *err, size_t errsize);

const char *sink_format_name(enum sink_format f);
const char *sink_kind_name(enum sink_kind k);
const char *sink_transport_name(enum sink_transport t);

#endif
