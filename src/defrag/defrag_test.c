/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for defrag: the Novak/Sturges overlap pattern under every policy (IPv4 and
 * IPv6), in-order and reversed datagrams, the rebuilt header, events, timeout and caps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "decode/checksum.h"
#include "defrag.h"

#define SEC 1000000ull

/* A defragmenter, a decoder, and the fragment being fed. */
struct ft {
    struct decode_ctx dec;
    struct defrag_ctx *d;
    struct defrag_config cfg;
    struct packet p, out;
    uint8_t frame[70000];
    uint8_t *heap; /* exact-size copy, so ASan catches reads past caplen */
};

static void ft_init(struct ft *t, uint64_t memcap)
{
    memset(&t->cfg, 0, sizeof(t->cfg));
    t->cfg.memcap = memcap;
    t->cfg.hash_size = 64;
    t->cfg.trackers = 1000;
    t->cfg.max_frags = 65535;
    t->cfg.timeout = 60;
    decode_ctx_init(&t->dec, true);
    t->d = defrag_ctx_new(&t->cfg);
    assert_non_null(t->d);
    t->heap = NULL;
}

static void ft_fini(struct ft *t)
{
    defrag_ctx_free(t->d);
    free(t->heap);
}

/* IPv4 header for a fragment: 20 bytes, the given id/offset/MF, a correct checksum. */
static size_t ip4_hdr(uint8_t *b, uint16_t id, uint16_t off, bool mf, uint8_t proto, size_t len,
                      uint8_t dst_last)
{
    static const uint8_t tmpl[20] = {0x45, 0, 0,   0, 0, 0, 0,   0,  64,  0,
                                     0,    0, 192, 0, 2, 1, 198, 51, 100, 0};
    memcpy(b, tmpl, 20);
    size_t tot = 20 + len;
    b[2] = (uint8_t)(tot >> 8);
    b[3] = (uint8_t)tot;
    b[4] = (uint8_t)(id >> 8);
    b[5] = (uint8_t)id;
    uint16_t fo = (uint16_t)((off >> 3) | (mf ? 0x2000 : 0));
    b[6] = (uint8_t)(fo >> 8);
    b[7] = (uint8_t)fo;
    b[9] = proto;
    b[19] = dst_last;
    uint16_t sum = (uint16_t)~csum_fold(csum_add(0, (struct span){b, 20}));
    memcpy(b + 10, &sum, 2);
    return 20;
}

/* IPv6 header + fragment header (next header 58, ICMPv6). */
static size_t ip6_hdr(uint8_t *b, uint32_t id, uint16_t off, bool mf, size_t len, bool dstopts)
{
    memset(b, 0, 48);
    b[0] = 0x60;
    size_t ext = dstopts ? 8 : 0;
    size_t plen = ext + 8 + len;
    b[4] = (uint8_t)(plen >> 8);
    b[5] = (uint8_t)plen;
    b[6] = dstopts ? 60 : 44;
    b[7] = 64;
    b[8] = 0x20, b[9] = 0x01, b[10] = 0x0d, b[11] = 0xb8, b[23] = 1;
    b[24] = 0x20, b[25] = 0x01, b[26] = 0x0d, b[27] = 0xb8, b[39] = 2;
    size_t o = 40;
    if (dstopts) {
        /* Destination options: next = fragment, length 0, PadN of 4 ... (8 bytes). */
        const uint8_t d[8] = {44, 0, 1, 4, 0, 0, 0, 0};
        memcpy(b + o, d, 8);
        o += 8;
    }
    b[o] = 58;
    b[o + 1] = 0;
    uint16_t fo = (uint16_t)(off | (mf ? 1 : 0));
    b[o + 2] = (uint8_t)(fo >> 8);
    b[o + 3] = (uint8_t)fo;
    b[o + 4] = (uint8_t)(id >> 24), b[o + 5] = (uint8_t)(id >> 16);
    b[o + 6] = (uint8_t)(id >> 8), b[o + 7] = (uint8_t)id;
    return o + 8;
}

/* Decode frame[0..len) as raw IP at time ts and feed it; true when a datagram completed. */
static bool feed(struct ft *t, enum decode_link link, size_t len, uint64_t ts)
{
    free(t->heap);
    t->heap = malloc(len);
    assert_non_null(t->heap);
    memcpy(t->heap, t->frame, len);
    memset(&t->p, 0, sizeof(t->p));
    t->p.data = t->heap;
    t->p.caplen = t->p.wirelen = (uint32_t)len;
    t->p.ts_usec = ts;
    t->p.pcap_cnt = 1;
    t->p.link = link;
    decode_packet(&t->dec, &t->p);
    assert_true(t->p.flags & PKT_IS_FRAGMENT);
    return defrag_insert(t->d, &t->dec, &t->p, &t->out);
}

