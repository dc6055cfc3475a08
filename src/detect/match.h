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

/* One alert raised on a packet. */
struct detect_alert {
    const struct sig *s;
    const char *category; /* classtype description, "" when none */
    bool stream;          /* matched on the reassembled stream, not the packet */
};

/* Counters, in EVE stats as detect.* where Suricata's schema names them. */
struct detect_stats {
    uint64_t alerts;           /* detect.alert */
    uint64_t suppressed;       /* detect.alerts_suppressed: noalert and thresholds */
    uint64_t queue_overflow;   /* detect.alert_queue_overflow */
    uint64_t thresh_full;      /* threshold trackers not had: the table was full (alerted) */
    uint64_t flow_state_nomem; /* flows without detection state (flowbits, stream progress) */
    uint64_t candidates;       /* signatures verified */
};

/* What the engine was built from, for the start-up summary. */
struct detect_engine_info {
    uint32_t sigs;        /* signatures in the engine */
    uint32_t iponly;      /* of which IP-only: inspected once per flow direction */
    uint32_t prefiltered; /* with a fast pattern in a Vectorscan database */
    uint32_t groups;      /* signature groups with at least one signature */
    uint32_t databases;   /* Vectorscan databases */
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

/* A flow ends: free the detection state hung on it (flowbits, stream progress). */
void detect_flow_free(struct flow *f);

#endif
