/* SPDX-License-Identifier: GPL-2.0-only */
/* Tests for ICMPv6: flow keys, types and codes by IANA range, quoted headers, MLD, checksum. */
#include "test_util.h"

/* clang-format off */
static const uint8_t ipv6_icmpv6_echo[] = {
    /* IPv6: plen 12, next header 58 ICMPv6, hop limit 64 */
    0x60, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x3a, 0x40,
    /* IPv6: 2001:db8::10 -> 2001:db8::20 */
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20,
    /* ICMPv6: type 128 echo request, code 0, csum, id 0x4321, seq 9 */
    0x80, 0x00, 0x02, 0x1c, 0x43, 0x21, 0x00, 0x09,
    /* data "ping" */
    0x70, 0x69, 0x6e, 0x67,
}; /* 52 bytes */
/* clang-format on */

/* clang-format off */
static const uint8_t ipv6_icmpv6_unreach[] = {
    /* IPv6: plen 68, next header 58 ICMPv6, hop limit 64 */
    0x60, 0x00, 0x00, 0x00, 0x00, 0x44, 0x3a, 0x40,
    /* IPv6: 2001:db8::20 -> 2001:db8::10 */
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x20, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
    /* ICMPv6: type 1 destination unreachable, code 4 port, csum, unused */
    0x01, 0x04, 0x3c, 0xa1, 0x00, 0x00, 0x00, 0x00,
    /* quoted IPv6: plen 20, next header 6 TCP, hop limit 64 */
    0x60, 0x00, 0x00, 0x00, 0x00, 0x14, 0x06, 0x40,
    /* quoted IPv6: 2001:db8::10 -> 2001:db8::20 */
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20,
    /* quoted TCP: 49152 -> 443, seq 77, doff 5, SYN, win 65535 */
    0xc0, 0x00, 0x01, 0xbb, 0x00, 0x00, 0x00, 0x4d, 0x00, 0x00, 0x00, 0x00,
    0x50, 0x02, 0xff, 0xff, 0x92, 0x38, 0x00, 0x00,
}; /* 108 bytes */
/* clang-format on */

#define MSG_OFF   40
#define QUOTE_OFF 48

/* f (a copy of base) made an ICMPv6 message of type/code, len bytes in all, checksum fixed. */
static size_t message(uint8_t *f, const uint8_t *base, size_t len, uint8_t type, uint8_t code)
{
    if (f != base)
        memcpy(f, base, len);
    put16(f, 4, (uint16_t)(len - MSG_OFF));
    f[MSG_OFF] = type;
    f[MSG_OFF + 1] = code;
    fix_l4_csum(f, 58, f + MSG_OFF, len - MSG_OFF, 2);
    return len;
}

static void test_echo_flow_key(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[64];
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV6, ipv6_icmpv6_echo, sizeof(ipv6_icmpv6_echo));
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_HAS_L4 | PKT_WANTS_FLOW, PKT_IS_INVALID | PKT_L4_CSUM_BAD);
    assert_int_equal(p->proto, 58);
    assert_int_equal(p->icmp_type, 128);
    assert_int_equal(p->icmp_id, 0x4321);
    assert_int_equal(p->icmp_seq, 9);
    assert_int_equal(p->sp, 0x8000);
    assert_int_equal(p->dp, 0x8100); /* the reply, 129 */
    assert_int_equal(p->payload.len, 4);
    assert_memory_equal(p->payload.p, "ping", 4);
    p = dt_decode(&t, DECODE_LINK_IPV6, f, message(f, ipv6_icmpv6_echo, 52, 129, 0));
    ASSERT_NO_EVENTS(p);
    assert_int_equal(p->sp, 0x8100);
    assert_int_equal(p->dp, 0x8000);
    /* Neighbour solicitation 135 <-> advertisement 136; its body starts after 4 bytes. */
    p = dt_decode(&t, DECODE_LINK_IPV6, f, message(f, ipv6_icmpv6_echo, 52, 135, 0));
    ASSERT_NO_EVENTS(p);
    assert_int_equal(p->dp, 0x8800);
    assert_int_equal(p->payload.len, 8);
    assert_int_equal(p->icmp_id, 0);
    assert_int_equal(t.ctx.st.icmpv6, 3);
    dt_fini(&t);
}

