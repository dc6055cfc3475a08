/* SPDX-License-Identifier: GPL-2.0-only */
/* Prefix table build (sort, sweep nested prefixes into ranges) and lookups. */
#include "iptable.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/err.h"

#define IPT_NONE       UINT32_MAX
#define IPT_BITMAP_MIN 4096u /* ranges from which the /24 bitmap is built */

static int grow(void **arr, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return KH_OK;
    size_t ncap = *cap ? *cap * 2 : 1024;
    void *na = kh_reallocarray(*arr, ncap, size);
    if (na == NULL)
        return KH_ENOMEM;
    *arr = na;
    *cap = ncap;
    return KH_OK;
}

int ipt_add4(struct iptable *t, uint32_t addr, uint8_t len, uint32_t ind)
{
    if (grow((void **)&t->p4, &t->cap4, t->n4, sizeof(*t->p4)) != KH_OK)
        return KH_ENOMEM;
    uint32_t mask = len ? ~0u << (32 - len) : 0;
    t->p4[t->n4++] = (struct ipt_prefix4){.addr = addr & mask, .ind = ind, .len = len};
    return KH_OK;
}

static ipt_u128 mask6(uint8_t len)
{
    return len ? ~(ipt_u128)0 << (128 - len) : 0;
}

int ipt_add6(struct iptable *t, ipt_u128 addr, uint8_t len, uint32_t ind)
{
    if (grow((void **)&t->p6, &t->cap6, t->n6, sizeof(*t->p6)) != KH_OK)
        return KH_ENOMEM;
    t->p6[t->n6++] = (struct ipt_prefix6){.addr = addr & mask6(len), .ind = ind, .len = len};
    return KH_OK;
}

static int cmp4(const void *a, const void *b)
{
    const struct ipt_prefix4 *x = a, *y = b;
    if (x->addr != y->addr)
        return x->addr < y->addr ? -1 : 1;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->ind < y->ind ? -1 : x->ind > y->ind;
}

static int cmp6(const void *a, const void *b)
{
    const struct ipt_prefix6 *x = a, *y = b;
    if (x->addr != y->addr)
        return x->addr < y->addr ? -1 : 1;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->ind < y->ind ? -1 : x->ind > y->ind;
}

/* Give back what an array allocated for the worst case does not use (kept when that fails). */
static void *shrink(void *p, size_t n, size_t size)
{
    void *q = n ? kh_reallocarray(p, n, size) : NULL;
    return q ? q : p;
}

/* Range output with merging of equal neighbours; the array holds at most 2n+1 ranges. */
struct sweep4 {
    struct ipt_range4 *r;
    size_t n;
};

static void emit4(struct sweep4 *s, uint32_t start, uint32_t pfx)
{
    if (s->n && s->r[s->n - 1].start == start) {
        s->r[s->n - 1].pfx = pfx;
        if (s->n >= 2 && s->r[s->n - 2].pfx == pfx)
            s->n--;
        return;
    }
    if (s->n && s->r[s->n - 1].pfx == pfx)
        return;
    s->r[s->n++] = (struct ipt_range4){.start = start, .pfx = pfx};
}

