/* SPDX-License-Identifier: GPL-2.0-only */
/* Linux "cooked" capture headers, v1 (LINKTYPE_LINUX_SLL) and v2 (LINKTYPE_LINUX_SLL2). */
#include "decode_internal.h"

/*
 * v1, 16 bytes (tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html): packet type (2), ARPHRD
 * type (2), link-layer address length (2), address (8), protocol type (2).
 */
void decode_sll(struct decode_ctx *ctx, struct packet *p, struct cursor *c)
{
    ctx->st.sll++;
    if (unlikely(!cur_has(c, SLL_HDR_LEN))) {
        decode_event_invalid(ctx, p, DECODE_EV_SLL_PKT_TOO_SMALL);
        return;
    }
    cur_skip(c, SLL_HDR_LEN - 2);
    uint16_t type = cur_be16(c);
    decode_ethertype(ctx, p, type, c);
}

/*
 * v2, 20 bytes (LINKTYPE_LINUX_SLL2.html): protocol type (2), reserved (2), interface
 * index (4), ARPHRD type (2), packet type (1), address length (1), address (8).
 */
void decode_sll2(struct decode_ctx *ctx, struct packet *p, struct cursor *c)
{
    ctx->st.sll2++;
    if (unlikely(!cur_has(c, SLL2_HDR_LEN))) {
        decode_event_invalid(ctx, p, DECODE_EV_SLL2_PKT_TOO_SMALL);
        return;
    }
    uint16_t type = cur_be16(c);
    cur_skip(c, SLL2_HDR_LEN - 2);
    decode_ethertype(ctx, p, type, c);
}
