/* SPDX-License-Identifier: GPL-2.0-only */
/* HTTP/1.0 and 1.1 over reassembled TCP: resumable parser, transactions, bodies, URI forms. */
#ifndef KH_APP_HTTP_HTTP_H
#define KH_APP_HTTP_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "core/cursor.h"

struct conf;

/*
 * Bytes of start line and header text kept per transaction (both directions share it).
 * Past it, further headers are parsed and counted but not kept (stats: header_arena_full).
 */
#define HTTP_TX_ARENA      32768
#define HTTP_MAX_HEADERS   64 /* headers kept per direction; more are parsed and counted */
#define HTTP_TX_EVENTS_MAX 64
#define HTTP_INFLATE_BUF   16384 /* decompressed bytes produced per inflate() call */

/*
 * App-layer events with Suricata's names (app-layer-htp.c http_decoder_event_table, lowercase
 * in rules as http.<name>), in Suricata's order; khien raises the ones its parser can see.
 */
enum http_event {
    HTTP_EV_UNKNOWN_ERROR = 0,
    HTTP_EV_GZIP_DECOMPRESSION_FAILED,
    HTTP_EV_REQUEST_FIELD_MISSING_COLON,
    HTTP_EV_RESPONSE_FIELD_MISSING_COLON,
    HTTP_EV_INVALID_REQUEST_CHUNK_LEN,
    HTTP_EV_INVALID_RESPONSE_CHUNK_LEN,
    HTTP_EV_INVALID_TRANSFER_ENCODING_VALUE_IN_REQUEST,
    HTTP_EV_INVALID_TRANSFER_ENCODING_VALUE_IN_RESPONSE,
    HTTP_EV_INVALID_CONTENT_LENGTH_FIELD_IN_REQUEST,
    HTTP_EV_INVALID_CONTENT_LENGTH_FIELD_IN_RESPONSE,
    HTTP_EV_DUPLICATE_CONTENT_LENGTH_FIELD_IN_REQUEST,
    HTTP_EV_DUPLICATE_CONTENT_LENGTH_FIELD_IN_RESPONSE,
    HTTP_EV_100_CONTINUE_ALREADY_SEEN,
    HTTP_EV_UNABLE_TO_MATCH_RESPONSE_TO_REQUEST,
    HTTP_EV_INVALID_SERVER_PORT_IN_REQUEST,
    HTTP_EV_INVALID_AUTHORITY_PORT,
    HTTP_EV_REQUEST_HEADER_INVALID,
    HTTP_EV_RESPONSE_HEADER_INVALID,
    HTTP_EV_MISSING_HOST_HEADER,
    HTTP_EV_HOST_HEADER_AMBIGUOUS,
    HTTP_EV_INVALID_REQUEST_FIELD_FOLDING,
    HTTP_EV_INVALID_RESPONSE_FIELD_FOLDING,
    HTTP_EV_REQUEST_FIELD_TOO_LONG,
    HTTP_EV_RESPONSE_FIELD_TOO_LONG,
    HTTP_EV_FILE_NAME_TOO_LONG,
    HTTP_EV_REQUEST_LINE_INVALID,
    HTTP_EV_REQUEST_BODY_UNEXPECTED,
    HTTP_EV_REQUEST_SERVER_PORT_TCP_PORT_MISMATCH,
    HTTP_EV_REQUEST_URI_HOST_INVALID,
    HTTP_EV_REQUEST_HEADER_HOST_INVALID,
    HTTP_EV_REQUEST_AUTH_UNRECOGNIZED,
    HTTP_EV_REQUEST_HEADER_REPETITION,
    HTTP_EV_RESPONSE_HEADER_REPETITION,
    HTTP_EV_DOUBLE_ENCODED_URI,
    HTTP_EV_URI_DELIM_NON_COMPLIANT,
    HTTP_EV_METHOD_DELIM_NON_COMPLIANT,
    HTTP_EV_REQUEST_LINE_LEADING_WHITESPACE,
    HTTP_EV_TOO_MANY_ENCODING_LAYERS,
    HTTP_EV_ABNORMAL_CE_HEADER,
    HTTP_EV_RESPONSE_MULTIPART_BYTERANGES,
    HTTP_EV_RESPONSE_ABNORMAL_TRANSFER_ENCODING,
    HTTP_EV_RESPONSE_CHUNKED_OLD_PROTO,
    HTTP_EV_RESPONSE_INVALID_PROTOCOL,
    HTTP_EV_RESPONSE_INVALID_STATUS,
    HTTP_EV_REQUEST_LINE_INCOMPLETE,
    HTTP_EV_LZMA_MEMLIMIT_REACHED,
    HTTP_EV_COMPRESSION_BOMB,
    HTTP_EV_RANGE_INVALID,
    HTTP_EV_REQUEST_CHUNK_EXTENSION,
    HTTP_EV_REQUEST_LINE_MISSING_PROTOCOL,
    HTTP_EV_REQUEST_TOO_MANY_HEADERS,
    HTTP_EV_RESPONSE_TOO_MANY_HEADERS,
    HTTP_EV_MULTIPART_GENERIC_ERROR,
    HTTP_EV_MULTIPART_NO_FILEDATA,
    HTTP_EV_MULTIPART_INVALID_HEADER,
    HTTP_EV_TOO_MANY_WARNINGS,
    HTTP_EV_FAILED_PROTOCOL_CHANGE,
    HTTP_EV_MAX,
};

