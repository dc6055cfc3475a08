/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fragment reassembly. Each datagram in progress has a tracker (hash table + LRU list by
 * last fragment time); each fragment is a record holding a copy of its bytes in fixed-size
 * chunks. Trackers, records and chunks come from free lists that grow up to defrag.memcap
 * and are never given back until the context is freed, so a warm defragmenter does not
 * allocate. The overlap policy is applied when the datagram completes: fragments are
 * replayed in arrival order and each byte goes to the fragment the policy prefers.
 */
#include "defrag.h"

#include <string.h>

#include "core/alloc.h"
#include "core/compiler.h"
#include "core/err.h"
#include "core/hash.h"
#include "decode/checksum.h"

#define CHUNK_DATA   1016u  /* so that a chunk is 1 KiB with its link */
#define DGRAM_MAX    65535u /* largest IPv4 datagram; IPv6 payload length */
#define USEC_PER_SEC 1000000ull
#define OUT_MAX      (DEFRAG_HDR_MAX + DGRAM_MAX)

struct chunk {
    struct chunk *next;
    uint8_t data[CHUNK_DATA];
};

/* One fragment's bytes. */
struct frag {
    struct frag *next_off; /* tracker's fragments by offset (equal offsets in arrival order) */
    struct frag *next_arr; /* in arrival order; links the free list too */
    struct chunk *data;
    uint32_t off, len;
    uint16_t idx; /* 1-based arrival number in its datagram */
};

/* One datagram in progress. Key: version, addresses, id, protocol (IPv4), VLANs, depth. */
struct tracker {
    struct tracker *hnext;
    struct tracker *lnext, *lprev; /* LRU list: head is the most recently used */
    uint32_t hash;
    uint32_t id;
    struct kh_addr src, dst;
    uint16_t vlan[2];
    uint8_t vlan_cnt, ip_ver, proto, tunnel_depth;
    uint8_t policy; /* enum defrag_policy, from the destination's host-os-policy */
    bool have_first, have_last;
    uint8_t nh_value; /* IPv6: next header after the fragment header (first fragment) */
    uint16_t nh_pos;  /* IPv6: the next-header byte to rewrite, offset in hdr */
    uint16_t hdr_len; /* bytes in hdr */
    uint16_t nfrags;
    uint32_t total;   /* have_last: payload length of the datagram */
    uint64_t last_ts; /* usec of the latest fragment */
    struct frag *by_off, *arr_head, *arr_tail;
    uint8_t hdr[DEFRAG_HDR_MAX]; /* IPv4 header / IPv6 header and unfragmentable part */
};

struct defrag_ctx {
    struct defrag_config cfg;
    struct defrag_stats st;
    struct tracker **buckets;
    uint32_t mask;
    uint32_t ntrackers; /* live trackers */
    uint32_t nfrags;    /* live fragment records */
    uint64_t timeout_usec;
    struct tracker *lru_head, *lru_tail;
    struct tracker *free_trackers;
    struct frag *free_frags;
    struct chunk *free_chunks;
    uint8_t *out;         /* the rebuilt datagram (OUT_MAX bytes) */
    uint16_t *owner;      /* per payload byte: idx of the fragment that wrote it */
    struct frag **by_idx; /* idx -> fragment, while rebuilding */
};

static const char *const policy_names[DEFRAG_POLICY_MAX] = {
    [DEFRAG_POLICY_FIRST] = "first",     [DEFRAG_POLICY_LAST] = "last",
    [DEFRAG_POLICY_BSD] = "bsd",         [DEFRAG_POLICY_BSD_RIGHT] = "bsd-right",
    [DEFRAG_POLICY_LINUX] = "linux",     [DEFRAG_POLICY_WINDOWS] = "windows",
    [DEFRAG_POLICY_SOLARIS] = "solaris",
};

int defrag_policy_parse(const char *name)
{
    for (int i = 0; i < DEFRAG_POLICY_MAX; i++)
        if (strcmp(name, policy_names[i]) == 0)
            return i;
    return -1;
}

