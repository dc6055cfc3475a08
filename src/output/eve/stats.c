/* SPDX-License-Identifier: GPL-2.0-only */
/* EVE "stats" records: engine counters as nested objects, as Suricata's stats type. */
#include "eve_internal.h"

void eve_log_stats(struct eve_output *eo, uint64_t ts_usec, uint64_t uptime_s,
                   struct stats_value *vals, size_t n)
{
    if (!(eo->cfg.types & EVE_TYPE_STATS) || !eo->cfg.stats_totals)
        return;
    struct jbuf *jb = &eo->jb;
    if (!eo->cfg.stats_null_values) {
        size_t kept = 0;
        for (size_t i = 0; i < n; i++)
            if (vals[i].value != 0)
                vals[kept++] = vals[i];
        n = kept;
    }
    eve_begin(eo, ts_usec, 0, 0, "stats");
    jb_open_object(jb, "stats");
    jb_u64(jb, "uptime", uptime_s);
    stats_write_nested(jb, vals, n);
    jb_close_object(jb);
    eve_end(eo, EVE_TYPE_STATS);
}