static bool frag4(struct ft *t, uint16_t id, uint16_t off, bool mf, char ch, size_t len,
                  uint64_t ts)
{
    size_t h = ip4_hdr(t->frame, id, off, mf, 1, len, 2);
    memset(t->frame + h, ch, len);
    return feed(t, DECODE_LINK_IPV4, h + len, ts);
}

static bool frag6(struct ft *t, uint32_t id, uint16_t off, bool mf, char ch, size_t len, bool dopt)
{
    size_t h = ip6_hdr(t->frame, id, off, mf, len, dopt);
    memset(t->frame + h, ch, len);
    return feed(t, DECODE_LINK_IPV6, h + len, SEC);
}

/*
 * The pattern of Novak's "Target-Based Fragmentation Reassembly" (as Suricata's
 * DefragDoSturgesNovakTest builds it): nine original fragments, then eight that overlap
 * them; units of 8 bytes, one letter per fragment.
 */
static const struct {
    uint16_t off;
    uint16_t len;
    char ch;
} novak[17] = {
    {0, 24, 'A'},   {32, 16, 'B'},  {48, 24, 'C'}, {80, 8, 'D'},  {104, 16, 'E'}, {120, 24, 'F'},
    {144, 16, 'G'}, {160, 16, 'H'}, {176, 8, 'I'}, {8, 32, 'J'},  {48, 24, 'K'},  {72, 24, 'L'},
    {96, 24, 'M'},  {128, 8, 'N'},  {152, 8, 'O'}, {160, 8, 'P'}, {176, 16, 'Q'},
};

/* Expected payload per policy, one letter per 8 bytes (derivation in docs/internals/defrag.md). */
static const char *const novak_expected[DEFRAG_POLICY_MAX] = {
    [DEFRAG_POLICY_FIRST] = "AAAJBBCCCLDLMEEFFFGGHHIQ",
    [DEFRAG_POLICY_LAST] = "AJJJJBKKKLLLMMMFNFGOPHQQ",
    [DEFRAG_POLICY_BSD] = "AAAJJBCCCLLLMMMFFFGGHHIQ",
    [DEFRAG_POLICY_BSD_RIGHT] = "AJJJBBCCCLLLMEEFFFGGHHQQ",
    [DEFRAG_POLICY_LINUX] = "AAAJJBKKKLLLMMMFFFGGPHQQ",
    [DEFRAG_POLICY_WINDOWS] = "AAAJBBCCCLLLMEEFFFGGHHIQ",
    [DEFRAG_POLICY_SOLARIS] = "AAAJBBCCCLLLMMMFFFGGHHIQ",
};

static void check_payload(const uint8_t *got, const char *units)
{
    char want[24 * 8 + 1];
    for (int i = 0; i < 24; i++)
        memset(want + i * 8, units[i], 8);
    want[192] = '\0';
    char have[193];
    memcpy(have, got, 192);
    have[192] = '\0';
    assert_string_equal(have, want);
}

/* The policy for every destination: a host-os-policy table with 0.0.0.0/0 and ::/0. */
static struct defrag_hostos *table_for(enum defrag_policy pol)
{
    static const enum defrag_os os[DEFRAG_POLICY_MAX] = {
        [DEFRAG_POLICY_FIRST] = DEFRAG_OS_MACOS,
        [DEFRAG_POLICY_LAST] = DEFRAG_OS_LAST,
        [DEFRAG_POLICY_BSD] = DEFRAG_OS_BSD,
        [DEFRAG_POLICY_BSD_RIGHT] = DEFRAG_OS_BSD_RIGHT,
        [DEFRAG_POLICY_LINUX] = DEFRAG_OS_LINUX,
        [DEFRAG_POLICY_WINDOWS] = DEFRAG_OS_WINDOWS,
        [DEFRAG_POLICY_SOLARIS] = DEFRAG_OS_SOLARIS,
    };
    struct defrag_hostos *h = malloc(sizeof(*h));
    assert_non_null(h);
    defrag_hostos_init(h);
    assert_int_equal(defrag_hostos_add(h, "0.0.0.0/0", os[pol]), 0);
    assert_int_equal(defrag_hostos_add(h, "::/0", os[pol]), 0);
    return h;
}

