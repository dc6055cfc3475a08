/* SPDX-License-Identifier: GPL-2.0-only */
/* The detection engine: signature groups, the Vectorscan prefilter and verification. */
#ifndef KH_DETECT_MATCH_H
#define KH_DETECT_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cursor.h"
#include "decode/packet.h"
#include "detect/detect.h"

#define DETECT_ALERT_MAX    15u         /* alerts kept per packet by default (packet-alert-max) */
#define DETECT_ALERT_CAP    256u        /* the most packet-alert-max may ask for */
#define DETECT_THRESH_SLOTS 65536u      /* threshold/detection_filter trackers per worker */
#define DETECT_STEP_BUDGET  3000u       /* content/pcre attempts per signature and buffer */
#define DETECT_STREAM_KEEP  1024u       /* bytes before new stream data inspected again */
#define DETECT_BODY_WINDOW  16384u      /* default bytes before new body data inspected again */
#define DETECT_BODY_CAP     262144u     /* body bytes one flow direction holds (oldest dropped) */
#define DETECT_BODY_MEM     (64u << 20) /* body bytes a worker holds at most */
#define DETECT_BODY_WINDOWS 8192u       /* body buffers a worker may hold at once */
#define DETECT_TX_SLOTS     4u          /* transactions per flow remembered as alerted */
#define DETECT_XFORM_BUF    65536u      /* bytes a transformed buffer holds (two per worker) */

/*
 * The app-layer buffers a transaction can offer (Suricata's sticky buffers). The engine
 * fills the ones it has; detection runs the signatures whose buffers are all present.
 */
