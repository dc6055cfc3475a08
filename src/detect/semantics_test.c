/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for matching semantics: checksum keywords, tcp.flags, app-layer header rules,
 * on crafted packets. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "app/app.h"
#include "detect/detect.h"
#include "detect/match.h"
#include "detect/test_fx.h"
#include "flow/flow.h"

static uint64_t run(struct fx *x, const struct packet *p)
{
    const struct detect_alert *al;
    size_t n = detect_packet(x->dt, p, (struct span){NULL, 0}, 0, &al);
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++)
        m |= 1ull << al[i].s->sid;
    return m;
}

#define B(n) (1ull << (n))

static uint64_t run_tx(struct fx *x, const struct packet *p, struct detect_tx_input *in);

/*
 * 192.0.2.1:1024 -> 192.0.2.2:53 UDP "hi", IPv4 header and UDP checksums valid
 * (computed by hand: IPv4 0xf6ca... see the bytes), as a decoder would describe it.
 */
static uint8_t udp_frame[] = {
    /* IPv4: ver/ihl, tos, len 30, id 1, flags/frag 0, ttl 64, proto 17, csum, src, dst */
    0x45, 0x00, 0x00, 0x1e, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00, 192, 0, 2, 1, 192, 0, 2,
    2,
    /* UDP: sport 1024, dport 53, len 10, csum */
    0x04, 0x00, 0x00, 0x35, 0x00, 0x0a, 0x00, 0x00, 'h', 'i'};

