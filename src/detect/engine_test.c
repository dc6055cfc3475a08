/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the matcher: content chains, pcre, byte_*, header keywords, flow,
 * flowbits, thresholds, grouping and the raw stream, on crafted packets. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "core/alloc.h"
#include "detect/detect.h"
#include "detect/match.h"
#include "detect/test_fx.h"
#include "flow/flow.h"

/* A decoded IPv4 packet 10.0.0.1:1234 -> 10.0.0.2:80 of protocol proto with payload. */
static void mk_pkt(struct packet *p, uint8_t proto, const char *payload)
{
    memset(p, 0, sizeof(*p));
    p->ip_ver = 4;
    p->proto = proto;
    p->flags = PKT_HAS_L4 | PKT_WANTS_FLOW;
    p->src.b[0] = 10, p->src.b[3] = 1;
    p->dst.b[0] = 10, p->dst.b[3] = 2;
    p->sp = 1234;
    p->dp = 80;
    p->ttl = 64;
    p->payload.p = (const uint8_t *)payload;
    p->payload.len = strlen(payload);
    p->ts_usec = 1000000;
}

/* The sids alerting on p, as a bitmask over sids 1..63. */
static uint64_t run(struct fx *x, const struct packet *p)
{
    const struct detect_alert *al;
    size_t n = detect_packet(x->dt, p, (struct span){NULL, 0}, 0, &al);
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++)
        m |= 1ull << al[i].s->sid;
    return m;
}

static uint64_t sids1(const char *rules, uint8_t proto, const char *payload)
{
    struct fx x;
    struct packet p;
    fx_init(&x, rules);
    mk_pkt(&p, proto, payload);
    uint64_t m = run(&x, &p);
    fx_fini(&x);
    return m;
}

#define B(n) (1ull << (n))

static void test_content_modifiers(void **state)
{
    (void)state;
    const char *rules =
        "alert tcp any any -> any any (content:\"abc\"; sid:1;)\n"
        "alert tcp any any -> any any (content:\"ABC\"; nocase; sid:2;)\n"
        "alert tcp any any -> any any (content:\"ABC\"; sid:3;)\n"
        "alert tcp any any -> any any (content:\"def\"; offset:3; depth:3; sid:4;)\n"
        "alert tcp any any -> any any (content:\"def\"; offset:4; sid:5;)\n"
        "alert tcp any any -> any any (content:\"abc\"; content:\"ghi\"; distance:3; within:3; "
        "sid:6;)\n"
        "alert tcp any any -> any any (content:\"abc\"; content:\"ghi\"; distance:0; within:6; "
        "sid:7;)\n"
        "alert tcp any any -> any any (content:\"abc\"; content:!\"xyz\"; sid:8;)\n"
        "alert tcp any any -> any any (content:\"abc\"; content:!\"def\"; sid:9;)\n"
        "alert tcp any any -> any any (content:\"abc\"; startswith; sid:10;)\n"
        "alert tcp any any -> any any (content:\"def\"; startswith; sid:11;)\n"
        "alert tcp any any -> any any (content:\"ghi\"; endswith; sid:12;)\n"
        "alert tcp any any -> any any (content:\"abc\"; isdataat:5,relative; sid:13;)\n"
        "alert tcp any any -> any any (content:\"abc\"; isdataat:!7,relative; sid:14;)\n"
        "alert tcp any any -> any any (content:\"abc\"; isdataat:6,relative; sid:15;)\n"
        "alert tcp any any -> any any (content:\"|61 62|c\"; depth:3; rawbytes; sid:16;)\n";
    uint64_t m = sids1(rules, 6, "abcdefghi");
    assert_int_equal(m, B(1) | B(2) | B(4) | B(6) | B(7) | B(8) | B(10) | B(12) | B(13) | B(14) |
                            B(16));
}

static void test_content_backtracking(void **state)
{
    (void)state;
    /* The first "a=" is followed by the wrong value; the second one matches. */
    const char *rules = "alert tcp any any -> any any (content:\"a=\"; content:\"2\"; distance:0; "
                        "within:1; sid:1;)\n";
    assert_int_equal(sids1(rules, 6, "a=1&a=2"), B(1));
    assert_int_equal(sids1(rules, 6, "a=1&a=3"), 0);
    /* backtracking asks again for a content from later starts and other ends: the last
       search's answer is reused only where it still holds */
    const char *within = "alert tcp any any -> any any (content:\"<\"; content:\"L\"; "
                         "distance:0; within:3; content:\"!\"; distance:0; within:1; sid:2;)\n";
    assert_int_equal(sids1(within, 6, "<a<bL?<cL!"), B(2));
    assert_int_equal(sids1(within, 6, "<a<bL?<cL?"), 0);
    assert_int_equal(sids1(within, 6, "<abcL!"), 0);
    const char *open_end = "alert tcp any any -> any any (content:\"<\"; content:\"L\"; "
                           "distance:0; content:\"!\"; distance:0; within:1; sid:3;)\n";
    assert_int_equal(sids1(open_end, 6, "<<<L?L?L!"), B(3));
    assert_int_equal(sids1(open_end, 6, "<<<L?L?L?<"), 0);
    assert_int_equal(sids1(open_end, 6, "L!<"), 0);
}

/* nocase content at every position of buffers around the 16-byte steps of the search. */
static void test_nocase_positions(void **state)
{
    (void)state;
    const char *rules = "alert udp any any -> any any (content:\"AbC\"; nocase; sid:1;)\n"
                        "alert udp any any -> any any (content:\"1bZ\"; nocase; sid:2;)\n"
                        "alert udp any any -> any any (content:\"xaBc\"; sid:3;)\n";
    struct fx x;
    fx_init(&x, rules);
    char buf[48];
    for (size_t len = 3; len < sizeof(buf); len++)
        for (size_t at = 0; at + 3 <= len; at++) {
            struct packet p;
            memset(buf, 'x', len);
            buf[len] = '\0';
            memcpy(buf + at, "aBc", 3);
            mk_pkt(&p, 17, buf);
            uint64_t want = B(1) | (at > 0 ? B(3) : 0);
            assert_int_equal(run(&x, &p), want);
            memcpy(buf + at, "1Bz", 3);
            mk_pkt(&p, 17, buf);
            assert_int_equal(run(&x, &p), B(2));
            memcpy(buf + at, "aBd", 3); /* one byte short of a match everywhere */
            mk_pkt(&p, 17, buf);
            assert_int_equal(run(&x, &p), 0);
        }
    fx_fini(&x);
}

/*
 * Short fast patterns with a small depth are searched by hand at the start of UDP, ICMP
 * and other payloads (engine.c, DETECT_EARLY_LEN): a match that ends exactly at the
 * bound must still be found, one byte further must not.
 */
