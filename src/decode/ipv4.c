/* SPDX-License-Identifier: GPL-2.0-only */
/* IPv4 (RFC 791): header checks, options, header checksum, fragments, next-protocol dispatch. */
#include <string.h>

#include "checksum.h"
#include "decode_internal.h"

/* Option types (IANA "ip-parameters"): copy flag, class and number in one byte. */
#define IP4_OPT_EOL    0x00
#define IP4_OPT_NOP    0x01
#define IP4_OPT_RR     0x07 /* record route, RFC 791 */
#define IP4_OPT_QS     0x19 /* quick-start, RFC 4782 */
#define IP4_OPT_TS     0x44 /* timestamp, RFC 791 */
#define IP4_OPT_SEC    0x82 /* security, RFC 1108 */
#define IP4_OPT_LSRR   0x83 /* loose source and record route, RFC 791 */
#define IP4_OPT_ESEC   0x85 /* extended security, RFC 1108 */
#define IP4_OPT_CIPSO  0x86 /* commercial security, draft-ietf-cipso-ipsecurity-01 */
#define IP4_OPT_SID    0x88 /* stream identifier, RFC 791 */
#define IP4_OPT_SSRR   0x89 /* strict source and record route, RFC 791 */
#define IP4_OPT_RTRALT 0x94 /* router alert, RFC 2113 */

/* Minimum or exact option lengths (type and length bytes included), as Suricata checks them. */
#define IP4_OPT_QS_MIN     8
#define IP4_OPT_SEC_MIN    3
#define IP4_OPT_SID_LEN    4
#define IP4_OPT_RTRALT_LEN 4
#define IP4_OPT_ROUTE_MIN  3
#define IP4_OPT_TS_MIN     5
#define IP4_OPT_CIPSO_MIN  10

/* Flags and fragment offset field (RFC 791 §3.1). */
#define IP4_MF        0x2000
#define IP4_OFF_MASK  0x1fff
#define IP4_FRAG_MASK (IP4_MF | IP4_OFF_MASK)

/* An option being validated: its type, total length, and the length - 2 bytes after them. */
struct ip4_opt {
    uint8_t type;
    uint8_t len;
    struct cursor data;
};

/* Raise an event that makes the packet invalid, for a check that fails. */
static bool reject(struct decode_ctx *ctx, struct packet *p, enum decode_event ev)
{
    decode_event_invalid(ctx, p, ev);
    return false;
}

/* Options Suricata validates by length only (its IPV4OptValidateGeneric). */
static bool opt_check_len(struct decode_ctx *ctx, struct packet *p, const struct ip4_opt *o)
{
    bool ok = false;
    switch (o->type) {
    case IP4_OPT_QS:
        ok = o->len >= IP4_OPT_QS_MIN;
        break;
    case IP4_OPT_SEC:
    case IP4_OPT_ESEC:
        ok = o->len >= IP4_OPT_SEC_MIN;
        break;
    case IP4_OPT_SID:
        ok = o->len == IP4_OPT_SID_LEN;
        break;
    case IP4_OPT_RTRALT:
        ok = o->len == IP4_OPT_RTRALT_LEN;
        break;
    }
    return ok || reject(ctx, p, DECODE_EV_IPV4_OPT_INVALID_LEN);
}

/*
 * Route options (RFC 791 §3.1): a 1-based pointer to the next 4-byte address slot, past
 * type, length and pointer, and at most one past the end when the route is full.
 */
static bool opt_check_route(struct decode_ctx *ctx, struct packet *p, const struct ip4_opt *o)
{
    if (o->len < IP4_OPT_ROUTE_MIN)
        return reject(ctx, p, DECODE_EV_IPV4_OPT_INVALID_LEN);
    struct cursor d = o->data;
    uint8_t ptr = cur_u8(&d);
    if (ptr < 4 || ptr % 4 || ptr > o->len + 1)
        return reject(ctx, p, DECODE_EV_IPV4_OPT_MALFORMED);
    return true;
}