static uint16_t fold(const uint8_t *b, size_t n, uint32_t sum)
{
    for (size_t i = 0; i + 1 < n; i += 2)
        sum += (uint32_t)(b[i] << 8 | b[i + 1]);
    if (n & 1)
        sum += (uint32_t)(b[n - 1] << 8);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

static void mk_udp(struct packet *p)
{
    memset(p, 0, sizeof(*p));
    uint16_t c = fold(udp_frame, 20, 0);
    udp_frame[10] = (uint8_t)(c >> 8), udp_frame[11] = (uint8_t)c;
    /* pseudo header: src, dst, zero, proto, udp length */
    uint32_t ps = (192 << 8 | 0) + (2 << 8 | 1) + (192 << 8 | 0) + (2 << 8 | 2) + 17 + 10;
    udp_frame[26] = udp_frame[27] = 0;
    c = fold(udp_frame + 20, 10, ps);
    udp_frame[26] = (uint8_t)(c >> 8), udp_frame[27] = (uint8_t)c;
    p->data = udp_frame;
    p->caplen = p->wirelen = sizeof(udp_frame);
    p->ip_ver = 4;
    p->proto = 17;
    p->flags = PKT_HAS_L4 | PKT_WANTS_FLOW;
    memcpy(p->src.b, udp_frame + 12, 4);
    memcpy(p->dst.b, udp_frame + 16, 4);
    p->sp = 1024;
    p->dp = 53;
    p->l3_off = 0;
    p->l4_off = 20;
    p->l3_len = sizeof(udp_frame);
    p->payload = (struct span){udp_frame + 28, 2};
}

static void test_csum_keywords(void **state)
{
    (void)state;
    const char *rules = "alert udp any any -> any any (ipv4-csum:valid; sid:1;)\n"
                        "alert udp any any -> any any (ipv4-csum:invalid; sid:2;)\n"
                        "alert udp any any -> any any (udpv4-csum:valid; sid:3;)\n"
                        "alert udp any any -> any any (udpv4-csum:invalid; sid:4;)\n"
                        "alert ip any any -> any any (tcpv4-csum:valid; sid:5;)\n"
                        "alert ip any any -> any any (tcpv4-csum:invalid; sid:6;)\n";
    struct fx x;
    struct packet p;
    fx_init(&x, rules);
    mk_udp(&p);
    assert_int_equal(run(&x, &p), B(1) | B(3)); /* not TCP: neither tcpv4-csum matches */
    udp_frame[27] ^= 0x55;                      /* break the UDP checksum */
    assert_int_equal(run(&x, &p), B(1) | B(4));
    udp_frame[11] ^= 0x55; /* and the IPv4 header's */
    assert_int_equal(run(&x, &p), B(2) | B(4));
    fx_fini(&x);

    char err[256];
    struct detect_load_opts o = {.text = "alert ip any any -> any any (ipv4-csum:maybe; sid:1;)\n",
                                 .text_name = "t.rules",
                                 .init_errors_fatal = true};
    assert_null(detect_rules_load(&o, err, sizeof(err)));
}

/* stream-event: the stream.* events raised on the packet; an unknown name fails. */
static void test_stream_event(void **state)
{
    (void)state;
    struct fx x;
    struct packet p;
    fx_init(&x, "alert tcp any any -> any any (stream-event:pkt_invalid_timestamp; sid:1;)\n");
    memset(&p, 0, sizeof(p));
    p.ip_ver = 4;
    p.proto = 6;
    p.flags = PKT_HAS_L4;
    assert_int_equal(run(&x, &p), 0);
    p.ev[p.ev_cnt++] = DECODE_EV_STREAM_PKT_INVALID_TIMESTAMP;
    assert_int_equal(run(&x, &p), B(1));
    fx_fini(&x);
    char err[256];
    struct detect_load_opts o = {
        .text = "alert tcp any any -> any any (stream-event:no_such_event; sid:1;)\n",
        .text_name = "t.rules",
        .init_errors_fatal = true};
    assert_null(detect_rules_load(&o, err, sizeof(err)));
}

/*
 * A pass rule that matches: no alert, the other rules skip the packet, and on TCP the
 * flow is passed (later packets not inspected). Flowbits it sets are still set and their
 * names are listed for EVE (traffic/id/...).
 */
static void test_pass_rule(void **state)
{
    (void)state;
    const char *rules =
        "pass tcp any any -> any any (content:\"ok\"; flowbits:set,traffic/id/ok; sid:1;)\n"
        "alert tcp any any -> any any (content:\"o\"; sid:2;)\n";
    struct fx x;
    struct flow f;
    struct packet p;
    fx_init(&x, rules);
    memset(&f, 0, sizeof(f));
    memset(&p, 0, sizeof(p));
    p.ip_ver = 4;
    p.proto = 6;
    p.flags = PKT_HAS_L4 | PKT_WANTS_FLOW;
    p.flow = &f;
    p.payload = (struct span){(const uint8_t *)"no", 2};
    assert_int_equal(run(&x, &p), B(2));
    p.payload = (struct span){(const uint8_t *)"ok", 2};
    assert_int_equal(run(&x, &p), 0);
    p.payload = (struct span){(const uint8_t *)"no", 2};
    assert_int_equal(run(&x, &p), 0); /* the flow is passed */
    const char *names[4];
    assert_int_equal(detect_flow_flowbits(x.dt, &f, names, 4), 1);
    assert_string_equal(names[0], "traffic/id/ok");
    detect_flow_free(x.dt, &f);
    fx_fini(&x);
}

/*
 * => rules: the addresses name the flow's client and server whatever the packet's
 * direction, and sticky buffers may say their side (to_server / to_client).
 */
static void test_transactional_rule(void **state)
{
    (void)state;
    const char *rules = "alert http 10.0.0.1 any => 10.0.0.2 any (http.uri: to_server; "
                        "content:\"/dl\"; http.stat_code: to_client; content:\"200\"; sid:1;)\n"
                        "alert http 10.0.0.1 any -> 10.0.0.2 any (http.uri; content:\"/dl\"; "
                        "http.stat_code; content:\"200\"; sid:2;)\n";
    struct fx x;
    struct flow f;
    struct packet p;
    fx_init(&x, rules);
    memset(&f, 0, sizeof(f));
    f.app_proto = APP_PROTO_HTTP;
    memset(&p, 0, sizeof(p));
    p.ip_ver = 4;
    p.proto = 6;
    p.flags = PKT_HAS_L4 | PKT_WANTS_FLOW;
    p.flow = &f;
    p.flow_dir = 1; /* the response, server to client */
    p.src.b[0] = 10, p.src.b[3] = 2;
    p.dst.b[0] = 10, p.dst.b[3] = 1;
    struct detect_tx_input in = {.app_proto = APP_PROTO_HTTP, .tx_id = 0, .body_dir = -1};
    in.buf[DETECT_TXB_URI] = (struct span){(const uint8_t *)"/dl", 3};
    in.buf[DETECT_TXB_STAT_CODE] = (struct span){(const uint8_t *)"200", 3};
    in.have = DETECT_TXB_BIT(DETECT_TXB_URI) | DETECT_TXB_BIT(DETECT_TXB_STAT_CODE);
    assert_int_equal(run_tx(&x, &p, &in), B(1));
    detect_flow_free(x.dt, &f);
    fx_fini(&x);
    char err[256];
    struct detect_load_opts o = {
        .text = "alert http any any -> any any (http.uri: to_server; content:\"a\"; sid:1;)\n",
        .text_name = "t.rules",
        .init_errors_fatal = true};
    assert_null(detect_rules_load(&o, err, sizeof(err))); /* a side only in => rules */
}

/* icmpv6.mtu: the MTU of a Packet Too Big message only. */
static void test_icmpv6_mtu(void **state)
{
    (void)state;
    static const uint8_t ptb[] = {2, 0, 0, 0, 0x00, 0x00, 0x04, 0xb0}; /* type 2, mtu 1200 */
    const char *rules = "alert ipv6 any any -> any any (icmpv6.mtu:<1280; sid:1;)\n"
                        "alert ipv6 any any -> any any (icmpv6.mtu:1200; sid:2;)\n"
                        "alert ipv6 any any -> any any (icmpv6.mtu:>1500; sid:3;)\n";
    struct fx x;
    struct packet p;
    fx_init(&x, rules);
    memset(&p, 0, sizeof(p));
    p.data = ptb;
    p.caplen = sizeof(ptb);
    p.ip_ver = 6;
    p.proto = 58;
    p.flags = PKT_HAS_L4;
    p.icmp_type = 2;
    assert_int_equal(run(&x, &p), B(1) | B(2));
    p.icmp_type = 128; /* an echo request: no MTU */
    assert_int_equal(run(&x, &p), 0);
    fx_fini(&x);
}

static void test_tcp_flags(void **state)
{
    (void)state;
    const char *rules = "alert tcp any any -> any any (tcp.flags:S; sid:1;)\n"
                        "alert tcp any any -> any any (tcp.flags:SA; sid:2;)\n"
                        "alert tcp any any -> any any (flags:S,12; sid:3;)\n";
    struct fx x;
    struct packet p;
    fx_init(&x, rules);
    memset(&p, 0, sizeof(p));
    p.ip_ver = 4;
    p.proto = 6;
    p.flags = PKT_HAS_L4 | PKT_WANTS_FLOW;
    p.tcp_flags = 0x02; /* SYN */
    assert_int_equal(run(&x, &p), B(1) | B(3));
    p.tcp_flags = 0x12; /* SYN/ACK */
    assert_int_equal(run(&x, &p), B(2));
    fx_fini(&x);
}

/* "alert http" without other keywords: every packet of the flow once it is HTTP. */
static void test_app_header_rule(void **state)
{
    (void)state;
    struct fx x;
    struct flow f;
    struct packet p;
    fx_init(&x, "alert http any any -> any any (sid:1;)\n");
    memset(&f, 0, sizeof(f));
    memset(&p, 0, sizeof(p));
    p.ip_ver = 4;
    p.proto = 6;
    p.flags = PKT_HAS_L4 | PKT_WANTS_FLOW;
    p.flow = &f;
    assert_int_equal(run(&x, &p), 0); /* the handshake: protocol unknown yet */
    f.app_proto = APP_PROTO_HTTP;
    assert_int_equal(run(&x, &p), B(1));
    assert_int_equal(run(&x, &p), B(1));
    detect_flow_free(x.dt, &f);
    fx_fini(&x);
}

static uint64_t run_tx(struct fx *x, const struct packet *p, struct detect_tx_input *in)
{
    const struct detect_alert *al;
    size_t n = detect_tx(x->dt, p, in, &al);
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++)
        m |= 1ull << al[i].s->sid;
    return m;
}

