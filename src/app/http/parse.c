/* SPDX-License-Identifier: GPL-2.0-only */
/* The resumable HTTP/1.x parser: start lines, headers, framing, transactions per flow. */
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "core/alloc.h"
#include "http.h"
#include "http_internal.h"

/* What one step of the state machine did. */
enum step {
    STEP_OK = 0, /* consumed something (or changed state): go on */
    STEP_MORE,   /* needs more bytes than are here */
};

struct http_ctx *http_ctx_new(const struct http_config *cfg, const struct http_hooks *hooks)
{
    struct http_ctx *ctx = kh_calloc(1, sizeof(*ctx));
    if (ctx == NULL)
        return NULL;
    ctx->cfg = *cfg;
    if (hooks != NULL)
        ctx->hooks = *hooks;
    return ctx;
}

static void state_destroy(struct http_state *st)
{
    for (int d = 0; d < 2; d++)
        for (int i = 0; i < HTTP_CE_LAYERS_MAX; i++)
            if (st->d[d].layer[i].zs_init)
                inflateEnd(&st->d[d].layer[i].zs);
    kh_free(st);
}

void http_ctx_free(struct http_ctx *ctx)
{
    if (ctx == NULL)
        return;
    for (struct http_tx *t = ctx->tx_free, *next; t != NULL; t = next) {
        next = t->next;
        kh_free(t);
    }
    for (struct http_state *s = ctx->state_free, *next; s != NULL; s = next) {
        next = s->next_free;
        state_destroy(s);
    }
    http_ranges_free(ctx->ranges);
    kh_free(ctx);
}

struct http_ranges *http_ctx_ranges(struct http_ctx *ctx)
{
    if (ctx->ranges == NULL)
        ctx->ranges = http_ranges_new(); /* NULL when out of memory: nothing is put together */
    return ctx->ranges;
}

const struct http_stats *http_ctx_stats(const struct http_ctx *ctx)
{
    return &ctx->st;
}

struct app_tcp_proto http_tcp_proto(struct http_ctx *ctx)
{
    struct app_tcp_proto p = {
        .id = APP_PROTO_HTTP,
        .ports = {80, 8080, 8000, 3128},
        .probe = http_probe,
        .parse = http_parse,
        .state_free = http_state_free,
        .pctx = ctx,
    };
    return p;
}

/* ---- transactions ---- */

static struct http_tx *tx_get(struct http_ctx *ctx)
{
    struct http_tx *tx = ctx->tx_free;
    if (tx != NULL) {
        ctx->tx_free = tx->next;
    } else if (ctx->tx_made < ctx->cfg.max_txs_total && (tx = kh_malloc(sizeof(*tx))) != NULL) {
        ctx->tx_made++;
    } else {
        ctx->st.tx_memcap++;
        return NULL;
    }
    /* Everything but the arena bytes, which arena_len makes unread. */
    memset(tx, 0, offsetof(struct http_tx, arena));
    tx->port = -1;
    tx->status_code = -1;
    return tx;
}

static void tx_put(struct http_ctx *ctx, struct http_tx *tx)
{
    tx->next = ctx->tx_free;
    ctx->tx_free = tx;
}

/* A new transaction at the end of the flow's list; NULL past max_tx or the pool (counted). */
static struct http_tx *tx_new(struct http_ctx *ctx, struct http_state *st)
{
    if (st->ntx >= ctx->cfg.max_tx) {
        ctx->st.max_tx_reached++;
        return NULL;
    }
    struct http_tx *tx = tx_get(ctx);
    if (tx == NULL)
        return NULL;
    tx->tx_id = st->tx_count++;
    if (st->tail != NULL)
        st->tail->next = tx;
    else
        st->head = tx;
    st->tail = tx;
    st->ntx++;
    return tx;
}

