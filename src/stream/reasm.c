/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reassembly of one direction. In-order data with nothing held goes straight from the
 * packet to the consumer (no copy). Anything else is copied into a segment (chunks from
 * free lists grown under stream.reassembly.memcap) and flushed once the bytes at the
 * in-order point are present: overlapping segments are replayed in arrival order and
 * each byte goes to the segment the receiver's OS policy prefers. Bytes the receiver
 * acknowledged but that never passed the sensor become a gap.
 */
#include <string.h>

#include "core/alloc.h"
#include "core/compiler.h"
#include "stream_internal.h"

bool stream_policy_new_wins(enum defrag_os os, uint64_t n_off, uint64_t n_end, uint64_t o_off,
                            uint64_t o_end)
{
    /* Suricata's stream-tcp-list.c overlap table (DoHandleDataOverlap). */
    bool sol = os == DEFRAG_OS_SOLARIS || os == DEFRAG_OS_HPUX11;
    if (os == DEFRAG_OS_LAST)
        return true;
    if (n_off == o_off) {
        if (n_end < o_end)
            return false;
        if (n_end > o_end && os == DEFRAG_OS_LINUX)
            return true;
        return sol || os == DEFRAG_OS_OLD_LINUX;
    }
    if (n_off < o_off) {
        if (n_end >= o_end && sol)
            return true;
        switch (os) {
        case DEFRAG_OS_BSD:
        case DEFRAG_OS_HPUX10:
        case DEFRAG_OS_IRIX:
        case DEFRAG_OS_WINDOWS:
        case DEFRAG_OS_WINDOWS2K3:
        case DEFRAG_OS_OLD_LINUX:
        case DEFRAG_OS_LINUX:
        case DEFRAG_OS_MACOS:
            return true;
        default:
            return false;
        }
    }
    return n_end > o_end && sol;
}

static void *reasm_alloc(struct stream_ctx *ctx, size_t n)
{
    if (ctx->st.reassembly_memuse + n > ctx->cfg.reassembly_memcap)
        return NULL;
    void *p = kh_malloc(n);
    if (p != NULL)
        ctx->st.reassembly_memuse += n;
    return p;
}

/* Give a raw window back: the standard size to the free list, a grown one to the heap. */
static void raw_put(struct stream_ctx *ctx, struct stream_dir *d)
{
    if (d->raw_cap == 2 * ctx->cfg.raw_window) {
        memcpy(d->raw, &ctx->free_raw, sizeof(ctx->free_raw));
        ctx->free_raw = d->raw;
    } else {
        kh_free(d->raw);
        ctx->st.reassembly_memuse -= d->raw_cap;
    }
    d->raw = NULL;
    d->raw_cap = 0;
}

/*
 * Make room for a window of total bytes (more than raw_cap): a larger buffer, up to
 * STREAM_RAW_MAX, under stream.reassembly.memcap. Returns the capacity now.
 */
static uint32_t raw_grow(struct stream_ctx *ctx, struct stream_dir *d, uint32_t keep_from,
                         uint32_t keep, uint64_t total)
{
    uint64_t cap = d->raw_cap;
    while (cap < total && cap < STREAM_RAW_MAX)
        cap *= 2;
    if (cap > STREAM_RAW_MAX)
        cap = STREAM_RAW_MAX;
    uint8_t *n = cap > d->raw_cap ? reasm_alloc(ctx, cap) : NULL;
    if (n == NULL)
        return d->raw_cap;
    memcpy(n, d->raw + keep_from, keep);
    raw_put(ctx, d);
    d->raw = n;
    d->raw_cap = (uint32_t)cap;
    d->raw_len = keep;
    return d->raw_cap;
}

/*
 * Append bytes handed on to the raw window. It keeps at least the last raw_window bytes
 * and, when a raw consumer marks its progress (DIR_RAW_TRACKED), every byte after that
 * mark, so bytes released together by one ACK are all inspected: the buffer grows to
 * STREAM_RAW_MAX, past which the oldest uninspected bytes go (raw_overflow).
 */
