/* SPDX-License-Identifier: GPL-2.0-only */
/* The immutable detection engine: signature groups with Vectorscan prefilters, and the run. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <hs/hs.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/alloc.h"
#include "core/err.h"
#include "hscache.h"
#include "verify_internal.h"

/*
 * The TCP groups to the client hold the signatures that can match that way only. Vectorscan
 * 5.4.9 needs 60 to 130 MB to compile ET Open's 1,300 to 1,400 such fast patterns of one
 * group (14 MB for the 2,000 of a group to the server), which would take the cold start
 * past 200 MB. What it needs goes with the long literals (the 404 of over 16 bytes alone
 * take 58 MB): cut to DETECT_FP_CUT bytes of each, one group compiles in 49 to 69 MB
 * and scans in 36% fewer instructions than two parts of the whole patterns. A cut pattern
 * is reported at every place (no single-match) and names its signature only where its whole
 * literal is (on_hs_cut), so the candidates are those of the whole patterns.
 * Past DETECT_DB_SPLIT patterns a group is still compiled in parts (a custom rule set).
 */
#define DETECT_GROUP_DBS 4u
#define DETECT_DB_SPLIT  1600u
#define DETECT_FP_CUT    6u

/*
 * On UDP, ICMP and other IP protocols (groups scanned on packet payloads only) a fast
 * pattern of at most DETECT_EARLY_LEN bytes that must end within the first DETECT_EARLY_END
 * bytes ("|00 01|"; depth:2, "e"; nocase; depth:1) is searched there by hand, not compiled:
 * in Vectorscan's floating table such a pattern is hit all over every payload (ET Open's
 * UDP groups to the client took 7,300 cycles to scan a 170-byte DNS answer), and compiled
 * with its bound (HS_EXT_FLAG_MAX_OFFSET) it doubled the cold start.
 */
#define DETECT_EARLY_LEN 2u
#define DETECT_EARLY_END 16u

/* Packet classes, one signature group each. */
enum dgroup { DG_TCP = 0, DG_UDP, DG_ICMP4, DG_ICMP6, DG_OTHER, DG_MAX };

/* A fast pattern compiled cut to DETECT_FP_CUT bytes from `off`: the whole literal (len 0:
 * not cut). */
struct cut_lit {
    const uint8_t *p;
    uint32_t len, off;
    bool nocase;
};

/* A fast pattern searched by hand at the start of a payload (DETECT_EARLY_LEN). */
struct early_fp {
    uint32_t pos; /* its signature's position in the group */
    uint8_t end;  /* the literal ends within the first `end` bytes */
    uint8_t len;
    bool nocase;
    uint8_t lit[DETECT_EARLY_LEN];
};

/* Signatures of a portmap that all its groups share (struct portmap), one database. */
struct shared_set {
    hs_database_t *db;
    hs_database_t *db_big; /* those whose dsize allows more than DETECT_DSIZE_SMALL bytes
                              (same ids): most bytes are in full packets, most dsize tests
                              ask for small ones; db itself when it is all of them */
    uint32_t *sigs;        /* their dsig indexes, ascending (the database's ids) */
    uint32_t n;
};

/* A signature group: its signatures in engine order and the prefilter of their patterns. */
struct group {
    uint32_t *sigs; /* indexes into engine.dsigs, ascending */
    uint32_t n;
    uint32_t *always; /* positions in sigs without a prefilter pattern: always verified */
    uint32_t nalways;
    /* its fast patterns: one database, or up to DETECT_GROUP_DBS parts of at most `split`
     * patterns each (split 0: one; split set: the patterns cut at DETECT_FP_CUT bytes);
     * NULL when no signature has a payload fast pattern */
    hs_database_t *db[DETECT_GROUP_DBS];
    uint32_t split;
    struct cut_lit *cut;    /* split set: per signature, its literal when its pattern was cut */
    bool pkt_only;          /* scanned on packet payloads only, never stream data */
    struct early_fp *early; /* pkt_only: the fast patterns searched by hand, not in db */
    uint32_t nearly;
    /* In a portmap: where the signatures of its shared sets are in this group */
    struct shared_ref {
        const struct shared_set *set;
        uint32_t *pos; /* per signature of the set, its position in sigs (DETECT_NOT_HERE) */
    } pkt, noest;
};

/*
 * The signature group heads of a class with ports (TCP, UDP) in one flow direction, as
 * Suricata builds them: a signature goes to the groups of the server's port it names (the
 * destination port to the server, the source port to the client) or to every group when it
 * names any port, so a packet verifies only the signatures that could match its ports.
 * Ports whose signatures are the same share a group; past the configured number of groups
 * (detect.profile, detect.custom-values) the priority ports' sets and then the largest
 * keep their own and the rest share one.
 */
struct portmap {
    uint16_t *of_port; /* 65536 entries: the group of a key port */
    struct group *g;
    uint32_t n;
    /*
     * Two sets of its signatures that every group shares, each one database rather than a
     * copy per group (there are a thousand of the first in ET Open: copies cost 14 MB):
     * - pkt: the packet-only ones (flow:no_stream, dsize), scanned on the payload of a
     *   packet whose bytes the stream took (the others inspect the stream);
     * - noest (TCP): those that do not need flow:established, the only ones that can
     *   match a packet of a flow not established (no session, or the handshake's).
     */
    struct shared_set pkt, noest;
};

#define DETECT_NOT_HERE    UINT32_MAX /* shared_ref.pos of a signature not in the group */
#define DETECT_PORT_BROAD  1024u      /* a signature naming more ports goes to every group */
#define DETECT_DSIZE_SMALL 512u /* payloads up to this size are scanned with every dsize rule */

struct detect_engine {
    struct dsig *dsigs; /* in Suricata's order: action, flowbits setters first, priority */
    uint32_t n;
    struct group groups[DG_MAX]; /* ICMP and other classes; TCP and UDP in pm */
    struct portmap pm[2][2];     /* [TCP, UDP][to server, to client] */
    uint32_t maxgroups[2];       /* groups per class: [to server, to client] */
    uint8_t *prio[2];            /* [TCP, UDP]: 65536 flags, the priority ports (build only) */
    uint32_t *iponly;            /* IP-only signatures, ascending */
    uint32_t niponly;
    uint32_t nbits;        /* distinct flowbit names */
    const char **bitnames; /* flowbit id to name (borrowed from the signatures) */
    uint32_t maxgroup;     /* largest group, for the worker's candidate bitmap */
    uint32_t *txsigs;      /* transaction signatures (app-layer buffers), ascending */
    uint32_t ntx;
    uint64_t tx_wants;  /* DETECT_TXB_BIT per transaction buffer some sig reads */
    uint32_t alert_max; /* alerts kept per packet (packet-alert-max) */
    /* The transaction prefilter: per buffer, the fast patterns of the transaction
     * signatures whose fast pattern is in it (ids index txsigs); the rest always run. */
    hs_database_t *txdb[DETECT_TXB_MAX];
    uint32_t txdb_maxlen[DETECT_TXB_MAX]; /* the longest fast pattern of each */
    uint64_t *tx_always;                  /* bitmap over txsigs */
    /* The always-verified ones listed by one buffer each needs present (the lowest of
     * txneed), so that an inspection lists only those whose buffers it may have:
     * [off[b], off[b + 1]); those needing none (absent alone) are listed last. */
    uint32_t *tx_always_idx;
    uint32_t *tx_body_idx; /* transaction signatures reading a body or its file (BODY_BUFS)
                              without a fast pattern */
    uint32_t ntx_body;
    uint32_t tx_always_off[DETECT_TXB_MAX + 2]; /* [DETECT_TXB_MAX]: those needing none */
    hs_scratch_t *proto_scratch;
    struct hscache cache; /* compiled databases on disk (detect.sgh-mpm-caching) */
    struct detect_engine_info info;
};

struct thr_slot {
    uint32_t sid, gid;
    struct kh_addr key;
    uint64_t key2;
    uint64_t start; /* window start, microseconds */
    uint32_t count;
    bool used;
};

/* Whether an address is in an address set (addr_memo_in); a = NULL: unused. */
struct addr_memo {
    const struct sig_addr *a;
    uint64_t q[2]; /* the address (IPv4: q[0] its 4 bytes, q[1] 0) */
    uint8_t ver;
    bool in;
};

#define DETECT_ADDR_MEMO 1024u /* direct-mapped; a collision costs a lookup again */

struct detect_thread {
    const struct detect_engine *de;
    hs_scratch_t *scratch;
    pcre2_match_data *md;
    /* Candidates: a bitmap over the group (or txsigs), zero between uses, and a summary
     * bitmap of its set words, so that a packet reads and clears only those, in order
     * (cand_add, cand_next). */
    uint64_t *cand;
    uint32_t ncand_words;
    uint64_t *csum;
    uint32_t nsum;  /* words of csum */
    uint32_t cnext; /* cand_next's position in csum */
    struct addr_memo memo[DETECT_ADDR_MEMO];
    const struct group *cur; /* group being scanned (match callback) */
    struct thr_slot *thr;
    pthread_mutex_t *thr_lock;           /* when thr is a table shared by the workers */
    uint32_t hits[DETECT_ALERT_CAP + 1]; /* dsig index of each alert, sorted */
    struct detect_alert alerts[DETECT_ALERT_CAP];
    uint32_t nhits;
    bool pass_hit;                  /* a pass rule matched on this packet: stop inspecting it */
    uint32_t nbodies;               /* body buffers held by this worker's flows */
    uint64_t body_mem;              /* their bytes (DETECT_BODY_MEM) */
    uint8_t *xbuf;                  /* transform scratch: two buffers of DETECT_XFORM_BUF */
    void *zs;                       /* zlib stream of gunzip / zlib_deflate */
    uint8_t *b64;                   /* base64_decode output (DETECT_B64_MAX) */
    struct detect_xbits *xb;        /* xbits of the hosts and pairs this worker saw */
    struct detect_stream_sizes ssz; /* of the packet being inspected (stream_size) */
    struct find_memo fm[VCTX_FIND_MEMO]; /* verification's content searches (vctx.fm) */
    struct detect_stats st;
};

/* ---- build ---- */

static bool kw_is_iponly_compat(const struct sig_kw *k)
{
    if (k->id == DETECT_KW_FLOWBITS) {
        enum kw_bits_cmd c = ((const struct kw_bits *)k->data)->cmd;
        return c == KW_BITS_SET || c == KW_BITS_NOALERT;
    }
    return k->id == DETECT_KW_THRESHOLD || k->id == DETECT_KW_DETECTION_FILTER ||
           k->id == DETECT_KW_IPREP; /* addresses only: once per flow direction, as Suricata */
}

/* The largest value a numeric test (dsize) lets through. */
static uint64_t num_max(const struct kw_num *n)
{
    switch (n->op) {
    case KW_NUM_EQ:
    case KW_NUM_LE:
        return n->a;
    case KW_NUM_LT:
        return n->a ? n->a - 1 : 0;
    case KW_NUM_RANGE:
        return n->b ? n->b - 1 : 0;
    case KW_NUM_RANGE_INCL:
        return n->b;
    default:
        return UINT64_MAX;
    }
}

static void classify(struct dsig *d)
{
    const struct sig *s = d->s;
    uint64_t absent = 0; /* buffers named under absent: not required */
    d->dsize_max = UINT32_MAX;
    /* an app-layer header ("alert http") needs the flow's protocol, known after the first
     * packets: such a rule is inspected per packet, as Suricata does, not once per flow */
    d->iponly = !s->tcp_only_pkt && !s->tcp_only_strm && s->proto != SIG_PROTO_APP;
    d->stream_only = s->tcp_only_strm;
    d->pkt_only = s->tcp_only_pkt;
    for (uint32_t i = 0; i < s->nkws; i++) {
        const struct sig_kw *k = &s->kws[i];
        d->iponly &= kw_is_iponly_compat(k);
        if (verify_is_payload_kw(k->id) && k->buffer == DETECT_BUF_PAYLOAD)
            d->has_payload = true;
        int t = verify_txb_of(k->buffer);
        if (t >= 0)
            d->txbufs |= DETECT_TXB_BIT(t);
        if (k->id == DETECT_KW_ABSENT && t >= 0) {
            d->absent = true;
            absent |= DETECT_TXB_BIT(t);
        }
        if (verify_is_dns_kw(k->id))
            d->txbufs |= DETECT_TXB_BIT(DETECT_TXB_DNS_MSG);
        if (verify_is_tls_kw(k->id))
            d->txbufs |= DETECT_TXB_BIT(DETECT_TXB_TLS_CERT_INFO);
        if (k->id == DETECT_KW_APP_LAYER_EVENT)
            d->txbufs |= DETECT_TXB_BIT(DETECT_TXB_EVENTS);
        if (k->id == DETECT_KW_FILESIZE)
            d->txbufs |= DETECT_TXB_BIT(DETECT_TXB_FILE_SIZE);
        /* dsize is the size of the packet payload: its contents inspect that payload, not
         * the reassembled stream (which in IDS mode has not acknowledged it yet) */
        if (k->id == DETECT_KW_DSIZE) {
            d->pkt_only = true;
            uint64_t hi = num_max(k->data);
            d->dsize_max = hi < d->dsize_max ? (uint32_t)hi : d->dsize_max;
        }
        if (k->id == DETECT_KW_FLOW) {
            uint16_t fl = ((const struct kw_flow *)k->data)->flags;
            d->stream_only |= (fl & KW_FLOW_ONLY_STREAM) != 0;
            d->pkt_only |= (fl & KW_FLOW_NO_STREAM) != 0;
            d->need_est |= (fl & KW_FLOW_ESTABLISHED) != 0;
        }
    }
    d->txneed = d->txbufs & ~absent;
    if (d->txbufs)
        d->iponly = false;
    verify_list_nonpayload(d);
}