static void tx_unlink(struct http_state *st, struct http_tx *tx)
{
    struct http_tx *prev = NULL;
    for (struct http_tx *t = st->head; t != NULL; prev = t, t = t->next) {
        if (t != tx)
            continue;
        if (prev != NULL)
            prev->next = t->next;
        else
            st->head = t->next;
        if (st->tail == t)
            st->tail = prev;
        st->ntx--;
        return;
    }
}

/* Hand a transaction to the logger and give it back to the pool. */
static void tx_finish(struct http_ctx *ctx, struct http_state *st, struct http_tx *tx,
                      const struct app_input *in)
{
    for (int d = 0; d < 2; d++)
        if (st->d[d].tx == tx)
            st->d[d].tx = NULL;
    tx_unlink(st, tx);
    ctx->st.txs++;
    if (ctx->hooks.on_tx_complete != NULL)
        ctx->hooks.on_tx_complete(ctx->hooks.arg, in, tx);
    tx_put(ctx, tx);
}

void http_raise(struct http_ctx *ctx, const struct app_input *in, struct http_tx *tx,
                enum http_event ev)
{
    if (tx == NULL)
        return;
    /* Each occurrence is an event, as in Suricata (two repeated headers: two anomalies). */
    if (tx->nevents >= HTTP_TX_EVENTS_MAX) {
        ctx->st.events_dropped++;
        return;
    }
    tx->nevents++;
    tx->events |= 1ull << ev;
    if (ctx->hooks.on_event != NULL)
        ctx->hooks.on_event(ctx->hooks.arg, in, tx, ev);
}

/* ---- per-flow state ---- */

static struct http_state *state_get(struct http_ctx *ctx)
{
    struct http_state *st = ctx->state_free;
    if (st != NULL) {
        ctx->state_free = st->next_free;
    } else {
        st = kh_calloc(1, sizeof(*st));
        if (st == NULL)
            return NULL;
    }
    /* Keep the inflaters (their zlib memory is reused); reset everything else. */
    struct http_dir keep[2] = {st->d[0], st->d[1]};
    memset(st, 0, sizeof(*st));
    for (int d = 0; d < 2; d++) {
        for (int i = 0; i < HTTP_CE_LAYERS_MAX; i++) {
            st->d[d].layer[i].zs = keep[d].layer[i].zs;
            st->d[d].layer[i].zs_init = keep[d].layer[i].zs_init;
        }
    }
    ctx->st.states++;
    return st;
}

void http_state_free(void *pctx, void *state)
{
    struct http_ctx *ctx = pctx;
    struct http_state *st = state;
    if (st == NULL)
        return;
    while (st->head != NULL) {
        struct http_tx *tx = st->head;
        st->head = tx->next;
        ctx->st.unlogged++;
        tx_put(ctx, tx);
    }
    st->next_free = ctx->state_free;
    ctx->state_free = st;
    ctx->st.states--;
}

/* ---- lines ---- */

/*
 * The next line of c, without its CR LF (a bare LF ends a line too, as in libhtp). STEP_MORE
 * when no LF is here yet; *too_long when that line is already past the field limit.
 */
static enum step take_line(struct cursor *c, uint32_t limit, struct span *line, bool *too_long)
{
    const uint8_t *lf = c->left ? memchr(c->p, '\n', c->left) : NULL;
    *too_long = false;
    if (lf == NULL) {
        *too_long = c->left > limit;
        return STEP_MORE;
    }
    size_t n = (size_t)(lf - c->p);
    *too_long = n > limit;
    *line = cur_bytes(c, n + 1);
    line->len = n;
    if (line->len > 0 && line->p[line->len - 1] == '\r')
        line->len--;
    return STEP_OK;
}

/*
 * A response's start or header line with libhtp's line ends: LF, CR LF, LF CR, or a CR
 * followed by anything but CR, LF, space or tab (a CR before one of those belongs to the
 * line: "\r \rTransfer-Encoding: chunked" is one header line, Suricata 8). After an LF CR
 * end, an empty CR LF line swallows a CR LF after it ("\n\r\r\n\r\n" is two line ends).
 * *lfcr carries that LF CR from one line to the next.
 */
