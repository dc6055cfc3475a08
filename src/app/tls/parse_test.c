/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the TLS parser: whole handshakes split at every byte, malformed input, caps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "core/conf.h"
#include "core/err.h"
#include "test_hs.h"
#include "tls.h"

/* What the hooks saw. */
struct seen {
    unsigned nlog;
    int log_dir; /* direction of the call that logged */
    uint32_t events;
    unsigned nev;
};

static void on_log(void *arg, const struct app_input *in, const struct tls_state *st)
{
    struct seen *s = arg;
    (void)st;
    s->nlog++;
    s->log_dir = in->dir;
}

static void on_event(void *arg, const struct app_input *in, const struct tls_state *st,
                     enum tls_event ev)
{
    struct seen *s = arg;
    (void)in;
    (void)st;
    s->events |= 1u << ev;
    s->nev++;
}

/*
 * What the dispatcher does, per direction: keep what the parser left, add new bytes, call
 * again. The parser must never ask for bytes it already has.
 */
struct harness {
    struct tls_ctx *ctx;
    void *state;
    struct seen seen;
    struct {
        uint8_t b[65536];
        size_t n;
        bool dead;
    } pend[2];
};

static struct harness hx;

static void hx_init(const struct tls_config *cfg)
{
    struct tls_config def;
    if (cfg == NULL) {
        tls_config_defaults(&def);
        def.ja3 = def.ja4 = true;
        cfg = &def;
    }
    memset(&hx, 0, sizeof(hx));
    struct tls_hooks hooks = {.on_log = on_log, .on_event = on_event, .arg = &hx.seen};
    hx.ctx = tls_ctx_new(cfg, &hooks);
    assert_non_null(hx.ctx);
}

static void hx_fini(void)
{
    tls_state_free(hx.ctx, hx.state);
    assert_int_equal(tls_ctx_stats(hx.ctx)->states, 0);
    tls_ctx_free(hx.ctx);
}

static enum app_status hx_feed(int dir, const uint8_t *p, size_t n, uint32_t flags)
{
    if (hx.pend[dir].dead)
        return APP_STATUS_ERROR;
    assert_true(hx.pend[dir].n + n <= sizeof(hx.pend[dir].b));
    if (n > 0)
        memcpy(hx.pend[dir].b + hx.pend[dir].n, p, n);
    hx.pend[dir].n += n;
    struct app_input in = {.dir = dir, .flags = flags};
    in.data.p = hx.pend[dir].b;
    in.data.len = hx.pend[dir].n;
    struct app_result res = tls_parse(hx.ctx, &hx.state, &in);
    assert_true(res.consumed <= hx.pend[dir].n);
    if (res.status == APP_STATUS_ERROR) {
        hx.pend[dir].dead = true;
        return res.status;
    }
    memmove(hx.pend[dir].b, hx.pend[dir].b + res.consumed, hx.pend[dir].n - res.consumed);
    hx.pend[dir].n -= res.consumed;
    if (res.status == APP_STATUS_INCOMPLETE)
        assert_true(res.needed > hx.pend[dir].n); /* never wait for bytes already there */
    else
        assert_int_equal(hx.pend[dir].n, 0);
    return res.status;
}

/* Feed a flight in two pieces split at `at`. */
static void hx_feed_split(int dir, const struct hsbuf *h, size_t at)
{
    hx_feed(dir, h->b, at, 0);
    hx_feed(dir, h->b + at, h->n - at, 0);
}

static const struct tls_state *st(void)
{
    return hx.state;
}

static struct hsbuf c1, s1, c2, s2;

static void build_tls12(void)
{
    memset(&c1, 0, sizeof(c1));
    memset(&s1, 0, sizeof(s1));
    memset(&c2, 0, sizeof(c2));
    memset(&s2, 0, sizeof(s2));
    hb_tls12_flights(&c1, &s1, &c2, &s2);
}

static void check_tls12_state(void)
{
    const struct tls_state *s = st();
    assert_string_equal(s->sni, "www.example.com");
    assert_int_equal(s->client_version, 0x0303);
    assert_int_equal(s->server_version, 0x0303);
    assert_int_equal(s->cipher, 0xc02f);
    assert_string_equal(s->ja3, "771,4865-4866-49199,0-10-11-13-16-43,29-23,0");
    assert_string_equal(s->ja3_hash, "c9e264cb3675678ee364e81f3b6da7ad");
    assert_string_equal(s->ja3s, "771,49199,65281-16-11");
    assert_string_equal(s->ja3s_hash, "2de81c22ea32a57162df5cb08d4a2795");
    assert_string_equal(s->ja4, "t13d0306h2_40b44b994229_fb71836bce29");
    assert_true(s->flags & TLS_F_CERT);
    assert_string_equal(s->cert.subject, "C=VN, O=Khien Test, CN=test.khien.example");
    assert_string_equal(s->cert.issuer, "C=VN, O=Khien Test, CN=test.khien.example");
    assert_string_equal(s->cert.serial, "00:A1:B2:C3:D4");
    assert_string_equal(s->cert.fingerprint,
                        "e6:63:47:cd:00:e1:ed:9e:aa:1f:d3:f0:40:1f:45:d6:9e:31:f7:2f");
    assert_int_equal(s->cert.not_before, 1795294588);
    assert_int_equal(s->cert.not_after, 2110654588);
    assert_false(s->flags & TLS_F_RESUMED);
    assert_int_equal(s->alpn_len[0], 12);
    assert_int_equal(s->alpn_len[1], 3);
}