enum detect_txb {
    DETECT_TXB_FILE_DATA = 0,    /* file_data / http.response_body: decoded response body */
    DETECT_TXB_REQUEST_BODY,     /* http.request_body / http_client_body */
    DETECT_TXB_URI,              /* http.uri: normalised */
    DETECT_TXB_URI_RAW,          /* http.uri.raw */
    DETECT_TXB_METHOD,           /* http.method */
    DETECT_TXB_HOST,             /* http.host: lowercase, no port */
    DETECT_TXB_USER_AGENT,       /* http.user_agent */
    DETECT_TXB_HEADER,           /* http.header: "Name: value\r\n" per header, request */
    DETECT_TXB_COOKIE,           /* http.cookie */
    DETECT_TXB_STAT_CODE,        /* http.stat_code */
    DETECT_TXB_DNS_QUERY,        /* dns.query: one question's name of a DNS request */
    DETECT_TXB_TLS_SNI,          /* tls.sni: the ClientHello's server name */
    DETECT_TXB_HEADER_NAMES,     /* http.header_names: "\r\nName\r\n...\r\n\r\n" */
    DETECT_TXB_CONTENT_TYPE,     /* http.content_type: that header's value (request or response) */
    DETECT_TXB_CONTENT_LEN,      /* http.content_len */
    DETECT_TXB_REQUEST_LINE,     /* http.request_line */
    DETECT_TXB_RESPONSE_LINE,    /* http.response_line */
    DETECT_TXB_START,            /* http.start: start line, headers, an extra "\r\n" */
    DETECT_TXB_PROTOCOL,         /* http.protocol: "HTTP/1.1" of the request or response line */
    DETECT_TXB_ACCEPT,           /* http.accept */
    DETECT_TXB_ACCEPT_ENC,       /* http.accept_enc */
    DETECT_TXB_ACCEPT_LANG,      /* http.accept_lang */
    DETECT_TXB_REFERER,          /* http.referer */
    DETECT_TXB_CONNECTION,       /* http.connection */
    DETECT_TXB_LOCATION,         /* http.location (response) */
    DETECT_TXB_SERVER,           /* http.server (response) */
    DETECT_TXB_HEADER_RAW,       /* http.header.raw: every header, Cookie included */
    DETECT_TXB_STAT_MSG,         /* http.stat_msg */
    DETECT_TXB_HOST_RAW,         /* http.host.raw: Host as sent, without the port */
    DETECT_TXB_CERT_SUBJECT,     /* tls.cert_subject: the server certificate's subject */
    DETECT_TXB_CERT_ISSUER,      /* tls.cert_issuer */
    DETECT_TXB_CERT_SERIAL,      /* tls.cert_serial: "00:97:E6:47" */
    DETECT_TXB_CERT_FP,          /* tls.cert_fingerprint: SHA-1, "3a:0b:..." */
    DETECT_TXB_JA3_HASH,         /* ja3.hash */
    DETECT_TXB_JA3_STRING,       /* ja3.string */
    DETECT_TXB_JA3S_HASH,        /* ja3s.hash */
    DETECT_TXB_JA3S_STRING,      /* ja3s.string */
    DETECT_TXB_JA4_HASH,         /* ja4.hash */
    DETECT_TXB_TLS_VERSION,      /* tls.version: the negotiated version, 2 bytes big-endian */
    DETECT_TXB_BASE64,           /* base64_data: filled by base64_decode during verification */
    DETECT_TXB_DNS_QUERIES,      /* dns.queries.rrname: one question's name, either direction */
    DETECT_TXB_DNS_ANSWERS,      /* dns.answers.rrname: one answer's name */
    DETECT_TXB_DNS_AUTHORITIES,  /* dns.authorities.rrname */
    DETECT_TXB_DNS_ADDITIONALS,  /* dns.additionals.rrname */
    DETECT_TXB_DNS_RESPONSE,     /* dns.response.rrname: a name of a response (rdata names too) */
    DETECT_TXB_DNS_MSG,          /* no bytes: `dns` holds the message's opcode, rcode, types */
    DETECT_TXB_EVENTS,           /* no bytes: `events` lists the transaction's app-layer events */
    DETECT_TXB_FILE_NAME,        /* file.name (filename, fileext): the name of a body's file */
    DETECT_TXB_TLS_RANDOM,       /* tls.random: the hello random of the packet's direction */
    DETECT_TXB_TLS_RANDOM_TIME,  /* tls.random_time: its first 4 bytes */
    DETECT_TXB_TLS_RANDOM_BYTES, /* tls.random_bytes: its last 28 bytes */
    DETECT_TXB_TLS_SAN,          /* tls.subjectaltname: one dNSName of the server certificate */
    DETECT_TXB_TLS_CERTS,        /* tls.certs: one certificate (DER) of the server's chain */
    DETECT_TXB_TLS_ALPN,         /* tls.alpn: one ALPN protocol name of the packet's side */
    DETECT_TXB_TLS_CERT_INFO,    /* no bytes: `tls` holds validity dates and chain length */
    DETECT_TXB_REQ_HEADER,       /* http.request_header: "Name: value" per header (multi) */
    DETECT_TXB_RESP_HEADER,      /* http.response_header: the same for the response (multi) */
    DETECT_TXB_FILE_SIZE,        /* no bytes: file_size/file_done hold a file's size (filesize) */
    DETECT_TXB_MAX,
};

/* The bit of a transaction buffer in detect_tx_input.have and detect_tx_wants(). */
#define DETECT_TXB_BIT(b) (1ull << (b))
_Static_assert(DETECT_TXB_MAX <= 64, "transaction buffers are bits of a uint64_t");

/*
 * One inspection of a transaction: its buffers so far, and, for a body, the bytes just
 * added (the engine keeps a bounded window of each body per flow direction).
 */
/* The DNS header fields and record types dns.opcode/rcode/rrtype test (DETECT_TXB_DNS_MSG). */
struct detect_dns_msg {
    uint8_t opcode;
    uint8_t rcode;
    const uint16_t *types; /* question types, then record types */
    uint32_t ntypes;
};

/* What tls_cert_notbefore/notafter/expired/valid and tls.cert_chain_len test. */
struct detect_tls_cert {
    int64_t not_before; /* seconds since 1970 (negative before) */
    int64_t not_after;
    bool has_dates;     /* a server certificate with readable validity was seen */
    uint32_t chain_len; /* certificates in the server's chain; 0: none seen */
};

/* The app-layer events raised on a transaction so far (DETECT_TXB_EVENTS). */
struct detect_app_events {
    const char *proto;                   /* "http", "dns", ... as rules prefix the names */
    uint64_t bits;                       /* bit per event id */
    const char *(*name)(unsigned event); /* the event's name (matched case-insensitively) */
};

