// SPDX-License-Identifier: GPL-2.0
/*
 * ved-microbench: the system-call paths ved's detectors sit on, timed.
 *
 *   ved-microbench calibrate SECONDS   print, per benchmark, an iteration
 *                                      count that takes about SECONDS here
 *   ved-microbench run N1 N2 N3 N4 N5  run the five loops with those counts,
 *                                      one "NAME NS_PER_OP" line each
 *   ved-microbench noop                exit at once (the fork+exec target)
 *
 * Loops: getpid (raw system call, no libc cache), open+close of a file
 * (security_file_open), fork+exit+wait, fork+exec+wait of this static
 * binary, and a one-byte pipe ping-pong between two processes (two context
 * switches per round trip).  Timed with CLOCK_MONOTONIC.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char self[4096];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void fail(const char *what)
{
	perror(what);
	exit(1);
}

static void b_getpid(long n)
{
	for (long i = 0; i < n; i++)
		syscall(SYS_getpid);
}

static void b_open(long n)
{
	for (long i = 0; i < n; i++) {
		int fd = open("/tmp/.microbench", O_RDONLY | O_CREAT, 0600);

		if (fd < 0)
			fail("open");
		close(fd);
	}
}

static void b_fork(long n)
{
	for (long i = 0; i < n; i++) {
		pid_t p = fork();
		int st;

		if (p < 0)
			fail("fork");
		if (!p)
			_exit(0);
		if (waitpid(p, &st, 0) != p || !WIFEXITED(st) || WEXITSTATUS(st))
			fail("fork child");
	}
}

static void b_exec(long n)
{
	for (long i = 0; i < n; i++) {
		pid_t p = fork();
		int st;

		if (p < 0)
			fail("fork");
		if (!p) {
			execl(self, "ved-microbench", "noop", (char *)NULL);
			_exit(127);
		}
		if (waitpid(p, &st, 0) != p || !WIFEXITED(st) || WEXITSTATUS(st))
			fail("exec child");
	}
}

static void b_pipe(long n)
{
	int ab[2], ba[2];
	char c = 0;
	pid_t p;
	int st;

	if (pipe(ab) || pipe(ba))
		fail("pipe");
	p = fork();
	if (p < 0)
		fail("fork");
	if (!p) {
		for (long i = 0; i < n; i++)
			if (read(ab[0], &c, 1) != 1 || write(ba[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	for (long i = 0; i < n; i++)
		if (write(ab[1], &c, 1) != 1 || read(ba[0], &c, 1) != 1)
			fail("ping-pong");
	if (waitpid(p, &st, 0) != p || !WIFEXITED(st) || WEXITSTATUS(st))
		fail("ping-pong child");
	close(ab[0]); close(ab[1]); close(ba[0]); close(ba[1]);
}

static const struct bench {
	const char *name;
	void (*fn)(long);
} benches[] = {
	{ "getpid", b_getpid },
	{ "open_close", b_open },
	{ "fork_exit", b_fork },
	{ "fork_exec", b_exec },
	{ "pipe_pingpong", b_pipe },
};
#define NB (int)(sizeof(benches) / sizeof(benches[0]))

static double timed(int b, long n)
{
	double t0 = now();

	benches[b].fn(n);
	return now() - t0;
}

int main(int argc, char **argv)
{
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (len > 0)
		self[len] = '\0';
	if (argc >= 2 && !strcmp(argv[1], "noop"))
		return 0;
	if (argc >= 3 && !strcmp(argv[1], "calibrate")) {
		double want = atof(argv[2]);

		for (int b = 0; b < NB; b++) {
			long n = 1;
			double t;

			timed(b, 1);			/* warm up */
			while ((t = timed(b, n)) < want / 8)
				n *= 2;
			n = (long)(n * want / t);
			printf("%ld%c", n > 0 ? n : 1, b == NB - 1 ? '\n' : ' ');
		}
		return 0;
	}
	if (argc == 2 + NB && !strcmp(argv[1], "run")) {
		for (int b = 0; b < NB; b++) {
			long n = atol(argv[2 + b]);
			double t = timed(b, n);

			printf("%s %.1f\n", benches[b].name, t * 1e9 / n);
			fflush(stdout);
		}
		return 0;
	}
	fprintf(stderr, "usage: ved-microbench calibrate SECONDS | run N1..N%d | noop\n", NB);
	return 2;
}
