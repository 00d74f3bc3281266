// SPDX-License-Identifier: GPL-2.0
/*
 * vedd: reads ved's records (/dev/ved, or a recorded stream with --input),
 * enriches them and writes them to the configured outputs.
 *
 *   vedd [-c CONFIG] [--input FILE] [--check] [-v]
 *
 * One thread, one poll loop: the device, a signalfd and the network
 * outputs.  Nothing blocks on a slow output: network outputs spool to disk
 * (net_sink.h) and the device is read as fast as records come.  Records
 * read from the kernel are written out before the next read, so a restart
 * (SIGTERM, then start) loses nothing: what vedd did not read stays queued
 * in the kernel, and the sequence numbers saved in the state directory let
 * the next run account for every gap (reader.h).
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "enrich.h"
#include "event.h"
#include "notify.h"
#include "privs.h"
#include "reader.h"
#include "sink.h"

struct daemon {
	struct vedd_config cfg;
	const char *config_path;
	struct sink *sinks[VEDD_MAX_SINKS];
	unsigned int nsinks;
	struct reader reader;
	struct enricher *enricher;
	struct vedd_host host;
	int input_mode;
	uint64_t saved_seq, saved_credit;
};

static void on_record(const struct ved_event_header *rec, void *arg)
{
	struct daemon *d = arg;
	struct vedd_proc proc;
	struct vedd_event ev = { rec, NULL, &d->host };

	if (rec->type == VED_EV_DROPPED) {
		const struct ved_ev_dropped *dr = (const void *)(rec + 1);

		log_warn("the kernel dropped %llu records (%llu since ved was loaded)",
			 (unsigned long long)dr->count, (unsigned long long)dr->total);
	}
	/* Replayed streams come from another time or host: /proc means nothing. */
	if (d->cfg.enrich && d->enricher && !d->input_mode) {
		enrich_record(d->enricher, rec, &proc);
		ev.proc = &proc;
	}
	for (unsigned int i = 0; i < d->nsinks; i++)
		sink_emit(d->sinks[i], &ev);
}

/* ---- state: the last sequence number, across restarts ---- */

static void state_path(const struct daemon *d, char *out, size_t size)
{
	snprintf(out, size, "%s/state", d->cfg.state_dir);
}

static void state_load(struct daemon *d)
{
	char path[4200], boot[64] = "";
	unsigned long long seq = 0, credit = 0;
	FILE *f;

	state_path(d, path, sizeof(path));
	f = fopen(path, "re");
	if (!f)
		return;
	/* Sequence numbers restart with each boot: only trust this boot's. */
	if (fscanf(f, "last_seq=%llu boot_id=%63s credit=%llu", &seq, boot, &credit) >= 2 &&
	    !strcmp(boot, d->host.boot_id)) {
		d->reader.st.last_seq = seq;
		d->reader.st.credit = credit;
		d->saved_seq = seq;
		d->saved_credit = credit;
		log_info("resuming after record %llu (%llu lost records already accounted)", seq,
			 credit);
	}
	fclose(f);
}

static void state_save(struct daemon *d)
{
	char path[4200], tmp[4300];
	FILE *f;

	uint64_t credit = reader_credit(&d->reader.st);

	if (d->input_mode ||
	    (d->reader.st.last_seq == d->saved_seq && credit == d->saved_credit))
		return;
	state_path(d, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "we");
	if (!f)
		return;
	fprintf(f, "last_seq=%llu boot_id=%s credit=%llu\n",
		(unsigned long long)d->reader.st.last_seq,
		d->host.boot_id[0] ? d->host.boot_id : "-", (unsigned long long)credit);
	if (fclose(f) == 0 && rename(tmp, path) == 0) {
		d->saved_seq = d->reader.st.last_seq;
		d->saved_credit = credit;
	}
}

static void log_stats(struct daemon *d)
{
	const struct reader_stats *st = &d->reader.st;

	log_info("stats: records=%llu kernel_dropped=%llu seq_missing=%llu unexplained=%llu bad=%llu restarts=%llu last_seq=%llu",
		 (unsigned long long)st->records, (unsigned long long)st->kernel_dropped,
		 (unsigned long long)st->seq_missing, (unsigned long long)reader_unexplained(st),
		 (unsigned long long)st->bad, (unsigned long long)st->restarts,
		 (unsigned long long)st->last_seq);
	for (unsigned int i = 0; i < d->nsinks; i++) {
		struct sink *s = d->sinks[i];

		if (s->cfg.kind == SINK_SYSLOG)
			log_info("stats: output %s: events=%llu errors=%llu sent=%llu spooled_bytes=%llu spool_dropped=%llu",
				 s->cfg.name, (unsigned long long)s->events, (unsigned long long)s->errors,
				 (unsigned long long)s->net.sent,
				 (unsigned long long)spool_pending(&s->net.spool),
				 (unsigned long long)s->net.spool.dropped);
		else
			log_info("stats: output %s: events=%llu errors=%llu rotations=%llu",
				 s->cfg.name, (unsigned long long)s->events, (unsigned long long)s->errors,
				 (unsigned long long)s->file.rotations);
	}
}

