/* SPDX-License-Identifier: GPL-2.0-only */
/* A streaming JSON writer into a capped, reusable buffer, for one EVE record at a time. */
#ifndef KH_CORE_JSON_H
#define KH_CORE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JB_MAX_DEPTH 32

/*
 * One JSON document being written. Keys are trusted ASCII constants from khien's own code
 * and are written as they are; string values are escaped (control bytes and bytes >= 0x80
 * become \u00XX, as Suricata writes them). The buffer grows up to `max`; past that
 * `overflow` is set, further writes are ignored and the caller drops and counts the record.
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

/* Containers; `key` is NULL for the top level and for array elements. */
void jb_open_object(struct jbuf *jb, const char *key);
void jb_close_object(struct jbuf *jb);
void jb_open_array(struct jbuf *jb, const char *key);
void jb_close_array(struct jbuf *jb);

void jb_str(struct jbuf *jb, const char *key, const char *val);
void jb_strn(struct jbuf *jb, const char *key, const void *val, size_t n);
void jb_u64(struct jbuf *jb, const char *key, uint64_t v);
void jb_i64(struct jbuf *jb, const char *key, int64_t v);
void jb_bool(struct jbuf *jb, const char *key, bool v);
/* A value already in JSON form (a number formatted by the caller, a nested document). */
void jb_raw(struct jbuf *jb, const char *key, const char *json, size_t n);

/* Append bytes outside the JSON structure (the newline after a record). */
void jb_append(struct jbuf *jb, const char *s, size_t n);

#endif
