/* SPDX-License-Identifier: GPL-2.0-only */
/* IPv6 (RFC 8200): fixed header, extension header chain, fragments, IP in IPv6 tunnels. */
#include <string.h>

#include "decode_internal.h"

/* Hop-by-hop and destination option types (IANA "ipv6-parameters"). */
#define IP6_OPT_PAD1  0x00
#define IP6_OPT_PADN  0x01
#define IP6_OPT_RA    0x05 /* router alert, RFC 2711: a 2-byte value */
#define IP6_OPT_JUMBO 0xc2 /* jumbo payload, RFC 2675: a 4-byte length */
#define IP6_OPT_HAO   0xc9 /* home address, RFC 6275: a 16-byte address */

#define IP6_FH_LEN  8      /* fragment header, RFC 8200 §4.5 */
#define IP6_FH_MORE 0x0001 /* M flag */
#define IP6_FH_OFF  0xfff8 /* offset, in 8-byte units, already shifted into bytes */
#define IP6_AH_MIN  12     /* authentication header without ICV, RFC 4302 §2 */

/* The extension headers met so far on this packet, for Suricata's duplicate events. */
struct ip6_walk {
    uint16_t nh_off; /* offset of the Next Header byte naming the current header */
    uint8_t dst_cnt; /* destination options headers: RFC 8200 §4.1 allows two */
    bool hop, rh, fh, ah;
    bool chained; /* past an extension header: Suricata's DecodeIPV6ExtHdrs loop */
};

static bool is_exthdr(uint8_t nh)
{
    switch (nh) {
    case IP_PROTO_HOPOPTS:
    case IP_PROTO_ROUTING:
    case IP_PROTO_FRAGMENT:
    case IP_PROTO_DSTOPTS:
    case IP_PROTO_AH:
    case IP_PROTO_MH:
    case IP_PROTO_HIP:
    case IP_PROTO_SHIM6:
        return true;
    }
    return false;
}

/* Known options must be long enough for their value; others are "unknown" events. */
static bool ipv6_option(struct decode_ctx *ctx, struct packet *p, bool hop, uint8_t type,
                        uint8_t len, unsigned *other)
{
    size_t min = 0;
    switch (type) {
    case IP6_OPT_PADN:
        /* A PadN of no bytes pads nothing: Suricata flags it. */
        if (len == 0)
            decode_event_raise(ctx, p, DECODE_EV_IPV6_ZERO_LEN_PADN);
        return true;
    case IP6_OPT_RA:
        min = 2;
        break;
    case IP6_OPT_JUMBO:
        min = 4;
        break;
    case IP6_OPT_HAO:
        min = 16;
        break;
    default:
        decode_event_raise(
            ctx, p, hop ? DECODE_EV_IPV6_HOPOPTS_UNKNOWN_OPT : DECODE_EV_IPV6_DSTOPTS_UNKNOWN_OPT);
        break;
    }
    if (len < min) {
        decode_event_invalid(ctx, p, DECODE_EV_IPV6_EXTHDR_INVALID_OPTLEN);
        return false;
    }
    (*other)++;
    return true;
}

/*
 * The TLV options of a hop-by-hop or destination options header (RFC 8200 §4.2). A header
 * of padding only is a covert-channel smell Suricata reports (…_only_padding).
 */
static void ipv6_options(struct decode_ctx *ctx, struct packet *p, bool hop, struct cursor *o)
{
    unsigned pad = 0, other = 0;
    while (o->left > 0) {
        uint8_t type = cur_u8(o);
        if (type == IP6_OPT_PAD1) {
            pad++;
            continue;
        }
        uint8_t len = cur_u8(o);
        if (o->bad || len > o->left) {
            decode_event_invalid(ctx, p, DECODE_EV_IPV6_EXTHDR_INVALID_OPTLEN);
            break;
        }
        pad += type == IP6_OPT_PADN;
        if (!ipv6_option(ctx, p, hop, type, len, &other))
            break;
        cur_skip(o, len);
    }
    if (pad > 0 && other == 0)
        decode_event_raise(ctx, p,
                           hop ? DECODE_EV_IPV6_HOPOPTS_ONLY_PADDING
                               : DECODE_EV_IPV6_DSTOPTS_ONLY_PADDING);
}