static void run_novak(enum defrag_policy pol, bool v6)
{
    struct ft *t = malloc(sizeof(*t));
    assert_non_null(t);
    struct defrag_hostos *h = table_for(pol);
    ft_init(t, 16u << 20);
    defrag_ctx_free(t->d);
    t->cfg.hostos = h;
    t->d = defrag_ctx_new(&t->cfg);
    assert_non_null(t->d);
    int overlaps = 0;
    for (int i = 0; i < 17; i++) {
        bool mf = i != 16;
        bool done = v6 ? frag6(t, 7, novak[i].off, mf, novak[i].ch, novak[i].len, false)
                       : frag4(t, 7, novak[i].off, mf, novak[i].ch, novak[i].len, SEC);
        assert_int_equal(done, i == 16);
        bool ov =
            pkt_event_has(&t->p, v6 ? DECODE_EV_IPV6_FRAG_OVERLAP : DECODE_EV_IPV4_FRAG_OVERLAP);
        /* The originals do not overlap; every later fragment does (J..P; Q over I). */
        assert_int_equal(ov, i >= 9);
        overlaps += ov;
    }
    assert_int_equal(overlaps, 8);
    const struct packet *r = &t->out;
    assert_true(r->flags & PKT_IS_REBUILT);
    assert_int_equal(r->ip_ver, v6 ? 6 : 4);
    size_t hl = v6 ? 40 : 20;
    assert_int_equal(r->caplen, hl + 192);
    assert_false(r->flags & PKT_IPV4_CSUM_BAD);
    assert_int_equal(r->proto, v6 ? 58 : 1);
    check_payload(r->data + hl, novak_expected[pol]);
    const struct defrag_stats *st = defrag_ctx_stats(t->d);
    assert_int_equal(v6 ? st->ipv6_fragments : st->ipv4_fragments, 17);
    assert_int_equal(v6 ? st->ipv6_reassembled : st->ipv4_reassembled, 1);
    ft_fini(t);
    free(h);
    free(t);
}

static void test_novak_first(void **state)
{
    (void)state;
    run_novak(DEFRAG_POLICY_FIRST, false);
    run_novak(DEFRAG_POLICY_FIRST, true);
}

static void test_novak_last(void **state)
{
    (void)state;
    run_novak(DEFRAG_POLICY_LAST, false);
    run_novak(DEFRAG_POLICY_LAST, true);
}

static void test_novak_bsd(void **state)
{
    (void)state;
    run_novak(DEFRAG_POLICY_BSD, false);
    run_novak(DEFRAG_POLICY_BSD, true);
}

static void test_novak_bsd_right(void **state)
{
    (void)state;
    run_novak(DEFRAG_POLICY_BSD_RIGHT, false);
    run_novak(DEFRAG_POLICY_BSD_RIGHT, true);
}

static void test_novak_linux(void **state)
{
    (void)state;
    run_novak(DEFRAG_POLICY_LINUX, false);
    run_novak(DEFRAG_POLICY_LINUX, true);
}

static void test_novak_windows(void **state)
{
    (void)state;
    run_novak(DEFRAG_POLICY_WINDOWS, false);
    run_novak(DEFRAG_POLICY_WINDOWS, true);
}

static void test_novak_solaris(void **state)
{
    (void)state;
    run_novak(DEFRAG_POLICY_SOLARIS, false);
    run_novak(DEFRAG_POLICY_SOLARIS, true);
}

/* Three fragments in order, then the same reversed: same bytes, no overlap event. */
static void test_in_order_and_reverse(void **state)
{
    (void)state;
    struct ft *t = malloc(sizeof(*t));
    assert_non_null(t);
    ft_init(t, 1u << 20);
    assert_false(frag4(t, 1, 0, true, 'a', 8, SEC));
    assert_false(frag4(t, 1, 8, true, 'b', 8, SEC));
    assert_true(frag4(t, 1, 16, false, 'c', 3, SEC));
    assert_memory_equal(t->out.data + 20, "aaaaaaaabbbbbbbbccc", 19);
    assert_int_equal(t->out.l3_len, 39);
    assert_int_equal(t->out.ev_cnt, 1); /* icmpv4.unknown_type: 'a' is no ICMP type */
    assert_false(frag4(t, 2, 16, false, 'c', 3, SEC));
    assert_false(frag4(t, 2, 8, true, 'b', 8, SEC));
    assert_false(pkt_event_has(&t->p, DECODE_EV_IPV4_FRAG_OVERLAP));
    assert_true(frag4(t, 2, 0, true, 'a', 8, SEC));
    assert_memory_equal(t->out.data + 20, "aaaaaaaabbbbbbbbccc", 19);
    ft_fini(t);
    free(t);
}

