/* SPDX-License-Identifier: GPL-2.0-only */
/* Decoder entry points: per-packet reset, link-type dispatch (raw IP, BSD loopback), tunnels. */
#include <string.h>

#include "decode_internal.h"

void decode_ctx_init(struct decode_ctx *ctx, bool check_csum)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->check_csum = check_csum;
    ctx->max_tunnel_depth = DECODE_DEFAULT_MAX_TUNNEL;
    ctx->max_layers = DECODE_DEFAULT_MAX_LAYERS;
}

/*
 * Reset only the fields that are valid for every decoded packet (packet.h lists them); the
 * others are written by the layer that makes them valid, so a packet costs a few stores
 * here rather than a memset of the whole struct.
 */
static inline void decode_reset(struct packet *p)
{
    p->flags = 0;
    p->ip_ver = 0;
    p->proto = 0;
    p->vlan_cnt = 0;
    p->ev_cnt = 0;
    p->layers = 0;
    p->sp = 0;
    p->dp = 0;
    p->payload.p = p->data;
    p->payload.len = 0;
}

/* LINKTYPE_RAW: IPv4 or IPv6 by the version nibble (Suricata decode-raw.c). */
static void decode_raw(struct decode_ctx *ctx, struct packet *p, struct cursor *c)
{
    ctx->st.raw++;
    /* Suricata wants an IPv4 header's worth before looking, and names the event so. */
    if (unlikely(!cur_has(c, IPV4_HDR_LEN))) {
        decode_event_invalid(ctx, p, DECODE_EV_IPV4_PKT_TOO_SMALL);
        return;
    }
    switch (cur_peek_u8(c) >> 4) {
    case 4:
        decode_ipv4(ctx, p, c);
        break;
    case 6:
        decode_ipv6(ctx, p, c);
        break;
    default:
        /* Not invalid in Suricata: the packet is simply left undecoded. */
        decode_event_raise(ctx, p, DECODE_EV_IPRAW_INVALID_IP_VERSION);
        break;
    }
}

/*
 * LINKTYPE_NULL: a 4-byte address family in the capturing host's byte order. As libpcap
 * does, a value with bits in the upper half was written by a host of the other byte order.
 * IPv6's AF differs per OS: 24 NetBSD/OpenBSD, 28 FreeBSD, 30 Darwin (the values libpcap
 * documents), and 10 Linux, 23 Winsock, 26 Solaris, which Suricata also accepts.
 */
static void decode_null(struct decode_ctx *ctx, struct packet *p, struct cursor *c)
{
    ctx->st.null++;
    if (unlikely(!cur_has(c, NULL_HDR_LEN))) {
        decode_event_invalid(ctx, p, DECODE_EV_LTNULL_PKT_TOO_SMALL);
        return;
    }
    uint32_t af = cur_le32(c);
    if (af & 0xffff0000u)
        af = __builtin_bswap32(af);
    switch (af) {
    case 2:
        decode_ipv4(ctx, p, c);
        break;
    case 10:
    case 23:
    case 24:
    case 26:
    case 28:
    case 30:
        decode_ipv6(ctx, p, c);
        break;
    default:
        decode_event_invalid(ctx, p, DECODE_EV_LTNULL_UNSUPPORTED_TYPE);
        break;
    }
}

/*
 * Decode by link type. `captured` is false for an inner or rebuilt packet, whose IP
 * header is not a raw link layer (Suricata decodes those straight from DecodeIPV4/6).
 */
static void decode_link(struct decode_ctx *ctx, struct packet *p, bool captured)
{
    struct cursor c = cur_init(p->data, p->caplen);
    switch (p->link) {
    case DECODE_LINK_ETHERNET:
        decode_ethernet(ctx, p, &c);
        break;
    case DECODE_LINK_SLL:
        decode_sll(ctx, p, &c);
        break;
    case DECODE_LINK_SLL2:
        decode_sll2(ctx, p, &c);
        break;
    case DECODE_LINK_RAW:
        decode_raw(ctx, p, &c);
        break;
    case DECODE_LINK_IPV4:
        ctx->st.raw += captured;
        decode_ipv4(ctx, p, &c);
        break;
    case DECODE_LINK_IPV6:
        ctx->st.raw += captured;
        decode_ipv6(ctx, p, &c);
        break;
    case DECODE_LINK_NULL:
        decode_null(ctx, p, &c);
        break;
    }
    /* Suricata's decoder.invalid counts packets, once, whatever the number of events. */
    if (unlikely(p->flags & PKT_IS_INVALID))
        ctx->st.invalid++;
}

void decode_packet(struct decode_ctx *ctx, struct packet *p)
{
    struct decode_stats *st = &ctx->st;
    st->pkts++;
    st->bytes += p->caplen;
    if (unlikely(p->caplen > st->max_pkt_size))
        st->max_pkt_size = p->caplen;
    p->tunnel_depth = 0;
    decode_reset(p);
    decode_link(ctx, p, true);
}

void decode_rebuilt(struct decode_ctx *ctx, struct packet *p)
{
    decode_reset(p);
    decode_link(ctx, p, false);
}

/*
 * The tunnel is refused on the outer packet, as Suricata's PacketTunnelPktSetup raises
 * decoder.too_many_layers on the parent: the inner packet would start one layer deeper.
 */
bool decode_tunnel_mark(struct decode_ctx *ctx, struct packet *p, enum decode_link link,
                        const struct cursor *c)
{
    if (unlikely(p->tunnel_depth >= ctx->max_tunnel_depth || p->layers + 1 >= ctx->max_layers)) {
        decode_event_invalid(ctx, p, DECODE_EV_TOO_MANY_LAYERS);
        return false;
    }
    /* IP length fields bound every tunnel payload, so it fits 16 bits. */
    DEBUG_ASSERT(c->left <= UINT16_MAX);
    p->flags |= PKT_HAS_TUNNEL;
    p->tunnel_off = decode_off(p, c);
    p->tunnel_len = (uint16_t)c->left;
    p->tunnel_link = link;
    return true;
}

/* Suricata's decoder.ipv4_in_ipv4 etc. count tunnels of IP directly in IP, not GRE. */
static void count_ip_in_ip(struct decode_stats *st, const struct packet *outer)
{
    if (outer->proto != IP_PROTO_IPIP && outer->proto != IP_PROTO_IPV6)
        return;
    bool inner4 = outer->tunnel_link == DECODE_LINK_IPV4;
    if (outer->ip_ver == 4) {
        if (inner4)
            st->ipv4_in_ipv4++;
        else
            st->ipv6_in_ipv4++;
    } else {
        if (inner4)
            st->ipv4_in_ipv6++;
        else
            st->ipv6_in_ipv6++;
    }
}

bool decode_tunnel(struct decode_ctx *ctx, const struct packet *outer, struct packet *inner)
{
    if (!(outer->flags & PKT_HAS_TUNNEL) || outer->tunnel_depth >= ctx->max_tunnel_depth)
        return false;
    count_ip_in_ip(&ctx->st, outer);
    inner->data = outer->data + outer->tunnel_off;
    inner->caplen = outer->tunnel_len;
    inner->wirelen = outer->tunnel_len;
    inner->ts_usec = outer->ts_usec;
    inner->pcap_cnt = outer->pcap_cnt;
    inner->link = outer->tunnel_link;
    inner->tunnel_depth = (uint8_t)(outer->tunnel_depth + 1);
    decode_reset(inner);
    inner->flags = PKT_IS_TUNNEL_INNER;
    inner->layers = outer->layers;
    decode_link(ctx, inner, false);
    return true;
}
