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

/*
 * One family's table. Built once from its prefixes (sorted, nested prefixes resolved into
 * disjoint ranges, each naming its most specific prefix); a lookup is a binary search for
 * the last range starting at or below the address, narrowed first by a table on the top
 * 16 bits (IPv4) so that the search touches a few cache lines.
 */
struct iptable {
    struct ipt_prefix4 *p4;
    size_t n4, cap4;
    struct ipt_prefix6 *p6;
    size_t n6, cap6;
    uint32_t *r4_start; /* ranges: start address */
    uint32_t *r4_pfx;   /* and the prefix it falls in, UINT32_MAX for none */
    size_t nr4;
    uint32_t *idx4; /* 65537 entries: first range whose start >= (hi16 << 16) */
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
/* The enclosing prefix of prefix i (for the next-most-specific hit), or UINT32_MAX. */
void ipt_free(struct iptable *t);
size_t ipt_memory(const struct iptable *t);

#endif
