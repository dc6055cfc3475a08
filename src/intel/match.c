/* SPDX-License-Identifier: GPL-2.0-only */
/* Matching points: lookups at flow start, DNS, TLS and HTTP; alerts; sightings; body hashes. */
#include "match.h"

#include <arpa/inet.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/log.h"

#define SIGHTINGS_PER_RECORD 500u
#define NONE                 UINT32_MAX

/* One indicator's sightings in the current interval. */
struct sighting {
    uint32_t key; /* indicator id + 1; 0: empty slot */
    uint32_t count;
    uint64_t first, last;
};

enum { BH_MD5 = 0, BH_SHA1, BH_SHA256, BH_MAX };

/* A body being hashed: flow, direction and transaction, one digest per loaded hash type. */
struct body_hash {
    const struct flow *f; /* NULL: free */
    uint64_t tx_id;
    int dir;
    EVP_MD_CTX *md[BH_MAX];
};

struct intel_thread {
    const struct intel_sets *sets;
    uint64_t generation;
    const struct intel_config *cfg;
    struct eve_output *eve;
    struct intel_stats st;
    bool want[BH_MAX]; /* hash types the sets hold */
    struct sighting *sight;
    uint32_t sight_mask, nsight;
    uint64_t next_flush; /* packet time of the next sightings record; 0 until the first */
    uint64_t now;
    struct body_hash *bh;
    uint32_t nbh;
    uint32_t bh_active; /* slots in use: flow ends skip the scan when none is */
};

static const enum intel_type bh_type[BH_MAX] = {INTEL_T_MD5, INTEL_T_SHA1, INTEL_T_SHA256};

static void set_wants(struct intel_thread *it)
{
    for (int i = 0; i < BH_MAX; i++)
        it->want[i] = it->sets && intel_sets_count(it->sets, bh_type[i]) > 0;
}

struct intel_thread *intel_thread_new(const struct intel_sets *sets, uint64_t generation,
                                      const struct intel_config *cfg, struct eve_output *eve)
{
    struct intel_thread *it = kh_calloc(1, sizeof(*it));
    if (it == NULL)
        return NULL;
    it->sets = sets;
    it->generation = generation;
    it->cfg = cfg;
    it->eve = eve;
    uint32_t slots = 2;
    while (slots < 2 * cfg->sightings_max)
        slots *= 2;
    it->sight = cfg->sightings ? kh_calloc(slots, sizeof(*it->sight)) : NULL;
    it->sight_mask = slots - 1;
    it->nbh = cfg->body_hash_max;
    it->bh = kh_calloc(it->nbh ? it->nbh : 1, sizeof(*it->bh));
    if ((cfg->sightings && it->sight == NULL) || it->bh == NULL) {
        intel_thread_free(it, 0);
        return NULL;
    }
    set_wants(it);
    return it;
}

static void bh_release(struct intel_thread *it, struct body_hash *b)
{
    for (int i = 0; i < BH_MAX; i++) {
        EVP_MD_CTX_free(b->md[i]);
        b->md[i] = NULL;
    }
    if (b->f != NULL)
        it->bh_active--;
    b->f = NULL;
}

/* Write what was sighted since the last record, then start a new interval. */
static void flush_sightings(struct intel_thread *it, uint64_t now)
{
    struct eve_sighting batch[SIGHTINGS_PER_RECORD];
    char text[SIGHTINGS_PER_RECORD][256];
    size_t n = 0;
    bool wrote = false;
    if (it->sight == NULL || it->sets == NULL || (it->nsight == 0 && it->st.sightings_dropped == 0))
        return;
    for (uint32_t i = 0; i <= it->sight_mask; i++) {
        struct sighting *s = &it->sight[i];
        if (s->key == 0)
            continue;
        uint32_t id = s->key - 1;
        const struct intel_meta *m = intel_ind_meta(it->sets, id);
        intel_ind_text(it->sets, id, text[n], sizeof(text[n]));
        batch[n] = (struct eve_sighting){
            .feed = intel_feed_cget(it->sets, m->feed)->name,
            .indicator = text[n],
            .type = intel_type_name(intel_ind_type(it->sets, id)),
            .count = s->count,
            .first_usec = s->first,
            .last_usec = s->last,
        };
        memset(s, 0, sizeof(*s));
        if (++n == SIGHTINGS_PER_RECORD) {
            if (it->eve)
                eve_log_intel_sightings(it->eve, now, it->cfg->sensor, it->generation, batch, n,
                                        it->st.sightings_dropped);
            wrote = true;
            n = 0;
        }
    }
    if ((n || !wrote) && it->eve)
        eve_log_intel_sightings(it->eve, now, it->cfg->sensor, it->generation, batch, n,
                                it->st.sightings_dropped);
    it->nsight = 0;
}

