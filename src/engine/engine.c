/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A worker's packet path, and the single-threaded run mode: one loop takes each packet
 * through capture, decode, flow and output, in packet order. The workers run mode
 * (runmode_workers.c) runs the same per-packet path (process_packet) on workers that own
 * their flows, through worker.h.
 */
#include "engine.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "app/banner.h"
#include "app/dns/dns.h"
#include "app/http/http.h"
#include "app/smtp/smtp.h"
#include "app/tls/tls.h"
#include "app/tcp.h"
#include "capture/capture.h"
#include "config.h"
#include "core/alloc.h"
#include "core/conf.h"
#include "core/err.h"
#include "core/log.h"
#include "core/tstamp.h"
#include "dns_defer.h"
#include "dns_detect.h"
#include "decode/decode.h"
#include "defrag/defrag.h"
#include "detect/detect.h"
#include "detect/hscache.h"
#include "detect/match.h"
#include "engine/dataset_glue.h"
#include "engine/txbufs.h"
#include "engine/vars_glue.h"
#include "engine/http_range.h"
#include "files.h"
#include "uploads.h"
#include "dlp_glue.h"
#include "flow/flow.h"
#include "intel/match.h"
#include "output/eve/dns.h"
#include "output/eve/http.h"
#include "output/eve/tls.h"
#include "output/eve/eve.h"
#include "runmode_workers.h"
#include "reload.h"
#include "stream/stream.h"
#include "worker.h"

#define STATS_MAX_VALUES        1024
#define ENGINE_MAX_TUNNEL_DEPTH 4
#define ENGINE_APP_TCP_STATES   (1u << 20)           /* TCP flows with app-layer state at once */
#define ENGINE_HDR_BUF          (2u * HTTP_TX_ARENA) /* http.header: the kept headers, framed */
#define ENGINE_FLOWBITS_LOGGED  64u /* flowbits of a flow looked at for EVE "traffic" */

/* Everything one worker (one thread) owns. The single run mode has one. */
struct worker {
    struct decode_ctx dec;
    struct flow_table *flows;
    struct defrag_ctx *defrag;
    struct stream_ctx *stream;
    bool stream_event_stats;      /* stats.stream-events */
    bool track_macs;              /* eve-log ethernet: flows list the MAC addresses seen */
    struct packet rebuilt;        /* the datagram defrag rebuilt, valid while it is processed */
    bool in_rebuilt;              /* processing it: its inner fragments are not reassembled again */
    bool in_flow_end;             /* flow_end_drain: the raw stream is inspected to its end */
    struct defrag_hostos *hostos; /* host-os-policy, shared by defrag and stream */
    struct dns_ctx *dns;
    struct app_tcp *apptcp; /* TCP application-layer dispatcher */
    struct http_ctx *http;
    struct tls_ctx *tls;
    struct smtp_ctx *smtp;
    const struct eve_http_config *httplog; /* eve-log http options */
    const struct eve_tls_config *tlslog;   /* eve-log tls options */
    const struct packet *cur_pkt;          /* the packet stream_packet() is handling, for app/ */
    struct packet
        ack_view; /* cur_pkt seen from the other side: its ACK released that side's data */
    const struct packet *ack_view_of;     /* the packet ack_view was built from */
    uint32_t body_min[2], body_window[2]; /* HTTP body inspection [request, response] */
    uint8_t ack_frame[512];               /* ack_view's frame headers */
    struct packet flow_end_pkt; /* pseudo packet for the data a flow still holds as it ends */
    const struct eve_dns_config *dnslog; /* eve-log dns options */
    struct eve_output *eve;              /* NULL when EVE output is off */
    struct detect_thread *detect;        /* NULL without rules */
    struct generation *gen;              /* rules and indicators this worker runs (reload.h) */
    struct intel_thread *intel;          /* NULL without intel feeds */
    struct reload *reload;               /* the published generation (hot reload), or NULL */
    struct detect_thr_shared *thr;       /* threshold trackers shared by the workers, or NULL */
    uint8_t *hdrbuf;                     /* http.header built for detection (ENGINE_HDR_BUF) */
    struct engine_txbufs *txbufs;        /* the other built app-layer buffers (txbufs.h) */
    struct engine_dlp *dlp;              /* NULL when DLP is off */
    struct engine_files *files;          /* file digests (force-hash); NULL: none */
    struct engine_uploads *uploads;      /* upload files for file.data/file.name; NULL: none */
    bool upload_view;                    /* http_detect: this inspection is of the upload files */
    struct dns_detect *dnsdet;           /* DNS buffers built for detection */
    struct dns_defer *dnsdefer;          /* DNS/TCP transactions held for their direction */
    uint64_t now;                        /* latest packet time */
    uint64_t no_flow;                    /* packets that could not get a flow under the cap */
    int stop_after;                      /* enum engine_stop_after (benchmarks only) */
    struct stage_clock *clk;             /* &clock while a sampled packet is timed, else NULL */
    struct stage_clock clock;
    bool clock_on; /* time a sample of packets per stage (stage.h) */
};

static const struct packet *data_packet(struct worker *w, int dir);
static void detect(struct worker *w, struct packet *p);
static void dns_detect_held(struct worker *w, const struct packet *p, int dir);

/*
 * What stream still holds as the flow ends (bytes never acknowledged, held after holes)
 * goes to the parsers with a pseudo packet of the flow that has no capture number, and
 * the raw stream not inspected yet is inspected on it, per direction, as Suricata's
 * flow-end pseudo packets do (suricata-verify stream-async-6063-cli-03).
 */
static void flow_end_drain(struct worker *w, struct flow *f)
{
    const struct packet *prev = w->cur_pkt;
    struct packet *ps = &w->flow_end_pkt;
    *ps = (struct packet){.ts_usec = f->last_ts,
                          .flags = PKT_HAS_L4,
                          .ip_ver = f->ip_ver,
                          .proto = f->proto,
                          .sp = f->sp,
                          .dp = f->dp,
                          .src = f->src,
                          .dst = f->dst,
                          .flow = f,
                          .flow_dir = 0};
    w->cur_pkt = ps;
    stream_flow_drain(w->stream, f);
    w->in_flow_end = true;
    for (int dir = 0; w->detect && dir < 2; dir++) {
        uint64_t start;
        struct span raw = stream_raw(f, dir, &start);
        if (raw.len == 0 || start + raw.len <= detect_stream_done(f, dir))
            continue;
        w->cur_pkt = ps;
        detect(w, (struct packet *)(uintptr_t)data_packet(w, dir));
    }
    for (int dir = 0; w->detect && dir < 2; dir++) {
        w->cur_pkt = ps;
        dns_detect_held(w, data_packet(w, dir), dir);
    }
    w->in_flow_end = false;
    w->cur_pkt = prev;
    w->ack_view_of = NULL;
}

/*
 * A flow ends: the stream flushes what it held (app parsers may log from it), the parsers
 * release their state, then the flow record is written with its final app_proto.
 */
static void on_flow_end(void *ctx, struct flow *f, enum flow_end_reason reason, uint64_t now_usec)
{
    struct worker *w = ctx;
    (void)now_usec;
    if (f->stream != NULL)
        flow_end_drain(w, f);
    stream_flow_end(w->stream, f); /* frees the session */
    while (dns_defer_any(w->dnsdefer) && dns_defer_take(w->dnsdefer, f, -1) != NULL)
        ; /* held for a flow without a packet to inspect them on (no stream): dropped */
    const char *bits[ENGINE_FLOWBITS_LOGGED];
    size_t nbits = w->detect ? detect_flow_flowbits(w->detect, f, bits, ENGINE_FLOWBITS_LOGGED) : 0;
    if (w->intel)
        intel_on_flow_end(w->intel, f);
    if (f->proto == 6) {
        app_tcp_flow_end(w->apptcp, f);
    } else if (f->app_proto == APP_PROTO_DNS) {
        dns_state_free(w->dns, f->app_state);
        f->app_state = NULL;
    }
    engine_dlp_flow_end(w->dlp, f);     /* after the parsers: they may still hand over data */
    engine_files_flow_end(w->files, f); /* the same: a part may end as its parser is freed */
    engine_uploads_flow_end(w->uploads, f);
    if (w->eve) {
        enum stage prev = stage_switch(w->clk, STAGE_OUTPUT);
        struct eve_var vars[ENGINE_VARS_LOGGED];
        uint32_t nvars = engine_vars(f, NULL, vars, ENGINE_VARS_LOGGED);
        eve_log_flow_meta(w->eve, f, reason, bits, (uint32_t)nbits, vars, nvars);
        stage_switch(w->clk, prev);
    }
    detect_flow_free(w->detect, f); /* after the record: it logs the flow's variables */
    flow_macs_free(f);
}

/*
 * IDS mode hands a direction's bytes on with the packet whose ACK released them, which
 * travels the other way. Parsers, logs and transaction detection get that packet's number
 * and time with the data's direction (its addresses and ports swapped, no payload of its
 * own), so records and alerts keep the direction of the bytes they describe, as
 * Suricata's do.
 */
static const struct packet *data_packet(struct worker *w, int dir)
{
    const struct packet *p = w->cur_pkt;
    struct packet *v = &w->ack_view;
    if (p == NULL || p->flow_dir == dir)
        return p;
    if (w->ack_view_of == p && v->flow_dir == dir)
        return v; /* built for an earlier piece of the same release */
    *v = *p;
    v->src = p->dst;
    v->dst = p->src;
    v->sp = p->dp;
    v->dp = p->sp;
    v->flow_dir = (uint8_t)dir;
    v->payload = (struct span){NULL, 0};
    v->ev_cnt = 0;
    /* the frame's headers, MAC addresses swapped too (EVE ether) */
    uint32_t n = p->caplen < sizeof(w->ack_frame) ? p->caplen : (uint32_t)sizeof(w->ack_frame);
    if (p->data != NULL)
        memcpy(w->ack_frame, p->data, n);
    if (p->link == DECODE_LINK_ETHERNET && n >= 12) {
        memcpy(w->ack_frame, p->data + 6, 6);
        memcpy(w->ack_frame + 6, p->data, 6);
    }
    v->data = p->data != NULL ? w->ack_frame : NULL;
    v->caplen = n;
    w->ack_view_of = p;
    return v;
}

/*
 * Parsers that ask for raw-stream inspection after each entity, where khien's parser has
 * no hook for it: TLS after the records it parsed, FTP after each command, SSH after its
 * banner (Suricata's AppLayerParserTriggerRawStreamInspection calls).
 */
static void raw_trigger_by_proto(struct flow *f, int dir, const uint8_t *data, size_t len)
{
    bool ssh_banner = len >= 4 && memcmp(data, "SSH-", 4) == 0;
    if (f->app_proto == APP_PROTO_TLS || (f->app_proto == APP_PROTO_FTP && dir == 0) ||
        (f->app_proto == APP_PROTO_SSH && ssh_banner))
        stream_raw_trigger(f, dir);
}

