/* SPDX-License-Identifier: GPL-2.0-only */
/* Tests for TCP: header checks, every option and its events, flag counters, checksum. */
#include "test_util.h"

/* clang-format off */
static const uint8_t ipv4_tcp_syn[] = {
    /* IPv4: ihl 5, len 60, id 1, DF, ttl 64, proto 6 TCP, csum */
    0x45, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x40, 0x00, 0x40, 0x06, 0x4e, 0x69,
    /* IPv4: 192.0.2.10 -> 198.51.100.20 */
    0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14,
    /* TCP: 49152 -> 80, seq 1000, ack 0, doff 10, SYN, win 64240, csum, urp 0 */
    0xc0, 0x00, 0x00, 0x50, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x00,
    0xa0, 0x02, 0xfa, 0xf0, 0x9c, 0x83, 0x00, 0x00,
    /* TCP options: MSS 1460, SACK permitted, timestamps 1/0, NOP, window scale 7 */
    0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0x00, 0x00, 0x00, 0x01,
    0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07,
}; /* 60 bytes */
/* clang-format on */

/* clang-format off */
static const uint8_t ipv6_tcp_synack[] = {
    /* IPv6: plen 20, next header 6 TCP, hop limit 64 */
    0x60, 0x00, 0x00, 0x00, 0x00, 0x14, 0x06, 0x40,
    /* IPv6: 2001:db8::20 -> 2001:db8::10 */
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x20, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
    /* TCP: 80 -> 49152, seq 5000, ack 1001, doff 5, SYN ACK, win 65535, csum, urp 0 */
    0x00, 0x50, 0xc0, 0x00, 0x00, 0x00, 0x13, 0x88, 0x00, 0x00, 0x03, 0xe9,
    0x50, 0x12, 0xff, 0xff, 0x7c, 0x6f, 0x00, 0x00,
}; /* 60 bytes */
/* clang-format on */

/*
 * The SYN with other options (n bytes, padded with EOL to 4) and payload; lengths and
 * both checksums fixed. Returns the frame length.
 */
static size_t with_options(uint8_t *out, const uint8_t *opts, size_t n, const char *data)
{
    size_t dlen = data ? strlen(data) : 0;
    size_t olen = (n + 3) & ~(size_t)3;
    memcpy(out, ipv4_tcp_syn, 40);
    memset(out + 40, 0, olen);
    if (n > 0)
        memcpy(out + 40, opts, n);
    if (dlen > 0)
        memcpy(out + 40 + olen, data, dlen);
    out[32] = (uint8_t)((20 + olen) / 4 << 4);
    put16(out, 2, (uint16_t)(40 + olen + dlen));
    fix_ipv4_csum(out);
    fix_l4_csum(out, 6, out + 20, 20 + olen + dlen, 16);
    return 40 + olen + dlen;
}

static void test_syn_options(void **state)
{
    (void)state;
    struct dt t;
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, ipv4_tcp_syn, sizeof(ipv4_tcp_syn));
    ASSERT_NO_EVENTS(p);
    assert_flags(p, PKT_HAS_L4 | PKT_WANTS_FLOW, PKT_IS_INVALID | PKT_L4_CSUM_BAD);
    assert_int_equal(p->sp, 49152);
    assert_int_equal(p->dp, 80);
    assert_int_equal(p->tcp_seq, 1000);
    assert_int_equal(p->tcp_ack, 0);
    assert_int_equal(p->tcp_flags, 0x02);
    assert_int_equal(p->tcp_win, 64240);
    assert_int_equal(p->tcp_urp, 0);
    assert_int_equal(p->l4_off, 20);
    assert_int_equal(p->payload.len, 0);
    const struct tcp_opts *o = &p->tcp_opt;
    assert_true(o->has_mss);
    assert_int_equal(o->mss, 1460);
    assert_true(o->sack_ok);
    assert_true(o->has_ts);
    assert_int_equal(o->ts_val, 1);
    assert_int_equal(o->ts_ecr, 0);
    assert_true(o->has_wscale);
    assert_int_equal(o->wscale, 7);
    assert_int_equal(o->sack_blocks, 0);
    assert_false(o->has_tfo || o->has_md5 || o->has_ao);
    assert_int_equal(t.ctx.st.tcp, 1);
    assert_int_equal(t.ctx.st.tcp_syn, 1);
    assert_int_equal(t.ctx.st.csum_tcp_bad, 0);
    dt_fini(&t);
}

