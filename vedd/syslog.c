// SPDX-License-Identifier: GPL-2.0
/* See syslog.h. */
#include <stdio.h>
#include <string.h>

#include "rules.h"
#include "syslog.h"

int sd_escape(struct strbuf *out, const char *s, size_t max)
{
	int ret = 0;

	for (size_t i = 0; i < max && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		/*
		 * Kernel strings are bytes: controls and non-ASCII are written
		 * as \xNN (a backslash before other characters stays literal),
		 * keeping the value valid UTF-8 on one line.
		 */
		if (c < 0x20 || c >= 0x7f) {
			ret |= sb_printf(out, "\\x%02x", c);
			continue;
		}
		if (c == '"' || c == '\\' || c == ']')
			ret |= sb_append(out, "\\", 1);
		ret |= sb_append(out, &c, 1);
	}
	return ret;
}

int header_field(struct strbuf *out, const char *s, size_t max)
{
	size_t n = 0;
	int ret = 0;

	for (; s && s[n] && n < max; n++) {
		char c = s[n];

		/* PRINTUSASCII is %d33-126: anything else becomes '_'. */
		if (c < 33 || c > 126)
			c = '_';
		ret |= sb_append(out, &c, 1);
	}
	if (!n)
		ret |= sb_append(out, "-", 1);
	return ret;
}

static int sd_param(struct strbuf *out, const char *name, const char *value, size_t max)
{
	int ret = sb_printf(out, " %s=\"", name);

	ret |= sd_escape(out, value, max);
	ret |= sb_append(out, "\"", 1);
	return ret;
}

static int sd_uint(struct strbuf *out, const char *name, unsigned long long v)
{
	return sb_printf(out, " %s=\"%llu\"", name, v);
}

int syslog_format(const struct vedd_event *ev, const struct syslog_meta *m,
		  const char *msg, size_t msglen, struct strbuf *out)
{
	const struct ved_event_header *r = ev->rec;
	const struct vedd_rule *rule = rule_for(r);
	uint32_t uid, euid;
	char ts[40];
	int ret;

	vedecs_identity(r, &uid, &euid);
	/* TIME-SECFRAC allows at most 6 digits. */
	format_rfc3339(r->time_ns, 6, ts, sizeof(ts));
	ret = sb_printf(out, "<%d>1 %s ", m->facility * 8 + syslog_severity(r), ts);
	ret |= header_field(out, m->hostname, 255);
	ret |= sb_append(out, " ", 1);
	ret |= header_field(out, m->app_name, 48);
	ret |= sb_printf(out, " %u ", m->procid);
	ret |= header_field(out, vedevent_type_name(r->type), 32);
	ret |= sb_printf(out, " [%s", VEDD_SD_ID);
	ret |= sd_uint(out, "seq", r->seq);
	ret |= sd_param(out, "type", vedevent_type_name(r->type), 64);
	ret |= sd_param(out, "detector", vedevent_detector_name(r->detector), 64);
	ret |= sd_param(out, "action", vedevent_action_name(r->action), 64);
	ret |= sd_param(out, "severity", vedevent_severity_name(r->severity), 64);
	ret |= sd_param(out, "rule", rule->id, 64);
	if (rule->technique_id)
		ret |= sd_param(out, "technique", rule->technique_id, 64);
	ret |= sd_uint(out, "pid", r->tgid);
	ret |= sd_uint(out, "tid", r->pid);
	ret |= sd_uint(out, "uid", uid);
	ret |= sd_uint(out, "euid", euid);
	ret |= sd_param(out, "comm", r->comm, sizeof(r->comm));
	if (ev->proc && ev->proc->exe[0]) {
		ret |= sd_param(out, "exe", ev->proc->exe, sizeof(ev->proc->exe));
	} else {
		/* The kernel's view in the record (a replay, or /proc gone). */
		char exe[VED_EXE_LEN + 1];

		vedevent_exe(r, exe, sizeof(exe));
		if (exe[0])
			ret |= sd_param(out, "exe", exe, sizeof(exe));
	}
	if (r->ppid)
		ret |= sd_uint(out, "ppid", r->ppid);
	ret |= sb_append(out, "]", 1);
	if (msglen) {
		ret |= sb_append(out, " ", 1);
		ret |= sb_append(out, msg, msglen);
	}
	return ret ? -1 : 0;
}

int syslog_frame_octet(struct strbuf *out, const char *msg, size_t len)
{
	if (sb_printf(out, "%zu ", len))
		return -1;
	return sb_append(out, msg, len);
}