/*
 * The multi-buffers (Suricata's "Multi Buffer Matching"): the DETECT_TXB_MULTI_N buffers
 * from DETECT_TXB_MULTI_FIRST. buf[b] holds every instance back to back (what the prefilter scans, so an
 * instance's fast pattern is always found); a signature matches when its keywords on the
 * buffer match within one instance.
 */
#define DETECT_TXB_MULTI_FIRST DETECT_TXB_REQ_HEADER
#define DETECT_TXB_MULTI_N     2
struct detect_multibuf {
    const struct span *v; /* the instances, each inside buf[b] */
    uint32_t n;
};

struct detect_tx_input {
    uint16_t app_proto;                               /* the flow's app_proto, for the alert */
    struct detect_multibuf multi[DETECT_TXB_MULTI_N]; /* index b - DETECT_TXB_MULTI_FIRST */
    struct detect_dns_msg dns;
    struct detect_tls_cert tls;
    struct detect_app_events events;
    uint64_t tx_id;
    struct span buf[DETECT_TXB_MAX];
    uint64_t have;      /* DETECT_TXB_BIT per buffer present in buf (bodies: set by the engine) */
    uint64_t pending;   /* DETECT_TXB_BIT per buffer not here yet that may still come (a body
                         being read): the absent keyword does not match it yet */
    int body_dir;       /* 0 request body, 1 response body, -1: no body data this time */
    struct span body;   /* new decoded body bytes of body_dir */
    uint32_t body_part; /* which file of the transaction the body is (SMTP parts), else 0 */
    /* When a body is inspected, as Suricata's libhtp settings: only once body_min bytes
     * came or at its end (body_last; 0: at once), then on each new piece with at least
     * body_window bytes before it (0: DETECT_BODY_WINDOW). A caller that sets body_min
     * calls again with body_last set, and no new bytes, when the body ends. */
    uint32_t body_min;
    uint32_t body_window;
    bool body_last;
    uint64_t file_size; /* DETECT_TXB_FILE_SIZE: the body's file, decoded bytes so far */
    /* A transaction's several files (multipart uploads): [0] each file's data, [1] each
     * name, as multi-buffers of file.data and file.name (their buf[] holds them back to
     * back for the prefilter). n 0: file.data and file.name are the single buffers. */
    struct detect_multibuf files[2];
    bool file_done; /* ... and it is complete (its size is final) */
};

/* A dataset's JSON object an alert carries as alert.context.<key> (format json sets). */
#define DETECT_ALERT_CTX_MAX 4u
struct detect_alert_ctx {
    const char *key;  /* the keyword's context_key (the rule set's) */
    const char *json; /* the object (the dataset's; sets outlive the rules) */
    uint32_t len;
};

/* One alert raised on a packet. */
struct detect_alert {
    const struct sig *s;
    const char *category; /* classtype description, "" when none */
    bool stream;          /* matched on the reassembled stream, not the packet */
    bool tx;              /* matched on an app-layer transaction: tx_id is set */
    uint64_t tx_id;
    uint8_t nctx;
    struct detect_alert_ctx ctx[DETECT_ALERT_CTX_MAX];
};

