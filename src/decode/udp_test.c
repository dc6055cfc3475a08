/* SPDX-License-Identifier: GPL-2.0-only */
/* Tests for UDP: length checks, trailing bytes, checksums over IPv4 and IPv6. */
#include "test_util.h"

/* clang-format off */
static const uint8_t ipv4_udp[] = {
    /* IPv4: ihl 5, len 33, id 2, ttl 64, proto 17 UDP, csum */
    0x45, 0x00, 0x00, 0x21, 0x00, 0x02, 0x00, 0x00, 0x40, 0x11, 0x8e, 0x78,
    /* IPv4: 192.0.2.10 -> 198.51.100.20 */
    0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14,
    /* UDP: 50000 -> 53, len 13, csum 0x0d2e */
    0xc3, 0x50, 0x00, 0x35, 0x00, 0x0d, 0x0d, 0x2e,
    /* payload "khien" */
    0x6b, 0x68, 0x69, 0x65, 0x6e,
}; /* 33 bytes */
/* clang-format on */

/* clang-format off */
static const uint8_t ipv6_udp[] = {
    /* IPv6: plen 13, next header 17 UDP, hop limit 64 */
    0x60, 0x00, 0x00, 0x00, 0x00, 0x0d, 0x11, 0x40,
    /* IPv6: 2001:db8::10 -> 2001:db8::20 */
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20,
    /* UDP: 50000 -> 53, len 13, csum 0x9dde */
    0xc3, 0x50, 0x00, 0x35, 0x00, 0x0d, 0x9d, 0xde,
    /* payload "khien" */
    0x6b, 0x68, 0x69, 0x65, 0x6e,
}; /* 53 bytes */
/* clang-format on */

static void test_udp(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, ipv4_udp, sizeof(ipv4_udp));
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_HAS_L4 | PKT_WANTS_FLOW, PKT_IS_INVALID | PKT_L4_CSUM_BAD);
    assert_int_equal(p->sp, 50000);
    assert_int_equal(p->dp, 53);
    assert_int_equal(p->l4_off, 20);
    assert_int_equal(p->payload.len, 5);
    assert_ptr_equal(p->payload.p, p->data + 28);
    p = dt_decode(&t, DECODE_LINK_IPV6, ipv6_udp, sizeof(ipv6_udp));
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_HAS_L4 | PKT_WANTS_FLOW, PKT_IS_INVALID | PKT_L4_CSUM_BAD);
    assert_int_equal(t.ctx.st.udp, 2);
    dt_fini(&t);
}

/* The IP length cut to every UDP length: header first, then the datagram the header claims. */
static void test_truncation_every_byte(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[sizeof(ipv4_udp)];
    dt_init(&t, false);
    for (size_t l4 = 0; l4 <= 13; l4++) {
        memcpy(f, ipv4_udp, sizeof(f));
        put16(f, 2, (uint16_t)(20 + l4));
        struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, 20 + l4);
        if (l4 < 8)
            ASSERT_EVENTS(p, DECODE_EV_UDP_HLEN_TOO_SMALL);
        else if (l4 < 13)
            ASSERT_EVENTS(p, DECODE_EV_UDP_PKT_TOO_SMALL);
        else
            ASSERT_NO_EVENTS(p);
        assert_int_equal(!!(p->flags & PKT_WANTS_FLOW), l4 == 13);
        assert_int_equal(p->sp, l4 == 13 ? 50000 : 0);
    }
    dt_fini(&t);
}

/* A length field under the header's own 8 bytes: udp.len_invalid (Suricata 8). */
static void test_len_invalid(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[sizeof(ipv4_udp)];
    dt_init(&t, false);
    for (uint16_t ulen = 0; ulen < 8; ulen++) {
        memcpy(f, ipv4_udp, sizeof(f));
        put16(f, 24, ulen);
        struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, sizeof(f));
        ASSERT_EVENTS(p, DECODE_EV_UDP_LEN_INVALID);
        assert_flags(p, PKT_IS_INVALID, PKT_WANTS_FLOW | PKT_HAS_L4);
    }
    assert_int_equal(t.ctx.st.events[DECODE_EV_UDP_LEN_INVALID], 8);
    dt_fini(&t);
}

/*
 * Bytes after the UDP length inside the IP datagram are ignored (Suricata #5379, the
 * suricata-verify udp-trailing-data case): the payload is what UDP says, no event.
 */
static void test_trailing_bytes(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[sizeof(ipv4_udp)];
    memcpy(f, ipv4_udp, sizeof(f));
    put16(f, 24, 10); /* UDP length 10: 2 bytes of payload, 3 trailing */
    fix_l4_csum(f, 17, f + 20, 10, 6);
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, sizeof(f));
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_HAS_L4 | PKT_WANTS_FLOW, PKT_IS_INVALID | PKT_L4_CSUM_BAD);
    assert_int_equal(p->payload.len, 2);
    assert_int_equal(t.ctx.st.events[DECODE_EV_UDP_HLEN_INVALID], 0);
    dt_fini(&t);
}

static void test_checksum(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f4[sizeof(ipv4_udp)], f6[sizeof(ipv6_udp)];
    dt_init(&t, true);

    memcpy(f4, ipv4_udp, sizeof(f4));
    f4[32] ^= 0x20;
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f4, sizeof(f4));
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_L4_CSUM_BAD | PKT_WANTS_FLOW, PKT_IS_INVALID);
    assert_int_equal(t.ctx.st.csum_udp_bad, 1);

    /* Zero: no checksum over IPv4 (RFC 768), not allowed over IPv6 (RFC 8200 §8.1). */
    put16(f4, 26, 0);
    p = dt_decode(&t, DECODE_LINK_IPV4, f4, sizeof(f4));
    assert_flags(p, PKT_WANTS_FLOW, PKT_L4_CSUM_BAD);
    memcpy(f6, ipv6_udp, sizeof(f6));
    put16(f6, 46, 0);
    p = dt_decode(&t, DECODE_LINK_IPV6, f6, sizeof(f6));
    assert_flags(p, PKT_L4_CSUM_BAD | PKT_WANTS_FLOW, 0);
    assert_int_equal(t.ctx.st.csum_udp_bad, 2);

    /* -k none */
    t.ctx.check_csum = false;
    p = dt_decode(&t, DECODE_LINK_IPV6, f6, sizeof(f6));
    assert_flags(p, PKT_WANTS_FLOW, PKT_L4_CSUM_BAD);
    dt_fini(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_udp),         cmocka_unit_test(test_truncation_every_byte),
        cmocka_unit_test(test_len_invalid), cmocka_unit_test(test_trailing_bytes),
        cmocka_unit_test(test_checksum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