static enum step take_res_line(struct cursor *c, uint32_t limit, bool *lfcr, struct span *line,
                               bool *too_long)
{
    const uint8_t *p = c->p;
    size_t left = c->left, i = 0, end = 0;
    bool next_lfcr = false;
    for (; i < left && end == 0; i++) {
        if (p[i] == '\n') {
            end = i + 1;
            if (end < left && p[end] == '\r' && (i == 0 || p[i - 1] != '\r')) {
                end++;
                next_lfcr = true;
            }
        } else if (p[i] == '\r') {
            if (i + 1 == left)
                break; /* the next byte decides */
            if (p[i + 1] == '\r' || p[i + 1] == ' ' || p[i + 1] == '\t')
                continue; /* a CR before a CR, space or tab belongs to the line */
            end = p[i + 1] == '\n' ? i + 2 : i + 1;
            if (p[i + 1] == '\n' && i == 0 && *lfcr && left >= 4 && p[2] == '\r' && p[3] == '\n')
                end = 4;
        }
    }
    *too_long = (end ? i - 1 : left) > limit;
    if (end == 0)
        return STEP_MORE;
    *line = cur_bytes(c, end);
    line->len = i - 1; /* up to the byte that ended it */
    *lfcr = next_lfcr;
    return STEP_OK;
}

/* ---- one direction ---- */

static void message_done(struct http_ctx *ctx, struct http_state *st, int dir,
                         const struct app_input *in)
{
    struct http_dir *d = &st->d[dir];
    struct http_tx *tx = d->tx;
    d->st = ST_LINE;
    if (tx == NULL)
        return;
    struct http_msg *m = dir == 0 ? &tx->req : &tx->resp;
    http_body_end(ctx, st, dir, in);
    m->done = true;
    d->tx = NULL;
    if (ctx->hooks.on_msg_done != NULL)
        ctx->hooks.on_msg_done(ctx->hooks.arg, in, tx, dir);
    if (tx->req.done && tx->resp.done)
        tx_finish(ctx, st, tx, in);
}

/* Start the body of the message whose headers just ended, or finish it. */
static void body_start(struct http_ctx *ctx, struct http_state *st, int dir,
                       const struct app_input *in)
{
    struct http_dir *d = &st->d[dir];
    struct http_msg *m = dir == 0 ? &d->tx->req : &d->tx->resp;
    http_body_begin(ctx, st, dir, in);
    switch ((enum http_framing)m->framing) {
    case HTTP_BODY_LENGTH:
        d->remain = m->content_length;
        d->st = d->remain ? ST_BODY_LEN : ST_LINE;
        break;
    case HTTP_BODY_CHUNKED:
        d->st = ST_CHUNK_SIZE;
        break;
    case HTTP_BODY_CLOSE:
        d->st = ST_BODY_CLOSE;
        break;
    case HTTP_BODY_NONE:
        d->st = ST_LINE;
        break;
    }
    if (d->st == ST_LINE)
        message_done(ctx, st, dir, in);
}

/* The empty line after the headers (or trailers). */
/*
 * Bytes right after a response that has no body (204, 304, HEAD): libhtp reads a line that
 * does not start with "HTTP" (white space and NUL aside) as an unexpected body of that same
 * response, read until the close. Too few bytes to tell: not a body.
 */
static bool unexpected_body(const struct cursor *c)
{
    size_t i = 0;
    while (i < c->left && (c->p[i] == ' ' || c->p[i] == '\t' || c->p[i] == '\r' ||
                           c->p[i] == '\n' || c->p[i] == '\0'))
        i++;
    return i < c->left && http_looks_like_status(c->p + i, c->left - i) == APP_PROBE_NO;
}

/*
 * libhtp, after a request that announced no body: lines right behind it in the same data
 * that start with no known method (nor are blank) are that request's body, with
 * REQUEST_BODY_UNEXPECTED. Returns how many bytes those lines hold (0: none).
 */
