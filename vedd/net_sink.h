/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A syslog peer over UDP, TCP or TLS, driven by vedd's poll loop without
 * ever blocking it.  Messages are queued in the output's spool (spool.h)
 * and sent oldest first; a peer that is down or refuses is retried with
 * exponential backoff between retry_min_ms and retry_max_ms.  Delivery is
 * at least once: a message cut by a broken connection is sent again whole.
 */
#ifndef VEDD_NET_SINK_H
#define VEDD_NET_SINK_H

#include <poll.h>
#include <stdint.h>

#include "config.h"
#include "spool.h"
#include "util.h"

enum net_state { NET_DOWN, NET_CONNECTING, NET_HANDSHAKE, NET_UP };

struct tls_conn;

struct net_out {
	struct sink_config cfg;
	struct spool spool;
	enum net_state state;
	int fd;
	struct tls_conn *tls;
	int want_write;
	uint64_t retry_at;
	unsigned int backoff_ms;
	struct strbuf frame;
	size_t frame_off;
	int have_frame;
	uint64_t sent, failures;
	int reported_down;
};

int net_out_open(struct net_out *n, const struct sink_config *cfg, const char *spool_path);
int net_out_queue(struct net_out *n, const void *msg, size_t len);
/* Fill @pfd (fd -1 when there is nothing to wait for) and lower @*deadline_ms. */
void net_out_pollfd(struct net_out *n, struct pollfd *pfd, uint64_t *deadline_ms);
/* Make progress: connect, handshake, send.  @revents from poll, or 0. */
void net_out_run(struct net_out *n, short revents);
void net_out_close(struct net_out *n);

#endif
