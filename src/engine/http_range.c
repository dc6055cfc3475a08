/* SPDX-License-Identifier: GPL-2.0-only */
/* Whole files from the ranges of 206 responses (suricata-verify http-range-file). */
#include "http_range.h"

#include "app/http/range.h"

void engine_http_range_file(struct http_ctx *http, struct eve_output *eo,
                            const struct app_input *in, const struct http_tx *tx,
                            const struct eve_file *file)
{
    struct span v;
    int64_t r[3];
    if (tx->status_code != 206 || file->truncated || file->gaps ||
        !http_tx_header(tx, 1, "content-range", &v) || !http_content_range_parse(v, r) ||
        r[0] < 0 || r[1] < r[0] || r[2] <= r[1])
        return;
    if (r[0] == 0 && r[1] == r[2] - 1)
        return; /* the whole file in one piece: that response's own file is the file */
    struct http_ranges *ranges = http_ctx_ranges(http);
    struct span host = tx->hostname.set ? http_tx_text(tx, tx->hostname) : (struct span){0};
    if (ranges == NULL ||
        !http_ranges_add(ranges, host, file->name, (uint64_t)r[2], (uint64_t)r[0], (uint64_t)r[1]))
        return;
    struct eve_file whole = *file;
    whole.size = (uint64_t)r[2];
    whole.no_range = true;
    eve_log_http_file(eo, in, tx, &whole);
}
