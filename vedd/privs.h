/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Giving up root once /dev/ved is open: switch to @user (from /etc/passwd,
 * no NSS), keeping only CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH so that
 * enrichment can still read other users' /proc/PID/exe, and set
 * no_new_privs.  @state_dir is handed to the user first (the spools).
 */
#ifndef VEDD_PRIVS_H
#define VEDD_PRIVS_H

#include <stddef.h>

int drop_privileges(const char *user, const char *state_dir, char *err, size_t errsize);

#endif