const char *defrag_policy_name(enum defrag_policy p)
{
    return (unsigned)p < DEFRAG_POLICY_MAX ? policy_names[p] : "unknown";
}

enum defrag_policy defrag_policy_for_os(enum defrag_os os)
{
    switch (os) {
    case DEFRAG_OS_BSD:
    case DEFRAG_OS_HPUX10:
    case DEFRAG_OS_IRIX:
        return DEFRAG_POLICY_BSD;
    case DEFRAG_OS_BSD_RIGHT:
        return DEFRAG_POLICY_BSD_RIGHT;
    case DEFRAG_OS_OLD_LINUX:
    case DEFRAG_OS_LINUX:
        return DEFRAG_POLICY_LINUX;
    case DEFRAG_OS_OLD_SOLARIS:
    case DEFRAG_OS_HPUX11:
    case DEFRAG_OS_MACOS:
    case DEFRAG_OS_FIRST:
        return DEFRAG_POLICY_FIRST;
    case DEFRAG_OS_SOLARIS:
        return DEFRAG_POLICY_SOLARIS;
    case DEFRAG_OS_WINDOWS:
    case DEFRAG_OS_VISTA:
    case DEFRAG_OS_WINDOWS2K3:
        return DEFRAG_POLICY_WINDOWS;
    case DEFRAG_OS_LAST:
        return DEFRAG_POLICY_LAST;
    case DEFRAG_OS_MAX:
        break;
    }
    return DEFRAG_POLICY_BSD;
}

/* Does the later fragment n take the bytes it shares with the earlier fragment o? */
static bool policy_new_wins(enum defrag_policy pol, const struct frag *n, const struct frag *o)
{
    uint32_t n_end = n->off + n->len, o_end = o->off + o->len;
    switch (pol) {
    case DEFRAG_POLICY_FIRST:
        return false;
    case DEFRAG_POLICY_LAST:
        return true;
    case DEFRAG_POLICY_BSD:
        return n->off < o->off;
    case DEFRAG_POLICY_BSD_RIGHT:
        return n_end > o_end;
    case DEFRAG_POLICY_LINUX:
        return n->off <= o->off;
    case DEFRAG_POLICY_WINDOWS:
        return n->off < o->off && n_end > o_end;
    case DEFRAG_POLICY_SOLARIS:
        return n->off < o->off && n_end >= o_end;
    case DEFRAG_POLICY_MAX:
        break;
    }
    return false;
}

static uint32_t round_pow2(uint32_t v)
{
    uint32_t n = 1;
    while (n < v && n < (1u << 30))
        n <<= 1;
    return n;
}

struct defrag_ctx *defrag_ctx_new(const struct defrag_config *cfg)
{
    struct defrag_ctx *ctx = kh_calloc(1, sizeof(*ctx));
    if (ctx == NULL)
        return NULL;
    ctx->cfg = *cfg;
    uint32_t n = round_pow2(cfg->hash_size ? cfg->hash_size : 1);
    ctx->mask = n - 1;
    ctx->timeout_usec = (uint64_t)cfg->timeout * USEC_PER_SEC;
    ctx->buckets = kh_calloc(n, sizeof(*ctx->buckets));
    ctx->out = kh_malloc(OUT_MAX);
    ctx->owner = kh_calloc(DGRAM_MAX + 1, sizeof(*ctx->owner));
    ctx->by_idx = kh_calloc(DEFRAG_MAX_FRAGS_PER_DGRAM + 1, sizeof(*ctx->by_idx));
    ctx->st.memuse = (uint64_t)n * sizeof(*ctx->buckets);
    if (ctx->buckets == NULL || ctx->out == NULL || ctx->owner == NULL || ctx->by_idx == NULL ||
        ctx->st.memuse > cfg->memcap) {
        defrag_ctx_free(ctx);
        return NULL;
    }
    return ctx;
}

