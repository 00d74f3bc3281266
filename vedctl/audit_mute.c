// SPDX-License-Identifier: GPL-2.0
/*
 * Muting: profiles and user mute files take checks out of the summary and
 * exit code without changing their verdict, and always carry a reason so a
 * muted check is never a silent one.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"

const struct profile *profile_find(const char *name)
{
	for (unsigned i = 0; i < ved_profiles_count; i++)
		if (strcmp(ved_profiles[i].name, name) == 0)
			return &ved_profiles[i];
	return NULL;
}

/* A pattern matches the check id or the option name (all CONFIG_LSM=...). */
void mute_apply(struct result_list *results, const char *pattern, const char *reason,
		unsigned *matched)
{
	for (size_t i = 0; i < results->count; i++) {
		struct check_result *r = &results->items[i];

		if (fnmatch(pattern, r->id, 0) != 0 && fnmatch(pattern, r->option_name, 0) != 0)
			continue;
		if (!r->muted) {
			r->muted = true;
			snprintf(r->mute_reason, sizeof(r->mute_reason), "%s", reason);
		}
		if (matched)
			(*matched)++;
	}
}

void profile_apply(const struct profile *p, struct result_list *results)
{
	for (unsigned i = 0; i < p->n_mutes; i++) {
		char reason[160];

		snprintf(reason, sizeof(reason), "profile %s: %s", p->name, p->mutes[i].reason);
		mute_apply(results, p->mutes[i].pattern, reason, NULL);
	}
}

/* Lines: "PATTERN REASON...", '#' comments and blank lines ignored. */
bool mute_file_apply(const char *path, struct result_list *results, struct parse_error *err)
{
	FILE *f = fopen(path, "re");
	char line[1024];
	unsigned lineno = 0;

	if (!f) {
		parse_error_set(err, path, 0, "cannot open: %m");
		return false;
	}
	while (fgets(line, sizeof(line), f)) {
		char *text, *reason;
		unsigned matched = 0;

		lineno++;
		if (!is_text(line, strlen(line))) {
			parse_error_set(err, path, lineno, "binary data, not a mute file");
			fclose(f);
			return false;
		}
		text = trim(line);
		if (!*text || *text == '#')
			continue;
		reason = text + strcspn(text, " \t");
		if (*reason)
			*reason++ = '\0';
		reason = trim(reason);
		if (!*reason) {
			parse_error_set(err, path, lineno, "mute of \"%s\" has no reason", text);
			fclose(f);
			return false;
		}
		mute_apply(results, text, reason, &matched);
		if (!matched)
			fprintf(stderr, "vedctl: %s:%u: warning: \"%s\" matches no check\n",
				path, lineno, text);
	}
	fclose(f);
	return true;
}
