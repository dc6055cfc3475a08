/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Files downloaded in pieces: 206 responses with a Content-Range for the same host and
 * path, in one flow or several, put together as Suricata's URL-range container does, so
 * that the whole file is known (and logged once) when its pieces cover it.
 */
#ifndef KH_APP_HTTP_RANGE_H
#define KH_APP_HTTP_RANGE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/cursor.h"

#define HTTP_RANGES_FILES 64  /* files tracked at once; a new one replaces the oldest */
#define HTTP_RANGES_SPANS 32  /* disjoint pieces per file; past it the file is dropped */
#define HTTP_RANGES_KEY   480 /* bytes of host + path kept; a longer key is not tracked */

/*
 * Content-Range "bytes START-END/SIZE" ('*' for an unknown part), as Suricata parses it:
 * out[] gets START, END, SIZE, -1 where unknown. False when it is not of that form.
 */
bool http_content_range_parse(struct span v, int64_t out[3]);

struct http_ranges_stats {
    uint64_t files_evicted;    /* an unfinished file dropped to track a new one */
    uint64_t files_fragmented; /* an unfinished file dropped: more than HTTP_RANGES_SPANS */
    uint64_t files_completed;  /* files whose pieces covered them whole */
};

struct http_ranges;
struct http_ranges *http_ranges_new(void);
void http_ranges_free(struct http_ranges *r);
/*
 * Add the piece [start, end] (inclusive) of the file of host and path whose size is size.
 * True when the pieces now cover the whole file, which is then forgotten (a later piece
 * starts it again). Pieces of another size for the same key restart it.
 */
bool http_ranges_add(struct http_ranges *r, struct span host, struct span path, uint64_t size,
                     uint64_t start, uint64_t end);
const struct http_ranges_stats *http_ranges_stats(const struct http_ranges *r);

#endif
