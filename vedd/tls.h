/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TLS for syslog (RFC 5425) with OpenSSL, over a non-blocking socket the
 * caller owns.  OpenSSL rather than GnuTLS because Debian ships static
 * libssl.a/libcrypto.a, so the one static vedd binary runs in the busybox
 * guest too; GnuTLS's static dependencies (p11-kit...) are not packaged.
 */
#ifndef VEDD_TLS_H
#define VEDD_TLS_H

#include <stddef.h>
#include <sys/types.h>

struct sink_config;
struct tls_conn;

/* A new client session on @fd; NULL with @err set. */
struct tls_conn *tls_connect(const struct sink_config *cfg, int fd, char *err, size_t errsize);
/* Handshake step: 1 done, 0 call again when @*want_write ? writable : readable, -1 failed. */
int tls_handshake(struct tls_conn *c, int *want_write, char *err, size_t errsize);
/* Bytes written, 0 would block (see @*want_write), -1 failed. */
ssize_t tls_write(struct tls_conn *c, const void *buf, size_t len, int *want_write);
void tls_close(struct tls_conn *c);

#endif