static void test_early_fast_patterns(void **state)
{
    (void)state;
    const uint8_t protos[] = {17, 1, 47};
    for (size_t k = 0; k < sizeof(protos); k++) {
        const char *l4 = protos[k] == 17 ? "udp" : protos[k] == 1 ? "icmp" : "ip";
        char rules[1024];
        snprintf(rules, sizeof(rules),
                 "alert %s any any -> any any (content:\"ab\"; depth:4; sid:1;)\n"
                 "alert %s any any -> any any (content:\"ab\"; offset:3; depth:2; sid:2;)\n"
                 "alert %s any any -> any any (content:\"abcd\"; depth:5; "
                 "fast_pattern:1,2; sid:3;)\n"
                 "alert %s any any -> any any (content:\"a\"; startswith; sid:4;)\n"
                 "alert %s any any -> any any (content:\"AB\"; nocase; depth:3; sid:5;)\n"
                 "alert %s any any -> any any (content:\"b\"; depth:2; content:\"d\"; "
                 "distance:1; within:1; sid:6;)\n"
                 "alert %s any any -> any any (content:\"cd\"; depth:20; sid:7;)\n",
                 l4, l4, l4, l4, l4, l4, l4);
        struct fx x;
        fx_init(&x, rules);
        for (size_t at = 0; at <= 4; at++) {
            char buf[16] = "........"; /* filler no pattern holds */
            memcpy(buf + at, "abcd", 4);
            struct packet p;
            mk_pkt(&p, protos[k], buf);
            uint64_t want = (at <= 2 ? B(1) : 0) | (at == 3 ? B(2) : 0) | (at <= 1 ? B(3) : 0) |
                            (at == 0 ? B(4) : 0) | (at <= 1 ? B(5) : 0) | (at == 0 ? B(6) : 0) |
                            B(7);
            assert_int_equal(run(&x, &p), want);
        }
        struct packet p;
        mk_pkt(&p, protos[k], "ab"); /* shorter than the bounds */
        assert_int_equal(run(&x, &p), B(1) | B(4) | B(5));
        fx_fini(&x);
    }
}

/*
 * Signatures with more non-payload keywords than a signature lists (DSIG_NPKW) are walked
 * whole: each keyword still counts, the last one too, and the flowbits ids stay in step.
 */
static void test_many_nonpayload_keywords(void **state)
{
    (void)state;
    const char *head = "alert udp any any -> any any (ttl:64; dsize:5; flowbits:isnotset,a; "
                       "flowbits:isnotset,b; flowbits:isnotset,c; ";
    char rules[1024];
    snprintf(rules, sizeof(rules),
             "%sip_proto:17; flowbits:isnotset,d; content:\"hello\"; sid:1;)\n"
             "%sip_proto:17; flowbits:isset,d; content:\"hello\"; sid:2;)\n"
             "%sflowbits:isnotset,d; ip_proto:6; content:\"hello\"; sid:3;)\n"
             "alert udp any any -> any any (ttl:63; content:\"hello\"; sid:4;)\n"
             "alert udp any any -> any any (ttl:64; dsize:5; content:\"hello\"; sid:5;)\n",
             head, head, head);
    assert_int_equal(sids1(rules, 17, "hello"), B(1) | B(5));
    assert_int_equal(sids1(rules, 17, "hello!"), 0);
}

static void test_pcre(void **state)
{
    (void)state;
    const char *rules =
        "alert tcp any any -> any any (pcre:\"/^GET \\/[a-z]+/\"; sid:1;)\n"
        "alert tcp any any -> any any (pcre:\"/^get/i\"; sid:2;)\n"
        "alert tcp any any -> any any (content:\"GET\"; pcre:\"/^ \\/index/R\"; sid:3;)\n"
        "alert tcp any any -> any any (content:\"index\"; pcre:\"/^GET/R\"; sid:4;)\n"
        "alert tcp any any -> any any (pcre:!\"/POST/\"; sid:5;)\n"
        "alert tcp any any -> any any (pcre:\"/html.HTTP/s\"; sid:6;)\n";
    assert_int_equal(sids1(rules, 6, "GET /index.html HTTP/1.0"), B(1) | B(2) | B(3) | B(5) | B(6));
}

static void test_byte_keywords(void **state)
{
    (void)state;
    const char *rules =
        "alert udp any any -> any any (byte_test:2,=,258,0; sid:1;)\n"
        "alert udp any any -> any any (byte_test:2,>,258,0; sid:2;)\n"
        "alert udp any any -> any any (byte_test:2,=,513,0,little; sid:3;)\n"
        "alert udp any any -> any any (byte_jump:1,1; content:\"X\"; within:1; sid:4;)\n"
        "alert udp any any -> any any (byte_extract:1,1,n; content:\"X\"; offset:n; depth:1; "
        "sid:5;)\n"
        "alert udp any any -> any any (content:\"Y\"; byte_test:1,=,90,0,relative; sid:6;)\n";
    /* byte_jump reads 2 at offset 1 and lands on 'X' at 4; 'Z' (90) follows 'Y' */
    const char pay[] = "\x01\x02\x01\x01XYZ";
    assert_int_equal(sids1(rules, 17, pay), B(1) | B(3) | B(4) | B(6));
    const char pay2[] = "\x01\x02X.";
    /* byte_jump 1 byte at 1 (=2) from after it: offset 4 -> '.', no; extract n=2: 'X' at 2 */
    assert_int_equal(sids1(rules, 17, pay2), B(1) | B(3) | B(5));
}

static void test_header_keywords(void **state)
{
    (void)state;
    const char *rules = "alert ip any any -> any any (ttl:64; sid:1;)\n"
                        "alert ip any any -> any any (ttl:<10; sid:2;)\n"
                        "alert tcp any any -> any any (flags:S; sid:3;)\n"
                        "alert tcp any any -> any any (flags:S+; sid:4;)\n"
                        "alert tcp any any -> any any (flags:SA; sid:5;)\n"
                        "alert tcp any any -> any any (dsize:>3; sid:6;)\n"
                        "alert tcp any any -> any any (seq:100; ack:0; window:512; sid:7;)\n"
                        "alert tcp any any -> any 80 (sid:8;)\n"
                        "alert tcp any any -> any 81 (sid:9;)\n"
                        "alert udp any any -> any any (sid:10;)\n"
                        "alert tcp 10.0.0.2 any -> 10.0.0.1 any (sid:11;)\n"
                        "alert tcp 10.0.0.2 any <> 10.0.0.1 any (sid:12;)\n"
                        "alert tcp any 1234 -> any [80,443] (dsize:4; sid:13;)\n"
                        "alert ip any any -> any any (sameip; sid:14;)\n";
    struct fx x;
    struct packet p;
    fx_init(&x, rules);
    mk_pkt(&p, 6, "data");
    p.tcp_flags = 0x02;
    p.tcp_seq = 100;
    p.tcp_win = 512;
    assert_int_equal(run(&x, &p), B(1) | B(3) | B(4) | B(6) | B(7) | B(8) | B(12) | B(13));
    fx_fini(&x);
}

