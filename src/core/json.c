/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * JSON writer. Hand-written rather than a library because it runs once per EVE record on the
 * output path: it writes straight into one reused buffer with no tree and no allocation once
 * the buffer has reached its working size.
 */
#include "json.h"

#include <string.h>

#include "alloc.h"
#include "compiler.h"
#include "err.h"

int jb_init(struct jbuf *jb, size_t initial, size_t max)
{
    memset(jb, 0, sizeof(*jb));
    if (initial == 0 || initial > max)
        return KH_EINVAL;
    jb->buf = kh_malloc(initial);
    if (jb->buf == NULL)
        return KH_ENOMEM;
    jb->cap = initial;
    jb->max = max;
    return KH_OK;
}

void jb_fini(struct jbuf *jb)
{
    kh_free(jb->buf);
    memset(jb, 0, sizeof(*jb));
}

void jb_reset(struct jbuf *jb)
{
    jb->len = 0;
    jb->overflow = false;
    jb->depth = 0;
    jb->need_comma = 0;
}

bool jb_grow(struct jbuf *jb, size_t n)
{
    if (jb->cap - jb->len >= n)
        return true;
    if (jb->overflow || n > jb->max - jb->len) {
        jb->overflow = true;
        return false;
    }
    size_t cap = jb->cap;
    while (cap - jb->len < n)
        cap = cap > jb->max / 2 ? jb->max : cap * 2;
    char *nb = kh_reallocarray(jb->buf, cap, 1);
    if (nb == NULL) {
        jb->overflow = true;
        return false;
    }
    jb->buf = nb;
    jb->cap = cap;
    return true;
}

void jb_begin_document(struct jbuf *jb)
{
    jb->overflow = false;
    jb->depth = 0;
    jb->need_comma = 0;
}

void jb_truncate(struct jbuf *jb, size_t len)
{
    if (len < jb->len)
        jb->len = len;
    jb->overflow = false;
}

static void put(struct jbuf *jb, const char *s, size_t n)
{
    if (!jb_reserve(jb, n))
        return;
    memcpy(jb->buf + jb->len, s, n);
    jb->len += n;
}

static void putc_(struct jbuf *jb, char c)
{
    if (!jb_reserve(jb, 1))
        return;
    jb->buf[jb->len++] = c;
}

void jb_append(struct jbuf *jb, const char *s, size_t n)
{
    put(jb, s, n);
}

static void open_container(struct jbuf *jb, const char *key, char c)
{
    if (jb->depth + 1 >= JB_MAX_DEPTH) {
        jb->overflow = true;
        return;
    }
    char *o = jb_member(jb, key, 1);
    if (o == NULL)
        return;
    *o = c;
    jb->len++;
    jb->depth++;
    jb->need_comma &= ~(1ULL << jb->depth);
}

static void close_container(struct jbuf *jb, char c)
{
    DEBUG_ASSERT(jb->depth > 0);
    if (jb->depth == 0) {
        jb->overflow = true;
        return;
    }
    jb->depth--;
    putc_(jb, c);
}

void jb_open_object(struct jbuf *jb, const char *key)
{
    open_container(jb, key, '{');
}

void jb_close_object(struct jbuf *jb)
{
    close_container(jb, '}');
}

void jb_open_array(struct jbuf *jb, const char *key)
{
    open_container(jb, key, '[');
}

void jb_close_array(struct jbuf *jb)
{
    close_container(jb, ']');
}

/* Escape one string value; the worst case is six bytes out per byte in. */
static void put_escaped(struct jbuf *jb, const uint8_t *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (n > (SIZE_MAX - 2) / 6 || !jb_reserve(jb, n * 6 + 2))
        return;
    char *o = jb->buf + jb->len;
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        uint8_t b = s[i];
        if (likely(b >= 0x20 && b < 0x7f && b != '"' && b != '\\')) {
            *o++ = (char)b;
            continue;
        }
        *o++ = '\\';
        switch (b) {
        case '"':
            *o++ = '"';
            break;
        case '\\':
            *o++ = '\\';
            break;
        case '\n':
            *o++ = 'n';
            break;
        case '\r':
            *o++ = 'r';
            break;
        case '\t':
            *o++ = 't';
            break;
        default:
            *o++ = 'u';
            *o++ = '0';
            *o++ = '0';
            *o++ = hex[b >> 4];
            *o++ = hex[b & 0xf];
        }
    }
    *o++ = '"';
    jb->len = (size_t)(o - jb->buf);
}

void jb_strn(struct jbuf *jb, const char *key, const void *val, size_t n)
{
    if (jb_member(jb, key, 0) != NULL)
        put_escaped(jb, val, n);
}

void jb_str(struct jbuf *jb, const char *key, const char *val)
{
    jb_strn(jb, key, val, strlen(val));
}

void jb_i64(struct jbuf *jb, const char *key, int64_t v)
{
    char tmp[24];
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    char *p = jb_fmt_u64(tmp + sizeof(tmp), mag);
    if (v < 0)
        *--p = '-';
    size_t n = (size_t)(tmp + 24 - p);
    char *o = jb_member(jb, key, n);
    if (o == NULL)
        return;
    memcpy(o, p, n);
    jb->len += n;
}

void jb_raw(struct jbuf *jb, const char *key, const char *json, size_t n)
{
    if (jb_member(jb, key, n) != NULL)
        put(jb, json, n);
}