/* Sort key: pass, drop, reject, alert; flowbits setters before readers; priority; load. */
static int sig_rank(const struct sig *s)
{
    int act = s->action == SIG_ACT_PASS ? 0 : s->action == SIG_ACT_ALERT ? 2 : 1;
    int fb = 2;
    for (uint32_t i = 0; i < s->nkws; i++) {
        if (s->kws[i].id != DETECT_KW_FLOWBITS)
            continue;
        enum kw_bits_cmd c = ((const struct kw_bits *)s->kws[i].data)->cmd;
        bool reads = c == KW_BITS_ISSET || c == KW_BITS_ISNOTSET;
        fb = reads ? (fb == 0 ? 1 : (fb == 2 ? 3 : fb)) : (fb == 3 ? 1 : 0);
    }
    return act * 1000 + fb * 256 + s->priority;
}

static int cmp_dsig(const void *a, const void *b)
{
    const struct dsig *x = a, *y = b;
    int rx = sig_rank(x->s), ry = sig_rank(y->s);
    if (rx != ry)
        return rx < ry ? -1 : 1;
    /* load order, by index: addresses follow no order (a reload loads on another thread) */
    return x->load_order < y->load_order ? -1 : x->load_order > y->load_order;
}

/* Flowbit names to ids: a sorted name table built once (a few hundred names at most). */
static int resolve_flowbits(struct detect_engine *de)
{
    char **names = NULL;
    uint32_t n = 0, cap = 0;
    for (uint32_t i = 0; i < de->n; i++) {
        struct dsig *d = &de->dsigs[i];
        for (uint32_t k = 0; k < d->s->nkws; k++)
            if (d->s->kws[k].id == DETECT_KW_FLOWBITS || d->s->kws[k].id == DETECT_KW_XBITS)
                d->nfbids += ((const struct kw_bits *)d->s->kws[k].data)->n;
        if (d->nfbids == 0)
            continue;
        d->fbids = kh_calloc(d->nfbids, sizeof(*d->fbids));
        if (d->fbids == NULL)
            goto out_nomem;
        uint32_t at = 0;
        for (uint32_t k = 0; k < d->s->nkws; k++) {
            if (d->s->kws[k].id != DETECT_KW_FLOWBITS && d->s->kws[k].id != DETECT_KW_XBITS)
                continue;
            const struct kw_bits *b = d->s->kws[k].data;
            for (uint32_t j = 0; j < b->n; j++) {
                uint32_t id = 0;
                while (id < n && strcmp(names[id], b->names[j]) != 0)
                    id++;
                if (id == n) {
                    if (n == cap) {
                        cap = cap ? cap * 2 : 64;
                        char **nn = kh_reallocarray(names, cap, sizeof(*names));
                        if (nn == NULL)
                            goto out_nomem;
                        names = nn;
                    }
                    names[n++] = b->names[j];
                }
                d->fbids[at++] = id;
            }
        }
    }
    de->nbits = n;
    de->bitnames = (const char **)names; /* borrowed from the signatures */
    return KH_OK;
out_nomem:
    kh_free(names);
    return KH_ENOMEM;
}

static bool sig_in_group(const struct sig *s, enum dgroup g)
{
    switch (s->proto) {
    case SIG_PROTO_IP:
        return true;
    case SIG_PROTO_TCP:
        return g == DG_TCP;
    case SIG_PROTO_UDP:
        return g == DG_UDP;
    case SIG_PROTO_ICMP:
        return g == DG_ICMP4 || g == DG_ICMP6;
    case SIG_PROTO_ICMPV4:
        return g == DG_ICMP4;
    case SIG_PROTO_ICMPV6:
        return g == DG_ICMP6;
    case SIG_PROTO_SCTP:
        return g == DG_OTHER;
    case SIG_PROTO_APP: /* "alert http/dns" without their buffers: packets of such flows */
        return g == DG_TCP || (s->app_proto == DETECT_APP_DNS && g == DG_UDP);
    default:
        return false;
    }
}

/* The payload fast pattern of a signature, or NULL when it has none to prefilter on. */
static const struct kw_content *fast_pattern(const struct sig *s)
{
    if (s->fast_pattern < 0 || s->kws[s->fast_pattern].buffer != DETECT_BUF_PAYLOAD)
        return NULL;
    const struct kw_content *c = s->kws[s->fast_pattern].data;
    const uint8_t *p;
    uint32_t len;
    bool nc;
    /* behind transforms only when a literal of the raw bytes still implies the match */
    if ((c->flags & KW_CONTENT_NEGATED) || c->len == 0 ||
        !detect_fp_literal(s, s->fast_pattern, &p, &len, &nc))
        return NULL;
    return c;
}

/* "\xHH" for every byte of a fast pattern's literal: Vectorscan takes it as a literal. */
static char *hex_literal(const uint8_t *p, uint32_t len)
{
    char *out = kh_malloc((size_t)len * 4 + 1);
    if (out == NULL)
        return NULL;
    for (uint32_t i = 0; i < len; i++)
        snprintf(out + i * 4, 5, "\\x%02x", p[i]);
    out[(size_t)len * 4] = '\0';
    return out;
}

/* The Vectorscan expression and flags of sig s's fast pattern (see detect_fp_literal). */
static char *fp_expr(const struct sig *s, unsigned *flags)
{
    const uint8_t *p;
    uint32_t len;
    bool caseless;
    if (!detect_fp_literal(s, s->fast_pattern, &p, &len, &caseless))
        return NULL;
    *flags = HS_FLAG_SINGLEMATCH | (caseless ? HS_FLAG_CASELESS : 0);
    return hex_literal(p, len);
}

/*
 * How far into a packet payload the fast pattern's literal p (len bytes of content c, as
 * detect_fp_literal gives it) can end, from c's depth (0: no bound). On stream data a
 * depth counts from the stream's start, not the scanned slice's.
 */
static uint32_t fp_max_end(const struct kw_content *c, const uint8_t *p, uint32_t len)
{
    size_t at = (c->flags & KW_CONTENT_FAST_CHOP) ? c->fp_chop_off : 0;
    if (p != c->pat + at) /* behind dotprefix: not where the payload has it */
        return 0;
    int64_t hi; /* where the content ends at most (verify.c's content_window) */
    if (c->flags & KW_CONTENT_STARTSWITH)
        hi = c->len;
    else if ((c->flags & (KW_CONTENT_DISTANCE | KW_CONTENT_WITHIN)) ||
             !(c->flags & KW_CONTENT_DEPTH) || c->depth_var != KW_VAR_NONE)
        return 0;
    else if (c->flags & KW_CONTENT_OFFSET)
        hi = c->offset_var != KW_VAR_NONE ? -1 : (int64_t)c->offset + c->depth;
    else
        hi = c->depth;
    int64_t end = hi - (int64_t)(c->len - at - len); /* less the bytes after the literal */
    return hi >= (int64_t)c->len && end >= (int64_t)len && end <= UINT32_MAX ? (uint32_t)end : 0;
}

/* Whether the fast pattern of the signature at position i of a packet-only group is one
 * to search by hand (DETECT_EARLY_LEN); if so it is added to g->early. */
static bool add_early(struct group *g, const struct sig *s, uint32_t i)
{
    const uint8_t *p;
    uint32_t len, end;
    bool caseless;
    if (!g->pkt_only || !detect_fp_literal(s, s->fast_pattern, &p, &len, &caseless) ||
        len > DETECT_EARLY_LEN || (end = fp_max_end(s->kws[s->fast_pattern].data, p, len)) == 0 ||
        end > DETECT_EARLY_END)
        return false;
    struct early_fp *e = &g->early[g->nearly++];
    *e = (struct early_fp){.pos = i, .end = (uint8_t)end, .len = (uint8_t)len, .nocase = caseless};
    memcpy(e->lit, p, len);
    return true;
}

/* A window of DETECT_FP_CUT bytes as a key, letters folded (never 0: an empty slot). */
static uint64_t window_key(const uint8_t *p)
{
    uint64_t k = 0;
    for (uint32_t i = 0; i < DETECT_FP_CUT; i++)
        k = k << 8 | (uint8_t)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] | 0x20 : p[i]);
    return k + 1;
}

struct window_count {
    uint64_t key;
    uint32_t n;
};

/* The slot of key in a table of cap (a power of two) slots, found or free. */
static struct window_count *window_slot(struct window_count *t, size_t cap, uint64_t key)
{
    size_t i = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 20) & (cap - 1);
    while (t[i].key != 0 && t[i].key != key)
        i = (i + 1) & (cap - 1);
    return &t[i];
}

/*
 * Where each cut pattern of g is cut: at the window of DETECT_FP_CUT bytes that the fewest
 * windows of the group's cut patterns share. A cut pattern is reported at every place, so
 * input that repeats one window (hostile traffic may) must name few patterns there: the
 * first 6 bytes of 416 of ET Open's certificate rules are one and the same
 * ("|06 03 55 04 03 0c|"), their names after it are not.
 */
static int choose_windows(struct group *g)
{
    size_t total = 0, cap = 1;
    for (uint32_t i = 0; i < g->n; i++)
        total += g->cut[i].len > 0 ? g->cut[i].len - DETECT_FP_CUT + 1 : 0;
    while (cap < 2 * total)
        cap <<= 1;
    struct window_count *t = total ? kh_calloc(cap, sizeof(*t)) : NULL;
    if (total && t == NULL)
        return KH_ENOMEM;
    for (uint32_t i = 0; i < g->n; i++)
        for (uint32_t k = 0; g->cut[i].len > 0 && k + DETECT_FP_CUT <= g->cut[i].len; k++) {
            uint64_t key = window_key(g->cut[i].p + k);
            struct window_count *w = window_slot(t, cap, key);
            w->key = key;
            w->n++;
        }
    for (uint32_t i = 0; i < g->n; i++) {
        uint32_t fewest = UINT32_MAX;
        for (uint32_t k = 0; g->cut[i].len > 0 && k + DETECT_FP_CUT <= g->cut[i].len; k++) {
            uint32_t n = window_slot(t, cap, window_key(g->cut[i].p + k))->n;
            if (n < fewest) {
                fewest = n;
                g->cut[i].off = k;
            }
        }
    }
    kh_free(t);
    return KH_OK;
}

static uint64_t db_size(const hs_database_t *db)
{
    size_t sz = 0;
    return hs_database_size(db, &sz) == HS_SUCCESS ? sz : 0;
}

/* Compile n fast patterns (through the cache) into *db and count it. */
static int compile_db(struct detect_engine *de, const char *const *exprs, const unsigned *flags,
                      const unsigned *ids, unsigned n, hs_database_t **db, char *err, size_t errlen)
{
    if (hscache_compile(&de->cache, exprs, flags, ids, n, db, err, errlen) != HS_SUCCESS)
        return KH_EINVAL;
    de->info.prefiltered += n;
    de->info.databases++;
    de->info.db_bytes += db_size(*db);
    if (hs_alloc_scratch(*db, &de->proto_scratch) != HS_SUCCESS) {
        snprintf(err, errlen, "vectorscan: cannot allocate scratch");
        return KH_ENOMEM;
    }
    return KH_OK;
}