/* In-order TCP data from the stream stage goes to the application-layer dispatcher. */
static void on_stream_data(void *ctx, struct flow *f, int dir, const uint8_t *data, size_t len,
                           uint32_t flags)
{
    struct worker *w = ctx;
    const struct packet *p = data_packet(w, dir);
    uint32_t in_flags = ((flags & STREAM_DATA_GAP) ? APP_INPUT_GAP : 0) |
                        ((flags & STREAM_DATA_EOF) ? APP_INPUT_EOF : 0);
    enum stage prev = stage_switch(w->clk, STAGE_APP);
    app_tcp_data(w->apptcp, p, f, dir, data, len, in_flags);
    if (w->detect && len && data != NULL)
        raw_trigger_by_proto(f, dir, data, len);
    /* DLP reads streams no parser took (unknown or failed protocols: FTP data, raw TCP) */
    if (w->dlp && (f->app_proto == APP_PROTO_UNKNOWN || f->app_proto == APP_PROTO_FAILED)) {
        struct engine_dlp_doc doc = {.source = "tcp", /* an id no parser's document uses */
                                     .doc_id = UINT64_MAX,
                                     .last = (flags & STREAM_DATA_EOF) != 0};
        if (flags & STREAM_DATA_GAP)
            engine_dlp_gap(w->dlp, f, dir);
        else
            engine_dlp_data(w->dlp, p, f, dir, &doc, data, len);
    }
    stage_switch(w->clk, prev);
}

/* DNS hooks: app/ hands over transactions and events; the engine decides where they go. */
static void log_alerts(struct worker *w, const struct packet *p, const struct detect_alert *al,
                       size_t n, const struct http_tx *tx, const struct dns_tx *dtx);
static void set_stream_sizes(struct worker *w, const struct flow *f);

/*
 * A DNS message is a transaction: its names are inspected one position at a time (the
 * multi-buffers of Suricata's dns.* keywords), each inspection with the header fields.
 */
static void dns_detect_run(struct worker *w, const struct packet *p, const struct dns_tx *tx)
{
    dns_detect_prepare(w->dnsdet, tx);
    for (uint32_t i = 0; i < w->dnsdet->calls; i++) {
        struct detect_tx_input ti = {
            .app_proto = APP_PROTO_DNS, .tx_id = tx->tx_id, .body_dir = -1};
        dns_detect_input(w->dnsdet, tx, i, &ti);
        set_stream_sizes(w, p->flow);
        const struct detect_alert *al;
        enum stage prev = stage_switch(w->clk, STAGE_DETECT);
        size_t n = detect_tx(w->detect, p, &ti, &al);
        log_alerts(w, p, al, n, NULL, tx);
        stage_switch(w->clk, prev);
    }
}

static void dns_detect(struct worker *w, const struct packet *p, const struct dns_tx *tx)
{
    if (w->detect == NULL || !(detect_tx_wants(w->detect) & DNS_DETECT_TXBS))
        return;
    /* the first message makes the flow DNS: its own inspection already sees that */
    if (p->flow != NULL && p->flow->app_proto == APP_PROTO_UNKNOWN)
        p->flow->app_proto = APP_PROTO_DNS;
    /* over TCP, on the packet that acknowledged it (the other way): on the next of its own */
    if (!dns_defer_hold(w->dnsdefer, w->cur_pkt, p->flow, tx))
        dns_detect_run(w, p, tx);
}

/* The DNS transactions of p's flow held for direction dir, inspected on p. */
static void dns_detect_held(struct worker *w, const struct packet *p, int dir)
{
    const struct dns_tx *tx;
    while (dns_defer_any(w->dnsdefer) && p != NULL &&
           (tx = dns_defer_take(w->dnsdefer, p->flow, dir)) != NULL)
        dns_detect_run(w, p, tx);
}

static void on_dns_tx(void *arg, const struct packet *p, const struct flow *f,
                      const struct dns_tx *tx)
{
    struct worker *w = arg;
    if (w->eve) {
        enum stage prev = stage_switch(w->clk, STAGE_OUTPUT);
        eve_log_dns(w->eve, w->dnslog, p, f, tx);
        stage_switch(w->clk, prev);
    }
    dns_detect(w, p, tx);
    if (f->proto == 6) /* DNS over TCP: a whole message asks for raw-stream inspection */
        stream_raw_trigger((struct flow *)(uintptr_t)f,
                           p != NULL ? p->flow_dir : (tx->to_server ? 0 : 1));
    for (unsigned i = 0; w->dlp && tx->to_server && i < tx->msg->nq; i++) {
        struct span q = dns_name_text(tx->msg, &tx->msg->q[i].name); /* numbers in labels */
        struct engine_dlp_doc doc = {.source = "dns", .doc_id = tx->tx_id, .last = true};
        engine_dlp_data(w->dlp, p, (struct flow *)(uintptr_t)f, 0, &doc, q.p, q.len);
    }
    if (w->intel)
        intel_on_dns(w->intel, p, tx);
}

static void on_dns_event(void *arg, const struct packet *p, const struct flow *f, uint64_t tx_id,
                         enum dns_event ev)
{
    struct worker *w = arg;
    if (w->eve)
        eve_log_app_anomaly(w->eve, p, f, p->ts_usec, "dns", tx_id, dns_event_name(ev));
}

#define ENGINE_ALERT_META_MAX 32u

/* Write the alerts detection raised on a packet. */
/* Alerts with the app-layer object of the transaction they matched on (tx, dtx or tls). */
static void log_alerts_app(struct worker *w, const struct packet *p, const struct detect_alert *al,
                           size_t n, const struct http_tx *tx, const struct dns_tx *dtx,
                           const struct tls_state *tls)
{
    if (n == 0 || w->eve == NULL)
        return;
    enum stage prev = stage_switch(w->clk, STAGE_OUTPUT);
    const char *bits[ENGINE_FLOWBITS_LOGGED];
    size_t nbits =
        p->flow ? detect_flow_flowbits(w->detect, p->flow, bits, ENGINE_FLOWBITS_LOGGED) : 0;
    struct eve_var vars[ENGINE_VARS_LOGGED];
    uint32_t nvars = engine_vars(p->flow, p, vars, ENGINE_VARS_LOGGED);
    for (size_t i = 0; i < n; i++) {
        const struct sig *s = al[i].s;
        const char *keys[ENGINE_ALERT_META_MAX], *vals[ENGINE_ALERT_META_MAX];
        uint32_t nm = 0;
        for (uint32_t m = 0; m < s->nmeta && nm < ENGINE_ALERT_META_MAX; m++, nm++) {
            keys[nm] = s->meta[m].key;
            vals[nm] = s->meta[m].value ? s->meta[m].value : "";
        }
        const char *ck[DETECT_ALERT_CTX_MAX], *cj[DETECT_ALERT_CTX_MAX];
        uint32_t cl[DETECT_ALERT_CTX_MAX];
        for (uint32_t c = 0; c < al[i].nctx; c++) {
            ck[c] = al[i].ctx[c].key;
            cj[c] = al[i].ctx[c].json;
            cl[c] = al[i].ctx[c].len;
        }
        struct eve_alert a = {
            .ctx_keys = ck,
            .ctx_json = cj,
            .ctx_lens = cl,
            .nctx = al[i].nctx,
            .gid = s->gid,
            .sid = s->sid,
            .rev = s->rev,
            .msg = s->msg,
            .category = al[i].category,
            .severity = s->priority,
            .meta_keys = keys,
            .meta_values = vals,
            .nmeta = nm,
            .has_tx = al[i].tx,
            .tx_id = al[i].tx_id,
            .http = al[i].tx ? tx : NULL,
            .dns = al[i].tx ? dtx : NULL,
            .tls = al[i].tx ? tls : NULL,
            .flowbits = bits,
            .nflowbits = (uint32_t)nbits,
            .vars = vars,
            .nvars = nvars,
        };
        eve_log_alert(w->eve, p, &a);
    }
    stage_switch(w->clk, prev);
}

static void log_alerts(struct worker *w, const struct packet *p, const struct detect_alert *al,
                       size_t n, const struct http_tx *tx, const struct dns_tx *dtx)
{
    log_alerts_app(w, p, al, n, tx, dtx, NULL);
}

/* stream_size: the TCP session's sizes as they stand, before any inspection of its data. */
static void set_stream_sizes(struct worker *w, const struct flow *f)
{
    struct detect_stream_sizes ss = {0};
    if (f != NULL && f->proto == 6)
        ss.known = stream_sizes(f, &ss.client, &ss.server);
    detect_set_stream_sizes(w->detect, &ss);
}

/* Run the signatures on a packet and log what fired. */
static void detect(struct worker *w, struct packet *p)
{
    uint64_t raw_start = 0;
    struct span raw = {NULL, 0};
    const struct detect_alert *al;
    set_stream_sizes(w, p->flow);
    if (p->flow && p->proto == 6) {
        raw = stream_raw(p->flow, p->flow_dir, &raw_start);
        /* IDS: the raw stream is inspected in chunks, as Suricata requests it */
        if (raw.len && !stream_raw_ready(w->stream, p->flow, p->flow_dir,
                                         detect_stream_done(p->flow, p->flow_dir), w->in_flow_end))
            raw = (struct span){NULL, 0};
    }
    /* SYN data (TCP Fast Open) is the stream's first bytes, as Suricata inspects it; if the
     * server refuses it, the stream is inspected again from its start (detect_stream_rewind) */
    if (unlikely(p->flags & PKT_STREAM_HELD) && raw.len == 0) {
        raw = p->payload;
        raw_start = 0;
    }
    size_t n = detect_packet(w->detect, p, raw, raw_start, &al);
    /* the stream keeps what is not inspected yet, so one ACK's bytes are all seen */
    if (p->flow && p->proto == 6)
        stream_raw_inspected(p->flow, p->flow_dir, detect_stream_done(p->flow, p->flow_dir));
    log_alerts(w, p, al, n, NULL, NULL);
}

static struct span http_file_name(const struct http_tx *tx, int dir);

static const char *http_ev(unsigned ev)
{
    return ev < HTTP_EV_MAX ? http_event_name((enum http_event)ev) : NULL;
}

static void txb_set(struct detect_tx_input *ti, enum detect_txb b, struct span v, bool present)
{
    if (!present)
        return;
    ti->buf[b] = v;
    ti->have |= DETECT_TXB_BIT(b);
}

/*
 * Run the transaction signatures on tx after progress in direction dir: headers read
 * (body_dir -1) or body bytes. At flow end (no packet) nothing is inspected.
 */
