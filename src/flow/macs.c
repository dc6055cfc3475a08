/* SPDX-License-Identifier: GPL-2.0-only */
/* The MAC addresses seen on a flow, kept only when EVE logs them (eve-log ethernet: yes). */
#include <string.h>

#include "core/alloc.h"
#include "flow.h"

static void add(struct flow_macs *m, int side, const uint8_t mac[6])
{
    for (unsigned i = 0; i < m->n[side]; i++)
        if (memcmp(m->mac[side][i], mac, 6) == 0)
            return;
    if (m->n[side] < FLOW_MACS_MAX)
        memcpy(m->mac[side][m->n[side]++], mac, 6);
}

void flow_macs_add(struct flow *f, const uint8_t src[6], const uint8_t dst[6], int dir)
{
    if (f->macs == NULL && (f->macs = kh_calloc(1, sizeof(*f->macs))) == NULL)
        return; /* out of memory: the flow record lists no addresses */
    /* The client's side is the source of frames to the server, the destination of replies. */
    add(f->macs, dir == 0 ? 0 : 1, src);
    add(f->macs, dir == 0 ? 1 : 0, dst);
}

void flow_macs_free(struct flow *f)
{
    kh_free(f->macs);
    f->macs = NULL;
}
