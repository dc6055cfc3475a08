/* SPDX-License-Identifier: GPL-2.0-only */
/* TCP (RFC 9293): header, options (MSS, window scale, SACK, timestamps, TFO, MD5, AO), checksum. */
#include <string.h>

#include "checksum.h"
#include "decode_internal.h"

/* Option kinds (IANA "tcp-parameters") and the lengths RFCs give them. */
#define TCP_OPT_EOL       0
#define TCP_OPT_NOP       1
#define TCP_OPT_MSS       2   /* RFC 9293 §3.2: 4 bytes */
#define TCP_OPT_WS        3   /* RFC 7323 §2: 3 bytes */
#define TCP_OPT_SACKOK    4   /* RFC 2018: 2 bytes */
#define TCP_OPT_SACK      5   /* RFC 2018: 2 + 8n bytes, n = 1..4 */
#define TCP_OPT_TS        8   /* RFC 7323 §3: 10 bytes */
#define TCP_OPT_MD5       19  /* RFC 2385: 18 bytes */
#define TCP_OPT_AO        29  /* RFC 5925: at least 4 bytes */
#define TCP_OPT_TFO       34  /* RFC 7413: 2, or 6..18 with an even cookie */
#define TCP_OPT_EXP1      253 /* RFC 6994 experiments; TFO used them before 34 */
#define TCP_OPT_EXP2      254
#define TCP_OPT_TFO_MAGIC 0xf989 /* the experimental TFO identifier */
#define TCP_WSCALE_MAX    14     /* RFC 7323 §2.3 */

/* Header flags (RFC 9293 §3.1). */
#define TCP_FL_RST 0x04
#define TCP_FL_SYN 0x02
#define TCP_FL_ACK 0x10

/* One option of a fixed length: false (tcp.opt_invalid_len) when the length is wrong. */
static bool opt_len_is(struct decode_ctx *ctx, struct packet *p, uint8_t len, uint8_t want)
{
    if (len == want)
        return true;
    decode_event_raise(ctx, p, DECODE_EV_TCP_OPT_INVALID_LEN);
    return false;
}

/* Mark an option seen, or raise tcp.opt_duplicate when it was (the first one counts). */
static bool opt_first(struct decode_ctx *ctx, struct packet *p, bool *seen)
{
    if (*seen) {
        decode_event_raise(ctx, p, DECODE_EV_TCP_OPT_DUPLICATE);
        return false;
    }
    *seen = true;
    return true;
}

/* SACK blocks (RFC 2018 §3); an empty option is useless but common and not flagged. */
static void opt_sack(struct decode_ctx *ctx, struct packet *p, uint8_t len, const struct cursor *d)
{
    struct tcp_opts *o = &p->tcp_opt;
    if (len == 2)
        return;
    if (len < 10 || len > 34 || (len - 2) % 8 != 0) {
        decode_event_raise(ctx, p, DECODE_EV_TCP_OPT_INVALID_LEN);
        return;
    }
    if (o->sack_blocks != 0) {
        decode_event_raise(ctx, p, DECODE_EV_TCP_OPT_DUPLICATE);
        return;
    }
    o->sack_blocks = (uint8_t)((len - 2) / 8);
    o->sack_off = decode_off(p, d);
}

/* TCP Fast Open (RFC 7413 §4.1.1), and its pre-assignment form in an experiment option. */
static void opt_tfo(struct decode_ctx *ctx, struct packet *p, uint8_t kind, uint8_t len,
                    struct cursor *d)
{
    bool ok;
    if (kind == TCP_OPT_TFO) {
        ok = len == 2 || (len >= 6 && len <= 18 && (len - 2) % 2 == 0);
    } else {
        ok = len == 4 || len == 12;
        if (ok && cur_be16(d) != TCP_OPT_TFO_MAGIC)
            return; /* some other experiment */
    }
    if (!ok)
        decode_event_raise(ctx, p, DECODE_EV_TCP_OPT_INVALID_LEN);
    else
        opt_first(ctx, p, &p->tcp_opt.has_tfo);
}

/*
 * One option, checked as Suricata's DecodeTCPOptions does: a wrong length or a duplicate is
 * an event, not fatal; only TCP-MD5 and TCP-AO of impossible length make the packet invalid.
 */
static void tcp_option(struct decode_ctx *ctx, struct packet *p, uint8_t kind, uint8_t len,
                       struct cursor *d)
{
    struct tcp_opts *o = &p->tcp_opt;
    switch (kind) {
    case TCP_OPT_WS:
        if (opt_len_is(ctx, p, len, 3) && opt_first(ctx, p, &o->has_wscale)) {
            /* RFC 7323 says use 14 above 14; Suricata uses 0, and its stream follows that. */
            uint8_t ws = cur_u8(d);
            o->wscale = ws <= TCP_WSCALE_MAX ? ws : 0;
        }
        break;
    case TCP_OPT_MSS:
        if (opt_len_is(ctx, p, len, 4) && opt_first(ctx, p, &o->has_mss))
            o->mss = cur_be16(d);
        break;
    case TCP_OPT_SACKOK:
        if (opt_len_is(ctx, p, len, 2))
            opt_first(ctx, p, &o->sack_ok);
        break;
    case TCP_OPT_TS:
        if (opt_len_is(ctx, p, len, 10) && opt_first(ctx, p, &o->has_ts)) {
            o->ts_val = cur_be32(d);
            o->ts_ecr = cur_be32(d);
        }
        break;
    case TCP_OPT_SACK:
        opt_sack(ctx, p, len, d);
        break;
    case TCP_OPT_TFO:
    case TCP_OPT_EXP1:
    case TCP_OPT_EXP2:
        opt_tfo(ctx, p, kind, len, d);
        break;
    case TCP_OPT_MD5:
        if (len != 18)
            decode_event_invalid(ctx, p, DECODE_EV_TCP_OPT_INVALID_LEN);
        else
            o->has_md5 = true; /* the key is out of band: present, not verifiable */
        break;
    case TCP_OPT_AO:
        if (len < 4)
            decode_event_invalid(ctx, p, DECODE_EV_TCP_OPT_INVALID_LEN);
        else
            o->has_ao = true;
        break;
    }
}

