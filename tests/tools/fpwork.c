// SPDX-License-Identifier: GPL-2.0
/*
 * fpwork STEP [ARGS...]: benign workload steps for ved's false-positive
 * tests (tests/guest/creds-fp-*.sh).  Each step does something legitimate
 * that changes a task's identity, capabilities, namespaces or seccomp state,
 * checks that the kernel did what was asked (a workload that silently fails
 * proves nothing), prints "fpwork: STEP ok" and exits 0; on any unexpected
 * result it prints why and exits 1.  Steps:
 *
 *   threads-setid N     (root) per-thread set*id/setfs*id for N rounds, then
 *                       N/5 rounds of process-wide ones, while the other
 *                       threads hit checkpoints
 *   suid                (setuid-root copy run by uid 1000) access(),
 *                       faccessat(AT_EACCESS), su-style full root, drop back
 *   suid-crash          (setuid-root copy) crash: coredump of a setuid task
 *   caps                (root) bounding-set drop, capset, keepcaps, setuid to
 *                       1000 keeping caps, ambient raise, exec: caps survive
 *   caps-check HEXMASK  CapEff and CapAmb both contain HEXMASK
 *   keepcaps            (any user) PR_SET_KEEPCAPS on and off
 *   filecap-set PATH    (root) write a security.capability xattr
 *                       (permitted+effective CAP_NET_RAW) on PATH
 *   filecap-check       CapEff and CapPrm contain CAP_NET_RAW, uid != 0
 *   userns              (uid 1000) user+mount+uts+ipc+net+cgroup namespaces,
 *                       ids inside, tmpfs and overlayfs inside, a pid
 *                       namespace, and a sibling that setns()es in
 *   overlay DIR         (root) overlayfs under DIR: copy-up, whiteouts,
 *                       access(), readdir, rename
 *   seccomp             (any user) no_new_privs, stacked filters synced to
 *                       all threads, exec keeps them
 *   seccomp-check       the filter is in force after exec
 *   forkexec N          N fork+exec of /bin/true from 3 threads, N fork+exit
 *   reqmod              ask for an absent socket family: the kernel runs the
 *                       modprobe helper (usermode helper, root creds)
 *   crash               die of SIGSEGV (for a coredump)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

static const char *step = "?";
static const char *self_path;

static void die(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	fprintf(stderr, "fpwork: %s: FAILED: ", step);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (errno %d %s)\n", e, strerror(e));
	exit(1);
}

#define CHECK(cond, ...) do { if (!(cond)) die(__VA_ARGS__); } while (0)

static int ok(void)
{
	printf("fpwork: %s ok\n", step);
	fflush(stdout);
	return 0;
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	CHECK(fd >= 0, "open %s", path);
	CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text), "write %s", path);
	CHECK(close(fd) == 0, "close %s", path);
}

static void read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	CHECK(fd >= 0, "open %s", path);
	n = read(fd, buf, size - 1);
	CHECK(n >= 0, "read %s", path);
	buf[n] = '\0';
	close(fd);
}

/* A "Name:\tvalue" field of /proc/self/status, as a number in @base. */
static unsigned long long status_field(const char *name, int base)
{
	char buf[4096], *p;

	read_file("/proc/self/status", buf, sizeof(buf));
	p = strstr(buf, name);
	CHECK(p, "no %s in /proc/self/status", name);
	return strtoull(p + strlen(name) + 1, NULL, base);
}

static int wait_ok(pid_t pid, const char *what)
{
	int st;

	CHECK(waitpid(pid, &st, 0) == pid, "waitpid %s", what);
	if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "fpwork: %s: %s: status 0x%x\n", step, what, st);
		return -1;
	}
	return 0;
}

static void ids_are(uid_t r, uid_t e, uid_t s)
{
	uid_t a, b, c;

	CHECK(getresuid(&a, &b, &c) == 0, "getresuid");
	CHECK(a == r && b == e && c == s, "ids %u/%u/%u, want %u/%u/%u", a, b, c, r, e, s);
}

/* ---- threads-setid ---- */

static volatile int stop_threads, per_thread_ids;

/*
 * Phase 1 (per_thread_ids): each thread changes its own ids with the raw
 * system calls (glibc's wrappers would change the whole process) and opens
 * a file as that id.  Phase 2: the main thread changes the ids of the whole
 * process (glibc signals every thread to do the same system call) while
 * the threads keep hitting checkpoints.
 */