static void raw_append(struct stream_ctx *ctx, struct stream_dir *d, const uint8_t *data,
                       uint32_t len)
{
    uint32_t w = ctx->cfg.raw_window;
    if (w == 0 || (d->flags & DIR_NO_RAW))
        return;
    if (d->raw == NULL) {
        if (ctx->free_raw) {
            d->raw = ctx->free_raw;
            memcpy(&ctx->free_raw, d->raw, sizeof(ctx->free_raw));
        } else if ((d->raw = reasm_alloc(ctx, 2 * (size_t)w)) == NULL) {
            d->flags |= DIR_NO_RAW;
            return;
        }
        d->raw_cap = 2 * w;
        d->raw_len = 0;
    }
    if (d->raw_len + len <= d->raw_cap) {
        memcpy(d->raw + d->raw_len, data, len);
        d->raw_len += len;
        return;
    }
    /* window [start, end), data goes to [end, new_end): keep [need, new_end) */
    uint64_t end = d->app_off, start = end - d->raw_len, new_end = end + len;
    uint64_t need = new_end - (w < new_end ? w : new_end);
    if ((d->flags & DIR_RAW_TRACKED) && d->raw_seen < need)
        need = d->raw_seen;
    if (need < start)
        need = start;
    uint32_t keep = need < end ? (uint32_t)(end - need) : 0;
    uint64_t total = new_end - need;
    if (total > d->raw_cap && (d->flags & DIR_RAW_TRACKED))
        raw_grow(ctx, d, (uint32_t)(need - start) * (need < end), keep, total);
    else if (keep)
        memmove(d->raw, d->raw + (need - start), keep);
    if (total > d->raw_cap) { /* at the cap: the oldest bytes go, uninspected */
        if (d->flags & DIR_RAW_TRACKED)
            ctx->st.raw_overflow++;
        need = new_end - d->raw_cap;
        keep = need < end ? (uint32_t)(end - need) : 0;
        memmove(d->raw, d->raw + d->raw_len - keep, keep);
        total = d->raw_cap;
    }
    uint32_t skip = need > end ? (uint32_t)(need - end) : 0;
    memcpy(d->raw + keep, data + skip, len - skip);
    d->raw_len = (uint32_t)total;
}

static void seg_free(struct stream_ctx *ctx, struct stream_seg *s);
static struct stream_seg *seg_new(struct stream_ctx *ctx, uint64_t off, const uint8_t *data,
                                  uint32_t len);

/*
 * IDS mode: the stream offset of d up to which its receiver (od) has acknowledged it.
 * Bytes wait for that ACK before they reach the consumer, as Suricata's IDS mode inspects
 * TCP data only after the acknowledgement for it was seen (docs.suricata.io, IPS mode,
 * "IPS Concept": "in IDS mode TCP traffic is only inspected after the acknowledgement
 * (ACK) for it has been received"). Inline mode hands bytes on as they arrive.
 */
static uint64_t acked_off(const struct stream_dir *d, const struct stream_dir *od)
{
    if (d->flags & (DIR_FLUSH | DIR_NO_ACK))
        return UINT64_MAX;
    if (!(od->flags & DIR_ACKED))
        return 0;
    int64_t delta = seq_diff(od->last_ack, d->next_seq);
    if (delta < 0 && (uint64_t)-delta > d->next_off)
        return 0;
    return d->next_off + (uint64_t)delta;
}

/*
 * Hand [off, off + len) to the consumer and to the raw window (which so ends at app_off):
 * bytes, or a gap when data is NULL.
 */
static void emit(struct stream_ctx *ctx, struct flow *f, int dir, uint64_t off, const uint8_t *data,
                 uint32_t len)
{
    struct stream_dir *d = &f->stream->d[dir];
    if (data == NULL || d->app_off != off)
        d->raw_len = 0; /* the raw window holds contiguous bytes only */
    if (data != NULL)
        raw_append(ctx, d, data, len);
    d->app_off = off + len;
    if (ctx->fn)
        ctx->fn(ctx->fn_ctx, f, dir, data, len, data ? 0 : STREAM_DATA_GAP);
}

