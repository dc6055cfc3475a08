/* SPDX-License-Identifier: GPL-2.0-only */
/* Full verification of a candidate signature: header keywords, flow, flowbits, payload. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "app/app.h"
#include "verify_internal.h"

/* ---- header keywords ---- */

bool verify_num_match(const struct kw_num *n, uint64_t x)
{
    switch (n->op) {
    case KW_NUM_EQ:
        return x == n->a;
    case KW_NUM_NE:
        return x != n->a;
    case KW_NUM_LT:
        return x < n->a;
    case KW_NUM_LE:
        return x <= n->a;
    case KW_NUM_GT:
        return x > n->a;
    case KW_NUM_GE:
        return x >= n->a;
    case KW_NUM_RANGE:
        return x > n->a && x < n->b;
    case KW_NUM_RANGE_INCL:
        return x >= n->a && x <= n->b;
    }
    return false;
}

/* bits against a flags/fragbits value: exactly, '+' all of, '*' any of, '!' none of. */
static bool bits_match(const struct kw_bitmatch *b, uint8_t v)
{
    v &= (uint8_t)~b->mask;
    switch (b->mod) {
    case '+':
        return (v & b->bits) == b->bits;
    case '*':
        return (v & b->bits) != 0;
    case '!':
        return (v & b->bits) != b->bits;
    default:
        return v == b->bits;
    }
}

/* The IPv4 header's second byte (TOS), id and flags/fragment word, through a cursor. */
static bool ip4_fields(const struct packet *p, uint8_t *tos, uint16_t *id, uint16_t *frag)
{
    if (p->ip_ver != 4 || p->l3_off >= p->caplen)
        return false;
    struct cursor c = cur_init(p->data + p->l3_off, p->caplen - p->l3_off);
    cur_skip(&c, 1);
    *tos = cur_u8(&c);
    cur_skip(&c, 2);
    *id = cur_be16(&c);
    *frag = cur_be16(&c);
    return !c.bad;
}

