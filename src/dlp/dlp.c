/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DLP per worker and per flow: documents are routed to the scanners (through zip or PDF
 * extraction when their first bytes say so), identifiers are counted distinct per flow
 * direction, and alerts are raised at N, 10 N and 100 N distinct identifiers of a kind and
 * at the first stamp of each classification level. Values are kept only masked and as an
 * HMAC-SHA256 under the deployment's key; the distinct sets hold salted 64-bit hashes.
 */
#include "dlp.h"

#include <inttypes.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/alloc.h"
#include "core/err.h"
#include "core/hex.h"
#include "core/hash.h"
#include "core/hex.h"
#include "core/log.h"
#include "docs.h"

#define DLP_SID_BASE      9100001u /* + enum dlp_kind */
#define DLP_SID_MARK_BASE 9100101u /* + enum dlp_level */
#define DLP_ALERT_LEVELS  3u       /* N, 10 N, 100 N */
#define DLP_SET_MIN       32u
#define DLP_SET_LIMIT     65536u /* distinct values remembered per kind and direction */

static const char *const way_names[DLP_WAY_MAX] = {
    [DLP_WAY_OUTBOUND] = "outbound",
    [DLP_WAY_INBOUND] = "inbound",
    [DLP_WAY_INTERNAL] = "internal",
    [DLP_WAY_EXTERNAL] = "external",
};

static const char *const kind_sigs[DLP_KIND_MAX] = {
    [DLP_CCCD] = "KHIEN DLP bulk citizen identity numbers (CCCD)",
    [DLP_CMND] = "KHIEN DLP bulk identity card numbers (CMND)",
    [DLP_PHONE] = "KHIEN DLP bulk Vietnamese mobile numbers",
    [DLP_CARD] = "KHIEN DLP bulk payment card numbers",
    [DLP_EMAIL] = "KHIEN DLP bulk e-mail addresses",
    [DLP_PASSPORT] = "KHIEN DLP bulk passport numbers",
    [DLP_TAX] = "KHIEN DLP bulk tax codes",
    [DLP_BHXH] = "KHIEN DLP bulk social insurance numbers",
};

static const char *const level_sigs[DLP_LEVEL_MAX] = {
    [DLP_LEVEL_MAT] = "KHIEN DLP state secret marking MAT",
    [DLP_LEVEL_TOI_MAT] = "KHIEN DLP state secret marking TOI MAT",
    [DLP_LEVEL_TUYET_MAT] = "KHIEN DLP state secret marking TUYET MAT",
};

const char *dlp_way_name(enum dlp_way w)
{
    return (unsigned)w < DLP_WAY_MAX ? way_names[w] : "unknown";
}

/* Distinct values of one kind in one direction, and the samples alerts show. */
struct dlp_kindstate {
    uint64_t *keys; /* open addressing, 0 = empty */
    uint32_t cap, n;
    uint32_t level; /* alerts raised so far (0..DLP_ALERT_LEVELS) */
    struct dlp_sample samples[DLP_SAMPLES];
    uint32_t nsamples;
};

/* Container extraction of the current document, allocated for zip and PDF only. */
struct dlp_container {
    struct dlp_zip zip;
    struct dlp_pdf pdf;
    struct dlp_scan scan; /* over the extracted text, restarted per member */
    struct dlp_mark mark;
    uint8_t buf[DLP_INFLATE_BUF];
};

struct dlp_dir {
    struct dlp_scan scan;
    struct dlp_mark mark;
    bool doc_open;
    uint64_t doc_id;
    enum dlp_doc doc;
    const char *doc_type;
    char doc_name[64];
    size_t doc_name_len;
    const char *source;
    enum dlp_way way;
    uint64_t scanned;
    bool depth_done;
    bool marked[DLP_LEVEL_MAX];
    struct dlp_container *ct;
    struct dlp_kindstate *ks[DLP_KIND_MAX];
};

/* Per flow: each direction's way (kept so the engine looks HOME_NET up once) and its state,
 * allocated when that direction first carries something worth keeping. */
struct dlp_flow {
    uint8_t way[2];
    bool way_known[2];
    struct dlp_dir *d[2];
};

/* Hits of a one-piece document scanned before any state is allocated. */
struct probe {
    bool found;
};

struct dlp_ctx {
    struct dlp_config cfg;
    struct dlp_stats st;
    uint64_t seed; /* salts the distinct-set hashes */
    uint16_t year;
    uint32_t set_max;
};

