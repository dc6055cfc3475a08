/* SPDX-License-Identifier: GPL-2.0-only */
/* Tests for the entry points: raw IP and BSD loopback link types, IP-in-IP tunnels, caps. */
#include "test_util.h"

/* clang-format off */
static const uint8_t ipv4_ipip_udp[] = {
    /* outer IPv4: len 50, id 8, ttl 64, proto 4 IPv4, csum */
    0x45, 0x00, 0x00, 0x32, 0x00, 0x08, 0x00, 0x00, 0x40, 0x04, 0x02, 0xbc,
    /* outer IPv4: 203.0.113.1 -> 203.0.113.2 */
    0xcb, 0x00, 0x71, 0x01, 0xcb, 0x00, 0x71, 0x02,
    /* inner IPv4: len 30, id 5, proto 17 UDP, csum, 10.10.0.1 -> 10.20.0.1 */
    0x45, 0x00, 0x00, 0x1e, 0x00, 0x05, 0x00, 0x00, 0x40, 0x11, 0x66, 0xab,
    0x0a, 0x0a, 0x00, 0x01, 0x0a, 0x14, 0x00, 0x01,
    /* inner UDP: 5000 -> 6000, len 10, csum, "in" */
    0x13, 0x88, 0x17, 0x70, 0x00, 0x0a, 0x57, 0x54, 0x69, 0x6e,
}; /* 50 bytes */
/* clang-format on */

/* clang-format off */
static const uint8_t ipv4_6in4_udp[] = {
    /* outer IPv4: len 70, id 9, ttl 64, proto 41 IPv6, csum */
    0x45, 0x00, 0x00, 0x46, 0x00, 0x09, 0x00, 0x00, 0x40, 0x29, 0x02, 0x82,
    /* outer IPv4: 203.0.113.1 -> 203.0.113.2 */
    0xcb, 0x00, 0x71, 0x01, 0xcb, 0x00, 0x71, 0x02,
    /* inner IPv6: plen 10, next header 17 UDP, hop limit 64 */
    0x60, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x11, 0x40,
    /* inner IPv6: 2001:db8:6::1 -> 2001:db8:6::2 */
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x01, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x06, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
    /* inner UDP: 5000 -> 6000, len 10, csum, "in" */
    0x13, 0x88, 0x17, 0x70, 0x00, 0x0a, 0x0f, 0xf3, 0x69, 0x6e,
}; /* 70 bytes */
/* clang-format on */

/* The raw link takes the version from the first nibble. */
static void test_raw(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_RAW, ipv4_ipip_udp + 20, 30);
    ASSERT_NO_EVENTS(p);
    assert_int_equal(p->ip_ver, 4);
    assert_int_equal(p->dp, 6000);
    p = dt_decode(&t, DECODE_LINK_RAW, ipv4_6in4_udp + 20, 50);
    ASSERT_NO_EVENTS(p);
    assert_int_equal(p->ip_ver, 6);
    assert_int_equal(t.ctx.st.raw, 2);
    /* Another version: an event, not invalid (Suricata). */
    uint8_t f[30];
    memcpy(f, ipv4_ipip_udp + 20, sizeof(f));
    f[0] = 0x55;
    p = dt_decode(&t, DECODE_LINK_RAW, f, sizeof(f));
    ASSERT_EVENTS(p, DECODE_EV_IPRAW_INVALID_IP_VERSION);
    assert_int_equal(p->flags, 0);
    /* Under 20 bytes Suricata does not look, and calls it an IPv4 packet too small. */
    for (size_t cut = 0; cut < 20; cut++) {
        p = dt_decode(&t, DECODE_LINK_RAW, ipv4_6in4_udp + 20, cut);
        ASSERT_EVENTS(p, DECODE_EV_IPV4_PKT_TOO_SMALL);
        assert_flags(p, PKT_IS_INVALID, 0);
    }
    dt_fini(&t);
}

/* LINKTYPE_IPV4 (228) and LINKTYPE_IPV6 (229) name the version. */
static void test_linktype_ipv4_ipv6(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, ipv4_ipip_udp + 20, 30);
    ASSERT_NO_EVENTS(p);
    p = dt_decode(&t, DECODE_LINK_IPV6, ipv4_ipip_udp + 20, 30);
    ASSERT_EVENTS(p, DECODE_EV_IPV6_PKT_TOO_SMALL);
    p = dt_decode(&t, DECODE_LINK_IPV4, ipv4_6in4_udp + 20, 50);
    ASSERT_EVENTS(p, DECODE_EV_IPV4_WRONG_IP_VERSION);
    assert_int_equal(t.ctx.st.raw, 3);
    dt_fini(&t);
}

