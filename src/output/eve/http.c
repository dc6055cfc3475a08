/* SPDX-License-Identifier: GPL-2.0-only */
/* EVE "http" records in Suricata 8's form (output-json-http.c, EveHttpLogJSON*). */
#include "http.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/compiler.h"
#include "core/err.h"
#include "core/log.h"
#include "eve_internal.h"
#include "app/http/range.h"

void eve_http_config_defaults(struct eve_http_config *hc)
{
    memset(hc, 0, sizeof(*hc));
}

static void read_custom(struct eve_http_config *hc, const struct conf_node *list)
{
    for (const struct conf_node *n = list->first_child; n != NULL; n = n->next) {
        if (n->value == NULL || n->value[0] == '\0')
            continue;
        if (hc->ncustom == EVE_HTTP_CUSTOM_MAX || strlen(n->value) >= sizeof(hc->custom[0])) {
            kh_warn("eve-log http: custom field '%s' not logged (at most %d, %zu bytes each)",
                    n->value, EVE_HTTP_CUSTOM_MAX, sizeof(hc->custom[0]) - 1);
            continue;
        }
        snprintf(hc->custom[hc->ncustom++], sizeof(hc->custom[0]), "%s", n->value);
    }
}

int eve_http_config_read(struct eve_http_config *hc, const struct conf_node *node, char *errbuf,
                         size_t errlen)
{
    eve_http_config_defaults(hc);
    if (node == NULL)
        return KH_OK;
    int err = conf_node_bool(conf_node_child(node, "extended"), &hc->extended, errbuf, errlen);
    if (err != KH_OK && err != KH_ENOENT)
        return err;
    const struct conf_node *n = conf_node_child(node, "custom");
    if (n != NULL)
        read_custom(hc, n);
    n = conf_node_child(node, "dump-all-headers");
    if (n != NULL && n->value != NULL) {
        if (strcasecmp(n->value, "both") == 0)
            hc->dump = EVE_HTTP_DUMP_REQUEST | EVE_HTTP_DUMP_RESPONSE;
        else if (strcasecmp(n->value, "request") == 0)
            hc->dump = EVE_HTTP_DUMP_REQUEST;
        else if (strcasecmp(n->value, "response") == 0)
            hc->dump = EVE_HTTP_DUMP_RESPONSE;
        else if (strcasecmp(n->value, "none") != 0)
            return conf_node_invalid(n, "none, request, response or both", errbuf, errlen);
    }
    return KH_OK;
}

static void put_str(struct jbuf *jb, const char *key, const struct http_tx *tx, struct http_str s)
{
    if (s.set)
        eve_put_wire_bytes(jb, key, http_tx_text(tx, s));
}

static void put_header(struct jbuf *jb, const char *key, const struct http_tx *tx, int dir,
                       const char *name)
{
    struct span v;
    if (http_tx_header(tx, dir, name, &v))
        eve_put_wire_bytes(jb, key, v);
}

/* EveHttpLogJSONBasic. */
static void put_basic(struct jbuf *jb, const struct http_tx *tx)
{
    put_str(jb, "hostname", tx, tx->hostname);
    if (tx->port >= 0)
        jb_u64(jb, "http_port", (uint64_t)tx->port);
    put_str(jb, "url", tx, tx->uri);
    put_header(jb, "http_user_agent", tx, 0, "user-agent");
    put_header(jb, "xff", tx, 0, "x-forwarded-for");
    struct span v;
    if (http_tx_header(tx, 1, "content-type", &v)) {
        const uint8_t *semi = memchr(v.p, ';', v.len);
        if (semi != NULL)
            v.len = (size_t)(semi - v.p);
        eve_put_wire_bytes(jb, "http_content_type", v);
    }
    if (http_tx_header(tx, 1, "content-range", &v)) {
        int64_t r[3];
        jb_open_object(jb, "content_range");
        eve_put_wire_bytes(jb, "raw", v);
        if (http_content_range_parse(v, r)) {
            static const char *const keys[3] = {"start", "end", "size"};
            for (int i = 0; i < 3; i++)
                if (r[i] >= 0)
                    jb_u64(jb, keys[i], (uint64_t)r[i]);
        }
        jb_close_object(jb);
    }
}