/* A group's database: the fast patterns of its signatures; those without are listed apart. */
static int build_db(struct detect_engine *de, struct group *g, char *err, size_t errlen)
{
    const char **exprs = kh_calloc(g->n ? g->n : 1, sizeof(*exprs));
    unsigned *flags = kh_calloc(g->n ? g->n : 1, sizeof(*flags));
    unsigned *ids = kh_calloc(g->n ? g->n : 1, sizeof(*ids));
    unsigned n = 0;
    int rc = KH_ENOMEM;
    if (exprs == NULL || flags == NULL || ids == NULL)
        goto out;
    if (g->split && (g->cut = kh_calloc(g->n ? g->n : 1, sizeof(*g->cut))) == NULL)
        goto out;
    if (g->pkt_only && (g->early = kh_calloc(g->n ? g->n : 1, sizeof(*g->early))) == NULL)
        goto out;
    for (uint32_t i = 0; i < g->n; i++) {
        const struct sig *s = de->dsigs[g->sigs[i]].s;
        struct cut_lit *c = g->cut ? &g->cut[i] : NULL;
        if (fast_pattern(s) == NULL)
            g->always[g->nalways++] = i;
        else if (c != NULL && (!detect_fp_literal(s, s->fast_pattern, &c->p, &c->len, &c->nocase) ||
                               c->len <= DETECT_FP_CUT))
            c->len = 0;
    }
    if (g->cut != NULL && choose_windows(g) != KH_OK)
        goto out;
    for (uint32_t i = 0; i < g->n; i++) {
        const struct sig *s = de->dsigs[g->sigs[i]].s;
        const struct cut_lit *c = g->cut ? &g->cut[i] : NULL;
        if (fast_pattern(s) == NULL || add_early(g, s, i))
            continue;
        if (c != NULL && c->len > 0) { /* every place: each is confirmed (on_hs_cut) */
            exprs[n] = hex_literal(c->p + c->off, DETECT_FP_CUT);
            flags[n] = c->nocase ? HS_FLAG_CASELESS : 0;
        } else {
            exprs[n] = fp_expr(s, &flags[n]);
        }
        if (exprs[n] == NULL)
            goto out;
        ids[n++] = i;
    }
    rc = KH_OK;
    /* as few parts of `split` patterns as hold them (at most DETECT_GROUP_DBS), even */
    uint32_t parts = g->split && n > g->split ? (n + g->split - 1) / g->split : n > 0;
    parts = parts < DETECT_GROUP_DBS ? parts : DETECT_GROUP_DBS;
    uint32_t per = parts ? (n + parts - 1) / parts : 0;
    for (uint32_t k = 0; k < parts && rc == KH_OK; k++) {
        uint32_t from = k * per, cnt = n - from < per ? n - from : per;
        rc = compile_db(de, exprs + from, flags + from, ids + from, cnt, &g->db[k], err, errlen);
    }
out:
    for (unsigned i = 0; exprs != NULL && i < n; i++)
        kh_free((void *)exprs[i]);
    kh_free(exprs);
    kh_free(flags);
    kh_free(ids);
    return rc;
}

/* The fast pattern of a transaction signature and the buffer it is in, or NULL. */
static const struct kw_content *tx_fast_pattern(const struct sig *s, int *txb)
{
    if (s->fast_pattern < 0)
        return NULL;
    *txb = verify_txb_of(s->kws[s->fast_pattern].buffer);
    const struct kw_content *c = s->kws[s->fast_pattern].data;
    if (*txb < 0 || (c->flags & KW_CONTENT_NEGATED) || c->len == 0)
        return NULL;
    for (uint32_t i = 0; i < s->nkws; i++) /* absent: or_else matches without the buffer */
        if (s->kws[i].id == DETECT_KW_ABSENT && s->kws[i].buffer == s->kws[s->fast_pattern].buffer)
            return NULL;
    return c;
}

/* What a body inspection brings new: the body, its file's name and size. */
#define BODY_BUFS                                                                                  \
    (DETECT_TXB_BIT(DETECT_TXB_FILE_DATA) | DETECT_TXB_BIT(DETECT_TXB_REQUEST_BODY) |              \
     DETECT_TXB_BIT(DETECT_TXB_FILE_NAME) | DETECT_TXB_BIT(DETECT_TXB_FILE_SIZE))

/*
 * What a body inspection verifies besides the hits in the body buffers: the signatures
 * reading a body without a fast pattern (listed), and those with theirs in a header
 * buffer (marked body_late: the header inspections remember their hits).
 */
static int list_tx_body(struct detect_engine *de, const int8_t *fpb)
{
    de->tx_body_idx = kh_calloc(de->ntx ? de->ntx : 1, sizeof(*de->tx_body_idx));
    if (de->tx_body_idx == NULL)
        return KH_ENOMEM;
    for (uint32_t i = 0; i < de->ntx; i++) {
        struct dsig *d = &de->dsigs[de->txsigs[i]];
        if (!(d->txbufs & BODY_BUFS))
            continue;
        if (fpb[i] < 0) /* no prefilter pattern */
            de->tx_body_idx[de->ntx_body++] = i;
        else
            d->body_late = !(DETECT_TXB_BIT(fpb[i]) & BODY_BUFS);
    }
    return KH_OK;
}

static int list_tx_always(struct detect_engine *de)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < de->ntx; i++)
        n += (de->tx_always[i / 64] >> (i % 64)) & 1;
    de->tx_always_idx = kh_calloc(n ? n : 1, sizeof(*de->tx_always_idx));
    if (de->tx_always_idx == NULL)
        return KH_ENOMEM;
    n = 0;
    for (int b = 0; b <= DETECT_TXB_MAX; b++) {
        de->tx_always_off[b] = n;
        for (uint32_t i = 0; i < de->ntx; i++) {
            uint64_t need = de->dsigs[de->txsigs[i]].txneed;
            int key = need ? __builtin_ctzll(need) : DETECT_TXB_MAX;
            if ((de->tx_always[i / 64] >> (i % 64)) & 1 && key == b)
                de->tx_always_idx[n++] = i;
        }
    }
    de->tx_always_off[DETECT_TXB_MAX + 1] = n;
    return KH_OK;
}

/*
 * One Vectorscan database per transaction buffer, so that an inspection verifies only
 * the signatures whose fast pattern occurs in the buffers it has (as the packet groups
 * do); signatures without a fast pattern in a transaction buffer are always verified.
 */
static int build_tx_prefilter(struct detect_engine *de, char *err, size_t errlen)
{
    size_t cap = de->ntx ? de->ntx : 1;
    const char **exprs = kh_calloc(cap, sizeof(*exprs));
    unsigned *flags = kh_calloc(cap, sizeof(*flags));
    unsigned *ids = kh_calloc(cap, sizeof(*ids));
    int8_t *fpb = kh_calloc(cap, sizeof(*fpb)); /* each one's fast pattern buffer, -1: none */
    de->tx_always = kh_calloc(de->ntx / 64 + 1, sizeof(*de->tx_always));
    int rc = KH_ENOMEM;
    if (exprs == NULL || flags == NULL || ids == NULL || fpb == NULL || de->tx_always == NULL)
        goto out;
    for (uint32_t i = 0; i < de->ntx; i++) {
        int txb;
        const struct sig *s = de->dsigs[de->txsigs[i]].s;
        const uint8_t *p;
        uint32_t len;
        bool nc;
        fpb[i] = -1;
        if (tx_fast_pattern(s, &txb) == NULL ||
            !detect_fp_literal(s, s->fast_pattern, &p, &len, &nc))
            de->tx_always[i / 64] |= 1ull << (i % 64);
        else
            fpb[i] = (int8_t)txb;
    }
    if (list_tx_always(de) != KH_OK || list_tx_body(de, fpb) != KH_OK)
        goto out;
    rc = KH_OK;
    for (int b = 0; b < DETECT_TXB_MAX && rc == KH_OK; b++) {
        unsigned n = 0;
        for (uint32_t i = 0; i < de->ntx && rc == KH_OK; i++) {
            const struct sig *s = de->dsigs[de->txsigs[i]].s;
            const uint8_t *lit;
            uint32_t len;
            bool nc;
            if (fpb[i] != b)
                continue;
            if ((exprs[n] = fp_expr(s, &flags[n])) == NULL) {
                rc = KH_ENOMEM;
                break;
            }
            ids[n++] = i;
            if (detect_fp_literal(s, s->fast_pattern, &lit, &len, &nc) && len > de->txdb_maxlen[b])
                de->txdb_maxlen[b] = len;
        }
        if (rc == KH_OK && n > 0 &&
            hscache_compile(&de->cache, exprs, flags, ids, n, &de->txdb[b], err, errlen) !=
                HS_SUCCESS)
            rc = KH_EINVAL;
        if (rc == KH_OK && n > 0) {
            de->info.prefiltered += n;
            de->info.databases++;
            de->info.db_bytes += db_size(de->txdb[b]);
            if (hs_alloc_scratch(de->txdb[b], &de->proto_scratch) != HS_SUCCESS)
                rc = KH_ENOMEM;
        }
        for (unsigned k = 0; k < n; k++)
            kh_free((void *)exprs[k]);
    }
    /* The worker's candidate bitmap serves both the packet groups and the transactions. */
    if (de->ntx > de->maxgroup)
        de->maxgroup = de->ntx;
out:
    kh_free(exprs);
    kh_free(flags);
    kh_free(ids);
    kh_free(fpb);
    return rc;
}

/* One group: its signatures (ascending indexes into dsigs) and their prefilter. */
static int build_group(struct detect_engine *de, struct group *g, const uint32_t *sigs, uint32_t n,
                       char *err, size_t errlen)
{
    g->sigs = kh_calloc(n ? n : 1, sizeof(*g->sigs));
    g->always = kh_calloc(n ? n : 1, sizeof(*g->always));
    if (g->sigs == NULL || g->always == NULL)
        return KH_ENOMEM;
    memcpy(g->sigs, sigs, n * sizeof(*sigs));
    g->n = n;
    if (n > de->maxgroup)
        de->maxgroup = n;
    de->info.groups += n > 0;
    return build_db(de, g, err, errlen);
}

static bool in_packet_group(const struct dsig *d, enum dgroup c)
{
    return !d->iponly && !d->txbufs && sig_in_group(d->s, c);
}

/* The flow directions a signature can match in: bit 0 to the server, bit 1 to the client. */
static unsigned sig_dirs(const struct sig *s)
{
    unsigned dirs = 3;
    for (uint32_t i = 0; i < s->nkws; i++) {
        if (s->kws[i].id != DETECT_KW_FLOW)
            continue;
        uint16_t fl = ((const struct kw_flow *)s->kws[i].data)->flags;
        if (fl & KW_FLOW_TO_SERVER)
            dirs &= 1u;
        if (fl & KW_FLOW_TO_CLIENT)
            dirs &= 2u;
    }
    return dirs;
}

/*
 * Whether a signature belongs to the groups of class c in direction dir: those that can
 * match that way (no flow:to_client to the server, no flow:to_server to the client). The
 * TCP groups to the client are compiled with cut patterns (DETECT_FP_CUT).
 */
static bool in_portmap(const struct dsig *d, enum dgroup c, int dir)
{
    return in_packet_group(d, c) && (sig_dirs(d->s) & (dir == 1 ? 2u : 1u));
}

/*
 * The ports a signature names for the server of a packet in direction dir (header_ok's
 * view: the destination port to the server, the source port to the client; a transaction
 * rule's header names the server's port both ways), or NULL for every group: any port,
 * more than DETECT_PORT_BROAD of them, or a <> rule (either port may be the server's).
 */
static const struct sig_ports *key_ports(const struct sig *s, int dir)
{
    if (s->bidirectional && !s->transactional)
        return NULL;
    const struct sig_ports *k = dir == 0 || s->transactional ? s->dp : s->sp;
    if (k == NULL || k->any)
        return NULL;
    uint64_t count = 0;
    for (uint32_t r = 0; r < k->r.n; r++) {
        if (k->r.v[r].hi > 65535 || k->r.v[r].lo > k->r.v[r].hi)
            return NULL; /* not a port range: every group (the header check decides) */
        count += (uint64_t)(k->r.v[r].hi - k->r.v[r].lo) + 1;
    }
    return count > DETECT_PORT_BROAD ? NULL : k;
}

struct portset {
    uint64_t hash;
    uint32_t port; /* the first port with this signature list */
    uint32_t n;    /* signatures in the list */
    uint32_t id;   /* the set's number before ranking */
    bool prio;     /* one of its ports is a priority port */
};

static int cmp_portset_hash(const void *a, const void *b)
{
    const struct portset *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    if (x->n != y->n)
        return x->n < y->n ? -1 : 1;
    return x->port < y->port ? -1 : x->port > y->port;
}

static int cmp_portset_rank(const void *a, const void *b)
{
    const struct portset *x = a, *y = b;
    if (x->prio != y->prio)
        return x->prio ? -1 : 1; /* priority ports first */
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1; /* larger first */
    return x->port < y->port ? -1 : x->port > y->port;
}

/* Scratch of one portmap build: per port, the signatures naming it (a compressed list). */
struct pmbuild {
    uint32_t *off;    /* 65537 offsets into idx */
    uint32_t *idx;    /* signature indexes, ascending per port */
    uint32_t *common; /* signatures in every group */
    uint32_t ncommon;
    uint8_t *mark; /* over dsigs: members of the group being built */
    uint32_t *list;
};