static void http_detect(struct worker *w, const struct app_input *in, const struct http_tx *tx,
                        int dir, int body_dir, struct span body, bool last)
{
    if (w->detect == NULL || in->p == NULL)
        return;
    struct detect_tx_input ti = {.app_proto = APP_PROTO_HTTP,
                                 .tx_id = tx->tx_id,
                                 .body_dir = body_dir,
                                 .body = body,
                                 .body_last = last,
                                 .body_min = body_dir >= 0 ? w->body_min[body_dir] : 0,
                                 .body_window = body_dir >= 0 ? w->body_window[body_dir] : 0};
    struct span v = {NULL, 0};
    if (tx->has_request) {
        txb_set(&ti, DETECT_TXB_URI, http_tx_text(tx, tx->uri_norm), tx->uri_norm.set);
        txb_set(&ti, DETECT_TXB_URI_RAW, http_tx_text(tx, tx->uri), tx->uri.set);
        txb_set(&ti, DETECT_TXB_METHOD, http_tx_text(tx, tx->method), tx->method.set);
        txb_set(&ti, DETECT_TXB_HOST, http_tx_text(tx, tx->hostname), tx->hostname.set);
        /* The lookup fills v: call it before v is read (argument order is unspecified). */
        bool has = http_tx_header(tx, 0, "user-agent", &v);
        txb_set(&ti, DETECT_TXB_USER_AGENT, v, has);
        has = http_tx_header(tx, 0, "cookie", &v);
        txb_set(&ti, DETECT_TXB_COOKIE, v, has);
    }
    if (tx->has_response && dir == 1)
        txb_set(&ti, DETECT_TXB_STAT_CODE, http_tx_text(tx, tx->status), tx->status.set);
    if (body_dir == 1) /* a response body is a file: file.name, filename, fileext */
        txb_set(&ti, DETECT_TXB_FILE_NAME, http_file_name(tx, 1), true);
    ti.events = (struct detect_app_events){.proto = "http", .bits = tx->events, .name = http_ev};
    ti.have |= DETECT_TXB_BIT(DETECT_TXB_EVENTS);
    if (detect_tx_wants(w->detect) & DETECT_TXB_BIT(DETECT_TXB_HEADER)) {
        const struct http_msg *m = dir == 1 && tx->has_response ? &tx->resp : &tx->req;
        size_t n = engine_http_headers(tx, m, false, w->hdrbuf, ENGINE_HDR_BUF);
        txb_set(&ti, DETECT_TXB_HEADER, (struct span){w->hdrbuf, n}, m->nhdr > 0);
    }
    engine_http_txbufs(w->txbufs, detect_tx_wants(w->detect), tx, dir, &ti);
    if (w->upload_view) /* the request's upload files: file.data, file.name */
        engine_uploads_view(w->uploads, in->f, tx->tx_id, &ti);
    set_stream_sizes(w, in->f);
    const struct detect_alert *al;
    enum stage prev = stage_switch(w->clk, STAGE_DETECT);
    size_t n = detect_tx(w->detect, in->p, &ti, &al);
    log_alerts(w, in->p, al, n, tx, NULL);
    stage_switch(w->clk, prev);
}

static void on_http_headers(void *arg, const struct app_input *in, const struct http_tx *tx,
                            int dir)
{
    struct worker *w = arg;
    http_detect(w, in, tx, dir, -1, (struct span){NULL, 0}, false);
    if (w->intel)
        intel_on_http_headers(w->intel, in, tx, dir);
}

/* The file name Suricata gives a body: Content-Disposition's filename, else the URI path. */
static struct span http_file_name(const struct http_tx *tx, int dir)
{
    struct span v;
    if (http_tx_header(tx, dir, "content-disposition", &v)) {
        const uint8_t *at = memmem(v.p, v.len, "filename=", 9);
        if (at != NULL) {
            struct span n = {at + 9, v.len - (size_t)(at + 9 - v.p)};
            if (n.len && n.p[0] == '"') {
                n.p++;
                n.len--;
                const uint8_t *q = memchr(n.p, '"', n.len);
                n.len = q ? (size_t)(q - n.p) : n.len;
            } else {
                const uint8_t *semi = memchr(n.p, ';', n.len);
                n.len = semi ? (size_t)(semi - n.p) : n.len;
            }
            return n;
        }
    }
    v = http_tx_text(tx, tx->uri_norm);
    const uint8_t *q = memchr(v.p, '?', v.len);
    if (q != NULL)
        v.len = (size_t)(q - v.p);
    return v;
}

/* A multipart/form-data request body goes to DLP part by part (on_http_part). */
static bool dlp_by_parts(const struct http_tx *tx, int dir)
{
    struct span ct;
    return dir == 0 && http_tx_header(tx, 0, "content-type", &ct) && ct.len >= 10 &&
           strncasecmp((const char *)ct.p, "multipart/", 10) == 0;
}

/* One part of a multipart/form-data upload: a document of its own for DLP, and a part
 * with a file name a fileinfo record when it ends, as Suricata's multipart file tracking. */
static void on_http_part(void *arg, const struct app_input *in, const struct http_tx *tx,
                         const struct http_part *part, struct span data, bool last)
{
    struct worker *w = arg;
    struct engine_dlp_doc doc = {.source = "http",
                                 .doc_id = (tx->tx_id + 1) << 20 | (part->index & 0xfffff),
                                 .name = part->has_filename ? part->filename : NULL,
                                 .name_len = part->has_filename ? part->filename_len : 0,
                                 .last = last,
                                 .has_tx = true,
                                 .tx_id = tx->tx_id,
                                 .http = tx};
    if (w->dlp)
        engine_dlp_data(w->dlp, in->p, in->f, 0, &doc, data.p, data.len);
    uint64_t files = DETECT_TXB_BIT(DETECT_TXB_FILE_DATA) | DETECT_TXB_BIT(DETECT_TXB_FILE_NAME);
    if (w->uploads && part->has_filename && (detect_tx_wants(w->detect) & files)) {
        engine_uploads_data(w->uploads, in->f, tx->tx_id, part, data);
        if (last) { /* a file is complete: the transaction's files are inspected */
            w->upload_view = true;
            http_detect(w, in, tx, 0, -1, (struct span){NULL, 0}, false);
            w->upload_view = false;
        }
    }
    struct engine_file_key k = {.f = in->f, .tx_id = tx->tx_id, .file = part->index + 1};
    if (part->has_filename && data.len)
        engine_files_data(w->files, &k, data, part->size == data.len);
    if (last && part->has_filename && w->eve != NULL) { /* an upload: a file of its own */
        struct eve_file_digests dg;
        eve_log_http_file(
            w->eve, in, tx,
            &(struct eve_file){.name = {(const uint8_t *)part->filename, part->filename_len},
                               .size = part->size,
                               .truncated = part->truncated,
                               .gaps = tx->req.body_gap != 0,
                               .no_range = true,
                               .dg = engine_files_close(w->files, &k, part->size, true, &dg)});
    }
}

/* Body bytes: inspected by file_data / http.request_body; a response body ends as a file. */
static void on_http_body(void *arg, const struct app_input *in, const struct http_tx *tx, int dir,
                         struct span data, bool last)
{
    struct worker *w = arg;
    /* the last call has no bytes: what detection kept is due, and the file's final size
     * (only when some signature reads a body or a file: the buffers are built for it) */
    uint64_t ends = DETECT_TXB_BIT(DETECT_TXB_FILE_DATA) | DETECT_TXB_BIT(DETECT_TXB_REQUEST_BODY) |
                    DETECT_TXB_BIT(DETECT_TXB_FILE_NAME) | DETECT_TXB_BIT(DETECT_TXB_FILE_SIZE);
    if (data.len || (last && w->detect != NULL && (detect_tx_wants(w->detect) & ends)))
        http_detect(w, in, tx, dir, dir, data, last);
    if (w->dlp && !dlp_by_parts(tx, dir)) { /* bodies, de-chunked and decompressed */
        struct span name = http_file_name(tx, dir);
        struct engine_dlp_doc doc = {.source = "http",
                                     .doc_id = tx->tx_id,
                                     .name = (const char *)name.p,
                                     .name_len = name.len,
                                     .last = last,
                                     .has_tx = true,
                                     .tx_id = tx->tx_id,
                                     .http = tx};
        engine_dlp_data(w->dlp, in->p, in->f, dir, &doc, data.p, data.len);
    }
    if (w->intel)
        intel_on_http_body(w->intel, in, tx, dir, data, last);
    if (dir == 0 && last) /* the request's upload files were inspected as each ended */
        engine_uploads_done(w->uploads, in->f);
    struct engine_file_key k = {.f = in->f, .tx_id = tx->tx_id, .dir = 1};
    if (dir == 1 && data.len) /* a response body is a file: hashed from its first byte */
        engine_files_data(w->files, &k, data, tx->resp.body_given == data.len);
    if (!last || dir != 1 || w->eve == NULL || tx->resp.body_decoded == 0)
        return;
    const struct http_msg *m = &tx->resp;
    struct eve_file_digests dg;
    bool eof = (in->flags & APP_INPUT_EOF) != 0;
    struct eve_file file = {
        .name = http_file_name(tx, 1),
        .size = m->body_decoded,
        .truncated = m->body_gap != 0 ||
                     (eof && (m->framing == HTTP_BODY_CHUNKED ||
                              (m->framing == HTTP_BODY_LENGTH && m->body_len < m->content_length))),
        .gaps = m->body_gap != 0,
        /* a body cut at the body limit was not all hashed: no digests */
        .dg = engine_files_close(w->files, &k, m->body_decoded, m->body_given == m->body_decoded,
                                 &dg),
    };
    eve_log_http_file(w->eve, in, tx, &file);
    engine_http_range_file(w->http, w->eve, in, tx, &file);
}

/* HTTP hooks: transactions to EVE http, events to EVE anomaly. */
static void on_http_tx(void *arg, const struct app_input *in, const struct http_tx *tx)
{
    struct worker *w = arg;
    if (w->eve) {
        enum stage prev = stage_switch(w->clk, STAGE_OUTPUT);
        struct engine_meta m;
        engine_meta_get(w->detect, in->f, in->p, &m);
        eve_output_set_vars(w->eve, m.bits, m.nbits, m.vars, m.nvars);
        eve_log_http(w->eve, w->httplog, in, tx);
        eve_output_set_vars(w->eve, NULL, 0, NULL, 0);
        stage_switch(w->clk, prev);
    }
}

static void on_http_event(void *arg, const struct app_input *in, const struct http_tx *tx,
                          enum http_event ev)
{
    struct worker *w = arg;
    if (w->eve)
        eve_log_app_anomaly(w->eve, in->p, in->f, in->ts_usec, "http", tx->tx_id,
                            http_event_name(ev));
    if (w->detect != NULL && (detect_tx_wants(w->detect) & DETECT_TXB_BIT(DETECT_TXB_EVENTS))) {
        http_detect(w, in, tx, in->dir, -1, (struct span){NULL, 0}, false);
        /* and on the packet being processed when it goes the other way: the response's
         * event, raised on the client's ACK, fires a to_server rule there, as Suricata's
         * (suricata-verify bug-2511) */
        struct app_input on_pkt = *in;
        on_pkt.p = w->cur_pkt;
        if (on_pkt.p != NULL && on_pkt.p != in->p)
            http_detect(w, &on_pkt, tx, in->dir, -1, (struct span){NULL, 0}, false);
    }
}

/* Application layer over UDP: DNS, on the flows its detection ports or probe pick. */
static void app_udp(struct worker *w, struct packet *p)
{
    struct flow *f = p->flow;
    if (f->app_proto != APP_PROTO_UNKNOWN && f->app_proto != APP_PROTO_DNS)
        return;
    enum app_proto ap = dns_udp(w->dns, (struct dns_state **)&f->app_state, f, p);
    if (ap != APP_PROTO_UNKNOWN)
        f->app_proto = (uint8_t)ap; /* DNS, or failed: no UDP protocol on these ports */
}

static void handle_decoded(struct worker *w, struct packet *p);

