/* SPDX-License-Identifier: GPL-2.0-only */
/* ICMPv4 (RFC 792): types and codes, the IP header quoted by errors, flow keys, checksum. */
#include <string.h>

#include "checksum.h"
#include "decode_internal.h"

/* Message types Suricata's DecodeICMPV4 knows (RFC 792, 950, 1256). */
#define ICMP4_ECHOREPLY      0
#define ICMP4_DEST_UNREACH   3
#define ICMP4_SOURCE_QUENCH  4
#define ICMP4_REDIRECT       5
#define ICMP4_ECHO           8
#define ICMP4_ROUTERADVERT   9
#define ICMP4_ROUTERSOLICIT  10
#define ICMP4_TIME_EXCEEDED  11
#define ICMP4_PARAMETERPROB  12
#define ICMP4_TIMESTAMP      13
#define ICMP4_TIMESTAMPREPLY 14
#define ICMP4_INFO_REQUEST   15
#define ICMP4_INFO_REPLY     16
#define ICMP4_ADDRESS        17
#define ICMP4_ADDRESSREPLY   18

/* Highest known code of the error types (RFC 792, RFC 1812 §5.2.7.1). */
#define ICMP4_UNREACH_MAX  15
#define ICMP4_REDIRECT_MAX 3
#define ICMP4_TIMXCEED_MAX 1

#define ICMP4_TIMESTAMP_LEN 20 /* header + originate, receive and transmit timestamps */

/*
 * The message that answers `type`, or -1. Suricata keys ICMP flows on it (icmp_d), so that
 * an echo request and its reply are the two directions of one flow.
 */
static int counterpart(uint8_t type)
{
    switch (type) {
    case ICMP4_ECHO:
        return ICMP4_ECHOREPLY;
    case ICMP4_ECHOREPLY:
        return ICMP4_ECHO;
    case ICMP4_TIMESTAMP:
        return ICMP4_TIMESTAMPREPLY;
    case ICMP4_TIMESTAMPREPLY:
        return ICMP4_TIMESTAMP;
    case ICMP4_INFO_REQUEST:
        return ICMP4_INFO_REPLY;
    case ICMP4_INFO_REPLY:
        return ICMP4_INFO_REQUEST;
    case ICMP4_ROUTERSOLICIT:
        return ICMP4_ROUTERADVERT;
    case ICMP4_ROUTERADVERT:
        return ICMP4_ROUTERSOLICIT;
    case ICMP4_ADDRESS:
        return ICMP4_ADDRESSREPLY;
    case ICMP4_ADDRESSREPLY:
        return ICMP4_ADDRESS;
    }
    return -1;
}

void decode_icmp_flow_key(struct packet *p, uint8_t type, uint8_t code, int cp)
{
    p->icmp_type = type;
    p->icmp_code = code;
    p->sp = (uint16_t)(type << 8 | code);
    p->dp = cp >= 0 ? (uint16_t)(cp << 8) : 0;
}

void decode_icmp_quoted_ports(struct pkt_icmp_emb *e, struct cursor *c, size_t tcp_min)
{
    size_t need = e->proto == IP_PROTO_TCP ? tcp_min : e->proto == IP_PROTO_UDP ? UDP_HDR_LEN : 0;
    e->sp = 0;
    e->dp = 0;
    e->has_ports = need > 0 && cur_has(c, need);
    if (e->has_ports) {
        e->sp = cur_be16(c);
        e->dp = cur_be16(c);
    }
}

/*
 * The IPv4 header an error quotes (RFC 792: "Internet Header + 64 bits of Original Data").
 * Too short or of another version is invalid, as in Suricata's DecodePartialIPV4; its ports
 * are read past the quoted header's own length (Suricata assumes 20 bytes), and a TCP
 * quote needs only the 4 bytes of ports.
 */
static void icmpv4_quoted(struct decode_ctx *ctx, struct packet *p, struct cursor *c)
{
    struct pkt_icmp_emb *e = &p->icmp_emb;
    if (unlikely(!cur_has(c, IPV4_HDR_LEN))) {
        decode_event_invalid(ctx, p, DECODE_EV_ICMPV4_IPV4_TRUNC_PKT);
        return;
    }
    struct wire_ipv4 h;
    cur_copy(c, &h, sizeof(h));
    if (unlikely(h.vhl >> 4 != 4)) {
        decode_event_invalid(ctx, p, DECODE_EV_ICMPV4_IPV4_UNKNOWN_VER);
        return;
    }
    e->ip_ver = 4;
    e->proto = h.proto;
    e->src.q[0] = e->src.q[1] = 0;
    e->dst.q[0] = e->dst.q[1] = 0;
    memcpy(e->src.b, h.src, 4);
    memcpy(e->dst.b, h.dst, 4);
    size_t hlen = (h.vhl & 0x0fu) * 4u;
    if (hlen > IPV4_HDR_LEN && cur_has(c, hlen - IPV4_HDR_LEN))
        cur_skip(c, hlen - IPV4_HDR_LEN);
    decode_icmp_quoted_ports(e, c, 4);
    p->flags |= PKT_HAS_ICMP_EMB;
}

