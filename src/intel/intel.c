/* SPDX-License-Identifier: GPL-2.0-only */
/* Indicator storage: feeds, metadata records, indicators, the prefix table and string sets. */
#include "intel.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/err.h"
#include "iptable.h"

#define NONE        UINT32_MAX
#define FILTER_BITS 24 /* the string filter: 2 MiB */

/* One indicator: 16 bytes; the value itself lives in the prefix table or the arena. */
struct ind {
    uint32_t meta; /* its feed record */
    uint32_t next; /* the next indicator with the same value (another feed/record), or NONE */
    uint32_t key;  /* prefix index (IP, after build), or the arena offset of its string */
    uint8_t type;  /* enum intel_type */
    uint8_t flags; /* INTEL_DOMAIN_SUB */
    uint8_t ver;   /* IP: 4 or 6 */
};

/*
 * A set of strings: open addressing over 8-byte slots (32-bit hash, 32-bit arena offset),
 * load at most 1/2. The arena holds each string as [u32 first indicator][u16 length][bytes].
 */
struct strset {
    uint32_t *h;   /* hash per slot (0 marks an empty slot: hashes are forced non-zero) */
    uint32_t *off; /* arena offset per slot */
    uint32_t mask; /* slots - 1 */
    uint32_t n;
};

struct intel_sets {
    struct intel_feed feeds[INTEL_MAX_FEEDS];
    unsigned nfeeds;
    struct intel_meta *metas;
    uint32_t nmeta, capmeta;
    struct ind *inds;
    uint32_t nind, capind;
    char *arena;
    size_t alen, acap;
    struct iptable ipt;
    struct strset sets[INTEL_T_MAX];
    uint64_t count[INTEL_T_MAX];
    bool built;
    uint8_t *filter; /* 2^24 bits over (type, string hash): most misses end here */
};

static const char *const type_names[INTEL_T_MAX] = {
    [INTEL_T_IP] = "ip",
    [INTEL_T_DOMAIN] = "domain",
    [INTEL_T_URL] = "url",
    [INTEL_T_JA3] = "ja3",
    [INTEL_T_JA3S] = "ja3s",
    [INTEL_T_JA4] = "ja4",
    [INTEL_T_CERT_SHA1] = "tls-cert-sha1",
    [INTEL_T_MD5] = "md5",
    [INTEL_T_SHA1] = "sha1",
    [INTEL_T_SHA256] = "sha256",
    [INTEL_T_STRING] = "string",
};

const char *intel_type_name(enum intel_type t)
{
    return (unsigned)t < INTEL_T_MAX ? type_names[t] : "unknown";
}

int intel_type_from_name(const char *name)
{
    static const struct {
        const char *alias;
        enum intel_type t;
    } aliases[] = {
        {"ipv4", INTEL_T_IP},
        {"ipv6", INTEL_T_IP},
        {"cidr", INTEL_T_IP},
        {"address", INTEL_T_IP},
        {"hostname", INTEL_T_DOMAIN},
        {"domain-name", INTEL_T_DOMAIN},
        {"fqdn", INTEL_T_DOMAIN},
        {"uri", INTEL_T_URL},
        {"sha-1", INTEL_T_SHA1},
        {"sha-256", INTEL_T_SHA256},
        {"cert-sha1", INTEL_T_CERT_SHA1},
        {"x509-sha1", INTEL_T_CERT_SHA1},
        {"tls.cert_fingerprint", INTEL_T_CERT_SHA1},
    };
    for (int t = 0; t < INTEL_T_MAX; t++)
        if (strcasecmp(name, type_names[t]) == 0)
            return t;
    for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
        if (strcasecmp(name, aliases[i].alias) == 0)
            return (int)aliases[i].t;
    return -1;
}

