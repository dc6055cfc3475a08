/* SPDX-License-Identifier: GPL-2.0-only */
/* HTTP start lines and headers into a transaction's arena; framing decisions as libhtp's. */
#include <string.h>
#include <strings.h>

#include "http_internal.h"

#include "core/hex.h"

static bool is_ws(uint8_t b)
{
    return b == ' ' || b == '\t';
}

/* White space around header names and values, and before a folded line: libhtp (C isspace
 * and NUL) lets vertical tab, form feed and NUL stand for a space there. */
/* White space around a field name or value: a stray CR too (kept inside a response line). */
static bool is_field_ws(uint8_t b)
{
    return is_ws(b) || b == '\v' || b == '\f' || b == '\0' || b == '\r';
}

static struct span trim_field(struct span s)
{
    while (s.len && is_field_ws(s.p[0])) {
        s.p++;
        s.len--;
    }
    while (s.len && (is_field_ws(s.p[s.len - 1]) || s.p[s.len - 1] == '\r'))
        s.len--;
    return s;
}

static struct span trim(struct span s)
{
    while (s.len && is_ws(s.p[0])) {
        s.p++;
        s.len--;
    }
    while (s.len && (is_ws(s.p[s.len - 1]) || s.p[s.len - 1] == '\r'))
        s.len--;
    return s;
}

/* Copy bytes to the arena; unset (and counted) when it is full. */
static struct http_str arena_put(struct http_ctx *ctx, struct http_tx *tx, struct span s)
{
    struct http_str r = {0};
    if (s.len > HTTP_TX_ARENA - tx->arena_len) {
        ctx->st.header_arena_full++;
        return r;
    }
    if (s.len)
        memcpy(tx->arena + tx->arena_len, s.p, s.len);
    r.off = tx->arena_len;
    r.len = (uint32_t)s.len;
    r.set = true;
    tx->arena_len += (uint32_t)s.len;
    return r;
}

/* Append to a string that ends at the arena's end (the last one written). */
static bool arena_extend(struct http_ctx *ctx, struct http_tx *tx, struct http_str *str,
                         struct span more)
{
    if (!str->set || str->off + str->len != tx->arena_len)
        return false;
    struct http_str tail = arena_put(ctx, tx, more);
    if (!tail.set)
        return false;
    str->len += tail.len;
    return true;
}

/* Next run of bytes up to a space or tab; *delims gets the whitespace after it. */
static struct span take_word(struct cursor *c, struct span *delims)
{
    size_t n = 0;
    while (n < c->left && !is_ws(c->p[n]))
        n++;
    struct span w = cur_bytes(c, n);
    n = 0;
    while (n < c->left && is_ws(c->p[n]))
        n++;
    *delims = cur_bytes(c, n);
    return w;
}

static bool span_ieq(struct span s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && strncasecmp((const char *)s.p, lit, n) == 0;
}

static bool span_iprefix(struct span s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len >= n && strncasecmp((const char *)s.p, lit, n) == 0;
}

/* Host and port from "host", "host:port" or "[v6]:port"; lowercase host into the arena. */
static bool set_host(struct http_ctx *ctx, struct http_tx *tx, struct span h)
{
    size_t hl = h.len, i;
    if (h.len && h.p[0] == '[') {
        const uint8_t *rb = memchr(h.p, ']', h.len);
        hl = rb ? (size_t)(rb - h.p) + 1 : h.len;
    } else {
        const uint8_t *colon = memchr(h.p, ':', h.len);
        hl = colon ? (size_t)(colon - h.p) : h.len;
    }
    bool ok = true;
    if (hl < h.len) {
        ok = h.p[hl] == ':'; /* "host:" with no port is allowed, as libhtp does */
        int32_t port = 0;
        for (i = hl + 1; i < h.len && ok; i++) {
            ok = h.p[i] >= '0' && h.p[i] <= '9' && port < 65536;
            port = port * 10 + (h.p[i] - '0');
        }
        ok = ok && port <= 65535;
        if (ok && i > hl + 1)
            tx->port = port;
    }
    while (hl > 0 && h.p[hl - 1] == '.')
        hl--; /* htp_normalize_hostname_inplace drops trailing dots */
    struct span name = {.p = h.p, .len = hl};
    tx->hostname = arena_put(ctx, tx, name);
    for (i = 0; tx->hostname.set && i < tx->hostname.len; i++) {
        uint8_t *b = &tx->arena[tx->hostname.off + i];
        if (*b >= 'A' && *b <= 'Z')
            *b = (uint8_t)(*b | 0x20);
    }
    return ok;
}

