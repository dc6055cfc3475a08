/* SPDX-License-Identifier: GPL-2.0-only */
/* HTTP and TLS buffers for detection, as Suricata's sticky buffers define them. */
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "engine/txbufs.h"

/* Each built buffer holds at most this: every kept header fits (the arena bounds them). */
#define TXB_BUILT_MAX (2u * HTTP_TX_ARENA + 4u * HTTP_MAX_HEADERS + 16u)

struct engine_txbufs {
    uint8_t names[TXB_BUILT_MAX];           /* http.header_names */
    uint8_t start[TXB_BUILT_MAX];           /* http.start */
    uint8_t raw[TXB_BUILT_MAX];             /* http.header.raw */
    uint8_t hdrs[2][TXB_BUILT_MAX];         /* http.request_header, http.response_header */
    struct span hdr_v[2][HTTP_MAX_HEADERS]; /* their instances */
    uint8_t version[2];                     /* tls.version */
};

struct engine_txbufs *engine_txbufs_new(void)
{
    return kh_calloc(1, sizeof(struct engine_txbufs));
}

void engine_txbufs_free(struct engine_txbufs *tb)
{
    kh_free(tb);
}

static void set(struct detect_tx_input *ti, enum detect_txb b, struct span v)
{
    ti->buf[b] = v;
    ti->have |= DETECT_TXB_BIT(b);
}

/* Append n bytes at *at when they fit in TXB_BUILT_MAX; false (nothing written) otherwise. */
static bool put(uint8_t *out, size_t *at, const void *p, size_t n)
{
    if (*at + n > TXB_BUILT_MAX)
        return false;
    memcpy(out + *at, p, n);
    *at += n;
    return true;
}

/* "\r\nName1\r\nName2\r\n\r\n": the header names in order (Suricata's http.header_names). */
static size_t header_names(const struct http_tx *tx, const struct http_msg *m, uint8_t *out)
{
    size_t n = 0;
    put(out, &n, "\r\n", 2);
    for (unsigned i = 0; i < m->nhdr; i++) {
        struct span name = http_tx_text(tx, m->hdr[i].name);
        if (!put(out, &n, name.p, name.len) || !put(out, &n, "\r\n", 2))
            break;
    }
    put(out, &n, "\r\n", 2);
    return n;
}

/* "Name: value\r\n" of header i of m at *at of out (cap bytes); false, nothing written, when
 * it does not fit. */
static bool put_header(uint8_t *out, size_t *at, size_t cap, const struct http_tx *tx,
                       const struct http_msg *m, unsigned i)
{
    struct span name = http_tx_text(tx, m->hdr[i].name);
    struct span val = http_tx_text(tx, m->hdr[i].value);
    if (*at + name.len + val.len + 4 > cap)
        return false;
    memcpy(out + *at, name.p, name.len);
    memcpy(out + *at + name.len, ": ", 2);
    memcpy(out + *at + name.len + 2, val.p, val.len);
    memcpy(out + *at + name.len + 2 + val.len, "\r\n", 2);
    *at += name.len + val.len + 4;
    return true;
}

static bool is_cookie(struct span name)
{
    return (name.len == 6 && strncasecmp((const char *)name.p, "cookie", 6) == 0) ||
           (name.len == 10 && strncasecmp((const char *)name.p, "set-cookie", 10) == 0);
}

size_t engine_http_headers(const struct http_tx *tx, const struct http_msg *m, bool cookies,
                           uint8_t *out, size_t cap)
{
    size_t n = 0;
    for (unsigned i = 0; i < m->nhdr; i++) {
        if (!cookies && is_cookie(http_tx_text(tx, m->hdr[i].name)))
            continue;
        if (!put_header(out, &n, cap, tx, m, i))
            break;
    }
    return n;
}

/*
 * http.start: the start line and its CRLF, "Name: value\r\n" for each header kept (Cookie
 * headers too, as http.header.raw rebuilt), and a final CRLF.
 */
static size_t start_block(const struct http_tx *tx, const struct http_msg *m, struct span line,
                          uint8_t *out)
{
    size_t n = 0;
    if (!put(out, &n, line.p, line.len) || !put(out, &n, "\r\n", 2))
        return 0;
    n += engine_http_headers(tx, m, true, out + n, TXB_BUILT_MAX - n);
    put(out, &n, "\r\n", 2);
    return n;
}

/*
 * http.request_header (d 0) or http.response_header (d 1): a multi-buffer with one instance
 * "Name: value" per header kept, every header included (Suricata 7+). The instances lie back
 * to back, CRLF between, in one buffer that the prefilter scans.
 */
