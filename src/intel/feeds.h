/* SPDX-License-Identifier: GPL-2.0-only */
/* Feed readers: plain lists, CSV, STIX 2.1, MISP events and feeds, Suricata datasets and iprep. */
#ifndef KH_INTEL_FEEDS_H
#define KH_INTEL_FEEDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "intel.h"

enum intel_format {
    INTEL_FMT_PLAIN = 0,
    INTEL_FMT_CSV,
    INTEL_FMT_STIX,
    INTEL_FMT_MISP,      /* one MISP JSON event export */
    INTEL_FMT_MISP_FEED, /* a MISP feed folder: manifest.json and one file per event */
    INTEL_FMT_DATASET,   /* a Suricata dataset file */
    INTEL_FMT_IPREP,     /* a Suricata iprep file with its categories file */
    INTEL_FMT_MAX,
};

#define INTEL_MAX_FILE          (1024u << 20) /* bytes of one feed file read (1 GiB) */
#define INTEL_MAX_LINE          4096u         /* bytes of one line of a line format */
#define INTEL_MAX_ERRORS_LOGGED 20u           /* per feed; more are counted only */
#define INTEL_MAX_PATTERN_TERMS 64u           /* comparisons in one STIX pattern */

/* One feed as configured, with its defaults for what the file does not say. */
struct intel_feed_cfg {
    const char *name;
    const char *path;
    const char *categories; /* iprep: the categories file */
    enum intel_format format;
    int type;           /* plain/CSV/dataset: enum intel_type, or -1 to guess per value */
    uint8_t confidence; /* 0..100 */
    uint8_t severity;   /* 1..4 */
    uint8_t action;     /* enum intel_action */
    bool subdomains;    /* domains match their subdomains too */
    bool misp_to_ids;   /* MISP: only attributes with to_ids set (default) */
    int64_t expiry;     /* seconds since 1970, 0: none */
    const char *description;
    uint32_t sid_base; /* 0: derived from the name */
};

void intel_feed_cfg_defaults(struct intel_feed_cfg *c);
/* "plain", "csv", "stix", "misp", "misp-feed", "dataset", "iprep"; -1 when unknown. */
int intel_format_from_name(const char *name);
const char *intel_format_name(enum intel_format f);
/* The stable signature id base of a feed name: 2100000000 + 16 * (hash % 10000000). */
uint32_t intel_sid_base(const char *name);

/*
 * Load a feed into s. Malformed lines/objects are reported (file:line, the first
 * INTEL_MAX_ERRORS_LOGGED) and counted in the feed's errors; the rest loads. Returns 0, or
 * an error (file unreadable, not the format at all, a cap) with the reason in errbuf.
 */
int intel_feed_load(struct intel_sets *s, const struct intel_feed_cfg *c, char *errbuf,
                    size_t errlen);
/* The same over bytes in memory (tests, fuzzing); name is used in messages. */
int intel_feed_load_buf(struct intel_sets *s, const struct intel_feed_cfg *c, const uint8_t *buf,
                        size_t len, const char *name, char *errbuf, size_t errlen);

/* Read a whole file (at most max bytes) into a new buffer; 0 or an error with errbuf set. */
int intel_read_file(const char *path, size_t max, uint8_t **out, size_t *len, char *errbuf,
                    size_t errlen);

#endif
