/* SPDX-License-Identifier: GPL-2.0-only */
/* Turning a flow around once its first packets turn out to have come from the server. */
#include <string.h>

#include "flow.h"

#define SWAP(a, b)                                                                                 \
    do {                                                                                           \
        __typeof__(a) swap_tmp_ = (a);                                                             \
        (a) = (b);                                                                                 \
        (b) = swap_tmp_;                                                                           \
    } while (0)

void flow_swap(struct flow *f)
{
    SWAP(f->src, f->dst);
    SWAP(f->sp, f->dp);
    SWAP(f->pkts[0], f->pkts[1]);
    SWAP(f->bytes[0], f->bytes[1]);
    SWAP(f->tcp_flags[0], f->tcp_flags[1]);
    SWAP(f->seen[0], f->seen[1]);
    SWAP(f->icmp_type[0], f->icmp_type[1]);
    SWAP(f->icmp_code[0], f->icmp_code[1]);
    SWAP(f->ttl_min[0], f->ttl_min[1]);
    SWAP(f->ttl_max[0], f->ttl_max[1]);
    if (f->macs != NULL) {
        struct flow_macs *m = f->macs;
        uint8_t tmp[FLOW_MACS_MAX][6];
        memcpy(tmp, m->mac[0], sizeof(tmp));
        memcpy(m->mac[0], m->mac[1], sizeof(tmp));
        memcpy(m->mac[1], tmp, sizeof(tmp));
        SWAP(m->n[0], m->n[1]);
    }
}