/* Hop-by-hop (one allowed) and destination options (two allowed) headers. */
static void ipv6_opts_hdr(struct decode_ctx *ctx, struct packet *p, struct ip6_walk *w, bool hop,
                          struct cursor *h)
{
    if (hop ? w->hop : w->dst_cnt >= 2) {
        decode_event_raise(ctx, p,
                           hop ? DECODE_EV_IPV6_EXTHDR_DUPL_HH : DECODE_EV_IPV6_EXTHDR_DUPL_DH);
        return;
    }
    if (hop)
        w->hop = true;
    else
        w->dst_cnt++;
    cur_skip(h, 2);
    ipv6_options(ctx, p, hop, h);
}

/* Routing header (RFC 8200 §4.4); type 0 is deprecated for its amplification (RFC 5095). */
static void ipv6_routing(struct decode_ctx *ctx, struct packet *p, struct ip6_walk *w,
                         struct cursor *h)
{
    if (w->rh) {
        decode_event_raise(ctx, p, DECODE_EV_IPV6_EXTHDR_DUPL_RH);
        return;
    }
    w->rh = true;
    cur_skip(h, 2);
    if (cur_u8(h) == 0)
        decode_event_raise(ctx, p, DECODE_EV_IPV6_RH_TYPE_0);
}

/* Authentication header (RFC 4302 §2): the reserved field must be zero. */
static void ipv6_ah(struct decode_ctx *ctx, struct packet *p, struct ip6_walk *w, struct cursor *h)
{
    cur_skip(h, 2);
    if (cur_be16(h) != 0)
        decode_event_raise(ctx, p, DECODE_EV_IPV6_EXTHDR_AH_RES_NOT_NULL);
    if (w->ah)
        decode_event_raise(ctx, p, DECODE_EV_IPV6_EXTHDR_DUPL_AH);
    w->ah = true;
}

/*
 * Fragment header (RFC 8200 §4.5). A real fragment ends decoding (PKT_IS_FRAGMENT; defrag
 * rebuilds it). An atomic fragment, offset 0 and no more to come, is decoded on (RFC 6946)
 * with Suricata's ipv6.exthdr_useless_fh. Returns false when the walk stops.
 */
static bool ipv6_frag(struct decode_ctx *ctx, struct packet *p, struct ip6_walk *w, uint8_t *nh,
                      struct cursor *c)
{
    if (unlikely(!cur_has(c, IP6_FH_LEN))) {
        decode_event_invalid(ctx, p, DECODE_EV_IPV6_TRUNC_EXTHDR);
        return false;
    }
    uint16_t off = decode_off(p, c);
    uint8_t next = cur_u8(c);
    if (cur_u8(c) != 0)
        decode_event_raise(ctx, p, DECODE_EV_IPV6_FH_NON_ZERO_RESERVED_FIELD);
    uint16_t offlg = cur_be16(c);
    uint32_t id = cur_be32(c);
    if (w->fh) {
        decode_event_raise(ctx, p, DECODE_EV_IPV6_EXTHDR_DUPL_FH);
    } else if ((offlg & (IP6_FH_OFF | IP6_FH_MORE)) == 0) {
        w->fh = true;
        decode_event_raise(ctx, p, DECODE_EV_IPV6_EXTHDR_USELESS_FH);
    } else {
        /* Every fragment but the last carries a multiple of 8 bytes (§4.5). */
        if ((offlg & IP6_FH_MORE) && c->left % 8 != 0)
            decode_event_raise(ctx, p, DECODE_EV_IPV6_FRAG_INVALID_LENGTH);
        p->flags |= PKT_IS_FRAGMENT;
        p->frag_id = id;
        p->frag_off = offlg & IP6_FH_OFF;
        p->frag_more = (offlg & IP6_FH_MORE) != 0;
        p->frag_nh = next;
        p->frag_hdr_off = off;
        p->frag_nh_off = w->nh_off;
        p->l4_off = decode_off(p, c);
        p->payload = cur_rest(c);
        return false;
    }
    w->nh_off = off;
    *nh = next;
    return true;
}

