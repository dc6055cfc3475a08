/* SPDX-License-Identifier: GPL-2.0-only */
/* TCP session tracking and per-direction reassembly with target-based overlap policies. */
#ifndef KH_STREAM_STREAM_H
#define KH_STREAM_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cursor.h"
#include "core/stats.h"
#include "decode/decode.h"
#include "defrag/hostos.h"
#include "flow/flow.h"

/*
 * Flags of a data callback:
 *   STREAM_DATA_GAP  `len` bytes are missing here (data is NULL): the host acknowledged
 *                    bytes that never passed the sensor, or they could not be stored
 *   STREAM_DATA_EOF  the direction ended (FIN, RST, flow end); len is 0
 */
#define STREAM_DATA_GAP 0x1u
#define STREAM_DATA_EOF 0x2u

/*
 * In-order bytes of one direction (dir 0 to server) of flow f, as the receiving host
 * will read them: overlaps resolved by its OS policy, retransmissions removed. Called
 * from stream_packet() and stream_flow_end(); data is valid during the call only. This is
 * the one interface for application-layer parsers and raw-stream detection alike.
 */
typedef void (*stream_data_fn)(void *ctx, struct flow *f, int dir, const uint8_t *data, size_t len,
                               uint32_t flags);

#define STREAM_MAX_SEGS_PER_DIR 1024 /* out-of-order segments held per direction */
#define STREAM_CSUM_SAMPLE      1000 /* capture packets judged by checksum auto-detection */

struct stream_config {
    uint64_t memcap;            /* stream.memcap: sessions, bytes */
    uint64_t reassembly_memcap; /* stream.reassembly.memcap: segment data and raw windows */
    uint32_t depth;             /* stream.reassembly.depth, bytes per direction; 0 unlimited */
    uint32_t raw_window;        /* bytes of reassembled stream kept per direction, 0 none */
    uint32_t raw_chunk[2];      /* IDS: stream.reassembly.toserver-/toclient-chunk-size, the
                                 * acknowledged bytes that make a direction's raw stream ready
                                 * for inspection (stream_raw_ready); 0: on every release */
    bool midstream;             /* stream.midstream: pick up sessions without a handshake */
    bool async_oneside;         /* stream.async-oneside: follow sessions seen one way only */
    bool inline_mode;           /* stream.inline: consumers get bytes as they arrive; otherwise
                                 * (IDS) once the receiver acknowledged them */
    uint32_t max_syn_queued;    /* stream.max-syn-queued: SYNs with other ISNs before a flood */
    bool checksum_validation;   /* keep packets with a bad TCP checksum out */
    bool checksum_auto;         /* checksum-checks auto: validate until the first STREAM_CSUM_SAMPLE
                         * TCP packets show offloading (over 1 in 10 bad), then stop */
    const struct defrag_hostos *hostos; /* host-os-policy (borrowed), or NULL: all bsd */
};

/* Counters; stream_stats_collect() writes those Suricata's EVE schema names (tcp.*). */
struct stream_stats {
    uint64_t sessions;        /* sessions started (3WHS or midstream) */
    uint64_t ssn_memcap_drop; /* sessions not tracked: stream.memcap */
    uint64_t midstream_pickups;
    uint64_t active_sessions;     /* now */
    uint64_t memuse;              /* session bytes held now */
    uint64_t reassembly_memuse;   /* segment and raw-window bytes held now */
    uint64_t segment_memcap_drop; /* segments not stored: stream.reassembly.memcap or the cap */
    uint64_t reassembly_gap;      /* gaps passed to consumers */
    uint64_t overlap;             /* segments overlapping data already seen */
    uint64_t overlap_diff_data;   /* ... with different bytes */
    uint64_t stream_depth_reached;
    uint64_t ack_wait_memcap;  /* IDS: bytes handed on before their ACK, no room to hold them */
    uint64_t raw_overflow;     /* raw windows that dropped bytes not inspected yet */
    uint64_t csum_sampled;     /* checksum auto: TCP packets in the sample (pcap_cnt) */
    uint64_t csum_sampled_bad; /* ... of them with a bad checksum */
    bool csum_decided;         /* checksum auto: the sample was judged */
    bool csum_offload;         /* ... offloading seen: checksums no longer judged */
};

