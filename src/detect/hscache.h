/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The on-disk cache of compiled Vectorscan databases (Suricata 8's detect.sgh-mpm-caching):
 * a restart with the same rules loads each prefilter database instead of compiling it.
 */
#ifndef KH_DETECT_HSCACHE_H
#define KH_DETECT_HSCACHE_H

#include <hs/hs.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HSCACHE_MAX_FILE (1ull << 30) /* a cache file larger than this is not read */

struct hscache {
    const char *dir;    /* detect.sgh-mpm-caching-path; NULL: no cache */
    uint64_t max_age_s; /* detect.sgh-mpm-caching-max-age; 0: files are never pruned */
    /* What the build did, for the start-up summary. */
    uint32_t loaded;   /* databases read from the cache */
    uint32_t compiled; /* databases compiled (not cached, or the file was unusable) */
    uint32_t saved;    /* databases written to the cache */
    uint32_t rejected; /* cache files present but unusable (damaged, other version) */
    uint32_t pruned;   /* files older than max_age removed */
    bool write_failed; /* the first write error was reported; later ones are silent */
};

/*
 * hs_compile_multi() in block mode, through the cache when c->dir is set: the key is a
 * SHA-256 over the Vectorscan version, the platform and every (expression, flags, id), so
 * a database is reused only for the very same input. A cache file that cannot be read or
 * checked is compiled afresh and rewritten; a cache that cannot be written costs only the
 * saving. Returns HS_SUCCESS or the compile error, with its message in err.
 */
int hscache_compile(struct hscache *c, const char *const *exprs, const unsigned *flags,
                    const unsigned *ids, unsigned n, hs_database_t **db, char *err, size_t errlen);

/* Remove cache files not used for longer than c->max_age_s (nothing when it is 0). */
void hscache_prune(struct hscache *c);

/*
 * A duration as Suricata writes sgh-mpm-caching-max-age: "7d", "1d12h", "30m", "2w", "1y"
 * (units s m h d w y, combined) or plain seconds; -1 when the text is not one.
 */
int hscache_parse_age(const char *text, uint64_t *seconds);

#endif
