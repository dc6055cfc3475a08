/* SPDX-License-Identifier: GPL-2.0-only */
/* Builders for TLS handshakes in tests: each byte group is written with what it means. */
#ifndef KH_APP_TLS_TEST_HS_H
#define KH_APP_TLS_TEST_HS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "test_cert.h"

struct hsbuf {
    uint8_t b[8192];
    size_t n;
};

static inline void hb_u8(struct hsbuf *h, uint8_t v)
{
    h->b[h->n++] = v;
}

static inline void hb_u16(struct hsbuf *h, uint16_t v)
{
    hb_u8(h, (uint8_t)(v >> 8));
    hb_u8(h, (uint8_t)v);
}

static inline void hb_bytes(struct hsbuf *h, const void *p, size_t n)
{
    memcpy(h->b + h->n, p, n);
    h->n += n;
}

static inline void hb_fill(struct hsbuf *h, uint8_t v, size_t n)
{
    memset(h->b + h->n, v, n);
    h->n += n;
}

/* A length field of `width` bytes, filled in by hb_close() once the contents are written. */
static inline size_t hb_open(struct hsbuf *h, int width)
{
    size_t at = h->n;
    h->n += (size_t)width;
    return at;
}

static inline void hb_close(struct hsbuf *h, size_t at, int width)
{
    size_t len = h->n - at - (size_t)width;
    for (int i = 0; i < width; i++)
        h->b[at + (size_t)i] = (uint8_t)(len >> (8 * (width - 1 - i)));
}

/* Record header: type, version, then a 2-byte length closed by the caller. */
static inline size_t hb_record(struct hsbuf *h, uint8_t type, uint16_t version)
{
    hb_u8(h, type);
    hb_u16(h, version);
    return hb_open(h, 2);
}

/* An extension of type t with a u16-length list of u16 values. */
static inline void hb_ext_u16_list(struct hsbuf *h, uint16_t t, const uint16_t *v, size_t n)
{
    hb_u16(h, t);
    size_t ext = hb_open(h, 2);
    size_t list = hb_open(h, 2);
    for (size_t i = 0; i < n; i++)
        hb_u16(h, v[i]);
    hb_close(h, list, 2);
    hb_close(h, ext, 2);
}

/*
 * A Chrome-shaped ClientHello body (without the handshake header):
 *   legacy_version 0x0303, random 0x11 x 32, session id 0x22 x 32,
 *   ciphers GREASE 0a0a, TLS_AES_128_GCM_SHA256 1301, TLS_AES_256_GCM_SHA384 1302,
 *           ECDHE-RSA-AES128-GCM-SHA256 c02f; compression null
 *   extensions: GREASE 0a0a (empty); server_name "www.example.com"; supported_groups
 *   [GREASE 1a1a, x25519 001d, secp256r1 0017]; ec_point_formats [uncompressed];
 *   signature_algorithms [ecdsa_secp256r1_sha256 0403, rsa_pss_rsae_sha256 0804];
 *   ALPN ["h2", "http/1.1"]; supported_versions [GREASE 2a2a, TLS 1.3, TLS 1.2]
 * JA3  771,4865-4866-49199,0-10-11-13-16-43,29-23,0 -> c9e264cb3675678ee364e81f3b6da7ad
 * JA4  t13d0306h2_40b44b994229_fb71836bce29
 */