static void *checkpoint_thread(void *arg)
{
	long i = (long)arg;
	char buf[256];

	while (!stop_threads) {
		int fd = open("/proc/self/status", O_RDONLY);

		if (fd < 0 || read(fd, buf, sizeof(buf)) < 0)
			return (void *)1L;
		close(fd);
		if (per_thread_ids) {
			if (syscall(SYS_setresgid, -1, 2000 + i, -1) ||
			    syscall(SYS_setresuid, -1, 2000 + i, -1))
				return (void *)2L;
			fd = open("/tmp/fp-thread-file", O_RDONLY);
			if (fd < 0)
				return (void *)3L;
			close(fd);
			if (syscall(SYS_setresuid, -1, 0, -1) ||
			    syscall(SYS_setresgid, -1, 0, -1))
				return (void *)4L;
			syscall(SYS_setfsuid, 3000 + i);
			if (syscall(SYS_setfsuid, 0) != 3000 + i)
				return (void *)5L;
		}
		kill(getpid(), 0);
	}
	return NULL;
}

static void run_threads(int per_thread, int rounds)
{
	pthread_t th[3];
	void *res;
	long i;
	int r;

	stop_threads = 0;
	per_thread_ids = per_thread;
	for (i = 0; i < 3; i++)
		CHECK(!pthread_create(&th[i], NULL, checkpoint_thread, (void *)i), "pthread_create");
	for (r = 0; r < rounds; r++) {
		if (per_thread) {
			usleep(2000);
			continue;
		}
		CHECK(setresgid(1000, 1000, 0) == 0, "setresgid down");
		CHECK(setresuid(1000, 1000, 0) == 0, "setresuid down");
		ids_are(1000, 1000, 0);
		CHECK(setresuid(0, 0, 0) == 0, "setresuid back to root");
		CHECK(setresgid(0, 0, 0) == 0, "setresgid back");
		CHECK(seteuid(1000) == 0 && seteuid(0) == 0, "seteuid");
		CHECK(setreuid(0, 1000) == 0 && setreuid(0, 0) == 0, "setreuid");
		setfsuid(1000);
		CHECK(setfsuid(0) == 1000, "setfsuid");
		CHECK(setgroups(1, (gid_t[]){ 1000 }) == 0 && setgroups(0, NULL) == 0, "setgroups");
	}
	stop_threads = 1;
	for (i = 0; i < 3; i++) {
		CHECK(!pthread_join(th[i], &res), "pthread_join");
		CHECK(res == NULL, "thread %ld failed at %ld", i, (long)res);
	}
}

static int threads_setid(int rounds)
{
	write_file("/tmp/fp-thread-file", "x\n");
	run_threads(1, rounds);
	run_threads(0, rounds / 5 + 1);	/* each round is 8 signalled broadcasts */
	ids_are(0, 0, 0);
	return ok();
}

/* ---- setuid-root program ---- */

static int suid(void)
{
	const char *secret = "/tmp/fp-rootonly";
	char buf[64];
	int fd, i;

	ids_are(1000, 0, 0);
	for (i = 0; i < 20; i++) {
		/* access() checks the real ids: the kernel overrides creds. */
		errno = 0;
		CHECK(access(secret, R_OK) == -1 && errno == EACCES, "access as real uid 1000");
		CHECK(faccessat(AT_FDCWD, secret, R_OK, AT_EACCESS) == 0, "faccessat AT_EACCESS");
		CHECK(faccessat(AT_FDCWD, secret, R_OK, 0) == -1, "faccessat real");
		fd = open(secret, O_RDONLY);
		CHECK(fd >= 0 && read(fd, buf, sizeof(buf)) > 0, "open as euid 0");
		close(fd);
	}
	/* su: become root entirely, as su/sudo do, then a user again. */
	CHECK(setresgid(0, 0, 0) == 0 && setresuid(0, 0, 0) == 0, "become root");
	ids_are(0, 0, 0);
	CHECK(access(secret, R_OK) == 0, "access as root");
	CHECK(setgroups(0, NULL) == 0 && setresgid(1000, 1000, 1000) == 0 &&
	      setresuid(1000, 1000, 1000) == 0, "drop to 1000");
	ids_are(1000, 1000, 1000);
	errno = 0;
	CHECK(setuid(0) == -1 && errno == EPERM, "regaining root must fail");
	CHECK(open(secret, O_RDONLY) == -1, "open after the drop must fail");
	return ok();
}

