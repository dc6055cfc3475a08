/* SPDX-License-Identifier: GPL-2.0-only */
/* The `intel:` section of the YAML configuration, and loading every configured feed. */
#ifndef KH_INTEL_CONFIG_H
#define KH_INTEL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/conf.h"
#include "feeds.h"

#define INTEL_MAX_FEED_CFGS 256u

struct intel_config {
    bool enabled;
    char sensor[128];            /* intel.sensor, default the host name */
    bool sightings;              /* intel.sightings.enabled */
    uint64_t sightings_interval; /* seconds of packet time between records; 0: at the end only */
    uint32_t sightings_max;      /* distinct indicators counted per interval (cap; more: dropped) */
    uint32_t body_hash_max;      /* HTTP bodies hashed at once per worker (cap; more: not hashed) */
    struct intel_feed_cfg feeds[INTEL_MAX_FEED_CFGS];
    char *paths[INTEL_MAX_FEED_CFGS]; /* owned: default-path joined with relative paths */
    char *cat_paths[INTEL_MAX_FEED_CFGS];
    unsigned nfeeds;
};

/*
 * Read intel: from conf (strings are borrowed from conf, which must outlive c). 0, or
 * KH_EINVAL with "key: reason at file:line" in errbuf.
 */
int intel_config_load(struct intel_config *c, const struct conf *conf, char *errbuf, size_t errlen);
void intel_config_fini(struct intel_config *c);

/*
 * Load every feed and build the tables. A feed that cannot be read is an error (logged);
 * with fatal it fails the load, else the other feeds load. Logs one line per feed with
 * its counts. NULL only when memory runs out or fatal is set and a feed failed.
 */
struct intel_sets *intel_load_all(const struct intel_config *c, bool fatal, char *errbuf,
                                  size_t errlen);

#endif
