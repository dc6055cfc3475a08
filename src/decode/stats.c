/* SPDX-License-Identifier: GPL-2.0-only */
/* Decoder counters as Suricata 8 names them in EVE stats, and their per-worker sum. */
#include "decode.h"

#include "core/compiler.h"

#define F(name, member) STATS_FIELD(name, struct decode_stats, member)

/*
 * Names from Suricata's DecodeRegisterPerfCounters, as its EVE schema lists them. The TCP
 * flag counters are the decoder's in Suricata too; tcp.invalid_checksum is its stream's
 * counter of segments dropped for a bad checksum, which here is every bad one seen.
 */
static const struct stats_field fields[] = {
    F("decoder.pkts", pkts),
    F("decoder.bytes", bytes),
    F("decoder.invalid", invalid),
    F("decoder.ipv4", ipv4),
    F("decoder.ipv6", ipv6),
    F("decoder.ethernet", ethernet),
    F("decoder.arp", arp),
    F("decoder.unknown_ethertype", unknown_ethertype),
    F("decoder.sll", sll),
    F("decoder.sll2", sll2),
    F("decoder.raw", raw),
    F("decoder.null", null),
    F("decoder.tcp", tcp),
    F("decoder.udp", udp),
    F("decoder.icmpv4", icmpv4),
    F("decoder.icmpv6", icmpv6),
    F("decoder.gre", gre),
    F("decoder.vlan", vlan),
    F("decoder.vlan_qinq", vlan_qinq),
    F("decoder.vlan_qinqinq", vlan_qinqinq),
    F("decoder.ipv4_in_ipv4", ipv4_in_ipv4),
    F("decoder.ipv6_in_ipv4", ipv6_in_ipv4),
    F("decoder.ipv4_in_ipv6", ipv4_in_ipv6),
    F("decoder.ipv6_in_ipv6", ipv6_in_ipv6),
    F("decoder.max_pkt_size", max_pkt_size),
    F("tcp.syn", tcp_syn),
    F("tcp.synack", tcp_synack),
    F("tcp.rst", tcp_rst),
    F("tcp.invalid_checksum", csum_tcp_bad),
};

/* Every uint64_t of the struct, events included, for the sum. */
#define STATS_WORDS (sizeof(struct decode_stats) / sizeof(uint64_t))

void decode_stats_add(struct decode_stats *dst, const struct decode_stats *src)
{
    uint64_t max = dst->max_pkt_size > src->max_pkt_size ? dst->max_pkt_size : src->max_pkt_size;
    /* The struct is only uint64_t counters; walk it as an array (no padding possible). */
    _Static_assert(sizeof(struct decode_stats) % sizeof(uint64_t) == 0, "counters only");
    uint64_t a[STATS_WORDS], b[STATS_WORDS];
    __builtin_memcpy(a, dst, sizeof(a));
    __builtin_memcpy(b, src, sizeof(b));
    for (size_t i = 0; i < STATS_WORDS; i++)
        a[i] += b[i];
    __builtin_memcpy(dst, a, sizeof(a));
    dst->max_pkt_size = max;
}

size_t decode_stats_count(void)
{
    size_t n = KH_ARRAY_LEN(fields) + 1; /* + avg_pkt_size */
    for (int i = 0; i < DECODE_EV_MAX; i++)
        n += decode_event_kind((enum decode_event)i) == DECODE_EV_KIND_DECODE;
    return n;
}

/*
 * Decoder events are written whatever their kind's stats setting: Suricata's default
 * (stats.decoder-events: true) writes them, and stream-events: false leaves stream ones
 * to the stream stage.
 */
size_t decode_stats_collect(const struct decode_stats *st, struct stats_value *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < KH_ARRAY_LEN(fields) && n < max; i++)
        out[n++] = (struct stats_value){fields[i].name, stats_field_get(&fields[i], st)};
    if (n < max)
        out[n++] =
            (struct stats_value){"decoder.avg_pkt_size", st->pkts ? st->bytes / st->pkts : 0};
    for (int i = 0; i < DECODE_EV_MAX && n < max; i++) {
        enum decode_event ev = (enum decode_event)i;
        if (decode_event_kind(ev) == DECODE_EV_KIND_DECODE)
            out[n++] = (struct stats_value){decode_event_counter_name(ev), st->events[i]};
    }
    return n;
}