/* A decoded packet and, through tunnels, the packets inside it. */
static void process_tunnels(struct worker *w, struct packet *p)
{
    struct packet inner[ENGINE_MAX_TUNNEL_DEPTH];

    handle_decoded(w, p);
    for (unsigned d = 0; (p->flags & PKT_HAS_TUNNEL) && d < ENGINE_MAX_TUNNEL_DEPTH; d++) {
        if (!decode_tunnel(&w->dec, p, &inner[d]))
            break;
        p = &inner[d];
        handle_decoded(w, p);
    }
}

/*
 * Turn a midstream flow around before its first bytes are reassembled: protocol
 * detection found they were the server's (Suricata reverses the flow then; suricata-verify
 * tcp-stream-after-swap). The flow, its session and this packet change sides together.
 */
static void swap_flow(struct packet *p)
{
    flow_swap(p->flow);
    stream_swap(p->flow);
    p->flow_dir ^= 1;
}

/*
 * After decode: flow timeouts at packet time, fragments to defrag, the packet's flow and
 * its anomalies; then the datagram the fragment completed, as Suricata's defrag pseudo
 * packet: decoded, with a flow, anomalies and tunnels of its own. Fragments inside that
 * datagram are not reassembled again (one level, so one rebuild buffer per worker).
 */
static void handle_decoded(struct worker *w, struct packet *p)
{
    bool rebuilt = false;
    p->flow = NULL;
    stage_switch(w->clk, STAGE_FLOW);
    if (p->ts_usec > w->now)
        w->now = p->ts_usec;
    flow_table_timeout(w->flows, w->now);
    defrag_timeout(w->defrag, w->now); /* one compare unless a datagram is overdue */
    if (unlikely(p->flags & PKT_IS_FRAGMENT) && p->ip_ver && !w->in_rebuilt)
        rebuilt = defrag_insert(w->defrag, &w->dec, p, &w->rebuilt);
    if (likely(p->flags & PKT_WANTS_FLOW) && unlikely(flow_table_lookup(w->flows, p) == NULL))
        w->no_flow++;
    if (unlikely(w->stop_after))
        return; /* benchmark: decode and flow only */
    if (unlikely(w->track_macs) && p->flow && p->link == DECODE_LINK_ETHERNET &&
        p->tunnel_depth == 0 && !(p->flags & PKT_IS_REBUILT) && p->caplen >= 12)
        flow_macs_add(p->flow, p->data + 6, p->data, p->flow_dir);
    if (p->flow && p->proto == 6 && (p->flags & PKT_HAS_L4)) {
        stage_switch(w->clk, STAGE_STREAM);
        w->cur_pkt = p;
        if (unlikely(p->payload.len && p->flow->app_proto == APP_PROTO_UNKNOWN) &&
            stream_can_swap(p->flow) &&
            app_tcp_probe_reversed(w->apptcp, p->flow, p->flow_dir, p->payload.p, p->payload.len))
            swap_flow(p); /* a midstream flow began with the server's bytes */
        stream_packet(w->stream, &w->dec, p->flow, p);
        if (unlikely(p->ev_cnt) && w->detect &&
            pkt_event_has(p, DECODE_EV_STREAM_3WHS_SYNACK_TFO_DATA_IGNORED))
            detect_stream_rewind(p->flow, 0);
        w->cur_pkt = NULL;
        w->ack_view_of = NULL;
    } else if (p->flow && p->proto == 17 && (p->flags & PKT_HAS_L4) && p->payload.len) {
        stage_switch(w->clk, STAGE_APP);
        app_udp(w, p);
    }
    if (w->detect) {
        stage_switch(w->clk, STAGE_DETECT);
        detect(w, p);
        if (unlikely(dns_defer_any(w->dnsdefer)) && p->flow != NULL)
            dns_detect_held(w, p, p->flow_dir);
    }
    if (w->intel)
        intel_on_packet(w->intel, p);
    if (unlikely(p->ev_cnt) && w->eve) {
        stage_switch(w->clk, STAGE_OUTPUT);
        eve_log_anomalies(w->eve, p);
    }
    if (unlikely(rebuilt)) {
        w->in_rebuilt = true;
        process_tunnels(w, &w->rebuilt);
        w->in_rebuilt = false;
    }
}

/* The per-packet path for one captured packet. */
static void process_packet(struct worker *w, struct packet *p)
{
    stage_switch(w->clk, STAGE_DECODE);
    decode_packet(&w->dec, p);
    if (unlikely(w->stop_after == ENGINE_STOP_DECODE))
        return;
    process_tunnels(w, p);
}

/* host-os-policy: { os-name: [cidr, ...] } as in Suricata's suricata.yaml. */
static int load_hostos(const struct conf *conf, struct defrag_hostos *t)
{
    char where[256];
    defrag_hostos_init(t);
    const struct conf_node *sec = conf_node_get(conf, NULL, "host-os-policy");
    for (const struct conf_node *os = sec ? sec->first_child : NULL; os; os = os->next) {
        int id = defrag_os_parse(os->name);
        if (id < 0 || id == DEFRAG_OS_FIRST || id == DEFRAG_OS_LAST) {
            kh_warn("host-os-policy: unknown operating system '%s' at %s", os->name,
                    conf_node_where(os, where, sizeof(where)));
            continue;
        }
        for (const struct conf_node *n = os->first_child; n; n = n->next) {
            int rc = n->value ? defrag_hostos_add(t, n->value, (enum defrag_os)id) : KH_EINVAL;
            if (rc != KH_OK) {
                kh_err("host-os-policy.%s: %s '%s' at %s", os->name,
                       rc == KH_EFULL ? "too many networks at" : "invalid network",
                       n->value ? n->value : "", conf_node_where(n, where, sizeof(where)));
                return rc;
            }
        }
    }
    return KH_OK;
}

/* Load the YAML (file or built-in), apply --set, and read it into cfg. */
static struct conf *load_config(const struct engine_opts *o, struct engine_config *cfg)
{
    char err[512] = "";
    struct conf *conf = conf_new();
    if (conf == NULL) {
        kh_err("configuration: out of memory");
        return NULL;
    }
    int rc = o->conf_file
                 ? conf_load_file(conf, o->conf_file, err, sizeof(err))
                 : conf_load_string(conf, engine_default_yaml, "built-in", err, sizeof(err));
    for (size_t i = 0; rc == KH_OK && i < o->nsets; i++)
        rc = conf_set(conf, o->sets[i], err, sizeof(err));
    if (rc == KH_OK) {
        engine_config_warn_unknown(conf);
        rc = engine_config_load(cfg, conf, err, sizeof(err));
    }
    /* stream.inline auto: inline in IPS mode (--simulate-ips), as Suricata's */
    if (o->simulate_ips && cfg->stream.inline_mode == ENGINE_STREAM_INLINE_AUTO)
        cfg->stream.inline_mode = ENGINE_STREAM_INLINE_YES;
    if (rc != KH_OK) {
        kh_err("configuration: %s", err[0] ? err : kh_strerror(rc));
        conf_free(conf);
        return NULL;
    }
    return conf;
}

/* -k overrides the configured checksum validation, as in Suricata. */
static int apply_checksum_mode(const char *arg, struct engine_config *cfg)
{
    if (arg == NULL)
        return KH_OK;
    if (engine_csum_mode_parse(arg, &cfg->csum_mode) != KH_OK) {
        kh_err("-k: unknown checksum mode '%s' (all, none or auto)", arg);
        return KH_EINVAL;
    }
    cfg->check_csum = cfg->csum_mode != ENGINE_CSUM_NONE;
    return KH_OK;
}

static void collect_intel_stats(const struct worker *w, struct stats_value *vals, size_t *n,
                                size_t max);

static size_t collect_stats(const struct worker *w, struct stats_value *vals, size_t max)
{
    size_t n = decode_stats_collect(&w->dec.st, vals, max);
    n += flow_stats_collect(flow_table_stats(w->flows), vals + n, max - n);
    n += defrag_stats_collect(defrag_ctx_stats(w->defrag), vals + n, max - n);
    n += stream_stats_collect(stream_ctx_stats(w->stream), vals + n, max - n);
    const struct stats_value app[] = {
        {"app_layer.tx.dns_udp", dns_ctx_stats(w->dns)->msgs},
        {"app_layer.flow.dns_udp", dns_ctx_stats(w->dns)->udp_flows},
        {"app_layer.flow.failed_udp", dns_ctx_stats(w->dns)->udp_failed},
        {"app_layer.error.dns_udp.parser", dns_ctx_stats(w->dns)->udp_malformed},
    };
    for (size_t i = 0; i < sizeof(app) / sizeof(app[0]) && n < max; i++)
        vals[n++] = app[i];
    size_t first_app = n;
    n += app_tcp_stats_collect(w->apptcp, vals + n, max - n);
    /* TLS states and buffers not had (caps, memory) are Suricata's app-layer alloc errors */
    const struct tls_stats *ts = w->tls ? tls_ctx_stats(w->tls) : NULL;
    for (size_t i = first_app; ts != NULL && i < n; i++)
        if (strcmp(vals[i].name, "app_layer.error.tls.alloc") == 0)
            vals[i].value += ts->state_memcap + ts->reasm_nomem;
    n += engine_dlp_stats(w->dlp, vals + n, max - n);
    if (w->detect) {
        const struct detect_stats *ds = detect_thread_stats(w->detect);
        const struct stats_value dv[] = {
            {"detect.alert", ds->alerts},
            {"detect.alert_queue_overflow", ds->queue_overflow},
            {"detect.alerts_suppressed", ds->suppressed},
        };
        for (size_t i = 0; i < sizeof(dv) / sizeof(dv[0]) && n < max; i++)
            vals[n++] = dv[i];
        /* not in Suricata's schema: written only when a set's memcap refused an add */
        if (ds->dataset_memcap && n < max)
            vals[n++] = (struct stats_value){"datasets.memcap_refused", ds->dataset_memcap};
    }
    collect_intel_stats(w, vals, &n, max);
    /* not in Suricata's schema: written only when a file went without its digests */
    const struct engine_files_stats *fs = w->files ? engine_files_stats(w->files) : NULL;
    if (fs != NULL && fs->hash_skipped && n < max)
        vals[n++] = (struct stats_value){"files.hash_skipped", fs->hash_skipped};
    if (fs != NULL && fs->hash_nomem && n < max)
        vals[n++] = (struct stats_value){"files.hash_nomem", fs->hash_nomem};
    const struct engine_uploads_stats *us = w->uploads ? engine_uploads_stats(w->uploads) : NULL;
    if (us != NULL && us->files_dropped && n < max)
        vals[n++] = (struct stats_value){"files.inspect_files_dropped", us->files_dropped};
    if (us != NULL && us->bytes_dropped && n < max)
        vals[n++] = (struct stats_value){"files.inspect_bytes_dropped", us->bytes_dropped};
    /* Stream event counters are the stream's in Suricata, written with stream-events on. */
    for (int i = 0; w->stream_event_stats && i < DECODE_EV_MAX && n < max; i++)
        if (decode_event_kind((enum decode_event)i) == DECODE_EV_KIND_STREAM)
            vals[n++] = (struct stats_value){decode_event_counter_name((enum decode_event)i),
                                             w->dec.st.events[i]};
    return n;
}