void defrag_ctx_free(struct defrag_ctx *ctx)
{
    if (ctx == NULL)
        return;
    for (struct tracker *t = ctx->lru_head, *next; t; t = next) {
        next = t->lnext;
        for (struct frag *f = t->arr_head, *fn; f; f = fn) {
            fn = f->next_arr;
            for (struct chunk *c = f->data, *cn; c; c = cn) {
                cn = c->next;
                kh_free(c);
            }
            kh_free(f);
        }
        kh_free(t);
    }
    for (struct tracker *t = ctx->free_trackers, *next; t; t = next) {
        next = t->hnext;
        kh_free(t);
    }
    for (struct frag *f = ctx->free_frags, *next; f; f = next) {
        next = f->next_arr;
        kh_free(f);
    }
    for (struct chunk *c = ctx->free_chunks, *next; c; c = next) {
        next = c->next;
        kh_free(c);
    }
    kh_free(ctx->buckets);
    kh_free(ctx->out);
    kh_free(ctx->owner);
    kh_free(ctx->by_idx);
    kh_free(ctx);
}

const struct defrag_stats *defrag_ctx_stats(const struct defrag_ctx *ctx)
{
    return &ctx->st;
}

/* Allocate n bytes under the memcap; NULL when it would be passed or malloc fails. */
static void *cap_alloc(struct defrag_ctx *ctx, size_t n)
{
    if (ctx->st.memuse + n > ctx->cfg.memcap)
        return NULL;
    void *p = kh_malloc(n);
    if (p != NULL)
        ctx->st.memuse += n;
    return p;
}

static void lru_unlink(struct defrag_ctx *ctx, struct tracker *t)
{
    if (t->lprev)
        t->lprev->lnext = t->lnext;
    else
        ctx->lru_head = t->lnext;
    if (t->lnext)
        t->lnext->lprev = t->lprev;
    else
        ctx->lru_tail = t->lprev;
    t->lnext = t->lprev = NULL;
}

static void lru_push(struct defrag_ctx *ctx, struct tracker *t)
{
    t->lprev = NULL;
    t->lnext = ctx->lru_head;
    if (ctx->lru_head)
        ctx->lru_head->lprev = t;
    else
        ctx->lru_tail = t;
    ctx->lru_head = t;
}

/* Return a tracker's fragments and chunks to the free lists, unhash it, free it for reuse. */
static void tracker_end(struct defrag_ctx *ctx, struct tracker *t)
{
    for (struct frag *f = t->arr_head, *fn; f; f = fn) {
        fn = f->next_arr;
        struct chunk *c = f->data;
        while (c) {
            struct chunk *cn = c->next;
            c->next = ctx->free_chunks;
            ctx->free_chunks = c;
            c = cn;
        }
        f->next_arr = ctx->free_frags;
        ctx->free_frags = f;
        ctx->nfrags--;
    }
    struct tracker **pp = &ctx->buckets[t->hash & ctx->mask];
    while (*pp != t)
        pp = &(*pp)->hnext;
    *pp = t->hnext;
    lru_unlink(ctx, t);
    t->hnext = ctx->free_trackers;
    ctx->free_trackers = t;
    ctx->ntrackers--;
}

size_t defrag_timeout(struct defrag_ctx *ctx, uint64_t now_usec)
{
    size_t n = 0;
    struct tracker *t;
    while ((t = ctx->lru_tail) != NULL && t->last_ts + ctx->timeout_usec < now_usec) {
        if (t->ip_ver == 4)
            ctx->st.ipv4_timeouts++;
        else
            ctx->st.ipv6_timeouts++;
        ctx->st.tracker_timeout++;
        tracker_end(ctx, t);
        n++;
    }
    return n;
}