/*
 * Timestamp (RFC 791 §3.1): pointer, overflow/flag byte, then records of a timestamp, or of
 * an address and a timestamp when the flag is 1 or 3.
 */
static bool opt_check_ts(struct decode_ctx *ctx, struct packet *p, const struct ip4_opt *o)
{
    if (o->len < IP4_OPT_TS_MIN)
        return reject(ctx, p, DECODE_EV_IPV4_OPT_INVALID_LEN);
    struct cursor d = o->data;
    uint8_t ptr = cur_u8(&d);
    uint8_t flag = cur_u8(&d) & 0x0f;
    if (ptr < 5)
        return reject(ctx, p, DECODE_EV_IPV4_OPT_MALFORMED);
    unsigned rec = (flag == 1 || flag == 3) ? 8 : 4;
    if ((ptr - 5u) % rec || ptr > o->len + 1)
        return reject(ctx, p, DECODE_EV_IPV4_OPT_MALFORMED);
    return true;
}

/*
 * CIPSO (draft-ietf-cipso-ipsecurity-01, FIPS 188): a 4-byte domain of interpretation, then
 * tags of type, length and data. Tag types 1, 2, 5, 6, 7 are known; all but 7 start their
 * data with a zero alignment octet. Each tag is at least 4 bytes, so the walk is bounded.
 */
static bool opt_check_cipso(struct decode_ctx *ctx, struct packet *p, const struct ip4_opt *o)
{
    if (o->len < IP4_OPT_CIPSO_MIN)
        return reject(ctx, p, DECODE_EV_IPV4_OPT_INVALID_LEN);
    struct cursor t = o->data;
    cur_skip(&t, 4);
    while (t.left > 0) {
        if (t.left < 2)
            return reject(ctx, p, DECODE_EV_IPV4_OPT_MALFORMED);
        uint8_t ttype = cur_u8(&t);
        uint8_t tlen = cur_u8(&t);
        bool known = ttype == 1 || ttype == 2 || ttype == 5 || ttype == 6 || ttype == 7;
        if (!known || tlen < 4 || (size_t)tlen > t.left + 2)
            return reject(ctx, p, DECODE_EV_IPV4_OPT_MALFORMED);
        if (ttype != 7 && cur_peek_u8(&t) != 0)
            return reject(ctx, p, DECODE_EV_IPV4_OPT_MALFORMED);
        cur_skip(&t, tlen - 2u);
    }
    return true;
}

/* The p->ip4_opts bit of a multi-byte option type, 0 for a type khien does not know. */
static uint16_t opt_bit(uint8_t type)
{
    switch (type) {
    case IP4_OPT_RR:
        return PKT_IP4_OPT_RR;
    case IP4_OPT_QS:
        return PKT_IP4_OPT_QS;
    case IP4_OPT_TS:
        return PKT_IP4_OPT_TS;
    case IP4_OPT_SEC:
        return PKT_IP4_OPT_SEC;
    case IP4_OPT_LSRR:
        return PKT_IP4_OPT_LSRR;
    case IP4_OPT_ESEC:
        return PKT_IP4_OPT_ESEC;
    case IP4_OPT_CIPSO:
        return PKT_IP4_OPT_CIPSO;
    case IP4_OPT_SID:
        return PKT_IP4_OPT_SID;
    case IP4_OPT_SSRR:
        return PKT_IP4_OPT_SSRR;
    case IP4_OPT_RTRALT:
        return PKT_IP4_OPT_RTRALT;
    }
    return 0;
}

static bool opt_valid(struct decode_ctx *ctx, struct packet *p, const struct ip4_opt *o)
{
    switch (o->type) {
    case IP4_OPT_TS:
        return opt_check_ts(ctx, p, o);
    case IP4_OPT_RR:
    case IP4_OPT_LSRR:
    case IP4_OPT_SSRR:
        return opt_check_route(ctx, p, o);
    case IP4_OPT_CIPSO:
        return opt_check_cipso(ctx, p, o);
    }
    return opt_check_len(ctx, p, o);
}

