/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared between the HTTP parser's files: contexts, per-flow state, message steps. */
#ifndef KH_APP_HTTP_INTERNAL_H
#define KH_APP_HTTP_INTERNAL_H

#include <zlib.h>

#include "http.h"
#include "range.h"

/* Where a direction is. */
enum http_dir_state {
    ST_LINE = 0,   /* before a request or status line */
    ST_HEADERS,    /* header lines up to the empty line */
    ST_BODY_LEN,   /* `remain` bytes of a Content-Length body */
    ST_CHUNK_SIZE, /* a chunk-size line */
    ST_CHUNK_DATA, /* `remain` bytes of chunk data */
    ST_CHUNK_END,  /* the CR LF after chunk data */
    ST_TRAILERS,   /* trailer lines after the last chunk */
    ST_BODY_CLOSE, /* a response body read until the close */
    ST_DEAD,       /* parsing stopped (a cap, a gap, bad framing): bytes are skipped */
};

#define HTTP_MP_DELIM_MAX (4 + 70) /* "\r\n--" and a boundary of at most 70 (RFC 2046) */
#define HTTP_MP_LINE_MAX  1024     /* a part header line kept; longer ones are an event */

/* Where a multipart/form-data body is (request direction only). */
enum http_mp_state {
    MP_OFF = 0,   /* not multipart, or nobody reads parts */
    MP_PREAMBLE,  /* before the first delimiter */
    MP_AFTER,     /* just after a delimiter: "--" ends the body, else a line end */
    MP_AFTER_EOL, /* rest of the delimiter line (transport padding) */
    MP_HEADERS,   /* part header lines */
    MP_DATA,      /* part content up to the next delimiter */
    MP_DONE,      /* after the close delimiter: the epilogue is ignored */
};

struct http_multipart {
    uint8_t st;                       /* enum http_mp_state */
    uint8_t dlen;                     /* delimiter length */
    uint8_t mi;                       /* bytes of the delimiter matched so far */
    bool dash;                        /* MP_AFTER: one '-' seen */
    bool in_part;                     /* a part was opened (its end not yet given) */
    uint16_t llen;                    /* bytes in line */
    bool line_long;                   /* this header line passed HTTP_MP_LINE_MAX */
    uint32_t nparts;                  /* parts opened so far (the next part's index) */
    uint64_t given;                   /* body bytes given to the parser (request-body-limit) */
    uint8_t delim[HTTP_MP_DELIM_MAX]; /* "\r\n--boundary" */
    uint8_t line[HTTP_MP_LINE_MAX];
    struct http_part part;
};

/* One Content-Encoding layer of a body being decoded (libhtp's decompressor, restarts and all). */
struct http_layer {
    uint8_t method;   /* enum http_coding zs is set up for now (gzip: gzip or zlib header) */
    uint8_t restarts; /* retries after an error: skip a gzip header, then the other method */
    bool pass;        /* every retry failed: bytes go on as they are */
    bool ended;       /* the stream ended: later bytes are ignored */
    bool fed;         /* this layer has been given bytes */
    bool produced;    /* this layer has given bytes to the next */
    bool zs_init;     /* zs holds zlib state (kept across flows, reset per body) */
    z_stream zs;
};

struct http_dir {
    uint8_t st;               /* enum http_dir_state */
    bool eof;                 /* APP_INPUT_EOF was seen */
    bool inflating;           /* this body is being decoded (layers set up) */
    bool lfcr;                /* the last response line ended with LF CR */
    uint8_t nlayers;          /* layers in use for this body */
    struct http_tx *tx;       /* the message being parsed */
    uint64_t remain;          /* bytes left of a Content-Length body or a chunk */
    struct http_multipart mp; /* request bodies only */
    struct http_layer layer[HTTP_CE_LAYERS_MAX];
};

struct http_state {
    struct http_state *next_free;
    struct http_tx *head, *tail; /* live transactions, oldest first */
    uint32_t ntx;
    uint64_t tx_count; /* transactions made; the next tx_id */
    bool tunnel;       /* CONNECT or Upgrade succeeded: bytes are no longer HTTP */
    bool change;       /* ... by a CONNECT: the dispatcher detects the tunnelled protocol */
    bool connect_wait; /* a CONNECT request waits for its answer before more requests */
    struct http_dir d[2];
};

