// SPDX-License-Identifier: GPL-2.0
/*
 * vedd-flood COUNT: make ved emit COUNT records as fast as possible, by
 * writing ved.sweep_ms's current value back (each write is reported as a
 * VED_EV_CONFIG record and changes nothing).  Root only; a guest test helper.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *path = "/proc/sys/ved/sweep_ms";
	long count = argc > 1 ? strtol(argv[1], NULL, 10) : 10000;
	char value[32];
	ssize_t len;
	int fd = open(path, O_RDWR);

	if (fd < 0 || (len = pread(fd, value, sizeof(value) - 1, 0)) <= 0) {
		perror(path);
		return 1;
	}
	for (long i = 0; i < count; i++) {
		if (pwrite(fd, value, (size_t)len, 0) != len) {
			perror("write");
			return 1;
		}
	}
	return 0;
}