/* The IPv4 total length cut to every TCP length: too small, then a header past the data. */
static void test_truncation_every_byte(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[sizeof(ipv4_tcp_syn)];
    dt_init(&t, false);
    for (size_t l4 = 0; l4 <= 40; l4++) {
        memcpy(f, ipv4_tcp_syn, sizeof(f));
        put16(f, 2, (uint16_t)(20 + l4));
        struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, 20 + l4);
        if (l4 < 20)
            ASSERT_EVENTS(p, DECODE_EV_TCP_PKT_TOO_SMALL);
        else if (l4 < 40)
            ASSERT_EVENTS(p, DECODE_EV_TCP_HLEN_TOO_SMALL);
        else
            ASSERT_NO_EVENTS(p);
        assert_int_equal(!!(p->flags & PKT_WANTS_FLOW), l4 == 40);
        assert_int_equal(!!(p->flags & PKT_HAS_L4), l4 == 40);
        if (l4 < 40)
            assert_int_equal(p->sp | p->dp, 0);
    }
    assert_int_equal(t.ctx.st.tcp, 41);
    dt_fini(&t);
}

/* A data offset below 5 words: Suricata reports the option length, not the header length. */
static void test_data_offset_too_small(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[sizeof(ipv4_tcp_syn)];
    dt_init(&t, false);
    for (uint8_t doff = 0; doff < 5; doff++) {
        memcpy(f, ipv4_tcp_syn, sizeof(f));
        f[32] = (uint8_t)(doff << 4);
        struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, sizeof(f));
        ASSERT_EVENTS(p, DECODE_EV_TCP_INVALID_OPTLEN);
        assert_flags(p, PKT_IS_INVALID, PKT_WANTS_FLOW | PKT_HAS_L4);
    }
    dt_fini(&t);
}

/* Options with a wrong length or repeated: events; only MD5 and AO make the packet invalid. */
static void test_option_events(void **state)
{
    (void)state;
    static const struct {
        uint8_t opts[24];
        size_t n;
        int ev; /* -1: none */
        bool invalid;
    } cases[] = {
        {{3, 4, 7, 0}, 4, DECODE_EV_TCP_OPT_INVALID_LEN, false},                 /* WS of 4 */
        {{2, 4, 5, 0xb4, 2, 4, 5, 0xb4}, 8, DECODE_EV_TCP_OPT_DUPLICATE, false}, /* MSS x2 */
        {{2, 3, 5}, 3, DECODE_EV_TCP_OPT_INVALID_LEN, false},                    /* MSS of 3 */
        {{8, 8, 0, 0, 0, 1, 0, 0}, 8, DECODE_EV_TCP_OPT_INVALID_LEN, false},     /* TS of 8 */
        {{4, 3, 0}, 3, DECODE_EV_TCP_OPT_INVALID_LEN, false},                    /* SACKOK of 3 */
        {{4, 2, 4, 2}, 4, DECODE_EV_TCP_OPT_DUPLICATE, false},                   /* SACKOK x2 */
        {{3, 3, 1, 3, 3, 2}, 6, DECODE_EV_TCP_OPT_DUPLICATE, false},             /* WS x2 */
        {{5, 9, 0, 0, 0, 1, 0, 0, 0}, 9, DECODE_EV_TCP_OPT_INVALID_LEN, false},  /* SACK of 9 */
        {{5, 2}, 2, -1, false}, /* an empty SACK is useless but common: no event */
        {{34, 5, 1, 2, 3}, 5, DECODE_EV_TCP_OPT_INVALID_LEN, false},           /* TFO of 5 */
        {{34, 7, 1, 2, 3, 4, 5}, 7, DECODE_EV_TCP_OPT_INVALID_LEN, false},     /* odd cookie */
        {{34, 2, 34, 2}, 4, DECODE_EV_TCP_OPT_DUPLICATE, false},               /* TFO x2 */
        {{254, 6, 0xf9, 0x89, 0, 0}, 6, DECODE_EV_TCP_OPT_INVALID_LEN, false}, /* exp. TFO */
        {{254, 4, 0x12, 0x34}, 4, -1, false}, /* another experiment: ignored */
        {{19, 10, 0, 0, 0, 0, 0, 0, 0, 0}, 10, DECODE_EV_TCP_OPT_INVALID_LEN, true}, /* MD5 */
        {{29, 3, 0}, 3, DECODE_EV_TCP_OPT_INVALID_LEN, true},                        /* AO of 3 */
        {{1, 1, 1, 7, 1}, 5, DECODE_EV_TCP_OPT_INVALID_LEN, true},                   /* length 1 */
        {{2, 12, 5, 0xb4}, 4, DECODE_EV_TCP_OPT_INVALID_LEN, true}, /* past the end */
    };
    struct dt t;
    dt_init(&t, true);
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        uint8_t f[128];
        size_t len = with_options(f, cases[i].opts, cases[i].n, NULL);
        struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, len);
        if (cases[i].ev < 0)
            ASSERT_NO_EVENTS(p);
        else
            ASSERT_EVENTS(p, cases[i].ev);
        assert_int_equal(!!(p->flags & PKT_IS_INVALID), cases[i].invalid);
        /* Option trouble never costs the segment its flow, as in Suricata. */
        assert_flags(p, PKT_HAS_L4 | PKT_WANTS_FLOW, PKT_L4_CSUM_BAD);
    }
    dt_fini(&t);
}

