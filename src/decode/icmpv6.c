/* SPDX-License-Identifier: GPL-2.0-only */
/* ICMPv6 (RFC 4443): types and codes, the IPv6 header quoted by errors, MLD hop limit, checksum. */
#include <string.h>

#include "checksum.h"
#include "decode_internal.h"

/* Error messages (RFC 4443 §3) and the highest code Suricata knows for each. */
#define ICMP6_DST_UNREACH    1
#define ICMP6_PACKET_TOO_BIG 2
#define ICMP6_TIME_EXCEEDED  3
#define ICMP6_PARAM_PROB     4
#define ICMP6_UNREACH_MAX    6 /* reject route to destination */
#define ICMP6_TIMXCEED_MAX   1
#define ICMP6_PARAMPROB_MAX  2

/* Informational messages (IANA "icmpv6-parameters"), 128 to 159. */
#define ICMP6_ECHO_REQUEST        128
#define ICMP6_ECHO_REPLY          129
#define ICMP6_MLD_QUERY           130 /* RFC 2710 */
#define ICMP6_MLD_REPORT          131
#define ICMP6_MLD_DONE            132
#define ICMP6_ND_ROUTER_SOLICIT   133 /* RFC 4861 */
#define ICMP6_ND_ROUTER_ADVERT    134
#define ICMP6_ND_NEIGHBOR_SOLICIT 135
#define ICMP6_ND_NEIGHBOR_ADVERT  136
#define ICMP6_RR                  138 /* router renumbering, RFC 2894 */
#define ICMP6_NI_QUERY            139 /* node information, RFC 4620 */
#define ICMP6_NI_REPLY            140
#define ICMP6_HA_AD_REQUEST       144 /* RFC 6275 */
#define ICMP6_HA_AD_REPLY         145
#define ICMP6_MP_SOLICIT          146
#define ICMP6_MP_ADVERT           147
#define ICMP6_CERT_PATH_SOLICIT   148 /* RFC 3971 */
#define ICMP6_CERT_PATH_ADVERT    149
#define ICMP6_MOBILE_EXPERIMENTAL 150
#define ICMP6_MC_ROUTER_ADVERT    151 /* RFC 4286 */
#define ICMP6_MC_ROUTER_SOLICIT   152
#define ICMP6_MC_ROUTER_TERMINATE 153
#define ICMP6_RPL_CONTROL         155 /* RFC 6550 */
#define ICMP6_DUPL_ADDR_REQUEST   157 /* RFC 6775 */
#define ICMP6_DUPL_ADDR_CONFIRM   158
#define ICMP6_MPL_CONTROL         159 /* RFC 7731 */

/* The message that answers `type`, or -1 (Suricata's ICMPv6GetCounterpart). */
static int counterpart(uint8_t type)
{
    static const uint8_t pairs[][2] = {
        {ICMP6_ECHO_REQUEST, ICMP6_ECHO_REPLY},
        {ICMP6_ND_NEIGHBOR_SOLICIT, ICMP6_ND_NEIGHBOR_ADVERT},
        {ICMP6_ND_ROUTER_SOLICIT, ICMP6_ND_ROUTER_ADVERT},
        {ICMP6_MLD_QUERY, ICMP6_MLD_REPORT},
        {ICMP6_NI_QUERY, ICMP6_NI_REPLY},
        {ICMP6_HA_AD_REQUEST, ICMP6_HA_AD_REPLY},
        {ICMP6_MP_SOLICIT, ICMP6_MP_ADVERT},
        {ICMP6_CERT_PATH_SOLICIT, ICMP6_CERT_PATH_ADVERT},
        {ICMP6_MC_ROUTER_ADVERT, ICMP6_MC_ROUTER_SOLICIT},
        {ICMP6_DUPL_ADDR_REQUEST, ICMP6_DUPL_ADDR_CONFIRM},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(pairs); i++) {
        if (pairs[i][0] == type)
            return pairs[i][1];
        if (pairs[i][1] == type)
            return pairs[i][0];
    }
    return -1;
}