static uint32_t key_hash(const struct packet *p)
{
    uint64_t h = kh_hash_add64(0x9e3779b97f4a7c15ull, p->src.q[0] ^ p->dst.q[0]);
    h = kh_hash_add64(h, p->src.q[1] ^ p->dst.q[1]);
    h = kh_hash_add64(h, (uint64_t)p->frag_id << 16 | (uint64_t)p->ip_ver << 8 | p->vlan_cnt);
    return (uint32_t)kh_hash_mix64(h);
}

static bool key_match(const struct tracker *t, const struct packet *p, uint32_t hash)
{
    if (t->hash != hash || t->id != p->frag_id || t->ip_ver != p->ip_ver ||
        t->tunnel_depth != p->tunnel_depth || t->vlan_cnt != p->vlan_cnt)
        return false;
    /* IPv4 keys on the protocol too (RFC 791; CVE-2017-7177); IPv6 does not (RFC 8200). */
    if (p->ip_ver == 4 && t->proto != p->frag_nh)
        return false;
    for (unsigned i = 0; i < t->vlan_cnt && i < 2; i++)
        if (t->vlan[i] != p->vlan[i])
            return false;
    return memcmp(&t->src, &p->src, sizeof(t->src)) == 0 &&
           memcmp(&t->dst, &p->dst, sizeof(t->dst)) == 0;
}

/* The oldest tracker other than keep, or NULL. */
static struct tracker *oldest_but(struct defrag_ctx *ctx, const struct tracker *keep)
{
    struct tracker *t = ctx->lru_tail;
    if (t == keep)
        t = t->lprev;
    return t;
}

/* A tracker for p's datagram: reused, new under the caps, or the oldest one taken over. */
static struct tracker *tracker_get(struct defrag_ctx *ctx, const struct packet *p, uint32_t hash)
{
    struct tracker *t = ctx->free_trackers;
    if (t != NULL) {
        ctx->free_trackers = t->hnext;
    } else if (ctx->ntrackers < ctx->cfg.trackers && (t = cap_alloc(ctx, sizeof(*t))) != NULL) {
        /* a new one */
    } else {
        /* Policy at the cap: the least recently used datagram is dropped for the new one. */
        if (ctx->ntrackers >= ctx->cfg.trackers)
            ctx->st.max_trackers_reached++;
        struct tracker *old = ctx->lru_tail;
        if (old == NULL)
            return NULL;
        ctx->st.tracker_hard_reuse++;
        tracker_end(ctx, old);
        t = ctx->free_trackers;
        ctx->free_trackers = t->hnext;
    }
    memset(t, 0, offsetof(struct tracker, hdr));
    t->hash = hash;
    t->id = p->frag_id;
    t->src = p->src;
    t->dst = p->dst;
    t->vlan_cnt = p->vlan_cnt;
    for (unsigned i = 0; i < p->vlan_cnt && i < 2; i++)
        t->vlan[i] = p->vlan[i];
    t->ip_ver = p->ip_ver;
    t->proto = p->ip_ver == 4 ? p->frag_nh : 0;
    t->tunnel_depth = p->tunnel_depth;
    enum defrag_os os =
        ctx->cfg.hostos ? defrag_hostos_lookup(ctx->cfg.hostos, p->ip_ver, &p->dst) : DEFRAG_OS_BSD;
    t->policy = (uint8_t)defrag_policy_for_os(os);
    struct tracker **b = &ctx->buckets[hash & ctx->mask];
    t->hnext = *b;
    *b = t;
    lru_push(ctx, t);
    ctx->ntrackers++;
    return t;
}

static struct tracker *tracker_find(struct defrag_ctx *ctx, const struct packet *p, uint32_t hash)
{
    for (struct tracker *t = ctx->buckets[hash & ctx->mask]; t; t = t->hnext)
        if (key_match(t, p, hash))
            return t;
    return NULL;
}