/* EveHttpLogJSONCustom: each asked-for header, keyed by its lowercase name, '-' as '_'. */
static void put_custom(struct jbuf *jb, const struct eve_http_config *hc, const struct http_tx *tx)
{
    for (unsigned i = 0; i < hc->ncustom; i++) {
        char key[sizeof(hc->custom[0])];
        size_t n = strlen(hc->custom[i]);
        for (size_t j = 0; j <= n; j++) {
            char ch = hc->custom[i][j];
            key[j] = ch == '-' ? '_' : (ch >= 'A' && ch <= 'Z') ? (char)(ch | 0x20) : ch;
        }
        struct span v;
        if (http_tx_header(tx, 0, hc->custom[i], &v) || http_tx_header(tx, 1, hc->custom[i], &v))
            eve_put_wire_bytes(jb, key, v);
    }
}

/* EveHttpLogJSONExtended. */
static void put_extended(struct jbuf *jb, const struct http_tx *tx)
{
    put_header(jb, "http_refer", tx, 0, "referer");
    put_str(jb, "http_method", tx, tx->method);
    put_str(jb, "protocol", tx, tx->protocol);
    if (tx->status_code > 0)
        jb_u64(jb, "status", (uint64_t)tx->status_code);
    else if (tx->status.set && tx->status.len > 0)
        put_str(jb, "status_string", tx, tx->status);
    put_header(jb, "redirect", tx, 1, "location");
    jb_u64(jb, "length", tx->resp.body_len);
}

static void put_headers(struct jbuf *jb, const char *key, const struct http_tx *tx,
                        const struct http_msg *m)
{
    if (m->nhdr == 0)
        return;
    jb_open_array(jb, key);
    for (unsigned i = 0; i < m->nhdr; i++) {
        jb_open_object(jb, NULL);
        put_str(jb, "name", tx, m->hdr[i].name);
        put_str(jb, "value", tx, m->hdr[i].value);
        jb_close_object(jb);
    }
    jb_close_array(jb);
}

void eve_log_http(struct eve_output *eo, const struct eve_http_config *hc,
                  const struct app_input *in, const struct http_tx *tx)
{
    if (!(eo->cfg.types & EVE_TYPE_HTTP))
        return;
    struct jbuf *jb = &eo->jb;
    const struct packet *p = in->p;
    const struct flow *f = in->f;
    eve_begin(eo, in->ts_usec, f ? f->id : 0, p ? p->pcap_cnt : 0, "http");
    if (p != NULL)
        eve_put_vlans(jb, p->vlan, p->vlan_cnt);
    if (f != NULL)
        eve_put_flow_tuple(eo, f);
    if (p == NULL)
        jb_str(jb, "pkt_src", "stream (flow timeout)"); /* Suricata's pseudo packet at flow end */
    else if (p->tunnel_depth == 0)
        jb_str(jb, "pkt_src", "wire/pcap");
    eve_put_ether(eo, p, f);
    eve_put_community_id(eo, f);
    jb_u64(jb, "tx_id", tx->tx_id);
    jb_open_object(jb, "http");
    put_basic(jb, tx);
    put_custom(jb, hc, tx);
    if (hc->extended)
        put_extended(jb, tx);
    if (hc->dump & EVE_HTTP_DUMP_REQUEST)
        put_headers(jb, "request_headers", tx, &tx->req);
    if (hc->dump & EVE_HTTP_DUMP_RESPONSE)
        put_headers(jb, "response_headers", tx, &tx->resp);
    jb_close_object(jb);
    eve_put_vars(jb, eo->flowbits, eo->nflowbits, eo->vars, eo->nvars);
    eve_end(eo, EVE_TYPE_HTTP);
}

