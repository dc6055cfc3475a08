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

/* Make room for n more bytes; false (and overflow set) when the cap does not allow it. */
static bool reserve(struct jbuf *jb, size_t n)
{
    if (likely(jb->cap - jb->len >= n))
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

static void put(struct jbuf *jb, const char *s, size_t n)
{
    if (!reserve(jb, n))
        return;
    memcpy(jb->buf + jb->len, s, n);
    jb->len += n;
}

static void putc_(struct jbuf *jb, char c)
{
    if (!reserve(jb, 1))
        return;
    jb->buf[jb->len++] = c;
}

void jb_append(struct jbuf *jb, const char *s, size_t n)
{
    put(jb, s, n);
}

/* The separator and key that start every member. */
static void member(struct jbuf *jb, const char *key)
{
    uint64_t bit = 1ULL << jb->depth;
    if (jb->need_comma & bit)
        putc_(jb, ',');
    jb->need_comma |= bit;
    if (key != NULL) {
        putc_(jb, '"');
        put(jb, key, strlen(key));
        put(jb, "\":", 2);
    }
}

static void open_container(struct jbuf *jb, const char *key, char c)
{
    if (jb->depth + 1 >= JB_MAX_DEPTH) {
        jb->overflow = true;
        return;
    }
    member(jb, key);
    putc_(jb, c);
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
    if (n > (SIZE_MAX - 2) / 6 || !reserve(jb, n * 6 + 2))
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
    member(jb, key);
    put_escaped(jb, val, n);
}

void jb_str(struct jbuf *jb, const char *key, const char *val)
{
    jb_strn(jb, key, val, strlen(val));
}

/* Digits of v into the end of tmp; returns where they start. */
static char *fmt_u64(char tmp[24], uint64_t v)
{
    char *p = tmp + 24;
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return p;
}

void jb_u64(struct jbuf *jb, const char *key, uint64_t v)
{
    char tmp[24];
    char *p = fmt_u64(tmp, v);
    member(jb, key);
    put(jb, p, (size_t)(tmp + 24 - p));
}

void jb_i64(struct jbuf *jb, const char *key, int64_t v)
{
    char tmp[24];
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    char *p = fmt_u64(tmp, mag);
    if (v < 0)
        *--p = '-';
    member(jb, key);
    put(jb, p, (size_t)(tmp + 24 - p));
}

void jb_bool(struct jbuf *jb, const char *key, bool v)
{
    member(jb, key);
    if (v)
        put(jb, "true", 4);
    else
        put(jb, "false", 5);
}

void jb_raw(struct jbuf *jb, const char *key, const char *json, size_t n)
{
    member(jb, key);
    put(jb, json, n);
}