/*
 * Suricata's name as its table spells it and EVE anomaly records write it
 * ("UNABLE_TO_MATCH_RESPONSE_TO_REQUEST"); rules name it lowercase
 * (app-layer-event:http.unable_to_match_response_to_request) and match case-insensitively.
 */
const char *http_event_name(enum http_event ev);

/* Text kept in a transaction's arena: bytes [off, off + len). len 0 with set false: absent. */
struct http_str {
    uint32_t off;
    uint32_t len;
    bool set;
};

struct http_header {
    struct http_str name;
    struct http_str value; /* trimmed; folded lines joined by one space; repeats joined by ", " */
};

/* How a message body is framed. */
enum http_framing {
    HTTP_BODY_NONE = 0,
    HTTP_BODY_LENGTH,  /* Content-Length */
    HTTP_BODY_CHUNKED, /* Transfer-Encoding: chunked */
    HTTP_BODY_CLOSE,   /* a response read until the server closes */
};

enum http_coding { HTTP_CE_IDENTITY = 0, HTTP_CE_GZIP, HTTP_CE_DEFLATE, HTTP_CE_PASS };

/* Content-Encoding layers decoded at most, whatever the configured limit (0 = no limit). */
#define HTTP_CE_LAYERS_MAX 4

/* One direction of a transaction. */
struct http_msg {
    struct http_header hdr[HTTP_MAX_HEADERS];
    struct http_str raw_hdr; /* the header lines as sent, line ends and the empty line that
                                ends them included (http.header.raw); cut where the arena
                                filled (header_arena_full) */
    uint16_t nhdr;           /* headers kept */
    uint32_t hdr_count;      /* headers seen, kept or not (headers-limit counts these) */
    uint32_t hdr_bytes;      /* header bytes on the wire */
    uint8_t framing;         /* enum http_framing */
    uint8_t ncodings;        /* Content-Encoding layers to undo (0: identity) */
    uint8_t codings[HTTP_CE_LAYERS_MAX]; /* enum http_coding, in the header's order */
    bool done;
    bool nul_names; /* a kept header name holds a NUL byte (names compare without them) */
    uint64_t content_length;
    uint64_t body_len;     /* body bytes after de-chunking, before decompression (EVE length) */
    uint64_t body_decoded; /* bytes after decompression */
    uint64_t body_given;   /* decoded bytes handed to on_body (at most the body limit) */
    uint64_t body_gap;     /* body bytes lost in stream gaps (counted in body_len) */
};

/*
 * A request/response pair. Numbered per flow from 0 (EVE tx_id). Fields borrow the arena:
 * read them with http_tx_text(). A response with no request gets a transaction of its own.
 */
