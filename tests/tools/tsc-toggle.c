// SPDX-License-Identifier: GPL-2.0
/*
 * tsc-toggle SECONDS: a benign workload that makes the kernel rewrite CR4
 * all the time.  Half of the children ask for PR_SET_TSC(PR_TSC_SIGSEGV),
 * so every switch between one of them and any other task toggles CR4.TSD
 * through native_write_cr4(); all of them yield in a loop.  A CR detector
 * must let every one of these writes through silently.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHILDREN 6

static void spin(int seconds, int tsd)
{
	time_t end = time(NULL) + seconds;

	if (tsd && prctl(PR_SET_TSC, PR_TSC_SIGSEGV, 0, 0, 0)) {
		fprintf(stderr, "tsc-toggle: PR_SET_TSC: %s\n", strerror(errno));
		_exit(1);
	}
	/* time() is a vDSO call that reads the TSC: only from the others. */
	while (tsd ? 1 : time(NULL) < end) {
		if (tsd && getppid() == 1)
			break;
		sched_yield();
		if (tsd) {
			struct timespec ts;

			/* clock_gettime falls back to a syscall under TSD. */
			syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
			if (ts.tv_sec < 0)
				break;
		}
	}
	_exit(0);
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 0, status, bad = 0;
	pid_t pids[CHILDREN];

	if (seconds <= 0 || seconds > 600) {
		fprintf(stderr, "usage: tsc-toggle SECONDS (1..600)\n");
		return 2;
	}
	for (int i = 0; i < CHILDREN; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			perror("fork");
			return 1;
		}
		if (!pids[i])
			spin(seconds, i % 2);
	}
	sleep(seconds);
	for (int i = 0; i < CHILDREN; i++) {
		if (i % 2)
			kill(pids[i], SIGKILL);
		waitpid(pids[i], &status, 0);
		/* The CR4.TSD ones end by SIGKILL; an exit means prctl failed. */
		if (i % 2 ? WIFEXITED(status) : !(WIFEXITED(status) && !WEXITSTATUS(status)))
			bad = 1;
	}
	printf("tsc-toggle: %d tasks, %d with CR4.TSD, %d s: %s\n", CHILDREN, CHILDREN / 2,
	       seconds, bad ? "failed" : "ok");
	return bad;
}
