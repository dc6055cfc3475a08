/* SPDX-License-Identifier: GPL-2.0-only */
/* UDP (RFC 768): header and length checks, checksum with the IPv4/IPv6 pseudo-header. */
#include "checksum.h"
#include "decode_internal.h"

/* Zero means "no checksum" over IPv4 (RFC 768), and is not allowed over IPv6 (RFC 8200 §8.1). */
static bool udp_csum_ok(const struct packet *p, uint16_t csum, struct span dgram)
{
    if (csum == 0)
        return p->ip_ver == 4;
    uint64_t sum = csum_pseudo(p, IP_PROTO_UDP, (uint32_t)dgram.len);
    return csum_ok(csum_add(sum, dgram));
}

/*
 * Suricata 8's checks: a header that does not fit, a length field past the datagram
 * (pkt_too_small) or under the header (len_invalid) make the packet invalid. Bytes after
 * the UDP length are ignored: since Suricata #5379 trailing data is no longer
 * udp.hlen_invalid, and the payload is what the UDP length says.
 */
void decode_udp(struct decode_ctx *ctx, struct packet *p, struct cursor *c)
{
    ctx->st.udp++;
    if (unlikely(!cur_has(c, UDP_HDR_LEN))) {
        decode_event_invalid(ctx, p, DECODE_EV_UDP_HLEN_TOO_SMALL);
        return;
    }
    const uint8_t *start = c->p;
    size_t avail = c->left;
    struct wire_udp h;
    cur_copy(c, &h, sizeof(h));
    uint16_t ulen = wire_be16(h.len);
    if (unlikely(avail < ulen)) {
        decode_event_invalid(ctx, p, DECODE_EV_UDP_PKT_TOO_SMALL);
        return;
    }
    if (unlikely(ulen < UDP_HDR_LEN)) {
        decode_event_invalid(ctx, p, DECODE_EV_UDP_LEN_INVALID);
        return;
    }
    p->sp = wire_be16(h.sp);
    p->dp = wire_be16(h.dp);
    p->payload = cur_bytes(c, ulen - UDP_HDR_LEN);
    p->flags |= PKT_HAS_L4 | PKT_WANTS_FLOW;
    if (ctx->check_csum &&
        unlikely(!udp_csum_ok(p, wire_be16(h.csum), (struct span){start, ulen}))) {
        p->flags |= PKT_L4_CSUM_BAD;
        ctx->st.csum_udp_bad++;
    }
}
