/* SPDX-License-Identifier: GPL-2.0-only */
/* Stateless decoders: link, network and transport layers, tunnels and decoder events. */
#ifndef KH_DECODE_DECODE_H
#define KH_DECODE_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/stats.h"
#include "packet.h"

/*
 * Decoder counters. decode_stats_collect() names them as Suricata 8 does in EVE stats
 * ("decoder.pkts", "decoder.ipv4", "tcp.syn", "decoder.event.ipv4.trunc_pkt", ...). The
 * csum_* counters have no Suricata name except TCP's (tcp.invalid_checksum): they are kept
 * here but not emitted, so that stats records pass Suricata's EVE schema.
 */
struct decode_stats {
    uint64_t pkts, bytes, invalid, max_pkt_size;
    uint64_t ethernet, sll, sll2, raw, null, vlan, vlan_qinq, vlan_qinqinq;
    uint64_t unknown_ethertype, arp;
    uint64_t ipv4, ipv6, tcp, udp, icmpv4, icmpv6, gre;
    uint64_t ipv4_in_ipv4, ipv6_in_ipv4, ipv4_in_ipv6, ipv6_in_ipv6;
    uint64_t tcp_syn, tcp_synack, tcp_rst;
    uint64_t csum_ipv4_bad, csum_tcp_bad, csum_udp_bad, csum_icmpv4_bad, csum_icmpv6_bad;
    uint64_t events[DECODE_EV_MAX];
};

#define DECODE_DEFAULT_MAX_LAYERS 16 /* Suricata's decoder.max-layers default */
#define DECODE_DEFAULT_MAX_TUNNEL 4  /* tunnels inside tunnels, before too_many_layers */

struct decode_ctx {
    struct decode_stats st;
    bool check_csum;          /* false with -k none */
    uint8_t max_tunnel_depth; /* deepest tunnel_depth decode_tunnel() builds */
    uint8_t max_layers;       /* layers per packet, tunnels included (decoder.max-layers) */
};

void decode_ctx_init(struct decode_ctx *ctx, bool check_csum);

/*
 * Decode p->data (p->caplen bytes, link type p->link) in place: fills the decode block of
 * struct packet, raises named events and counts them. Never reads outside data.
 *
 * Flows: TCP, UDP, ICMPv4 and ICMPv6 packets that decoded get PKT_WANTS_FLOW, and so does
 * an IPv4 packet carrying IPv4 or IPv6 (protocols 4 and 41), as Suricata does. Fragments,
 * GRE packets, other IP protocols and IPv6 packets carrying IP do not.
 * ICMP flows are keyed as Suricata keys them: sp = type << 8 | code and dp = the type of
 * the counterpart message << 8 (echo request 8 <-> reply 0 ...) or 0, so that a request and
 * its reply match as the two directions of one flow. An ICMP error that quotes an IP header
 * has PKT_HAS_ICMP_EMB; Suricata maps an ICMPv4 destination unreachable quoting TCP or UDP
 * to the quoted flow (the flow stage's job, from p->icmp_emb).
 */
void decode_packet(struct decode_ctx *ctx, struct packet *p);

/*
 * For a packet with PKT_HAS_TUNNEL: set up `inner` (capture fields copied, data pointing
 * into outer's data at tunnel_off) and decode it. Returns false when the tunnel depth cap
 * is reached (counted), true otherwise; the inner packet may still be PKT_IS_INVALID.
 */
bool decode_tunnel(struct decode_ctx *ctx, const struct packet *outer, struct packet *inner);

/*
 * Decode a packet that is not a new capture (a datagram rebuilt by defrag, p->link
 * DECODE_LINK_IPV4 or _IPV6): as decode_packet, without counting it in decoder.pkts/bytes.
 * p->tunnel_depth is kept.
 */
void decode_rebuilt(struct decode_ctx *ctx, struct packet *p);

/* Raise an event on p and count it; the _invalid form also marks p PKT_IS_INVALID. */
static inline void decode_event_raise(struct decode_ctx *ctx, struct packet *p,
                                      enum decode_event ev)
{
    ctx->st.events[ev]++;
    pkt_event_set(p, ev);
}

static inline void decode_event_invalid(struct decode_ctx *ctx, struct packet *p,
                                        enum decode_event ev)
{
    p->flags |= PKT_IS_INVALID;
    decode_event_raise(ctx, p, ev);
}

/* Add src's counters into dst (per-worker stats summed for output). */
void decode_stats_add(struct decode_stats *dst, const struct decode_stats *src);

/* How many values decode_stats_collect() writes at most. */
size_t decode_stats_count(void);

/* Append this module's counters as named values; returns how many were written (<= max). */
size_t decode_stats_collect(const struct decode_stats *st, struct stats_value *out, size_t max);

#endif
