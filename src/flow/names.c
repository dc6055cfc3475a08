/* SPDX-License-Identifier: GPL-2.0-only */
/* EVE names of flow states and end reasons, and the flow counters' stats names. */
#include "flow.h"

const char *flow_state_name(enum flow_state s)
{
    static const char *const names[] = {"new", "established", "closed"};
    return (unsigned)s < FLOW_STATE_MAX ? names[s] : "unknown";
}

const char *flow_tcp_state_name(enum flow_tcp_state s)
{
    static const char *const names[] = {
        [FLOW_TCP_NONE] = "none",           [FLOW_TCP_SYN_SENT] = "syn_sent",
        [FLOW_TCP_SYN_RECV] = "syn_recv",   [FLOW_TCP_ESTABLISHED] = "established",
        [FLOW_TCP_FIN_WAIT1] = "fin_wait1", [FLOW_TCP_FIN_WAIT2] = "fin_wait2",
        [FLOW_TCP_TIME_WAIT] = "time_wait", [FLOW_TCP_CLOSE_WAIT] = "close_wait",
        [FLOW_TCP_LAST_ACK] = "last_ack",   [FLOW_TCP_CLOSING] = "closing",
        [FLOW_TCP_CLOSED] = "closed",
    };
    return (unsigned)s <= FLOW_TCP_CLOSED ? names[s] : "unknown";
}

const char *flow_end_reason_name(enum flow_end_reason r)
{
    switch (r) {
    case FLOW_END_TIMEOUT:
        return "timeout";
    case FLOW_END_FORCED:
        return "forced";
    case FLOW_END_SHUTDOWN:
        return "shutdown";
    }
    return "unknown";
}

static const struct stats_field flow_fields[] = {
    STATS_FIELD("flow.total", struct flow_stats, total),
    STATS_FIELD("flow.tcp", struct flow_stats, tcp),
    STATS_FIELD("flow.udp", struct flow_stats, udp),
    STATS_FIELD("flow.icmpv4", struct flow_stats, icmpv4),
    STATS_FIELD("flow.icmpv6", struct flow_stats, icmpv6),
    STATS_FIELD("flow.memcap", struct flow_stats, memcap),
    STATS_FIELD("flow.get_used", struct flow_stats, get_used),
    STATS_FIELD("flow.emerg_mode_entered", struct flow_stats, emerg_mode_entered),
    STATS_FIELD("flow.emerg_mode_over", struct flow_stats, emerg_mode_over),
    STATS_FIELD("flow.end.state.new", struct flow_stats, end_state[FLOW_STATE_NEW]),
    STATS_FIELD("flow.end.state.established", struct flow_stats, end_state[FLOW_STATE_ESTABLISHED]),
    STATS_FIELD("flow.end.state.closed", struct flow_stats, end_state[FLOW_STATE_CLOSED]),
    STATS_FIELD("flow.mgr.flows_timeout", struct flow_stats, timeout),
    STATS_FIELD("flow.memuse", struct flow_stats, memuse),
    STATS_FIELD("flow.active", struct flow_stats, active),
    STATS_FIELD("flow.spare", struct flow_stats, spare),
};

size_t flow_stats_collect(const struct flow_stats *st, struct stats_value *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof(flow_fields) / sizeof(flow_fields[0]) && n < max; i++) {
        out[n].name = flow_fields[i].name;
        out[n].value = stats_field_get(&flow_fields[i], st);
        n++;
    }
    return n;
}