/* A group of the common signatures and those marked; clears the marks. */
static int build_marked(struct detect_engine *de, struct pmbuild *b, struct group *g, char *err,
                        size_t errlen)
{
    for (uint32_t i = 0; i < b->ncommon; i++)
        b->mark[b->common[i]] = 1;
    uint32_t n = 0;
    for (uint32_t i = 0; i < de->n; i++)
        if (b->mark[i]) {
            b->list[n++] = i;
            b->mark[i] = 0;
        }
    return build_group(de, g, b->list, n, err, errlen);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

enum shared_kind { SHARED_PKT, SHARED_NOEST };

static bool in_shared(const struct detect_engine *de, uint32_t i, enum dgroup c, int dir,
                      enum shared_kind k)
{
    const struct dsig *d = &de->dsigs[i];
    if (!in_portmap(d, c, dir) || fast_pattern(d->s) == NULL)
        return false;
    return k == SHARED_PKT ? d->pkt_only : c == DG_TCP && !d->need_est && !d->stream_only;
}

/*
 * A shared set of the portmap: the fast patterns of its signatures of kind k, those of
 * every group and those of some ports alike, so that a payload is scanned once for them;
 * a group ignores the ids of signatures not in it.
 */
static int build_shared(struct detect_engine *de, struct shared_set *set, enum dgroup c, int dir,
                        enum shared_kind kind, char *err, size_t errlen)
{
    uint32_t cap = 1;
    for (uint32_t i = 0; i < de->n; i++)
        cap += in_shared(de, i, c, dir, kind);
    const char **exprs = kh_calloc(cap, sizeof(*exprs));
    unsigned *flags = kh_calloc(cap, sizeof(*flags));
    unsigned *ids = kh_calloc(cap, sizeof(*ids));
    set->sigs = kh_calloc(cap, sizeof(*set->sigs));
    int rc = KH_ENOMEM;
    if (exprs == NULL || flags == NULL || ids == NULL || set->sigs == NULL)
        goto out;
    for (uint32_t i = 0; i < de->n; i++) {
        if (!in_shared(de, i, c, dir, kind))
            continue;
        if ((exprs[set->n] = fp_expr(de->dsigs[i].s, &flags[set->n])) == NULL)
            goto out;
        ids[set->n] = set->n;
        set->sigs[set->n++] = i;
    }
    rc = set->n ? compile_db(de, exprs, flags, ids, set->n, &set->db, err, errlen) : KH_OK;
    /* the big-payload set: the same expressions and ids, those small dsize rules left out
     * (the packet-only set holds most dsize rules, the other few) */
    unsigned nbig = kind == SHARED_PKT ? 0 : set->n;
    for (uint32_t k = 0; rc == KH_OK && kind == SHARED_PKT && k < set->n; k++)
        if (de->dsigs[set->sigs[k]].dsize_max > DETECT_DSIZE_SMALL) {
            const char *e = exprs[nbig];
            unsigned fl = flags[nbig], id = ids[nbig];
            exprs[nbig] = exprs[k], flags[nbig] = flags[k], ids[nbig] = ids[k];
            exprs[k] = e, flags[k] = fl, ids[k] = id;
            nbig++;
        }
    if (rc == KH_OK && nbig == set->n)
        set->db_big = set->db;
    else if (rc == KH_OK && nbig > 0)
        rc = compile_db(de, exprs, flags, ids, nbig, &set->db_big, err, errlen);
out:
    for (uint32_t k = 0; exprs != NULL && k < set->n; k++)
        kh_free((void *)exprs[k]);
    kh_free(exprs);
    kh_free(flags);
    kh_free(ids);
    return rc;
}

static void shared_free(struct shared_set *set)
{
    if (set->db_big != set->db)
        hs_free_database(set->db_big);
    hs_free_database(set->db);
    kh_free(set->sigs);
}

/* Where a shared set's signatures are in group g (DETECT_NOT_HERE for other ports'). */
static int link_shared(const struct shared_set *set, const struct group *g, struct shared_ref *r)
{
    if (set->db == NULL)
        return KH_OK;
    r->set = set;
    r->pos = kh_calloc(set->n, sizeof(*r->pos));
    if (r->pos == NULL)
        return KH_ENOMEM;
    for (uint32_t k = 0; k < set->n; k++) {
        const uint32_t *at = bsearch(&set->sigs[k], g->sigs, g->n, sizeof(*g->sigs), cmp_u32);
        r->pos[k] = at != NULL ? (uint32_t)(at - g->sigs) : DETECT_NOT_HERE;
    }
    return KH_OK;
}

static int build_portmap(struct detect_engine *de, enum dgroup c, int dir, struct pmbuild *b,
                         char *err, size_t errlen)
{
    struct portmap *m = &de->pm[c == DG_UDP][dir];
    m->of_port = kh_calloc(65536, sizeof(*m->of_port));
    if (m->of_port == NULL)
        return KH_ENOMEM;
    bool split = de->maxgroups[dir] > 1; /* one group: no port is told apart */
    /* count, then fill, each port's list */
    memset(b->off, 0, 65537 * sizeof(*b->off));
    b->ncommon = 0;
    for (uint32_t i = 0; i < de->n; i++) {
        const struct sig *s = de->dsigs[i].s;
        if (!in_portmap(&de->dsigs[i], c, dir))
            continue;
        const struct sig_ports *k = split ? key_ports(s, dir) : NULL;
        if (k == NULL) {
            b->common[b->ncommon++] = i;
            continue;
        }
        for (uint32_t r = 0; r < k->r.n; r++)
            for (unsigned port = (unsigned)k->r.v[r].lo; port <= (unsigned)k->r.v[r].hi; port++)
                b->off[port + 1]++;
    }
    for (uint32_t port = 0; port < 65536; port++)
        b->off[port + 1] += b->off[port];
    uint32_t total = b->off[65536];
    kh_free(b->idx);
    b->idx = kh_calloc(total ? total : 1, sizeof(*b->idx));
    uint32_t *fill = kh_calloc(65536, sizeof(*fill));
    struct portset *sets = kh_calloc(65536, sizeof(*sets));
    int rc = KH_ENOMEM;
    if (b->idx == NULL || fill == NULL || sets == NULL)
        goto out;
    for (uint32_t i = 0; i < de->n; i++) {
        const struct sig *s = de->dsigs[i].s;
        if (!in_portmap(&de->dsigs[i], c, dir))
            continue;
        const struct sig_ports *k = split ? key_ports(s, dir) : NULL;
        for (uint32_t r = 0; k != NULL && r < k->r.n; r++)
            for (unsigned port = (unsigned)k->r.v[r].lo; port <= (unsigned)k->r.v[r].hi; port++)
                b->idx[b->off[port] + fill[port]++] = i;
    }
    /* ports with the same list share a set (a hash collision only costs a duplicate) */
    uint32_t nsets = 0;
    for (uint32_t port = 0; port < 65536; port++) {
        uint32_t n = b->off[port + 1] - b->off[port];
        if (n == 0)
            continue;
        uint64_t h = 1469598103934665603ull;
        for (uint32_t j = b->off[port]; j < b->off[port + 1]; j++)
            h = (h ^ b->idx[j]) * 1099511628211ull;
        sets[nsets++] = (struct portset){.hash = h, .port = port, .n = n};
    }
    qsort(sets, nsets, sizeof(*sets), cmp_portset_hash);
    uint32_t nuniq = 0;
    for (uint32_t i = 0; i < nsets; i++) {
        struct portset cur = sets[i];
        const struct portset *u = nuniq ? &sets[nuniq - 1] : NULL;
        bool same = u != NULL && u->hash == cur.hash && u->n == cur.n &&
                    memcmp(&b->idx[b->off[u->port]], &b->idx[b->off[cur.port]],
                           cur.n * sizeof(*b->idx)) == 0;
        if (!same) {
            cur.id = nuniq;
            sets[nuniq++] = cur;
        }
        sets[nuniq - 1].prio |= de->prio[c == DG_UDP][cur.port] != 0;
        fill[cur.port] = nuniq - 1; /* fill is free again: the port's set */
    }
    /* group 0: the common signatures alone (ports no signature names); then the priority
     * ports' and the largest sets; then the rest, merged */
    qsort(sets, nuniq, sizeof(*sets), cmp_portset_rank);
    uint32_t cap = de->maxgroups[dir];
    uint32_t own = nuniq + 2 <= cap ? nuniq : cap >= 2 ? cap - 2 : 0;
    m->n = 1 + own + (nuniq > own);
    m->g = kh_calloc(m->n, sizeof(*m->g));
    for (uint32_t k = 0; m->g != NULL && k < m->n; k++) {
        m->g[k].split = c == DG_TCP && dir == 1 ? DETECT_DB_SPLIT : 0;
        m->g[k].pkt_only = c != DG_TCP; /* TCP groups scan stream slices too */
    }
    uint32_t *group_of_set = kh_calloc(nuniq ? nuniq : 1, sizeof(*group_of_set));
    if (m->g == NULL || group_of_set == NULL) {
        kh_free(group_of_set);
        goto out;
    }
    rc = build_shared(de, &m->pkt, c, dir, SHARED_PKT, err, errlen);
    if (rc == KH_OK)
        rc = build_shared(de, &m->noest, c, dir, SHARED_NOEST, err, errlen);
    if (rc == KH_OK)
        rc = build_marked(de, b, &m->g[0], err, errlen);
    for (uint32_t k = 0; k < nuniq && rc == KH_OK; k++) {
        uint32_t gi = k < own ? 1 + k : 1 + own;
        group_of_set[sets[k].id] = gi;
        for (uint32_t j = b->off[sets[k].port]; j < b->off[sets[k].port + 1]; j++)
            b->mark[b->idx[j]] = 1;
        if (k < own || k == nuniq - 1)
            rc = build_marked(de, b, &m->g[gi], err, errlen);
    }
    for (uint32_t port = 0; port < 65536 && rc == KH_OK; port++)
        if (b->off[port + 1] > b->off[port])
            m->of_port[port] = (uint16_t)group_of_set[fill[port]];
    for (uint32_t k = 0; k < m->n && rc == KH_OK; k++) {
        rc = link_shared(&m->pkt, &m->g[k], &m->g[k].pkt);
        if (rc == KH_OK)
            rc = link_shared(&m->noest, &m->g[k], &m->g[k].noest);
    }
    kh_free(group_of_set);
out:
    kh_free(fill);
    kh_free(sets);
    return rc;
}

static int build_groups(struct detect_engine *de, char *err, size_t errlen)
{
    struct pmbuild b = {
        .off = kh_calloc(65537, sizeof(uint32_t)),
        .common = kh_calloc(de->n ? de->n : 1, sizeof(uint32_t)),
        .mark = kh_calloc(de->n ? de->n : 1, 1),
        .list = kh_calloc(de->n ? de->n : 1, sizeof(uint32_t)),
    };
    int rc = KH_ENOMEM;
    if (b.off == NULL || b.common == NULL || b.mark == NULL || b.list == NULL)
        goto out;
    rc = KH_OK;
    for (int gi = 0; gi < DG_MAX && rc == KH_OK; gi++) {
        if (gi == DG_TCP || gi == DG_UDP) {
            /* to the client first: its compiles need the most memory (DETECT_FP_CUT) */
            for (int dir = 1; dir >= 0 && rc == KH_OK; dir--)
                rc = build_portmap(de, (enum dgroup)gi, dir, &b, err, errlen);
            continue;
        }
        uint32_t n = 0;
        for (uint32_t i = 0; i < de->n; i++)
            if (in_packet_group(&de->dsigs[i], (enum dgroup)gi))
                b.list[n++] = i;
        de->groups[gi].pkt_only = true; /* ICMP and other IP protocols */
        rc = build_group(de, &de->groups[gi], b.list, n, err, errlen);
    }
out:
    kh_free(b.off);
    kh_free(b.idx);
    kh_free(b.common);
    kh_free(b.mark);
    kh_free(b.list);
    return rc;
}

static bool thr_names(const struct detect_thr *e, const struct sig *s)
{
    return (e->gid == 0 || e->gid == s->gid) && (e->sid == 0 || e->sid == s->sid);
}

/*
 * threshold.config: threshold and event_filter lines replace a signature's own threshold
 * (a line naming the sid wins over a gid/sid 0 one); suppress lines, with or without an
 * address set, are kept per signature. rate_filter is not applied (IPS actions).
 */
static int apply_threshold_file(const struct detect_rules *r, struct dsig *d, char *err,
                                size_t errlen)
{
    for (uint32_t i = 0; i < r->thresholds.n; i++) {
        const struct detect_thr *e = &r->thresholds.v[i];
        if (!thr_names(e, d->s))
            continue;
        if (e->kind == DETECT_THR_THRESHOLD || e->kind == DETECT_THR_EVENT_FILTER) {
            if (d->file_thr == NULL || e->sid != 0)
                d->file_thr = &e->t;
            continue;
        }
        if (e->kind != DETECT_THR_SUPPRESS)
            continue;
        struct dsupp *ns = kh_reallocarray(d->supp, d->nsupp + 1, sizeof(*ns));
        if (ns == NULL)
            return KH_ENOMEM;
        d->supp = ns;
        struct dsupp *sp = &d->supp[d->nsupp++];
        *sp = (struct dsupp){e->t.track, NULL};
        if (e->ip == NULL)
            continue;
        struct addr_ctx ac = {0};
        const struct sig_addr *a = NULL;
        char why[256];
        if (addr_parse(&ac, e->ip, &a, why, sizeof(why)) != KH_OK) {
            snprintf(err, errlen, "threshold file line %u: suppress ip '%s': %s", e->line, e->ip,
                     why);
            return KH_EINVAL;
        }
        sp->addr = (struct sig_addr *)a;
    }
    return KH_OK;
}

static const char *category_of(const struct detect_rules *r, const struct sig *s)
{
    if (s->classtype == NULL)
        return "";
    const struct detect_class *c = detect_class_find(&r->classes, s->classtype);
    return c && c->desc ? c->desc : "";
}

/* Suricata's detect.grouping defaults: the ports most traffic goes to. */
static const uint16_t default_prio_tcp[] = {53,   80,   139,  443,  445, 1433,
                                            3306, 3389, 6666, 6667, 8080};
static const uint16_t default_prio_udp[] = {53, 135, 5060};

#define DETECT_GROUPS_MAX 4096u /* a port's group index is 16 bits */

static int grouping_opts(struct detect_engine *de, const struct detect_engine_opts *o)
{
    de->maxgroups[0] = o != NULL && o->toserver_groups ? o->toserver_groups : 25;
    de->maxgroups[1] = o != NULL && o->toclient_groups ? o->toclient_groups : 3;
    for (int d = 0; d < 2; d++)
        if (de->maxgroups[d] > DETECT_GROUPS_MAX)
            de->maxgroups[d] = DETECT_GROUPS_MAX;
    for (int c = 0; c < 2; c++) {
        if ((de->prio[c] = kh_calloc(65536, 1)) == NULL)
            return KH_ENOMEM;
        const uint16_t *v = c == 0 ? default_prio_tcp : default_prio_udp;
        size_t n =
            c == 0 ? sizeof(default_prio_tcp) / sizeof(*v) : sizeof(default_prio_udp) / sizeof(*v);
        if (o != NULL && o->has_prio[c]) {
            v = o->prio[c];
            n = o->nprio[c] < DETECT_PRIO_PORTS_MAX ? o->nprio[c] : DETECT_PRIO_PORTS_MAX;
        }
        for (size_t i = 0; i < n; i++)
            de->prio[c][v[i]] = 1;
    }
    return KH_OK;
}

struct detect_engine *detect_engine_new(const struct detect_rules *r, char *errbuf, size_t errlen)
{
    return detect_engine_new_opts(r, NULL, errbuf, errlen);
}

struct detect_engine *detect_engine_new_opts(const struct detect_rules *r,
                                             const struct detect_engine_opts *o, char *errbuf,
                                             size_t errlen)
{
    struct detect_engine *de = kh_calloc(1, sizeof(*de));
    snprintf(errbuf, errlen, "out of memory");
    if (de == NULL)
        return NULL;
    if (o != NULL) {
        de->cache.dir = o->cache_dir;
        de->cache.max_age_s = o->cache_max_age_s;
    }
    de->alert_max = o != NULL && o->alert_max ? o->alert_max : DETECT_ALERT_MAX;
    if (de->alert_max > DETECT_ALERT_CAP)
        de->alert_max = DETECT_ALERT_CAP;
    de->dsigs = kh_calloc(r->nsigs ? r->nsigs : 1, sizeof(*de->dsigs));
    if (de->dsigs == NULL)
        goto out_free;
    for (uint32_t i = 0; i < r->nsigs; i++) {
        if (!r->sigs[i]->matchable)
            continue;
        struct dsig *d = &de->dsigs[de->n++];
        d->s = r->sigs[i];
        d->load_order = i;
        d->category = category_of(r, d->s);
        classify(d);
    }
    qsort(de->dsigs, de->n, sizeof(*de->dsigs), cmp_dsig);
    de->iponly = kh_calloc(de->n ? de->n : 1, sizeof(*de->iponly));
    if (de->iponly == NULL || resolve_flowbits(de) != KH_OK)
        goto out_free;
    de->txsigs = kh_calloc(de->n ? de->n : 1, sizeof(*de->txsigs));
    if (de->txsigs == NULL)
        goto out_free;
    for (uint32_t i = 0; i < de->n; i++) {
        struct dsig *d = &de->dsigs[i];
        if (d->iponly)
            de->iponly[de->niponly++] = i;
        if (d->txbufs) {
            d->txidx = de->ntx;
            de->txsigs[de->ntx++] = i;
            de->tx_wants |= d->txbufs;
        }
    }
    for (uint32_t i = 0; i < de->n; i++)
        if (apply_threshold_file(r, &de->dsigs[i], errbuf, errlen) != KH_OK)
            goto out_free;
    if (grouping_opts(de, o) != KH_OK)
        goto out_free;
    if (build_groups(de, errbuf, errlen) != KH_OK ||
        build_tx_prefilter(de, errbuf, errlen) != KH_OK)
        goto out_free;
    for (int c = 0; c < 2; c++) { /* the priority ports matter only to the build */
        kh_free(de->prio[c]);
        de->prio[c] = NULL;
    }
    hscache_prune(&de->cache);
    de->cache.dir = NULL; /* borrowed from the options: not kept past the build */
    de->info.sigs = de->n;
    de->info.iponly = de->niponly;
    de->info.tx_sigs = de->ntx;
    de->info.cache_loaded = de->cache.loaded;
    de->info.cache_saved = de->cache.saved;
    de->info.cache_rejected = de->cache.rejected;
    de->info.cache_pruned = de->cache.pruned;
    return de;
out_free:
    detect_engine_free(de);
    return NULL;
}

static void group_free(struct group *g)
{
    kh_free(g->sigs);
    kh_free(g->cut);
    kh_free(g->early);
    kh_free(g->always);
    for (uint32_t k = 0; k < DETECT_GROUP_DBS; k++)
        hs_free_database(g->db[k]);
    kh_free(g->pkt.pos);
    kh_free(g->noest.pos);
}

void detect_engine_free(struct detect_engine *de)
{
    if (de == NULL)
        return;
    for (int gi = 0; gi < DG_MAX; gi++)
        group_free(&de->groups[gi]);
    for (int c = 0; c < 2; c++)
        for (int dir = 0; dir < 2; dir++) {
            struct portmap *m = &de->pm[c][dir];
            for (uint32_t k = 0; m->g != NULL && k < m->n; k++)
                group_free(&m->g[k]);
            kh_free(m->g);
            kh_free(m->of_port);
            shared_free(&m->pkt);
            shared_free(&m->noest);
        }
    for (uint32_t i = 0; de->dsigs != NULL && i < de->n; i++) {
        kh_free(de->dsigs[i].fbids);
        for (uint32_t j = 0; j < de->dsigs[i].nsupp; j++)
            sig_addr_free(de->dsigs[i].supp[j].addr);
        kh_free(de->dsigs[i].supp);
    }
    kh_free(de->dsigs);
    kh_free(de->bitnames);
    kh_free(de->iponly);
    kh_free(de->txsigs);
    kh_free(de->tx_always);
    kh_free(de->tx_always_idx);
    kh_free(de->tx_body_idx);
    kh_free(de->prio[0]);
    kh_free(de->prio[1]);
    for (int b = 0; b < DETECT_TXB_MAX; b++)
        hs_free_database(de->txdb[b]);
    hs_free_scratch(de->proto_scratch);
    kh_free(de);
}

void detect_engine_get_info(const struct detect_engine *de, struct detect_engine_info *info)
{
    *info = de->info;
}

struct detect_thread *detect_thread_new(const struct detect_engine *de)
{
    struct detect_thread *dt = kh_calloc(1, sizeof(*dt));
    if (dt == NULL)
        return NULL;
    dt->de = de;
    dt->ncand_words = de->maxgroup / 64 + 1;
    dt->cand = kh_calloc(dt->ncand_words, sizeof(*dt->cand));
    dt->nsum = dt->ncand_words / 64 + 1;
    dt->csum = kh_calloc(dt->nsum, sizeof(*dt->csum));
    dt->thr = kh_calloc(DETECT_THRESH_SLOTS, sizeof(*dt->thr));
    dt->md = pcre2_match_data_create(32, NULL);
    dt->xbuf = kh_malloc(2 * (size_t)DETECT_XFORM_BUF);
    dt->zs = detect_inflate_new(); /* NULL: the decompressing transforms give nothing */
    dt->b64 = kh_malloc(DETECT_B64_MAX);
    dt->xb = detect_xbits_new();
    if (dt->cand == NULL || dt->csum == NULL || dt->thr == NULL || dt->md == NULL ||
        dt->xbuf == NULL || dt->b64 == NULL || dt->xb == NULL ||
        (de->proto_scratch && hs_clone_scratch(de->proto_scratch, &dt->scratch) != HS_SUCCESS)) {
        detect_thread_free(dt);
        return NULL;
    }
    return dt;
}

void detect_thread_free(struct detect_thread *dt)
{
    if (dt == NULL)
        return;
    hs_free_scratch(dt->scratch);
    pcre2_match_data_free(dt->md);
    kh_free(dt->b64);
    detect_xbits_free(dt->xb);
    kh_free(dt->cand);
    kh_free(dt->csum);
    if (dt->thr_lock == NULL)
        kh_free(dt->thr);
    kh_free(dt->xbuf);
    detect_inflate_free(dt->zs);
    kh_free(dt);
}

struct detect_thr_shared {
    pthread_mutex_t lock;
    struct thr_slot *slots;
};

struct detect_thr_shared *detect_thr_shared_new(void)
{
    struct detect_thr_shared *t = kh_calloc(1, sizeof(*t));
    if (t == NULL)
        return NULL;
    t->slots = kh_calloc(DETECT_THRESH_SLOTS, sizeof(*t->slots));
    if (t->slots == NULL || pthread_mutex_init(&t->lock, NULL) != 0) {
        kh_free(t->slots);
        kh_free(t);
        return NULL;
    }
    return t;
}

void detect_thr_shared_free(struct detect_thr_shared *t)
{
    if (t == NULL)
        return;
    pthread_mutex_destroy(&t->lock);
    kh_free(t->slots);
    kh_free(t);
}

void detect_thread_share_thresholds(struct detect_thread *dt, struct detect_thr_shared *t)
{
    if (dt->thr_lock == NULL)
        kh_free(dt->thr);
    dt->thr = t->slots;
    dt->thr_lock = &t->lock;
}

const struct detect_stats *detect_thread_stats(const struct detect_thread *dt)
{
    return &dt->st;
}

void detect_set_stream_sizes(struct detect_thread *dt, const struct detect_stream_sizes *ss)
{
    dt->ssz = *ss;
}

void detect_stream_rewind(struct flow *f, int dir)
{
    struct detect_flow *df = f->detect_state;
    if (df != NULL)
        df->raw_done[dir] = 0;
}

uint64_t detect_stream_done(const struct flow *f, int dir)
{
    const struct detect_flow *df = f->detect_state;
    if (df != NULL && df->passed)
        return UINT64_MAX; /* a pass rule matched: nothing more is inspected */
    return df != NULL ? df->raw_done[dir & 1] : 0;
}

/* A body buffer goes, its bytes back to the worker's budget. */
static void body_free(struct detect_thread *dt, struct detect_body *b)
{
    if (b == NULL)
        return;
    if (dt != NULL) {
        dt->nbodies -= dt->nbodies > 0;
        dt->body_mem -= dt->body_mem >= b->cap ? b->cap : dt->body_mem;
    }
    kh_free(b->data);
    kh_free(b->pf);
    kh_free(b);
}

void detect_flow_free(struct detect_thread *dt, struct flow *f)
{
    struct detect_flow *df = f->detect_state;
    for (int dir = 0; df != NULL && dir < 2; dir++)
        body_free(dt, df->body[dir]);
    if (df != NULL)
        detect_fvars_free(df);
    kh_free(f->detect_state);
    f->detect_state = NULL;
}

/* ---- per packet ---- */

static enum dgroup group_of(const struct packet *p)
{
    if (!(p->flags & PKT_HAS_L4))
        return DG_OTHER;
    switch (p->proto) {
    case 6:
        return DG_TCP;
    case 17:
        return DG_UDP;
    case 1:
        return DG_ICMP4;
    case 58:
        return DG_ICMP6;
    default:
        return DG_OTHER;
    }
}

/* The group a packet's signatures are in: its class, and for TCP and UDP its direction and
 * the server's port (a packet without a flow is taken as going to the server). */
static const struct group *group_for(const struct detect_engine *de, const struct packet *p)
{
    enum dgroup c = group_of(p);
    if (c != DG_TCP && c != DG_UDP)
        return &de->groups[c];
    int dir = p->flow != NULL && p->flow_dir == 1;
    const struct portmap *m = &de->pm[c == DG_UDP][dir];
    return &m->g[m->of_port[dir ? p->sp : p->dp]];
}

static bool proto_ok(const struct sig *s, const struct packet *p)
{
    bool l4 = p->flags & PKT_HAS_L4;
    switch (s->proto) {
    case SIG_PROTO_IP:
        return true; /* pkthdr: packets without an IP header too, when addresses are any */
    case SIG_PROTO_TCP:
        return l4 && p->proto == 6;
    case SIG_PROTO_UDP:
        return l4 && p->proto == 17;
    case SIG_PROTO_ICMP:
        return l4 && (p->proto == 1 || p->proto == 58);
    case SIG_PROTO_ICMPV4:
        return l4 && p->proto == 1;
    case SIG_PROTO_ICMPV6:
        return l4 && p->proto == 58;
    case SIG_PROTO_SCTP:
        return p->proto == 132;
    case SIG_PROTO_APP: /* the app-layer protocols detect_app_proto_matchable() accepts */
        if (!l4 || p->flow == NULL)
            return false;
        if (s->app_proto == DETECT_APP_DNS)
            return (p->proto == 6 || p->proto == 17) && p->flow->app_proto == APP_PROTO_DNS;
        if (s->app_proto == DETECT_APP_TLS)
            return p->proto == 6 && p->flow->app_proto == APP_PROTO_TLS;
        if (s->app_proto == DETECT_APP_FTP)
            return p->proto == 6 && p->flow->app_proto == APP_PROTO_FTP;
        if (s->app_proto == DETECT_APP_SSH)
            return p->proto == 6 && p->flow->app_proto == APP_PROTO_SSH;
        if (s->app_proto == DETECT_APP_SMTP) /* payload rules only (rules/parse.c) */
            return p->proto == 6 && p->flow->app_proto == APP_PROTO_SMTP;
        return p->proto == 6 && p->flow->app_proto == APP_PROTO_HTTP;
    default:
        return false;
    }
}

static bool addr_in(const struct sig_addr *a, const struct packet *p, const struct kh_addr *x)
{
    if (a->any || p->ip_ver == 0)
        return a->any;
    return sig_addr_contains(a, x->b, p->ip_ver == 4 ? 4 : 16);
}

static bool ports_in(const struct sig_ports *sp, const struct packet *p, uint16_t port)
{
    if (sp->any)
        return true;
    bool has = (p->flags & PKT_HAS_L4) && (p->proto == 6 || p->proto == 17 || p->proto == 132);
    return has && sig_ports_contains(sp, port);
}

/*
 * addr_in of one of the packet's own addresses, remembered: signatures share interned
 * address sets ($HOME_NET, $EXTERNAL_NET, ...) and a flow's packets the same addresses, so
 * a set is searched once per address while its entry stays, not once per candidate of
 * every packet. The sets belong to the engine, as this worker does (a reload makes new
 * workers): an entry never outlives its set.
 */
static bool addr_memo_in(struct detect_thread *dt, const struct sig_addr *a, const struct packet *p,
                         const struct kh_addr *x)
{
    if (a->any || p->ip_ver == 0)
        return a->any;
    uint64_t q0 = p->ip_ver == 4 ? x->w[0] : x->q[0], q1 = p->ip_ver == 4 ? 0 : x->q[1];
    uint64_t h = ((uintptr_t)a >> 4) ^ q0 ^ (q0 >> 29) ^ q1 ^ (q1 >> 31);
    struct addr_memo *m = &dt->memo[(h ^ (h >> 17)) % DETECT_ADDR_MEMO];
    if (m->a != a || m->ver != p->ip_ver || m->q[0] != q0 || m->q[1] != q1)
        *m = (struct addr_memo){.a = a,
                                .q = {q0, q1},
                                .ver = p->ip_ver,
                                .in = sig_addr_contains(a, x->b, p->ip_ver == 4 ? 4 : 16)};
    return m->in;
}

static bool dir_ok(struct detect_thread *dt, const struct sig *s, const struct packet *p, bool swap)
{
    const struct kh_addr *src = swap ? &p->dst : &p->src, *dst = swap ? &p->src : &p->dst;
    uint16_t sp = swap ? p->dp : p->sp, dp = swap ? p->sp : p->dp;
    return ports_in(s->sp, p, sp) && ports_in(s->dp, p, dp) && addr_memo_in(dt, s->src, p, src) &&
           addr_memo_in(dt, s->dst, p, dst);
}

static bool header_ok(struct detect_thread *dt, const struct sig *s, const struct packet *p)
{
    if (s->transactional) /* the addresses name the flow's client and server */
        return proto_ok(s, p) && dir_ok(dt, s, p, p->flow_dir == 1);
    return proto_ok(s, p) &&
           (dir_ok(dt, s, p, false) || (s->bidirectional && dir_ok(dt, s, p, true)));
}

static inline void cand_add(struct detect_thread *dt, uint32_t id)
{
    uint32_t w = id / 64;
    if (dt->cand[w] == 0)
        dt->csum[w / 64] |= 1ull << (w % 64);
    dt->cand[w] |= 1ull << (id % 64);
}

/* The next set word of the candidates, in ascending order, cleared; false after the last.
 * Start with dt->cnext = 0; reading to the end leaves the bitmaps zero. */
static bool cand_next(struct detect_thread *dt, uint32_t *w, uint64_t *bits)
{
    for (; dt->cnext < dt->nsum; dt->cnext++) {
        uint64_t s = dt->csum[dt->cnext];
        if (s == 0)
            continue;
        dt->csum[dt->cnext] = s & (s - 1);
        *w = dt->cnext * 64 + (uint32_t)__builtin_ctzll(s);
        *bits = dt->cand[*w];
        dt->cand[*w] = 0;
        return true;
    }
    return false;
}

/* A hit of a portmap's shared database: its id is an index into the set's list. */
struct shared_ctx {
    struct detect_thread *dt;
    const uint32_t *pos;
};

static int on_hs_shared(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                        void *ctx)
{
    (void)from;
    (void)to;
    (void)flags;
    const struct shared_ctx *x = ctx;
    if (x->pos[id] != DETECT_NOT_HERE)
        cand_add(x->dt, x->pos[id]);
    return 0;
}

static int on_hs_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                       void *ctx)
{
    (void)from;
    (void)to;
    (void)flags;
    cand_add(ctx, id);
    return 0;
}