/* What the scanner callbacks need. */
struct feed_ctx {
    struct dlp_ctx *ctx;
    struct dlp_dir *d;
    dlp_alert_fn fn;
    void *arg;
};

void dlp_config_defaults(struct dlp_config *c)
{
    memset(c, 0, sizeof(*c));
    c->enabled = true;
    c->threshold = 20;
    c->depth = 1u << 20;
    c->doc_cap = 4u << 20;
    c->outbound_only = true;
    c->kinds = (1u << DLP_KIND_MAX) - 1;
    c->markings = true;
}

/* dlp.hash-key: 64 hex digits, or a passphrase of 16 to 32 bytes used as it is. */
static int load_key(struct dlp_config *c, const char *v, char *err, size_t errlen)
{
    size_t n = strlen(v);
    if (n == 64) {
        bool hex = true;
        for (size_t i = 0; i < 32 && hex; i++) {
            int hi = kh_hexval(v[2 * i]), lo = kh_hexval(v[2 * i + 1]);
            hex = hi >= 0 && lo >= 0;
            c->key[i] = (uint8_t)(hi << 4 | lo);
        }
        if (hex) {
            c->key_len = 32;
            return KH_OK;
        }
    }
    if (n < 16 || n > 32) {
        snprintf(err, errlen, "dlp.hash-key: 64 hex digits or 16 to 32 characters expected");
        return KH_EINVAL;
    }
    memcpy(c->key, v, n);
    c->key_len = n;
    return KH_OK;
}

/* dlp.detectors: a list of names; only those are counted. */
static int load_kinds(struct dlp_config *c, const struct conf_node *n, char *err, size_t errlen)
{
    c->kinds = 0;
    for (const struct conf_node *e = n->first_child; e != NULL; e = e->next) {
        int k = e->value ? dlp_kind_parse(e->value, strlen(e->value)) : -1;
        if (k < 0) {
            char where[256];
            snprintf(err, errlen, "%s: dlp.detectors: unknown detector \"%s\"",
                     conf_node_where(e, where, sizeof(where)), e->value ? e->value : "");
            return KH_EINVAL;
        }
        c->kinds |= 1u << k;
    }
    return KH_OK;
}

int dlp_config_load(struct dlp_config *c, const struct conf *conf, char *err, size_t errlen)
{
    const struct conf_node *n;
    int64_t v;
    uint64_t sz;
    const char *s = NULL;
    if ((n = conf_node_get(conf, NULL, "dlp.enabled")) != NULL &&
        conf_node_bool(n, &c->enabled, err, errlen) != KH_OK)
        return KH_EINVAL;
    if ((n = conf_node_get(conf, NULL, "dlp.markings")) != NULL &&
        conf_node_bool(n, &c->markings, err, errlen) != KH_OK)
        return KH_EINVAL;
    if ((n = conf_node_get(conf, NULL, "dlp.outbound-only")) != NULL &&
        conf_node_bool(n, &c->outbound_only, err, errlen) != KH_OK)
        return KH_EINVAL;
    if ((n = conf_node_get(conf, NULL, "dlp.threshold")) != NULL) {
        if (conf_node_int_range(n, 1, 100000, &v, err, errlen) != KH_OK)
            return KH_EINVAL;
        c->threshold = (uint32_t)v;
    }
    if ((n = conf_node_get(conf, NULL, "dlp.depth")) != NULL) {
        if (conf_node_size(n, &sz, err, errlen) != KH_OK)
            return KH_EINVAL;
        c->depth = sz;
    }
    if ((n = conf_node_get(conf, NULL, "dlp.inflate-cap")) != NULL) {
        if (conf_node_size(n, &sz, err, errlen) != KH_OK)
            return KH_EINVAL;
        c->doc_cap = sz ? sz : 1;
    }
    if ((n = conf_node_get(conf, NULL, "dlp.detectors")) != NULL &&
        load_kinds(c, n, err, errlen) != KH_OK)
        return KH_EINVAL;
    if (conf_get_str(conf, "dlp.hash-key", &s) == KH_OK && s != NULL && s[0] != '\0')
        return load_key(c, s, err, errlen);
    return KH_OK;
}

