/* SPDX-License-Identifier: GPL-2.0-only */
/* libFuzzer target for the decoders: byte 0 picks the link type and checksums, then the frame. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "decode/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const enum decode_link links[] = {
    DECODE_LINK_ETHERNET, DECODE_LINK_SLL,  DECODE_LINK_SLL2, DECODE_LINK_RAW,
    DECODE_LINK_IPV4,     DECODE_LINK_IPV6, DECODE_LINK_NULL,
};

/* The decoder's promises beyond memory safety; a broken one stops the fuzzer. */
static void check(const struct packet *p)
{
    const uint8_t *end = p->data + p->caplen;
    if (p->ev_cnt > PKT_MAX_EVENTS || p->vlan_cnt > PKT_MAX_VLANS)
        __builtin_trap();
    if (p->payload.p < p->data || p->payload.p + p->payload.len > end)
        __builtin_trap();
    if (p->ip_ver != 0 && p->ip_ver != 4 && p->ip_ver != 6)
        __builtin_trap();
    if (p->ip_ver && (p->l3_off > p->caplen || p->l4_off > p->caplen))
        __builtin_trap();
    if ((p->flags & PKT_HAS_TUNNEL) && (size_t)p->tunnel_off + p->tunnel_len > p->caplen)
        __builtin_trap();
    if ((p->flags & PKT_HAS_L4) && (p->flags & PKT_IS_FRAGMENT))
        __builtin_trap();
    for (unsigned i = 0; i < p->ev_cnt; i++)
        if (p->ev[i] >= DECODE_EV_MAX)
            __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct decode_ctx ctx;
    static int ready;
    if (!ready) {
        decode_ctx_init(&ctx, true);
        ready = 1;
    }
    if (size < 1)
        return 0;
    struct packet p;
    memset(&p, 0, sizeof(p));
    ctx.check_csum = (data[0] & 0x80) == 0;
    p.link = links[(data[0] & 0x7f) % (sizeof(links) / sizeof(links[0]))];
    p.data = data + 1;
    p.caplen = (uint32_t)(size - 1);
    p.wirelen = p.caplen;
    decode_packet(&ctx, &p);
    check(&p);

    /* Follow the tunnel chain as the engine does, one packet per level. */
    struct packet inner[DECODE_DEFAULT_MAX_TUNNEL + 1];
    const struct packet *cur = &p;
    for (unsigned d = 0; d < DECODE_DEFAULT_MAX_TUNNEL + 1 && (cur->flags & PKT_HAS_TUNNEL); d++) {
        if (!decode_tunnel(&ctx, cur, &inner[d]))
            break;
        check(&inner[d]);
        cur = &inner[d];
    }
    return 0;
}
