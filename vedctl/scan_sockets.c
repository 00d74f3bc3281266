// SPDX-License-Identifier: GPL-2.0
/*
 * Hidden sockets: rootkits filter /proc/net/{tcp,udp}[6] to hide their
 * ports, but the port stays taken.  bind() on every port (active: it holds
 * the port for a moment, so only with --active) finds ports that are in use
 * yet absent from every listing; those are re-checked before reporting.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "scan.h"
#include "util.h"

#define N_PORTS 65536

/* "  0: 0100007F:0277 00000000:0000 0A ..." -> port 0x277, state 0x0A */
bool parse_proc_net_line(const char *line, struct net_socket *s)
{
	char local[80];
	unsigned sl, state;
	const char *colon;
	char *end;
	unsigned long port;

	if (sscanf(line, " %u: %79s %*s %x", &sl, local, &state) != 3)
		return false;
	colon = strrchr(local, ':');
	if (!colon || !colon[1])
		return false;
	port = strtoul(colon + 1, &end, 16);
	if (*end || port >= N_PORTS)
		return false;
	s->port = (unsigned)port;
	s->state = state;
	return true;
}

/* Marks every local port that a listing mentions, in any state. */
static bool read_listing(const char *root, const char *name, unsigned char *ports)
{
	char path[512], line[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/proc/net/%s", root, name);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		struct net_socket s;

		if (parse_proc_net_line(line, &s))
			ports[s.port] = 1;
	}
	fclose(f);
	return true;
}

/* True when bind() says the port is taken. */
static bool port_taken(int family, int type, unsigned port)
{
	int fd = socket(family, type | SOCK_CLOEXEC, 0), one = 1, rc, err;

	if (fd < 0)
		return false;
	if (family == AF_INET6) {
		struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_port = htons((uint16_t)port),
					  .sin6_addr = IN6ADDR_ANY_INIT };

		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
		rc = bind(fd, (struct sockaddr *)&a, sizeof(a));
	} else {
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
					 .sin_addr.s_addr = htonl(INADDR_ANY) };

		rc = bind(fd, (struct sockaddr *)&a, sizeof(a));
	}
	err = errno;
	close(fd);
	return rc < 0 && err == EADDRINUSE;
}

struct proto {
	const char *name;
	int type;
	const char *v4, *v6;
};

static void scan_proto(const struct scan_opts *o, struct scan_report *rep, struct scan_check *c,
		       const struct proto *p)
{
	static const int families[] = { AF_INET, AF_INET6 };
	unsigned char *listed = xcalloc(N_PORTS, 1);

	/* v4 and v6 sockets can share a port (dual stack): merge the listings. */
	read_listing(o->root, p->v4, listed);
	read_listing(o->root, p->v6, listed);
	for (size_t f = 0; f < 2; f++) {
		for (unsigned port = 1; port < N_PORTS; port++) {
			char subject[48];

			if (listed[port] || !port_taken(families[f], p->type, port))
				continue;
			/* A socket opened meanwhile shows up in a fresh listing. */
			usleep(10000);
			read_listing(o->root, p->v4, listed);
			read_listing(o->root, p->v6, listed);
			if (listed[port] || !port_taken(families[f], p->type, port))
				continue;
			snprintf(subject, sizeof(subject), "%s%s port %u", p->name,
				 families[f] == AF_INET6 ? "6" : "", port);
			scan_finding(rep, c, subject, "bind() fails with EADDRINUSE but no socket on "
				     "this port appears in /proc/net/%s or /proc/net/%s", p->v4, p->v6);
		}
		c->examined += N_PORTS - 1;
	}
	free(listed);
}

void scan_sockets(const struct scan_opts *o, struct scan_report *rep)
{
	static const struct proto protos[] = {
		{ "tcp", SOCK_STREAM, "tcp", "tcp6" },
		{ "udp", SOCK_DGRAM, "udp", "udp6" },
	};
	struct scan_check *c = scan_begin(rep, "hidden_sockets");
	double start = now_ms();
	char path[512];

	snprintf(path, sizeof(path), "%s/proc/net/tcp", o->root);
	if (!o->active)
		scan_na(c, "bind() probes are active: run with --active");
	else if (o->root[0])
		scan_na(c, "bind() probes need the live system (--root given)");
	else if (!path_exists(path))
		scan_na(c, "no /proc/net/tcp");
	else {
		for (size_t i = 0; i < 2; i++)
			scan_proto(o, rep, c, &protos[i]);
		snprintf(c->note, sizeof(c->note), "TCP and UDP ports 1..65535, IPv4 and IPv6");
	}
	scan_end(c, start);
}