struct intel_sets *intel_sets_new(void)
{
    struct intel_sets *s = kh_calloc(1, sizeof(*s));
    if (s == NULL)
        return NULL;
    /* offset 0 of the arena means "none" */
    s->arena = kh_malloc(4096);
    s->metas = kh_calloc(64, sizeof(*s->metas));
    if (s->arena == NULL || s->metas == NULL) {
        intel_sets_free(s);
        return NULL;
    }
    s->acap = 4096;
    s->alen = 1;
    s->arena[0] = '\0';
    s->capmeta = 64;
    return s;
}

void intel_sets_free(struct intel_sets *s)
{
    if (s == NULL)
        return;
    for (unsigned i = 0; i < s->nfeeds; i++)
        kh_free(s->feeds[i].name);
    for (int t = 0; t < INTEL_T_MAX; t++) {
        kh_free(s->sets[t].h);
        kh_free(s->sets[t].off);
    }
    ipt_free(&s->ipt);
    kh_free(s->filter);
    kh_free(s->metas);
    kh_free(s->inds);
    kh_free(s->arena);
    kh_free(s);
}

int intel_feed_add(struct intel_sets *s, const char *name, uint32_t sid_base)
{
    for (unsigned i = 0; i < s->nfeeds; i++)
        if (strcmp(s->feeds[i].name, name) == 0)
            return (int)i;
    if (s->nfeeds == INTEL_MAX_FEEDS)
        return -1;
    struct intel_feed *f = &s->feeds[s->nfeeds];
    memset(f, 0, sizeof(*f));
    if ((f->name = kh_strdup(name)) == NULL)
        return -1;
    f->sid_base = sid_base;
    return (int)s->nfeeds++;
}

struct intel_feed *intel_feed_get(struct intel_sets *s, unsigned idx)
{
    return idx < s->nfeeds ? &s->feeds[idx] : NULL;
}

const struct intel_feed *intel_feed_cget(const struct intel_sets *s, unsigned idx)
{
    return idx < s->nfeeds ? &s->feeds[idx] : NULL;
}

unsigned intel_feed_count(const struct intel_sets *s)
{
    return s->nfeeds;
}

/* Room for n more arena bytes; the offset where they go, or 0 at the cap / no memory. */
static size_t arena_take(struct intel_sets *s, size_t n)
{
    if (s->alen + n > INTEL_MAX_ARENA)
        return 0;
    if (s->acap - s->alen < n) {
        size_t ncap = s->acap * 2;
        while (ncap - s->alen < n)
            ncap *= 2;
        if (ncap > INTEL_MAX_ARENA)
            ncap = INTEL_MAX_ARENA;
        char *a = kh_reallocarray(s->arena, ncap, 1);
        if (a == NULL)
            return 0;
        s->arena = a;
        s->acap = ncap;
    }
    size_t at = s->alen;
    s->alen += n;
    return at;
}

uint32_t intel_meta_add(struct intel_sets *s, const struct intel_meta *m, const char *desc)
{
    if (s->nmeta == s->capmeta) {
        if (s->capmeta >= INTEL_MAX_INDS)
            return NONE;
        struct intel_meta *nm = kh_reallocarray(s->metas, (size_t)s->capmeta * 2, sizeof(*nm));
        if (nm == NULL)
            return NONE;
        s->metas = nm;
        s->capmeta *= 2;
    }
    struct intel_meta *o = &s->metas[s->nmeta];
    *o = *m;
    o->desc = 0;
    if (desc != NULL && desc[0]) {
        size_t len = strnlen(desc, INTEL_MAX_DESC);
        size_t at = arena_take(s, len + 1);
        if (at == 0)
            return NONE;
        memcpy(s->arena + at, desc, len);
        s->arena[at + len] = '\0';
        o->desc = (uint32_t)at;
    }
    return s->nmeta++;
}

const struct intel_meta *intel_meta_get(const struct intel_sets *s, uint32_t id)
{
    return id < s->nmeta ? &s->metas[id] : NULL;
}

const char *intel_meta_desc(const struct intel_sets *s, const struct intel_meta *m)
{
    return m->desc ? s->arena + m->desc : "";
}