static void test_truncation_every_byte(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[64];
    dt_init(&t, false);
    for (size_t l4 = 0; l4 <= 12; l4++) {
        memcpy(f, ipv6_icmpv6_echo, sizeof(ipv6_icmpv6_echo));
        put16(f, 4, (uint16_t)l4);
        struct packet *p = dt_decode(&t, DECODE_LINK_IPV6, f, MSG_OFF + l4);
        if (l4 < 8)
            ASSERT_EVENTS(p, DECODE_EV_ICMPV6_PKT_TOO_SMALL);
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
        dt_decode(&t, DECODE_LINK_IPV6, ipv6_icmpv6_unreach, sizeof(ipv6_icmpv6_unreach));
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_HAS_L4 | PKT_WANTS_FLOW | PKT_HAS_ICMP_EMB,
                 PKT_IS_INVALID | PKT_L4_CSUM_BAD);
    assert_int_equal(p->sp, 0x0104);
    assert_int_equal(p->dp, 0);
    const struct pkt_icmp_emb *e = &p->icmp_emb;
    assert_int_equal(e->ip_ver, 6);
    assert_int_equal(e->proto, 6);
    assert_memory_equal(e->src.b, ipv6_icmpv6_unreach + QUOTE_OFF + 8, 16);
    assert_memory_equal(e->dst.b, ipv6_icmpv6_unreach + QUOTE_OFF + 24, 16);
    assert_true(e->has_ports);
    assert_int_equal(e->sp, 49152);
    assert_int_equal(e->dp, 443);
    assert_int_equal(p->payload.len, 60);
    dt_fini(&t);
}

/* Errors with a known code always look at their quote (Suricata's DecodePartialIPV6). */
static void test_unreach_quote_truncated(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[sizeof(ipv6_icmpv6_unreach)];
    dt_init(&t, false);
    for (size_t q = 0; q <= 60; q++) {
        memcpy(f, ipv6_icmpv6_unreach, sizeof(f));
        put16(f, 4, (uint16_t)(8 + q));
        struct packet *p = dt_decode(&t, DECODE_LINK_IPV6, f, QUOTE_OFF + q);
        if (q < 40)
            ASSERT_EVENTS(p, DECODE_EV_ICMPV6_IPV6_TRUNC_PKT);
        else
            ASSERT_NO_EVENTS(p);
        assert_int_equal(!!(p->flags & PKT_IS_INVALID), q < 40);
        assert_int_equal(!!(p->flags & PKT_HAS_ICMP_EMB), q >= 40);
        if (q >= 40)
            assert_int_equal(p->icmp_emb.has_ports, q >= 60); /* a whole TCP header */
    }
    memcpy(f, ipv6_icmpv6_unreach, sizeof(f));
    f[QUOTE_OFF] = 0x45;
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV6, f, sizeof(f));
    ASSERT_EVENTS(p, DECODE_EV_ICMPV6_IPV6_UNKNOWN_VERSION);
    assert_flags(p, PKT_IS_INVALID | PKT_WANTS_FLOW, PKT_HAS_ICMP_EMB);
    dt_fini(&t);
}

/* Codes past what Suricata knows for each type; the quote is then not looked at. */
static void test_codes(void **state)
{
    (void)state;
    static const struct {
        uint8_t type, code;
        bool known;
    } cases[] = {
        {1, 6, true},    {1, 7, false},                     /* unreachable: 0..6 */
        {2, 0, true},    {2, 1, false},                     /* packet too big */
        {3, 1, true},    {3, 2, false},                     /* time exceeded */
        {4, 2, true},    {4, 3, false},                     /* parameter problem */
        {128, 1, false}, {129, 1, false},                   /* echo */
        {133, 1, false}, {137, 1, false},                   /* router solicitation, redirect */
        {138, 2, true},  {138, 255, true}, {138, 3, false}, /* router renumbering */
        {139, 2, true},  {140, 3, false},                   /* node information */
        {151, 77, true}, {153, 1, true}, /* multicast router discovery: any code */
        {155, 3, true},  {155, 4, false},  {155, 128, true}, {155, 133, false}, /* RPL */
        {159, 1, false},                                                        /* MPL */
    };
    struct dt t;
    uint8_t f[sizeof(ipv6_icmpv6_unreach)];
    dt_init(&t, true);
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        size_t len = message(f, ipv6_icmpv6_unreach, sizeof(f), cases[i].type, cases[i].code);
        struct packet *p = dt_decode(&t, DECODE_LINK_IPV6, f, len);
        if (cases[i].known)
            ASSERT_NO_EVENTS(p);
        else
            ASSERT_EVENTS(p, DECODE_EV_ICMPV6_UNKNOWN_CODE);
        assert_flags(p, PKT_HAS_L4 | PKT_WANTS_FLOW, PKT_IS_INVALID | PKT_L4_CSUM_BAD);
        bool error = cases[i].type <= 4;
        assert_int_equal(!!(p->flags & PKT_HAS_ICMP_EMB), error && cases[i].known);
        /* Errors and echo have an 8-byte header, other messages 4 (RFC 4443). */
        size_t hdr = error && cases[i].known ? 8 : 4;
        assert_int_equal(p->payload.len, len - MSG_OFF - hdr);
    }
    dt_fini(&t);
}

