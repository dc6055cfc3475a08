/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * TCP session tracking (RFC 9293 §3.3.2 and §3.10.7) in Suricata's manner: a session
 * starts on a SYN (or midstream, when stream.midstream allows), the handshake's sequence
 * and acknowledgement numbers are checked, then each packet is checked against the
 * receiver's window before its data is reassembled. Anomalies raise Suricata's stream.*
 * events; the packet's data is then not reassembled.
 */
#include <inttypes.h>
#include <string.h>

#include "core/alloc.h"
#include "core/compiler.h"
#include "core/log.h"
#include "stream_internal.h"

#define F_FIN 0x01
#define F_SYN 0x02
#define F_RST 0x04
#define F_ACK 0x10

struct stream_ctx *stream_ctx_new(const struct stream_config *cfg, stream_data_fn fn, void *fn_ctx)
{
    struct stream_ctx *ctx = kh_calloc(1, sizeof(*ctx));
    if (ctx == NULL)
        return NULL;
    ctx->cfg = *cfg;
    ctx->fn = fn;
    ctx->fn_ctx = fn_ctx;
    ctx->scratch = kh_malloc(FLUSH_MAX);
    ctx->owner = kh_calloc(FLUSH_MAX, sizeof(*ctx->owner));
    if (ctx->scratch == NULL || ctx->owner == NULL) {
        stream_ctx_free(ctx);
        return NULL;
    }
    return ctx;
}

void stream_ctx_free(struct stream_ctx *ctx)
{
    if (ctx == NULL)
        return;
    for (struct stream_session *s = ctx->free_ssn, *n; s; s = n) {
        n = s->next_free;
        kh_free(s);
    }
    for (struct stream_seg *s = ctx->free_segs, *n; s; s = n) {
        n = s->next;
        kh_free(s);
    }
    for (struct stream_chunk *c = ctx->free_chunks, *n; c; c = n) {
        n = c->next;
        kh_free(c);
    }
    for (uint8_t *r = ctx->free_raw, *n; r; r = n) {
        memcpy(&n, r, sizeof(n));
        kh_free(r);
    }
    kh_free(ctx->scratch);
    kh_free(ctx->owner);
    kh_free(ctx);
}

const struct stream_stats *stream_ctx_stats(const struct stream_ctx *ctx)
{
    return &ctx->st;
}

/* A session from the free list or, under stream.memcap, a new one. */
static struct stream_session *ssn_get(struct stream_ctx *ctx)
{
    struct stream_session *s = ctx->free_ssn;
    if (s != NULL) {
        ctx->free_ssn = s->next_free;
    } else if (ctx->st.memuse + sizeof(*s) <= ctx->cfg.memcap &&
               (s = kh_malloc(sizeof(*s))) != NULL) {
        ctx->st.memuse += sizeof(*s);
    } else {
        ctx->st.ssn_memcap_drop++;
        return NULL;
    }
    memset(s, 0, sizeof(*s));
    ctx->st.sessions++;
    ctx->st.active_sessions++;
    return s;
}

/* Start a session on flow f; the receiver of each direction picks its overlap policy. */
static struct stream_session *ssn_start(struct stream_ctx *ctx, struct flow *f)
{
    struct stream_session *s = ssn_get(ctx);
    if (s == NULL)
        return NULL;
    const struct defrag_hostos *h = ctx->cfg.hostos;
    s->d[0].policy = (uint8_t)(h ? defrag_hostos_lookup(h, f->ip_ver, &f->dst) : DEFRAG_OS_BSD);
    s->d[1].policy = (uint8_t)(h ? defrag_hostos_lookup(h, f->ip_ver, &f->src) : DEFRAG_OS_BSD);
    f->stream = s;
    return s;
}

/* Direction d's sequence numbers start at seq (the next byte after a SYN, or midstream). */
static void dir_base(struct stream_dir *d, uint32_t seq)
{
    d->next_seq = seq;
    d->max_seq = seq;
    d->flags |= DIR_SYN;
}

/*
 * TCP Fast Open (RFC 7413): data on the client's SYN is the server's only once its SYN/ACK
 * acknowledges it; a server without TFO acknowledges the SYN alone and never reads the data
 * (stream.3whs_synack_tfo_data_ignored). So the payload waits in the session, under
 * stream.reassembly.memcap, for the SYN/ACK. A later SYN replaces it.
 */
static void syn_data_drop(struct stream_ctx *ctx, struct stream_session *s)
{
    if (s->syn_data == NULL)
        return;
    kh_free(s->syn_data);
    ctx->st.reassembly_memuse -= s->syn_data_len;
    s->syn_data = NULL;
    s->syn_data_len = 0;
}

static void syn_data_keep(struct stream_ctx *ctx, struct stream_session *s, const struct packet *p)
{
    syn_data_drop(ctx, s);
    size_t n = p->payload.len;
    if (n == 0 || n > STREAM_SYN_DATA_MAX ||
        ctx->st.reassembly_memuse + n > ctx->cfg.reassembly_memcap ||
        (s->syn_data = kh_malloc(n)) == NULL) {
        if (n != 0)
            ctx->st.segment_memcap_drop++;
        return;
    }
    memcpy(s->syn_data, p->payload.p, n);
    s->syn_data_len = (uint32_t)n;
    ctx->st.reassembly_memuse += n;
}

