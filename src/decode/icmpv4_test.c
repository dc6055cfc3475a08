/* SPDX-License-Identifier: GPL-2.0-only */
/* Tests for ICMPv4: flow keys, types and codes, quoted headers of errors, checksum. */
#include "test_util.h"

/* clang-format off */
static const uint8_t ipv4_icmp_echo[] = {
    /* IPv4: len 32, id 3, ttl 64, proto 1 ICMP, csum */
    0x45, 0x00, 0x00, 0x20, 0x00, 0x03, 0x00, 0x00, 0x40, 0x01, 0x8e, 0x88,
    /* IPv4: 192.0.2.10 -> 198.51.100.20 */
    0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14,
    /* ICMP: type 8 echo request, code 0, csum, id 0x1234, seq 7 */
    0x08, 0x00, 0x06, 0xf4, 0x12, 0x34, 0x00, 0x07,
    /* data "ping" */
    0x70, 0x69, 0x6e, 0x67,
}; /* 32 bytes */
/* clang-format on */

/* clang-format off */
static const uint8_t ipv4_icmp_unreach[] = {
    /* IPv4: len 56, id 4, ttl 64, proto 1 ICMP, csum */
    0x45, 0x00, 0x00, 0x38, 0x00, 0x04, 0x00, 0x00, 0x40, 0x01, 0x8e, 0x6f,
    /* IPv4: 198.51.100.20 -> 192.0.2.10 */
    0xc6, 0x33, 0x64, 0x14, 0xc0, 0x00, 0x02, 0x0a,
    /* ICMP: type 3 destination unreachable, code 3 port, csum, unused */
    0x03, 0x03, 0x2c, 0x3c, 0x00, 0x00, 0x00, 0x00,
    /* quoted IPv4: len 33, proto 17 UDP, 192.0.2.10 -> 198.51.100.20 */
    0x45, 0x00, 0x00, 0x21, 0x00, 0x02, 0x00, 0x00, 0x40, 0x11, 0x8e, 0x78,
    0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14,
    /* quoted UDP: 50000 -> 53, len 13, csum */
    0xc3, 0x50, 0x00, 0x35, 0x00, 0x0d, 0x0d, 0x2e,
}; /* 56 bytes */
/* clang-format on */

#define ICMP_OFF  20
#define QUOTE_OFF 28

/* base (or f itself) rewritten to an ICMP message of type/code and len bytes, sums fixed. */
static size_t message(uint8_t *f, const uint8_t *base, size_t len, uint8_t type, uint8_t code)
{
    if (f != base)
        memcpy(f, base, len);
    f[ICMP_OFF] = type;
    f[ICMP_OFF + 1] = code;
    put16(f, 2, (uint16_t)len);
    fix_ipv4_csum(f);
    fix_l4_csum(f, 0, f + ICMP_OFF, len - ICMP_OFF, 2);
    return len;
}

static void test_echo_flow_key(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[64];
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, ipv4_icmp_echo, sizeof(ipv4_icmp_echo));
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_HAS_L4 | PKT_WANTS_FLOW,
                 PKT_IS_INVALID | PKT_L4_CSUM_BAD | PKT_HAS_ICMP_EMB);
    assert_int_equal(p->proto, 1);
    assert_int_equal(p->icmp_type, 8);
    assert_int_equal(p->icmp_code, 0);
    assert_int_equal(p->icmp_id, 0x1234);
    assert_int_equal(p->icmp_seq, 7);
    /* Suricata's key: type and code, and the counterpart: the reply (0). */
    assert_int_equal(p->sp, 0x0800);
    assert_int_equal(p->dp, 0x0000);
    assert_int_equal(p->payload.len, 4);
    assert_memory_equal(p->payload.p, "ping", 4);
    /* The reply: the same two values, swapped, so both are one flow. */
    p = dt_decode(&t, DECODE_LINK_IPV4, f, message(f, ipv4_icmp_echo, 32, 0, 0));
    ASSERT_NO_EVENTS(p);
    assert_int_equal(p->sp, 0x0000);
    assert_int_equal(p->dp, 0x0800);
    /* Timestamp 13 <-> 14, information 15 <-> 16, address mask 17 <-> 18. */
    p = dt_decode(&t, DECODE_LINK_IPV4, f, message(f, ipv4_icmp_echo, 32, 17, 0));
    assert_int_equal(p->sp, 0x1100);
    assert_int_equal(p->dp, 0x1200);
    p = dt_decode(&t, DECODE_LINK_IPV4, f, message(f, ipv4_icmp_echo, 32, 15, 0));
    assert_int_equal(p->dp, 0x1000);
    assert_int_equal(t.ctx.st.icmpv4, 4);
    dt_fini(&t);
}

