/* SPDX-License-Identifier: GPL-2.0-only */
/* The workers run mode: one reader thread, N workers that own their flows. Internal. */
#ifndef KH_ENGINE_RUNMODE_WORKERS_H
#define KH_ENGINE_RUNMODE_WORKERS_H

#include <stdbool.h>
#include <stdint.h>

#include "capture/capture.h"
#include "config.h"
#include "core/conf.h"
#include "engine.h"

struct detect_engine;
struct worker;

/* What engine_run() has set up for a run mode; all of it outlives the run. */
struct runmode_args {
    const struct engine_opts *opts;
    const struct engine_config *cfg;
    const struct conf *conf;
    const struct detect_engine *de;  /* the first generation's, for the shared thresholds */
    struct reload *reload;           /* hot reload: workers switch at batch boundaries */
    const struct intel_config *icfg; /* intel settings (NULL: none) */
    const char *log_dir;
    struct capture *cap;
    uint64_t t0; /* monotonic start, for uptime and the summary */
};

/* Does --runmode (or the configured runmode) ask for workers? *nthreads gets their number. */
bool runmode_workers_wanted(const struct engine_opts *o, const struct engine_config *cfg,
                            uint32_t *nthreads);
/* Run the capture to the end with nthreads workers; returns the exit code. */
int runmode_workers_run(const struct runmode_args *a, uint32_t nthreads);
/* The -v summary of time per stage, one line per worker. */
void runmode_print_stages(struct worker *const *w, uint32_t n);

#endif