/* The SYN/ACK p answered the SYN: its data becomes stream data if p acknowledges it. */
static void syn_data_answered(struct stream_ctx *ctx, struct decode_ctx *dec, struct flow *f,
                              struct stream_session *s, struct packet *p)
{
    if (s->syn_data == NULL)
        return;
    if (p->tcp_ack == s->d[0].isn + 1 + s->syn_data_len) {
        struct packet q = *p; /* the SYN's bytes, as the SYN carried them */
        q.payload = (struct span){s->syn_data, s->syn_data_len};
        q.tcp_seq = s->d[0].isn;
        q.tcp_flags = F_SYN;
        q.flow_dir = 0;
        reasm_data(ctx, dec, f, &q, 0);
    } else {
        decode_event_raise(dec, p, DECODE_EV_STREAM_3WHS_SYNACK_TFO_DATA_IGNORED);
    }
    syn_data_drop(ctx, s);
}

/* A SYN (or SYN/ACK) from direction d's sender: its ISN, and window scaling if offered. */
static void dir_syn(struct stream_dir *d, const struct packet *p)
{
    d->isn = p->tcp_seq;
    dir_base(d, p->tcp_seq + 1);
    if (p->tcp_opt.has_wscale) {
        d->flags |= DIR_WSCALE;
        d->wscale = p->tcp_opt.wscale;
    }
    if (p->tcp_opt.has_ts) {
        d->flags |= DIR_TS;
        d->last_tsval = p->tcp_opt.ts_val;
    }
}

/* The window an ACK advertises, scaled when both SYNs agreed on scaling (RFC 7323 §2.2). */
static void note_ack(struct stream_session *s, const struct packet *p, int dir)
{
    struct stream_dir *d = &s->d[dir];
    if (!(p->tcp_flags & F_ACK))
        return;
    bool scale = (s->d[0].flags & DIR_WSCALE) && (s->d[1].flags & DIR_WSCALE);
    d->win = (uint32_t)p->tcp_win << (scale && !(p->tcp_flags & F_SYN) ? d->wscale : 0);
    if (!(d->flags & DIR_ACKED) || seq_diff(p->tcp_ack, d->last_ack) > 0)
        d->last_ack = p->tcp_ack;
    d->flags |= DIR_ACKED;
}

/* No session yet: a SYN starts one; with midstream on, so does a SYN/ACK or any ACK. */
static void state_none(struct stream_ctx *ctx, struct decode_ctx *dec, struct flow *f,
                       struct packet *p, int dir)
{
    uint8_t fl = p->tcp_flags;
    if (fl & F_RST) {
        decode_event_raise(dec, p, DECODE_EV_STREAM_RST_BUT_NO_SESSION);
        return;
    }
    if ((fl & F_FIN) && !(fl & F_SYN) && !ctx->cfg.midstream) {
        decode_event_raise(dec, p, DECODE_EV_STREAM_FIN_BUT_NO_SESSION);
        return;
    }
    bool syn = (fl & (F_SYN | F_ACK)) == F_SYN;
    /* stream.async-oneside also picks a session up from a SYN/ACK, the client's SYN
     * unseen (Suricata; suricata-verify http-async-srv: the server's side only). */
    bool async_synack = ctx->cfg.async_oneside && (fl & (F_SYN | F_ACK)) == (F_SYN | F_ACK);
    if (!syn && !ctx->cfg.midstream && !async_synack)
        return;
    struct stream_session *s = ssn_start(ctx, f);
    if (s == NULL)
        return;
    struct stream_dir *d = &s->d[dir];
    if (syn) {
        dir_syn(d, p);
        s->syn_ts = p->tcp_opt.has_ts && dir == 0;
        s->syn_tsval = p->tcp_opt.ts_val;
        s->state = FLOW_TCP_SYN_SENT;
        if (p->payload.len && dir == 0) {
            syn_data_keep(ctx, s, p);
            p->flags |= PKT_STREAM_HELD;
        }
        return;
    }
    /* Midstream: take both directions' numbers from this packet. */
    ctx->st.midstream_pickups++;
    s->midstream = true;
    s->async = async_synack && !ctx->cfg.midstream;
    /* With stream.async-oneside a pickup is taken as possibly one-sided (Suricata flags it
     * async): its bytes go on as they come, not when an ACK that may never pass is seen. */
    if (ctx->cfg.async_oneside) {
        s->d[0].flags |= DIR_NO_ACK;
        s->d[1].flags |= DIR_NO_ACK;
    }
    dir_base(d, p->tcp_seq + ((fl & F_SYN) ? 1u : 0u));
    if (fl & F_ACK)
        dir_base(&s->d[!dir], p->tcp_ack);
    s->state = (fl & F_SYN) ? FLOW_TCP_SYN_RECV : FLOW_TCP_ESTABLISHED;
    note_ack(s, p, dir);
}