static void test_icmp_keywords(void **state)
{
    (void)state;
    const char *rules = "alert icmp any any -> any any (itype:8; icode:0; sid:1;)\n"
                        "alert icmp any any -> any any (itype:0; sid:2;)\n"
                        "alert icmp any any -> any any (icmp_id:7; icmp_seq:1; sid:3;)\n"
                        "alert tcp any any -> any any (sid:4;)\n";
    struct fx x;
    struct packet p;
    fx_init(&x, rules);
    mk_pkt(&p, 1, "ping");
    p.sp = p.dp = 0;
    p.icmp_type = 8;
    p.icmp_id = 7;
    p.icmp_seq = 1;
    assert_int_equal(run(&x, &p), B(1) | B(3));
    fx_fini(&x);
}

static void test_flow_and_flowbits(void **state)
{
    (void)state;
    const char *rules =
        "alert tcp any any -> any any (flow:established,to_server; content:\"login\"; "
        "flowbits:set,auth; flowbits:noalert; sid:1;)\n"
        "alert tcp any any -> any any (flow:to_client; content:\"ok\"; flowbits:isset,auth; "
        "sid:2;)\n"
        "alert tcp any any -> any any (flow:to_client; content:\"ok\"; flowbits:isnotset,auth; "
        "sid:3;)\n"
        "alert tcp any any -> any any (flow:not_established; sid:4;)\n"
        "alert tcp any any -> any any (flow:stateless; content:\"ok\"; sid:5;)\n";
    struct fx x;
    struct flow f;
    struct packet p;
    memset(&f, 0, sizeof(f));
    fx_init(&x, rules);
    mk_pkt(&p, 6, "ok");
    p.flow = &f;
    p.flow_dir = 1;
    f.pkt_state = FLOW_STATE_NEW;
    assert_int_equal(run(&x, &p), B(3) | B(4) | B(5));
    f.pkt_state = FLOW_STATE_ESTABLISHED;
    mk_pkt(&p, 6, "login");
    p.flow = &f;
    assert_int_equal(run(&x, &p), 0); /* noalert, but the bit is set */
    mk_pkt(&p, 6, "ok");
    p.flow = &f;
    p.flow_dir = 1;
    assert_int_equal(run(&x, &p), B(2) | B(5));
    assert_true(f.alerted);
    assert_true(detect_thread_stats(x.dt)->suppressed >= 1);
    detect_flow_free(x.dt, &f);
    assert_null(f.detect_state);
    fx_fini(&x);
}

/* The address memo keeps a set's answer per address, across packets: each packet's own
 * addresses are answered, whatever was asked before (IPv6 bytes equal to an IPv4 address
 * included). */
static void test_address_memo(void **state)
{
    (void)state;
    struct fx x;
    fx_init(&x, "alert ip [10.0.0.0/24,![10.0.0.9]] any -> any any (content:\"x\"; sid:1;)\n");
    struct packet p;
    const uint8_t srcs[][4] = {{10, 0, 0, 1}, {10, 0, 1, 1}, {10, 0, 0, 1}, {10, 0, 0, 9}};
    const uint64_t want[] = {B(1), 0, B(1), 0};
    for (int round = 0; round < 2; round++)
        for (int k = 0; k < 4; k++) {
            mk_pkt(&p, 6, "x");
            memcpy(p.src.b, srcs[k], 4);
            assert_int_equal(run(&x, &p), want[k]);
        }
    mk_pkt(&p, 6, "x");
    p.ip_ver = 6;
    memset(p.src.b, 0, sizeof(p.src.b));
    memcpy(p.src.b, srcs[0], 4);
    assert_int_equal(run(&x, &p), 0);
    fx_fini(&x);
}

static void test_thresholds(void **state)
{
    (void)state;
    const char *rules =
        "alert tcp any any -> any any (content:\"x\"; threshold:type limit,track by_src,"
        "count 2,seconds 60; sid:1;)\n"
        "alert tcp any any -> any any (content:\"x\"; threshold:type threshold,track by_dst,"
        "count 3,seconds 60; sid:2;)\n"
        "alert tcp any any -> any any (content:\"x\"; detection_filter:track by_src,count 2,"
        "seconds 60; sid:3;)\n"
        "alert tcp any any -> any any (content:\"x\"; threshold:type both,track by_src,"
        "count 2,seconds 60; sid:4;)\n";
    struct fx x;
    struct packet p;
    fx_init(&x, rules);
    mk_pkt(&p, 6, "x");
    uint64_t want[] = {B(1), B(1) | B(4), B(2) | B(3), B(3), B(3), B(2) | B(3)};
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
        assert_int_equal(run(&x, &p), want[i]);
    p.ts_usec += 61000000; /* a new window */
    assert_int_equal(run(&x, &p), B(1));
    fx_fini(&x);
}

static void test_threshold_file(void **state)
{
    (void)state;
    char path[] = "/tmp/khien-thr-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char text[] = "threshold gen_id 1, sig_id 1, type limit, track by_rule, count 1, "
                        "seconds 60\n"
                        "suppress gen_id 1, sig_id 2\n"
                        "suppress gen_id 1, sig_id 3, track by_src, ip 10.0.0.0/24\n"
                        "suppress gen_id 1, sig_id 4, track by_dst, ip 10.0.0.1\n";
    assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)(sizeof(text) - 1));
    close(fd);
    const char *rules = "alert tcp any any -> any any (content:\"x\"; threshold:type limit,"
                        "track by_src,count 5,seconds 60; sid:1;)\n"
                        "alert tcp any any -> any any (content:\"x\"; sid:2;)\n"
                        "alert tcp any any -> any any (content:\"x\"; sid:3;)\n"
                        "alert tcp any any -> any any (content:\"x\"; sid:4;)\n";
    char err[512];
    struct detect_load_opts o = {.text = rules, .threshold_file = path};
    struct fx x;
    x.r = detect_rules_load(&o, err, sizeof(err));
    unlink(path);
    assert_non_null(x.r);
    x.de = detect_engine_new(x.r, err, sizeof(err));
    assert_non_null(x.de);
    x.dt = detect_thread_new(x.de);
    struct packet p;
    mk_pkt(&p, 6, "x");
    assert_int_equal(run(&x, &p), B(1) | B(4)); /* 3: the source is suppressed */
    assert_int_equal(run(&x, &p), B(4));        /* 1: the file's limit 1 replaces 5 */
    fx_fini(&x);
}