/* dns.opcode, dns.rcode (number or name), dns.rrtype (any type) and a DNS multi-buffer. */
static void test_dns_keywords(void **state)
{
    (void)state;
    const char *rules = "alert dns any any -> any any (dns.opcode:4; sid:1;)\n"
                        "alert dns any any -> any any (dns.opcode:!0; sid:2;)\n"
                        "alert dns any any -> any any (dns.rcode:NXDOMAIN; sid:3;)\n"
                        "alert dns any any -> any any (dns.rcode:3; sid:4;)\n"
                        "alert dns any any -> any any (dns.rrtype:28; sid:5;)\n"
                        "alert dns any any -> any any (dns.rrtype:!1; sid:6;)\n"
                        "alert dns any any -> any any (dns.response.rrname; content:\"cdn\"; "
                        "dns.rcode:0; sid:7;)\n";
    struct fx x;
    struct flow f;
    struct packet p;
    fx_init(&x, rules);
    memset(&f, 0, sizeof(f));
    f.app_proto = APP_PROTO_DNS;
    mk_udp(&p);
    p.flow = &f;
    const uint16_t types[] = {1, 28};
    struct detect_tx_input in = {.app_proto = APP_PROTO_DNS, .tx_id = 0, .body_dir = -1};
    in.dns = (struct detect_dns_msg){.opcode = 0, .rcode = 3, .types = types, .ntypes = 2};
    in.have = DETECT_TXB_BIT(DETECT_TXB_DNS_MSG);
    assert_int_equal(run_tx(&x, &p, &in), B(3) | B(4) | B(5) | B(6));
    in.tx_id = 1;
    in.dns = (struct detect_dns_msg){.opcode = 4, .rcode = 0, .types = types, .ntypes = 1};
    in.buf[DETECT_TXB_DNS_RESPONSE] = (struct span){(const uint8_t *)"edge.cdn.example", 16};
    in.have |= DETECT_TXB_BIT(DETECT_TXB_DNS_RESPONSE);
    assert_int_equal(run_tx(&x, &p, &in), B(1) | B(2) | B(7));
    /* without the message's fields (not a DNS transaction) none of them matches */
    in.tx_id = 2;
    in.have = 0;
    assert_int_equal(run_tx(&x, &p, &in), 0);
    detect_flow_free(x.dt, &f);
    fx_fini(&x);
}