/* Release what waits in d's queue up to offset upto, a chunk at a time (no copy). */
static void release_upto(struct stream_ctx *ctx, struct flow *f, int dir, uint64_t upto)
{
    struct stream_dir *d = &f->stream->d[dir];
    while (d->pend && d->pend->off < upto) {
        struct stream_seg *s = d->pend;
        uint64_t end = s->off + s->len;
        uint64_t from = s->off > d->app_off ? s->off : d->app_off;
        uint64_t to = end < upto ? end : upto;
        if (s->data == NULL && to > from) {
            emit(ctx, f, dir, from, NULL, (uint32_t)(to - from));
        } else {
            const struct stream_chunk *c = s->data;
            uint64_t coff = s->off; /* stream offset of c's first byte */
            for (; c && from < to; c = c->next, coff += CHUNK_DATA) {
                if (coff + CHUNK_DATA <= from)
                    continue;
                uint64_t b = coff + CHUNK_DATA < to ? coff + CHUNK_DATA : to;
                emit(ctx, f, dir, from, c->data + (from - coff), (uint32_t)(b - from));
                from = b;
            }
        }
        if (to < end)
            return;
        d->pend = s->next;
        if (d->pend == NULL)
            d->pend_tail = NULL;
        seg_free(ctx, s);
    }
}

void reasm_release(struct stream_ctx *ctx, struct flow *f, int dir, bool all)
{
    struct stream_dir *d = &f->stream->d[dir];
    if (d->pend != NULL)
        release_upto(ctx, f, dir, all ? UINT64_MAX : acked_off(d, &f->stream->d[!dir]));
}

/*
 * In-order bytes (or a gap, data NULL) at [off, off + len) for the consumer: now, when
 * inline or already acknowledged with nothing queued before them; else queued until the
 * receiver's ACK. Without room to queue them (stream.reassembly.memcap), what waits and
 * these bytes are handed on at once (ack_wait_memcap): early, never lost or reordered.
 */
static void pass_on(struct stream_ctx *ctx, struct flow *f, int dir, uint64_t off,
                    const uint8_t *data, uint32_t len)
{
    struct stream_dir *d = &f->stream->d[dir];
    if (d->pend == NULL &&
        (ctx->cfg.inline_mode || off + len <= acked_off(d, &f->stream->d[!dir]))) {
        emit(ctx, f, dir, off, data, len);
        return;
    }
    struct stream_seg *s = seg_new(ctx, off, data, data ? len : 0);
    if (s == NULL) {
        ctx->st.ack_wait_memcap++;
        release_upto(ctx, f, dir, UINT64_MAX);
        emit(ctx, f, dir, off, data, len);
        return;
    }
    s->len = len;
    if (d->pend_tail)
        d->pend_tail->next = s;
    else
        d->pend = s;
    d->pend_tail = s;
}

/* Pass len in-order bytes on and move the in-order point; depth stops the passing on. */
static void deliver(struct stream_ctx *ctx, struct decode_ctx *dec, struct flow *f,
                    struct packet *p, int dir, const uint8_t *data, uint32_t len)
{
    struct stream_dir *d = &f->stream->d[dir];
    uint64_t off = d->next_off;
    d->next_off += len;
    d->next_seq += len;
    if (d->flags & (DIR_DEPTH | DIR_EOF))
        return; /* past the depth, or bytes after the FIN: nothing for the consumer */
    uint64_t depth = ctx->cfg.depth;
    if (depth && off + len >= depth) {
        len = off < depth ? (uint32_t)(depth - off) : 0;
        d->flags |= DIR_DEPTH;
        ctx->st.stream_depth_reached++;
        if (p)
            decode_event_raise(dec, p, DECODE_EV_STREAM_REASSEMBLY_DEPTH_REACHED);
    }
    if (len > 0)
        pass_on(ctx, f, dir, off, data, len);
}

/* len bytes that will never be seen: tell the consumer, move the in-order point. */
static void gap(struct stream_ctx *ctx, struct flow *f, int dir, uint32_t len)
{
    struct stream_dir *d = &f->stream->d[dir];
    uint64_t off = d->next_off;
    d->next_off += len;
    d->next_seq += len;
    d->flags |= DIR_GAP;
    ctx->st.reassembly_gap++;
    if (!(d->flags & (DIR_DEPTH | DIR_EOF)))
        pass_on(ctx, f, dir, off, NULL, len);
}

/* Return a segment and its chunks to the free lists. */
static void seg_free(struct stream_ctx *ctx, struct stream_seg *s)
{
    struct stream_chunk *c = s->data;
    while (c) {
        struct stream_chunk *next = c->next;
        c->next = ctx->free_chunks;
        ctx->free_chunks = c;
        c = next;
    }
    s->next = ctx->free_segs;
    ctx->free_segs = s;
}

