// SPDX-License-Identifier: GPL-2.0
/* See jsonutil.h. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonutil.h"

void jset(json_t *root, const char *path, json_t *value)
{
	char key[128];
	const char *dot;
	json_t *child;

	if (!value)
		return;
	while ((dot = strchr(path, '.'))) {
		size_t n = (size_t)(dot - path);

		if (n >= sizeof(key))
			break;
		memcpy(key, path, n);
		key[n] = '\0';
		child = json_object_get(root, key);
		if (!json_is_object(child)) {
			child = json_object();
			json_object_set_new(root, key, child);
		}
		root = child;
		path = dot + 1;
	}
	json_object_set_new(root, path, value);
}

json_t *jtext(json_t *j)
{
	size_t need = json_dumpb(j, NULL, 0, JSON_COMPACT);
	char *tmp = need ? malloc(need) : NULL;
	json_t *s = NULL;

	if (tmp && json_dumpb(j, tmp, need, JSON_COMPACT) == need)
		s = json_stringn(tmp, need);
	free(tmp);
	return s;
}

int jdump(json_t *j, struct strbuf *out)
{
	/* One json_dumpb into the buffer: far cheaper than a callback per token. */
	size_t room = out->cap > out->len + 1 ? out->cap - out->len - 1 : 0;
	size_t need = json_dumpb(j, room ? out->data + out->len : NULL, room, JSON_COMPACT);

	if (!need)
		return -1;
	if (need > room) {
		/* libc's malloc: jansson's allocator may be the arena below. */
		char *tmp = malloc(need);
		int r = tmp && json_dumpb(j, tmp, need, JSON_COMPACT) == need ?
			sb_append(out, tmp, need) : -1;

		free(tmp);
		return r;
	}
	out->len += need;
	out->data[out->len] = '\0';
	return 0;
}

/*
 * An encoder builds and frees a few dozen small jansson values per record:
 * malloc and free were a sixth of vedd's time in a flood.  Between
 * json_arena_begin() and json_arena_end() jansson allocates from one fixed
 * block instead (bump allocation, free does nothing) and the block is
 * reused for the next record; what does not fit comes from malloc as
 * usual.  No value made inside may outlive json_arena_end().
 */
#define ARENA_SIZE	(64 << 10)

static struct {
	_Alignas(max_align_t) unsigned char block[ARENA_SIZE];
	size_t used;
} arena;

static int in_arena(const void *p)
{
	return (const unsigned char *)p >= arena.block &&
	       (const unsigned char *)p < arena.block + ARENA_SIZE;
}

static void *arena_malloc(size_t size)
{
	size_t need = (size + _Alignof(max_align_t) - 1) & ~(_Alignof(max_align_t) - 1);

	if (need > ARENA_SIZE - arena.used)
		return malloc(size);
	arena.used += need;
	return arena.block + arena.used - need;
}

static void arena_free(void *p)
{
	if (!in_arena(p))
		free(p);
}

void json_arena_begin(void)
{
	arena.used = 0;
	json_set_alloc_funcs(arena_malloc, arena_free);
}

void json_arena_end(void)
{
	json_set_alloc_funcs(malloc, free);
}
