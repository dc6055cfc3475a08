/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers for the decode unit tests: exact-size frame copies, event assertions, reference sums. */
#ifndef KH_DECODE_TEST_UTIL_H
#define KH_DECODE_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/compiler.h"
#include "decode.h"

/*
 * A decode under test. Every frame is decoded from a heap copy of exactly the bytes given,
 * so AddressSanitizer reports any read past caplen, even when the test passes a prefix of
 * a longer array.
 */
struct dt {
    struct decode_ctx ctx;
    struct packet p;
    struct packet inner;
    uint8_t *buf;
};

static inline void dt_init(struct dt *t, bool check_csum)
{
    memset(t, 0, sizeof(*t));
    decode_ctx_init(&t->ctx, check_csum);
}

static inline void dt_fini(struct dt *t)
{
    free(t->buf);
    t->buf = NULL;
}

/* Decode the first len bytes of frame as link type `link`. */
static inline struct packet *dt_decode(struct dt *t, enum decode_link link, const uint8_t *frame,
                                       size_t len)
{
    free(t->buf);
    t->buf = malloc(len ? len : 1);
    assert_non_null(t->buf);
    if (len)
        memcpy(t->buf, frame, len);
    /* Poison what decode must set, so a field it forgets shows up. */
    memset(&t->p, 0xa5, sizeof(t->p));
    t->p.data = t->buf;
    t->p.caplen = (uint32_t)len;
    t->p.wirelen = (uint32_t)len;
    t->p.ts_usec = 1;
    t->p.pcap_cnt = 1;
    t->p.link = link;
    decode_packet(&t->ctx, &t->p);
    return &t->p;
}

/* Decode the inner packet of t->p's tunnel into t->inner. */
static inline struct packet *dt_tunnel(struct dt *t)
{
    memset(&t->inner, 0xa5, sizeof(t->inner));
    assert_true(decode_tunnel(&t->ctx, &t->p, &t->inner));
    return &t->inner;
}

/* The packet's events, in order, are exactly the n given (DECODE_EV_MAX ends the list). */
static inline void assert_events_list(const struct packet *p, const int *want)
{
    unsigned n = 0;
    while (want[n] != DECODE_EV_MAX)
        n++;
    if (p->ev_cnt != n) {
        for (unsigned i = 0; i < p->ev_cnt; i++)
            print_error("  raised %s\n", decode_event_name((enum decode_event)p->ev[i]));
    }
    assert_int_equal(p->ev_cnt, n);
    for (unsigned i = 0; i < n; i++)
        assert_string_equal(decode_event_name((enum decode_event)p->ev[i]),
                            decode_event_name((enum decode_event)want[i]));
}

#define ASSERT_EVENTS(p, ...) assert_events_list((p), (const int[]){__VA_ARGS__, DECODE_EV_MAX})
#define ASSERT_NO_EVENTS(p)   assert_events_list((p), (const int[]){DECODE_EV_MAX})

static inline void assert_flags(const struct packet *p, uint32_t set, uint32_t clear)
{
    assert_int_equal(p->flags & set, set);
    assert_int_equal(p->flags & clear, 0);
}

/* Big-endian stores into a test's own copy of a frame. */
static inline void put8(uint8_t *b, size_t off, uint8_t v)
{
    b[off] = v;
}

static inline void put16(uint8_t *b, size_t off, uint16_t v)
{
    b[off] = (uint8_t)(v >> 8);
    b[off + 1] = (uint8_t)v;
}

/*
 * Reference Internet checksum (RFC 1071), a 16-bit word at a time in network order: the
 * tests use it to fix frames they change, independently of the checksum under test.
 */
static inline uint16_t ref_csum(const uint8_t *b, size_t len, uint32_t sum)
{
    for (size_t i = 0; i + 1 < len; i += 2)
        sum += (uint32_t)(b[i] << 8 | b[i + 1]);
    if (len & 1)
        sum += (uint32_t)b[len - 1] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/* Recompute the IPv4 header checksum of the header at ip. */
static inline void fix_ipv4_csum(uint8_t *ip)
{
    size_t hlen = (ip[0] & 0x0fu) * 4u;
    put16(ip, 10, 0);
    put16(ip, 10, ref_csum(ip, hlen, 0));
}

/* Sum of the pseudo-header for the IP header at ip (v4 or v6), for l4len bytes of proto. */
static inline uint32_t ref_pseudo(const uint8_t *ip, uint8_t proto, uint32_t l4len)
{
    uint32_t sum = proto + (l4len >> 16) + (l4len & 0xffff);
    bool v6 = ip[0] >> 4 == 6;
    const uint8_t *a = ip + (v6 ? 8 : 12);
    for (size_t i = 0; i < (v6 ? 32u : 8u); i += 2)
        sum += (uint32_t)(a[i] << 8 | a[i + 1]);
    return sum;
}

/*
 * Recompute the checksum at l4 + csum_off of an l4len-byte message of protocol proto
 * carried by the IP header at ip; proto 0 means no pseudo-header (ICMPv4).
 */
static inline void fix_l4_csum(const uint8_t *ip, uint8_t proto, uint8_t *l4, size_t l4len,
                               size_t csum_off)
{
    put16(l4, csum_off, 0);
    uint32_t init = proto ? ref_pseudo(ip, proto, (uint32_t)l4len) : 0;
    put16(l4, csum_off, ref_csum(l4, l4len, init));
}

#endif