/* The authority of an absolute URI ("http://host:port/..."), or an empty span. */
static struct span uri_authority(struct span uri, bool connect)
{
    struct span a = {.p = uri.p, .len = 0};
    if (connect) {
        /* "CONNECT / HTTP/1.1" names no authority: no host (bug-7851-01's http.host) */
        a.len = uri.len && uri.p[0] != '/' ? uri.len : 0;
        return a;
    }
    size_t i = 0;
    while (i < uri.len && ((uri.p[i] | 0x20) >= 'a' && (uri.p[i] | 0x20) <= 'z'))
        i++;
    if (i == 0 || i + 3 > uri.len || memcmp(uri.p + i, "://", 3) != 0)
        return a;
    a.p = uri.p + i + 3;
    while (a.len < (size_t)(uri.p + uri.len - a.p) && a.p[a.len] != '/' && a.p[a.len] != '?' &&
           a.p[a.len] != '#')
        a.len++;
    /* userinfo@ is not part of the host */
    const uint8_t *at = memchr(a.p, '@', a.len);
    if (at != NULL) {
        a.len -= (size_t)(at + 1 - a.p);
        a.p = at + 1;
    }
    return a;
}

/*
 * A URI with spaces in it ("GET /a b HTTP/1.1"): when what follows the URI is not the
 * protocol but the line's last word is, the URI runs to the space before that word, as
 * Suricata 8's parser takes it (suricata-verify http-uri-spaces).
 */
static void widen_uri(struct span *uri, struct span *proto)
{
    if (proto->len == 0 || span_iprefix(*proto, "HTTP/"))
        return;
    size_t last = proto->len;
    while (last > 0 && proto->p[last - 1] != ' ')
        last--;
    struct span tail = {proto->p + last, proto->len - last};
    if (last == 0 || !span_iprefix(tail, "HTTP/"))
        return;
    size_t end = last - 1;
    while (end > 0 && proto->p[end - 1] == ' ')
        end--;
    uri->len = (size_t)(proto->p + end - uri->p);
    *proto = tail;
}

bool http_request_line(struct http_ctx *ctx, struct http_tx *tx, struct span line,
                       const struct app_input *in)
{
    tx->request_line = arena_put(ctx, tx, line);
    struct cursor c = cur_init(line.p, line.len);
    struct span ws;
    if (c.left && is_ws(*c.p)) {
        http_raise(ctx, in, tx, HTTP_EV_REQUEST_LINE_LEADING_WHITESPACE);
        take_word(&c, &ws); /* an empty word, then the whitespace */
    }
    struct span method = take_word(&c, &ws);
    if (ws.len > 1 || (ws.len == 1 && ws.p[0] != ' '))
        http_raise(ctx, in, tx, HTTP_EV_METHOD_DELIM_NON_COMPLIANT);
    struct span uri = take_word(&c, &ws);
    if (ws.len > 1 || (ws.len == 1 && ws.p[0] != ' '))
        http_raise(ctx, in, tx, HTTP_EV_URI_DELIM_NON_COMPLIANT);
    struct span proto = trim(cur_bytes(&c, c.left));
    widen_uri(&uri, &proto);
    tx->method = arena_put(ctx, tx, method);
    tx->uri = arena_put(ctx, tx, uri);
    bool connect = span_ieq(method, "CONNECT");
    struct span auth = uri_authority(uri, connect);
    if (auth.len && !set_host(ctx, tx, auth))
        http_raise(ctx, in, tx, HTTP_EV_REQUEST_URI_HOST_INVALID);
    if (!connect && uri.len) {
        bool dbl = false;
        uint32_t room = HTTP_TX_ARENA - tx->arena_len;
        size_t n = http_uri_normalize(uri, tx->arena + tx->arena_len, room, &dbl);
        tx->uri_norm.off = tx->arena_len;
        tx->uri_norm.len = (uint32_t)n;
        tx->uri_norm.set = true;
        tx->arena_len += (uint32_t)n;
        if (dbl)
            http_raise(ctx, in, tx, HTTP_EV_DOUBLE_ENCODED_URI);
    }
    if (proto.len == 0) {
        tx->http09 = uri.len > 0;
        if (uri.len == 0)
            http_raise(ctx, in, tx, HTTP_EV_REQUEST_LINE_INVALID);
        return false;
    }
    tx->protocol = arena_put(ctx, tx, proto);
    if (!span_iprefix(proto, "HTTP/"))
        http_raise(ctx, in, tx, HTTP_EV_REQUEST_LINE_INVALID);
    return true;
}