static void test_iponly_once_per_direction(void **state)
{
    (void)state;
    const char *rules = "alert ip 10.0.0.0/8 any -> any any (sid:1;)\n"
                        "alert ip any any -> any any (ttl:64; sid:2;)\n";
    struct fx x;
    struct flow f;
    struct packet p;
    memset(&f, 0, sizeof(f));
    fx_init(&x, rules);
    mk_pkt(&p, 17, "a");
    p.flow = &f;
    assert_int_equal(run(&x, &p), B(1) | B(2));
    assert_int_equal(run(&x, &p), B(2));
    p.flow_dir = 1;
    assert_int_equal(run(&x, &p), B(1) | B(2));
    detect_flow_free(x.dt, &f);
    fx_fini(&x);
}

static void test_raw_stream(void **state)
{
    (void)state;
    const char *rules =
        "alert tcp any any -> any any (flow:established; content:\"EVIL\"; sid:1;)\n"
        "alert tcp-pkt any any -> any any (content:\"EVIL\"; sid:2;)\n"
        "alert tcp any any -> any any (content:\"EV\"; flow:no_stream; sid:3;)\n";
    struct fx x;
    struct flow f;
    struct packet p;
    const struct detect_alert *al;
    memset(&f, 0, sizeof(f));
    f.pkt_state = FLOW_STATE_ESTABLISHED;
    fx_init(&x, rules);
    const char stream[] = "xxEVIL";
    /* segment 1: "xxEV"; the window holds it */
    mk_pkt(&p, 6, "xxEV");
    p.flow = &f;
    size_t n = detect_packet(x.dt, &p, (struct span){(const uint8_t *)stream, 4}, 0, &al);
    assert_int_equal(n, 1);
    assert_int_equal(al[0].s->sid, 3);
    /* segment 2: "IL"; the window now holds "xxEVIL": the split content matches once */
    mk_pkt(&p, 6, "IL");
    p.flow = &f;
    n = detect_packet(x.dt, &p, (struct span){(const uint8_t *)stream, 6}, 0, &al);
    assert_int_equal(n, 1);
    assert_int_equal(al[0].s->sid, 1);
    assert_true(al[0].stream);
    /* nothing new in the stream (a retransmission): no second alert on the same data */
    n = detect_packet(x.dt, &p, (struct span){(const uint8_t *)stream, 6}, 0, &al);
    assert_int_equal(n, 0);
    detect_flow_free(x.dt, &f);
    fx_fini(&x);
}

/*
 * Packet-only (dsize) signatures on packets of a tracked stream: payloads over 512 bytes
 * are scanned with the patterns of those whose dsize allows them only (a second
 * database); each size still finds its own.
 */
static void test_dsize_split(void **state)
{
    (void)state;
    const char *rules = "alert tcp any any -> any any (content:\"EVIL\"; dsize:<20; sid:1;)\n"
                        "alert tcp any any -> any any (content:\"EVIL\"; dsize:>600; sid:2;)\n"
                        "alert tcp any any -> any any (content:\"EVIL\"; dsize:600<>700; sid:3;)\n"
                        "alert tcp any any -> any any (content:\"BAD\"; dsize:100; sid:4;)\n";
    struct fx x;
    struct flow f;
    struct packet p;
    const struct detect_alert *al;
    memset(&f, 0, sizeof(f));
    f.pkt_state = FLOW_STATE_ESTABLISHED;
    fx_init(&x, rules);
    static char big[660];
    memset(big, 'x', sizeof(big) - 1);
    memcpy(big + 300, "EVIL", 4);
    const char *payloads[] = {"..EVIL..", big};
    const uint64_t want[] = {B(1), B(2) | B(3)};
    for (int k = 0; k < 2; k++) {
        mk_pkt(&p, 6, payloads[k]);
        p.flow = &f;
        p.flags |= PKT_STREAM_ADD;
        size_t n = detect_packet(x.dt, &p, (struct span){NULL, 0}, 0, &al);
        uint64_t m = 0;
        for (size_t i = 0; i < n; i++)
            m |= B(al[i].s->sid);
        assert_int_equal(m, want[k]);
    }
    detect_flow_free(x.dt, &f);
    fx_fini(&x);
}

static void test_prefilter_groups(void **state)
{
    (void)state;
    const char *rules = "alert tcp any any -> any any (content:\"needle\"; sid:1;)\n"
                        "alert udp any any -> any any (content:\"needle\"; sid:2;)\n"
                        "alert ip any any -> any any (content:\"NEEDLE\"; nocase; sid:3;)\n"
                        "alert tcp any any -> any any (content:\"hay\"; content:\"needle\"; "
                        "fast_pattern; sid:4;)\n";
    struct fx x;
    fx_init(&x, rules);
    struct detect_engine_info info;
    detect_engine_get_info(x.de, &info);
    assert_int_equal(info.sigs, 4);
    assert_int_equal(info.iponly, 0);
    assert_true(info.databases >= 2);
    fx_fini(&x);
    assert_int_equal(sids1(rules, 6, "hay and a needle"), B(1) | B(3) | B(4));
    assert_int_equal(sids1(rules, 17, "a Needle"), B(3));
    assert_int_equal(sids1(rules, 17, "a needle"), B(2) | B(3));
}

/* The sids a transaction inspection raises, as a bitmask; checks they carry tx_id. */
/* Rules, a flow of app_proto and an empty packet of it (UDP for DNS, else TCP). */
static void app_flow(struct fx *x, struct flow *f, struct packet *p, const char *rules,
                     uint8_t app_proto)
{
    memset(f, 0, sizeof(*f));
    f->app_proto = app_proto;
    fx_init(x, rules);
    mk_pkt(p, app_proto == APP_PROTO_DNS ? 17 : 6, "");
    p->flow = f;
}

/* in becomes transaction tx_id with its headers only, no body yet. */
static void headers_only(struct detect_tx_input *in, uint64_t tx_id)
{
    in->tx_id = tx_id;
    in->body_dir = -1;
    in->have &= ~DETECT_TXB_BIT(DETECT_TXB_FILE_DATA);
}

static uint64_t run_tx(struct fx *x, const struct packet *p, struct detect_tx_input *in)
{
    const struct detect_alert *al;
    size_t n = detect_tx(x->dt, p, in, &al);
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++) {
        assert_true(al[i].tx);
        assert_int_equal(al[i].tx_id, in->tx_id);
        m |= 1ull << al[i].s->sid;
    }
    return m;
}

static struct span sp(const char *s)
{
    return (struct span){(const uint8_t *)s, strlen(s)};
}

/* The sids alerting on a TCP packet sp -> dp in flow direction dir (-1: no flow). */
/* fx_init with grouping options. */
static void fx_init_opts(struct fx *x, const char *rules, const struct detect_engine_opts *eo)
{
    char err[512];
    struct detect_load_opts lo = {.text = rules, .text_name = "t.rules", .init_errors_fatal = true};
    x->r = detect_rules_load(&lo, err, sizeof(err));
    if (x->r == NULL)
        fail_msg("load: %s", err);
    x->de = detect_engine_new_opts(x->r, eo, err, sizeof(err));
    if (x->de == NULL)
        fail_msg("engine: %s", err);
    x->dt = detect_thread_new(x->de);
    assert_non_null(x->dt);
}

