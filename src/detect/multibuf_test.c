/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for multi-buffers (http.request_header), absent, packet-alert-max, the
 * flow_start hook, filesize and the gunzip / zlib_deflate transforms. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include <zlib.h>

#include "app/app.h"
#include "detect/detect.h"
#include "detect/match.h"
#include "detect/test_fx.h"
#include "flow/flow.h"

#define B(n) (1ull << (n))

static uint64_t run_tx(struct fx *x, const struct packet *p, struct detect_tx_input *in)
{
    const struct detect_alert *al;
    size_t n = detect_tx(x->dt, p, in, &al);
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++)
        m |= 1ull << al[i].s->sid;
    return m;
}

/* A to-server HTTP packet of flow f. */
static void mk_pkt(struct packet *p, struct flow *f)
{
    memset(f, 0, sizeof(*f));
    f->app_proto = APP_PROTO_HTTP;
    memset(p, 0, sizeof(*p));
    p->ip_ver = 4;
    p->proto = 6;
    p->flags = PKT_HAS_L4 | PKT_WANTS_FLOW;
    p->flow = f;
}

#define S(lit) ((struct span){(const uint8_t *)(lit), sizeof(lit) - 1})

/*
 * A transaction's upload files as file.data and file.name multi-buffers (suricata-verify
 * file-match-crossed): each list of a rule may match another file, a repeated sticky
 * buffer starting a new list, but one list's keywords must hold in one file.
 */
static void test_file_instances(void **state)
{
    (void)state;
    const char *rules =
        "alert http any any -> any any (file.data; content:\"bateau\"; file.name; "
        "content:\"titi.txt\"; sid:1;)\n"
        "alert http any any -> any any (file.data; content:\"Titi\"; file.data; "
        "content:\"minet\"; sid:2;)\n"
        "alert http any any -> any any (file.data; content:\"bateau\"; file.data; "
        "content:\"minet\"; sid:3;)\n"
        /* one list: both in the same file, which no file has */
        "alert http any any -> any any (file.data; content:\"bateau\"; content:\"minet\"; "
        "sid:4;)\n"
        "alert http any any -> any any (file.data; content:\"dans\"; content:\"bateau\"; "
        "distance:1; sid:5;)\n"
        "alert http any any -> any any (file.name; content:\"toto\"; file.name; "
        "content:\".txt\"; endswith; sid:6;)\n";
    static const struct span data[] = {{(const uint8_t *)"toto est dans un bateau", 23},
                                       {(const uint8_t *)"Titi a vu un gros minet", 23}};
    static const struct span names[] = {{(const uint8_t *)"toto.txt", 8},
                                        {(const uint8_t *)"titi.txt", 8}};
    struct fx x;
    struct flow f;
    struct packet p;
    fx_init(&x, rules);
    mk_pkt(&p, &f);
    struct detect_tx_input in = {.app_proto = APP_PROTO_HTTP, .tx_id = 0, .body_dir = -1};
    in.buf[DETECT_TXB_FILE_DATA] = S("toto est dans un bateauTiti a vu un gros minet");
    in.buf[DETECT_TXB_FILE_NAME] = S("toto.txttiti.txt");
    in.files[0] = (struct detect_multibuf){data, 2};
    in.files[1] = (struct detect_multibuf){names, 2};
    in.have = DETECT_TXB_BIT(DETECT_TXB_FILE_DATA) | DETECT_TXB_BIT(DETECT_TXB_FILE_NAME);
    assert_int_equal(run_tx(&x, &p, &in), B(1) | B(2) | B(3) | B(5) | B(6));
    /* the same rules on one file as the single buffers: no instances, no crossing */
    detect_flow_free(x.dt, &f);
    mk_pkt(&p, &f);
    struct detect_tx_input one = {.app_proto = APP_PROTO_HTTP, .tx_id = 0, .body_dir = -1};
    one.buf[DETECT_TXB_FILE_DATA] = data[0];
    one.buf[DETECT_TXB_FILE_NAME] = names[1];
    one.have = in.have;
    assert_int_equal(run_tx(&x, &p, &one), B(1) | B(5));
    detect_flow_free(x.dt, &f);
    fx_fini(&x);
}

/*
 * http.request_header: each header is an instance "Name: value"; a rule's keywords on it
 * must match within one instance (startswith, bsize, relative pcre), never across two.
 */
