/* SPDX-License-Identifier: GPL-2.0-only */
/* HTTP bodies: gzip/deflate decompression (zlib), body limits, the on_body hook. */
#include <string.h>

#include "core/alloc.h"
#include "http_internal.h"

/* Suricata stops a body whose decompressed size passes the bomb limit at a ratio above this. */
#define BOMB_RATIO 2048

static voidpf z_alloc(voidpf opaque, uInt items, uInt size)
{
    (void)opaque;
    return kh_calloc(items, size);
}

static void z_free(voidpf opaque, voidpf p)
{
    (void)opaque;
    kh_free(p);
}

static struct http_msg *msg_of(struct http_tx *tx, int dir)
{
    return dir == 0 ? &tx->req : &tx->resp;
}

/* Does anyone read this direction's decoded body? */
static bool consumed(const struct http_ctx *ctx, const struct http_dir *d, int dir)
{
    return ctx->hooks.on_body != NULL || (dir == 0 && d->mp.st != MP_OFF);
}

/* (Re)start a layer's zlib stream: gzip takes a gzip or zlib header, deflate is raw. */
static bool layer_reset(struct http_layer *l, uint8_t method)
{
    int wbits = method == HTTP_CE_GZIP ? 15 + 32 : -15;
    l->method = method;
    if (!l->zs_init) {
        memset(&l->zs, 0, sizeof(l->zs));
        l->zs.zalloc = z_alloc;
        l->zs.zfree = z_free;
        if (inflateInit2(&l->zs, wbits) != Z_OK)
            return false;
        l->zs_init = true;
        return true;
    }
    return inflateReset2(&l->zs, wbits) == Z_OK;
}

/* Set up the body's Content-Encoding layers; zlib's memory is kept in the flow state. */
void http_body_begin(struct http_ctx *ctx, struct http_state *st, int dir,
                     const struct app_input *in)
{
    struct http_dir *d = &st->d[dir];
    struct http_msg *m = msg_of(d->tx, dir);
    d->inflating = false;
    d->nlayers = 0;
    d->mp.st = MP_OFF;
    if (m->framing == HTTP_BODY_NONE)
        return;
    if (dir == 0)
        http_mp_begin(ctx, d, in);
    /* Nobody reads bodies: do not spend time decompressing them. */
    if (m->ncodings == 0 || !consumed(ctx, d, dir))
        return;
    /* Undone from the last coding applied, which the header lists last. */
    for (unsigned i = 0; i < m->ncodings; i++) {
        struct http_layer *l = &d->layer[i];
        uint8_t method = m->codings[m->ncodings - 1 - i];
        l->restarts = 0;
        l->ended = false;
        l->produced = false;
        l->fed = false;
        l->pass = method == HTTP_CE_PASS;
        if (!l->pass && !layer_reset(l, method))
            return;
    }
    d->nlayers = m->ncodings;
    d->inflating = true;
}
/*
 * Decoded request bytes to the multipart parser up to request-body-limit, as Suricata
 * stores files only from the body it keeps: bytes past it end the open part TRUNCATED.
 */
static void mp_deliver(struct http_ctx *ctx, struct http_dir *d, struct span data,
                       const struct app_input *in)
{
    uint64_t limit = ctx->cfg.request_body_limit;
    bool over = limit != 0 && d->mp.given + data.len > limit;
    if (over)
        data.len = d->mp.given >= limit ? 0 : (size_t)(limit - d->mp.given);
    d->mp.given += data.len;
    if (data.len)
        http_mp_data(ctx, d, data, in);
    if (over)
        http_mp_cut(ctx, d, in);
}

/*
 * Decoded bytes to the multipart parser (up to the request body limit) and to on_body up to the direction's body
 * limit (the rest is counted).
 */