static void print_summary(const struct worker *w, const struct capture *cap, uint64_t elapsed_ns)
{
    const struct capture_stats *cs = capture_stats(cap);
    const struct flow_stats *fs = flow_table_stats(w->flows);
    double secs = (double)elapsed_ns / 1e9;
    uint64_t events = 0;
    for (int i = 0; i < DECODE_EV_MAX; i++)
        events += w->dec.st.events[i];
    printf("khien: %" PRIu64 " packets (%" PRIu64 " bytes) from %" PRIu64 " file(s) in %.3f s"
           " (%.0f packets/s)\n",
           cs->pkts, cs->bytes, cs->files, secs, secs > 0 ? (double)cs->pkts / secs : 0.0);
    printf("khien: %" PRIu64 " flows (%" PRIu64 " tcp, %" PRIu64 " udp, %" PRIu64 " icmp), %" PRIu64
           " decoder events, %" PRIu64 " invalid packets\n",
           fs->total, fs->tcp, fs->udp, fs->icmpv4 + fs->icmpv6, events, w->dec.st.invalid);
    if (w->eve) {
        const struct eve_stats *es = eve_output_stats(w->eve);
        printf("khien: eve records: alert %" PRIu64 ", flow %" PRIu64 ", anomaly %" PRIu64
               ", stats %" PRIu64 " -> %s\n",
               es->records[__builtin_ctz(EVE_TYPE_ALERT)],
               es->records[__builtin_ctz(EVE_TYPE_FLOW)],
               es->records[__builtin_ctz(EVE_TYPE_ANOMALY)],
               es->records[__builtin_ctz(EVE_TYPE_STATS)], eve_output_path(w->eve));
    }
    if (w->detect && w->clock_on) { /* -v: the detection work */
        const struct detect_stats *ds = detect_thread_stats(w->detect);
        printf("khien: detect: %" PRIu64 " raw-stream inspections (%" PRIu64 " bytes), %" PRIu64
               " transaction inspections (body prefilter: %" PRIu64 " bytes, %" PRIu64
               " windows whole), %" PRIu64 " signatures verified\n",
               ds->stream_scans, ds->stream_bytes, ds->tx_inspections, ds->body_pf_bytes,
               ds->body_pf_whole, ds->candidates);
    }
}

static int check_log_dir(const char *dir)
{
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        kh_err("the logging directory \"%s\" does not exist or is not a directory", dir);
        return KH_ENOENT;
    }
    return KH_OK;
}

/* Time this packet when it is one of the sample (stage.h). */
static inline void sample_begin(struct worker *w, enum stage first)
{
    if (unlikely(w->clock_on))
        w->clk = stage_sample_begin(&w->clock, first);
}

static inline void sample_end(struct worker *w)
{
    if (unlikely(w->clk != NULL)) {
        stage_switch(w->clk, STAGE_OTHER);
        w->clk = NULL;
    }
}

/*
 * Move the worker to the published generation: a detection scratch for its engine (sharing
 * the workers' threshold table again), the intel state over its sets; then the old
 * generation's reference is dropped. On no memory the worker stays where it is and tries
 * again at the next boundary.
 */
static void worker_switch(struct worker *w, struct reload *r)
{
    struct generation *g = reload_acquire(r);
    struct detect_thread *dt = NULL;
    if (w->detect != NULL && g->de != NULL && (dt = detect_thread_new(g->de)) == NULL) {
        generation_put(g);
        return;
    }
    if (w->detect != NULL) {
        detect_thread_free(w->detect);
        w->detect = dt;
        if (dt != NULL && w->thr != NULL)
            detect_thread_share_thresholds(dt, w->thr);
    }
    if (w->intel)
        intel_thread_switch(w->intel, g->intel, g->id, w->now);
    generation_put(w->gen);
    w->gen = g;
}

/* Read every packet to the end; 0 when all input was read cleanly. */
static int run_capture(struct worker *w, struct capture *cap, uint64_t reload_at)
{
    int failed = 0;
    uint64_t npkts = 0;
    struct packet p;
    memset(&p, 0, sizeof(p));
    for (;;) {
        sample_end(w);
        sample_begin(w, STAGE_CAPTURE);
        /* a packet boundary: a requested reload starts; a published one is switched to */
        if (w->reload != NULL) {
            if (unlikely(++npkts == reload_at))
                raise(SIGUSR2);
            reload_poll(w->reload, npkts == reload_at);
            if (unlikely(reload_current(w->reload) != w->gen))
                worker_switch(w, w->reload);
        }
        int rc = capture_next(cap, &p);
        if (rc == 0)
            break;
        if (rc < 0) {
            /* as Suricata's pcap reader: an unreadable record ends that file with an
             * error message; the run goes on and its status stays 0 */
            kh_err("%s", capture_error(cap));
            continue;
        }
        if (w->eve)
            eve_output_set_pcap_file(w->eve, capture_current_file(cap));
        process_packet(w, &p);
    }
    sample_end(w);
    return failed;
}

/* TLS hooks: one EVE tls record per flow once the handshake is done, events to anomaly. */
static void on_tls_log(void *arg, const struct app_input *in, const struct tls_state *st)
{
    struct worker *w = arg;
    if (w->eve) {
        enum stage prev = stage_switch(w->clk, STAGE_OUTPUT);
        eve_log_tls(w->eve, w->tlslog, in->p, in->f, in->ts_usec, st);
        stage_switch(w->clk, prev);
    }
    if (w->intel)
        intel_on_tls_done(w->intel, in, st);
}

static void tls_detect(struct worker *w, const struct app_input *in, const struct tls_state *st,
                       int side);

static void on_tls_event(void *arg, const struct app_input *in, const struct tls_state *st,
                         enum tls_event ev)
{
    struct worker *w = arg;
    if (w->eve)
        eve_log_app_anomaly(w->eve, in->p, in->f, in->ts_usec, "tls", 0, tls_event_name(ev));
    if (w->detect != NULL && (detect_tx_wants(w->detect) & DETECT_TXB_BIT(DETECT_TXB_EVENTS)))
        tls_detect(w, in, st, in->dir ? 1 : 0); /* app-layer-event:tls.* */
}

static const char *tls_event_name_of(unsigned ev)
{
    return tls_event_name((enum tls_event)ev);
}

/*
 * The TLS buffers as far as the handshake went (tls.sni, fingerprints, version, certificate
 * fields), and tls.random, random_time, random_bytes: the random of this side's hello.
 */
static void tls_detect(struct worker *w, const struct app_input *in, const struct tls_state *st,
                       int side)
{
    if (w->detect == NULL || in->p == NULL)
        return;
    uint64_t wants = detect_tx_wants(w->detect);
    uint32_t npos = engine_tls_positions(st, side, wants); /* multi-buffers: a value each time */
    for (uint32_t i = 0; i < npos; i++) {
        struct detect_tx_input ti = {.app_proto = APP_PROTO_TLS, .tx_id = 0, .body_dir = -1};
        engine_tls_txbufs(w->txbufs, st, &ti);
        engine_tls_txbufs_at(st, side, wants, i, &ti);
        ti.events = (struct detect_app_events){
            .proto = "tls", .bits = st->events, .name = tls_event_name_of};
        ti.have |= DETECT_TXB_BIT(DETECT_TXB_EVENTS);
        if (st->has_random[side]) {
            const uint8_t *r = st->random[side];
            txb_set(&ti, DETECT_TXB_TLS_RANDOM, (struct span){r, 32}, true);
            txb_set(&ti, DETECT_TXB_TLS_RANDOM_TIME, (struct span){r, 4}, true);
            txb_set(&ti, DETECT_TXB_TLS_RANDOM_BYTES, (struct span){r + 4, 28}, true);
        }
        set_stream_sizes(w, in->f);
        if (!(detect_tx_wants(w->detect) & ti.have))
            return;
        const struct detect_alert *al;
        enum stage prev = stage_switch(w->clk, STAGE_DETECT);
        size_t n = detect_tx(w->detect, in->p, &ti, &al);
        log_alerts_app(w, in->p, al, n, NULL, NULL, st);
        stage_switch(w->clk, prev);
    }
}

/* Inspected once the ClientHello is parsed, then at the ServerHello and the certificate. */
static void on_tls_client_hello(void *arg, const struct app_input *in, const struct tls_state *st)
{
    struct worker *w = arg;
    if (w->intel)
        intel_on_tls_hello(w->intel, in, st);
    tls_detect(w, in, st, 0);
}

static void on_tls_server(void *arg, const struct app_input *in, const struct tls_state *st)
{
    tls_detect(arg, in, st, in->dir ? 1 : 0); /* a client certificate comes to the server */
}

/*
 * The decoded content of a message part is file.data of the message's transaction (as
 * Suricata inspects SMTP files), each part inspected from its own start.
 */
static void smtp_detect(struct worker *w, const struct app_input *in, const struct smtp_part *part,
                        const uint8_t *data, size_t len)
{
    if (w->detect == NULL || in->p == NULL || len == 0 ||
        !(detect_tx_wants(w->detect) & DETECT_TXB_BIT(DETECT_TXB_FILE_DATA)))
        return;
    struct detect_tx_input ti = {.app_proto = APP_PROTO_SMTP,
                                 .tx_id = part->tx_id,
                                 .body_dir = 1,
                                 .body = {data, len},
                                 .body_part = part->index};
    set_stream_sizes(w, in->f);
    const struct detect_alert *al;
    enum stage prev = stage_switch(w->clk, STAGE_DETECT);
    size_t n = detect_tx(w->detect, in->p, &ti, &al);
    log_alerts(w, in->p, al, n, NULL, NULL);
    stage_switch(w->clk, prev);
}

/* SMTP: message parts go to detection (file.data) and DLP, events to EVE anomaly. */
static void on_smtp_part(void *arg, const struct app_input *in, const struct smtp_part *part,
                         const uint8_t *data, size_t len, bool last)
{
    struct worker *w = arg;
    smtp_detect(w, in, part, data, len);
    if (last && w->detect) /* a part (file) ends: its raw stream is inspected */
        stream_raw_trigger(in->f, in->dir);
    if (part->attachment && w->eve != NULL) /* an attachment is a file: fileinfo */
        engine_files_smtp(w->files, w->eve, in, part, (struct span){data, len}, last);
    struct engine_dlp_doc doc = {.source = "smtp",
                                 .doc_id = part->tx_id << 20 | (part->index & 0xfffff),
                                 .name = part->attachment ? part->name : NULL,
                                 .name_len = part->attachment ? part->name_len : 0,
                                 .last = last,
                                 .has_tx = true,
                                 .tx_id = part->tx_id};
    engine_dlp_data(w->dlp, in->p, in->f, in->dir, &doc, data, len);
}

static void on_smtp_event(void *arg, const struct app_input *in, uint64_t tx_id, enum smtp_event ev)
{
    struct worker *w = arg;
    if (w->eve)
        eve_log_app_anomaly(w->eve, in->p, in->f, in->ts_usec, "smtp", tx_id, smtp_event_name(ev));
}