static void test_request_header_instances(void **state)
{
    (void)state;
    const char *rules =
        "alert http any any -> any any (http.request_header; content:\"Key: \"; startswith; "
        "bsize:8; sid:1;)\n"
        "alert http any any -> any any (http.request_header; content:\"Key: \"; "
        "pcre:\"/^abc$/R\"; sid:2;)\n"
        /* "abc" is in one instance, "Host" in another: no single instance has both */
        "alert http any any -> any any (http.request_header; content:\"abc\"; "
        "content:\"Host\"; sid:3;)\n"
        "alert http any any -> any any (http.request_header; content:\"abc|0d 0a|Host\"; "
        "sid:4;)\n"
        "alert http any any -> any any (flow:to_client; http.response_header; "
        "content:\"Server: x\"; sid:5;)\n";
    static const struct span hdrs[] = {{(const uint8_t *)"Host: h", 7},
                                       {(const uint8_t *)"Key: abc", 8}};
    struct fx x;
    struct flow f;
    struct packet p;
    fx_init(&x, rules);
    mk_pkt(&p, &f);
    struct detect_tx_input in = {.app_proto = APP_PROTO_HTTP, .tx_id = 0, .body_dir = -1};
    /* the back-to-back form the engine builds: what the prefilter scans */
    in.buf[DETECT_TXB_REQ_HEADER] = S("Host: h\r\nKey: abc\r\n");
    in.multi[DETECT_TXB_REQ_HEADER - DETECT_TXB_MULTI_FIRST] = (struct detect_multibuf){hdrs, 2};
    in.have = DETECT_TXB_BIT(DETECT_TXB_REQ_HEADER);
    assert_int_equal(run_tx(&x, &p, &in), B(1) | B(2));
    detect_flow_free(x.dt, &f);
    fx_fini(&x);
}

/*
 * absent: the buffer is not there (for good: a body announced by the headers is pending);
 * absent: or_else also lets the keywords after it match a buffer that is there.
 */
static void test_absent(void **state)
{
    (void)state;
    const char *rules =
        "alert http any any -> any any (http.request_body; absent; sid:1;)\n"
        "alert http any any -> any any (http.request_body; absent: or_else; content:!\"abc\"; "
        "sid:2;)\n"
        "alert http any any -> any any (http.request_body; absent: or_else; content:\"xyz\"; "
        "sid:3;)\n"
        "alert http any any -> any any (http.user_agent; absent; http.method; content:\"GET\"; "
        "sid:4;)\n";
    struct fx x;
    struct flow f;
    struct packet p;
    fx_init(&x, rules);
    mk_pkt(&p, &f);
    /* no body, none to come: 1, 2, 3 (or_else without the buffer), 4 (no User-Agent) */
    struct detect_tx_input in = {.app_proto = APP_PROTO_HTTP, .tx_id = 0, .body_dir = -1};
    in.buf[DETECT_TXB_METHOD] = S("GET");
    in.have = DETECT_TXB_BIT(DETECT_TXB_METHOD);
    assert_int_equal(run_tx(&x, &p, &in), B(1) | B(2) | B(3) | B(4));
    /* a body is announced but not read yet: nothing on it; a User-Agent: not 4 */
    in.tx_id = 1;
    in.pending = DETECT_TXB_BIT(DETECT_TXB_REQUEST_BODY);
    in.buf[DETECT_TXB_USER_AGENT] = S("ua");
    in.have |= DETECT_TXB_BIT(DETECT_TXB_USER_AGENT);
    assert_int_equal(run_tx(&x, &p, &in), 0);
    /* the body "abc": absent fails, or_else goes on to the contents (3 only) */
    in.body_dir = 0;
    in.body = S("xyz abc");
    assert_int_equal(run_tx(&x, &p, &in), B(3));
    detect_flow_free(x.dt, &f);
    fx_fini(&x);
    static const char *const bad[] = {
        "alert http any any -> any any (absent; sid:1;)\n",
        "alert http any any -> any any (http.uri; content:\"a\"; absent; sid:1;)\n",
        "alert http any any -> any any (http.uri; absent: maybe; sid:1;)\n",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char err[256];
        struct detect_load_opts o = {
            .text = bad[i], .text_name = "t.rules", .init_errors_fatal = true};
        assert_null(detect_rules_load(&o, err, sizeof(err)));
    }
}

