/* SPDX-License-Identifier: GPL-2.0-only */
/* EVE "anomaly" records for decoder and stream events raised on a packet. */
#include <stdio.h>
#include <string.h>

#include "eve_internal.h"

static bool wanted(const struct eve_config *cfg, enum decode_event_kind kind)
{
    switch (kind) {
    case DECODE_EV_KIND_DECODE:
        return cfg->anomaly_decode;
    case DECODE_EV_KIND_STREAM:
        return cfg->anomaly_stream;
    }
    return false;
}

void eve_log_anomalies(struct eve_output *eo, const struct packet *p)
{
    if (!(eo->cfg.types & EVE_TYPE_ANOMALY))
        return;
    struct jbuf *jb = &eo->jb;
    for (unsigned i = 0; i < p->ev_cnt; i++) {
        enum decode_event ev = (enum decode_event)p->ev[i];
        enum decode_event_kind kind = decode_event_kind(ev);
        if (!wanted(&eo->cfg, kind))
            continue;
        const struct flow *f = p->flow;
        eve_begin(eo, p->ts_usec, f ? f->id : 0, p->pcap_cnt, "anomaly");
        eve_put_vlans(jb, p->vlan, p->vlan_cnt);
        if (p->ip_ver)
            eve_put_packet_tuple(eo, p);
        if (p->flags & PKT_IS_REBUILT)
            jb_str(jb, "pkt_src", "defrag"); /* Suricata's PKT_SRC_DEFRAG */
        else if (p->tunnel_depth == 0)
            jb_str(jb, "pkt_src", "wire/pcap");
        eve_put_packet_ether(eo, p);
        eve_put_community_id(eo, f);
        jb_open_object(jb, "anomaly");
        if (kind == DECODE_EV_KIND_DECODE) {
            /* Suricata's anomaly records name decoder events with a "decoder." prefix. */
            char name[96];
            snprintf(name, sizeof(name), "decoder.%s", decode_event_name(ev));
            jb_str(jb, "type", "decode");
            jb_str(jb, "event", name);
        } else {
            jb_str(jb, "type", "stream");
            jb_str(jb, "event", decode_event_name(ev));
        }
        jb_close_object(jb);
        eve_end(eo, EVE_TYPE_ANOMALY);
    }
}

void eve_log_app_anomaly(struct eve_output *eo, const struct packet *p, const struct flow *f,
                         uint64_t ts_usec, const char *app_proto, uint64_t tx_id, const char *event)
{
    if (!(eo->cfg.types & EVE_TYPE_ANOMALY) || !eo->cfg.anomaly_applayer)
        return;
    struct jbuf *jb = &eo->jb;
    eve_begin(eo, ts_usec, f->id, p ? p->pcap_cnt : 0, "anomaly");
    if (p != NULL) {
        eve_put_packet_tuple(eo, p);
        jb_str(jb, "pkt_src", (p->flags & PKT_IS_REBUILT) ? "defrag" : "wire/pcap");
    } else {
        /* Raised while the flow ended: Suricata's flow-timeout pseudo packet. */
        eve_put_flow_tuple(eo, f);
        jb_str(jb, "pkt_src", "stream (flow timeout)");
    }
    eve_put_community_id(eo, f);
    jb_u64(jb, "tx_id", tx_id);
    jb_open_object(jb, "anomaly");
    jb_str(jb, "app_proto", app_proto);
    jb_str(jb, "type", "applayer");
    jb_str(jb, "event", event);
    jb_str(jb, "layer", "proto_parser");
    jb_close_object(jb);
    eve_end(eo, EVE_TYPE_ANOMALY);
}