/*
 * Walk the options as Suricata's DecodeIPV4Options does: a bad option raises its event
 * (making the packet invalid) and the walk goes on; only an option length running past
 * the header stops it and makes the caller drop the IPv4 layer. A duplicate of an option
 * is only noticed after a valid first one, as Suricata keeps only validated options.
 */
static bool ipv4_options(struct decode_ctx *ctx, struct packet *p, struct cursor o)
{
    uint16_t seen = 0;
    /* Suricata's test, though RFC 791 only pads to 32 bits: 4- and 12-byte lists raise it. */
    if (o.left % 8)
        decode_event_raise(ctx, p, DECODE_EV_IPV4_OPT_PAD_REQUIRED);
    while (o.left > 0) {
        uint8_t type = cur_u8(&o);
        if (type == IP4_OPT_EOL) {
            p->ip4_opts |= PKT_IP4_OPT_EOL;
            break;
        }
        if (type == IP4_OPT_NOP) {
            p->ip4_opts |= PKT_IP4_OPT_NOP;
            continue;
        }
        if (o.left < 1) {
            decode_event_raise(ctx, p, DECODE_EV_IPV4_OPT_EOL_REQUIRED);
            break;
        }
        uint8_t len = cur_u8(&o);
        if (len < 2 || (size_t)len > o.left + 2)
            return reject(ctx, p, DECODE_EV_IPV4_OPT_INVALID_LEN);
        struct ip4_opt opt = {.type = type, .len = len, .data = cur_sub(&o, len - 2u)};
        uint16_t bit = opt_bit(type);
        if (bit == 0)
            decode_event_raise(ctx, p, DECODE_EV_IPV4_OPT_INVALID);
        else if (seen & bit)
            decode_event_raise(ctx, p, DECODE_EV_IPV4_OPT_DUPLICATE);
        else if (opt_valid(ctx, p, &opt))
            seen |= bit;
    }
    p->ip4_opts |= seen;
    return true;
}

/* The length checks of RFC 791 §3.1, in Suricata's order; each failure makes p invalid. */
static bool ipv4_check(struct decode_ctx *ctx, struct packet *p, const struct wire_ipv4 *h,
                       size_t avail)
{
    if (unlikely(h->vhl >> 4 != 4))
        return reject(ctx, p, DECODE_EV_IPV4_WRONG_IP_VERSION);
    unsigned hlen = (h->vhl & 0x0fu) << 2;
    if (unlikely(hlen < IPV4_HDR_LEN))
        return reject(ctx, p, DECODE_EV_IPV4_HLEN_TOO_SMALL);
    unsigned iplen = wire_be16(h->len);
    if (unlikely(iplen < hlen))
        return reject(ctx, p, DECODE_EV_IPV4_IPLEN_SMALLER_THAN_HLEN);
    if (unlikely(avail < iplen))
        return reject(ctx, p, DECODE_EV_IPV4_TRUNC_PKT);
    return true;
}

/* A fragment (RFC 791 §2.3): no transport header is decoded; defrag rebuilds the datagram. */
static void ipv4_fragment(struct packet *p, const struct wire_ipv4 *h, struct cursor *c)
{
    uint16_t frag = wire_be16(h->frag);
    p->flags |= PKT_IS_FRAGMENT;
    p->frag_id = wire_be16(h->id);
    p->frag_off = (uint16_t)((frag & IP4_OFF_MASK) << 3);
    p->frag_more = (frag & IP4_MF) != 0;
    p->frag_nh = h->proto;
    p->frag_hdr_off = 0;
    p->frag_nh_off = 0;
    p->payload = cur_rest(c);
}

