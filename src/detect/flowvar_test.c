/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the entropy keyword and pcre captures into flowvars and pktvars. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "app/app.h"
#include "detect/detect.h"
#include "detect/flowvar.h"
#include "detect/match.h"
#include "flow/flow.h"
#include "detect/test_fx.h"

#define B(n) (1ull << (n))

/* An HTTP flow to port 80. */
static void http_fx(struct fxf *x, const char *rules)
{
    fxf_init(x, rules, APP_PROTO_HTTP, 80);
}

/* The sids alerting on a new transaction whose http.uri is uri. */
static uint64_t uri_tx(struct fxf *x, const char *uri)
{
    static uint64_t next_tx;
    const struct detect_alert *al;
    struct detect_tx_input in = {.app_proto = APP_PROTO_HTTP, .tx_id = next_tx++, .body_dir = -1};
    in.buf[DETECT_TXB_URI] = (struct span){(const uint8_t *)uri, strlen(uri)};
    in.have = DETECT_TXB_BIT(DETECT_TXB_URI);
    size_t n = detect_tx(x->dt, &x->p, &in, &al);
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++)
        m |= B(al[i].s->sid);
    return m;
}

/* The variable of kind and name the flow has (for packet p), or NULL. */
static const struct detect_var *var_of(struct fxf *x, const struct packet *p, unsigned kind,
                                       const char *name, struct detect_var *all, size_t *n)
{
    *n = detect_flow_vars(&x->f, p, all, 32);
    for (size_t i = 0; i < *n; i++)
        if (all[i].kind == kind && strcmp(all[i].name, name) == 0)
            return &all[i];
    return NULL;
}

static bool loads(const char *rule)
{
    char err[512];
    struct detect_load_opts o = {.text = rule, .text_name = "t.rules", .init_errors_fatal = true};
    struct detect_rules *r = detect_rules_load(&o, err, sizeof(err));
    detect_rules_free(r);
    return r != NULL;
}

/* Shannon entropy in bits per byte: none and one symbol 0, uniform symbols log2(count). */
static void test_entropy_arithmetic(void **state)
{
    (void)state;
    uint8_t all[256];
    for (unsigned i = 0; i < 256; i++)
        all[i] = (uint8_t)i;
    assert_true(detect_entropy(NULL, 0) == 0.0);
    assert_true(detect_entropy((const uint8_t *)"aaaa", 4) == 0.0);
    assert_true(detect_entropy((const uint8_t *)"ab", 2) == 1.0);
    assert_true(detect_entropy((const uint8_t *)"abcd", 4) == 2.0);
    assert_true(detect_entropy(all, sizeof(all)) == 8.0);
    /* 2/3 and 1/3: -(2/3 log2 2/3 + 1/3 log2 1/3) = 0.918295834... */
    assert_true(fabs(detect_entropy((const uint8_t *)"aab", 3) - 0.9182958340544896) < 1e-15);
    /* order does not matter, only the counts */
    assert_true(detect_entropy((const uint8_t *)"aba", 3) ==
                detect_entropy((const uint8_t *)"aab", 3));
}

/* The keyword's forms: options in any order, the operators, ranges; bad ones fail to load. */
static void test_entropy_parse(void **state)
{
    (void)state;
    static const char *const good[] = {
        "value 4",
        "value >4",
        "value >= 4.5",
        "value <=1",
        "value != 0",
        "value 4-5",
        "value !4-5",
        "bytes 10, offset 2, value <8",
        "offset 2, value 1, bytes 3",
        "<7.01",
        "value = 8",
        "value 0",
    };
    static const char *const bad[] = {
        "",
        "bytes 4",
        "value",
        "value 9",
        "value -1",
        "value >x",
        "value 5-4",
        "value 1, value 2",
        "bytes -1, value 1",
        "offset x, value 1",
        "value 1.2.3",
        "bytes 4, bytes 5, value 1",
        "value 4,",
    };
    char rule[256];
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        snprintf(rule, sizeof(rule),
                 "alert http any any -> any any (http.uri; entropy: %s; sid:1;)\n", good[i]);
        if (!loads(rule))
            fail_msg("should load: %s", good[i]);
    }
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(rule, sizeof(rule),
                 "alert http any any -> any any (http.uri; entropy: %s; sid:1;)\n", bad[i]);
        if (loads(rule))
            fail_msg("should not load: %s", bad[i]);
    }
}

/* Matching on a sticky buffer: operators, ranges (exclusive), offset and bytes, and the
 * value kept on the flow under the buffer's name whether or not the rule matched. */
