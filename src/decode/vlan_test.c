/* SPDX-License-Identifier: GPL-2.0-only */
/* Tests for 802.1Q / 802.1ad VLAN tags: ids, depth counters, the three-tag limit, truncation. */
#include "test_util.h"

/* clang-format off */
static const uint8_t eth_qinqinq_ipv4_udp[] = {
    /* Ethernet: dst 00:00:5e:00:53:02, src 00:00:5e:00:53:01, type 0x88a8 802.1ad */
    0x00, 0x00, 0x5e, 0x00, 0x53, 0x02, 0x00, 0x00, 0x5e, 0x00, 0x53, 0x01,
    0x88, 0xa8,
    /* 802.1ad tag: priority 5, VLAN 10, type 0x8100 802.1Q */
    0xa0, 0x0a, 0x81, 0x00,
    /* 802.1Q tag: priority 5, VLAN 20, type 0x9100 (old QinQ) */
    0xa0, 0x14, 0x91, 0x00,
    /* 0x9100 tag: priority 5, VLAN 30, type 0x0800 IPv4 */
    0xa0, 0x1e, 0x08, 0x00,
    /* IPv4: len 33, proto 17 UDP, 192.0.2.10 -> 198.51.100.20 */
    0x45, 0x00, 0x00, 0x21, 0x00, 0x02, 0x00, 0x00, 0x40, 0x11, 0x8e, 0x78,
    0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14,
    /* UDP: 50000 -> 53, len 13, "khien" */
    0xc3, 0x50, 0x00, 0x35, 0x00, 0x0d, 0x0d, 0x2e, 0x6b, 0x68, 0x69, 0x65,
    0x6e,
}; /* 59 bytes */
/* clang-format on */

#define TAGS_OFF 14 /* first tag */
#define IP_OFF   26 /* IPv4 header after three tags */

/* The frame with only its first `n` tags (n <= 3): the last kept tag names IPv4. */
static size_t with_tags(uint8_t *out, unsigned n)
{
    memcpy(out, eth_qinqinq_ipv4_udp, TAGS_OFF + 4 * n);
    if (n == 0)
        put16(out, 12, 0x0800);
    else
        put16(out, TAGS_OFF + 4 * n - 2, 0x0800);
    size_t rest = sizeof(eth_qinqinq_ipv4_udp) - IP_OFF;
    memcpy(out + TAGS_OFF + 4 * n, eth_qinqinq_ipv4_udp + IP_OFF, rest);
    return TAGS_OFF + 4 * n + rest;
}

static void test_three_tags(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    struct packet *p =
        dt_decode(&t, DECODE_LINK_ETHERNET, eth_qinqinq_ipv4_udp, sizeof(eth_qinqinq_ipv4_udp));
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_HAS_L4 | PKT_WANTS_FLOW, PKT_IS_INVALID);
    assert_int_equal(p->vlan_cnt, 3);
    assert_int_equal(p->vlan[0], 10); /* the priority bits are not part of the id */
    assert_int_equal(p->vlan[1], 20);
    assert_int_equal(p->vlan[2], 30);
    assert_int_equal(p->layers, 5); /* Ethernet, three tags, IPv4 */
    assert_int_equal(p->l3_off, IP_OFF);
    assert_int_equal(p->sp, 50000);
    assert_int_equal(t.ctx.st.vlan, 1);
    assert_int_equal(t.ctx.st.vlan_qinq, 1);
    assert_int_equal(t.ctx.st.vlan_qinqinq, 1);
    dt_fini(&t);
}

static void test_one_and_two_tags(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[64];
    dt_init(&t, true);
    for (unsigned n = 0; n <= 2; n++) {
        size_t len = with_tags(f, n);
        struct packet *p = dt_decode(&t, DECODE_LINK_ETHERNET, f, len);
        ASSERT_NO_EVENTS(p);
        assert_int_equal(p->vlan_cnt, n);
        assert_int_equal(p->ip_ver, 4);
        if (n > 0)
            assert_int_equal(p->vlan[n - 1], n * 10);
    }
    assert_int_equal(t.ctx.st.vlan, 2);
    assert_int_equal(t.ctx.st.vlan_qinq, 1);
    assert_int_equal(t.ctx.st.vlan_qinqinq, 0);
    dt_fini(&t);
}

