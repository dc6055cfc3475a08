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

void eve_put_ether(struct jbuf *jb, const struct packet *p)
{
    static const char hex[] = "0123456789abcdef";
    if (p->link != DECODE_LINK_ETHERNET || p->tunnel_depth != 0 || p->caplen < 12)
        return;
    char mac[2][18];
    for (int m = 0; m < 2; m++) {
        /* Destination first on the wire, then source. */
        const uint8_t *b = p->data + m * 6;
        for (int i = 0; i < 6; i++) {
            mac[m][i * 3] = hex[b[i] >> 4];
            mac[m][i * 3 + 1] = hex[b[i] & 0xf];
            mac[m][i * 3 + 2] = i < 5 ? ':' : '\0';
        }
    }
    jb_open_object(jb, "ether");
    jb_str(jb, "src_mac", mac[1]);
    jb_str(jb, "dest_mac", mac[0]);
    jb_close_object(jb);
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
        if (p->vlan_cnt) {
            jb_open_array(jb, "vlan");
            for (uint8_t v = 0; v < p->vlan_cnt; v++)
                jb_u64(jb, NULL, p->vlan[v]);
            jb_close_array(jb);
        }
        if (p->ip_ver)
            eve_put_packet_tuple(eo, p);
        if (p->flags & PKT_IS_REBUILT)
            jb_str(jb, "pkt_src", "defrag"); /* Suricata's PKT_SRC_DEFRAG */
        else if (p->tunnel_depth == 0)
            jb_str(jb, "pkt_src", "wire/pcap");
        if (eo->cfg.ethernet)
            eve_put_ether(jb, p);
        if (eo->cfg.community_id && f) {
            char cid[64];
            eve_community_id(f, eo->cfg.community_id_seed, cid);
            jb_str(jb, "community_id", cid);
        }
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
                         const char *app_proto, uint64_t tx_id, const char *event)
{
    if (!(eo->cfg.types & EVE_TYPE_ANOMALY) || !eo->cfg.anomaly_applayer)
        return;
    struct jbuf *jb = &eo->jb;
    eve_begin(eo, p->ts_usec, f->id, p->pcap_cnt, "anomaly");
    eve_put_packet_tuple(eo, p);
    jb_str(jb, "pkt_src", (p->flags & PKT_IS_REBUILT) ? "defrag" : "wire/pcap");
    if (eo->cfg.community_id) {
        char cid[64];
        eve_community_id(f, eo->cfg.community_id_seed, cid);
        jb_str(jb, "community_id", cid);
    }
    jb_u64(jb, "tx_id", tx_id);
    jb_open_object(jb, "anomaly");
    jb_str(jb, "app_proto", app_proto);
    jb_str(jb, "type", "applayer");
    jb_str(jb, "event", event);
    jb_str(jb, "layer", "proto_parser");
    jb_close_object(jb);
    eve_end(eo, EVE_TYPE_ANOMALY);
}
