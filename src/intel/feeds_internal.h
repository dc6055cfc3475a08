/* SPDX-License-Identifier: GPL-2.0-only */
/* What the feed readers share: the load context, error reporting, metadata and adds. */
#ifndef KH_INTEL_FEEDS_INTERNAL_H
#define KH_INTEL_FEEDS_INTERNAL_H

#include "core/compiler.h"
#include "feeds.h"
#include "json.h"

struct feed_ctx {
    struct intel_sets *s;
    const struct intel_feed_cfg *c;
    const char *file; /* for messages */
    struct intel_feed *f;
    uint16_t feed;
    uint32_t meta; /* the feed's default record */
    bool fatal;    /* a cap or memory ran out: stop */
};

/* Report a malformed line/object ("file:line: ...") and count it; line 0 when not known. */
void feed_error(struct feed_ctx *fc, unsigned line, const char *fmt, ...) KH_PRINTF(3, 4);
/* A record with the feed's defaults overridden where the arguments say (-1: default). */
uint32_t feed_meta(struct feed_ctx *fc, int confidence, int severity, int action, int64_t expiry,
                   const char *desc);
/* Add one value; a malformed one is reported at line and skipped. false when loading must stop. */
bool feed_add(struct feed_ctx *fc, enum intel_type t, const char *v, size_t n, uint32_t meta,
              unsigned line);
/* Guess a value's type: address/prefix, URL, hash by length, else domain; -1 when none fits. */
int feed_guess_type(const char *v, size_t n);
/* "2026-01-31T12:00:00Z" (fraction and offset allowed) or seconds; -1 when malformed. */
int64_t feed_parse_time(const char *text);

int feed_load_stix(struct feed_ctx *fc, const uint8_t *buf, size_t len, char *errbuf,
                   size_t errlen);
int feed_load_misp(struct feed_ctx *fc, const uint8_t *buf, size_t len, char *errbuf,
                   size_t errlen);
int feed_load_misp_folder(struct feed_ctx *fc, const char *dir, char *errbuf, size_t errlen);

#endif
