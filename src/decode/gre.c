/* SPDX-License-Identifier: GPL-2.0-only */
/* GRE (RFC 2784/2890, RFC 1701 routing, RFC 2637 enhanced GRE): header checks and tunnels. */
#include "decode_internal.h"

/* First byte: checksum, routing, key, sequence, strict source route, recursion (RFC 1701). */
#define GRE_F_CSUM  0x80
#define GRE_F_ROUTE 0x40
#define GRE_F_KEY   0x20
#define GRE_F_SEQ   0x10
#define GRE_F_SSR   0x08
#define GRE_F_RECUR 0x07
/* Second byte: acknowledgment (version 1 only, RFC 2637 §4.1), reserved flags, version. */
#define GRE_V_ACK     0x80
#define GRE_V_FLAGS   0x78
#define GRE_V_VERSION 0x07

#define GRE_SRE_LEN 4 /* source route entry header: address family, offset, length */

/* The fixed part of the header. */
struct gre_hdr {
    uint8_t flags, ver;
    uint16_t proto;
};

static bool gre_reject(struct decode_ctx *ctx, struct packet *p, enum decode_event ev)
{
    decode_event_invalid(ctx, p, ev);
    return false;
}

/*
 * Routing (RFC 1701 §2.1.5): source route entries after the optional fields, ended by one
 * of address family 0 and length 0. Each entry takes 4 bytes or more, so the walk is bounded.
 */
static bool gre_sre(struct decode_ctx *ctx, struct packet *p, const struct cursor *gre,
                    size_t *hlen)
{
    struct cursor c = *gre;
    cur_skip(&c, *hlen);
    for (;;) {
        if (!cur_has(&c, GRE_SRE_LEN))
            return gre_reject(ctx, p, DECODE_EV_GRE_VERSION0_MALFORMED_SRE_HDR);
        uint16_t af = cur_be16(&c);
        cur_skip(&c, 1);
        uint8_t len = cur_u8(&c);
        *hlen += GRE_SRE_LEN;
        if (af == 0 && len == 0)
            return true;
        if (!cur_has(&c, len))
            return gre_reject(ctx, p, DECODE_EV_GRE_VERSION0_MALFORMED_SRE_HDR);
        cur_skip(&c, len);
        *hlen += len;
    }
}

/* Version 0 (RFC 2784, 2890, 1701): optional checksum+offset, key, sequence, routing. */
static bool gre_v0(struct decode_ctx *ctx, struct packet *p, const struct gre_hdr *g,
                   const struct cursor *c, size_t *hlen)
{
    /* Suricata refuses what a receiver might ignore, rather than risk a blind spot. */
    if (g->flags & GRE_F_RECUR)
        return gre_reject(ctx, p, DECODE_EV_GRE_VERSION0_RECUR);
    if (g->ver & GRE_V_FLAGS)
        return gre_reject(ctx, p, DECODE_EV_GRE_VERSION0_FLAGS);
    *hlen = GRE_HDR_LEN;
    if (g->flags & GRE_F_KEY)
        *hlen += 4;
    if (g->flags & GRE_F_SEQ)
        *hlen += 4;
    if (g->flags & (GRE_F_CSUM | GRE_F_ROUTE))
        *hlen += 4;
    if (*hlen > c->left)
        return gre_reject(ctx, p, DECODE_EV_GRE_VERSION0_HDR_TOO_BIG);
    if (g->flags & GRE_F_ROUTE)
        return gre_sre(ctx, p, c, hlen);
    return true;
}

/* Version 1, PPTP's enhanced GRE (RFC 2637 §4.1): key required, PPP payload, optional ack. */
static bool gre_v1(struct decode_ctx *ctx, struct packet *p, const struct gre_hdr *g,
                   const struct cursor *c, size_t *hlen)
{
    static const struct {
        uint8_t bit;
        enum decode_event ev;
    } forbidden[] = {
        {GRE_F_CSUM, DECODE_EV_GRE_VERSION1_CHKSUM},
        {GRE_F_ROUTE, DECODE_EV_GRE_VERSION1_ROUTE},
        {GRE_F_SSR, DECODE_EV_GRE_VERSION1_SSR},
        {GRE_F_RECUR, DECODE_EV_GRE_VERSION1_RECUR},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(forbidden); i++)
        if (g->flags & forbidden[i].bit)
            return gre_reject(ctx, p, forbidden[i].ev);
    if (g->ver & GRE_V_FLAGS)
        return gre_reject(ctx, p, DECODE_EV_GRE_VERSION1_FLAGS);
    if (g->proto != ETHERTYPE_PPP)
        return gre_reject(ctx, p, DECODE_EV_GRE_VERSION1_WRONG_PROTOCOL);
    if (!(g->flags & GRE_F_KEY))
        return gre_reject(ctx, p, DECODE_EV_GRE_VERSION1_NO_KEY);
    *hlen = GRE_HDR_LEN + 4;
    if (g->flags & GRE_F_SEQ)
        *hlen += 4;
    if (g->ver & GRE_V_ACK)
        *hlen += 4;
    if (*hlen > c->left)
        return gre_reject(ctx, p, DECODE_EV_GRE_VERSION1_HDR_TOO_BIG);
    return true;
}

/*
 * The outer packet of a GRE tunnel gets no flow, as in Suricata (DecodeGRE never calls
 * FlowSetupPacket): its inner packet does. IPv4, IPv6 and transparent Ethernet bridging
 * are decoded; PPP (PPTP), VLAN, ERSPAN and others are left alone, without an event.
 */
void decode_gre(struct decode_ctx *ctx, struct packet *p, struct cursor *c)
{
    ctx->st.gre++;
    if (unlikely(!cur_has(c, GRE_HDR_LEN))) {
        decode_event_invalid(ctx, p, DECODE_EV_GRE_PKT_TOO_SMALL);
        return;
    }
    if (!decode_layer_enter(ctx, p))
        return;
    struct cursor h = *c;
    struct gre_hdr g;
    g.flags = cur_u8(&h); /* one statement each: initializer order is unspecified */
    g.ver = cur_u8(&h);
    g.proto = cur_be16(&h);
    size_t hlen = 0;
    bool ok;
    if ((g.ver & GRE_V_VERSION) == 0)
        ok = gre_v0(ctx, p, &g, c, &hlen);
    else if ((g.ver & GRE_V_VERSION) == 1)
        ok = gre_v1(ctx, p, &g, c, &hlen);
    else
        ok = gre_reject(ctx, p, DECODE_EV_GRE_WRONG_VERSION);
    if (!ok)
        return;
    cur_skip(c, hlen);
    if (g.proto == ETHERTYPE_IPV4)
        (void)decode_tunnel_mark(ctx, p, DECODE_LINK_IPV4, c);
    else if (g.proto == ETHERTYPE_IPV6)
        (void)decode_tunnel_mark(ctx, p, DECODE_LINK_IPV6, c);
    else if (g.proto == ETHERTYPE_TEB)
        (void)decode_tunnel_mark(ctx, p, DECODE_LINK_ETHERNET, c);
}