void intel_thread_free(struct intel_thread *it, uint64_t now_usec)
{
    if (it == NULL)
        return;
    if (now_usec)
        flush_sightings(it, now_usec);
    for (uint32_t i = 0; it->bh && i < it->nbh; i++)
        bh_release(it, &it->bh[i]);
    kh_free(it->bh);
    kh_free(it->sight);
    kh_free(it);
}

void intel_thread_switch(struct intel_thread *it, const struct intel_sets *sets,
                         uint64_t generation, uint64_t now_usec)
{
    flush_sightings(it, now_usec);
    /* bodies being hashed go on: their digests are looked up in the new sets at their end */
    it->sets = sets;
    it->generation = generation;
    it->st.generations++;
    set_wants(it);
}

const struct intel_stats *intel_thread_stats(const struct intel_thread *it)
{
    return &it->st;
}

static void sighted(struct intel_thread *it, uint32_t id, uint64_t ts)
{
    if (it->sight == NULL)
        return;
    uint32_t key = id + 1, i = (key * 2654435761u) & it->sight_mask;
    while (it->sight[i].key != 0 && it->sight[i].key != key)
        i = (i + 1) & it->sight_mask;
    struct sighting *s = &it->sight[i];
    if (s->key == 0) {
        if (it->nsight >= it->cfg->sightings_max) {
            it->st.sightings_dropped++;
            return;
        }
        it->nsight++;
        *s = (struct sighting){.key = key, .first = ts};
    }
    s->count++;
    s->last = ts;
}

void intel_thread_merge(struct intel_thread *into, struct intel_thread *from)
{
    if (into == NULL || from == NULL || into->sight == NULL || from->sight == NULL ||
        into->sets != from->sets)
        return; /* another generation's indicators: from writes its own record */
    for (uint32_t i = 0; i <= from->sight_mask; i++) {
        const struct sighting *f = &from->sight[i];
        if (f->key == 0)
            continue;
        uint32_t k = (f->key * 2654435761u) & into->sight_mask;
        while (into->sight[k].key != 0 && into->sight[k].key != f->key)
            k = (k + 1) & into->sight_mask;
        struct sighting *t = &into->sight[k];
        if (t->key == 0) {
            if (into->nsight >= into->cfg->sightings_max) {
                into->st.sightings_dropped++;
                continue;
            }
            into->nsight++;
            *t = *f;
            continue;
        }
        t->count += f->count;
        t->first = f->first < t->first ? f->first : t->first;
        t->last = f->last > t->last ? f->last : t->last;
    }
    into->st.sightings_dropped += from->st.sightings_dropped;
    from->st.sightings_dropped = 0;
    memset(from->sight, 0, ((size_t)from->sight_mask + 1) * sizeof(*from->sight));
    from->nsight = 0;
}

/* Where a hit happened, for the alert. */
struct point {
    const char *name; /* "flow.src_ip", "dns.query", ... */
    const char *value;
    bool has_tx;
    uint64_t tx_id;
    const struct http_tx *http;
};