static const char *ev_name(unsigned ev)
{
    static const char *const names[] = {"malformed_data", "not_a_request", "z_flag_set"};
    return ev < 3 ? names[ev] : NULL;
}

/* app-layer-event on the transaction's events; other protocols' events are not loaded. */
static void test_app_layer_event(void **state)
{
    (void)state;
    const char *rules = "alert dns any any -> any any (app-layer-event:dns.z_flag_set; sid:1;)\n"
                        "alert dns any any -> any any (app-layer-event:dns.Z_FLAG_SET; "
                        "flow:to_client; sid:2;)\n"
                        "alert dns any any -> any any (app-layer-event:http.z_flag_set; sid:3;)\n"
                        "alert tcp any any -> any any (app-layer-event:smtp.invalid_reply; "
                        "sid:4;)\n";
    struct fx x;
    struct flow f;
    struct packet p;
    fx_init(&x, rules);
    memset(&f, 0, sizeof(f));
    f.app_proto = APP_PROTO_DNS;
    mk_udp(&p);
    p.flow = &f;
    struct detect_tx_input in = {.app_proto = APP_PROTO_DNS, .tx_id = 0, .body_dir = -1};
    in.events = (struct detect_app_events){.proto = "dns", .bits = 1u << 1, .name = ev_name};
    in.have = DETECT_TXB_BIT(DETECT_TXB_EVENTS);
    assert_int_equal(run_tx(&x, &p, &in), 0);
    in.tx_id = 1;
    in.events.bits |= 1u << 2;
    assert_int_equal(run_tx(&x, &p, &in), B(1));
    p.flow_dir = 1;
    in.tx_id = 2;
    assert_int_equal(run_tx(&x, &p, &in), B(1) | B(2));
    in.tx_id = 3;
    in.have = 0; /* no events given: none matches */
    assert_int_equal(run_tx(&x, &p, &in), 0);
    assert_int_equal(x.r->nunsupported, 1); /* the smtp one (tls events reach detection) */
    detect_flow_free(x.dt, &f);
    fx_fini(&x);
}

