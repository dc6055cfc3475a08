/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target for stream: byte 0 picks the receiver OS policy, midstream, checksum
 * auto-detection, turning midstream flows around, stream.inline, async-oneside, the
 * flow-end drain and a raw consumer marking its progress, then
 * records of 12 bytes (direction and flags, seq, ack, window, payload length) each
 * followed by that much payload, fed as TCP packets of one flow to a small stream engine.
 * The consumer checks the promises of the data callback (ordered, nothing after EOF) and
 * that the raw window ends where the consumer is.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stream/stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
    uint64_t off[2];
    bool eof[2];
};

static void on_data(void *ctx, struct flow *f, int dir, const uint8_t *d, size_t len,
                    uint32_t flags)
{
    struct seen *s = ctx;
    (void)f;
    if (dir < 0 || dir > 1 || s->eof[dir])
        __builtin_trap(); /* nothing after EOF */
    if (flags & STREAM_DATA_EOF) {
        s->eof[dir] = true;
        return;
    }
    if (len == 0 || ((flags & STREAM_DATA_GAP) ? d != NULL : d == NULL))
        __builtin_trap();
    if (d) {
        volatile uint8_t sink = d[0] ^ d[len - 1]; /* readable, as ASan checks */
        (void)sink;
    }
    s->off[dir] += len;
}

static uint32_t be32(const uint8_t *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct defrag_hostos hostos;
    static struct decode_ctx dec;
    if (size < 1)
        return 0;
    defrag_hostos_init(&hostos);
    defrag_hostos_add(&hostos, "0.0.0.0/0", (enum defrag_os)(data[0] % DEFRAG_OS_MAX));
    decode_ctx_init(&dec, false);
    struct stream_config cfg = {
        .memcap = 4096,
        .reassembly_memcap = 64 * 1024,
        .depth = (data[0] & 0x40) ? 3000 : 0,
        .raw_window = 128,
        .midstream = (data[0] & 0x80) != 0,
        .checksum_auto = (data[0] & 0x20) != 0,
        .inline_mode = (data[0] & 0x08) != 0, /* else IDS: bytes wait for their ACK */
        .async_oneside = (data[0] & 0x04) != 0,
        .hostos = &hostos,
    };
    struct seen seen = {{0, 0}, {false, false}};
    struct stream_ctx *ctx = stream_ctx_new(&cfg, on_data, &seen);
    if (ctx == NULL)
        return 0;
    struct flow flow;
    memset(&flow, 0, sizeof(flow));
    flow.proto = 6;
    flow.ip_ver = 4;
    size_t off = 1;
    while (off + 12 <= size) {
        const uint8_t *h = data + off;
        size_t len = (size_t)h[10] << 8 | h[11];
        off += 12;
        if (len > size - off)
            len = size - off;
        uint8_t *payload = malloc(len ? len : 1); /* exact size, for ASan */
        if (payload == NULL)
            break;
        memcpy(payload, data + off, len);
        off += len;
        struct packet p;
        memset(&p, 0, sizeof(p));
        p.flags = PKT_HAS_L4 | PKT_WANTS_FLOW;
        p.proto = 6;
        p.ip_ver = 4;
        p.flow = &flow;
        p.flow_dir = h[0] & 1;
        p.tcp_flags = h[1];
        p.tcp_seq = be32(h + 2);
        p.tcp_ack = be32(h + 6);
        p.tcp_win = (uint16_t)(h[0] << 8 | h[1]);
        p.tcp_opt.has_wscale = (h[0] & 2) != 0;
        p.tcp_opt.wscale = (h[0] >> 2) % 15;
        p.tcp_opt.has_ts = (h[0] & 0x40) != 0; /* timestamps (PAWS) from the header bytes */
        p.tcp_opt.ts_val = (uint32_t)h[1] << 24 | (uint32_t)h[6] << 8 | h[7];
        if (h[0] & 0x80)
            p.flags |= PKT_L4_CSUM_BAD;
        p.payload = (struct span){payload, len};
        /* the engine's turn-around of a midstream flow, before the packet */
        if ((data[0] & 0x10) && (h[0] & 0x20) && stream_can_swap(&flow)) {
            stream_swap(&flow);
            p.flow_dir ^= 1;
        }
        stream_packet(ctx, &dec, &flow, &p);
        free(payload);
        struct span r;
        uint64_t start;
        for (int dir = 0; dir < 2; dir++) {
            r = stream_raw(&flow, dir, &start);
            /* the raw window holds what the consumer got: it ends where the consumer is;
             * past 2 * raw_window only while a marked consumer has not inspected it */
            size_t max = (data[0] & 0x02) ? 256u * 1024u : 2 * cfg.raw_window;
            if (r.len > max || (r.len && start + r.len != seen.off[dir]))
                __builtin_trap();
            if ((data[0] & 0x02) && (h[0] & 0x10)) /* the consumer inspected half of it */
                stream_raw_inspected(&flow, dir, start + r.len / 2);
        }
    }
    bool had_session = flow.stream != NULL;
    if ((data[0] & 0x01) && had_session)
        stream_flow_drain(ctx, &flow); /* as the engine ends a flow: drain, inspect, free */
    stream_flow_end(ctx, &flow);
    /* A session ends with one EOF per direction; without one nothing was delivered. */
    if (flow.stream != NULL || (had_session && (!seen.eof[0] || !seen.eof[1])))
        __builtin_trap();
    stream_ctx_free(ctx);
    return 0;
}