/* Copy data into a new segment at [off, off + len); NULL at the caps. */
static struct stream_seg *seg_new(struct stream_ctx *ctx, uint64_t off, const uint8_t *data,
                                  uint32_t len)
{
    struct stream_seg *s = ctx->free_segs;
    if (s != NULL)
        ctx->free_segs = s->next;
    else if ((s = reasm_alloc(ctx, sizeof(*s))) == NULL)
        return NULL;
    s->off = off;
    s->len = len;
    s->data = NULL;
    s->next = NULL;
    struct stream_chunk **tail = &s->data;
    for (uint32_t done = 0; done < len;) {
        struct stream_chunk *c = ctx->free_chunks;
        if (c != NULL)
            ctx->free_chunks = c->next;
        else if ((c = reasm_alloc(ctx, sizeof(*c))) == NULL)
            goto out_free_seg;
        uint32_t n = len - done < CHUNK_DATA ? len - done : CHUNK_DATA;
        memcpy(c->data, data + done, n);
        c->next = NULL;
        *tail = c;
        tail = &c->next;
        done += n;
    }
    return s;

out_free_seg:
    seg_free(ctx, s);
    return NULL;
}

/* The byte of s at stream offset pos (within s). */
static uint8_t seg_byte(const struct stream_seg *s, uint64_t pos)
{
    uint64_t i = pos - s->off;
    const struct stream_chunk *c = s->data;
    while (i >= CHUNK_DATA) {
        c = c->next;
        i -= CHUNK_DATA;
    }
    return c->data[i];
}

/* Copy n bytes of a segment from stream offset pos, chunk by chunk. */
static void seg_copy(const struct stream_seg *s, uint64_t pos, uint8_t *dst, uint64_t n)
{
    uint64_t i = pos - s->off;
    const struct stream_chunk *c = s->data;
    while (i >= CHUNK_DATA) {
        c = c->next;
        i -= CHUNK_DATA;
    }
    while (n > 0) {
        uint64_t take = CHUNK_DATA - i < n ? CHUNK_DATA - i : n;
        memcpy(dst, c->data + i, take);
        dst += take;
        n -= take;
        i = 0;
        c = c->next;
    }
}

/* Compare [off, off + len) with a list of segments (gaps skipped): as overlap_check. */
static int overlap_segs(const struct stream_seg *s, uint64_t off, const uint8_t *data, uint32_t len)
{
    int res = 0;
    uint64_t end = off + len;
    for (; s && s->off < end; s = s->next) {
        uint64_t a = s->off > off ? s->off : off, b = s->off + s->len < end ? s->off + s->len : end;
        if (a >= b || s->data == NULL)
            continue;
        res = 1;
        for (uint64_t pos = a; pos < b; pos++)
            if (seg_byte(s, pos) != data[pos - off])
                return 2;
    }
    return res;
}

/*
 * Compare a new segment [off, off + len) with what is already known: the raw window for
 * bytes handed on (it ends at app_off), the bytes waiting for their ACK and the held
 * segments. Returns 0 none, 1 overlap, 2 overlap with different bytes.
 */
static int overlap_check(const struct stream_dir *d, uint64_t off, const uint8_t *data,
                         uint32_t len)
{
    int res = 0;
    uint64_t end = off + len;
    uint64_t raw_start = d->app_off - d->raw_len;
    if (off < d->next_off)
        res = 1;
    for (uint64_t pos = off > raw_start ? off : raw_start; pos < end && pos < d->app_off; pos++)
        if (d->raw[pos - raw_start] != data[pos - off])
            return 2;
    int in_pend = overlap_segs(d->pend, off, data, len);
    int in_segs = in_pend == 2 ? 2 : overlap_segs(d->segs, off, data, len);
    if (in_pend == 2 || in_segs == 2)
        return 2;
    return res | in_pend | in_segs;
}

/*
 * Rebuild [start, start + run) from the held segments into ctx->scratch: segments in
 * arrival order, each byte to the one the policy keeps.
 */