static int build4(struct iptable *t)
{
    struct sweep4 s = {kh_calloc(2 * t->n4 + 1, sizeof(struct ipt_range4)), 0};
    if (s.r == NULL)
        return KH_ENOMEM;
    uint32_t stack[33];
    unsigned depth = 0;
    emit4(&s, 0, IPT_NONE);
    for (size_t i = 0; i <= t->n4; i++) {
        uint32_t a = i < t->n4 ? t->p4[i].addr : 0;
        while (depth) {
            const struct ipt_prefix4 *top = &t->p4[stack[depth - 1]];
            uint32_t end = top->addr | (top->len ? ~(~0u << (32 - top->len)) : ~0u);
            if (i < t->n4 && end >= a)
                break;
            depth--;
            if (end != UINT32_MAX)
                emit4(&s, end + 1, depth ? stack[depth - 1] : IPT_NONE);
        }
        if (i == t->n4)
            break;
        emit4(&s, a, (uint32_t)i);
        stack[depth++] = (uint32_t)i;
    }
    t->r4 = shrink(s.r, s.n, sizeof(struct ipt_range4));
    t->nr4 = s.n;
    /* about four ranges per bucket: 2^bits near nr4 / 4, within 16 .. 24 bits */
    unsigned bits = 16;
    while (bits < 24 && ((size_t)1 << (bits + 2)) < t->nr4)
        bits++;
    size_t nidx = ((size_t)1 << bits) + 1;
    if ((t->idx4 = kh_calloc(nidx, sizeof(uint32_t))) == NULL)
        return KH_ENOMEM;
    t->idx_bits = (uint8_t)bits;
    size_t r = 0;
    for (size_t h = 0; h < nidx; h++) {
        uint64_t lo = (uint64_t)h << (32 - bits);
        while (r < s.n && t->r4[r].start < lo)
            r++;
        t->idx4[h] = (uint32_t)r;
    }
    /* small tables: the search is cheap and 2 MiB is not */
    if (s.n >= IPT_BITMAP_MIN && (t->any24 = kh_calloc((size_t)1 << 21, 1)) == NULL)
        return KH_ENOMEM;
    for (size_t i = 0; t->any24 && i < s.n; i++) {
        if (t->r4[i].pfx == IPT_NONE)
            continue;
        uint32_t end = i + 1 < s.n ? t->r4[i + 1].start - 1 : UINT32_MAX;
        for (uint32_t b = t->r4[i].start >> 8; b <= end >> 8; b++) {
            t->any24[b >> 3] |= (uint8_t)(1u << (b & 7));
            if (b == UINT32_MAX >> 8)
                break;
        }
    }
    return KH_OK;
}

static void emit6(ipt_u128 *start, uint32_t *pfx, size_t *n, ipt_u128 st, uint32_t p)
{
    if (*n && start[*n - 1] == st) {
        pfx[*n - 1] = p;
        if (*n >= 2 && pfx[*n - 2] == p)
            (*n)--;
        return;
    }
    if (*n && pfx[*n - 1] == p)
        return;
    start[*n] = st;
    pfx[(*n)++] = p;
}

static int build6(struct iptable *t)
{
    ipt_u128 *start = kh_calloc(2 * t->n6 + 1, sizeof(ipt_u128));
    uint32_t *pfx = kh_calloc(2 * t->n6 + 1, 4);
    if (start == NULL || pfx == NULL) {
        kh_free(start);
        kh_free(pfx);
        return KH_ENOMEM;
    }
    size_t n = 0;
    uint32_t stack[129];
    unsigned depth = 0;
    emit6(start, pfx, &n, 0, IPT_NONE);
    for (size_t i = 0; i <= t->n6; i++) {
        ipt_u128 a = i < t->n6 ? t->p6[i].addr : 0;
        while (depth) {
            const struct ipt_prefix6 *top = &t->p6[stack[depth - 1]];
            ipt_u128 end = top->addr | ~mask6(top->len);
            if (i < t->n6 && end >= a)
                break;
            depth--;
            if (end != ~(ipt_u128)0)
                emit6(start, pfx, &n, end + 1, depth ? stack[depth - 1] : IPT_NONE);
        }
        if (i == t->n6)
            break;
        emit6(start, pfx, &n, a, (uint32_t)i);
        stack[depth++] = (uint32_t)i;
    }
    t->r6_start = shrink(start, n, sizeof(ipt_u128));
    t->r6_pfx = shrink(pfx, n, 4);
    t->nr6 = n;
    return KH_OK;
}