static int init_smtp(struct worker *w)
{
    struct smtp_hooks hooks = {.on_part = on_smtp_part, .on_event = on_smtp_event, .arg = w};
    w->smtp = smtp_ctx_new(&hooks, ENGINE_APP_TCP_STATES);
    if (w->smtp == NULL) {
        kh_err("smtp: out of memory");
        return KH_ENOMEM;
    }
    struct app_tcp_proto proto = smtp_tcp_proto(w->smtp);
    return app_tcp_register(w->apptcp, &proto);
}

/* TLS: settings, per-worker context, and its place in the TCP dispatcher. */
/*
 * Encrypted data begins (encryption-handling other than full): as Suricata's
 * FLOW_NOPAYLOAD_INSPECTION, content rules inspect no more of the flow's packets or stream;
 * tls.* buffers and rules without payload keywords still run.
 */
static void on_tls_encrypted(void *arg, const struct app_input *in, const struct tls_state *st)
{
    (void)arg;
    (void)st;
    if (in->f != NULL)
        in->f->no_payload_inspect = true;
}

static int init_tls(struct worker *w, const struct engine_config *cfg, const struct conf *conf)
{
    char err[512];
    struct tls_config tcfg;
    tls_config_defaults(&tcfg);
    if (tls_config_load(&tcfg, conf, err, sizeof(err)) != KH_OK) {
        kh_err("configuration: %s", err);
        return KH_EINVAL;
    }
    if (w->intel) /* JA3 indicators need the fingerprints computed */
        tcfg.ja3 = tcfg.ja3 || intel_sets_count(w->gen->intel, INTEL_T_JA3) ||
                   intel_sets_count(w->gen->intel, INTEL_T_JA3S);
    struct tls_hooks hooks = {.on_log = on_tls_log,
                              .on_event = on_tls_event,
                              .on_client_hello = on_tls_client_hello,
                              .on_server = w->detect ? on_tls_server : NULL,
                              .on_encrypted = on_tls_encrypted,
                              .arg = w};
    /* ja3-fingerprints "auto" (or absent): on when a signature reads a JA3 or JA3S buffer */
    const char *ja3;
    if (w->detect && engine_txbufs_want_ja3(detect_tx_wants(w->detect)) &&
        (conf_get_str(conf, "app-layer.protocols.tls.ja3-fingerprints", &ja3) != KH_OK ||
         strcasecmp(ja3, "auto") == 0))
        tcfg.ja3 = true;
    w->tlslog = &cfg->eve.tls;
    tcfg.client_handshake = (cfg->eve.tls.fields & EVE_TLS_F_CLIENT_HANDSHAKE) != 0;
    tcfg.keep_der = (cfg->eve.tls.fields & EVE_TLS_DER_FIELDS) != 0;
    w->tls = tls_ctx_new(&tcfg, &hooks);
    if (w->tls == NULL) {
        kh_err("tls: out of memory");
        return KH_ENOMEM;
    }
    struct app_tcp_proto proto = tls_tcp_proto(w->tls);
    return app_tcp_register(w->apptcp, &proto);
}

/* A request or response is complete: its raw stream is inspected on its next packet. */
static void on_http_msg_done(void *arg, const struct app_input *in, const struct http_tx *tx,
                             int dir)
{
    (void)arg;
    (void)tx;
    stream_raw_trigger(in->f, dir);
}

/* HTTP/1.x: its settings, its per-worker context, and its place in the TCP dispatcher. */
static int init_http(struct worker *w, const struct engine_config *cfg, const struct conf *conf)
{
    char err[512];
    struct http_config hcfg;
    http_config_defaults(&hcfg);
    if (http_config_load(&hcfg, conf, err, sizeof(err)) != KH_OK) {
        kh_err("configuration: %s", err);
        return KH_EINVAL;
    }
    w->body_min[0] = hcfg.request_body_inspect_min;
    w->body_min[1] = hcfg.response_body_inspect_min;
    w->body_window[0] = hcfg.request_body_inspect_window;
    w->body_window[1] = hcfg.response_body_inspect_window;
    struct http_hooks hooks = {
        .on_tx_complete = on_http_tx,
        .on_event = on_http_event,
        .on_headers = w->detect || w->intel ? on_http_headers : NULL,
        .on_body = (w->detect || w->dlp || (w->intel && intel_wants_bodies(w->intel)) ||
                    (cfg->eve.enabled && (cfg->eve.types & EVE_TYPE_FILEINFO)))
                       ? on_http_body
                       : NULL,
        .on_part =
            (w->dlp || w->detect || (cfg->eve.enabled && (cfg->eve.types & EVE_TYPE_FILEINFO)))
                ? on_http_part
                : NULL,
        .on_msg_done = w->detect ? on_http_msg_done : NULL,
        .arg = w,
    };
    if (w->detect != NULL &&
        ((w->hdrbuf = kh_malloc(ENGINE_HDR_BUF)) == NULL ||
         (w->uploads = engine_uploads_new()) == NULL || (w->txbufs = engine_txbufs_new()) == NULL ||
         (w->dnsdet = kh_malloc(sizeof(*w->dnsdet))) == NULL ||
         (w->dnsdefer = dns_defer_new()) == NULL)) {
        kh_err("http: out of memory");
        return KH_ENOMEM;
    }
    w->httplog = &cfg->eve.http;
    w->http = http_ctx_new(&hcfg, &hooks);
    if (w->http == NULL) {
        kh_err("http: out of memory");
        return KH_ENOMEM;
    }
    struct app_tcp_proto proto = http_tcp_proto(w->http);
    return app_tcp_register(w->apptcp, &proto);
}

/* FTP and SSH: detected (app_proto, rule headers), not parsed; on unless enabled: no. */
static int init_banner_protos(struct worker *w, const struct conf *conf)
{
    static const char *const keys[] = {"app-layer.protocols.ftp.enabled",
                                       "app-layer.protocols.ssh.enabled"};
    for (int i = 0; i < 2; i++) {
        const char *v;
        if (conf_get_str(conf, keys[i], &v) == KH_OK && strcasecmp(v, "no") == 0)
            continue;
        struct app_tcp_proto proto = i == 0 ? ftp_tcp_proto() : ssh_tcp_proto();
        if (app_tcp_register(w->apptcp, &proto) != KH_OK)
            return KH_EINVAL;
    }
    return KH_OK;
}

/*
 * The raw window: the larger chunk size, at least DETECT_STREAM_KEEP (what detection reads
 * before new data), so that a chunk size of 0 (inspect on every release, as Suricata's
 * comparison `chunk_size <= acknowledged` then always holds) keeps a window too.
 */
static uint32_t raw_window_size(const struct engine_stream_config *s)
{
    uint32_t w = s->toserver_chunk_size > s->toclient_chunk_size ? s->toserver_chunk_size
                                                                 : s->toclient_chunk_size;
    return w > DETECT_STREAM_KEEP ? w : DETECT_STREAM_KEEP;
}

/*
 * The worker's stages after the flow table: host-os-policy, defrag, stream and the DNS
 * parser. 0, or KH_ENOMEM / KH_EINVAL with the reason logged.
 */
static int worker_init_stages(struct worker *w, const struct engine_config *cfg,
                              const struct conf *conf)
{
    char err[512];
    w->hostos = kh_calloc(1, sizeof(*w->hostos));
    if (w->hostos == NULL || load_hostos(conf, w->hostos) != KH_OK)
        return KH_EINVAL;
    struct defrag_config dcfg = {
        .memcap = cfg->defrag.memcap,
        .hash_size = cfg->defrag.hash_size,
        .trackers = cfg->defrag.trackers,
        .max_frags = cfg->defrag.max_frags,
        .timeout = cfg->defrag.timeout,
        .hostos = w->hostos,
    };
    w->defrag = defrag_ctx_new(&dcfg);
    if (w->defrag == NULL) {
        kh_err("defrag: cannot allocate within defrag.memcap");
        return KH_ENOMEM;
    }
    /*
     * The raw window (one chunk) lets stream_raw() serve detection across segment
     * boundaries and lets a retransmission of delivered bytes be compared with them
     * (stream.reassembly_overlap_different_data). In-order data goes to app/.
     */
    struct stream_config scfg = {
        .memcap = cfg->stream.memcap,
        .reassembly_memcap = cfg->stream.reassembly_memcap,
        .depth = cfg->stream.reassembly_depth,
        .raw_window = raw_window_size(&cfg->stream),
        .raw_chunk = {cfg->stream.toserver_chunk_size, cfg->stream.toclient_chunk_size},
        .midstream = cfg->stream.midstream,
        .async_oneside = cfg->stream.async_oneside,
        .inline_mode = cfg->stream.inline_mode == ENGINE_STREAM_INLINE_YES,
        .max_syn_queued = cfg->stream.max_syn_queued,
        /* Checksum "auto" (the default): stream checks until it sees offloading. */
        .checksum_validation = cfg->stream.checksum_validation && cfg->csum_mode == ENGINE_CSUM_ALL,
        .checksum_auto = cfg->stream.checksum_validation && cfg->csum_mode == ENGINE_CSUM_AUTO,
        .hostos = w->hostos,
    };
    w->stream = stream_ctx_new(&scfg, on_stream_data, w);
    if (w->stream == NULL) {
        kh_err("stream: out of memory");
        return KH_ENOMEM;
    }
    w->stream_event_stats = cfg->stats_stream_events;
    w->track_macs = cfg->eve.enabled && cfg->eve.ethernet;
    struct dns_config dns;
    dns_config_defaults(&dns);
    if (dns_config_load(&dns, conf, err, sizeof(err)) != KH_OK) {
        kh_err("configuration: %s", err);
        return KH_EINVAL;
    }
    struct dns_hooks hooks = {.on_tx = on_dns_tx, .on_event = on_dns_event, .arg = w};
    w->dnslog = &cfg->eve.dns;
    w->dns = dns_ctx_new(&dns, &hooks);
    w->apptcp = app_tcp_new(ENGINE_APP_TCP_STATES);
    if (w->dns == NULL || w->apptcp == NULL) {
        kh_err("app-layer: out of memory");
        return KH_ENOMEM;
    }
    struct app_tcp_proto proto;
    dns_tcp_proto(w->dns, &proto);
    if (app_tcp_register(w->apptcp, &proto) != KH_OK)
        return KH_EINVAL;
    if (engine_dlp_new(conf, w->eve, &w->dlp) != KH_OK)
        return KH_EINVAL;
    bool files = cfg->eve.enabled && (cfg->eve.types & EVE_TYPE_FILEINFO);
    if (files && cfg->eve.file_hashes &&
        (w->files = engine_files_new(cfg->eve.file_hashes)) == NULL) {
        kh_err("files: out of memory");
        return KH_ENOMEM;
    }
    int rc = init_http(w, cfg, conf);
    rc = rc == KH_OK ? init_tls(w, cfg, conf) : rc;
    rc = rc == KH_OK ? init_smtp(w) : rc;
    return rc == KH_OK ? init_banner_protos(w, conf) : rc;
}