/* A fourth tag: vlan.too_many_layers, decoding stops, but the packet is not invalid. */
static void test_four_tags(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[sizeof(eth_qinqinq_ipv4_udp) + 4];
    memcpy(f, eth_qinqinq_ipv4_udp, IP_OFF);
    put16(f, IP_OFF - 2, 0x8100);
    put16(f, IP_OFF, 0x0028);     /* fourth tag: VLAN 40 */
    put16(f, IP_OFF + 2, 0x0800); /* then IPv4 */
    memcpy(f + IP_OFF + 4, eth_qinqinq_ipv4_udp + IP_OFF, sizeof(eth_qinqinq_ipv4_udp) - IP_OFF);
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_ETHERNET, f, sizeof(f));
    ASSERT_EVENTS(p, DECODE_EV_VLAN_TOO_MANY_LAYERS);
    assert_flags(p, 0, PKT_IS_INVALID | PKT_WANTS_FLOW);
    assert_int_equal(p->vlan_cnt, 3);
    assert_int_equal(p->ip_ver, 0);
    assert_int_equal(t.ctx.st.ipv4, 0);
    assert_int_equal(t.ctx.st.vlan_qinqinq, 1);
    dt_fini(&t);
}

/* Cut inside the tags and the layers after them. */
static void test_truncation_every_byte(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    for (size_t cut = 0; cut <= sizeof(eth_qinqinq_ipv4_udp); cut++) {
        struct packet *p = dt_decode(&t, DECODE_LINK_ETHERNET, eth_qinqinq_ipv4_udp, cut);
        if (cut < 14)
            ASSERT_EVENTS(p, DECODE_EV_ETHERNET_PKT_TOO_SMALL);
        else if (cut < IP_OFF)
            ASSERT_EVENTS(p, DECODE_EV_VLAN_HEADER_TOO_SMALL);
        else if (cut < IP_OFF + 20)
            ASSERT_EVENTS(p, DECODE_EV_IPV4_PKT_TOO_SMALL);
        else if (cut < sizeof(eth_qinqinq_ipv4_udp))
            ASSERT_EVENTS(p, DECODE_EV_IPV4_TRUNC_PKT);
        else
            ASSERT_NO_EVENTS(p);
        assert_true(cut == sizeof(eth_qinqinq_ipv4_udp) || (p->flags & PKT_IS_INVALID));
        /* Tags read before the cut are kept. */
        assert_int_equal(p->vlan_cnt, cut < 14 ? 0 : cut < IP_OFF ? (cut - 14) / 4 : 3);
    }
    dt_fini(&t);
}

/* An unknown type under a tag: Suricata adds the invalid vlan.unknown_type. */
static void test_unknown_type_under_tag(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[64];
    size_t len = with_tags(f, 1);
    put16(f, TAGS_OFF + 2, 0x88cc);
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_ETHERNET, f, len);
    ASSERT_EVENTS(p, DECODE_EV_ETHERNET_UNKNOWN_ETHERTYPE, DECODE_EV_VLAN_UNKNOWN_TYPE);
    assert_flags(p, PKT_IS_INVALID, PKT_WANTS_FLOW);
    assert_int_equal(t.ctx.st.unknown_ethertype, 1);
    dt_fini(&t);
}

/* Priority and drop-eligible bits all set: the id is the low 12 bits. */
static void test_tci_bits(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[64];
    size_t len = with_tags(f, 1);
    put16(f, TAGS_OFF, 0xffff);
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_ETHERNET, f, len);
    ASSERT_NO_EVENTS(p);
    assert_int_equal(p->vlan[0], 0x0fff);
    dt_fini(&t);
}

/* decoder.max-layers counts tags: with 3, the second tag is one too many. */
static void test_max_layers(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    t.ctx.max_layers = 3;
    struct packet *p =
        dt_decode(&t, DECODE_LINK_ETHERNET, eth_qinqinq_ipv4_udp, sizeof(eth_qinqinq_ipv4_udp));
    ASSERT_EVENTS(p, DECODE_EV_TOO_MANY_LAYERS);
    assert_flags(p, PKT_IS_INVALID, PKT_WANTS_FLOW);
    assert_int_equal(p->vlan_cnt, 1);
    dt_fini(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_three_tags),
        cmocka_unit_test(test_one_and_two_tags),
        cmocka_unit_test(test_four_tags),
        cmocka_unit_test(test_truncation_every_byte),
        cmocka_unit_test(test_unknown_type_under_tag),
        cmocka_unit_test(test_tci_bits),
        cmocka_unit_test(test_max_layers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
