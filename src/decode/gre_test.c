/* SPDX-License-Identifier: GPL-2.0-only */
/* Tests for GRE: version 0 optional fields and routing, version 1 (PPTP), tunnels, events. */
#include "test_util.h"

/* clang-format off */
static const uint8_t ipv4_gre_ipv4_udp[] = {
    /* IPv4: len 62, id 6, ttl 64, proto 47 GRE, csum */
    0x45, 0x00, 0x00, 0x3e, 0x00, 0x06, 0x00, 0x00, 0x40, 0x2f, 0x02, 0x87,
    /* IPv4: 203.0.113.1 -> 203.0.113.2 */
    0xcb, 0x00, 0x71, 0x01, 0xcb, 0x00, 0x71, 0x02,
    /* GRE: flags K S, version 0, protocol 0x0800 IPv4, key 0x1234, sequence 1 */
    0x30, 0x00, 0x08, 0x00, 0x00, 0x00, 0x12, 0x34, 0x00, 0x00, 0x00, 0x01,
    /* inner IPv4: len 30, id 5, proto 17 UDP, 10.10.0.1 -> 10.20.0.1 */
    0x45, 0x00, 0x00, 0x1e, 0x00, 0x05, 0x00, 0x00, 0x40, 0x11, 0x66, 0xab,
    0x0a, 0x0a, 0x00, 0x01, 0x0a, 0x14, 0x00, 0x01,
    /* inner UDP: 5000 -> 6000, len 10, csum, "in" */
    0x13, 0x88, 0x17, 0x70, 0x00, 0x0a, 0x57, 0x54, 0x69, 0x6e,
}; /* 62 bytes */
/* clang-format on */

/* clang-format off */
static const uint8_t ipv4_gre_teb[] = {
    /* IPv4: len 72, id 7, ttl 64, proto 47 GRE, csum */
    0x45, 0x00, 0x00, 0x48, 0x00, 0x07, 0x00, 0x00, 0x40, 0x2f, 0x02, 0x7c,
    /* IPv4: 203.0.113.1 -> 203.0.113.2 */
    0xcb, 0x00, 0x71, 0x01, 0xcb, 0x00, 0x71, 0x02,
    /* GRE: flags C, version 0, protocol 0x6558 Ethernet bridging, checksum, reserved */
    0x80, 0x00, 0x65, 0x58, 0xc4, 0xbd, 0x00, 0x00,
    /* inner Ethernet: dst 00:00:5e:00:53:12, src 00:00:5e:00:53:11, type 0x0800 */
    0x00, 0x00, 0x5e, 0x00, 0x53, 0x12, 0x00, 0x00, 0x5e, 0x00, 0x53, 0x11,
    0x08, 0x00,
    /* inner IPv4: len 30, proto 17 UDP, 10.10.0.1 -> 10.20.0.1 */
    0x45, 0x00, 0x00, 0x1e, 0x00, 0x05, 0x00, 0x00, 0x40, 0x11, 0x66, 0xab,
    0x0a, 0x0a, 0x00, 0x01, 0x0a, 0x14, 0x00, 0x01,
    /* inner UDP: 5000 -> 6000, len 10, "in" */
    0x13, 0x88, 0x17, 0x70, 0x00, 0x0a, 0x57, 0x54, 0x69, 0x6e,
}; /* 72 bytes */
/* clang-format on */

#define GRE_OFF 20

/* Outer IPv4 + a GRE header (hlen bytes of `gre`) + the inner packet of ipv4_gre_ipv4_udp. */
static size_t with_gre(uint8_t *out, const uint8_t *gre, size_t hlen)
{
    memcpy(out, ipv4_gre_ipv4_udp, GRE_OFF);
    memcpy(out + GRE_OFF, gre, hlen);
    memcpy(out + GRE_OFF + hlen, ipv4_gre_ipv4_udp + 32, 30);
    put16(out, 2, (uint16_t)(GRE_OFF + hlen + 30));
    fix_ipv4_csum(out);
    return GRE_OFF + hlen + 30;
}