static inline void hb_client_hello_body(struct hsbuf *h, const char *sni)
{
    static const uint16_t groups[] = {0x1a1a, 0x001d, 0x0017};
    static const uint16_t sigalgs[] = {0x0403, 0x0804};
    hb_u16(h, 0x0303);
    hb_fill(h, 0x11, 32);
    hb_u8(h, 32);
    hb_fill(h, 0x22, 32);
    hb_u16(h, 8);
    hb_u16(h, 0x0a0a);
    hb_u16(h, 0x1301);
    hb_u16(h, 0x1302);
    hb_u16(h, 0xc02f);
    hb_u8(h, 1);
    hb_u8(h, 0);
    size_t exts = hb_open(h, 2);
    hb_u16(h, 0x0a0a); /* GREASE extension, empty */
    hb_u16(h, 0);
    if (sni != NULL) {
        hb_u16(h, 0x0000); /* server_name */
        size_t ext = hb_open(h, 2);
        size_t list = hb_open(h, 2);
        hb_u8(h, 0); /* host_name */
        hb_u16(h, (uint16_t)strlen(sni));
        hb_bytes(h, sni, strlen(sni));
        hb_close(h, list, 2);
        hb_close(h, ext, 2);
    }
    hb_ext_u16_list(h, 0x000a, groups, 3);
    hb_u16(h, 0x000b); /* ec_point_formats: [uncompressed] */
    hb_u16(h, 2);
    hb_u8(h, 1);
    hb_u8(h, 0);
    hb_ext_u16_list(h, 0x000d, sigalgs, 2);
    hb_u16(h, 0x0010); /* ALPN: "h2", "http/1.1" */
    hb_u16(h, 14);
    hb_u16(h, 12);
    hb_u8(h, 2);
    hb_bytes(h, "h2", 2);
    hb_u8(h, 8);
    hb_bytes(h, "http/1.1", 8);
    hb_u16(h, 0x002b); /* supported_versions: GREASE, TLS 1.3, TLS 1.2 */
    hb_u16(h, 7);
    hb_u8(h, 6);
    hb_u16(h, 0x2a2a);
    hb_u16(h, 0x0304);
    hb_u16(h, 0x0303);
    hb_close(h, exts, 2);
}

/* The whole ClientHello record (record version 0x0301, as browsers send it). */
static inline void hb_client_hello(struct hsbuf *h, const char *sni)
{
    size_t rec = hb_record(h, 22, 0x0301);
    hb_u8(h, 1); /* client_hello */
    size_t msg = hb_open(h, 3);
    hb_client_hello_body(h, sni);
    hb_close(h, msg, 3);
    hb_close(h, rec, 2);
}

/*
 * ServerHello: version `version`, random 0x44 x 32, session id sid_byte x 32, cipher c02f,
 * no compression, extensions renegotiation_info ff01 [0], ALPN ["h2"], ec_point_formats
 * [0]; with tls13, supported_versions = TLS 1.3 (and legacy version 0x0303).
 * JA3S (TLS 1.2) 771,49199,65281-16-11 -> 2de81c22ea32a57162df5cb08d4a2795
 */
static inline void hb_server_hello_msg(struct hsbuf *h, uint8_t sid_byte, bool tls13)
{
    hb_u8(h, 2);
    size_t msg = hb_open(h, 3);
    hb_u16(h, 0x0303);
    hb_fill(h, 0x44, 32);
    hb_u8(h, 32);
    hb_fill(h, sid_byte, 32);
    hb_u16(h, tls13 ? 0x1301 : 0xc02f);
    hb_u8(h, 0);
    size_t exts = hb_open(h, 2);
    if (tls13) {
        hb_u16(h, 0x002b);
        hb_u16(h, 2);
        hb_u16(h, 0x0304);
    } else {
        hb_u16(h, 0xff01);
        hb_u16(h, 1);
        hb_u8(h, 0);
        hb_u16(h, 0x0010);
        hb_u16(h, 5);
        hb_u16(h, 3);
        hb_u8(h, 2);
        hb_bytes(h, "h2", 2);
        hb_u16(h, 0x000b);
        hb_u16(h, 2);
        hb_u8(h, 1);
        hb_u8(h, 0);
    }
    hb_close(h, exts, 2);
    hb_close(h, msg, 3);
}

