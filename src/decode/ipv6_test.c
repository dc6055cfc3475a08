/* SPDX-License-Identifier: GPL-2.0-only */
/* Tests for IPv6: fixed header, the extension header chain and its events, fragments. */
#include "test_util.h"

/* clang-format off */
static const uint8_t ipv6_exthdr_tcp[] = {
    /* IPv6: plen 84, next header 0 hop-by-hop, hop limit 64 */
    0x60, 0x00, 0x00, 0x00, 0x00, 0x54, 0x00, 0x40,
    /* IPv6: 2001:db8::10 -> 2001:db8::20 */
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20,
    /* hop-by-hop: next 60, len 0 (8 bytes), router alert 0, Pad1, Pad1 */
    0x3c, 0x00, 0x05, 0x02, 0x00, 0x00, 0x00, 0x00,
    /* destination options: next 43, len 2 (24 bytes), home address 2001:db8::99, PadN 4 */
    0x2b, 0x02, 0xc9, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x99, 0x01, 0x02, 0x00, 0x00,
    /* routing: next 44, len 2 (24 bytes), type 2, segments left 0, reserved, 2001:db8::1 */
    0x2c, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x01, 0x0d, 0xb8,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    /* fragment: next 6, reserved 0, offset 0, M 0 (an atomic fragment), id 0x99 */
    0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x99,
    /* TCP: 49152 -> 80, seq 1, doff 5, SYN, win 65535, csum */
    0xc0, 0x00, 0x00, 0x50, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
    0x50, 0x02, 0xff, 0xff, 0x93, 0xef, 0x00, 0x00,
}; /* 124 bytes */
/* clang-format on */

#define HBH_OFF  40
#define DST_OFF  48
#define RH_OFF   72
#define FH_OFF   96
#define TCP6_OFF 104

/* clang-format off */
static const uint8_t ipv6_frag_first[] = {
    /* IPv6: plen 24, next header 44 fragment, hop limit 64 */
    0x60, 0x00, 0x00, 0x00, 0x00, 0x18, 0x2c, 0x40,
    /* IPv6: 2001:db8::10 -> 2001:db8::20 */
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20,
    /* fragment: next 17 UDP, reserved 0, offset 0, M 1, id 0xabcd */
    0x11, 0x00, 0x00, 0x01, 0x00, 0x00, 0xab, 0xcd,
    /* fragment data: a UDP header (50000 -> 53, len 24) and 8 bytes of its payload */
    0xc3, 0x50, 0x00, 0x35, 0x00, 0x18, 0xb1, 0x5f, 0x30, 0x31, 0x32, 0x33,
    0x34, 0x35, 0x36, 0x37,
}; /* 64 bytes */
/* clang-format on */

/* A UDP datagram (50000 -> 53, len 8, checksum left to -k none) to end test chains. */
static const uint8_t udp8[] = {0xc3, 0x50, 0x00, 0x35, 0x00, 0x08, 0x00, 0x00};

/* The IPv6 header of ipv6_exthdr_tcp with next header nh and body (its payload length). */
static size_t with_body(uint8_t *out, uint8_t nh, const uint8_t *body, size_t n)
{
    memcpy(out, ipv6_exthdr_tcp, 40);
    put16(out, 4, (uint16_t)n);
    out[6] = nh;
    if (n > 0)
        memcpy(out + 40, body, n);
    return 40 + n;
}

/* Decode a header chain that ends in udp8; checksums are not checked. */
static struct packet *decode_chain(struct dt *t, uint8_t nh, const uint8_t *hdrs, size_t n)
{
    uint8_t body[256], f[300];
    if (n > 0)
        memcpy(body, hdrs, n);
    memcpy(body + n, udp8, sizeof(udp8));
    size_t len = with_body(f, nh, body, n + sizeof(udp8));
    t->ctx.check_csum = false;
    return dt_decode(t, DECODE_LINK_IPV6, f, len);
}