/* Map the parser's ipopts bit (rr eol nop ts sec esec lsrr ssrr satid) to the decoder's. */
static bool ipopts_match(const struct packet *p, const struct kw_ipopts *o)
{
    static const uint16_t map[] = {PKT_IP4_OPT_RR,   PKT_IP4_OPT_EOL,  PKT_IP4_OPT_NOP,
                                   PKT_IP4_OPT_TS,   PKT_IP4_OPT_SEC,  PKT_IP4_OPT_ESEC,
                                   PKT_IP4_OPT_LSRR, PKT_IP4_OPT_SSRR, PKT_IP4_OPT_SID};
    if (p->ip_ver != 4)
        return false;
    if (o->opt == KW_IPOPT_ANY)
        return p->ip4_opts != 0;
    for (unsigned i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (o->opt == (1u << i))
            return (p->ip4_opts & map[i]) != 0;
    return false;
}

static bool is_tcp(const struct packet *p)
{
    return p->proto == 6 && (p->flags & PKT_HAS_L4);
}

static bool is_icmp(const struct packet *p)
{
    return (p->proto == 1 || p->proto == 58) && (p->flags & PKT_HAS_L4);
}

static bool ip_keyword(const struct sig_kw *k, const struct packet *p)
{
    uint8_t tos = 0;
    uint16_t id = 0, frag = 0;
    switch (k->id) {
    case DETECT_KW_TTL:
        return p->ip_ver && verify_num_match(k->data, p->ttl);
    case DETECT_KW_TOS:
        return ip4_fields(p, &tos, &id, &frag) && verify_num_match(k->data, tos);
    case DETECT_KW_ID:
        return ip4_fields(p, &tos, &id, &frag) && verify_num_match(k->data, id);
    case DETECT_KW_FRAGBITS:
        if (!ip4_fields(p, &tos, &id, &frag))
            return false;
        /* parser bits: M 1, D 2, R 4; on the wire R 0x8000, D 0x4000, M 0x2000 */
        return bits_match(k->data,
                          (uint8_t)(((frag >> 13) & 1) | ((frag >> 13) & 2) | ((frag >> 13) & 4)));
    case DETECT_KW_FRAGOFFSET:
        return p->ip_ver == 4 && ip4_fields(p, &tos, &id, &frag) &&
               verify_num_match(k->data, (uint64_t)(frag & 0x1fff) * 8);
    case DETECT_KW_IPOPTS:
        return ipopts_match(p, k->data);
    case DETECT_KW_SAMEIP:
        return p->ip_ver && memcmp(&p->src, &p->dst, sizeof(p->src)) == 0;
    case DETECT_KW_IP_PROTO:
        return p->ip_ver && verify_num_match(k->data, p->proto);
    default:
        return true;
    }
}

/* app-layer-protocol against the flow's protocol; nothing matches before detection is done. */
static bool app_proto_match(int32_t value, const struct packet *p)
{
    if (p->flow == NULL)
        return false;
    unsigned have = p->flow->app_proto, want = (unsigned)value & KW_ALP_MASK;
    bool is;
    if (want == KW_ALP_UNKNOWN)
        return (have == APP_PROTO_UNKNOWN) != ((value & KW_ALP_NEGATED) != 0);
    if (have == APP_PROTO_UNKNOWN)
        return false;
    if (want == KW_ALP_FAILED)
        is = have == APP_PROTO_FAILED;
    else if (want == DETECT_APP_HTTP || want == DETECT_APP_HTTP1)
        is = have == APP_PROTO_HTTP;
    else if (want == DETECT_APP_TLS)
        is = have == APP_PROTO_TLS;
    else if (want == DETECT_APP_DNS)
        is = have == APP_PROTO_DNS;
    else if (want == DETECT_APP_FTP)
        is = have == APP_PROTO_FTP;
    else
        is = want == DETECT_APP_SSH && have == APP_PROTO_SSH;
    return is != ((value & KW_ALP_NEGATED) != 0);
}

static bool l4_keyword(const struct sig_kw *k, const struct packet *p)
{
    switch (k->id) {
    case DETECT_KW_FLAGS:
        return is_tcp(p) && bits_match(k->data, p->tcp_flags);
    case DETECT_KW_SEQ:
        return is_tcp(p) && verify_num_match(k->data, p->tcp_seq);
    case DETECT_KW_ACK:
        return is_tcp(p) && verify_num_match(k->data, p->tcp_ack);
    case DETECT_KW_WINDOW:
        return is_tcp(p) && verify_num_match(k->data, p->tcp_win);
    case DETECT_KW_ITYPE:
        return is_icmp(p) && verify_num_match(k->data, p->icmp_type);
    case DETECT_KW_ICODE:
        return is_icmp(p) && verify_num_match(k->data, p->icmp_code);
    case DETECT_KW_ICMP_ID:
        return is_icmp(p) && verify_num_match(k->data, p->icmp_id);
    case DETECT_KW_ICMP_SEQ:
        return is_icmp(p) && verify_num_match(k->data, p->icmp_seq);
    case DETECT_KW_DSIZE:
        return (p->flags & PKT_HAS_L4) && verify_num_match(k->data, p->payload.len);
    case DETECT_KW_DECODE_EVENT:
    case DETECT_KW_STREAM_EVENT:
        return pkt_event_has(p, (enum decode_event)((const struct kw_text *)k->data)->value);
    case DETECT_KW_APP_LAYER_PROTOCOL:
        return app_proto_match(((const struct kw_text *)k->data)->value, p);
    default:
        return verify_is_csum_kw(k->id) ? verify_csum_kw(k, p) : ip_keyword(k, p);
    }
}

/* flow: as Suricata flags packets: established before this packet, direction, stream. */
static bool flow_match(const struct kw_flow *fl, const struct vctx *v)
{
    const struct packet *p = v->p;
    const struct flow *f = p->flow;
    if ((fl->flags & KW_FLOW_STATELESS) && f == NULL)
        return !(fl->flags & ~KW_FLOW_STATELESS);
    if (f == NULL)
        return false;
    bool est = f->pkt_state == FLOW_STATE_ESTABLISHED;
    if ((fl->flags & KW_FLOW_ESTABLISHED) && !est)
        return false;
    if ((fl->flags & KW_FLOW_NOT_ESTABLISHED) && est)
        return false;
    if ((fl->flags & KW_FLOW_TO_SERVER) && p->flow_dir != 0)
        return false;
    if ((fl->flags & KW_FLOW_TO_CLIENT) && p->flow_dir != 1)
        return false;
    if ((fl->flags & KW_FLOW_ONLY_FRAG) && !(p->flags & PKT_IS_REBUILT))
        return false;
    if ((fl->flags & KW_FLOW_NO_FRAG) && (p->flags & PKT_IS_REBUILT))
        return false;
    return true;
}

static bool bit_get(const struct detect_flow *df, uint32_t id)
{
    return df != NULL && id / 64 < df->nwords && (df->bits[id / 64] >> (id % 64)) & 1;
}

/* isset / isnotset; set, unset, toggle and noalert pass here and act after the match. */
static bool flowbits_check(const struct kw_bits *b, const uint32_t *ids, const struct vctx *v)
{
    if (b->cmd != KW_BITS_ISSET && b->cmd != KW_BITS_ISNOTSET)
        return true;
    bool want = b->cmd == KW_BITS_ISSET;
    uint32_t hits = 0;
    for (uint32_t i = 0; i < b->n; i++)
        hits += bit_get(v->df, ids[i]) == want;
    return b->any ? hits > 0 : hits == b->n;
}

void verify_flowbits_apply(const struct dsig *d, struct detect_flow *df)
{
    const uint32_t *ids = d->fbids;
    for (uint32_t i = 0; i < d->s->nkws; i++) {
        if (d->s->kws[i].id == DETECT_KW_XBITS)
            ids += ((const struct kw_bits *)d->s->kws[i].data)->n;
        if (d->s->kws[i].id != DETECT_KW_FLOWBITS)
            continue;
        const struct kw_bits *b = d->s->kws[i].data;
        for (uint32_t j = 0; df != NULL && j < b->n; j++) {
            uint32_t id = ids[j];
            if (id / 64 >= df->nwords)
                continue;
            uint64_t m = 1ull << (id % 64);
            if (b->cmd == KW_BITS_SET)
                df->bits[id / 64] |= m;
            else if (b->cmd == KW_BITS_UNSET)
                df->bits[id / 64] &= ~m;
            else if (b->cmd == KW_BITS_TOGGLE)
                df->bits[id / 64] ^= m;
        }
        ids += b->n;
    }
}

/* stream_size: on TCP sessions only, client and server as the engine measured them. */
static bool stream_size_match(const struct kw_stream_size *k, const struct vctx *v)
{
    const struct detect_stream_sizes *ss = v->ssz;
    if (ss == NULL || !ss->known || v->p->proto != 6)
        return false;
    bool c = verify_num_match(&k->num, ss->client), s = verify_num_match(&k->num, ss->server);
    switch (k->who) {
    case KW_SSZ_SERVER:
        return s;
    case KW_SSZ_CLIENT:
        return c;
    case KW_SSZ_BOTH:
        return c && s;
    default:
        return c || s;
    }
}

void verify_vars_apply(const struct dsig *d, struct vctx *v, struct detect_stats *st)
{
    const uint32_t *ids = d->fbids;
    verify_fvar_commit(v, &st->flowvar_cut);
    for (uint32_t i = 0; i < d->s->nkws; i++) {
        const struct sig_kw *k = &d->s->kws[i];
        if (k->id == DETECT_KW_XBITS) {
            st->xbits_full += detect_xbits_apply(v->xb, k->data, ids, v->p);
        } else if (k->id == DETECT_KW_FLOWINT && v->df != NULL &&
                   !detect_flowint_apply(&v->df->fint, k->data)) {
            st->flowint_full++;
        }
        if (k->id == DETECT_KW_FLOWBITS || k->id == DETECT_KW_XBITS)
            ids += ((const struct kw_bits *)k->data)->n;
    }
}

bool verify_is_payload_kw(enum detect_kw_id id)
{
    return id == DETECT_KW_CONTENT || id == DETECT_KW_PCRE || id == DETECT_KW_ISDATAAT ||
           id == DETECT_KW_BYTE_TEST || id == DETECT_KW_BYTE_JUMP || id == DETECT_KW_BYTE_EXTRACT ||
           id == DETECT_KW_BSIZE || id == DETECT_KW_URILEN || id == DETECT_KW_TLS_VERSION ||
           id == DETECT_KW_BASE64_DECODE || id == DETECT_KW_DATASET || id == DETECT_KW_DATAREP ||
           id == DETECT_KW_ABSENT || id == DETECT_KW_ENTROPY;
}

/*
 * filesize: the size of the file the inspected body makes. Until the file is complete only
 * a lower bound (>, >=) can already hold; the others wait for the final size.
 */
static bool filesize_match(const struct kw_num *n, const struct vctx *v)
{
    const struct detect_tx_input *in = v->tx;
    if (in == NULL || !(in->have & DETECT_TXB_BIT(DETECT_TXB_FILE_SIZE)))
        return false;
    if (!in->file_done && n->op != KW_NUM_GT && n->op != KW_NUM_GE)
        return false;
    return verify_num_match(n, in->file_size);
}

/* What verify_nonpayload tests in a keyword (NP_NONE: nothing, a payload keyword). */
enum np_kind {
    NP_NONE = 0,
    NP_FLOW,
    NP_XBITS,
    NP_FLOWINT,
    NP_FLOWBITS,
    NP_STREAM_SIZE,
    NP_DLP,
    NP_DNS,
    NP_TLS,
    NP_APP_EVENT,
    NP_IPREP,
    NP_FILESIZE,
    NP_L4, /* ttl, flags, dsize, icmp...: l4_keyword */
};

static enum np_kind np_kind_of(const struct sig_kw *k)
{
    switch (k->id) {
    case DETECT_KW_FLOW:
        return NP_FLOW;
    case DETECT_KW_XBITS:
        return NP_XBITS;
    case DETECT_KW_FLOWINT:
        return NP_FLOWINT;
    case DETECT_KW_FLOWBITS:
        return NP_FLOWBITS;
    case DETECT_KW_STREAM_SIZE:
        return NP_STREAM_SIZE;
    case DETECT_KW_DLP:
    case DETECT_KW_SD_PATTERN:
        return NP_DLP;
    case DETECT_KW_APP_LAYER_EVENT:
        return NP_APP_EVENT;
    case DETECT_KW_IPREP:
        return NP_IPREP;
    case DETECT_KW_FILESIZE:
        return NP_FILESIZE;
    default:
        if (verify_is_dns_kw(k->id))
            return NP_DNS;
        if (verify_is_tls_kw(k->id))
            return NP_TLS;
        return !verify_is_payload_kw(k->id) && k->buffer == DETECT_BUF_PAYLOAD ? NP_L4 : NP_NONE;
    }
}

void verify_list_nonpayload(struct dsig *d)
{
    d->nnpkw = 0;
    for (uint32_t i = 0; i < d->s->nkws; i++) {
        enum np_kind kind = np_kind_of(&d->s->kws[i]);
        if (kind == NP_NONE)
            continue;
        if (d->nnpkw == DSIG_NPKW || i > UINT16_MAX) {
            d->nnpkw = DSIG_NPKW_ALL;
            return;
        }
        d->npkind[d->nnpkw] = (uint8_t)kind;
        d->npkw[d->nnpkw++] = (uint16_t)i;
    }
}

/* Keyword k of a signature, of the given kind; *ids: its flowbit ids next. */
static bool nonpayload_kw(const struct sig_kw *k, enum np_kind kind, const struct vctx *v,
                          const uint32_t **ids)
{
    bool ok;
    const struct packet *p = v->p;
    switch (kind) {
    case NP_FLOW:
        return flow_match(k->data, v);
    case NP_XBITS:
        ok = detect_xbits_check(v->xb, k->data, *ids, p);
        *ids += ((const struct kw_bits *)k->data)->n;
        return ok;
    case NP_FLOWINT:
        return detect_flowint_check(v->df ? &v->df->fint : NULL, k->data);
    case NP_FLOWBITS:
        ok = flowbits_check(k->data, *ids, v);
        *ids += ((const struct kw_bits *)k->data)->n;
        return ok;
    case NP_STREAM_SIZE:
        return stream_size_match(k->data, v);
    case NP_DLP:
        return kw_dlp_match(k->data, k->id == DETECT_KW_SD_PATTERN,
                            p->flow ? p->flow->dlp_state : NULL, p->flow_dir, p->payload.p,
                            p->payload.len);
    case NP_DNS:
        return verify_dns_kw(k, v);
    case NP_TLS:
        return verify_tls_kw(k, v);
    case NP_APP_EVENT:
        return verify_app_event(k, v);
    case NP_IPREP:
        return verify_iprep(k->data, v);
    case NP_FILESIZE:
        return filesize_match(k->data, v);
    case NP_L4:
        return l4_keyword(k, p);
    case NP_NONE:
        break;
    }
    return true;
}

bool verify_nonpayload(const struct dsig *d, const struct vctx *v)
{
    const uint32_t *ids = d->fbids;
    const struct sig_kw *kws = d->s->kws;
    if (unlikely(d->s->hook_flow_start) &&
        (v->p->flow == NULL || v->p->flow->pkts[v->p->flow_dir & 1] != 1))
        return false;
    if (d->nnpkw == DSIG_NPKW_ALL) {
        for (uint32_t i = 0; i < d->s->nkws; i++)
            if (!nonpayload_kw(&kws[i], np_kind_of(&kws[i]), v, &ids))
                return false;
        return true;
    }
    for (uint32_t j = 0; j < d->nnpkw; j++)
        if (!nonpayload_kw(&kws[d->npkw[j]], (enum np_kind)d->npkind[j], v, &ids))
            return false;
    return true;
}

/* ---- payload chains ---- */

/* The two forms of pattern byte c a caseless search accepts (the same byte twice when c
 * is not a letter, or when the search is exact). */
static inline void byte_forms(uint8_t c, bool nocase, uint8_t *a, uint8_t *b)
{
    uint8_t lc = c | 0x20;
    bool letter = nocase && lc >= 'a' && lc <= 'z';
    *a = letter ? lc : c;
    *b = letter ? (uint8_t)(lc & ~0x20) : c;
}

/*
 * Where pattern n starts in h, exact or caseless. The hot loop of verification: the places
 * where both the pattern's first and last bytes are (in either case when caseless) are
 * found 16 at a time (SSE2), and only there are the bytes between compared. Two bytes
 * apart rule out most places one byte alone leaves (a pattern's first byte is often a
 * common one: a space, a slash, a NUL).
 */
static inline const uint8_t *find_in(const uint8_t *h, size_t hl, const uint8_t *n, size_t nl,
                                     bool nocase)
{
    uint8_t fa, fb, la, lb;
    byte_forms(n[0], nocase, &fa, &fb);
    byte_forms(n[nl - 1], nocase, &la, &lb);
    size_t last = hl - nl; /* the last start position */
    size_t i = 0;
#if defined(__SSE2__)
    __m128i vfa = _mm_set1_epi8((char)fa), vfb = _mm_set1_epi8((char)fb);
    __m128i vla = _mm_set1_epi8((char)la), vlb = _mm_set1_epi8((char)lb);
    for (; i + 16 <= last + 1; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(h + i));
        __m128i y = _mm_loadu_si128((const __m128i *)(const void *)(h + i + nl - 1));
        __m128i f = _mm_or_si128(_mm_cmpeq_epi8(x, vfa), _mm_cmpeq_epi8(x, vfb));
        __m128i l = _mm_or_si128(_mm_cmpeq_epi8(y, vla), _mm_cmpeq_epi8(y, vlb));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_and_si128(f, l));
        for (; m; m &= m - 1) {
            size_t at = i + (size_t)__builtin_ctz(m);
            if (nl <= 2 || verify_bytes_eq(h + at + 1, n + 1, nl - 2, nocase))
                return h + at;
        }
    }