/* One alert per indicator found; each is counted as a sighting. */
static void raise_hits(struct intel_thread *it, const struct packet *p, const struct point *pt,
                       const uint32_t *ids, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct intel_meta *m = intel_ind_meta(it->sets, ids[i]);
        const struct intel_feed *f = intel_feed_cget(it->sets, m->feed);
        enum intel_type t = intel_ind_type(it->sets, ids[i]);
        char text[INTEL_MAX_VALUE + 2], msg[256];
        intel_ind_text(it->sets, ids[i], text, sizeof(text));
        snprintf(msg, sizeof(msg), "KHIEN INTEL %s %s indicator", f->name, intel_type_name(t));
        struct eve_intel in = {
            .feed = f->name,
            .indicator = text,
            .type = intel_type_name(t),
            .matched = pt->value,
            .point = pt->name,
            .action = m->action == INTEL_ACT_DROP ? "drop" : "alert",
            .description = intel_meta_desc(it->sets, m),
            .expires = m->expiry,
            .confidence = m->confidence,
        };
        struct eve_alert a = {
            .gid = 1,
            .sid = f->sid_base + (uint32_t)t,
            .rev = 1,
            .msg = msg,
            .category = "Threat intelligence indicator",
            .severity = m->severity,
            .has_tx = pt->has_tx,
            .tx_id = pt->tx_id,
            .http = pt->http,
            .intel = &in,
        };
        it->st.hits++;
        sighted(it, ids[i], p->ts_usec);
        if (p->flow)
            p->flow->alerted = true;
        if (it->eve)
            eve_log_alert(it->eve, p, &a);
    }
}

/* Look a value up and raise what it hits; value need not be NUL-terminated. */
static void check(struct intel_thread *it, const struct packet *p, struct point *pt,
                  enum intel_type t, const char *value, size_t len)
{
    uint32_t ids[INTEL_MAX_HITS];
    char vbuf[INTEL_MAX_VALUE];
    if (len == 0 || len >= sizeof(vbuf))
        return;
    it->st.lookups++;
    size_t n = intel_lookup(it->sets, t, value, len, (int64_t)(p->ts_usec / 1000000u), ids,
                            INTEL_MAX_HITS);
    if (n == 0)
        return;
    memcpy(vbuf, value, len);
    vbuf[len] = '\0';
    pt->value = vbuf;
    raise_hits(it, p, pt, ids, n);
}

static void check_addr(struct intel_thread *it, const struct packet *p, const char *name,
                       const uint8_t *addr, int ver)
{
    uint32_t ids[INTEL_MAX_HITS];
    it->st.lookups++;
    size_t n =
        intel_lookup_ip(it->sets, addr, ver, (int64_t)(p->ts_usec / 1000000u), ids, INTEL_MAX_HITS);
    if (n == 0)
        return;
    char text[64];
    inet_ntop(ver == 4 ? AF_INET : AF_INET6, addr, text, sizeof(text));
    struct point pt = {.name = name, .value = text};
    raise_hits(it, p, &pt, ids, n);
}

void intel_on_packet(struct intel_thread *it, const struct packet *p)
{
    const struct flow *f = p->flow;
    if (it->cfg->sightings && it->cfg->sightings_interval && p->ts_usec) {
        if (it->next_flush == 0)
            it->next_flush = p->ts_usec + it->cfg->sightings_interval * 1000000u;
        else if (p->ts_usec >= it->next_flush) {
            flush_sightings(it, p->ts_usec);
            it->next_flush = p->ts_usec + it->cfg->sightings_interval * 1000000u;
        }
    }
    if (it->sets == NULL || f == NULL || f->pkts[0] + f->pkts[1] != 1)
        return;
    /* the flow's first packet: both of its addresses, once per flow */
    check_addr(it, p, "flow.src_ip", f->src.b, f->ip_ver);
    check_addr(it, p, "flow.dest_ip", f->dst.b, f->ip_ver);
}