static void test_v0_ipv4(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    struct packet *p =
        dt_decode(&t, DECODE_LINK_IPV4, ipv4_gre_ipv4_udp, sizeof(ipv4_gre_ipv4_udp));
    ASSERT_NO_EVENTS(p);
    /* The outer packet carries the tunnel; Suricata gives it no flow. */
    assert_flags(p, PKT_HAS_TUNNEL, PKT_WANTS_FLOW | PKT_HAS_L4 | PKT_IS_INVALID);
    assert_int_equal(p->proto, 47);
    assert_int_equal(p->l4_off, GRE_OFF);
    assert_int_equal(p->tunnel_off, 32);
    assert_int_equal(p->tunnel_len, 30);
    assert_int_equal(p->tunnel_link, DECODE_LINK_IPV4);
    assert_int_equal(p->layers, 2);

    struct packet *in = dt_tunnel(&t);
    ASSERT_NO_EVENTS(in);
    assert_flags(in, PKT_IS_TUNNEL_INNER | PKT_HAS_L4 | PKT_WANTS_FLOW,
                 PKT_IS_INVALID | PKT_L4_CSUM_BAD | PKT_HAS_TUNNEL);
    assert_int_equal(in->tunnel_depth, 1);
    assert_int_equal(in->layers, 3);
    assert_int_equal(in->sp, 5000);
    assert_int_equal(in->dp, 6000);
    assert_ptr_equal(in->data, p->data + 32);
    assert_int_equal(in->caplen, 30);
    assert_int_equal(in->pcap_cnt, p->pcap_cnt);
    assert_int_equal(in->ts_usec, p->ts_usec);
    assert_int_equal(t.ctx.st.gre, 1);
    assert_int_equal(t.ctx.st.ipv4, 2);
    assert_int_equal(t.ctx.st.udp, 1);
    assert_int_equal(t.ctx.st.pkts, 1); /* the inner packet is not a captured one */
    assert_int_equal(t.ctx.st.ipv4_in_ipv4, 0);
    dt_fini(&t);
}

/* Transparent Ethernet bridging (0x6558): the inner packet is an Ethernet frame. */
static void test_v0_teb(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, ipv4_gre_teb, sizeof(ipv4_gre_teb));
    ASSERT_NO_EVENTS(p);
    assert_int_equal(p->tunnel_link, DECODE_LINK_ETHERNET);
    assert_int_equal(p->tunnel_off, 28);
    struct packet *in = dt_tunnel(&t);
    ASSERT_NO_EVENTS(in);
    assert_int_equal(in->l3_off, 14);
    assert_int_equal(in->dp, 6000);
    assert_int_equal(t.ctx.st.ethernet, 1);
    dt_fini(&t);
}

static void test_v0_ipv6_and_others(void **state)
{
    (void)state;
    static const uint8_t v6[] = {0x00, 0x00, 0x86, 0xdd};   /* no flags, IPv6 */
    static const uint8_t mpls[] = {0x00, 0x00, 0x88, 0x47}; /* MPLS: not decoded */
    struct dt t;
    uint8_t f[128];
    dt_init(&t, false);
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, with_gre(f, v6, 4));
    ASSERT_NO_EVENTS(p);
    assert_int_equal(p->tunnel_link, DECODE_LINK_IPV6);
    p = dt_decode(&t, DECODE_LINK_IPV4, f, with_gre(f, mpls, 4));
    ASSERT_NO_EVENTS(p);
    assert_int_equal(p->flags, 0);
    dt_fini(&t);
}