/* ---- outputs ---- */

static int open_sinks(const struct vedd_config *cfg, struct sink **out, char *err, size_t errsize)
{
	for (unsigned int i = 0; i < cfg->nsinks; i++) {
		out[i] = sink_new(&cfg->sinks[i], cfg->state_dir, err, errsize);
		if (!out[i]) {
			while (i--)
				sink_free(out[i]);
			return -1;
		}
	}
	return 0;
}

static void close_sinks(struct daemon *d)
{
	for (unsigned int i = 0; i < d->nsinks; i++) {
		sink_flush(d->sinks[i]);
		sink_free(d->sinks[i]);
	}
	d->nsinks = 0;
}

static void reload(struct daemon *d)
{
	struct vedd_config *cfg = malloc(sizeof(*cfg));
	struct sink *sinks[VEDD_MAX_SINKS];
	char err[1024];

	notify("RELOADING=1");
	if (!cfg)
		goto out;
	if (config_load_file(d->config_path, cfg, err, sizeof(err))) {
		log_err("reload refused, keeping the running configuration: %s", err);
		goto out;
	}
	if (strcmp(cfg->device, d->cfg.device))
		log_warn("reload: device changes need a restart; still reading %s", d->cfg.device);
	snprintf(cfg->device, sizeof(cfg->device), "%s", d->cfg.device);
	/* Spools live in the state directory: it cannot move under open spools. */
	snprintf(cfg->state_dir, sizeof(cfg->state_dir), "%s", d->cfg.state_dir);
	snprintf(cfg->user, sizeof(cfg->user), "%s", d->cfg.user);
	/* Flush first: a syslog output reopened below reopens the same spool. */
	for (unsigned int i = 0; i < d->nsinks; i++)
		sink_flush(d->sinks[i]);
	close_sinks(d);
	if (open_sinks(cfg, sinks, err, sizeof(err))) {
		log_err("reload: %s; going back to the running configuration", err);
		if (open_sinks(&d->cfg, sinks, err, sizeof(err))) {
			log_err("cannot reopen the previous outputs either: %s", err);
			goto out;
		}
	} else {
		d->cfg = *cfg;
		log_info("configuration reloaded from %s (%u outputs)", d->config_path, cfg->nsinks);
	}
	for (d->nsinks = 0; d->nsinks < d->cfg.nsinks; d->nsinks++)
		d->sinks[d->nsinks] = sinks[d->nsinks];
	vedd_log_level = d->cfg.log_level;
	if (!d->input_mode)
		host_info(&d->host, d->cfg.hostname);
out:
	free(cfg);
	notify("READY=1");
}

/* ---- the loop ---- */

static void read_batch(struct daemon *d)
{
	/* Bounded, so that outputs and signals get their turn in a flood. */
	for (int i = 0; i < 64; i++) {
		int n = reader_read(&d->reader, on_record, d);

		if (n <= 0)
			break;
	}
	for (unsigned int i = 0; i < d->nsinks; i++)
		sink_flush(d->sinks[i]);
}

static int spools_empty(struct daemon *d)
{
	for (unsigned int i = 0; i < d->nsinks; i++)
		if (d->sinks[i]->cfg.kind == SINK_SYSLOG && spool_pending(&d->sinks[i]->net.spool))
			return 0;
	return 1;
}

/* Give network outputs up to @ms to send what is spooled (the rest stays on disk). */
static void drain(struct daemon *d, unsigned int ms)
{
	uint64_t end = now_ms() + ms;

	while (!spools_empty(d) && now_ms() < end) {
		struct pollfd p[VEDD_MAX_SINKS];
		uint64_t deadline = end;

		for (unsigned int i = 0; i < d->nsinks; i++) {
			p[i].fd = -1;
			p[i].revents = 0;
			if (d->sinks[i]->cfg.kind == SINK_SYSLOG)
				net_out_pollfd(&d->sinks[i]->net, &p[i], &deadline);
		}
		poll(p, d->nsinks, (int)(deadline > now_ms() ? deadline - now_ms() : 0) + 1);
		for (unsigned int i = 0; i < d->nsinks; i++)
			if (d->sinks[i]->cfg.kind == SINK_SYSLOG)
				net_out_run(&d->sinks[i]->net, p[i].revents);
	}
}