static void deliver(struct http_ctx *ctx, struct http_dir *d, int dir, struct span data,
                    const struct app_input *in)
{
    struct http_tx *tx = d->tx;
    struct http_msg *m = msg_of(tx, dir);
    if (dir == 0 && d->mp.st != MP_OFF)
        mp_deliver(ctx, d, data, in);
    if (ctx->hooks.on_body == NULL)
        return;
    uint64_t limit = dir == 0 ? ctx->cfg.request_body_limit : ctx->cfg.response_body_limit;
    size_t n = data.len;
    if (limit != 0 && m->body_given + n > limit)
        n = m->body_given >= limit ? 0 : (size_t)(limit - m->body_given);
    ctx->st.body_limited += data.len - n;
    if (n == 0)
        return;
    m->body_given += n;
    data.len = n;
    ctx->hooks.on_body(ctx->hooks.arg, in, tx, dir, data, false);
}

/* Nothing more of this body will be read: decompression may stop. */
static bool limit_reached(const struct http_ctx *ctx, const struct http_dir *d, int dir)
{
    const struct http_msg *m = msg_of(d->tx, dir);
    uint64_t limit = dir == 0 ? ctx->cfg.request_body_limit : ctx->cfg.response_body_limit;
    bool parts = dir == 0 && d->mp.st != MP_OFF && d->mp.st != MP_DONE;
    return !parts && (ctx->hooks.on_body == NULL || (limit != 0 && m->body_given >= limit));
}

/*
 * Bytes a gzip header takes before its deflate data, when it names optional fields; libhtp
 * skips them on a retry (zlib refuses unknown flags or a wrong header CRC).
 */
static size_t gzip_header_skip(struct span data)
{
    if (data.len < 4 || data.p[0] != 0x1f || data.p[1] != 0x8b || data.p[3] == 0)
        return 0;
    size_t n = 10;
    if (data.p[3] & 0x18) { /* FNAME or FCOMMENT: up to a NUL */
        while (n < data.len && data.p[n] != 0)
            n++;
        n++;
    } else if (data.p[3] & 0x02) { /* FHCRC */
        n = 12;
    }
    return n > data.len ? 0 : n;
}

/*
 * Whether "deflate" bytes start with a zlib header rather than raw deflate. libhtp finds out by
 * failing and retrying on the same segment; looking first also holds when the body comes
 * in pieces (one byte: its CM nibble and window size only).
 */
static bool looks_zlib(struct span data)
{
    uint8_t b0 = data.p[0];
    if ((b0 & 0x0f) != 8 || (b0 >> 4) > 7)
        return false;
    return data.len < 2 || ((unsigned)b0 << 8 | data.p[1]) % 31 == 0;
}

/* The first bytes are printable text (JSON, form data): not a compressed stream. */
static bool looks_text(struct span data)
{
    size_t n = data.len < 16 ? data.len : 16;
    for (size_t i = 0; i < n; i++)
        if (data.p[i] < 0x20 && data.p[i] != '\r' && data.p[i] != '\n' && data.p[i] != '\t')
            return false;
    return true;
}

/* After an error: retry this chunk as libhtp does, three times at most. */
static bool layer_restart(struct http_layer *l, struct span data, size_t *skip)
{
    if (l->restarts >= 3)
        return false;
    uint8_t method = l->method;
    if (l->restarts > 0)
        method = method == HTTP_CE_GZIP ? HTTP_CE_DEFLATE : HTTP_CE_GZIP;
    l->restarts++;
    *skip = gzip_header_skip(data);
    return layer_reset(l, method);
}

static void layer_feed(struct http_ctx *ctx, struct http_dir *d, int dir, unsigned i,
                       struct span data, const struct app_input *in);

/* Bytes out of layer i: to the next layer, or decoded to the readers. */
static void layer_out(struct http_ctx *ctx, struct http_dir *d, int dir, unsigned i,
                      struct span data, const struct app_input *in)
{
    if (i + 1 < d->nlayers) {
        layer_feed(ctx, d, dir, i + 1, data, in);
        return;
    }
    struct http_msg *m = msg_of(d->tx, dir);
    m->body_decoded += data.len;
    deliver(ctx, d, dir, data, in);
    if (m->body_decoded > ctx->cfg.compression_bomb_limit &&
        m->body_decoded / (m->body_len ? m->body_len : 1) > BOMB_RATIO) {
        ctx->st.bombs++;
        http_raise(ctx, in, d->tx, HTTP_EV_COMPRESSION_BOMB);
        d->inflating = false;
    } else if (limit_reached(ctx, d, dir)) {
        d->inflating = false; /* nothing more will be read: stop spending time on it */
    }
}