/* SYN sent by the client: wait for the server's SYN/ACK acknowledging it. */
static bool state_syn_sent(struct stream_ctx *ctx, struct decode_ctx *dec, struct flow *f,
                           struct stream_session *s, struct packet *p, int dir)
{
    uint32_t max_syn_queued = ctx->cfg.max_syn_queued;
    uint8_t fl = p->tcp_flags & (F_SYN | F_ACK);
    if (dir == 0 && s->four_whs && fl == (F_SYN | F_ACK)) {
        /* 4WHS: the client's SYN/ACK acknowledges the server's SYN */
        if (p->tcp_ack != s->d[1].isn + 1 || p->tcp_seq != s->d[0].isn) {
            decode_event_raise(dec, p,
                               p->tcp_ack != s->d[1].isn + 1
                                   ? DECODE_EV_STREAM_4WHS_SYNACK_WITH_WRONG_ACK
                                   : DECODE_EV_STREAM_4WHS_SYNACK_WITH_WRONG_SYN);
            return false;
        }
        s->state = FLOW_TCP_SYN_RECV;
        note_ack(s, p, 0);
        return false;
    }
    if (dir == 0) {
        if (fl == (F_SYN | F_ACK))
            decode_event_raise(dec, p, DECODE_EV_STREAM_3WHS_SYNACK_IN_WRONG_DIRECTION);
        else if (fl == F_SYN && p->tcp_seq != s->d[0].isn) {
            /* Suricata queues up to stream.max-syn-queued such SYNs; past that each one
             * is 3whs_syn_flood. The latest SYN is the one a SYN/ACK is checked against. */
            if (s->syns >= max_syn_queued)
                decode_event_raise(dec, p, DECODE_EV_STREAM_3WHS_SYN_FLOOD);
            else
                s->syns++;
            dir_base(&s->d[0], (s->d[0].isn = p->tcp_seq) + 1); /* a new SYN replaces it */
            syn_data_keep(ctx, s, p);
            if (p->payload.len)
                p->flags |= PKT_STREAM_HELD;
        }
        return false;
    }
    if (fl == F_SYN) { /* the split handshake (4WHS): the client answers with a SYN/ACK */
        dir_syn(&s->d[1], p);
        s->four_whs = true;
        return false;
    }
    if (fl != (F_SYN | F_ACK))
        return false;
    /* the SYN/ACK acknowledges the SYN, or with TCP Fast Open its data too */
    if (p->tcp_ack != s->d[0].isn + 1 && p->tcp_ack != s->d[0].isn + 1 + s->syn_data_len) {
        decode_event_raise(dec, p, DECODE_EV_STREAM_3WHS_SYNACK_WITH_WRONG_ACK);
        return false;
    }
    dir_syn(&s->d[1], p);
    s->state = FLOW_TCP_SYN_RECV;
    note_ack(s, p, 1);
    syn_data_answered(ctx, dec, f, s, p);
    return false;
}

/* SYN/ACK sent: the client's ACK of it completes the handshake (and may carry data). */
static bool state_syn_recv(struct decode_ctx *dec, struct stream_session *s, struct packet *p,
                           int dir)
{
    uint8_t fl = p->tcp_flags & (F_SYN | F_ACK);
    if (fl == (F_SYN | F_ACK)) {
        if (dir == 0)
            decode_event_raise(dec, p, DECODE_EV_STREAM_3WHS_SYNACK_TOSERVER_ON_SYN_RECV);
        else if (p->tcp_seq != s->d[1].isn)
            decode_event_raise(dec, p, DECODE_EV_STREAM_3WHS_SYNACK_RESEND_WITH_DIFF_SEQ);
        else if (p->tcp_ack != s->d[0].isn + 1)
            decode_event_raise(dec, p, DECODE_EV_STREAM_3WHS_SYNACK_RESEND_WITH_DIFF_ACK);
        return false;
    }
    if (fl == F_SYN) {
        if (dir == 1)
            decode_event_raise(dec, p, DECODE_EV_STREAM_3WHS_SYN_TOCLIENT_ON_SYN_RECV);
        else if (p->tcp_seq != s->d[0].isn)
            decode_event_raise(dec, p, DECODE_EV_STREAM_3WHS_SYN_RESEND_DIFF_SEQ_ON_SYN_RECV);
        return false;
    }
    if (fl != F_ACK)
        return false;
    if (s->four_whs) { /* the server's ACK of the client's SYN/ACK ends the 4WHS */
        if (dir != 1)
            return false;
        if (p->tcp_ack != s->d[0].next_seq || p->tcp_seq != s->d[1].next_seq) {
            decode_event_raise(dec, p,
                               p->tcp_ack != s->d[0].next_seq ? DECODE_EV_STREAM_4WHS_INVALID_ACK
                                                              : DECODE_EV_STREAM_4WHS_WRONG_SEQ);
            return false;
        }
    } else if (dir == 1) {
        if (!s->midstream) {
            decode_event_raise(dec, p, DECODE_EV_STREAM_3WHS_ACK_IN_WRONG_DIR);
            return false;
        }
    } else if (p->tcp_ack != s->d[1].next_seq || p->tcp_seq != s->d[0].next_seq) {
        decode_event_raise(dec, p, DECODE_EV_STREAM_3WHS_WRONG_SEQ_WRONG_ACK);
        return false;
    }
    s->state = FLOW_TCP_ESTABLISHED;
    return true;
}

