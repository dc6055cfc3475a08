/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared by the engine (engine.c) and signature verification (verify.c). */
#ifndef KH_DETECT_VERIFY_INTERNAL_H
#define KH_DETECT_VERIFY_INTERNAL_H

#include <string.h>

#include "detect/flowvar.h"
#include "detect/match.h"
#include "detect/transform.h"
#include "detect/vars.h"
#include "flow/flow.h"

/* A suppress line of threshold.config that names a signature. */
struct dsupp {
    enum kw_track track;   /* by_src, by_dst, or BY_BOTH for by_either */
    struct sig_addr *addr; /* NULL: every alert of the signature */
};

/* Byte a of the buffer matches pattern byte b: equal, or the same letter in either case. */
static inline bool verify_nocase_eq(uint8_t a, uint8_t b)
{
    uint8_t lb = b | 0x20;
    return a == b || ((a | 0x20) == lb && lb >= 'a' && lb <= 'z');
}

/* The n bytes at h are pattern n's, exactly or in either case. */
static inline bool verify_bytes_eq(const uint8_t *h, const uint8_t *pat, size_t n, bool nocase)
{
    if (!nocase)
        return memcmp(h, pat, n) == 0;
    for (size_t j = 0; j < n; j++)
        if (!verify_nocase_eq(h[j], pat[j]))
            return false;
    return true;
}

/*
 * The keywords verify_nonpayload tests (flow, flowbits, ttl...) are listed per signature, so
 * that a verification does not walk its contents and pcres to find them. A signature with
 * more than DSIG_NPKW of them keeps nnpkw at DSIG_NPKW_ALL and is walked whole.
 */
#define DSIG_NPKW     6u
#define DSIG_NPKW_ALL 0xffu

/* A signature as the engine runs it: the parsed sig and what the build resolved. */
struct dsig {
    const struct sig *s;
    uint32_t load_order; /* its place among the loaded rules: the last sort key */
    const char *category;
    uint32_t *fbids; /* flowbit ids of its flowbits keywords, in keyword order */
    uint32_t nfbids;
    const struct kw_threshold *file_thr; /* threshold.config's, replacing the rule's own */
    struct dsupp *supp;                  /* threshold.config suppress lines */
    uint32_t nsupp;
    bool iponly;        /* inspected once per flow direction, as Suricata's IP-only rules */
    bool has_payload;   /* content, pcre, byte_*, isdataat on the packet or stream payload */
    bool stream_only;   /* tcp-stream or flow:only_stream */
    bool pkt_only;      /* tcp-pkt or flow:no_stream */
    bool need_est;      /* flow:established */
    uint32_t dsize_max; /* the largest payload its dsize allows (UINT32_MAX: any) */
    bool absent;        /* has the absent keyword: a buffer it names may be missing */
    uint64_t txbufs;    /* DETECT_TXB_BIT per buffer it inspects: a transaction signature */
    uint64_t txneed;    /* those that must be there (txbufs less those under absent) */
    uint32_t txidx;     /* its index among the transaction signatures */
    bool body_late;     /* reads a body, its fast pattern in a header buffer */

    /* the keywords verify_nonpayload tests, nnpkw of them (or DSIG_NPKW_ALL): their
     * indexes in s->kws and what it tests in each (verify.c's enum np_kind) */
    uint8_t nnpkw;
    uint16_t npkw[DSIG_NPKW];
    uint8_t npkind[DSIG_NPKW];
};

/*
 * The body prefilter's memory (body_prefilter): the body bytes it scanned, from `start`,
 * in segments of at most DETECT_BODY_SEG bytes, each with the transaction signatures whose
 * fast pattern it found (hit, segment after segment; one may be in several). A window is
 * served by the segments it overlaps and a scan of its new bytes only.
 */
#define DETECT_BODY_SEG  4096u
#define DETECT_BODY_SEGS 16u
#define DETECT_BODY_HITS 256u
struct body_pf {
    uint64_t start; /* body offset of the first segment */
    bool off;       /* more hits than it holds: this body is scanned whole (counted) */
    uint8_t nseg;
    uint16_t nhits;
    struct {
        uint64_t end;   /* its bytes: [the previous one's end, or start; end) */
        uint16_t nhits; /* its hits, after those of the segments before it */
    } seg[DETECT_BODY_SEGS];
    uint32_t hit[DETECT_BODY_HITS]; /* indexes into txsigs */
};