/* Counters, in EVE stats as detect.* where Suricata's schema names them. */
struct detect_stats {
    uint64_t alerts;           /* detect.alert */
    uint64_t suppressed;       /* detect.alerts_suppressed: noalert and thresholds */
    uint64_t queue_overflow;   /* detect.alert_queue_overflow */
    uint64_t thresh_full;      /* threshold trackers not had: the table was full (alerted) */
    uint64_t flow_state_nomem; /* flows without detection state (flowbits, stream progress) */
    uint64_t flow_state_reset; /* states of another engine layout redone after a reload */
    uint64_t candidates;       /* signatures verified */
    uint64_t stream_scans;     /* raw-stream slices inspected (packets with new stream data) */
    uint64_t stream_bytes;     /* bytes in them (new data and what is kept before it) */
    uint64_t tx_inspections;   /* transaction inspections (one per progress point) */
    uint64_t body_nomem;       /* body buffers not had (DETECT_BODY_WINDOWS or
                                  DETECT_BODY_MEM; policy: the new bytes are inspected at
                                  once, alone) */
    uint64_t body_trimmed;     /* body bytes dropped unseen at DETECT_BODY_CAP */
    uint64_t body_pf_bytes;    /* body bytes the body prefilter scanned */
    uint64_t body_pf_whole;    /* body windows scanned whole: the prefilter's memory was full
                                  (DETECT_BODY_HITS; policy: that body's later windows are
                                  scanned whole, as Suricata scans every window) */
    uint64_t xbits_full;       /* xbits sets dropped: no free slot (DETECT_XBITS_SLOTS) */
    uint64_t flowint_full;     /* flowint variables not kept: DETECT_FLOWINT_MAX per flow */
    uint64_t tx_done_full;     /* matches past DETECT_TX_DONE_MAX in one transaction (policy:
                                  alerted, not remembered, so they may alert again) */
    uint64_t xform_truncated;  /* transform results cut at DETECT_XFORM_BUF */
    uint64_t dataset_memcap;   /* dataset:set adds refused at a set's memcap (policy: the
                                  value is not added and the keyword does not match) */
    uint64_t flowvar_full;     /* flowvars, pktvars, entropy values not kept: the flow has
                                  DETECT_FVAR_MAX (policy: the new one is dropped) */
    uint64_t flowvar_cut;      /* captured values cut at DETECT_FVAR_VALUE bytes */
};

/* What the engine was built from, for the start-up summary. */
struct detect_engine_info {
    uint32_t sigs;        /* signatures in the engine */
    uint32_t iponly;      /* of which IP-only: inspected once per flow direction */
    uint32_t prefiltered; /* with a fast pattern in a Vectorscan database */
    uint32_t groups;      /* signature groups with at least one signature */
    uint32_t databases;   /* Vectorscan databases */
    uint64_t db_bytes;    /* their size (hs_database_size) */
    uint32_t tx_sigs;     /* inspected on app-layer transactions (http buffers) */
    /* The database cache (detect.sgh-mpm-caching): databases read, written, cache files
     * found unusable and old files removed. */
    uint32_t cache_loaded, cache_saved, cache_rejected, cache_pruned;
};

/* How to build an engine; all optional. */
#define DETECT_PRIO_PORTS_MAX 64u

struct detect_engine_opts {
    /* Keep compiled Vectorscan databases in this folder and reuse them when the same rules
     * load again (detect.sgh-mpm-caching-path, when detect.sgh-mpm-caching is on). NULL: no
     * cache. Borrowed for the call only. */
    const char *cache_dir;
    uint64_t cache_max_age_s; /* remove cache files unused for longer; 0: never */
    /* Signature group heads of TCP and UDP (detect.profile, detect.custom-values): at most
     * this many groups to the server and to the client; 0: 25 and 3 (profile medium). */
    uint32_t toserver_groups, toclient_groups;
    /* Ports given their own group first (detect.grouping.tcp-priority-ports and
     * udp-priority-ports); has_prio false: Suricata's defaults. */
    bool has_prio[2];
    uint16_t prio[2][DETECT_PRIO_PORTS_MAX]; /* [TCP, UDP] */
    uint32_t nprio[2];
    uint32_t alert_max; /* alerts kept per packet (packet-alert-max, at most
                                 DETECT_ALERT_CAP); 0: DETECT_ALERT_MAX */
};

/* The TCP session's sizes for stream_size (stream_sizes()): client and server. */
struct detect_stream_sizes {
    uint64_t client;
    uint64_t server;
    bool known; /* false: no TCP session, stream_size never matches */
};

struct detect_engine;
struct detect_thread;

/*
 * Build the immutable engine from the matchable signatures of r (borrowed: r must outlive
 * the engine). NULL with the reason in errbuf when Vectorscan rejects a database or memory
 * runs out.
 */
struct detect_engine *detect_engine_new(const struct detect_rules *r, char *errbuf, size_t errlen);
/* The same, with options (o may be NULL). */
struct detect_engine *detect_engine_new_opts(const struct detect_rules *r,
                                             const struct detect_engine_opts *o, char *errbuf,
                                             size_t errlen);