/*
 * The whole handshake in one piece per flight: logged once, at the server's
 * ServerHelloDone (Suricata 8), before the client's key exchange.
 */
static void tls12_whole(void **unused)
{
    (void)unused;
    build_tls12();
    hx_init(NULL);
    assert_int_equal(hx_feed(0, c1.b, c1.n, 0), APP_STATUS_OK);
    assert_int_equal(hx.seen.nlog, 0);
    assert_int_equal(hx_feed(1, s1.b, s1.n, 0), APP_STATUS_OK);
    assert_int_equal(hx.seen.nlog, 1);
    assert_int_equal(hx.seen.log_dir, 1);
    assert_int_equal(hx_feed(0, c2.b, c2.n, 0), APP_STATUS_OK);
    assert_int_equal(hx_feed(1, s2.b, s2.n, 0), APP_STATUS_OK);
    assert_int_equal(hx.seen.nlog, 1);
    check_tls12_state();
    assert_int_equal(hx.seen.nev, 0);
    /* application data afterwards, even a 16 KiB record fed byte by byte: skipped, no buffer */
    struct hsbuf *ad = calloc(1, sizeof(*ad));
    hb_app_data(ad, 0x77, 8000);
    for (size_t i = 0; i < ad->n; i++)
        assert_int_not_equal(hx_feed(0, ad->b + i, 1, 0), APP_STATUS_ERROR);
    assert_true(hx.pend[0].n < TLS_RECORD_HDR);
    free(ad);
    hx_feed(0, NULL, 0, APP_INPUT_EOF);
    assert_int_equal(hx.seen.nlog, 1);
    hx_fini();
}

/* Every flight split at every byte gives the same state and one log. */
static void tls12_every_split(void **unused)
{
    (void)unused;
    build_tls12();
    const struct hsbuf *flights[4] = {&c1, &s1, &c2, &s2};
    for (int f = 0; f < 4; f++) {
        for (size_t at = 0; at <= flights[f]->n; at++) {
            hx_init(NULL);
            for (int g = 0; g < 4; g++) {
                int dir = g % 2;
                if (g == f)
                    hx_feed_split(dir, flights[g], at);
                else
                    hx_feed(dir, flights[g]->b, flights[g]->n, 0);
            }
            assert_int_equal(hx.seen.nlog, 1);
            check_tls12_state();
            assert_int_equal(hx.seen.nev, 0);
            hx_fini();
        }
    }
}

/* Byte by byte: the worst split, everything still found. */
static void tls12_byte_by_byte(void **unused)
{
    (void)unused;
    build_tls12();
    hx_init(NULL);
    const struct hsbuf *flights[4] = {&c1, &s1, &c2, &s2};
    for (int g = 0; g < 4; g++)
        for (size_t i = 0; i < flights[g]->n; i++)
            assert_int_not_equal(hx_feed(g % 2, flights[g]->b + i, 1, 0), APP_STATUS_ERROR);
    assert_int_equal(hx.seen.nlog, 1);
    check_tls12_state();
    hx_fini();
}

/*
 * The server flight's handshake messages cut across records: ServerHello and Certificate
 * re-framed into records of 7 bytes each, so every message is reassembled.
 */
static void tls12_messages_across_records(void **unused)
{
    (void)unused;
    build_tls12();
    struct hsbuf *re = calloc(1, sizeof(*re));
    const uint8_t *msgs = s1.b + TLS_RECORD_HDR;
    size_t left = s1.n - TLS_RECORD_HDR;
    while (left > 0) {
        size_t n = left < 7 ? left : 7;
        size_t rec = hb_record(re, 22, 0x0303);
        hb_bytes(re, msgs, n);
        hb_close(re, rec, 2);
        msgs += n;
        left -= n;
    }
    for (size_t at = 0; at <= re->n; at += 13) {
        hx_init(NULL);
        hx_feed(0, c1.b, c1.n, 0);
        hx_feed_split(1, re, at);
        hx_feed(0, c2.b, c2.n, 0);
        hx_feed(1, s2.b, s2.n, 0);
        check_tls12_state();
        assert_true(tls_ctx_stats(hx.ctx)->reasm_msgs >= 2);
        hx_fini();
    }
    free(re);
}