/*
 * A body of one flow direction as inspected: the bytes from body offset `base` (those
 * still needed: not inspected yet, and the window before them), grown on demand up to
 * DETECT_BODY_CAP.
 */
struct detect_body {
    uint64_t tx_id;
    uint32_t part; /* detect_tx_input.body_part: a new part starts a new body */
    bool used;
    uint64_t so_far;        /* body bytes seen */
    uint64_t inspected;     /* body bytes up to which it was inspected */
    uint64_t base;          /* the body offset of data[0] */
    uint32_t off, len, cap; /* the bytes are data[off, off + len): those dropped before
                               them are moved out only when room is needed */
    uint8_t *data;
    struct body_pf *pf; /* made at its first window */
};

/*
 * The transaction signatures that matched in one transaction (indexes into the engine's
 * txsigs): a list, not a bitmap over every transaction signature, so that a flow's state
 * stays small with tens of thousands of them. Past DETECT_TX_DONE_MAX matches a signature
 * may alert again on a later inspection of the transaction (counted: tx_done_full).
 */
#define DETECT_TX_DONE_MAX 30u
#define DETECT_TX_LATE_MAX 8u
struct detect_txdone {
    uint64_t tx_id;
    bool used;
    uint8_t n;
    uint32_t sig[DETECT_TX_DONE_MAX];
    /* Signatures that read a body and whose fast pattern the headers held: a body
     * inspection verifies them without scanning the headers again. Past
     * DETECT_TX_LATE_MAX, or when the headers' inspection was not seen, it does. */
    uint8_t nlate;
    bool late_full; /* some were not listed */
    bool late_seen; /* a header inspection of the transaction ran */
    uint32_t late[DETECT_TX_LATE_MAX];
};

/* Per-flow detection state, allocated at the first packet that needs it. */
struct detect_flow {
    uint64_t raw_done[2];        /* stream offset up to which the raw stream was inspected */
    bool iponly_done[2];         /* IP-only signatures ran in this direction */
    bool passed;                 /* a pass rule matched on this TCP flow: no more inspection */
    struct detect_body *body[2]; /* body windows, made at the first body byte */
    struct detect_txdone txdone[DETECT_TX_SLOTS]; /* the latest transactions' matches */
    uint32_t tx_next;                             /* slot to reuse next */
    struct detect_flowints fint;                  /* flowint variables */
    struct detect_fvars *vars; /* flowvars, pktvars, entropy (flowvar.c), NULL: none yet */
    uint32_t nsigs, ntx; /* the shape of the engine that made it (signatures, tx signatures) */
    uint32_t nwords;
    uint64_t bits[]; /* flowbits */
};

/*
 * The last search of one content keyword in the buffer being verified: [lo, hi) held
 * its first occurrence at `at` (-1: none). Backtracking asks again from later starts;
 * the answer follows from this one while lo stays in [lo, at].
 */
#define VCTX_FIND_MEMO 8u
struct find_memo {
    uint32_t kw;
    int64_t lo, hi, at;
};

/* The inputs of one verification. */
struct vctx {
    const struct packet *p;
    struct detect_flow *df; /* NULL without a flow (or its state) */
    const uint8_t *buf;     /* payload buffer: packet payload or stream slice */
    size_t len;
    size_t min_end;      /* stream: a match must end past this (new data), else 0 */
    const uint8_t *pbuf; /* the payload buffer as verify_sig() found it (buf, len, min_end) */
    size_t plen, pmin;
    bool stream;
    const struct detect_tx_input *tx; /* app-layer buffers, NULL on the packet path */
    uint32_t steps;
    struct find_memo *fm; /* content searches in this buffer: VCTX_FIND_MEMO, the worker's */
    uint32_t nfm, fm_next;
    void *md;         /* the worker's pcre2_match_data */
    void *zs;         /* the worker's z_stream (gunzip, zlib_deflate) */
    uint8_t *xbuf[2]; /* the worker's transform scratch, DETECT_XFORM_BUF bytes each */
    uint64_t *xtrunc; /* counts transform results cut at DETECT_XFORM_BUF */
    uint64_t *dsfull; /* counts dataset:set adds refused at a set's memcap */
    uint64_t *fvfull; /* counts variables not kept: the flow has DETECT_FVAR_MAX */
    uint64_t vars[KW_MAX_VARS];
    uint8_t *b64;   /* the worker's base64_decode output: DETECT_B64_MAX bytes */
    size_t b64_len; /* bytes the latest base64_decode wrote (base64_data) */
    const struct detect_stream_sizes *ssz; /* stream_size: the flow's sizes, NULL: unknown */
    struct detect_xbits *xb;               /* the worker's xbits */
    uint8_t nctx;                          /* dataset JSON objects for the alert so far */
    struct detect_alert_ctx ctx[DETECT_ALERT_CTX_MAX];
};