int ipt_build(struct iptable *t, void (*dup)(void *ctx, uint32_t kept, uint32_t dropped), void *ctx)
{
    if (t->n4) /* qsort's base must not be NULL, even for no elements */
        qsort(t->p4, t->n4, sizeof(*t->p4), cmp4);
    size_t o = 0;
    for (size_t i = 0; i < t->n4; i++) {
        if (o && t->p4[o - 1].addr == t->p4[i].addr && t->p4[o - 1].len == t->p4[i].len) {
            dup(ctx, t->p4[o - 1].ind, t->p4[i].ind);
            continue;
        }
        t->p4[o++] = t->p4[i];
    }
    t->n4 = o;
    if (t->n6)
        qsort(t->p6, t->n6, sizeof(*t->p6), cmp6);
    o = 0;
    for (size_t i = 0; i < t->n6; i++) {
        if (o && t->p6[o - 1].addr == t->p6[i].addr && t->p6[o - 1].len == t->p6[i].len) {
            dup(ctx, t->p6[o - 1].ind, t->p6[i].ind);
            continue;
        }
        t->p6[o++] = t->p6[i];
    }
    t->n6 = o;
    /* give back the growth slack: the prefixes stay for the run */
    if (t->n4 && t->n4 < t->cap4) {
        void *p = kh_reallocarray(t->p4, t->n4, sizeof(*t->p4));
        if (p != NULL) {
            t->p4 = p;
            t->cap4 = t->n4;
        }
    }
    if ((t->n4 && build4(t) != KH_OK) || (t->n6 && build6(t) != KH_OK))
        return KH_ENOMEM;
    return KH_OK;
}

uint32_t ipt_lookup4(const struct iptable *t, uint32_t addr)
{
    if (t->nr4 == 0)
        return IPT_NONE;
    uint32_t b = addr >> 8;
    if (t->any24 != NULL && !(t->any24[b >> 3] & (1u << (b & 7))))
        return IPT_NONE;
    uint32_t h = addr >> (32 - t->idx_bits);
    /* the answer is the last range with start <= addr: between idx4[h] - 1 and idx4[h + 1] */
    size_t lo = t->idx4[h] ? t->idx4[h] - 1 : 0, hi = t->idx4[h + 1];
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->r4[mid].start <= addr)
            lo = mid;
        else
            hi = mid;
    }
    return t->r4[lo].pfx;
}

#define IPT_BATCH 16

void ipt_lookup4_batch(const struct iptable *t, const uint32_t *addrs, size_t n, uint32_t *out)
{
    if (t->nr4 == 0) {
        for (size_t i = 0; i < n; i++)
            out[i] = IPT_NONE;
        return;
    }
    unsigned shift = 32u - t->idx_bits;
    for (size_t b = 0; b < n; b += IPT_BATCH) {
        size_t m = n - b < IPT_BATCH ? n - b : IPT_BATCH;
        for (size_t i = 0; t->any24 && i < m; i++)
            __builtin_prefetch(&t->any24[addrs[b + i] >> 11]);
        for (size_t i = 0; i < m; i++)
            __builtin_prefetch(&t->idx4[addrs[b + i] >> shift]);
        for (size_t i = 0; i < m; i++) {
            uint32_t lo = t->idx4[addrs[b + i] >> shift];
            __builtin_prefetch(&t->r4[lo ? lo - 1 : 0]);
        }
        for (size_t i = 0; i < m; i++)
            out[b + i] = ipt_lookup4(t, addrs[b + i]);
    }
}

uint32_t ipt_lookup6(const struct iptable *t, ipt_u128 addr)
{
    if (t->nr6 == 0)
        return IPT_NONE;
    size_t lo = 0, hi = t->nr6;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->r6_start[mid] <= addr)
            lo = mid;
        else
            hi = mid;
    }
    return t->r6_pfx[lo];
}

void ipt_free(struct iptable *t)
{
    kh_free(t->p4);
    kh_free(t->p6);
    kh_free(t->r4);
    kh_free(t->any24);
    kh_free(t->idx4);
    kh_free(t->r6_start);
    kh_free(t->r6_pfx);
    memset(t, 0, sizeof(*t));
}

size_t ipt_memory(const struct iptable *t)
{
    return t->cap4 * sizeof(*t->p4) + t->cap6 * sizeof(*t->p6) + t->nr4 * 8 +
           (t->idx4 ? (((size_t)1 << t->idx_bits) + 1) * 4 : 0) + (t->any24 ? (size_t)1 << 21 : 0) +
           t->nr6 * (sizeof(ipt_u128) + 4);
}