static void test_chain(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV6, ipv6_exthdr_tcp, sizeof(ipv6_exthdr_tcp));
    /* The atomic fragment is decoded on, with Suricata's event (RFC 6946). */
    ASSERT_EVENTS(p, DECODE_EV_IPV6_EXTHDR_USELESS_FH);
    assert_flags(p, PKT_HAS_L4 | PKT_WANTS_FLOW,
                 PKT_IS_FRAGMENT | PKT_IS_INVALID | PKT_L4_CSUM_BAD);
    assert_int_equal(p->ip_ver, 6);
    assert_int_equal(p->proto, 6);
    assert_int_equal(p->ttl, 64);
    assert_int_equal(p->l3_off, 0);
    assert_int_equal(p->l3_len, sizeof(ipv6_exthdr_tcp));
    assert_int_equal(p->l4_off, TCP6_OFF);
    assert_int_equal(p->sp, 49152);
    assert_int_equal(p->layers, 1);
    assert_memory_equal(p->src.b, ipv6_exthdr_tcp + 8, 16);
    assert_memory_equal(p->dst.b, ipv6_exthdr_tcp + 24, 16);
    assert_int_equal(t.ctx.st.ipv6, 1);
    assert_int_equal(t.ctx.st.tcp, 1);
    dt_fini(&t);
}

static void test_truncation_every_byte(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    for (size_t cut = 0; cut <= sizeof(ipv6_exthdr_tcp); cut++) {
        struct packet *p = dt_decode(&t, DECODE_LINK_IPV6, ipv6_exthdr_tcp, cut);
        if (cut < 40)
            ASSERT_EVENTS(p, DECODE_EV_IPV6_PKT_TOO_SMALL);
        else if (cut < sizeof(ipv6_exthdr_tcp))
            ASSERT_EVENTS(p, DECODE_EV_IPV6_TRUNC_PKT);
        else
            ASSERT_EVENTS(p, DECODE_EV_IPV6_EXTHDR_USELESS_FH);
    }
    dt_fini(&t);
}

/*
 * Shorten the payload length to every value, capturing just that much: each extension
 * header, then TCP, is found truncated in turn.
 */
static void test_chain_truncation(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, false);
    uint8_t f[sizeof(ipv6_exthdr_tcp)];
    memcpy(f, ipv6_exthdr_tcp, sizeof(f));
    for (size_t b = 0; b <= sizeof(f) - 40; b++) {
        put16(f, 4, (uint16_t)b);
        struct packet *p = dt_decode(&t, DECODE_LINK_IPV6, f, 40 + b);
        if (40 + b < FH_OFF + 8)
            ASSERT_EVENTS(p, DECODE_EV_IPV6_TRUNC_EXTHDR);
        else if (40 + b < TCP6_OFF + 2) /* Suricata wants 2 bytes of any header in a chain */
            ASSERT_EVENTS(p, DECODE_EV_IPV6_EXTHDR_USELESS_FH, DECODE_EV_IPV6_TRUNC_EXTHDR);
        else if (40 + b < TCP6_OFF + 20)
            ASSERT_EVENTS(p, DECODE_EV_IPV6_EXTHDR_USELESS_FH, DECODE_EV_TCP_PKT_TOO_SMALL);
        else
            ASSERT_EVENTS(p, DECODE_EV_IPV6_EXTHDR_USELESS_FH);
        assert_int_equal(!!(p->flags & PKT_IS_INVALID), 40 + b < sizeof(f));
        assert_int_equal(p->ip_ver, 6); /* the fixed header itself is fine */
    }
    dt_fini(&t);
}

static void test_header_checks(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[sizeof(ipv6_exthdr_tcp)];
    dt_init(&t, true);
    memcpy(f, ipv6_exthdr_tcp, sizeof(f));
    f[0] = 0x40; /* version 4 */
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV6, f, sizeof(f));
    ASSERT_EVENTS(p, DECODE_EV_IPV6_WRONG_IP_VERSION);
    assert_flags(p, PKT_IS_INVALID, PKT_WANTS_FLOW);
    assert_int_equal(p->ip_ver, 0);
    memcpy(f, ipv6_exthdr_tcp, sizeof(f));
    put16(f, 4, 85); /* one byte more than present */
    p = dt_decode(&t, DECODE_LINK_IPV6, f, sizeof(f));
    ASSERT_EVENTS(p, DECODE_EV_IPV6_TRUNC_PKT);
    assert_int_equal(p->ip_ver, 0);
    /* Bytes after the payload length (link padding) are not part of the packet. */
    uint8_t padded[sizeof(ipv6_exthdr_tcp) + 6] = {0};
    memcpy(padded, ipv6_exthdr_tcp, sizeof(ipv6_exthdr_tcp));
    p = dt_decode(&t, DECODE_LINK_IPV6, padded, sizeof(padded));
    ASSERT_EVENTS(p, DECODE_EV_IPV6_EXTHDR_USELESS_FH);
    assert_int_equal(p->payload.len, 0);
    assert_int_equal(p->flags & PKT_L4_CSUM_BAD, 0);
    dt_fini(&t);
}