static uint64_t run_ports(struct fx *x, struct flow *f, uint16_t sp, uint16_t dp, int dir,
                          const char *payload)
{
    struct packet p;
    mk_pkt(&p, 6, payload);
    p.sp = sp;
    p.dp = dp;
    if (dir >= 0) {
        p.flow = f;
        p.flow_dir = (uint8_t)dir;
    }
    uint64_t m = run(x, &p);
    if (dir >= 0)
        detect_flow_free(x->dt, f);
    return m;
}

/*
 * A TCP group to the client with more fast patterns than one part holds is compiled in
 * parts: a pattern of each part is found; a to_server-only signature is in no group to the
 * client (its pattern there alerts nothing, as its flow keyword says anyway). Its patterns
 * are cut: a cut one names its signature only where its whole literal is.
 */
static void test_group_parts(void **state)
{
    (void)state;
    enum { N = 1700 };
    size_t cap = (size_t)N * 96 + 256, at = 0;
    char *rules = kh_malloc(cap);
    assert_non_null(rules);
    for (int i = 1; i <= N; i++)
        at += (size_t)snprintf(rules + at, cap - at,
                               "alert tcp any 80 -> any any (flow:to_client; content:\"q%05dq\"; "
                               "sid:%d;)\n",
                               i, i);
    snprintf(rules + at, cap - at, "%s",
             "alert tcp any any -> any 80 (flow:to_server; content:\"toserver!\"; sid:9999;)\n"
             "alert tcp any 80 -> any any (flow:to_client; content:\"LongNoCase\"; nocase; "
             "sid:9998;)\n");
    struct fx x;
    fx_init(&x, rules);
    kh_free(rules);
    struct detect_engine_info one;
    detect_engine_get_info(x.de, &one);
    assert_int_equal(one.sigs, N + 2);
    struct flow f;
    memset(&f, 0, sizeof(f));
    f.pkt_state = FLOW_STATE_ESTABLISHED;
    const int want[] = {1, 700, 800, 1599, 1700};
    for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
        char payload[64];
        snprintf(payload, sizeof(payload), "..q%05dq..toserver!", want[k]);
        struct packet p;
        mk_pkt(&p, 6, payload);
        p.sp = 80;
        p.dp = 40000;
        p.flow = &f;
        p.flow_dir = 1;
        const struct detect_alert *al;
        size_t n = detect_packet(x.dt, &p, (struct span){NULL, 0}, 0, &al);
        assert_int_equal(n, 1);
        assert_int_equal(al[0].s->sid, (uint32_t)want[k]);
        detect_flow_free(x.dt, &f);
    }
    /* the cut pattern ("q00001", its first DETECT_FP_CUT bytes) is found, not its whole
       literal: no candidate */
    struct packet p;
    mk_pkt(&p, 6, "..q00001x..");
    p.sp = 80;
    p.dp = 40000;
    p.flow = &f;
    p.flow_dir = 1;
    const struct detect_alert *al;
    uint64_t before = detect_thread_stats(x.dt)->candidates;
    assert_int_equal(detect_packet(x.dt, &p, (struct span){NULL, 0}, 0, &al), 0);
    assert_int_equal(detect_thread_stats(x.dt)->candidates, before);
    detect_flow_free(x.dt, &f);
    mk_pkt(&p, 6, "..lONGnOcASE..");
    p.sp = 80;
    p.dp = 40000;
    p.flow = &f;
    p.flow_dir = 1;
    assert_int_equal(detect_packet(x.dt, &p, (struct span){NULL, 0}, 0, &al), 1);
    assert_int_equal(al[0].s->sid, 9998);
    detect_flow_free(x.dt, &f);
    fx_fini(&x);
}

/*
 * The cut patterns of a group to the client are cut where they differ: 40 patterns that
 * share their first 13 bytes are each found at their own place, a window found too near
 * the start of the payload for its whole literal names nothing, and a payload repeating
 * the shared part names no candidate.
 */
static void test_cut_windows(void **state)
{
    (void)state;
    static char rules[40 * 128];
    size_t at = 0;
    for (int i = 1; i <= 40; i++)
        at += (size_t)snprintf(rules + at, sizeof(rules) - at,
                               "alert tcp any 80 -> any any (flow:to_client; "
                               "content:\"COMMONPREFIX-%03d\"; sid:%d;)\n",
                               i, i);
    struct fx x;
    fx_init(&x, rules);
    struct flow f;
    memset(&f, 0, sizeof(f));
    f.pkt_state = FLOW_STATE_ESTABLISHED;
    const char *payloads[] = {"..COMMONPREFIX-007..", "X-007..", "COMMONPREFIX-00",
                              "COMMONPREFIX-COMMONPREFIX-COMMONPREFIX-COMMONPREFIX-"};
    const uint64_t want[] = {B(7), 0, 0, 0};
    for (int k = 0; k < 4; k++) {
        uint64_t before = detect_thread_stats(x.dt)->candidates;
        assert_int_equal(run_ports(&x, &f, 80, 40000, 1, payloads[k]), want[k]);
        assert_int_equal(detect_thread_stats(x.dt)->candidates, before + (want[k] != 0));
    }
    fx_fini(&x);
}

/*
 * Signature group heads by direction and port: every signature is still found, whether its
 * ports have a group of their own (a priority port, a large set) or share the rest's, and
 * whatever the direction, the flow or the <> of the packet and rule.
 */