/* A message longer than hs_reasm_max: skipped (counted, handshake_invalid_length), framing kept. */
static void reasm_cap(void **unused)
{
    (void)unused;
    build_tls12();
    struct hsbuf *re = calloc(1, sizeof(*re));
    const uint8_t *msgs = s1.b + TLS_RECORD_HDR;
    size_t left = s1.n - TLS_RECORD_HDR;
    while (left > 0) { /* 100-byte records: the 500-byte Certificate message spans them */
        size_t n = left < 100 ? left : 100;
        size_t rec = hb_record(re, 22, 0x0303);
        hb_bytes(re, msgs, n);
        hb_close(re, rec, 2);
        msgs += n;
        left -= n;
    }
    struct tls_config cfg;
    tls_config_defaults(&cfg);
    cfg.hs_reasm_max = 256;
    hx_init(&cfg);
    hx_feed(0, c1.b, c1.n, 0);
    hx_feed(1, re->b, re->n, 0);
    assert_true(st()->flags & TLS_F_SERVER_HELLO); /* fitted in its record */
    assert_false(st()->flags & TLS_F_CERT);        /* over the cap */
    assert_true(hx.seen.events & (1u << TLS_EV_HANDSHAKE_INVALID_LENGTH));
    assert_int_equal(tls_ctx_stats(hx.ctx)->reasm_skipped, 1);
    hx_feed(0, c2.b, c2.n, 0);
    hx_feed(1, s2.b, s2.n, 0);
    assert_int_equal(hx.seen.nlog, 1);  /* the CCS after it was still found */
    assert_string_equal(st()->ja3, ""); /* JA3 off by default (Suricata: auto) */
    assert_string_equal(st()->ja4, "t13d0306h2_40b44b994229_fb71836bce29"); /* JA4 on */
    hx_fini();
    free(re);
}

/* TLS 1.3: certificate encrypted; logged once both sides send application data. */
static void tls13(void **unused)
{
    (void)unused;
    struct hsbuf *c = calloc(1, sizeof(*c)), *s = calloc(1, sizeof(*s));
    hb_client_hello(c, "www.example.com");
    size_t rec = hb_record(s, 22, 0x0303);
    hb_server_hello_msg(s, 0x22, true); /* echoes the client's session id (middlebox mode) */
    hb_close(s, rec, 2);
    rec = hb_record(s, 20, 0x0303); /* compatibility CCS */
    hb_u8(s, 1);
    hb_close(s, rec, 2);
    hb_app_data(s, 0x99, 900); /* EncryptedExtensions .. Finished */
    hx_init(NULL);
    hx_feed(0, c->b, c->n, 0);
    hx_feed(1, s->b, s->n, 0);
    assert_int_equal(st()->server_version, 0x0304);
    assert_true(st()->flags & TLS_F_LOG_WITHOUT_CERT);
    assert_int_equal(hx.seen.nlog, 0);
    memset(c, 0, sizeof(*c));
    hb_app_data(c, 0x98, 53); /* client Finished */
    hx_feed(0, c->b, c->n, 0);
    assert_int_equal(hx.seen.nlog, 1);
    char v[32];
    tls_version_name(st()->server_version, v);
    assert_string_equal(v, "TLS 1.3");
    hx_fini();
    free(c);
    free(s);
}

/*
 * A HelloRetryRequest and a compatibility ChangeCipherSpec first: the real ServerHello after
 * them is still plaintext and is the one kept (verify test tls13-draft22).
 */
static void hello_retry(void **unused)
{
    (void)unused;
    static const uint8_t hrr_random[32] = {
        0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c,
        0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb,
        0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
    };
    struct hsbuf *c = calloc(1, sizeof(*c)), *s = calloc(1, sizeof(*s));
    hb_client_hello(c, "www.example.com");
    size_t rec = hb_record(s, 22, 0x0303);
    size_t at = s->n;
    hb_server_hello_msg(s, 0x22, true);
    memcpy(s->b + at + TLS_HS_HDR + 2, hrr_random, 32); /* the HRR's random */
    s->b[at + TLS_HS_HDR + 2 + 32 + 1 + 32] = 0x13;     /* cipher 1302 in the HRR */
    s->b[at + TLS_HS_HDR + 2 + 32 + 1 + 32 + 1] = 0x02;
    hb_close(s, rec, 2);
    /* middlebox compatibility (RFC 8446 D.4): ChangeCipherSpec right after the HRR */
    rec = hb_record(s, 20, 0x0303);
    hb_u8(s, 1);
    hb_close(s, rec, 2);
    hx_init(NULL);
    hx_feed(0, c->b, c->n, 0);
    hx_feed(1, s->b, s->n, 0);
    assert_false(st()->flags & TLS_F_SERVER_HELLO);
    memset(s, 0, sizeof(*s));
    rec = hb_record(s, 22, 0x0303);
    hb_server_hello_msg(s, 0x22, true);
    hb_close(s, rec, 2);
    hx_feed(0, c->b, c->n, 0); /* the second ClientHello: the first is kept */
    hx_feed(1, s->b, s->n, 0);
    assert_true(st()->flags & TLS_F_SERVER_HELLO);
    assert_int_equal(st()->cipher, 0x1301);
    assert_int_equal(st()->server_version, 0x0304);
    hx_fini();
    free(c);
    free(s);
}