struct dlp_ctx *dlp_ctx_new(const struct dlp_config *cfg)
{
    struct dlp_ctx *ctx = kh_calloc(1, sizeof(*ctx));
    if (ctx == NULL)
        return NULL;
    ctx->cfg = *cfg;
    if (ctx->cfg.key_len == 0) {
        /* No key: a random one for this run. Hashes then match within a run, not across. */
        if (RAND_bytes(ctx->cfg.key, sizeof(ctx->cfg.key)) != 1) {
            kh_free(ctx);
            return NULL;
        }
        ctx->cfg.key_len = sizeof(ctx->cfg.key);
        ctx->cfg.key_random = true;
    }
    if (RAND_bytes((unsigned char *)&ctx->seed, sizeof(ctx->seed)) != 1)
        ctx->seed = (uint64_t)(uintptr_t)ctx ^ (uint64_t)time(NULL);
    time_t now = time(NULL);
    struct tm tm;
    ctx->year = gmtime_r(&now, &tm) ? (uint16_t)(tm.tm_year + 1900) : 2026;
    uint64_t want = (uint64_t)cfg->threshold * 100u * 2u; /* room to reach the third level */
    ctx->set_max = want > DLP_SET_LIMIT ? DLP_SET_LIMIT : (uint32_t)want;
    if (ctx->set_max < DLP_SET_MIN)
        ctx->set_max = DLP_SET_MIN;
    return ctx;
}

void dlp_ctx_free(struct dlp_ctx *ctx)
{
    kh_free(ctx);
}

const struct dlp_stats *dlp_ctx_stats(const struct dlp_ctx *ctx)
{
    return &ctx->st;
}

void dlp_mask(enum dlp_kind k, const char *v, size_t n, char out[DLP_MASKED_MAX])
{
    if (n > DLP_VALUE_MAX)
        n = DLP_VALUE_MAX;
    if (k == DLP_EMAIL) {
        const char *at = memchr(v, '@', n);
        size_t dom = at ? n - (size_t)(at - v) : 0;
        out[0] = n ? v[0] : '*';
        memcpy(out + 1, "***", 3);
        memcpy(out + 4, at ? at : "", dom);
        out[4 + dom] = '\0';
        return;
    }
    size_t keep = n / 4;
    for (size_t i = 0; i < n; i++)
        out[i] = (i < keep || i >= n - keep) ? v[i] : '*';
    out[n] = '\0';
}

static void hmac_hex(const struct dlp_ctx *ctx, const char *v, size_t n, char out[65])
{
    unsigned char mac[32];
    size_t len = 0;
    if (EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, ctx->cfg.key, ctx->cfg.key_len,
                  (const unsigned char *)v, n, mac, sizeof(mac), &len) == NULL ||
        len != 32) {
        out[0] = '\0';
        return;
    }
    kh_hex_encode(mac, 32, out);
}

/* Insert a value's salted hash; true when it was not there yet. */
static bool set_add(struct dlp_ctx *ctx, struct dlp_kindstate *ks, const char *v, size_t n)
{
    uint64_t h = ctx->seed;
    for (size_t i = 0; i < n; i += 8) {
        uint64_t w = 0;
        memcpy(&w, v + i, n - i < 8 ? n - i : 8);
        h = kh_hash_add64(h, w);
    }
    h = kh_hash_add64(h, n);
    h |= h == 0;
    if (ks->n * 2 >= ks->cap) { /* keep the load under one half */
        if (ks->cap >= ctx->set_max) {
            ctx->st.distinct_capped++;
            return false;
        }
        uint32_t cap = ks->cap ? ks->cap * 2 : DLP_SET_MIN;
        uint64_t *keys = kh_calloc(cap, sizeof(*keys));
        if (keys == NULL) {
            ctx->st.distinct_capped++;
            return false;
        }
        for (uint32_t i = 0; i < ks->cap; i++) {
            if (ks->keys[i] == 0)
                continue;
            uint32_t j = (uint32_t)ks->keys[i] & (cap - 1);
            while (keys[j] != 0)
                j = (j + 1) & (cap - 1);
            keys[j] = ks->keys[i];
        }
        kh_free(ks->keys);
        ks->keys = keys;
        ks->cap = cap;
    }
    uint32_t j = (uint32_t)h & (ks->cap - 1);
    while (ks->keys[j] != 0) {
        if (ks->keys[j] == h)
            return false;
        j = (j + 1) & (ks->cap - 1);
    }
    ks->keys[j] = h;
    ks->n++;
    return true;
}

