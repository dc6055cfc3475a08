/* SPDX-License-Identifier: GPL-2.0-only */
/* Tests for Linux cooked capture headers v1 and v2. */
#include "test_util.h"

/* clang-format off */
static const uint8_t sll_ipv4_udp[] = {
    /* SLL: packet type 4 (outgoing), ARPHRD 1, address length 6 */
    0x00, 0x04, 0x00, 0x01, 0x00, 0x06,
    /* SLL: address 00:00:5e:00:53:01 + 2 bytes pad, protocol 0x0800 IPv4 */
    0x00, 0x00, 0x5e, 0x00, 0x53, 0x01, 0x00, 0x00, 0x08, 0x00,
    /* IPv4: len 33, proto 17 UDP, 192.0.2.10 -> 198.51.100.20 */
    0x45, 0x00, 0x00, 0x21, 0x00, 0x02, 0x00, 0x00, 0x40, 0x11, 0x8e, 0x78,
    0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14,
    /* UDP: 50000 -> 53, len 13, "khien" */
    0xc3, 0x50, 0x00, 0x35, 0x00, 0x0d, 0x0d, 0x2e, 0x6b, 0x68, 0x69, 0x65,
    0x6e,
}; /* 49 bytes */
/* clang-format on */

/* clang-format off */
static const uint8_t sll2_ipv6_udp[] = {
    /* SLL2: protocol 0x86dd IPv6, reserved, interface index 2 */
    0x86, 0xdd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
    /* SLL2: ARPHRD 1, packet type 4, address length 6, address 00:00:5e:00:53:01 + pad */
    0x00, 0x01, 0x04, 0x06, 0x00, 0x00, 0x5e, 0x00, 0x53, 0x01, 0x00, 0x00,
    /* IPv6: plen 13, next header 17 UDP, hop limit 64, 2001:db8::10 -> 2001:db8::20 */
    0x60, 0x00, 0x00, 0x00, 0x00, 0x0d, 0x11, 0x40, 0x20, 0x01, 0x0d, 0xb8,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x20,
    /* UDP: 50000 -> 53, len 13, "khien" */
    0xc3, 0x50, 0x00, 0x35, 0x00, 0x0d, 0x9d, 0xde, 0x6b, 0x68, 0x69, 0x65,
    0x6e,
}; /* 73 bytes */
/* clang-format on */

static void test_sll(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_SLL, sll_ipv4_udp, sizeof(sll_ipv4_udp));
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_HAS_L4 | PKT_WANTS_FLOW, PKT_IS_INVALID | PKT_L4_CSUM_BAD);
    assert_int_equal(p->l3_off, 16);
    assert_int_equal(p->dp, 53);
    assert_int_equal(t.ctx.st.sll, 1);
    assert_int_equal(t.ctx.st.ethernet, 0);
    dt_fini(&t);
}

static void test_sll2(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_SLL2, sll2_ipv6_udp, sizeof(sll2_ipv6_udp));
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_HAS_L4 | PKT_WANTS_FLOW, PKT_IS_INVALID | PKT_L4_CSUM_BAD);
    assert_int_equal(p->ip_ver, 6);
    assert_int_equal(p->l3_off, 20);
    assert_int_equal(t.ctx.st.sll2, 1);
    dt_fini(&t);
}

static void test_sll_truncation(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    for (size_t cut = 0; cut <= sizeof(sll_ipv4_udp); cut++) {
        struct packet *p = dt_decode(&t, DECODE_LINK_SLL, sll_ipv4_udp, cut);
        if (cut < 16)
            ASSERT_EVENTS(p, DECODE_EV_SLL_PKT_TOO_SMALL);
        else if (cut < 36)
            ASSERT_EVENTS(p, DECODE_EV_IPV4_PKT_TOO_SMALL);
        else if (cut < sizeof(sll_ipv4_udp))
            ASSERT_EVENTS(p, DECODE_EV_IPV4_TRUNC_PKT);
        else
            ASSERT_NO_EVENTS(p);
    }
    dt_fini(&t);
}

static void test_sll2_truncation(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    for (size_t cut = 0; cut <= sizeof(sll2_ipv6_udp); cut++) {
        struct packet *p = dt_decode(&t, DECODE_LINK_SLL2, sll2_ipv6_udp, cut);
        if (cut < 20)
            ASSERT_EVENTS(p, DECODE_EV_SLL2_PKT_TOO_SMALL);
        else if (cut < 60)
            ASSERT_EVENTS(p, DECODE_EV_IPV6_PKT_TOO_SMALL);
        else if (cut < sizeof(sll2_ipv6_udp))
            ASSERT_EVENTS(p, DECODE_EV_IPV6_TRUNC_PKT);
        else
            ASSERT_NO_EVENTS(p);
        assert_true(cut == sizeof(sll2_ipv6_udp) || (p->flags & PKT_IS_INVALID));
    }
    dt_fini(&t);
}

/* A cooked header naming a VLAN tag (SLL keeps tags when the kernel did not strip them). */
static void test_sll_vlan_and_unknown(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[sizeof(sll_ipv4_udp) + 4];
    memcpy(f, sll_ipv4_udp, 14);
    put16(f, 14, 0x8100);
    put16(f, 16, 0x0007); /* VLAN 7 */
    put16(f, 18, 0x0800);
    memcpy(f + 20, sll_ipv4_udp + 16, sizeof(sll_ipv4_udp) - 16);
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_SLL, f, sizeof(f));
    ASSERT_NO_EVENTS(p);
    assert_int_equal(p->vlan_cnt, 1);
    assert_int_equal(p->vlan[0], 7);
    /* Protocol 0x0004 (802.2 LLC frames): no EtherType khien decodes. */
    memcpy(f, sll_ipv4_udp, sizeof(sll_ipv4_udp));
    put16(f, 14, 0x0004);
    p = dt_decode(&t, DECODE_LINK_SLL, f, sizeof(sll_ipv4_udp));
    ASSERT_EVENTS(p, DECODE_EV_ETHERNET_UNKNOWN_ETHERTYPE);
    dt_fini(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sll),
        cmocka_unit_test(test_sll2),
        cmocka_unit_test(test_sll_truncation),
        cmocka_unit_test(test_sll2_truncation),
        cmocka_unit_test(test_sll_vlan_and_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