/* The outer length cut to every GRE length; then the inner packet's own truncation. */
static void test_truncation_every_byte(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[sizeof(ipv4_gre_ipv4_udp)];
    dt_init(&t, false);
    for (size_t g = 0; g <= sizeof(f) - GRE_OFF; g++) {
        memcpy(f, ipv4_gre_ipv4_udp, sizeof(f));
        put16(f, 2, (uint16_t)(GRE_OFF + g));
        struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, GRE_OFF + g);
        if (g < 4)
            ASSERT_EVENTS(p, DECODE_EV_GRE_PKT_TOO_SMALL);
        else if (g < 12)
            ASSERT_EVENTS(p, DECODE_EV_GRE_VERSION0_HDR_TOO_BIG);
        else
            ASSERT_NO_EVENTS(p);
        if (g < 12) {
            assert_flags(p, PKT_IS_INVALID, PKT_HAS_TUNNEL);
            continue;
        }
        assert_int_equal(p->tunnel_len, g - 12);
        struct packet *in = dt_tunnel(&t);
        if (g - 12 < 20)
            ASSERT_EVENTS(in, DECODE_EV_IPV4_PKT_TOO_SMALL);
        else if (g - 12 < 30)
            ASSERT_EVENTS(in, DECODE_EV_IPV4_TRUNC_PKT);
        else
            ASSERT_NO_EVENTS(in);
    }
    dt_fini(&t);
}

/* RFC 1701 source routing: entries up to one of family 0 and length 0. */
static void test_v0_routing(void **state)
{
    (void)state;
    /* clang-format off */
    static const uint8_t routed[] = {
        0x40, 0x00, 0x08, 0x00, /* flags R, version 0, IPv4 */
        0x00, 0x00, 0x00, 0x00, /* checksum (absent), offset */
        0x08, 0x00, 0x00, 0x04, /* SRE: family 0x0800, offset 0, length 4 */
        0x0a, 0x00, 0x00, 0x01, /* 10.0.0.1 */
        0x00, 0x00, 0x00, 0x00, /* SRE: family 0, length 0: the end */
    };
    /* clang-format on */
    /* clang-format off */
    static const uint8_t sre_past_end[] = {
        0x40, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x08, 0x00, 0x00, 0xff, /* SRE: length 255, far past the packet */
    };
    /* clang-format on */
    struct dt t;
    uint8_t f[128];
    dt_init(&t, false);
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, with_gre(f, routed, sizeof(routed)));
    ASSERT_NO_EVENTS(p);
    assert_int_equal(p->tunnel_off, GRE_OFF + sizeof(routed));
    p = dt_decode(&t, DECODE_LINK_IPV4, f, with_gre(f, sre_past_end, sizeof(sre_past_end)));
    ASSERT_EVENTS(p, DECODE_EV_GRE_VERSION0_MALFORMED_SRE_HDR);
    assert_flags(p, PKT_IS_INVALID, PKT_HAS_TUNNEL);
    /* Entries that never end: the walk stops at the end of the packet. */
    uint8_t endless[8 + 30] = {0x40, 0x00, 0x08, 0x00};
    for (size_t i = 8; i + 4 <= sizeof(endless); i += 4)
        put16(endless, i, 0x0800);
    p = dt_decode(&t, DECODE_LINK_IPV4, f, with_gre(f, endless, sizeof(endless)) - 30);
    ASSERT_EVENTS(p, DECODE_EV_IPV4_TRUNC_PKT);
    put16(f, 2, (uint16_t)(GRE_OFF + sizeof(endless)));
    fix_ipv4_csum(f);
    p = dt_decode(&t, DECODE_LINK_IPV4, f, GRE_OFF + sizeof(endless));
    ASSERT_EVENTS(p, DECODE_EV_GRE_VERSION0_MALFORMED_SRE_HDR);
    dt_fini(&t);
}

