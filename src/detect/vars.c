/* SPDX-License-Identifier: GPL-2.0-only */
/* xbits in a bounded open-addressing table per worker; flowint in a small per-flow array. */
#include <string.h>

#include "core/alloc.h"
#include "detect/vars.h"

struct xbit_slot {
    uint64_t expire_us; /* packet time past which the bit is unset */
    struct kh_addr a, b;
    uint32_t id;
    uint8_t track;
    bool used;
};

struct detect_xbits {
    struct xbit_slot s[DETECT_XBITS_SLOTS];
};

struct detect_xbits *detect_xbits_new(void)
{
    return kh_calloc(1, sizeof(struct detect_xbits));
}

void detect_xbits_free(struct detect_xbits *xb)
{
    kh_free(xb);
}

/* The hosts a bit is kept for: the source, the destination, or the pair in either order. */
static void xbit_key(const struct kw_bits *b, const struct packet *p, struct kh_addr *a,
                     struct kh_addr *c)
{
    memset(c, 0, sizeof(*c));
    if (b->track == KW_TRACK_BY_DST) {
        *a = p->dst;
    } else if (b->track == KW_TRACK_IP_PAIR) {
        bool lt = memcmp(&p->src, &p->dst, sizeof(p->src)) < 0;
        *a = lt ? p->src : p->dst;
        *c = lt ? p->dst : p->src;
    } else {
        *a = p->src;
    }
}

/*
 * Where a bit lives: on a host (ip_src and ip_dst name the same host bits) or on a pair,
 * with the address family (an IPv4 and an IPv6 host never share a bit).
 */
static uint8_t xbit_track(const struct kw_bits *b, const struct packet *p)
{
    return (uint8_t)((b->track == KW_TRACK_IP_PAIR ? 1u : 0u) | (p->ip_ver == 6 ? 0x80u : 0u));
}

static uint64_t xbit_hash(uint32_t id, uint8_t track, const struct kh_addr *a,
                          const struct kh_addr *c)
{
    uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15ull ^ track;
    h ^= a->q[0] * 0xff51afd7ed558ccdull ^ a->q[1] * 0xc4ceb9fe1a85ec53ull;
    h ^= (c->q[0] ^ (c->q[1] << 1)) * 0x94d049bb133111ebull;
    return h ^ (h >> 29);
}

static bool slot_is(const struct xbit_slot *s, uint32_t id, uint8_t track, const struct kh_addr *a,
                    const struct kh_addr *c, uint64_t now)
{
    return s->used && s->id == id && s->track == track && s->expire_us > now &&
           memcmp(&s->a, a, sizeof(*a)) == 0 && memcmp(&s->b, c, sizeof(*c)) == 0;
}

/* The live slot holding the bit, or NULL. */
static struct xbit_slot *xbit_find(const struct detect_xbits *xb, uint32_t id, uint8_t track,
                                   const struct kh_addr *a, const struct kh_addr *c, uint64_t now)
{
    uint64_t h = xbit_hash(id, track, a, c);
    for (uint32_t i = 0; i < DETECT_XBITS_PROBES; i++) {
        const struct xbit_slot *s = &xb->s[(h + i) % DETECT_XBITS_SLOTS];
        if (slot_is(s, id, track, a, c, now))
            return (struct xbit_slot *)s;
    }
    return NULL;
}

bool detect_xbits_check(const struct detect_xbits *xb, const struct kw_bits *b, const uint32_t *ids,
                        const struct packet *p)
{
    if (b->cmd != KW_BITS_ISSET && b->cmd != KW_BITS_ISNOTSET)
        return true;
    struct kh_addr a, c;
    xbit_key(b, p, &a, &c);
    bool want = b->cmd == KW_BITS_ISSET;
    uint32_t hits = 0;
    for (uint32_t i = 0; i < b->n; i++)
        hits += (xb != NULL && xbit_find(xb, ids[i], xbit_track(b, p), &a, &c, p->ts_usec)) == want;
    return b->any ? hits > 0 : hits == b->n;
}