static void scan(struct detect_thread *dt, const hs_database_t *db, const uint8_t *b, size_t len)
{
    if (db == NULL || len == 0 || len > UINT32_MAX)
        return;
    hs_scan(db, (const char *)b, (unsigned)len, 0, dt->scratch, on_hs_match, dt);
}

/* A hit of a group whose patterns were cut (struct cut_lit). */
struct cut_ctx {
    struct detect_thread *dt;
    const struct cut_lit *cut;
    const uint8_t *b;
    size_t len;
};

static int on_hs_cut(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                     void *ctx)
{
    (void)from;
    (void)flags;
    const struct cut_ctx *x = ctx;
    const struct cut_lit *l = &x->cut[id];
    if ((x->dt->cand[id / 64] >> (id % 64)) & 1)
        return 0;     /* named already */
    if (l->len > 0) { /* cut: its whole literal around the window found? */
        if (to < (unsigned long long)DETECT_FP_CUT + l->off)
            return 0;
        size_t at = (size_t)to - DETECT_FP_CUT - l->off;
        if (l->len > x->len - at || !verify_bytes_eq(x->b + at, l->p, l->len, l->nocase))
            return 0;
    }
    cand_add(x->dt, id);
    return 0;
}

/* The hand-searched fast patterns of a packet-only group (struct early_fp). */
static void scan_early(struct detect_thread *dt, const struct group *g, const uint8_t *b,
                       size_t len)
{
    for (uint32_t k = 0; k < g->nearly; k++) {
        const struct early_fp *e = &g->early[k];
        size_t end = e->end < len ? e->end : len;
        for (size_t i = 0; i + e->len <= end; i++)
            if (verify_bytes_eq(b + i, e->lit, e->len, e->nocase)) {
                cand_add(dt, e->pos);
                break;
            }
    }
}

