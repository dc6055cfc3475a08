/* SPDX-License-Identifier: GPL-2.0-only */
/* IEEE 802.1Q VLAN tags and their 802.1ad (QinQ) stacking, up to three deep. */
#include "decode_internal.h"

/*
 * One tag at c: record its VLAN id, move c past it and return the EtherType it carries.
 * False when decoding stops here. A fourth tag raises vlan.too_many_layers without making
 * the packet invalid, and is not counted, as in Suricata's DecodeNetworkLayer.
 */
bool decode_vlan(struct decode_ctx *ctx, struct packet *p, uint16_t *type, struct cursor *c)
{
    if (unlikely(p->vlan_cnt >= PKT_MAX_VLANS)) {
        decode_event_raise(ctx, p, DECODE_EV_VLAN_TOO_MANY_LAYERS);
        return false;
    }
    /* decoder.vlan / vlan_qinq / vlan_qinqinq count tags by depth, before any check. */
    if (p->vlan_cnt == 0)
        ctx->st.vlan++;
    else if (p->vlan_cnt == 1)
        ctx->st.vlan_qinq++;
    else
        ctx->st.vlan_qinqinq++;
    if (unlikely(!cur_has(c, VLAN_HDR_LEN))) {
        decode_event_invalid(ctx, p, DECODE_EV_VLAN_HEADER_TOO_SMALL);
        return false;
    }
    if (!decode_layer_enter(ctx, p))
        return false;
    /* TCI: priority (3 bits), drop eligible (1), VLAN id (12). */
    uint16_t tci = cur_be16(c);
    *type = cur_be16(c);
    p->vlan[p->vlan_cnt++] = tci & 0x0fff;
    return true;
}