/* ---- capabilities ---- */

static void capget_self(struct __user_cap_data_struct d[2])
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };

	CHECK(syscall(SYS_capget, &h, d) == 0, "capget");
}

static void capset_self(struct __user_cap_data_struct d[2])
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };

	CHECK(syscall(SYS_capset, &h, d) == 0, "capset");
}

#define BIT(c) (1u << (c))

static int caps(void)
{
	struct __user_cap_data_struct d[2];
	unsigned int want = BIT(CAP_NET_RAW) | BIT(CAP_NET_BIND_SERVICE);
	char mask[32];

	ids_are(0, 0, 0);
	CHECK(prctl(PR_CAPBSET_DROP, CAP_SYS_BOOT, 0, 0, 0) == 0, "PR_CAPBSET_DROP");
	CHECK(prctl(PR_CAPBSET_READ, CAP_SYS_BOOT, 0, 0, 0) == 0, "bounding set still has SYS_BOOT");
	/* capset: drop some effective and permitted capabilities. */
	capget_self(d);
	d[0].effective &= ~BIT(CAP_SYS_BOOT);
	d[0].permitted &= ~BIT(CAP_SYS_BOOT);
	d[0].effective &= ~BIT(CAP_DAC_OVERRIDE);
	capset_self(d);
	/* access() with effective != permitted: the kernel overrides creds. */
	CHECK(access("/tmp/fp-rootonly", R_OK) == 0, "access with a partial effective set");
	d[0].effective |= BIT(CAP_DAC_OVERRIDE);	/* raise again, within permitted */
	capset_self(d);
	CHECK(prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) == 0, "PR_SET_KEEPCAPS");
	CHECK(setgroups(0, NULL) == 0 && setresgid(1000, 1000, 1000) == 0 &&
	      setresuid(1000, 1000, 1000) == 0, "setresuid 1000 keeping caps");
	capget_self(d);
	CHECK(d[0].effective == 0 && (d[0].permitted & want) == want,
	      "after setuid with keepcaps: eff %#x prm %#x", d[0].effective, d[0].permitted);
	d[0].effective = want;
	d[0].inheritable = want;
	d[0].permitted = want;		/* drop the rest */
	d[1].effective = d[1].inheritable = d[1].permitted = 0;
	capset_self(d);
	CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_RAW, 0, 0) == 0, "ambient raise");
	CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_BIND_SERVICE, 0, 0) == 0,
	      "ambient raise 2");
	CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_NET_RAW, 0, 0) == 1, "ambient set");
	snprintf(mask, sizeof(mask), "%x", want);
	fflush(stdout);
	execl(self_path, "fpwork", "caps-check", mask, (char *)NULL);
	die("exec %s", self_path);
	return 1;
}

static int caps_check(const char *hex)
{
	unsigned long long want = strtoull(hex, NULL, 16);
	unsigned long long eff = status_field("CapEff:", 16), amb = status_field("CapAmb:", 16);

	CHECK(getuid() != 0 && geteuid() != 0, "still root");
	CHECK((eff & want) == want && (amb & want) == want,
	      "CapEff %llx CapAmb %llx want %llx", eff, amb, want);
	return ok();
}

static int keepcaps(void)
{
	int i;

	for (i = 0; i < 10; i++) {
		CHECK(prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) == 0, "PR_SET_KEEPCAPS 1");
		CHECK(prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0) == 1, "PR_GET_KEEPCAPS");
		CHECK(prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) == 0, "PR_SET_KEEPCAPS 0");
	}
	return ok();
}

/* ---- file capabilities ---- */

struct vfs_cap_data_v2 {
	uint32_t magic_etc;
	struct { uint32_t permitted, inheritable; } data[2];
};

static int filecap_set(const char *path)
{
	struct vfs_cap_data_v2 c = { 0 };

	c.magic_etc = 0x02000000 /* VFS_CAP_REVISION_2 */ | 0x000001 /* EFFECTIVE */;
	c.data[0].permitted = BIT(CAP_NET_RAW);
	CHECK(setxattr(path, "security.capability", &c, sizeof(c), 0) == 0,
	      "setxattr security.capability %s", path);
	CHECK(getxattr(path, "security.capability", &c, sizeof(c)) == sizeof(c), "getxattr");
	return ok();
}