/* Certificate message carrying test_cert_der, then ServerHelloDone. */
static inline void hb_certificate_msgs(struct hsbuf *h)
{
    hb_u8(h, 11);
    size_t msg = hb_open(h, 3);
    size_t list = hb_open(h, 3);
    size_t one = hb_open(h, 3);
    hb_bytes(h, test_cert_der, sizeof(test_cert_der));
    hb_close(h, one, 3);
    hb_close(h, list, 3);
    hb_close(h, msg, 3);
    hb_u8(h, 14); /* server_hello_done, empty */
    hb_u8(h, 0);
    hb_u16(h, 0);
}

/* ChangeCipherSpec, then an encrypted Finished (40 opaque bytes in a handshake record). */
static inline void hb_ccs_finished(struct hsbuf *h)
{
    size_t rec = hb_record(h, 20, 0x0303);
    hb_u8(h, 1);
    hb_close(h, rec, 2);
    rec = hb_record(h, 22, 0x0303);
    hb_fill(h, 0x5a, 40);
    hb_close(h, rec, 2);
}

/* A Certificate message carrying test_cert_der alone (either side's). */
static inline void hb_certificate_only(struct hsbuf *h)
{
    hb_u8(h, 11);
    size_t msg = hb_open(h, 3);
    size_t list = hb_open(h, 3);
    size_t one = hb_open(h, 3);
    hb_bytes(h, test_cert_der, sizeof(test_cert_der));
    hb_close(h, one, 3);
    hb_close(h, list, 3);
    hb_close(h, msg, 3);
}

/*
 * TLS 1.2 with client authentication: the server's flight adds a CertificateRequest
 * (types [rsa_sign], no algorithms, no authorities) before ServerHelloDone; the client's
 * second flight starts with its Certificate (test_cert_der again).
 */
static inline void hb_tls12_client_auth(struct hsbuf *c1, struct hsbuf *s1, struct hsbuf *c2)
{
    hb_client_hello(c1, "www.example.com");
    size_t rec = hb_record(s1, 22, 0x0303);
    hb_server_hello_msg(s1, 0x33, false);
    hb_certificate_only(s1);
    hb_u8(s1, 13); /* certificate_request */
    size_t msg = hb_open(s1, 3);
    hb_u8(s1, 1); /* certificate_types: rsa_sign */
    hb_u8(s1, 1);
    hb_u16(s1, 0); /* supported_signature_algorithms: none */
    hb_u16(s1, 0); /* certificate_authorities: none */
    hb_close(s1, msg, 3);
    hb_u8(s1, 14); /* server_hello_done */
    hb_u8(s1, 0);
    hb_u16(s1, 0);
    hb_close(s1, rec, 2);
    rec = hb_record(c2, 22, 0x0303);
    hb_certificate_only(c2);
    hb_close(c2, rec, 2);
    hb_ccs_finished(c2);
}

/* Application data of n opaque bytes. */
static inline void hb_app_data(struct hsbuf *h, uint8_t fill, size_t n)
{
    size_t rec = hb_record(h, 23, 0x0303);
    hb_fill(h, fill, n);
    hb_close(h, rec, 2);
}

/* The four flights of a TLS 1.2 handshake with one certificate. */
static inline void hb_tls12_flights(struct hsbuf *c1, struct hsbuf *s1, struct hsbuf *c2,
                                    struct hsbuf *s2)
{
    hb_client_hello(c1, "www.example.com");
    size_t rec = hb_record(s1, 22, 0x0303);
    hb_server_hello_msg(s1, 0x33, false);
    hb_certificate_msgs(s1);
    hb_close(s1, rec, 2);
    rec = hb_record(c2, 22, 0x0303); /* client_key_exchange, 33 bytes of opaque key */
    hb_u8(c2, 16);
    size_t msg = hb_open(c2, 3);
    hb_u8(c2, 32);
    hb_fill(c2, 0x66, 32);
    hb_close(c2, msg, 3);
    hb_close(c2, rec, 2);
    hb_ccs_finished(c2);
    hb_ccs_finished(s2);
}

#endif
