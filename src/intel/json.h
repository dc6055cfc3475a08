/* SPDX-License-Identifier: GPL-2.0-only */
/* A small bounds-checked JSON reader (DOM) for indicator feeds: STIX 2.1 and MISP files. */
#ifndef KH_INTEL_JSON_H
#define KH_INTEL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Why our own: no JSON library is on the project's allowed list, and feeds need only a DOM
 * of a whole file read with hard caps. Nesting is walked with an explicit stack (no
 * recursion), so depth is bounded by IJ_MAX_DEPTH whatever the input says.
 */
#define IJ_MAX_DEPTH 64u          /* nesting levels; deeper is an error */
#define IJ_MAX_INPUT (512u << 20) /* bytes of one document (512 MiB) */
#define IJ_MAX_NODES (64u << 20)  /* values in one document */
#define IJ_NONE      UINT32_MAX

enum ij_type {
    IJ_NULL = 0,
    IJ_BOOL,
    IJ_NUM,
    IJ_STR,
    IJ_ARR,
    IJ_OBJ,
};

/* One value; children are linked by index (the node array may move while it is built). */
struct ij_node {
    uint32_t key;   /* offset of the member name in the text arena, or IJ_NONE */
    uint32_t str;   /* string (unescaped) or number text, NUL-terminated in the arena */
    uint32_t len;   /* its length (a string may hold a NUL from \u0000) */
    uint32_t first; /* first child of an array or object */
    uint32_t next;  /* next sibling */
    uint8_t type;   /* enum ij_type */
    bool b;         /* the value of a boolean */
};

struct ij_doc;

/*
 * Parse a whole document. NULL on error with "line N: reason" in errbuf (also when a cap
 * is reached or memory runs out). Trailing bytes other than whitespace are an error.
 */
struct ij_doc *ij_parse(const uint8_t *buf, size_t len, char *errbuf, size_t errlen);
void ij_free(struct ij_doc *d);

const struct ij_node *ij_root(const struct ij_doc *d);
/* A member of an object by name, or NULL (also when n is not an object). */
const struct ij_node *ij_get(const struct ij_doc *d, const struct ij_node *n, const char *key);
/* First child / next sibling, or NULL. */
const struct ij_node *ij_first(const struct ij_doc *d, const struct ij_node *n);
const struct ij_node *ij_next(const struct ij_doc *d, const struct ij_node *n);
/* A string value (NUL-terminated), or NULL when n is not a string. */
const char *ij_str(const struct ij_doc *d, const struct ij_node *n);
/* A member's string value, or NULL. */
const char *ij_get_str(const struct ij_doc *d, const struct ij_node *n, const char *key);
/* The member name of a node inside an object, or NULL. */
const char *ij_key(const struct ij_doc *d, const struct ij_node *n);
/* A number (or a numeric string) as a double; false when it is neither. */
bool ij_num(const struct ij_doc *d, const struct ij_node *n, double *out);
/* Nodes in the document (for tests and stats). */
uint32_t ij_count(const struct ij_doc *d);

#endif
