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

#define DETECT_ALERT_MAX    15u    /* alerts kept per packet (Suricata's packet_alert_max) */
#define DETECT_THRESH_SLOTS 65536u /* threshold/detection_filter trackers per worker */
#define DETECT_STEP_BUDGET  3000u  /* content/pcre attempts per signature and buffer */
#define DETECT_STREAM_KEEP  1024u  /* bytes before new stream data inspected again */
#define DETECT_BODY_WINDOW  16384u /* body bytes kept per flow direction for inspection */
#define DETECT_BODY_KEEP    4096u  /* kept when the window slides (a match may span it) */
#define DETECT_BODY_WINDOWS 8192u  /* body windows a worker may hold at once */
#define DETECT_TX_SLOTS     4u     /* transactions per flow remembered as alerted */

/*
 * The app-layer buffers a transaction can offer (Suricata's sticky buffers). The engine
 * fills the ones it has; detection runs the signatures whose buffers are all present.
 */
enum detect_txb {
    DETECT_TXB_FILE_DATA = 0, /* file_data / http.response_body: decoded response body */
    DETECT_TXB_REQUEST_BODY,  /* http.request_body / http_client_body */
    DETECT_TXB_URI,           /* http.uri: normalised */
    DETECT_TXB_URI_RAW,       /* http.uri.raw */
    DETECT_TXB_METHOD,        /* http.method */
    DETECT_TXB_HOST,          /* http.host: lowercase, no port */
    DETECT_TXB_USER_AGENT,    /* http.user_agent */
    DETECT_TXB_HEADER,        /* http.header: "Name: value\r\n" per header, request */
    DETECT_TXB_COOKIE,        /* http.cookie */
    DETECT_TXB_STAT_CODE,     /* http.stat_code */
    DETECT_TXB_DNS_QUERY,     /* dns.query: one question's name of a DNS request */
    DETECT_TXB_TLS_SNI,       /* tls.sni: the ClientHello's server name */
    DETECT_TXB_MAX,
};

/*
 * One inspection of a transaction: its buffers so far, and, for a body, the bytes just
 * added (the engine keeps a bounded window of each body per flow direction).
 */
struct detect_tx_input {
    uint16_t app_proto; /* the flow's app_proto, for the alert */
    uint64_t tx_id;
    struct span buf[DETECT_TXB_MAX];
    uint32_t have;    /* bit per enum detect_txb present in buf (bodies: set by the engine) */
    int body_dir;     /* 0 request body, 1 response body, -1: no body data this time */
    struct span body; /* new decoded body bytes of body_dir */
};

/* One alert raised on a packet. */
struct detect_alert {
    const struct sig *s;
    const char *category; /* classtype description, "" when none */
    bool stream;          /* matched on the reassembled stream, not the packet */
    bool tx;              /* matched on an app-layer transaction: tx_id is set */
    uint64_t tx_id;
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
    uint64_t tx_inspections;   /* transaction inspections (one per progress point) */
    uint64_t body_nomem;       /* body windows not had (cap or memory): new data only */
};

/* What the engine was built from, for the start-up summary. */
struct detect_engine_info {
    uint32_t sigs;        /* signatures in the engine */
    uint32_t iponly;      /* of which IP-only: inspected once per flow direction */
    uint32_t prefiltered; /* with a fast pattern in a Vectorscan database */
    uint32_t groups;      /* signature groups with at least one signature */
    uint32_t databases;   /* Vectorscan databases */
    uint32_t tx_sigs;     /* inspected on app-layer transactions (http buffers) */
};

struct detect_engine;
struct detect_thread;

/*
 * Build the immutable engine from the matchable signatures of r (borrowed: r must outlive
 * the engine). NULL with the reason in errbuf when Vectorscan rejects a database or memory
 * runs out.
 */
struct detect_engine *detect_engine_new(const struct detect_rules *r, char *errbuf, size_t errlen);
void detect_engine_free(struct detect_engine *de);
void detect_engine_get_info(const struct detect_engine *de, struct detect_engine_info *info);

/* A worker's scratch: Vectorscan scratch cloned, candidate sets and threshold trackers. */
struct detect_thread *detect_thread_new(const struct detect_engine *de);
void detect_thread_free(struct detect_thread *dt);
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

/* Bit per enum detect_txb that some transaction signature reads (0: none). */
uint32_t detect_tx_wants(const struct detect_thread *dt);

/* A flow ends: free the detection state hung on it (flowbits, stream progress, bodies). */
void detect_flow_free(struct detect_thread *dt, struct flow *f);

#endif
