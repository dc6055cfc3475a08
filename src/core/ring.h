/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A lock-free single-producer/single-consumer ring of slot indexes (C11 atomics). The ring
 * does not hold the elements: the caller keeps an array of 2^n slots and the ring says which
 * slot the producer may fill next and which one the consumer may read next, so a slot is
 * filled and read in place, with no copy through the ring and no allocation.
 *
 *   producer: i = kh_ring_prod_slot(r); if (i < 0) full; fill slots[i]; kh_ring_prod_commit(r);
 *   consumer: i = kh_ring_cons_slot(r); if (i < 0) empty; read slots[i]; kh_ring_cons_release(r);
 *
 * head (producer) and tail (consumer) sit on their own cache lines, each side keeps a cached
 * copy of the other's index so that the shared line is read only when the ring looks full or
 * empty. The release store on commit makes the slot's contents visible before the index;
 * the acquire load on the other side pairs with it.
 */
#ifndef KH_CORE_RING_H
#define KH_CORE_RING_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define KH_CACHE_LINE 64

struct kh_ring {
    /* producer's line */
    _Alignas(KH_CACHE_LINE) _Atomic uint32_t head; /* next slot to fill (free-running) */
    uint32_t tail_cache;                           /* the producer's last view of tail */
    /* consumer's line */
    _Alignas(KH_CACHE_LINE) _Atomic uint32_t tail; /* next slot to read (free-running) */
    uint32_t head_cache;                           /* the consumer's last view of head */
    /* read-only after init */
    _Alignas(KH_CACHE_LINE) uint32_t size; /* a power of two */
    uint32_t mask;
};

/* size must be a power of two from 2 to 2^31; returns false otherwise. */
static inline bool kh_ring_init(struct kh_ring *r, uint32_t size)
{
    if (size < 2 || size > (1u << 31) || (size & (size - 1)) != 0)
        return false;
    atomic_init(&r->head, 0);
    atomic_init(&r->tail, 0);
    r->tail_cache = 0;
    r->head_cache = 0;
    r->size = size;
    r->mask = size - 1;
    return true;
}

/* Producer: the slot to fill next, or -1 when the ring is full. */
static inline int64_t kh_ring_prod_slot(struct kh_ring *r)
{
    uint32_t h = atomic_load_explicit(&r->head, memory_order_relaxed);
    if (h - r->tail_cache == r->size) {
        r->tail_cache = atomic_load_explicit(&r->tail, memory_order_acquire);
        if (h - r->tail_cache == r->size)
            return -1;
    }
    return (int64_t)(h & r->mask);
}

/* Producer: publish the slot kh_ring_prod_slot() returned. */
static inline void kh_ring_prod_commit(struct kh_ring *r)
{
    uint32_t h = atomic_load_explicit(&r->head, memory_order_relaxed);
    atomic_store_explicit(&r->head, h + 1, memory_order_release);
}

/* Consumer: the slot to read next, or -1 when the ring is empty. */
static inline int64_t kh_ring_cons_slot(struct kh_ring *r)
{
    uint32_t t = atomic_load_explicit(&r->tail, memory_order_relaxed);
    if (t == r->head_cache) {
        r->head_cache = atomic_load_explicit(&r->head, memory_order_acquire);
        if (t == r->head_cache)
            return -1;
    }
    return (int64_t)(t & r->mask);
}

/* Consumer: give the slot kh_ring_cons_slot() returned back to the producer. */
static inline void kh_ring_cons_release(struct kh_ring *r)
{
    uint32_t t = atomic_load_explicit(&r->tail, memory_order_relaxed);
    atomic_store_explicit(&r->tail, t + 1, memory_order_release);
}

/* Slots filled and not yet released; exact only from a quiescent ring (tests, stats). */
static inline uint32_t kh_ring_count(struct kh_ring *r)
{
    return atomic_load_explicit(&r->head, memory_order_acquire) -
           atomic_load_explicit(&r->tail, memory_order_acquire);
}

#endif