/* packet-alert-max: the alerts kept per packet; past it they are counted, not kept. */
static void test_alert_max(void **state)
{
    (void)state;
    char rules[2048] = "", err[256];
    for (int i = 1; i <= 20; i++) {
        size_t n = strlen(rules);
        snprintf(rules + n, sizeof(rules) - n,
                 "alert http any any -> any any (http.method; content:\"GET\"; sid:%d;)\n", i);
    }
    for (int round = 0; round < 2; round++) {
        struct detect_load_opts o = {.text = rules, .text_name = "t.rules"};
        struct detect_rules *r = detect_rules_load(&o, err, sizeof(err));
        assert_non_null(r);
        struct detect_engine_opts eo = {.alert_max = round ? 32 : 0};
        struct detect_engine *de = detect_engine_new_opts(r, &eo, err, sizeof(err));
        assert_non_null(de);
        struct fx x = {.r = r, .de = de, .dt = detect_thread_new(de)};
        struct flow f;
        struct packet p;
        mk_pkt(&p, &f);
        struct detect_tx_input in = {.app_proto = APP_PROTO_HTTP, .tx_id = 0, .body_dir = -1};
        in.buf[DETECT_TXB_METHOD] = S("GET");
        in.have = DETECT_TXB_BIT(DETECT_TXB_METHOD);
        const struct detect_alert *al;
        size_t n = detect_tx(x.dt, &p, &in, &al);
        assert_int_equal(n, round ? 20 : DETECT_ALERT_MAX);
        detect_flow_free(x.dt, &f);
        fx_fini(&x);
    }
}

/* "tcp:flow_start" (Suricata 8 hook): only the first packet of each flow direction. */
static void test_flow_start_hook(void **state)
{
    (void)state;
    const char *rules = "alert tcp:flow_start any any -> any any (dsize:0; sid:1;)\n"
                        "alert tcp any any -> any any (dsize:0; sid:2;)\n";
    struct fx x;
    struct flow f;
    struct packet p;
    fx_init(&x, rules);
    mk_pkt(&p, &f);
    f.app_proto = APP_PROTO_UNKNOWN;
    p.flags |= PKT_HAS_L4;
    f.pkts[0] = 1;
    const struct detect_alert *al;
    size_t n = detect_packet(x.dt, &p, (struct span){NULL, 0}, 0, &al);
    assert_int_equal(n, 2);
    f.pkts[0] = 2;
    n = detect_packet(x.dt, &p, (struct span){NULL, 0}, 0, &al);
    assert_int_equal(n, 1);
    assert_int_equal(al[0].s->sid, 2);
    p.flow_dir = 1; /* the first packet the other way */
    f.pkts[1] = 1;
    n = detect_packet(x.dt, &p, (struct span){NULL, 0}, 0, &al);
    assert_int_equal(n, 2);
    detect_flow_free(x.dt, &f);
    fx_fini(&x);
    static const char *const bad[] = {
        "alert http1:response_started any any -> any any (sid:1;)\n",
        "alert tcp:pre_stream any any -> any any (sid:1;)\n",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char err[256];
        struct detect_load_opts o = {
            .text = bad[i], .text_name = "t.rules", .init_errors_fatal = true};
        assert_null(detect_rules_load(&o, err, sizeof(err)));
    }
}

/* A => rule reading both bodies: the request body is kept while the response's is read. */
static void test_both_bodies(void **state)
{
    (void)state;
    const char *rules = "alert http any any => any any (http.request_body; content:\"ask\"; "
                        "file.data: to_client; content:\"answer\"; sid:1;)\n";
    struct fx x;
    struct flow f;
    struct packet p;
    fx_init(&x, rules);
    mk_pkt(&p, &f);
    struct detect_tx_input in = {
        .app_proto = APP_PROTO_HTTP, .tx_id = 0, .body_dir = 0, .body = S("please ask")};
    assert_int_equal(run_tx(&x, &p, &in), 0);
    p.flow_dir = 1;
    in = (struct detect_tx_input){
        .app_proto = APP_PROTO_HTTP, .tx_id = 0, .body_dir = 1, .body = S("the answer")};
    assert_int_equal(run_tx(&x, &p, &in), B(1));
    /* another transaction does not see the first one's request body */
    in = (struct detect_tx_input){
        .app_proto = APP_PROTO_HTTP, .tx_id = 1, .body_dir = 1, .body = S("the answer")};
    assert_int_equal(run_tx(&x, &p, &in), 0);
    detect_flow_free(x.dt, &f);
    fx_fini(&x);
}