static uint32_t new_ind(struct intel_sets *s, enum intel_type t, uint32_t meta, uint8_t flags)
{
    if (s->nind == s->capind) {
        uint32_t ncap = s->capind ? s->capind * 2 : 1024;
        if (s->capind >= INTEL_MAX_INDS)
            return NONE;
        struct ind *ni = kh_reallocarray(s->inds, ncap, sizeof(*ni));
        if (ni == NULL)
            return NONE;
        s->inds = ni;
        s->capind = ncap;
    }
    s->inds[s->nind] = (struct ind){.meta = meta, .next = NONE, .type = (uint8_t)t, .flags = flags};
    return s->nind++;
}

/* FNV-1a over the bytes, forced non-zero (0 marks an empty slot). */
static uint32_t str_hash(const char *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)p[i]) * 16777619u;
    h ^= h >> 15;
    return h ? h : 1;
}

static uint16_t rec_len(const struct intel_sets *s, uint32_t off)
{
    uint16_t len;
    memcpy(&len, s->arena + off + 4, 2);
    return len;
}

static uint32_t rec_ind(const struct intel_sets *s, uint32_t off)
{
    uint32_t ind;
    memcpy(&ind, s->arena + off, 4);
    return ind;
}

/* The slot holding the string, or the empty slot where it would go. */
static uint32_t set_find(const struct intel_sets *s, const struct strset *ss, const char *v,
                         size_t n, uint32_t h)
{
    uint32_t i = h & ss->mask;
    while (ss->h[i] != 0) {
        if (ss->h[i] == h && rec_len(s, ss->off[i]) == n &&
            memcmp(s->arena + ss->off[i] + 6, v, n) == 0)
            return i;
        i = (i + 1) & ss->mask;
    }
    return i;
}

static int set_grow(struct strset *ss)
{
    uint32_t nslots = ss->mask ? (ss->mask + 1) * 2 : 1024;
    uint32_t *nh = kh_calloc(nslots, 4), *noff = kh_calloc(nslots, 4);
    if (nh == NULL || noff == NULL || nslots == 0) {
        kh_free(nh);
        kh_free(noff);
        return KH_ENOMEM;
    }
    for (uint32_t i = 0; ss->mask && i <= ss->mask; i++) {
        if (ss->h[i] == 0)
            continue;
        uint32_t j = ss->h[i] & (nslots - 1);
        while (nh[j] != 0)
            j = (j + 1) & (nslots - 1);
        nh[j] = ss->h[i];
        noff[j] = ss->off[i];
    }
    kh_free(ss->h);
    kh_free(ss->off);
    ss->h = nh;
    ss->off = noff;
    ss->mask = nslots - 1;
    return KH_OK;
}

/* Add a normalised string of type t; a repeated value chains its indicators. */
static int set_add(struct intel_sets *s, enum intel_type t, const char *v, size_t n, uint32_t meta,
                   uint8_t flags)
{
    struct strset *ss = &s->sets[t];
    if (n > UINT16_MAX)
        return KH_EFORMAT;
    if ((ss->n + 1) * 2 > ss->mask && set_grow(ss) != KH_OK)
        return KH_ENOMEM;
    uint32_t h = str_hash(v, n);
    uint32_t slot = set_find(s, ss, v, n, h);
    uint32_t id = new_ind(s, t, meta, flags);
    if (id == NONE)
        return KH_EFULL;
    if (ss->h[slot] != 0) {
        uint32_t off = ss->off[slot];
        s->inds[id].next = rec_ind(s, off);
        s->inds[id].key = off;
        memcpy(s->arena + off, &id, 4);
        if (s->metas[s->inds[s->inds[id].next].meta].feed == s->metas[meta].feed)
            s->feeds[s->metas[meta].feed].dups++;
        return KH_OK;
    }
    size_t at = arena_take(s, 6 + n);
    if (at == 0 || at > UINT32_MAX) {
        s->nind--;
        return KH_EFULL;
    }
    uint16_t len16 = (uint16_t)n;
    memcpy(s->arena + at, &id, 4);
    memcpy(s->arena + at + 4, &len16, 2);
    memcpy(s->arena + at + 6, v, n);
    ss->h[slot] = h;
    ss->off[slot] = (uint32_t)at;
    ss->n++;
    s->inds[id].key = (uint32_t)at;
    return KH_OK;
}