static void header_multi(struct engine_txbufs *tb, uint64_t wants, const struct http_tx *tx, int d,
                         struct detect_tx_input *ti)
{
    enum detect_txb b = d ? DETECT_TXB_RESP_HEADER : DETECT_TXB_REQ_HEADER;
    const struct http_msg *m = d ? &tx->resp : &tx->req;
    if (!(wants & DETECT_TXB_BIT(b)) || m->nhdr == 0)
        return;
    uint8_t *out = tb->hdrs[d];
    struct detect_multibuf *mb = &ti->multi[b - DETECT_TXB_MULTI_FIRST];
    size_t n = 0;
    mb->v = tb->hdr_v[d];
    mb->n = 0;
    for (unsigned i = 0; i < m->nhdr && i < HTTP_MAX_HEADERS; i++) {
        size_t mark = n;
        if (!put_header(out, &n, TXB_BUILT_MAX, tx, m, i))
            break;
        tb->hdr_v[d][mb->n++] = (struct span){out + mark, n - mark - 2};
    }
    set(ti, b, (struct span){out, n});
}

/* A header's value into buffer b when some signature wants it. */
static void header_buf(struct detect_tx_input *ti, uint64_t wants, enum detect_txb b,
                       const struct http_tx *tx, int dir, const char *name)
{
    struct span v;
    if ((wants & DETECT_TXB_BIT(b)) && http_tx_header(tx, dir, name, &v))
        set(ti, b, v);
}

static void request_bufs(struct engine_txbufs *tb, uint64_t wants, const struct http_tx *tx,
                         struct detect_tx_input *ti)
{
    (void)tb;
    if (tx->request_line.set)
        set(ti, DETECT_TXB_REQUEST_LINE, http_tx_text(tx, tx->request_line));
    header_buf(ti, wants, DETECT_TXB_ACCEPT, tx, 0, "accept");
    header_buf(ti, wants, DETECT_TXB_ACCEPT_ENC, tx, 0, "accept-encoding");
    header_buf(ti, wants, DETECT_TXB_ACCEPT_LANG, tx, 0, "accept-language");
    header_buf(ti, wants, DETECT_TXB_REFERER, tx, 0, "referer");
    header_buf(ti, wants, DETECT_TXB_CONNECTION, tx, 0, "connection");
    header_buf(ti, wants, DETECT_TXB_HOST_RAW, tx, 0, "host");
}

static void response_bufs(uint64_t wants, const struct http_tx *tx, struct detect_tx_input *ti)
{
    if (tx->response_line.set)
        set(ti, DETECT_TXB_RESPONSE_LINE, http_tx_text(tx, tx->response_line));
    if (tx->reason.set)
        set(ti, DETECT_TXB_STAT_MSG, http_tx_text(tx, tx->reason));
    header_buf(ti, wants, DETECT_TXB_LOCATION, tx, 1, "location");
    header_buf(ti, wants, DETECT_TXB_SERVER, tx, 1, "server");
}

/* Does a message's framing announce a body (one that may still be read)? */
static bool body_framed(const struct http_msg *m)
{
    return m->body_len > 0 || m->framing == HTTP_BODY_CHUNKED || m->framing == HTTP_BODY_CLOSE ||
           (m->framing == HTTP_BODY_LENGTH && m->content_length > 0);
}

