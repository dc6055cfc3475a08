/* SPDX-License-Identifier: GPL-2.0-only */
/* Time per stage: names, and sampled cycles turned into nanoseconds at the end of a run. */
#include "stage.h"

void stage_clock_ns(struct stage_clock *c, uint64_t out_ns[STAGE_MAX])
{
    uint64_t now = stage_now();
    uint64_t cycles = now - c->start_cycles;
    uint64_t ns = kh_monotonic_ns() - c->start_ns;
    /* nanoseconds per cycle from this run's own wall clock (1 when the counter is ns) */
    double scale = cycles ? (double)ns / (double)cycles : 1.0;
    double sample = c->timed ? (double)c->pkts / (double)c->timed : 0.0;
    uint64_t sum = 0;
    for (int s = STAGE_CAPTURE; s < STAGE_MAX; s++) {
        double cyc = (double)c->cycles[s] * sample;
        if (s == STAGE_CAPTURE)
            cyc += (double)c->wait_cycles;
        out_ns[s] = (uint64_t)(cyc * scale);
        sum += out_ns[s];
    }
    out_ns[STAGE_OTHER] = ns > sum ? ns - sum : 0;
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