/* Lower-case hex of the expected length (colons and spaces dropped for fingerprints). */
static size_t norm_hex(const char *v, size_t n, size_t want, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] == ':' || v[i] == ' ')
            continue;
        if (o == want || !isxdigit((unsigned char)v[i]))
            return 0;
        out[o++] = (char)tolower((unsigned char)v[i]);
    }
    return o == want ? o : 0;
}

/* A domain: lower case, trailing dot dropped, "*." or "." first means subdomains too. */
static size_t norm_domain(const char *v, size_t n, char *out, bool *sub)
{
    if (n >= 2 && v[0] == '*' && v[1] == '.') {
        v += 2;
        n -= 2;
        *sub = true;
    } else if (n >= 1 && v[0] == '.') {
        v++;
        n--;
        *sub = true;
    }
    if (n && v[n - 1] == '.')
        n--;
    if (n == 0 || n > 253)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)v[i];
        if (!(isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch >= 0x80))
            return 0;
        if (ch == '.' && (i == 0 || v[i - 1] == '.'))
            return 0;
        out[i] = (char)tolower(ch);
    }
    return n;
}

/* Normalise a value of a string type into out (INTEL_MAX_VALUE); 0 when malformed. */
static size_t normalise(enum intel_type t, const char *v, size_t n, char *out, bool *sub)
{
    static const size_t hexlen[INTEL_T_MAX] = {
        [INTEL_T_JA3] = 32, [INTEL_T_JA3S] = 32, [INTEL_T_CERT_SHA1] = 40,
        [INTEL_T_MD5] = 32, [INTEL_T_SHA1] = 40, [INTEL_T_SHA256] = 64,
    };
    while (n && isspace((unsigned char)*v)) {
        v++;
        n--;
    }
    while (n && isspace((unsigned char)v[n - 1]))
        n--;
    if (n == 0 || n >= INTEL_MAX_VALUE)
        return 0;
    switch (t) {
    case INTEL_T_DOMAIN:
        return norm_domain(v, n, out, sub);
    case INTEL_T_URL:
        return intel_url_normalise(v, n, out, INTEL_MAX_VALUE);
    case INTEL_T_JA4:
        for (size_t i = 0; i < n; i++) {
            if (!isalnum((unsigned char)v[i]) && v[i] != '_')
                return 0;
            out[i] = (char)tolower((unsigned char)v[i]);
        }
        return n;
    case INTEL_T_STRING:
        memcpy(out, v, n);
        return n;
    default:
        return hexlen[t] ? norm_hex(v, n, hexlen[t], out) : 0;
    }
}

