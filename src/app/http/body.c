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

/* Prepare the inflater for a new body: zlib's memory is kept in the flow state and reset. */
void http_body_begin(struct http_ctx *ctx, struct http_state *st, int dir,
                     const struct app_input *in)
{
    struct http_dir *d = &st->d[dir];
    struct http_msg *m = msg_of(d->tx, dir);
    d->inflating = false;
    d->raw_tried = false;
    d->inflate_in = 0;
    d->mp.st = MP_OFF;
    if (m->framing == HTTP_BODY_NONE)
        return;
    if (dir == 0)
        http_mp_begin(ctx, d, in);
    /* Nobody reads bodies: do not spend time decompressing them. */
    if (m->coding == HTTP_CE_IDENTITY || !consumed(ctx, d, dir))
        return;
    int wbits = m->coding == HTTP_CE_GZIP ? 15 + 16 : 15;
    if (!d->zs_init) {
        memset(&d->zs, 0, sizeof(d->zs));
        d->zs.zalloc = z_alloc;
        d->zs.zfree = z_free;
        if (inflateInit2(&d->zs, wbits) != Z_OK)
            return;
        d->zs_init = true;
    } else if (inflateReset2(&d->zs, wbits) != Z_OK) {
        return;
    }
    d->inflating = true;
}

/*
 * Decoded bytes to the multipart parser (whole) and to on_body up to the direction's body
 * limit (the rest is counted).
 */
static void deliver(struct http_ctx *ctx, struct http_dir *d, int dir, struct span data,
                    const struct app_input *in)
{
    struct http_tx *tx = d->tx;
    struct http_msg *m = msg_of(tx, dir);
    if (dir == 0 && d->mp.st != MP_OFF)
        http_mp_data(ctx, d, data, in);
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

/* Feed compressed bytes through zlib; stops at the end of the stream, an error or a cap. */
static void inflate_data(struct http_ctx *ctx, struct http_dir *d, int dir, struct span data,
                         const struct app_input *in)
{
    struct http_tx *tx = d->tx;
    struct http_msg *m = msg_of(tx, dir);
    d->zs.next_in = (Bytef *)(uintptr_t)data.p;
    d->zs.avail_in = (uInt)data.len;
    while (d->zs.avail_in > 0 && d->inflating) {
        d->zs.next_out = ctx->inflate_buf;
        d->zs.avail_out = sizeof(ctx->inflate_buf);
        uInt in_before = d->zs.avail_in;
        int rc = inflate(&d->zs, Z_SYNC_FLUSH);
        size_t produced = sizeof(ctx->inflate_buf) - d->zs.avail_out;
        d->inflate_in += in_before - d->zs.avail_in;
        if (rc == Z_DATA_ERROR && m->coding == HTTP_CE_DEFLATE && !d->raw_tried &&
            m->body_decoded == 0) {
            /* "deflate" is often sent without the zlib header: libhtp retries raw. */
            d->raw_tried = true;
            if (inflateReset2(&d->zs, -15) != Z_OK)
                break;
            d->zs.next_in = (Bytef *)(uintptr_t)data.p;
            d->zs.avail_in = (uInt)data.len;
            d->inflate_in = 0;
            continue;
        }
        m->body_decoded += produced;
        if (produced)
            deliver(ctx, d, dir, (struct span){ctx->inflate_buf, produced}, in);
        if (rc == Z_STREAM_END) {
            d->inflating = false;
        } else if (rc != Z_OK && !(rc == Z_BUF_ERROR && produced == 0)) {
            ctx->st.inflate_errors++;
            http_raise(ctx, in, tx, HTTP_EV_GZIP_DECOMPRESSION_FAILED);
            d->inflating = false;
        } else if (m->body_decoded > ctx->cfg.compression_bomb_limit &&
                   m->body_decoded / (d->inflate_in ? d->inflate_in : 1) > BOMB_RATIO) {
            ctx->st.bombs++;
            http_raise(ctx, in, tx, HTTP_EV_COMPRESSION_BOMB);
            d->inflating = false;
        } else if (limit_reached(ctx, d, dir)) {
            d->inflating = false; /* nothing more will be read: stop spending time on it */
        } else if (rc == Z_BUF_ERROR) {
            break;
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
        inflate_data(ctx, d, dir, data, in);
    } else if (m->coding == HTTP_CE_IDENTITY) {
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
