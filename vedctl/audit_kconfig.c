// SPDX-License-Identifier: GPL-2.0
/* Kernel build configuration: .config, /boot/config-*, /proc/config.gz. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "audit.h"

static bool is_option_name(const char *s, size_t len)
{
	if (len <= 7 || strncmp(s, "CONFIG_", 7) != 0)
		return false;
	for (size_t i = 7; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

static void copy_span(char *dst, size_t size, const char *src, size_t len)
{
	if (len >= size)
		len = size - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

/*
 * Three line forms exist: CONFIG_X=value, "# CONFIG_X is not set", and
 * comments/blank lines.  Anything else means this is not a kernel config.
 */
enum kconfig_line kconfig_parse_line(const char *line, char *name, size_t name_size,
				     char *value, size_t value_size, const char **why)
{
	size_t len = strlen(line);
	const char *eq;

	while (len && isspace((unsigned char)line[len - 1]))
		len--;
	*why = NULL;
	if (len == 0)
		return KLINE_IGNORED;
	if (line[0] == '#') {
		static const char tail[] = " is not set";
		size_t tl = sizeof(tail) - 1;

		if (len > 2 + tl && strncmp(line, "# CONFIG_", 9) == 0 &&
		    strncmp(line + len - tl, tail, tl) == 0 &&
		    is_option_name(line + 2, len - 2 - tl)) {
			copy_span(name, name_size, line + 2, len - 2 - tl);
			copy_span(value, value_size, "is not set", 10);
			return KLINE_OPTION;
		}
		return KLINE_IGNORED;
	}
	eq = memchr(line, '=', len);
	if (!eq || !is_option_name(line, (size_t)(eq - line))) {
		*why = "not a kernel config line (want CONFIG_NAME=value or \"# CONFIG_NAME is not set\")";
		return KLINE_BAD;
	}
	if ((size_t)(eq - line) >= name_size) {
		*why = "option name too long";
		return KLINE_BAD;
	}
	copy_span(name, name_size, line, (size_t)(eq - line));
	eq++;
	len -= (size_t)(eq - line);
	if (len == 0) {
		*why = "option has no value";
		return KLINE_BAD;
	}
	/* String options are quoted in .config; compare their contents. */
	if (len >= 2 && eq[0] == '"' && eq[len - 1] == '"') {
		eq++;
		len -= 2;
	}
	if (len >= value_size) {
		*why = "option value too long";
		return KLINE_BAD;
	}
	copy_span(value, value_size, eq, len);
	if (strcmp(value, "is not set") == 0) {
		*why = "\"is not set\" written as a value";
		return KLINE_BAD;
	}
	return KLINE_OPTION;
}

/* "# Linux/x86 6.1.192 Kernel Configuration" */
bool kconfig_header_version(const char *line, int version[3])
{
	const char *p = strstr(line, "# Linux/");
	const char *sp;

	if (p != line || !strstr(line, "Kernel Configuration"))
		return false;
	sp = strchr(line + 8, ' ');
	return sp && version_parse(sp + 1, version);
}

bool kconfig_load(const char *path, struct kvmap *out, int version[3], bool *have_version,
		  struct parse_error *err)
{
	gzFile gz = gzopen(path, "rb");	/* reads plain files as they are */
	char line[8192], name[256], value[4096];
	unsigned lineno = 0;
	size_t options = 0;
	bool ok = true;

	if (!gz) {
		parse_error_set(err, path, 0, "cannot open: %m");
		return false;
	}
	*have_version = false;
	while (gzgets(gz, line, sizeof(line))) {
		size_t len = strlen(line);
		const char *why;

		lineno++;
		if (len == sizeof(line) - 1 && line[len - 1] != '\n') {
			parse_error_set(err, path, lineno, "line longer than %zu bytes", sizeof(line) - 2);
			ok = false;
			break;
		}
		if (!is_text(line, len)) {
			parse_error_set(err, path, lineno, "binary data, not a kernel config");
			ok = false;
			break;
		}
		if (lineno <= 5 && !*have_version && kconfig_header_version(line, version))
			*have_version = true;
		switch (kconfig_parse_line(line, name, sizeof(name), value, sizeof(value), &why)) {
		case KLINE_IGNORED:
			continue;
		case KLINE_BAD:
			parse_error_set(err, path, lineno, "%s", why);
			ok = false;
			break;
		case KLINE_OPTION:
			if (kvmap_get(out, name)) {
				parse_error_set(err, path, lineno, "%s is set more than once", name);
				ok = false;
				break;
			}
			kvmap_set(out, name, value);
			options++;
			continue;
		}
		break;
	}
	if (ok && !gzeof(gz)) {
		int zerr;

		parse_error_set(err, path, lineno + 1, "read error: %s", gzerror(gz, &zerr));
		ok = false;
	}
	gzclose(gz);
	if (ok && options == 0) {
		parse_error_set(err, path, 0, "no CONFIG_ options found: not a kernel config");
		ok = false;
	}
	return ok;
}