static void test_fragment(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV6, ipv6_frag_first, sizeof(ipv6_frag_first));
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_IS_FRAGMENT, PKT_HAS_L4 | PKT_WANTS_FLOW | PKT_IS_INVALID);
    assert_int_equal(p->proto, 44); /* as Suricata: the fragment header */
    assert_int_equal(p->frag_nh, 17);
    assert_int_equal(p->frag_id, 0xabcd);
    assert_int_equal(p->frag_off, 0);
    assert_true(p->frag_more);
    assert_int_equal(p->frag_hdr_off, 40);
    assert_int_equal(p->frag_nh_off, 6); /* the fixed header's next header byte */
    assert_int_equal(p->l4_off, 48);
    assert_int_equal(p->payload.len, 16);
    assert_int_equal(t.ctx.st.udp, 0);

    /* A later fragment, offset 1232, the last. */
    uint8_t f[sizeof(ipv6_frag_first)];
    memcpy(f, ipv6_frag_first, sizeof(f));
    put16(f, 42, 1232);
    p = dt_decode(&t, DECODE_LINK_IPV6, f, sizeof(f));
    ASSERT_NO_EVENTS(p);
    assert_int_equal(p->frag_off, 1232);
    assert_false(p->frag_more);

    /* More to come but not a multiple of 8 bytes: ipv6.frag_invalid_length (RFC 8200 §4.5). */
    memcpy(f, ipv6_frag_first, sizeof(f));
    put16(f, 4, 23);
    p = dt_decode(&t, DECODE_LINK_IPV6, f, sizeof(f) - 1);
    ASSERT_EVENTS(p, DECODE_EV_IPV6_FRAG_INVALID_LENGTH);
    assert_flags(p, PKT_IS_FRAGMENT, PKT_IS_INVALID);

    /* A non-zero reserved byte: an event, still a fragment. */
    memcpy(f, ipv6_frag_first, sizeof(f));
    f[41] = 0x01;
    p = dt_decode(&t, DECODE_LINK_IPV6, f, sizeof(f));
    ASSERT_EVENTS(p, DECODE_EV_IPV6_FH_NON_ZERO_RESERVED_FIELD);
    assert_flags(p, PKT_IS_FRAGMENT, 0);
    dt_fini(&t);
}

/* Behind a hop-by-hop header, frag_nh_off points at that header's next header byte. */
static void test_fragment_after_hop(void **state)
{
    (void)state;
    /* clang-format off */
    static const uint8_t hdrs[] = {
        /* hop-by-hop: next 44, len 0, PadN 4 */
        0x2c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
        /* fragment: next 17, offset 8, M 1, id 1 */
        0x11, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x01,
    };
    /* clang-format on */
    struct dt t;
    dt_init(&t, true);
    struct packet *p = decode_chain(&t, 0, hdrs, sizeof(hdrs));
    ASSERT_EVENTS(p, DECODE_EV_IPV6_HOPOPTS_ONLY_PADDING);
    assert_flags(p, PKT_IS_FRAGMENT, PKT_HAS_L4);
    assert_int_equal(p->frag_hdr_off, 48);
    assert_int_equal(p->frag_nh_off, 40);
    assert_int_equal(p->frag_off, 8);
    dt_fini(&t);
}