/* Types outside the known ones, by IANA range. */
static void test_types(void **state)
{
    (void)state;
    static const struct {
        uint8_t type;
        int ev;
    } cases[] = {
        {0, DECODE_EV_ICMPV6_UNKNOWN_TYPE},           {5, DECODE_EV_ICMPV6_UNASSIGNED_TYPE},
        {99, DECODE_EV_ICMPV6_UNASSIGNED_TYPE},       {100, DECODE_EV_ICMPV6_EXPERIMENTATION_TYPE},
        {101, DECODE_EV_ICMPV6_EXPERIMENTATION_TYPE}, {102, DECODE_EV_ICMPV6_UNASSIGNED_TYPE},
        {126, DECODE_EV_ICMPV6_UNASSIGNED_TYPE},      {127, DECODE_EV_ICMPV6_UNKNOWN_TYPE},
        {160, DECODE_EV_ICMPV6_UNASSIGNED_TYPE},      {200, DECODE_EV_ICMPV6_EXPERIMENTATION_TYPE},
        {201, DECODE_EV_ICMPV6_EXPERIMENTATION_TYPE}, {202, DECODE_EV_ICMPV6_UNASSIGNED_TYPE},
        {255, DECODE_EV_ICMPV6_UNASSIGNED_TYPE},
    };
    struct dt t;
    uint8_t f[64];
    dt_init(&t, true);
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        size_t len = message(f, ipv6_icmpv6_echo, sizeof(ipv6_icmpv6_echo), cases[i].type, 0);
        struct packet *p = dt_decode(&t, DECODE_LINK_IPV6, f, len);
        ASSERT_EVENTS(p, cases[i].ev);
        assert_flags(p, PKT_HAS_L4 | PKT_WANTS_FLOW, PKT_IS_INVALID);
        assert_int_equal(p->dp, 0);
    }
    dt_fini(&t);
}

/* MLD (RFC 2710 §3) is link-local: a hop limit other than 1 is suspicious. */
static void test_mld_hop_limit(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[64];
    dt_init(&t, true);
    for (uint8_t type = 130; type <= 132; type++) {
        size_t len = message(f, ipv6_icmpv6_echo, sizeof(ipv6_icmpv6_echo), type, 0);
        struct packet *p = dt_decode(&t, DECODE_LINK_IPV6, f, len);
        ASSERT_EVENTS(p, DECODE_EV_ICMPV6_MLD_MESSAGE_WITH_INVALID_HL);
        f[7] = 1;
        p = dt_decode(&t, DECODE_LINK_IPV6, f, len);
        ASSERT_NO_EVENTS(p);
    }
    dt_fini(&t);
}

static void test_checksum(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[sizeof(ipv6_icmpv6_echo)];
    memcpy(f, ipv6_icmpv6_echo, sizeof(f));
    f[8] ^= 0x80; /* source address: the pseudo-header no longer matches */
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV6, f, sizeof(f));
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_L4_CSUM_BAD | PKT_WANTS_FLOW, PKT_IS_INVALID);
    assert_int_equal(t.ctx.st.csum_icmpv6_bad, 1);
    t.ctx.check_csum = false;
    p = dt_decode(&t, DECODE_LINK_IPV6, f, sizeof(f));
    assert_flags(p, 0, PKT_L4_CSUM_BAD);
    dt_fini(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_echo_flow_key), cmocka_unit_test(test_truncation_every_byte),
        cmocka_unit_test(test_unreach_quote), cmocka_unit_test(test_unreach_quote_truncated),
        cmocka_unit_test(test_codes),         cmocka_unit_test(test_types),
        cmocka_unit_test(test_mld_hop_limit), cmocka_unit_test(test_checksum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