static void test_entropy_match(void **state)
{
    (void)state;
    struct fxf x;
    http_fx(&x, "alert http any any -> any any (http.uri; entropy: value 2; sid:1;)\n"
                "alert http any any -> any any (http.uri; entropy: value >2; sid:2;)\n"
                "alert http any any -> any any (http.uri; entropy: value 1-3; sid:3;)\n"
                "alert http any any -> any any (http.uri; entropy: value !1-3; sid:4;)\n"
                "alert http any any -> any any (http.uri; entropy: value 2-3; sid:5;)\n"
                "alert http any any -> any any (http.uri; entropy: offset 2, value 1; sid:6;)\n"
                "alert http any any -> any any (http.uri; entropy: bytes 1, value 0; sid:7;)\n"
                "alert http any any -> any any (http.uri; entropy: offset 4, value <8; sid:8;)\n"
                "alert http any any -> any any (http.uri; content:\"b\"; entropy: value 2; "
                "sid:9;)\n"
                "alert http any any -> any any (http.uri; content:\"z\"; entropy: value 2; "
                "sid:10;)\n");
    assert_int_equal(uri_tx(&x, "abcd"), B(1) | B(3) | B(6) | B(7) | B(9));
    assert_int_equal(uri_tx(&x, ""), 0); /* nothing to measure */
    fxf_fini(&x);
    /* a rule that does not match still leaves its value on the flow */
    http_fx(&x, "alert http any any -> any any (http.uri; entropy: value >7; sid:1;)\n");
    assert_int_equal(uri_tx(&x, "abcd"), 0);
    struct detect_var all[32];
    size_t n;
    const struct detect_var *v = var_of(&x, NULL, DETECT_FVAR_ENTROPY, "http_uri", all, &n);
    assert_non_null(v);
    assert_true(v->num == 2.0);
    assert_int_equal(uri_tx(&x, "aabb"), 0);
    v = var_of(&x, NULL, DETECT_FVAR_ENTROPY, "http_uri", all, &n);
    assert_int_equal(n, 1); /* one value per buffer: the latest */
    assert_true(v->num == 1.0);
    fxf_fini(&x);
}

/* The packet payload, and a buffer shorter than the offset, and an empty one. */
static void test_entropy_payload(void **state)
{
    (void)state;
    struct fxf x;
    http_fx(&x, "alert tcp any any -> any any (entropy: value 1; sid:1;)\n"
                "alert tcp any any -> any any (entropy: offset 8, value 0; sid:2;)\n");
    const struct detect_alert *al;
    x.p.payload = (struct span){(const uint8_t *)"abab", 4};
    size_t n = detect_packet(x.dt, &x.p, (struct span){NULL, 0}, 0, &al);
    assert_int_equal(n, 1);
    assert_int_equal(al[0].s->sid, 1);
    struct detect_var all[32];
    size_t nv;
    const struct detect_var *v = var_of(&x, NULL, DETECT_FVAR_ENTROPY, "content", all, &nv);
    assert_non_null(v);
    assert_true(v->num == 1.0);
    fxf_fini(&x);
}

/* pcre captures: list form and named groups; kept only when the signature matched. */
static void test_pcre_vars(void **state)
{
    (void)state;
    struct fxf x;
    http_fx(&x, "alert http any any -> any any (http.uri; pcre:\"/^\\/([a-z]+)\\/(\\d+)/, "
                "flow:dir,pkt:num\"; sid:1;)\n"
                "alert http any any -> any any (http.uri; "
                "pcre:\"/user=(?P<flow_user>[a-z]+)&id=(?P<pkt_id>\\d+)/\"; content:\"end\"; "
                "distance:0; sid:2;)\n");
    assert_int_equal(uri_tx(&x, "/docs/42"), B(1));
    struct detect_var all[32];
    size_t n;
    const struct detect_var *v = var_of(&x, &x.p, DETECT_FVAR_FLOW, "dir", all, &n);
    assert_non_null(v);
    assert_int_equal(v->len, 4);
    assert_memory_equal(v->value, "docs", 4);
    v = var_of(&x, &x.p, DETECT_FVAR_PKT, "num", all, &n);
    assert_non_null(v);
    assert_memory_equal(v->value, "42", 2);
    /* pktvars go with their packet only */
    x.p.pcap_cnt = 2;
    assert_null(var_of(&x, &x.p, DETECT_FVAR_PKT, "num", all, &n));
    /* sid 2's pcre matches but its content does not: nothing kept */
    assert_int_equal(uri_tx(&x, "/x?user=bob&id=7"), 0);
    assert_null(var_of(&x, &x.p, DETECT_FVAR_FLOW, "user", all, &n));
    /* it matches now: the named groups are kept, and a flowvar of the same name replaced */
    assert_int_equal(uri_tx(&x, "/x?user=eve&id=8end"), B(2));
    v = var_of(&x, &x.p, DETECT_FVAR_FLOW, "user", all, &n);
    assert_non_null(v);
    assert_memory_equal(v->value, "eve", 3);
    assert_non_null(var_of(&x, &x.p, DETECT_FVAR_PKT, "id", all, &n));
    assert_int_equal(uri_tx(&x, "/a/1"), B(1));
    v = var_of(&x, &x.p, DETECT_FVAR_FLOW, "dir", all, &n);
    assert_memory_equal(v->value, "a", 1);
    size_t flowvars = 0;
    for (size_t i = 0; i < n; i++)
        flowvars += all[i].kind == DETECT_FVAR_FLOW;
    assert_int_equal(flowvars, 2); /* dir and user, once each */
    fxf_fini(&x);
}