void engine_http_txbufs(struct engine_txbufs *tb, uint64_t wants, const struct http_tx *tx, int dir,
                        struct detect_tx_input *ti)
{
    /* absent: a body counts as absent once the headers said there is none */
    if (!tx->has_request || body_framed(&tx->req))
        ti->pending |= DETECT_TXB_BIT(DETECT_TXB_REQUEST_BODY);
    if (!tx->has_response || body_framed(&tx->resp))
        ti->pending |= DETECT_TXB_BIT(DETECT_TXB_FILE_DATA);
    if (ti->body_dir == 1 && (wants & DETECT_TXB_BIT(DETECT_TXB_FILE_SIZE))) {
        /* filesize: the response body's decoded size; final at its end (an empty last call
         * from the engine) or when a Content-Length body is all there */
        const struct http_msg *m = &tx->resp;
        ti->file_size = m->body_decoded;
        ti->file_done = ti->body.len == 0 || m->done ||
                        (m->framing == HTTP_BODY_LENGTH && m->body_len >= m->content_length);
        ti->have |= DETECT_TXB_BIT(DETECT_TXB_FILE_SIZE);
    }
    if (tb == NULL)
        return;
    if (tx->has_request) {
        request_bufs(tb, wants, tx, ti);
        header_multi(tb, wants, tx, 0, ti);
    }
    bool resp = dir == 1 && tx->has_response;
    if (resp) {
        response_bufs(wants, tx, ti);
        header_multi(tb, wants, tx, 1, ti);
    }
    if (!resp && !tx->has_request)
        return;
    /* the buffers of both directions: the request's, or the response's when it is there */
    const struct http_msg *m = resp ? &tx->resp : &tx->req;
    int d = resp ? 1 : 0;
    struct http_str proto = resp ? tx->resp_protocol : tx->protocol;
    struct http_str line = resp ? tx->response_line : tx->request_line;
    if (proto.set)
        set(ti, DETECT_TXB_PROTOCOL, http_tx_text(tx, proto));
    header_buf(ti, wants, DETECT_TXB_CONTENT_TYPE, tx, d, "content-type");
    header_buf(ti, wants, DETECT_TXB_CONTENT_LEN, tx, d, "content-length");
    if (wants & DETECT_TXB_BIT(DETECT_TXB_HEADER_NAMES))
        set(ti, DETECT_TXB_HEADER_NAMES, (struct span){tb->names, header_names(tx, m, tb->names)});
    if ((wants & DETECT_TXB_BIT(DETECT_TXB_START)) && line.set)
        set(ti, DETECT_TXB_START,
            (struct span){tb->start, start_block(tx, m, http_tx_text(tx, line), tb->start)});
    /* http.header.raw: the header lines as sent; rebuilt only when none were kept raw */
    if ((wants & DETECT_TXB_BIT(DETECT_TXB_HEADER_RAW)) && m->raw_hdr.set)
        set(ti, DETECT_TXB_HEADER_RAW, http_tx_text(tx, m->raw_hdr));
    else if ((wants & DETECT_TXB_BIT(DETECT_TXB_HEADER_RAW)) && m->nhdr > 0)
        set(ti, DETECT_TXB_HEADER_RAW,
            (struct span){tb->raw, engine_http_headers(tx, m, true, tb->raw, TXB_BUILT_MAX)});
}

static void text_buf(struct detect_tx_input *ti, enum detect_txb b, const char *text)
{
    if (text[0] != '\0')
        set(ti, b, (struct span){(const uint8_t *)text, strlen(text)});
}

void engine_tls_txbufs(struct engine_txbufs *tb, const struct tls_state *st,
                       struct detect_tx_input *ti)
{
    text_buf(ti, DETECT_TXB_TLS_SNI, st->sni);
    text_buf(ti, DETECT_TXB_JA3_HASH, st->ja3_hash);
    text_buf(ti, DETECT_TXB_JA3_STRING, st->ja3);
    text_buf(ti, DETECT_TXB_JA3S_HASH, st->ja3s_hash);
    text_buf(ti, DETECT_TXB_JA3S_STRING, st->ja3s);
    text_buf(ti, DETECT_TXB_JA4_HASH, st->ja4);
    uint16_t v = st->server_version ? st->server_version : st->client_version;
    if (tb != NULL && v != 0) {
        tb->version[0] = (uint8_t)(v >> 8);
        tb->version[1] = (uint8_t)v;
        set(ti, DETECT_TXB_TLS_VERSION, (struct span){tb->version, 2});
    }
    if (!(st->flags & TLS_F_CERT))
        return;
    ti->tls = (struct detect_tls_cert){.not_before = st->cert.not_before,
                                       .not_after = st->cert.not_after,
                                       .has_dates = st->cert.has_dates,
                                       .chain_len = st->chain_len};
    ti->have |= DETECT_TXB_BIT(DETECT_TXB_TLS_CERT_INFO);
    text_buf(ti, DETECT_TXB_CERT_SUBJECT, st->cert.subject);
    text_buf(ti, DETECT_TXB_CERT_ISSUER, st->cert.issuer);
    text_buf(ti, DETECT_TXB_CERT_SERIAL, st->cert.serial);
    text_buf(ti, DETECT_TXB_CERT_FP, st->cert.fingerprint);
}