#endif
    for (; i <= last; i++) {
        if ((h[i] != fa && h[i] != fb) || (h[i + nl - 1] != la && h[i + nl - 1] != lb))
            continue;
        if (nl <= 2 || verify_bytes_eq(h + i + 1, n + 1, nl - 2, nocase))
            return h + i;
    }
    return NULL;
}

static const uint8_t *find(const uint8_t *h, size_t hl, const uint8_t *n, size_t nl, bool nocase)
{
    if (nl == 0 || nl > hl)
        return nl == 0 ? h : NULL;
    return nocase ? find_in(h, hl, n, nl, true) : find_in(h, hl, n, nl, false);
}

static int64_t val_or_var(const struct vctx *v, int32_t val, uint8_t var)
{
    return var != KW_VAR_NONE && var < KW_MAX_VARS ? (int64_t)v->vars[var] : val;
}

/* The window [*lo, *hi) a content may match in, from its modifiers and prev. */
static void content_window(const struct kw_content *c, const struct vctx *v, size_t prev,
                           int64_t *lo, int64_t *hi)
{
    int64_t len = (int64_t)v->len;
    if (c->flags & (KW_CONTENT_DISTANCE | KW_CONTENT_WITHIN)) {
        int64_t dist =
            (c->flags & KW_CONTENT_DISTANCE) ? val_or_var(v, c->distance, c->distance_var) : 0;
        *lo = (int64_t)prev + dist;
        *hi = (c->flags & KW_CONTENT_WITHIN)
                  ? (int64_t)prev + dist + val_or_var(v, c->within, c->within_var)
                  : len;
    } else {
        int64_t off = (c->flags & KW_CONTENT_OFFSET) ? val_or_var(v, c->offset, c->offset_var) : 0;
        *lo = off;
        *hi = (c->flags & KW_CONTENT_DEPTH) ? off + val_or_var(v, c->depth, c->depth_var) : len;
    }
    if (c->flags & KW_CONTENT_STARTSWITH) {
        *lo = 0;
        *hi = c->len;
    }
    if (*lo < 0)
        *lo = 0;
    if (*hi > len)
        *hi = len;
}