static void test_option_values(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[128];
    dt_init(&t, true);

    /* Window scale 15 is above RFC 7323's 14: present, used as 0 (Suricata). */
    static const uint8_t ws15[] = {3, 3, 15};
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, with_options(f, ws15, 3, NULL));
    ASSERT_NO_EVENTS(p);
    assert_true(p->tcp_opt.has_wscale);
    assert_int_equal(p->tcp_opt.wscale, 0);

    /* Two SACK blocks: count and where they are. */
    static const uint8_t sack[] = {1, 1, 5, 18, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 5, 0, 0, 0, 9};
    p = dt_decode(&t, DECODE_LINK_IPV4, f, with_options(f, sack, sizeof(sack), NULL));
    ASSERT_NO_EVENTS(p);
    assert_int_equal(p->tcp_opt.sack_blocks, 2);
    assert_int_equal(p->tcp_opt.sack_off, 20 + 20 + 4);
    assert_int_equal(p->data[p->tcp_opt.sack_off + 7], 2);

    /* TFO with an 8-byte cookie, TCP-MD5, TCP-AO: present. */
    static const uint8_t many[] = {34, 10, 1, 2, 3, 4, 5, 6, 7, 8, 19, 18, 0,  0, 0, 0,
                                   0,  0,  0, 0, 0, 0, 0, 0, 0, 0, 0,  0,  29, 4, 1, 2};
    p = dt_decode(&t, DECODE_LINK_IPV4, f, with_options(f, many, sizeof(many), NULL));
    ASSERT_NO_EVENTS(p);
    assert_true(p->tcp_opt.has_tfo && p->tcp_opt.has_md5 && p->tcp_opt.has_ao);

    /* Fast Open in its experimental option (kind 254, magic 0xf989). */
    static const uint8_t exp_tfo[] = {254, 4, 0xf9, 0x89};
    p = dt_decode(&t, DECODE_LINK_IPV4, f, with_options(f, exp_tfo, 4, NULL));
    ASSERT_NO_EVENTS(p);
    assert_true(p->tcp_opt.has_tfo);

    /* End of list: nothing after it is read. A kind without room for its length: silent. */
    static const uint8_t eol[] = {0, 2, 4, 5, 0xb4};
    p = dt_decode(&t, DECODE_LINK_IPV4, f, with_options(f, eol, 5, NULL));
    ASSERT_NO_EVENTS(p);
    assert_false(p->tcp_opt.has_mss);
    static const uint8_t dangling[] = {1, 1, 1, 2};
    p = dt_decode(&t, DECODE_LINK_IPV4, f, with_options(f, dangling, 4, NULL));
    ASSERT_NO_EVENTS(p);
    assert_false(p->tcp_opt.has_mss);
    dt_fini(&t);
}

