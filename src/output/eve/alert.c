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
    char a[46];
    jb_open_object(jb, "flow");
    eve_put_flow_counters(eo, f);
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

/* The "dlp" object of a DLP alert: what was found, never the values themselves. */
static void put_dlp(struct jbuf *jb, const struct eve_dlp *d)
{
    jb_open_object(jb, "dlp");
    jb_str(jb, "detector", d->detector);
    if (d->count)
        jb_u64(jb, "count", d->count);
    jb_str(jb, "direction", d->direction);
    jb_str(jb, "source", d->source);
    if (d->level != NULL)
        jb_str(jb, "level", d->level);
    if (d->encoding != NULL)
        jb_str(jb, "encoding", d->encoding);
    jb_str(jb, "doc_type", d->doc_type);
    if (d->file_name != NULL)
        jb_strn(jb, "filename", d->file_name, d->file_name_len);
    if (d->nsamples) {
        jb_open_array(jb, "samples");
        for (uint32_t i = 0; i < d->nsamples; i++) {
            jb_open_object(jb, NULL);
            jb_str(jb, "masked", d->masked[i]);
            jb_str(jb, "hmac_sha256", d->hashes[i]);
            jb_close_object(jb);
        }
        jb_close_array(jb);
    }
    jb_close_object(jb);
}

/* The name Suricata gives a link type in packet_info (pcap's names; IPv4/IPv6 as it spells them). */
static const char *linktype_name(unsigned link)
{
    switch (link) {
    case DECODE_LINK_NULL:
        return "NULL";
    case DECODE_LINK_ETHERNET:
        return "EN10MB";
    case DECODE_LINK_RAW:
        return "RAW";
    case DECODE_LINK_SLL:
        return "LINUX_SLL";
    case DECODE_LINK_IPV4:
        return "IPv4";
    case DECODE_LINK_IPV6:
        return "IPv6";
    case DECODE_LINK_SLL2:
        return "LINUX_SLL2";
    default:
        return NULL;
    }
}

/*
 * alert.packet: yes: "packet", the captured frame in base64 (a rebuilt datagram from its IP
 * header), and "packet_info" with its link type. A frame over EVE_ALERT_PACKET_MAX bytes is
 * logged up to that size.
 */
static void put_packet(struct eve_output *eo, const struct packet *p)
{
    struct jbuf *jb = &eo->jb;
    size_t n = p->caplen < EVE_ALERT_PACKET_MAX ? p->caplen : EVE_ALERT_PACKET_MAX;
    char *out = jb_member(jb, "packet", (n + 2) / 3 * 4 + 3); /* quotes and the NUL */
    if (out == NULL)
        return;
    *out++ = '"';
    out = eve_base64(p->data, n, out);
    *out++ = '"';
    jb->len = (size_t)(out - jb->buf);
    jb_open_object(jb, "packet_info");
    jb_u64(jb, "linktype", p->link);
    const char *name = linktype_name(p->link);
    if (name != NULL)
        jb_str(jb, "linktype_name", name);
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
    if (a->nctx > 0) { /* Suricata 8: dataset enrichment, alert.context.<context_key> */
        jb_open_object(jb, "context");
        for (uint32_t i = 0; i < a->nctx; i++)
            jb_raw(jb, a->ctx_keys[i], a->ctx_json[i], a->ctx_lens[i]);
        jb_close_object(jb);
    }
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
    if (a->dns != NULL)
        eve_put_dns_object(jb, a->dns);
    if (a->tls != NULL)
        eve_put_tls_object(jb, a->tls);
    eve_put_traffic(jb, a->flowbits, a->nflowbits);
    eve_put_vars(jb, a->flowbits, a->nflowbits, a->vars, a->nvars);
    if (eo->cfg.alert_packet && p->data != NULL)
        put_packet(eo, p);
    if (eo->cfg.alert_verdict) { /* alert: verdict: yes; IDS mode, so the verdict is alert */
        jb_open_object(jb, "verdict");
        jb_str(jb, "action", "alert");
        jb_close_object(jb);
    }
    if (a->dlp != NULL)
        put_dlp(jb, a->dlp);
    if (a->intel != NULL)
        eve_put_intel_object(eo, a->intel);
    eve_end(eo, EVE_TYPE_ALERT);
}
