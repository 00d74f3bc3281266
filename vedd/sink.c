// SPDX-License-Identifier: GPL-2.0
/* See sink.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ecs.h"
#include "sink.h"
#include "syslog.h"

int encode_event(enum sink_format fmt, const struct vedd_event *ev, struct strbuf *out)
{
	switch (fmt) {
	case FMT_ECS: return ecs_encode(ev, out);
	case FMT_FALCO: return falco_encode(ev, out);
	case FMT_KV: return kv_encode(ev, out);
	case FMT_RAW: return sb_append(out, ev->rec, ev->rec->size);
	}
	return -1;
}

struct sink *sink_new(const struct sink_config *cfg, const char *state_dir, char *err, size_t errsize)
{
	struct sink *s = calloc(1, sizeof(*s));
	char spool[4200];

	if (!s) {
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	s->cfg = *cfg;
	s->procid = (unsigned int)getpid();
	s->file.fd = s->net.fd = -1;
	sb_init(&s->enc, 256 << 10);
	sb_init(&s->msg, 256 << 10);
	switch (cfg->kind) {
	case SINK_STDOUT:
	case SINK_FILE:
		if (file_out_open(&s->file, cfg->kind == SINK_STDOUT ? "-" : cfg->path,
				  cfg->max_size, cfg->keep)) {
			snprintf(err, errsize, "output %s: %s: %s", cfg->name, cfg->path, strerror(errno));
			goto fail;
		}
		break;
	case SINK_SYSLOG:
		snprintf(spool, sizeof(spool), "%s/%s.spool", state_dir, cfg->name);
		if (net_out_open(&s->net, cfg, spool)) {
			snprintf(err, errsize, "output %s: spool %s: %s", cfg->name, spool, strerror(errno));
			goto fail;
		}
		break;
	}
	return s;
fail:
	sb_free(&s->enc);
	sb_free(&s->msg);
	free(s);
	return NULL;
}

void sink_emit(struct sink *s, const struct vedd_event *ev)
{
	sb_reset(&s->enc);
	if (encode_event(s->cfg.format, ev, &s->enc)) {
		s->errors++;
		return;
	}
	s->events++;
	if (s->cfg.kind != SINK_SYSLOG) {
		if (s->cfg.format != FMT_RAW)
			sb_append(&s->enc, "\n", 1);
		if (file_out_write(&s->file, s->enc.data, s->enc.len))
			s->errors++;
		return;
	}
	{
		struct syslog_meta m = {
			.facility = s->cfg.facility, .hostname = ev->host ? ev->host->hostname : NULL,
			.app_name = s->cfg.app_name, .procid = s->procid,
		};

		sb_reset(&s->msg);
		if (syslog_format(ev, &m, s->enc.data, s->enc.len, &s->msg) ||
		    net_out_queue(&s->net, s->msg.data, s->msg.len))
			s->errors++;
	}
}

void sink_flush(struct sink *s)
{
	if (s->cfg.kind == SINK_SYSLOG)
		net_out_run(&s->net, 0);
	else
		file_out_flush(&s->file);
}

void sink_free(struct sink *s)
{
	if (!s)
		return;
	if (s->cfg.kind == SINK_SYSLOG)
		net_out_close(&s->net);
	else
		file_out_close(&s->file);
	sb_free(&s->enc);
	sb_free(&s->msg);
	free(s);
}