/* filesize: a lower bound may hold while the file grows; < and = wait for its end. */
static void test_filesize(void **state)
{
    (void)state;
    const char *rules = "alert http any any -> any any (filesize:>100; sid:1;)\n"
                        "alert http any any -> any any (filesize:<100; sid:2;)\n"
                        "alert http any any => any any (filesize: to_client, 150; sid:3;)\n"
                        "alert http any any -> any any (filesize:100<>200; sid:4;)\n";
    struct fx x;
    struct flow f;
    struct packet p;
    fx_init(&x, rules);
    mk_pkt(&p, &f);
    p.flow_dir = 1;
    struct detect_tx_input in = {.app_proto = APP_PROTO_HTTP,
                                 .tx_id = 0,
                                 .body_dir = 1,
                                 .body = S("x"),
                                 .file_size = 50,
                                 .have = DETECT_TXB_BIT(DETECT_TXB_FILE_SIZE)};
    assert_int_equal(run_tx(&x, &p, &in), 0); /* 50 so far: nothing is sure yet */
    in.file_size = 120;
    in.have = DETECT_TXB_BIT(DETECT_TXB_FILE_SIZE);
    assert_int_equal(run_tx(&x, &p, &in), B(1));
    in.file_size = 150;
    in.file_done = true;
    in.have = DETECT_TXB_BIT(DETECT_TXB_FILE_SIZE);
    assert_int_equal(run_tx(&x, &p, &in), B(3) | B(4));
    in = (struct detect_tx_input){.app_proto = APP_PROTO_HTTP,
                                  .tx_id = 1,
                                  .body_dir = 1,
                                  .file_size = 10,
                                  .file_done = true,
                                  .have = DETECT_TXB_BIT(DETECT_TXB_FILE_SIZE)};
    assert_int_equal(run_tx(&x, &p, &in), B(2));
    detect_flow_free(x.dt, &f);
    fx_fini(&x);
    char err[256];
    struct detect_load_opts o = {
        .text = "alert http any any -> any any (filesize: sideways, 5; sid:1;)\n",
        .text_name = "t.rules",
        .init_errors_fatal = true};
    assert_null(detect_rules_load(&o, err, sizeof(err)));
}

/* Compress text as gzip (wbits 31) or zlib (15) into out; returns the length. */
static size_t squeeze(const char *text, int wbits, uint8_t *out, size_t cap)
{
    z_stream zs = {0};
    assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY), Z_OK);
    zs.next_in = (Bytef *)(uintptr_t)text;
    zs.avail_in = (uInt)strlen(text);
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    size_t n = cap - zs.avail_out;
    deflateEnd(&zs);
    return n;
}

/* gunzip and zlib_deflate: decompressed bytes, cut at max-size; the wrong format gives none. */
static void test_decompress_transforms(void **state)
{
    (void)state;
    const char *rules =
        "alert http any any -> any any (http.uri; gunzip; content:\"hello world\"; startswith; "
        "endswith; sid:1;)\n"
        "alert http any any -> any any (http.uri; gunzip: max-size 5; content:\"hello\"; "
        "startswith; endswith; sid:2;)\n"
        "alert http any any -> any any (http.uri; zlib_deflate; content:\"hello\"; sid:3;)\n"
        "alert http any any -> any any (http.uri; gunzip: max-size 5; content:\"hello \"; "
        "sid:4;)\n";
    uint8_t gz[128], zl[128];
    size_t ngz = squeeze("hello world", 31, gz, sizeof(gz));
    size_t nzl = squeeze("hello world", 15, zl, sizeof(zl));
    struct fx x;
    struct flow f;
    struct packet p;
    fx_init(&x, rules);
    mk_pkt(&p, &f);
    struct detect_tx_input in = {.app_proto = APP_PROTO_HTTP, .tx_id = 0, .body_dir = -1};
    in.buf[DETECT_TXB_URI] = (struct span){gz, ngz};
    in.have = DETECT_TXB_BIT(DETECT_TXB_URI);
    assert_int_equal(run_tx(&x, &p, &in), B(1) | B(2));
    in = (struct detect_tx_input){.app_proto = APP_PROTO_HTTP, .tx_id = 1, .body_dir = -1};
    in.buf[DETECT_TXB_URI] = (struct span){zl, nzl};
    in.have = DETECT_TXB_BIT(DETECT_TXB_URI);
    assert_int_equal(run_tx(&x, &p, &in), B(3));
    detect_flow_free(x.dt, &f);
    fx_fini(&x);
    static const char *const bad[] = {
        "alert http any any -> any any (http.uri; gunzip: max-size 0; content:\"a\"; sid:1;)\n",
        "alert http any any -> any any (http.uri; zlib_deflate: fast; content:\"a\"; sid:1;)\n",
        "alert tcp any any -> any any (gunzip; content:\"a\"; sid:1;)\n",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char err[256];
        struct detect_load_opts o = {
            .text = bad[i], .text_name = "t.rules", .init_errors_fatal = true};
        assert_null(detect_rules_load(&o, err, sizeof(err)));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_request_header_instances),
        cmocka_unit_test(test_file_instances),
        cmocka_unit_test(test_absent),
        cmocka_unit_test(test_alert_max),
        cmocka_unit_test(test_flow_start_hook),
        cmocka_unit_test(test_both_bodies),
        cmocka_unit_test(test_filesize),
        cmocka_unit_test(test_decompress_transforms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
