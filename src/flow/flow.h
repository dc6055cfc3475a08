/* SPDX-License-Identifier: GPL-2.0-only */
/* The flow table: bidirectional flows, their counters, TCP state, timeouts and memory cap. */
#ifndef KH_FLOW_FLOW_H
#define KH_FLOW_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "core/stats.h"
#include "decode/packet.h"

struct stream_session;

/* Flow state as EVE's flow.state names it. */
enum flow_state { FLOW_STATE_NEW = 0, FLOW_STATE_ESTABLISHED, FLOW_STATE_CLOSED, FLOW_STATE_MAX };

/* TCP connection state from the flags seen (RFC 9293 §3.3.2), as EVE's tcp.state names it. */
enum flow_tcp_state {
    FLOW_TCP_NONE = 0, /* no SYN seen: picked up midstream */
    FLOW_TCP_SYN_SENT,
    FLOW_TCP_SYN_RECV,
    FLOW_TCP_ESTABLISHED,
    FLOW_TCP_FIN_WAIT1,
    FLOW_TCP_FIN_WAIT2,
    FLOW_TCP_TIME_WAIT,
    FLOW_TCP_CLOSE_WAIT,
    FLOW_TCP_LAST_ACK,
    FLOW_TCP_CLOSING,
    FLOW_TCP_CLOSED,
};

/* Why a flow ended, as EVE's flow.reason names it. */
enum flow_end_reason {
    FLOW_END_TIMEOUT = 0,
    FLOW_END_FORCED,   /* evicted to stay under the memory cap */
    FLOW_END_SHUTDOWN, /* still open at the end of the run */
};

/*
 * One flow. Direction 0 is "to server": the direction of the first packet seen, whose
 * source is the client (src/sp). Hot fields for lookup first.
 */
struct flow {
    struct flow *hnext; /* next in the hash bucket */
    uint32_t hash;
    uint16_t sp, dp;
    struct kh_addr src, dst;
    uint16_t vlan[2];
    uint8_t proto;
    uint8_t ip_ver;
    uint8_t tunnel_depth;
    uint8_t vlan_cnt;

    uint8_t state;                      /* enum flow_state */
    uint8_t tcp_state;                  /* enum flow_tcp_state */
    uint8_t tclass;                     /* timeout list the flow is on */
    uint8_t tcp_flags[2];               /* flags seen per direction */
    uint8_t icmp_type[2], icmp_code[2]; /* first ICMP type/code per direction */
    bool seen[2];                       /* a packet was seen in this direction */
    uint8_t ttl_min[2], ttl_max[2];     /* IP TTL / hop limit seen per direction (netflow) */
    uint64_t last_ts;                   /* microseconds */
    struct flow *lnext, *lprev;         /* timeout list, ordered by last_ts */
    uint64_t pkts[2], bytes[2];
    uint64_t start_ts;
    uint64_t id;                   /* EVE flow_id */
    struct stream_session *stream; /* TCP session of src/stream/, which frees it at flow end */
    void *app_state;               /* the app-layer parser's state, freed by it at flow end */
    struct flow_macs *macs;        /* MAC addresses seen, when EVE logs them (flow_macs_add) */
    uint8_t app_proto;             /* enum app_proto of src/app/ once detected, else 0 */
    uint8_t app_proto_orig;        /* the protocol before a change (EVE app_proto_orig), or 0 */
    uint8_t pkt_state;             /* state before the current packet updated it: Suricata's
                                    * flow:established is the state the packet found */
    bool alerted;                  /* a signature alerted on the flow (EVE flow.alerted) */
    bool no_payload_inspect;       /* content rules inspect no more of it (TLS encrypted data,
                                      Suricata's FLOW_NOPAYLOAD_INSPECTION) */
    uint8_t ssn_state;             /* set by stream/ as the flow ends: its session's TCP state
                                    * + 1 (EVE tcp.state), 0 when it tracked no session */
    uint8_t ssn_gaps;              /* ... and bit 1 << dir when direction dir had a gap */
    void *detect_state;            /* detect/'s per-flow state, freed by detect_flow_free() */
    void *dlp_state;               /* dlp/'s per-flow state, freed by the engine at flow end */
};