/* Session resumption: the server echoes the client's session id, no certificate. */
static void resumed(void **unused)
{
    (void)unused;
    struct hsbuf *c = calloc(1, sizeof(*c)), *s = calloc(1, sizeof(*s));
    hb_client_hello(c, NULL);
    size_t rec = hb_record(s, 22, 0x0303);
    hb_server_hello_msg(s, 0x22, false);
    hb_close(s, rec, 2);
    hb_ccs_finished(s);
    hx_init(NULL);
    hx_feed(0, c->b, c->n, 0);
    hx_feed(1, s->b, s->n, 0);
    assert_true(st()->flags & TLS_F_RESUMED);
    assert_string_equal(st()->sni, "");
    assert_memory_equal(st()->ja4, "t13i0305h2_", 11); /* no SNI: 'i', 5 extensions */
    hx_feed(1, NULL, 0, APP_INPUT_EOF);
    assert_int_equal(hx.seen.nlog, 1); /* the client never finished: logged at EOF */
    hx_fini();
    free(c);
    free(s);
}

/* One malformed record header each: the event, and the direction given up. */
static void bad_record_headers(void **unused)
{
    (void)unused;
    static const struct {
        uint8_t hdr[5];
        enum tls_event ev;
    } cases[] = {
        {{0x99, 0x03, 0x03, 0x00, 0x01}, TLS_EV_INVALID_RECORD_TYPE},    /* type 153 */
        {{0x16, 0x02, 0x00, 0x00, 0x01}, TLS_EV_INVALID_RECORD_VERSION}, /* version 2.0 */
        {{0x16, 0x03, 0x03, 0x48, 0x01}, TLS_EV_INVALID_RECORD_LENGTH},  /* 18433 > 18432 */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        hx_init(NULL);
        assert_int_equal(hx_feed(0, cases[i].hdr, 5, 0), APP_STATUS_ERROR);
        assert_int_equal(hx.seen.events, 1u << cases[i].ev);
        assert_int_equal(hx.seen.nlog, 0);
        hx_fini();
    }
}

/* Replace the byte at `off` of the ClientHello body and expect an event. */
static void client_hello_event(size_t off, uint8_t val, enum tls_event ev)
{
    struct hsbuf *h = calloc(1, sizeof(*h));
    hb_client_hello(h, "www.example.com");
    h->b[TLS_RECORD_HDR + TLS_HS_HDR + off] = val;
    hx_init(NULL);
    hx_feed(0, h->b, h->n, 0);
    assert_true(hx.seen.events & (1u << ev));
    hx_fini();
    free(h);
}

static void bad_client_hellos(void **unused)
{
    (void)unused;
    /* session id length 33 (offset 34: after version and random) */
    client_hello_event(34, 33, TLS_EV_INVALID_HANDSHAKE_MESSAGE);
    /* cipher suites length odd (offset 67: second byte of the u16 after the session id) */
    client_hello_event(68, 7, TLS_EV_INVALID_HANDSHAKE_MESSAGE);
    /* SNI name type 1 instead of host_name: offset of the type byte */
    size_t sni_type = 2 + 32 + 1 + 32 + 2 + 8 + 2 + 2 + 4 + 4 + 2;
    client_hello_event(sni_type, 1, TLS_EV_INVALID_SNI_TYPE);
}

/* Two SNI extensions, and a name longer than 255. */
static void sni_events(void **unused)
{
    (void)unused;
    struct hsbuf *h = calloc(1, sizeof(*h));
    struct cursor c;
    uint32_t ev = 0;
    struct tls_state *s = calloc(1, sizeof(*s));
    struct tls_hello_lists *l = calloc(1, sizeof(*l));
    char name[301];
    memset(name, 'a', 300);
    name[300] = '\0';
    hb_client_hello_body(h, name);
    c = cur_init(h->b, h->n);
    assert_true(tls_parse_client_hello(s, l, c, &ev));
    assert_int_equal(ev, 1u << TLS_EV_INVALID_SNI_LENGTH);
    assert_string_equal(s->sni, "");
    assert_true(l->sni); /* JA4 still counts the extension */

    /* the body with its server_name twice: append a second one into the extensions */
    memset(h, 0, sizeof(*h));
    memset(s, 0, sizeof(*s));
    hb_client_hello_body(h, "a.example");
    static const uint8_t sni2[] = {0x00, 0x00, 0x00, 0x0e, 0x00, 0x0c, 0x00, 0x00,
                                   0x09, 'b',  '.',  'e',  'x',  'a',  'm',  'p'};
    hb_bytes(h, sni2, sizeof(sni2));
    hb_bytes(h, "le", 2);
    size_t ext_len_at = 2 + 32 + 1 + 32 + 2 + 8 + 2;
    uint16_t el = (uint16_t)(h->b[ext_len_at] << 8 | h->b[ext_len_at + 1]) + 18;
    h->b[ext_len_at] = (uint8_t)(el >> 8);
    h->b[ext_len_at + 1] = (uint8_t)el;
    ev = 0;
    assert_true(tls_parse_client_hello(s, l, cur_init(h->b, h->n), &ev));
    assert_int_equal(ev, 1u << TLS_EV_MULTIPLE_SNI_EXTENSIONS);
    assert_string_equal(s->sni, "a.example"); /* the first is kept */
    free(h);
    free(s);
    free(l);
}