static bool chain(const struct sig *s, uint32_t i, uint32_t end, struct vctx *v, size_t prev);

/*
 * The first occurrence of content keyword kw wholly inside [lo, hi) of the buffer, as
 * find(), answered from the keyword's last search when that one covers it: a relative
 * content retried after each occurrence of the one before it would otherwise search
 * the same stretch again and again (a JavaScript body and "<" distance:0).
 */
static const uint8_t *find_kw(struct vctx *v, uint32_t kw, const struct kw_content *c, int64_t lo,
                              int64_t hi, bool nocase)
{
    struct find_memo *m = NULL;
    if (v->fm == NULL)
        return find(v->buf + lo, (size_t)(hi - lo), c->pat, c->len, nocase);
    for (uint32_t k = 0; k < v->nfm; k++)
        if (v->fm[k].kw == kw) {
            m = &v->fm[k];
            break;
        }
    if (m != NULL && lo >= m->lo) {
        if (m->at < 0 && hi <= m->hi)
            return NULL;               /* none in a larger stretch */
        if (m->at >= 0 && lo <= m->at) /* the first one from lo on is still at */
            return m->at + (int64_t)c->len <= hi ? v->buf + m->at : NULL;
    }
    const uint8_t *r = find(v->buf + lo, (size_t)(hi - lo), c->pat, c->len, nocase);
    if (m == NULL) {
        m = &v->fm[v->nfm < VCTX_FIND_MEMO ? v->nfm++ : v->fm_next++ % VCTX_FIND_MEMO];
        m->kw = kw;
    }
    m->lo = lo;
    m->hi = hi;
    m->at = r != NULL ? r - v->buf : -1;
    return r;
}

