// SPDX-License-Identifier: GPL-2.0
/*
 * Taint consistency.  Loading a module ORs its taint (O out-of-tree,
 * E unsigned, P proprietary ...) into the kernel's taint, which only a
 * reboot clears.  A module whose taint the kernel lacks means someone reset
 * the kernel taint; module taint in the kernel that no visible module
 * carries means such a module was unloaded or is hiding.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "scan.h"
#include "taint.h"
#include "util.h"

/* Flags a module load sets in the kernel taint. */
static unsigned long module_taint_bits(void)
{
	static const char letters[] = "PFCOEKX";
	unsigned long mask = 0;

	for (const char *p = letters; *p; p++)
		mask |= 1UL << taint_by_letter(*p)->bit;
	return mask;
}

void scan_taint(const struct scan_opts *o, struct scan_report *rep)
{
	struct scan_check *c = scan_begin(rep, "taint");
	double start = now_ms();
	char path[512], text[256], letters[128];
	unsigned long modules_union = 0, unexplained;
	long kernel;
	DIR *d;
	struct dirent *e;

	snprintf(path, sizeof(path), "%s/proc/sys/kernel/tainted", o->root);
	if (!read_long_file(path, &kernel)) {
		scan_na(c, "cannot read %s", path);
		goto out;
	}
	snprintf(path, sizeof(path), "%s/sys/module", o->root);
	d = opendir(path);
	while (d && (e = readdir(d))) {
		char tpath[1024], mtaint[64];
		unsigned long mask;

		if (e->d_name[0] == '.')
			continue;
		snprintf(tpath, sizeof(tpath), "%s/%s/taint", path, e->d_name);
		if (!read_line_file(tpath, mtaint, sizeof(mtaint)))
			continue;	/* built-in: no taint file */
		c->examined++;
		if (!taint_parse_letters(mtaint, &mask)) {
			scan_finding(rep, c, e->d_name, "unknown taint letters \"%s\"", mtaint);
			continue;
		}
		modules_union |= mask;
		if (mask & ~(unsigned long)kernel) {
			taint_letters(mask & ~(unsigned long)kernel, letters, sizeof(letters));
			scan_finding(rep, c, e->d_name, "module taint \"%s\" includes %s, which the "
				     "kernel taint (%ld) lacks: kernel taint was reset", mtaint,
				     letters, kernel);
		}
	}
	if (d)
		closedir(d);
	unexplained = (unsigned long)kernel & module_taint_bits() & ~modules_union;
	if (unexplained) {
		taint_describe(unexplained, text, sizeof(text));
		scan_finding(rep, c, "kernel taint", "kernel is tainted by a module (%s) but no "
			     "loaded module carries that taint: it was unloaded or is hidden", text);
	}
	taint_letters((unsigned long)kernel, letters, sizeof(letters));
	snprintf(c->note, sizeof(c->note), "kernel taint %ld%s%s%s", kernel,
		 kernel ? " (" : "", letters, kernel ? ")" : "");
out:
	scan_end(c, start);
}
