/* SPDX-License-Identifier: GPL-2.0-only */
/* Allocation wrappers with overflow checks and a fail-the-Nth-call switch for tests. */
#include "alloc.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Fault injection state. These two are the only mutable globals in core: they exist for
 * tests only and are set at load time, never on the per-packet path. Worker threads
 * allocate concurrently (flow and session set-up), so the call count is atomic (relaxed:
 * it is only a count).
 */
static _Atomic unsigned long alloc_calls;
static unsigned long alloc_fail_at;

void kh_alloc_fail_at(unsigned long n)
{
    alloc_fail_at = n ? atomic_load_explicit(&alloc_calls, memory_order_relaxed) + n : 0;
}

unsigned long kh_alloc_count(void)
{
    return atomic_load_explicit(&alloc_calls, memory_order_relaxed);
}

static int should_fail(void)
{
    unsigned long n = atomic_fetch_add_explicit(&alloc_calls, 1, memory_order_relaxed) + 1;
    return alloc_fail_at && n == alloc_fail_at;
}

void *kh_malloc(size_t size)
{
    if (should_fail())
        return NULL;
    return malloc(size ? size : 1);
}

void *kh_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    if (should_fail())
        return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

void *kh_reallocarray(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    if (should_fail())
        return NULL;
    size_t total = n * size;
    return realloc(p, total ? total : 1);
}

void *kh_aligned_alloc(size_t align, size_t size)
{
    if (align == 0 || (align & (align - 1)) != 0 || size > SIZE_MAX - align)
        return NULL;
    if (should_fail())
        return NULL;
    size_t rounded = (size + align - 1) / align * align; /* aligned_alloc wants a multiple */
    void *p = aligned_alloc(align, rounded ? rounded : align);
    if (p != NULL)
        memset(p, 0, rounded ? rounded : align);
    return p;
}

char *kh_strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *d = kh_malloc(len + 1);
    if (d == NULL)
        return NULL;
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

char *kh_strdup(const char *s)
{
    return kh_strndup(s, SIZE_MAX);
}

void kh_free(void *p)
{
    free(p);
}