static bool content_step(const struct sig *s, uint32_t i, uint32_t end, struct vctx *v, size_t prev)
{
    const struct kw_content *c = s->kws[i].data;
    int64_t lo, hi;
    content_window(c, v, prev, &lo, &hi);
    bool neg = c->flags & KW_CONTENT_NEGATED;
    bool nocase = c->flags & KW_CONTENT_NOCASE;
    while (lo <= hi && ++v->steps < DETECT_STEP_BUDGET) {
        const uint8_t *m = find_kw(v, i, c, lo, hi, nocase);
        if (m != NULL && (c->flags & KW_CONTENT_ENDSWITH) &&
            (size_t)(m - v->buf) + c->len != v->len) {
            lo = m - v->buf + 1;
            continue;
        }
        if (neg)
            return m == NULL && chain(s, i + 1, end, v, prev);
        if (m == NULL)
            return false;
        if (chain(s, i + 1, end, v, (size_t)(m - v->buf) + c->len))
            return true;
        lo = m - v->buf + 1; /* the rest failed: try the next occurrence, as Suricata */
    }
    return false;
}

static bool pcre_step(const struct sig *s, uint32_t i, uint32_t end, struct vctx *v, size_t prev)
{
    const struct kw_pcre *pc = s->kws[i].data;
    if (pc->code == NULL)
        return false;
    size_t start = (pc->flags & KW_PCRE_RELATIVE) ? prev : 0;
    if (start > v->len)
        return (pc->flags & KW_PCRE_NEGATED) && chain(s, i + 1, end, v, prev);
    pcre2_match_data *md = v->md;
    /* relative: the subject starts at prev, so ^ anchors there, as Suricata passes it */
    int rc = pcre2_match(pc->code, v->buf + start, v->len - start, 0, 0, md, NULL);
    size_t mend = rc > 0 ? start + pcre2_get_ovector_pointer(md)[1] : prev;
    v->steps++;
    if (pc->flags & KW_PCRE_NEGATED)
        return rc < 0 && chain(s, i + 1, end, v, prev);
    if (rc <= 0)
        return false;
    if (pc->ncaps == 0)
        return chain(s, i + 1, end, v, mend);
    uint32_t mark = verify_fvar_mark(v);
    verify_fvar_capture(pc, v, v->buf + start, rc);
    if (chain(s, i + 1, end, v, mend))
        return true;
    verify_fvar_rewind(v, mark);
    return false;
}

/* Read the number a byte_* keyword names at buffer offset at; false when out of data. */
static bool byte_read(const struct kw_byte *b, const struct vctx *v, int64_t at, uint64_t *out)
{
    if (at < 0 || at + b->nbytes > (int64_t)v->len)
        return false;
    struct cursor c = cur_init(v->buf + at, b->nbytes);
    uint64_t x = 0;
    if (b->flags & KW_BYTE_STRING) {
        unsigned base = b->base ? b->base : 10;
        char tmp[32];
        cur_copy(&c, tmp, b->nbytes);
        tmp[b->nbytes < sizeof(tmp) ? b->nbytes : sizeof(tmp) - 1] = '\0';
        char *endp;
        x = strtoull(tmp, &endp, (int)base);
        if (endp == tmp)
            return false;
    } else {
        for (unsigned n = 0; n < b->nbytes; n++) {
            uint8_t byte = cur_u8(&c);
            x = (b->flags & KW_BYTE_LITTLE) ? x | (uint64_t)byte << (8 * n) : x << 8 | byte;
        }
    }
    if (b->flags & KW_BYTE_BITMASK) {
        x &= b->bitmask;
        for (uint32_t m = b->bitmask; m && !(m & 1); m >>= 1)
            x >>= 1;
    }
    *out = x;
    return !c.bad;
}

static bool byte_cmp(const struct kw_byte *b, uint64_t x, uint64_t val)
{
    bool r;
    switch (b->op) {
    case KW_BYTE_OP_LT:
        r = x < val;
        break;
    case KW_BYTE_OP_GT:
        r = x > val;
        break;
    case KW_BYTE_OP_LE:
        r = x <= val;
        break;
    case KW_BYTE_OP_GE:
        r = x >= val;
        break;
    case KW_BYTE_OP_AND:
        r = (x & val) != 0;
        break;
    case KW_BYTE_OP_XOR:
        r = (x ^ val) != 0;
        break;
    default:
        r = x == val;
        break;
    }
    return (b->flags & KW_BYTE_NEGATE) ? !r : r;
}

static bool byte_step(const struct sig *s, uint32_t i, uint32_t end, struct vctx *v, size_t prev)
{
    const struct kw_byte *b = s->kws[i].data;
    int64_t base = (b->flags & KW_BYTE_RELATIVE) ? (int64_t)prev : 0;
    int64_t at = base + val_or_var(v, b->offset, b->offset_var);
    uint64_t x;
    if (!byte_read(b, v, at, &x))
        return false;
    uint64_t mult = b->multiplier ? b->multiplier : 1;
    switch (s->kws[i].id) {
    case DETECT_KW_BYTE_TEST:
        if (!byte_cmp(b, x, b->value_var != KW_VAR_NONE ? v->vars[b->value_var] : b->value))
            return false;
        return chain(s, i + 1, end, v, prev);
    case DETECT_KW_BYTE_EXTRACT:
        if (b->var < KW_MAX_VARS)
            v->vars[b->var] = x * mult;
        return chain(s, i + 1, end, v, (size_t)(at + b->nbytes));
    default: { /* byte_jump */
        int64_t j = (int64_t)(x * mult);
        if ((b->flags & KW_BYTE_ALIGN) && (j % 4))
            j += 4 - j % 4;
        int64_t to = (b->flags & KW_BYTE_FROM_BEGINNING) ? j
                     : (b->flags & KW_BYTE_FROM_END)     ? (int64_t)v->len + j
                                                         : at + b->nbytes + j;
        to += b->post_offset;
        if (to < 0)
            to = 0; /* a jump back past the start lands on it, as Suricata 7.0.x+ */
        if (to > (int64_t)v->len)
            return false;
        return chain(s, i + 1, end, v, (size_t)to);
    }
    }
}

