// SPDX-License-Identifier: GPL-2.0
/* The loaded ved module's files: /sys/module/ved, /proc/sys/ved, /dev/ved. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ops.h"
#include "util.h"

void ved_paths_init(struct ved_paths *p, const char *root)
{
	if (!root)
		root = "";
	snprintf(p->sysctl, sizeof(p->sysctl), "%s/proc/sys/ved", root);
	snprintf(p->module, sizeof(p->module), "%s/sys/module/ved", root);
	snprintf(p->device, sizeof(p->device), "%s/dev/ved", root);
}

bool ved_loaded(const struct ved_paths *p)
{
	return path_exists(p->module) || path_exists(p->sysctl);
}

int ved_not_loaded(const char *cmd, const struct ved_paths *p)
{
	fprintf(stderr, "vedctl %s: ved is not loaded (no %s): load it with 'modprobe ved'\n",
		cmd, p->module);
	return VEDCTL_EXIT_NOT_LOADED;
}

static void key_path(const struct ved_paths *p, const char *key, char *path, size_t size)
{
	int n = snprintf(path, size, "%s/", p->sysctl);

	/* ved.mode.creds -> /proc/sys/ved/mode/creds */
	for (const char *k = key; *k && (size_t)n + 1 < size; k++)
		path[n++] = *k == '.' ? '/' : *k;
	path[n] = '\0';
}

int ved_sysctl_read(const struct ved_paths *p, const char *key, char *buf, size_t size)
{
	char path[512];
	ssize_t n;
	int fd;

	key_path(p, key, path, sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	do
		n = read(fd, buf, size - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	close(fd);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

int ved_sysctl_write(const struct ved_paths *p, const char *key, const char *value)
{
	char path[512], line[1100];
	size_t len;
	ssize_t n;
	int fd, err = 0;

	key_path(p, key, path, sizeof(path));
	len = (size_t)snprintf(line, sizeof(line), "%s\n", value);
	if (len >= sizeof(line))
		return -EINVAL;
	/* O_TRUNC keeps a fake tree's regular files clean; procfs ignores it. */
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	do
		n = write(fd, line, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	if (close(fd) && !err)
		err = -errno;
	return err;
}