/* Every truncation of a ClientHello body fails cleanly or parses; nothing reads past it. */
static void client_hello_truncations(void **unused)
{
    (void)unused;
    struct hsbuf *h = calloc(1, sizeof(*h));
    struct tls_state *s = calloc(1, sizeof(*s));
    struct tls_hello_lists *l = calloc(1, sizeof(*l));
    hb_client_hello_body(h, "www.example.com");
    for (size_t n = 0; n < h->n; n++) {
        uint8_t *copy = malloc(n ? n : 1);
        memcpy(copy, h->b, n);
        uint32_t ev = 0;
        bool ok = tls_parse_client_hello(s, l, cur_init(copy, n), &ev);
        /* only the cut right after compression (no extensions at all) is a valid hello */
        if (ok != (n == 2 + 32 + 1 + 32 + 2 + 8 + 2))
            fail_msg("truncated to %zu bytes: %s", n, ok ? "parsed" : "failed");
        free(copy);
    }
    free(h);
    free(s);
    free(l);
}

static void heartbeat_and_records_per_call(void **unused)
{
    (void)unused;
    build_tls12();
    hx_init(NULL);
    hx_feed(0, c1.b, c1.n, 0);
    struct hsbuf *h = calloc(1, sizeof(*h));
    size_t rec = hb_record(h, 24, 0x0303); /* heartbeat request */
    hb_fill(h, 0x01, 3);
    hb_close(h, rec, 2);
    for (int i = 0; i < 300; i++) { /* 300 alerts in one call */
        rec = hb_record(h, 21, 0x0303);
        hb_u8(h, 1);
        hb_u8(h, 0);
        hb_close(h, rec, 2);
    }
    assert_int_equal(hx_feed(0, h->b, h->n, 0), APP_STATUS_OK);
    assert_true(hx.seen.events & (1u << TLS_EV_HEARTBEAT_MESSAGE));
    assert_true(hx.seen.events & (1u << TLS_EV_TOO_MANY_RECORDS_IN_PACKET));
    hx_fini();
    free(h);
}

/* After a gap the parser waits for a record header, then goes on. */
static void gap_resync(void **unused)
{
    (void)unused;
    build_tls12();
    hx_init(NULL);
    hx_feed(0, c1.b, c1.n, 0);
    static const uint8_t junk[] = {0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42};
    assert_int_equal(hx_feed(1, junk, sizeof(junk), APP_INPUT_GAP), APP_STATUS_OK);
    assert_int_equal(hx_feed(1, s1.b, s1.n, 0), APP_STATUS_OK);
    assert_true(st()->flags & TLS_F_CERT);
    hx_fini();
}

static void sslv2_hello(void **unused)
{
    (void)unused;
    /* SSLv2 header 0x8031, client_hello, version 3.1, cipher spec length 0x0018, ... */
    static const uint8_t v2[] = {0x80, 0x31, 0x01, 0x03, 0x01, 0x00, 0x18, 0x00, 0x00, 0x00, 0x10,
                                 0x07, 0x00, 0xc0, 0x05, 0x00, 0x80, 0x03, 0x00, 0x80, 0x01, 0x00,
                                 0x80, 0x08, 0x00, 0x80, 0x06, 0x00, 0x40, 0x04, 0x00, 0x80, 0x02,
                                 0x00, 0x80, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab,
                                 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab};
    assert_int_equal(tls_probe(v2, sizeof(v2), 0), APP_PROBE_YES);
    hx_init(NULL);
    assert_int_equal(hx_feed(0, v2, 20, 0), APP_STATUS_INCOMPLETE);
    assert_int_equal(hx_feed(0, v2 + 20, sizeof(v2) - 20, 0), APP_STATUS_OK);
    assert_true(st()->flags & TLS_F_SSLV2_HELLO);
    assert_int_equal(st()->client_version, 0x0301);
    hx_fini();
}

static void probe(void **unused)
{
    (void)unused;
    build_tls12();
    assert_int_equal(tls_probe(c1.b, c1.n, 0), APP_PROBE_YES);
    assert_int_equal(tls_probe(c1.b, 2, 0), APP_PROBE_MORE);
    /* to the server the record header decides, as Suricata's |16 03 0x| patterns */
    assert_int_equal(tls_probe(c1.b, 3, 0), APP_PROBE_YES);
    assert_int_equal(tls_probe((const uint8_t *)"\x16\x03\x00\x00\x00\x00", 6, 0), APP_PROBE_YES);
    assert_int_equal(tls_probe((const uint8_t *)"\x16\x03\x04\x00\x05\x01", 6, 0), APP_PROBE_NO);
    assert_int_equal(tls_probe(c1.b, c1.n, 1), APP_PROBE_NO); /* a ClientHello to client */
    assert_int_equal(tls_probe(s1.b, s1.n, 1), APP_PROBE_YES);
    assert_int_equal(tls_probe((const uint8_t *)"GET / HTTP/1.1\r\n", 16, 0), APP_PROBE_NO);
    assert_int_equal(tls_probe((const uint8_t *)"\x16\x02", 2, 0), APP_PROBE_NO);
}

