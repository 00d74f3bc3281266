/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Self-protection internals shared by self.c, self_probes.c, self_text.c.
 */
#ifndef VED_SELF_H
#define VED_SELF_H

#include "ved.h"

/*
 * Report tampering with ved (detector "self").  The mode is the one the
 * shadow configuration holds, not the live one: an attacker who set
 * ved.mode.self to off in memory is still reported.  In block mode
 * @restore(@arg) is called; the action is "block" when it succeeded.
 */
enum ved_action self_report(const struct ved_ev_integrity *ev,
			    bool (*restore)(void *arg), void *arg);
enum ved_mode self_mode(void);

/* self_probes.c: ved's own kprobes and the global kprobes switch. */
int self_probes_init(void);
void self_probes_check(void);
void self_probes_exit(void);

/* self_text.c: ved's own code. */
int self_text_init(void);
void self_text_check(void);
void self_text_exit(void);

#endif /* VED_SELF_H */
