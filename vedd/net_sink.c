// SPDX-License-Identifier: GPL-2.0
/* See net_sink.h. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net_sink.h"
#include "syslog.h"
#include "tls.h"

/* Messages sent per call: the device must not wait for a busy peer. */
#define SEND_BATCH	512

int net_out_open(struct net_out *n, const struct sink_config *cfg, const char *spool_path)
{
	memset(n, 0, sizeof(*n));
	n->cfg = *cfg;
	n->fd = -1;
	n->backoff_ms = cfg->retry_min_ms;
	sb_init(&n->frame, 1 << 20);
	if (spool_open(&n->spool, spool_path, cfg->spool_max))
		return -1;
	return 0;
}

static void disconnect(struct net_out *n)
{
	tls_close(n->tls);
	n->tls = NULL;
	if (n->fd >= 0)
		close(n->fd);
	n->fd = -1;
	n->have_frame = 0;
	n->frame_off = 0;
	n->state = NET_DOWN;
}

static void failed(struct net_out *n, const char *what, const char *why)
{
	disconnect(n);
	n->failures++;
	n->retry_at = now_ms() + n->backoff_ms;
	/* One line per outage, not one per retry. */
	if (!n->reported_down)
		log_warn("output %s: %s %s:%s: %s; retrying (spooling to %s)", n->cfg.name, what,
			 n->cfg.host, n->cfg.port, why, n->spool.path);
	n->reported_down = 1;
	n->backoff_ms = n->backoff_ms * 2 > n->cfg.retry_max_ms ? n->cfg.retry_max_ms
								: n->backoff_ms * 2;
}

static void up(struct net_out *n)
{
	n->state = NET_UP;
	n->want_write = 1;
	if (n->reported_down)
		log_info("output %s: connected to %s:%s", n->cfg.name, n->cfg.host, n->cfg.port);
	n->reported_down = 0;
}

static void start_connect(struct net_out *n)
{
	struct addrinfo hints = { 0 }, *ai = NULL;
	int r;

	hints.ai_socktype = n->cfg.transport == TR_UDP ? SOCK_DGRAM : SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	r = getaddrinfo(n->cfg.host, n->cfg.port, &hints, &ai);
	if (r) {
		failed(n, "resolving", gai_strerror(r));
		return;
	}
	n->fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (n->fd < 0) {
		freeaddrinfo(ai);
		failed(n, "socket for", strerror(errno));
		return;
	}
	r = connect(n->fd, ai->ai_addr, ai->ai_addrlen);
	freeaddrinfo(ai);
	if (r && errno != EINPROGRESS) {
		failed(n, "connecting to", strerror(errno));
		return;
	}
	n->state = NET_CONNECTING;
	if (!r)
		n->state = n->cfg.transport == TR_TLS ? NET_HANDSHAKE : NET_UP;
}

static void connected(struct net_out *n)
{
	int err = 0;
	socklen_t len = sizeof(err);
	char msg[256];

	if (getsockopt(n->fd, SOL_SOCKET, SO_ERROR, &err, &len) || err) {
		failed(n, "connecting to", strerror(err ? err : errno));
		return;
	}
	if (n->cfg.transport != TR_TLS) {
		up(n);
		return;
	}
	n->tls = tls_connect(&n->cfg, n->fd, msg, sizeof(msg));
	if (!n->tls) {
		failed(n, "TLS setup for", msg);
		return;
	}
	n->state = NET_HANDSHAKE;
}

static void handshake(struct net_out *n)
{
	char msg[256];
	int r;

	if (!n->tls) {
		connected(n);
		if (n->state != NET_HANDSHAKE)
			return;
	}
	r = tls_handshake(n->tls, &n->want_write, msg, sizeof(msg));
	if (r < 0)
		failed(n, "TLS with", msg);
	else if (r > 0)
		up(n);
}