/* Take nchunks chunks and a record from the free lists, growing them under the memcap. */
static bool reserve(struct defrag_ctx *ctx, uint32_t nchunks)
{
    if (ctx->free_frags == NULL) {
        struct frag *f = cap_alloc(ctx, sizeof(*f));
        if (f == NULL)
            return false;
        f->next_arr = NULL;
        ctx->free_frags = f;
    }
    uint32_t have = 0;
    for (struct chunk *c = ctx->free_chunks; c && have < nchunks; c = c->next)
        have++;
    for (; have < nchunks; have++) {
        struct chunk *c = cap_alloc(ctx, sizeof(*c));
        if (c == NULL)
            return false;
        c->next = ctx->free_chunks;
        ctx->free_chunks = c;
    }
    return true;
}

/* Reserve memory for a fragment, ending the oldest other datagrams if the memcap needs it. */
static bool reserve_or_evict(struct defrag_ctx *ctx, struct tracker *keep, uint32_t nchunks)
{
    while (!reserve(ctx, nchunks)) {
        struct tracker *old = oldest_but(ctx, keep);
        if (old == NULL)
            return false;
        ctx->st.tracker_hard_reuse++;
        tracker_end(ctx, old);
    }
    return true;
}

/* Copy the fragment's payload into a record from the free lists (reserve() made room). */
static struct frag *frag_store(struct defrag_ctx *ctx, struct tracker *t, const struct packet *p)
{
    struct frag *f = ctx->free_frags;
    ctx->free_frags = f->next_arr;
    f->next_arr = NULL;
    f->next_off = NULL;
    f->off = p->frag_off;
    f->len = (uint32_t)p->payload.len;
    f->idx = (uint16_t)++t->nfrags;
    f->data = NULL;
    struct chunk **tail = &f->data;
    struct cursor c = cur_init(p->payload.p, p->payload.len);
    while (c.left) {
        struct chunk *ch = ctx->free_chunks;
        ctx->free_chunks = ch->next;
        ch->next = NULL;
        size_t n = c.left < CHUNK_DATA ? c.left : CHUNK_DATA;
        cur_copy(&c, ch->data, n);
        *tail = ch;
        tail = &ch->next;
    }
    ctx->nfrags++;
    /* Arrival order. */
    if (t->arr_tail)
        t->arr_tail->next_arr = f;
    else
        t->arr_head = f;
    t->arr_tail = f;
    /* Offset order, after fragments with the same offset. */
    struct frag **pp = &t->by_off;
    while (*pp && (*pp)->off <= f->off)
        pp = &(*pp)->next_off;
    f->next_off = *pp;
    *pp = f;
    return f;
}

static bool overlaps_any(const struct tracker *t, uint32_t off, uint32_t end)
{
    for (const struct frag *f = t->by_off; f && f->off < end; f = f->next_off)
        if (off < f->off + f->len)
            return true;
    return false;
}

/* Every byte from 0 to the end of the last fragment is present. */
static bool complete(const struct tracker *t)
{
    if (!t->have_first || !t->have_last)
        return false;
    uint32_t reach = 0;
    for (const struct frag *f = t->by_off; f; f = f->next_off) {
        if (f->off > reach)
            return false;
        if (f->off + f->len > reach)
            reach = f->off + f->len;
        if (reach >= t->total)
            return true;
    }
    return reach >= t->total;
}

/* Keep the first fragment's network header(s); false when longer than DEFRAG_HDR_MAX. */
static bool save_header(struct tracker *t, const struct packet *p)
{
    uint32_t end = p->ip_ver == 4 ? p->l4_off : p->frag_hdr_off;
    if (end <= p->l3_off || end - p->l3_off > DEFRAG_HDR_MAX || end > p->caplen)
        return false;
    t->hdr_len = (uint16_t)(end - p->l3_off);
    struct cursor c = cur_init(p->data, p->caplen);
    cur_skip(&c, p->l3_off);
    cur_copy(&c, t->hdr, t->hdr_len);
    if (p->ip_ver == 6) {
        if (p->frag_nh_off < p->l3_off || p->frag_nh_off >= end)
            return false;
        t->nh_pos = (uint16_t)(p->frag_nh_off - p->l3_off);
        t->nh_value = p->frag_nh;
    }
    t->have_first = true;
    return !c.bad;
}

