/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-thread time by pipeline stage, sampled. One packet in STAGE_SAMPLE_EVERY is timed
 * from end to end: while it is, the worker's clock is always in exactly one stage, and a
 * switch reads the cycle counter once, charges the time since the last switch to the stage
 * being left and returns it, so a stage entered from inside another (detection run from an
 * application-layer callback) is restored by the caller and time is never counted twice.
 * The totals are scaled by packets / packets timed. Timing every packet costs a counter
 * read per switch (about 8 a packet, some 20 ns each on a VM: +40% on a rule-less run);
 * sampling cuts that to a few percent. Between timed packets the clock pointer is NULL and
 * a switch is one predictable branch. Time waiting for input is measured exactly.
 */
#ifndef KH_ENGINE_STAGE_H
#define KH_ENGINE_STAGE_H

#include <stdint.h>

#include "core/tstamp.h"

#define STAGE_SAMPLE_EVERY 16u

enum stage {
    STAGE_OTHER = 0, /* between packets, start-up, end of run (what the others do not cover) */
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
    uint64_t pkts, timed;            /* packets seen, packets timed */
    uint64_t ahead;                  /* packets decoded ahead (workers), for their sample */
    uint64_t wait_cycles;            /* waiting for input, every wait (not sampled) */
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

/* A packet begins: c when this one is to be timed (starting in stage first), else NULL. */
static inline struct stage_clock *stage_sample_begin(struct stage_clock *c, enum stage first)
{
    if (++c->pkts % STAGE_SAMPLE_EVERY != 0)
        return 0;
    c->timed++;
    c->last = stage_now();
    c->cur = first;
    return c;
}

/* Nanoseconds per stage since stage_clock_start(), scaled by the wall clock. */
void stage_clock_ns(struct stage_clock *c, uint64_t out_ns[STAGE_MAX]);
/* The stage's name in stats and the summary ("decode", ...). */
const char *stage_name(enum stage s);

#endif
