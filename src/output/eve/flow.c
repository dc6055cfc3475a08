/* SPDX-License-Identifier: GPL-2.0-only */
/* EVE "flow" records: one per flow when it ends, as Suricata writes them. */
#include <stdio.h>
#include <string.h>

#include "eve_internal.h"
#include "app/app.h"
#include "flow/tcp.h"

static void put_mac_list(struct jbuf *jb, const char *key, const struct flow_macs *m, int side)
{
    char mac[18];
    jb_open_array(jb, key);
    for (unsigned i = 0; i < m->n[side]; i++) {
        eve_format_mac(m->mac[side][i], mac);
        jb_str_plain(jb, NULL, mac, 17);
    }
    jb_close_array(jb);
}

/* "ether":{"src_macs":[client side], "dest_macs":[server side]}, as Suricata's flow log. */
static void put_macs(struct jbuf *jb, const struct flow_macs *m)
{
    if (m->n[0] == 0 && m->n[1] == 0)
        return;
    jb_open_object(jb, "ether");
    if (m->n[1])
        put_mac_list(jb, "dest_macs", m, 1);
    if (m->n[0])
        put_mac_list(jb, "src_macs", m, 0);
    jb_close_object(jb);
}

void eve_put_flags_hex(struct jbuf *jb, const char *key, uint8_t flags)
{
    static const char hex[] = "0123456789abcdef";
    char s[2] = {hex[flags >> 4], hex[flags & 0xf]};
    jb_str_plain(jb, key, s, 2);
}

