// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration parser: libyaml builds the document tree (so syntax errors
 * come with libyaml's own line and problem), then a small walker checks
 * every key against what vedd knows.  Unknown keys are errors, not
 * warnings: a misspelt "transport" must not silently fall back to UDP.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "config.h"
#include "util.h"

struct ctx {
	yaml_document_t *doc;
	const char *name;
	char *err;
	size_t errsize;
	int failed;
};

static int fail(struct ctx *c, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct ctx *c, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (c->failed)
		return -1;	/* keep the first problem: later ones may be fallout */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errsize, "%s:%lu: %s", c->name,
		 n ? (unsigned long)n->start_mark.line + 1 : 1UL, msg);
	c->failed = 1;
	return -1;
}

const char *sink_format_name(enum sink_format f)
{
	static const char *const n[] = { "ecs", "falco", "kv", "raw" };
	return f < ARRAY_SIZE(n) ? n[f] : "?";
}

const char *sink_kind_name(enum sink_kind k)
{
	static const char *const n[] = { "stdout", "file", "syslog" };
	return k < ARRAY_SIZE(n) ? n[k] : "?";
}

const char *sink_transport_name(enum sink_transport t)
{
	static const char *const n[] = { "udp", "tcp", "tls" };
	return t < ARRAY_SIZE(n) ? n[t] : "?";
}

void config_defaults(struct vedd_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->device, sizeof(cfg->device), "/dev/ved");
	snprintf(cfg->state_dir, sizeof(cfg->state_dir), "/var/lib/vedd");
	cfg->enrich = 1;
	cfg->log_level = LOG_INFO_;
	cfg->queue_max = 4096;
}

static void sink_defaults(struct sink_config *s)
{
	memset(s, 0, sizeof(*s));
	s->format = FMT_ECS;
	s->keep = 5;
	s->facility = 4;	/* auth: security alerts */
	snprintf(s->app_name, sizeof(s->app_name), "ved");
	s->max_message = 8192;
	s->spool_max = 64ULL << 20;
	s->retry_min_ms = 200;
	s->retry_max_ms = 30000;
	s->tls_verify = 1;
}

static const char *scalar(struct ctx *c, yaml_node_t *n, const char *key)
{
	if (!n || n->type != YAML_SCALAR_NODE) {
		fail(c, n, "%s: expected a single value", key);
		return NULL;
	}
	return (const char *)n->data.scalar.value;
}

static int get_str(struct ctx *c, yaml_node_t *n, const char *key, char *out, size_t size)
{
	const char *v = scalar(c, n, key);

	if (!v)
		return -1;
	if (strlen(v) >= size)
		return fail(c, n, "%s: value longer than %zu characters", key, size - 1);
	if (memchr(n->data.scalar.value, 0, n->data.scalar.length))
		return fail(c, n, "%s: NUL in value", key);
	memcpy(out, v, strlen(v) + 1);
	return 0;
}

static int get_bool(struct ctx *c, yaml_node_t *n, const char *key, int *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };
	const char *v = scalar(c, n, key);

	if (!v)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (!strcasecmp(v, yes[i]))
			return *out = 1, 0;
		if (!strcasecmp(v, no[i]))
			return *out = 0, 0;
	}
	return fail(c, n, "%s: expected true or false, not \"%s\"", key, v);
}

/* An unsigned number with an optional K/M/G (powers of 1024) suffix. */
static int get_size(struct ctx *c, yaml_node_t *n, const char *key, uint64_t min,
		    uint64_t max, uint64_t *out)
{
	const char *v = scalar(c, n, key);
	unsigned long long x;
	char *end;

	if (!v)
		return -1;
	if (!isdigit((unsigned char)v[0]))
		return fail(c, n, "%s: expected a number, not \"%s\"", key, v);
	errno = 0;
	x = strtoull(v, &end, 10);
	if (errno)
		return fail(c, n, "%s: number out of range", key);
	if (*end) {
		int shift = 0;

		switch (toupper((unsigned char)*end)) {
		case 'K': shift = 10; break;
		case 'M': shift = 20; break;
		case 'G': shift = 30; break;
		default: return fail(c, n, "%s: bad suffix in \"%s\" (K, M or G)", key, v);
		}
		if (end[1] && !(toupper((unsigned char)end[1]) == 'B' && !end[2]))
			return fail(c, n, "%s: bad suffix in \"%s\" (K, M or G)", key, v);
		if (x > (UINT64_MAX >> shift))
			return fail(c, n, "%s: number out of range", key);
		x <<= shift;
	}
	if (x < min || x > max)
		return fail(c, n, "%s: %llu is outside %llu..%llu", key, x,
			    (unsigned long long)min, (unsigned long long)max);
	*out = x;
	return 0;
}