/*
 * Called once for every flow as it ends, before its memory is reused; the callee may
 * release what it hung on the flow (f->stream).
 */
typedef void (*flow_end_fn)(void *ctx, struct flow *f, enum flow_end_reason reason,
                            uint64_t now_usec);

/* Counters, under "flow." in EVE stats as Suricata names them. */
struct flow_stats {
    uint64_t total, tcp, udp, icmpv4, icmpv6;
    uint64_t memcap;   /* times a new flow could not be had within the cap */
    uint64_t get_used; /* flows evicted to make room (policy: oldest first) */
    uint64_t emerg_mode_entered, emerg_mode_over;
    uint64_t end_state[FLOW_STATE_MAX];
    uint64_t timeout, shutdown;
    uint64_t memuse; /* bytes held now */
    uint64_t active; /* flows live now */
    uint64_t spare;  /* free flows ready for reuse */
};

struct flow_table;

struct flow_table *flow_table_new(const struct flow_config *cfg, flow_end_fn on_end, void *end_ctx,
                                  uint64_t seed);
/*
 * Tables that run side by side (one per worker) share out the flow_id counter: table index
 * of count numbers its flows index + 1, index + 1 + count, ... so ids stay unique in a run.
 * A new table is index 0 of 1 (ids from the counter 1, 2, 3, ...); count is at most 255.
 */
void flow_table_set_id_space(struct flow_table *t, uint32_t index, uint32_t count);
/* End every remaining flow with FLOW_END_SHUTDOWN, oldest first. */
void flow_table_shutdown(struct flow_table *t, uint64_t now_usec);
/* Free the table; flows still in it are dropped unreported (shut down first). */
void flow_table_free(struct flow_table *t);

/*
 * Find or create the flow of a decoded packet (PKT_WANTS_FLOW), update its counters and
 * state, and set p->flow and p->flow_dir. Returns NULL only when no flow can be had
 * under the memory cap even after eviction (counted).
 */
struct flow *flow_table_lookup(struct flow_table *t, struct packet *p);
/*
 * Start loading the bucket a decoded packet's flow hashes to, so that a lookup a little
 * later (after the packet before it was handled) does not wait for memory.
 */
void flow_table_prefetch(const struct flow_table *t, const struct packet *p);

/* End the flows whose timeout has passed at packet time now_usec. Returns how many. */
size_t flow_table_timeout(struct flow_table *t, uint64_t now_usec);

const struct flow_stats *flow_table_stats(const struct flow_table *t);
size_t flow_stats_collect(const struct flow_stats *st, struct stats_value *out, size_t max);

/*
 * MAC addresses seen on a flow, for EVE's ether.src_macs / dest_macs: side 0 is the
 * client's (source of to-server frames, destination of to-client ones), side 1 the
 * server's, each in first-seen order, at most FLOW_MACS_MAX per side (more are not kept).
 */
#define FLOW_MACS_MAX 16
struct flow_macs {
    uint8_t n[2];
    uint8_t mac[2][FLOW_MACS_MAX][6];
};

/* Note the frame's addresses (an Ethernet frame of dir 0/1); allocates the set on first use. */
void flow_macs_add(struct flow *f, const uint8_t src[6], const uint8_t dst[6], int dir);
void flow_macs_free(struct flow *f);

/*
 * Turn the flow around, as Suricata's FlowSwap does when protocol detection finds that a
 * flow picked up midstream started with the server's bytes: addresses, ports and every
 * per-direction counter change sides, so later packets get the other direction. The
 * caller turns the stream session (stream_swap) and the current packet's flow_dir.
 */
void flow_swap(struct flow *f);

const char *flow_state_name(enum flow_state s);
const char *flow_tcp_state_name(enum flow_tcp_state s);
const char *flow_end_reason_name(enum flow_end_reason r);

#endif
