/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the TLS certificate keywords (tls_cert_notbefore/notafter/expired/valid,
 * tls.cert_chain_len) and the multi-buffers tls.subjectaltname, tls.certs and tls.alpn, on
 * crafted transactions; the date parser of kw_tls.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "app/app.h"
#include "detect/detect.h"
#include "detect/match.h"
#include "detect/rules/kw_tls.h"
#include "flow/flow.h"
#include "detect/test_fx.h"

#define B(n) (1ull << (n))

/* A TLS flow to port 443, at ts_sec (certificate dates are read against it). */
static void tls_fx(struct fxf *x, const char *rules, uint64_t ts_sec)
{
    fxf_init(x, rules, APP_PROTO_TLS, 443);
    x->p.ts_usec = ts_sec * 1000000;
}

static void put(struct detect_tx_input *in, enum detect_txb b, const char *s)
{
    in->buf[b] = (struct span){(const uint8_t *)s, strlen(s)};
    in->have |= DETECT_TXB_BIT(b);
}

/* The sids alerting on a new transaction (a fresh tx_id each call) with in's buffers. */
static uint64_t run_tx(struct fxf *x, struct detect_tx_input *in)
{
    static uint64_t next_tx;
    const struct detect_alert *al;
    in->tx_id = next_tx++;
    in->body_dir = -1;
    size_t n = detect_tx(x->dt, &x->p, in, &al);
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++)
        m |= B(al[i].s->sid);
    return m;
}

static int64_t date(const char *s)
{
    int64_t v = 0;
    if (!kw_tls_date_parse(s, &v))
        fail_msg("date %s", s);
    return v;
}

/* Every form Suricata's tls_cert_notbefore takes; garbage is refused. */
static void test_date_parse(void **state)
{
    (void)state;
    assert_int_equal(date("1970"), 0);
    assert_int_equal(date("2015"), 1420070400);
    assert_int_equal(date("2015-10"), 1443657600);
    assert_int_equal(date("2015-10-22"), 1445472000);
    assert_int_equal(date("2015-10-22 01:02"), 1445472000 + 3600 + 120);
    assert_int_equal(date("2015-10-22T01:02:03"), 1445472000 + 3600 + 123);
    assert_int_equal(date("1445472000"), 1445472000);
    assert_int_equal(date("1969-12-31"), -86400); /* before 1970 (tls-pre-1970) */
    int64_t v;
    assert_false(kw_tls_date_parse("", &v));
    assert_false(kw_tls_date_parse("15", &v));
    assert_false(kw_tls_date_parse("2015-13", &v));
    assert_false(kw_tls_date_parse("2015-10-22 25:00", &v));
    assert_false(kw_tls_date_parse("2015-10-22x", &v));
    assert_false(kw_tls_date_parse("2015-10-22 01", &v));
}

/* Bad values fail the rule with the keyword named. */
static void test_date_rule_errors(void **state)
{
    (void)state;
    char err[512];
    struct detect_load_opts o = {
        .text = "alert tls any any -> any any (tls_cert_notafter:>yesterday; sid:1;)\n"
                "alert tls any any -> any any (tls_cert_notbefore:2010<>2001; sid:2;)\n"
                "alert tls any any -> any any (tls.cert_chain_len:x; sid:3;)\n",
        .text_name = "t.rules"};
    struct detect_rules *r = detect_rules_load(&o, err, sizeof(err));
    assert_non_null(r);
    assert_int_equal(r->nsigs, 0);
    char *out = NULL;
    size_t outlen = 0;
    FILE *f = open_memstream(&out, &outlen);
    detect_rules_print(r, f);
    fclose(f);
    assert_non_null(strstr(out, "tls_cert_notafter: invalid date '>yesterday'"));
    assert_non_null(strstr(out, "tls_cert_notbefore: invalid date"));
    assert_non_null(strstr(out, "tls.cert_chain_len"));
    free(out);
    detect_rules_free(r);
}