/* Free what worker_init_stages() made, after the flow table has been shut down. */
static void worker_fini_stages(struct worker *w)
{
    stream_ctx_free(w->stream);
    defrag_ctx_free(w->defrag);
    app_tcp_free(w->apptcp);
    http_ctx_free(w->http); /* after the flows gave their HTTP states back */
    tls_ctx_free(w->tls);
    smtp_ctx_free(w->smtp); /* after the flows gave their SMTP states back */
    kh_free(w->hdrbuf);
    engine_txbufs_free(w->txbufs);
    engine_dlp_free(w->dlp);
    engine_files_free(w->files);
    engine_uploads_free(w->uploads);
    kh_free(w->dnsdet);
    dns_defer_free(w->dnsdefer);
    dns_ctx_free(w->dns);
    kh_free(w->hostos);
}

/* Shutdown: end the open flows, then one stats record with the final counters. */
static void finish(struct worker *w, const struct engine_config *cfg, const struct capture *cap,
                   uint64_t t0, bool summary)
{
    flow_table_shutdown(w->flows, w->now);
    uint64_t elapsed = kh_monotonic_ns() - t0;
    if (w->eve && cfg->stats_enabled) {
        struct stats_value *vals = kh_calloc(STATS_MAX_VALUES, sizeof(*vals));
        if (vals != NULL) {
            size_t n = collect_stats(w, vals, STATS_MAX_VALUES);
            eve_log_stats(w->eve, w->now, elapsed / 1000000000u, vals, n);
            kh_free(vals);
        } else {
            kh_err("stats: out of memory, final stats record not written");
        }
    }
    if (summary)
        print_summary(w, cap, elapsed);
}

/* A configured support file (classification-file, ...) when it is set and readable. */
static const char *support_file(const struct conf *conf, const char *key)
{
    const char *path = NULL;
    if (conf_get_str(conf, key, &path) != KH_OK || path == NULL || path[0] == '\0')
        return NULL;
    struct stat sb;
    if (stat(path, &sb) != 0) {
        kh_warn("%s: %s not found; rules are not checked against it", key, path);
        return NULL;
    }
    return path;
}

static void rule_load_opts(const struct engine_opts *o, const struct conf *conf,
                           struct detect_load_opts *lo)
{
    memset(lo, 0, sizeof(*lo));
    lo->files = o->rule_files;
    lo->nfiles = o->nrule_files;
    lo->conf = conf;
    lo->classification_file = support_file(conf, "classification-file");
    lo->reference_file = support_file(conf, "reference-config-file");
    lo->threshold_file = support_file(conf, "threshold-file");
    lo->init_errors_fatal = o->init_errors_fatal;
}

/* "53, 80, 443": detect.grouping's port lists. */
static int prio_ports(const struct conf *conf, const char *key, struct detect_engine_opts *eo,
                      int c)
{
    const char *s = NULL;
    if (conf_get_str(conf, key, &s) != KH_OK || s == NULL)
        return KH_OK;
    eo->has_prio[c] = true;
    while (*s) {
        while (*s == ' ' || *s == ',' || *s == '[' || *s == ']')
            s++;
        if (*s == '\0')
            break;
        char *end;
        unsigned long v = strtoul(s, &end, 10);
        if (end == s || v > 65535 || eo->nprio[c] == DETECT_PRIO_PORTS_MAX) {
            kh_err("configuration: %s: '%s' is not a list of at most %u ports", key, s,
                   DETECT_PRIO_PORTS_MAX);
            return KH_EINVAL;
        }
        eo->prio[c][eo->nprio[c]++] = (uint16_t)v;
        s = end;
    }
    return KH_OK;
}

/*
 * Signature grouping as Suricata configures it: detect.profile low, medium (the default),
 * high, or custom with detect.custom-values; detect.grouping's priority ports.
 */
static int grouping_opts(const struct conf *conf, struct detect_engine_opts *eo)
{
    static const struct {
        const char *name;
        uint32_t toserver, toclient;
    } profiles[] = {{"low", 10, 2}, {"medium", 25, 3}, {"high", 75, 75}};
    const char *prof = NULL;
    if (conf_get_str(conf, "detect.profile", &prof) == KH_OK && prof != NULL) {
        bool known = strcmp(prof, "custom") == 0;
        for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
            if (strcmp(prof, profiles[i].name) == 0) {
                eo->toserver_groups = profiles[i].toserver;
                eo->toclient_groups = profiles[i].toclient;
                known = true;
            }
        if (!known) {
            kh_err("configuration: detect.profile: '%s' is not low, medium, high or custom", prof);
            return KH_EINVAL;
        }
        if (strcmp(prof, "custom") == 0) {
            static const char *const keys[2] = {"detect.custom-values.toserver-groups",
                                                "detect.custom-values.toclient-groups"};
            for (int d = 0; d < 2; d++) {
                int64_t v = 0;
                char err[256];
                int rc = conf_get_int(conf, keys[d], &v, err, sizeof(err));
                if (rc == KH_EINVAL || (rc == KH_OK && (v < 1 || v > 4096))) {
                    kh_err("configuration: %s: a number of groups from 1 to 4096", keys[d]);
                    return KH_EINVAL;
                }
                if (rc == KH_OK)
                    *(d == 0 ? &eo->toserver_groups : &eo->toclient_groups) = (uint32_t)v;
            }
        }
    }
    if (prio_ports(conf, "detect.grouping.tcp-priority-ports", eo, 0) != KH_OK ||
        prio_ports(conf, "detect.grouping.udp-priority-ports", eo, 1) != KH_OK)
        return KH_EINVAL;
    return KH_OK;
}

/*
 * detect.sgh-mpm-caching (on in the shipped configuration, off when the key is absent, as
 * in Suricata 8), its -path and -max-age; packet-alert-max; then the grouping options.
 */
static int detect_opts(const struct conf *conf, struct detect_engine_opts *eo)
{
    char err[256];
    bool on = false;
    int64_t amax = 0;
    memset(eo, 0, sizeof(*eo));
    if (grouping_opts(conf, eo) != KH_OK)
        return KH_EINVAL;
    /* packet-alert-max: Suricata's alerts per packet, 15 by default */
    if (conf_get_int(conf, "packet-alert-max", &amax, err, sizeof(err)) == KH_EINVAL || amax < 0 ||
        amax > DETECT_ALERT_CAP) {
        kh_err("configuration: packet-alert-max: a number from 1 to %u", DETECT_ALERT_CAP);
        return KH_EINVAL;
    }
    eo->alert_max = (uint32_t)amax;
    if (conf_get_bool(conf, "detect.sgh-mpm-caching", &on, err, sizeof(err)) == KH_EINVAL) {
        kh_err("configuration: %s", err);
        return KH_EINVAL;
    }
    if (!on)
        return KH_OK;
    eo->cache_dir = ENGINE_DEFAULT_MPM_CACHE_DIR;
    const char *path = NULL;
    if (conf_get_str(conf, "detect.sgh-mpm-caching-path", &path) == KH_OK && path && *path)
        eo->cache_dir = path;
    const char *age = NULL;
    if (conf_get_str(conf, "detect.sgh-mpm-caching-max-age", &age) == KH_OK && age &&
        hscache_parse_age(age, &eo->cache_max_age_s) != 0) {
        kh_err("configuration: detect.sgh-mpm-caching-max-age: '%s' is not a duration "
               "(e.g. 7d, 1d12h, 30m, 3600)",
               age);
        return KH_EINVAL;
    }
    return KH_OK;
}

/*
 * Parse and check the rules (-S/-s), report what loaded, and build the detection engine
 * from the matchable ones; *rules and *de stay for the run (NULL without rules).
 */
static int load_rules(const struct engine_opts *o, const struct conf *conf,
                      struct ds_registry *datasets, struct detect_rules **rules,
                      struct detect_engine **de)
{
    *rules = NULL;
    *de = NULL;
    if (o->nrule_files == 0 || o->disable_detection)
        return KH_OK;
    struct detect_load_opts lo;
    char err[512];
    rule_load_opts(o, conf, &lo);
    lo.datasets = datasets;
    struct detect_rules *r = detect_rules_load(&lo, err, sizeof(err));
    if (r == NULL) {
        kh_err("detect: %s", err);
        return KH_EINVAL;
    }
    detect_rules_report(r);
    struct detect_engine_opts eo;
    if (detect_opts(conf, &eo) != KH_OK) {
        detect_rules_free(r);
        return KH_EINVAL;
    }
    *de = detect_engine_new_opts(r, &eo, err, sizeof(err));
    if (*de == NULL) {
        kh_err("detect: %s", err);
        detect_rules_free(r);
        return KH_EINVAL;
    }
    struct detect_engine_info info;
    detect_engine_get_info(*de, &info);
    kh_notice("detect: %u signatures in the engine (%u IP-only, %u prefiltered by %u Vectorscan "
              "databases of %.1f MB, %u groups); %u rules not matchable yet",
              info.sigs, info.iponly, info.prefiltered, info.databases, (double)info.db_bytes / 1e6,
              info.groups, r->nunsupported);
    if (eo.cache_dir != NULL)
        kh_info("detect: rule cache %s: %u databases loaded, %u compiled and saved, %u "
                "unusable, %u old files removed",
                eo.cache_dir, info.cache_loaded, info.cache_saved, info.cache_rejected,
                info.cache_pruned);
    *rules = r;
    return KH_OK;
}

int engine_test(const struct engine_opts *o)
{
    struct engine_config cfg;
    struct conf *conf = load_config(o, &cfg);
    if (conf == NULL)
        return 1;
    int rc = 0;
    if (o->nrule_files > 0) {
        struct detect_load_opts lo;
        rule_load_opts(o, conf, &lo);
        rc = detect_rules_test(&lo, stdout);
    }
    if (rc == 0)
        printf("khien: configuration %s and rules loaded successfully\n",
               o->conf_file ? o->conf_file : "(built-in)");
    engine_config_fini(&cfg);
    conf_free(conf);
    return rc;
}

/* What a reload needs to build the next generation: the options and the loaded configuration. */
struct build_ctx {
    const struct engine_opts *o;
    const struct conf *conf;
    const struct intel_config *icfg;
    struct ds_registry *datasets; /* shared by every generation's rules */
};

/*
 * Rules (-S/-s) and indicator feeds, as one generation. The configuration file is not read
 * again: a reload re-reads the rule and feed files it names.
 */
static struct generation *build_generation(void *arg, uint64_t id)
{
    const struct build_ctx *bc = arg;
    struct detect_rules *rules = NULL;
    struct detect_engine *de = NULL;
    struct intel_sets *sets = NULL;
    char err[512];
    if (id > 1)
        ds_registry_reload_begin(bc->datasets); /* static sets are read again, as Suricata */
    if (load_rules(bc->o, bc->conf, bc->datasets, &rules, &de) != KH_OK)
        return NULL;
    if (bc->icfg->enabled &&
        (sets = intel_load_all(bc->icfg, bc->o->init_errors_fatal, err, sizeof(err))) == NULL) {
        kh_err("%s", err);
        detect_engine_free(de);
        detect_rules_free(rules);
        return NULL;
    }
    struct generation *g = generation_new(id, rules, de, sets);
    if (g == NULL)
        kh_err("reload: out of memory");
    return g;
}

