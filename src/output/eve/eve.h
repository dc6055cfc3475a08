/* SPDX-License-Identifier: GPL-2.0-only */
/* EVE JSON output: one record per line in LOGDIR/eve.json, in Suricata's format. */
#ifndef KH_OUTPUT_EVE_EVE_H
#define KH_OUTPUT_EVE_EVE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "core/stats.h"
#include "decode/packet.h"
#include "flow/flow.h"

/* Counters for the run summary and EVE stats. */
struct eve_stats {
    uint64_t records[16]; /* by enum eve_type bit index */
    uint64_t dropped;     /* records over the size cap or lost to a write error */
    uint64_t bytes;
};

struct eve_output;

/* Open (create or append to) the EVE file under log_dir. Errors name the path. */
struct eve_output *eve_output_new(const struct eve_config *cfg, const char *log_dir, char *errbuf,
                                  size_t errlen);
/* Flush and close; returns KH_EIO when data could not be written. */
int eve_output_free(struct eve_output *eo);

/* The capture file being read, for pcap_filename (borrowed; must outlive its records). */
void eve_output_set_pcap_file(struct eve_output *eo, const char *path);

/* A flow or packet variable for the record's "metadata" (flowvars, pktvars, entropy). */
enum eve_var_kind { EVE_VAR_FLOW = 0, EVE_VAR_PKT, EVE_VAR_ENTROPY };
struct eve_var {
    uint8_t kind; /* enum eve_var_kind */
    const char *name;
    const uint8_t *value; /* flowvar, pktvar: the bytes, escaped as JSON */
    uint32_t len;
    double num; /* entropy */
};

/* Log a flow that ended (flow_end_fn-compatible through a small adapter in engine/). */
void eve_log_flow(struct eve_output *eo, const struct flow *f, enum flow_end_reason reason);
/*
 * The same, with the names of the flowbits set on the flow: those named traffic/id/<x> and
 * traffic/label/<x> are logged as "traffic": {"id": [x], "label": [x]}, as Suricata does.
 */
void eve_log_flow_bits(struct eve_output *eo, const struct flow *f, enum flow_end_reason reason,
                       const char *const *flowbits, uint32_t nflowbits);
/* The flowbits and variables the app-layer records written next carry as "metadata" (http;
 * borrowed until set again; NULL: none), as Suricata adds them to its app-layer records. */
void eve_output_set_vars(struct eve_output *eo, const char *const *flowbits, uint32_t nflowbits,
                         const struct eve_var *v, uint32_t n);
/* The same, with the flow's variables as "metadata" (flowvars, entropy). */
void eve_log_flow_meta(struct eve_output *eo, const struct flow *f, enum flow_end_reason reason,
                       const char *const *flowbits, uint32_t nflowbits, const struct eve_var *vars,
                       uint32_t nvars);

/* Log one anomaly record per event raised on the packet, if anomaly logging wants it. */
void eve_log_anomalies(struct eve_output *eo, const struct packet *p);

/*
 * Log an application-layer anomaly (type "applayer", layer "proto_parser") raised on
 * transaction tx_id of a flow, when anomaly logging wants applayer events. p is the packet
 * that carried it, or NULL when the flow's end raised it.
 */
void eve_log_app_anomaly(struct eve_output *eo, const struct packet *p, const struct flow *f,
                         uint64_t ts_usec, const char *app_proto, uint64_t tx_id,
                         const char *event);

struct http_tx;
struct dns_tx;
struct tls_state;

/* A threat-intelligence match, written as the alert's "intel" object (docs/intel.md). */
struct eve_intel {
    const char *feed;
    const char *indicator; /* as the feed holds it ("198.51.100.0/24", "*.example.com") */
    const char *type;      /* "ip", "domain", "url", "ja3", "sha256", ... */
    const char *matched;   /* the value seen in traffic */
    const char *point;     /* where: "flow.src_ip", "dns.query", "tls.sni", "http.url", ... */
    const char *action;    /* "alert" or "drop" (recorded: khien has no IPS mode yet) */
    const char *description;
    int64_t expires; /* seconds since 1970, 0 when none */
    uint8_t confidence;
};

/* What an alert record says about the signature (output/ does not depend on detect/). */
/* The "dlp" object of a DLP alert (src/dlp/): only masked values and keyed hashes. */
struct eve_dlp {
    const char *detector; /* "cccd", ..., "state_secret" */
    uint32_t count;       /* distinct identifiers; 0 for a marking (not written) */
    const char *direction;
    const char *source;
    const char *level;    /* marking level, or NULL */
    const char *encoding; /* marking encoding, or NULL */
    const char *doc_type;
    const char *file_name; /* NULL when not known */
    size_t file_name_len;
    const char *const *masked; /* nsamples of each */
    const char *const *hashes;
    uint32_t nsamples;
};

struct eve_alert {
    uint32_t gid, sid, rev;
    const char *msg;
    const char *category;         /* classtype description, "" when none */
    uint8_t severity;             /* the signature's priority */
    const char *const *meta_keys; /* metadata pairs, nmeta of each */
    const char *const *meta_values;
    uint32_t nmeta;
    bool has_tx; /* raised on an app-layer transaction: tx_id is written */
    uint64_t tx_id;
    const struct http_tx *http;  /* the HTTP transaction, for the alert's "http" object */
    const struct dns_tx *dns;    /* the DNS transaction, for the alert's "dns" object */
    const struct tls_state *tls; /* the flow's TLS state, for the alert's "tls" object */
    const char *const *flowbits; /* flowbits set on the flow, for "traffic" (may be NULL) */
    uint32_t nflowbits;
    const struct eve_dlp *dlp;     /* a DLP alert's "dlp" object, else NULL */
    const struct eve_intel *intel; /* a threat-intelligence match, or NULL */
    /* alert.context: members (key, JSON object text) from datasets of format json */
    const char *const *ctx_keys;
    const char *const *ctx_json;
    const uint32_t *ctx_lens;
    uint32_t nctx;
    const struct eve_var *vars; /* the flow's and packet's variables: "metadata" */
    uint32_t nvars;
};

/* Log an alert raised on a packet (src/dest as the packet travels, flow subobject). */
void eve_log_alert(struct eve_output *eo, const struct packet *p, const struct eve_alert *a);

/* Log a stats record at packet time ts with the values given (sorted in place). */
void eve_log_stats(struct eve_output *eo, uint64_t ts_usec, uint64_t uptime_s,
                   struct stats_value *vals, size_t n);

/* One indicator's sightings, for an intel_sightings record. */
struct eve_sighting {
    const char *feed, *indicator, *type;
    uint64_t count;
    uint64_t first_usec, last_usec;
};

/*
 * Log an "intel_sightings" record at time ts: the sensor, the indicator generation and the
 * sightings (written whenever intel sightings are on, whatever eve-log types says).
 */
void eve_log_intel_sightings(struct eve_output *eo, uint64_t ts_usec, const char *sensor,
                             uint64_t generation, const struct eve_sighting *s, size_t n,
                             uint64_t dropped);

const struct eve_stats *eve_output_stats(const struct eve_output *eo);
/* The file records go to (log dir joined with eve-log.filename). */
const char *eve_output_path(const struct eve_output *eo);

/* Community ID v1 (https://github.com/corelight/community-id-spec) of a flow, "1:base64". */
void eve_community_id(const struct flow *f, uint16_t seed, char out[64]);

#endif