static size_t unexpected_request_body(const struct cursor *c)
{
    size_t n = 0;
    while (n < c->left) {
        const uint8_t *p = c->p + n;
        size_t left = c->left - n, len = left, k = 0;
        const uint8_t *lf = memchr(p, '\n', left);
        if (lf != NULL)
            len = (size_t)(lf - p) + 1;
        while (k < len && (p[k] == ' ' || p[k] == '\t' || p[k] == '\r' || p[k] == '\n'))
            k++;
        if (k == len || http_probe(p, len, 0) != APP_PROBE_NO)
            break; /* a blank line, or the next request (or possibly one: wait for it) */
        n += len;
    }
    return n;
}

static void headers_end(struct http_ctx *ctx, struct http_state *st, int dir,
                        const struct cursor *c, const struct app_input *in)
{
    struct http_dir *d = &st->d[dir];
    struct http_tx *tx = d->tx;
    if (d->st == ST_TRAILERS) {
        message_done(ctx, st, dir, in);
        return;
    }
    if (dir == 0) {
        http_request_headers_done(ctx, st, tx, in);
        size_t extra = tx->req.framing == HTTP_BODY_NONE ? unexpected_request_body(c) : 0;
        if (extra > 0) { /* read as a body of that length */
            http_raise(ctx, in, tx, HTTP_EV_REQUEST_BODY_UNEXPECTED);
            tx->req.framing = HTTP_BODY_LENGTH;
            tx->req.content_length = extra;
        }
        if (ctx->hooks.on_headers != NULL)
            ctx->hooks.on_headers(ctx->hooks.arg, in, tx, 0);
        body_start(ctx, st, 0, in);
        return;
    }
    enum http_after after = http_response_headers_done(ctx, st, tx, in);
    if (after == HTTP_AFTER_INTERIM) { /* 100 Continue: the real response follows */
        d->st = ST_LINE;
        return;
    }
    if (ctx->hooks.on_headers != NULL && tx != NULL)
        ctx->hooks.on_headers(ctx->hooks.arg, in, tx, 1);
    if (tx != NULL && after == HTTP_AFTER_BODY && tx->resp.framing == HTTP_BODY_NONE &&
        unexpected_body(c))
        tx->resp.framing = HTTP_BODY_CLOSE;
    body_start(ctx, st, 1, in);
    if (after == HTTP_AFTER_TUNNEL) {
        st->tunnel = true;
        /* A 2xx to CONNECT: what follows is another protocol, detected afresh (Suricata's
         * protocol change, suricata-verify http-connect-*). After a 101 Upgrade (WebSocket,
         * h2c: no parser here) the flow stays http and the rest is skipped. */
        st->change = tx != NULL && tx->status_code != 101;
        if (d->tx != NULL)
            message_done(ctx, st, 1, in);
        if (st->d[0].tx != NULL)
            message_done(ctx, st, 0, in);
    }
}

/*
 * libhtp: after a request line without a protocol, data that starts like a header line
 * ("Name:", white space allowed before the colon) means the protocol was missing and
 * headers follow (REQUEST_LINE_MISSING_PROTOCOL), not an HTTP/0.9 request.
 */
static bool header_follows(const struct cursor *c)
{
    bool after_ws = false;
    for (size_t i = 0; i < c->left; i++) {
        uint8_t b = c->p[i];
        if (b == ':')
            return true;
        if (b == ' ' || b == '\t')
            after_ws = true;
        else if (b == '\r' || b == '\n' || b == '\v' || b == '\f' || after_ws)
            return false;
    }
    return false;
}

