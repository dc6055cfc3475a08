/* SPDX-License-Identifier: GPL-2.0-only */
/* multipart/form-data request bodies (RFC 7578, RFC 2046 5.1): parts streamed to on_part. */
#include <string.h>
#include <strings.h>

#include "http_internal.h"

static bool is_ws(uint8_t b)
{
    return b == ' ' || b == '\t';
}

/* The boundary parameter of a multipart/form-data Content-Type; false when there is none. */
static bool find_boundary(struct span ct, struct span *b)
{
    static const char type[] = "multipart/form-data";
    if (ct.len < sizeof(type) - 1 || strncasecmp((const char *)ct.p, type, sizeof(type) - 1))
        return false;
    for (size_t i = sizeof(type) - 1; i + 9 <= ct.len; i++) {
        if (strncasecmp((const char *)ct.p + i, "boundary=", 9) != 0)
            continue;
        struct cursor c = cur_init(ct.p + i + 9, ct.len - i - 9);
        bool quoted = c.left && *c.p == '"';
        if (quoted)
            cur_skip(&c, 1);
        size_t n = 0;
        while (n < c.left && c.p[n] != (quoted ? '"' : ';') && (quoted || !is_ws(c.p[n])))
            n++;
        *b = cur_bytes(&c, n);
        return true;
    }
    return false;
}

void http_mp_begin(struct http_ctx *ctx, struct http_dir *d, const struct app_input *in)
{
    struct http_multipart *mp = &d->mp;
    mp->st = MP_OFF;
    struct span ct, b;
    if (ctx->hooks.on_part == NULL || !http_tx_header(d->tx, 0, "content-type", &ct) ||
        !find_boundary(ct, &b))
        return;
    if (b.len == 0 || b.len > HTTP_MP_DELIM_MAX - 4) {
        http_raise(ctx, in, d->tx, HTTP_EV_MULTIPART_GENERIC_ERROR);
        return;
    }
    memset(mp, 0, offsetof(struct http_multipart, line));
    memcpy(mp->delim, "\r\n--", 4);
    memcpy(mp->delim + 4, b.p, b.len);
    mp->dlen = (uint8_t)(4 + b.len);
    mp->mi = 2; /* the body's start counts as the line end before the first delimiter */
    mp->st = MP_PREAMBLE;
}

static void part_data(struct http_ctx *ctx, struct http_dir *d, const uint8_t *p, size_t n,
                      const struct app_input *in)
{
    if (n && d->mp.st == MP_DATA) {
        d->mp.part.size += n;
        ctx->hooks.on_part(ctx->hooks.arg, in, d->tx, &d->mp.part, (struct span){p, n}, false);
    }
}

/* Copy a Content-Disposition parameter value (quoted or a token) into out. */
static uint16_t param_value(struct cursor *c, char *out, bool *cut)
{
    bool quoted = c->left && *c->p == '"';
    if (quoted)
        cur_skip(c, 1);
    size_t n = 0;
    while (n < c->left && (quoted ? c->p[n] != '"' : c->p[n] != ';' && !is_ws(c->p[n])))
        n++;
    *cut = n >= HTTP_PART_NAME_MAX;
    size_t keep = *cut ? HTTP_PART_NAME_MAX - 1 : n;
    memcpy(out, c->p, keep);
    out[keep] = '\0';
    cur_skip(c, n);
    return (uint16_t)keep;
}

/* Content-Disposition: form-data; name="field"; filename="a.txt" */
static void disposition(struct http_ctx *ctx, struct http_dir *d, struct cursor c,
                        const struct app_input *in)
{
    struct http_part *pt = &d->mp.part;
    while (c.left) {
        while (c.left && (is_ws(*c.p) || *c.p == ';'))
            cur_skip(&c, 1);
        bool cut = false;
        if (c.left > 9 && strncasecmp((const char *)c.p, "filename=", 9) == 0) {
            cur_skip(&c, 9);
            pt->filename_len = param_value(&c, pt->filename, &cut);
            pt->has_filename = true;
            if (cut)
                http_raise(ctx, in, d->tx, HTTP_EV_FILE_NAME_TOO_LONG);
        } else if (c.left > 5 && strncasecmp((const char *)c.p, "name=", 5) == 0) {
            cur_skip(&c, 5);
            pt->name_len = param_value(&c, pt->name, &cut);
        } else {
            while (c.left && *c.p != ';')
                cur_skip(&c, 1);
        }
        if (c.left && *c.p == '"')
            cur_skip(&c, 1);
    }
}

/* One part header line (without its line end). */
static void header_line(struct http_ctx *ctx, struct http_dir *d, const struct app_input *in)
{
    struct http_multipart *mp = &d->mp;
    const uint8_t *colon = memchr(mp->line, ':', mp->llen);
    if (mp->line_long || colon == NULL || colon == mp->line) {
        http_raise(ctx, in, d->tx, HTTP_EV_MULTIPART_INVALID_HEADER);
        return;
    }
    size_t nlen = (size_t)(colon - mp->line);
    if (nlen == 19 && strncasecmp((const char *)mp->line, "content-disposition", 19) == 0)
        disposition(ctx, d, cur_init(colon + 1, mp->llen - nlen - 1), in);
}