enum app_probe http_looks_like_status(const uint8_t *p, size_t len)
{
    size_t n = len < 4 ? len : 4;
    if (strncasecmp((const char *)p, "HTTP", n) != 0)
        return APP_PROBE_NO;
    return len < 4 ? APP_PROBE_MORE : APP_PROBE_YES;
}

void http_response_line(struct http_ctx *ctx, struct http_tx *tx, struct span line,
                        const struct app_input *in)
{
    tx->response_line = arena_put(ctx, tx, line);
    struct cursor c = cur_init(line.p, line.len);
    struct span ws;
    if (c.left && is_ws(*c.p))
        take_word(&c, &ws);
    struct span proto = take_word(&c, &ws);
    struct span status = take_word(&c, &ws);
    struct span reason = trim(cur_bytes(&c, c.left));
    tx->resp_protocol = arena_put(ctx, tx, proto);
    tx->status = arena_put(ctx, tx, status);
    tx->reason = arena_put(ctx, tx, reason);
    int32_t code = 0;
    bool ok = status.len == 3;
    for (size_t i = 0; ok && i < status.len; i++) {
        ok = status.p[i] >= '0' && status.p[i] <= '9';
        code = code * 10 + (status.p[i] - '0');
    }
    tx->status_code = ok && code >= 100 ? code : -1;
    if (tx->status_code < 0)
        http_raise(ctx, in, tx, HTTP_EV_RESPONSE_INVALID_STATUS);
    if (!span_iprefix(proto, "HTTP/"))
        http_raise(ctx, in, tx, HTTP_EV_RESPONSE_INVALID_PROTOCOL);
}

/* Header names equal, case aside and NUL bytes inside skipped ("Transfer\0-Encoding"). */
static bool letter_eq(uint8_t x, uint8_t y)
{
    return x == y || ((x | 0x20) == (y | 0x20) && (x | 0x20) >= 'a' && (x | 0x20) <= 'z');
}

static bool name_eq(struct span a, struct span b)
{
    /* the common cases first: names that differ in their first byte (neither a NUL), then
     * names without NULs, equal only at equal lengths */
    if (a.len && b.len && a.p[0] && b.p[0] && !letter_eq(a.p[0], b.p[0]))
        return false;
    if (a.len == b.len) {
        size_t k = 0;
        while (k < a.len && a.p[k] != 0 && letter_eq(a.p[k], b.p[k]))
            k++;
        if (k == a.len)
            return true;
    }
    if (memchr(a.p, 0, a.len) == NULL && memchr(b.p, 0, b.len) == NULL)
        return false;
    size_t i = 0, j = 0;
    for (;;) {
        while (i < a.len && a.p[i] == 0)
            i++;
        while (j < b.len && b.p[j] == 0)
            j++;
        if (i == a.len || j == b.len)
            return i == a.len && j == b.len;
        if (!letter_eq(a.p[i++], b.p[j++]))
            return false;
    }
}

static int find_header(const struct http_tx *tx, const struct http_msg *m, struct span name)
{
    /* without NULs on either side, equal names have equal lengths: the common case */
    bool plain = !m->nul_names && memchr(name.p, 0, name.len) == NULL;
    for (unsigned i = 0; i < m->nhdr; i++) {
        if (plain && m->hdr[i].name.len != name.len)
            continue;
        if (name_eq(http_tx_text(tx, m->hdr[i].name), name))
            return (int)i;
    }
    return -1;
}

bool http_tx_header(const struct http_tx *tx, int dir, const char *name, struct span *value)
{
    struct span n = {.p = (const uint8_t *)name, .len = strlen(name)};
    const struct http_msg *m = dir == 0 ? &tx->req : &tx->resp;
    int i = find_header(tx, m, n);
    if (i < 0)
        return false;
    *value = http_tx_text(tx, m->hdr[i].value);
    return true;
}

/*
 * Append sep then more to a string: in place when it ends the arena, else copied forward
 * first. false (the string unchanged, counted) when the arena is full.
 */
