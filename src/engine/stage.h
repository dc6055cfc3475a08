/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-thread time by pipeline stage. A worker's clock is always in exactly one stage; a
 * switch reads the cycle counter once, charges the time since the last switch to the stage
 * being left and returns it, so a stage entered from inside another (detection run from an
 * application-layer callback) is restored by the caller and time is never counted twice.
 * With no clock (NULL) a switch is one predictable branch.
 */
#ifndef KH_ENGINE_STAGE_H
#define KH_ENGINE_STAGE_H

#include <stdint.h>

#include "core/tstamp.h"

enum stage {
    STAGE_OTHER = 0, /* the loop itself, start-up, end of run */
    STAGE_CAPTURE,   /* reading the file (single), waiting for a batch (workers) */
    STAGE_DECODE,
    STAGE_FLOW, /* timeouts, defrag, flow lookup */
    STAGE_STREAM,
    STAGE_APP,
    STAGE_DETECT,
    STAGE_OUTPUT,
    STAGE_MAX,
};

struct stage_clock {
    uint64_t last; /* counter at the last switch */
    uint64_t cycles[STAGE_MAX];
    enum stage cur;
    uint64_t start_cycles, start_ns; /* for converting cycles to time at the end */
};

static inline uint64_t stage_now(void)
{
#if defined(__x86_64__) || defined(__i386__)
    return __builtin_ia32_rdtsc();
#else
    return kh_monotonic_ns();
#endif
}

static inline void stage_clock_start(struct stage_clock *c)
{
    *c = (struct stage_clock){.cur = STAGE_OTHER};
    c->start_ns = kh_monotonic_ns();
    c->start_cycles = c->last = stage_now();
}

/* Enter stage s; returns the stage left, for stage_switch(c, prev) when s is done. */
static inline enum stage stage_switch(struct stage_clock *c, enum stage s)
{
    if (c == 0)
        return STAGE_OTHER;
    uint64_t t = stage_now();
    enum stage prev = c->cur;
    c->cycles[prev] += t - c->last;
    c->last = t;
    c->cur = s;
    return prev;
}

/* Nanoseconds per stage since stage_clock_start(), scaled by the wall clock. */
void stage_clock_ns(struct stage_clock *c, uint64_t out_ns[STAGE_MAX]);
/* The stage's name in stats and the summary ("decode", ...). */
const char *stage_name(enum stage s);

#endif