/* Feed bytes through layer i; what it cannot decode at all passes on as it is (libhtp). */
static void layer_feed(struct http_ctx *ctx, struct http_dir *d, int dir, unsigned i,
                       struct span data, const struct app_input *in)
{
    struct http_layer *l = &d->layer[i];
    if (l->pass) {
        layer_out(ctx, d, dir, i, data, in);
        return;
    }
    if (l->ended || data.len == 0)
        return;
    if (!l->fed && l->method == HTTP_CE_DEFLATE && looks_zlib(data))
        layer_reset(l, HTTP_CE_GZIP); /* zlib-wrapped "deflate": the gzip stream reads both */
    if (!l->fed && d->nlayers == 1 && l->method == HTTP_CE_GZIP && data.len >= 2 &&
        !(data.p[0] == 0x1f && data.p[1] == 0x8b) && !looks_zlib(data) && looks_text(data)) {
        /* "gzip" that is plain text (Suricata 7.0.5+, redmine 6959): the bytes as they are,
         * rather than what a raw-deflate retry would make of them */
        ctx->st.inflate_errors++;
        http_raise(ctx, in, d->tx, HTTP_EV_GZIP_DECOMPRESSION_FAILED);
        l->pass = true;
        layer_out(ctx, d, dir, i, data, in);
        return;
    }
    l->fed = true;
    size_t skip = 0;
    l->zs.next_in = (Bytef *)(uintptr_t)data.p;
    l->zs.avail_in = (uInt)data.len;
    while (l->zs.avail_in > 0 && d->inflating && !l->ended) {
        l->zs.next_out = ctx->inflate_buf[i];
        l->zs.avail_out = HTTP_INFLATE_BUF;
        int rc = inflate(&l->zs, Z_SYNC_FLUSH);
        size_t produced = HTTP_INFLATE_BUF - l->zs.avail_out;
        if (produced) {
            l->produced = true;
            layer_out(ctx, d, dir, i, (struct span){ctx->inflate_buf[i], produced}, in);
        }
        if (rc == Z_STREAM_END || (rc != Z_OK && rc != Z_BUF_ERROR && l->produced)) {
            l->ended = true; /* an error after some output ends the stream, as libhtp */
        } else if (rc == Z_BUF_ERROR) {
            break;
        } else if (rc != Z_OK) {
            if (layer_restart(l, data, &skip)) {
                l->zs.next_in = (Bytef *)(uintptr_t)(data.p + skip);
                l->zs.avail_in = (uInt)(data.len - skip);
                continue;
            }
            ctx->st.inflate_errors++;
            http_raise(ctx, in, d->tx, HTTP_EV_GZIP_DECOMPRESSION_FAILED);
            l->pass = true; /* not compressed after all: the bytes as they are */
            layer_out(ctx, d, dir, i, data, in);
            return;
        }
    }
}

void http_body_data(struct http_ctx *ctx, struct http_state *st, int dir, struct span data,
                    const struct app_input *in)
{
    struct http_dir *d = &st->d[dir];
    struct http_msg *m = msg_of(d->tx, dir);
    m->body_len += data.len;
    if (!consumed(ctx, d, dir) || data.len == 0)
        return;
    if (d->inflating) {
        layer_feed(ctx, d, dir, 0, data, in);
    } else if (d->nlayers == 0 && m->ncodings == 0) {
        m->body_decoded += data.len;
        deliver(ctx, d, dir, data, in);
    } else {
        ctx->st.body_limited += data.len; /* past a failed or finished decompression */
    }
}

void http_body_end(struct http_ctx *ctx, struct http_state *st, int dir, const struct app_input *in)
{
    struct http_dir *d = &st->d[dir];
    struct http_msg *m = msg_of(d->tx, dir);
    d->inflating = false;
    if (dir == 0)
        http_mp_end(ctx, d, in);
    if (ctx->hooks.on_body != NULL && m->framing != HTTP_BODY_NONE && !m->done)
        ctx->hooks.on_body(ctx->hooks.arg, in, d->tx, dir, (struct span){NULL, 0}, true);
}