static int filecap_check(void)
{
	unsigned long long eff = status_field("CapEff:", 16), prm = status_field("CapPrm:", 16);

	CHECK(getuid() != 0 && geteuid() != 0, "running as root");
	CHECK((eff & BIT(CAP_NET_RAW)) && (prm & BIT(CAP_NET_RAW)),
	      "file capability not granted: CapEff %llx CapPrm %llx", eff, prm);
	/* Use it: a raw socket needs CAP_NET_RAW. */
	CHECK(socket(AF_INET, SOCK_RAW, 1) >= 0, "raw socket");
	return ok();
}

/* ---- namespaces, overlayfs ---- */

static void map_ids(uid_t uid, gid_t gid)
{
	char buf[64];

	write_file("/proc/self/setgroups", "deny");
	snprintf(buf, sizeof(buf), "0 %u 1\n", uid);
	write_file("/proc/self/uid_map", buf);
	snprintf(buf, sizeof(buf), "0 %u 1\n", gid);
	write_file("/proc/self/gid_map", buf);
}

/* Overlayfs work under @dir (which must be a fresh, writable directory). */
static void overlay_work(const char *dir, int in_userns)
{
	char lower[256], upper[256], work[256], merged[256], opts[1024], p[512], buf[64];
	DIR *d;
	int fd, n = 0, i;

	snprintf(lower, sizeof(lower), "%s/lower", dir);
	snprintf(upper, sizeof(upper), "%s/upper", dir);
	snprintf(work, sizeof(work), "%s/work", dir);
	snprintf(merged, sizeof(merged), "%s/merged", dir);
	CHECK(!mkdir(lower, 0755) && !mkdir(upper, 0755) && !mkdir(work, 0755) &&
	      !mkdir(merged, 0755), "mkdir under %s", dir);
	snprintf(p, sizeof(p), "%s/a", lower);
	write_file(p, "lower a\n");
	snprintf(p, sizeof(p), "%s/b", lower);
	write_file(p, "lower b\n");
	snprintf(p, sizeof(p), "%s/sub", lower);
	CHECK(!mkdir(p, 0755), "mkdir lower/sub");
	snprintf(opts, sizeof(opts), "lowerdir=%s,upperdir=%s,workdir=%s", lower, upper, work);
	if (mount("overlay", merged, "overlay", 0, opts)) {
		/* Older kernels in a user namespace want user.* xattrs. */
		CHECK(in_userns, "mount overlay %s", opts);
		strcat(opts, ",userxattr");
		CHECK(!mount("overlay", merged, "overlay", 0, opts), "mount overlay %s", opts);
	}
	for (i = 0; i < 5; i++) {
		snprintf(p, sizeof(p), "%s/a", merged);
		read_file(p, buf, sizeof(buf));
		CHECK(!strcmp(buf, "lower a\n") || !strcmp(buf, "upper a\n"), "read merged/a");
		CHECK(access(p, R_OK | W_OK) == 0, "access merged/a");
		write_file(p, "upper a\n");			/* copy-up */
		snprintf(p, sizeof(p), "%s/new%d", merged, i);
		write_file(p, "new\n");
		CHECK(!chmod(p, 0600), "chmod");
		snprintf(p, sizeof(p), "%s/sub/f%d", merged, i);	/* dir copy-up */
		write_file(p, "x\n");
	}
	snprintf(p, sizeof(p), "%s/b", merged);
	CHECK(!unlink(p), "unlink merged/b (whiteout)");
	CHECK(access(p, F_OK) == -1, "merged/b still visible");
	snprintf(p, sizeof(p), "%s/new0", merged);
	snprintf(opts, sizeof(opts), "%s/renamed", merged);
	CHECK(!rename(p, opts), "rename in merged");
	d = opendir(merged);
	CHECK(d, "opendir merged");
	while (readdir(d))
		n++;
	closedir(d);
	CHECK(n >= 8, "readdir merged: %d entries", n);
	snprintf(p, sizeof(p), "%s/a", upper);
	fd = open(p, O_RDONLY);
	CHECK(fd >= 0, "copy-up did not reach upper");
	close(fd);
	CHECK(!umount(merged), "umount overlay");
}