/* A SYN or SYN/ACK once established: Suricata's est_syn_* / est_synack_* events. */
static void syn_in_established(struct decode_ctx *dec, struct stream_session *s, struct packet *p,
                               int dir)
{
    bool ack = p->tcp_flags & F_ACK;
    enum decode_event ev;
    if (dir == 0)
        ev = ack ? DECODE_EV_STREAM_EST_SYNACK_TOSERVER
                 : (p->tcp_seq == s->d[0].isn ? DECODE_EV_STREAM_EST_SYN_RESEND
                                              : DECODE_EV_STREAM_EST_SYN_RESEND_DIFF_SEQ);
    else if (!ack)
        ev = DECODE_EV_STREAM_EST_SYN_TOCLIENT;
    else if (p->tcp_seq != s->d[1].isn)
        ev = DECODE_EV_STREAM_EST_SYNACK_RESEND_WITH_DIFF_SEQ;
    else if (p->tcp_ack != s->d[0].isn + 1)
        ev = DECODE_EV_STREAM_EST_SYNACK_RESEND_WITH_DIFF_ACK;
    else
        ev = DECODE_EV_STREAM_EST_SYNACK_RESEND;
    decode_event_raise(dec, p, ev);
}

/*
 * Is the segment inside the receiver's window (RFC 9293 §3.10.7.4)? Its start must not
 * pass the receiver's last ACK plus its window. Unknown windows pass.
 */
static bool in_window(const struct stream_session *s, const struct packet *p, int dir)
{
    const struct stream_dir *rcv = &s->d[!dir];
    if (!(rcv->flags & DIR_ACKED) || s->midstream)
        return true;
    return seq_diff(p->tcp_seq, rcv->last_ack + rcv->win) <= 0 ||
           (p->payload.len == 0 && rcv->win == 0);
}

/*
 * Closing states from FINs and the ACKs of them, named as Suricata names them (EVE
 * tcp.state; suricata-verify bug-2491-02 and stream-async-6063-*): the names are the
 * server's side of the close. A client FIN puts the session in close_wait, the server's
 * FIN then in last_ack, the client's ACK of it in closed. A server FIN puts it in
 * fin_wait1; the client's ACK of it: fin_wait2; the client's FIN: time_wait (closing when
 * it does not ack the server's); the server's ACK of that FIN: closed.
 */
static void closing(struct stream_session *s, const struct packet *p, int dir)
{
    struct stream_dir *me = &s->d[dir], *other = &s->d[!dir];
    bool fin = (p->tcp_flags & F_FIN) && (me->flags & DIR_FIN);
    bool acks_other_fin = (other->flags & DIR_FIN) && (p->tcp_flags & F_ACK) &&
                          seq_diff(p->tcp_ack, other->fin_seq) > 0;
    switch (s->state) {
    case FLOW_TCP_ESTABLISHED:
        if (fin)
            s->state = dir == 0 ? FLOW_TCP_CLOSE_WAIT : FLOW_TCP_FIN_WAIT1;
        break;
    case FLOW_TCP_FIN_WAIT1:
        if (dir == 0 && fin)
            s->state = acks_other_fin ? FLOW_TCP_TIME_WAIT : FLOW_TCP_CLOSING;
        else if (dir == 0 && acks_other_fin)
            s->state = FLOW_TCP_FIN_WAIT2;
        break;
    case FLOW_TCP_FIN_WAIT2:
        if (dir == 0 && fin)
            s->state = FLOW_TCP_TIME_WAIT;
        break;
    case FLOW_TCP_CLOSING:
        if (acks_other_fin)
            s->state = FLOW_TCP_TIME_WAIT;
        break;
    case FLOW_TCP_TIME_WAIT:
        if (dir == 1 && acks_other_fin)
            s->state = FLOW_TCP_CLOSED;
        break;
    case FLOW_TCP_CLOSE_WAIT:
        if (dir == 1 && fin)
            s->state = FLOW_TCP_LAST_ACK;
        break;
    case FLOW_TCP_LAST_ACK:
        if (dir == 0 && acks_other_fin)
            s->state = FLOW_TCP_CLOSED;
        break;
    default:
        break;
    }
}

/* The events of a closing state for a bad FIN / a bad other segment (Suricata's names). */
static const struct {
    uint8_t state;
    uint16_t invalid_ack, fin_wrong_seq, ack_wrong_seq;
} closing_events[] = {
    {FLOW_TCP_ESTABLISHED, DECODE_EV_STREAM_EST_INVALID_ACK, DECODE_EV_STREAM_FIN_OUT_OF_WINDOW,
     DECODE_EV_STREAM_EST_PACKET_OUT_OF_WINDOW},
    {FLOW_TCP_FIN_WAIT1, DECODE_EV_STREAM_FIN1_INVALID_ACK, DECODE_EV_STREAM_FIN1_FIN_WRONG_SEQ,
     DECODE_EV_STREAM_FIN1_ACK_WRONG_SEQ},
    {FLOW_TCP_FIN_WAIT2, DECODE_EV_STREAM_FIN2_INVALID_ACK, DECODE_EV_STREAM_FIN2_FIN_WRONG_SEQ,
     DECODE_EV_STREAM_FIN2_ACK_WRONG_SEQ},
    {FLOW_TCP_CLOSING, DECODE_EV_STREAM_CLOSING_INVALID_ACK, DECODE_EV_STREAM_CLOSING_ACK_WRONG_SEQ,
     DECODE_EV_STREAM_CLOSING_ACK_WRONG_SEQ},
    {FLOW_TCP_CLOSE_WAIT, DECODE_EV_STREAM_CLOSEWAIT_INVALID_ACK,
     DECODE_EV_STREAM_CLOSEWAIT_FIN_OUT_OF_WINDOW, DECODE_EV_STREAM_CLOSEWAIT_ACK_OUT_OF_WINDOW},
    {FLOW_TCP_LAST_ACK, DECODE_EV_STREAM_LASTACK_INVALID_ACK,
     DECODE_EV_STREAM_LASTACK_ACK_WRONG_SEQ, DECODE_EV_STREAM_LASTACK_ACK_WRONG_SEQ},
    {FLOW_TCP_TIME_WAIT, DECODE_EV_STREAM_TIMEWAIT_INVALID_ACK,
     DECODE_EV_STREAM_TIMEWAIT_ACK_WRONG_SEQ, DECODE_EV_STREAM_TIMEWAIT_ACK_WRONG_SEQ},
};