/*
 * The IPv6 header an error quotes (RFC 4443 §2.4(c): as much of the invoking packet as
 * fits). Too short or of another version is invalid (Suricata's DecodePartialIPV6). The
 * ports are those after the fixed header, when its next header is TCP (a whole TCP header
 * quoted) or UDP.
 */
static void icmpv6_quoted(struct decode_ctx *ctx, struct packet *p, struct cursor *c)
{
    struct pkt_icmp_emb *e = &p->icmp_emb;
    if (unlikely(!cur_has(c, IPV6_HDR_LEN))) {
        decode_event_invalid(ctx, p, DECODE_EV_ICMPV6_IPV6_TRUNC_PKT);
        return;
    }
    struct wire_ipv6 h;
    cur_copy(c, &h, sizeof(h));
    if (unlikely(h.vcf[0] >> 4 != 6)) {
        decode_event_invalid(ctx, p, DECODE_EV_ICMPV6_IPV6_UNKNOWN_VERSION);
        return;
    }
    e->ip_ver = 6;
    e->proto = h.nh;
    memcpy(e->src.b, h.src, 16);
    memcpy(e->dst.b, h.dst, 16);
    decode_icmp_quoted_ports(e, c, TCP_HDR_LEN);
    p->flags |= PKT_HAS_ICMP_EMB;
}

/* Informational messages with a single valid code 0 (Suricata's list; others are below). */
static bool code_zero_only(uint8_t type)
{
    switch (type) {
    case ICMP6_ND_ROUTER_SOLICIT:
    case ICMP6_ND_ROUTER_ADVERT:
    case ICMP6_ND_NEIGHBOR_SOLICIT:
    case ICMP6_ND_NEIGHBOR_ADVERT:
    case 137: /* redirect */
    case 141: /* inverse neighbor discovery, RFC 3122 */
    case 142:
    case 143: /* MLDv2 report, RFC 3810 */
    case ICMP6_HA_AD_REQUEST:
    case ICMP6_HA_AD_REPLY:
    case ICMP6_MP_SOLICIT:
    case ICMP6_MP_ADVERT:
    case ICMP6_CERT_PATH_SOLICIT:
    case ICMP6_CERT_PATH_ADVERT:
    case 154: /* FMIPv6, RFC 5568 */
    case 156: /* locator update, RFC 6743 */
    case ICMP6_DUPL_ADDR_REQUEST:
    case ICMP6_DUPL_ADDR_CONFIRM:
    case ICMP6_MPL_CONTROL:
        return true;
    }
    return false;
}

/* Is `code` one Suricata knows for informational `type` (128..159)? */
static bool info_code_ok(uint8_t type, uint8_t code)
{
    if (code_zero_only(type))
        return code == 0;
    switch (type) {
    case ICMP6_RR:
        return code <= 2 || code == 255;
    case ICMP6_NI_QUERY:
    case ICMP6_NI_REPLY:
        return code <= 2;
    case ICMP6_RPL_CONTROL:
        return code <= 3 || (code >= 128 && code <= 132);
    case ICMP6_MOBILE_EXPERIMENTAL:
    case ICMP6_MC_ROUTER_ADVERT:
    case ICMP6_MC_ROUTER_SOLICIT:
    case ICMP6_MC_ROUTER_TERMINATE:
        return true;
    }
    return code == 0; /* echo and MLD */
}

/* Types outside 1..4 and 128..159, by IANA range: unassigned, experimental, or unknown. */
static enum decode_event unlisted_type(uint8_t type)
{
    if ((type >= 100 && type <= 101) || (type >= 200 && type <= 201))
        return DECODE_EV_ICMPV6_EXPERIMENTATION_TYPE;
    if ((type > 4 && type < 127) || type >= 160)
        return DECODE_EV_ICMPV6_UNASSIGNED_TYPE;
    return DECODE_EV_ICMPV6_UNKNOWN_TYPE; /* 0 and 127, reserved */
}

