/* SPDX-License-Identifier: GPL-2.0-only */
/* Ethernet II frames (IEEE 802.3) and the EtherType dispatch shared by every link layer. */
#include "decode_internal.h"

void decode_ethernet(struct decode_ctx *ctx, struct packet *p, struct cursor *c)
{
    ctx->st.ethernet++;
    if (unlikely(!cur_has(c, ETH_HDR_LEN))) {
        decode_event_invalid(ctx, p, DECODE_EV_ETHERNET_PKT_TOO_SMALL);
        return;
    }
    if (!decode_layer_enter(ctx, p))
        return;
    /* Destination and source MAC stay in data[0..11], where EVE's "ether" reads them. */
    cur_skip(c, 12);
    uint16_t type = cur_be16(c);
    decode_ethertype(ctx, p, type, c);
}

static bool is_vlan_type(uint16_t type)
{
    return type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_9100;
}

/*
 * The network layer named by an EtherType, after any 802.1Q/802.1ad tags. Tags are walked
 * in a loop (at most PKT_MAX_VLANS + 1 rounds), not by recursion. An unknown type raises
 * ethernet.unknown_ethertype; under a VLAN tag it also makes the packet invalid with
 * vlan.unknown_type, as Suricata's DecodeVLAN does when DecodeNetworkLayer fails.
 */
void decode_ethertype(struct decode_ctx *ctx, struct packet *p, uint16_t type, struct cursor *c)
{
    bool tagged = false;
    while (is_vlan_type(type)) {
        if (!decode_vlan(ctx, p, &type, c))
            return;
        tagged = true;
    }
    switch (type) {
    case ETHERTYPE_IPV4:
        decode_ipv4(ctx, p, c);
        return;
    case ETHERTYPE_IPV6:
        decode_ipv6(ctx, p, c);
        return;
    case ETHERTYPE_ARP:
        /* Known and counted (Suricata 8 decodes ARP); khien has nothing to do with it. */
        ctx->st.arp++;
        return;
    }
    ctx->st.unknown_ethertype++;
    decode_event_raise(ctx, p, DECODE_EV_ETHERNET_UNKNOWN_ETHERTYPE);
    if (tagged)
        decode_event_invalid(ctx, p, DECODE_EV_VLAN_UNKNOWN_TYPE);
}