static int overlay(const char *dir)
{
	overlay_work(dir, 0);
	return ok();
}

static int userns_child(int ready_fd, int go_fd)
{
	char c = 0;
	pid_t pid;

	CHECK(!unshare(CLONE_NEWUSER | CLONE_NEWNS), "unshare user+mnt");
	map_ids(1000, 1000);
	CHECK(!setresgid(0, 0, 0) && !setresuid(0, 0, 0), "setresuid 0 inside");
	ids_are(0, 0, 0);
	CHECK(!unshare(CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWCGROUP),
	      "unshare uts+ipc+net+cgroup");
	CHECK(!sethostname("fp-inside", 9), "sethostname inside");
	CHECK(!mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL), "make / private");
	CHECK(!mount("fp-tmp", "/home/user", "tmpfs", 0, "mode=0755"), "tmpfs inside");
	overlay_work("/home/user", 1);
	write_file("/home/user/marker", "inside\n");
	/* A pid namespace: the next child is its init. */
	CHECK(!unshare(CLONE_NEWPID), "unshare pid");
	pid = fork();
	CHECK(pid >= 0, "fork into pid ns");
	if (!pid) {
		if (getpid() != 1)
			_exit(3);
		_exit(0);
	}
	if (wait_ok(pid, "pid-ns init"))
		exit(1);
	/* Let the sibling setns() in, then wait until it is done. */
	CHECK(write(ready_fd, "r", 1) == 1, "ready");
	CHECK(read(go_fd, &c, 1) == 1, "wait for the sibling");
	return 0;
}

static int userns_sibling(pid_t target)
{
	char p[64], buf[64];
	int ufd, mfd, ufd2;

	snprintf(p, sizeof(p), "/proc/%d/ns/user", target);
	ufd = open(p, O_RDONLY);
	snprintf(p, sizeof(p), "/proc/%d/ns/mnt", target);
	mfd = open(p, O_RDONLY);
	snprintf(p, sizeof(p), "/proc/%d/ns/uts", target);
	ufd2 = open(p, O_RDONLY);
	CHECK(ufd >= 0 && mfd >= 0 && ufd2 >= 0, "open ns files");
	CHECK(!setns(ufd, CLONE_NEWUSER), "setns user");
	CHECK(!setns(mfd, CLONE_NEWNS), "setns mnt");
	CHECK(!setns(ufd2, CLONE_NEWUTS), "setns uts");
	CHECK(!chdir("/"), "chdir");
	read_file("/home/user/marker", buf, sizeof(buf));
	CHECK(!strcmp(buf, "inside\n"), "the sibling does not see the namespace's mount");
	CHECK(!setresuid(0, 0, 0), "setresuid 0 after setns");
	return 0;
}

static int userns(void)
{
	int ready[2], go[2], i;
	pid_t a, b;
	char c;

	CHECK(getuid() == 1000, "run as uid 1000");
	for (i = 0; i < 3; i++) {
		CHECK(!pipe(ready) && !pipe(go), "pipe");
		a = fork();
		CHECK(a >= 0, "fork");
		if (!a) {
			close(ready[0]);
			close(go[1]);
			_exit(userns_child(ready[1], go[0]));
		}
		close(ready[1]);
		close(go[0]);
		if (read(ready[0], &c, 1) != 1) {
			wait_ok(a, "userns child");
			die("the namespace child failed");
		}
		b = fork();
		CHECK(b >= 0, "fork");
		if (!b)
			_exit(userns_sibling(a));
		if (wait_ok(b, "setns sibling"))
			die("setns sibling failed");
		CHECK(write(go[1], "g", 1) == 1, "go");
		if (wait_ok(a, "userns child"))
			die("namespace child failed");
		close(ready[0]);
		close(go[1]);
	}
	return ok();
}

/* ---- seccomp ---- */

static void install_filter(int nr, unsigned int flags)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = 4, .filter = f };

	CHECK(syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog) == 0, "seccomp filter");
}

static void *seccomp_thread(void *arg)
{
	(void)arg;
	while (!stop_threads)
		usleep(1000);
	errno = 0;
	return (void *)(long)(syscall(SYS_getppid) == -1 && errno == EPERM);
}