static void test_port_groups(void **state)
{
    (void)state;
    char rules[4096];
    size_t at = 0;
    for (int i = 1; i <= 12; i++)
        at +=
            (size_t)snprintf(rules + at, sizeof(rules) - at,
                             "alert tcp any any -> any %d (content:\"x\"; sid:%d;)\n", 1000 + i, i);
    snprintf(rules + at, sizeof(rules) - at, "%s",
             "alert tcp any 2000 -> any any (flow:to_client; content:\"x\"; sid:13;)\n"
             "alert tcp any any <> any 3000 (content:\"x\"; sid:14;)\n"
             "alert tcp any any -> any ![1001,1002] (content:\"y\"; sid:15;)\n"
             "alert tcp any any -> any 1001 (flow:to_server; content:\"x\"; sid:16;)\n"
             "alert tcp any any -> any [1003,1004] (flow:to_server; sid:17;)\n");
    struct detect_engine_opts eo = {.toserver_groups = 4,
                                    .toclient_groups = 2,
                                    .has_prio = {true, false},
                                    .prio = {{1012}},
                                    .nprio = {1, 0}};
    struct fx x;
    fx_init_opts(&x, rules, &eo);
    struct detect_engine_info info;
    detect_engine_get_info(x.de, &info);
    assert_int_equal(info.sigs, 17);
    assert_true(info.groups >= 4);
    struct flow f;
    memset(&f, 0, sizeof(f));
    f.pkt_state = FLOW_STATE_ESTABLISHED;
    for (int i = 1; i <= 12; i++) {
        uint64_t want = B(i) | (i == 1 ? B(16) : 0) | (i == 3 || i == 4 ? B(17) : 0);
        assert_int_equal(run_ports(&x, &f, 1234, (uint16_t)(1000 + i), 0, "x y"),
                         want | (i > 2 ? B(15) : 0));
        /* the same packet in the other direction: keyed by its source port, still found */
        assert_int_equal(run_ports(&x, &f, 1234, (uint16_t)(1000 + i), 1, "x"), B(i));
        /* without a flow: taken as to the server; flow keywords do not match */
        assert_int_equal(run_ports(&x, &f, 1234, (uint16_t)(1000 + i), -1, "x"), B(i));
    }
    assert_int_equal(run_ports(&x, &f, 2000, 5555, 1, "x"), B(13));
    assert_int_equal(run_ports(&x, &f, 2000, 5555, 0, "x"), 0);
    assert_int_equal(run_ports(&x, &f, 3000, 1234, 1, "x"), B(14));
    assert_int_equal(run_ports(&x, &f, 3000, 1234, 0, "x"), B(14));
    assert_int_equal(run_ports(&x, &f, 1234, 3000, 0, "x"), B(14));
    assert_int_equal(run_ports(&x, &f, 1234, 3000, 1, "x"), B(14));
    assert_int_equal(run_ports(&x, &f, 1234, 9999, 0, "x y"), B(15));
    fx_fini(&x);
}

/*
 * A packet of a TCP flow not established (no stream session: its payload is inspected as a
 * packet) is scanned for the signatures that do not need flow:established only, through
 * the portmap's shared set; those of other ports' groups are not named.
 */
static void test_not_established(void **state)
{
    (void)state;
    const char *rules =
        "alert tcp any any -> any any (flow:established; content:\"EVIL\"; sid:1;)\n"
        "alert tcp any any -> any any (content:\"EVIL\"; sid:2;)\n"
        "alert tcp any any -> any any (flow:not_established; content:\"EVIL\"; sid:3;)\n"
        "alert tcp any any -> any any (flow:established,to_server; content:\"EVIL\"; "
        "dsize:<100; sid:4;)\n"
        "alert tcp any any -> any any (content:\"EVIL\"; dsize:<100; sid:5;)\n"
        "alert tcp any any -> any 8080 (content:\"EVIL\"; sid:6;)\n"
        "alert tcp any any -> any 80 (flow:to_server; content:\"VIL\"; sid:7;)\n"
        "alert tcp any any -> any any (flow:established; sid:8;)\n";
    struct detect_engine_opts eo = {.toserver_groups = 4, .toclient_groups = 2};
    struct fx x;
    fx_init_opts(&x, rules, &eo);
    struct flow f;
    memset(&f, 0, sizeof(f));
    f.pkt_state = FLOW_STATE_NEW;
    assert_int_equal(run_ports(&x, &f, 1234, 80, 0, "xxEVILxx"), B(2) | B(3) | B(5) | B(7));
    assert_int_equal(run_ports(&x, &f, 1234, 8080, 0, "xxEVILxx"), B(2) | B(3) | B(5) | B(6));
    assert_int_equal(run_ports(&x, &f, 1234, 80, -1, "xxEVILxx"), B(2) | B(5));
    f.pkt_state = FLOW_STATE_ESTABLISHED;
    assert_int_equal(run_ports(&x, &f, 1234, 80, 0, "xxEVILxx"),
                     B(1) | B(2) | B(4) | B(5) | B(7) | B(8));
    fx_fini(&x);
}

/* Transaction signatures without a fast pattern still run, on the buffers they need only. */
static void test_tx_always(void **state)
{
    (void)state;
    const char *rules = "alert http any any -> any any (http.uri; pcre:\"/^\\/x/\"; sid:1;)\n"
                        "alert dns any any -> any any (dns.query; pcre:\"/x/\"; sid:2;)\n"
                        "alert http any any -> any any (http.method; content:!\"POST\"; "
                        "http.stat_code; content:!\"500\"; sid:3;)\n";
    struct fx x;
    struct flow f;
    struct packet p;
    app_flow(&x, &f, &p, rules, APP_PROTO_HTTP);
    struct detect_tx_input in = {.tx_id = 0, .body_dir = -1};
    in.buf[DETECT_TXB_URI] = sp("/x/y");
    in.buf[DETECT_TXB_METHOD] = sp("GET");
    in.have = DETECT_TXB_BIT(DETECT_TXB_URI) | DETECT_TXB_BIT(DETECT_TXB_METHOD);
    assert_int_equal(run_tx(&x, &p, &in), B(1));
    in.buf[DETECT_TXB_STAT_CODE] = sp("200");
    in.have |= DETECT_TXB_BIT(DETECT_TXB_STAT_CODE);
    assert_int_equal(run_tx(&x, &p, &in), B(3));
    detect_flow_free(x.dt, &f);
    fx_fini(&x);
}

