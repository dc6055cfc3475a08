/* SPDX-License-Identifier: GPL-2.0-only */
/* Longest-prefix match over IPv4 and IPv6 prefixes: disjoint ranges, binary search. */
#ifndef KH_INTEL_IPTABLE_H
#define KH_INTEL_IPTABLE_H

#include <stddef.h>
#include <stdint.h>

__extension__ typedef unsigned __int128 ipt_u128;

/* A prefix as added: address (host order, IPv4 in the low 32 bits), length, indicator id. */
struct ipt_prefix4 {
    uint32_t addr;
    uint32_t ind;
    uint8_t len;
};

struct ipt_prefix6 {
    ipt_u128 addr;
    uint32_t ind;
    uint8_t len;
};

/* A range of IPv4 addresses: from start to the next range's start, in prefix pfx. */
struct ipt_range4 {
    uint32_t start;
    uint32_t pfx; /* index in p4, UINT32_MAX for none */
};

/*
 * One family's table. Built once from its prefixes (sorted, nested prefixes resolved into
 * disjoint ranges, each naming its most specific prefix); a lookup is a binary search for
 * the last range starting at or below the address, narrowed first by a table on the top
 * bits (IPv4; 16 to 24 of them as the table grows) so that the search touches one or two
 * cache lines.
 */
struct iptable {
    struct ipt_prefix4 *p4;
    size_t n4, cap4;
    struct ipt_prefix6 *p6;
    size_t n6, cap6;
    struct ipt_range4 *r4; /* ranges: start and prefix side by side (one cache line) */
    size_t nr4;
    uint32_t *idx4;   /* 2^bits + 1 entries: first range whose start >= (i << (32 - bits)) */
    uint8_t idx_bits; /* 16 .. 24, so that a bucket holds a few ranges (one cache line) */
    uint8_t *any24;   /* 2^24 bits: a /24 holding any listed address (most misses end here) */
    ipt_u128 *r6_start;
    uint32_t *r6_pfx;
    size_t nr6;
};

int ipt_add4(struct iptable *t, uint32_t addr, uint8_t len, uint32_t ind);
int ipt_add6(struct iptable *t, ipt_u128 addr, uint8_t len, uint32_t ind);
/*
 * Sort, merge duplicates (the same prefix twice: dup(ctx, kept, dropped) links their
 * indicators) and build the ranges. 0 or KH_ENOMEM.
 */
int ipt_build(struct iptable *t, void (*dup)(void *ctx, uint32_t kept, uint32_t dropped),
              void *ctx);
/* The most specific prefix holding the address: its index in p4/p6, or UINT32_MAX. */
uint32_t ipt_lookup4(const struct iptable *t, uint32_t addr);
uint32_t ipt_lookup6(const struct iptable *t, ipt_u128 addr);
/*
 * ipt_lookup4 over a batch (addresses in host order), software-pipelined: the index entries
 * of the batch are prefetched, then their ranges, then searched, so that the memory
 * latencies of the lookups overlap instead of adding up.
 */
void ipt_lookup4_batch(const struct iptable *t, const uint32_t *addrs, size_t n, uint32_t *out);
/* The enclosing prefix of prefix i (for the next-most-specific hit), or UINT32_MAX. */
void ipt_free(struct iptable *t);
size_t ipt_memory(const struct iptable *t);

#endif
