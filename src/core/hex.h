/* SPDX-License-Identifier: GPL-2.0-only */
/* One hexadecimal digit, for the parsers that read %HH escapes, |hex| content and keys. */
#ifndef KH_CORE_HEX_H
#define KH_CORE_HEX_H

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

#endif