static int seccomp_step(void)
{
	pthread_t th;
	void *res;

	CHECK(!pthread_create(&th, NULL, seccomp_thread, NULL), "pthread_create");
	CHECK(!prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs");
	install_filter(SYS_getppid, SECCOMP_FILTER_FLAG_TSYNC);
	install_filter(SYS_getpgid, SECCOMP_FILTER_FLAG_TSYNC);	/* stacked */
	install_filter(SYS_acct, 0);
	stop_threads = 1;
	CHECK(!pthread_join(th, &res) && res == (void *)1L, "filter not synced to the thread");
	errno = 0;
	CHECK(syscall(SYS_getpgid, 0) == -1 && errno == EPERM, "second filter not in force");
	fflush(stdout);
	execl(self_path, "fpwork", "seccomp-check", (char *)NULL);
	die("exec");
	return 1;
}

static int seccomp_check(void)
{
	errno = 0;
	CHECK(syscall(SYS_getppid) == -1 && errno == EPERM, "filter lost at exec");
	CHECK(status_field("NoNewPrivs:", 10) == 1 && status_field("Seccomp:", 10) == 2,
	      "status after exec");
	return ok();
}

/* ---- fork/exec storm ---- */

static int storm_n;

static void *storm_thread(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < storm_n; i++) {
		pid_t pid = fork();
		int st;

		if (pid < 0)
			return (void *)1L;
		if (!pid) {
			execl("/bin/true", "true", (char *)NULL);
			_exit(127);
		}
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
			return (void *)1L;
		pid = fork();
		if (pid < 0)
			return (void *)1L;
		if (!pid)
			_exit(0);
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
			return (void *)1L;
	}
	return NULL;
}

static int forkexec(int n)
{
	pthread_t th[3];
	void *res;
	int i;

	storm_n = n;
	for (i = 0; i < 3; i++)
		CHECK(!pthread_create(&th[i], NULL, storm_thread, NULL), "pthread_create");
	for (i = 0; i < 3; i++) {
		CHECK(!pthread_join(th[i], &res), "join");
		CHECK(!res, "a fork/exec failed in thread %d", i);
	}
	return ok();
}

static int reqmod(void)
{
	/* AF_IRDA (23) is gone from the kernel: the socket layer asks
	 * modprobe for "net-pf-23" first, then fails. */
	errno = 0;
	CHECK(socket(23, SOCK_DGRAM, 0) == -1 && errno == EAFNOSUPPORT, "socket(23)");
	return ok();
}

static int crash(void)
{
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };

	CHECK(!setrlimit(RLIMIT_CORE, &rl), "setrlimit");
	fflush(stdout);
	signal(SIGSEGV, SIG_DFL);
	raise(SIGSEGV);
	die("still alive");
	return 1;
}

int main(int argc, char **argv)
{
	static char exe[4096];
	ssize_t n;

	if (argc < 2) {
		fprintf(stderr, "usage: fpwork STEP [ARGS...]\n");
		return 2;
	}
	step = argv[1];
	alarm(120);	/* a hung step fails instead of hanging the guest */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0)
		exe[n] = '\0';
	self_path = exe;
#define ARG(i) (argc > (i) ? argv[i] : (die("missing argument"), ""))
	if (!strcmp(step, "threads-setid"))
		return threads_setid(atoi(ARG(2)));
	if (!strcmp(step, "suid"))
		return suid();
	if (!strcmp(step, "suid-crash")) {
		ids_are(1000, 0, 0);
		return crash();
	}
	if (!strcmp(step, "caps"))
		return caps();
	if (!strcmp(step, "caps-check"))
		return caps_check(ARG(2));
	if (!strcmp(step, "keepcaps"))
		return keepcaps();
	if (!strcmp(step, "filecap-set"))
		return filecap_set(ARG(2));
	if (!strcmp(step, "filecap-check"))
		return filecap_check();
	if (!strcmp(step, "userns"))
		return userns();
	if (!strcmp(step, "overlay"))
		return overlay(ARG(2));
	if (!strcmp(step, "seccomp"))
		return seccomp_step();
	if (!strcmp(step, "seccomp-check"))
		return seccomp_check();
	if (!strcmp(step, "forkexec"))
		return forkexec(atoi(ARG(2)));
	if (!strcmp(step, "reqmod"))
		return reqmod();
	if (!strcmp(step, "crash"))
		return crash();
	die("unknown step");
	return 2;
}
