// SPDX-License-Identifier: GPL-2.0
/* vedctl subcommands and the helpers the dispatcher shares with them. */
#ifndef VEDCTL_H
#define VEDCTL_H

#define VEDCTL_EXIT_OK		0
#define VEDCTL_EXIT_FINDINGS	1
#define VEDCTL_EXIT_ERROR	2

/* Prints "vedctl CMD: MSG" and a hint to --help; returns VEDCTL_EXIT_ERROR. */
int vedctl_usage_error(const char *cmd, const char *msg);

int cmd_audit(int argc, char **argv);
int cmd_scan(int argc, char **argv);

#endif
