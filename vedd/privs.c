// SPDX-License-Identifier: GPL-2.0
/* See privs.h. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "privs.h"

static int lookup(const char *user, uid_t *uid, gid_t *gid)
{
	char line[1024];
	FILE *f = fopen("/etc/passwd", "re");
	int found = 0;

	if (!f)
		return -1;
	while (!found && fgets(line, sizeof(line), f)) {
		char *name = strtok(line, ":"), *pw = strtok(NULL, ":"),
		     *u = strtok(NULL, ":"), *g = strtok(NULL, ":");

		if (name && pw && u && g && !strcmp(name, user)) {
			*uid = (uid_t)strtoul(u, NULL, 10);
			*gid = (gid_t)strtoul(g, NULL, 10);
			found = 1;
		}
	}
	fclose(f);
	return found ? 0 : -1;
}

static void chown_tree(const char *dir, uid_t uid, gid_t gid)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4400];

	if (chown(dir, uid, gid))
		return;
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (chown(path, uid, gid))
			continue;
	}
	closedir(d);
}

int drop_privileges(const char *user, const char *state_dir, char *err, size_t errsize)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	uint32_t keep = (1U << CAP_SYS_PTRACE) | (1U << CAP_DAC_READ_SEARCH);
	uid_t uid;
	gid_t gid;

	if (lookup(user, &uid, &gid)) {
		snprintf(err, errsize, "user \"%s\" not in /etc/passwd", user);
		return -1;
	}
	chown_tree(state_dir, uid, gid);
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) || setgroups(0, NULL) ||
	    setresgid(gid, gid, gid) || setresuid(uid, uid, uid)) {
		snprintf(err, errsize, "switching to %s: %s", user, strerror(errno));
		return -1;
	}
	memset(data, 0, sizeof(data));
	data[0].permitted = data[0].effective = keep;
	if (syscall(SYS_capset, &hdr, data)) {
		snprintf(err, errsize, "capset: %s", strerror(errno));
		return -1;
	}
	prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		snprintf(err, errsize, "no_new_privs: %s", strerror(errno));
		return -1;
	}
	return 0;
}
