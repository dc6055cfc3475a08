/* SPDX-License-Identifier: GPL-2.0-only */
/* Bytes from the wire as EVE strings, the way Suricata's set_string_from_bytes writes them. */
#include <string.h>

#include "eve_internal.h"

/* Length of a valid UTF-8 sequence at s (RFC 3629: no overlongs, surrogates or > U+10FFFF). */
static size_t utf8_seq(const uint8_t *s, size_t n)
{
    uint8_t b = s[0];
    size_t len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    if (b < 0xc2 || b > 0xf4 || n < len)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    if ((b == 0xe0 && s[1] < 0xa0) || (b == 0xed && s[1] > 0x9f) || (b == 0xf0 && s[1] < 0x90) ||
        (b == 0xf4 && s[1] > 0x8f))
        return 0;
    return len;
}

static bool utf8_valid(struct span v)
{
    for (size_t i = 0; i < v.len;) {
        if (v.p[i] < 0x80) {
            i++;
            continue;
        }
        size_t len = utf8_seq(v.p + i, v.len - i);
        if (len == 0)
            return false;
        i += len;
    }
    return true;
}

/*
 * Bytes from the wire as Suricata's set_string_from_bytes writes them: valid UTF-8 as it
 * is (escaped for JSON), otherwise every byte >= 0x80 as the four characters \xNN.
 */
#define ONES  0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* Does any byte of w equal zero? (The classic SWAR test: exact, no false positives.) */
static inline uint64_t has_zero(uint64_t w)
{
    return (w - ONES) & ~w & HIGHS;
}

/*
 * Length of the leading run of printable ASCII that needs no escaping, eight bytes at a
 * time: a byte is plain when it is in 0x20..0x7e and is neither '"' nor '\\'. Names from
 * DNS tunnels are long and are written several times per record, so this scan is hot.
 */
static size_t plain_run(struct span v)
{
    size_t i = 0;
    for (; i + 8 <= v.len; i += 8) {
        uint64_t w;
        memcpy(&w, v.p + i, sizeof(w));
        uint64_t low = (w - 0x20 * ONES) & ~w & HIGHS; /* some byte < 0x20 */
        uint64_t high = ((w + ONES) | w) & HIGHS;      /* some byte >= 0x7f */
        if (low | high | has_zero(w ^ ('"' * ONES)) | has_zero(w ^ ('\\' * ONES)))
            break;
    }
    while (i < v.len && v.p[i] >= 0x20 && v.p[i] < 0x7f && v.p[i] != '"' && v.p[i] != '\\')
        i++;
    return i;
}

void eve_put_wire_bytes(struct jbuf *jb, const char *key, struct span v)
{
    static const char hex[] = "0123456789abcdef";
    /* The common case, a plain host name: one scan, one copy, no UTF-8 check. */
    size_t plain = plain_run(v);
    if (plain == v.len) {
        jb_str_plain(jb, key, (const char *)v.p, v.len);
        return;
    }
    bool utf8 = utf8_valid(v);
    if (jb_member(jb, key, 0) == NULL || v.len > (SIZE_MAX - 2) / 6 ||
        !jb_reserve(jb, v.len * 6 + 2))
        return;
    char *o = jb->buf + jb->len;
    *o++ = '"';
    for (size_t i = 0; i < v.len; i++) {
        uint8_t b = v.p[i];
        if ((b >= 0x20 && b < 0x7f && b != '"' && b != '\\') || (b >= 0x80 && utf8)) {
            *o++ = (char)b;
        } else if (b == '"' || b == '\\') {
            *o++ = '\\';
            *o++ = (char)b;
        } else if (b == '\n' || b == '\r' || b == '\t') {
            *o++ = '\\';
            *o++ = b == '\n' ? 'n' : b == '\r' ? 'r' : 't';
        } else if (b >= 0x80) {
            memcpy(o, "\\\\x", 3);
            o[3] = hex[b >> 4];
            o[4] = hex[b & 0xf];
            o += 5;
        } else {
            memcpy(o, "\\u00", 4);
            o[4] = hex[b >> 4];
            o[5] = hex[b & 0xf];
            o += 6;
        }
    }
    *o++ = '"';
    jb->len = (size_t)(o - jb->buf);
}