static enum step step_start_line(struct http_ctx *ctx, struct http_state *st, int dir,
                                 struct span line, const struct cursor *c,
                                 const struct app_input *in)
{
    struct http_dir *d = &st->d[dir];
    if (line.len == 0) /* empty lines between messages are skipped, as libhtp does */
        return STEP_OK;
    if (dir == 0) {
        struct http_tx *tx = tx_new(ctx, st);
        if (tx == NULL) {
            d->st = ST_DEAD;
            return STEP_OK;
        }
        tx->has_request = true;
        d->tx = tx;
        if (http_request_line(ctx, tx, line, in)) {
            d->st = ST_HEADERS;
        } else if (tx->http09 && header_follows(c)) {
            http_raise(ctx, in, tx, HTTP_EV_REQUEST_LINE_MISSING_PROTOCOL);
            tx->http09 = false;
            d->st = ST_HEADERS;
        } else { /* HTTP/0.9: a request line and nothing else */
            bool http09 = tx->http09;
            message_done(ctx, st, 0, in); /* may finish tx */
            if (http09)
                d->st = ST_DEAD; /* libhtp ignores what a 0.9 client sends after */
        }
        return STEP_OK;
    }
    d->st = ST_HEADERS;
    http_response_line(ctx, d->tx, line, in);
    return STEP_OK;
}

/* The transaction a response belongs to: the oldest one without a response yet. */
static struct http_tx *response_tx(struct http_ctx *ctx, struct http_state *st,
                                   const struct app_input *in)
{
    for (struct http_tx *t = st->head; t != NULL; t = t->next) {
        if (!t->has_response) {
            t->has_response = true;
            return t;
        }
    }
    struct http_tx *tx = tx_new(ctx, st);
    if (tx == NULL)
        return NULL;
    tx->has_response = true;
    tx->req.done = true;
    http_raise(ctx, in, tx, HTTP_EV_UNABLE_TO_MATCH_RESPONSE_TO_REQUEST);
    return tx;
}

/* Bytes buffered without a line end before a response's chunk-size line is judged early. */
#define CHUNK_PROBE_MIN 8

/*
 * A response's chunk-size line that is no size: as libhtp, the body is not chunked after all
 * and is read until the close, starting with the bytes of that line.
 */
static void chunks_to_close(struct http_ctx *ctx, struct http_state *st, const uint8_t *p,
                            size_t len, const struct app_input *in)
{
    struct http_dir *d = &st->d[1];
    d->tx->resp.framing = HTTP_BODY_CLOSE;
    d->st = ST_BODY_CLOSE;
    http_body_data(ctx, st, 1, (struct span){.p = p, .len = len}, in);
}

/* Whether the bytes from p to the cursor's end start (white space and NUL aside) "HTTP". */
static bool dir_is_status_next(const uint8_t *p, const struct cursor *c)
{
    const uint8_t *end = c->p + c->left;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\0'))
        p++;
    return p < end && http_looks_like_status(p, (size_t)(end - p)) == APP_PROBE_YES;
}

/*
 * A line that is no status line ("foobar", "SIP/2.0 200 ok") with a status line after it in
 * the same bytes: libhtp reads the line as body and then the status line of the same
 * response. Khien skips the line (its bytes are not given as body) and reads on.
 */
static bool junk_before_status(struct cursor *c)
{
    const uint8_t *lf = memchr(c->p, '\n', c->left);
    if (lf == NULL || lf == c->p + c->left - 1 || !dir_is_status_next(lf + 1, c))
        return false;
    cur_skip(c, (size_t)(lf + 1 - c->p));
    return true;
}

/*
 * libhtp also ends a response's headers at a line of one space or tab and a bare LF
 * ("Content-Length: 68\n \nbody"), which would otherwise read as a fold, when the next byte
 * is here and is no LF (" \n\n" is a fold, then the empty line).
 */
static bool ws_lf_line(int dir, struct span line, const struct cursor *c)
{
    return dir == 1 && line.len == 1 && (line.p[0] == ' ' || line.p[0] == '\t') &&
           line.p[1] == '\n' && c->left > 0 && c->p[0] != '\n';
}