/* A header byte; at a line end, the line or (empty) the start of the content. */
static void header_byte(struct http_ctx *ctx, struct http_dir *d, uint8_t b,
                        const struct app_input *in)
{
    struct http_multipart *mp = &d->mp;
    if (b != '\n') {
        if (mp->llen < HTTP_MP_LINE_MAX)
            mp->line[mp->llen++] = b;
        else
            mp->line_long = true;
        return;
    }
    if (mp->llen && mp->line[mp->llen - 1] == '\r')
        mp->llen--;
    if (mp->llen == 0 && !mp->line_long) {
        mp->st = MP_DATA;
        mp->in_part = true;
        mp->mi = 0;
    } else {
        header_line(ctx, d, in);
    }
    mp->llen = 0;
    mp->line_long = false;
}

/* A whole delimiter was matched: end the open part. */
static void delimiter(struct http_ctx *ctx, struct http_dir *d, const struct app_input *in)
{
    struct http_multipart *mp = &d->mp;
    if (mp->in_part)
        ctx->hooks.on_part(ctx->hooks.arg, in, d->tx, &mp->part, (struct span){NULL, 0}, true);
    mp->in_part = false;
    mp->st = MP_AFTER;
    mp->dash = false;
    mp->mi = 0;
}

/* The byte after a delimiter: "--" closes the body, anything else leads to part headers. */
static void after_byte(struct http_dir *d, uint8_t b)
{
    struct http_multipart *mp = &d->mp;
    if (b == '-' && mp->st == MP_AFTER) {
        if (mp->dash)
            mp->st = MP_DONE;
        mp->dash = true;
        return;
    }
    if (b != '\n') {
        mp->st = MP_AFTER_EOL;
        return;
    }
    memset(&mp->part, 0, sizeof(mp->part));
    mp->part.index = mp->nparts++;
    mp->st = MP_HEADERS;
    mp->llen = 0;
    mp->line_long = false;
}

void http_mp_data(struct http_ctx *ctx, struct http_dir *d, struct span data,
                  const struct app_input *in)
{
    struct http_multipart *mp = &d->mp;
    size_t i = 0, plain = 0; /* [plain, i) is content not yet given nor held */
    while (i < data.len && mp->st != MP_DONE && mp->st != MP_OFF) {
        uint8_t b = data.p[i];
        if (mp->st == MP_HEADERS) {
            header_byte(ctx, d, b, in);
            plain = ++i;
        } else if (mp->st == MP_AFTER || mp->st == MP_AFTER_EOL) {
            after_byte(d, b);
            plain = ++i;
        } else if (b == mp->delim[mp->mi]) {
            if (mp->mi == 0) /* content before a possible delimiter */
                part_data(ctx, d, data.p + plain, i - plain, in);
            plain = ++i; /* held: it is delim[0..mi) */
            if (++mp->mi == mp->dlen)
                delimiter(ctx, d, in);
        } else if (mp->mi > 0) {
            /* Not a delimiter after all: the held bytes were content. Test b again. */
            part_data(ctx, d, mp->delim, mp->mi, in);
            mp->mi = 0;
        } else {
            i++;
        }
    }
    if (mp->st == MP_DATA || mp->st == MP_PREAMBLE)
        part_data(ctx, d, data.p + plain, i - plain, in);
}

void http_mp_end(struct http_ctx *ctx, struct http_dir *d, const struct app_input *in)
{
    struct http_multipart *mp = &d->mp;
    if (mp->st == MP_OFF)
        return;
    if (mp->st != MP_DONE) {
        http_raise(ctx, in, d->tx, HTTP_EV_MULTIPART_GENERIC_ERROR);
        if (mp->st == MP_DATA && mp->mi > 0)
            part_data(ctx, d, mp->delim, mp->mi, in);
        if (mp->in_part) {
            mp->part.truncated = true;
            ctx->hooks.on_part(ctx->hooks.arg, in, d->tx, &mp->part, (struct span){NULL, 0}, true);
        }
    }
    mp->st = MP_OFF;
}

void http_mp_cut(struct http_ctx *ctx, struct http_dir *d, const struct app_input *in)
{
    struct http_multipart *mp = &d->mp;
    if (mp->st == MP_OFF)
        return;
    if (mp->in_part && mp->st != MP_DONE) {
        mp->part.truncated = true;
        ctx->hooks.on_part(ctx->hooks.arg, in, d->tx, &mp->part, (struct span){NULL, 0}, true);
    }
    mp->in_part = false;
    mp->st = MP_OFF;
}