static int run(struct daemon *d, int sigfd)
{
	uint64_t next_save = now_ms() + 1000, input_done_at = 0;

	for (;;) {
		struct pollfd p[2 + VEDD_MAX_SINKS];
		uint64_t deadline = next_save;
		int timeout, nfds = 2;

		p[0] = (struct pollfd){ .fd = sigfd, .events = POLLIN };
		p[1] = (struct pollfd){ .fd = d->input_mode ? -1 : d->reader.fd, .events = POLLIN };
		for (unsigned int i = 0; i < d->nsinks; i++, nfds++) {
			p[nfds].fd = -1;
			p[nfds].revents = 0;
			if (d->sinks[i]->cfg.kind == SINK_SYSLOG)
				net_out_pollfd(&d->sinks[i]->net, &p[nfds], &deadline);
		}
		timeout = deadline > now_ms() ? (int)(deadline - now_ms()) : 0;
		if (d->input_mode && !d->reader.eof)
			timeout = 0;
		if (poll(p, (nfds_t)nfds, timeout) < 0 && errno != EINTR) {
			log_err("poll: %s", strerror(errno));
			return 1;
		}
		if (p[0].revents & POLLIN) {
			struct signalfd_siginfo si;

			while (read(sigfd, &si, sizeof(si)) == sizeof(si)) {
				if (si.ssi_signo == SIGHUP) {
					reload(d);
				} else if (si.ssi_signo == SIGUSR1) {
					log_stats(d);
				} else {
					log_info("signal %u: flushing and stopping", si.ssi_signo);
					return 0;
				}
			}
			continue;	/* the sink table may have changed */
		}
		if (d->input_mode || (p[1].revents & POLLIN))
			read_batch(d);
		if (d->reader.fd < 0 && !d->input_mode)
			return 1;
		for (unsigned int i = 0, k = 2; i < d->nsinks; i++, k++)
			if (d->sinks[i]->cfg.kind == SINK_SYSLOG)
				net_out_run(&d->sinks[i]->net, p[k].revents);
		if (now_ms() >= next_save) {
			state_save(d);
			next_save = now_ms() + 1000;
		}
		if (d->input_mode && d->reader.eof) {
			/* A replay ends once the outputs have what it read. */
			if (!input_done_at)
				input_done_at = now_ms();
			if (spools_empty(d) || now_ms() - input_done_at > 10000)
				return 0;
		}
	}
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vedd [-c CONFIG] [--input FILE] [--check] [-v]\n"
		"  -c, --config FILE  configuration (default /etc/vedd/vedd.yaml)\n"
		"  -i, --input FILE   read a recorded record stream instead of the device\n"
		"                     (\"-\" for stdin; vedd exits at its end)\n"
		"  -t, --check        check the configuration and exit\n"
		"  -v, --verbose      debug logging\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "input", required_argument, NULL, 'i' },
		{ "check", no_argument, NULL, 't' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	static struct daemon d;
	const char *input = NULL;
	int check = 0, verbose = 0, opt, sigfd, rc;
	char err[1024];
	sigset_t set;

	d.config_path = "/etc/vedd/vedd.yaml";
	while ((opt = getopt_long(argc, argv, "c:i:tvh", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': d.config_path = optarg; break;
		case 'i': input = optarg; break;
		case 't': check = 1; break;
		case 'v': verbose = 1; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (config_load_file(d.config_path, &d.cfg, err, sizeof(err))) {
		fprintf(stderr, "vedd: %s\n", err);
		return 1;
	}
	if (check) {
		printf("%s: ok (%u outputs)\n", d.config_path, d.cfg.nsinks);
		return 0;
	}
	vedd_log_level = verbose ? LOG_DEBUG_ : d.cfg.log_level;
	d.input_mode = input != NULL;
	host_info(&d.host, d.cfg.hostname);

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sigfd < 0) {
		log_err("signalfd: %s", strerror(errno));
		return 1;
	}

	reader_init(&d.reader);
	if (reader_open(&d.reader, input ? input : d.cfg.device, !input)) {
		log_err("%s: %s", input ? input : d.cfg.device, strerror(errno));
		return 1;
	}
	if (mkdir(d.cfg.state_dir, 0750) && errno != EEXIST)
		log_warn("state directory %s: %s", d.cfg.state_dir, strerror(errno));
	if (!input)
		state_load(&d);
	if (open_sinks(&d.cfg, d.sinks, err, sizeof(err))) {
		log_err("%s", err);
		return 1;
	}
	d.nsinks = d.cfg.nsinks;
	d.enricher = enricher_new("/proc", "/etc");
	if (d.cfg.user[0] && getuid() == 0) {
		if (drop_privileges(d.cfg.user, d.cfg.state_dir, err, sizeof(err))) {
			log_err("%s", err);
			return 1;
		}
		log_info("running as %s", d.cfg.user);
	}
	log_info("reading %s, %u outputs", input ? input : d.cfg.device, d.nsinks);
	notify("READY=1");

	rc = run(&d, sigfd);

	notify("STOPPING=1");
	for (unsigned int i = 0; i < d.nsinks; i++)
		sink_flush(d.sinks[i]);
	drain(&d, 2000);
	state_save(&d);
	log_stats(&d);
	close_sinks(&d);
	reader_close(&d.reader);
	enricher_free(d.enricher);
	close(sigfd);
	return rc;
}