/* BSD loopback: the address family in either byte order, as libpcap reads it. */
static void test_null(void **state)
{
    (void)state;
    static const struct {
        uint8_t af[4];
        bool v6;
    } cases[] = {
        {{0x02, 0, 0, 0}, false}, /* AF_INET, little-endian host */
        {{0, 0, 0, 0x02}, false}, /* AF_INET, big-endian host */
        {{0x18, 0, 0, 0}, true},  /* 24: NetBSD, OpenBSD */
        {{0x1c, 0, 0, 0}, true},  /* 28: FreeBSD */
        {{0, 0, 0, 0x1e}, true},  /* 30: Darwin, big-endian */
        {{0x0a, 0, 0, 0}, true},  /* 10: Linux's AF_INET6, which Suricata also takes */
    };
    struct dt t;
    uint8_t f[4 + 50];
    dt_init(&t, true);
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        memcpy(f, cases[i].af, 4);
        const uint8_t *ip = cases[i].v6 ? ipv4_6in4_udp + 20 : ipv4_ipip_udp + 20;
        size_t len = cases[i].v6 ? 50 : 30;
        memcpy(f + 4, ip, len);
        struct packet *p = dt_decode(&t, DECODE_LINK_NULL, f, 4 + len);
        ASSERT_NO_EVENTS(p);
        assert_int_equal(p->ip_ver, cases[i].v6 ? 6 : 4);
        assert_int_equal(p->l3_off, 4);
    }
    memcpy(f, (const uint8_t[4]){7, 0, 0, 0}, 4);
    struct packet *p = dt_decode(&t, DECODE_LINK_NULL, f, 34);
    ASSERT_EVENTS(p, DECODE_EV_LTNULL_UNSUPPORTED_TYPE);
    assert_flags(p, PKT_IS_INVALID, 0);
    for (size_t cut = 0; cut < 4; cut++) {
        p = dt_decode(&t, DECODE_LINK_NULL, f, cut);
        ASSERT_EVENTS(p, DECODE_EV_LTNULL_PKT_TOO_SMALL);
    }
    assert_int_equal(t.ctx.st.null, KH_ARRAY_LEN(cases) + 5);
    dt_fini(&t);
}

static void test_ipip(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_RAW, ipv4_ipip_udp, sizeof(ipv4_ipip_udp));
    ASSERT_NO_EVENTS(p);
    /* IPv4 carrying IP keeps a flow of its own, as Suricata's FlowSetupPacket gives it. */
    assert_flags(p, PKT_HAS_TUNNEL | PKT_WANTS_FLOW, PKT_HAS_L4 | PKT_IS_INVALID);
    assert_int_equal(p->proto, 4);
    assert_int_equal(p->sp | p->dp, 0);
    assert_int_equal(p->tunnel_off, 20);
    assert_int_equal(p->tunnel_len, 30);
    struct packet *in = dt_tunnel(&t);
    ASSERT_NO_EVENTS(in);
    assert_flags(in, PKT_IS_TUNNEL_INNER | PKT_HAS_L4 | PKT_WANTS_FLOW, PKT_HAS_TUNNEL);
    assert_int_equal(in->tunnel_depth, 1);
    assert_int_equal(in->link, DECODE_LINK_IPV4);
    assert_int_equal(in->sp, 5000);
    assert_int_equal(t.ctx.st.ipv4, 2);
    assert_int_equal(t.ctx.st.ipv4_in_ipv4, 1);
    assert_int_equal(t.ctx.st.raw, 1);
    dt_fini(&t);
}

static void test_6in4(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_RAW, ipv4_6in4_udp, sizeof(ipv4_6in4_udp));
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_HAS_TUNNEL | PKT_WANTS_FLOW, PKT_HAS_L4);
    assert_int_equal(p->tunnel_link, DECODE_LINK_IPV6);
    struct packet *in = dt_tunnel(&t);
    ASSERT_NO_EVENTS(in);
    assert_int_equal(in->ip_ver, 6);
    assert_int_equal(in->dp, 6000);
    assert_flags(in, PKT_WANTS_FLOW, PKT_L4_CSUM_BAD);
    assert_int_equal(t.ctx.st.ipv6_in_ipv4, 1);
    /* A wrong inner packet is the inner packet's problem. */
    uint8_t f[sizeof(ipv4_6in4_udp)];
    memcpy(f, ipv4_6in4_udp, sizeof(f));
    f[20] = 0x45;
    p = dt_decode(&t, DECODE_LINK_RAW, f, sizeof(f));
    ASSERT_NO_EVENTS(p);
    in = dt_tunnel(&t);
    ASSERT_EVENTS(in, DECODE_EV_IPV6_WRONG_IP_VERSION);
    assert_flags(in, PKT_IS_INVALID, PKT_WANTS_FLOW);
    assert_int_equal(t.ctx.st.invalid, 1);
    dt_fini(&t);
}

