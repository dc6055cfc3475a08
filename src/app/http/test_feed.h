/* SPDX-License-Identifier: GPL-2.0-only */
/* Test helper: plays the TCP dispatcher for the HTTP parser and records what the hooks saw. */
#ifndef KH_APP_HTTP_TEST_FEED_H
#define KH_APP_HTTP_TEST_FEED_H

#include <stdio.h>
#include <string.h>

#include "http.h"

#define FEED_BUF  262144
#define SEEN_TX   16
#define SEEN_STR  256
#define SEEN_BODY 4096

/* One logged transaction, copied out of the hook (the tx is gone after it). */
struct seen_tx {
    uint64_t tx_id;
    char method[SEEN_STR], uri[SEEN_STR], uri_norm[SEEN_STR], host[SEEN_STR], proto[SEEN_STR];
    char ua[SEEN_STR];
    char server[SEEN_STR];     /* the response's Server header */
    char raw_hdr[2][SEEN_STR]; /* http_msg.raw_hdr of each direction */
    int32_t status, port;
    uint64_t events, resp_len, req_len;
    bool http09;
    size_t body_len[2];
    char body[2][SEEN_BODY];
    bool body_last[2];
};

struct feeder {
    struct http_ctx *ctx;
    void *state;
    uint8_t buf[2][FEED_BUF];
    size_t len[2];
    unsigned ntx, nev;
    struct seen_tx tx[SEEN_TX];
    struct seen_tx open[SEEN_TX]; /* bodies by tx_id until the tx is logged */
    enum http_event ev[64];
    unsigned nparts;  /* parts seen, any transaction */
    unsigned done[2]; /* on_msg_done calls per direction (requests, responses) */
    struct {
        uint32_t index;
        char name[HTTP_PART_NAME_MAX], filename[HTTP_PART_NAME_MAX];
        bool has_filename, ended, truncated;
        uint64_t size; /* the parser's running part.size */
        size_t len;
        char data[256];
    } part[8];
};

static void copy_str(char *dst, const struct http_tx *tx, struct http_str s)
{
    size_t n = s.set ? s.len : 0;
    if (n >= SEEN_STR)
        n = SEEN_STR - 1;
    memcpy(dst, tx->arena + s.off, n);
    dst[n] = '\0';
}

static void feed_on_tx(void *arg, const struct app_input *in, const struct http_tx *tx)
{
    struct feeder *f = arg;
    (void)in;
    if (f->ntx >= SEEN_TX)
        return;
    struct seen_tx *s = &f->tx[f->ntx++];
    if (tx->tx_id < SEEN_TX)
        *s = f->open[tx->tx_id];
    s->tx_id = tx->tx_id;
    copy_str(s->method, tx, tx->method);
    copy_str(s->uri, tx, tx->uri);
    copy_str(s->uri_norm, tx, tx->uri_norm);
    copy_str(s->host, tx, tx->hostname);
    copy_str(s->proto, tx, tx->protocol);
    struct span ua;
    s->ua[0] = '\0';
    if (http_tx_header(tx, 0, "user-agent", &ua) && ua.len < SEEN_STR) {
        memcpy(s->ua, ua.p, ua.len);
        s->ua[ua.len] = '\0';
    }
    struct span sv;
    s->server[0] = '\0';
    if (http_tx_header(tx, 1, "server", &sv) && sv.len < SEEN_STR) {
        memcpy(s->server, sv.p, sv.len);
        s->server[sv.len] = '\0';
    }
    copy_str(s->raw_hdr[0], tx, tx->req.raw_hdr);
    copy_str(s->raw_hdr[1], tx, tx->resp.raw_hdr);
    s->status = tx->status_code;
    s->port = tx->port;
    s->events = tx->events;
    s->resp_len = tx->resp.body_len;
    s->req_len = tx->req.body_len;
    s->http09 = tx->http09;
}

static void feed_on_event(void *arg, const struct app_input *in, const struct http_tx *tx,
                          enum http_event ev)
{
    struct feeder *f = arg;
    (void)in;
    (void)tx;
    if (f->nev < 64)
        f->ev[f->nev++] = ev;
}

