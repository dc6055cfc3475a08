/* SPDX-License-Identifier: GPL-2.0-only */
/* Write a flat list of dotted counter names as nested JSON objects. */
#include "stats.h"

#include <stdlib.h>
#include <string.h>

int stats_value_cmp(const void *a, const void *b)
{
    const unsigned char *x = (const unsigned char *)((const struct stats_value *)a)->name;
    const unsigned char *y = (const unsigned char *)((const struct stats_value *)b)->name;
    /* A dot sorts before every other character, so "a.b.c" stays next to "a.b.d". */
    for (;; x++, y++) {
        unsigned cx = *x == '.' ? 1 : *x;
        unsigned cy = *y == '.' ? 1 : *y;
        if (cx != cy || cx == 0)
            return (int)cx - (int)cy;
    }
}

/* Length of the first n dot-separated components of name (n >= 1). */
static size_t prefix_len(const char *name, size_t n)
{
    const char *p = name;
    for (;;) {
        const char *dot = strchr(p, '.');
        if (dot == NULL)
            return strlen(name);
        if (--n == 0)
            return (size_t)(dot - name);
        p = dot + 1;
    }
}

static size_t components(const char *name)
{
    size_t n = 1;
    for (; *name; name++)
        n += *name == '.';
    return n;
}

/* How many leading object components two names share. */
static size_t shared_objects(const char *a, const char *b)
{
    size_t na = components(a) - 1, nb = components(b) - 1;
    size_t shared = 0;
    while (shared < na && shared < nb) {
        size_t la = prefix_len(a, shared + 1), lb = prefix_len(b, shared + 1);
        if (la != lb || memcmp(a, b, la) != 0)
            break;
        shared++;
    }
    return shared;
}

void stats_write_nested(struct jbuf *jb, struct stats_value *vals, size_t n)
{
    qsort(vals, n, sizeof(*vals), stats_value_cmp);
    const char *prev = NULL;
    size_t open = 0; /* objects opened for prev's path */
    for (size_t i = 0; i < n; i++) {
        const char *name = vals[i].name;
        size_t keep = prev ? shared_objects(prev, name) : 0;
        for (; open > keep; open--)
            jb_close_object(jb);
        size_t depth = components(name) - 1;
        char key[128];
        for (; open < depth; open++) {
            size_t start = open ? prefix_len(name, open) + 1 : 0;
            size_t end = prefix_len(name, open + 1);
            size_t len = end - start < sizeof(key) - 1 ? end - start : sizeof(key) - 1;
            memcpy(key, name + start, len);
            key[len] = '\0';
            jb_open_object(jb, key);
        }
        const char *leaf = strrchr(name, '.');
        jb_u64(jb, leaf ? leaf + 1 : name, vals[i].value);
        prev = name;
    }
    for (; open > 0; open--)
        jb_close_object(jb);
}