static bool isdataat_step(const struct sig *s, uint32_t i, uint32_t end, struct vctx *v,
                          size_t prev)
{
    const struct kw_isdataat *d = s->kws[i].data;
    uint64_t n = d->var != KW_VAR_NONE && d->var < KW_MAX_VARS ? v->vars[d->var] : d->value;
    uint64_t at = (d->flags & KW_ISDATAAT_RELATIVE) ? prev + n : n;
    bool ok = at < v->len;
    if (d->flags & KW_ISDATAAT_NEGATED)
        ok = !ok;
    return ok && chain(s, i + 1, end, v, prev);
}

/* bsize, urilen: the buffer's length; tls.version: the 2-byte version it holds. */
static bool size_step(const struct sig *s, uint32_t i, uint32_t end, struct vctx *v, size_t prev)
{
    uint64_t x = v->len;
    if (s->kws[i].id == DETECT_KW_TLS_VERSION) {
        if (v->len != 2)
            return false;
        x = (uint64_t)v->buf[0] << 8 | v->buf[1];
    }
    return verify_num_match(s->kws[i].data, x) && chain(s, i + 1, end, v, prev);
}

/* base64_decode: decode from the buffer into the worker's base64_data buffer. */
static bool b64_step(const struct sig *s, uint32_t i, uint32_t end, struct vctx *v, size_t prev)
{
    const struct kw_b64 *b = s->kws[i].data;
    size_t at = (b->relative ? prev : 0) + b->offset;
    v->b64_len = 0;
    if (v->b64 == NULL || at >= v->len)
        return false;
    size_t n = v->len - at;
    if (b->bytes && b->bytes < n)
        n = b->bytes;
    v->b64_len = detect_base64_decode(v->buf + at, n, v->b64, DETECT_B64_MAX);
    return v->b64_len > 0 && chain(s, i + 1, end, v, prev);
}

/* Keywords [i, end) of one buffer, with prev the end of the last match. */
static bool chain(const struct sig *s, uint32_t i, uint32_t end, struct vctx *v, size_t prev)
{
    while (i < end && !verify_is_payload_kw(s->kws[i].id))
        i++;
    if (i >= end)
        return prev > v->min_end || v->min_end == 0;
    if (v->steps >= DETECT_STEP_BUDGET)
        return false;
    switch (s->kws[i].id) {
    case DETECT_KW_CONTENT:
        return content_step(s, i, end, v, prev);
    case DETECT_KW_PCRE:
        return pcre_step(s, i, end, v, prev);
    case DETECT_KW_ISDATAAT:
        return isdataat_step(s, i, end, v, prev);
    case DETECT_KW_BSIZE:
    case DETECT_KW_URILEN:
    case DETECT_KW_TLS_VERSION:
        return size_step(s, i, end, v, prev);
    case DETECT_KW_BASE64_DECODE:
        return b64_step(s, i, end, v, prev);
    case DETECT_KW_DATASET:
    case DETECT_KW_DATAREP: {
        uint8_t nctx = v->nctx;
        if (verify_dataset(s->kws[i].id, s->kws[i].data, v) && chain(s, i + 1, end, v, prev))
            return true;
        v->nctx = nctx; /* what this try added to the alert's context is not kept */
        return false;
    }
    case DETECT_KW_ABSENT: /* the buffer is there: or_else goes on (buffer_chain) */
        return chain(s, i + 1, end, v, prev);
    case DETECT_KW_ENTROPY:
        return verify_entropy(&s->kws[i], v) && chain(s, i + 1, end, v, prev);
    default:
        return byte_step(s, i, end, v, prev);
    }
}

/* The bytes of a header sticky buffer (tcp.hdr, ipv4.hdr, ...): from its header to payload. */
static bool header_buffer(const struct packet *p, uint16_t buf, const uint8_t **b, size_t *len)
{
    const uint8_t *end = p->payload.p ? p->payload.p : p->data + p->caplen;
    size_t from;
    switch (buf) {
    case DETECT_KW_TCP_HDR:
        if (!is_tcp(p))
            return false;
        from = p->l4_off;
        break;
    case DETECT_KW_UDP_HDR:
        if (p->proto != 17 || !(p->flags & PKT_HAS_L4))
            return false;
        from = p->l4_off;
        break;
    case DETECT_KW_ICMPV4_HDR:
    case DETECT_KW_ICMPV6_HDR:
        /* the fixed 8-byte ICMP header (type, code, checksum, rest of header) */
        if (!is_icmp(p) || p->proto != (buf == DETECT_KW_ICMPV4_HDR ? 1 : 58) ||
            (size_t)p->l4_off + 8 > p->caplen)
            return false;
        *b = p->data + p->l4_off;
        *len = 8;
        return true;
    case DETECT_KW_IP_SRC:
    case DETECT_KW_IP_DST: /* the address as bytes: 4 for IPv4, 16 for IPv6 (Suricata) */
        if (p->ip_ver != 4 && p->ip_ver != 6)
            return false;
        *b = (buf == DETECT_KW_IP_SRC ? &p->src : &p->dst)->b;
        *len = p->ip_ver == 4 ? 4 : 16;
        return true;
    case DETECT_KW_IPV4_HDR:
    case DETECT_KW_IPV6_HDR:
        if (p->ip_ver != (buf == DETECT_KW_IPV4_HDR ? 4 : 6))
            return false;
        *b = p->data + p->l3_off;
        *len = p->l4_off > p->l3_off ? (size_t)(p->l4_off - p->l3_off) : 0;
        return p->l4_off <= p->caplen;
    default:
        return false;
    }
    if (p->data + from > end)
        return false;
    *b = p->data + from;
    *len = (size_t)(end - *b);
    return true;
}

