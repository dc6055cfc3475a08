/* SPDX-License-Identifier: GPL-2.0-only */
/* Tests for IPv4: header checks, options, header checksum, fragments, protocol dispatch. */
#include "test_util.h"

/* clang-format off */
static const uint8_t eth_ipv4_tcp_syn[] = {
    /* Ethernet: dst 00:00:5e:00:53:02, src 00:00:5e:00:53:01, type 0x0800 IPv4 */
    0x00, 0x00, 0x5e, 0x00, 0x53, 0x02, 0x00, 0x00, 0x5e, 0x00, 0x53, 0x01,
    0x08, 0x00,
    /* IPv4: ihl 5, tos 0, len 60, id 1, DF, ttl 64, proto 6 TCP, csum */
    0x45, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x40, 0x00, 0x40, 0x06, 0x4e, 0x69,
    /* IPv4: 192.0.2.10 -> 198.51.100.20 */
    0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14,
    /* TCP: 49152 -> 80, seq 1000, ack 0, doff 10, SYN, win 64240, csum, urp 0 */
    0xc0, 0x00, 0x00, 0x50, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x00,
    0xa0, 0x02, 0xfa, 0xf0, 0x9c, 0x83, 0x00, 0x00,
    /* TCP options: MSS 1460, SACK permitted, timestamps 1/0, NOP, window scale 7 */
    0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0x00, 0x00, 0x00, 0x01,
    0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07,
}; /* 74 bytes */
/* clang-format on */

/* clang-format off */
static const uint8_t ipv4_udp[] = {
    /* IPv4: ihl 5, len 33, id 2, ttl 64, proto 17 UDP, csum */
    0x45, 0x00, 0x00, 0x21, 0x00, 0x02, 0x00, 0x00, 0x40, 0x11, 0x8e, 0x78,
    /* IPv4: 192.0.2.10 -> 198.51.100.20 */
    0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14,
    /* UDP: 50000 -> 53, len 13, csum, "khien" */
    0xc3, 0x50, 0x00, 0x35, 0x00, 0x0d, 0x0d, 0x2e, 0x6b, 0x68, 0x69, 0x65,
    0x6e,
}; /* 33 bytes */
/* clang-format on */

/*
 * From Suricata's suricata-verify test bug-7414-decoder-event-01 (ip_secopt.pcap, packet
 * 3): its options are a security option of length 2 and an option of length 53 in 10
 * bytes. Suricata 8 raises opt_pad_required, then opt_invalid_len twice, and drops IPv4.
 */
/* clang-format off */
static const uint8_t suricata_7414[] = {
    /* IPv4: ihl 8, len 104, id 1, ttl 64, proto 17 UDP, csum 0x584a */
    0x48, 0x00, 0x00, 0x68, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x58, 0x4a,
    /* IPv4: 30.30.30.30 -> 20.20.20.20 */
    0x1e, 0x1e, 0x1e, 0x1e, 0x14, 0x14, 0x14, 0x14,
    /* options: security len 2; type 0xf1 len 0x35 (53), then 8 bytes */
    0x82, 0x02, 0xf1, 0x35, 0x00, 0x00, 0xde, 0xad, 0xbe, 0xef, 0xaa, 0x00,
    /* UDP: 5060 -> 5060, len 72, and 64 bytes of SIP (not shown: zeros here) */
    0x13, 0xc4, 0x13, 0xc4, 0x00, 0x48, 0x1e, 0xfa,
}; /* 40 of 104 bytes; the rest is appended as zeros */
/* clang-format on */

/* IPv4 + UDP with `opts` (n bytes, a multiple of 4) as options; header checksum fixed. */
static size_t with_options(uint8_t *out, const uint8_t *opts, size_t n)
{
    size_t hlen = 20 + n;
    memcpy(out, ipv4_udp, 20);
    out[0] = (uint8_t)(0x40 | hlen / 4);
    put16(out, 2, (uint16_t)(hlen + 13));
    memcpy(out + 20, opts, n);
    memcpy(out + hlen, ipv4_udp + 20, 13);
    fix_ipv4_csum(out);
    return hlen + 13;
}

static void test_tcp_syn(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    struct packet *p =
        dt_decode(&t, DECODE_LINK_ETHERNET, eth_ipv4_tcp_syn, sizeof(eth_ipv4_tcp_syn));
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_HAS_L4 | PKT_WANTS_FLOW,
                 PKT_IS_INVALID | PKT_IS_FRAGMENT | PKT_IPV4_CSUM_BAD | PKT_HAS_TUNNEL);
    assert_int_equal(p->ip_ver, 4);
    assert_int_equal(p->ttl, 64);
    assert_int_equal(p->proto, 6);
    assert_int_equal(p->l3_len, 60);
    assert_int_equal(p->ip4_opts, 0);
    /* The bytes after an IPv4 address are zero: flow keys hash all 16. */
    assert_int_equal(p->src.w[1] | p->src.w[2] | p->src.w[3], 0);
    assert_int_equal(p->dst.w[1] | p->dst.w[2] | p->dst.w[3], 0);
    dt_fini(&t);
}