/* An error message: a known code quotes the offending packet after the 8-byte header. */
static void icmpv4_error(struct decode_ctx *ctx, struct packet *p, uint8_t code, uint8_t max,
                         const struct cursor *quote, bool even_empty)
{
    if (code > max) {
        decode_event_raise(ctx, p, DECODE_EV_ICMPV4_UNKNOWN_CODE);
        return;
    }
    /* Suricata looks at a source quench's quote even when there is none (and flags that). */
    if (quote->left > 0 || even_empty) {
        struct cursor q = *quote;
        icmpv4_quoted(ctx, p, &q);
    }
}

/* Query messages carry an identifier and a sequence number; their code must be 0. */
static void icmpv4_query(struct decode_ctx *ctx, struct packet *p, const struct wire_icmp *h)
{
    p->icmp_id = wire_be16(h->rest);
    p->icmp_seq = wire_be16(h->rest + 2);
    if (h->code != 0)
        decode_event_raise(ctx, p, DECODE_EV_ICMPV4_UNKNOWN_CODE);
}

/*
 * Router advertisement (RFC 1256 §3): address count and entry size in words. The entries
 * belong to the header; a message too short for them raises icmpv4.ipv4_trunc_pkt, as
 * Suricata does, without making the packet invalid. Returns the header length.
 */
static size_t icmpv4_advert(struct decode_ctx *ctx, struct packet *p, const struct wire_icmp *h,
                            size_t len)
{
    size_t adv = (size_t)h->rest[0] * h->rest[1] * 4u;
    if (len < ICMP_HDR_LEN + adv) {
        decode_event_raise(ctx, p, DECODE_EV_ICMPV4_IPV4_TRUNC_PKT);
        return ICMP_HDR_LEN;
    }
    return ICMP_HDR_LEN + adv;
}

/*
 * Checks by type, as Suricata's DecodeICMPV4; `rest` is what follows the 8-byte header.
 * Returns the header length, where the payload starts.
 */
static size_t icmpv4_type(struct decode_ctx *ctx, struct packet *p, const struct wire_icmp *h,
                          const struct cursor *rest)
{
    switch (h->type) {
    case ICMP4_ECHOREPLY:
    case ICMP4_ECHO:
    case ICMP4_INFO_REQUEST:
    case ICMP4_INFO_REPLY:
    case ICMP4_ADDRESS:
    case ICMP4_ADDRESSREPLY:
        icmpv4_query(ctx, p, h);
        return ICMP_HDR_LEN;
    case ICMP4_TIMESTAMP:
    case ICMP4_TIMESTAMPREPLY:
        icmpv4_query(ctx, p, h);
        if (ICMP_HDR_LEN + rest->left >= ICMP4_TIMESTAMP_LEN)
            return ICMP4_TIMESTAMP_LEN;
        decode_event_raise(ctx, p, DECODE_EV_ICMPV4_IPV4_TRUNC_PKT);
        return ICMP_HDR_LEN;
    case ICMP4_DEST_UNREACH:
        icmpv4_error(ctx, p, h->code, ICMP4_UNREACH_MAX, rest, false);
        return ICMP_HDR_LEN;
    case ICMP4_SOURCE_QUENCH:
        icmpv4_error(ctx, p, h->code, 0, rest, true);
        return ICMP_HDR_LEN;
    case ICMP4_REDIRECT:
        icmpv4_error(ctx, p, h->code, ICMP4_REDIRECT_MAX, rest, false);
        return ICMP_HDR_LEN;
    case ICMP4_TIME_EXCEEDED:
        icmpv4_error(ctx, p, h->code, ICMP4_TIMXCEED_MAX, rest, false);
        return ICMP_HDR_LEN;
    case ICMP4_PARAMETERPROB:
        icmpv4_error(ctx, p, h->code, 0, rest, false);
        return ICMP_HDR_LEN;
    case ICMP4_ROUTERADVERT:
        return icmpv4_advert(ctx, p, h, ICMP_HDR_LEN + rest->left);
    }
    /* Router solicitation (10) lands here too: Suricata has no case for it. */
    decode_event_raise(ctx, p, DECODE_EV_ICMPV4_UNKNOWN_TYPE);
    return ICMP_HDR_LEN;
}

void decode_icmpv4(struct decode_ctx *ctx, struct packet *p, struct cursor *c)
{
    ctx->st.icmpv4++;
    if (unlikely(!cur_has(c, ICMP_HDR_LEN))) {
        decode_event_invalid(ctx, p, DECODE_EV_ICMPV4_PKT_TOO_SMALL);
        return;
    }
    const struct span msg = {c->p, c->left};
    struct wire_icmp h;
    cur_copy(c, &h, sizeof(h));
    decode_icmp_flow_key(p, h.type, h.code, counterpart(h.type));
    p->icmp_id = 0;
    p->icmp_seq = 0;
    size_t hlen = icmpv4_type(ctx, p, &h, c);
    cur_skip(c, hlen - ICMP_HDR_LEN);
    p->payload = cur_rest(c);
    p->flags |= PKT_HAS_L4 | PKT_WANTS_FLOW;
    /* RFC 792: the checksum covers the ICMP message, no pseudo-header. */
    if (ctx->check_csum && unlikely(!csum_ok(csum_add(0, msg)))) {
        p->flags |= PKT_L4_CSUM_BAD;
        ctx->st.csum_icmpv4_bad++;
    }
}