/* The buffers added for HTTP headers, certificates and fingerprints. */
static int verify_txb_of_more(uint16_t buffer)
{
    static const struct {
        uint16_t kw;
        uint8_t txb;
    } map[] = {
        {DETECT_KW_HTTP_HEADER_NAMES, DETECT_TXB_HEADER_NAMES},
        {DETECT_KW_HTTP_CONTENT_TYPE, DETECT_TXB_CONTENT_TYPE},
        {DETECT_KW_HTTP_CONTENT_LEN, DETECT_TXB_CONTENT_LEN},
        {DETECT_KW_HTTP_REQUEST_LINE, DETECT_TXB_REQUEST_LINE},
        {DETECT_KW_HTTP_RESPONSE_LINE, DETECT_TXB_RESPONSE_LINE},
        {DETECT_KW_HTTP_START, DETECT_TXB_START},
        {DETECT_KW_HTTP_PROTOCOL, DETECT_TXB_PROTOCOL},
        {DETECT_KW_HTTP_ACCEPT, DETECT_TXB_ACCEPT},
        {DETECT_KW_HTTP_ACCEPT_ENC, DETECT_TXB_ACCEPT_ENC},
        {DETECT_KW_HTTP_ACCEPT_LANG, DETECT_TXB_ACCEPT_LANG},
        {DETECT_KW_HTTP_REFERER, DETECT_TXB_REFERER},
        {DETECT_KW_HTTP_CONNECTION, DETECT_TXB_CONNECTION},
        {DETECT_KW_HTTP_LOCATION, DETECT_TXB_LOCATION},
        {DETECT_KW_HTTP_SERVER, DETECT_TXB_SERVER},
        {DETECT_KW_HTTP_HEADER_RAW, DETECT_TXB_HEADER_RAW},
        {DETECT_KW_HTTP_STAT_MSG, DETECT_TXB_STAT_MSG},
        {DETECT_KW_HTTP_HOST_RAW, DETECT_TXB_HOST_RAW},
        {DETECT_KW_TLS_CERT_SUBJECT, DETECT_TXB_CERT_SUBJECT},
        {DETECT_KW_TLS_CERT_ISSUER, DETECT_TXB_CERT_ISSUER},
        {DETECT_KW_TLS_CERT_SERIAL, DETECT_TXB_CERT_SERIAL},
        {DETECT_KW_TLS_CERT_FINGERPRINT, DETECT_TXB_CERT_FP},
        {DETECT_KW_JA3_HASH, DETECT_TXB_JA3_HASH},
        {DETECT_KW_JA3_STRING, DETECT_TXB_JA3_STRING},
        {DETECT_KW_JA3S_HASH, DETECT_TXB_JA3S_HASH},
        {DETECT_KW_JA3S_STRING, DETECT_TXB_JA3S_STRING},
        {DETECT_KW_JA4_HASH, DETECT_TXB_JA4_HASH},
        {DETECT_KW_TLS_VERSION, DETECT_TXB_TLS_VERSION},
        {DETECT_KW_TLS_SUBJECTALTNAME, DETECT_TXB_TLS_SAN},
        {DETECT_KW_TLS_CERTS, DETECT_TXB_TLS_CERTS},
        {DETECT_KW_TLS_ALPN, DETECT_TXB_TLS_ALPN},
        {DETECT_KW_HTTP_REQUEST_HEADER, DETECT_TXB_REQ_HEADER},
        {DETECT_KW_HTTP_RESPONSE_HEADER, DETECT_TXB_RESP_HEADER},
    };
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (map[i].kw == buffer)
            return map[i].txb;
    return -1;
}

int verify_txb_of(uint16_t buffer)
{
    switch (buffer) {
    case DETECT_KW_FILE_DATA:
    case DETECT_KW_HTTP_RESPONSE_BODY:
        return DETECT_TXB_FILE_DATA;
    case DETECT_KW_HTTP_REQUEST_BODY:
        return DETECT_TXB_REQUEST_BODY;
    case DETECT_KW_HTTP_URI:
        return DETECT_TXB_URI;
    case DETECT_KW_HTTP_URI_RAW:
        return DETECT_TXB_URI_RAW;
    case DETECT_KW_HTTP_METHOD:
        return DETECT_TXB_METHOD;
    case DETECT_KW_HTTP_HOST:
        return DETECT_TXB_HOST;
    case DETECT_KW_HTTP_USER_AGENT:
        return DETECT_TXB_USER_AGENT;
    case DETECT_KW_HTTP_HEADER:
        return DETECT_TXB_HEADER;
    case DETECT_KW_HTTP_COOKIE:
        return DETECT_TXB_COOKIE;
    case DETECT_KW_HTTP_STAT_CODE:
        return DETECT_TXB_STAT_CODE;
    case DETECT_KW_DNS_QUERY:
        return DETECT_TXB_DNS_QUERY;
    case DETECT_KW_TLS_SNI:
        return DETECT_TXB_TLS_SNI;
    case DETECT_KW_DNS_QUERIES_RRNAME:
        return DETECT_TXB_DNS_QUERIES;
    case DETECT_KW_DNS_ANSWERS_RRNAME:
        return DETECT_TXB_DNS_ANSWERS;
    case DETECT_KW_DNS_AUTHORITIES_RRNAME:
        return DETECT_TXB_DNS_AUTHORITIES;
    case DETECT_KW_DNS_ADDITIONALS_RRNAME:
        return DETECT_TXB_DNS_ADDITIONALS;
    case DETECT_KW_DNS_RESPONSE_RRNAME:
        return DETECT_TXB_DNS_RESPONSE;
    case DETECT_KW_FILE_NAME:
        return DETECT_TXB_FILE_NAME;
    case DETECT_KW_TLS_RANDOM:
        return DETECT_TXB_TLS_RANDOM;
    case DETECT_KW_TLS_RANDOM_TIME:
        return DETECT_TXB_TLS_RANDOM_TIME;
    case DETECT_KW_TLS_RANDOM_BYTES:
        return DETECT_TXB_TLS_RANDOM_BYTES;
    default:
        return verify_txb_of_more(buffer);
    }
}