/* The ALPN names of one side, counted (n >= 0) or the i-th one returned (out). */
static uint32_t alpn_name(const struct tls_state *st, int side, uint32_t want, struct span *out)
{
    struct cursor c = cur_init(st->alpn[side], st->alpn_len[side]);
    uint32_t n = 0;
    while (c.left > 0) {
        struct span name = cur_bytes(&c, cur_u8(&c));
        if (c.bad)
            break;
        if (n == want && out != NULL) {
            *out = name;
            return n;
        }
        n++;
    }
    return n;
}

/* ALPN names of one side, capped for detection (ENGINE_TLS_ALPN_POS); 0 when unread. */
static uint32_t alpn_positions(const struct tls_state *st, int side, uint64_t wants)
{
    if (!(wants & DETECT_TXB_BIT(DETECT_TXB_TLS_ALPN)))
        return 0;
    uint32_t n = alpn_name(st, side, UINT32_MAX, NULL);
    return n < ENGINE_TLS_ALPN_POS ? n : ENGINE_TLS_ALPN_POS;
}

/* The certificate positions: subjectAltNames and certificates (paired by index), if read. */
static uint32_t cert_positions(const struct tls_state *st, int side, uint64_t wants)
{
    uint32_t n = 0;
    if ((wants & DETECT_TXB_BIT(DETECT_TXB_TLS_SAN)) && side == 1 && (st->flags & TLS_F_CERT))
        n = st->cert.nsan;
    if ((wants & DETECT_TXB_BIT(DETECT_TXB_TLS_CERTS)) && st->nchain > n)
        n = st->nchain;
    return n;
}

uint32_t engine_tls_positions(const struct tls_state *st, int side, uint64_t wants)
{
    uint32_t a = alpn_positions(st, side, wants), c = cert_positions(st, side, wants);
    return (a ? a : 1) * (c ? c : 1);
}

/*
 * To the server the certificate buffers are the client's certificate, as Suricata reads
 * them by direction: none when the client sent none.
 */
static void client_cert_bufs(const struct tls_state *st, struct detect_tx_input *ti)
{
    static const enum detect_txb certb[] = {DETECT_TXB_CERT_SUBJECT, DETECT_TXB_CERT_ISSUER,
                                            DETECT_TXB_CERT_SERIAL, DETECT_TXB_CERT_FP,
                                            DETECT_TXB_TLS_CERT_INFO};
    for (size_t i = 0; i < sizeof(certb) / sizeof(certb[0]); i++)
        ti->have &= ~DETECT_TXB_BIT(certb[i]);
    const struct tls_cert *c = st->client_cert;
    if (!(st->flags & TLS_F_CLIENT_CERT) || c == NULL)
        return;
    text_buf(ti, DETECT_TXB_CERT_SUBJECT, c->subject);
    text_buf(ti, DETECT_TXB_CERT_ISSUER, c->issuer);
    text_buf(ti, DETECT_TXB_CERT_SERIAL, c->serial);
    text_buf(ti, DETECT_TXB_CERT_FP, c->fingerprint);
    ti->tls = (struct detect_tls_cert){.not_before = c->not_before,
                                       .not_after = c->not_after,
                                       .has_dates = c->has_dates,
                                       .chain_len = 0};
    ti->have |= DETECT_TXB_BIT(DETECT_TXB_TLS_CERT_INFO);
}

void engine_tls_txbufs_at(const struct tls_state *st, int side, uint64_t wants, uint32_t pos,
                          struct detect_tx_input *ti)
{
    if (side == 0)
        client_cert_bufs(st, ti);
    uint32_t na = alpn_positions(st, side, wants);
    uint32_t j = na ? pos % na : 0; /* ALPN varies fastest */
    uint32_t i = na ? pos / na : pos;
    struct span v;
    if (j < na && alpn_name(st, side, j, &v) == j)
        set(ti, DETECT_TXB_TLS_ALPN, v);
    if (side == 1 && (st->flags & TLS_F_CERT) && i < st->cert.nsan)
        set(ti, DETECT_TXB_TLS_SAN,
            (struct span){(const uint8_t *)st->cert.san_text + st->cert.san_off[i],
                          st->cert.san_len[i]});
    if (i < st->nchain)
        set(ti, DETECT_TXB_TLS_CERTS, st->chain[i]);
}

bool engine_txbufs_want_ja3(uint64_t wants)
{
    return (wants &
            (DETECT_TXB_BIT(DETECT_TXB_JA3_HASH) | DETECT_TXB_BIT(DETECT_TXB_JA3_STRING) |
             DETECT_TXB_BIT(DETECT_TXB_JA3S_HASH) | DETECT_TXB_BIT(DETECT_TXB_JA3S_STRING))) != 0;
}