static int closing_event_idx(uint8_t state)
{
    for (size_t i = 0; i < sizeof(closing_events) / sizeof(closing_events[0]); i++)
        if (closing_events[i].state == state)
            return (int)i;
    return -1;
}

/*
 * ACK validation (Suricata's StreamTcpValidateAck in spirit): an ACK may not acknowledge
 * bytes the other side cannot have sent, i.e. past both the highest byte seen from it
 * (its FIN counting one) and the window this side last offered it. Such an ACK (an
 * insertion attempt, or a forged packet) is pkt_invalid_ack plus the state's event
 * (est_invalid_ack, fin_invalid_ack on a FIN, fin1_invalid_ack, closewait_invalid_ack, ...)
 * and the packet is ignored. Sessions picked up midstream or seen one way are not checked.
 */
static bool ack_valid(struct decode_ctx *dec, const struct stream_session *s, struct packet *p,
                      int dir, int ev)
{
    const struct stream_dir *me = &s->d[dir], *other = &s->d[!dir];
    if (!(p->tcp_flags & F_ACK) || !(me->flags & DIR_ACKED) || !(other->flags & DIR_SYN) ||
        s->midstream || s->async)
        return true;
    uint32_t sent_end = other->max_seq + ((other->flags & DIR_FIN) ? 1u : 0u);
    if (seq_diff(p->tcp_ack, sent_end) <= 0 || seq_diff(p->tcp_ack, me->last_ack + me->win) <= 0)
        return true;
    decode_event_raise(dec, p, DECODE_EV_STREAM_PKT_INVALID_ACK);
    if (ev >= 0)
        decode_event_raise(dec, p,
                           s->state == FLOW_TCP_ESTABLISHED && (p->tcp_flags & F_FIN)
                               ? DECODE_EV_STREAM_FIN_INVALID_ACK
                               : (enum decode_event)closing_events[ev].invalid_ack);
    return false;
}

/*
 * Sequence checks around a FIN. In established, a FIN that ends the stream before bytes
 * its sender already sent (seq + len below its highest sequence number, and not a resend
 * of its FIN) is fin_out_of_window and ignored: the receiver would not take it there.
 * Once a side sent its FIN, it sends no byte past it: a segment with data or a FIN past
 * fin_seq, or an ACK whose seq is past fin_seq + 1, is the closing state's wrong-seq
 * event (fin1_fin_wrong_seq, closewait_ack_out_of_window, lastack_ack_wrong_seq, ...) and
 * is ignored, so bytes sent after a FIN never reach the stream.
 */
static bool fin_seq_valid(struct decode_ctx *dec, const struct stream_session *s, struct packet *p,
                          int dir, int ev)
{
    const struct stream_dir *me = &s->d[dir];
    uint32_t end = p->tcp_seq + (uint32_t)p->payload.len;
    bool fin = p->tcp_flags & F_FIN;
    if (!(me->flags & DIR_FIN)) {
        if (!fin || seq_diff(end, me->max_seq) >= 0)
            return true;
        decode_event_raise(dec, p, DECODE_EV_STREAM_FIN_OUT_OF_WINDOW);
        return false;
    }
    bool bad = fin ? end != me->fin_seq
                   : (p->payload.len ? seq_diff(end, me->fin_seq) > 0
                                     : seq_diff(p->tcp_seq, me->fin_seq + 1) > 0);
    if (!bad || ev < 0)
        return true;
    decode_event_raise(dec, p,
                       (enum decode_event)(fin ? closing_events[ev].fin_wrong_seq
                                               : closing_events[ev].ack_wrong_seq));
    return false;
}

/*
 * PAWS (RFC 7323 §5): when both SYNs offered timestamps, every segment but an RST carries
 * one, and its TSval is not older than the receiver's TS.Recent. A segment failing that
 * is Suricata's pkt_invalid_timestamp and is ignored (a receiver drops it, so its bytes
 * must not reach the stream: an insertion evasion otherwise). A TSval of 0 is not judged.
 * TS.Recent (last_tsval) moves only on a segment that starts at or before the in-order
 * point (RFC 7323 §4.3: one the receiver can acknowledge), so segments reordered on the
 * way are not dropped for carrying an older value than one sent after them.
 */
