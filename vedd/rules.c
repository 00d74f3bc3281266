// SPDX-License-Identifier: GPL-2.0
/*
 * The rule table (see rules.h).  ATT&CK mapping: a kernel exploit that
 * changes credentials is T1068 (Exploitation for Privilege Escalation); a
 * namespace switch out of a container is T1611 (Escape to Host); kernel
 * text/table tampering and hidden objects are T1014 (Rootkit); module loads
 * are T1547.006 (Kernel Modules and Extensions); tampering with ved itself
 * is T1562.001 (Impair Defenses: Disable or Modify Tools).
 */
#include <stddef.h>

#include "rules.h"
#include "util.h"

#define PRIVESC "TA0004", "Privilege Escalation"
#define EVASION "TA0005", "Defense Evasion"
#define PERSIST "TA0003", "Persistence"

static const struct vedd_rule rules[] = {
	[VED_EV_DROPPED] = { "VED-CORE-001", "ved events dropped",
		"The kernel could not queue some ved records (buffer full); they are counted, not delivered.",
		{ "host" }, "info", NULL, NULL, NULL, NULL },
	[VED_EV_CONFIG] = { "VED-CORE-002", "ved configuration change",
		"A ved setting was changed, or a change was refused.",
		{ "configuration" }, "change", NULL, NULL, NULL, NULL },
	[VED_EV_CRED_CHANGE] = { "VED-CREDS-001", "Privilege escalation via credential tampering",
		"A task's credentials or namespaces changed outside the kernel's legitimate paths (shadow credential mismatch).",
		{ "process", "intrusion_detection" }, "change",
		"T1068", "Exploitation for Privilege Escalation", PRIVESC },
	[VED_EV_CR_BITS] = { "VED-CPU-001", "CPU protection bits cleared",
		"A write tried to clear CR0.WP or CR4.SMEP/SMAP, a step of kernel exploits.",
		{ "host", "intrusion_detection" }, "change",
		"T1068", "Exploitation for Privilege Escalation", PRIVESC },
	[VED_EV_UMH] = { "VED-UMH-001", "Suspicious usermode helper",
		"The kernel was asked to run a usermode helper outside the allowed paths or environment.",
		{ "process", "intrusion_detection" }, "start",
		"T1068", "Exploitation for Privilege Escalation", PRIVESC },
	[VED_EV_PINNED] = { "VED-UMH-002", "Pinned kernel string overwritten",
		"A pinned kernel string (modprobe_path, core_pattern...) changed outside its sysctl.",
		{ "configuration", "intrusion_detection" }, "change",
		"T1068", "Exploitation for Privilege Escalation", PRIVESC },
	[VED_EV_WCFI] = { "VED-WCFI-001", "Kernel control-flow hijack",
		"A return address or caller failed ved's control-flow checks (ROP, stack pivot).",
		{ "intrusion_detection" }, "info",
		"T1068", "Exploitation for Privilege Escalation", PRIVESC },
	[VED_EV_INTEGRITY] = { "VED-INTEGRITY-001", "Kernel integrity violation",
		"Kernel code or control data (text, system call table, IDT, MSRs) changed.",
		{ "host", "intrusion_detection" }, "change",
		"T1014", "Rootkit", EVASION },
	[VED_EV_MODULE] = { "VED-ROOTKIT-001", "Kernel module load",
		"A kernel module was loaded (or refused).",
		{ "driver" }, "start",
		"T1547.006", "Boot or Logon Autostart Execution: Kernel Modules and Extensions", PERSIST },
	[VED_EV_HIDDEN] = { "VED-ROOTKIT-002", "Hidden kernel object",
		"A module or process is missing from one kernel view but present in another.",
		{ "host", "intrusion_detection" }, "info",
		"T1014", "Rootkit", EVASION },
};

static const struct vedd_rule escape = { "VED-CREDS-002", "Container escape via namespace switch",
	"A task switched namespaces outside the kernel's legitimate paths (e.g. to the host's).",
	{ "process", "intrusion_detection" }, "change",
	"T1611", "Escape to Host", PRIVESC };

static const struct vedd_rule self = { "VED-SELF-001", "Tampering with ved",
	"An attempt to disable or modify ved itself.",
	{ "intrusion_detection" }, "change",
	"T1562.001", "Impair Defenses: Disable or Modify Tools", EVASION };

static const struct vedd_rule unknown = { "VED-UNKNOWN", "Unknown ved record",
	"A record type this vedd does not know (newer module?).",
	{ "host" }, "info", NULL, NULL, NULL, NULL };

const struct vedd_rule *rule_for(const struct ved_event_header *rec)
{
	if (rec->detector == VED_DET_SELF)
		return &self;
	if (rec->type == VED_EV_CRED_CHANGE) {
		const struct ved_ev_cred *c = (const void *)(rec + 1);

		if (c->where == VED_CRED_AT_NS_SWITCH)
			return &escape;
	}
	if (rec->type < ARRAY_SIZE(rules) && rules[rec->type].id)
		return &rules[rec->type];
	return &unknown;
}

const char *falco_priority(const struct ved_event_header *rec)
{
	if (rec->action == VED_ACT_PANIC)
		return "Emergency";
	switch (rec->severity) {
	case VED_SEV_INFO: return "Informational";
	case VED_SEV_WARNING: return "Warning";
	default: return "Critical";
	}
}

int syslog_severity(const struct ved_event_header *rec)
{
	if (rec->action == VED_ACT_PANIC)
		return 0;	/* emerg: the kernel is about to panic */
	switch (rec->severity) {
	case VED_SEV_INFO: return 6;
	case VED_SEV_WARNING: return 4;
	default: return 2;
	}
}