static void test_truncation_every_byte(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[64];
    dt_init(&t, false);
    for (size_t l4 = 0; l4 <= 12; l4++) {
        memcpy(f, ipv4_icmp_echo, sizeof(ipv4_icmp_echo));
        put16(f, 2, (uint16_t)(20 + l4));
        struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, 20 + l4);
        if (l4 < 8)
            ASSERT_EVENTS(p, DECODE_EV_ICMPV4_PKT_TOO_SMALL);
        else
            ASSERT_NO_EVENTS(p);
        assert_int_equal(!!(p->flags & PKT_WANTS_FLOW), l4 >= 8);
    }
    dt_fini(&t);
}

static void test_unreach_quote(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    struct packet *p =
        dt_decode(&t, DECODE_LINK_IPV4, ipv4_icmp_unreach, sizeof(ipv4_icmp_unreach));
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_HAS_L4 | PKT_WANTS_FLOW | PKT_HAS_ICMP_EMB,
                 PKT_IS_INVALID | PKT_L4_CSUM_BAD);
    assert_int_equal(p->sp, 0x0303);
    assert_int_equal(p->dp, 0);
    const struct pkt_icmp_emb *e = &p->icmp_emb;
    static const uint8_t src[16] = {192, 0, 2, 10}, dst[16] = {198, 51, 100, 20};
    assert_int_equal(e->ip_ver, 4);
    assert_int_equal(e->proto, 17);
    assert_memory_equal(e->src.b, src, 16);
    assert_memory_equal(e->dst.b, dst, 16);
    assert_true(e->has_ports);
    assert_int_equal(e->sp, 50000);
    assert_int_equal(e->dp, 53);
    /* The payload is the quoted packet. */
    assert_ptr_equal(p->payload.p, p->data + QUOTE_OFF);
    assert_int_equal(p->payload.len, 28);
    dt_fini(&t);
}

/* The quote cut short: nothing to quote is fine; a partial IPv4 header is invalid. */
static void test_unreach_quote_truncated(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[64];
    dt_init(&t, false);
    for (size_t q = 0; q <= 28; q++) {
        memcpy(f, ipv4_icmp_unreach, sizeof(ipv4_icmp_unreach));
        put16(f, 2, (uint16_t)(QUOTE_OFF + q));
        struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, QUOTE_OFF + q);
        if (q > 0 && q < 20)
            ASSERT_EVENTS(p, DECODE_EV_ICMPV4_IPV4_TRUNC_PKT);
        else
            ASSERT_NO_EVENTS(p);
        assert_int_equal(!!(p->flags & PKT_IS_INVALID), q > 0 && q < 20);
        assert_int_equal(!!(p->flags & PKT_HAS_ICMP_EMB), q >= 20);
        if (q >= 20)
            assert_int_equal(p->icmp_emb.has_ports, q >= 28); /* UDP: 8 bytes needed */
        /* An ICMP packet keeps its flow even with a bad quote, as in Suricata. */
        assert_flags(p, PKT_WANTS_FLOW, 0);
    }
    /* TCP needs only its 4 bytes of ports (RFC 792 quotes 64 bits of data). */
    memcpy(f, ipv4_icmp_unreach, sizeof(ipv4_icmp_unreach));
    f[QUOTE_OFF + 9] = 6;
    put16(f, 2, QUOTE_OFF + 24);
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, QUOTE_OFF + 24);
    assert_true(p->icmp_emb.has_ports);
    assert_int_equal(p->icmp_emb.proto, 6);
    assert_int_equal(p->icmp_emb.dp, 53);
    dt_fini(&t);
}

/* The quoted header's own length places the ports (Suricata assumes 20 bytes). */
static void test_quote_with_options(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[64];
    memcpy(f, ipv4_icmp_unreach, QUOTE_OFF + 20);
    f[QUOTE_OFF] = 0x46;                                           /* ihl 6 */
    memcpy(f + QUOTE_OFF + 20, (const uint8_t[4]){1, 1, 1, 0}, 4); /* NOP NOP NOP EOL */
    memcpy(f + QUOTE_OFF + 24, ipv4_icmp_unreach + QUOTE_OFF + 20, 8);
    put16(f, 2, QUOTE_OFF + 32);
    dt_init(&t, false);
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, QUOTE_OFF + 32);
    ASSERT_NO_EVENTS(p);
    assert_true(p->icmp_emb.has_ports);
    assert_int_equal(p->icmp_emb.sp, 50000);
    /* Another version: invalid, as Suricata's DecodePartialIPV4. */
    f[QUOTE_OFF] = 0x65;
    p = dt_decode(&t, DECODE_LINK_IPV4, f, QUOTE_OFF + 32);
    ASSERT_EVENTS(p, DECODE_EV_ICMPV4_IPV4_UNKNOWN_VER);
    assert_flags(p, PKT_IS_INVALID | PKT_WANTS_FLOW, PKT_HAS_ICMP_EMB);
    dt_fini(&t);
}

