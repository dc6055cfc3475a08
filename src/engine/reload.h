/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hot reload: a "generation" (rules, detection engine, indicator sets) behind an atomic
 * pointer. SIGUSR2 (or a test trigger) builds the next generation in a background thread
 * and publishes it; each worker checks the pointer at a packet boundary with one atomic
 * load and moves to the new generation; the old one is freed when its last worker has left.
 */
#ifndef KH_ENGINE_RELOAD_H
#define KH_ENGINE_RELOAD_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct detect_rules;
struct detect_engine;
struct intel_sets;

/* What one configuration load built; shared read-only by every worker holding a reference. */
struct generation {
    atomic_uint refs;
    uint64_t id; /* 1 for the start-up load, then one more per reload */
    struct detect_rules *rules;
    struct detect_engine *de;
    struct intel_sets *intel;
};

/* Build the next generation (id given), or NULL with the reason logged (the old one stays). */
typedef struct generation *(*generation_build_fn)(void *ctx, uint64_t id);

/* A new generation holding one reference (the caller's); NULL on no memory (parts freed). */
struct generation *generation_new(uint64_t id, struct detect_rules *rules, struct detect_engine *de,
                                  struct intel_sets *intel);
/* Drop a reference; the last one frees the rules, engine and sets. */
void generation_put(struct generation *g);

struct reload;

/* The controller, publishing first (it takes the caller's reference to it). */
struct reload *reload_new(struct generation *first, generation_build_fn build, void *ctx);
/* Wait for a build in progress, then drop the published generation's reference. */
void reload_free(struct reload *r);

/* SIGUSR2 requests a reload (the handler only sets a flag; reload_poll acts on it). */
int reload_install_signal(void);

/*
 * From the capture loop, between packets: start a build when one was requested; with wait
 * (the test trigger), return once it has been published or has failed.
 */
void reload_poll(struct reload *r, bool wait);
/* Request a reload now (as SIGUSR2 does); with wait, return once it has been published. */
void reload_request(struct reload *r, bool wait);
/* Reloads published and failed so far. */
uint64_t reload_count(const struct reload *r, uint64_t *failed);

/*
 * The published generation: one atomic load, for the per-packet check. A worker whose
 * generation differs calls reload_acquire() to take a reference to the current one.
 */
struct generation *reload_current(struct reload *r);
struct generation *reload_acquire(struct reload *r);

#endif