void detect_engine_free(struct detect_engine *de);
void detect_engine_get_info(const struct detect_engine *de, struct detect_engine_info *info);

/* A worker's scratch: Vectorscan scratch cloned, candidate sets and threshold trackers. */
struct detect_thread *detect_thread_new(const struct detect_engine *de);
void detect_thread_free(struct detect_thread *dt);

/*
 * Threshold and detection_filter trackers shared by the workers of a run. Tracking by
 * source, destination, both or rule spans flows, and flows are spread over workers, so in
 * the workers run mode every worker counts in one table, as Suricata keeps these in its
 * global host table. Its mutex is taken only when a signature with a threshold matched,
 * never per packet. Which of several matches on different workers passes a threshold
 * first then depends on their timing, as in Suricata.
 */
struct detect_thr_shared;
struct detect_thr_shared *detect_thr_shared_new(void);
void detect_thr_shared_free(struct detect_thr_shared *t); /* after the threads using it */
/* Count thresholds in t instead of dt's own table; call before dt sees a packet. */
void detect_thread_share_thresholds(struct detect_thread *dt, struct detect_thr_shared *t);
const struct detect_stats *detect_thread_stats(const struct detect_thread *dt);

/*
 * Run the signatures on a packet after flow, stream and app processing. raw is the
 * reassembled stream of the packet's direction (stream_raw(), empty when none) and
 * raw_start the stream offset of its first byte. Returns the alerts to log (at most
 * DETECT_ALERT_MAX) in *out, valid until the next call; sets flow->alerted when one fires.
 */
size_t detect_packet(struct detect_thread *dt, const struct packet *p, struct span raw,
                     uint64_t raw_start, const struct detect_alert **out);

/*
 * Run the transaction signatures (those using app-layer buffers) on a transaction of p's
 * flow, after it made progress (headers, body data). Each signature alerts at most once
 * per transaction (of the last DETECT_TX_SLOTS of the flow). Same result convention as
 * detect_packet(); the alerts carry tx_id.
 */
size_t detect_tx(struct detect_thread *dt, const struct packet *p, struct detect_tx_input *in,
                 const struct detect_alert **out);

/* DETECT_TXB_BIT per buffer that some transaction signature reads (0: none). */
uint64_t detect_tx_wants(const struct detect_thread *dt);

/*
 * The stream sizes of the packet about to be inspected (detect_packet, detect_tx), for
 * stream_size. The engine sets them after stream tracking, before detection.
 */
void detect_set_stream_sizes(struct detect_thread *dt, const struct detect_stream_sizes *ss);

/* A flow variable for EVE "metadata" (kind: enum detect_fvar_kind of detect/flowvar.h). */
struct detect_var {
    uint8_t kind;
    const char *name;
    const uint8_t *value; /* flowvar, pktvar */
    uint32_t len;
    double num; /* entropy */
};

/*
 * The variables of f for EVE: flowvars and entropy values, and the pktvars set by packet p
 * (NULL: none); at most max, in the order first set. Borrowed from f's detection state:
 * valid until the next inspection of f or detect_flow_free().
 */
size_t detect_flow_vars(const struct flow *f, const struct packet *p, struct detect_var *out,
                        size_t max);

/* The names of the flowbits set on f (at most max, borrowed from the rules); the count. */
size_t detect_flow_flowbits(const struct detect_thread *dt, const struct flow *f,
                            const char **names, size_t max);

/*
 * The stream of direction dir starts again from its first byte for raw-stream inspection:
 * the SYN data inspected on its packet was refused by the server (TCP Fast Open not taken).
 */
void detect_stream_rewind(struct flow *f, int dir);
/* The stream offset up to which direction dir's raw stream was inspected (0: none;
 * UINT64_MAX once a pass rule ended the flow's inspection). */
uint64_t detect_stream_done(const struct flow *f, int dir);

/* A flow ends: free the detection state hung on it (flowbits, stream progress, bodies). */
void detect_flow_free(struct detect_thread *dt, struct flow *f);

#endif
