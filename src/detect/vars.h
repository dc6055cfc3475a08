/* SPDX-License-Identifier: GPL-2.0-only */
/* xbits (per host and per IP pair, with expiry) and flowint (per-flow integers). */
#ifndef KH_DETECT_VARS_H
#define KH_DETECT_VARS_H

#include <stdbool.h>
#include <stdint.h>

#include "decode/packet.h"
#include "detect/rules/keywords.h"

#define DETECT_XBITS_SLOTS                                                                         \
    8192u                        /* xbits a worker holds at once (policy: a set that finds no
                                      free slot among its probes is dropped, counted) */
#define DETECT_XBITS_PROBES  16u /* slots tried per lookup */
#define DETECT_XBITS_DEFAULT 30u /* seconds an xbit lives without 'expire' */
#define DETECT_FLOWINT_MAX   4u  /* flowint variables per flow (policy: more are not kept) */

struct detect_xbits;

struct detect_xbits *detect_xbits_new(void);
void detect_xbits_free(struct detect_xbits *xb);

/* xbits isset / isnotset against the packet's hosts ('|' any name, else all); others pass. */
bool detect_xbits_check(const struct detect_xbits *xb, const struct kw_bits *b, const uint32_t *ids,
                        const struct packet *p);
/* xbits set / unset / toggle after a match; returns the sets dropped for want of a slot. */
uint32_t detect_xbits_apply(struct detect_xbits *xb, const struct kw_bits *b, const uint32_t *ids,
                            const struct packet *p);

/* A flow's flowint variables, keyed by a hash of the name. */
struct detect_flowints {
    uint32_t key[DETECT_FLOWINT_MAX];
    uint32_t val[DETECT_FLOWINT_MAX];
    uint8_t n;
};

/* flowint comparisons, isset, notset (true for the modifying operators). */
bool detect_flowint_check(const struct detect_flowints *fi, const struct kw_flowint *k);
/* flowint =, +, - after a match; false when the flow has no room for a new variable. */
bool detect_flowint_apply(struct detect_flowints *fi, const struct kw_flowint *k);

#endif