/* Transforms on a sticky buffer; the buffer named again with transforms is a new one. */
static void test_transforms(void **state)
{
    (void)state;
    const char *rules =
        "alert http any any -> any any (http.uri; content:\"/?arg=Zm 9v\"; from_base64: offset "
        "6, mode rfc2045; content:\"foobar\"; sid:1;)\n"
        "alert http any any -> any any (http.uri; from_base64: offset 6, mode strict; "
        "content:\"foo\"; sid:2;)\n"
        "alert http any any -> any any (http.uri; from_base64: offset 6; content:\"foo\"; "
        "sid:3;)\n"
        "alert http any any -> any any (http.uri; content:\"/?arg=\"; startswith; http.uri; "
        "pcrexform:\"arg=(.*)\"; to_uppercase; strip_whitespace; content:\"ZM9V\"; "
        "startswith; sid:4;)\n"
        "alert http any any -> any any (http.uri; to_md5; content:\"|6a 4c|\"; sid:5;)\n"
        "alert http any any -> any any (http.uri; xor:\"0102\"; content:\"|2e 3d|\"; "
        "startswith; sid:6;)\n"
        "alert http any any -> any any (http.uri; url_decode; content:\"a b\"; sid:7;)\n";
    struct fx x;
    struct flow f;
    struct packet p;
    fx_init(&x, rules);
    memset(&f, 0, sizeof(f));
    f.app_proto = APP_PROTO_HTTP;
    memset(&p, 0, sizeof(p));
    p.ip_ver = 4;
    p.proto = 6;
    p.flags = PKT_HAS_L4 | PKT_WANTS_FLOW;
    p.flow = &f;
    struct detect_tx_input in = {.app_proto = APP_PROTO_HTTP, .tx_id = 0, .body_dir = -1};
    in.buf[DETECT_TXB_URI] = (struct span){(const uint8_t *)"/?arg=Zm 9v Ym Fy", 17};
    in.have = DETECT_TXB_BIT(DETECT_TXB_URI);
    /* "/" ^ 01 = 2e, "?" ^ 02 = 3d; md5("/?arg=Zm 9v Ym Fy") starts 6a 4c? checked below */
    uint64_t m = run_tx(&x, &p, &in);
    assert_int_equal(m & ~B(5), B(1) | B(4) | B(6)); /* rfc4648 stops at the space */
    in.tx_id = 1;
    in.buf[DETECT_TXB_URI] = (struct span){(const uint8_t *)"/x%20a+b", 8};
    assert_int_equal(run_tx(&x, &p, &in) & B(7), B(7));
    detect_flow_free(x.dt, &f);
    fx_fini(&x);

    static const char *const bad[] = {
        "alert http any any -> any any (http.uri; xor:\"0g\"; content:\"a\"; sid:1;)\n",
        "alert http any any -> any any (http.uri; xor:\"012\"; content:\"a\"; sid:1;)\n",
        "alert http any any -> any any (http.uri; pcrexform:\"ab\"; content:\"a\"; sid:1;)\n",
        "alert http any any -> any any (http.uri; pcrexform:\"(a\"; content:\"a\"; sid:1;)\n",
        "alert http any any -> any any (http.uri; from_base64: mode x; content:\"a\"; sid:1;)\n",
        "alert tcp any any -> any any (to_lowercase; content:\"a\"; sid:1;)\n",
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
        cmocka_unit_test(test_csum_keywords),   cmocka_unit_test(test_stream_event),
        cmocka_unit_test(test_pass_rule),       cmocka_unit_test(test_transactional_rule),
        cmocka_unit_test(test_icmpv6_mtu),      cmocka_unit_test(test_tcp_flags),
        cmocka_unit_test(test_app_header_rule), cmocka_unit_test(test_dns_keywords),
        cmocka_unit_test(test_app_layer_event), cmocka_unit_test(test_transforms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
