/* SPDX-License-Identifier: GPL-2.0-only */
/* Dataset sets: a concurrent hash set per name, Suricata's dataset files, the registry. */
#include "detect/dataset.h"

#include <arpa/inet.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "core/alloc.h"
#include "core/cursor.h"
#include "core/err.h"
#include "core/hash.h"
#include "core/hex.h"
#include "core/log.h"
#include "dataset_internal.h"

/*
 * Thread safety. `dataset:set` adds values from every worker while others look values up,
 * so a set is a chained hash table whose rows are atomic pointers, and entries are only ever
 * prepended and never freed while the set lives:
 *  - lookup: acquire-load the row, walk the chain (each `next` is written before the entry
 *    is published and never changes after), no lock, no write;
 *  - add: make the entry, then compare-and-swap it in as the row's head; when the CAS loses
 *    to another add, the new part of the chain is searched for the same value before trying
 *    again, so a value is never held twice;
 *  - unset: an entry is marked dead (an atomic flag), not unlinked; setting it again revives
 *    it. Its memory stays counted until the set is freed.
 * Lock-free rather than a mutex because lookups run per packet on every worker and must not
 * serialise; adds are rare by comparison and a failed CAS only retries one row. Rows are
 * grown (rehashed) only while a set is loaded at start, single-threaded, never at run time.
 */

static const char *const type_names[DS_T_MAX] = {
    [DS_T_STRING] = "string", [DS_T_MD5] = "md5",   [DS_T_SHA1] = "sha1",
    [DS_T_SHA256] = "sha256", [DS_T_IPV4] = "ipv4", [DS_T_IP] = "ip",
};

const char *ds_type_name(enum ds_type t)
{
    return (unsigned)t < DS_T_MAX ? type_names[t] : "?";
}

int ds_type_from_name(const char *name)
{
    for (int t = 0; t < DS_T_MAX; t++)
        if (strcmp(name, type_names[t]) == 0)
            return t;
    return -1;
}

/* Bytes of a fixed-size value, 0 for strings. */
static size_t fixed_len(enum ds_type t)
{
    static const uint8_t n[DS_T_MAX] = {
        [DS_T_MD5] = 16, [DS_T_SHA1] = 20, [DS_T_SHA256] = 32, [DS_T_IPV4] = 4, [DS_T_IP] = 16};
    return n[t];
}

/* ---- the hash set ---- */

static uint64_t hash_bytes(uint64_t seed, const uint8_t *p, size_t n)
{
    uint64_t h = seed ^ (n * 0x9e3779b97f4a7c15ULL);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = kh_hash_add64(h, w);
        p += 8;
        n -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, p, n);
    return kh_hash_add64(h, w);
}

/* The key a buffer stands for: 4-byte IPv4 becomes IPv4-mapped in an ip set. */
static bool key_of(const struct ds_set *s, const uint8_t *v, size_t len, uint8_t tmp[16],
                   const uint8_t **k, size_t *klen)
{
    size_t want = fixed_len(s->type);
    *k = v;
    *klen = len;
    if (s->type == DS_T_IP && len == 4) {
        memset(tmp, 0, 10);
        tmp[10] = tmp[11] = 0xff;
        memcpy(tmp + 12, v, 4);
        *k = tmp;
        *klen = 16;
        return true;
    }
    if (want)
        return len == want;
    return len <= DS_MAX_VALUE;
}

static struct ds_entry *chain_find(struct ds_entry *e, const struct ds_entry *stop, uint64_t h,
                                   const uint8_t *k, size_t klen)
{
    for (; e != NULL && e != stop; e = atomic_load_explicit(&e->next, memory_order_acquire))
        if (e->hash == h && e->len == klen && memcmp(e->key, k, klen) == 0)
            return e;
    return NULL;
}

const struct ds_entry *ds_lookup(const struct ds_set *s, const uint8_t *v, size_t len)
{
    uint8_t tmp[16];
    const uint8_t *k;
    size_t klen;
    if (s == NULL || !key_of(s, v, len, tmp, &k, &klen))
        return NULL;
    uint64_t h = hash_bytes(s->seed, k, klen);
    struct ds_entry *head = atomic_load_explicit(&s->rows[h & s->mask], memory_order_acquire);
    struct ds_entry *e = chain_find(head, NULL, h, k, klen);
    return e != NULL && atomic_load_explicit(&e->live, memory_order_acquire) ? e : NULL;
}