struct http_tx {
    struct http_tx *next; /* flow's live list, or the pool's free list */
    uint64_t tx_id;
    struct http_str request_line, method, uri, protocol; /* uri: raw, as on the wire */
    struct http_str uri_norm;                            /* Suricata's http.uri */
    struct http_str hostname;                            /* lowercase, without the port */
    int32_t port;                                        /* from the URI or Host; -1 none */
    struct http_str response_line, resp_protocol, status, reason;
    int32_t status_code; /* -1 when the status is not a number */
    bool http09;         /* a request line without a protocol: no headers, no response line */
    bool has_request, has_response;
    uint8_t continues; /* 100 Continue responses seen */
    uint64_t events;   /* bit per enum http_event raised on this transaction */
    uint16_t nevents;  /* events raised (repeats too, as Suricata logs each), at most
                          HTTP_TX_EVENTS_MAX; more are counted in events_dropped */
    struct http_msg req, resp;
    uint32_t arena_len;
    uint8_t arena[HTTP_TX_ARENA];
};

static inline struct span http_tx_text(const struct http_tx *tx, struct http_str s)
{
    struct span sp = {.p = tx->arena + s.off, .len = s.len};
    return sp;
}

/* The first header of that name (case-insensitive) in a direction (0 request, 1 response). */
bool http_tx_header(const struct http_tx *tx, int dir, const char *name, struct span *value);

/*
 * URI forms as Suricata's http.uri (libhtp IDS personality, Suricata's defaults): the path
 * percent-decoded (invalid escapes kept, %u escapes decoded), backslashes made slashes,
 * repeated slashes compressed and dot segments removed (RFC 3986 5.2.4); the query kept raw;
 * an absolute URI's scheme and authority dropped. Writes at most cap bytes; returns the length.
 * *double_encoded is set when a decoded path still holds a '%' escape (double_encoded_uri).
 */
size_t http_uri_normalize(struct span raw, uint8_t *out, size_t cap, bool *double_encoded);

/* Suricata's probe: a known method then a space to the server, "HTTP/" to the client. */
enum app_probe http_probe(const uint8_t *data, size_t len, int dir);

/* One part of a multipart/form-data request body (RFC 7578), as far as it was read. */
#define HTTP_PART_NAME_MAX 256
struct http_part {
    uint32_t index; /* 0 for the first part of the body */
    uint16_t name_len, filename_len;
    bool has_filename;                 /* Content-Disposition has filename= (a file upload) */
    bool truncated;                    /* the body ended inside the part (no delimiter) */
    uint64_t size;                     /* content bytes given so far, this call's included */
    char name[HTTP_PART_NAME_MAX];     /* form field name, cut at the cap */
    char filename[HTTP_PART_NAME_MAX]; /* cut at the cap (FILE_NAME_TOO_LONG) */
};

/* Settings, as app-layer.protocols.http and its libhtp.default-config in Suricata's YAML. */
struct http_config {
    bool enabled;
    uint32_t request_body_limit;  /* decoded request body given to on_body; 0 = unlimited */
    uint32_t response_body_limit; /* same for responses */
    /* Body inspection (detection): a body is first inspected once this many decoded bytes
     * came or at its end; later inspections take at least `window` bytes before the new
     * ones (libhtp *-body-minimal-inspect-size and *-body-inspect-window). */
    uint32_t request_body_inspect_min, request_body_inspect_window;
    uint32_t response_body_inspect_min, response_body_inspect_window;
    uint32_t max_tx;                 /* live transactions per flow (Suricata max-tx) */
    uint32_t headers_limit;          /* headers per message before *_too_many_headers */
    uint32_t field_limit;            /* longest start or header line (libhtp field_limit_hard) */
    uint32_t compression_bomb_limit; /* decompressed bytes per body past which, at a
                                        ratio over 2048, decompression stops */
    uint32_t decompress_layer_limit; /* Content-Encoding layers decoded (libhtp
                                        response-body-decompress-layer-limit; 0 = all, up to
                                        HTTP_CE_LAYERS_MAX) */
    uint32_t max_txs_total;          /* transactions in the worker's pool (policy: none left, the
                               flow stops being parsed, counted in tx_memcap) */
};

