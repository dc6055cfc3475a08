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

/* Order-independent: the lower (address, port) end goes first. */
static uint64_t hash_ends(const uint8_t a[16], const uint8_t b[16], uint16_t pa, uint16_t pb,
                          uint8_t proto)
{
    int cmp = memcmp(a, b, 16);
    if (cmp > 0 || (cmp == 0 && pa > pb)) {
        const uint8_t *t = a;
        a = b;
        b = t;
        uint16_t tp = pa;
        pa = pb;
        pb = tp;
    }
    uint64_t q[4];
    memcpy(&q[0], a, 8);
    memcpy(&q[1], a + 8, 8);
    memcpy(&q[2], b, 8);
    memcpy(&q[3], b + 8, 8);
    uint64_t h = kh_hash_add64(0x5bd1e995u, q[0]);
    h = kh_hash_add64(h, q[1]);
    h = kh_hash_add64(h, q[2]);
    h = kh_hash_add64(h, q[3]);
    return kh_hash_add64(h, (uint64_t)pa << 32 | (uint64_t)pb << 16 | proto);
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