static int get_uint(struct ctx *c, yaml_node_t *n, const char *key, unsigned int min,
		    unsigned int max, unsigned int *out)
{
	uint64_t v;

	if (get_size(c, n, key, min, max, &v))
		return -1;
	*out = (unsigned int)v;
	return 0;
}

static int get_enum(struct ctx *c, yaml_node_t *n, const char *key,
		    const char *const *names, size_t count, int *out)
{
	const char *v = scalar(c, n, key);
	char list[256] = "";

	if (!v)
		return -1;
	for (size_t i = 0; i < count; i++) {
		if (names[i] && !strcmp(v, names[i]))
			return *out = (int)i, 0;
	}
	for (size_t i = 0; i < count; i++) {
		if (!names[i])
			continue;
		strncat(list, list[0] ? ", " : "", sizeof(list) - strlen(list) - 1);
		strncat(list, names[i], sizeof(list) - strlen(list) - 1);
	}
	return fail(c, n, "%s: \"%s\" is not one of %s", key, v, list);
}

static const char *const facility_names[24] = {
	"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp",
	"cron", "authpriv", "ftp", "ntp", "security", "console", "solaris-cron",
	"local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
};

/*
 * Iterate over a mapping, rejecting duplicate keys: YAML says they are an
 * error, libyaml accepts them, and "last one wins" hides mistakes.
 */
#define FOR_PAIRS(c, map, P, K, V)					\
	for (yaml_node_pair_t *P = (map)->data.mapping.pairs.start;		\
	     P < (map)->data.mapping.pairs.top; P++)				\
		for (yaml_node_t *K = yaml_document_get_node((c)->doc, P->key), \
		     *V = yaml_document_get_node((c)->doc, P->value);		\
		     K; K = NULL)

static int check_mapping(struct ctx *c, yaml_node_t *map, const char *what)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return fail(c, map, "%s: expected a mapping (key: value lines)", what);
	FOR_PAIRS(c, map, p, k, v) {
		(void)v;
		if (!k || k->type != YAML_SCALAR_NODE)
			return fail(c, k, "%s: keys must be plain words", what);
		for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
			yaml_node_t *k2 = yaml_document_get_node(c->doc, q->key);

			if (k2 && k2->type == YAML_SCALAR_NODE &&
			    !strcmp((char *)k2->data.scalar.value, (char *)k->data.scalar.value))
				return fail(c, k, "%s: duplicate key \"%s\"", what,
					    (char *)k->data.scalar.value);
		}
	}
	return 0;
}

static int parse_tls(struct ctx *c, yaml_node_t *map, struct sink_config *s)
{
	if (check_mapping(c, map, "tls"))
		return -1;
	FOR_PAIRS(c, map, p, k, v) {
		const char *key = (const char *)k->data.scalar.value;
		int r;

		if (!strcmp(key, "ca_file"))
			r = get_str(c, v, key, s->ca_file, sizeof(s->ca_file));
		else if (!strcmp(key, "cert_file"))
			r = get_str(c, v, key, s->cert_file, sizeof(s->cert_file));
		else if (!strcmp(key, "key_file"))
			r = get_str(c, v, key, s->key_file, sizeof(s->key_file));
		else if (!strcmp(key, "server_name"))
			r = get_str(c, v, key, s->server_name, sizeof(s->server_name));
		else if (!strcmp(key, "verify"))
			r = get_bool(c, v, key, &s->tls_verify);
		else
			r = fail(c, k, "tls: unknown key \"%s\"", key);
		if (r)
			return -1;
	}
	return 0;
}

static int parse_sink_key(struct ctx *c, const char *key, yaml_node_t *k, yaml_node_t *v,
			  struct sink_config *s, int *have_type)
{
	static const char *const kinds[] = { "stdout", "file", "syslog" };
	static const char *const formats[] = { "ecs", "falco", "kv", "raw" };
	static const char *const transports[] = { "udp", "tcp", "tls" };
	uint64_t x;
	int e;