struct stream_ctx;

/* A worker's stream engine. fn (may be NULL) receives the in-order data. */
struct stream_ctx *stream_ctx_new(const struct stream_config *cfg, stream_data_fn fn, void *fn_ctx);
/* Free the context; end the flows first (stream_flow_end) so their sessions are returned. */
void stream_ctx_free(struct stream_ctx *ctx);

/*
 * A TCP packet (PKT_HAS_L4, proto 6) after flow lookup (p->flow set): track the session,
 * raise stream events on p through dec, and reassemble its payload.
 */
void stream_packet(struct stream_ctx *ctx, struct decode_ctx *dec, struct flow *f,
                   struct packet *p);

/*
 * The flow ends: hand on everything still held or waiting for an ACK (gaps included) and
 * send EOF, keeping the session (its raw windows) for a last inspection; stream_flow_end
 * then frees it. Returns a bit per direction (1 << dir) that got bytes or gaps now.
 */
unsigned stream_flow_drain(struct stream_ctx *ctx, struct flow *f);

/* The flow ends: flush what is held (gaps included), send EOF, free the session. */
void stream_flow_end(struct stream_ctx *ctx, struct flow *f);

/*
 * May the flow still be turned around (flow_swap)? Only a session picked up midstream
 * whose bytes have not reached a consumer yet: its direction was a guess.
 */
bool stream_can_swap(const struct flow *f);
/* Turn the session around with its flow: each direction's state changes sides. */
void stream_swap(struct flow *f);

/* The session's TCP state (enum flow_tcp_state), or -1 when stream tracks no session. */
int stream_tcp_state(const struct flow *f);

/*
 * The last bytes of direction dir's reassembled stream (up to raw_window, ending at the
 * newest in-order byte), for detection on the raw stream across segment boundaries;
 * *start is the stream offset of its first byte. Empty without a session or a window.
 */
struct span stream_raw(const struct flow *f, int dir, uint64_t *start);

/*
 * The raw-stream consumer inspected direction dir up to stream offset off: the raw window
 * keeps every byte after it (up to STREAM_RAW_MAX), so bytes one ACK releases together
 * are all inspected. Without this call a window keeps only its last raw_window bytes.
 */
void stream_raw_inspected(struct flow *f, int dir, uint64_t off);

/*
 * Suricata's raw-stream inspection points. Is direction dir's raw stream, inspected up to
 * stream offset done, to be inspected on this packet of that direction? In IDS mode only
 * when it has new bytes and one of: raw_chunk[dir] or more of them are acknowledged (the
 * chunk size), a parser asked for it (stream_raw_trigger), the reassembly depth was
 * reached, the session is closing past time_wait (last_ack, close_wait, closing, closed:
 * Suricata's states after TCP_TIME_WAIT), or eof (the flow's end). Inline: whenever
 * there are new bytes. Without a session: true.
 */
bool stream_raw_ready(const struct stream_ctx *ctx, const struct flow *f, int dir, uint64_t done,
                      bool eof);

/*
 * An application-layer parser finished an entity of direction dir (a request, a response,
 * a message, a record): the bytes released so far are inspected on that direction's next
 * packet, whatever the chunk size (Suricata's AppLayerParserTriggerRawStreamInspection).
 * Cleared once the raw consumer inspected everything released (stream_raw_inspected).
 */
void stream_raw_trigger(struct flow *f, int dir);

/*
 * Suricata's stream_size view: per direction, the sequence space from the initial sequence
 * number to the next in-order byte (the SYN counts one, then every byte delivered or skipped
 * as a gap). false without a session; a direction whose SYN was not seen is 0.
 */
bool stream_sizes(const struct flow *f, uint64_t *client, uint64_t *server);

const struct stream_stats *stream_ctx_stats(const struct stream_ctx *ctx);
size_t stream_stats_collect(const struct stream_stats *st, struct stats_value *out, size_t max);

/* Does a new segment take the bytes it shares with an earlier one, under os's policy? */
bool stream_policy_new_wins(enum defrag_os os, uint64_t n_off, uint64_t n_end, uint64_t o_off,
                            uint64_t o_end);

#endif
