/* SPDX-License-Identifier: GPL-2.0-only */
/* Compiler helpers: branch hints, assertions and attributes used across khien. */
#ifndef KH_CORE_COMPILER_H
#define KH_CORE_COMPILER_H

#include <stdio.h>
#include <stdlib.h>

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define KH_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define KH_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define KH_UNUSED       __attribute__((unused))

/* BUG_ON() is always on: for cold code, where a broken invariant must stop the program. */
#define BUG_ON(cond)                                                                               \
    do {                                                                                           \
        if (unlikely(cond)) {                                                                      \
            fprintf(stderr, "BUG at %s:%d: %s\n", __FILE__, __LINE__, #cond);                      \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* DEBUG_ASSERT() is for the hot path: on in CI, sanitizer and fuzz builds (KH_DEBUG), else gone. */
#ifdef KH_DEBUG
#define DEBUG_ASSERT(cond) BUG_ON(!(cond))
#else
#define DEBUG_ASSERT(cond) ((void)0)
#endif

#endif