	if (!strcmp(key, "type")) {
		*have_type = 1;
		if (get_enum(c, v, key, kinds, ARRAY_SIZE(kinds), &e))
			return -1;
		s->kind = e;
		return 0;
	}
	if (!strcmp(key, "format")) {
		if (get_enum(c, v, key, formats, ARRAY_SIZE(formats), &e))
			return -1;
		s->format = e;
		return 0;
	}
	if (!strcmp(key, "transport")) {
		if (get_enum(c, v, key, transports, ARRAY_SIZE(transports), &e))
			return -1;
		s->transport = e;
		return 0;
	}
	if (!strcmp(key, "facility")) {
		if (get_enum(c, v, key, facility_names, ARRAY_SIZE(facility_names), &e))
			return -1;
		s->facility = e;
		return 0;
	}
	if (!strcmp(key, "name"))
		return get_str(c, v, key, s->name, sizeof(s->name));
	if (!strcmp(key, "path"))
		return get_str(c, v, key, s->path, sizeof(s->path));
	if (!strcmp(key, "host"))
		return get_str(c, v, key, s->host, sizeof(s->host));
	if (!strcmp(key, "port")) {
		unsigned int port;

		if (get_uint(c, v, key, 1, 65535, &port))
			return -1;
		snprintf(s->port, sizeof(s->port), "%u", port);
		return 0;
	}
	if (!strcmp(key, "app_name"))
		return get_str(c, v, key, s->app_name, sizeof(s->app_name));
	if (!strcmp(key, "max_size"))
		return get_size(c, v, key, 0, UINT64_MAX, &s->max_size);
	if (!strcmp(key, "keep"))
		return get_uint(c, v, key, 1, 1000, &s->keep);
	if (!strcmp(key, "max_message")) {
		if (get_size(c, v, key, 480, 65000, &x))
			return -1;
		s->max_message = (size_t)x;
		return 0;
	}
	if (!strcmp(key, "spool_max"))
		return get_size(c, v, key, 64 << 10, 1ULL << 40, &s->spool_max);
	if (!strcmp(key, "retry_min_ms"))
		return get_uint(c, v, key, 10, 3600000, &s->retry_min_ms);
	if (!strcmp(key, "retry_max_ms"))
		return get_uint(c, v, key, 10, 3600000, &s->retry_max_ms);
	if (!strcmp(key, "tls"))
		return parse_tls(c, v, s);
	return fail(c, k, "output: unknown key \"%s\"", key);
}

static int valid_name(const char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '.')
			return 0;
	return 1;
}

static int parse_sink(struct ctx *c, yaml_node_t *map, struct vedd_config *cfg)
{
	struct sink_config *s;
	int have_type = 0;

	if (cfg->nsinks >= VEDD_MAX_SINKS)
		return fail(c, map, "outputs: more than %d outputs", VEDD_MAX_SINKS);
	s = &cfg->sinks[cfg->nsinks];
	sink_defaults(s);
	s->line = map ? (int)map->start_mark.line + 1 : 0;
	if (check_mapping(c, map, "output"))
		return -1;
	FOR_PAIRS(c, map, p, k, v) {
		if (parse_sink_key(c, (const char *)k->data.scalar.value, k, v, s, &have_type))
			return -1;
	}
	if (!have_type)
		return fail(c, map, "output: missing \"type\" (stdout, file or syslog)");
	if (!s->name[0])
		snprintf(s->name, sizeof(s->name), "%s%u", sink_kind_name(s->kind), cfg->nsinks);
	if (!s->name[0] || s->name[0] == '.' || !valid_name(s->name))
		return fail(c, map, "output: name \"%s\" may only use letters, digits, - _ .", s->name);
	for (unsigned int i = 0; i < cfg->nsinks; i++)
		if (!strcmp(cfg->sinks[i].name, s->name))
			return fail(c, map, "output: name \"%s\" already used on line %d",
				    s->name, cfg->sinks[i].line);
	switch (s->kind) {
	case SINK_FILE:
		if (!s->path[0])
			return fail(c, map, "file output \"%s\": missing \"path\"", s->name);
		break;
	case SINK_SYSLOG:
		if (!s->host[0])
			return fail(c, map, "syslog output \"%s\": missing \"host\"", s->name);
		if (s->format == FMT_RAW)
			return fail(c, map, "syslog output \"%s\": format raw is for files only", s->name);
		if (!s->port[0])
			snprintf(s->port, sizeof(s->port), "%s", s->transport == TR_TLS ? "6514" : "514");
		if (s->retry_min_ms > s->retry_max_ms)
			return fail(c, map, "syslog output \"%s\": retry_min_ms above retry_max_ms", s->name);
		if (!!s->cert_file[0] != !!s->key_file[0])
			return fail(c, map, "syslog output \"%s\": tls cert_file and key_file go together", s->name);
		break;
	case SINK_STDOUT:
		break;
	}
	cfg->nsinks++;
	return 0;
}

