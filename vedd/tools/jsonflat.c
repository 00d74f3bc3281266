// SPDX-License-Identifier: GPL-2.0
/*
 * vedd-jsonflat [FILE]: print each JSON document of a JSON-lines file as
 * "path=value" lines (nested objects joined with '.', arrays as [i]), one
 * "---" line between documents.  A guest test helper: busybox has no jq,
 * and shell checks of one field per line are exact.  Exit 1 on a line
 * that is not valid JSON.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static void flat(const char *path, json_t *j)
{
	char sub[512];
	const char *k;
	json_t *v;
	size_t i;

	switch (json_typeof(j)) {
	case JSON_OBJECT:
		json_object_foreach(j, k, v) {
			snprintf(sub, sizeof(sub), "%s%s%s", path, path[0] ? "." : "", k);
			flat(sub, v);
		}
		break;
	case JSON_ARRAY:
		json_array_foreach(j, i, v) {
			snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
			flat(sub, v);
		}
		break;
	case JSON_STRING:
		printf("%s=%s\n", path, json_string_value(j));
		break;
	case JSON_INTEGER:
		printf("%s=%lld\n", path, (long long)json_integer_value(j));
		break;
	case JSON_REAL:
		printf("%s=%g\n", path, json_real_value(j));
		break;
	case JSON_TRUE:
		printf("%s=true\n", path);
		break;
	case JSON_FALSE:
		printf("%s=false\n", path);
		break;
	case JSON_NULL:
		printf("%s=null\n", path);
		break;
	}
}

int main(int argc, char **argv)
{
	FILE *f = argc > 1 ? fopen(argv[1], "r") : stdin;
	static char line[1 << 20];
	int rc = 0, n = 0;

	if (!f) {
		perror(argv[1]);
		return 2;
	}
	while (fgets(line, sizeof(line), f)) {
		json_error_t e;
		json_t *j;

		if (line[0] == '\n')
			continue;
		j = json_loads(line, JSON_REJECT_DUPLICATES, &e);
		if (!j) {
			fprintf(stderr, "vedd-jsonflat: line %d: %s\n", n + 1, e.text);
			rc = 1;
			continue;
		}
		if (n++)
			puts("---");
		flat("", j);
		json_decref(j);
	}
	return rc;
}