/* Duplicates are reported and skipped; decoding goes on after them. */
static void test_duplicates(void **state)
{
    (void)state;
    /* clang-format off */
    static const uint8_t two_hop[] = {
        0x00, 0x00, 0x05, 0x02, 0x00, 0x00, 0x00, 0x00, /* hop-by-hop, router alert; next 0 */
        0x11, 0x00, 0x05, 0x02, 0x00, 0x00, 0x00, 0x00, /* hop-by-hop again; next 17 */
    };
    /* clang-format on */
    /* clang-format off */
    static const uint8_t two_rh[] = {
        0x2b, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, /* routing type 2, len 0; next 43 */
        0x11, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, /* routing again; next 17 */
    };
    /* clang-format on */
    /* clang-format off */
    static const uint8_t three_dst[] = {
        0x3c, 0x00, 0xc2, 0x04, 0x00, 0x01, 0x00, 0x00, /* dst opts, jumbo 65536; next 60 */
        0x3c, 0x00, 0xc2, 0x04, 0x00, 0x01, 0x00, 0x00, /* the second is legal; next 60 */
        0x11, 0x00, 0xc2, 0x04, 0x00, 0x01, 0x00, 0x00, /* a third is not; next 17 */
    };
    /* clang-format on */
    /* clang-format off */
    static const uint8_t two_fh[] = {
        0x2c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, /* atomic fragment; next 44 */
        0x11, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, /* fragment again; next 17 */
    };
    /* clang-format on */
    struct dt t;
    dt_init(&t, true);
    struct packet *p = decode_chain(&t, 0, two_hop, sizeof(two_hop));
    ASSERT_EVENTS(p, DECODE_EV_IPV6_EXTHDR_DUPL_HH);
    assert_flags(p, PKT_HAS_L4, PKT_IS_INVALID);
    p = decode_chain(&t, 43, two_rh, sizeof(two_rh));
    ASSERT_EVENTS(p, DECODE_EV_IPV6_EXTHDR_DUPL_RH);
    p = decode_chain(&t, 60, three_dst, sizeof(three_dst));
    ASSERT_EVENTS(p, DECODE_EV_IPV6_EXTHDR_DUPL_DH);
    assert_flags(p, PKT_HAS_L4, 0);
    p = decode_chain(&t, 44, two_fh, sizeof(two_fh));
    ASSERT_EVENTS(p, DECODE_EV_IPV6_EXTHDR_USELESS_FH, DECODE_EV_IPV6_EXTHDR_DUPL_FH);
    assert_flags(p, PKT_HAS_L4, PKT_IS_FRAGMENT);
    dt_fini(&t);
}

/* Authentication header (RFC 4302): length in 4-byte units, reserved must be zero. */
static void test_ah(void **state)
{
    (void)state;
    /* clang-format off */
    static const uint8_t ah_ok[] = {
        /* AH: next 17, len 4 (24 bytes), reserved 0, SPI 1, sequence 1, 12 bytes of ICV */
        0x11, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    };
    /* clang-format on */
    /* clang-format off */
    static const uint8_t ah_twice[] = {
        /* AH: next 51, len 1 (12 bytes), reserved 0x0102, SPI, sequence */
        0x33, 0x01, 0x01, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
        /* AH again: next 17, len 1 */
        0x11, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,
    };
    /* clang-format on */
    struct dt t;
    dt_init(&t, true);
    struct packet *p = decode_chain(&t, 51, ah_ok, sizeof(ah_ok));
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_HAS_L4, 0);
    assert_int_equal(p->l4_off, 40 + sizeof(ah_ok));
    p = decode_chain(&t, 51, ah_twice, sizeof(ah_twice));
    ASSERT_EVENTS(p, DECODE_EV_IPV6_EXTHDR_AH_RES_NOT_NULL, DECODE_EV_IPV6_EXTHDR_DUPL_AH);
    assert_flags(p, PKT_HAS_L4, PKT_IS_INVALID);
    dt_fini(&t);
}

