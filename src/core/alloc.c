/* SPDX-License-Identifier: GPL-2.0-only */
/* Allocation wrappers with overflow checks and a fail-the-Nth-call switch for tests. */
#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Fault injection state. These two are the only mutable globals in core: they exist for
 * tests only and are touched at load time, never on the per-packet path.
 */
static unsigned long alloc_calls;
static unsigned long alloc_fail_at;

void kh_alloc_fail_at(unsigned long n)
{
    alloc_fail_at = n ? alloc_calls + n : 0;
}

unsigned long kh_alloc_count(void)
{
    return alloc_calls;
}

static int should_fail(void)
{
    alloc_calls++;
    return alloc_fail_at && alloc_calls == alloc_fail_at;
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
