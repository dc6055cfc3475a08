/* SPDX-License-Identifier: GPL-2.0-only */
/* Hexadecimal digits: read (%HH escapes, |hex| content, keys) and written (digests, keys). */
#ifndef KH_CORE_HEX_H
#define KH_CORE_HEX_H

#include <stddef.h>
#include <stdint.h>

/* The value of hex digit c (either case), or -1 when c is not one. */
static inline int kh_hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The n bytes of d as 2n lower-case hex digits in out, and a NUL (out holds 2n + 1). */
static inline void kh_hex_encode(const uint8_t *d, size_t n, char *out)
{
    static const char digit[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digit[d[i] >> 4];
        out[2 * i + 1] = digit[d[i] & 15];
    }
    out[2 * n] = '\0';
}

#endif