/* Hop-by-hop and destination options: each event of the option walk. */
static void test_options(void **state)
{
    (void)state;
    static const struct {
        uint8_t nh;      /* 0 hop-by-hop, 60 destination options */
        uint8_t hdr[16]; /* next header 17 */
        size_t n;
        int ev[2];
        bool invalid;
    } cases[] = {
        /* PadN 6: only padding */
        {0,
         {0x11, 0x00, 0x01, 0x04, 0, 0, 0, 0},
         8,
         {DECODE_EV_IPV6_HOPOPTS_ONLY_PADDING, -1},
         false},
        {60,
         {0x11, 0x00, 0x01, 0x04, 0, 0, 0, 0},
         8,
         {DECODE_EV_IPV6_DSTOPTS_ONLY_PADDING, -1},
         false},
        /* unknown option 0x3e of 4 bytes */
        {0,
         {0x11, 0x00, 0x3e, 0x04, 0, 0, 0, 0},
         8,
         {DECODE_EV_IPV6_HOPOPTS_UNKNOWN_OPT, -1},
         false},
        {60,
         {0x11, 0x00, 0x3e, 0x04, 0, 0, 0, 0},
         8,
         {DECODE_EV_IPV6_DSTOPTS_UNKNOWN_OPT, -1},
         false},
        /* PadN of length 0, then Pad1 x4 */
        {60,
         {0x11, 0x00, 0x01, 0x00, 0, 0, 0, 0},
         8,
         {DECODE_EV_IPV6_ZERO_LEN_PADN, DECODE_EV_IPV6_DSTOPTS_ONLY_PADDING},
         false},
        /* router alert of 1 byte (needs 2) */
        {0,
         {0x11, 0x00, 0x05, 0x01, 0, 0, 0, 0},
         8,
         {DECODE_EV_IPV6_EXTHDR_INVALID_OPTLEN, -1},
         true},
        /* jumbo of 2 bytes (needs 4) */
        {0,
         {0x11, 0x00, 0xc2, 0x02, 0, 0, 0, 0},
         8,
         {DECODE_EV_IPV6_EXTHDR_INVALID_OPTLEN, -1},
         true},
        /* home address of 4 bytes (needs 16) */
        {60,
         {0x11, 0x00, 0xc9, 0x04, 0, 0, 0, 0},
         8,
         {DECODE_EV_IPV6_EXTHDR_INVALID_OPTLEN, -1},
         true},
        /* an option of 5 bytes in the 4 left */
        {0,
         {0x11, 0x00, 0x3e, 0x05, 0, 0, 0, 0},
         8,
         {DECODE_EV_IPV6_EXTHDR_INVALID_OPTLEN, -1},
         true},
        /* Pad1 x5 then an option type with no room for its length */
        {0,
         {0x11, 0x00, 0, 0, 0, 0, 0, 0x3e},
         8,
         {DECODE_EV_IPV6_EXTHDR_INVALID_OPTLEN, DECODE_EV_IPV6_HOPOPTS_ONLY_PADDING},
         true},
    };
    struct dt t;
    dt_init(&t, true);
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        struct packet *p = decode_chain(&t, cases[i].nh, cases[i].hdr, cases[i].n);
        if (cases[i].ev[1] < 0)
            ASSERT_EVENTS(p, cases[i].ev[0]);
        else
            ASSERT_EVENTS(p, cases[i].ev[0], cases[i].ev[1]);
        assert_int_equal(!!(p->flags & PKT_IS_INVALID), cases[i].invalid);
        /* An option error stays inside its header: UDP after it is decoded. */
        assert_flags(p, PKT_HAS_L4 | PKT_WANTS_FLOW, 0);
    }
    dt_fini(&t);
}

/* Headers that end or stop the chain, with their events. */
static void test_chain_ends(void **state)
{
    (void)state;
    static const uint8_t rh0[] = {0x11, 0x00, 0x00, 0x00, 0, 0, 0, 0}; /* routing type 0 */
    static const uint8_t mh[] = {0x11, 0x00, 0x05, 0x00, 0, 0, 0, 0};  /* mobility, skipped */
    static const uint8_t hbh_long[] = {0x11, 0x05, 0, 0, 0, 0, 0, 0};  /* 48 bytes claimed */
    struct dt t;
    dt_init(&t, true);
    struct packet *p = decode_chain(&t, 43, rh0, sizeof(rh0));
    ASSERT_EVENTS(p, DECODE_EV_IPV6_RH_TYPE_0);
    assert_flags(p, PKT_HAS_L4, 0);
    p = decode_chain(&t, 135, mh, sizeof(mh));
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_HAS_L4, 0);
    p = decode_chain(&t, 0, hbh_long, sizeof(hbh_long));
    ASSERT_EVENTS(p, DECODE_EV_IPV6_TRUNC_EXTHDR);
    assert_flags(p, PKT_IS_INVALID, PKT_HAS_L4);
    /* No next header with bytes after it; then without. */
    p = decode_chain(&t, 59, NULL, 0);
    ASSERT_EVENTS(p, DECODE_EV_IPV6_DATA_AFTER_NONE_HEADER);
    assert_flags(p, 0, PKT_IS_INVALID | PKT_WANTS_FLOW);
    uint8_t f[64];
    p = dt_decode(&t, DECODE_LINK_IPV6, f, with_body(f, 59, NULL, 0));
    ASSERT_NO_EVENTS(p);
    assert_int_equal(p->proto, 59);
    /* An unknown next header, ICMPv4 over IPv6, ESP: events for the first two only. */
    p = decode_chain(&t, 253, NULL, 0);
    ASSERT_EVENTS(p, DECODE_EV_IPV6_UNKNOWN_NEXT_HEADER);
    assert_int_equal(p->proto, 253);
    assert_flags(p, 0, PKT_IS_INVALID | PKT_WANTS_FLOW);
    p = decode_chain(&t, 1, NULL, 0);
    ASSERT_EVENTS(p, DECODE_EV_IPV6_ICMPV4);
    assert_flags(p, 0, PKT_IS_INVALID | PKT_WANTS_FLOW);
    p = decode_chain(&t, 50, NULL, 0);
    ASSERT_NO_EVENTS(p);
    assert_int_equal(p->proto, 50);
    dt_fini(&t);
}

