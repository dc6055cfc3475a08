/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The two skips that decide DLP's speed on ordinary text: to the next digit or '@' (the
 * identifier scanner) and to the next segment delimiter (the marking rule). 16 bytes per
 * step with SSE2 (every x86-64 has it), a byte loop elsewhere and for the tail.
 */
#ifndef KH_DLP_SKIP_H
#define KH_DLP_SKIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* The first i >= from with p[i] a digit or '@', or n. */
static inline size_t dlp_skip_to_digit_at(const uint8_t *p, size_t from, size_t n)
{
    size_t i = from;
#if defined(__SSE2__)
    const __m128i lo = _mm_set1_epi8('0' - 1), hi = _mm_set1_epi8('9' + 1);
    const __m128i at = _mm_set1_epi8('@');
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        /* signed compares: bytes >= 0x80 are negative, so never digits */
        __m128i d = _mm_and_si128(_mm_cmpgt_epi8(v, lo), _mm_cmplt_epi8(v, hi));
        int m = _mm_movemask_epi8(_mm_or_si128(d, _mm_cmpeq_epi8(v, at)));
        if (m)
            return i + (size_t)__builtin_ctz((unsigned)m);
    }
#endif
    for (; i < n; i++)
        if ((p[i] >= '0' && p[i] <= '9') || p[i] == '@')
            return i;
    return n;
}

/* The first i >= from with p[i] a line end or a tag bracket ('(' ')' too when pdf), or n. */
static inline size_t dlp_skip_to_delim(const uint8_t *p, size_t from, size_t n, bool pdf)
{
    size_t i = from;
#if defined(__SSE2__)
    const __m128i nl = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
    const __m128i lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>');
    const __m128i ff = _mm_set1_epi8('\f'), vt = _mm_set1_epi8('\v');
    const __m128i op = _mm_set1_epi8(pdf ? '(' : '\n'), cp = _mm_set1_epi8(pdf ? ')' : '\n');
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i a = _mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, cr));
        __m128i b = _mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, gt));
        __m128i c = _mm_or_si128(_mm_cmpeq_epi8(v, ff), _mm_cmpeq_epi8(v, vt));
        __m128i d = _mm_or_si128(_mm_cmpeq_epi8(v, op), _mm_cmpeq_epi8(v, cp));
        int m = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d)));
        if (m)
            return i + (size_t)__builtin_ctz((unsigned)m);
    }
#endif
    for (; i < n; i++) {
        uint8_t c = p[i];
        if (c == '\n' || c == '\r' || c == '<' || c == '>' || c == '\f' || c == '\v' ||
            (pdf && (c == '(' || c == ')')))
            return i;
    }
    return n;
}

#endif