/* Set one bit: refresh it, or take a free or expired slot among the probes. */
static bool xbit_set(struct detect_xbits *xb, uint32_t id, const struct kw_bits *b, uint8_t tk,
                     const struct kh_addr *a, const struct kh_addr *c, uint64_t now)
{
    uint64_t life = (uint64_t)(b->expire ? b->expire : DETECT_XBITS_DEFAULT) * 1000000u;
    uint64_t h = xbit_hash(id, tk, a, c);
    struct xbit_slot *free_slot = NULL;
    for (uint32_t i = 0; i < DETECT_XBITS_PROBES; i++) {
        struct xbit_slot *s = &xb->s[(h + i) % DETECT_XBITS_SLOTS];
        if (slot_is(s, id, tk, a, c, now)) {
            s->expire_us = now + life;
            return true;
        }
        if (free_slot == NULL && (!s->used || s->expire_us <= now))
            free_slot = s;
    }
    if (free_slot == NULL)
        return false;
    *free_slot = (struct xbit_slot){now + life, *a, *c, id, tk, true};
    return true;
}

uint32_t detect_xbits_apply(struct detect_xbits *xb, const struct kw_bits *b, const uint32_t *ids,
                            const struct packet *p)
{
    uint32_t dropped = 0;
    struct kh_addr a, c;
    if (xb == NULL || b->cmd == KW_BITS_ISSET || b->cmd == KW_BITS_ISNOTSET ||
        b->cmd == KW_BITS_NOALERT)
        return 0;
    xbit_key(b, p, &a, &c);
    for (uint32_t i = 0; i < b->n; i++) {
        struct xbit_slot *s = xbit_find(xb, ids[i], xbit_track(b, p), &a, &c, p->ts_usec);
        if (s != NULL && (b->cmd == KW_BITS_UNSET || b->cmd == KW_BITS_TOGGLE)) {
            s->used = false;
            continue;
        }
        if ((b->cmd == KW_BITS_SET || b->cmd == KW_BITS_TOGGLE) &&
            !xbit_set(xb, ids[i], b, xbit_track(b, p), &a, &c, p->ts_usec))
            dropped++;
    }
    return dropped;
}

/* FNV-1a of a variable's name: the flow keeps keys, not names. */
static uint32_t name_key(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

static int flowint_find(const struct detect_flowints *fi, const char *name)
{
    uint32_t k = name_key(name);
    for (unsigned i = 0; fi != NULL && i < fi->n; i++)
        if (fi->key[i] == k)
            return (int)i;
    return -1;
}

bool detect_flowint_check(const struct detect_flowints *fi, const struct kw_flowint *k)
{
    int i = flowint_find(fi, k->name);
    switch (k->op) {
    case KW_FLOWINT_SET:
    case KW_FLOWINT_ADD:
    case KW_FLOWINT_SUB:
        return true;
    case KW_FLOWINT_ISSET:
        return i >= 0;
    case KW_FLOWINT_NOTSET:
        return i < 0;
    default:
        break;
    }
    uint32_t rhs = k->value;
    if (k->value_var != NULL) {
        int j = flowint_find(fi, k->value_var);
        if (j < 0)
            return false;
        rhs = fi->val[j];
    }
    if (i < 0)
        return false; /* a comparison with an unset variable does not match */
    uint32_t x = fi->val[i];
    switch (k->op) {
    case KW_FLOWINT_EQ:
        return x == rhs;
    case KW_FLOWINT_NE:
        return x != rhs;
    case KW_FLOWINT_LT:
        return x < rhs;
    case KW_FLOWINT_LE:
        return x <= rhs;
    case KW_FLOWINT_GT:
        return x > rhs;
    default:
        return x >= rhs;
    }
}

bool detect_flowint_apply(struct detect_flowints *fi, const struct kw_flowint *k)
{
    if (k->op != KW_FLOWINT_SET && k->op != KW_FLOWINT_ADD && k->op != KW_FLOWINT_SUB)
        return true;
    uint32_t rhs = k->value;
    if (k->value_var != NULL) {
        int j = flowint_find(fi, k->value_var);
        if (j < 0)
            return true; /* the value is an unset variable: nothing is done */
        rhs = fi->val[j];
    }
    int i = flowint_find(fi, k->name);
    if (i < 0) {
        if (fi->n == DETECT_FLOWINT_MAX)
            return false;
        i = fi->n++;
        fi->key[i] = name_key(k->name);
        fi->val[i] = 0;
    }
    if (k->op == KW_FLOWINT_SET)
        fi->val[i] = rhs;
    else if (k->op == KW_FLOWINT_ADD)
        fi->val[i] += rhs;
    else
        fi->val[i] -= rhs;
    return true;
}