/* Each RFC 791 header check, in Suricata's order, with its event. */
static void test_header_checks(void **state)
{
    (void)state;
    static const struct {
        size_t off;
        uint8_t val;
        int ev;
    } cases[] = {
        {0, 0x65, DECODE_EV_IPV4_WRONG_IP_VERSION},        /* version 6 */
        {0, 0x44, DECODE_EV_IPV4_HLEN_TOO_SMALL},          /* ihl 4: 16 bytes */
        {3, 0x13, DECODE_EV_IPV4_IPLEN_SMALLER_THAN_HLEN}, /* total length 19 < 20 */
        {3, 0x22, DECODE_EV_IPV4_TRUNC_PKT},               /* total length 34 > 33 */
        {3, 0x00, DECODE_EV_IPV4_IPLEN_SMALLER_THAN_HLEN}, /* total length 0 (TSO) */
    };
    struct dt t;
    dt_init(&t, true);
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        uint8_t f[sizeof(ipv4_udp)];
        memcpy(f, ipv4_udp, sizeof(f));
        f[cases[i].off] = cases[i].val;
        struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, sizeof(f));
        ASSERT_EVENTS(p, cases[i].ev);
        assert_flags(p, PKT_IS_INVALID, PKT_WANTS_FLOW | PKT_HAS_L4);
        assert_int_equal(p->ip_ver, 0);
        assert_int_equal(p->proto, 0);
    }
    assert_int_equal(t.ctx.st.invalid, KH_ARRAY_LEN(cases));
    assert_int_equal(t.ctx.st.udp, 0);
    dt_fini(&t);
}

static void test_truncation_every_byte(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    for (size_t cut = 0; cut <= sizeof(ipv4_udp); cut++) {
        struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, ipv4_udp, cut);
        if (cut < 20)
            ASSERT_EVENTS(p, DECODE_EV_IPV4_PKT_TOO_SMALL);
        else if (cut < sizeof(ipv4_udp))
            ASSERT_EVENTS(p, DECODE_EV_IPV4_TRUNC_PKT);
        else
            ASSERT_NO_EVENTS(p);
    }
    /* The same with 40 bytes of options: the cut falls inside them too. */
    uint8_t f[80], opts[40];
    memset(opts, 0x01, sizeof(opts)); /* NOPs */
    size_t len = with_options(f, opts, sizeof(opts));
    for (size_t cut = 0; cut <= len; cut++) {
        struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, cut);
        if (cut < 20)
            ASSERT_EVENTS(p, DECODE_EV_IPV4_PKT_TOO_SMALL);
        else if (cut < len)
            ASSERT_EVENTS(p, DECODE_EV_IPV4_TRUNC_PKT);
        else
            ASSERT_NO_EVENTS(p);
    }
    dt_fini(&t);
}

/* Suricata's decoder ignores the header checksum; khien flags and counts it, no event. */
static void test_header_checksum(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[sizeof(ipv4_udp)];
    memcpy(f, ipv4_udp, sizeof(f));
    f[11] ^= 0x01;
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, sizeof(f));
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_IPV4_CSUM_BAD | PKT_WANTS_FLOW | PKT_HAS_L4, PKT_IS_INVALID);
    assert_int_equal(t.ctx.st.csum_ipv4_bad, 1);
    /* -k none: not looked at. */
    t.ctx.check_csum = false;
    p = dt_decode(&t, DECODE_LINK_IPV4, f, sizeof(f));
    assert_flags(p, PKT_WANTS_FLOW, PKT_IPV4_CSUM_BAD);
    assert_int_equal(t.ctx.st.csum_ipv4_bad, 1);
    dt_fini(&t);
}