/* Header values Suricata refuses, for each version. */
static void test_refused_headers(void **state)
{
    (void)state;
    static const struct {
        uint8_t hdr[16];
        size_t n;
        int ev;
    } cases[] = {
        {{0x00, 0x02, 0x08, 0x00}, 4, DECODE_EV_GRE_WRONG_VERSION},  /* version 2 */
        {{0x01, 0x00, 0x08, 0x00}, 4, DECODE_EV_GRE_VERSION0_RECUR}, /* recursion 1 */
        {{0x00, 0x08, 0x08, 0x00}, 4, DECODE_EV_GRE_VERSION0_FLAGS}, /* reserved flag */
        {{0xb0, 0x01, 0x88, 0x0b, 0, 0, 0, 0, 0, 0, 0, 0}, 12, DECODE_EV_GRE_VERSION1_CHKSUM},
        {{0x60, 0x01, 0x88, 0x0b, 0, 0, 0, 0}, 8, DECODE_EV_GRE_VERSION1_ROUTE},
        {{0x28, 0x01, 0x88, 0x0b, 0, 0, 0, 0}, 8, DECODE_EV_GRE_VERSION1_SSR},
        {{0x21, 0x01, 0x88, 0x0b, 0, 0, 0, 0}, 8, DECODE_EV_GRE_VERSION1_RECUR},
        {{0x20, 0x09, 0x88, 0x0b, 0, 0, 0, 0}, 8, DECODE_EV_GRE_VERSION1_FLAGS},
        {{0x20, 0x01, 0x08, 0x00, 0, 0, 0, 0}, 8, DECODE_EV_GRE_VERSION1_WRONG_PROTOCOL},
        {{0x10, 0x01, 0x88, 0x0b, 0, 0, 0, 0}, 8, DECODE_EV_GRE_VERSION1_NO_KEY},
    };
    struct dt t;
    uint8_t f[128];
    dt_init(&t, false);
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        struct packet *p =
            dt_decode(&t, DECODE_LINK_IPV4, f, with_gre(f, cases[i].hdr, cases[i].n));
        ASSERT_EVENTS(p, cases[i].ev);
        assert_flags(p, PKT_IS_INVALID, PKT_HAS_TUNNEL | PKT_WANTS_FLOW);
    }
    dt_fini(&t);
}

/* PPTP's enhanced GRE: checked, counted, its PPP payload not decoded. */
static void test_v1_pptp(void **state)
{
    (void)state;
    /* clang-format off */
    static const uint8_t pptp[] = {
        /* GRE: flags K S, A + version 1, protocol 0x880b PPP */
        0x30, 0x81, 0x88, 0x0b,
        /* payload length 4, call id 7, sequence 1, acknowledgment 2 */
        0x00, 0x04, 0x00, 0x07, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,
        /* PPP: address 0xff, control 0x03, protocol 0x0021 IPv4 */
        0xff, 0x03, 0x00, 0x21,
    };
    /* clang-format on */
    struct dt t;
    uint8_t f[128];
    dt_init(&t, false);
    memcpy(f, ipv4_gre_ipv4_udp, GRE_OFF);
    memcpy(f + GRE_OFF, pptp, sizeof(pptp));
    put16(f, 2, GRE_OFF + sizeof(pptp));
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, GRE_OFF + sizeof(pptp));
    ASSERT_NO_EVENTS(p);
    assert_int_equal(p->flags, 0);
    assert_int_equal(t.ctx.st.gre, 1);
    /* Without room for the acknowledgment the header is too big. */
    put16(f, 2, GRE_OFF + 14);
    p = dt_decode(&t, DECODE_LINK_IPV4, f, GRE_OFF + 14);
    ASSERT_EVENTS(p, DECODE_EV_GRE_VERSION1_HDR_TOO_BIG);
    dt_fini(&t);
}

/* GRE over IPv6 (RFC 7676). */
static void test_over_ipv6(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[128] = {0x60, 0, 0, 0, 0, 0, 47, 64};
    f[23] = 1;
    f[39] = 2; /* ::1 -> ::2 */
    memcpy(f + 40, ipv4_gre_ipv4_udp + GRE_OFF, 42);
    put16(f, 4, 42);
    dt_init(&t, false);
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV6, f, 82);
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_HAS_TUNNEL, PKT_WANTS_FLOW);
    assert_int_equal(p->tunnel_off, 52);
    struct packet *in = dt_tunnel(&t);
    ASSERT_NO_EVENTS(in);
    assert_int_equal(in->dp, 6000);
    dt_fini(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v0_ipv4),
        cmocka_unit_test(test_v0_teb),
        cmocka_unit_test(test_v0_ipv6_and_others),
        cmocka_unit_test(test_truncation_every_byte),
        cmocka_unit_test(test_v0_routing),
        cmocka_unit_test(test_refused_headers),
        cmocka_unit_test(test_v1_pptp),
        cmocka_unit_test(test_over_ipv6),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
