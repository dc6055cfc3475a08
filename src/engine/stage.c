/* SPDX-License-Identifier: GPL-2.0-only */
/* Time per stage: names, and cycles turned into nanoseconds at the end of a run. */
#include "stage.h"

void stage_clock_ns(struct stage_clock *c, uint64_t out_ns[STAGE_MAX])
{
    stage_switch(c, c->cur); /* charge the stage running now */
    uint64_t cycles = c->last - c->start_cycles;
    uint64_t ns = kh_monotonic_ns() - c->start_ns;
    /* cycles per nanosecond from this run's own wall clock (1 when the counter is ns) */
    double scale = cycles ? (double)ns / (double)cycles : 1.0;
    for (int s = 0; s < STAGE_MAX; s++)
        out_ns[s] = (uint64_t)((double)c->cycles[s] * scale);
}

const char *stage_name(enum stage s)
{
    static const char *const names[STAGE_MAX] = {
        [STAGE_OTHER] = "other",   [STAGE_CAPTURE] = "capture", [STAGE_DECODE] = "decode",
        [STAGE_FLOW] = "flow",     [STAGE_STREAM] = "stream",   [STAGE_APP] = "app",
        [STAGE_DETECT] = "detect", [STAGE_OUTPUT] = "output",
    };
    return (unsigned)s < STAGE_MAX ? names[s] : "?";
}