/* Well-formed options of each kind Suricata validates (each list padded to 8 bytes). */
static void test_valid_options(void **state)
{
    (void)state;
    static const struct {
        uint8_t opts[16];
        size_t n;
        uint16_t bits;
    } cases[] = {
        /* record route, 1 slot, pointer 4; EOL */
        {{0x07, 0x07, 0x04, 0, 0, 0, 0, 0x00}, 8, PKT_IP4_OPT_RR | PKT_IP4_OPT_EOL},
        /* loose source route, pointer 8 = full (len + 1); NOP */
        {{0x83, 0x07, 0x08, 1, 2, 3, 4, 0x01}, 8, PKT_IP4_OPT_LSRR | PKT_IP4_OPT_NOP},
        /* strict source route, pointer 4; EOL */
        {{0x89, 0x07, 0x04, 1, 2, 3, 4, 0x00}, 8, PKT_IP4_OPT_SSRR | PKT_IP4_OPT_EOL},
        /* timestamp, flag 1 (address + time records of 8), pointer 5; 4 EOL */
        {{0x44, 0x0c, 0x05, 0x01, 0, 0, 0, 0, 0, 0, 0, 0}, 16, PKT_IP4_OPT_TS | PKT_IP4_OPT_EOL},
        /* timestamp, flag 0 (records of 4), pointer 9 */
        {{0x44, 0x08, 0x09, 0x00, 1, 2, 3, 4}, 8, PKT_IP4_OPT_TS},
        /* quick-start, 8 bytes */
        {{0x19, 0x08, 0x10, 0x00, 0, 0, 0, 0}, 8, PKT_IP4_OPT_QS},
        /* security, 11 bytes; EOL */
        {{0x82, 0x0b, 0xf1, 0x35, 0, 0, 0, 0, 0, 0, 0, 0x00},
         16,
         PKT_IP4_OPT_SEC | PKT_IP4_OPT_EOL},
        /* extended security, 3 bytes; EOL */
        {{0x85, 0x03, 0x01, 0x00}, 8, PKT_IP4_OPT_ESEC | PKT_IP4_OPT_EOL},
        /* stream id 1; router alert 0 */
        {{0x88, 0x04, 0x00, 0x01, 0x94, 0x04, 0x00, 0x00}, 8, PKT_IP4_OPT_SID | PKT_IP4_OPT_RTRALT},
        /* CIPSO: DOI 1, tag 1 of 4 bytes (alignment 0), tag 7 of 4 (no alignment) */
        {{0x86, 0x0e, 0, 0, 0, 1, 0x01, 0x04, 0x00, 0x00, 0x07, 0x04, 0xff, 0xff},
         16,
         PKT_IP4_OPT_CIPSO | PKT_IP4_OPT_EOL},
    };
    struct dt t;
    dt_init(&t, true);
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        uint8_t f[80];
        size_t len = with_options(f, cases[i].opts, cases[i].n);
        struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, len);
        ASSERT_NO_EVENTS(p);
        assert_int_equal(p->ip4_opts, cases[i].bits);
        assert_int_equal(p->l4_off, 20 + cases[i].n);
        assert_int_equal(p->dp, 53);
        assert_flags(p, PKT_WANTS_FLOW, PKT_IS_INVALID | PKT_IPV4_CSUM_BAD);
    }
    dt_fini(&t);
}