static void state_cap(void **unused)
{
    (void)unused;
    struct tls_config cfg;
    tls_config_defaults(&cfg);
    cfg.max_states = 1;
    hx_init(&cfg);
    build_tls12();
    assert_int_equal(hx_feed(0, c1.b, c1.n, 0), APP_STATUS_OK);
    void *other = NULL;
    struct app_input in = {.dir = 0, .data = {c1.b, c1.n}};
    assert_int_equal(tls_parse(hx.ctx, &other, &in).status, APP_STATUS_ERROR);
    assert_null(other);
    assert_int_equal(tls_ctx_stats(hx.ctx)->state_memcap, 1);
    hx_fini();
}

static void version_names(void **unused)
{
    (void)unused;
    static const struct {
        uint16_t v;
        const char *s;
    } t[] = {{0, "UNDETERMINED"},
             {0x0002, "SSLv2"},
             {0x0300, "SSLv3"},
             {0x0301, "TLSv1"},
             {0x0302, "TLS 1.1"},
             {0x0303, "TLS 1.2"},
             {0x0304, "TLS 1.3"},
             {0x7f12, "TLS 1.3 draft-18"},
             {0x7f0e, "TLS 1.3 draft-<16"},
             {0x1234, "0x1234"}};
    char out[32];
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        tls_version_name(t[i].v, out);
        assert_string_equal(out, t[i].s);
    }
    assert_string_equal(tls_event_name(TLS_EV_INVALID_RECORD_TYPE), "invalid_record_type");
    assert_null(tls_event_name(TLS_EV_MAX));
}

static void cert_garbage(void **unused)
{
    (void)unused;
    struct tls_cert cert;
    uint8_t der[sizeof(test_cert_der)];
    memcpy(der, test_cert_der, sizeof(der));
    struct span s = {der, sizeof(der) - 1}; /* one byte short */
    assert_false(tls_cert_decode(NULL, &cert, s));
    s.len = 0;
    assert_false(tls_cert_decode(NULL, &cert, s));
    s.len = sizeof(der);
    assert_true(tls_cert_decode(NULL, &cert, s));
}

/* subjectAltName: DNS names in order (the IP address is not listed); Email= in the subject. */
static void cert_san(void **unused)
{
    (void)unused;
    struct tls_cert *cert = calloc(1, sizeof(*cert));
    struct span s = {test_cert_san_der, sizeof(test_cert_san_der)};
    assert_true(tls_cert_decode(NULL, cert, s));
    assert_string_equal(cert->subject, "CN=san.khien.example, Email=ops@khien.example");
    assert_string_equal(cert->serial, "32");
    assert_int_equal(cert->nsan, 2);
    assert_int_equal(cert->san_len[0], strlen("san.khien.example"));
    assert_memory_equal(cert->san_text + cert->san_off[0], "san.khien.example", 17);
    assert_memory_equal(cert->san_text + cert->san_off[1], "www.san.khien.example", 21);
    free(cert);
}

/*
 * A certificate made here with 10 OU attributes of 58 characters (a subject past
 * TLS_DN_MAX) and 50 subjectAltNames (past TLS_SAN_MAX): both cut, flagged, counted.
 */
static void cert_caps(void **unused)
{
    (void)unused;
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509 *x = X509_new();
    assert_non_null(key);
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 7);
    X509_gmtime_adj(X509_getm_notBefore(x), 0);
    X509_gmtime_adj(X509_getm_notAfter(x), 86400);
    X509_NAME *name = X509_get_subject_name(x);
    char ou[64], sans[1024] = "";
    for (int i = 0; i < 10; i++) {
        snprintf(ou, sizeof(ou), "unit-%02d-%050d", i, 0);
        X509_NAME_add_entry_by_txt(name, "OU", MBSTRING_ASC, (unsigned char *)ou, -1, -1, 0);
    }
    X509_set_issuer_name(x, name);
    for (int i = 0; i < 50; i++)
        snprintf(sans + strlen(sans), sizeof(sans) - strlen(sans), "%sDNS:h%02d.example",
                 i ? "," : "", i);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, NULL, NID_subject_alt_name, sans);
    X509_add_ext(x, ext, -1);
    X509_EXTENSION_free(ext);
    X509_set_pubkey(x, key);
    assert_true(X509_sign(x, key, EVP_sha256()) > 0);
    unsigned char *der = NULL;
    int len = i2d_X509(x, &der);
    assert_true(len > 0);

    struct tls_cert *cert = calloc(1, sizeof(*cert));
    struct span sp = {der, (size_t)len};
    assert_true(tls_cert_decode(NULL, cert, sp));
    assert_true(cert->cut);
    assert_int_equal(strlen(cert->subject), TLS_DN_MAX - 1);
    assert_memory_equal(cert->subject, "OU=unit-00-", 11);
    assert_int_equal(cert->nsan, TLS_SAN_MAX);
    assert_memory_equal(cert->san_text + cert->san_off[TLS_SAN_MAX - 1], "h47.example", 11);
    assert_string_equal(cert->serial, "07");
    free(cert);
    OPENSSL_free(der);
    X509_free(x);
    EVP_PKEY_free(key);
}