/*
 * An error message: with a known code, the quoted packet follows the 8-byte header (rest).
 * Returns whether the header is the full 8 bytes (payload after it) or 4.
 */
static bool icmpv6_error(struct decode_ctx *ctx, struct packet *p, uint8_t code, uint8_t max,
                         const struct cursor *rest)
{
    if (code > max) {
        decode_event_raise(ctx, p, DECODE_EV_ICMPV6_UNKNOWN_CODE);
        return false;
    }
    struct cursor q = *rest;
    icmpv6_quoted(ctx, p, &q);
    return true;
}

/*
 * Checks by type as Suricata's DecodeICMPV6; `rest` is what follows the 8-byte header.
 * Returns the header length, where the payload starts.
 */
static size_t icmpv6_type(struct decode_ctx *ctx, struct packet *p, const struct wire_icmp *h,
                          const struct cursor *rest)
{
    uint8_t type = h->type, code = h->code;
    bool full = false;
    if (type >= ICMP6_DST_UNREACH && type <= ICMP6_PARAM_PROB) {
        static const uint8_t max[] = {ICMP6_UNREACH_MAX, 0, ICMP6_TIMXCEED_MAX,
                                      ICMP6_PARAMPROB_MAX};
        full = icmpv6_error(ctx, p, code, max[type - 1], rest);
    } else if (type >= ICMP6_ECHO_REQUEST && type <= ICMP6_MPL_CONTROL) {
        if (!info_code_ok(type, code))
            decode_event_raise(ctx, p, DECODE_EV_ICMPV6_UNKNOWN_CODE);
        if (type >= ICMP6_MLD_QUERY && type <= ICMP6_MLD_DONE && p->ttl != 1)
            decode_event_raise(ctx, p, DECODE_EV_ICMPV6_MLD_MESSAGE_WITH_INVALID_HL);
        if (type <= ICMP6_ECHO_REPLY && code == 0) {
            p->icmp_id = wire_be16(h->rest);
            p->icmp_seq = wire_be16(h->rest + 2);
            full = true;
        }
    } else {
        decode_event_raise(ctx, p, unlisted_type(type));
    }
    /* Errors and echo have 4 more bytes of header (RFC 4443 §3, §4); others start at 4. */
    return full ? ICMP_HDR_LEN : 4;
}

void decode_icmpv6(struct decode_ctx *ctx, struct packet *p, struct cursor *c)
{
    ctx->st.icmpv6++;
    if (unlikely(!cur_has(c, ICMP_HDR_LEN))) {
        decode_event_invalid(ctx, p, DECODE_EV_ICMPV6_PKT_TOO_SMALL);
        return;
    }
    const struct cursor msg = *c;
    struct wire_icmp h;
    cur_copy(c, &h, sizeof(h));
    decode_icmp_flow_key(p, h.type, h.code, counterpart(h.type));
    p->icmp_id = 0;
    p->icmp_seq = 0;
    struct cursor body = msg;
    cur_skip(&body, icmpv6_type(ctx, p, &h, c));
    p->payload = cur_rest(&body);
    p->flags |= PKT_HAS_L4 | PKT_WANTS_FLOW;
    /* RFC 4443 §2.3: the checksum covers an RFC 8200 pseudo-header, next header 58. */
    if (ctx->check_csum) {
        uint64_t sum = csum_pseudo(p, IP_PROTO_ICMPV6, (uint32_t)msg.left);
        if (unlikely(!csum_ok(csum_add(sum, (struct span){msg.p, msg.left})))) {
            p->flags |= PKT_L4_CSUM_BAD;
            ctx->st.csum_icmpv6_bad++;
        }
    }
}
