/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One worker (one thread's whole packet path: decode, flow, defrag, stream, app parsers,
 * detection, EVE output), as engine.c builds it, for the run modes. Internal to engine/.
 */
#ifndef KH_ENGINE_WORKER_H
#define KH_ENGINE_WORKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "core/conf.h"
#include "core/stats.h"
#include "decode/packet.h"
#include "stage.h"

struct worker;
struct detect_engine;
struct detect_thr_shared;
struct intel_config;
struct reload;
struct eve_stats;

/* What a worker is built from; cfg, conf and de are shared and read-only while it runs. */
struct worker_setup {
    const struct engine_config *cfg;
    const struct conf *conf;
    const struct detect_engine *de;  /* NULL without rules */
    struct detect_thr_shared *thr;   /* threshold trackers shared by all workers, or NULL */
    struct reload *reload;           /* the published generation: the worker runs its rules and
                                     * indicators (de is then ignored), or NULL */
    const struct intel_config *icfg; /* intel settings, NULL or disabled: no intel state */
    const char *log_dir;
    uint32_t index, count; /* this worker's number and how many there are (flow_id space) */
    bool clock;            /* keep time per stage */
    int stop_after;        /* enum engine_stop_after (benchmarks) */
};

/* NULL with the reason logged. */
struct worker *worker_new(const struct worker_setup *s);
/* Free it; KH_EIO when its EVE output could not be written. */
int worker_free(struct worker *w);

/*
 * One captured packet, read when the input's clock (the latest packet time so far) was now;
 * tick is the clock when the input's current second began, when the single run mode runs
 * that second's flow timeout pass, so the pass is run at the same time here. pcap_file is
 * the capture file (borrowed).
 */
void worker_packet(struct worker *w, struct packet *p, uint64_t now, uint64_t tick,
                   const char *pcap_file);
/*
 * The same in two steps, for a batch: worker_decode_ahead() decodes the next frame and
 * prefetches its flow bucket while the frame before it is handled by
 * worker_packet_decoded(). p must stay untouched in between.
 */
void worker_decode_ahead(struct worker *w, struct packet *p);
void worker_packet_decoded(struct worker *w, struct packet *p, uint64_t now, uint64_t tick,
                           const char *pcap_file);
/* End of run: from's intel sightings go to into, which writes them with its own. */
void worker_merge_sightings(struct worker *into, struct worker *from);
/* Hot reload: move to the published generation if it changed (at a batch boundary). */
void worker_sync_generation(struct worker *w);
/* Packet time moved on with no packet for this worker: run the timeouts due. */
void worker_advance(struct worker *w, uint64_t now, uint64_t tick);
/* End of input: end every open flow (flow records, stream flush). */
void worker_shutdown(struct worker *w);

size_t worker_collect_stats(const struct worker *w, struct stats_value *vals, size_t max);
/* Write the stats record through this worker's EVE output (nothing when EVE is off). */
void worker_log_stats(struct worker *w, uint64_t uptime_s, struct stats_value *vals, size_t n);
const struct eve_stats *worker_eve_stats(const struct worker *w); /* NULL when EVE is off */
const char *worker_eve_path(const struct worker *w);
struct stage_clock *worker_clock(struct worker *w); /* NULL without a clock */
uint64_t worker_now(const struct worker *w);
uint64_t worker_decoder_events(const struct worker *w);

#endif
