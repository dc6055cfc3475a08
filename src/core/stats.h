/* SPDX-License-Identifier: GPL-2.0-only */
/* Counters: each module keeps plain uint64_t fields and describes them with a stats_field table. */
#ifndef KH_CORE_STATS_H
#define KH_CORE_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"

/*
 * One counter of a module's counter struct: its dotted EVE name under "stats" (as Suricata
 * spells it, e.g. "decoder.ipv4") and its byte offset in the struct. Hot code just does
 * `st->ipv4++`; the tables are read only when stats are written.
 */
struct stats_field {
    const char *name;
    uint32_t off;
};

#define STATS_FIELD(name, type, member)                                                            \
    {                                                                                              \
        name, (uint32_t)offsetof(type, member)                                                     \
    }

static inline uint64_t stats_field_get(const struct stats_field *f, const void *counters)
{
    uint64_t v;
    __builtin_memcpy(&v, (const char *)counters + f->off, sizeof(v));
    return v;
}

/* A named value ready to be written. */
struct stats_value {
    const char *name;
    uint64_t value;
};

/*
 * Write values as nested JSON objects, splitting names at dots; the values are sorted
 * in place so that names sharing a prefix share an object. Names must not be both a
 * counter and a prefix of another counter.
 */
void stats_write_nested(struct jbuf *jb, struct stats_value *vals, size_t n);

/* Compare dotted names component by component (qsort comparator on struct stats_value). */
int stats_value_cmp(const void *a, const void *b);

#endif