static bool str_append(struct http_ctx *ctx, struct http_tx *tx, struct http_str *str,
                       struct span sep, struct span more)
{
    uint32_t start = tx->arena_len;
    struct http_str s = *str;
    if (str->set && str->off + str->len == tx->arena_len) {
        if (arena_extend(ctx, tx, &s, sep) && arena_extend(ctx, tx, &s, more)) {
            *str = s;
            return true;
        }
    } else {
        /* other text was written since: copy the string forward, then append */
        s = arena_put(ctx, tx, http_tx_text(tx, *str));
        if (s.set && arena_extend(ctx, tx, &s, sep) && arena_extend(ctx, tx, &s, more)) {
            *str = s;
            return true;
        }
    }
    tx->arena_len = start;
    return false;
}

/* A repeated header: libhtp keeps one, its values joined by ", ". */
static void merge_header(struct http_ctx *ctx, struct http_tx *tx, struct http_header *h,
                         struct span value)
{
    str_append(ctx, tx, &h->value, (struct span){(const uint8_t *)", ", 2}, value);
}

/*
 * Append a header line as sent to the message's raw header block; returns the arena offset
 * of the line's first byte, or -1 when the arena is full (counted).
 */
static int64_t raw_append(struct http_ctx *ctx, struct http_tx *tx, struct http_msg *m,
                          struct span raw)
{
    if (!m->raw_hdr.set) {
        m->raw_hdr = arena_put(ctx, tx, raw);
        return m->raw_hdr.set ? (int64_t)m->raw_hdr.off : -1;
    }
    if (!str_append(ctx, tx, &m->raw_hdr, (struct span){NULL, 0}, raw))
        return -1;
    return (int64_t)(m->raw_hdr.off + m->raw_hdr.len - raw.len);
}

void http_header_raw_end(struct http_ctx *ctx, struct http_tx *tx, int dir, struct span raw)
{
    if (tx != NULL && raw.len > 0)
        raw_append(ctx, tx, dir == 0 ? &tx->req : &tx->resp, raw);
}

/* Part x of a raw line copied to the arena at offset at. */
static struct http_str raw_part(int64_t at, struct span raw, struct span x)
{
    return (struct http_str){
        .off = (uint32_t)(at + (x.p - raw.p)), .len = (uint32_t)x.len, .set = true};
}

/*
 * A line that starts with white space but holds "Name:" (a token, then a colon) is a header
 * of its own with leading white space, not a continuation: Suricata 8 reads
 * " Transfer-Encoding: chunked" after another header as that header (http-evader cases).
 */
static bool folded_header(struct span line)
{
    size_t i = 0, start;
    while (i < line.len && is_field_ws(line.p[i]))
        i++;
    start = i;
    while (i < line.len && line.p[i] > ' ' && line.p[i] < 0x7f && line.p[i] != ':')
        i++;
    return i > start && i < line.len && line.p[i] == ':';
}

