// SPDX-License-Identifier: GPL-2.0
/*
 * vedbpf [-n ROUNDS] [-w MS] [-u FILE]: load the programs of vedbpf.bpf.c,
 * attach them (kprobe, fentry, fexit, tracepoint, raw tracepoint, BPF-LSM),
 * make each one run, hold them attached, then detach and unload them;
 * ROUNDS times (default 1).  The hold lasts MS milliseconds (default 0),
 * or, with -u, until the number in FILE has grown by 2 (at most 60 s): a
 * test passes ved's sweep counter so that one whole sweep ran while the
 * programs were attached.  Prints one line of counters per round and fails (exit 1)
 * when a program could not be attached or did not run.
 *
 * The BPF-LSM program needs "bpf" in the kernel's active LSM list
 * (/sys/kernel/security/lsm); without it the loader leaves it out and says
 * so in a NOTE line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "vedbpf.skel.h"

static bool bpf_lsm_active(void)
{
	char buf[512], *tok, *save;
	bool found = false;
	FILE *f = fopen("/sys/kernel/security/lsm", "r");

	if (!f)
		return false;
	if (fgets(buf, sizeof(buf), f))
		for (tok = strtok_r(buf, ",\n", &save); tok && !found;
		     tok = strtok_r(NULL, ",\n", &save))
			found = !strcmp(tok, "bpf");
	fclose(f);
	return found;
}

/* Opens and reads (kprobe, fentry, fexit, LSM, raw_tp) and an exec (tracepoint). */
static int trigger(void)
{
	char buf[256];
	int i, status;
	pid_t pid;

	for (i = 0; i < 4; i++) {
		int fd = open("/proc/version", O_RDONLY);

		if (fd < 0)
			return -1;
		if (read(fd, buf, sizeof(buf)) < 0) {
			close(fd);
			return -1;
		}
		close(fd);
	}
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		return -1;
	return 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static long read_counter(const char *path)
{
	long v = -1;
	FILE *f = fopen(path, "r");

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* Hold until the counter in @path grew by 2; false if it would not. */
static bool wait_counter(const char *path)
{
	long start = read_counter(path), waited;

	if (start < 0)
		return false;
	for (waited = 0; waited < 60000; waited += 20) {
		if (read_counter(path) >= start + 2)
			return true;
		sleep_ms(20);
	}
	return false;
}

static int one_round(int round, bool lsm, long hold_ms, const char *counter)
{
	struct vedbpf_bpf *skel = vedbpf_bpf__open();
	int err = 1;

	if (!skel) {
		fprintf(stderr, "vedbpf: open: %s\n", strerror(errno));
		return 1;
	}
	skel->rodata->loader_tgid = (__u32)getpid();
	if (!lsm)
		bpf_program__set_autoload(skel->progs.count_lsm, false);
	if (vedbpf_bpf__load(skel)) {
		fprintf(stderr, "vedbpf: load: %s\n", strerror(errno));
		goto out;
	}
	if (vedbpf_bpf__attach(skel)) {
		fprintf(stderr, "vedbpf: attach: %s\n", strerror(errno));
		goto out;
	}
	if (trigger()) {
		fprintf(stderr, "vedbpf: trigger: %s\n", strerror(errno));
		goto out;
	}
	sleep_ms(hold_ms);
	if (counter && !wait_counter(counter)) {
		fprintf(stderr, "vedbpf: %s did not grow by 2 within 60 s\n", counter);
		goto out;
	}
	printf("vedbpf: round=%d kprobe=%llu fentry=%llu fexit=%llu tracepoint=%llu raw_tp=%llu lsm=",
	       round, (unsigned long long)skel->bss->kprobe_hits,
	       (unsigned long long)skel->bss->fentry_hits,
	       (unsigned long long)skel->bss->fexit_hits,
	       (unsigned long long)skel->bss->tracepoint_hits,
	       (unsigned long long)skel->bss->raw_tp_hits);
	if (lsm)
		printf("%llu\n", (unsigned long long)skel->bss->lsm_hits);
	else
		printf("skipped\n");
	fflush(stdout);
	err = !(skel->bss->kprobe_hits && skel->bss->fentry_hits && skel->bss->fexit_hits &&
		skel->bss->tracepoint_hits && skel->bss->raw_tp_hits &&
		(!lsm || skel->bss->lsm_hits));
	if (err)
		fprintf(stderr, "vedbpf: a program did not run\n");
out:
	vedbpf_bpf__destroy(skel);	/* detaches every link, unloads */
	return err;
}

int main(int argc, char **argv)
{
	long rounds = 1, hold_ms = 0;
	const char *counter = NULL;
	bool lsm = bpf_lsm_active();
	int opt, i;

	while ((opt = getopt(argc, argv, "n:w:u:")) != -1) {
		switch (opt) {
		case 'n':
			rounds = strtol(optarg, NULL, 10);
			break;
		case 'w':
			hold_ms = strtol(optarg, NULL, 10);
			break;
		case 'u':
			counter = optarg;
			break;
		default:
			fprintf(stderr, "usage: vedbpf [-n ROUNDS] [-w MS] [-u FILE]\n");
			return 2;
		}
	}
	if (!lsm)
		printf("NOTE: vedbpf: \"bpf\" is not in /sys/kernel/security/lsm: BPF-LSM program left out\n");
	for (i = 1; i <= rounds; i++)
		if (one_round(i, lsm, hold_ms, counter))
			return 1;
	return 0;
}
