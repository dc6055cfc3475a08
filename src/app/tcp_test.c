/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the TCP dispatcher: detection, buffering across chunks, gaps, caps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/stats.h"
#include "flow/flow.h"
#include "tcp.h"

/*
 * A line protocol for the tests: a direction starts with "HELO"; each '\n'-terminated line
 * is recorded; a line "ERR" is a parse error.
 */
struct lines {
    char got[16][32];
    int n;
    int gaps;
    int eofs;
    int frees;
    uint32_t gap_len; /* bytes lost, summed over gap notices */
};

static enum app_probe probe(const uint8_t *data, size_t len, int dir)
{
    (void)dir;
    size_t n = len < 4 ? len : 4;
    if (memcmp(data, "HELO", n) != 0)
        return APP_PROBE_NO;
    return len < 4 ? APP_PROBE_MORE : APP_PROBE_YES;
}

static struct app_result parse(void *pctx, void **state, const struct app_input *in)
{
    struct lines *l = pctx;
    *state = l;
    if (in->flags & APP_INPUT_GAP) {
        l->gaps++;
        l->gap_len += in->gap_len;
    }
    if (in->flags & APP_INPUT_EOF)
        l->eofs++;
    size_t off = 0;
    for (;;) {
        const uint8_t *nl = memchr(in->data.p + off, '\n', in->data.len - off);
        if (nl == NULL)
            break;
        size_t len = (size_t)(nl - (in->data.p + off));
        if (len == 3 && memcmp(in->data.p + off, "ERR", 3) == 0)
            return (struct app_result){APP_STATUS_ERROR, (uint32_t)off, 0};
        if (len == 6 && memcmp(in->data.p + off, "SWITCH", 6) == 0) /* a tunnel follows */
            return (struct app_result){APP_STATUS_PROTO_CHANGE, (uint32_t)(off + 7), 0};
        if (l->n < 16) {
            memcpy(l->got[l->n], in->data.p + off, len < 31 ? len : 31);
            l->got[l->n][len < 31 ? len : 31] = '\0';
            l->n++;
        }
        off += len + 1;
    }
    if (off == in->data.len)
        return (struct app_result){APP_STATUS_OK, (uint32_t)off, 0};
    return (struct app_result){APP_STATUS_INCOMPLETE, (uint32_t)off,
                               (uint32_t)(in->data.len - off + 1)};
}

static void state_free(void *pctx, void *state)
{
    (void)state;
    ((struct lines *)pctx)->frees++;
}

static struct app_tcp *setup(struct lines *l, uint32_t max_states, bool hinted_only)
{
    memset(l, 0, sizeof(*l));
    struct app_tcp *t = app_tcp_new(max_states);
    struct app_tcp_proto pr = {.id = APP_PROTO_TLS,
                               .ports = {7777},
                               .probe = probe,
                               .parse = parse,
                               .state_free = state_free,
                               .pctx = l,
                               .hinted_only = hinted_only};
    assert_int_equal(app_tcp_register(t, &pr), 0);
    return t;
}

static void feed(struct app_tcp *t, struct flow *f, int dir, const char *s)
{
    app_tcp_data(t, NULL, f, dir, (const uint8_t *)s, strlen(s), 0);
}

static void test_detect_and_split_lines(void **state)
{
    (void)state;
    struct lines l;
    struct app_tcp *t = setup(&l, 8, false);
    struct flow f = {.dp = 80};
    feed(t, &f, 0, "HE"); /* probe: more */
    assert_int_equal(f.app_proto, APP_PROTO_UNKNOWN);
    feed(t, &f, 0, "LO x\nsec"); /* probe: yes; "sec" waits */
    assert_int_equal(f.app_proto, APP_PROTO_TLS);
    feed(t, &f, 0, "ond\nthi");
    feed(t, &f, 0, "rd\n");
    assert_int_equal(l.n, 3);
    assert_string_equal(l.got[0], "HELO x");
    assert_string_equal(l.got[1], "second");
    assert_string_equal(l.got[2], "third");
    assert_int_equal(app_tcp_stats(t)->flows[APP_PROTO_TLS], 1);
    app_tcp_flow_end(t, &f);
    assert_int_equal(l.frees, 1);
    assert_null(f.app_state);
    app_tcp_free(t);
}