/* Dates and chain length on the certificate; nothing matches before a certificate. */
static void test_validity(void **state)
{
    (void)state;
    const char *rules =
        "alert tls any any -> any any (tls_cert_notbefore:1998-05-01<>2008-05-01; sid:1;)\n"
        "alert tls any any -> any any (tls_cert_notafter:>2015; sid:2;)\n"
        "alert tls any any -> any any (tls_cert_notafter:<2015-10-22; sid:3;)\n"
        "alert tls any any -> any any (tls_cert_expired; sid:4;)\n"
        "alert tls any any -> any any (tls_cert_valid; sid:5;)\n"
        "alert tls any any -> any any (tls.cert_chain_len:2; sid:6;)\n"
        "alert tls any any -> any any (tls.cert_chain_len:>2; sid:7;)\n"
        "alert tls any any -> any any (tls.cert_chain_len:!2; sid:8;)\n"
        "alert tls any any -> any any (tls.cert_expired; tls.cert_notbefore:<1970; sid:9;)\n";
    struct fxf x;
    tls_fx(&x, rules, 1600000000); /* 2020-09-13 */
    struct detect_tx_input in = {.app_proto = APP_PROTO_TLS};
    put(&in, DETECT_TXB_TLS_SNI, "a.example");
    assert_int_equal(run_tx(&x, &in), 0); /* the ClientHello: no certificate yet */
    in.tls = (struct detect_tls_cert){.not_before = date("2000-01-01"),
                                      .not_after = date("2019-01-01"),
                                      .has_dates = true,
                                      .chain_len = 2};
    in.have |= DETECT_TXB_BIT(DETECT_TXB_TLS_CERT_INFO);
    assert_int_equal(run_tx(&x, &in), B(1) | B(2) | B(4) | B(6));
    in.tls = (struct detect_tls_cert){.not_before = date("1950-01-01"),
                                      .not_after = date("2030-01-01"),
                                      .has_dates = true,
                                      .chain_len = 3};
    assert_int_equal(run_tx(&x, &in), B(2) | B(5) | B(7) | B(8));
    in.tls.not_after = date("2010-06-01");
    assert_int_equal(run_tx(&x, &in), B(3) | B(4) | B(7) | B(8) | B(9));
    in.tls.has_dates = false; /* dates unreadable: the chain still counts */
    assert_int_equal(run_tx(&x, &in), B(7) | B(8));
    fxf_fini(&x);
}

/*
 * One inspection per position (the engine's loop): a rule over a multi-buffer matches when
 * the value at some position does; tls.alpn with tls.subjectaltname when one of each does.
 */
static void test_multi_buffers(void **state)
{
    (void)state;
    const char *rules =
        "alert tls any any -> any any (tls.subjectaltname; content:\"mail.example\"; "
        "endswith; sid:1;)\n"
        "alert tls any any -> any any (tls.certs; content:\"|06 09 2a 86|\"; sid:2;)\n"
        "alert tls any any -> any any (tls.alpn; content:\"h2\"; bsize:2; sid:3;)\n"
        "alert tls any any -> any any (tls.subjectaltname; content:\"www.\"; startswith; "
        "tls.alpn; content:\"http/1.1\"; sid:4;)\n";
    struct fxf x;
    tls_fx(&x, rules, 1600000000);
    struct detect_tx_input in = {.app_proto = APP_PROTO_TLS, .tx_id = 7, .body_dir = -1};
    const struct detect_alert *al;
    uint64_t seen = 0;
    static const char *const sans[] = {"www.example", "mail.example"};
    static const char *const alpns[] = {"h2", "http/1.1"};
    static const char cert[] = "\x30\x82\x01\x00\x06\x09\x2a\x86\x48";
    for (unsigned i = 0; i < 2; i++) {
        for (unsigned j = 0; j < 2; j++) {
            in.have = 0;
            put(&in, DETECT_TXB_TLS_SAN, sans[i]);
            put(&in, DETECT_TXB_TLS_ALPN, alpns[j]);
            if (i == 1)
                in.buf[DETECT_TXB_TLS_CERTS] = (struct span){(const uint8_t *)cert, 9},
                in.have |= DETECT_TXB_BIT(DETECT_TXB_TLS_CERTS);
            size_t n = detect_tx(x.dt, &x.p, &in, &al);
            for (size_t k = 0; k < n; k++) {
                assert_false(seen & B(al[k].s->sid)); /* once per transaction */
                seen |= B(al[k].s->sid);
            }
        }
    }
    assert_int_equal(seen, B(1) | B(2) | B(3) | B(4));
    /* the wrong names only: nothing */
    in.tx_id = 8;
    in.have = 0;
    put(&in, DETECT_TXB_TLS_SAN, "mail.example.org");
    put(&in, DETECT_TXB_TLS_ALPN, "h2c");
    assert_int_equal(detect_tx(x.dt, &x.p, &in, &al), 0);
    fxf_fini(&x);
}

static const char *ev_name(unsigned ev)
{
    return ev == 6 ? "heartbeat_message" : ev == 10 ? "invalid_sni_length" : NULL;
}

/* app-layer-event:tls.* loads (TLS events reach detection) and matches the event bits. */
static void test_tls_events(void **state)
{
    (void)state;
    const char *rules =
        "alert tls any any -> any any (app-layer-event:tls.heartbeat_message; sid:1;)\n"
        "alert tls any any -> any any (app-layer-event:tls.invalid_sni_length; sid:2;)\n";
    struct fxf x;
    tls_fx(&x, rules, 1600000000);
    struct detect_tx_input in = {.app_proto = APP_PROTO_TLS};
    in.events = (struct detect_app_events){.proto = "tls", .bits = 1u << 6, .name = ev_name};
    in.have |= DETECT_TXB_BIT(DETECT_TXB_EVENTS);
    assert_int_equal(run_tx(&x, &in), B(1));
    in.events.proto = "dns"; /* the same bit of another protocol */
    assert_int_equal(run_tx(&x, &in), 0);
    fxf_fini(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_parse), cmocka_unit_test(test_date_rule_errors),
        cmocka_unit_test(test_validity),   cmocka_unit_test(test_multi_buffers),
        cmocka_unit_test(test_tls_events),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
