/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RFC 5424 syslog messages and their transport framing (pure functions):
 *
 *   <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [ved@32473 k="v"...] MSG
 *
 * MSG is the event as the configured format (ECS JSON by default).  Over
 * TCP and TLS each message is framed by octet counting (RFC 6587 3.4.1,
 * required by RFC 5425): "LEN SP MESSAGE".  32473 is the private enterprise
 * number RFC 5612 reserves for documentation; replace it once ved has its own.
 */
#ifndef VEDD_SYSLOG_H
#define VEDD_SYSLOG_H

#include "event.h"
#include "util.h"

#define VEDD_SD_ID "ved@32473"

struct syslog_meta {
	int facility;			/* 0..23 */
	const char *hostname;
	const char *app_name;
	unsigned int procid;
};

int syslog_format(const struct vedd_event *ev, const struct syslog_meta *m,
		  const char *msg, size_t msglen, struct strbuf *out);
/* PARAM-VALUE escaping: '"', '\' and ']' get a backslash (RFC 5424 6.3.3). */
int sd_escape(struct strbuf *out, const char *s, size_t max);
/* Header fields: printable US-ASCII without spaces, at most @max, or "-". */
int header_field(struct strbuf *out, const char *s, size_t max);
/* "LEN SP MSG" */
int syslog_frame_octet(struct strbuf *out, const char *msg, size_t len);

#endif
