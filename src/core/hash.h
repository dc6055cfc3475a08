/* SPDX-License-Identifier: GPL-2.0-only */
/* Fast non-cryptographic hashing for in-memory tables (flow table buckets). */
#ifndef KH_CORE_HASH_H
#define KH_CORE_HASH_H

#include <stdint.h>

/*
 * Mix 64 bits into a well-distributed 64-bit value (the murmur3 finaliser constants). The
 * flow table salts keys with a random seed so that an attacker cannot aim collisions at one
 * bucket without knowing it.
 */
static inline uint64_t kh_hash_mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* Combine a running hash with one more 64-bit word. */
static inline uint64_t kh_hash_add64(uint64_t h, uint64_t v)
{
    return kh_hash_mix64(h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2)));
}

#endif