/* Options that are wrong but leave the walk able to go on: decoding continues. */
static void test_bad_options(void **state)
{
    (void)state;
    static const struct {
        uint8_t opts[16];
        size_t n;
        int ev;
        bool invalid;
    } cases[] = {
        /* clang-format off */
        {{0x9e, 0x04, 0, 0, 0, 0, 0, 0}, 8, DECODE_EV_IPV4_OPT_INVALID, false},     /* type 158 */
        {{0x19, 0x06, 0, 0, 0, 0, 0, 0}, 8, DECODE_EV_IPV4_OPT_INVALID_LEN, true},  /* QS 6 */
        {{0x88, 0x05, 0, 0, 0, 0, 0, 0}, 8, DECODE_EV_IPV4_OPT_INVALID_LEN, true},  /* SID 5 */
        {{0x94, 0x02, 0, 0, 0, 0, 0, 0}, 8, DECODE_EV_IPV4_OPT_INVALID_LEN, true},  /* RA 2 */
        {{0x82, 0x02, 0, 0, 0, 0, 0, 0}, 8, DECODE_EV_IPV4_OPT_INVALID_LEN, true},  /* SEC 2 */
        {{0x07, 0x02, 0, 0, 0, 0, 0, 0}, 8, DECODE_EV_IPV4_OPT_INVALID_LEN, true},  /* RR 2 */
        {{0x07, 0x07, 0x03, 0, 0, 0, 0, 0}, 8, DECODE_EV_IPV4_OPT_MALFORMED, true}, /* RR ptr 3 */
        {{0x07, 0x07, 0x05, 0, 0, 0, 0, 0}, 8, DECODE_EV_IPV4_OPT_MALFORMED, true}, /* RR ptr 5 */
        {{0x07, 0x07, 0x0c, 0, 0, 0, 0, 0}, 8, DECODE_EV_IPV4_OPT_MALFORMED, true}, /* ptr past */
        {{0x44, 0x04, 0x05, 0, 0, 0, 0, 0}, 8, DECODE_EV_IPV4_OPT_INVALID_LEN, true}, /* TS 4 */
        {{0x44, 0x08, 0x04, 0, 0, 0, 0, 0}, 8, DECODE_EV_IPV4_OPT_MALFORMED, true}, /* TS ptr 4 */
        /* TS flag 1, pointer 9: not on an 8-byte record */
        {{0x44, 0x0c, 0x09, 0x01, 0, 0, 0, 0, 0, 0, 0, 0}, 16, DECODE_EV_IPV4_OPT_MALFORMED, true},
        /* CIPSO (DOI 1): length 9 < 10; tag 0; tag of 3 bytes; alignment octet 1; tag of 5 in
         * 4 bytes; tag type 3; a 1-byte tail after a good tag */
        {{0x86, 0x09, 0, 0, 0, 1, 0x01, 0x03}, 16, DECODE_EV_IPV4_OPT_INVALID_LEN, true},
        {{0x86, 0x0a, 0, 0, 0, 1, 0x00, 0x04, 0, 0}, 16, DECODE_EV_IPV4_OPT_MALFORMED, true},
        {{0x86, 0x0a, 0, 0, 0, 1, 0x01, 0x03, 0, 0}, 16, DECODE_EV_IPV4_OPT_MALFORMED, true},
        {{0x86, 0x0a, 0, 0, 0, 1, 0x01, 0x04, 0x01, 0}, 16, DECODE_EV_IPV4_OPT_MALFORMED, true},
        {{0x86, 0x0a, 0, 0, 0, 1, 0x01, 0x05, 0, 0}, 16, DECODE_EV_IPV4_OPT_MALFORMED, true},
        {{0x86, 0x0a, 0, 0, 0, 1, 0x03, 0x04, 0, 0}, 16, DECODE_EV_IPV4_OPT_MALFORMED, true},
        {{0x86, 0x0b, 0, 0, 0, 1, 0x01, 0x04, 0, 0, 0}, 16, DECODE_EV_IPV4_OPT_MALFORMED, true},
        /* Four bytes of options: Suricata wants them padded to 8 (opt_pad_required). */
        {{0x01, 0x01, 0x01, 0x00}, 4, DECODE_EV_IPV4_OPT_PAD_REQUIRED, false},
        /* A multi-byte type in the last byte, without its length. */
        {{0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x07}, 8, DECODE_EV_IPV4_OPT_EOL_REQUIRED,
         false},
        /* Record route twice. */
        {{0x07, 0x03, 0x04, 0x07, 0x03, 0x04, 0x00, 0x00}, 8, DECODE_EV_IPV4_OPT_DUPLICATE, false},
        /* clang-format on */
    };
    struct dt t;
    dt_init(&t, true);
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        uint8_t f[80];
        size_t len = with_options(f, cases[i].opts, cases[i].n);
        struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, len);
        ASSERT_EVENTS(p, cases[i].ev);
        assert_int_equal(!!(p->flags & PKT_IS_INVALID), cases[i].invalid);
        /* The layer is kept and the transport decoded all the same, as in Suricata. */
        assert_int_equal(p->ip_ver, 4);
        assert_flags(p, PKT_HAS_L4 | PKT_WANTS_FLOW, 0);
    }
    dt_fini(&t);
}

/* A duplicate only counts after a valid first option: an invalid RR then a valid one. */
static void test_duplicate_after_invalid(void **state)
{
    (void)state;
    static const uint8_t opts[] = {0x07, 0x03, 0x03, 0x07, 0x03, 0x04, 0x00, 0x00};
    struct dt t;
    uint8_t f[80];
    size_t len = with_options(f, opts, sizeof(opts));
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, len);
    ASSERT_EVENTS(p, DECODE_EV_IPV4_OPT_MALFORMED);
    assert_true(p->ip4_opts & PKT_IP4_OPT_RR);
    dt_fini(&t);
}

