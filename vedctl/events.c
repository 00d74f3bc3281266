// SPDX-License-Identifier: GPL-2.0
/* vedctl events: read ved's records from /dev/ved (or a capture), filter, print. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ops.h"
#include "util.h"
#include "vedctl.h"
#include "vedevent.h"

static const char events_usage[] =
"usage: vedctl events [OPTIONS]\n"
"\n"
"Print ved's event records: those waiting on /dev/ved, then (with --follow)\n"
"new ones as they come.  Reading /dev/ved takes the records: a record read\n"
"here (even one filtered out) is not seen by another reader, such as vedd.\n"
"Needs root.\n"
"\n"
"Output (default: a table, colored on a terminal unless NO_COLOR is set):\n"
"  --json             one JSON object per line (ECS field names, as vedd)\n"
"  --kv               one key=value line per record (as vedcat)\n"
"  --color WHEN       auto (default), always or never\n"
"  --utc              table times in UTC instead of local time\n"
"\n"
"Filters (all must match):\n"
"  --detector NAME    core, creds, cpu, umh, wcfi, integrity, rootkit, self\n"
"                     (repeatable, or a comma-separated list)\n"
"  --type NAME        record type: cred_change, usermode_helper, wcfi ...\n"
"                     (repeatable, or a comma-separated list)\n"
"  --pid N            records of process or thread N\n"
"  --since TIME       records from TIME on: seconds ago (300, 90s, 5m, 2h,\n"
"                     1d), @EPOCH, or ISO 8601 (2025-01-31T12:00:00Z,\n"
"                     '2025-01-31 12:00' local time, 2025-01-31)\n"
"\n"
"Other options:\n"
"  -f, --follow       keep waiting for new records (Ctrl-C ends)\n"
"  -n, --count N      stop after N matching records\n"
"  --input FILE       read records from FILE (a capture of /dev/ved, '-' for\n"
"                     standard input) instead of the device\n"
"  --root DIR         ved's files below DIR (for tests)\n"
"  -h, --help         this text\n"
"\n"
"Exit status: 0 done (also when no record matched); 2 usage error, bad\n"
"record or read error; 3 ved is not loaded; 4 not root.\n";

enum { OPT_JSON = 256, OPT_KV, OPT_COLOR, OPT_UTC, OPT_DETECTOR, OPT_TYPE, OPT_PID, OPT_SINCE,
       OPT_INPUT, OPT_ROOT };

enum out_format { OUT_TABLE, OUT_JSON, OUT_KV };

struct events_opts {
	enum out_format format;
	int color;		/* -1 auto, 0 never, 1 always */
	bool utc, follow;
	long count;		/* -1 unlimited */
	const char *input, *root;
	struct event_filter filter;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static bool add_names(const char *list, uint32_t *mask, int (*lookup)(const char *),
		      const char *what)
{
	char *copy = xstrdup(list), *save = NULL;
	bool ok = true;

	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int v = lookup(trim(tok));

		if (v < 0 || v >= 32) {
			fprintf(stderr, "vedctl events: unknown %s '%s'\n", what, tok);
			ok = false;
			break;
		}
		*mask |= 1u << v;
	}
	free(copy);
	return ok;
}

