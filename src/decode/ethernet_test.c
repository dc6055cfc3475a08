/* SPDX-License-Identifier: GPL-2.0-only */
/* Tests for Ethernet II decoding and the EtherType dispatch. */
#include "test_util.h"

/* clang-format off */
static const uint8_t eth_ipv4_udp[] = {
    /* Ethernet: dst 00:00:5e:00:53:02, src 00:00:5e:00:53:01, type 0x0800 IPv4 */
    0x00, 0x00, 0x5e, 0x00, 0x53, 0x02, 0x00, 0x00, 0x5e, 0x00, 0x53, 0x01,
    0x08, 0x00,
    /* IPv4: ihl 5, len 33, id 2, ttl 64, proto 17 UDP, csum, 192.0.2.10 -> 198.51.100.20 */
    0x45, 0x00, 0x00, 0x21, 0x00, 0x02, 0x00, 0x00, 0x40, 0x11, 0x8e, 0x78,
    0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14,
    /* UDP: 50000 -> 53, len 13, csum */
    0xc3, 0x50, 0x00, 0x35, 0x00, 0x0d, 0x0d, 0x2e,
    /* payload "khien" */
    0x6b, 0x68, 0x69, 0x65, 0x6e,
}; /* 47 bytes */
/* clang-format on */

/* clang-format off */
static const uint8_t eth_ipv6_tcp_synack[] = {
    /* Ethernet: type 0x86dd IPv6 */
    0x00, 0x00, 0x5e, 0x00, 0x53, 0x02, 0x00, 0x00, 0x5e, 0x00, 0x53, 0x01,
    0x86, 0xdd,
    /* IPv6: plen 20, next header 6 TCP, hop limit 64, 2001:db8::20 -> 2001:db8::10 */
    0x60, 0x00, 0x00, 0x00, 0x00, 0x14, 0x06, 0x40, 0x20, 0x01, 0x0d, 0xb8,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20,
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x10,
    /* TCP: 80 -> 49152, seq 5000, ack 1001, doff 5, SYN ACK, win 65535, csum, urp 0 */
    0x00, 0x50, 0xc0, 0x00, 0x00, 0x00, 0x13, 0x88, 0x00, 0x00, 0x03, 0xe9,
    0x50, 0x12, 0xff, 0xff, 0x7c, 0x6f, 0x00, 0x00,
}; /* 74 bytes */
/* clang-format on */

static void test_ipv4_udp(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_ETHERNET, eth_ipv4_udp, sizeof(eth_ipv4_udp));
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_HAS_L4 | PKT_WANTS_FLOW,
                 PKT_IS_INVALID | PKT_IPV4_CSUM_BAD | PKT_L4_CSUM_BAD | PKT_IS_FRAGMENT);
    assert_int_equal(p->ip_ver, 4);
    assert_int_equal(p->proto, 17);
    assert_int_equal(p->layers, 2);
    assert_int_equal(p->vlan_cnt, 0);
    assert_int_equal(p->l3_off, 14);
    assert_int_equal(p->l4_off, 34);
    assert_int_equal(p->l3_len, 33);
    assert_int_equal(p->sp, 50000);
    assert_int_equal(p->dp, 53);
    static const uint8_t src[16] = {192, 0, 2, 10}, dst[16] = {198, 51, 100, 20};
    assert_memory_equal(p->src.b, src, 16);
    assert_memory_equal(p->dst.b, dst, 16);
    assert_int_equal(p->payload.len, 5);
    assert_memory_equal(p->payload.p, "khien", 5);
    assert_int_equal(t.ctx.st.pkts, 1);
    assert_int_equal(t.ctx.st.bytes, sizeof(eth_ipv4_udp));
    assert_int_equal(t.ctx.st.ethernet, 1);
    assert_int_equal(t.ctx.st.ipv4, 1);
    assert_int_equal(t.ctx.st.udp, 1);
    assert_int_equal(t.ctx.st.invalid, 0);
    dt_fini(&t);
}

static void test_ipv6_tcp(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    struct packet *p =
        dt_decode(&t, DECODE_LINK_ETHERNET, eth_ipv6_tcp_synack, sizeof(eth_ipv6_tcp_synack));
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_HAS_L4 | PKT_WANTS_FLOW, PKT_IS_INVALID | PKT_L4_CSUM_BAD);
    assert_int_equal(p->ip_ver, 6);
    assert_int_equal(p->proto, 6);
    assert_int_equal(p->sp, 80);
    assert_int_equal(p->dp, 49152);
    assert_int_equal(p->tcp_seq, 5000);
    assert_int_equal(p->tcp_ack, 1001);
    assert_int_equal(p->tcp_flags, 0x12);
    assert_int_equal(p->payload.len, 0);
    assert_int_equal(t.ctx.st.ipv6, 1);
    assert_int_equal(t.ctx.st.tcp_synack, 1);
    dt_fini(&t);
}

/* Frames padded to the 60-byte minimum: the padding is not part of the datagram. */
static void test_padding_ignored(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[60] = {0};
    memcpy(f, eth_ipv4_udp, sizeof(eth_ipv4_udp));
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_ETHERNET, f, sizeof(f));
    ASSERT_NO_EVENTS(p);
    assert_int_equal(p->payload.len, 5);
    assert_int_equal(p->flags & PKT_L4_CSUM_BAD, 0);
    dt_fini(&t);
}