/* An integer keyword (ttl, dsize, dns.rcode, ...): x against its operator and bounds. */
bool verify_num_match(const struct kw_num *n, uint64_t x);

/* Header, flow and flowbits keywords, then the payload chains. true: the sig matches. */
bool verify_sig(const struct dsig *d, struct vctx *v);
/* The payload-free part only (for the IP-only path and as a pre-check). */
bool verify_nonpayload(const struct dsig *d, const struct vctx *v);
/* Lists in d->npkw the keywords verify_nonpayload tests (once, at build). */
void verify_list_nonpayload(struct dsig *d);
/* Apply xbits and flowint changes of a matched signature; drops are counted in st. */
void verify_vars_apply(const struct dsig *d, struct vctx *v, struct detect_stats *st);
/* Apply flowbits set/unset/toggle of a matched signature. */
void verify_flowbits_apply(const struct dsig *d, struct detect_flow *df);
/* The transaction buffer a keyword buffer id reads, or -1 when it is not one. */
int verify_txb_of(uint16_t buffer);
/* The checksum keywords and icmpv6.mtu (csum.c): is id one, and does the packet agree. */
bool verify_icmpv6_mtu(const struct sig_kw *k, const struct packet *p);
bool verify_is_csum_kw(enum detect_kw_id id);
bool verify_csum_kw(const struct sig_kw *k, const struct packet *p);
/* dns.opcode, dns.rcode, dns.rrtype (dns.c): on the transaction's DETECT_TXB_DNS_MSG. */
bool verify_is_dns_kw(enum detect_kw_id id);
bool verify_dns_kw(const struct sig_kw *k, const struct vctx *v);
/* tls_cert_notbefore/notafter/expired/valid, tls.cert_chain_len (tls.c): on the
 * transaction's DETECT_TXB_TLS_CERT_INFO. */
bool verify_is_tls_kw(enum detect_kw_id id);
bool verify_tls_kw(const struct sig_kw *k, const struct vctx *v);
/* app-layer-event on the transaction's DETECT_TXB_EVENTS (dns.c). */
bool verify_app_event(const struct sig_kw *k, const struct vctx *v);
/* Transforms (transform.c): is id one; apply those of kws [i, end) up to the first payload
 * keyword to v's buffer (returns that keyword's index); does a transform precede kws[idx]
 * in its buffer (then its content cannot be a prefilter pattern of the raw buffer). */
bool verify_is_transform(enum detect_kw_id id);
uint32_t verify_transforms(const struct sig *s, uint32_t i, uint32_t end, struct vctx *v);
bool verify_kw_transformed(const struct sig *s, uint32_t idx);
/* dataset/datarep on v's current buffer, iprep on the packet's addresses (dsmatch.c). */
bool verify_dataset(enum detect_kw_id id, const void *data, struct vctx *v);
bool verify_iprep(const void *data, const struct vctx *v);
/* entropy on v's buffer: the value is kept on the flow, matched or not (flowvar.c). */
bool verify_entropy(const struct sig_kw *k, struct vctx *v);
/* pcre captures into flowvars/pktvars (flowvar.c): kept pending from a match of pc (rc as
 * pcre2_match returned, the ovector in v->md over subject) until the signature matched;
 * mark/rewind undo those of a path that failed; commit keeps them. */
void verify_fvar_capture(const struct kw_pcre *pc, struct vctx *v, const uint8_t *subject, int rc);
uint32_t verify_fvar_mark(const struct vctx *v);
void verify_fvar_rewind(struct vctx *v, uint32_t mark);
void verify_fvar_commit(struct vctx *v, uint64_t *truncated);
/* Free a flow state's variables (detect_flow_free). */
void detect_fvars_free(struct detect_flow *df);
/* Payload keyword (content, pcre, isdataat, byte_*). */
bool verify_is_payload_kw(enum detect_kw_id id);

#endif