static bool ts_valid(struct decode_ctx *dec, struct stream_session *s, struct packet *p, int dir)
{
    struct stream_dir *me = &s->d[dir];
    if (!(me->flags & DIR_TS) || !(s->d[!dir].flags & DIR_TS) || (p->tcp_flags & F_RST))
        return true;
    uint32_t ts = p->tcp_opt.ts_val;
    /* RFC 7323 §3.2 says a receiver SHOULD drop a segment without one; Linux takes it, so
     * for a Linux receiver (host-os-policy) so does stream: it must read what the host
     * reads. Others drop it. */
    if (!p->tcp_opt.has_ts && (me->policy == DEFRAG_OS_LINUX || me->policy == DEFRAG_OS_OLD_LINUX))
        return true;
    if (p->tcp_opt.has_ts && (ts == 0 || seq_diff(ts, me->last_tsval) >= 0)) {
        if (ts != 0 && seq_diff(p->tcp_seq, me->next_seq) <= 0)
            me->last_tsval = ts;
        return true;
    }
    decode_event_raise(dec, p, DECODE_EV_STREAM_PKT_INVALID_TIMESTAMP);
    return false;
}

/* Established or closing: window check, RST, SYNs, data, FIN, ACK gaps. */
static void state_open(struct stream_ctx *ctx, struct decode_ctx *dec, struct flow *f,
                       struct packet *p, int dir)
{
    struct stream_session *s = f->stream;
    uint8_t fl = p->tcp_flags;
    if (fl & F_SYN) {
        syn_in_established(dec, s, p, dir);
        return;
    }
    if (!(s->d[dir].flags & DIR_SYN))
        dir_base(&s->d[dir], p->tcp_seq); /* midstream: first packet of this direction */
    if (unlikely(!in_window(s, p, dir))) {
        decode_event_raise(dec, p, DECODE_EV_STREAM_EST_PACKET_OUT_OF_WINDOW);
        return;
    }
    if (fl & F_RST) {
        s->pstate = s->state;
        s->state = FLOW_TCP_CLOSED;
        s->d[!dir].flags |= DIR_RST_RECV;
        return; /* the streams end at the flow's end: the RST may be a forgery */
    }
    int ev = closing_event_idx(s->state);
    if (!ts_valid(dec, s, p, dir) || !ack_valid(dec, s, p, dir, ev) ||
        !fin_seq_valid(dec, s, p, dir, ev))
        return;
    note_ack(s, p, dir);
    struct stream_dir *d = &s->d[dir];
    if (p->payload.len)
        reasm_data(ctx, dec, f, p, dir);
    if ((fl & F_FIN) && !(d->flags & DIR_FIN)) {
        d->flags |= DIR_FIN;
        d->fin_seq = p->tcp_seq + (uint32_t)p->payload.len;
    }
    if (fl & F_ACK)
        reasm_ack(ctx, dec, f, p, dir);
    if (ctx->cfg.inline_mode && (d->flags & DIR_FIN) && d->next_seq == d->fin_seq)
        reasm_eof(ctx, f, dir, false);
    closing(s, p, dir);
    /* IDS: the streams end for the consumer as the session closes (Suricata flags app-layer
     * EOF in the closed state), each with all its bytes up to its FIN. */
    if (!ctx->cfg.inline_mode && s->state == FLOW_TCP_CLOSED)
        for (int k = 0; k < 2; k++)
            if ((s->d[k].flags & DIR_FIN) && s->d[k].next_seq == s->d[k].fin_seq)
                reasm_eof(ctx, f, k, false);
}

/*
 * An RST in syn_sent closes the session only when it can be genuine: from the server it
 * must acknowledge the SYN (RFC 9293 3.10.7.3; otherwise it is dropped), from the client
 * it must be the abort of its own SYN (seq = ISN, ack = ISN + 1, window 0), as Suricata
 * checks; others are ignored (bug-3286 evasions).
 */
static bool syn_sent_rst_ok(const struct stream_session *s, const struct packet *p, int dir)
{
    const struct stream_dir *c = &s->d[0];
    if (dir == 1)
        return (p->tcp_flags & F_ACK) && p->tcp_ack == c->isn + 1;
    return p->tcp_seq == c->isn && p->tcp_ack == c->isn + 1 && p->tcp_win == 0;
}

/*
 * In syn_sent, a segment from the server that carries a timestamp echoes the TSval of
 * the client's SYN (RFC 7323 §3.2: TSecr of a reply to a SYN is the SYN's TSval), or 0.
 * One that echoes another value (a forged RST or FIN sent ahead of the SYN/ACK,
 * suricata-verify bug-3286) is pkt_invalid_timestamp and is ignored; so is a non-SYN
 * segment with a timestamp when the SYN offered none (RFC 7323 §3.2).
 */
static bool syn_answer_ts_ok(const struct stream_session *s, const struct packet *p, int dir)
{
    if (dir != 1 || !p->tcp_opt.has_ts)
        return true;
    if (!s->syn_ts) /* not offered in the SYN: only a SYN/ACK may still bring timestamps */
        return (p->tcp_flags & F_SYN) != 0;
    return p->tcp_opt.ts_ecr == 0 || p->tcp_opt.ts_ecr == s->syn_tsval;
}

/*
 * stream.async-oneside: in syn_sent, the client's ACK (the server's SYN/ACK was not seen)
 * establishes the session, the server's numbers taken from what the client acknowledges.
 */
static bool async_start(struct stream_ctx *ctx, struct stream_session *s, struct flow *f,
                        const struct packet *p, int dir)
{
    if (!ctx->cfg.async_oneside || dir != 0 || (p->tcp_flags & (F_SYN | F_ACK)) != F_ACK ||
        p->tcp_seq != s->d[0].isn + 1)
        return false;
    s->async = true;
    s->d[0].flags |= DIR_NO_ACK; /* the server's ACKs are never seen */
    s->d[1].flags |= DIR_NO_ACK;
    s->d[1].isn = p->tcp_ack - 1;
    dir_base(&s->d[1], p->tcp_ack);
    s->state = FLOW_TCP_ESTABLISHED;
    note_ack(s, p, 0);
    (void)f;
    return true;
}

