// SPDX-License-Identifier: GPL-2.0
/* sysctl values: a `sysctl -a` dump, or the live /proc/sys. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"

static bool is_sysctl_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '_' || c == '-' || c == '/' ||
	       c == ':' || c == '*' || c == '@' || c == '+';
}

/* "name = value" (value may be empty); false for anything else. */
bool sysctl_parse_line(const char *line, char *name, size_t name_size,
		       char *value, size_t value_size)
{
	const char *sep = strstr(line, " =");
	size_t nlen, vlen;

	if (!sep || sep == line)
		return false;
	nlen = (size_t)(sep - line);
	for (size_t i = 0; i < nlen; i++)
		if (!is_sysctl_name_char(line[i]))
			return false;
	if (nlen >= name_size)
		return false;
	memcpy(name, line, nlen);
	name[nlen] = '\0';
	sep += 2;
	if (*sep == ' ')
		sep++;
	vlen = strcspn(sep, "\r\n");
	while (vlen && isspace((unsigned char)sep[vlen - 1]))
		vlen--;
	if (vlen >= value_size)
		return false;
	memcpy(value, sep, vlen);
	value[vlen] = '\0';
	return true;
}

bool sysctl_load(const char *path, struct kvmap *out, struct parse_error *err)
{
	FILE *f = fopen(path, "re");
	char line[8192], name[512], value[4096];
	unsigned lineno = 0;
	bool ok = true;

	if (!f) {
		parse_error_set(err, path, 0, "cannot open: %m");
		return false;
	}
	while (fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);

		lineno++;
		if (len == sizeof(line) - 1 && line[len - 1] != '\n') {
			parse_error_set(err, path, lineno, "line longer than %zu bytes", sizeof(line) - 2);
			ok = false;
			break;
		}
		if (!is_text(line, len)) {
			parse_error_set(err, path, lineno, "binary data, not a sysctl dump");
			ok = false;
			break;
		}
		if (!*trim(line))
			continue;
		if (!sysctl_parse_line(line, name, sizeof(name), value, sizeof(value))) {
			parse_error_set(err, path, lineno,
					"not a sysctl line (want \"name = value\" as `sysctl -a` prints)");
			ok = false;
			break;
		}
		kvmap_set(out, name, value);	/* a repeated key: the last one wins */
	}
	fclose(f);
	if (ok && kvmap_count(out) == 0) {
		parse_error_set(err, path, 0, "no sysctl values found: not a `sysctl -a` dump");
		ok = false;
	}
	return ok;
}

bool sysctl_read_live(const char *root, const char *name, char *buf, size_t size)
{
	char path[1024];
	size_t len;
	char *text;
	int n = snprintf(path, sizeof(path), "%s/proc/sys/", root);

	if (n < 0 || (size_t)n >= sizeof(path))
		return false;
	for (const char *p = name; *p && (size_t)n + 1 < sizeof(path); p++)
		path[n++] = *p == '.' ? '/' : *p;
	path[n] = '\0';
	text = read_whole_file(path, &len);
	if (!text)
		return false;
	/* sysctl(8) prints multi-value entries with their tab separators. */
	snprintf(buf, size, "%s", trim(text));
	free(text);
	return true;
}

static void load_term(const char *root, const struct rule_term *t, struct kvmap *out)
{
	char value[4096];

	if (t->src == SRC_SYSCTL && !kvmap_get(out, t->name) &&
	    sysctl_read_live(root, t->name, value, sizeof(value)))
		kvmap_set(out, t->name, value);
}

/* Only the keys the rules mention: walking all of /proc/sys is slow. */
void sysctl_load_live(const char *root, struct kvmap *out)
{
	for (unsigned i = 0; i < ved_rules_count; i++) {
		const struct rule *r = &ved_rules[i];

		load_term(root, &r->main, out);
		for (unsigned j = 0; j < r->n_needs; j++)
			load_term(root, &r->needs[j], out);
		for (unsigned j = 0; j < r->n_alts; j++)
			for (unsigned k = 0; k < r->alts[j].n_terms; k++)
				load_term(root, &r->alts[j].terms[k], out);
	}
}
