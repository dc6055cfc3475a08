/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Transforms applied to a sticky buffer before its content/pcre chain (Suricata's
 * transforms): each reads the current bytes and writes the next version into one of the
 * worker's two scratch buffers (DETECT_XFORM_BUF bytes each; a longer result is cut there
 * and counted in detect_stats.xform_truncated).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <openssl/evp.h>
#include <pcre2.h>
#include <string.h>
#include <zlib.h>

#include "core/alloc.h"
#include "core/hex.h"
#include "detect/transform.h"
#include "verify_internal.h"

bool verify_is_transform(enum detect_kw_id id)
{
    return detect_kw_get(id)->kind == DETECT_KW_KIND_TRANSFORM;
}

static bool is_space(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static size_t url_decode(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o < cap; i++) {
        int hi, lo;
        if (in[i] == '%' && i + 2 < n && (hi = kh_hexval(in[i + 1])) >= 0 &&
            (lo = kh_hexval(in[i + 2])) >= 0) {
            out[o++] = (uint8_t)(hi << 4 | lo);
            i += 2;
        } else {
            out[o++] = in[i] == '+' ? ' ' : in[i];
        }
    }
    return o;
}

static int b64val(uint8_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* from_base64 as its mode says; '=' ends the data. */
static size_t from_base64(const struct kw_xform *x, const uint8_t *in, size_t n, uint8_t *out,
                          size_t cap)
{
    if (x->b64_offset >= n)
        return 0;
    in += x->b64_offset;
    n -= x->b64_offset;
    if (x->b64_bytes && x->b64_bytes < n)
        n = x->b64_bytes;
    uint32_t acc = 0, bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < n && in[i] != '='; i++) {
        int v = b64val(in[i]);
        if (v < 0) {
            if (x->b64_mode == KW_B64_RFC2045)
                continue;
            if (x->b64_mode == KW_B64_STRICT)
                return 0;
            break;
        }
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (o < cap)
                out[o++] = (uint8_t)(acc >> bits);
        }
    }
    return o;
}

static size_t pcrexform(const struct kw_xform *x, const uint8_t *in, size_t n, uint8_t *out,
                        size_t cap, void *md)
{
    int rc = pcre2_match(x->re, in, n, 0, 0, md, NULL);
    if (rc < 2) { /* no match or no first group: the buffer is left as it is */
        size_t k = n < cap ? n : cap;
        memcpy(out, in, k);
        return k;
    }
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    size_t k = ov[3] - ov[2] < cap ? ov[3] - ov[2] : cap;
    memcpy(out, in + ov[2], k);
    return k;
}

static size_t digest(const EVP_MD *m, const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int dlen = 0;
    if (EVP_Digest(in, n, d, &dlen, m, NULL) != 1 || dlen > cap)
        return 0;
    memcpy(out, d, dlen);
    return dlen;
}

static voidpf z_alloc(voidpf opaque, uInt n, uInt size)
{
    (void)opaque;
    return kh_calloc(n, size);
}

static void z_free(voidpf opaque, voidpf p)
{
    (void)opaque;
    kh_free(p);
}

void *detect_inflate_new(void)
{
    z_stream *zs = kh_calloc(1, sizeof(*zs));
    if (zs == NULL)
        return NULL;
    zs->zalloc = z_alloc;
    zs->zfree = z_free;
    if (inflateInit2(zs, 15 + 16) != Z_OK) {
        kh_free(zs);
        return NULL;
    }
    return zs;
}

void detect_inflate_free(void *zs)
{
    if (zs != NULL)
        inflateEnd(zs);
    kh_free(zs);
}

/*
 * gunzip (gzip) / zlib_deflate (zlib): the decompressed bytes, at most max-size; what came
 * before an error in the data is kept. The worker's one stream is reset for each use (its
 * window is allocated once).
 */
static size_t decompress(const struct kw_xform *x, bool gzip, const uint8_t *in, size_t n,
                         uint8_t *out, size_t cap, void *zsv)
{
    z_stream *zs = zsv;
    if (zs == NULL || inflateReset2(zs, gzip ? 15 + 16 : 15) != Z_OK)
        return 0;
    size_t room = x->max_size < cap ? x->max_size : cap;
    zs->next_in = (Bytef *)(uintptr_t)in;
    zs->avail_in = n > UINT32_MAX ? UINT32_MAX : (uInt)n;
    zs->next_out = out;
    zs->avail_out = (uInt)room;
    (void)inflate(zs, Z_SYNC_FLUSH);
    return room - zs->avail_out;
}