static void on_hit(void *arg, enum dlp_kind k, const char *v, size_t n)
{
    struct feed_ctx *fc = arg;
    struct dlp_ctx *ctx = fc->ctx;
    if (!(ctx->cfg.kinds & (1u << k)))
        return;
    ctx->st.hits[k]++;
    struct dlp_kindstate *ks = fc->d->ks[k];
    if (ks == NULL && (ks = fc->d->ks[k] = kh_calloc(1, sizeof(*ks))) == NULL) {
        ctx->st.distinct_capped++;
        return;
    }
    if (!set_add(ctx, ks, v, n) || ks->nsamples >= DLP_SAMPLES)
        return;
    struct dlp_sample *smp = &ks->samples[ks->nsamples++];
    dlp_mask(k, v, n, smp->masked);
    hmac_hex(ctx, v, n, smp->hash);
}

static void alert_base(const struct dlp_dir *d, struct dlp_alert *a)
{
    memset(a, 0, sizeof(*a));
    a->doc_type = d->doc_type;
    a->source = d->source;
    a->direction = dlp_way_name(d->way);
    a->file_name = d->doc_name_len ? d->doc_name : NULL;
    a->file_name_len = d->doc_name_len;
}

static void on_mark(void *arg, enum dlp_level level, enum dlp_enc enc)
{
    struct feed_ctx *fc = arg;
    if (!fc->ctx->cfg.markings || fc->d->marked[level])
        return;
    fc->d->marked[level] = true;
    struct dlp_alert a;
    alert_base(fc->d, &a);
    a.sid = DLP_SID_MARK_BASE + (uint32_t)level;
    a.severity = 1;
    a.signature = level_sigs[level];
    a.detector = "state_secret";
    a.level = dlp_level_name(level);
    a.encoding = dlp_enc_name(enc);
    fc->ctx->st.alerts++;
    fc->fn(fc->arg, &a);
}

/* After each piece: an alert for every kind that reached its next level. */
static void check_levels(struct feed_ctx *fc)
{
    uint32_t n0 = fc->ctx->cfg.threshold;
    for (int k = 0; k < DLP_KIND_MAX; k++) {
        struct dlp_kindstate *ks = fc->d->ks[k];
        if (ks == NULL || ks->level >= DLP_ALERT_LEVELS)
            continue;
        uint64_t need = n0;
        for (uint32_t l = 0; l < ks->level; l++)
            need *= 10;
        if (ks->n < need)
            continue;
        while (ks->level < DLP_ALERT_LEVELS && ks->n >= need) { /* skip levels passed at once */
            ks->level++;
            need *= 10;
        }
        struct dlp_alert a;
        alert_base(fc->d, &a);
        a.sid = DLP_SID_BASE + (uint32_t)k;
        a.severity = (uint8_t)(4 - ks->level); /* 3 at N, 2 at 10 N, 1 at 100 N */
        a.signature = kind_sigs[k];
        a.detector = dlp_kind_name((enum dlp_kind)k);
        a.count = ks->n;
        a.samples = ks->samples;
        a.nsamples = ks->nsamples;
        fc->ctx->st.alerts++;
        fc->fn(fc->arg, &a);
    }
}

/* Text of a zip member or PDF stream: scanned by the container's own scanners. */
static void on_text(void *arg, const char *member, const uint8_t *p, size_t n, bool end)
{
    struct feed_ctx *fc = arg;
    struct dlp_dir *d = fc->d;
    struct dlp_container *ct = d->ct;
    if (d->doc == DLP_DOC_ZIP && strcmp(d->doc_type, "zip") == 0) {
        d->doc_type = strncmp(member, "word/", 5) == 0     ? "docx"
                      : strncmp(member, "xl/", 3) == 0     ? "xlsx"
                      : strncmp(member, "ppt/", 4) == 0    ? "pptx"
                      : strcmp(member, "content.xml") == 0 ? "odf"
                                                           : "zip";
    }
    if (n) {
        dlp_scan_feed(&ct->scan, p, n, on_hit, fc);
        dlp_mark_feed(&ct->mark, p, n, on_mark, fc);
    }
    if (end) {
        dlp_scan_flush(&ct->scan, on_hit, fc);
        dlp_mark_flush(&ct->mark, on_mark, fc);
        dlp_mark_init(&ct->mark, d->doc == DLP_DOC_PDF);
    }
}