static void rebuild_run(struct stream_ctx *ctx, const struct stream_dir *d, uint64_t start,
                        uint32_t run)
{
    const struct stream_seg *set[STREAM_MAX_SEGS_PER_DIR];
    uint32_t n = 0;
    uint64_t end = start + run;
    uint64_t reach = start; /* segments are in offset order: an overlap starts before it */
    bool overlap = false;
    for (const struct stream_seg *s = d->segs; s && s->off < end; s = s->next) {
        if (s->off + s->len <= start)
            continue;
        overlap |= s->off < reach;
        if (s->off + s->len > reach)
            reach = s->off + s->len;
        /* Insertion by arrival order; at most STREAM_MAX_SEGS_PER_DIR are held. */
        uint32_t i = n++;
        while (i > 0 && set[i - 1]->idx > s->idx) {
            set[i] = set[i - 1];
            i--;
        }
        set[i] = s;
    }
    if (!overlap) {
        /* The common case, segments side by side: no policy to apply, copy them whole. */
        for (uint32_t k = 0; k < n; k++) {
            const struct stream_seg *s = set[k];
            uint64_t a = s->off > start ? s->off : start;
            uint64_t b = s->off + s->len < end ? s->off + s->len : end;
            seg_copy(s, a, ctx->scratch + (a - start), b - a);
        }
        return;
    }
    memset(ctx->owner, 0, run * sizeof(*ctx->owner));
    for (uint32_t k = 0; k < n; k++) {
        const struct stream_seg *s = set[k];
        uint64_t a = s->off > start ? s->off : start;
        uint64_t b = s->off + s->len < end ? s->off + s->len : end;
        for (uint64_t pos = a; pos < b; pos++) {
            uint32_t o = ctx->owner[pos - start];
            if (o == 0 ||
                stream_policy_new_wins((enum defrag_os)d->policy, s->off, s->off + s->len,
                                       set[o - 1]->off, set[o - 1]->off + set[o - 1]->len)) {
                ctx->scratch[pos - start] = seg_byte(s, pos);
                ctx->owner[pos - start] = k + 1;
            }
        }
    }
}

/* Deliver what the held segments make contiguous from the in-order point. */
static void flush(struct stream_ctx *ctx, struct decode_ctx *dec, struct flow *f, struct packet *p,
                  int dir)
{
    struct stream_dir *d = &f->stream->d[dir];
    for (;;) {
        while (d->segs && d->segs->off + d->segs->len <= d->next_off) {
            struct stream_seg *s = d->segs;
            d->segs = s->next;
            d->nsegs--;
            seg_free(ctx, s);
        }
        if (d->segs == NULL || d->segs->off > d->next_off)
            return;
        uint64_t reach = d->next_off;
        for (const struct stream_seg *s = d->segs; s && s->off <= reach; s = s->next)
            if (s->off + s->len > reach)
                reach = s->off + s->len;
        uint32_t run =
            reach - d->next_off > FLUSH_MAX ? FLUSH_MAX : (uint32_t)(reach - d->next_off);
        rebuild_run(ctx, d, d->next_off, run);
        deliver(ctx, dec, f, p, dir, ctx->scratch, run);
    }
}

/* Hold a segment, by offset after those with the same offset. False at the caps. */
static bool hold(struct stream_ctx *ctx, struct stream_dir *d, uint64_t off, const uint8_t *data,
                 uint32_t len)
{
    if (d->nsegs >= STREAM_MAX_SEGS_PER_DIR)
        return false;
    struct stream_seg *s = seg_new(ctx, off, data, len);
    if (s == NULL)
        return false;
    s->idx = d->seg_idx++;
    struct stream_seg **pp = &d->segs;
    while (*pp && (*pp)->off <= off)
        pp = &(*pp)->next;
    s->next = *pp;
    *pp = s;
    d->nsegs++;
    return true;
}

