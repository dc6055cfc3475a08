/* SPDX-License-Identifier: GPL-2.0-only */
/* Stream internals shared by session.c (TCP tracking) and reasm.c (reassembly). */
#ifndef KH_STREAM_INTERNAL_H
#define KH_STREAM_INTERNAL_H

#include "stream.h"

#define CHUNK_DATA 2040u  /* one chunk holds a full-size Ethernet segment */
#define FLUSH_MAX  65536u /* bytes rebuilt per flush step (scratch size) */
/* A raw window holding bytes its consumer has not inspected grows up to this. */
#define STREAM_RAW_MAX (256u * 1024u)

struct stream_chunk {
    struct stream_chunk *next;
    uint8_t data[CHUNK_DATA];
};

/*
 * An out-of-order segment: a copy of its bytes at stream offsets [off, off + len). The
 * same object queues in-order bytes that wait for the receiver's ACK (IDS mode); there a
 * segment without data is a gap of len bytes.
 */
struct stream_seg {
    struct stream_seg *next; /* by offset; links the free list too */
    struct stream_chunk *data;
    uint64_t off;
    uint32_t len;
    uint32_t idx; /* arrival order in its direction, for the overlap policy */
};

enum stream_dir_flag {
    DIR_SYN = 1u << 0,          /* its SYN was seen: isn is known */
    DIR_FIN = 1u << 1,          /* its FIN was seen at fin_seq */
    DIR_WSCALE = 1u << 2,       /* its SYN carried window scaling */
    DIR_DEPTH = 1u << 3,        /* stream.reassembly.depth reached */
    DIR_EOF = 1u << 4,          /* EOF delivered */
    DIR_ACKED = 1u << 5,        /* it sent an ACK: last_ack and win are known */
    DIR_RST_RECV = 1u << 6,     /* the other side sent an RST to this one */
    DIR_NO_RAW = 1u << 7,       /* no raw window could be had */
    DIR_GAP = 1u << 8,          /* a gap was passed to the consumer (EVE tcp.ts_gap / tc_gap) */
    DIR_TS = 1u << 9,           /* its SYN carried a timestamp: last_tsval is known */
    DIR_FLUSH = 1u << 10,       /* the flow ends: nothing waits for an ACK any more */
    DIR_NO_ACK = 1u << 11,      /* async-oneside session: its receiver's ACKs are never seen */
    DIR_RAW_TRACKED = 1u << 12, /* a raw consumer marks its progress: raw_seen */
    DIR_RAW_TRIGGER = 1u << 13, /* a parser finished an entity: inspect the raw stream now */
};

/* One direction: what its sender sent, as the receiver will read it. */
struct stream_dir {
    uint32_t isn;        /* initial sequence number (SYN) */
    uint32_t next_seq;   /* next in-order byte to deliver */
    uint32_t max_seq;    /* highest sequence number sent, plus one */
    uint32_t fin_seq;    /* DIR_FIN: sequence number of the FIN */
    uint32_t last_ack;   /* DIR_ACKED: latest ACK this side sent (for the other direction) */
    uint32_t win;        /* DIR_ACKED: window this side advertised, scaled */
    uint32_t last_tsval; /* DIR_TS: newest TSval this side sent (PAWS, RFC 7323 §5) */
    uint64_t next_off;   /* stream offset of next_seq: bytes delivered plus gaps */
    uint32_t flags;      /* enum stream_dir_flag */
    uint8_t wscale;
    uint8_t policy; /* enum defrag_os of the receiver */
    uint16_t nsegs;
    uint32_t seg_idx;
    struct stream_seg *segs; /* out-of-order segments, by offset */
    struct stream_seg *pend; /* IDS: in-order bytes and gaps not yet acknowledged, by offset */
    struct stream_seg *pend_tail;
    uint64_t app_off;  /* stream offset of the next byte for the consumer */
    uint8_t *raw;      /* raw_cap bytes, or NULL */
    uint32_t raw_len;  /* bytes in raw; they end at app_off */
    uint32_t raw_cap;  /* raw's size: 2 * raw_window, more while uninspected bytes wait */
    uint64_t raw_seen; /* DIR_RAW_TRACKED: stream offset the raw consumer inspected to */
};

struct stream_session {
    struct stream_dir d[2]; /* by sender: 0 client, 1 server */
    uint8_t state;          /* enum flow_tcp_state */
    bool midstream;
    bool four_whs;  /* split handshake: the server answered the SYN with a SYN of its own */
    bool async;     /* async-oneside: only the client's side is seen */
    bool syn_ts;    /* the client's SYN carried a timestamp: syn_tsval */
    uint8_t pstate; /* the state before an RST closed the session */
    uint8_t syns;   /* SYNs with another ISN seen in syn_sent (3whs_syn_flood past the cap) */
    uint32_t syn_tsval;
    uint8_t *syn_data; /* the client SYN's payload (TCP Fast Open), until the SYN/ACK says */
    uint32_t syn_data_len;
    struct stream_session *next_free;
};

/* A SYN's payload held until the SYN/ACK shows whether the server took it (TFO data fits
 * one segment); a longer one is not held and so never reaches the stream. */
#define STREAM_SYN_DATA_MAX 2048u

struct stream_ctx {
    struct stream_config cfg;
    struct stream_stats st;
    stream_data_fn fn;
    void *fn_ctx;
    struct stream_session *free_ssn;
    struct stream_seg *free_segs;
    struct stream_chunk *free_chunks;
    uint8_t *free_raw; /* raw windows, linked through their first bytes */
    uint8_t *scratch;  /* FLUSH_MAX bytes */
    uint32_t *owner;   /* FLUSH_MAX entries: arrival idx + 1 of the byte's segment */
};

/* reasm.c */
void reasm_data(struct stream_ctx *ctx, struct decode_ctx *dec, struct flow *f, struct packet *p,
                int dir);
void reasm_ack(struct stream_ctx *ctx, struct decode_ctx *dec, struct flow *f, struct packet *p,
               int dir);
void reasm_eof(struct stream_ctx *ctx, struct flow *f, int dir, bool flush_gaps);
void reasm_release(struct stream_ctx *ctx, struct flow *f, int dir, bool all);
void reasm_dir_free(struct stream_ctx *ctx, struct stream_dir *d);

/* Sequence arithmetic modulo 2^32 (RFC 9293 §3.4). */
static inline int32_t seq_diff(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b);
}

#endif
