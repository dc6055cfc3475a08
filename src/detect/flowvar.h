/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Flow and packet variables that EVE logs under "metadata": pcre captures (flowvars,
 * pktvars) and the values the entropy keyword calculated, kept on a flow's detection state.
 */
#ifndef KH_DETECT_FLOWVAR_H
#define KH_DETECT_FLOWVAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DETECT_FVAR_MAX                                                                            \
    16u                      /* variables per flow (policy: a new one past this is not
                                  kept, counted in detect_stats.flowvar_full) */
#define DETECT_FVAR_NAME 64u /* bytes of a name kept (longer names are cut) */
#define DETECT_FVAR_VALUE                                                                          \
    256u /* bytes of a value kept (policy: cut, counted in
                                  detect_stats.flowvar_cut) */

enum detect_fvar_kind {
    DETECT_FVAR_FLOW = 0, /* metadata.flowvars: [{"name": "value"}] */
    DETECT_FVAR_PKT,      /* metadata.pktvars, on the alerts of the packet that set it */
    DETECT_FVAR_ENTROPY,  /* metadata.entropy: {"buffer": x} */
};

struct detect_fvar {
    uint8_t kind; /* enum detect_fvar_kind */
    bool pending; /* captured by a signature still being verified */
    bool cut;     /* the value was longer than DETECT_FVAR_VALUE */
    uint16_t len; /* of value */
    uint64_t pkt; /* pktvar: the packet (pcap_cnt) that set it */
    double num;   /* entropy */
    char name[DETECT_FVAR_NAME];
    uint8_t value[DETECT_FVAR_VALUE];
};

/* A flow's variables in the order they were first set, allocated at the first one. */
struct detect_fvars {
    uint32_t n;
    struct detect_fvar v[DETECT_FVAR_MAX];
};

/* Shannon entropy of n bytes in bits per byte (0 for none, 8 at most). */
double detect_entropy(const uint8_t *p, size_t n);

#endif