/* The first generation and the reload controller; SIGUSR2 asks for the next one. */
static struct reload *start_generations(struct build_ctx *bc)
{
    struct generation *g = build_generation(bc, 1);
    struct reload *r = g ? reload_new(g, build_generation, bc) : NULL;
    if (r == NULL) {
        generation_put(g);
        return NULL;
    }
    if (reload_install_signal() != 0)
        kh_warn("reload: cannot install the SIGUSR2 handler; hot reload is off");
    return r;
}

static void collect_intel_stats(const struct worker *w, struct stats_value *vals, size_t *n,
                                size_t max)
{
    if (w->intel == NULL)
        return;
    const struct intel_stats *is = intel_thread_stats(w->intel);
    const struct stats_value iv[] = {
        {"intel.lookups", is->lookups},
        {"intel.hits", is->hits},
        {"intel.sightings_dropped", is->sightings_dropped},
        {"intel.body_hashed", is->body_hashed},
        {"intel.body_hash_skipped", is->body_hash_skipped},
        {"intel.generations", is->generations},
    };
    for (size_t i = 0; i < sizeof(iv) / sizeof(iv[0]) && *n < max; i++)
        vals[(*n)++] = iv[i];
}

struct worker *worker_new(const struct worker_setup *s)
{
    char err[512];
    const struct engine_config *cfg = s->cfg;
    struct worker *w = kh_calloc(1, sizeof(*w));
    if (w == NULL) {
        kh_err("worker: out of memory");
        return NULL;
    }
    const struct detect_engine *de = s->de;
    if (s->reload != NULL) { /* the worker runs the published generation's rules */
        w->reload = s->reload;
        w->gen = reload_acquire(s->reload);
        de = w->gen->de;
    }
    if (de != NULL && (w->detect = detect_thread_new(de)) == NULL) {
        kh_err("detect: out of memory for the worker's scratch");
        goto out_free;
    }
    w->thr = s->thr;
    if (w->detect != NULL && s->thr != NULL)
        detect_thread_share_thresholds(w->detect, s->thr);
    decode_ctx_init(&w->dec, cfg->check_csum);
    if (cfg->eve.enabled) {
        w->eve = eve_output_new(&cfg->eve, s->log_dir, err, sizeof(err));
        if (w->eve == NULL) {
            kh_err("%s", err);
            goto out_free;
        }
    }
    if (s->icfg != NULL && s->icfg->enabled && w->gen != NULL &&
        (w->intel = intel_thread_new(w->gen->intel, w->gen->id, s->icfg, w->eve)) == NULL) {
        kh_err("intel: out of memory for the worker's state");
        goto out_free;
    }
    w->flows = flow_table_new(&cfg->flow, on_flow_end, w, kh_monotonic_ns() ^ (uintptr_t)w);
    if (w->flows == NULL) {
        kh_err("flow table: cannot allocate within flow.memcap");
        goto out_free;
    }
    flow_table_set_id_space(w->flows, s->index, s->count);
    w->stop_after = s->stop_after;
    if (worker_init_stages(w, cfg, s->conf) != KH_OK)
        goto out_free;
    if (s->clock) {
        w->clock_on = true;
        stage_clock_start(&w->clock);
    }
    return w;

out_free:
    worker_free(w);
    return NULL;
}

int worker_free(struct worker *w)
{
    if (w == NULL)
        return KH_OK;
    if (w->flows != NULL) {
        flow_table_shutdown(w->flows, w->now); /* no-op after worker_shutdown() */
        flow_table_free(w->flows); /* flows were shut down, so their sessions are back */
    }
    worker_fini_stages(w);
    intel_thread_free(w->intel, w->now); /* its last sightings record, before EVE closes */
    int rc = eve_output_free(w->eve);
    detect_thread_free(w->detect);
    generation_put(w->gen);
    kh_free(w);
    return rc;
}

/* A worker takes a packet: the timeout pass of this second (at the time the input ran it),
 * the clock, the file name for EVE. */
static void worker_enter(struct worker *w, uint64_t now, uint64_t tick, const char *pcap_file)
{
    sample_begin(w, STAGE_FLOW);
    flow_table_timeout(w->flows, tick);
    if (now > w->now)
        w->now = now;
    if (w->eve)
        eve_output_set_pcap_file(w->eve, pcap_file);
}

void worker_packet(struct worker *w, struct packet *p, uint64_t now, uint64_t tick,
                   const char *pcap_file)
{
    worker_enter(w, now, tick, pcap_file);
    process_packet(w, p);
    sample_end(w);
}

void worker_decode_ahead(struct worker *w, struct packet *p)
{
    /* decode is timed on its own sample of packets, at the same rate as the rest */
    bool timed = w->clock_on && ++w->clock.ahead % STAGE_SAMPLE_EVERY == 0;
    uint64_t t0 = timed ? stage_now() : 0;
    decode_packet(&w->dec, p);
    if (likely(p->flags & PKT_WANTS_FLOW))
        flow_table_prefetch(w->flows, p);
    if (timed)
        w->clock.cycles[STAGE_DECODE] += stage_now() - t0;
}

void worker_packet_decoded(struct worker *w, struct packet *p, uint64_t now, uint64_t tick,
                           const char *pcap_file)
{
    worker_enter(w, now, tick, pcap_file);
    if (likely(w->stop_after != ENGINE_STOP_DECODE))
        process_tunnels(w, p);
    sample_end(w);
}

void worker_merge_sightings(struct worker *into, struct worker *from)
{
    intel_thread_merge(into->intel, from->intel);
    if (from->now > into->now)
        into->now = from->now;
}

void worker_sync_generation(struct worker *w)
{
    if (w->reload != NULL && unlikely(reload_current(w->reload) != w->gen))
        worker_switch(w, w->reload);
}

void worker_advance(struct worker *w, uint64_t now, uint64_t tick)
{
    flow_table_timeout(w->flows, tick);
    if (now > w->now)
        w->now = now;
    defrag_timeout(w->defrag, w->now);
}

void worker_shutdown(struct worker *w)
{
    flow_table_shutdown(w->flows, w->now);
}

size_t worker_collect_stats(const struct worker *w, struct stats_value *vals, size_t max)
{
    return collect_stats(w, vals, max);
}

void worker_log_stats(struct worker *w, uint64_t uptime_s, struct stats_value *vals, size_t n)
{
    if (w->eve)
        eve_log_stats(w->eve, w->now, uptime_s, vals, n);
}

const struct eve_stats *worker_eve_stats(const struct worker *w)
{
    return w->eve ? eve_output_stats(w->eve) : NULL;
}

const char *worker_eve_path(const struct worker *w)
{
    return w->eve ? eve_output_path(w->eve) : "";
}

struct stage_clock *worker_clock(struct worker *w)
{
    return w->clock_on ? &w->clock : NULL;
}

uint64_t worker_now(const struct worker *w)
{
    return w->now;
}

uint64_t worker_decoder_events(const struct worker *w)
{
    uint64_t events = 0;
    for (int i = 0; i < DECODE_EV_MAX; i++)
        events += w->dec.st.events[i];
    return events;
}

/* --bench-report: start-up (configuration, rules) and run time, packets, peak RSS. */
static void bench_report(const struct capture *cap, uint64_t t0, uint64_t t_ready)
{
    const struct capture_stats *cs = capture_stats(cap);
    struct rusage ru;
    memset(&ru, 0, sizeof(ru));
    getrusage(RUSAGE_SELF, &ru);
    printf("bench: load_s %.6f run_s %.6f pkts %" PRIu64 " bytes %" PRIu64 " maxrss_kb %ld\n",
           (double)(t_ready - t0) / 1e9, (double)(kh_monotonic_ns() - t_ready) / 1e9, cs->pkts,
           cs->bytes, ru.ru_maxrss);
}

/* The single run mode: this thread reads and runs every packet. */
static int run_single(const struct engine_opts *o, const struct engine_config *cfg,
                      const struct conf *conf, struct reload *reload,
                      const struct intel_config *icfg, const char *log_dir, struct capture *cap,
                      uint64_t t0)
{
    struct worker_setup s = {.cfg = cfg,
                             .conf = conf,
                             .reload = reload,
                             .icfg = icfg,
                             .log_dir = log_dir,
                             .index = 0,
                             .count = 1,
                             .clock = o->stage_summary,
                             .stop_after = o->stop_after};
    struct worker *w = worker_new(&s);
    if (w == NULL)
        return 1;
    uint64_t tl = kh_monotonic_ns();
    clock_t cl = clock();
    int exit_code = run_capture(w, cap, o->reload_at_packet);
    kh_info("engine: packet loop %.3f s, %.3f s CPU (after start-up loads)",
            (double)(kh_monotonic_ns() - tl) / 1e9, (double)(clock() - cl) / CLOCKS_PER_SEC);
    finish(w, cfg, cap, t0, o->summary);
    if (w->clock_on && o->summary)
        runmode_print_stages(&w, 1);
    if (worker_free(w) != KH_OK)
        exit_code = 1;
    return exit_code;
}

int engine_run(const struct engine_opts *o)
{
    struct engine_config cfg;
    char err[512];
    int exit_code = 1;
    uint64_t t0 = kh_monotonic_ns();
    struct reload *reload = NULL;
    struct intel_config *icfg = kh_calloc(1, sizeof(*icfg));
    struct build_ctx bc = {.o = o, .icfg = icfg};

    struct conf *conf = icfg ? load_config(o, &cfg) : NULL;
    if (conf == NULL) {
        kh_free(icfg);
        return 1;
    }
    if (apply_checksum_mode(o->checksum_mode, &cfg) != KH_OK)
        goto out_conf;
    if (intel_config_load(icfg, conf, err, sizeof(err)) != KH_OK) {
        kh_err("configuration: %s", err);
        goto out_conf;
    }
    const char *log_dir = o->log_dir ? o->log_dir : cfg.log_dir;
    bc.conf = conf;
    if ((bc.datasets = engine_datasets_new(conf, log_dir)) == NULL)
        goto out_conf;
    if ((reload = start_generations(&bc)) == NULL)
        goto out_conf;
    if (check_log_dir(log_dir) != KH_OK)
        goto out_conf;
    struct capture *cap = capture_open_file(o->pcap_path, err, sizeof(err));
    if (cap == NULL) {
        kh_err("%s", err);
        goto out_conf;
    }
    struct runmode_args ra = {.opts = o,
                              .cfg = &cfg,
                              .conf = conf,
                              .de = reload_current(reload)->de,
                              .reload = reload,
                              .icfg = icfg,
                              .log_dir = log_dir,
                              .cap = cap,
                              .t0 = t0};
    uint32_t nthreads = 0;
    uint64_t t_ready = kh_monotonic_ns();
    if (runmode_workers_wanted(o, &cfg, &nthreads))
        exit_code = runmode_workers_run(&ra, nthreads);
    else
        exit_code = run_single(o, &cfg, conf, reload, icfg, log_dir, cap, t0);
    if (o->bench_report)
        bench_report(cap, t0, t_ready);
    capture_close(cap);
out_conf:
    reload_free(reload);
    engine_datasets_finish(bc.datasets); /* after the workers: save/state files written */
    intel_config_fini(icfg);
    kh_free(icfg);
    engine_config_fini(&cfg);
    conf_free(conf);
    return exit_code;
}
