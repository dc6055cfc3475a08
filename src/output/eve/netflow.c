/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * EVE "netflow" records: as Suricata's netflow log, one record per direction of a flow as
 * it ends (the to-client one only when packets went that way), each with that direction's
 * addresses, counters, TTL range and TCP flags, stamped with the flow's start.
 */
#include <string.h>

#include "eve_internal.h"
#include "app/app.h"

static void put_direction(struct eve_output *eo, const struct flow *f, int dir)
{
    struct jbuf *jb = &eo->jb;
    char ts[KH_TS_LEN + 1];

    eve_begin(eo, f->start_ts, f->id, 0, "netflow");
    eve_put_vlans(jb, f->vlan, f->vlan_cnt);
    if (dir == 0)
        eve_put_flow_tuple(eo, f);
    else
        eve_put_flow_tuple_reverse(eo, f);
    if ((f->proto == 1 || f->proto == 58) && f->seen[dir]) {
        jb_u64(jb, "icmp_type", f->icmp_type[dir]);
        jb_u64(jb, "icmp_code", f->icmp_code[dir]);
    }
    eve_put_community_id(eo, f);
    const char *app = app_proto_name((enum app_proto)f->app_proto);
    if (app != NULL)
        jb_str_plain(jb, "app_proto", app, strlen(app));
    jb_open_object(jb, "netflow");
    jb_u64(jb, "pkts", f->pkts[dir]);
    jb_u64(jb, "bytes", f->bytes[dir]);
    ts_format(&eo->tc, f->start_ts, ts);
    jb_str_plain(jb, "start", ts, KH_TS_LEN);
    ts_format(&eo->tc, f->last_ts, ts);
    jb_str_plain(jb, "end", ts, KH_TS_LEN);
    jb_i64(jb, "age", (int64_t)(f->last_ts / 1000000) - (int64_t)(f->start_ts / 1000000));
    jb_u64(jb, "min_ttl", f->ttl_min[dir]);
    jb_u64(jb, "max_ttl", f->ttl_max[dir]);
    jb_close_object(jb);
    if (f->proto == 6) {
        jb_open_object(jb, "tcp");
        eve_put_flags_hex(jb, "tcp_flags", f->tcp_flags[dir]);
        eve_put_tcp_flag_names(jb, f->tcp_flags[dir]);
        jb_close_object(jb);
    }
    eve_end(eo, EVE_TYPE_NETFLOW);
}

void eve_log_netflow(struct eve_output *eo, const struct flow *f)
{
    put_direction(eo, f, 0);
    if (f->pkts[1] > 0)
        put_direction(eo, f, 1);
}