/* Codes Suricata does not know, per type, and types it does not know. */
static void test_unknown_codes_and_types(void **state)
{
    (void)state;
    static const struct {
        uint8_t type, code;
        int ev;
    } cases[] = {
        {8, 1, DECODE_EV_ICMPV4_UNKNOWN_CODE},  /* echo */
        {0, 9, DECODE_EV_ICMPV4_UNKNOWN_CODE},  /* echo reply */
        {3, 16, DECODE_EV_ICMPV4_UNKNOWN_CODE}, /* unreachable: 0..15 */
        {4, 1, DECODE_EV_ICMPV4_UNKNOWN_CODE},  /* source quench */
        {5, 4, DECODE_EV_ICMPV4_UNKNOWN_CODE},  /* redirect: 0..3 */
        {11, 2, DECODE_EV_ICMPV4_UNKNOWN_CODE}, /* time exceeded: 0..1 */
        {12, 1, DECODE_EV_ICMPV4_UNKNOWN_CODE}, /* parameter problem: 0 */
        {17, 1, DECODE_EV_ICMPV4_UNKNOWN_CODE}, /* address mask */
        {44, 0, DECODE_EV_ICMPV4_UNKNOWN_TYPE},
        {10, 0, DECODE_EV_ICMPV4_UNKNOWN_TYPE}, /* router solicitation: no case in Suricata */
    };
    struct dt t;
    uint8_t f[64];
    dt_init(&t, true);
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        size_t len =
            message(f, ipv4_icmp_echo, sizeof(ipv4_icmp_echo), cases[i].type, cases[i].code);
        struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, len);
        ASSERT_EVENTS(p, cases[i].ev);
        assert_flags(p, PKT_HAS_L4 | PKT_WANTS_FLOW, PKT_IS_INVALID | PKT_L4_CSUM_BAD);
        assert_int_equal(p->icmp_code, cases[i].code);
    }
    dt_fini(&t);
}

/* Message layouts longer than 8 bytes: timestamps, router advertisements, source quench. */
static void test_longer_headers(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[64] = {0};
    dt_init(&t, true);

    /* Timestamp request: 12 bytes of timestamps belong to the header. */
    memcpy(f, ipv4_icmp_echo, sizeof(ipv4_icmp_echo));
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, message(f, f, 40, 13, 0));
    ASSERT_NO_EVENTS(p);
    assert_int_equal(p->payload.len, 0);
    assert_int_equal(p->sp, 0x0d00);
    assert_int_equal(p->dp, 0x0e00);
    /* ... and one too short for them: an event, not invalid. */
    p = dt_decode(&t, DECODE_LINK_IPV4, f, message(f, f, 32, 13, 0));
    ASSERT_EVENTS(p, DECODE_EV_ICMPV4_IPV4_TRUNC_PKT);
    assert_flags(p, PKT_WANTS_FLOW, PKT_IS_INVALID);

    /* Router advertisement, 2 addresses of 2 words: 16 bytes of entries. */
    f[ICMP_OFF + 4] = 2;
    f[ICMP_OFF + 5] = 2;
    p = dt_decode(&t, DECODE_LINK_IPV4, f, message(f, f, 44, 9, 0));
    ASSERT_NO_EVENTS(p);
    assert_int_equal(p->payload.len, 0);
    assert_int_equal(p->dp, 0x0a00); /* solicitation answers it */
    p = dt_decode(&t, DECODE_LINK_IPV4, f, message(f, f, 43, 9, 0));
    ASSERT_EVENTS(p, DECODE_EV_ICMPV4_IPV4_TRUNC_PKT);
    assert_int_equal(p->payload.len, 15);

    /* Source quench with nothing quoted: Suricata looks anyway and finds it truncated. */
    p = dt_decode(&t, DECODE_LINK_IPV4, f, message(f, f, 28, 4, 0));
    ASSERT_EVENTS(p, DECODE_EV_ICMPV4_IPV4_TRUNC_PKT);
    assert_flags(p, PKT_IS_INVALID, 0);
    dt_fini(&t);
}

static void test_checksum(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[sizeof(ipv4_icmp_echo)];
    memcpy(f, ipv4_icmp_echo, sizeof(f));
    f[31] ^= 0x01;
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, sizeof(f));
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_L4_CSUM_BAD | PKT_WANTS_FLOW, PKT_IS_INVALID);
    assert_int_equal(t.ctx.st.csum_icmpv4_bad, 1);
    t.ctx.check_csum = false;
    p = dt_decode(&t, DECODE_LINK_IPV4, f, sizeof(f));
    assert_flags(p, 0, PKT_L4_CSUM_BAD);
    dt_fini(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_echo_flow_key),      cmocka_unit_test(test_truncation_every_byte),
        cmocka_unit_test(test_unreach_quote),      cmocka_unit_test(test_unreach_quote_truncated),
        cmocka_unit_test(test_quote_with_options), cmocka_unit_test(test_unknown_codes_and_types),
        cmocka_unit_test(test_longer_headers),     cmocka_unit_test(test_checksum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