static int parse_root(struct ctx *c, yaml_node_t *root, struct vedd_config *cfg)
{
	static const char *const levels[] = {
		[LOG_ERR_] = "error", [LOG_WARN_] = "warning",
		[LOG_INFO_] = "info", [LOG_DEBUG_] = "debug",
	};
	int have_outputs = 0;

	if (!root)
		return fail(c, NULL, "empty configuration");
	if (check_mapping(c, root, "top level"))
		return -1;
	FOR_PAIRS(c, root, p, k, v) {
		const char *key = (const char *)k->data.scalar.value;
		uint64_t x;
		int r;

		if (!strcmp(key, "device"))
			r = get_str(c, v, key, cfg->device, sizeof(cfg->device));
		else if (!strcmp(key, "state_dir"))
			r = get_str(c, v, key, cfg->state_dir, sizeof(cfg->state_dir));
		else if (!strcmp(key, "user"))
			r = get_str(c, v, key, cfg->user, sizeof(cfg->user));
		else if (!strcmp(key, "hostname"))
			r = get_str(c, v, key, cfg->hostname, sizeof(cfg->hostname));
		else if (!strcmp(key, "enrich"))
			r = get_bool(c, v, key, &cfg->enrich);
		else if (!strcmp(key, "log_level"))
			r = get_enum(c, v, key, levels, ARRAY_SIZE(levels), &cfg->log_level);
		else if (!strcmp(key, "queue_max")) {
			r = get_size(c, v, key, 1, 1 << 20, &x);
			cfg->queue_max = (size_t)x;
		} else if (!strcmp(key, "outputs")) {
			have_outputs = 1;
			if (!v || v->type != YAML_SEQUENCE_NODE)
				return fail(c, v, "outputs: expected a list of outputs (\"- type: ...\")");
			for (yaml_node_item_t *i = v->data.sequence.items.start;
			     i < v->data.sequence.items.top; i++)
				if (parse_sink(c, yaml_document_get_node(c->doc, *i), cfg))
					return -1;
			r = 0;
		} else {
			r = fail(c, k, "unknown key \"%s\"", key);
		}
		if (r)
			return -1;
	}
	if (!have_outputs || !cfg->nsinks)
		return fail(c, root, "no outputs: nothing would receive the events");
	return 0;
}

int config_load_string(const char *name, const char *text, size_t len,
		       struct vedd_config *out, char *err, size_t errsize)
{
	struct vedd_config *cfg = malloc(sizeof(*cfg));
	yaml_parser_t parser;
	yaml_document_t doc;
	struct ctx c = { &doc, name, err, errsize, 0 };
	int ret = -1;

	if (!cfg) {
		snprintf(err, errsize, "%s: out of memory", name);
		return -1;
	}
	config_defaults(cfg);
	snprintf(cfg->source, sizeof(cfg->source), "%s", name);
	if (!yaml_parser_initialize(&parser)) {
		snprintf(err, errsize, "%s: cannot initialise the YAML parser", name);
		free(cfg);
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		snprintf(err, errsize, "%s:%lu: %s%s%s", name,
			 (unsigned long)parser.problem_mark.line + 1,
			 parser.problem ? parser.problem : "syntax error",
			 parser.context ? " " : "", parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		free(cfg);
		return -1;
	}
	if (parse_root(&c, yaml_document_get_root_node(&doc), cfg) == 0) {
		memcpy(out, cfg, sizeof(*cfg));
		ret = 0;
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	free(cfg);
	return ret;
}

int config_load_file(const char *path, struct vedd_config *cfg, char *err, size_t errsize)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t len = 0, cap = 0;
	int ret;

	if (!f) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		size_t n;

		if (cap - len < 4096) {
			char *p;

			if (cap > (1 << 20)) {
				snprintf(err, errsize, "%s: larger than 1 MiB", path);
				free(text);
				fclose(f);
				return -1;
			}
			cap = cap ? cap * 2 : 8192;
			p = realloc(text, cap);
			if (!p) {
				snprintf(err, errsize, "%s: out of memory", path);
				free(text);
				fclose(f);
				return -1;
			}
			text = p;
		}
		n = fread(text + len, 1, cap - len, f);
		len += n;
		if (!n)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errsize, "%s: read error", path);
		free(text);
		fclose(f);
		return -1;
	}
	fclose(f);
	ret = config_load_string(path, text, len, cfg, err, errsize);
	free(text);
	return ret;
}