void http_header_line(struct http_ctx *ctx, struct http_tx *tx, int dir, struct span line,
                      struct span raw, bool trailer, const struct app_input *in)
{
    struct http_msg *m = dir == 0 ? &tx->req : &tx->resp;
    int64_t at = trailer ? -1 : raw_append(ctx, tx, m, raw);
    m->hdr_bytes += (uint32_t)line.len + 2;
    if (is_field_ws(line.p[0]) && !folded_header(line)) { /* obs-fold: a continuation */
        if (m->hdr_count == 0)
            http_raise(ctx, in, tx,
                       dir == 0 ? HTTP_EV_INVALID_REQUEST_FIELD_FOLDING
                                : HTTP_EV_INVALID_RESPONSE_FIELD_FOLDING);
        struct span more = trim_field(line);
        if (m->nhdr > 0 && more.len > 0) {
            struct http_header *h = &m->hdr[m->nhdr - 1];
            str_append(ctx, tx, &h->value,
                       (struct span){(const uint8_t *)" ", h->value.len ? 1 : 0}, more);
        }
        return;
    }
    m->hdr_count++;
    if (m->hdr_count > ctx->cfg.headers_limit) {
        http_raise(ctx, in, tx,
                   dir == 0 ? HTTP_EV_REQUEST_TOO_MANY_HEADERS : HTTP_EV_RESPONSE_TOO_MANY_HEADERS);
        return;
    }
    const uint8_t *colon = memchr(line.p, ':', line.len);
    struct span name = line, value = {.p = line.p + line.len, .len = 0};
    if (colon == NULL) {
        http_raise(ctx, in, tx,
                   dir == 0 ? HTTP_EV_REQUEST_FIELD_MISSING_COLON
                            : HTTP_EV_RESPONSE_FIELD_MISSING_COLON);
    } else {
        name.len = (size_t)(colon - line.p);
        value.p = colon + 1;
        value.len = line.len - name.len - 1;
    }
    if (name.len == 0 || is_field_ws(name.p[name.len - 1]))
        http_raise(ctx, in, tx,
                   dir == 0 ? HTTP_EV_REQUEST_HEADER_INVALID : HTTP_EV_RESPONSE_HEADER_INVALID);
    name = trim_field(name);
    value = trim_field(value);
    int i = trailer ? -1 : find_header(tx, m, name);
    if (i >= 0) {
        http_raise(ctx, in, tx,
                   dir == 0 ? HTTP_EV_REQUEST_HEADER_REPETITION
                            : HTTP_EV_RESPONSE_HEADER_REPETITION);
        merge_header(ctx, tx, &m->hdr[i], value);
        return;
    }
    if (m->nhdr == HTTP_MAX_HEADERS) {
        ctx->st.headers_dropped++;
        return;
    }
    struct http_header h;
    if (at >= 0) { /* name and value lie in the raw line just kept */
        h.name = raw_part(at, raw, name);
        h.value = raw_part(at, raw, value);
    } else {
        h.name = arena_put(ctx, tx, name);
        h.value = arena_put(ctx, tx, value);
    }
    if (h.name.set && h.value.set) {
        m->hdr[m->nhdr++] = h;
        m->nul_names |= memchr(name.p, 0, name.len) != NULL;
    }
}

/* Content-Length: digits, or repeats of one number ("5, 5": a duplicate). */
static bool parse_length(struct span v, uint64_t *len, bool *dup)
{
    bool have = false;
    *dup = false;
    struct cursor c = cur_init(v.p, v.len);
    while (c.left) {
        uint64_t n = 0;
        size_t digits = 0;
        while (c.left && *c.p >= '0' && *c.p <= '9' && n < (1ull << 56)) {
            n = n * 10 + (uint64_t)(cur_u8(&c) - '0');
            digits++;
        }
        while (c.left && is_ws(*c.p))
            cur_skip(&c, 1);
        if (digits == 0 || (c.left && *c.p != ','))
            return false;
        /*
         * A repeated Content-Length (joined with ", "): as libhtp, the first value frames the
         * body and a different later one is ambiguous (duplicate_content_length_field_*);
         * the same value again is harmless.
         */
        if (have && n != *len)
            *dup = true;
        if (!have)
            *len = n;
        have = true;
        if (c.left)
            cur_skip(&c, 1);
        while (c.left && is_ws(*c.p))
            cur_skip(&c, 1);
    }
    return have;
}

/* Whether s holds lit, case aside and NUL bytes in s skipped ("chu\0nked"). */
static bool span_icontains(struct span s, const char *lit)
{
    size_t n = strlen(lit);
    for (size_t i = 0; i < s.len; i++) {
        size_t j = 0;
        for (size_t k = i; k < s.len && j < n; k++) {
            if (s.p[k] == 0)
                continue;
            if ((s.p[k] | 0x20) != (uint8_t)lit[j])
                break;
            j++;
        }
        if (j == n)
            return true;
    }
    return false;
}

/* One Content-Encoding token as libhtp reads it: by the name it contains. */
static enum http_coding coding_of(struct span tok)
{
    if (span_icontains(tok, "gzip"))
        return HTTP_CE_GZIP;
    if (span_icontains(tok, "deflate"))
        return HTTP_CE_DEFLATE;
    if (span_icontains(tok, "lzma"))
        return HTTP_CE_PASS; /* no lzma here: its bytes pass as libhtp does without liblzma */
    return HTTP_CE_IDENTITY; /* identity, inflate, unknown: nothing to undo */
}

/*
 * Content-Encoding layers, as libhtp: "gzip", "x-gzip", "deflate", "x-deflate" alone are one
 * layer; any other value is split at commas and spaces, each token counting towards the
 * layer limit (past it: TOO_MANY_ENCODING_LAYERS and the rest is not decoded).
 */