/* A datagram ending past 65535 bytes: ipv4.frag_pkt_too_large, the fragment is not kept. */
static void test_too_large(void **state)
{
    (void)state;
    struct ft *t = malloc(sizeof(*t));
    assert_non_null(t);
    ft_init(t, 1u << 20);
    assert_false(frag4(t, 3, 65520, false, 'x', 8, SEC));
    assert_true(pkt_event_has(&t->p, DECODE_EV_IPV4_FRAG_PKT_TOO_LARGE));
    assert_int_equal(t->dec.st.events[DECODE_EV_IPV4_FRAG_PKT_TOO_LARGE], 1);
    ft_fini(t);
    free(t);
}

/* A datagram that never completes is ended by the timeout at packet time, and counted. */
static void test_timeout(void **state)
{
    (void)state;
    struct ft *t = malloc(sizeof(*t));
    assert_non_null(t);
    ft_init(t, 1u << 20);
    assert_false(frag4(t, 4, 0, true, 'a', 8, SEC));
    assert_int_equal(defrag_timeout(t->d, 30 * SEC), 0);
    /* The rest arrives after the 60 s timeout: a new datagram, which cannot complete. */
    assert_false(frag4(t, 4, 8, false, 'b', 8, 62 * SEC));
    const struct defrag_stats *st = defrag_ctx_stats(t->d);
    assert_int_equal(st->ipv4_timeouts, 1);
    assert_int_equal(st->tracker_timeout, 1);
    assert_int_equal(defrag_timeout(t->d, 200 * SEC), 1);
    assert_int_equal(st->ipv4_timeouts, 2);
    ft_fini(t);
    free(t);
}

/* IPv4 fragments with the same id but another protocol belong to another datagram. */
static void test_key_protocol(void **state)
{
    (void)state;
    struct ft *t = malloc(sizeof(*t));
    assert_non_null(t);
    ft_init(t, 1u << 20);
    assert_false(frag4(t, 5, 0, true, 'a', 8, SEC));
    size_t h = ip4_hdr(t->frame, 5, 8, false, 6, 8, 2); /* TCP: not the same datagram */
    memset(t->frame + h, 'b', 8);
    assert_false(feed(t, DECODE_LINK_IPV4, h + 8, SEC));
    assert_true(frag4(t, 5, 8, false, 'c', 8, SEC));
    assert_memory_equal(t->out.data + 20, "aaaaaaaacccccccc", 16);
    ft_fini(t);
    free(t);
}

/* defrag.trackers reached: the oldest datagram is dropped for the new one (counted). */
static void test_tracker_cap(void **state)
{
    (void)state;
    struct ft *t = malloc(sizeof(*t));
    assert_non_null(t);
    ft_init(t, 1u << 20);
    defrag_ctx_free(t->d);
    t->cfg.trackers = 2;
    t->d = defrag_ctx_new(&t->cfg);
    assert_false(frag4(t, 10, 0, true, 'a', 8, SEC));
    assert_false(frag4(t, 11, 0, true, 'a', 8, SEC));
    assert_false(frag4(t, 12, 0, true, 'a', 8, SEC)); /* drops id 10 */
    const struct defrag_stats *st = defrag_ctx_stats(t->d);
    assert_int_equal(st->max_trackers_reached, 1);
    assert_int_equal(st->tracker_hard_reuse, 1);
    assert_false(frag4(t, 10, 8, false, 'b', 8, SEC)); /* id 10's start is gone */
    assert_true(frag4(t, 12, 8, false, 'b', 8, SEC));
    ft_fini(t);
    free(t);
}

/* defrag.memcap: with room for the tables and one chunk, a second datagram evicts the first;
 * a fragment too big for the cap alone is ignored (ipv4.frag_ignored). */
