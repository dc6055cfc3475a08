/* SPDX-License-Identifier: GPL-2.0-only */
/* The reader's light parse: link layer, VLAN tags, IPv4/IPv6 and TCP ports, nothing more. */
#include "steer.h"

#include <stdbool.h>
#include <string.h>

#include "core/cursor.h"
#include "core/hash.h"

#define STEER_MAX_VLANS  4 /* tags walked before giving up (the decoder allows fewer) */
#define STEER_MAX_EXTHDR 8 /* IPv6 extension headers walked to find TCP */

/* Where the IP header starts (an IPv4/IPv6 cursor), or c.bad. */
static struct cursor ethernet_ip(struct cursor c)
{
    cur_skip(&c, 12);
    uint16_t type = cur_be16(&c);
    for (int i = 0; i < STEER_MAX_VLANS && (type == 0x8100 || type == 0x88a8 || type == 0x9100);
         i++) {
        cur_skip(&c, 2);
        type = cur_be16(&c);
    }
    if (type != 0x0800 && type != 0x86dd)
        cur_fail(&c);
    return c;
}

static struct cursor link_ip(enum decode_link link, struct cursor c)
{
    switch (link) {
    case DECODE_LINK_ETHERNET:
        return ethernet_ip(c);
    case DECODE_LINK_SLL: {
        cur_skip(&c, 14);
        uint16_t type = cur_be16(&c);
        if (type != 0x0800 && type != 0x86dd)
            cur_fail(&c);
        return c;
    }
    case DECODE_LINK_SLL2: {
        uint16_t type = cur_be16(&c);
        cur_skip(&c, 18);
        if (type != 0x0800 && type != 0x86dd)
            cur_fail(&c);
        return c;
    }
    case DECODE_LINK_NULL:
        cur_skip(&c, 4); /* the IP version nibble says which it is */
        return c;
    case DECODE_LINK_RAW:
    case DECODE_LINK_IPV4:
    case DECODE_LINK_IPV6:
        return c;
    }
    cur_fail(&c);
    return c;
}

/* Order-independent: the lower (address, port) end goes first, then one mix of it all. */
static uint64_t hash_ends(const uint8_t a[16], const uint8_t b[16], uint16_t pa, uint16_t pb,
                          uint8_t proto)
{
    uint64_t q[4];
    memcpy(&q[0], a, 8);
    memcpy(&q[1], a + 8, 8);
    memcpy(&q[2], b, 8);
    memcpy(&q[3], b + 8, 8);
    bool swap = q[0] != q[2] ? q[0] > q[2] : q[1] != q[3] ? q[1] > q[3] : pa > pb;
    if (swap) {
        uint64_t t0 = q[0], t1 = q[1];
        q[0] = q[2];
        q[1] = q[3];
        q[2] = t0;
        q[3] = t1;
        uint16_t tp = pa;
        pa = pb;
        pb = tp;
    }
    /* distinct odd multipliers per word keep the ends apart; the finaliser spreads them */
    uint64_t h = q[0] * 0x9e3779b97f4a7c15ull + q[1] * 0xc2b2ae3d27d4eb4full +
                 q[2] * 0x165667b19e3779f9ull + q[3] * 0xd6e8feb86659fd93ull +
                 ((uint64_t)pa << 32 | (uint64_t)pb << 16 | proto) * 0xff51afd7ed558ccdull;
    return kh_hash_mix64(h);
}

static uint64_t steer_ipv4(struct cursor c)
{
    uint8_t vhl = cur_u8(&c);
    cur_skip(&c, 5);
    uint16_t frag = cur_be16(&c);
    cur_skip(&c, 1);
    uint8_t proto = cur_u8(&c);
    cur_skip(&c, 2);
    uint8_t a[16] = {0}, b[16] = {0};
    cur_copy(&c, a, 4);
    cur_copy(&c, b, 4);
    size_t ihl = (size_t)(vhl & 0x0f) * 4;
    if (c.bad || ihl < 20)
        return 0;
    if (proto != 6 || (frag & 0x3fff) != 0) /* not TCP, or a fragment: the address pair */
        return hash_ends(a, b, 0, 0, 0);
    cur_skip(&c, ihl - 20);
    uint16_t sp = cur_be16(&c), dp = cur_be16(&c);
    return c.bad ? hash_ends(a, b, 0, 0, 0) : hash_ends(a, b, sp, dp, 6);
}

static uint64_t steer_ipv6(struct cursor c)
{
    uint8_t a[16], b[16];
    cur_skip(&c, 6);
    uint8_t nh = cur_u8(&c);
    cur_skip(&c, 1);
    cur_copy(&c, a, 16);
    cur_copy(&c, b, 16);
    if (c.bad)
        return 0;
    for (int i = 0; i < STEER_MAX_EXTHDR && (nh == 0 || nh == 43 || nh == 60 || nh == 51); i++) {
        uint8_t next = cur_u8(&c);
        uint8_t len = cur_u8(&c);
        /* AH counts 4-byte units minus 2; the others 8-byte units past the first 8 */
        size_t total = nh == 51 ? ((size_t)len + 2) * 4 : ((size_t)len + 1) * 8;
        cur_skip(&c, total - 2);
        nh = next;
    }
    if (nh != 6 || c.bad) /* not TCP, a fragment header, or unreadable: the address pair */
        return hash_ends(a, b, 0, 0, 0);
    uint16_t sp = cur_be16(&c), dp = cur_be16(&c);
    return c.bad ? hash_ends(a, b, 0, 0, 0) : hash_ends(a, b, sp, dp, 6);
}

uint64_t steer_hash(enum decode_link link, const uint8_t *data, size_t len)
{
    struct cursor c = link_ip(link, cur_init(data, len));
    if (c.bad || c.left == 0)
        return 0;
    uint8_t ver = cur_peek_u8(&c) >> 4;
    if (ver == 4)
        return steer_ipv4(c);
    if (ver == 6)
        return steer_ipv6(c);
    return 0;
}