/*
 * The protocol after the header. IPv4 carrying IPv4 or IPv6 is a tunnel, and the outer
 * packet also gets a flow of its own as Suricata's FlowSetupPacket in DecodeIPV4 gives it;
 * GRE's outer packet gets none. ICMPv6 over IPv4 is invalid (ipv4.icmpv6).
 */
static void ipv4_next(struct decode_ctx *ctx, struct packet *p, struct cursor *c)
{
    switch (p->proto) {
    case IP_PROTO_TCP:
        decode_tcp(ctx, p, c);
        break;
    case IP_PROTO_UDP:
        decode_udp(ctx, p, c);
        break;
    case IP_PROTO_ICMP:
        decode_icmpv4(ctx, p, c);
        break;
    case IP_PROTO_GRE:
        decode_gre(ctx, p, c);
        break;
    case IP_PROTO_IPIP:
        p->flags |= PKT_WANTS_FLOW;
        (void)decode_tunnel_mark(ctx, p, DECODE_LINK_IPV4, c);
        break;
    case IP_PROTO_IPV6:
        p->flags |= PKT_WANTS_FLOW;
        (void)decode_tunnel_mark(ctx, p, DECODE_LINK_IPV6, c);
        break;
    case IP_PROTO_ICMPV6:
        decode_event_invalid(ctx, p, DECODE_EV_IPV4_ICMPV6);
        break;
    }
}

/* Set the network-layer fields once the header (and its options) passed. */
static void ipv4_set(struct packet *p, const struct wire_ipv4 *h, uint16_t l3_off)
{
    p->ip_ver = 4;
    p->proto = h->proto;
    p->ttl = h->ttl;
    p->l3_off = l3_off;
    p->l3_len = wire_be16(h->len);
    /* An IPv4 address fills the first 4 bytes, the rest is zero (flow keys hash all 16). */
    p->src.q[0] = p->src.q[1] = 0;
    p->dst.q[0] = p->dst.q[1] = 0;
    memcpy(p->src.b, h->src, 4);
    memcpy(p->dst.b, h->dst, 4);
}

void decode_ipv4(struct decode_ctx *ctx, struct packet *p, struct cursor *c)
{
    ctx->st.ipv4++;
    if (!decode_layer_enter(ctx, p))
        return;
    if (unlikely(!cur_has(c, IPV4_HDR_LEN))) {
        decode_event_invalid(ctx, p, DECODE_EV_IPV4_PKT_TOO_SMALL);
        return;
    }
    struct wire_ipv4 h;
    struct cursor peek = *c;
    cur_copy(&peek, &h, sizeof(h));
    if (!ipv4_check(ctx, p, &h, c->left))
        return;
    /* Bytes past the total length (Ethernet padding) are not part of the datagram. */
    struct cursor dgram = cur_sub(c, wire_be16(h.len));
    uint16_t l3_off = decode_off(p, &dgram);
    struct span hdr = cur_bytes(&dgram, (h.vhl & 0x0fu) << 2);
    p->ip4_opts = 0;
    if (hdr.len > IPV4_HDR_LEN) {
        struct cursor opts = cur_init(hdr.p, hdr.len);
        cur_skip(&opts, IPV4_HDR_LEN);
        if (!ipv4_options(ctx, p, opts))
            return;
    }
    ipv4_set(p, &h, l3_off);
    p->l4_off = decode_off(p, &dgram);
    /* Suricata leaves the header checksum to the ipv4-csum keyword; khien counts it here. */
    if (ctx->check_csum && unlikely(!csum_ok(csum_add(0, hdr)))) {
        p->flags |= PKT_IPV4_CSUM_BAD;
        ctx->st.csum_ipv4_bad++;
    }
    if (unlikely(wire_be16(h.frag) & IP4_FRAG_MASK)) {
        ipv4_fragment(p, &h, &dgram);
        return;
    }
    ipv4_next(ctx, p, &dgram);
}
