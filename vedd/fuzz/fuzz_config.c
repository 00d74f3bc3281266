// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: arbitrary bytes as vedd's configuration file. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vedd_config cfg;
	char err[1024];

	if (config_load_string("fuzz.yaml", (const char *)data, size, &cfg, err, sizeof(err)))
		return 0;
	/* A configuration that loads must be usable as loaded. */
	if (!cfg.nsinks || cfg.nsinks > VEDD_MAX_SINKS)
		__builtin_trap();
	for (unsigned int i = 0; i < cfg.nsinks; i++)
		if (!cfg.sinks[i].name[0] || (cfg.sinks[i].kind == SINK_FILE && !cfg.sinks[i].path[0]))
			__builtin_trap();
	return 0;
}