static void scan_group(struct detect_thread *dt, const struct group *g, const uint8_t *b,
                       size_t len)
{
    if (g->nearly > 0 && len > 0)
        scan_early(dt, g, b, len);
    if (g->cut == NULL || len == 0 || len > UINT32_MAX) {
        for (uint32_t k = 0; k < DETECT_GROUP_DBS && g->db[k] != NULL; k++)
            scan(dt, g->db[k], b, len);
        return;
    }
    struct cut_ctx x = {dt, g->cut, b, len};
    for (uint32_t k = 0; k < DETECT_GROUP_DBS && g->db[k] != NULL; k++)
        hs_scan(g->db[k], (const char *)b, (unsigned)len, 0, dt->scratch, on_hs_cut, &x);
}

/* A payload scanned for the signatures of a shared set that are in the group. */
static void scan_shared(struct detect_thread *dt, const struct shared_ref *r, struct span b)
{
    if (r->set == NULL || b.len == 0 || b.len > UINT32_MAX)
        return;
    const hs_database_t *db = b.len > DETECT_DSIZE_SMALL ? r->set->db_big : r->set->db;
    struct shared_ctx x = {dt, r->pos};
    if (db != NULL)
        hs_scan(db, (const char *)b.p, (unsigned)b.len, 0, dt->scratch, on_hs_shared, &x);
}

/* A threshold or detection_filter: true when this match may alert. */
static bool threshold_pass(struct detect_thread *dt, const struct sig *s,
                           const struct kw_threshold *t, const struct packet *p)
{
    struct kh_addr key = {0};
    uint64_t key2 = 0;
    if (t->track == KW_TRACK_BY_SRC)
        key = p->src;
    else if (t->track == KW_TRACK_BY_DST)
        key = p->dst;
    else if (t->track == KW_TRACK_BY_BOTH)
        key = p->src, key2 = p->dst.q[0] ^ p->dst.q[1] ^ 1;
    else if (t->track == KW_TRACK_BY_FLOW && p->flow)
        key2 = p->flow->id;
    uint64_t h = (uint64_t)s->sid * 0x9e3779b97f4a7c15ull ^ key.q[0] * 31 ^ key.q[1] ^ key2;
    struct thr_slot *e = NULL;
    for (uint32_t i = 0; i < 16 && e == NULL; i++) {
        struct thr_slot *c = &dt->thr[(h + i) % DETECT_THRESH_SLOTS];
        if (!c->used || (c->sid == s->sid && c->gid == s->gid && c->key2 == key2 &&
                         memcmp(&c->key, &key, sizeof(key)) == 0))
            e = c;
    }
    if (e == NULL) {
        dt->st.thresh_full++; /* policy: the table is full, so the alert goes out */
        return true;
    }
    uint64_t win = (uint64_t)t->seconds * 1000000u;
    if (!e->used || p->ts_usec >= e->start + win) {
        *e = (struct thr_slot){s->sid, s->gid, key, key2, p->ts_usec, 0, true};
    }
    e->count++;
    switch (t->type) {
    case KW_THRESHOLD_LIMIT:
        return e->count <= t->count;
    case KW_THRESHOLD_THRESHOLD:
        if (e->count >= t->count) {
            e->count = 0;
            return true;
        }
        return false;
    case KW_THRESHOLD_BOTH:
        return e->count == t->count;
    default: /* detection_filter */
        return e->count > t->count;
    }
}

static bool suppressed(const struct dsig *d, const struct packet *p)
{
    for (uint32_t i = 0; i < d->nsupp; i++) {
        const struct dsupp *sp = &d->supp[i];
        if (sp->addr == NULL)
            return true;
        bool src = sp->track != KW_TRACK_BY_DST && addr_in(sp->addr, p, &p->src);
        bool dst = sp->track != KW_TRACK_BY_SRC && addr_in(sp->addr, p, &p->dst);
        if (src || dst)
            return true;
    }
    return false;
}

static bool thresholds_pass(struct detect_thread *dt, const struct dsig *d, const struct packet *p)
{
    const struct sig *s = d->s;
    bool ok = true, any = d->file_thr != NULL;
    for (uint32_t i = 0; i < s->nkws && !any; i++)
        any = s->kws[i].id == DETECT_KW_THRESHOLD || s->kws[i].id == DETECT_KW_DETECTION_FILTER;
    if (!any)
        return true;
    if (dt->thr_lock != NULL)
        pthread_mutex_lock(dt->thr_lock); /* only for thresholded signatures that matched */
    if (d->file_thr != NULL)
        ok = threshold_pass(dt, s, d->file_thr, p);
    else
        for (uint32_t i = 0; i < s->nkws; i++)
            if (s->kws[i].id == DETECT_KW_THRESHOLD || s->kws[i].id == DETECT_KW_DETECTION_FILTER)
                ok &= threshold_pass(dt, s, s->kws[i].data, p);
    if (dt->thr_lock != NULL)
        pthread_mutex_unlock(dt->thr_lock);
    return ok;
}

