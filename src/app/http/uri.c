/* SPDX-License-Identifier: GPL-2.0-only */
/* The normalised request URI as Suricata's http.uri (libhtp's IDS personality and defaults). */
#include <string.h>

#include "http.h"

static int hexval(uint8_t b)
{
    if (b >= '0' && b <= '9')
        return b - '0';
    if (b >= 'a' && b <= 'f')
        return b - 'a' + 10;
    if (b >= 'A' && b <= 'F')
        return b - 'A' + 10;
    return -1;
}

/* Length of the "scheme://authority" prefix of an absolute URI, 0 for origin form. */
static size_t authority_prefix(struct span raw)
{
    size_t i = 0;
    while (i < raw.len && ((raw.p[i] | 0x20) >= 'a' && (raw.p[i] | 0x20) <= 'z'))
        i++;
    if (i == 0 || i + 3 > raw.len || memcmp(raw.p + i, "://", 3) != 0)
        return 0;
    i += 3;
    while (i < raw.len && raw.p[i] != '/' && raw.p[i] != '?' && raw.p[i] != '#')
        i++;
    return i;
}

/*
 * Percent-decode the path into out (invalid escapes kept as they are, %uHHHH decoded to its
 * low byte as libhtp's best-fit does for ASCII), backslashes to slashes. Returns the length.
 */
static size_t decode_path(struct span path, uint8_t *out, bool *double_encoded)
{
    size_t o = 0;
    for (size_t i = 0; i < path.len; i++) {
        uint8_t b = path.p[i];
        if (b == '%' && i + 2 < path.len && hexval(path.p[i + 1]) >= 0 &&
            hexval(path.p[i + 2]) >= 0) {
            b = (uint8_t)(hexval(path.p[i + 1]) << 4 | hexval(path.p[i + 2]));
            i += 2;
        } else if (b == '%' && i + 5 < path.len && (path.p[i + 1] | 0x20) == 'u' &&
                   hexval(path.p[i + 2]) >= 0 && hexval(path.p[i + 3]) >= 0 &&
                   hexval(path.p[i + 4]) >= 0 && hexval(path.p[i + 5]) >= 0) {
            int hi = hexval(path.p[i + 2]) << 4 | hexval(path.p[i + 3]);
            int lo = hexval(path.p[i + 4]) << 4 | hexval(path.p[i + 5]);
            b = hi == 0 ? (uint8_t)lo : '?'; /* libhtp's best-fit: non-ASCII becomes '?' */
            i += 5;
        }
        if (b == '\\')
            b = '/';
        /* "%2541": a decoded '%' followed by two hex digits is a second encoding layer. */
        if (b == '%' && path.p[i] != '%' && i + 2 < path.len && hexval(path.p[i + 1]) >= 0 &&
            hexval(path.p[i + 2]) >= 0)
            *double_encoded = true;
        out[o++] = b;
    }
    return o;
}

/* Compress "//" and remove "." and ".." segments in place (RFC 3986 5.2.4). */
static size_t normalize_path(uint8_t *p, size_t len)
{
    size_t o = 0, i = 0;
    while (i < len) {
        if (p[i] == '/' && o > 0 && p[o - 1] == '/') {
            i++;
            continue;
        }
        /* A segment starts after a '/' (or at 0); look for "." or "..". */
        bool at_seg = o == 0 ? i == 0 : p[o - 1] == '/';
        if (at_seg && p[i] == '.' && (i + 1 == len || p[i + 1] == '/')) {
            i += i + 1 < len ? 2 : 1;
            continue;
        }
        if (at_seg && p[i] == '.' && i + 1 < len && p[i + 1] == '.' &&
            (i + 2 == len || p[i + 2] == '/')) {
            i += i + 2 < len ? 3 : 2;
            /* Drop the last output segment, keeping the leading '/'. */
            if (o > 1) {
                o--; /* the '/' that ends it */
                while (o > 0 && p[o - 1] != '/')
                    o--;
            }
            continue;
        }
        p[o++] = p[i++];
    }
    return o;
}

size_t http_uri_normalize(struct span raw, uint8_t *out, size_t cap, bool *double_encoded)
{
    *double_encoded = false;
    size_t pre = authority_prefix(raw);
    struct span rest = {.p = raw.p + pre, .len = raw.len - pre};
    size_t plen = 0;
    while (plen < rest.len && rest.p[plen] != '?' && rest.p[plen] != '#')
        plen++;
    size_t full = plen;
    if (plen > cap)
        plen = cap; /* decoding only shrinks, so a path cut at cap still fits */
    struct span path = {.p = rest.p, .len = plen};
    size_t o = decode_path(path, out, double_encoded);
    o = normalize_path(out, o);
    /* The query and fragment are kept as they came (libhtp leaves parsed_uri.query raw). */
    size_t tail = plen == full ? rest.len - full : 0;
    if (tail > cap - o)
        tail = cap - o;
    if (tail > 0)
        memcpy(out + o, rest.p + full, tail);
    return o + tail;
}