/*
 * Established connections mostly carry exactly NOP, NOP, timestamps (the layout of RFC 7323
 * Appendix A): take it without the walk, as Linux's tcp_parse_aligned_timestamp() does.
 */
static bool tcp_aligned_ts(struct packet *p, const struct cursor *o)
{
    struct cursor t = *o;
    if (t.left != 12 ||
        cur_be32(&t) != (TCP_OPT_NOP << 24 | TCP_OPT_NOP << 16 | TCP_OPT_TS << 8 | 10))
        return false;
    p->tcp_opt.has_ts = true;
    p->tcp_opt.ts_val = cur_be32(&t);
    p->tcp_opt.ts_ecr = cur_be32(&t);
    return true;
}

/* Walk the options; a length that runs past them ends the walk and invalidates the packet. */
static void tcp_options(struct decode_ctx *ctx, struct packet *p, struct cursor *o)
{
    if (tcp_aligned_ts(p, o))
        return;
    while (o->left > 0) {
        uint8_t kind = cur_u8(o);
        if (kind == TCP_OPT_EOL)
            break;
        if (kind == TCP_OPT_NOP)
            continue;
        if (o->left < 1)
            break;
        uint8_t len = cur_u8(o);
        if (unlikely(len < 2 || (size_t)len > o->left + 2)) {
            decode_event_invalid(ctx, p, DECODE_EV_TCP_OPT_INVALID_LEN);
            return;
        }
        struct cursor d = cur_sub(o, len - 2u);
        tcp_option(ctx, p, kind, len, &d);
    }
}

/* Suricata's tcp.syn / tcp.synack / tcp.rst packet counters. */
static void count_flags(struct decode_stats *st, uint8_t flags)
{
    if ((flags & (TCP_FL_SYN | TCP_FL_ACK)) == (TCP_FL_SYN | TCP_FL_ACK))
        st->tcp_synack++;
    else if (flags & TCP_FL_SYN)
        st->tcp_syn++;
    if (flags & TCP_FL_RST)
        st->tcp_rst++;
}

/* The fixed header's fields; returns the header length in bytes (data offset * 4). */
static unsigned tcp_fields(struct packet *p, const struct wire_tcp *h)
{
    p->sp = wire_be16(h->sp);
    p->dp = wire_be16(h->dp);
    p->tcp_seq = wire_be32(h->seq);
    p->tcp_ack = wire_be32(h->ack);
    p->tcp_flags = h->flags;
    p->tcp_win = wire_be16(h->win);
    p->tcp_urp = wire_be16(h->urp);
    return (h->off >> 4) * 4u;
}

/*
 * Suricata's checks: a segment under 20 bytes, a header longer than the segment
 * (hlen_too_small), a data offset under 5 words (its option length underflows into
 * invalid_optlen). Each makes the packet invalid and leaves it without ports or a flow,
 * as Suricata's PacketClearL4.
 */
static bool tcp_check(struct decode_ctx *ctx, struct packet *p, unsigned hlen, size_t len)
{
    enum decode_event ev;
    if (unlikely(len < hlen))
        ev = DECODE_EV_TCP_HLEN_TOO_SMALL;
    else if (unlikely(hlen < TCP_HDR_LEN))
        ev = DECODE_EV_TCP_INVALID_OPTLEN;
    else
        return true;
    decode_event_invalid(ctx, p, ev);
    p->sp = 0;
    p->dp = 0;
    return false;
}

void decode_tcp(struct decode_ctx *ctx, struct packet *p, struct cursor *c)
{
    ctx->st.tcp++;
    if (unlikely(!cur_has(c, TCP_HDR_LEN))) {
        decode_event_invalid(ctx, p, DECODE_EV_TCP_PKT_TOO_SMALL);
        return;
    }
    const struct span seg = {c->p, c->left};
    struct wire_tcp h;
    cur_copy(c, &h, sizeof(h));
    unsigned hlen = tcp_fields(p, &h);
    if (!tcp_check(ctx, p, hlen, seg.len))
        return;
    memset(&p->tcp_opt, 0, sizeof(p->tcp_opt));
    if (hlen > TCP_HDR_LEN) {
        struct cursor opts = cur_sub(c, hlen - TCP_HDR_LEN);
        tcp_options(ctx, p, &opts);
    }
    p->payload = cur_rest(c);
    p->flags |= PKT_HAS_L4 | PKT_WANTS_FLOW;
    count_flags(&ctx->st, p->tcp_flags);
    if (ctx->check_csum) {
        uint64_t sum = csum_pseudo(p, IP_PROTO_TCP, (uint32_t)seg.len);
        if (unlikely(!csum_ok(csum_add(sum, seg)))) {
            p->flags |= PKT_L4_CSUM_BAD;
            ctx->st.csum_tcp_bad++;
        }
    }
}
