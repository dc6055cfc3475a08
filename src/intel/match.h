/* SPDX-License-Identifier: GPL-2.0-only */
/* The matching points: a worker's intel state, called by the engine at each point. */
#ifndef KH_INTEL_MATCH_H
#define KH_INTEL_MATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "app/dns/dns.h"
#include "app/http/http.h"
#include "app/tls/tls.h"
#include "config.h"
#include "core/cursor.h"
#include "decode/packet.h"
#include "flow/flow.h"
#include "intel.h"
#include "output/eve/eve.h"

/* Counters, under "intel." in EVE stats. */
struct intel_stats {
    uint64_t lookups;
    uint64_t hits;              /* alerts raised */
    uint64_t sightings_dropped; /* hits not counted: over sightings.max distinct indicators */
    uint64_t body_hashed;       /* HTTP bodies hashed */
    uint64_t body_hash_skipped; /* bodies not hashed: over body-hash-max at once (policy) */
    uint64_t body_hash_nomem;
    uint64_t generations; /* indicator sets switched to (reloads seen) */
};

struct intel_thread;

/*
 * One worker's state over the shared, read-only sets (which may be NULL: nothing matches).
 * eve may be NULL (hits are still counted). cfg must outlive it.
 */
struct intel_thread *intel_thread_new(const struct intel_sets *sets, uint64_t generation,
                                      const struct intel_config *cfg, struct eve_output *eve);
/* Write the last sightings record (at time now) and free. */
void intel_thread_free(struct intel_thread *it, uint64_t now_usec);
/*
 * A new generation of sets: the sightings so far are written (they name indicators of the
 * old one); later lookups use sets, bodies being hashed included (no hit is lost).
 */
void intel_thread_switch(struct intel_thread *it, const struct intel_sets *sets,
                         uint64_t generation, uint64_t now_usec);
const struct intel_stats *intel_thread_stats(const struct intel_thread *it);
/*
 * Move from's sightings into into (same indicator sets; otherwise nothing moves), so that
 * the workers of one run write one sightings record at the end, as one thread would.
 */
void intel_thread_merge(struct intel_thread *into, struct intel_thread *from);

/* A packet was processed: its flow's first packet has both addresses looked up; timers. */
void intel_on_packet(struct intel_thread *it, const struct packet *p);
/* DNS: query names (requests), answer names and addresses (responses). */
void intel_on_dns(struct intel_thread *it, const struct packet *p, const struct dns_tx *tx);
/* TLS ClientHello: SNI, JA3, JA4. */
void intel_on_tls_hello(struct intel_thread *it, const struct app_input *in,
                        const struct tls_state *st);
/* TLS handshake done: certificate SHA-1, JA3S. */
void intel_on_tls_done(struct intel_thread *it, const struct app_input *in,
                       const struct tls_state *st);
/* HTTP request headers: host and full URL. */
void intel_on_http_headers(struct intel_thread *it, const struct app_input *in,
                           const struct http_tx *tx, int dir);
/* HTTP body bytes (decoded): hashed when a hash feed is loaded; the last call looks it up. */
void intel_on_http_body(struct intel_thread *it, const struct app_input *in,
                        const struct http_tx *tx, int dir, struct span data, bool last);
/* A flow ends: hashing state it held is freed. */
void intel_on_flow_end(struct intel_thread *it, const struct flow *f);
/* True when the sets hold file hashes (the engine then passes HTTP bodies). */
bool intel_wants_bodies(const struct intel_thread *it);

#endif