static uint32_t load_be32(const uint8_t *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static ipt_u128 load_be128(const uint8_t *b)
{
    ipt_u128 v = 0;
    for (int i = 0; i < 16; i++)
        v = v << 8 | b[i];
    return v;
}

static int add_ip(struct intel_sets *s, const char *v, size_t n, uint32_t meta, char *errbuf,
                  size_t errlen)
{
    uint8_t addr[16];
    int ver;
    uint8_t plen;
    if (!intel_parse_prefix(v, n, addr, &ver, &plen)) {
        snprintf(errbuf, errlen, "not an IP address or CIDR prefix: '%.*s'", (int)(n > 80 ? 80 : n),
                 v);
        return KH_EFORMAT;
    }
    uint32_t id = new_ind(s, INTEL_T_IP, meta, 0);
    if (id == NONE)
        return KH_EFULL;
    s->inds[id].ver = (uint8_t)ver;
    int rc = ver == 4 ? ipt_add4(&s->ipt, load_be32(addr), plen, id)
                      : ipt_add6(&s->ipt, load_be128(addr), plen, id);
    if (rc != KH_OK)
        s->nind--;
    return rc;
}

int intel_add(struct intel_sets *s, enum intel_type t, const char *value, size_t len, uint32_t meta,
              bool subdomains, char *errbuf, size_t errlen)
{
    int rc;
    if (s->built || meta >= s->nmeta || (unsigned)t >= INTEL_T_MAX) {
        snprintf(errbuf, errlen, "internal: add after build or bad metadata");
        return KH_EINVAL;
    }
    if (t == INTEL_T_IP) {
        rc = add_ip(s, value, len, meta, errbuf, errlen);
    } else {
        char norm[INTEL_MAX_VALUE];
        bool sub = subdomains;
        size_t n = normalise(t, value, len, norm, &sub);
        if (n == 0) {
            snprintf(errbuf, errlen, "not a valid %s: '%.*s'", type_names[t],
                     (int)(len > 80 ? 80 : len), value);
            return KH_EFORMAT;
        }
        rc = set_add(s, t, norm, n, meta, t == INTEL_T_DOMAIN && sub ? INTEL_DOMAIN_SUB : 0);
        if (rc == KH_EFORMAT)
            snprintf(errbuf, errlen, "value too long");
    }
    if (rc == KH_OK) {
        s->count[t]++;
        s->feeds[s->metas[meta].feed].count[t]++;
    } else if (rc != KH_EFORMAT) {
        snprintf(errbuf, errlen, "indicator cap or memory reached (%s)", kh_strerror(rc));
    }
    return rc;
}

static int build_filter(struct intel_sets *s);

/* Two prefixes were the same: the dropped one's indicator joins the kept one's chain. */
static void ip_dup(void *ctx, uint32_t kept, uint32_t dropped)
{
    struct intel_sets *s = ctx;
    uint32_t tail = kept;
    while (s->inds[tail].next != NONE)
        tail = s->inds[tail].next;
    s->inds[tail].next = dropped;
    if (s->metas[s->inds[kept].meta].feed == s->metas[s->inds[dropped].meta].feed)
        s->feeds[s->metas[s->inds[kept].meta].feed].dups++;
}

int intel_sets_finish(struct intel_sets *s)
{
    if (s->built)
        return KH_OK;
    if (ipt_build(&s->ipt, ip_dup, s) != KH_OK)
        return KH_ENOMEM;
    uint64_t strings = 0; /* the filter pays off on large sets only */
    for (int t = 0; t < INTEL_T_MAX; t++)
        strings += s->sets[t].n;
    if (strings >= 4096 && build_filter(s) != KH_OK)
        return KH_ENOMEM;
    for (size_t i = 0; i < s->ipt.n4; i++)
        for (uint32_t id = s->ipt.p4[i].ind; id != NONE; id = s->inds[id].next)
            s->inds[id].key = (uint32_t)i;
    for (size_t i = 0; i < s->ipt.n6; i++)
        for (uint32_t id = s->ipt.p6[i].ind; id != NONE; id = s->inds[id].next)
            s->inds[id].key = (uint32_t)i;
    if (s->nind && s->nind < s->capind) {
        struct ind *ni = kh_reallocarray(s->inds, s->nind, sizeof(*ni));
        if (ni != NULL) {
            s->inds = ni;
            s->capind = s->nind;
        }
    }
    s->built = true;
    return KH_OK;
}

bool intel_sets_empty(const struct intel_sets *s)
{
    return s->nind == 0;
}

uint64_t intel_sets_count(const struct intel_sets *s, enum intel_type t)
{
    return (unsigned)t < INTEL_T_MAX ? s->count[t] : 0;
}

size_t intel_sets_memory(const struct intel_sets *s, enum intel_type t)
{
    size_t inds = (size_t)s->count[t] * sizeof(struct ind);
    if (t == INTEL_T_IP)
        return ipt_memory(&s->ipt) + inds;
    const struct strset *ss = &s->sets[t];
    size_t slots = ss->mask ? ((size_t)ss->mask + 1) * 8 : 0;
    size_t strings = 0;
    for (uint32_t i = 0; ss->mask && i <= ss->mask; i++)
        if (ss->h[i])
            strings += 6 + rec_len(s, ss->off[i]);
    size_t filter = s->filter ? (size_t)1 << (FILTER_BITS - 3) : 0; /* shared: counted whole */
    return slots + strings + inds + filter;
}

/* Write the live indicators of a chain (not expired at now_s) after *n. */
static void collect(const struct intel_sets *s, uint32_t id, uint8_t need_flags, int64_t now_s,
                    uint32_t *ids, size_t max, size_t *n)
{
    for (; id != NONE && *n < max; id = s->inds[id].next) {
        const struct ind *in = &s->inds[id];
        if ((in->flags & need_flags) != need_flags)
            continue;
        int64_t exp = s->metas[in->meta].expiry;
        if (exp != 0 && now_s != 0 && now_s > exp)
            continue;
        ids[(*n)++] = id;
    }
}

size_t intel_lookup_ip(const struct intel_sets *s, const uint8_t *addr, int ver, int64_t now_s,
                       uint32_t *ids, size_t max)
{
    size_t n = 0;
    if (!s->built)
        return 0;
    if (ver == 4) {
        uint32_t p = ipt_lookup4(&s->ipt, load_be32(addr));
        if (p != NONE)
            collect(s, s->ipt.p4[p].ind, 0, now_s, ids, max, &n);
    } else {
        uint32_t p = ipt_lookup6(&s->ipt, load_be128(addr));
        if (p != NONE)
            collect(s, s->ipt.p6[p].ind, 0, now_s, ids, max, &n);
    }
    return n;
}

void intel_lookup_ip4_batch(const struct intel_sets *s, const uint8_t (*addrs)[4], size_t n,
                            int64_t now_s, bool *hit)
{
    uint32_t a[64], p[64], ids[1];
    for (size_t b = 0; b < n; b += 64) {
        size_t m = n - b < 64 ? n - b : 64;
        for (size_t i = 0; i < m; i++)
            a[i] = load_be32(addrs[b + i]);
        if (s->built)
            ipt_lookup4_batch(&s->ipt, a, m, p);
        for (size_t i = 0; i < m; i++) {
            size_t k = 0;
            if (s->built && p[i] != NONE)
                collect(s, s->ipt.p4[p[i]].ind, 0, now_s, ids, 1, &k);
            hit[b + i] = k != 0;
        }
    }
}

static uint32_t filter_bit(enum intel_type t, uint32_t h)
{
    return (h ^ ((uint32_t)t * 0x9e3779b9u)) & ((1u << FILTER_BITS) - 1);
}

/* The filter over every string of every set, built once the sets are complete. */
static int build_filter(struct intel_sets *s)
{
    if ((s->filter = kh_calloc((size_t)1 << (FILTER_BITS - 3), 1)) == NULL)
        return KH_ENOMEM;
    for (int t = 0; t < INTEL_T_MAX; t++) {
        const struct strset *ss = &s->sets[t];
        for (uint32_t i = 0; ss->mask && i <= ss->mask; i++) {
            if (ss->h[i] == 0)
                continue;
            uint32_t b = filter_bit((enum intel_type)t, ss->h[i]);
            s->filter[b >> 3] |= (uint8_t)(1u << (b & 7));
        }
    }
    return KH_OK;
}

static uint32_t set_get(const struct intel_sets *s, enum intel_type t, const char *v, size_t n)
{
    const struct strset *ss = &s->sets[t];
    if (ss->n == 0)
        return NONE;
    uint32_t h = str_hash(v, n), b = filter_bit(t, h);
    if (s->filter != NULL && !(s->filter[b >> 3] & (1u << (b & 7))))
        return NONE;
    uint32_t slot = set_find(s, ss, v, n, h);
    return ss->h[slot] ? rec_ind(s, ss->off[slot]) : NONE;
}

size_t intel_lookup_domain(const struct intel_sets *s, const char *name, size_t len, int64_t now_s,
                           uint32_t *ids, size_t max)
{
    char norm[256];
    bool sub = false;
    size_t n = 0;
    if (s->sets[INTEL_T_DOMAIN].n == 0 || len == 0 || len > 253)
        return 0;
    size_t nl = norm_domain(name, len, norm, &sub);
    if (nl == 0)
        return 0;
    collect(s, set_get(s, INTEL_T_DOMAIN, norm, nl), 0, now_s, ids, max, &n);
    /* then each parent domain, where only "and subdomains" indicators match */
    for (size_t i = 0; i < nl && n < max; i++)
        if (norm[i] == '.')
            collect(s, set_get(s, INTEL_T_DOMAIN, norm + i + 1, nl - i - 1), INTEL_DOMAIN_SUB,
                    now_s, ids, max, &n);
    return n;
}

size_t intel_lookup(const struct intel_sets *s, enum intel_type t, const char *value, size_t len,
                    int64_t now_s, uint32_t *ids, size_t max)
{
    if (t == INTEL_T_DOMAIN)
        return intel_lookup_domain(s, value, len, now_s, ids, max);
    if (t == INTEL_T_IP) {
        uint8_t addr[16];
        int ver;
        uint8_t plen;
        if (!intel_parse_prefix(value, len, addr, &ver, &plen))
            return 0;
        return intel_lookup_ip(s, addr, ver, now_s, ids, max);
    }
    if ((unsigned)t >= INTEL_T_MAX || s->sets[t].n == 0)
        return 0;
    char norm[INTEL_MAX_VALUE];
    bool sub = false;
    size_t nl = normalise(t, value, len, norm, &sub);
    size_t n = 0;
    if (nl)
        collect(s, set_get(s, t, norm, nl), 0, now_s, ids, max, &n);
    return n;
}

const struct intel_meta *intel_ind_meta(const struct intel_sets *s, uint32_t id)
{
    return &s->metas[s->inds[id].meta];
}

enum intel_type intel_ind_type(const struct intel_sets *s, uint32_t id)
{
    return (enum intel_type)s->inds[id].type;
}

uint32_t intel_ind_count(const struct intel_sets *s)
{
    return s->nind;
}

static size_t ip_text(const struct intel_sets *s, const struct ind *in, char *buf, size_t len)
{
    uint8_t b[16];
    uint8_t plen;
    char a[64];
    if (in->ver == 4) {
        const struct ipt_prefix4 *p = &s->ipt.p4[in->key];
        for (int i = 0; i < 4; i++)
            b[i] = (uint8_t)(p->addr >> (24 - 8 * i));
        inet_ntop(AF_INET, b, a, sizeof(a));
        plen = p->len;
        return (size_t)snprintf(buf, len, plen == 32 ? "%s" : "%s/%u", a, plen);
    }
    const struct ipt_prefix6 *p = &s->ipt.p6[in->key];
    for (int i = 0; i < 16; i++)
        b[i] = (uint8_t)(p->addr >> (120 - 8 * i));
    inet_ntop(AF_INET6, b, a, sizeof(a));
    plen = p->len;
    return (size_t)snprintf(buf, len, plen == 128 ? "%s" : "%s/%u", a, plen);
}

size_t intel_ind_text(const struct intel_sets *s, uint32_t id, char *buf, size_t len)
{
    const struct ind *in = &s->inds[id];
    if (len == 0)
        return 0;
    if (in->type == INTEL_T_IP) {
        size_t n = ip_text(s, in, buf, len);
        return n < len ? n : len - 1;
    }
    uint16_t n = rec_len(s, in->key);
    bool sub = in->type == INTEL_T_DOMAIN && (in->flags & INTEL_DOMAIN_SUB);
    int w = snprintf(buf, len, "%s%.*s", sub ? "*." : "", (int)n, s->arena + in->key + 6);
    return (size_t)w < len ? (size_t)w : len - 1;
}
