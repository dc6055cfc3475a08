/* SPDX-License-Identifier: GPL-2.0-only */
/* The checksum keywords (ipv4-csum, tcpv4-csum, ...): the packet's checksum recomputed;
 * and icmpv6.mtu, another test of the ICMPv6 header. */
#include "decode/checksum.h"
#include "verify_internal.h"

/* The transport bytes from the L4 header to the end of the payload (trailer excluded). */
static bool l4_span(const struct packet *p, struct span *s)
{
    if (!(p->flags & PKT_HAS_L4) || (p->payload.p == NULL && p->payload.len != 0))
        return false;
    const uint8_t *start = p->data + p->l4_off;
    const uint8_t *end = p->payload.p ? p->payload.p + p->payload.len : p->data + p->caplen;
    if (end < start || end > p->data + p->caplen)
        return false;
    *s = (struct span){start, (size_t)(end - start)};
    return true;
}

/* Whether the checksum the keyword names verifies; -1 when the packet has no such header. */
static int csum_state(enum detect_kw_id id, const struct packet *p)
{
    struct span s;
    switch (id) {
    case DETECT_KW_IPV4_CSUM:
        if (p->ip_ver != 4 || p->l4_off <= p->l3_off || p->l4_off > p->caplen)
            return -1;
        return csum_ok(csum_add(0, (struct span){p->data + p->l3_off, p->l4_off - p->l3_off}));
    case DETECT_KW_TCPV4_CSUM:
    case DETECT_KW_TCPV6_CSUM:
    case DETECT_KW_UDPV4_CSUM:
    case DETECT_KW_UDPV6_CSUM: {
        bool tcp = id == DETECT_KW_TCPV4_CSUM || id == DETECT_KW_TCPV6_CSUM;
        bool v4 = id == DETECT_KW_TCPV4_CSUM || id == DETECT_KW_UDPV4_CSUM;
        if (p->ip_ver != (v4 ? 4 : 6) || p->proto != (tcp ? 6 : 17) || !l4_span(p, &s))
            return -1;
        if (!tcp && v4 && s.len >= 8 && s.p[6] == 0 && s.p[7] == 0)
            return 1; /* UDP over IPv4 without a checksum */
        return csum_ok(csum_add(csum_pseudo(p, p->proto, (uint32_t)s.len), s));
    }
    case DETECT_KW_ICMPV4_CSUM:
        if (p->ip_ver != 4 || p->proto != 1 || !l4_span(p, &s))
            return -1;
        return csum_ok(csum_add(0, s));
    case DETECT_KW_ICMPV6_CSUM:
        if (p->ip_ver != 6 || p->proto != 58 || !l4_span(p, &s))
            return -1;
        return csum_ok(csum_add(csum_pseudo(p, 58, (uint32_t)s.len), s));
    default:
        return -1;
    }
}

bool verify_csum_kw(const struct sig_kw *k, const struct packet *p)
{
    if (k->id == DETECT_KW_ICMPV6_MTU)
        return verify_icmpv6_mtu(k, p);
    int st = csum_state(k->id, p);
    return st >= 0 && st == ((const struct kw_text *)k->data)->value;
}

/*
 * icmpv6.mtu: the MTU of an ICMPv6 Packet Too Big message (type 2, RFC 4443 3.2), bytes
 * 4-7 of the header; other packets do not match.
 */
bool verify_icmpv6_mtu(const struct sig_kw *k, const struct packet *p)
{
    if (p->ip_ver != 6 || p->proto != 58 || !(p->flags & PKT_HAS_L4) || p->icmp_type != 2 ||
        (size_t)p->l4_off + 8 > p->caplen)
        return false;
    struct cursor c = cur_init(p->data + p->l4_off + 4, 4);
    uint32_t mtu = cur_be32(&c);
    const struct kw_num *n = k->data;
    switch (n->op) {
    case KW_NUM_EQ:
        return mtu == n->a;
    case KW_NUM_NE:
        return mtu != n->a;
    case KW_NUM_LT:
        return mtu < n->a;
    case KW_NUM_LE:
        return mtu <= n->a;
    case KW_NUM_GT:
        return mtu > n->a;
    case KW_NUM_GE:
        return mtu >= n->a;
    case KW_NUM_RANGE:
        return mtu > n->a && mtu < n->b;
    default:
        return mtu >= n->a && mtu <= n->b;
    }
}

bool verify_is_csum_kw(enum detect_kw_id id)
{
    return id == DETECT_KW_IPV4_CSUM || id == DETECT_KW_TCPV4_CSUM || id == DETECT_KW_TCPV6_CSUM ||
           id == DETECT_KW_UDPV4_CSUM || id == DETECT_KW_UDPV6_CSUM ||
           id == DETECT_KW_ICMPV4_CSUM || id == DETECT_KW_ICMPV6_CSUM || id == DETECT_KW_ICMPV6_MTU;
}