static void queue_alert(struct detect_thread *dt, uint32_t idx, const struct vctx *v)
{
    if (dt->nhits == dt->de->alert_max) {
        dt->st.queue_overflow++;
        return;
    }
    uint32_t at = dt->nhits++;
    while (at > 0 && dt->hits[at - 1] > idx) {
        dt->hits[at] = dt->hits[at - 1];
        dt->alerts[at] = dt->alerts[at - 1];
        at--;
    }
    const struct dsig *d = &dt->de->dsigs[idx];
    dt->hits[at] = idx;
    dt->alerts[at] = (struct detect_alert){d->s, d->category, v->stream};
    dt->alerts[at].nctx = v->nctx;
    memcpy(dt->alerts[at].ctx, v->ctx, v->nctx * sizeof(v->ctx[0]));
}

/* A verified match: flowbits, thresholds and noalert, then the alert queue. */
static void matched(struct detect_thread *dt, uint32_t idx, struct vctx *v)
{
    const struct dsig *d = &dt->de->dsigs[idx];
    if (d->nfbids)
        verify_flowbits_apply(d, v->df);
    verify_vars_apply(d, v, &dt->st);
    if (d->s->action == SIG_ACT_PASS) {
        /* Suricata: the packet is passed, no alert; on TCP the whole flow is passed */
        dt->pass_hit = true;
        if (v->df != NULL && v->p->proto == 6)
            v->df->passed = true;
        return;
    }
    if (d->s->noalert || suppressed(d, v->p) || !thresholds_pass(dt, d, v->p)) {
        dt->st.suppressed++;
        return;
    }
    queue_alert(dt, idx, v);
}

/* Where a signature's payload keywords look on this packet; false: they cannot match. */
static bool pick_buffer(const struct dsig *d, struct vctx *v, const struct span *pkt,
                        const struct span *slice, size_t min_end, bool tracked)
{
    v->stream = false;
    v->min_end = 0;
    v->buf = pkt->p;
    v->len = pkt->len;
    if (!d->has_payload)
        return true;
    if (tracked && !d->pkt_only) {
        if (slice->len == 0)
            return false;
        v->buf = slice->p;
        v->len = slice->len;
        v->min_end = min_end;
        v->stream = true;
        return true;
    }
    return !d->stream_only;
}

static struct detect_flow *flow_state(struct detect_thread *dt, const struct packet *p)
{
    struct flow *f = p->flow;
    if (f == NULL)
        return NULL;
    uint32_t words = (dt->de->nbits + 63) / 64;
    const struct detect_flow *old = f->detect_state;
    /*
     * A state made by an engine of another shape (a reload changed the rules) names other
     * signatures and flowbits: redo it. The same shape (the same rules loaded again) keeps
     * it, so a reload neither loses nor repeats a flow's matches.
     */
    if (old != NULL &&
        (old->nwords != words || old->nsigs != dt->de->n || old->ntx != dt->de->ntx)) {
        detect_flow_free(dt, f);
        dt->st.flow_state_reset++;
    }
    if (f->detect_state == NULL) {
        size_t all = words;
        struct detect_flow *df = kh_calloc(1, sizeof(*df) + all * sizeof(uint64_t));
        if (df == NULL) {
            dt->st.flow_state_nomem++;
            return NULL;
        }
        df->nwords = words;
        df->nsigs = dt->de->n;
        df->ntx = dt->de->ntx;
        f->detect_state = df;
    }
    return f->detect_state;
}

static void run_iponly(struct detect_thread *dt, struct vctx *v)
{
    const struct detect_engine *de = dt->de;
    const struct packet *p = v->p;
    if (de->niponly == 0)
        return;
    if (v->df != NULL) {
        if (v->df->iponly_done[p->flow_dir])
            return;
        v->df->iponly_done[p->flow_dir] = true;
    }
    for (uint32_t i = 0; i < de->niponly; i++) {
        const struct dsig *d = &de->dsigs[de->iponly[i]];
        if (header_ok(dt, d->s, p) && verify_nonpayload(d, v))
            matched(dt, de->iponly[i], v);
    }
}

/* The new part of the reassembled stream (and a little before it), as Suricata's raw
 * inspection moves its progress: bytes already inspected are not matched again. */
static struct span stream_slice(struct detect_flow *df, int dir, struct span raw,
                                uint64_t raw_start, size_t *min_end)
{
    struct span none = {NULL, 0};
    uint64_t end = raw_start + raw.len;
    *min_end = 0;
    if (df == NULL || raw.len == 0 || end <= df->raw_done[dir])
        return none;
    uint64_t done = df->raw_done[dir] > raw_start ? df->raw_done[dir] : raw_start;
    uint64_t from = done - raw_start > DETECT_STREAM_KEEP ? done - DETECT_STREAM_KEEP : raw_start;
    df->raw_done[dir] = end;
    *min_end = (size_t)(done - from);
    return (struct span){raw.p + (from - raw_start), (size_t)(end - from)};
}

/* The verification context of one packet or transaction inspection, with the worker's
 * scratch; the alert list and the address memo start afresh. */
static struct vctx inspection_begin(struct detect_thread *dt, const struct packet *p,
                                    const struct detect_tx_input *in,
                                    const struct detect_alert **out)
{
    struct vctx v = {.p = p,
                     .md = dt->md,
                     .tx = in,
                     .b64 = dt->b64,
                     .xtrunc = &dt->st.xform_truncated,
                     .dsfull = &dt->st.dataset_memcap,
                     .fvfull = &dt->st.flowvar_full,
                     .ssz = &dt->ssz,
                     .xb = dt->xb,
                     .zs = dt->zs,
                     .xbuf = {dt->xbuf, dt->xbuf + DETECT_XFORM_BUF},
                     .fm = dt->fm};
    dt->nhits = 0;
    *out = dt->alerts;
    return v;
}

size_t detect_packet(struct detect_thread *dt, const struct packet *p, struct span raw,
                     uint64_t raw_start, const struct detect_alert **out)
{
    const struct detect_engine *de = dt->de;
    struct vctx v = inspection_begin(dt, p, NULL, out);
    if (de->n == 0)
        return 0;
    v.df = flow_state(dt, p);
    dt->pass_hit = false;
    if (v.df != NULL && v.df->passed)
        return 0;
    run_iponly(dt, &v);
    if (dt->pass_hit)
        return dt->nhits;
    const struct group *g = group_for(de, p);
    size_t min_end = 0;
    /* a packet whose payload the stream took is inspected through the stream only */
    bool tracked = p->proto == 6 && (raw.len > 0 || (p->flags & PKT_STREAM_ADD)) && v.df != NULL;
    struct span slice = tracked ? stream_slice(v.df, p->flow_dir, raw, raw_start, &min_end)
                                : (struct span){NULL, 0};
    struct span pkt = p->payload;
    /* encrypted TLS (encryption-handling track-only): the stream is passed over, and
     * signatures with payload keywords are not tried */
    bool no_payload = p->flow != NULL && p->flow->no_payload_inspect;
    if (no_payload)
        pkt = slice = (struct span){NULL, 0};
    for (uint32_t k = 0; k < g->nalways; k++)
        cand_add(dt, g->always[k]);
    /*
     * On a packet of a tracked stream a signature inspects the new stream data (the slice),
     * unless it is packet-only: a fast pattern found only in the packet names no signature
     * that can match the slice, so the packet is scanned only for packet-only signatures.
     */
    bool est = p->flow != NULL && p->flow->pkt_state == FLOW_STATE_ESTABLISHED;
    if (tracked)
        scan_shared(dt, &g->pkt, pkt);
    else if (!est && g->noest.set != NULL) /* flow:established cannot match */
        scan_shared(dt, &g->noest, pkt);
    else
        scan_group(dt, g, pkt.p, pkt.len);
    scan_group(dt, g, slice.p, slice.len);
    dt->st.stream_scans += slice.len > 0;
    dt->st.stream_bytes += slice.len;
    uint32_t w;
    uint64_t bits;
    for (dt->cnext = 0; cand_next(dt, &w, &bits);) {
        for (; bits && !dt->pass_hit; bits &= bits - 1) {
            uint32_t i = w * 64 + (uint32_t)__builtin_ctzll(bits);
            const struct dsig *d = &de->dsigs[g->sigs[i]];
            if ((no_payload && d->has_payload) || !header_ok(dt, d->s, p) ||
                !pick_buffer(d, &v, &pkt, &slice, min_end, tracked))
                continue;
            dt->st.candidates++;
            if (verify_sig(d, &v))
                matched(dt, g->sigs[i], &v);
        }
    }
    dt->st.alerts += dt->nhits;
    if (dt->nhits && p->flow)
        p->flow->alerted = true;
    return dt->nhits;
}

/* ---- per transaction ---- */

/* The matched list of a transaction: its slot, or the oldest slot taken over. */
static struct detect_txdone *tx_done(struct detect_flow *df, uint64_t tx_id)
{
    for (uint32_t i = 0; i < DETECT_TX_SLOTS; i++)
        if (df->txdone[i].used && df->txdone[i].tx_id == tx_id)
            return &df->txdone[i];
    struct detect_txdone *t = &df->txdone[df->tx_next++ % DETECT_TX_SLOTS];
    t->used = true;
    t->tx_id = tx_id;
    t->n = 0;
    t->nlate = 0;
    t->late_full = false;
    t->late_seen = false;
    return t;
}

/* A header inspection found the fast pattern of body_late signature i. */
static void late_add(struct detect_txdone *t, uint32_t i)
{
    for (uint32_t k = 0; k < t->nlate; k++)
        if (t->late[k] == i)
            return;
    if (t->nlate < DETECT_TX_LATE_MAX)
        t->late[t->nlate++] = i;
    else
        t->late_full = true;
}

static bool tx_done_has(const struct detect_txdone *t, uint32_t i)
{
    for (uint32_t k = 0; k < t->n; k++)
        if (t->sig[k] == i)
            return true;
    return false;
}

/* Body bytes held and not inspected yet. */
static uint64_t body_unseen(const struct detect_body *b)
{
    uint64_t from = b->inspected > b->base ? b->inspected : b->base;
    return b->so_far > from ? b->so_far - from : 0;
}

/* The first body byte b holds (body offset base), or NULL. */
static uint8_t *body_bytes(const struct detect_body *b)
{
    return b->data != NULL ? b->data + b->off : NULL;
}

/* The body bytes before body offset `from` are not needed any more. */
static void body_drop_before(struct detect_body *b, uint64_t from)
{
    if (from <= b->base)
        return;
    uint64_t n = from - b->base < b->len ? from - b->base : b->len;
    b->off += (uint32_t)n;
    b->len -= (uint32_t)n;
    b->base += n;
    if (b->len == 0)
        b->off = 0;
}

/*
 * Room in b for `need` bytes within DETECT_BODY_CAP and the worker's DETECT_BODY_MEM: the
 * bytes are moved to the start of the buffer when they would not fit after the dropped
 * ones (a window moves on with each inspection: moving it each time cost 1.5% of the
 * bench's instructions).
 */
static bool body_reserve(struct detect_thread *dt, struct detect_body *b, uint32_t need)
{
    if (b->off + need <= b->cap)
        return true;
    if (b->off > 0) {
        memmove(b->data, b->data + b->off, b->len);
        b->off = 0;
    }
    if (need <= b->cap)
        return true;
    uint32_t cap = (uint32_t)kh_grow_cap(b->cap, 4096, need, DETECT_BODY_CAP);
    if (need > cap || dt->body_mem + (cap - b->cap) > DETECT_BODY_MEM)
        return false;
    uint8_t *d = kh_reallocarray(b->data, cap, 1);
    if (d == NULL)
        return false;
    dt->body_mem += cap - b->cap;
    b->data = d;
    b->cap = cap;
    return true;
}

/*
 * New body bytes of in->body_dir are kept and, when due, the part to inspect becomes the
 * body buffer: as Suricata's libhtp settings, the first inspection waits for body_min bytes
 * or the body's end and takes the whole body so far; each later one takes the new bytes
 * and body_window before them, or a quarter window when more than a window is new.
 * False: not due yet, nothing to inspect. *win_body: the body whose window the buffer is, or
 * NULL when it holds the new bytes alone (no room to keep them).
 */