void eve_put_tcp_flag_names(struct jbuf *jb, uint8_t all)
{
    /* Only the flags that were seen are written, as Suricata does. */
    static const struct {
        uint8_t bit;
        const char *name;
    } names[] = {
        {TCP_SYN, "syn"}, {TCP_FIN, "fin"}, {TCP_RST, "rst"}, {TCP_PSH, "psh"},
        {TCP_ACK, "ack"}, {TCP_URG, "urg"}, {TCP_ECE, "ecn"}, {TCP_CWR, "cwr"},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (all & names[i].bit)
            jb_bool(jb, names[i].name, true);
}

static void put_tcp(struct jbuf *jb, const struct flow *f)
{
    uint8_t all = f->tcp_flags[0] | f->tcp_flags[1];
    jb_open_object(jb, "tcp");
    eve_put_flags_hex(jb, "tcp_flags", all);
    eve_put_flags_hex(jb, "tcp_flags_ts", f->tcp_flags[0]);
    eve_put_flags_hex(jb, "tcp_flags_tc", f->tcp_flags[1]);
    eve_put_tcp_flag_names(jb, all);
    /* The session's own fields, when stream tracked one (Suricata writes them from its
     * TcpSession): its state, gaps, and the regions its reassembly held at most (khien's
     * keeps one per direction: the in-order point and the segments after it). */
    if (f->ssn_state) {
        jb_str(jb, "state", flow_tcp_state_name((enum flow_tcp_state)(f->ssn_state - 1)));
        if (f->ssn_gaps & 1u)
            jb_bool(jb, "ts_gap", true);
        if (f->ssn_gaps & 2u)
            jb_bool(jb, "tc_gap", true);
        jb_u64(jb, "ts_max_regions", 1);
        jb_u64(jb, "tc_max_regions", 1);
    }
    jb_close_object(jb);
}

/* One array of "traffic" ("id" or "label"): the flowbits named prefix<x>, as x. */
static void put_traffic_list(struct jbuf *jb, const char *key, const char *prefix,
                             const char *const *bits, uint32_t n)
{
    size_t plen = strlen(prefix);
    bool open = false;
    for (uint32_t i = 0; i < n; i++) {
        if (strncmp(bits[i], prefix, plen) != 0 || bits[i][plen] == '\0')
            continue;
        if (!open)
            jb_open_array(jb, key);
        open = true;
        jb_str(jb, NULL, bits[i] + plen);
    }
    if (open)
        jb_close_array(jb);
}

void eve_put_traffic(struct jbuf *jb, const char *const *bits, uint32_t n)
{
    bool any = false;
    for (uint32_t i = 0; i < n && !any; i++)
        any =
            strncmp(bits[i], "traffic/id/", 11) == 0 || strncmp(bits[i], "traffic/label/", 14) == 0;
    if (!any)
        return;
    jb_open_object(jb, "traffic");
    put_traffic_list(jb, "id", "traffic/id/", bits, n);
    put_traffic_list(jb, "label", "traffic/label/", bits, n);
    jb_close_object(jb);
}

void eve_put_flow_counters(struct eve_output *eo, const struct flow *f)
{
    struct jbuf *jb = &eo->jb;
    char ts[KH_TS_LEN + 1];
    jb_u64(jb, "pkts_toserver", f->pkts[0]);
    jb_u64(jb, "pkts_toclient", f->pkts[1]);
    jb_u64(jb, "bytes_toserver", f->bytes[0]);
    jb_u64(jb, "bytes_toclient", f->bytes[1]);
    ts_format(&eo->tc, f->start_ts, ts);
    jb_str_plain(jb, "start", ts, KH_TS_LEN);
}

void eve_log_flow(struct eve_output *eo, const struct flow *f, enum flow_end_reason reason)
{
    eve_log_flow_bits(eo, f, reason, NULL, 0);
}

void eve_log_flow_bits(struct eve_output *eo, const struct flow *f, enum flow_end_reason reason,
                       const char *const *flowbits, uint32_t nflowbits)
{
    eve_log_flow_meta(eo, f, reason, flowbits, nflowbits, NULL, 0);
}

void eve_log_flow_meta(struct eve_output *eo, const struct flow *f, enum flow_end_reason reason,
                       const char *const *flowbits, uint32_t nflowbits, const struct eve_var *vars,
                       uint32_t nvars)
{
    if (eo->cfg.types & EVE_TYPE_NETFLOW)
        eve_log_netflow(eo, f);
    if (!(eo->cfg.types & EVE_TYPE_FLOW))
        return;
    struct jbuf *jb = &eo->jb;
    char ts[KH_TS_LEN + 1];

    eve_begin(eo, f->start_ts, f->id, 0, "flow");
    eve_put_vlans(jb, f->vlan, f->vlan_cnt);
    eve_put_flow_tuple(eo, f);
    if (f->proto == 1 || f->proto == 58) {
        jb_u64(jb, "icmp_type", f->icmp_type[0]);
        jb_u64(jb, "icmp_code", f->icmp_code[0]);
        if (f->seen[1]) {
            jb_u64(jb, "response_icmp_type", f->icmp_type[1]);
            jb_u64(jb, "response_icmp_code", f->icmp_code[1]);
        }
    }
    eve_put_community_id(eo, f);
    if (eo->cfg.ethernet && f->macs != NULL)
        put_macs(jb, f->macs);
    const char *app = app_proto_name((enum app_proto)f->app_proto);
    if (app != NULL)
        jb_str_plain(jb, "app_proto", app, strlen(app));
    const char *orig = app_proto_name((enum app_proto)f->app_proto_orig);
    if (orig != NULL) /* the protocol before a change (HTTP CONNECT), as Suricata writes it */
        jb_str_plain(jb, "app_proto_orig", orig, strlen(orig));
    jb_open_object(jb, "flow");
    eve_put_flow_counters(eo, f);
    ts_format(&eo->tc, f->last_ts, ts);
    jb_str_plain(jb, "end", ts, KH_TS_LEN);
    jb_i64(jb, "age", (int64_t)(f->last_ts / 1000000) - (int64_t)(f->start_ts / 1000000));
    const char *state = flow_state_name(f->state);
    const char *why = flow_end_reason_name(reason);
    jb_str_plain(jb, "state", state, strlen(state));
    jb_str_plain(jb, "reason", why, strlen(why));
    jb_bool(jb, "alerted", f->alerted);
    jb_close_object(jb);
    if (f->proto == 6)
        put_tcp(jb, f);
    eve_put_traffic(jb, flowbits, nflowbits);
    eve_put_vars(jb, flowbits, nflowbits, vars, nvars);
    eve_end(eo, EVE_TYPE_FLOW);
}
