// SPDX-License-Identifier: GPL-2.0
/*
 * BPF programs that call helpers rootkits rely on: bpf_probe_write_user
 * (rewrite user memory, e.g. a sudoers read), bpf_override_return (fake a
 * kernel function's result) and bpf_send_signal(_thread) (kill from the
 * kernel).  The translated program from BPF_OBJ_GET_INFO_BY_FD holds helper
 * calls as offsets from __bpf_call_base; /proc/kallsyms turns those into names.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "scan.h"
#include "util.h"

static const char *const abused_helpers[] = {
	"bpf_probe_write_user", "bpf_override_return", "bpf_send_signal", "bpf_send_signal_thread",
};
#define N_ABUSED (sizeof(abused_helpers) / sizeof(abused_helpers[0]))

struct helper_addrs {
	unsigned long call_base;
	unsigned long helper[N_ABUSED];
};

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

/* False when kallsyms hides addresses (kptr_restrict) or lacks the base. */
static bool resolve_helpers(const char *root, struct helper_addrs *h)
{
	char path[512], line[512], name[256], type;
	unsigned long addr;
	FILE *f;

	memset(h, 0, sizeof(*h));
	snprintf(path, sizeof(path), "%s/proc/kallsyms", root);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx %c %255s", &addr, &type, name) != 3 || strchr(line, '['))
			continue;
		if (strcmp(name, "__bpf_call_base") == 0)
			h->call_base = addr;
		for (size_t i = 0; i < N_ABUSED; i++)
			if (strcmp(name, abused_helpers[i]) == 0)
				h->helper[i] = addr;
	}
	fclose(f);
	return h->call_base != 0;
}

static bool prog_info(int fd, struct bpf_prog_info *info, struct bpf_insn **insns)
{
	union bpf_attr attr;
	uint32_t len;

	memset(info, 0, sizeof(*info));
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = (uint32_t)fd;
	attr.info.info_len = sizeof(*info);
	attr.info.info = (uint64_t)(uintptr_t)info;
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) < 0)
		return false;
	len = info->xlated_prog_len;
	*insns = xcalloc(len ? len : 1, 1);
	memset(info, 0, sizeof(*info));
	info->xlated_prog_len = len;
	info->xlated_prog_insns = (uint64_t)(uintptr_t)*insns;
	attr.info.info_len = sizeof(*info);
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) < 0) {
		free(*insns);
		return false;
	}
	return true;
}

static void check_prog(int fd, uint32_t id, const struct helper_addrs *h,
		       struct scan_report *rep, struct scan_check *c)
{
	struct bpf_prog_info info;
	struct bpf_insn *insns;
	bool seen[N_ABUSED] = { false };
	size_t n;

	if (!prog_info(fd, &info, &insns))
		return;
	n = info.xlated_prog_len / sizeof(struct bpf_insn);
	for (size_t i = 0; i < n; i++) {
		const struct bpf_insn *in = &insns[i];
		unsigned long target;

		/* Helper calls: BPF_JMP|BPF_CALL with src_reg 0 (not a bpf-to-bpf call). */
		if (in->code != (BPF_JMP | BPF_CALL) || in->src_reg != 0 || in->imm == 0)
			continue;
		target = h->call_base + (unsigned long)(long)in->imm;
		for (size_t k = 0; k < N_ABUSED; k++)
			if (h->helper[k] && target == h->helper[k])
				seen[k] = true;
	}
	for (size_t k = 0; k < N_ABUSED; k++) {
		char subject[64];

		if (!seen[k])
			continue;
		snprintf(subject, sizeof(subject), "bpf prog %u", id);
		scan_finding(rep, c, subject, "program \"%s\" (type %u) calls %s", info.name,
			     info.type, abused_helpers[k]);
	}
	free(insns);
}

void scan_bpf(const struct scan_opts *o, struct scan_report *rep)
{
	struct scan_check *c = scan_begin(rep, "bpf_helpers");
	double start = now_ms();
	struct helper_addrs h;
	union bpf_attr attr;
	uint32_t id = 0;

	if (o->root[0]) {
		scan_na(c, "BPF listing needs the live system (--root given)");
		goto out;
	}
	memset(&attr, 0, sizeof(attr));
	if (sys_bpf(BPF_PROG_GET_NEXT_ID, &attr) < 0 && errno != ENOENT) {
		scan_na(c, errno == ENOSYS ? "kernel without the bpf() syscall"
			: errno == EPERM ? "listing BPF programs needs CAP_SYS_ADMIN"
			: "cannot list BPF programs: %m");
		goto out;
	}
	if (!resolve_helpers(o->root, &h)) {
		scan_na(c, "helper addresses not visible in /proc/kallsyms (kptr_restrict?)");
		goto out;
	}
	for (;;) {
		int fd;

		memset(&attr, 0, sizeof(attr));
		attr.start_id = id;
		if (sys_bpf(BPF_PROG_GET_NEXT_ID, &attr) < 0)
			break;	/* ENOENT: no more programs */
		id = attr.next_id;
		memset(&attr, 0, sizeof(attr));
		attr.prog_id = id;
		fd = (int)sys_bpf(BPF_PROG_GET_FD_BY_ID, &attr);
		if (fd < 0)
			continue;	/* unloaded meanwhile */
		c->examined++;
		check_prog(fd, id, &h, rep, c);
		close(fd);
	}
	snprintf(c->note, sizeof(c->note), "%lu programs loaded", c->examined);
out:
	scan_end(c, start);
}