void eve_put_http_object(struct jbuf *jb, const struct http_tx *tx)
{
    jb_open_object(jb, "http");
    put_basic(jb, tx);
    put_extended(jb, tx);
    jb_close_object(jb);
}

/*
 * The byte range a 206 response's body covers, as Suricata opens such a file with its
 * Content-Range: START-END known, START <= END and END inside SIZE when SIZE is known.
 * Suricata's fileinfo writes "start" and "end" when END is past 0.
 */
static bool file_range(const struct http_tx *tx, int64_t r[3])
{
    struct span v;
    if (tx->status_code != 206 || !http_tx_header(tx, 1, "content-range", &v) ||
        !http_content_range_parse(v, r))
        return false;
    return r[0] >= 0 && r[1] > 0 && r[0] <= r[1] && (r[2] < 0 || r[1] < r[2]);
}

void eve_put_fileinfo(struct jbuf *jb, const struct eve_file *file, const int64_t *range,
                      uint64_t tx_id)
{
    const struct eve_file_digests *dg = file->dg;
    jb_open_object(jb, "fileinfo");
    eve_put_wire_bytes(jb, "filename", file->name);
    jb_bool(jb, "gaps", file->gaps);
    jb_str(jb, "state", file->truncated ? "TRUNCATED" : "CLOSED");
    if (dg != NULL && !file->truncated && dg->md5[0])
        jb_str(jb, "md5", dg->md5);
    if (dg != NULL && !file->truncated && dg->sha1[0])
        jb_str(jb, "sha1", dg->sha1);
    if (dg != NULL && dg->sha256[0])
        jb_str(jb, "sha256", dg->sha256);
    jb_bool(jb, "stored", false);
    jb_u64(jb, "size", file->size);
    if (range != NULL) {
        jb_u64(jb, "start", (uint64_t)range[0]);
        jb_u64(jb, "end", (uint64_t)range[1]);
    }
    jb_u64(jb, "tx_id", tx_id);
    jb_close_object(jb);
}

/* A fileinfo record's start: its tuple (the packet's, or the flow's at a timeout), the
 * packet source, ether and community id. */
static struct jbuf *fileinfo_begin(struct eve_output *eo, const struct app_input *in)
{
    struct jbuf *jb = &eo->jb;
    const struct packet *p = in->p;
    const struct flow *f = in->f;
    eve_begin(eo, in->ts_usec, f ? f->id : 0, p ? p->pcap_cnt : 0, "fileinfo");
    if (p != NULL && p->ip_ver)
        eve_put_packet_tuple(eo, p);
    else if (f != NULL)
        eve_put_flow_tuple(eo, f);
    jb_str(jb, "pkt_src", p == NULL ? "stream (flow timeout)" : "wire/pcap");
    eve_put_ether(eo, p, f);
    eve_put_community_id(eo, f);
    return jb;
}

void eve_log_http_file(struct eve_output *eo, const struct app_input *in, const struct http_tx *tx,
                       const struct eve_file *file)
{
    if (!(eo->cfg.types & EVE_TYPE_FILEINFO))
        return;
    struct jbuf *jb = fileinfo_begin(eo, in);
    eve_put_http_object(jb, tx);
    jb_str(jb, "app_proto", "http");
    int64_t r[3];
    bool range = !file->no_range && file_range(tx, r);
    eve_put_fileinfo(jb, file, range ? r : NULL, tx->tx_id);
    eve_end(eo, EVE_TYPE_FILEINFO);
}

void eve_log_app_file(struct eve_output *eo, const struct app_input *in, const char *app_proto,
                      const struct eve_file *file, uint64_t tx_id)
{
    if (!(eo->cfg.types & EVE_TYPE_FILEINFO))
        return;
    struct jbuf *jb = fileinfo_begin(eo, in);
    jb_str(jb, "app_proto", app_proto);
    eve_put_fileinfo(jb, file, NULL, tx_id);
    eve_end(eo, EVE_TYPE_FILEINFO);
}
