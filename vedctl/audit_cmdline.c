// SPDX-License-Identifier: GPL-2.0
/* Kernel boot command line: /proc/cmdline or a saved copy. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"

/*
 * Parameters the kernel reads with kstrtobool(): for those "on", "yes",
 * "y" and "1" mean the same, so the audit compares their normalised form.
 * Other parameters (pti=on, rodata=on, mitigations=...) are taken verbatim.
 */
static const char *const bool_params[] = {
	"iommu.passthrough", "iommu.strict", "page_alloc.shuffle", "init_on_alloc",
	"init_on_free", "hardened_usercopy", "slab_common.usercopy_fallback",
	"module.sig_enforce", "randomize_kstack_offset", "ia32_emulation",
	"bdev_allow_write_mounted",
};

static bool is_bool_param(const char *name)
{
	for (size_t i = 0; i < sizeof(bool_params) / sizeof(bool_params[0]); i++)
		if (strcmp(name, bool_params[i]) == 0)
			return true;
	return false;
}

static const char *normalize_bool(const char *value)
{
	static const char *const on[] = { "1", "on", "y", "yes", "t", "true" };
	static const char *const off[] = { "0", "off", "n", "no", "f", "false" };

	for (size_t i = 0; i < 6; i++) {
		if (strcasecmp(value, on[i]) == 0)
			return "1";
		if (strcasecmp(value, off[i]) == 0)
			return "0";
	}
	return value;
}

/* The kernel treats '-' and '_' in parameter names alike (parameq()). */
void cmdline_normalize_name(char *name)
{
	for (char *p = name; *p; p++)
		if (*p == '-')
			*p = '_';
}

/* Copies one argument, dropping the double quotes the kernel also drops. */
static const char *next_arg(const char *p, char *arg, size_t size, bool *too_long)
{
	bool quoted = false;
	size_t n = 0;

	*too_long = false;
	for (; *p && (quoted || !isspace((unsigned char)*p)); p++) {
		if (*p == '"') {
			quoted = !quoted;
			continue;
		}
		if (n + 1 >= size) {
			*too_long = true;
			continue;
		}
		arg[n++] = *p;
	}
	arg[n] = '\0';
	return p;
}

bool cmdline_parse(const char *text, const char *origin, struct kvmap *out,
		   struct parse_error *err)
{
	const char *p = text, *nl;
	char arg[4096];

	if (!is_text(text, strlen(text))) {
		parse_error_set(err, origin, 1, "binary data, not a kernel command line");
		return false;
	}
	nl = strchr(text, '\n');
	if (nl && strspn(nl, " \t\r\n") != strlen(nl)) {
		parse_error_set(err, origin, 2, "more than one line: a command line is a single line");
		return false;
	}
	for (;;) {
		char *eq;
		bool too_long;

		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			return true;
		p = next_arg(p, arg, sizeof(arg), &too_long);
		if (too_long) {
			parse_error_set(err, origin, 1, "argument longer than %zu bytes", sizeof(arg) - 1);
			return false;
		}
		if (strcmp(arg, "--") == 0)	/* the rest belongs to init */
			return true;
		eq = strchr(arg, '=');
		if (eq)
			*eq++ = '\0';
		if (!arg[0]) {
			parse_error_set(err, origin, 1, "argument \"=%s\" has no name", eq ? eq : "");
			return false;
		}
		cmdline_normalize_name(arg);
		if (!eq)
			kvmap_set(out, arg, "");
		else
			kvmap_set(out, arg, is_bool_param(arg) ? normalize_bool(eq) : eq);
	}
}

bool cmdline_load(const char *path, struct kvmap *out, struct parse_error *err)
{
	size_t len;
	char *text = read_whole_file(path, &len);
	bool ok;

	if (!text) {
		parse_error_set(err, path, 0, "cannot read: %m");
		return false;
	}
	if (strlen(text) != len) {
		parse_error_set(err, path, 1, "contains NUL bytes: not a kernel command line");
		free(text);
		return false;
	}
	ok = cmdline_parse(text, path, out, err);
	free(text);
	return ok;
}