/* Line-based states: start line, headers, trailers, chunk sizes and chunk ends. */
static enum step step_line(struct http_ctx *ctx, struct http_state *st, int dir, struct cursor *c,
                           const struct app_input *in)
{
    struct http_dir *d = &st->d[dir];
    if (dir == 1 && d->st == ST_LINE && d->tx == NULL) {
        /*
         * Skip blank lines first, then decide whether this is a status line at all. libhtp
         * looks for "HTTP" past any white space and NUL bytes (" HTTP/1.1", "\0HTTP/1.1",
         * " \r\nHTTP/1.1"), so those are skipped too.
         */
        while (c->left && (*c->p == '\r' || *c->p == '\n' || *c->p == ' ' || *c->p == '\t' ||
                           *c->p == '\v' || *c->p == '\f' || *c->p == '\0'))
            cur_skip(c, 1);
        if (c->left == 0)
            return STEP_OK;
        enum app_probe status = http_looks_like_status(c->p, c->left);
        if (status == APP_PROBE_MORE)
            return STEP_MORE;
        if (status == APP_PROBE_NO && junk_before_status(c))
            return STEP_OK;
        d->tx = response_tx(ctx, st, in);
        if (d->tx == NULL) {
            d->st = ST_DEAD;
            return STEP_OK;
        }
        if (d->tx->http09 || status == APP_PROBE_NO) {
            if (!d->tx->http09)
                http_raise(ctx, in, d->tx, HTTP_EV_RESPONSE_INVALID_PROTOCOL);
            d->tx->resp.framing = HTTP_BODY_CLOSE;
            body_start(ctx, st, 1, in);
            return STEP_OK;
        }
    }
    if (dir == 1 && d->st == ST_CHUNK_SIZE && c->left >= CHUNK_PROBE_MIN &&
        memchr(c->p, '\n', c->left) == NULL && !http_chunk_plausible(c->p, c->left)) {
        /* No line end yet and no size can come: do not wait for one (libhtp probes too). */
        struct span rest = cur_bytes(c, c->left);
        chunks_to_close(ctx, st, rest.p, rest.len, in);
        return STEP_OK;
    }
    struct span line = {0}, raw;
    bool too_long;
    enum step got;
    if (dir == 1 && (d->st == ST_LINE || d->st == ST_HEADERS))
        got = take_res_line(c, ctx->cfg.field_limit, &d->lfcr, &line, &too_long);
    else
        got = take_line(c, ctx->cfg.field_limit, &line, &too_long);
    if (got == STEP_MORE && !too_long)
        return STEP_MORE;
    if (too_long) {
        ctx->st.field_too_long++;
        http_raise(ctx, in, d->tx,
                   dir == 0 ? HTTP_EV_REQUEST_FIELD_TOO_LONG : HTTP_EV_RESPONSE_FIELD_TOO_LONG);
        d->st = ST_DEAD;
        return STEP_OK;
    }
    switch (d->st) {
    case ST_LINE:
        return step_start_line(ctx, st, dir, line, c, in);
    case ST_HEADERS:
    case ST_TRAILERS:
        raw = (struct span){line.p, (size_t)(c->p - line.p)};
        if (line.len == 0 || ws_lf_line(dir, line, c)) {
            if (d->st == ST_HEADERS)
                http_header_raw_end(ctx, d->tx, dir, raw);
            headers_end(ctx, st, dir, c, in);
        } else {
            http_header_line(ctx, d->tx, dir, line, raw, d->st == ST_TRAILERS, in);
        }
        return STEP_OK;
    case ST_CHUNK_SIZE:
        switch (http_chunk_size(ctx, d->tx, dir, line, &d->remain, in)) {
        case HTTP_CHUNK_LINE_OK:
            d->st = d->remain ? ST_CHUNK_DATA : ST_TRAILERS;
            break;
        case HTTP_CHUNK_LINE_EMPTY:
            break;
        case HTTP_CHUNK_LINE_BAD:
            if (dir == 0)
                d->st = ST_DEAD; /* libhtp stops parsing a request stream here */
            else
                chunks_to_close(ctx, st, line.p, (size_t)(c->p - line.p), in);
            break;
        }
        return STEP_OK;
    case ST_CHUNK_END:
        d->st = ST_CHUNK_SIZE;
        return STEP_OK;
    default:
        return STEP_OK;
    }
}