static void config_load(void **unused)
{
    (void)unused;
    struct conf *conf = conf_new();
    char err[256];
    struct tls_config cfg;
    tls_config_defaults(&cfg);
    assert_true(cfg.ja4); /* Suricata 8 logs JA4 with its default file */
    assert_false(cfg.ja3);
    assert_int_equal(conf_load_string(conf,
                                      "app-layer:\n  protocols:\n    tls:\n"
                                      "      detection-ports:\n        dp: \"[443, 8443]\"\n"
                                      "      ja3-fingerprints: yes\n"
                                      "      ja4-fingerprints: no\n",
                                      "test", err, sizeof(err)),
                     KH_OK);
    assert_int_equal(tls_config_load(&cfg, conf, err, sizeof(err)), KH_OK);
    assert_true(cfg.ja3);
    assert_false(cfg.ja4);
    assert_int_equal(cfg.nports, 2);
    assert_int_equal(cfg.ports[1], 8443);
    assert_int_equal(
        conf_set(conf, "app-layer.protocols.tls.ja3-fingerprints=auto", err, sizeof(err)), KH_OK);
    tls_config_defaults(&cfg);
    assert_int_equal(tls_config_load(&cfg, conf, err, sizeof(err)), KH_OK);
    assert_false(cfg.ja3); /* auto: off until rules ask (no rule keywords yet) */
    assert_int_equal(
        conf_set(conf, "app-layer.protocols.tls.ja4-fingerprints=maybe", err, sizeof(err)), KH_OK);
    assert_int_equal(tls_config_load(&cfg, conf, err, sizeof(err)), KH_EINVAL);
    /* encryption-handling: Suricata's words; another is an error naming the key */
    static const struct {
        const char *v;
        enum tls_encryption want;
    } enc[] = {{"default", TLS_ENC_TRACK_ONLY},
               {"track-only", TLS_ENC_TRACK_ONLY},
               {"full", TLS_ENC_FULL},
               {"bypass", TLS_ENC_BYPASS}};
    assert_int_equal(
        conf_set(conf, "app-layer.protocols.tls.ja4-fingerprints=no", err, sizeof(err)), KH_OK);
    for (size_t i = 0; i < sizeof(enc) / sizeof(enc[0]); i++) {
        char kv[96];
        snprintf(kv, sizeof(kv), "app-layer.protocols.tls.encryption-handling=%s", enc[i].v);
        assert_int_equal(conf_set(conf, kv, err, sizeof(err)), KH_OK);
        tls_config_defaults(&cfg);
        assert_int_equal(tls_config_load(&cfg, conf, err, sizeof(err)), KH_OK);
        assert_int_equal(cfg.encryption, enc[i].want);
    }
    assert_int_equal(
        conf_set(conf, "app-layer.protocols.tls.encryption-handling=off", err, sizeof(err)), KH_OK);
    assert_int_equal(tls_config_load(&cfg, conf, err, sizeof(err)), KH_EINVAL);
    assert_non_null(strstr(err, "encryption-handling"));
    conf_free(conf);
}

/* A context freed while flows still hold states frees them (ASan checks the leak). */
static void ctx_free_with_live_states(void **unused)
{
    (void)unused;
    build_tls12();
    struct tls_config cfg;
    tls_config_defaults(&cfg);
    cfg.hs_reasm_max = 4096;
    struct tls_ctx *ctx = tls_ctx_new(&cfg, NULL);
    void *a = NULL, *b = NULL;
    struct app_input in = {.dir = 1, .data = {s1.b, 100}}; /* part of a record */
    tls_parse(ctx, &a, &in);
    in.data.len = 3; /* a record header cut short */
    tls_parse(ctx, &b, &in);
    tls_state_free(ctx, b);
    /* a third flow mid-way through a message spanning records: its buffer is held */
    struct hsbuf *re = calloc(1, sizeof(*re));
    size_t rec = hb_record(re, 22, 0x0303);
    hb_bytes(re, s1.b + TLS_RECORD_HDR, 20);
    hb_close(re, rec, 2);
    void *c = NULL;
    in.data.p = re->b;
    in.data.len = re->n;
    assert_int_equal(tls_parse(ctx, &c, &in).status, APP_STATUS_OK);
    assert_int_equal(((struct tls_state *)c)->dir[1].hs_len, 20);
    assert_int_equal(tls_ctx_stats(ctx)->states, 2);
    tls_ctx_free(ctx);
    free(re);
}

/* What on_server saw of the chain (tls.certs spans live only during the call). */
struct chain_seen {
    unsigned calls;
    uint32_t chain_len;
    uint16_t nchain;
    size_t len2;    /* length of the third certificate */
    uint8_t first2; /* its first byte */
};

static void on_server_chain(void *arg, const struct app_input *in, const struct tls_state *s)
{
    struct chain_seen *cs = arg;
    (void)in;
    if (!(s->flags & TLS_F_CERT))
        return;
    cs->calls++;
    cs->chain_len = s->chain_len;
    cs->nchain = s->nchain;
    if (s->nchain > 2) {
        cs->len2 = s->chain[2].len;
        cs->first2 = s->chain[2].p[0];
    }
}

/*
 * A Certificate message with three certificates (the test certificate, itself again, and
 * a 5-byte blob): tls.cert_chain_len is 3, tls.certs sees each as it came, only while the
 * message is parsed.
 */