static int parse_events_args(int argc, char **argv, struct events_opts *o)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "kv", no_argument, NULL, OPT_KV },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "colour", required_argument, NULL, OPT_COLOR },
		{ "utc", no_argument, NULL, OPT_UTC },
		{ "detector", required_argument, NULL, OPT_DETECTOR },
		{ "type", required_argument, NULL, OPT_TYPE },
		{ "pid", required_argument, NULL, OPT_PID },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "follow", no_argument, NULL, 'f' },
		{ "count", required_argument, NULL, 'n' },
		{ "input", required_argument, NULL, OPT_INPUT },
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct timespec now;
	char *end;
	long v;
	int c;

	memset(o, 0, sizeof(*o));
	o->color = -1;
	o->count = -1;
	o->root = "";
	optind = 1;
	while ((c = getopt_long(argc, argv, "hfn:", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_JSON: o->format = OUT_JSON; break;
		case OPT_KV: o->format = OUT_KV; break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") == 0)
				o->color = -1;
			else if (strcmp(optarg, "always") == 0)
				o->color = 1;
			else if (strcmp(optarg, "never") == 0)
				o->color = 0;
			else
				return vedctl_usage_error("events", "--color wants auto, always or never");
			break;
		case OPT_UTC: o->utc = true; break;
		case OPT_DETECTOR:
			if (!add_names(optarg, &o->filter.detectors, detector_by_name, "detector"))
				return vedctl_usage_error("events", "detectors: core, creds, cpu, umh, wcfi, integrity, rootkit, self");
			break;
		case OPT_TYPE:
			if (!add_names(optarg, &o->filter.types, event_type_by_name, "record type"))
				return vedctl_usage_error("events", "types: dropped, config, cred_change, cr_bits, usermode_helper, pinned_string, wcfi, integrity, module_load, hidden_object");
			break;
		case OPT_PID:
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (!*optarg || *end || errno || v < 0 || v > 4194304)
				return vedctl_usage_error("events", "--pid wants a process id");
			o->filter.have_pid = true;
			o->filter.pid = (uint32_t)v;
			break;
		case OPT_SINCE:
			clock_gettime(CLOCK_REALTIME, &now);
			if (!parse_since(optarg, (uint64_t)now.tv_sec * 1000000000ULL + (uint64_t)now.tv_nsec,
					 &o->filter.since_ns))
				return vedctl_usage_error("events", "--since wants seconds ago (300, 5m, 2h, 1d), @EPOCH or an ISO 8601 time");
			break;
		case 'f': o->follow = true; break;
		case 'n':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (!*optarg || *end || errno || v < 1)
				return vedctl_usage_error("events", "--count wants a positive number");
			o->count = v;
			break;
		case OPT_INPUT: o->input = optarg; break;
		case OPT_ROOT: o->root = optarg; break;
		case 'h': fputs(events_usage, stdout); return VEDCTL_EXIT_OK;
		default: return vedctl_usage_error("events", NULL);
		}
	}
	if (optind < argc)
		return vedctl_usage_error("events", "unexpected argument");
	if (o->follow && o->input)
		return vedctl_usage_error("events", "--follow reads the device: not with --input");
	return -1;
}

struct printer {
	const struct events_opts *o;
	struct table_style style;
	long printed;
	bool header_done;
	bool warned_version;
};

static bool print_record(struct printer *pr, const struct ved_event_header *rec)
{
	char line[4096];
	json_t *j;

	if (!event_matches(&pr->o->filter, rec))
		return true;
	switch (pr->o->format) {
	case OUT_JSON:
		j = event_to_json(rec);
		if (json_dumpf(j, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER) == 0)
			fputc('\n', stdout);
		json_decref(j);
		break;
	case OUT_KV:
		vedevent_format_kv(rec, line, sizeof(line));
		puts(line);
		break;
	case OUT_TABLE:
		if (!pr->header_done) {
			event_table_header(stdout, &pr->style);
			pr->header_done = true;
		}
		event_table_row(stdout, rec, &pr->style);
		break;
	}
	pr->printed++;
	return pr->o->count < 0 || pr->printed < pr->o->count;
}

/*
 * Print the whole records in buf[0..len); returns the bytes used (a partial
 * record at the end is left for the next read), or -1 on a record that
 * cannot be skipped.  *more is cleared once --count is reached.
 */
static long print_buffer(struct printer *pr, const char *buf, size_t len, bool *more)
{
	size_t off = 0, size;

	while (off < len && *more) {
		struct ved_event_header hdr;
		int err = vedevent_check(buf + off, len - off, &size);

		if (err == VEDEVENT_SHORT)
			break;
		if (err == VEDEVENT_BAD_VERSION || err == VEDEVENT_BAD_PAYLOAD) {
			/* The header's size is sane: skip what this vedctl cannot read. */
			memcpy(&hdr, buf + off, sizeof(hdr));
			if (!pr->warned_version)
				fprintf(stderr, "vedctl events: skipping record seq %llu: %s (a newer ved?)\n",
					(unsigned long long)hdr.seq, vedevent_strerror(err));
			pr->warned_version = true;
			off += hdr.size;
			continue;
		}
		if (err) {
			fprintf(stderr, "vedctl events: bad record at byte %zu: %s\n", off,
				vedevent_strerror(err));
			return -1;
		}
		{
			/* Aligned copy: records in a buffer need not be aligned. */
			union { struct ved_event_header h; char b[VED_MAX_RECORD]; } rec;

			memset(&rec, 0, sizeof(rec));
			memcpy(&rec, buf + off, size);
			*more = print_record(pr, &rec.h);
		}
		off += size;
	}
	if (pr->o->format != OUT_TABLE || pr->o->follow)
		fflush(stdout);
	return (long)off;
}