/* Replay the fragments in arrival order into out, each byte to the fragment the policy keeps. */
static void replay(struct defrag_ctx *ctx, const struct tracker *t, uint8_t *dst)
{
    memset(ctx->owner, 0, t->total * sizeof(*ctx->owner));
    for (struct frag *f = t->arr_head; f; f = f->next_arr)
        ctx->by_idx[f->idx] = f;
    enum defrag_policy pol = (enum defrag_policy)t->policy;
    for (const struct frag *f = t->arr_head; f; f = f->next_arr) {
        uint32_t pos = f->off;
        for (const struct chunk *c = f->data; c && pos < t->total; c = c->next) {
            uint32_t n = f->off + f->len - pos;
            n = n < CHUNK_DATA ? n : CHUNK_DATA;
            for (uint32_t i = 0; i < n && pos < t->total; i++, pos++) {
                uint16_t o = ctx->owner[pos];
                if (o == 0 || (o != f->idx && policy_new_wins(pol, f, ctx->by_idx[o]))) {
                    dst[pos] = c->data[i];
                    ctx->owner[pos] = f->idx;
                }
            }
        }
    }
}

/* Write the rebuilt datagram's header; false when it would be too large. */
static bool rebuild_header(struct tracker *t, uint8_t *out)
{
    uint32_t len = t->hdr_len + t->total;
    memcpy(out, t->hdr, t->hdr_len);
    if (t->ip_ver == 4) {
        if (len > DGRAM_MAX)
            return false;
        out[2] = (uint8_t)(len >> 8);
        out[3] = (uint8_t)len;
        out[6] &= 0x40; /* keep DF, clear MF and the offset */
        out[7] = 0;
        out[10] = out[11] = 0;
        uint16_t sum = (uint16_t)~csum_fold(csum_add(0, (struct span){out, t->hdr_len}));
        memcpy(out + 10, &sum, 2); /* the sum is byte-order independent (checksum.h) */
        return true;
    }
    uint32_t plen = len - 40;
    if (plen > DGRAM_MAX)
        return false;
    out[4] = (uint8_t)(plen >> 8);
    out[5] = (uint8_t)plen;
    out[t->nh_pos] = t->nh_value;
    return true;
}

/* Build the datagram of a complete tracker into out and decode it. */
static bool rebuild(struct defrag_ctx *ctx, struct decode_ctx *dec, struct tracker *t,
                    struct packet *p, struct packet *out)
{
    bool ok = rebuild_header(t, ctx->out);
    if (ok) {
        replay(ctx, t, ctx->out + t->hdr_len);
        if (t->ip_ver == 4)
            ctx->st.ipv4_reassembled++;
        else
            ctx->st.ipv6_reassembled++;
        out->data = ctx->out;
        out->caplen = out->wirelen = t->hdr_len + t->total;
        out->ts_usec = p->ts_usec;
        out->pcap_cnt = p->pcap_cnt;
        out->link = t->ip_ver == 4 ? DECODE_LINK_IPV4 : DECODE_LINK_IPV6;
        out->tunnel_depth = p->tunnel_depth;
        decode_rebuilt(dec, out);
        out->flags |= PKT_IS_REBUILT;
        out->vlan_cnt = p->vlan_cnt;
        memcpy(out->vlan, p->vlan, sizeof(out->vlan));
    } else {
        decode_event_raise(dec, p,
                           t->ip_ver == 4 ? DECODE_EV_IPV4_FRAG_PKT_TOO_LARGE
                                          : DECODE_EV_IPV6_FRAG_PKT_TOO_LARGE);
    }
    tracker_end(ctx, t);
    return ok;
}

/* Raise a fragment event of p's IP version. */
static void frag_event(struct decode_ctx *dec, struct packet *p, enum decode_event v4,
                       enum decode_event v6)
{
    decode_event_raise(dec, p, p->ip_ver == 4 ? v4 : v6);
}