/* "pkt:key,pkt:value": one pktvar named by the first group; a hostile name is made safe
 * for a JSON key. "flow:key,flow:value" are plain names. */
static void test_pcre_key_value(void **state)
{
    (void)state;
    struct fxf x;
    http_fx(&x, "alert http any any -> any any (http.uri; pcre:\"/^\\/(.+)=(.*)$/, "
                "pkt:key,pkt:value\"; sid:1;)\n");
    assert_int_equal(uri_tx(&x, "/Color=blue"), B(1));
    struct detect_var all[32];
    size_t n;
    const struct detect_var *v = var_of(&x, &x.p, DETECT_FVAR_PKT, "Color", all, &n);
    assert_non_null(v);
    assert_int_equal(v->len, 4);
    assert_memory_equal(v->value, "blue", 4);
    assert_null(var_of(&x, &x.p, DETECT_FVAR_PKT, "key", all, &n));
    x.p.pcap_cnt = 2;
    assert_int_equal(uri_tx(&x, "/a\"b\\c\x01\xc3=1"), B(1));
    assert_non_null(var_of(&x, &x.p, DETECT_FVAR_PKT, "a_b_c__", all, &n));
    fxf_fini(&x);
    /* names from the rule are checked at load: no quote, backslash or non-ASCII byte */
    assert_false(loads("alert http any any -> any any (http.uri; pcre:\"/(a)/, flow:\xc3\xa9\"; "
                       "sid:1;)\n"));
    assert_true(loads("alert http any any -> any any (http.uri; pcre:\"/(a)/, "
                      "flow:ua/ubuntu/repo\"; sid:1;)\n"));
}

/* A value past DETECT_FVAR_VALUE is cut (counted); past DETECT_FVAR_MAX names none is kept. */
static void test_pcre_caps(void **state)
{
    (void)state;
    struct fxf x;
    http_fx(&x, "alert http any any -> any any (http.uri; pcre:\"/^(.*)$/, flow:all\"; sid:1;)\n");
    char big[DETECT_FVAR_VALUE + 50];
    memset(big, 'q', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    assert_int_equal(uri_tx(&x, big), B(1));
    struct detect_var all[32];
    size_t n;
    const struct detect_var *v = var_of(&x, &x.p, DETECT_FVAR_FLOW, "all", all, &n);
    assert_non_null(v);
    assert_int_equal(v->len, DETECT_FVAR_VALUE);
    assert_int_equal(detect_thread_stats(x.dt)->flowvar_cut, 1);
    fxf_fini(&x);
    /* more capture names than KW_PCRE_CAP_MAX, or a bad scope: the rule does not load */
    assert_false(
        loads("alert http any any -> any any (http.uri; pcre:\"/(a)/, foo:x\"; sid:1;)\n"));
    assert_false(
        loads("alert http any any -> any any (http.uri; pcre:\"/(a)/, flow:\"; sid:1;)\n"));
    assert_false(loads("alert http any any -> any any (http.uri; pcre:\"/(a)/, flow:a,flow:b,"
                       "flow:c,flow:d,flow:e,flow:f,flow:g,flow:h,flow:i\"; sid:1;)\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entropy_arithmetic), cmocka_unit_test(test_entropy_parse),
        cmocka_unit_test(test_entropy_match),      cmocka_unit_test(test_entropy_payload),
        cmocka_unit_test(test_pcre_vars),          cmocka_unit_test(test_pcre_key_value),
        cmocka_unit_test(test_pcre_caps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