static int open_source(const struct events_opts *o, const struct ved_paths *p, int *fd)
{
	if (o->input) {
		*fd = strcmp(o->input, "-") == 0 ? dup(0) : open(o->input, O_RDONLY | O_CLOEXEC);
		if (*fd < 0) {
			fprintf(stderr, "vedctl events: %s: %s\n", o->input, strerror(errno));
			return VEDCTL_EXIT_ERROR;
		}
		return -1;
	}
	if (!ved_loaded(p))
		return ved_not_loaded("events", p);
	*fd = open(p->device, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (*fd >= 0)
		return -1;
	if (errno == EACCES || errno == EPERM) {
		fprintf(stderr, "vedctl events: reading %s needs root: run 'sudo vedctl events'\n",
			p->device);
		return VEDCTL_EXIT_PERM;
	}
	if (errno == EBUSY) {
		fprintf(stderr, "vedctl events: %s is busy: another reader (vedd?) has it\n", p->device);
		return VEDCTL_EXIT_ERROR;
	}
	fprintf(stderr, "vedctl events: %s: %s\n", p->device, strerror(errno));
	return VEDCTL_EXIT_ERROR;
}

int cmd_events(int argc, char **argv)
{
	static char buf[64 * VED_MAX_RECORD];
	struct events_opts o;
	struct printer pr;
	struct ved_paths p;
	size_t have = 0;
	bool more = true;
	int rc = parse_events_args(argc, argv, &o), fd = -1;

	if (rc >= 0)
		return rc;
	ved_paths_init(&p, o.root);
	rc = open_source(&o, &p, &fd);
	if (rc >= 0)
		return rc;
	memset(&pr, 0, sizeof(pr));
	pr.o = &o;
	pr.style.utc = o.utc;
	pr.style.color = o.color < 0 ? want_color(1) : o.color;
	if (o.follow) {
		struct sigaction sa = { .sa_handler = on_signal };

		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		if (o.format == OUT_TABLE) {
			event_table_header(stdout, &pr.style);
			pr.header_done = true;
			fflush(stdout);
		}
	}
	rc = VEDCTL_EXIT_OK;
	while (more && !stop) {
		ssize_t got = read(fd, buf + have, sizeof(buf) - have);
		long used;

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 && errno == EAGAIN) {
			struct pollfd pfd = { .fd = fd, .events = POLLIN };

			if (!o.follow)
				break;
			poll(&pfd, 1, -1);
			continue;
		}
		if (got < 0) {
			fprintf(stderr, "vedctl events: read: %s\n", strerror(errno));
			rc = VEDCTL_EXIT_ERROR;
			break;
		}
		if (got == 0) {
			if (have) {
				fprintf(stderr, "vedctl events: %zu bytes of a truncated record at the end\n",
					have);
				rc = VEDCTL_EXIT_ERROR;
			}
			break;
		}
		have += (size_t)got;
		used = print_buffer(&pr, buf, have, &more);
		if (used < 0) {
			rc = VEDCTL_EXIT_ERROR;
			break;
		}
		memmove(buf, buf + used, have - (size_t)used);
		have -= (size_t)used;
	}
	close(fd);
	if (!pr.printed && o.format == OUT_TABLE && !o.follow && rc == VEDCTL_EXIT_OK)
		fprintf(stderr, "no %s\n", o.input ? "matching records" : "matching records waiting on /dev/ved");
	fflush(stdout);
	return rc;
}
