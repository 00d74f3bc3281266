/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What each kind of record means to a SOC: a stable rule id and name, the
 * ECS categorisation, and the MITRE ATT&CK technique where one fits.  One
 * table, used by every encoder, so ECS, Falco and syslog outputs agree.
 */
#ifndef VEDD_RULES_H
#define VEDD_RULES_H

#include <stdint.h>

#include "vedecs.h"

struct vedd_rule {
	const char *id;			/* stable: "VED-CREDS-001" */
	const char *name;		/* also the Falco rule name */
	const char *description;
	const char *category[2];	/* ECS event.category (NULL-terminated) */
	const char *type;		/* ECS event.type besides allowed/denied */
	const char *technique_id, *technique_name;
	const char *tactic_id, *tactic_name;
};

const struct vedd_rule *rule_for(const struct ved_event_header *rec);

/*
 * Severity in each output's vocabulary (action panic raises it); ECS's
 * event.severity, event.outcome, event.kind and the reported identity are
 * lib/vedecs.c's, shared with vedctl.
 */
const char *falco_priority(const struct ved_event_header *rec);
int syslog_severity(const struct ved_event_header *rec);	/* RFC 5424 0..7 */

#endif