/* Point v at the buffer a chain of keywords reads; false when it is absent here. */
static bool select_buffer(struct vctx *v, uint16_t buf, const uint8_t *pbuf, size_t plen,
                          size_t pmin)
{
    v->min_end = 0;
    if (buf == DETECT_BUF_PAYLOAD) {
        v->buf = pbuf;
        v->len = plen;
        v->min_end = pmin;
        return true;
    }
    if (buf == DETECT_KW_BASE64_DATA) { /* what the latest base64_decode wrote */
        v->buf = v->b64;
        v->len = v->b64_len;
        return v->b64_len > 0;
    }
    int t = verify_txb_of(buf);
    if (t < 0)
        return header_buffer(v->p, buf, &v->buf, &v->len);
    if (v->tx == NULL || !(v->tx->have & DETECT_TXB_BIT(t)))
        return false;
    v->buf = v->tx->buf[t].p;
    v->len = v->tx->buf[t].len;
    return true;
}

/* The instances of a multi-buffer (http.request_header, ...), or NULL for a single buffer. */
static const struct detect_multibuf *multi_of(const struct vctx *v, uint16_t buf)
{
    /* cheap tests first: this runs for every chain of every candidate */
    if (v->tx == NULL)
        return NULL;
    if (buf == DETECT_KW_FILE_DATA || buf == DETECT_KW_FILE_NAME) { /* a transaction's files */
        const struct detect_multibuf *m = &v->tx->files[buf == DETECT_KW_FILE_NAME];
        return m->n > 0 ? m : NULL;
    }
    if (buf != DETECT_KW_HTTP_REQUEST_HEADER && buf != DETECT_KW_HTTP_RESPONSE_HEADER)
        return NULL;
    int t = buf == DETECT_KW_HTTP_REQUEST_HEADER ? DETECT_TXB_REQ_HEADER : DETECT_TXB_RESP_HEADER;
    if (!(v->tx->have & DETECT_TXB_BIT(t)))
        return NULL;
    return &v->tx->multi[t - DETECT_TXB_MULTI_FIRST];
}

/* Transforms, then the chain kws[from, end) on the buffer v points at. */
static bool chain_here(const struct sig *s, uint32_t i, uint32_t end, struct vctx *v)
{
    v->steps = 0;
    if (v->buf == NULL && v->len == 0)
        v->buf = (const uint8_t *)"";
    const uint8_t *before = v->buf;
    uint32_t from = verify_transforms(s, i, end, v);
    v->nfm = 0; /* searches of another buffer */
    if (v->buf != before)
        v->min_end = 0; /* a transformed stream is inspected whole */
    return chain(s, from, end, v, 0);
}

/*
 * absent (Suricata 8) among kws [i, end): -1 when there is none; else whether the chain
 * holds with the buffer missing for good (not still to come, as a body being read). With
 * the buffer there, *stop tells that absent without or_else fails.
 */
static int absent_check(const struct sig *s, uint32_t i, uint32_t end, const struct vctx *v,
                        bool *stop)
{
    for (; i < end && s->kws[i].id != DETECT_KW_ABSENT; i++)
        ;
    if (i == end)
        return -1;
    const struct kw_text *t = s->kws[i].data;
    int b = verify_txb_of(s->kws[i].buffer);
    *stop = t->arg == NULL;
    return v->tx != NULL && b >= 0 && !(v->tx->pending & DETECT_TXB_BIT(b));
}

/*
 * The chain kws[i, end) on its buffer: once, or on each instance of a multi-buffer until
 * one matches (a multi-buffer's keywords must all match in the same instance).
 */
static bool buffer_chain(const struct dsig *d, uint32_t i, uint32_t end, struct vctx *v,
                         const struct detect_multibuf *m)
{
    const struct sig *s = d->s;
    bool stop = false;
    int absent = d->absent ? absent_check(s, i, end, v, &stop) : -1;
    if (m == NULL) {
        if (!select_buffer(v, s->kws[i].buffer, v->pbuf, v->plen, v->pmin))
            return absent == 1;
        return !stop && chain_here(s, i, end, v);
    }
    if (m->n == 0)
        return absent == 1;
    if (stop)
        return false;
    for (uint32_t k = 0; k < m->n; k++) {
        v->buf = m->v[k].p;
        v->len = m->v[k].len;
        v->min_end = 0;
        if (chain_here(s, i, end, v))
            return true;
    }
    return false;
}

static bool verify_sig_all(const struct dsig *d, struct vctx *v)
{
    const struct sig *s = d->s;
    v->nctx = 0;
    if (!verify_nonpayload(d, v))
        return false;
    v->pbuf = v->buf;
    v->plen = v->len;
    v->pmin = v->min_end;
    for (uint32_t i = 0; i < s->nkws;) {
        uint16_t buf = s->kws[i].buffer;
        const struct detect_multibuf *m = multi_of(v, buf);
        uint32_t end = i;
        bool any = false;
        /* a buffer named again with transforms is a buffer of its own (Suricata's lists), and
         * so is a multi-buffer named again: each list may match another instance */
        while (end < s->nkws && s->kws[end].buffer == buf &&
               !(any && verify_is_transform(s->kws[end].id)) &&
               !(m != NULL && end > i && s->kws[end].list_start))
            any |= verify_is_payload_kw(s->kws[end++].id);
        if (any && !buffer_chain(d, i, end, v, m))
            return false;
        i = end;
    }
    return true;
}

bool verify_sig(const struct dsig *d, struct vctx *v)
{
    if (verify_sig_all(d, v))
        return true;
    if (v->df != NULL && v->df->vars != NULL)
        verify_fvar_rewind(v, 0); /* captures of a signature that did not match */
    return false;
}