static void doc_end(struct dlp_ctx *ctx, struct feed_ctx *fc)
{
    struct dlp_dir *d = fc->d;
    if (!d->doc_open)
        return;
    d->doc_open = false;
    if (d->doc == DLP_DOC_TEXT || d->doc == DLP_DOC_PDF) {
        dlp_scan_flush(&d->scan, on_hit, fc);
        dlp_mark_flush(&d->mark, on_mark, fc);
    }
    if (d->ct != NULL) {
        on_text(fc, "", NULL, 0, true);
        if (d->doc == DLP_DOC_ZIP && d->ct->zip.state == DLP_ZIP_BAD) {
            if (d->ct->zip.err == DLP_ZIP_ERR_CAP)
                ctx->st.inflate_capped++;
            else
                ctx->st.zip_errors++;
        }
        if (d->ct->pdf.capped)
            ctx->st.inflate_capped++;
        dlp_zip_fini(&d->ct->zip);
        dlp_pdf_fini(&d->ct->pdf);
    }
}

static void doc_start(struct dlp_ctx *ctx, struct feed_ctx *fc, const struct dlp_input *in)
{
    struct dlp_dir *d = fc->d;
    d->doc_open = true;
    d->doc_id = in->doc_id;
    d->source = in->source ? in->source : "tcp";
    d->doc_name_len = in->name_len < sizeof(d->doc_name) ? in->name_len : sizeof(d->doc_name);
    if (d->doc_name_len)
        memcpy(d->doc_name, in->name, d->doc_name_len);
    d->doc = DLP_DOC_TEXT;
    d->doc_type = "text";
    if (in->n >= 4 && memcmp(in->p, "PK\x03\x04", 4) == 0) {
        d->doc = DLP_DOC_ZIP;
        d->doc_type = "zip";
    } else if (in->n >= 5 && memcmp(in->p, "%PDF-", 5) == 0) {
        d->doc = DLP_DOC_PDF;
        d->doc_type = "pdf";
    } else if (in->n >= 4 && memcmp(in->p, "SSH-", 4) == 0) {
        /* SSH (RFC 4253 4.2): cleartext only for the banner and the key exchange, whose
         * algorithm names ("curve25519-sha256@libssh.org") read as e-mail addresses */
        d->doc = DLP_DOC_SKIP;
        d->doc_type = "ssh";
        return;
    }
    dlp_scan_init(&d->scan, ctx->year);
    dlp_mark_init(&d->mark, d->doc == DLP_DOC_PDF);
    if (d->doc == DLP_DOC_TEXT)
        return;
    if (d->ct == NULL && (d->ct = kh_malloc(sizeof(*d->ct))) == NULL) {
        d->doc = DLP_DOC_TEXT; /* no memory for extraction: read it as text (counted) */
        ctx->st.flow_memcap++;
        return;
    }
    dlp_zip_init(&d->ct->zip, d->ct->buf, ctx->cfg.doc_cap);
    dlp_pdf_init(&d->ct->pdf, d->ct->buf, ctx->cfg.doc_cap);
    dlp_scan_init(&d->ct->scan, ctx->year);
    dlp_mark_init(&d->ct->mark, d->doc == DLP_DOC_PDF);
}

static void probe_hit(void *arg, enum dlp_kind k, const char *v, size_t n)
{
    (void)k;
    (void)v;
    (void)n;
    ((struct probe *)arg)->found = true;
}

static void probe_mark(void *arg, enum dlp_level level, enum dlp_enc enc)
{
    (void)level;
    (void)enc;
    ((struct probe *)arg)->found = true;
}

/*
 * A whole small text document in one piece (a DNS name, a short body) in a direction with
 * no state yet: scanned first with state on the stack, so the state is allocated only when
 * something is found (then the document is scanned again, for real).
 */
static bool worth_state(struct dlp_ctx *ctx, const struct dlp_input *in)
{
    if (!in->last || in->n > 4096 || in->n < 4 || memcmp(in->p, "PK\x03\x04", 4) == 0 ||
        (in->n >= 5 && memcmp(in->p, "%PDF-", 5) == 0))
        return true;
    struct probe pr = {false};
    struct dlp_scan sc;
    struct dlp_mark mk;
    dlp_scan_init(&sc, ctx->year);
    dlp_mark_init(&mk, false);
    dlp_scan_feed(&sc, in->p, in->n, probe_hit, &pr);
    dlp_scan_flush(&sc, probe_hit, &pr);
    dlp_mark_feed(&mk, in->p, in->n, probe_mark, &pr);
    dlp_mark_flush(&mk, probe_mark, &pr);
    return pr.found;
}