static void test_other_direction_waits(void **state)
{
    (void)state;
    struct lines l;
    struct app_tcp *t = setup(&l, 8, false);
    struct flow f = {.dp = 80};
    feed(t, &f, 1, "HEL");      /* server side first: not known yet, kept */
    feed(t, &f, 0, "HELO c\n"); /* client side detects */
    feed(t, &f, 1, "O s\n");
    assert_int_equal(l.n, 2);
    assert_string_equal(l.got[0], "HELO c");
    assert_string_equal(l.got[1], "HELO s");
    app_tcp_flow_end(t, &f);
    app_tcp_free(t);
}

/*
 * A parser's protocol change (HTTP CONNECT answered 2xx): its state is freed, the flow
 * keeps the old protocol as app_proto_orig, and detection runs again on the bytes after
 * the change and on what the other direction holds; a second change stops parsing.
 */
static void test_protocol_change(void **state)
{
    (void)state;
    struct lines l;
    struct app_tcp *t = setup(&l, 8, false);
    struct flow f = {.dp = 80};
    feed(t, &f, 0, "HELO c\n");
    feed(t, &f, 1, "HELO s\nSWITCH\nHELO tunnel\n");
    assert_int_equal(l.frees, 1); /* the first parser state is gone */
    assert_int_equal(f.app_proto_orig, APP_PROTO_TLS);
    assert_int_equal(f.app_proto, APP_PROTO_TLS); /* found again in the tunnel */
    assert_int_equal(l.n, 3);
    assert_string_equal(l.got[2], "HELO tunnel");
    feed(t, &f, 0, "HELO c2\n");
    assert_int_equal(l.n, 4);
    feed(t, &f, 0, "SWITCH\nHELO again\n"); /* a second change: no more parsing */
    assert_int_equal(l.frees, 2);
    assert_int_equal(l.n, 4);
    feed(t, &f, 1, "HELO more\n");
    assert_int_equal(l.n, 4);
    app_tcp_flow_end(t, &f);
    app_tcp_free(t);

    /* Bytes after the change that match nothing: the flow fails, the origin stays. */
    t = setup(&l, 8, false);
    struct flow g = {.dp = 80};
    feed(t, &g, 0, "HELO c\nSWITCH\n\x16\x03 not lines");
    feed(t, &g, 1, "neither\n");
    assert_int_equal(g.app_proto, APP_PROTO_FAILED);
    assert_int_equal(g.app_proto_orig, APP_PROTO_TLS);
    app_tcp_flow_end(t, &g);
    app_tcp_free(t);
}

/* A gap notice tells the parser how many bytes were lost. */
static void test_gap_length(void **state)
{
    (void)state;
    struct lines l;
    struct app_tcp *t = setup(&l, 8, false);
    struct flow f = {.dp = 80};
    feed(t, &f, 0, "HELO c\n");
    app_tcp_data(t, NULL, &f, 0, NULL, 1234, APP_INPUT_GAP);
    assert_int_equal(l.gaps, 1);
    assert_int_equal(l.gap_len, 1234);
    app_tcp_flow_end(t, &f);
    app_tcp_free(t);
}

static void test_no_match_fails_flow(void **state)
{
    (void)state;
    struct lines l;
    struct app_tcp *t = setup(&l, 8, false);
    struct flow f = {.dp = 80};
    feed(t, &f, 0, "GET / HTTP/1.0\r\n");
    assert_int_equal(f.app_proto, APP_PROTO_UNKNOWN); /* one direction only */
    feed(t, &f, 1, "SSH-2.0-x\r\n");
    assert_int_equal(f.app_proto, APP_PROTO_FAILED);
    feed(t, &f, 0, "HELO late\n"); /* ignored once failed */
    assert_int_equal(l.n, 0);
    app_tcp_flow_end(t, &f);
    assert_int_equal(l.frees, 0); /* no parser state was made */
    app_tcp_free(t);
}