/* Length of the extension header at c from its length byte hl (RFC 8200 §4, RFC 4302 §2). */
static size_t exthdr_len(uint8_t nh, uint8_t hl)
{
    switch (nh) {
    case IP_PROTO_HOPOPTS:
    case IP_PROTO_DSTOPTS:
        return (hl + 1u) * 8u;
    case IP_PROTO_AH:
        /* Suricata's arithmetic: 12 bytes, plus 4 for each length unit past the first. */
        return hl ? IP6_AH_MIN + (hl - 1u) * 4u : IP6_AH_MIN;
    }
    return 8u + hl * 8u; /* routing, mobility, HIP, shim6 */
}

/* One extension header at c (at least 2 bytes left): check it, move past it. */
static bool ipv6_exthdr(struct decode_ctx *ctx, struct packet *p, struct ip6_walk *w, uint8_t *nh,
                        struct cursor *c)
{
    if (*nh == IP_PROTO_FRAGMENT)
        return ipv6_frag(ctx, p, w, nh, c);
    struct cursor peek = *c;
    uint8_t next = cur_u8(&peek);
    size_t len = exthdr_len(*nh, cur_u8(&peek));
    if (unlikely(len > c->left)) {
        decode_event_invalid(ctx, p, DECODE_EV_IPV6_TRUNC_EXTHDR);
        return false;
    }
    uint16_t off = decode_off(p, c);
    struct cursor h = cur_sub(c, len);
    if (*nh == IP_PROTO_HOPOPTS || *nh == IP_PROTO_DSTOPTS)
        ipv6_opts_hdr(ctx, p, w, *nh == IP_PROTO_HOPOPTS, &h);
    else if (*nh == IP_PROTO_ROUTING)
        ipv6_routing(ctx, p, w, &h);
    else if (*nh == IP_PROTO_AH)
        ipv6_ah(ctx, p, w, &h);
    /* Mobility, HIP and shim6 headers are skipped unparsed, as in Suricata. */
    w->nh_off = off;
    *nh = next;
    return true;
}

/*
 * IPv4 or IPv6 directly in IPv6 (RFC 2473): a tunnel when long enough and of the right
 * version. Unlike IPv4's, Suricata gives the outer IPv6 packet no flow.
 */
static void ipv6_ip_in_ip(struct decode_ctx *ctx, struct packet *p, unsigned ver,
                          const struct cursor *c)
{
    bool v4 = ver == 4;
    if (unlikely(c->left < (v4 ? IPV4_HDR_LEN : IPV6_HDR_LEN))) {
        decode_event_invalid(ctx, p,
                             v4 ? DECODE_EV_IPV6_IPV4_IN_IPV6_TOO_SMALL
                                : DECODE_EV_IPV6_IPV6_IN_IPV6_TOO_SMALL);
        return;
    }
    if (unlikely((unsigned)(cur_peek_u8(c) >> 4) != ver)) {
        decode_event_raise(ctx, p,
                           v4 ? DECODE_EV_IPV6_IPV4_IN_IPV6_WRONG_VERSION
                              : DECODE_EV_IPV6_IPV6_IN_IPV6_WRONG_VERSION);
        return;
    }
    (void)decode_tunnel_mark(ctx, p, v4 ? DECODE_LINK_IPV4 : DECODE_LINK_IPV6, c);
}