/* One transform of in into out (cap bytes); returns the length written. */
static size_t apply(const struct sig_kw *k, const uint8_t *in, size_t n, uint8_t *out, size_t cap,
                    void *md, void *zs)
{
    size_t o = 0;
    switch (k->id) {
    case DETECT_KW_DOTPREFIX: /* "." before the buffer: ".evil.com" matches only whole labels */
        if (cap == 0)
            return 0;
        out[o++] = '.';
        for (size_t i = 0; i < n && o < cap; i++)
            out[o++] = in[i];
        return o;
    case DETECT_KW_TO_LOWERCASE:
    case DETECT_KW_TO_UPPERCASE:
        for (; o < n && o < cap; o++)
            out[o] = (uint8_t)(k->id == DETECT_KW_TO_LOWERCASE ? tolower(in[o]) : toupper(in[o]));
        return o;
    case DETECT_KW_STRIP_WHITESPACE:
        for (size_t i = 0; i < n && o < cap; i++)
            if (!is_space(in[i]))
                out[o++] = in[i];
        return o;
    case DETECT_KW_COMPRESS_WHITESPACE:
        for (size_t i = 0; i < n && o < cap; i++)
            if (!is_space(in[i]) || o == 0 || !is_space(out[o - 1]))
                out[o++] = in[i];
        return o;
    case DETECT_KW_HEADER_LOWERCASE: { /* names: up to each line's ':' */
        bool name = true;
        for (; o < n && o < cap; o++) {
            out[o] = (uint8_t)(name ? tolower(in[o]) : in[o]);
            name = in[o] == '\n' ? true : in[o] == ':' ? false : name;
        }
        return o;
    }
    case DETECT_KW_STRIP_PSEUDO_HEADERS: { /* lines starting with ':' (HTTP/2) go */
        for (size_t i = 0; i < n;) {
            const uint8_t *nl = memchr(in + i, '\n', n - i);
            size_t end = nl ? (size_t)(nl - in) + 1 : n;
            for (size_t j = i; in[i] != ':' && j < end && o < cap; j++)
                out[o++] = in[j];
            i = end;
        }
        return o;
    }
    case DETECT_KW_URL_DECODE:
        return url_decode(in, n, out, cap);
    case DETECT_KW_TO_MD5:
        return digest(EVP_md5(), in, n, out, cap);
    case DETECT_KW_TO_SHA1:
        return digest(EVP_sha1(), in, n, out, cap);
    case DETECT_KW_TO_SHA256:
        return digest(EVP_sha256(), in, n, out, cap);
    case DETECT_KW_XOR: {
        const struct kw_xform *x = k->data;
        for (; o < n && o < cap; o++)
            out[o] = in[o] ^ x->key[o % x->keylen];
        return o;
    }
    case DETECT_KW_PCREXFORM:
        return pcrexform(k->data, in, n, out, cap, md);
    case DETECT_KW_FROM_BASE64:
        return from_base64(k->data, in, n, out, cap);
    case DETECT_KW_GUNZIP:
    case DETECT_KW_ZLIB_DEFLATE:
        return decompress(k->data, k->id == DETECT_KW_GUNZIP, in, n, out, cap, zs);
    default: /* not run (keywords.def does not mark it matchable) */
        o = n < cap ? n : cap;
        memcpy(out, in, o);
        return o;
    }
}

uint32_t verify_transforms(const struct sig *s, uint32_t i, uint32_t end, struct vctx *v)
{
    int which = 0;
    for (; i < end && !verify_is_payload_kw(s->kws[i].id); i++) {
        if (!verify_is_transform(s->kws[i].id))
            continue;
        uint8_t *out = v->xbuf[which];
        size_t n = apply(&s->kws[i], v->buf, v->len, out, DETECT_XFORM_BUF, v->md, v->zs);
        if (n == DETECT_XFORM_BUF && v->xtrunc != NULL)
            (*v->xtrunc)++;
        v->buf = out;
        v->len = n;
        which ^= 1;
    }
    return i;
}

bool verify_kw_transformed(const struct sig *s, uint32_t idx)
{
    uint16_t buf = s->kws[idx].buffer;
    for (uint32_t i = idx; i-- > 0 && s->kws[i].buffer == buf;) {
        if (verify_is_transform(s->kws[i].id))
            return true;
    }
    return false;
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
