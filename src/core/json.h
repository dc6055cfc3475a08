/* SPDX-License-Identifier: GPL-2.0-only */
/* A streaming JSON writer into a capped, reusable buffer, for EVE records. */
#ifndef KH_CORE_JSON_H
#define KH_CORE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define JB_MAX_DEPTH 32

/*
 * One JSON document being written (or several, one after another, when the caller
 * gathers records in one buffer: see jb_begin_document()). Keys are trusted ASCII
 * constants from khien's own code and are written as they are; string values are escaped
 * (control bytes and bytes >= 0x80 become \u00XX, as Suricata writes them). The buffer
 * grows up to `max`; past that `overflow` is set, further writes are ignored and the caller
 * drops and counts the record.
 *
 * The member writers are inline: EVE writes a few dozen members per record on the output
 * path, and inlining lets the compiler fold each constant key's length and copy.
 */
struct jbuf {
    char *buf;
    size_t len;
    size_t cap;
    size_t max;
    bool overflow;
    uint8_t depth;
    uint64_t need_comma; /* bit d: the container at depth d already holds a member */
};

int jb_init(struct jbuf *jb, size_t initial, size_t max);
void jb_fini(struct jbuf *jb);
/* Empty the buffer for the next document, keeping its memory. */
void jb_reset(struct jbuf *jb);
/* Start a new document after what the buffer already holds (clears overflow and nesting). */
void jb_begin_document(struct jbuf *jb);
/* Drop everything after `len` bytes (a record that overflowed), clearing overflow. */
void jb_truncate(struct jbuf *jb, size_t len);

/* Grow so that n more bytes fit; false (and overflow set) when the cap forbids it. */
bool jb_grow(struct jbuf *jb, size_t n);

static inline bool jb_reserve(struct jbuf *jb, size_t n)
{
    if (__builtin_expect(jb->cap - jb->len >= n, 1))
        return true;
    return jb_grow(jb, n);
}

/*
 * The separator and key that start every member, plus `extra` bytes of room for the
 * value, in one capacity check. Returns where the value goes, or NULL at the cap.
 */
static inline char *jb_member(struct jbuf *jb, const char *key, size_t extra)
{
    size_t klen = key ? strlen(key) : 0;
    if (!jb_reserve(jb, klen + 4 + extra))
        return NULL;
    char *o = jb->buf + jb->len;
    uint64_t bit = 1ULL << jb->depth;
    if (jb->need_comma & bit)
        *o++ = ',';
    jb->need_comma |= bit;
    if (key != NULL) {
        *o++ = '"';
        memcpy(o, key, klen);
        o += klen;
        *o++ = '"';
        *o++ = ':';
    }
    jb->len = (size_t)(o - jb->buf);
    return o;
}

/* Containers; `key` is NULL for the top level and for array elements. */
void jb_open_object(struct jbuf *jb, const char *key);
void jb_close_object(struct jbuf *jb);
void jb_open_array(struct jbuf *jb, const char *key);
void jb_close_array(struct jbuf *jb);

void jb_str(struct jbuf *jb, const char *key, const char *val);
void jb_strn(struct jbuf *jb, const char *key, const void *val, size_t n);

/*
 * A string the caller knows needs no escaping (a timestamp, an address, a constant name):
 * copied as it is, without the per-byte escape scan. Never for bytes from the network.
 */
static inline void jb_str_plain(struct jbuf *jb, const char *key, const char *val, size_t n)
{
    char *o = jb_member(jb, key, n + 2);
    if (o == NULL)
        return;
    *o++ = '"';
    memcpy(o, val, n);
    o += n;
    *o++ = '"';
    jb->len = (size_t)(o - jb->buf);
}

/* Digits of v written backwards ending at end; returns where they start. */
static inline char *jb_fmt_u64(char *end, uint64_t v)
{
    do {
        *--end = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return end;
}

static inline void jb_u64(struct jbuf *jb, const char *key, uint64_t v)
{
    char tmp[24];
    char *p = jb_fmt_u64(tmp + sizeof(tmp), v);
    size_t n = (size_t)(tmp + sizeof(tmp) - p);
    char *o = jb_member(jb, key, n);
    if (o == NULL)
        return;
    memcpy(o, p, n);
    jb->len += n;
}

void jb_i64(struct jbuf *jb, const char *key, int64_t v);

static inline void jb_bool(struct jbuf *jb, const char *key, bool v)
{
    char *o = jb_member(jb, key, 5);
    if (o == NULL)
        return;
    memcpy(o, v ? "true" : "false", v ? 4 : 5);
    jb->len += v ? 4 : 5;
}

/* A value already in JSON form (a number formatted by the caller, a nested document). */
void jb_raw(struct jbuf *jb, const char *key, const char *json, size_t n);

/* Append bytes outside the JSON structure (the newline after a record). */
void jb_append(struct jbuf *jb, const char *s, size_t n);

#endif
