// OpenSSL 3 for the TLS transport (Debian: libssl-dev). Several OpenSSL calls are macros,
// which Swift cannot import: the static inline wrappers below make them functions.
#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/evp.h>

static inline long copenssl_ctx_set_min_proto(SSL_CTX *ctx, int version) { return SSL_CTX_set_min_proto_version(ctx, version); }
static inline long copenssl_ctx_set_max_proto(SSL_CTX *ctx, int version) { return SSL_CTX_set_max_proto_version(ctx, version); }
static inline long copenssl_ctx_set_mode(SSL_CTX *ctx, long mode) { return SSL_CTX_set_mode(ctx, mode); }
static inline void copenssl_ctx_set_read_ahead(SSL_CTX *ctx, int yes) { SSL_CTX_set_read_ahead(ctx, yes); }
static inline long copenssl_ctx_set_groups(SSL_CTX *ctx, const char *list) { return SSL_CTX_set1_groups_list(ctx, list); }
static inline long copenssl_ctx_set_session_cache_mode(SSL_CTX *ctx, long mode) { return SSL_CTX_set_session_cache_mode(ctx, mode); }
static inline long copenssl_ctx_sess_set_cache_size(SSL_CTX *ctx, long size) { return SSL_CTX_sess_set_cache_size(ctx, size); }
static inline long copenssl_ctx_set_tmp_ecdh_auto(SSL_CTX *ctx) { (void)ctx; return 1; }
static inline int copenssl_ctx_add_extra_chain_cert(SSL_CTX *ctx, X509 *cert) { return (int)SSL_CTX_add_extra_chain_cert(ctx, cert); }
static inline long copenssl_set_tlsext_host_name(SSL *ssl, const char *name) { return SSL_set_tlsext_host_name(ssl, name); }
static inline int copenssl_session_reused(SSL *ssl) { return (int)SSL_session_reused(ssl); }

/// The options of the Mozilla profile (SSL_OP_* are composite macros Swift cannot import).
/// A peer that closes TCP without close_notify ends the stream like close_notify (as nginx
/// does): HTTP frames its own messages, and the session stays healthy, so our close_notify
/// still ends the response stream cleanly after a client's half-close.
static inline void copenssl_ctx_set_profile_options(SSL_CTX *ctx) {
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET
                             | SSL_OP_IGNORE_UNEXPECTED_EOF);
}

static inline const int copenssl_tls1_2_version(void) { return TLS1_2_VERSION; }
static inline const int copenssl_tls1_3_version(void) { return TLS1_3_VERSION; }

/// ALPN selection on the server: http/1.1 only; a client offering only other protocols
/// (h2 alone) gets no ALPN answer rather than a failed handshake.
static int copenssl_alpn_select(SSL *ssl, const unsigned char **out, unsigned char *outlen,
                                const unsigned char *in, unsigned int inlen, void *arg) {
    (void)ssl; (void)arg;
    static const unsigned char http11[] = { 8, 'h','t','t','p','/','1','.','1' };
    unsigned char *selected = NULL;
    if (SSL_select_next_proto(&selected, outlen, http11, sizeof http11, in, inlen) == OPENSSL_NPN_NEGOTIATED) {
        *out = selected;
        return SSL_TLSEXT_ERR_OK;
    }
    return SSL_TLSEXT_ERR_NOACK;
}
static inline void copenssl_ctx_use_alpn_http11(SSL_CTX *ctx) { SSL_CTX_set_alpn_select_cb(ctx, copenssl_alpn_select, NULL); }

/// The reason code of the last queued OpenSSL error (0 for none).
static inline int copenssl_last_error_reason(void) {
    unsigned long e = ERR_peek_last_error();
    return e == 0 ? 0 : ERR_GET_REASON(e);
}
#endif