void reasm_data(struct stream_ctx *ctx, struct decode_ctx *dec, struct flow *f, struct packet *p,
                int dir)
{
    struct stream_dir *d = &f->stream->d[dir];
    const uint8_t *data = p->payload.p;
    uint32_t len = (uint32_t)p->payload.len;
    uint32_t seq = p->tcp_seq + ((p->tcp_flags & 0x02) ? 1u : 0u);
    int64_t delta = seq_diff(seq, d->next_seq);
    if (seq_diff(seq + len, d->max_seq) > 0)
        d->max_seq = seq + len;
    if (delta < 0 && (uint64_t)-delta > d->next_off) {
        /* Starts before the first byte of the stream: keep what follows it. */
        decode_event_raise(dec, p, DECODE_EV_STREAM_REASSEMBLY_SEGMENT_BEFORE_BASE_SEQ);
        uint32_t cut = (uint32_t)(-delta - (int64_t)d->next_off);
        if (cut >= len)
            return;
        data += cut;
        len -= cut;
        delta += cut;
    }
    uint64_t off = d->next_off + (uint64_t)delta;
    int ov = overlap_check(d, off, data, len);
    if (ov) {
        ctx->st.overlap++;
        if (ov == 2) {
            ctx->st.overlap_diff_data++;
            decode_event_raise(dec, p, DECODE_EV_STREAM_REASSEMBLY_OVERLAP_DIFFERENT_DATA);
        }
    }
    if (off + len <= d->next_off) {
        decode_event_raise(dec, p, DECODE_EV_STREAM_PKT_RETRANSMISSION);
        return;
    }
    if (off < d->next_off) {
        /* The receiver already has the start: it keeps those bytes. */
        uint32_t cut = (uint32_t)(d->next_off - off);
        data += cut;
        len -= cut;
        off = d->next_off;
    }
    p->flags |= PKT_STREAM_ADD;
    if (likely(off == d->next_off && d->segs == NULL)) {
        deliver(ctx, dec, f, p, dir, data, len);
        return;
    }
    if ((d->flags & DIR_DEPTH) || !hold(ctx, d, off, data, len)) {
        p->flags &= ~(uint32_t)PKT_STREAM_ADD; /* not taken: inspected as a packet */
        if (!(d->flags & DIR_DEPTH)) {
            ctx->st.segment_memcap_drop++;
            decode_event_raise(dec, p, DECODE_EV_STREAM_REASSEMBLY_INSERT_MEMCAP);
        }
        return;
    }
    flush(ctx, dec, f, p, dir);
}

/*
 * p (from dir) acknowledges the other direction up to p->tcp_ack: bytes the receiver has
 * that never passed here are a gap (Suricata's reassembly_seq_gap), so the consumer moves on.
 */
void reasm_ack(struct stream_ctx *ctx, struct decode_ctx *dec, struct flow *f, struct packet *p,
               int dir)
{
    struct stream_dir *od = &f->stream->d[!dir];
    uint32_t target = p->tcp_ack;
    reasm_release(ctx, f, !dir, false); /* IDS: what this ACK covers reaches the consumer */
    if (!(od->flags & DIR_SYN) || seq_diff(target, od->next_seq) <= 0)
        return;
    if ((od->flags & DIR_FIN) && seq_diff(target, od->fin_seq) > 0)
        target = od->fin_seq; /* the FIN takes one sequence number, no byte */
    /* An ACK for bytes never sent (or a bogus one): not a gap. */
    if (seq_diff(target, od->max_seq) > 0 && !(od->flags & DIR_FIN))
        return;
    flush(ctx, dec, f, p, !dir);
    while (seq_diff(target, od->next_seq) > 0) {
        uint32_t len = (uint32_t)seq_diff(target, od->next_seq);
        if (od->segs && od->segs->off < od->next_off + len)
            len = (uint32_t)(od->segs->off - od->next_off);
        if (len) {
            decode_event_raise(dec, p, DECODE_EV_STREAM_REASSEMBLY_SEQ_GAP);
            gap(ctx, f, !dir, len);
        }
        flush(ctx, dec, f, p, !dir);
        if (len == 0 && (od->segs == NULL || od->segs->off > od->next_off))
            break;
    }
}

void reasm_eof(struct stream_ctx *ctx, struct flow *f, int dir, bool flush_gaps)
{
    struct stream_dir *d = &f->stream->d[dir];
    if (flush_gaps)
        d->flags |= DIR_FLUSH; /* the flow ends: no ACK will come */
    reasm_release(ctx, f, dir, true);
    while (flush_gaps && d->segs) {
        if (d->segs->off > d->next_off)
            gap(ctx, f, dir, (uint32_t)(d->segs->off - d->next_off));
        flush(ctx, NULL, f, NULL, dir);
    }
    if (!(d->flags & DIR_EOF)) {
        d->flags |= DIR_EOF;
        if (ctx->fn)
            ctx->fn(ctx->fn_ctx, f, dir, NULL, 0, STREAM_DATA_EOF);
    }
}

void reasm_dir_free(struct stream_ctx *ctx, struct stream_dir *d)
{
    while (d->pend) {
        struct stream_seg *s = d->pend;
        d->pend = s->next;
        seg_free(ctx, s);
    }
    d->pend_tail = NULL;
    while (d->segs) {
        struct stream_seg *s = d->segs;
        d->segs = s->next;
        seg_free(ctx, s);
    }
    d->nsegs = 0;
    if (d->raw)
        raw_put(ctx, d);
}