/*
 * Bytes lost in a stream gap (in->gap_len). Inside a body whose framing is known (a
 * Content-Length body, chunk data, a body read to the close) they count as body bytes
 * that never came: the body goes on after them and its file is logged TRUNCATED with
 * gaps (suricata-verify http-gap-double), so the messages after it are still parsed. A
 * gap past the end of the body, or anywhere else, leaves the framing unknown: the
 * direction is no longer parsed (http-gap-beyond-body), no resync on a guess. A body
 * being decompressed cannot go on after lost bytes either.
 */
static void body_gap(struct http_ctx *ctx, struct http_state *st, int dir,
                     const struct app_input *in)
{
    struct http_dir *d = &st->d[dir];
    bool framed = d->st == ST_BODY_LEN || d->st == ST_CHUNK_DATA || d->st == ST_BODY_CLOSE;
    if (!framed || d->tx == NULL) {
        d->st = ST_DEAD;
        return;
    }
    struct http_msg *m = dir == 0 ? &d->tx->req : &d->tx->resp;
    uint64_t n = in->gap_len;
    if (d->st != ST_BODY_CLOSE && n > d->remain)
        n = d->remain;
    m->body_len += n;
    m->body_gap += n;
    if (d->inflating || m->ncodings != 0) {
        d->st = ST_DEAD; /* the decoder's state is lost with the bytes */
        return;
    }
    m->body_decoded += n;
    if (d->st == ST_BODY_CLOSE)
        return;
    d->remain -= n;
    if (d->remain == 0) {
        if (d->st == ST_CHUNK_DATA)
            d->st = ST_CHUNK_END;
        else
            message_done(ctx, st, dir, in);
    }
    if (n < in->gap_len)
        d->st = ST_DEAD; /* the gap runs past the body: where the next message starts is lost */
}

/*
 * A response body of Content-Length bytes just ended and more bytes came with it: a
 * complete line that does not start a status line ("HTTP", after white space) is more of
 * this body, as libhtp's response finalisation takes it (a server that sends more than
 * it announced; the usual case is a stray CR LF after the body, which then counts in the
 * file's size: suricata-verify http-gap-double). A line not complete yet is left to the
 * next message.
 */
static void body_finalize(struct http_ctx *ctx, struct http_state *st, struct cursor *c,
                          const struct app_input *in)
{
    const uint8_t *lf = c->left ? memchr(c->p, '\n', c->left) : NULL;
    if (lf == NULL)
        return;
    size_t len = (size_t)(lf - c->p) + 1, i = 0;
    while (i < len && (c->p[i] == ' ' || c->p[i] == '\t' || c->p[i] == '\r' || c->p[i] == '\n'))
        i++;
    if (len - i >= 4 && strncasecmp((const char *)c->p + i, "http", 4) == 0)
        return;
    http_body_data(ctx, st, 1, cur_bytes(c, len), in);
}

/* Body bytes framed by a length, a chunk or the close. */
static enum step step_body(struct http_ctx *ctx, struct http_state *st, int dir, struct cursor *c,
                           const struct app_input *in)
{
    struct http_dir *d = &st->d[dir];
    size_t n = c->left;
    if (d->st != ST_BODY_CLOSE && n > d->remain)
        n = (size_t)d->remain;
    struct span data = cur_bytes(c, n);
    http_body_data(ctx, st, dir, data, in);
    if (d->st == ST_BODY_CLOSE)
        return STEP_OK;
    d->remain -= n;
    if (d->remain == 0) {
        if (d->st == ST_CHUNK_DATA) {
            d->st = ST_CHUNK_END;
        } else {
            if (dir == 1)
                body_finalize(ctx, st, c, in);
            message_done(ctx, st, dir, in);
        }
    }
    return STEP_OK;
}

