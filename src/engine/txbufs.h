/* SPDX-License-Identifier: GPL-2.0-only */
/* The app-layer buffers detection inspects, built from HTTP transactions and TLS states. */
#ifndef KH_ENGINE_TXBUFS_H
#define KH_ENGINE_TXBUFS_H

#include <stdint.h>

#include "app/http/http.h"
#include "app/tls/tls.h"
#include "detect/match.h"

/* Per-worker scratch for the buffers that are built rather than borrowed (header lists). */
struct engine_txbufs;

struct engine_txbufs *engine_txbufs_new(void);
void engine_txbufs_free(struct engine_txbufs *tb);

/*
 * Fill the HTTP buffers that some signature reads (wants: detect_tx_wants()) for tx after
 * progress in direction dir (0 request, 1 response): header_names, content_type,
 * content_len, start, protocol, header.raw (request headers, or the response's once it is
 * there and dir is 1), request_line, accept*, referer, connection, host.raw (request),
 * response_line, stat_msg, location, server (response), http.request_header and
 * http.response_header (multi-buffers); and which bodies may still come (ti->pending, for
 * absent). Buffers are valid until the next call.
 */
void engine_http_txbufs(struct engine_txbufs *tb, uint64_t wants, const struct http_tx *tx, int dir,
                        struct detect_tx_input *ti);

/*
 * Fill the TLS buffers: tls.sni, JA3/JA3S/JA4, tls.version, and the certificate's subject,
 * issuer, serial and fingerprint once it was read.
 */
void engine_tls_txbufs(struct engine_txbufs *tb, const struct tls_state *st,
                       struct detect_tx_input *ti);

/*
 * tls.subjectaltname, tls.certs and tls.alpn are multi-buffers (Suricata inspects each name,
 * certificate or protocol on its own): how many inspections the state needs on `side` (0
 * client, 1 server), at least 1, and the values of inspection `pos` into ti; a buffer no
 * signature reads (`wants`, detect_tx_wants()) adds no positions. Every ALPN
 * name meets every certificate position, so a rule with tls.alpn and tls.subjectaltname
 * matches when any name of each does; subjectAltNames and certificates share positions (a
 * rule reading both sees the i-th of each). tls.alpn is the ALPN list of the side's hello;
 * tls.certs exists only while the Certificate message is parsed.
 */
uint32_t engine_tls_positions(const struct tls_state *st, int side, uint64_t wants);
/* ALPN names of a side offered to tls.alpn (more are not inspected: a hello's list is short). */
#define ENGINE_TLS_ALPN_POS 16
void engine_tls_txbufs_at(const struct tls_state *st, int side, uint64_t wants, uint32_t pos,
                          struct detect_tx_input *ti);

/* Do the signatures read JA3 or JA3S buffers (so ja3-fingerprints "auto" turns JA3 on)? */
bool engine_txbufs_want_ja3(uint64_t wants);

/* "Name: value\r\n" for each header of m that fits in cap bytes of out (Cookie and
 * Set-Cookie left out unless cookies: http.header leaves them out, http.start and the
 * rebuilt http.header.raw keep them); the bytes written. */
size_t engine_http_headers(const struct http_tx *tx, const struct http_msg *m, bool cookies,
                           uint8_t *out, size_t cap);

#endif