void intel_on_dns(struct intel_thread *it, const struct packet *p, const struct dns_tx *tx)
{
    const struct dns_msg *m = tx->msg;
    if (it->sets == NULL)
        return;
    struct point pt = {.has_tx = true, .tx_id = tx->tx_id};
    if (tx->to_server) {
        pt.name = "dns.query";
        for (unsigned i = 0; i < m->nq; i++) {
            struct span s = dns_name_text(m, &m->q[i].name);
            check(it, p, &pt, INTEL_T_DOMAIN, (const char *)s.p, s.len);
        }
        return;
    }
    unsigned first = dns_section_first(m, DNS_SEC_ANSWER);
    for (unsigned i = first; i < first + m->nrr[DNS_SEC_ANSWER]; i++) {
        const struct dns_rr *rr = &m->rr[i];
        struct span s = dns_name_text(m, &rr->name);
        pt.name = "dns.answer.name";
        check(it, p, &pt, INTEL_T_DOMAIN, (const char *)s.p, s.len);
        if (rr->kind == DNS_RD_NAME) {
            s = dns_name_text(m, &rr->target);
            check(it, p, &pt, INTEL_T_DOMAIN, (const char *)s.p, s.len);
        } else if (rr->kind == DNS_RD_ADDR && (rr->data.len == 4 || rr->data.len == 16)) {
            uint32_t ids[INTEL_MAX_HITS];
            int ver = rr->data.len == 4 ? 4 : 6;
            it->st.lookups++;
            size_t n = intel_lookup_ip(it->sets, rr->data.p, ver, (int64_t)(p->ts_usec / 1000000u),
                                       ids, INTEL_MAX_HITS);
            char text[64];
            inet_ntop(ver == 4 ? AF_INET : AF_INET6, rr->data.p, text, sizeof(text));
            pt.name = "dns.answer.rdata";
            pt.value = text;
            raise_hits(it, p, &pt, ids, n);
        }
    }
}

void intel_on_tls_hello(struct intel_thread *it, const struct app_input *in,
                        const struct tls_state *st)
{
    if (it->sets == NULL || in->p == NULL)
        return;
    struct point pt = {.name = "tls.sni", .has_tx = true};
    check(it, in->p, &pt, INTEL_T_DOMAIN, st->sni, strlen(st->sni));
    pt.name = "tls.ja3.hash";
    check(it, in->p, &pt, INTEL_T_JA3, st->ja3_hash, strlen(st->ja3_hash));
    pt.name = "tls.ja4";
    check(it, in->p, &pt, INTEL_T_JA4, st->ja4, strlen(st->ja4));
}

void intel_on_tls_done(struct intel_thread *it, const struct app_input *in,
                       const struct tls_state *st)
{
    if (it->sets == NULL || in->p == NULL)
        return;
    struct point pt = {.name = "tls.fingerprint", .has_tx = true};
    check(it, in->p, &pt, INTEL_T_CERT_SHA1, st->cert.fingerprint, strlen(st->cert.fingerprint));
    pt.name = "tls.ja3s.hash";
    check(it, in->p, &pt, INTEL_T_JA3S, st->ja3s_hash, strlen(st->ja3s_hash));
}

void intel_on_http_headers(struct intel_thread *it, const struct app_input *in,
                           const struct http_tx *tx, int dir)
{
    if (it->sets == NULL || in->p == NULL || dir != 0 || !tx->has_request)
        return;
    struct point pt = {.name = "http.hostname", .has_tx = true, .tx_id = tx->tx_id, .http = tx};
    struct span host = http_tx_text(tx, tx->hostname);
    if (tx->hostname.set)
        check(it, in->p, &pt, INTEL_T_DOMAIN, (const char *)host.p, host.len);
    if (!tx->uri.set || intel_sets_count(it->sets, INTEL_T_URL) == 0)
        return;
    struct span uri = http_tx_text(tx, tx->uri);
    char url[INTEL_MAX_VALUE];
    int n;
    if (uri.len > 7 && memmem(uri.p, uri.len < 16 ? uri.len : 16, "://", 3) != NULL)
        n = snprintf(url, sizeof(url), "%.*s", (int)uri.len, (const char *)uri.p);
    else if (tx->port > 0 && tx->port != 80)
        n = snprintf(url, sizeof(url), "http://%.*s:%d%.*s", (int)host.len, (const char *)host.p,
                     tx->port, (int)uri.len, (const char *)uri.p);
    else
        n = snprintf(url, sizeof(url), "http://%.*s%.*s", (int)host.len, (const char *)host.p,
                     (int)uri.len, (const char *)uri.p);
    pt.name = "http.url";
    if (n > 0 && (size_t)n < sizeof(url) && tx->hostname.set)
        check(it, in->p, &pt, INTEL_T_URL, url, (size_t)n);
}