/*
 * The connection closed inside the headers: what is left is the last header line and the
 * headers end there, as libhtp finishes them at the close (suricata-verify
 * http-close-headers), so the message is inspected and logged with them.
 */
static void headers_at_eof(struct http_ctx *ctx, struct http_state *st, int dir, struct cursor *c,
                           const struct app_input *in)
{
    struct http_dir *d = &st->d[dir];
    struct span line = cur_bytes(c, c->left), raw = line;
    while (line.len && (line.p[line.len - 1] == '\r' || line.p[line.len - 1] == '\n'))
        line.len--;
    if (line.len > 0 && line.len <= ctx->cfg.field_limit)
        http_header_line(ctx, d->tx, dir, line, raw, false, in);
    headers_end(ctx, st, dir, c, in);
}

/* At the end of a direction: a body read to the close ends; if both ended, log what is left. */
static void direction_eof(struct http_ctx *ctx, struct http_state *st, int dir,
                          const struct app_input *in)
{
    struct http_dir *d = &st->d[dir];
    d->eof = true;
    if (d->tx != NULL)
        message_done(ctx, st, dir, in);
    if (!st->d[0].eof || !st->d[1].eof)
        return;
    while (st->head != NULL)
        tx_finish(ctx, st, st->head, in);
}

struct app_result http_parse(void *pctx, void **state, const struct app_input *in)
{
    struct http_ctx *ctx = pctx;
    struct app_result r = {.status = APP_STATUS_OK, .consumed = (uint32_t)in->data.len};
    struct http_state *st = *state;
    int dir = in->dir ? 1 : 0;
    if (st == NULL) {
        st = state_get(ctx);
        if (st == NULL) {
            r.status = APP_STATUS_ERROR;
            r.consumed = 0;
            return r;
        }
        *state = st;
    }
    struct http_dir *d = &st->d[dir];
    if (in->flags & APP_INPUT_GAP)
        body_gap(ctx, st, dir, in);
    struct cursor c = cur_init(in->data.p, in->data.len);
    while (c.left > 0 && !st->tunnel && d->st != ST_DEAD) {
        enum step s;
        if (dir == 0 && st->connect_wait && d->st == ST_LINE) {
            while (c.left > 0 && (*c.p == '\r' || *c.p == '\n'))
                cur_skip(&c, 1); /* empty lines are skipped, as before any request */
            s = STEP_MORE;       /* hold requests until the CONNECT is answered */
        } else if (d->st == ST_BODY_LEN || d->st == ST_CHUNK_DATA || d->st == ST_BODY_CLOSE)
            s = step_body(ctx, st, dir, &c, in);
        else
            s = step_line(ctx, st, dir, &c, in);
        if (s == STEP_MORE) {
            if (in->flags & APP_INPUT_EOF)
                break; /* a partial line at the end is not a message */
            r.status = APP_STATUS_INCOMPLETE;
            r.consumed = (uint32_t)cur_offset(&c, in->data.p);
            r.needed = (uint32_t)c.left + 1;
            return r;
        }
    }
    if (st->change && !(in->flags & APP_INPUT_EOF)) {
        while (c.left > 0 && (*c.p == '\r' || *c.p == '\n'))
            cur_skip(&c, 1); /* line ends after the last message belong to it, as libhtp */
        r.status = APP_STATUS_PROTO_CHANGE;
        r.consumed = (uint32_t)cur_offset(&c, in->data.p);
        return r;
    }
    if ((in->flags & APP_INPUT_EOF) && d->st == ST_HEADERS && d->tx != NULL)
        headers_at_eof(ctx, st, dir, &c, in);
    if (in->flags & APP_INPUT_EOF)
        direction_eof(ctx, st, dir, in);
    return r;
}