/*
 * Suricata's stream.checksum-validation: a bad checksum keeps a packet out. Under
 * checksum-checks auto (the default), the TCP packets among the capture's first
 * STREAM_CSUM_SAMPLE packets (by pcap_cnt) are judged; if more than one in ten of them
 * had a bad checksum, the capture was taken on a host with checksum offloading (its own
 * packets carry no valid checksum) and checking stops from the next packet on, as
 * Suricata "detects checksum offloading statistically" (docs.suricata.io,
 * capture-hardware/pcap-file.html, checksum-checks). Until then a bad packet is kept out,
 * so a short capture is judged as with -k all. The sample is set by capture position, not
 * by arrival at this worker, so the packets judged are the same in every run mode; each
 * worker decides on its share of the sample.
 */
static bool csum_rejects(struct stream_ctx *ctx, const struct packet *p)
{
    bool bad = (p->flags & PKT_L4_CSUM_BAD) != 0;
    struct stream_stats *st = &ctx->st;
    if (ctx->cfg.checksum_validation)
        return bad;
    if (!ctx->cfg.checksum_auto || st->csum_offload)
        return false;
    if (p->pcap_cnt <= STREAM_CSUM_SAMPLE) {
        st->csum_sampled++;
        st->csum_sampled_bad += bad;
        return bad;
    }
    if (!st->csum_decided) {
        st->csum_decided = true;
        st->csum_offload = st->csum_sampled_bad * 10 > st->csum_sampled;
        if (st->csum_offload) {
            kh_warn("stream: %" PRIu64 " of %" PRIu64 " TCP packets among the first %u have a "
                    "bad checksum: assuming checksum offloading, checksums are no longer checked",
                    st->csum_sampled_bad, st->csum_sampled, STREAM_CSUM_SAMPLE);
            return false;
        }
    }
    return bad;
}

void stream_packet(struct stream_ctx *ctx, struct decode_ctx *dec, struct flow *f, struct packet *p)
{
    int dir = p->flow_dir;
    struct stream_session *s = f->stream;
    /*
     * flow:established on TCP is the session's state before this packet, as Suricata's flow
     * update reads it: a session in ESTABLISHED or a later state. The flags alone do not
     * establish a flow the stream has no session for (its SYN had a bad checksum, or it
     * was picked up midstream with stream.midstream off).
     */
    if (s != NULL && s->state >= FLOW_TCP_ESTABLISHED)
        f->pkt_state = FLOW_STATE_ESTABLISHED;
    else if (f->pkt_state == FLOW_STATE_ESTABLISHED)
        f->pkt_state = FLOW_STATE_NEW;
    if (unlikely(csum_rejects(ctx, p)))
        return;
    if (s == NULL) {
        state_none(ctx, dec, f, p, dir);
        /* A midstream pickup goes on with the packet's data. */
        if (f->stream == NULL || f->stream->state != FLOW_TCP_ESTABLISHED)
            return;
        s = f->stream;
        f->state = FLOW_STATE_ESTABLISHED;
    }
    switch (s->state) {
    case FLOW_TCP_SYN_SENT:
        if (!syn_answer_ts_ok(s, p, dir)) {
            decode_event_raise(dec, p, DECODE_EV_STREAM_PKT_INVALID_TIMESTAMP);
            return; /* not an answer to this SYN: it changes nothing (no RST, no close) */
        }
        if (p->tcp_flags & F_RST) {
            if (syn_sent_rst_ok(s, p, dir))
                s->state = FLOW_TCP_CLOSED;
        } else if (!async_start(ctx, s, f, p, dir))
            state_syn_sent(ctx, dec, f, s, p, dir);
        else if (p->payload.len)
            reasm_data(ctx, dec, f, p, dir);
        break;
    case FLOW_TCP_SYN_RECV:
        if (p->tcp_flags & F_RST) {
            s->state = FLOW_TCP_CLOSED;
            return;
        }
        if (!state_syn_recv(dec, s, p, dir))
            return;
        note_ack(s, p, dir);
        if (p->payload.len)
            reasm_data(ctx, dec, f, p, dir);
        break;
    case FLOW_TCP_CLOSED:
        /*
         * The side that sent the RST goes on talking (its peer got the RST, it did not):
         * the RST was likely injected; the session carries on in its former state, as
         * Suricata's closed-state handling re-dispatches (stream.suspected_rst_inject).
         */
        if ((p->tcp_flags & F_RST) || (s->d[dir].flags & DIR_RST_RECV) ||
            !(s->d[!dir].flags & DIR_RST_RECV) || s->pstate == FLOW_TCP_CLOSED)
            return;
        decode_event_raise(dec, p, DECODE_EV_STREAM_SUSPECTED_RST_INJECT);
        s->d[!dir].flags &= ~DIR_RST_RECV;
        s->state = s->pstate;
        state_open(ctx, dec, f, p, dir);
        return;
    default:
        state_open(ctx, dec, f, p, dir);
        return;
    }
    /*
     * The flow's state from flags (flow/tcp.c) knows only the three-way handshake: a
     * session established otherwise (split handshake, one side only, midstream) makes
     * the flow established here, for the packets after this one (flow:established).
     */
    if (s->state == FLOW_TCP_ESTABLISHED)
        f->state = FLOW_STATE_ESTABLISHED;
}