bool intel_wants_bodies(const struct intel_thread *it)
{
    return it->want[BH_MD5] || it->want[BH_SHA1] || it->want[BH_SHA256];
}

static struct body_hash *bh_find(struct intel_thread *it, const struct flow *f, int dir,
                                 uint64_t tx_id)
{
    for (uint32_t i = 0; i < it->nbh; i++)
        if (it->bh[i].f == f && it->bh[i].dir == dir && it->bh[i].tx_id == tx_id)
            return &it->bh[i];
    return NULL;
}

/* A slot for a body at its first bytes, with a digest per wanted type; NULL at the cap. */
static struct body_hash *bh_start(struct intel_thread *it, const struct flow *f, int dir,
                                  uint64_t tx_id)
{
    static const char *const names[BH_MAX] = {"MD5", "SHA1", "SHA256"};
    struct body_hash *b = bh_find(it, NULL, 0, 0);
    if (b == NULL) {
        it->st.body_hash_skipped++;
        return NULL;
    }
    for (int i = 0; i < BH_MAX; i++) {
        if (!it->want[i])
            continue;
        const EVP_MD *md = EVP_get_digestbyname(names[i]);
        if (md == NULL || (b->md[i] = EVP_MD_CTX_new()) == NULL ||
            EVP_DigestInit_ex(b->md[i], md, NULL) != 1) {
            it->st.body_hash_nomem++;
            bh_release(it, b);
            return NULL;
        }
    }
    b->f = f;
    b->dir = dir;
    b->tx_id = tx_id;
    it->bh_active++;
    return b;
}

static void bh_finish(struct intel_thread *it, const struct app_input *in, const struct http_tx *tx,
                      struct body_hash *b, bool whole)
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < BH_MAX && whole && in->p; i++) {
        uint8_t dg[EVP_MAX_MD_SIZE];
        unsigned dl = 0;
        char text[2 * EVP_MAX_MD_SIZE + 1];
        if (b->md[i] == NULL || EVP_DigestFinal_ex(b->md[i], dg, &dl) != 1)
            continue;
        for (unsigned k = 0; k < dl; k++) {
            text[2 * k] = hex[dg[k] >> 4];
            text[2 * k + 1] = hex[dg[k] & 15];
        }
        struct point pt = {.name = b->dir == 0 ? "http.request_body" : "http.response_body",
                           .has_tx = true,
                           .tx_id = tx->tx_id,
                           .http = tx};
        check(it, in->p, &pt, bh_type[i], text, 2 * dl);
    }
    it->st.body_hashed += whole;
    bh_release(it, b);
}

void intel_on_http_body(struct intel_thread *it, const struct app_input *in,
                        const struct http_tx *tx, int dir, struct span data, bool last)
{
    if (it->sets == NULL || !intel_wants_bodies(it))
        return;
    const struct http_msg *m = dir == 0 ? &tx->req : &tx->resp;
    struct body_hash *b = bh_find(it, in->f, dir, tx->tx_id);
    if (b == NULL && data.len && m->body_given == data.len) /* only from a body's first byte */
        b = bh_start(it, in->f, dir, tx->tx_id);
    if (b == NULL)
        return;
    for (int i = 0; i < BH_MAX && data.len; i++)
        if (b->md[i] != NULL && EVP_DigestUpdate(b->md[i], data.p, data.len) != 1)
            it->st.body_hash_nomem++;
    if (last) /* a body cut at the body limit has no meaningful hash */
        bh_finish(it, in, tx, b, m->body_given == m->body_decoded);
}

void intel_on_flow_end(struct intel_thread *it, const struct flow *f)
{
    for (uint32_t i = 0; it->bh_active && i < it->nbh; i++)
        if (it->bh[i].f == f)
            bh_release(it, &it->bh[i]);
}
