/* SPDX-License-Identifier: GPL-2.0-only */
/* Allocation wrappers: the only place khien calls malloc, with overflow checks and fault injection. */
#ifndef KH_CORE_ALLOC_H
#define KH_CORE_ALLOC_H

#include <stddef.h>

void *kh_malloc(size_t size);
/* calloc with an overflow check on n * size. */
void *kh_calloc(size_t n, size_t size);
/* realloc of n elements of size each, overflow-checked; on failure p is untouched. */
void *kh_reallocarray(void *p, size_t n, size_t size);
/* Zeroed memory aligned to align (a power of two), for cache-line-aligned structures; kh_free. */
void *kh_aligned_alloc(size_t align, size_t size);
char *kh_strdup(const char *s);

/* The capacity a growing buffer takes to hold need bytes: cap (or first when cap is 0)
 * doubled until it does, at most max (the caller checks need against max). */
static inline size_t kh_grow_cap(size_t cap, size_t first, size_t need, size_t max)
{
    cap = cap ? cap : first;
    while (cap < need && cap < max)
        cap *= 2;
    return cap < max ? cap : max;
}
char *kh_strndup(const char *s, size_t n);
void kh_free(void *p);

/*
 * Tests: make the Nth allocation from now fail (1 = the next one), 0 to turn it off.
 * Used to walk every allocation of config and rule loading and check each failure is handled.
 */
void kh_alloc_fail_at(unsigned long n);
/* Number of allocations made since the process started (for fault-injection loops). */
unsigned long kh_alloc_count(void);

#endif