/* HTTP buffers: a rule runs when its buffers are present, once per transaction and sid. */
static void test_tx_buffers(void **state)
{
    (void)state;
    const char *rules =
        "alert http any any -> any any (http.method; content:\"GET\"; http.uri; "
        "content:\"/a/b\"; startswith; sid:1;)\n"
        "alert tcp any any -> any any (content:\"evil.com\"; http_host; sid:2;)\n"
        "alert http any any -> any any (http.uri; content:\"/a/b\"; file_data; "
        "content:\"EICAR\"; sid:3;)\n"
        "alert http any any -> any any (http.uri.raw; content:\"%2e\"; sid:4;)\n"
        "alert http any any -> any any (http.header; content:\"X-A: 1|0d 0a|\"; sid:5;)\n"
        "alert http any any -> any any (content:\"Host: www\"; sid:11;)\n";
    struct fx x;
    struct flow f;
    struct packet p;
    app_flow(&x, &f, &p, rules, APP_PROTO_HTTP);
    struct detect_engine_info info;
    detect_engine_get_info(x.de, &info);
    assert_int_equal(info.tx_sigs, 5);
    assert_int_equal(info.sigs, 6);
    assert_int_equal(detect_tx_wants(x.dt) & DETECT_TXB_BIT(DETECT_TXB_FILE_DATA),
                     DETECT_TXB_BIT(DETECT_TXB_FILE_DATA));
    struct detect_tx_input in = {.tx_id = 0, .body_dir = -1};
    in.buf[DETECT_TXB_METHOD] = sp("GET");
    in.buf[DETECT_TXB_URI] = sp("/a/b/c");
    in.buf[DETECT_TXB_URI_RAW] = sp("/a/%2e/b/c");
    in.buf[DETECT_TXB_HOST] = sp("www.evil.com");
    in.buf[DETECT_TXB_HEADER] = sp("Host: www.evil.com\r\nX-A: 1\r\n");
    in.have = DETECT_TXB_BIT(DETECT_TXB_METHOD) | DETECT_TXB_BIT(DETECT_TXB_URI) |
              DETECT_TXB_BIT(DETECT_TXB_URI_RAW) | DETECT_TXB_BIT(DETECT_TXB_HOST) |
              DETECT_TXB_BIT(DETECT_TXB_HEADER);
    assert_int_equal(run_tx(&x, &p, &in), B(1) | B(2) | B(4) | B(5));
    /* same transaction again: nothing more */
    assert_int_equal(run_tx(&x, &p, &in), 0);
    /* the response body arrives in pieces: "EIC" then "AR": the window joins them */
    in.body_dir = 1;
    in.body = sp("xxEIC");
    assert_int_equal(run_tx(&x, &p, &in), 0);
    in.have &= ~DETECT_TXB_BIT(DETECT_TXB_FILE_DATA);
    in.body = sp("AR!");
    assert_int_equal(run_tx(&x, &p, &in), B(3));
    in.body = sp("EICAR");
    assert_int_equal(run_tx(&x, &p, &in), 0);
    /* the next transaction alerts again: its headers, then its body; the packet path
       never runs tx signatures, and runs "alert http" without an HTTP buffer only on
       flows found to be HTTP */
    headers_only(&in, 1);
    assert_int_equal(run_tx(&x, &p, &in), B(1) | B(2) | B(4) | B(5));
    in.body_dir = 1;
    in.body = sp("EICAR");
    assert_int_equal(run_tx(&x, &p, &in), B(3));
    mk_pkt(&p, 6, "GET /a/b HTTP/1.1\r\nHost: www.evil.com\r\n\r\nEICAR");
    p.flow = &f;
    assert_int_equal(run(&x, &p), B(11));
    f.app_proto = APP_PROTO_UNKNOWN;
    assert_int_equal(run(&x, &p), 0);
    detect_flow_free(x.dt, &f);
    fx_fini(&x);
}

/*
 * When a body is inspected (Suricata's libhtp response-body-minimal-inspect-size and
 * response-body-inspect-window, docs.suricata.io "suricata.yaml", Configure HTTP): not
 * before body_min bytes or the body's end; then the new bytes with the window before them.
 * A body inspection verifies the signatures that read the body, their fast pattern in a
 * header buffer or not, and not the header-only ones again.
 */
static void test_tx_body_inspection(void **state)
{
    (void)state;
    const char *rules =
        "alert http any any -> any any (file_data; content:\"EICAR\"; sid:1;)\n"
        "alert http any any -> any any (http.uri; content:\"/download/file\"; file_data; "
        "content:\"MZ\"; sid:2;)\n"
        "alert http any any -> any any (file_data; content:\"HEAD\"; depth:4; sid:3;)\n"
        "alert http any any -> any any (http.method; content:\"GET\"; sid:4;)\n";
    struct fx x;
    struct flow f;
    struct packet p;
    app_flow(&x, &f, &p, rules, APP_PROTO_HTTP);
    struct detect_tx_input in = {.tx_id = 0, .body_dir = -1};
    in.buf[DETECT_TXB_METHOD] = sp("POST");
    in.buf[DETECT_TXB_URI] = sp("/download/file.exe");
    in.have = DETECT_TXB_BIT(DETECT_TXB_METHOD) | DETECT_TXB_BIT(DETECT_TXB_URI);
    assert_int_equal(run_tx(&x, &p, &in), 0);
    /* under the minimum: kept, not inspected, until the body ends */
    in.body_dir = 1;
    in.body_min = 16;
    in.body_window = 8;
    in.body = sp("HEAD..EIC");
    assert_int_equal(run_tx(&x, &p, &in), 0);
    in.have &= ~DETECT_TXB_BIT(DETECT_TXB_FILE_DATA);
    in.body = sp("AR");
    assert_int_equal(run_tx(&x, &p, &in), 0);
    in.have &= ~DETECT_TXB_BIT(DETECT_TXB_FILE_DATA);
    in.body = sp("");
    in.body_last = true;
    assert_int_equal(run_tx(&x, &p, &in), B(1) | B(3));
    /* the next transaction: its headers, then the method changes under a header-only
       signature: a body inspection does not try it again */
    headers_only(&in, 1);
    in.body_last = false;
    assert_int_equal(run_tx(&x, &p, &in), 0);
    in.buf[DETECT_TXB_METHOD] = sp("GET");
    in.body_dir = 1;
    in.body = sp("................"); /* 16: the minimum, inspected */
    assert_int_equal(run_tx(&x, &p, &in), 0);
    /* past the minimum each piece is inspected with the window before it: "M" + "Z"
       join, the fast pattern being in http.uri; "HEAD" at the start is gone */
    in.have &= ~DETECT_TXB_BIT(DETECT_TXB_FILE_DATA);
    in.body = sp("HEAD...M");
    assert_int_equal(run_tx(&x, &p, &in), 0);
    in.have &= ~DETECT_TXB_BIT(DETECT_TXB_FILE_DATA);
    in.body = sp("Z");
    assert_int_equal(run_tx(&x, &p, &in), B(2));
    /* more than a window new after a first inspection shorter than a quarter window: the
       window starts at the body's start (found by fuzz_detect) */
    headers_only(&in, 8);
    run_tx(&x, &p, &in);
    in.body_dir = 1;
    in.body_min = 2;
    in.body_window = 64;
    in.body = sp("ab");
    assert_int_equal(run_tx(&x, &p, &in), 0);
    in.have &= ~DETECT_TXB_BIT(DETECT_TXB_FILE_DATA);
    in.body = sp("..................................EICAR.................................");
    assert_int_equal(run_tx(&x, &p, &in), B(1));
    in.body_min = 16;
    in.body_window = 8;
    /* a body whose headers' inspection was not seen (its slot reused): all is verified */
    in.tx_id = 9;
    in.have &= ~DETECT_TXB_BIT(DETECT_TXB_FILE_DATA);
    in.body = sp("MZ..............");
    assert_int_equal(run_tx(&x, &p, &in), B(2) | B(4));
    detect_flow_free(x.dt, &f);
    fx_fini(&x);
}

/*
 * The body prefilter scans only the bytes no earlier window scanned: a fast pattern seen
 * in an earlier window still names its signature while it is in the window, one split
 * between two pieces is found, and past DETECT_BODY_HITS hits the windows are scanned
 * whole (counted), with the same result.
 */