static bool body_add(struct detect_thread *dt, struct detect_flow *df, struct detect_tx_input *in,
                     struct detect_body **win_body)
{
    int t = in->body_dir == 0 ? DETECT_TXB_REQUEST_BODY : DETECT_TXB_FILE_DATA;
    uint64_t win = in->body_window ? in->body_window : DETECT_BODY_WINDOW;
    struct detect_body *b = df->body[in->body_dir];
    if (b == NULL && dt->nbodies < DETECT_BODY_WINDOWS &&
        (b = df->body[in->body_dir] = kh_calloc(1, sizeof(*b))) != NULL)
        dt->nbodies++;
    if (b != NULL && (!b->used || b->tx_id != in->tx_id || b->part != in->body_part)) {
        *b = (struct detect_body){.data = b->data,
                                  .cap = b->cap,
                                  .pf = b->pf,
                                  .used = true,
                                  .tx_id = in->tx_id,
                                  .part = in->body_part};
        if (b->pf != NULL) /* a new body: the prefilter starts again */
            b->pf->nseg = 0, b->pf->nhits = 0, b->pf->off = false;
    }
    struct span add = in->body;
    if (b != NULL) {
        body_drop_before(b, b->inspected > win ? b->inspected - win : 0);
        if (add.len > DETECT_BODY_CAP) { /* a huge piece: its end */
            size_t cut = add.len - DETECT_BODY_CAP;
            dt->st.body_trimmed += cut + body_unseen(b);
            b->so_far += cut;
            b->base = b->so_far;
            b->len = b->off = 0;
            add.p += cut;
            add.len = DETECT_BODY_CAP;
        }
        if (b->len + add.len > DETECT_BODY_CAP) { /* oldest out; unseen ones counted */
            uint64_t from = b->base + (b->len + add.len - DETECT_BODY_CAP);
            if (from > b->inspected)
                dt->st.body_trimmed += from - (b->inspected > b->base ? b->inspected : b->base);
            body_drop_before(b, from);
        }
    }
    if (b == NULL || !body_reserve(dt, b, b->len + (uint32_t)add.len)) {
        dt->st.body_nomem++; /* policy: these bytes alone, at once */
        if (b != NULL) {
            dt->st.body_trimmed += body_unseen(b); /* held, not inspected: dropped */
            b->so_far += add.len;
            b->inspected = b->base = b->so_far;
            b->len = b->off = 0;
        }
        in->buf[t] = in->body;
        in->have |= DETECT_TXB_BIT(t);
        *win_body = NULL;
        return true;
    }
    if (add.len)
        memcpy(body_bytes(b) + b->len, add.p, add.len);
    b->len += (uint32_t)add.len;
    b->so_far += add.len;
    bool fresh = b->so_far > b->inspected;
    if (!in->body_last && b->so_far < in->body_min)
        return false;
    if (!fresh && !(in->have & DETECT_TXB_BIT(DETECT_TXB_FILE_SIZE)))
        return false; /* the end, all seen: only filesize has something new */
    uint64_t from = 0;
    if (b->inspected > in->body_min) {
        uint64_t got = b->so_far - b->inspected;
        if (got < win)
            from = b->inspected > win - got ? b->inspected - (win - got) : 0;
        else
            from = b->inspected > win / 4 ? b->inspected - win / 4 : 0;
    }
    from = from > b->base ? from : b->base;
    in->buf[t] = b->data != NULL ? (struct span){body_bytes(b) + (from - b->base), b->so_far - from}
                                 : (struct span){NULL, 0};
    in->have |= DETECT_TXB_BIT(t);
    b->inspected = b->so_far;
    *win_body = b->data != NULL ? b : NULL;
    return true;
}

/* Body prefilter hits: kept in the segment being scanned, or the scan stops when full. */
static int on_hs_body(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                      void *ctx)
{
    (void)from;
    (void)to;
    (void)flags;
    struct body_pf *pf = ctx;
    if (pf->nhits >= DETECT_BODY_HITS)
        return 1;
    pf->hit[pf->nhits++] = id;
    return 0;
}

/*
 * The candidates of database db (a body buffer's fast patterns, the longest maxlen bytes)
 * in the window [from, so_far) of b: as many as a scan of the whole window would name, and
 * a few more, scanning only the bytes no earlier window of this body scanned. Suricata's
 * windows overlap (each takes inspect-window bytes before the new ones), so most body bytes
 * would be scanned many times; their hits are remembered instead, per segment of at most
 * DETECT_BODY_SEG bytes. A pattern in the window ends in a segment that overlaps the
 * window, whose scan began maxlen - 1 bytes before it: its signature is named (and so may
 * one found only in the part of that segment before the window: verification decides).
 * False: the window is to be scanned whole (no memory, or more hits than it keeps).
 */
static bool body_prefilter(struct detect_thread *dt, struct detect_body *b, const hs_database_t *db,
                           uint32_t maxlen, uint64_t from)
{
    if (b->pf == NULL) {
        if (dt->body_mem + sizeof(*b->pf) > DETECT_BODY_MEM ||
            (b->pf = kh_calloc(1, sizeof(*b->pf))) == NULL)
            return false;
        dt->body_mem += sizeof(*b->pf);
    }
    struct body_pf *pf = b->pf;
    if (pf->off)
        return false;
    /* the segments before the window are done with: windows only move on */
    uint32_t drop = 0, dropped = 0;
    while (drop < pf->nseg && pf->seg[drop].end <= from)
        dropped += pf->seg[drop++].nhits;
    if (drop > 0) {
        pf->start = pf->seg[drop - 1].end;
        pf->nseg = (uint8_t)(pf->nseg - drop);
        pf->nhits = (uint16_t)(pf->nhits - dropped);
        memmove(pf->seg, pf->seg + drop, pf->nseg * sizeof(pf->seg[0]));
        memmove(pf->hit, pf->hit + dropped, pf->nhits * sizeof(pf->hit[0]));
    }
    uint64_t end = pf->nseg ? pf->seg[pf->nseg - 1].end : pf->start;
    if (pf->nseg == 0 || pf->start > from || end > b->so_far) { /* nothing to go on */
        pf->nseg = 0;
        pf->nhits = 0;
        pf->start = end = from;
    }
    uint32_t back = maxlen > 1 ? maxlen - 1 : 0;
    while (end < b->so_far) {
        uint64_t e = b->so_far - end > DETECT_BODY_SEG ? end + DETECT_BODY_SEG : b->so_far;
        uint64_t s = end - b->base > back ? end - back : b->base;
        if (pf->nseg == DETECT_BODY_SEGS) { /* the first two become one */
            pf->seg[1].nhits = (uint16_t)(pf->seg[1].nhits + pf->seg[0].nhits);
            memmove(pf->seg, pf->seg + 1, --pf->nseg * sizeof(pf->seg[0]));
        }
        uint16_t before = pf->nhits;
        if (hs_scan(db, (const char *)body_bytes(b) + (s - b->base), (unsigned)(e - s), 0,
                    dt->scratch, on_hs_body, pf) == HS_SCAN_TERMINATED) {
            pf->off = true;
            dt->st.body_pf_whole++;
            return false;
        }
        dt->st.body_pf_bytes += e - s;
        pf->seg[pf->nseg].end = e;
        pf->seg[pf->nseg++].nhits = (uint16_t)(pf->nhits - before);
        end = e;
    }
    for (uint32_t k = 0; k < pf->nhits; k++)
        cand_add(dt, pf->hit[k]);
    return true;
}

/*
 * A body window kept for this transaction and not the one just added (the request body
 * while the response is inspected, or the reverse) stays inspectable, so that a rule
 * reading both bodies (=> rules) can match.
 */
static void other_body(const struct detect_engine *de, const struct detect_flow *df,
                       struct detect_tx_input *in)
{
    for (int d = 0; d < 2; d++) {
        const struct detect_body *b = df->body[d];
        int t = d == 0 ? DETECT_TXB_REQUEST_BODY : DETECT_TXB_FILE_DATA;
        if (d != in->body_dir && b != NULL && b->used && b->tx_id == in->tx_id && b->len > 0 &&
            !(in->have & DETECT_TXB_BIT(t)) && (de->tx_wants & DETECT_TXB_BIT(t))) {
            in->buf[t] = (struct span){body_bytes(b), b->len};
            in->have |= DETECT_TXB_BIT(t);
        }
    }
}

/* Verify transaction signature i (an index into txsigs) after the prefilter chose it. */
static void tx_verify(struct detect_thread *dt, struct vctx *v, const struct detect_tx_input *in,
                      struct detect_txdone *done, uint32_t i)
{
    const struct detect_engine *de = dt->de;
    uint32_t idx = de->txsigs[i];
    const struct dsig *d = &de->dsigs[idx];
    if (d->body_late && in->body_dir < 0)
        late_add(done, i);
    if ((d->txneed & in->have) != d->txneed || tx_done_has(done, i))
        return;
    if (!header_ok(dt, d->s, v->p))
        return;
    /* one context for every candidate, as on the packet path: each verification sets what
     * it reads (the buffers, the variables it extracts, its alert's context) */
    v->buf = v->p->payload.p;
    v->len = v->p->payload.len;
    v->min_end = 0;
    dt->st.candidates++;
    if (!verify_sig(d, v))
        return;
    if (done->n < DETECT_TX_DONE_MAX)
        done->sig[done->n++] = i;
    else
        dt->st.tx_done_full++;
    uint32_t before = dt->nhits;
    matched(dt, idx, v);
    for (uint32_t a = 0; a < dt->nhits && dt->nhits > before; a++)
        if (dt->hits[a] == idx) {
            dt->alerts[a].tx = true;
            dt->alerts[a].tx_id = in->tx_id;
        }
}

size_t detect_tx(struct detect_thread *dt, const struct packet *p, struct detect_tx_input *in,
                 const struct detect_alert **out)
{
    const struct detect_engine *de = dt->de;
    struct vctx v = inspection_begin(dt, p, in, out);
    if (de->ntx == 0 || (v.df = flow_state(dt, p)) == NULL || v.df->passed)
        return 0;
    dt->pass_hit = false;
    int body_t = -1;                /* the body buffer of this inspection when it is */
    struct detect_body *win = NULL; /* a window of this body */
    if (in->body_dir == 0 || in->body_dir == 1) {
        int t = in->body_dir == 0 ? DETECT_TXB_REQUEST_BODY : DETECT_TXB_FILE_DATA;
        uint64_t files =
            DETECT_TXB_BIT(DETECT_TXB_FILE_NAME) | DETECT_TXB_BIT(DETECT_TXB_FILE_SIZE);
        bool file = (in->have & de->tx_wants & files) != 0;
        if (de->tx_wants & DETECT_TXB_BIT(t)) {
            if (!body_add(dt, v.df, in, &win))
                return 0; /* kept for a later inspection */
            body_t = win != NULL ? t : -1;
        } else if (!file)
            return 0; /* no signature reads this body or its file's name */
    }
    other_body(de, v.df, in);
    dt->st.tx_inspections++;
    struct detect_txdone *done = tx_done(v.df, in->tx_id);
    bool body = in->body_dir == 0 || in->body_dir == 1;
    done->late_seen |= !body; /* a header inspection lists what the body needs */
    /*
     * A body inspection verifies only the signatures that read the body or its file: the
     * others saw these headers already, and a signature that could not match them is not
     * tried again (as Suricata's inspection of a transaction that progressed).
     */
    uint64_t scan = in->have;
    if (body) {
        if (done->late_seen && !done->late_full)
            scan &= BODY_BUFS;
        for (uint32_t j = 0; j < de->ntx_body; j++)
            cand_add(dt, de->tx_body_idx[j]);
        for (uint32_t j = 0; j < done->nlate; j++)
            cand_add(dt, done->late[j]);
    } else {
        for (uint32_t j = de->tx_always_off[DETECT_TXB_MAX];
             j < de->tx_always_off[DETECT_TXB_MAX + 1]; j++)
            cand_add(dt, de->tx_always_idx[j]);
    }
    for (uint64_t bufs = scan; bufs; bufs &= bufs - 1) {
        int b = __builtin_ctzll(bufs);
        for (uint32_t j = de->tx_always_off[b]; b < DETECT_TXB_MAX && j < de->tx_always_off[b + 1];
             j++)
            cand_add(dt, de->tx_always_idx[j]);
    }
    for (int b = 0; b < DETECT_TXB_MAX; b++) {
        if (!(scan & DETECT_TXB_BIT(b)) || de->txdb[b] == NULL || in->buf[b].len == 0 ||
            in->buf[b].len > UINT32_MAX)
            continue;
        if (b == body_t &&
            body_prefilter(dt, win, de->txdb[b], de->txdb_maxlen[b], win->so_far - in->buf[b].len))
            continue;
        hs_scan(de->txdb[b], (const char *)in->buf[b].p, (unsigned)in->buf[b].len, 0, dt->scratch,
                on_hs_match, dt);
    }
    uint32_t w;
    uint64_t bits;
    for (dt->cnext = 0; cand_next(dt, &w, &bits);)
        for (; bits && !dt->pass_hit; bits &= bits - 1)
            tx_verify(dt, &v, in, done, w * 64 + (uint32_t)__builtin_ctzll(bits));
    dt->st.alerts += dt->nhits;
    if (dt->nhits && p->flow)
        p->flow->alerted = true;
    return dt->nhits;
}

uint64_t detect_tx_wants(const struct detect_thread *dt)
{
    return dt->de->tx_wants;
}

size_t detect_flow_flowbits(const struct detect_thread *dt, const struct flow *f,
                            const char **names, size_t max)
{
    const struct detect_flow *df = f->detect_state;
    size_t n = 0;
    for (uint32_t w = 0; df != NULL && w < df->nwords && n < max; w++)
        for (uint64_t bits = df->bits[w]; bits && n < max; bits &= bits - 1) {
            uint32_t id = w * 64 + (uint32_t)__builtin_ctzll(bits);
            if (id < dt->de->nbits)
                names[n++] = dt->de->bitnames[id];
        }
    return n;
}