static void feed_on_body(void *arg, const struct app_input *in, const struct http_tx *tx, int dir,
                         struct span data, bool last)
{
    struct feeder *f = arg;
    (void)in;
    if (tx->tx_id >= SEEN_TX)
        return;
    struct seen_tx *s = &f->open[tx->tx_id];
    size_t n = data.len;
    if (s->body_len[dir] + n >= SEEN_BODY)
        n = SEEN_BODY - 1 - s->body_len[dir];
    if (n)
        memcpy(s->body[dir] + s->body_len[dir], data.p, n);
    s->body_len[dir] += n;
    if (last)
        s->body_last[dir] = true;
}

static void feed_on_part(void *arg, const struct app_input *in, const struct http_tx *tx,
                         const struct http_part *part, struct span data, bool last)
{
    struct feeder *f = arg;
    (void)in;
    (void)tx;
    unsigned k = f->nparts;
    if (k > 0 && f->part[k - 1].index == part->index && !f->part[k - 1].ended)
        k--; /* more of the part being read */
    else if (k < 8)
        f->nparts++;
    else
        return;
    f->part[k].index = part->index;
    snprintf(f->part[k].name, sizeof(f->part[k].name), "%s", part->name);
    snprintf(f->part[k].filename, sizeof(f->part[k].filename), "%s", part->filename);
    f->part[k].has_filename = part->has_filename;
    size_t n = data.len;
    if (f->part[k].len + n > sizeof(f->part[k].data))
        n = sizeof(f->part[k].data) - f->part[k].len;
    if (n)
        memcpy(f->part[k].data + f->part[k].len, data.p, n);
    f->part[k].len += n;
    f->part[k].ended = last;
    f->part[k].size = part->size;
    f->part[k].truncated = part->truncated;
}

static void feed_on_msg_done(void *arg, const struct app_input *in, const struct http_tx *tx,
                             int dir)
{
    struct feeder *f = arg;
    (void)in;
    (void)tx;
    f->done[dir & 1]++;
}

static void feeder_init(struct feeder *f, const struct http_config *cfg)
{
    memset(f, 0, sizeof(*f));
    struct http_config def;
    http_config_defaults(&def);
    struct http_hooks hooks = {.on_tx_complete = feed_on_tx,
                               .on_event = feed_on_event,
                               .on_body = feed_on_body,
                               .on_part = feed_on_part,
                               .on_msg_done = feed_on_msg_done,
                               .arg = f};
    f->ctx = http_ctx_new(cfg ? cfg : &def, &hooks);
}

static void feeder_fini(struct feeder *f)
{
    http_state_free(f->ctx, f->state);
    http_ctx_free(f->ctx);
}

/* New bytes of one direction: parse them after what was left, keep what was not consumed. */
static struct app_result feed(struct feeder *f, int dir, const void *p, size_t n, uint32_t flags)
{
    if (n > FEED_BUF - f->len[dir])
        n = FEED_BUF - f->len[dir];
    if (n)
        memcpy(f->buf[dir] + f->len[dir], p, n);
    f->len[dir] += n;
    struct app_input in = {.dir = dir, .data = {f->buf[dir], f->len[dir]}, .flags = flags};
    struct app_result r = http_parse(f->ctx, &f->state, &in);
    size_t used = r.consumed <= f->len[dir] ? r.consumed : f->len[dir];
    memmove(f->buf[dir], f->buf[dir] + used, f->len[dir] - used);
    f->len[dir] -= used;
    return r;
}

static void feed_str(struct feeder *f, int dir, const char *s)
{
    feed(f, dir, s, strlen(s), 0);
}

static void feed_eof(struct feeder *f)
{
    feed(f, 0, NULL, 0, APP_INPUT_EOF);
    feed(f, 1, NULL, 0, APP_INPUT_EOF);
}

/* Bytes in two pieces split at k. */
static void feed_split(struct feeder *f, int dir, const void *p, size_t n, size_t k)
{
    feed(f, dir, p, k, 0);
    feed(f, dir, (const uint8_t *)p + k, n - k, 0);
}

static bool has_event(const struct feeder *f, enum http_event ev)
{
    for (unsigned i = 0; i < f->nev; i++)
        if (f->ev[i] == ev)
            return true;
    return false;
}

#endif