/* Cut the frame at every length: each layer reports its own truncation, never more. */
static void test_truncation_every_byte(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    for (size_t cut = 0; cut <= sizeof(eth_ipv4_udp); cut++) {
        struct packet *p = dt_decode(&t, DECODE_LINK_ETHERNET, eth_ipv4_udp, cut);
        if (cut < 14)
            ASSERT_EVENTS(p, DECODE_EV_ETHERNET_PKT_TOO_SMALL);
        else if (cut < 34)
            ASSERT_EVENTS(p, DECODE_EV_IPV4_PKT_TOO_SMALL);
        else if (cut < sizeof(eth_ipv4_udp))
            ASSERT_EVENTS(p, DECODE_EV_IPV4_TRUNC_PKT);
        else
            ASSERT_NO_EVENTS(p);
        bool whole = cut == sizeof(eth_ipv4_udp);
        assert_int_equal(!!(p->flags & PKT_IS_INVALID), !whole);
        assert_int_equal(!!(p->flags & PKT_WANTS_FLOW), whole);
        assert_int_equal(p->ip_ver, whole ? 4 : 0);
    }
    assert_int_equal(t.ctx.st.invalid, sizeof(eth_ipv4_udp));
    assert_int_equal(t.ctx.st.ethernet, sizeof(eth_ipv4_udp) + 1);
    assert_int_equal(t.ctx.st.max_pkt_size, sizeof(eth_ipv4_udp));
    dt_fini(&t);
}

/* An unknown EtherType is an event, not an invalid packet (Suricata 8). */
static void test_unknown_ethertype(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[sizeof(eth_ipv4_udp)];
    memcpy(f, eth_ipv4_udp, sizeof(f));
    put16(f, 12, 0x88cc); /* LLDP */
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_ETHERNET, f, sizeof(f));
    ASSERT_EVENTS(p, DECODE_EV_ETHERNET_UNKNOWN_ETHERTYPE);
    assert_flags(p, 0, PKT_IS_INVALID | PKT_WANTS_FLOW);
    assert_int_equal(p->ip_ver, 0);
    assert_int_equal(t.ctx.st.unknown_ethertype, 1);
    assert_int_equal(t.ctx.st.events[DECODE_EV_ETHERNET_UNKNOWN_ETHERTYPE], 1);
    /* An 802.3 length field (here 64) is no EtherType either. */
    put16(f, 12, 0x0040);
    p = dt_decode(&t, DECODE_LINK_ETHERNET, f, sizeof(f));
    ASSERT_EVENTS(p, DECODE_EV_ETHERNET_UNKNOWN_ETHERTYPE);
    dt_fini(&t);
}

/* ARP is known: counted, no event, nothing more decoded. */
static void test_arp(void **state)
{
    (void)state;
    /* clang-format off */
    static const uint8_t arp[] = {
        /* Ethernet: broadcast, src 00:00:5e:00:53:01, type 0x0806 ARP */
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x5e, 0x00, 0x53, 0x01,
        0x08, 0x06,
        /* ARP: Ethernet/IPv4, request, who has 192.0.2.1 tell 192.0.2.10 */
        0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x00, 0x00, 0x5e, 0x00,
        0x53, 0x01, 0xc0, 0x00, 0x02, 0x0a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0xc0, 0x00, 0x02, 0x01,
    };
    /* clang-format on */
    struct dt t;
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_ETHERNET, arp, sizeof(arp));
    ASSERT_NO_EVENTS(p);
    assert_int_equal(p->flags, 0);
    assert_int_equal(t.ctx.st.arp, 1);
    assert_int_equal(t.ctx.st.unknown_ethertype, 0);
    dt_fini(&t);
}

/* What decode resets: a packet struct reused after a good frame reads as the new frame. */
static void test_reset_between_packets(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    dt_decode(&t, DECODE_LINK_ETHERNET, eth_ipv4_udp, sizeof(eth_ipv4_udp));
    struct packet *p = &t.p;
    /* Decode a short frame into the same struct, without dt_decode's poisoning. */
    uint8_t runt[10] = {0};
    p->data = runt;
    p->caplen = sizeof(runt);
    decode_packet(&t.ctx, p);
    ASSERT_EVENTS(p, DECODE_EV_ETHERNET_PKT_TOO_SMALL);
    assert_int_equal(p->flags, PKT_IS_INVALID);
    assert_int_equal(p->ip_ver, 0);
    assert_int_equal(p->proto, 0);
    assert_int_equal(p->sp, 0);
    assert_int_equal(p->dp, 0);
    assert_int_equal(p->payload.len, 0);
    assert_int_equal(p->tunnel_depth, 0);
    assert_int_equal(p->vlan_cnt, 0);
    dt_fini(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ipv4_udp),
        cmocka_unit_test(test_ipv6_tcp),
        cmocka_unit_test(test_padding_ignored),
        cmocka_unit_test(test_truncation_every_byte),
        cmocka_unit_test(test_unknown_ethertype),
        cmocka_unit_test(test_arp),
        cmocka_unit_test(test_reset_between_packets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
