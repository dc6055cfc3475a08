/* SPDX-License-Identifier: GPL-2.0-only */
/* Sticky-buffer transforms as Suricata defines them, and base64_decode's decoder. */
#include <string.h>

#include "detect/rules/keywords.h"
#include "detect/transform.h"

bool detect_transform_supported(enum detect_kw_id id)
{
    switch (id) {
    case DETECT_KW_DOTPREFIX:
    case DETECT_KW_TO_LOWERCASE:
    case DETECT_KW_TO_UPPERCASE:
    case DETECT_KW_STRIP_WHITESPACE:
    case DETECT_KW_COMPRESS_WHITESPACE:
    case DETECT_KW_URL_DECODE:
        return true;
    default:
        return false;
    }
}

/* isspace() in the C locale, as Suricata's whitespace transforms test it. */
static bool is_ws(uint8_t c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static int hexval(uint8_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        return (c | 0x20) - 'a' + 10;
    return -1;
}

/* One transform from in to out (cap bytes); returns the length written. */
static size_t transform_one(enum detect_kw_id id, struct span in, uint8_t *out, size_t cap,
                            bool *cut)
{
    size_t n = 0, i = 0;
    switch (id) {
    case DETECT_KW_DOTPREFIX: /* "." before the buffer: ".evil.com" matches only whole labels */
        out[n++] = '.';
        for (; i < in.len && n < cap; i++)
            out[n++] = in.p[i];
        break;
    case DETECT_KW_TO_LOWERCASE:
    case DETECT_KW_TO_UPPERCASE:
        for (; i < in.len && n < cap; i++) {
            uint8_t c = in.p[i];
            if (id == DETECT_KW_TO_LOWERCASE && c >= 'A' && c <= 'Z')
                c |= 0x20;
            else if (id == DETECT_KW_TO_UPPERCASE && c >= 'a' && c <= 'z')
                c &= (uint8_t)~0x20;
            out[n++] = c;
        }
        break;
    case DETECT_KW_STRIP_WHITESPACE:
        for (; i < in.len && n < cap; i++)
            if (!is_ws(in.p[i]))
                out[n++] = in.p[i];
        break;
    case DETECT_KW_COMPRESS_WHITESPACE: /* a run of white space becomes its first byte */
        for (; i < in.len && n < cap; i++)
            if (!is_ws(in.p[i]) || i == 0 || !is_ws(in.p[i - 1]))
                out[n++] = in.p[i];
        break;
    case DETECT_KW_URL_DECODE: /* %HH and '+' (space); an invalid escape stays as it is */
        for (; i < in.len && n < cap; i++) {
            uint8_t c = in.p[i];
            if (c == '%' && i + 2 < in.len && hexval(in.p[i + 1]) >= 0 &&
                hexval(in.p[i + 2]) >= 0) {
                c = (uint8_t)(hexval(in.p[i + 1]) << 4 | hexval(in.p[i + 2]));
                i += 2;
            } else if (c == '+') {
                c = ' ';
            }
            out[n++] = c;
        }
        break;
    default:
        return 0;
    }
    *cut |= i < in.len;
    return n;
}

struct span detect_transforms_apply(const struct sig *s, uint32_t i, uint32_t end, struct span in,
                                    uint8_t *scratch, bool *cut)
{
    unsigned which = 0;
    for (; i < end; i++) {
        enum detect_kw_id id = s->kws[i].id;
        if (detect_kw_get(id)->kind != DETECT_KW_KIND_TRANSFORM)
            continue;
        uint8_t *out = scratch + (size_t)which * DETECT_XFORM_MAX;
        size_t n = transform_one(id, in, out, DETECT_XFORM_MAX, cut);
        in = (struct span){out, n};
        which ^= 1;
    }
    return in;
}

bool detect_fp_literal(const struct sig *s, int32_t fp, const uint8_t **p, uint32_t *len,
                       bool *caseless)
{
    const struct kw_content *c = s->kws[fp].data;
    uint16_t buf = s->kws[fp].buffer;
    uint32_t drop = 0;
    *p = c->pat;
    *len = c->len;
    if (c->flags & KW_CONTENT_FAST_CHOP) {
        *p += c->fp_chop_off;
        *len = c->fp_chop_len;
    }
    *caseless = (c->flags & KW_CONTENT_NOCASE) != 0;
    for (int32_t i = fp - 1; i >= 0 && s->kws[i].buffer == buf; i--) {
        enum detect_kw_id id = s->kws[i].id;
        if (detect_kw_get(id)->kind != DETECT_KW_KIND_TRANSFORM)
            continue;
        if (id == DETECT_KW_DOTPREFIX)
            drop++;
        else if (id == DETECT_KW_TO_LOWERCASE || id == DETECT_KW_TO_UPPERCASE)
            *caseless = true;
        else
            return false;
    }
    if (drop > 0 && (c->flags & KW_CONTENT_FAST_CHOP))
        return false; /* where the chopped part sits against the prefix is not known */
    if (*len <= drop)
        return false;
    *p += drop;
    *len -= drop;
    return true;
}

static int b64val(uint8_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

size_t detect_base64_decode(const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
    uint32_t acc = 0;
    unsigned bits = 0;
    size_t n = 0;
    for (size_t i = 0; i < len && n < cap; i++) {
        uint8_t ch = in[i];
        if (ch == '=')
            break;
        if (ch == '\r' || ch == '\n' || ch == ' ' || ch == '\t')
            continue;
        int v = b64val(ch);
        if (v < 0)
            break;
        acc = (acc << 6 | (uint32_t)v) & 0xffffff;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[n++] = (uint8_t)(acc >> bits);
        }
    }
    return n;
}
