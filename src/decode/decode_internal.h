/* SPDX-License-Identifier: GPL-2.0-only */
/* What the decoder files share: one entry per layer, and the layer and tunnel bookkeeping. */
#ifndef KH_DECODE_DECODE_INTERNAL_H
#define KH_DECODE_DECODE_INTERNAL_H

#include "core/compiler.h"
#include "core/cursor.h"
#include "decode.h"
#include "wire.h"

/*
 * Every layer entry takes the cursor of the layer below, positioned on its header and
 * bounded by what that layer says it carries (never more than the captured bytes), and
 * consumes it. (By pointer: a 24-byte struct passed by value goes through the stack at
 * every call.) Layers call the next one directly; the only loops on attacker-controlled
 * counts (VLAN tags, IPv6 extension headers, options) are iterative and bounded, and
 * tunnels are not followed here: decode_tunnel() decodes the inner packet when the
 * pipeline asks.
 */

/* Offset of the cursor's position in the packet's data, for the *_off fields. */
static inline uint16_t decode_off(const struct packet *p, const struct cursor *c)
{
    return (uint16_t)cur_offset(c, p->data);
}

/*
 * Count one more decoded layer; past ctx->max_layers raise decoder.too_many_layers (as
 * Suricata's PacketIncreaseCheckLayers) and tell the caller to stop.
 */
static inline bool decode_layer_enter(struct decode_ctx *ctx, struct packet *p)
{
    if (unlikely(++p->layers >= ctx->max_layers)) {
        decode_event_invalid(ctx, p, DECODE_EV_TOO_MANY_LAYERS);
        return false;
    }
    return true;
}

/* Link layers: ethernet.c, vlan.c, sll.c. */
void decode_ethernet(struct decode_ctx *ctx, struct packet *p, struct cursor *c);
void decode_ethertype(struct decode_ctx *ctx, struct packet *p, uint16_t type, struct cursor *c);
bool decode_vlan(struct decode_ctx *ctx, struct packet *p, uint16_t *type, struct cursor *c);
void decode_sll(struct decode_ctx *ctx, struct packet *p, struct cursor *c);
void decode_sll2(struct decode_ctx *ctx, struct packet *p, struct cursor *c);

/* Network layers: ipv4.c, ipv6.c, gre.c. */
void decode_ipv4(struct decode_ctx *ctx, struct packet *p, struct cursor *c);
void decode_ipv6(struct decode_ctx *ctx, struct packet *p, struct cursor *c);
void decode_gre(struct decode_ctx *ctx, struct packet *p, struct cursor *c);

/* Transport layers: the cursor spans exactly the IP payload. */
void decode_tcp(struct decode_ctx *ctx, struct packet *p, struct cursor *c);
void decode_udp(struct decode_ctx *ctx, struct packet *p, struct cursor *c);
void decode_icmpv4(struct decode_ctx *ctx, struct packet *p, struct cursor *c);
void decode_icmpv6(struct decode_ctx *ctx, struct packet *p, struct cursor *c);

/* ICMP flow key (see decode.h): sp = type << 8 | code, dp = counterpart << 8 (cp < 0: none). */
void decode_icmp_flow_key(struct packet *p, uint8_t type, uint8_t code, int cp);

/* Ports of a quoted TCP (tcp_min bytes needed) or UDP (8 bytes) header at c, into e. */
void decode_icmp_quoted_ports(struct pkt_icmp_emb *e, struct cursor *c, size_t tcp_min);

/*
 * Mark p as carrying a packet of link type `link` over c's bytes (decode.c). Returns false,
 * with decoder.too_many_layers, when decode_tunnel() would refuse it for depth.
 */
bool decode_tunnel_mark(struct decode_ctx *ctx, struct packet *p, enum decode_link link,
                        const struct cursor *c);

#endif