static struct ds_entry *entry_new(struct ds_set *s, uint64_t h, const uint8_t *k, size_t klen)
{
    size_t sz = sizeof(struct ds_entry) + klen;
    uint64_t used = atomic_fetch_add(&s->bytes, sz) + sz;
    if (used > s->memcap) {
        atomic_fetch_sub(&s->bytes, sz);
        atomic_fetch_add(&s->memcap_hits, 1);
        return NULL;
    }
    struct ds_entry *e = kh_calloc(1, sz);
    if (e == NULL) {
        atomic_fetch_sub(&s->bytes, sz);
        atomic_fetch_add(&s->memcap_hits, 1);
        return NULL;
    }
    e->hash = h;
    e->len = (uint32_t)klen;
    atomic_init(&e->live, true);
    memcpy(e->key, k, klen);
    return e;
}

static void entry_drop(struct ds_set *s, struct ds_entry *e)
{
    atomic_fetch_sub(&s->bytes, sizeof(*e) + e->len + e->jlen);
    kh_free(e->json);
    kh_free(e);
}

/* Revive a dead entry: 1 when this call made it live, 0 when it already was. */
static int revive(struct ds_set *s, struct ds_entry *e)
{
    if (atomic_exchange(&e->live, true))
        return 0;
    atomic_fetch_add(&s->entries, 1);
    return 1;
}

/* Insert key; *out is the entry holding it (new or old). 1 new, 0 existed, KH_EFULL. */
static int insert(struct ds_set *s, const uint8_t *k, size_t klen, struct ds_entry **out)
{
    uint64_t h = hash_bytes(s->seed, k, klen);
    _Atomic(struct ds_entry *) *row = &s->rows[h & s->mask];
    struct ds_entry *head = atomic_load_explicit(row, memory_order_acquire);
    struct ds_entry *e = chain_find(head, NULL, h, k, klen);
    if (e != NULL) {
        *out = e;
        return revive(s, e);
    }
    struct ds_entry *n = entry_new(s, h, k, klen);
    if (n == NULL)
        return KH_EFULL;
    for (;;) {
        atomic_store_explicit(&n->next, head, memory_order_relaxed);
        struct ds_entry *seen = head;
        if (atomic_compare_exchange_weak_explicit(row, &head, n, memory_order_release,
                                                  memory_order_acquire)) {
            atomic_fetch_add(&s->entries, 1);
            *out = n;
            return 1;
        }
        /* lost to another add: did it add the same value? (only the new heads to look at) */
        e = chain_find(head, seen, h, k, klen);
        if (e != NULL) {
            entry_drop(s, n);
            *out = e;
            return revive(s, e);
        }
    }
}

int ds_add(struct ds_set *s, const uint8_t *v, size_t len)
{
    uint8_t tmp[16];
    const uint8_t *k;
    size_t klen;
    struct ds_entry *e;
    if (!key_of(s, v, len, tmp, &k, &klen))
        return KH_EINVAL;
    return insert(s, k, klen, &e);
}

int ds_remove(struct ds_set *s, const uint8_t *v, size_t len)
{
    struct ds_entry *e = (struct ds_entry *)ds_lookup(s, v, len);
    if (e == NULL || !atomic_exchange(&e->live, false))
        return 0;
    atomic_fetch_sub(&s->entries, 1);
    return 1;
}

int64_t ds_entry_rep(const struct ds_entry *e)
{
    return e->rep;
}

const char *ds_entry_json(const struct ds_entry *e, uint32_t *len)
{
    *len = e->jlen;
    return e->json;
}

