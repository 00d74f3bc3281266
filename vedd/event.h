/* SPDX-License-Identifier: GPL-2.0 */
/* One record as the encoders see it: the kernel record plus what vedd adds. */
#ifndef VEDD_EVENT_H
#define VEDD_EVENT_H

#include "enrich.h"
#include "vedevent.h"

struct vedd_event {
	const struct ved_event_header *rec;	/* checked, aligned, zero-padded */
	const struct vedd_proc *proc;		/* NULL when enrichment is off */
	const struct vedd_host *host;
};

#endif