static void test_memcap(void **state)
{
    (void)state;
    struct ft *t = malloc(sizeof(*t));
    assert_non_null(t);
    ft_init(t, 1u << 20);
    defrag_ctx_free(t->d);
    t->cfg.memcap = 64 * sizeof(void *) + 4096;
    t->d = defrag_ctx_new(&t->cfg);
    assert_non_null(t->d);
    assert_false(frag4(t, 20, 0, true, 'a', 800, SEC));
    assert_false(pkt_event_has(&t->p, DECODE_EV_IPV4_FRAG_IGNORED));
    assert_false(frag4(t, 20, 2000, true, 'z', 3000, SEC));
    assert_true(pkt_event_has(&t->p, DECODE_EV_IPV4_FRAG_IGNORED));
    const struct defrag_stats *st = defrag_ctx_stats(t->d);
    assert_int_equal(st->memcap_drops, 1);
    assert_true(st->memuse <= t->cfg.memcap);
    assert_false(frag4(t, 21, 0, true, 'b', 800, SEC));
    assert_int_equal(st->tracker_hard_reuse, 1);
    ft_fini(t);
    free(t);
}

/* IPv6 with a destination options header before the fragment header: it is kept and the
 * next header is rewritten in it. */
static void test_ipv6_unfragmentable(void **state)
{
    (void)state;
    struct ft *t = malloc(sizeof(*t));
    assert_non_null(t);
    ft_init(t, 1u << 20);
    assert_false(frag6(t, 9, 0, true, 'a', 16, true));
    assert_true(frag6(t, 9, 16, false, 'b', 4, true));
    const struct packet *r = &t->out;
    assert_int_equal(r->caplen, 48 + 20);
    assert_int_equal(r->data[5], 28);  /* payload length: 8 + 20 */
    assert_int_equal(r->data[40], 58); /* dest options' next header: ICMPv6 now */
    assert_int_equal(r->proto, 58);
    assert_memory_equal(r->data + 48, "aaaaaaaaaaaaaaaabbbb", 20);
    ft_fini(t);
    free(t);
}

/* Host-os-policy picks the policy by destination: linux for 198.51.100.0/24, bsd elsewhere. */
static void test_policy_by_destination(void **state)
{
    (void)state;
    struct ft *t = malloc(sizeof(*t));
    assert_non_null(t);
    struct defrag_hostos h;
    defrag_hostos_init(&h);
    assert_int_equal(defrag_hostos_add(&h, "198.51.100.0/24", DEFRAG_OS_LINUX), 0);
    ft_init(t, 1u << 20);
    defrag_ctx_free(t->d);
    t->cfg.hostos = &h;
    t->d = defrag_ctx_new(&t->cfg);
    /* Same offset twice: linux takes the later bytes, bsd the earlier. */
    assert_false(frag4(t, 30, 0, true, 'a', 8, SEC));
    assert_false(frag4(t, 30, 0, true, 'b', 8, SEC));
    assert_true(frag4(t, 30, 8, false, 'c', 8, SEC));
    assert_memory_equal(t->out.data + 20, "bbbbbbbbcccccccc", 16);
    size_t hl = ip4_hdr(t->frame, 31, 0, true, 1, 8, 99); /* 198.51.100.99 */
    memset(t->frame + hl, 'a', 8);
    feed(t, DECODE_LINK_IPV4, hl + 8, SEC);
    ft_fini(t);
    free(t);
    assert_int_equal(
        defrag_policy_for_os(defrag_hostos_lookup(&h, 4, &(struct kh_addr){.b = {203, 0, 113, 1}})),
        DEFRAG_POLICY_BSD);
}

static void test_names(void **state)
{
    (void)state;
    for (int i = 0; i < DEFRAG_POLICY_MAX; i++)
        assert_int_equal(defrag_policy_parse(defrag_policy_name((enum defrag_policy)i)), i);
    assert_int_equal(defrag_policy_parse("beos"), -1);
    struct stats_value v[32];
    struct defrag_stats st;
    memset(&st, 0, sizeof(st));
    st.ipv4_fragments = 3;
    size_t n = defrag_stats_collect(&st, v, 32);
    assert_true(n >= 10);
    assert_string_equal(v[0].name, "defrag.ipv4.fragments");
    assert_int_equal(v[0].value, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_novak_first),
        cmocka_unit_test(test_novak_last),
        cmocka_unit_test(test_novak_bsd),
        cmocka_unit_test(test_novak_bsd_right),
        cmocka_unit_test(test_novak_linux),
        cmocka_unit_test(test_novak_windows),
        cmocka_unit_test(test_novak_solaris),
        cmocka_unit_test(test_in_order_and_reverse),
        cmocka_unit_test(test_too_large),
        cmocka_unit_test(test_timeout),
        cmocka_unit_test(test_key_protocol),
        cmocka_unit_test(test_tracker_cap),
        cmocka_unit_test(test_memcap),
        cmocka_unit_test(test_ipv6_unfragmentable),
        cmocka_unit_test(test_policy_by_destination),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