/* Counters under "app_layer.http". */
struct http_stats {
    uint64_t txs;               /* transactions completed (handed to on_tx_complete) */
    uint64_t states;            /* flows holding HTTP state now */
    uint64_t tx_memcap;         /* a flow stopped: no transaction left in the pool */
    uint64_t max_tx_reached;    /* a flow stopped: max_tx live transactions */
    uint64_t header_arena_full; /* headers or lines not kept: the arena was full */
    uint64_t headers_dropped;   /* headers over HTTP_MAX_HEADERS, not kept */
    uint64_t field_too_long;    /* a direction stopped: a line past field_limit */
    uint64_t body_limited;      /* bytes past a body limit not given to on_body */
    uint64_t inflate_errors;    /* bodies whose decompression failed */
    uint64_t bombs;             /* bodies cut at the compression-bomb limit */
    uint64_t unlogged;          /* transactions dropped at state_free, never completed */
    uint64_t events_dropped;    /* events past HTTP_TX_EVENTS_MAX on one transaction */
};

/* The engine's hooks: app/ calls them and never calls output/ itself. */
struct http_hooks {
    /*
     * A transaction finished both ways, or the flow ended with it open (both directions
     * got APP_INPUT_EOF): log it (EVE http). tx is valid only during the call.
     */
    void (*on_tx_complete)(void *arg, const struct app_input *in, const struct http_tx *tx);
    /*
     * The headers of direction dir (0 request, 1 final response) of tx were read: the
     * request line, URI forms, host and headers (and for 1 the status) are set. Only
     * called when set.
     */
    void (*on_headers)(void *arg, const struct app_input *in, const struct http_tx *tx, int dir);
    /* An event raised on tx (EVE anomaly, type applayer, app_proto http). */
    void (*on_event)(void *arg, const struct app_input *in, const struct http_tx *tx,
                     enum http_event ev);
    /*
     * Body bytes of tx in direction dir (0 request, 1 response), de-chunked and
     * decompressed, in order, up to the direction's body limit; `last` on the final call.
     */
    void (*on_body)(void *arg, const struct app_input *in, const struct http_tx *tx, int dir,
                    struct span data, bool last);
    /*
     * Content of one part of a multipart/form-data request body, decoded, in order, from
     * the first request-body-limit bytes of the body (as Suricata stores upload files: a
     * part the limit cuts ends with truncated set); `last` ends the part (data may then be
     * empty). Only called when set.
     */
    void (*on_part)(void *arg, const struct app_input *in, const struct http_tx *tx,
                    const struct http_part *part, struct span data, bool last);
    /*
     * The message of direction dir (0 request, 1 response) of tx is complete (libhtp's
     * request/response complete: Suricata then asks for raw-stream inspection). Only
     * called when set.
     */
    void (*on_msg_done)(void *arg, const struct app_input *in, const struct http_tx *tx, int dir);
    void *arg;
};

struct http_ctx;
struct http_state;

void http_config_defaults(struct http_config *cfg);
/*
 * Read app-layer.protocols.http.enabled and libhtp.default-config's request-body-limit,
 * response-body-limit, max-tx, headers-limit and compression-bomb-limit ("100 KiB", "1mb",
 * "4096"). A bad value is KH_EINVAL naming it in errbuf.
 */
int http_config_load(struct http_config *cfg, const struct conf *conf, char *errbuf, size_t errlen);

/* One per worker: the transaction pool, inflate scratch and counters. NULL when out of memory. */
struct http_ctx *http_ctx_new(const struct http_config *cfg, const struct http_hooks *hooks);
void http_ctx_free(struct http_ctx *ctx);
const struct http_stats *http_ctx_stats(const struct http_ctx *ctx);
/* The context's tracker of files downloaded in pieces (app/http/range.h); NULL when it
 * cannot be had. */
struct http_ranges;
struct http_ranges *http_ctx_ranges(struct http_ctx *ctx);

/* The protocol as the TCP dispatcher drives it (pctx = ctx; state: struct http_state). */
struct app_tcp_proto http_tcp_proto(struct http_ctx *ctx);

/* The parse and free entry points that http_tcp_proto() fills in. */
struct app_result http_parse(void *pctx, void **state, const struct app_input *in);
void http_state_free(void *pctx, void *state);

#endif