static void set_codings(struct http_ctx *ctx, struct http_tx *tx, struct http_msg *m, struct span v,
                        const struct app_input *in)
{
    uint32_t limit = ctx->cfg.decompress_layer_limit;
    if (limit == 0 || limit > HTTP_CE_LAYERS_MAX)
        limit = HTTP_CE_LAYERS_MAX;
    uint32_t tokens = 0;
    struct cursor c = cur_init(v.p, v.len);
    while (c.left) {
        size_t n = 0;
        while (n < c.left && c.p[n] != ',' && c.p[n] != ' ')
            n++;
        struct span tok = cur_bytes(&c, n);
        if (c.left)
            cur_skip(&c, 1);
        if (tok.len == 0)
            continue;
        if (++tokens > limit) {
            http_raise(ctx, in, tx, HTTP_EV_TOO_MANY_ENCODING_LAYERS);
            break;
        }
        enum http_coding k = coding_of(tok);
        if (k != HTTP_CE_IDENTITY)
            m->codings[m->ncodings++] = (uint8_t)k;
    }
}

/* Framing and coding from Transfer-Encoding, Content-Length and Content-Encoding. */
static void set_framing(struct http_ctx *ctx, struct http_tx *tx, int dir,
                        const struct app_input *in)
{
    struct http_msg *m = dir == 0 ? &tx->req : &tx->resp;
    struct span v;
    if (http_tx_header(tx, dir, "content-encoding", &v))
        set_codings(ctx, tx, m, trim(v), in);
    m->framing = dir == 0 ? HTTP_BODY_NONE : HTTP_BODY_CLOSE;
    if (http_tx_header(tx, dir, "transfer-encoding", &v)) {
        if (span_icontains(v, "chunked")) {
            m->framing = HTTP_BODY_CHUNKED;
            return;
        }
        http_raise(ctx, in, tx,
                   dir == 0 ? HTTP_EV_INVALID_TRANSFER_ENCODING_VALUE_IN_REQUEST
                            : HTTP_EV_RESPONSE_ABNORMAL_TRANSFER_ENCODING);
    }
    if (http_tx_header(tx, dir, "content-length", &v)) {
        bool dup;
        if (parse_length(trim(v), &m->content_length, &dup)) {
            m->framing = HTTP_BODY_LENGTH;
            if (dup)
                http_raise(ctx, in, tx,
                           dir == 0 ? HTTP_EV_DUPLICATE_CONTENT_LENGTH_FIELD_IN_REQUEST
                                    : HTTP_EV_DUPLICATE_CONTENT_LENGTH_FIELD_IN_RESPONSE);
        } else {
            http_raise(ctx, in, tx,
                       dir == 0 ? HTTP_EV_INVALID_CONTENT_LENGTH_FIELD_IN_REQUEST
                                : HTTP_EV_INVALID_CONTENT_LENGTH_FIELD_IN_RESPONSE);
        }
    }
}

void http_request_headers_done(struct http_ctx *ctx, struct http_state *st, struct http_tx *tx,
                               const struct app_input *in)
{
    set_framing(ctx, tx, 0, in);
    struct span host;
    bool have_host = http_tx_header(tx, 0, "host", &host);
    struct span proto = http_tx_text(tx, tx->protocol);
    if (!have_host && span_ieq(proto, "HTTP/1.1"))
        http_raise(ctx, in, tx, HTTP_EV_MISSING_HOST_HEADER);
    if (have_host && tx->hostname.set) {
        /* Both the URI and Host name a host: they must agree. */
        struct span h = trim(host);
        struct span uh = http_tx_text(tx, tx->hostname);
        if (h.len < uh.len || strncasecmp((const char *)h.p, (const char *)uh.p, uh.len) != 0 ||
            (h.len > uh.len && h.p[uh.len] != ':'))
            http_raise(ctx, in, tx, HTTP_EV_HOST_HEADER_AMBIGUOUS);
    } else if (have_host && !set_host(ctx, tx, trim(host))) {
        http_raise(ctx, in, tx, HTTP_EV_REQUEST_HEADER_HOST_INVALID);
    }
    if (span_ieq(http_tx_text(tx, tx->method), "CONNECT"))
        st->connect_wait = true;
    /* Authorization: libhtp knows the Basic, Digest and Bearer schemes (by prefix) */
    struct span auth;
    if (http_tx_header(tx, 0, "authorization", &auth)) {
        auth = trim(auth);
        if (!span_iprefix(auth, "basic") && !span_iprefix(auth, "digest") &&
            !span_iprefix(auth, "bearer"))
            http_raise(ctx, in, tx, HTTP_EV_REQUEST_AUTH_UNRECOGNIZED);
    }
}