/* IPv4 and IPv6 in IPv6 count as such once decoded. */
static void test_ip_in_ipv6_counters(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[128] = {0x60, 0, 0, 0, 0, 30, 4, 64};
    memcpy(f + 40, ipv4_ipip_udp + 20, 30);
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV6, f, 70);
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_HAS_TUNNEL, PKT_WANTS_FLOW);
    dt_tunnel(&t);
    f[5] = 50;
    f[6] = 41;
    memcpy(f + 40, ipv4_6in4_udp + 20, 50);
    p = dt_decode(&t, DECODE_LINK_IPV6, f, 90);
    ASSERT_NO_EVENTS(p);
    struct packet *in = dt_tunnel(&t);
    ASSERT_NO_EVENTS(in);
    assert_int_equal(t.ctx.st.ipv4_in_ipv6, 1);
    assert_int_equal(t.ctx.st.ipv6_in_ipv6, 1);
    dt_fini(&t);
}

/*
 * IPv4-in-IPv4 nested five deep. With a tunnel depth cap of 2 the packet at depth 2 raises
 * decoder.too_many_layers (invalid) instead of marking its tunnel, as Suricata raises it on
 * the parent of a tunnel it will not set up.
 */
static void test_tunnel_depth_cap(void **state)
{
    (void)state;
    uint8_t f[5 * 20 + 30];
    for (int i = 0; i < 5; i++) {
        memcpy(f + i * 20, ipv4_ipip_udp, 20);
        put16(f, (size_t)i * 20 + 2, (uint16_t)(sizeof(f) - (size_t)i * 20));
        fix_ipv4_csum(f + i * 20);
    }
    memcpy(f + 100, ipv4_ipip_udp + 20, 30);
    struct dt t;
    struct packet chain[3];
    dt_init(&t, true);
    t.ctx.max_tunnel_depth = 2;
    struct packet *p = dt_decode(&t, DECODE_LINK_RAW, f, sizeof(f));
    assert_true(decode_tunnel(&t.ctx, p, &chain[0]));
    assert_true(decode_tunnel(&t.ctx, &chain[0], &chain[1]));
    ASSERT_EVENTS(&chain[1], DECODE_EV_TOO_MANY_LAYERS);
    assert_flags(&chain[1], PKT_IS_INVALID | PKT_WANTS_FLOW, PKT_HAS_TUNNEL);
    assert_int_equal(chain[1].tunnel_depth, 2);
    assert_false(decode_tunnel(&t.ctx, &chain[1], &chain[2]));
    assert_int_equal(t.ctx.st.events[DECODE_EV_TOO_MANY_LAYERS], 1);
    /* decoder.max-layers counts layers across tunnels too: 3 IPv4 layers at most here. */
    dt_fini(&t);
    dt_init(&t, true);
    t.ctx.max_layers = 3;
    p = dt_decode(&t, DECODE_LINK_RAW, f, sizeof(f));
    assert_true(decode_tunnel(&t.ctx, p, &chain[0]));
    ASSERT_EVENTS(&chain[0], DECODE_EV_TOO_MANY_LAYERS);
    assert_int_equal(chain[0].layers, 2);
    dt_fini(&t);
}

static void test_no_tunnel(void **state)
{
    (void)state;
    struct dt t;
    struct packet in;
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_RAW, ipv4_ipip_udp + 20, 30);
    assert_false(decode_tunnel(&t.ctx, p, &in));
    dt_fini(&t);
}

/* A rebuilt datagram (defrag) is decoded without counting a new captured packet. */
static void test_rebuilt(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    struct packet p;
    memset(&p, 0, sizeof(p));
    p.data = ipv4_ipip_udp + 20;
    p.caplen = 30;
    p.link = DECODE_LINK_IPV4;
    p.tunnel_depth = 1;
    decode_rebuilt(&t.ctx, &p);
    ASSERT_NO_EVENTS(&p);
    assert_flags(&p, PKT_WANTS_FLOW, 0);
    assert_int_equal(p.tunnel_depth, 1);
    assert_int_equal(t.ctx.st.pkts, 0);
    assert_int_equal(t.ctx.st.bytes, 0);
    assert_int_equal(t.ctx.st.ipv4, 1);
    dt_fini(&t);
}

static void test_packet_counters(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    dt_decode(&t, DECODE_LINK_RAW, ipv4_ipip_udp, sizeof(ipv4_ipip_udp));
    dt_decode(&t, DECODE_LINK_RAW, ipv4_6in4_udp, sizeof(ipv4_6in4_udp));
    dt_decode(&t, DECODE_LINK_RAW, ipv4_6in4_udp, 10);
    assert_int_equal(t.ctx.st.pkts, 3);
    assert_int_equal(t.ctx.st.bytes, 50 + 70 + 10);
    assert_int_equal(t.ctx.st.max_pkt_size, 70);
    assert_int_equal(t.ctx.st.invalid, 1);
    dt_fini(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_raw),
        cmocka_unit_test(test_linktype_ipv4_ipv6),
        cmocka_unit_test(test_null),
        cmocka_unit_test(test_ipip),
        cmocka_unit_test(test_6in4),
        cmocka_unit_test(test_ip_in_ipv6_counters),
        cmocka_unit_test(test_tunnel_depth_cap),
        cmocka_unit_test(test_no_tunnel),
        cmocka_unit_test(test_rebuilt),
        cmocka_unit_test(test_packet_counters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
