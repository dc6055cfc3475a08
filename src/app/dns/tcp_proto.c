/* SPDX-License-Identifier: GPL-2.0-only */
/* DNS over TCP (RFC 1035 4.2.2, RFC 7766) as a protocol of the TCP dispatcher. */
#include "app/tcp.h"
#include "decode/packet.h"
#include "dns.h"

/*
 * Judge a first TCP segment by its length prefix and header alone: a plausible opcode, a
 * query toward the server, and section counts that fit the announced length. Suricata
 * probes DNS only on its detection ports, so this runs only on port-hinted flows.
 */
static enum app_probe probe(const uint8_t *data, size_t len, int dir)
{
    struct cursor c = cur_init(data, len);
    uint16_t dlen = cur_be16(&c);
    cur_skip(&c, 2); /* id */
    uint16_t flags = cur_be16(&c);
    uint32_t qd = cur_be16(&c);
    uint32_t rrs = (uint32_t)cur_be16(&c) + cur_be16(&c) + cur_be16(&c);
    if (c.bad)
        return APP_PROBE_MORE;
    unsigned opcode = (flags >> 11) & 0xf;
    bool response = flags & 0x8000;
    if (dlen < 12 || opcode == 3 || opcode > 6 || (dir == 0 && response))
        return APP_PROBE_NO;
    /* A question takes at least 5 bytes, a record at least 11. */
    if (qd * 5 + rrs * 11 > (uint32_t)dlen - 12)
        return APP_PROBE_NO;
    return APP_PROBE_YES;
}

static struct app_result parse(void *pctx, void **state, const struct app_input *in)
{
    struct app_result done = {.status = APP_STATUS_OK, .consumed = (uint32_t)in->data.len};
    if (in->flags & APP_INPUT_GAP) {
        if (*state != NULL)
            dns_tcp_gap(*state);
        return done;
    }
    /* Records are logged with the packet that completed them; a flush at flow end has none,
     * and what it holds is an incomplete frame anyway. */
    if (in->p == NULL || in->data.len == 0)
        return done;
    return dns_tcp(pctx, (struct dns_state **)state, in->f, in->p, in->dir == 0, in->data);
}

static void state_free(void *pctx, void *state)
{
    dns_state_free(pctx, state);
}

void dns_tcp_proto(struct dns_ctx *ctx, struct app_tcp_proto *out)
{
    *out = (struct app_tcp_proto){
        .id = APP_PROTO_DNS,
        .ports = {0},
        .probe = probe,
        .parse = parse,
        .state_free = state_free,
        .pctx = ctx,
        .hinted_only = true,
    };
    const struct dns_config *cfg = dns_ctx_config(ctx);
    for (unsigned i = 0; i < cfg->tcp_nports && i < 4; i++)
        out->ports[i] = cfg->tcp_ports[i];
}