/* Double the rows while entries outnumber them (load time only: single-threaded). */
static void maybe_grow(struct ds_set *s)
{
    uint64_t n = atomic_load(&s->entries);
    if (n <= (uint64_t)s->mask + 1 || s->mask + 1 >= DS_MAX_BUCKETS)
        return;
    uint32_t nrows = (s->mask + 1) * 2;
    _Atomic(struct ds_entry *) *rows = kh_calloc(nrows, sizeof(*rows));
    if (rows == NULL)
        return; /* longer chains, still correct */
    for (uint32_t i = 0; i <= s->mask; i++) {
        struct ds_entry *e = atomic_load_explicit(&s->rows[i], memory_order_relaxed);
        while (e != NULL) {
            struct ds_entry *next = atomic_load_explicit(&e->next, memory_order_relaxed);
            _Atomic(struct ds_entry *) *r = &rows[e->hash & (nrows - 1)];
            atomic_store_explicit(&e->next, atomic_load_explicit(r, memory_order_relaxed),
                                  memory_order_relaxed);
            atomic_store_explicit(r, e, memory_order_relaxed);
            e = next;
        }
    }
    kh_free((void *)s->rows);
    s->rows = rows;
    s->mask = nrows - 1;
}

int ds_set_add_loading(struct ds_set *s, const uint8_t *k, size_t klen, struct ds_entry **out)
{
    uint8_t tmp[16];
    const uint8_t *kk;
    size_t kl;
    if (!key_of(s, k, klen, tmp, &kk, &kl))
        return KH_EINVAL;
    int rc = insert(s, kk, kl, out);
    if (rc == 1)
        maybe_grow(s);
    return rc;
}

static uint32_t pow2_at_least(uint32_t n)
{
    uint32_t p = 16;
    while (p < n && p < DS_MAX_BUCKETS)
        p <<= 1;
    return p;
}

struct ds_set *ds_set_new(const char *name, enum ds_type type, uint64_t memcap, uint32_t hashsize,
                          uint64_t seed)
{
    struct ds_set *s = kh_calloc(1, sizeof(*s));
    if (s == NULL || (s->name = kh_strdup(name)) == NULL)
        goto out_free;
    uint32_t rows = pow2_at_least(hashsize);
    s->rows = kh_calloc(rows, sizeof(*s->rows));
    if (s->rows == NULL)
        goto out_free;
    s->mask = rows - 1;
    atomic_init(&s->refs, 1); /* the maker's: the registry's, or iprep's */
    s->type = type;
    s->memcap = memcap;
    s->seed = seed;
    return s;
out_free:
    if (s != NULL)
        kh_free(s->name);
    kh_free(s);
    return NULL;
}

void ds_set_free(struct ds_set *s)
{
    if (s == NULL)
        return;
    for (uint32_t i = 0; i <= s->mask; i++) {
        struct ds_entry *e = atomic_load_explicit(&s->rows[i], memory_order_relaxed);
        while (e != NULL) {
            struct ds_entry *next = atomic_load_explicit(&e->next, memory_order_relaxed);
            kh_free(e->json);
            kh_free(e);
            e = next;
        }
    }
    kh_free((void *)s->rows);
    kh_free(s->name);
    kh_free(s->load);
    kh_free(s->save);
    kh_free(s->value_key);
    kh_free(s->array_key);
    kh_free(s);
}

void ds_set_hold(struct ds_set *s)
{
    atomic_fetch_add(&s->refs, 1);
}

void ds_set_release(struct ds_set *s)
{
    if (s != NULL && atomic_fetch_sub(&s->refs, 1) == 1)
        ds_set_free(s);
}

const char *ds_set_name(const struct ds_set *s)
{
    return s->name;
}

enum ds_type ds_set_type(const struct ds_set *s)
{
    return s->type;
}

void ds_set_get_stats(const struct ds_set *s, struct ds_set_stats *st)
{
    st->entries = atomic_load(&s->entries);
    st->bytes = atomic_load(&s->bytes);
    st->memcap_hits = atomic_load(&s->memcap_hits);
    st->load_errors = s->load_errors;
    st->buckets = s->mask + 1;
}

/* ---- values as files write them ---- */

static const char b64c[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t b64_encode(const uint8_t *in, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < n)
            v |= in[i + 2];
        out[o++] = b64c[v >> 18 & 63];
        out[o++] = b64c[v >> 12 & 63];
        out[o++] = i + 1 < n ? b64c[v >> 6 & 63] : '=';
        out[o++] = i + 2 < n ? b64c[v & 63] : '=';
    }
    return o;
}