bool dlp_flow_way(const struct dlp_flow *fs, int dir, enum dlp_way *way)
{
    if (fs == NULL || !fs->way_known[dir & 1])
        return false;
    *way = (enum dlp_way)fs->way[dir & 1];
    return true;
}

void dlp_flow_feed(struct dlp_ctx *ctx, struct dlp_flow **fsp, const struct dlp_input *in,
                   dlp_alert_fn fn, void *arg)
{
    if (ctx == NULL || !ctx->cfg.enabled)
        return;
    struct dlp_flow *fs = *fsp;
    if (fs == NULL && (fs = *fsp = kh_calloc(1, sizeof(*fs))) == NULL) {
        ctx->st.flow_memcap++;
        return;
    }
    int dir = in->dir & 1;
    fs->way[dir] = (uint8_t)in->way;
    fs->way_known[dir] = true;
    if (ctx->cfg.outbound_only && in->way != DLP_WAY_OUTBOUND)
        return;
    struct dlp_dir *d = fs->d[dir];
    if (d == NULL) {
        if (!worth_state(ctx, in)) {
            ctx->st.bytes += in->n;
            return;
        }
        if ((d = fs->d[dir] = kh_calloc(1, sizeof(*d))) == NULL) {
            ctx->st.flow_memcap++;
            return;
        }
    }
    struct feed_ctx fc = {.ctx = ctx, .d = d, .fn = fn, .arg = arg};
    d->way = in->way;
    if (d->depth_done)
        return;
    if (d->doc_open && d->doc_id != in->doc_id)
        doc_end(ctx, &fc);
    if (!d->doc_open && (in->n > 0 || !in->last))
        doc_start(ctx, &fc, in);
    size_t n = in->n;
    if (d->scanned + n > ctx->cfg.depth) {
        n = (size_t)(ctx->cfg.depth - d->scanned);
        d->depth_done = true;
        ctx->st.depth_reached++;
    }
    d->scanned += n;
    ctx->st.bytes += n;
    if (n > 0 && d->doc_open && d->doc != DLP_DOC_SKIP) {
        if (d->doc == DLP_DOC_ZIP) {
            dlp_zip_feed(&d->ct->zip, in->p, n, on_text, &fc);
        } else {
            dlp_scan_feed(&d->scan, in->p, n, on_hit, &fc);
            dlp_mark_feed(&d->mark, in->p, n, on_mark, &fc);
            if (d->doc == DLP_DOC_PDF)
                dlp_pdf_feed(&d->ct->pdf, in->p, n, on_text, &fc);
        }
    }
    if (d->depth_done) { /* a number cut by the depth is not judged */
        dlp_scan_init(&d->scan, ctx->year);
        dlp_mark_init(&d->mark, d->mark.pdf);
    }
    if (in->last || d->depth_done)
        doc_end(ctx, &fc);
    check_levels(&fc);
}

void dlp_flow_gap(struct dlp_ctx *ctx, struct dlp_flow *fs, int dir)
{
    if (ctx == NULL || fs == NULL)
        return;
    struct dlp_dir *d = fs->d[dir & 1];
    if (d == NULL)
        return;
    /* what was in progress is dropped, not judged: the bytes around the gap are unknown */
    dlp_scan_init(&d->scan, ctx->year);
    dlp_mark_init(&d->mark, d->mark.pdf);
    d->mark.overflow = true; /* the segment's start was lost */
}

uint32_t dlp_flow_count(const struct dlp_flow *fs, int dir, enum dlp_kind k)
{
    if (fs == NULL || (unsigned)k >= DLP_KIND_MAX || fs->d[dir & 1] == NULL ||
        fs->d[dir & 1]->ks[k] == NULL)
        return 0;
    return fs->d[dir & 1]->ks[k]->n;
}

void dlp_flow_free(struct dlp_ctx *ctx, struct dlp_flow *fs)
{
    (void)ctx;
    if (fs == NULL)
        return;
    for (int i = 0; i < 2; i++) {
        struct dlp_dir *d = fs->d[i];
        if (d == NULL)
            continue;
        if (d->ct != NULL) {
            dlp_zip_fini(&d->ct->zip);
            dlp_pdf_fini(&d->ct->pdf);
            kh_free(d->ct);
        }
        for (int k = 0; k < DLP_KIND_MAX; k++) {
            if (d->ks[k] != NULL)
                kh_free(d->ks[k]->keys);
            kh_free(d->ks[k]);
        }
        kh_free(d);
    }
    kh_free(fs);
}