/* The header that ends the chain. */
static void ipv6_upper(struct decode_ctx *ctx, struct packet *p, uint8_t nh, struct cursor *c)
{
    p->proto = nh;
    p->l4_off = decode_off(p, c);
    switch (nh) {
    case IP_PROTO_TCP:
        decode_tcp(ctx, p, c);
        break;
    case IP_PROTO_UDP:
        decode_udp(ctx, p, c);
        break;
    case IP_PROTO_ICMPV6:
        decode_icmpv6(ctx, p, c);
        break;
    case IP_PROTO_GRE:
        decode_gre(ctx, p, c);
        break;
    case IP_PROTO_IPIP:
        ipv6_ip_in_ip(ctx, p, 4, c);
        break;
    case IP_PROTO_IPV6:
        ipv6_ip_in_ip(ctx, p, 6, c);
        break;
    case IP_PROTO_ICMP:
        decode_event_raise(ctx, p, DECODE_EV_IPV6_ICMPV4);
        break;
    case IP_PROTO_ESP:
    case IP_PROTO_SCTP:
        /* Carried, known, not decoded yet. */
        break;
    default:
        decode_event_raise(ctx, p, DECODE_EV_IPV6_UNKNOWN_NEXT_HEADER);
        break;
    }
}

/*
 * Walk the header chain. Every extension header consumes at least 8 bytes of a payload of
 * at most 65535, so the loop ends; duplicates are reported and skipped, not fatal. Inside
 * the chain Suricata wants 2 bytes before any header, upper layers included.
 */
static void ipv6_chain(struct decode_ctx *ctx, struct packet *p, struct ip6_walk *w, uint8_t nh,
                       struct cursor *c)
{
    for (;;) {
        if (nh == IP_PROTO_NONE) {
            p->proto = nh;
            if (c->left > 0)
                decode_event_raise(ctx, p, DECODE_EV_IPV6_DATA_AFTER_NONE_HEADER);
            return;
        }
        bool ext = is_exthdr(nh);
        if ((ext || w->chained) && unlikely(c->left < 2)) {
            p->proto = nh;
            decode_event_invalid(ctx, p, DECODE_EV_IPV6_TRUNC_EXTHDR);
            return;
        }
        if (!ext) {
            ipv6_upper(ctx, p, nh, c);
            return;
        }
        w->chained = true;
        p->proto = nh;
        if (!ipv6_exthdr(ctx, p, w, &nh, c))
            return;
    }
}

void decode_ipv6(struct decode_ctx *ctx, struct packet *p, struct cursor *c)
{
    ctx->st.ipv6++;
    if (!decode_layer_enter(ctx, p))
        return;
    if (unlikely(!cur_has(c, IPV6_HDR_LEN))) {
        decode_event_invalid(ctx, p, DECODE_EV_IPV6_PKT_TOO_SMALL);
        return;
    }
    uint16_t l3_off = decode_off(p, c);
    struct wire_ipv6 h;
    cur_copy(c, &h, sizeof(h));
    if (unlikely(h.vcf[0] >> 4 != 6)) {
        decode_event_invalid(ctx, p, DECODE_EV_IPV6_WRONG_IP_VERSION);
        return;
    }
    uint16_t plen = wire_be16(h.plen);
    if (unlikely(c->left < plen)) {
        decode_event_invalid(ctx, p, DECODE_EV_IPV6_TRUNC_PKT);
        return;
    }
    memcpy(p->src.b, h.src, 16);
    memcpy(p->dst.b, h.dst, 16);
    p->ip_ver = 6;
    p->ttl = h.hlim;
    p->proto = h.nh;
    p->l3_off = l3_off;
    p->l3_len = IPV6_HDR_LEN + (uint32_t)plen;
    p->l4_off = decode_off(p, c);
    /* Bytes past the payload length (link padding) are not part of the packet. */
    struct cursor payload = cur_sub(c, plen);
    struct ip6_walk w = {.nh_off = (uint16_t)(l3_off + 6)};
    ipv6_chain(ctx, p, &w, h.nh, &payload);
}
