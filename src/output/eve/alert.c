/* SPDX-License-Identifier: GPL-2.0-only */
/* EVE "alert" records, as Suricata 8 writes them for a signature match on a packet. */
#include <string.h>

#include "app/app.h"
#include "eve_internal.h"

/* "metadata": {"key": ["value", ...]}: pairs with the same key are gathered, in order. */
static void put_metadata(struct jbuf *jb, const struct eve_alert *a)
{
    if (a->nmeta == 0)
        return;
    jb_open_object(jb, "metadata");
    for (uint32_t i = 0; i < a->nmeta; i++) {
        bool seen = false;
        for (uint32_t j = 0; j < i && !seen; j++)
            seen = strcmp(a->meta_keys[j], a->meta_keys[i]) == 0;
        if (seen)
            continue;
        jb_open_array(jb, a->meta_keys[i]);
        for (uint32_t j = i; j < a->nmeta; j++)
            if (strcmp(a->meta_keys[j], a->meta_keys[i]) == 0)
                jb_str(jb, NULL, a->meta_values[j]);
        jb_close_array(jb);
    }
    jb_close_object(jb);
}

/* The flow subobject of an alert: counters, start, and the flow's own tuple. */
static void put_flow(struct eve_output *eo, const struct flow *f)
{
    struct jbuf *jb = &eo->jb;
    char ts[KH_TS_LEN + 1], a[46];
    jb_open_object(jb, "flow");
    jb_u64(jb, "pkts_toserver", f->pkts[0]);
    jb_u64(jb, "pkts_toclient", f->pkts[1]);
    jb_u64(jb, "bytes_toserver", f->bytes[0]);
    jb_u64(jb, "bytes_toclient", f->bytes[1]);
    ts_format(&eo->tc, f->start_ts, ts);
    jb_str_plain(jb, "start", ts, KH_TS_LEN);
    eve_format_addr(&f->src, f->ip_ver, a);
    jb_str(jb, "src_ip", a);
    eve_format_addr(&f->dst, f->ip_ver, a);
    jb_str(jb, "dest_ip", a);
    if (f->proto == 6 || f->proto == 17 || f->proto == 132) {
        jb_u64(jb, "src_port", f->sp);
        jb_u64(jb, "dest_port", f->dp);
    }
    jb_close_object(jb);
}

void eve_log_alert(struct eve_output *eo, const struct packet *p, const struct eve_alert *a)
{
    if (!(eo->cfg.types & EVE_TYPE_ALERT))
        return;
    struct jbuf *jb = &eo->jb;
    const struct flow *f = p->flow;
    eve_begin(eo, p->ts_usec, f ? f->id : 0, p->pcap_cnt, "alert");
    if (p->ip_ver)
        eve_put_packet_tuple(eo, p);
    if ((p->proto == 1 || p->proto == 58) && (p->flags & PKT_HAS_L4)) {
        jb_u64(jb, "icmp_type", p->icmp_type);
        jb_u64(jb, "icmp_code", p->icmp_code);
    }
    /* a tunnelled packet is logged with the outer capture's source, as Suricata does */
    jb_str(jb, "pkt_src", (p->flags & PKT_IS_REBUILT) ? "defrag" : "wire/pcap");
    eve_put_packet_ether(eo, p);
    eve_put_community_id(eo, f);
    if (a->has_tx)
        jb_u64(jb, "tx_id", a->tx_id);
    jb_open_object(jb, "alert");
    jb_str(jb, "action", "allowed");
    jb_u64(jb, "gid", a->gid);
    jb_u64(jb, "signature_id", a->sid);
    jb_u64(jb, "rev", a->rev);
    jb_str(jb, "signature", a->msg ? a->msg : "");
    jb_str(jb, "category", a->category ? a->category : "");
    jb_u64(jb, "severity", a->severity);
    put_metadata(jb, a);
    jb_close_object(jb);
    if (f) {
        const char *app = app_proto_name((enum app_proto)f->app_proto);
        if (app != NULL)
            jb_str(jb, "app_proto", app);
        jb_str(jb, "direction", p->flow_dir == 0 ? "to_server" : "to_client");
        put_flow(eo, f);
    }
    if (a->http != NULL)
        eve_put_http_object(jb, a->http); /* Suricata's alert app-layer metadata */
    if (a->intel != NULL)
        eve_put_intel_object(eo, a->intel);
    eve_end(eo, EVE_TYPE_ALERT);
}
