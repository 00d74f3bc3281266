// SPDX-License-Identifier: GPL-2.0
/* See enrich.h. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "enrich.h"
#include "rules.h"
#include "util.h"

struct idname {
	uint32_t id;
	char name[64];
};

struct idmap {
	struct idname *v;
	size_t n;
	char path[512];
	time_t mtime;
	uint64_t checked_ms;
};

/*
 * A small cache by tgid: a flood comes from few processes, and /proc costs
 * several system calls per lookup.  Entries live for a short while only,
 * since pids are reused.
 */
#define CACHE_SIZE	64
#define CACHE_TTL_MS	2000

struct cache_entry {
	uint32_t tgid;
	uint64_t at_ms;
	struct vedd_proc proc;
};

struct enricher {
	char proc_root[256];
	struct idmap users, groups;
	struct cache_entry cache[CACHE_SIZE];
};

static void idmap_load(struct idmap *m)
{
	struct stat st;
	char line[1024];
	FILE *f;

	m->checked_ms = now_ms();
	if (stat(m->path, &st) || st.st_mtime == m->mtime)
		return;
	f = fopen(m->path, "re");
	if (!f)
		return;
	free(m->v);
	m->v = NULL;
	m->n = 0;
	m->mtime = st.st_mtime;
	while (fgets(line, sizeof(line), f) && m->n < 100000) {
		/* name:x:id:... (passwd and group alike) */
		char *name = line, *c1 = strchr(line, ':'), *c2, *end;
		unsigned long id;
		struct idname *v;

		if (!c1 || !(c2 = strchr(c1 + 1, ':')))
			continue;
		*c1 = '\0';
		id = strtoul(c2 + 1, &end, 10);
		if (end == c2 + 1 || *end != ':' || id > UINT32_MAX || strlen(name) >= 64)
			continue;
		v = realloc(m->v, (m->n + 1) * sizeof(*v));
		if (!v)
			break;
		m->v = v;
		v[m->n].id = (uint32_t)id;
		copy_kstr(v[m->n].name, sizeof(v[m->n].name), name, SIZE_MAX);
		m->n++;
	}
	fclose(f);
}

static void idmap_name(struct idmap *m, uint32_t id, char *out, size_t size)
{
	/* Re-read a changed file, but look at its mtime at most every 5 s. */
	if (now_ms() - m->checked_ms > 5000)
		idmap_load(m);
	out[0] = '\0';
	for (size_t i = 0; i < m->n; i++) {
		if (m->v[i].id == id) {
			snprintf(out, size, "%s", m->v[i].name);
			return;
		}
	}
}

struct enricher *enricher_new(const char *proc_root, const char *etc_root)
{
	struct enricher *e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	snprintf(e->proc_root, sizeof(e->proc_root), "%s", proc_root);
	snprintf(e->users.path, sizeof(e->users.path), "%s/passwd", etc_root);
	snprintf(e->groups.path, sizeof(e->groups.path), "%s/group", etc_root);
	idmap_load(&e->users);
	idmap_load(&e->groups);
	return e;
}

void enricher_free(struct enricher *e)
{
	if (!e)
		return;
	free(e->users.v);
	free(e->groups.v);
	free(e);
}

/* Read a small /proc file; its length, or -1. */
static ssize_t read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

static void read_link(const char *path, char *out, size_t size)
{
	ssize_t n = readlink(path, out, size - 1);

	out[n > 0 ? n : 0] = '\0';
}

void container_id_from_cgroup(const char *cg, char *out, size_t size)
{
	/*
	 * Docker (docker-<id>.scope, /docker/<id>), containerd
	 * (cri-containerd-<id>), podman (libpod-<id>) and Kubernetes all put a
	 * 64-hex-digit id into the path: take the last such run.
	 */
	const char *best = NULL;
	size_t run = 0;

	out[0] = '\0';
	for (const char *p = cg; ; p++) {
		if (*p && isxdigit((unsigned char)*p) && !isupper((unsigned char)*p)) {
			run++;
			continue;
		}
		if (run == 64)
			best = p - 64;
		run = 0;
		if (!*p)
			break;
	}
	if (best && size > 64) {
		memcpy(out, best, 64);
		out[64] = '\0';
	}
}