enum http_after http_response_headers_done(struct http_ctx *ctx, struct http_state *st,
                                           struct http_tx *tx, const struct app_input *in)
{
    int32_t code = tx->status_code;
    bool connect = span_ieq(http_tx_text(tx, tx->method), "CONNECT");
    struct span upgrade;
    /* 101 switches protocols only with an Upgrade header; without one it is read as a
     * final response with its body (Suricata 8, http-evader 448) */
    if (code == 101 && http_tx_header(tx, 1, "upgrade", &upgrade))
        return HTTP_AFTER_TUNNEL;
    if (code >= 100 && code < 200 && code != 101) {
        if (tx->continues++ > 0 && code == 100)
            http_raise(ctx, in, tx, HTTP_EV_100_CONTINUE_ALREADY_SEEN);
        memset(&tx->resp, 0, sizeof(tx->resp));
        return HTTP_AFTER_INTERIM;
    }
    st->connect_wait = false;
    if (connect && code >= 200 && code < 300) {
        tx->resp.framing = HTTP_BODY_NONE;
        return HTTP_AFTER_TUNNEL;
    }
    set_framing(ctx, tx, 1, in);
    if (tx->resp.framing == HTTP_BODY_CHUNKED &&
        span_ieq(http_tx_text(tx, tx->resp_protocol), "HTTP/1.0"))
        http_raise(ctx, in, tx, HTTP_EV_RESPONSE_CHUNKED_OLD_PROTO);
    /* no body after HEAD, 204 and 304; a chunked 204 is still de-chunked (Suricata 8) */
    if (span_ieq(http_tx_text(tx, tx->method), "HEAD") || code == 304 ||
        (code == 204 && tx->resp.framing != HTTP_BODY_CHUNKED))
        tx->resp.framing = HTTP_BODY_NONE;
    return HTTP_AFTER_BODY;
}

/* Bytes libhtp skips before a chunk size: line ends, spaces and other white controls. */
static bool is_chunk_lead(uint8_t b)
{
    return b == '\r' || b == '\n' || b == ' ' || b == '\t' || b == '\v' || b == '\f';
}

enum http_chunk_line http_chunk_size(struct http_ctx *ctx, struct http_tx *tx, int dir,
                                     struct span line, uint64_t *size, const struct app_input *in)
{
    struct cursor c = cur_init(line.p, line.len);
    while (c.left && is_chunk_lead(*c.p))
        cur_skip(&c, 1);
    if (c.left == 0)
        return HTTP_CHUNK_LINE_EMPTY; /* libhtp skips empty size lines ("\r\n\r\n5") */
    uint64_t n = 0;
    size_t digits = 0;
    for (; c.left && kh_hexval(*c.p) >= 0; digits++) {
        if (n >= (1ull << 31)) { /* libhtp refuses sizes above INT32_MAX */
            digits = 0;
            break;
        }
        n = n << 4 | (uint64_t)kh_hexval(cur_u8(&c));
    }
    while (c.left && is_ws(*c.p))
        cur_skip(&c, 1);
    if (digits && c.left && *c.p == ';' && dir == 0)
        http_raise(ctx, in, tx, HTTP_EV_REQUEST_CHUNK_EXTENSION);
    /* Whatever follows the digits ("f x", "8,", "f\r") is ignored, as libhtp cuts it off. */
    if (digits == 0 || n > INT32_MAX) {
        http_raise(ctx, in, tx,
                   dir == 0 ? HTTP_EV_INVALID_REQUEST_CHUNK_LEN
                            : HTTP_EV_INVALID_RESPONSE_CHUNK_LEN);
        return HTTP_CHUNK_LINE_BAD;
    }
    *size = n;
    return HTTP_CHUNK_LINE_OK;
}

bool http_chunk_plausible(const uint8_t *p, size_t len)
{
    size_t i = 0;
    while (i < len && is_chunk_lead(p[i]))
        i++;
    return i == len || kh_hexval(p[i]) >= 0;
}
