// SPDX-License-Identifier: GPL-2.0
/*
 * x86dec-seeds DIR: write the fuzzer's seed corpus, one file per fixture
 * case of tests/unit/x86dec-calls.S (assembled by binutils and linked in),
 * plus each call case after the previous case's bytes, so that the seeds
 * hold both lone instructions and calls preceded by other code.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct fx_case {	/* as in tests/unit/x86dec-test.c */
	const char *name;
	const char *kind;
	const uint8_t *start;
	const uint8_t *end;
	uint64_t target;
	uint32_t len;
	uint32_t ndec;
};

extern const struct fx_case x86dec_fx_cases[], x86dec_fx_cases_end[];

static int write_seed(const char *dir, const char *name, const char *suffix,
		      const uint8_t *a, size_t na, const uint8_t *b, size_t nb)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s%s", dir, name, suffix);
	f = fopen(path, "wb");
	if (!f || fwrite(a, 1, na, f) != na || fwrite(b, 1, nb, f) != nb || fclose(f)) {
		perror(path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const struct fx_case *fc, *prev = NULL;

	if (argc != 2) {
		fprintf(stderr, "usage: x86dec-seeds DIR\n");
		return 2;
	}
	for (fc = x86dec_fx_cases; fc < x86dec_fx_cases_end; prev = fc++) {
		size_t n = (size_t)(fc->end - fc->start);

		if (write_seed(argv[1], fc->name, "", fc->start, n, NULL, 0))
			return 1;
		if (prev && write_seed(argv[1], fc->name, "-after", prev->start,
				       (size_t)(prev->end - prev->start), fc->start, n))
			return 1;
	}
	return 0;
}
