// SPDX-License-Identifier: GPL-2.0
/* A string-to-string map: parsed kconfig, command line and sysctl values. */
#ifndef VEDCTL_KVMAP_H
#define VEDCTL_KVMAP_H

#include <stddef.h>

struct kvmap;

struct kvmap *kvmap_new(void);
void kvmap_free(struct kvmap *map);
/* Copies key and value; an existing key gets the new value. */
void kvmap_set(struct kvmap *map, const char *key, const char *value);
/* NULL when the key is absent. */
const char *kvmap_get(const struct kvmap *map, const char *key);
size_t kvmap_count(const struct kvmap *map);

#endif
