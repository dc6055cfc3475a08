/* SPDX-License-Identifier: GPL-2.0-only */
/* The bounds-checked byte cursor: the only way khien reads hostile bytes (docs/internals/cursor.md). */
#ifndef KH_CORE_CURSOR_H
#define KH_CORE_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A borrowed run of bytes; it never owns its memory. */
struct span {
    const uint8_t *p;
    size_t len;
};

/*
 * A read position over a buffer. Every read checks what is left; a read past the end
 * returns 0 (or an empty span), sets `bad` and empties the cursor, so every later read
 * fails too. Read a whole header, then test `bad` once.
 */
struct cursor {
    const uint8_t *p; /* next byte to read */
    size_t left;      /* bytes left from p */
    bool bad;         /* sticky: a read ran past the end */
};

static inline struct cursor cur_init(const uint8_t *p, size_t len)
{
    struct cursor c = {.p = p, .left = len, .bad = false};
    return c;
}

static inline void cur_fail(struct cursor *c)
{
    c->bad = true;
    c->left = 0;
}

/* Consumed bytes relative to a start pointer the caller kept. */
static inline size_t cur_offset(const struct cursor *c, const uint8_t *start)
{
    return (size_t)(c->p - start);
}

static inline bool cur_has(const struct cursor *c, size_t n)
{
    return c->left >= n;
}

static inline uint8_t cur_u8(struct cursor *c)
{
    if (c->left < 1) {
        cur_fail(c);
        return 0;
    }
    uint8_t v = c->p[0];
    c->p += 1;
    c->left -= 1;
    return v;
}

static inline uint16_t cur_be16(struct cursor *c)
{
    if (c->left < 2) {
        cur_fail(c);
        return 0;
    }
    uint16_t v = (uint16_t)(c->p[0] << 8 | c->p[1]);
    c->p += 2;
    c->left -= 2;
    return v;
}

static inline uint32_t cur_be32(struct cursor *c)
{
    if (c->left < 4) {
        cur_fail(c);
        return 0;
    }
    uint32_t v = (uint32_t)c->p[0] << 24 | (uint32_t)c->p[1] << 16 | (uint32_t)c->p[2] << 8 |
                 (uint32_t)c->p[3];
    c->p += 4;
    c->left -= 4;
    return v;
}

static inline uint16_t cur_le16(struct cursor *c)
{
    if (c->left < 2) {
        cur_fail(c);
        return 0;
    }
    uint16_t v = (uint16_t)(c->p[1] << 8 | c->p[0]);
    c->p += 2;
    c->left -= 2;
    return v;
}

static inline uint32_t cur_le32(struct cursor *c)
{
    if (c->left < 4) {
        cur_fail(c);
        return 0;
    }
    uint32_t v = (uint32_t)c->p[3] << 24 | (uint32_t)c->p[2] << 16 | (uint32_t)c->p[1] << 8 |
                 (uint32_t)c->p[0];
    c->p += 4;
    c->left -= 4;
    return v;
}

/* Look at the next byte without consuming it; 0 and no failure when empty. */
static inline uint8_t cur_peek_u8(const struct cursor *c)
{
    return c->left ? c->p[0] : 0;
}

static inline void cur_skip(struct cursor *c, size_t n)
{
    if (c->left < n) {
        cur_fail(c);
        return;
    }
    c->p += n;
    c->left -= n;
}

/* Copy n bytes out (into a wire struct or an address); zero-fills dst on failure. */
static inline void cur_copy(struct cursor *c, void *dst, size_t n)
{
    if (c->left < n) {
        cur_fail(c);
        memset(dst, 0, n);
        return;
    }
    memcpy(dst, c->p, n);
    c->p += n;
    c->left -= n;
}

/* Take n bytes as a span borrowed from the cursor's buffer. */
static inline struct span cur_bytes(struct cursor *c, size_t n)
{
    struct span s = {.p = c->p, .len = 0};
    if (c->left < n) {
        cur_fail(c);
        return s;
    }
    s.len = n;
    c->p += n;
    c->left -= n;
    return s;
}

/* Everything left, as a span; the cursor is then empty (not bad). */
static inline struct span cur_rest(struct cursor *c)
{
    struct span s = {.p = c->p, .len = c->left};
    c->p += c->left;
    c->left = 0;
    return s;
}

/*
 * A child cursor over the next n bytes, bounded by a length field, so a nested structure
 * cannot read past its parent; the parent moves past them. On failure both are bad.
 */
static inline struct cursor cur_sub(struct cursor *c, size_t n)
{
    struct cursor sub = {.p = c->p, .left = 0, .bad = true};
    if (c->left < n) {
        cur_fail(c);
        return sub;
    }
    sub.left = n;
    sub.bad = false;
    c->p += n;
    c->left -= n;
    return sub;
}

#endif
