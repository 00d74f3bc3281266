// SPDX-License-Identifier: GPL-2.0
/* See tls.h. */
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "tls.h"

struct tls_conn {
	SSL_CTX *ctx;
	SSL *ssl;
};

static void ssl_err(char *err, size_t size, const char *what)
{
	unsigned long e = ERR_get_error();
	char buf[256] = "";

	if (e)
		ERR_error_string_n(e, buf, sizeof(buf));
	snprintf(err, size, "%s%s%s", what, buf[0] ? ": " : "", buf);
	ERR_clear_error();
}

struct tls_conn *tls_connect(const struct sink_config *cfg, int fd, char *err, size_t errsize)
{
	struct tls_conn *c = calloc(1, sizeof(*c));
	const char *name = cfg->server_name[0] ? cfg->server_name : cfg->host;

	if (!c) {
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	c->ctx = SSL_CTX_new(TLS_client_method());
	if (!c->ctx) {
		ssl_err(err, errsize, "SSL_CTX_new");
		goto fail;
	}
	SSL_CTX_set_min_proto_version(c->ctx, TLS1_2_VERSION);
	/* The send buffer may move between retries; partial writes are fine. */
	SSL_CTX_set_mode(c->ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	if (cfg->ca_file[0] ? !SSL_CTX_load_verify_locations(c->ctx, cfg->ca_file, NULL)
			    : !SSL_CTX_set_default_verify_paths(c->ctx)) {
		ssl_err(err, errsize, cfg->ca_file[0] ? cfg->ca_file : "default CA paths");
		goto fail;
	}
	if (cfg->cert_file[0] &&
	    (SSL_CTX_use_certificate_chain_file(c->ctx, cfg->cert_file) != 1 ||
	     SSL_CTX_use_PrivateKey_file(c->ctx, cfg->key_file, SSL_FILETYPE_PEM) != 1)) {
		ssl_err(err, errsize, cfg->cert_file);
		goto fail;
	}
	SSL_CTX_set_verify(c->ctx, cfg->tls_verify ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, NULL);
	c->ssl = SSL_new(c->ctx);
	if (!c->ssl) {
		ssl_err(err, errsize, "SSL_new");
		goto fail;
	}
	SSL_set_fd(c->ssl, fd);
	/* SNI, and the peer's certificate must name the host we meant. */
	SSL_set_tlsext_host_name(c->ssl, name);
	if (cfg->tls_verify && !SSL_set1_host(c->ssl, name)) {
		ssl_err(err, errsize, "SSL_set1_host");
		goto fail;
	}
	SSL_set_connect_state(c->ssl);
	return c;
fail:
	tls_close(c);
	return NULL;
}

int tls_handshake(struct tls_conn *c, int *want_write, char *err, size_t errsize)
{
	int r = SSL_do_handshake(c->ssl);

	if (r == 1)
		return 1;
	switch (SSL_get_error(c->ssl, r)) {
	case SSL_ERROR_WANT_READ:
		*want_write = 0;
		return 0;
	case SSL_ERROR_WANT_WRITE:
		*want_write = 1;
		return 0;
	default:
		if (SSL_get_verify_result(c->ssl) != X509_V_OK)
			snprintf(err, errsize, "certificate verification failed: %s",
				 X509_verify_cert_error_string(SSL_get_verify_result(c->ssl)));
		else
			ssl_err(err, errsize, "TLS handshake failed");
		return -1;
	}
}

ssize_t tls_write(struct tls_conn *c, const void *buf, size_t len, int *want_write)
{
	size_t done = 0;
	int r = SSL_write_ex(c->ssl, buf, len, &done);

	if (r == 1)
		return (ssize_t)done;
	switch (SSL_get_error(c->ssl, r)) {
	case SSL_ERROR_WANT_READ:
		*want_write = 0;
		return 0;
	case SSL_ERROR_WANT_WRITE:
		*want_write = 1;
		return 0;
	default:
		ERR_clear_error();
		return -1;
	}
}

void tls_close(struct tls_conn *c)
{
	if (!c)
		return;
	if (c->ssl) {
		SSL_shutdown(c->ssl);
		SSL_free(c->ssl);
	}
	SSL_CTX_free(c->ctx);
	free(c);
}