static void test_body_prefilter(void **state)
{
    (void)state;
    enum { N = 300 };
    static char rules[N * 96 + 512];
    size_t at = (size_t)snprintf(
        rules, sizeof(rules), "%s",
        "alert http any any -> any any (file_data; content:\"AAAA\"; fast_pattern; "
        "content:\"ZZZZ\"; distance:0; sid:1;)\n"
        "alert http any any -> any any (file_data; content:\"WXYZWXYZ\"; sid:2;)\n"
        "alert http any any -> any any (file_data; content:\"QQQQ\"; sid:3;)\n");
    for (int i = 0; i < N; i++)
        at += (size_t)snprintf(rules + at, sizeof(rules) - at,
                               "alert http any any -> any any (file_data; content:\"p%03d\"; "
                               "content:\"nv\"; sid:%d;)\n",
                               i, 100 + i);
    struct fx x;
    struct flow f;
    struct packet p;
    app_flow(&x, &f, &p, rules, APP_PROTO_HTTP);
    struct detect_tx_input in = {.tx_id = 0, .body_dir = -1};
    assert_int_equal(run_tx(&x, &p, &in), 0);
    in.body_dir = 1;
    in.body_min = 16;
    in.body_window = 64;
    const char *pieces[] = {"AAAA....QQQQ....", "....WXYZ", "WXYZ..ZZZZ", "...."};
    const uint64_t want[] = {B(3), 0, B(1) | B(2), 0};
    for (int k = 0; k < 4; k++) {
        in.have &= ~DETECT_TXB_BIT(DETECT_TXB_FILE_DATA);
        in.body = sp(pieces[k]);
        assert_int_equal(run_tx(&x, &p, &in), want[k]);
    }
    assert_int_equal(detect_thread_stats(x.dt)->body_pf_whole, 0);
    /* more hits than the prefilter keeps: this body's windows are scanned whole */
    static char many[N * 4 + 32];
    size_t n = (size_t)snprintf(many, sizeof(many), "AAAA");
    for (int i = 0; i < N; i++)
        n += (size_t)snprintf(many + n, sizeof(many) - n, "p%03d", i);
    headers_only(&in, 1);
    run_tx(&x, &p, &in);
    in.body_dir = 1;
    in.body_window = 2048;
    in.body = sp(many);
    assert_int_equal(run_tx(&x, &p, &in), 0);
    assert_int_equal(detect_thread_stats(x.dt)->body_pf_whole, 1);
    in.have &= ~DETECT_TXB_BIT(DETECT_TXB_FILE_DATA);
    in.body = sp("ZZZZ");
    assert_int_equal(run_tx(&x, &p, &in), B(1));
    detect_flow_free(x.dt, &f);
    fx_fini(&x);
}

/* dns.query on DNS request questions; "alert dns" runs only on flows found to be DNS. */
static void test_dns_query(void **state)
{
    (void)state;
    const char *rules =
        "alert dns any any -> any any (dns.query; content:\"evil\"; nocase; sid:1;)\n"
        "alert udp any any -> any any (dns_query; content:\".example\"; endswith; sid:2;)\n"
        "alert dns any any -> any any (content:\"|34 01|\"; sid:3;)\n";
    struct fx x;
    struct flow f;
    struct packet p;
    app_flow(&x, &f, &p, rules, APP_PROTO_DNS);
    struct detect_tx_input in = {.app_proto = APP_PROTO_DNS, .tx_id = 0, .body_dir = -1};
    in.buf[DETECT_TXB_DNS_QUERY] = sp("www.EVIL.example");
    in.have = DETECT_TXB_BIT(DETECT_TXB_DNS_QUERY);
    assert_int_equal(run_tx(&x, &p, &in), B(1) | B(2));
    in.tx_id = 1;
    in.buf[DETECT_TXB_DNS_QUERY] = sp("example.org");
    assert_int_equal(run_tx(&x, &p, &in), 0);
    mk_pkt(&p, 17, "\x12\x34\x01");
    p.flow = &f;
    assert_int_equal(run(&x, &p), B(3));
    f.app_proto = APP_PROTO_UNKNOWN;
    assert_int_equal(run(&x, &p), 0);
    detect_flow_free(x.dt, &f);
    fx_fini(&x);
}

/* tls.sni on the ClientHello's server name; "alert tls" only on flows found to be TLS. */
static void test_tls_sni(void **state)
{
    (void)state;
    const char *rules = "alert tls any any -> any any (tls.sni; content:\"bad.example\"; "
                        "endswith; sid:1;)\n"
                        "alert tcp any any -> any any (tls_sni; content:\"good\"; sid:2;)\n";
    struct fx x;
    struct flow f;
    struct packet p;
    app_flow(&x, &f, &p, rules, APP_PROTO_TLS);
    struct detect_tx_input in = {.app_proto = APP_PROTO_TLS, .tx_id = 0, .body_dir = -1};
    in.buf[DETECT_TXB_TLS_SNI] = sp("www.bad.example");
    in.have = DETECT_TXB_BIT(DETECT_TXB_TLS_SNI);
    assert_int_equal(run_tx(&x, &p, &in), B(1));
    f.app_proto = APP_PROTO_HTTP; /* an "alert tls" rule never fires on another protocol */
    in.tx_id = 1;
    assert_int_equal(run_tx(&x, &p, &in), 0);
    detect_flow_free(x.dt, &f);
    fx_fini(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_content_modifiers),
        cmocka_unit_test(test_content_backtracking),
        cmocka_unit_test(test_nocase_positions),
        cmocka_unit_test(test_early_fast_patterns),
        cmocka_unit_test(test_many_nonpayload_keywords),
        cmocka_unit_test(test_pcre),
        cmocka_unit_test(test_byte_keywords),
        cmocka_unit_test(test_header_keywords),
        cmocka_unit_test(test_icmp_keywords),
        cmocka_unit_test(test_flow_and_flowbits),
        cmocka_unit_test(test_address_memo),
        cmocka_unit_test(test_thresholds),
        cmocka_unit_test(test_threshold_file),
        cmocka_unit_test(test_iponly_once_per_direction),
        cmocka_unit_test(test_raw_stream),
        cmocka_unit_test(test_prefilter_groups),
        cmocka_unit_test(test_dsize_split),
        cmocka_unit_test(test_not_established),
        cmocka_unit_test(test_tx_buffers),
        cmocka_unit_test(test_tx_body_inspection),
        cmocka_unit_test(test_body_prefilter),
        cmocka_unit_test(test_port_groups),
        cmocka_unit_test(test_group_parts),
        cmocka_unit_test(test_cut_windows),
        cmocka_unit_test(test_tx_always),
        cmocka_unit_test(test_dns_query),
        cmocka_unit_test(test_tls_sni),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
