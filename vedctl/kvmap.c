// SPDX-License-Identifier: GPL-2.0
#include "kvmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Chained hash table; a kernel config has ~10k entries, so 4096 buckets. */
#define KVMAP_BUCKETS 4096

struct kv_entry {
	struct kv_entry *next;
	char *key;
	char *value;
};

struct kvmap {
	struct kv_entry *bucket[KVMAP_BUCKETS];
	size_t count;
};

static unsigned kv_hash(const char *s)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h % KVMAP_BUCKETS;
}

struct kvmap *kvmap_new(void)
{
	return xcalloc(1, sizeof(struct kvmap));
}

void kvmap_free(struct kvmap *map)
{
	if (!map)
		return;
	for (unsigned i = 0; i < KVMAP_BUCKETS; i++) {
		struct kv_entry *e = map->bucket[i];

		while (e) {
			struct kv_entry *next = e->next;

			free(e->key);
			free(e->value);
			free(e);
			e = next;
		}
	}
	free(map);
}

static struct kv_entry *kv_find(const struct kvmap *map, const char *key)
{
	for (struct kv_entry *e = map->bucket[kv_hash(key)]; e; e = e->next)
		if (strcmp(e->key, key) == 0)
			return e;
	return NULL;
}

void kvmap_set(struct kvmap *map, const char *key, const char *value)
{
	struct kv_entry *e = kv_find(map, key);
	unsigned h;

	if (e) {
		free(e->value);
		e->value = xstrdup(value);
		return;
	}
	e = xcalloc(1, sizeof(*e));
	e->key = xstrdup(key);
	e->value = xstrdup(value);
	h = kv_hash(key);
	e->next = map->bucket[h];
	map->bucket[h] = e;
	map->count++;
}

const char *kvmap_get(const struct kvmap *map, const char *key)
{
	struct kv_entry *e = map ? kv_find(map, key) : NULL;

	return e ? e->value : NULL;
}

size_t kvmap_count(const struct kvmap *map)
{
	return map->count;
}