bool defrag_insert(struct defrag_ctx *ctx, struct decode_ctx *dec, struct packet *p,
                   struct packet *out)
{
    DEBUG_ASSERT(p->flags & PKT_IS_FRAGMENT);
    defrag_timeout(ctx, p->ts_usec);
    if (p->ip_ver == 4)
        ctx->st.ipv4_fragments++;
    else
        ctx->st.ipv6_fragments++;
    uint32_t off = p->frag_off, len = (uint32_t)p->payload.len, end = off + len;
    /* Suricata's check: a datagram past 65535 bytes (IPv4 counting a 20-byte header). */
    if (end + (p->ip_ver == 4 ? 20u : 0u) > DGRAM_MAX) {
        frag_event(dec, p, DECODE_EV_IPV4_FRAG_PKT_TOO_LARGE, DECODE_EV_IPV6_FRAG_PKT_TOO_LARGE);
        return false;
    }
    if (len == 0)
        return false; /* nothing to add (Suricata's DefragNoData tests) */
    uint32_t hash = key_hash(p);
    struct tracker *t = tracker_find(ctx, p, hash);
    if (t == NULL)
        t = tracker_get(ctx, p, hash);
    if (t == NULL)
        goto ignored;
    lru_unlink(ctx, t);
    lru_push(ctx, t);
    t->last_ts = p->ts_usec;
    if (t->nfrags >= DEFRAG_MAX_FRAGS_PER_DGRAM || ctx->nfrags >= ctx->cfg.max_frags) {
        ctx->st.max_frags_reached++;
        goto ignored;
    }
    if (!reserve_or_evict(ctx, t, (len + CHUNK_DATA - 1) / CHUNK_DATA)) {
        ctx->st.memcap_drops++;
        goto ignored;
    }
    if (off == 0 && !t->have_first && !save_header(t, p))
        goto ignored;
    if (overlaps_any(t, off, end)) {
        ctx->st.overlaps++;
        frag_event(dec, p, DECODE_EV_IPV4_FRAG_OVERLAP, DECODE_EV_IPV6_FRAG_OVERLAP);
    }
    /* The first fragment without more-fragments sets the length; later ones do not move it. */
    if (!p->frag_more && !t->have_last) {
        t->have_last = true;
        t->total = end;
    }
    frag_store(ctx, t, p);
    if (complete(t))
        return rebuild(ctx, dec, t, p, out);
    return false;

ignored:
    frag_event(dec, p, DECODE_EV_IPV4_FRAG_IGNORED, DECODE_EV_IPV6_FRAG_IGNORED);
    return false;
}

#define F(name, member) STATS_FIELD(name, struct defrag_stats, member)

/* Suricata's names (defrag.c and defrag-hash.c counters), as its EVE schema lists them. */
static const struct stats_field fields[] = {
    F("defrag.ipv4.fragments", ipv4_fragments),
    F("defrag.ipv4.reassembled", ipv4_reassembled),
    F("defrag.ipv4.timeouts", ipv4_timeouts),
    F("defrag.ipv6.fragments", ipv6_fragments),
    F("defrag.ipv6.reassembled", ipv6_reassembled),
    F("defrag.ipv6.timeouts", ipv6_timeouts),
    F("defrag.max_trackers_reached", max_trackers_reached),
    F("defrag.max_frags_reached", max_frags_reached),
    F("defrag.tracker_hard_reuse", tracker_hard_reuse),
    F("defrag.wrk.tracker_timeout", tracker_timeout),
    F("defrag.memuse", memuse),
};

size_t defrag_stats_collect(const struct defrag_stats *st, struct stats_value *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < KH_ARRAY_LEN(fields) && n < max; i++)
        out[n++] = (struct stats_value){fields[i].name, stats_field_get(&fields[i], st)};
    return n;
}