static void proc_lookup(struct enricher *e, uint32_t tgid, struct vedd_proc *p)
{
	char path[300], buf[4096];
	ssize_t n;
	char *s;

	snprintf(path, sizeof(path), "%s/%u/status", e->proc_root, tgid);
	n = read_file(path, buf, sizeof(buf));
	if (n < 0)
		return;
	p->found = 1;
	if ((s = strstr(buf, "\nPPid:")) && sscanf(s + 6, "%u", &p->ppid) == 1)
		p->have_ppid = 1;
	if ((s = strstr(buf, "\nGid:")) && sscanf(s + 5, "%u %u", &p->gid, &p->egid) == 2)
		p->have_gid = 1;

	snprintf(path, sizeof(path), "%s/%u/exe", e->proc_root, tgid);
	read_link(path, p->exe, sizeof(p->exe));

	snprintf(path, sizeof(path), "%s/%u/cmdline", e->proc_root, tgid);
	n = read_file(path, p->args, sizeof(p->args));
	if (n > 0) {
		if (p->args[n - 1] != '\0')	/* truncated: terminate the last arg */
			p->args[n++] = '\0';
		p->args_len = (unsigned int)n;
		for (ssize_t i = 0; i < n; i++)
			p->argc += p->args[i] == '\0';
	}

	snprintf(path, sizeof(path), "%s/%u/cgroup", e->proc_root, tgid);
	if (read_file(path, buf, sizeof(buf)) > 0) {
		/* cgroup v2 "0::/path"; on v1 the first hierarchy's path. */
		char *line = strstr(buf, "0::");

		line = line ? line + 3 : ((s = strchr(buf, ':')) && (s = strchr(s + 1, ':'))) ? s + 1 : NULL;
		if (line) {
			line[strcspn(line, "\n")] = '\0';
			copy_kstr(p->cgroup, sizeof(p->cgroup), line, SIZE_MAX);
			container_id_from_cgroup(p->cgroup, p->container_id, sizeof(p->container_id));
		}
	}
}

/* The parent's name and executable, from /proc (the parent usually outlives a killed task). */
static void parent_lookup(struct enricher *e, struct vedd_proc *p)
{
	char path[300], buf[4096];

	if (p->have_ppid && p->ppid) {
		snprintf(path, sizeof(path), "%s/%u/comm", e->proc_root, p->ppid);
		if (read_file(path, buf, sizeof(buf)) > 0) {
			buf[strcspn(buf, "\n")] = '\0';
			copy_kstr(p->parent_name, sizeof(p->parent_name), buf, SIZE_MAX);
		}
		snprintf(path, sizeof(path), "%s/%u/exe", e->proc_root, p->ppid);
		read_link(path, p->parent_exe, sizeof(p->parent_exe));
	}
}

/*
 * The record's own view of the task (ABI 2: ppid and executable read by
 * the kernel when the record was made) wins over /proc: it is what the
 * task was, and it is there when ved killed the task before vedd looked.
 * /proc's executable is kept only when the record's is not a full path.
 */
static void kernel_view(const struct ved_event_header *rec, struct vedd_proc *p)
{
	char exe[VED_EXE_LEN + 1];

	if (rec->ppid || rec->tgid == 1) {
		p->have_ppid = 1;
		p->ppid = rec->ppid;
	}
	vedevent_exe(rec, exe, sizeof(exe));
	if (rec->exe_state == VED_EXE_PATH || (exe[0] && !p->exe[0]))
		copy_kstr(p->exe, sizeof(p->exe), exe, sizeof(exe));
}

void enrich_record(struct enricher *e, const struct ved_event_header *rec, struct vedd_proc *out)
{
	struct cache_entry *c = &e->cache[rec->tgid % CACHE_SIZE];
	uint64_t now = now_ms();
	uint32_t uid, euid;

	if (c->tgid == rec->tgid && c->at_ms && now - c->at_ms < CACHE_TTL_MS) {
		*out = c->proc;
	} else {
		memset(out, 0, sizeof(*out));
		/* pid 0 is the idle task or a record without a task. */
		if (rec->tgid) {
			proc_lookup(e, rec->tgid, out);
			kernel_view(rec, out);
			parent_lookup(e, out);
		}
		c->tgid = rec->tgid;
		c->at_ms = now;
		c->proc = *out;
	}
	/* A cached entry may predate an exec: the record is always current. */
	kernel_view(rec, out);
	/* The record's ids are authoritative; /proc may show a later (forged) state. */
	vedecs_identity(rec, &uid, &euid);
	idmap_name(&e->users, uid, out->user_name, sizeof(out->user_name));
	idmap_name(&e->users, euid, out->euser_name, sizeof(out->euser_name));
	if (out->have_gid) {
		idmap_name(&e->groups, out->gid, out->group_name, sizeof(out->group_name));
		idmap_name(&e->groups, out->egid, out->egroup_name, sizeof(out->egroup_name));
	}
}

void host_info(struct vedd_host *h, const char *hostname_override)
{
	struct utsname u;
	char buf[64];

	memset(h, 0, sizeof(*h));
	if (hostname_override && hostname_override[0])
		snprintf(h->hostname, sizeof(h->hostname), "%s", hostname_override);
	else if (gethostname(h->hostname, sizeof(h->hostname) - 1))
		snprintf(h->hostname, sizeof(h->hostname), "localhost");
	if (!uname(&u)) {
		copy_kstr(h->kernel, sizeof(h->kernel), u.release, SIZE_MAX);
		copy_kstr(h->arch, sizeof(h->arch), u.machine, SIZE_MAX);
	}
	if (read_file("/proc/sys/kernel/random/boot_id", buf, sizeof(buf)) > 0) {
		buf[strcspn(buf, "\n")] = '\0';
		copy_kstr(h->boot_id, sizeof(h->boot_id), buf, SIZE_MAX);
	}
}