unsigned stream_flow_drain(struct stream_ctx *ctx, struct flow *f)
{
    struct stream_session *s = f->stream;
    unsigned got = 0;
    for (int dir = 0; s != NULL && dir < 2; dir++) {
        uint64_t before = s->d[dir].app_off;
        reasm_eof(ctx, f, dir, true);
        if (s->d[dir].app_off != before)
            got |= 1u << dir;
    }
    return got;
}

void stream_flow_end(struct stream_ctx *ctx, struct flow *f)
{
    struct stream_session *s = f->stream;
    if (s == NULL)
        return;
    f->ssn_gaps = 0;
    for (int dir = 0; dir < 2; dir++) {
        reasm_eof(ctx, f, dir, true);
        reasm_dir_free(ctx, &s->d[dir]);
        if (s->d[dir].flags & DIR_GAP)
            f->ssn_gaps |= (uint8_t)(1u << dir);
    }
    f->ssn_state = (uint8_t)(s->state + 1); /* for the flow record (EVE tcp.state) */
    syn_data_drop(ctx, s);
    f->stream = NULL;
    s->next_free = ctx->free_ssn;
    ctx->free_ssn = s;
    ctx->st.active_sessions--;
}

bool stream_can_swap(const struct flow *f)
{
    const struct stream_session *s = f->stream;
    /* nothing reached the consumer yet: no byte, no gap, no EOF, nothing held */
    return s != NULL && s->midstream && s->d[0].next_off == 0 && s->d[1].next_off == 0 &&
           s->d[0].segs == NULL && s->d[1].segs == NULL &&
           !((s->d[0].flags | s->d[1].flags) & DIR_EOF);
}

void stream_swap(struct flow *f)
{
    struct stream_session *s = f->stream;
    struct stream_dir tmp = s->d[0];
    s->d[0] = s->d[1];
    s->d[1] = tmp;
}

int stream_tcp_state(const struct flow *f)
{
    return f->stream ? f->stream->state : -1;
}

struct span stream_raw(const struct flow *f, int dir, uint64_t *start)
{
    const struct stream_session *s = f->stream;
    if (s == NULL || s->d[dir & 1].raw == NULL) {
        *start = 0;
        return (struct span){NULL, 0};
    }
    const struct stream_dir *d = &s->d[dir & 1];
    *start = d->app_off - d->raw_len;
    return (struct span){d->raw, d->raw_len};
}

void stream_raw_inspected(struct flow *f, int dir, uint64_t off)
{
    struct stream_session *s = f->stream;
    if (s == NULL)
        return;
    struct stream_dir *d = &s->d[dir & 1];
    d->flags |= DIR_RAW_TRACKED;
    d->raw_seen = off;
    if (off >= d->app_off)
        d->flags &= ~(uint32_t)DIR_RAW_TRIGGER; /* everything released was inspected */
}

bool stream_raw_ready(const struct stream_ctx *ctx, const struct flow *f, int dir, uint64_t done,
                      bool eof)
{
    const struct stream_session *s = f->stream;
    if (s == NULL)
        return true;
    const struct stream_dir *d = &s->d[dir & 1];
    if (d->app_off <= done)
        return false; /* nothing new */
    if (ctx->cfg.inline_mode || eof || (d->flags & (DIR_RAW_TRIGGER | DIR_DEPTH)) ||
        s->state > FLOW_TCP_TIME_WAIT)
        return true;
    return d->app_off - done >= ctx->cfg.raw_chunk[dir & 1];
}

void stream_raw_trigger(struct flow *f, int dir)
{
    if (f != NULL && f->stream != NULL)
        f->stream->d[dir & 1].flags |= DIR_RAW_TRIGGER;
}

bool stream_sizes(const struct flow *f, uint64_t *client, uint64_t *server)
{
    const struct stream_session *s = f->stream;
    if (s == NULL)
        return false;
    *client = (s->d[0].flags & DIR_SYN) ? s->d[0].next_off + 1 : 0;
    *server = (s->d[1].flags & DIR_SYN) ? s->d[1].next_off + 1 : 0;
    return true;
}

#define F(name, member) STATS_FIELD(name, struct stream_stats, member)

/* Suricata's stream counters (stream-tcp.c, stream-tcp-reassemble.c), as its schema names them. */
static const struct stats_field fields[] = {
    F("tcp.sessions", sessions),
    F("tcp.ssn_memcap_drop", ssn_memcap_drop),
    F("tcp.midstream_pickups", midstream_pickups),
    F("tcp.active_sessions", active_sessions),
    F("tcp.memuse", memuse),
    F("tcp.reassembly_memuse", reassembly_memuse),
    F("tcp.segment_memcap_drop", segment_memcap_drop),
    F("tcp.reassembly_gap", reassembly_gap),
    F("tcp.overlap", overlap),
    F("tcp.overlap_diff_data", overlap_diff_data),
    F("tcp.stream_depth_reached", stream_depth_reached),
};

size_t stream_stats_collect(const struct stream_stats *st, struct stats_value *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]) && n < max; i++)
        out[n++] = (struct stats_value){fields[i].name, stats_field_get(&fields[i], st)};
    return n;
}
