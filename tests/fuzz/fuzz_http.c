/* SPDX-License-Identifier: GPL-2.0-only */
/* libFuzzer target for HTTP/1.x: a two-way stream cut into segments, fed as the dispatcher would. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "app/http/http.h"
#include "app/http/range.h"
#include "core/alloc.h"
#include "output/eve/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define KEEP_MAX 4096 /* what the fuzzed dispatcher keeps per direction, as a small cap */

struct fuzz {
    struct http_ctx *ctx[2]; /* default limits, and tiny ones */
    struct eve_output *eo;
    struct eve_http_config hc;
    struct http_ranges *ranges; /* pieces of 206 responses, across runs: caps exercised */
    uint8_t keep[2][KEEP_MAX + 65536];
};

static void check_str(const struct http_tx *tx, struct http_str s)
{
    if (s.set && ((uint64_t)s.off + s.len > tx->arena_len || tx->arena_len > HTTP_TX_ARENA))
        __builtin_trap();
}

/* The transaction's promises beyond memory safety; a broken one stops the fuzzer. */
static void check_tx(const struct http_tx *tx)
{
    const struct http_str *all[] = {&tx->request_line,  &tx->method,   &tx->uri,
                                    &tx->protocol,      &tx->uri_norm, &tx->hostname,
                                    &tx->response_line, &tx->status,   &tx->reason};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        check_str(tx, *all[i]);
    for (int d = 0; d < 2; d++) {
        const struct http_msg *m = d ? &tx->resp : &tx->req;
        if (m->nhdr > HTTP_MAX_HEADERS)
            __builtin_trap();
        check_str(tx, m->raw_hdr);
        for (unsigned i = 0; i < m->nhdr; i++) {
            check_str(tx, m->hdr[i].name);
            check_str(tx, m->hdr[i].value);
        }
    }
}

static void on_tx(void *arg, const struct app_input *in, const struct http_tx *tx)
{
    struct fuzz *fz = arg;
    check_tx(tx);
    eve_log_http(fz->eo, &fz->hc, in, tx);
    struct span v;
    int64_t r[3];
    if (fz->ranges != NULL && http_tx_header(tx, 1, "content-range", &v) &&
        http_content_range_parse(v, r) && r[0] >= 0 && r[1] >= 0 && r[2] >= 0) {
        struct span host = tx->hostname.set ? http_tx_text(tx, tx->hostname) : (struct span){0};
        struct span path = tx->uri.set ? http_tx_text(tx, tx->uri) : (struct span){0};
        http_ranges_add(fz->ranges, host, path, (uint64_t)r[2], (uint64_t)r[0], (uint64_t)r[1]);
    }
}

static void on_event(void *arg, const struct app_input *in, const struct http_tx *tx,
                     enum http_event ev)
{
    (void)arg;
    (void)in;
    (void)tx;
    if (http_event_name(ev) == NULL)
        __builtin_trap();
}

static void on_body(void *arg, const struct app_input *in, const struct http_tx *tx, int dir,
                    struct span data, bool last)
{
    (void)arg;
    (void)in;
    (void)last;
    const struct http_msg *m = dir ? &tx->resp : &tx->req;
    if (data.len > HTTP_INFLATE_BUF + 65536 || m->body_given > m->body_decoded)
        __builtin_trap();
    volatile uint8_t sink = 0;
    for (size_t i = 0; i < data.len; i++)
        sink ^= data.p[i]; /* every byte handed over must be readable */
    (void)sink;
}

static void on_part(void *arg, const struct app_input *in, const struct http_tx *tx,
                    const struct http_part *part, struct span data, bool last)
{
    (void)arg;
    (void)in;
    (void)tx;
    (void)last;
    if (part->name_len >= HTTP_PART_NAME_MAX || part->filename_len >= HTTP_PART_NAME_MAX ||
        part->name[part->name_len] != '\0' || part->filename[part->filename_len] != '\0')
        __builtin_trap();
    volatile uint8_t sink = 0;
    for (size_t i = 0; i < data.len; i++)
        sink ^= data.p[i];
    (void)sink;
}