/* An option length of 0 or 1, or past the header, ends IPv4 decoding (Suricata returns NULL). */
static void test_fatal_option_lengths(void **state)
{
    (void)state;
    static const uint8_t zero[] = {0x07, 0x00, 0, 0, 0, 0, 0, 0};
    static const uint8_t one[] = {0x07, 0x01, 0, 0, 0, 0, 0, 0};
    static const uint8_t past[] = {0x01, 0x07, 0x08, 0x04, 0, 0, 0, 0};
    const uint8_t *all[] = {zero, one, past};
    struct dt t;
    dt_init(&t, true);
    for (size_t i = 0; i < KH_ARRAY_LEN(all); i++) {
        uint8_t f[80];
        size_t len = with_options(f, all[i], 8);
        struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, len);
        ASSERT_EVENTS(p, DECODE_EV_IPV4_OPT_INVALID_LEN);
        assert_flags(p, PKT_IS_INVALID, PKT_WANTS_FLOW | PKT_HAS_L4);
        assert_int_equal(p->ip_ver, 0);
    }
    assert_int_equal(t.ctx.st.udp, 0);
    dt_fini(&t);
}

static void test_suricata_bug_7414(void **state)
{
    (void)state;
    uint8_t f[104] = {0};
    memcpy(f, suricata_7414, sizeof(suricata_7414));
    struct dt t;
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, sizeof(f));
    ASSERT_EVENTS(p, DECODE_EV_IPV4_OPT_PAD_REQUIRED, DECODE_EV_IPV4_OPT_INVALID_LEN,
                  DECODE_EV_IPV4_OPT_INVALID_LEN);
    assert_flags(p, PKT_IS_INVALID, PKT_WANTS_FLOW);
    assert_int_equal(p->ip_ver, 0);
    assert_int_equal(t.ctx.st.invalid, 1);
    dt_fini(&t);
}

/* Fragments: MF or an offset makes one; no transport header is decoded, even in the first. */
static void test_fragments(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[sizeof(ipv4_udp)];
    dt_init(&t, true);

    memcpy(f, ipv4_udp, sizeof(f));
    put16(f, 6, 0x2000); /* MF, offset 0: the first fragment */
    fix_ipv4_csum(f);
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, sizeof(f));
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_IS_FRAGMENT, PKT_HAS_L4 | PKT_WANTS_FLOW | PKT_IS_INVALID);
    assert_int_equal(p->frag_id, 2);
    assert_int_equal(p->frag_off, 0);
    assert_true(p->frag_more);
    assert_int_equal(p->frag_nh, 17);
    assert_int_equal(p->proto, 17);
    assert_int_equal(p->payload.len, 13);
    assert_int_equal(p->l4_off, 20);
    assert_int_equal(p->sp, 0);

    put16(f, 6, 0x00b9); /* offset 185 * 8 = 1480, last fragment */
    fix_ipv4_csum(f);
    p = dt_decode(&t, DECODE_LINK_IPV4, f, sizeof(f));
    assert_flags(p, PKT_IS_FRAGMENT, PKT_HAS_L4);
    assert_int_equal(p->frag_off, 1480);
    assert_false(p->frag_more);

    put16(f, 6, 0x4000); /* DF alone: not a fragment */
    fix_ipv4_csum(f);
    p = dt_decode(&t, DECODE_LINK_IPV4, f, sizeof(f));
    assert_flags(p, PKT_HAS_L4, PKT_IS_FRAGMENT);
    assert_int_equal(t.ctx.st.udp, 1);
    dt_fini(&t);
}

/* ICMPv6 over IPv4 is invalid; protocols khien does not decode are no event and no flow. */
static void test_protocols(void **state)
{
    (void)state;
    static const struct {
        uint8_t proto;
        int ev;
    } cases[] = {{58, DECODE_EV_IPV4_ICMPV6}, {89, -1}, {50, -1}, {132, -1}};
    struct dt t;
    dt_init(&t, true);
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        uint8_t f[sizeof(ipv4_udp)];
        memcpy(f, ipv4_udp, sizeof(f));
        f[9] = cases[i].proto;
        fix_ipv4_csum(f);
        struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, sizeof(f));
        if (cases[i].ev >= 0) {
            ASSERT_EVENTS(p, cases[i].ev);
            assert_flags(p, PKT_IS_INVALID, 0);
        } else {
            ASSERT_NO_EVENTS(p);
            assert_int_equal(p->flags, 0);
        }
        assert_int_equal(p->ip_ver, 4);
        assert_int_equal(p->proto, cases[i].proto);
        assert_flags(p, 0, PKT_WANTS_FLOW | PKT_HAS_L4);
    }
    dt_fini(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tcp_syn),
        cmocka_unit_test(test_header_checks),
        cmocka_unit_test(test_truncation_every_byte),
        cmocka_unit_test(test_header_checksum),
        cmocka_unit_test(test_valid_options),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_duplicate_after_invalid),
        cmocka_unit_test(test_fatal_option_lengths),
        cmocka_unit_test(test_suricata_bug_7414),
        cmocka_unit_test(test_fragments),
        cmocka_unit_test(test_protocols),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