/* Options reset per packet: a later segment without them reports none. */
static void test_options_reset(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[128];
    dt_init(&t, true);
    dt_decode(&t, DECODE_LINK_IPV4, ipv4_tcp_syn, sizeof(ipv4_tcp_syn));
    /* Decode into the same struct without the helper's poisoning. */
    size_t len = with_options(f, NULL, 0, "hello");
    t.p.data = f;
    t.p.caplen = (uint32_t)len;
    decode_packet(&t.ctx, &t.p);
    ASSERT_NO_EVENTS(&t.p);
    assert_false(t.p.tcp_opt.has_mss || t.p.tcp_opt.has_ts || t.p.tcp_opt.sack_ok ||
                 t.p.tcp_opt.has_wscale);
    assert_int_equal(t.p.payload.len, 5);
    assert_memory_equal(t.p.payload.p, "hello", 5);
    dt_fini(&t);
}

/* Suricata's tcp.syn, tcp.synack and tcp.rst counters. */
static void test_flag_counters(void **state)
{
    (void)state;
    static const uint8_t flags[] = {0x02, 0x12, 0x04, 0x14, 0x10, 0x06};
    struct dt t;
    uint8_t f[sizeof(ipv4_tcp_syn)];
    dt_init(&t, false);
    for (size_t i = 0; i < sizeof(flags); i++) {
        memcpy(f, ipv4_tcp_syn, sizeof(f));
        f[33] = flags[i];
        struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, sizeof(f));
        assert_int_equal(p->tcp_flags, flags[i]);
    }
    assert_int_equal(t.ctx.st.tcp_syn, 2); /* SYN, SYN+RST */
    assert_int_equal(t.ctx.st.tcp_synack, 1);
    assert_int_equal(t.ctx.st.tcp_rst, 3); /* RST, RST+ACK, SYN+RST */
    dt_fini(&t);
}

static void test_checksum(void **state)
{
    (void)state;
    struct dt t;
    uint8_t f[sizeof(ipv4_tcp_syn)];
    memcpy(f, ipv4_tcp_syn, sizeof(f));
    f[36] ^= 0xff;
    dt_init(&t, true);
    struct packet *p = dt_decode(&t, DECODE_LINK_IPV4, f, sizeof(f));
    ASSERT_NO_EVENTS(p); /* not an event: Suricata's stream counts tcp.invalid_checksum */
    assert_flags(p, PKT_L4_CSUM_BAD | PKT_WANTS_FLOW | PKT_HAS_L4, PKT_IS_INVALID);
    assert_int_equal(t.ctx.st.csum_tcp_bad, 1);
    t.ctx.check_csum = false;
    p = dt_decode(&t, DECODE_LINK_IPV4, f, sizeof(f));
    assert_flags(p, PKT_WANTS_FLOW, PKT_L4_CSUM_BAD);
    assert_int_equal(t.ctx.st.csum_tcp_bad, 1);

    /* Over IPv6, with its pseudo-header: good, then one bit off. */
    t.ctx.check_csum = true;
    p = dt_decode(&t, DECODE_LINK_IPV6, ipv6_tcp_synack, sizeof(ipv6_tcp_synack));
    assert_flags(p, PKT_HAS_L4, PKT_L4_CSUM_BAD);
    uint8_t f6[sizeof(ipv6_tcp_synack)];
    memcpy(f6, ipv6_tcp_synack, sizeof(f6));
    f6[39] ^= 0x01; /* the last byte of the destination address */
    p = dt_decode(&t, DECODE_LINK_IPV6, f6, sizeof(f6));
    assert_flags(p, PKT_L4_CSUM_BAD, 0);
    assert_int_equal(t.ctx.st.csum_tcp_bad, 2);
    dt_fini(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_syn_options),           cmocka_unit_test(test_truncation_every_byte),
        cmocka_unit_test(test_data_offset_too_small), cmocka_unit_test(test_option_events),
        cmocka_unit_test(test_option_values),         cmocka_unit_test(test_options_reset),
        cmocka_unit_test(test_flag_counters),         cmocka_unit_test(test_checksum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
