// SPDX-License-Identifier: GPL-2.0
/*
 * vedctl's operator commands (status, set, lock, events, version): they talk
 * to a loaded ved module through /sys/module/ved, the sysctl tree
 * /proc/sys/ved and the event device /dev/ved.  The pure parts (argument
 * parsing, validation, event formatting) are declared here for the unit
 * tests.
 */
#ifndef VEDCTL_OPS_H
#define VEDCTL_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "ved.h"

/*
 * Exit status of the operator commands, on top of vedctl.h's 0/1/2 (see
 * vedctl(8)):
 *   0  done
 *   1  refused by ved (locked until reboot), or lock not confirmed
 *   2  usage error, invalid value (nothing changed), unexpected error
 *   3  ved is not loaded
 *   4  permission denied (the command needs root)
 */
#define VEDCTL_EXIT_REFUSED	1
#define VEDCTL_EXIT_NOT_LOADED	3
#define VEDCTL_EXIT_PERM	4

#define VEDCTL_VERSION "0.1.0"

/* ---- where ved's files are (a prefix for tests' fake trees) ---- */

struct ved_paths {
	char sysctl[256];	/* /proc/sys/ved */
	char module[256];	/* /sys/module/ved */
	char device[256];	/* /dev/ved */
};

void ved_paths_init(struct ved_paths *p, const char *root);
/* Whether ved is loaded (the module's sysfs directory or its sysctl tree). */
bool ved_loaded(const struct ved_paths *p);
/* "ved is not loaded (no /sys/module/ved): load it with modprobe ved"; returns 3. */
int ved_not_loaded(const char *cmd, const struct ved_paths *p);

/*
 * Read ved.KEY ("mode.creds", "lock") into @buf without its newline.
 * 0, or -errno.
 */
int ved_sysctl_read(const struct ved_paths *p, const char *key, char *buf, size_t size);
/* Write VALUE to ved.KEY in one write(); 0, or -errno (EPERM: locked, EINVAL: refused). */
int ved_sysctl_write(const struct ved_paths *p, const char *key, const char *value);

/* ---- set ---- */

#define SET_MAX 16

enum set_kind { SET_MODE, SET_PROFILE, SET_SWEEP, SET_UMH_ALLOW };

struct set_item {
	enum set_kind kind;
	char key[80];		/* sysctl key below ved.: "mode.creds", "profile" ... */
	char value[1024];
	char old[1024];		/* before the change, for rollback */
	bool written;
};

struct set_request {
	struct set_item items[SET_MAX];
	size_t n;
};

extern const char *const ved_mode_names[4];
extern const char *const ved_profile_names[4];
/* The detectors that have a mode, in ved's order (creds ... self). */
extern const char *const ved_mode_detectors[VED_DET_COUNT - 1];

/*
 * Parse and validate "NAME=VALUE" arguments: NAME is a detector (creds,
 * cpu, ..., also mode.creds / ved.mode.creds), profile, sweep_ms or
 * umh_allow.  Items are ordered so that a profile is applied before the
 * modes that refine it.  false with a message in @err (nothing to write).
 */
bool set_parse(int argc, char **argv, struct set_request *req, char *err, size_t errsize);
/* The message for a write refused with -@err ("ved is locked until reboot" ...). */
const char *set_strerror(int err);

/* ---- events ---- */

struct event_filter {
	uint32_t detectors;	/* bit per enum ved_detector; 0 = all */
	uint32_t types;		/* bit per enum ved_event_type; 0 = all */
	bool have_pid;
	uint32_t pid;		/* matches the record's pid or tgid */
	uint64_t since_ns;	/* CLOCK_REALTIME; 0 = no limit */
};

/* "creds" -> VED_DET_CREDS; -1 unknown. */
int detector_by_name(const char *name);
int event_type_by_name(const char *name);
/*
 * --since: seconds ago ("300", "90s", "5m", "2h", "1d"), "@EPOCH", or an
 * ISO 8601 time ("2025-01-31T12:00:00Z", "2025-01-31 12:00:00" local,
 * "2025-01-31T12:00:00+01:00", "2025-01-31").  @now_ns is CLOCK_REALTIME.
 */
bool parse_since(const char *text, uint64_t now_ns, uint64_t *since_ns);
bool event_matches(const struct event_filter *f, const struct ved_event_header *rec);

/* The record as one compact ECS-style JSON object (caller json_decref's). */
json_t *event_to_json(const struct ved_event_header *rec);
/* "where=checkpoint ... uid=1000->0": the payload, for the table's last column. */
void event_details(const struct ved_event_header *rec, char *out, size_t size);

struct table_style {
	bool color;
	bool utc;		/* times in UTC (tests) instead of local time */
};
void event_table_header(FILE *out, const struct table_style *st);
void event_table_row(FILE *out, const struct ved_event_header *rec, const struct table_style *st);
/* Color on a terminal only; NO_COLOR (non-empty) and TERM=dumb turn it off. */
bool want_color(int fd);

int cmd_status(int argc, char **argv);
int cmd_set(int argc, char **argv);
int cmd_lock(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_version(int argc, char **argv);

#endif