static struct fuzz *fuzz_init(void)
{
    static struct fuzz fz;
    struct http_config cfg;
    struct eve_config ec;
    char err[128];
    struct http_hooks hooks = {.on_tx_complete = on_tx,
                               .on_event = on_event,
                               .on_body = on_body,
                               .on_part = on_part,
                               .arg = &fz};
    http_config_defaults(&cfg);
    fz.ctx[0] = http_ctx_new(&cfg, &hooks);
    cfg.request_body_limit = 7;
    cfg.response_body_limit = 0; /* unlimited: decompression runs to the end or the bomb cap */
    cfg.max_tx = 3;
    cfg.headers_limit = 5;
    cfg.field_limit = 200;
    cfg.compression_bomb_limit = 1000;
    cfg.max_txs_total = 8;
    fz.ctx[1] = http_ctx_new(&cfg, &hooks);
    fz.ranges = http_ctx_ranges(fz.ctx[0]);
    memset(&ec, 0, sizeof(ec));
    ec.enabled = true;
    ec.types = EVE_TYPE_HTTP;
    memcpy(ec.filename, "/dev/null", sizeof("/dev/null"));
    fz.eo = eve_output_new(&ec, "", err, sizeof(err));
    fz.hc.extended = true;
    fz.hc.dump = EVE_HTTP_DUMP_REQUEST | EVE_HTTP_DUMP_RESPONSE;
    fz.hc.ncustom = 1;
    memcpy(fz.hc.custom[0], "Accept", sizeof("Accept"));
    if (fz.ctx[0] == NULL || fz.ctx[1] == NULL || fz.eo == NULL)
        __builtin_trap();
    return &fz;
}

/* Bytes for one direction after what it kept; keeps the unconsumed rest (to KEEP_MAX). */
static void push(struct fuzz *fz, struct http_ctx *ctx, void **state, struct flow *f, int dir,
                 uint32_t flags, const uint8_t *p, size_t n, size_t kept[2], bool dead[2])
{
    if (dead[dir])
        return;
    if (flags & APP_INPUT_GAP) {
        /* as the dispatcher: a notice of n lost bytes alone, what was kept is dropped */
        struct app_input gap = {.f = f, .dir = dir, .flags = APP_INPUT_GAP, .gap_len = (uint32_t)n};
        gap.data = (struct span){fz->keep[dir], 0};
        kept[dir] = 0;
        struct app_result g = http_parse(ctx, state, &gap);
        if (g.consumed != 0)
            __builtin_trap();
        if (g.status == APP_STATUS_PROTO_CHANGE) {
            dead[0] = dead[1] = true;
            return;
        }
        flags &= ~APP_INPUT_GAP;
    }
    if (n)
        memcpy(fz->keep[dir] + kept[dir], p, n);
    kept[dir] += n;
    struct app_input in = {.f = f, .dir = dir, .flags = flags};
    in.data = (struct span){fz->keep[dir], kept[dir]};
    struct app_result r = http_parse(ctx, state, &in);
    if (r.consumed > kept[dir] || (r.status == APP_STATUS_INCOMPLETE && r.needed == 0))
        __builtin_trap();
    if (r.status == APP_STATUS_ERROR) {
        dead[dir] = true;
        return;
    }
    if (r.status == APP_STATUS_PROTO_CHANGE) { /* the dispatcher hands the flow on */
        dead[0] = dead[1] = true;
        return;
    }
    memmove(fz->keep[dir], fz->keep[dir] + r.consumed, kept[dir] - r.consumed);
    kept[dir] -= r.consumed;
    if (kept[dir] > KEEP_MAX)
        dead[dir] = true;
}

/*
 * Input: byte 0 picks the context; then segments of [flags][len][len bytes], flags bit 0 the
 * direction, bit 1 a gap of len bytes before the data. Unconsumed bytes are kept up to KEEP_MAX (past it
 * the direction is dropped, as the dispatcher's cap does). Both directions end with EOF.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct fuzz *fz;
    if (fz == NULL)
        fz = fuzz_init();
    if (size < 1)
        return 0;
    struct http_ctx *ctx = fz->ctx[data[0] & 1];
    struct flow f;
    memset(&f, 0, sizeof(f));
    f.ip_ver = 4;
    f.proto = 6;
    void *state = NULL;
    size_t kept[2] = {0, 0};
    bool dead[2] = {false, false};
    size_t pos = 1;
    while (pos + 2 <= size) {
        int dir = data[pos] & 1;
        uint32_t flags = data[pos] & 2 ? APP_INPUT_GAP : 0;
        size_t n = data[pos + 1];
        pos += 2;
        if (n > size - pos)
            n = size - pos;
        push(fz, ctx, &state, &f, dir, flags, data + pos, n, kept, dead);
        pos += n;
    }
    push(fz, ctx, &state, &f, 0, APP_INPUT_EOF, NULL, 0, kept, dead);
    push(fz, ctx, &state, &f, 1, APP_INPUT_EOF, NULL, 0, kept, dead);
    http_state_free(ctx, state);
    return 0;
}
