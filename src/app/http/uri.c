/* SPDX-License-Identifier: GPL-2.0-only */
/* The normalised request URI as Suricata's http.uri (libhtp's IDS personality and defaults). */
#include <string.h>

#include "http.h"

#include "core/hex.h"

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
        if (b == '%' && i + 2 < path.len && kh_hexval(path.p[i + 1]) >= 0 &&
            kh_hexval(path.p[i + 2]) >= 0) {
            b = (uint8_t)(kh_hexval(path.p[i + 1]) << 4 | kh_hexval(path.p[i + 2]));
            i += 2;
        } else if (b == '%' && i + 5 < path.len && (path.p[i + 1] | 0x20) == 'u' &&
                   kh_hexval(path.p[i + 2]) >= 0 && kh_hexval(path.p[i + 3]) >= 0 &&
                   kh_hexval(path.p[i + 4]) >= 0 && kh_hexval(path.p[i + 5]) >= 0) {
            int hi = kh_hexval(path.p[i + 2]) << 4 | kh_hexval(path.p[i + 3]);
            int lo = kh_hexval(path.p[i + 4]) << 4 | kh_hexval(path.p[i + 5]);
            b = hi == 0 ? (uint8_t)lo : '?'; /* libhtp's best-fit: non-ASCII becomes '?' */
            i += 5;
        }
        if (b == '\\')
            b = '/';
        /* "%2541": a decoded '%' followed by two hex digits is a second encoding layer. */
        if (b == '%' && path.p[i] != '%' && i + 2 < path.len && kh_hexval(path.p[i + 1]) >= 0 &&
            kh_hexval(path.p[i + 2]) >= 0)
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

/*
 * libhtp's UTF-8 best fit on the decoded path (the IDS personality turns it on): a valid
 * sequence becomes its code point when that fits a byte, else '?' (libhtp first looks in
 * a best-fit table of a few hundred code points; khien does not carry it yet). Invalid
 * sequences are left as they are. In place; returns the new length.
 */
static size_t utf8_bestfit(uint8_t *p, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        uint8_t b = p[i];
        size_t n = b >= 0xc2 && b <= 0xdf   ? 2
                   : b >= 0xe0 && b <= 0xef ? 3
                   : b >= 0xf0 && b <= 0xf4 ? 4
                                            : 1;
        bool ok = n > 1 && i + n <= len;
        for (size_t k = 1; ok && k < n; k++)
            ok = (p[i + k] & 0xc0) == 0x80;
        if (!ok) {
            p[o++] = p[i++];
            continue;
        }
        p[o++] = n == 2 ? (uint8_t)((b & 0x1f) << 6 | (p[i + 1] & 0x3f)) : '?';
        i += n;
    }
    return o;
}

/* Percent-decoding alone (libhtp's htp_tx_urldecode_uri_inplace), for the fragment. */
static size_t decode_plain(struct span s, uint8_t *out)
{
    size_t o = 0;
    for (size_t i = 0; i < s.len; i++) {
        uint8_t b = s.p[i];
        if (b == '%' && i + 2 < s.len && kh_hexval(s.p[i + 1]) >= 0 && kh_hexval(s.p[i + 2]) >= 0) {
            b = (uint8_t)(kh_hexval(s.p[i + 1]) << 4 | kh_hexval(s.p[i + 2]));
            i += 2;
        }
        out[o++] = b;
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
    o = utf8_bestfit(out, o);
    o = normalize_path(out, o);
    if (plen < full)
        return o;
    /* The query and the fragment are percent-decoded ('+' stays): Suricata 8's http.uri
     * matches "/?arg=Zm 9v" for "/?arg=Zm%209v" (suricata-verify from_base64-02); they are
     * joined with '?' and '#' as SCHTPGenerateNormalizedUri does. */
    size_t qlen = 0;
    struct span tail = {.p = rest.p + full, .len = rest.len - full};
    while (qlen < tail.len && tail.p[qlen] != '#')
        qlen++;
    if (qlen > cap - o)
        return o;
    o += decode_plain((struct span){tail.p, qlen}, out + o);
    struct span frag = {.p = tail.p + qlen, .len = tail.len - qlen};
    if (frag.len > cap - o)
        return o;
    return o + decode_plain(frag, out + o);
}