/* The next message, framed for the transport, into n->frame. */
static int next_frame(struct net_out *n)
{
	static _Thread_local struct strbuf msg;
	int r;

	if (!msg.max)
		sb_init(&msg, 1 << 20);
	r = spool_peek(&n->spool, &msg);
	if (r <= 0)
		return r;
	sb_reset(&n->frame);
	if (n->cfg.transport == TR_UDP) {
		/* RFC 5426: one message per datagram, cut to what the peer takes. */
		size_t len = msg.len < n->cfg.max_message ? msg.len : n->cfg.max_message;

		r = sb_append(&n->frame, msg.data, len);
	} else {
		r = syslog_frame_octet(&n->frame, msg.data, msg.len);
	}
	if (r)
		return -1;
	n->frame_off = 0;
	n->have_frame = 1;
	return 1;
}

static void send_some(struct net_out *n, short revents)
{
	/* A syslog server never talks back over plain TCP: readable means closed. */
	if (n->cfg.transport == TR_TCP && (revents & POLLIN)) {
		char b[256];
		ssize_t r = recv(n->fd, b, sizeof(b), MSG_DONTWAIT);

		if (r == 0 || (r < 0 && errno != EAGAIN)) {
			failed(n, "connection to", r ? strerror(errno) : "closed by peer");
			return;
		}
	}
	if (revents & (POLLERR | POLLHUP)) {
		failed(n, "connection to", "hung up");
		return;
	}
	for (int i = 0; i < SEND_BATCH; i++) {
		ssize_t w;

		if (!n->have_frame) {
			int r = next_frame(n);

			if (r < 0) {
				/* Unreadable message: skip it rather than stall forever. */
				log_err("output %s: bad spool record skipped", n->cfg.name);
				spool_consume(&n->spool);
				continue;
			}
			if (r == 0)
				return;
		}
		if (n->tls) {
			w = tls_write(n->tls, n->frame.data + n->frame_off,
				      n->frame.len - n->frame_off, &n->want_write);
			if (w == 0)
				return;
		} else {
			w = send(n->fd, n->frame.data + n->frame_off, n->frame.len - n->frame_off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);
			if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
				n->want_write = 1;
				return;
			}
		}
		if (w < 0) {
			failed(n, "sending to", n->tls ? "TLS write failed" : strerror(errno));
			return;
		}
		n->frame_off += (size_t)w;
		n->want_write = 1;
		if (n->frame_off < n->frame.len)
			continue;
		spool_consume(&n->spool);
		n->have_frame = 0;
		n->sent++;
		n->backoff_ms = n->cfg.retry_min_ms;
	}
}

void net_out_run(struct net_out *n, short revents)
{
	switch (n->state) {
	case NET_DOWN:
		if (spool_pending(&n->spool) && now_ms() >= n->retry_at)
			start_connect(n);
		if (n->state != NET_UP)
			break;
		/* fall through */
	case NET_UP:
		send_some(n, revents);
		break;
	case NET_CONNECTING:
		if (revents)
			connected(n);
		break;
	case NET_HANDSHAKE:
		handshake(n);
		break;
	}
}

int net_out_queue(struct net_out *n, const void *msg, size_t len)
{
	if (spool_append(&n->spool, msg, (uint32_t)len)) {
		if (n->spool.dropped == 1 || n->spool.dropped % 10000 == 0)
			log_warn("output %s: spool full (%llu bytes): %llu messages dropped so far",
				 n->cfg.name, (unsigned long long)n->spool.max,
				 (unsigned long long)n->spool.dropped);
		return -1;
	}
	return 0;
}

void net_out_pollfd(struct net_out *n, struct pollfd *pfd, uint64_t *deadline_ms)
{
	pfd->fd = -1;
	pfd->events = 0;
	switch (n->state) {
	case NET_DOWN:
		if (spool_pending(&n->spool) && n->retry_at < *deadline_ms)
			*deadline_ms = n->retry_at;
		return;
	case NET_CONNECTING:
		pfd->events = POLLOUT;
		break;
	case NET_HANDSHAKE:
		pfd->events = n->want_write ? POLLOUT : POLLIN;
		break;
	case NET_UP:
		if (spool_pending(&n->spool))
			pfd->events = (n->tls && !n->want_write) ? POLLIN : POLLOUT;
		else if (n->cfg.transport == TR_TCP)
			pfd->events = POLLIN;
		else
			return;
		break;
	}
	pfd->fd = n->fd;
}

void net_out_close(struct net_out *n)
{
	disconnect(n);
	spool_close(&n->spool);
	sb_free(&n->frame);
}
