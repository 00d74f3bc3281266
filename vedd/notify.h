/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sd_notify without libsystemd: one datagram to $NOTIFY_SOCKET (the
 * documented protocol, sd_notify(3)); keeps the static binary free of it.
 */
#ifndef VEDD_NOTIFY_H
#define VEDD_NOTIFY_H

int notify(const char *state);

#endif