struct http_ctx {
    struct http_config cfg;
    struct http_hooks hooks;
    struct http_stats st;
    struct http_tx *tx_free;
    uint32_t tx_made;
    struct http_state *state_free;
    struct http_ranges *ranges; /* files downloaded in pieces, made on first use */
    uint8_t inflate_buf[HTTP_CE_LAYERS_MAX][HTTP_INFLATE_BUF]; /* one per layer */
};

/* What follows a response's headers. */
enum http_after {
    HTTP_AFTER_BODY = 0, /* a body as framed (possibly none) */
    HTTP_AFTER_INTERIM,  /* a 1xx: the final response for the same request follows */
    HTTP_AFTER_TUNNEL,   /* 2xx to CONNECT, or 101: the rest is not HTTP */
};

void http_raise(struct http_ctx *ctx, const struct app_input *in, struct http_tx *tx,
                enum http_event ev);

/* message.c: lines into the transaction. http_request_line is false for HTTP/0.9. */
bool http_request_line(struct http_ctx *ctx, struct http_tx *tx, struct span line,
                       const struct app_input *in);
void http_response_line(struct http_ctx *ctx, struct http_tx *tx, struct span line,
                        const struct app_input *in);
/* raw: the line as sent, its line end included (kept in http_msg.raw_hdr unless trailer). */
void http_header_line(struct http_ctx *ctx, struct http_tx *tx, int dir, struct span line,
                      struct span raw, bool trailer, const struct app_input *in);
/* The empty line (as sent) that ends a header block: the end of http_msg.raw_hdr. */
void http_header_raw_end(struct http_ctx *ctx, struct http_tx *tx, int dir, struct span raw);
void http_request_headers_done(struct http_ctx *ctx, struct http_state *st, struct http_tx *tx,
                               const struct app_input *in);
enum http_after http_response_headers_done(struct http_ctx *ctx, struct http_state *st,
                                           struct http_tx *tx, const struct app_input *in);
/* What a chunk-size line held. */
enum http_chunk_line {
    HTTP_CHUNK_LINE_OK = 0, /* a size (junk after the digits ignored, as libhtp) */
    HTTP_CHUNK_LINE_EMPTY,  /* only white space and line ends: skipped */
    HTTP_CHUNK_LINE_BAD,    /* no size (the event is raised) */
};
enum http_chunk_line http_chunk_size(struct http_ctx *ctx, struct http_tx *tx, int dir,
                                     struct span line, uint64_t *size, const struct app_input *in);
/* Whether bytes without a line end yet can still start a chunk-size line. */
bool http_chunk_plausible(const uint8_t *p, size_t len);
/* Whether bytes can start a status line: APP_PROBE_MORE when too few to tell. */
enum app_probe http_looks_like_status(const uint8_t *p, size_t len);

/* body.c: de-framed body bytes, decompression and the body limit. */
void http_body_begin(struct http_ctx *ctx, struct http_state *st, int dir,
                     const struct app_input *in);
void http_body_data(struct http_ctx *ctx, struct http_state *st, int dir, struct span data,
                    const struct app_input *in);
void http_body_end(struct http_ctx *ctx, struct http_state *st, int dir,
                   const struct app_input *in);

/* multipart.c: start (from the request's Content-Type), decoded bytes, end of the body. */
void http_mp_begin(struct http_ctx *ctx, struct http_dir *d, const struct app_input *in);
void http_mp_data(struct http_ctx *ctx, struct http_dir *d, struct span data,
                  const struct app_input *in);
void http_mp_end(struct http_ctx *ctx, struct http_dir *d, const struct app_input *in);
/* The body passed request-body-limit: an open part ends TRUNCATED, the rest is not read. */
void http_mp_cut(struct http_ctx *ctx, struct http_dir *d, const struct app_input *in);

#endif