/* Inside a chain a 1-byte upper header is trunc_exthdr (Suricata); directly, the L4's own. */
static void test_chain_short_upper(void **state)
{
    (void)state;
    static const uint8_t hbh_tcp1[] = {0x06, 0x00, 0x01, 0x04, 0, 0, 0, 0, 0xc0};
    struct dt t;
    uint8_t f[64];
    dt_init(&t, false);
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV6, f, with_body(f, 0, hbh_tcp1, 9));
    ASSERT_EVENTS(p, DECODE_EV_IPV6_HOPOPTS_ONLY_PADDING, DECODE_EV_IPV6_TRUNC_EXTHDR);
    p = dt_decode(&t, DECODE_LINK_IPV6, f, with_body(f, 6, hbh_tcp1 + 8, 1));
    ASSERT_EVENTS(p, DECODE_EV_TCP_PKT_TOO_SMALL);
    dt_fini(&t);
}

/* IPv4 and IPv6 directly in IPv6: size and version checked before a tunnel is marked. */
static void test_ip_in_ipv6(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[128], inner[40] = {0x45};
    dt_init(&t, false);
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV6, f, with_body(f, 4, inner, 19));
    ASSERT_EVENTS(p, DECODE_EV_IPV6_IPV4_IN_IPV6_TOO_SMALL);
    assert_flags(p, PKT_IS_INVALID, PKT_HAS_TUNNEL);
    p = dt_decode(&t, DECODE_LINK_IPV6, f, with_body(f, 4, (const uint8_t[20]){0x65}, 20));
    ASSERT_EVENTS(p, DECODE_EV_IPV6_IPV4_IN_IPV6_WRONG_VERSION);
    assert_flags(p, 0, PKT_IS_INVALID | PKT_HAS_TUNNEL);
    p = dt_decode(&t, DECODE_LINK_IPV6, f, with_body(f, 4, inner, 20));
    ASSERT_NO_EVENTS(p);
    /* The outer packet of an IPv6 tunnel gets no flow (unlike IPv4's, as in Suricata). */
    assert_flags(p, PKT_HAS_TUNNEL, PKT_WANTS_FLOW);
    assert_int_equal(p->tunnel_off, 40);
    assert_int_equal(p->tunnel_len, 20);
    assert_int_equal(p->tunnel_link, DECODE_LINK_IPV4);

    p = dt_decode(&t, DECODE_LINK_IPV6, f, with_body(f, 41, inner, 39));
    ASSERT_EVENTS(p, DECODE_EV_IPV6_IPV6_IN_IPV6_TOO_SMALL);
    p = dt_decode(&t, DECODE_LINK_IPV6, f, with_body(f, 41, inner, 40));
    ASSERT_EVENTS(p, DECODE_EV_IPV6_IPV6_IN_IPV6_WRONG_VERSION);
    inner[0] = 0x60;
    p = dt_decode(&t, DECODE_LINK_IPV6, f, with_body(f, 41, inner, 40));
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_HAS_TUNNEL, PKT_WANTS_FLOW);
    assert_int_equal(p->tunnel_link, DECODE_LINK_IPV6);
    dt_fini(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chain),
        cmocka_unit_test(test_truncation_every_byte),
        cmocka_unit_test(test_chain_truncation),
        cmocka_unit_test(test_header_checks),
        cmocka_unit_test(test_fragment),
        cmocka_unit_test(test_fragment_after_hop),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_ah),
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_chain_ends),
        cmocka_unit_test(test_chain_short_upper),
        cmocka_unit_test(test_ip_in_ipv6),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