static void cert_chain(void **unused)
{
    (void)unused;
    struct tls_config cfg;
    tls_config_defaults(&cfg);
    struct chain_seen cs = {0};
    struct tls_hooks hooks = {.on_server = on_server_chain, .arg = &cs};
    struct tls_ctx *ctx = tls_ctx_new(&cfg, &hooks);
    assert_non_null(ctx);
    struct hsbuf *c = calloc(1, sizeof(*c)), *s = calloc(1, sizeof(*s));
    hb_client_hello(c, "www.example.com");
    size_t rec = hb_record(s, 22, 0x0303);
    hb_server_hello_msg(s, 0x33, false);
    hb_u8(s, 11);
    size_t msg = hb_open(s, 3);
    size_t list = hb_open(s, 3);
    for (int i = 0; i < 2; i++) {
        size_t one = hb_open(s, 3);
        hb_bytes(s, test_cert_der, sizeof(test_cert_der));
        hb_close(s, one, 3);
    }
    size_t one = hb_open(s, 3);
    hb_bytes(s, "\x30\x03\x02\x01\x07", 5); /* not a certificate: still counted, kept */
    hb_close(s, one, 3);
    hb_close(s, list, 3);
    hb_close(s, msg, 3);
    hb_close(s, rec, 2);
    void *state = NULL;
    struct app_input in = {.dir = 0, .data = {c->b, c->n}};
    assert_int_equal(tls_parse(ctx, &state, &in).status, APP_STATUS_OK);
    in = (struct app_input){.dir = 1, .data = {s->b, s->n}};
    assert_int_equal(tls_parse(ctx, &state, &in).status, APP_STATUS_OK);
    assert_int_equal(cs.calls, 1);
    assert_int_equal(cs.chain_len, 3);
    assert_int_equal(cs.nchain, 3);
    assert_int_equal(cs.len2, 5);
    assert_int_equal(cs.first2, 0x30);
    const struct tls_state *st = state;
    assert_int_equal(st->chain_len, 3); /* kept for tls.cert_chain_len */
    assert_int_equal(st->nchain, 0);    /* the spans are gone with the message */
    tls_state_free(ctx, state);
    tls_ctx_free(ctx);
    free(c);
    free(s);
}

/*
 * Client authentication: after a CertificateRequest the record waits for the client's
 * certificate (Suricata's record then holds the client object), which is decoded on its own.
 */
static void client_cert(void **unused)
{
    (void)unused;
    struct hsbuf *ca1 = calloc(1, sizeof(*ca1)), *sa1 = calloc(1, sizeof(*sa1));
    struct hsbuf *ca2 = calloc(1, sizeof(*ca2));
    hb_tls12_client_auth(ca1, sa1, ca2);
    hx_init(NULL);
    assert_int_equal(hx_feed(0, ca1->b, ca1->n, 0), APP_STATUS_OK);
    assert_int_equal(hx_feed(1, sa1->b, sa1->n, 0), APP_STATUS_OK);
    assert_true(st()->flags & TLS_F_CERT_REQUEST);
    assert_int_equal(hx.seen.nlog, 0); /* ServerHelloDone, but a certificate was asked for */
    assert_int_equal(hx_feed(0, ca2->b, ca2->n, 0), APP_STATUS_OK);
    assert_int_equal(hx.seen.nlog, 1);
    assert_int_equal(hx.seen.log_dir, 0);
    assert_true(st()->flags & TLS_F_CLIENT_CERT);
    assert_non_null(st()->client_cert);
    assert_string_equal(st()->client_cert->subject, "C=VN, O=Khien Test, CN=test.khien.example");
    assert_string_equal(st()->cert.serial, "00:A1:B2:C3:D4");
    assert_int_equal(st()->chain_len, 1); /* the server's chain: the client's is not counted */
    assert_int_equal(hx.seen.nev, 0);
    hx_fini(); /* frees the client certificate block (ASan checks) */
    free(ca1);
    free(sa1);
    free(ca2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tls12_whole),
        cmocka_unit_test(tls12_every_split),
        cmocka_unit_test(tls12_byte_by_byte),
        cmocka_unit_test(tls12_messages_across_records),
        cmocka_unit_test(reasm_cap),
        cmocka_unit_test(tls13),
        cmocka_unit_test(hello_retry),
        cmocka_unit_test(resumed),
        cmocka_unit_test(bad_record_headers),
        cmocka_unit_test(bad_client_hellos),
        cmocka_unit_test(sni_events),
        cmocka_unit_test(client_hello_truncations),
        cmocka_unit_test(heartbeat_and_records_per_call),
        cmocka_unit_test(gap_resync),
        cmocka_unit_test(sslv2_hello),
        cmocka_unit_test(probe),
        cmocka_unit_test(state_cap),
        cmocka_unit_test(version_names),
        cmocka_unit_test(cert_garbage),
        cmocka_unit_test(cert_san),
        cmocka_unit_test(cert_chain),
        cmocka_unit_test(client_cert),
        cmocka_unit_test(cert_caps),
        cmocka_unit_test(config_load),
        cmocka_unit_test(ctx_free_with_live_states),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