static int b64_val(uint8_t c)
{
    const char *p = c ? strchr(b64c, c) : NULL;
    return p ? (int)(p - b64c) : -1;
}

/* Strict base64 (padding optional); false on any other byte. */
static bool b64_decode(const char *in, size_t n, uint8_t *out, size_t cap, size_t *olen)
{
    uint32_t acc = 0;
    unsigned bits = 0;
    size_t o = 0;
    while (n > 0 && in[n - 1] == '=')
        n--;
    for (size_t i = 0; i < n; i++) {
        int v = b64_val((uint8_t)in[i]);
        if (v < 0)
            return false;
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (o >= cap)
                return false;
            out[o++] = (uint8_t)(acc >> bits);
        }
    }
    *olen = o;
    return true;
}

/* A value as text (base64 for strings when b64, hex, an address) into key bytes. */
bool ds_parse_value(enum ds_type t, const char *txt, size_t n, bool b64, uint8_t *out, size_t cap,
                    size_t *olen)
{
    size_t want = fixed_len(t);
    if (t == DS_T_STRING) {
        if (b64)
            return b64_decode(txt, n, out, cap, olen);
        if (n > cap)
            return false;
        memcpy(out, txt, n);
        *olen = n;
        return true;
    }
    if (t == DS_T_IPV4 || t == DS_T_IP) {
        char a[64];
        if (n == 0 || n >= sizeof(a))
            return false;
        memcpy(a, txt, n);
        a[n] = '\0';
        if (inet_pton(AF_INET, a, out + (t == DS_T_IP ? 12 : 0)) == 1) {
            if (t == DS_T_IP) {
                memset(out, 0, 10);
                out[10] = out[11] = 0xff;
            }
            *olen = want;
            return true;
        }
        *olen = want;
        return t == DS_T_IP && inet_pton(AF_INET6, a, out) == 1;
    }
    if (n != want * 2)
        return false;
    for (size_t i = 0; i < want; i++) {
        int hi = kh_hexval(txt[2 * i]), lo = kh_hexval(txt[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    *olen = want;
    return true;
}

/* The text of a key as its file writes it; returns the length (buf holds 4/3 of 64 KiB). */
static size_t value_text(const struct ds_set *s, const struct ds_entry *e, char *buf)
{
    if (s->type == DS_T_STRING)
        return b64_encode(e->key, e->len, buf);
    if (s->type == DS_T_IPV4 || s->type == DS_T_IP) {
        static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        bool v4 = s->type == DS_T_IPV4 || memcmp(e->key, mapped, 12) == 0;
        if (!inet_ntop(v4 ? AF_INET : AF_INET6, v4 ? e->key + e->len - 4 : e->key, buf, 64))
            return 0;
        return strlen(buf);
    }
    kh_hex_encode(e->key, e->len, buf);
    return 2 * (size_t)e->len;
}

int ds_set_save(const struct ds_set *s, const char *path)
{
    char tmp[4096];
    if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp))
        return KH_EINVAL;
    FILE *f = fopen(tmp, "w");
    if (f == NULL)
        return KH_EIO;
    char *line = kh_malloc(DS_MAX_VALUE / 3 * 4 + 64);
    int rc = line ? KH_OK : KH_ENOMEM;
    for (uint32_t i = 0; line != NULL && i <= s->mask; i++) {
        const struct ds_entry *e = atomic_load_explicit(&s->rows[i], memory_order_acquire);
        for (; e != NULL; e = atomic_load_explicit(&e->next, memory_order_acquire)) {
            if (!atomic_load(&e->live))
                continue;
            size_t n = value_text(s, e, line);
            fwrite(line, 1, n, f);
            if (s->rep)
                fprintf(f, ",%lld", (long long)e->rep);
            fputc('\n', f);
        }
    }
    kh_free(line);
    if (fclose(f) != 0 && rc == KH_OK)
        rc = KH_EIO;
    if (rc == KH_OK && rename(tmp, path) != 0)
        rc = KH_EIO;
    if (rc != KH_OK)
        remove(tmp);
    return rc;
}