static void test_gap_and_error(void **state)
{
    (void)state;
    struct lines l;
    struct app_tcp *t = setup(&l, 8, false);
    struct flow f = {.dp = 80};
    feed(t, &f, 0, "HELO\npart");
    app_tcp_data(t, NULL, &f, 0, NULL, 100, APP_INPUT_GAP); /* "part" cannot be finished */
    feed(t, &f, 0, "ial\nERR\nafter\n");
    assert_int_equal(l.gaps, 1);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.got[1], "ial");
    assert_int_equal(app_tcp_stats(t)->parse_errors, 1);
    /* EVE stats: app_layer.error.tls.parser (the test protocol is registered as TLS) */
    struct stats_value v[16];
    size_t n = app_tcp_stats_collect(t, v, 16);
    uint64_t parser = 0, alloc = 1;
    bool seen = false;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i].name, "app_layer.error.tls.parser") == 0) {
            parser = v[i].value;
            seen = true;
        }
        if (strcmp(v[i].name, "app_layer.error.tls.alloc") == 0)
            alloc = v[i].value;
    }
    assert_true(seen);
    assert_int_equal(parser, 1);
    assert_int_equal(alloc, 0);
    assert_int_equal(app_tcp_stats_collect(t, v, 2), 0); /* no room for a protocol's three */
    feed(t, &f, 0, "more\n");                            /* the direction is stopped */
    assert_int_equal(l.n, 2);
    app_tcp_flow_end(t, &f);
    app_tcp_free(t);
}

static void test_buffer_cap(void **state)
{
    (void)state;
    struct lines l;
    struct app_tcp *t = setup(&l, 8, false);
    struct flow f = {.dp = 80};
    static char chunk[64 * 1024];
    memset(chunk, 'x', sizeof(chunk));
    feed(t, &f, 0, "HELO\n");
    for (int i = 0; i < 5; i++) /* 320 KiB without a line end: over APP_TCP_BUF_MAX */
        app_tcp_data(t, NULL, &f, 0, (const uint8_t *)chunk, sizeof(chunk), 0);
    assert_int_equal(app_tcp_stats(t)->buf_overflow, 1);
    assert_int_equal(app_tcp_stats(t)->err_alloc[APP_PROTO_TLS], 1);
    app_tcp_flow_end(t, &f);
    app_tcp_free(t);
}

static void test_state_cap_and_hints(void **state)
{
    (void)state;
    struct lines l;
    struct app_tcp *t = setup(&l, 1, true);
    struct flow a = {.dp = 7777}, b = {.dp = 7777}, c = {.dp = 80};
    feed(t, &a, 0, "HELO a\n");
    feed(t, &b, 0, "HELO b\n"); /* over max_states */
    assert_int_equal(b.app_proto, APP_PROTO_FAILED);
    assert_int_equal(app_tcp_stats(t)->state_memcap, 1);
    app_tcp_flow_end(t, &a);
    feed(t, &c, 0, "HELO c\n"); /* not on a hinted port: never probed */
    feed(t, &c, 1, "HELO c\n");
    assert_int_equal(c.app_proto, APP_PROTO_FAILED);
    assert_int_equal(l.n, 1);
    app_tcp_flow_end(t, &b);
    app_tcp_flow_end(t, &c);
    app_tcp_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect_and_split_lines),
        cmocka_unit_test(test_other_direction_waits),
        cmocka_unit_test(test_no_match_fails_flow),
        cmocka_unit_test(test_protocol_change),
        cmocka_unit_test(test_gap_length),
        cmocka_unit_test(test_gap_and_error),
        cmocka_unit_test(test_buffer_cap),
        cmocka_unit_test(test_state_cap_and_hints),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
