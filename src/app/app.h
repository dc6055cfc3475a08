/* SPDX-License-Identifier: GPL-2.0-only */
/* What every application-layer parser shares: the stream-parser result and protocol ids. */
#ifndef KH_APP_APP_H
#define KH_APP_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cursor.h"

struct flow;
struct packet;

/* Application protocols, as EVE's app_proto names them (app_proto_name()). */
enum app_proto {
    APP_PROTO_UNKNOWN = 0,
    APP_PROTO_DNS,
    APP_PROTO_HTTP, /* HTTP/1.x, EVE "http" (Suricata: "http1" in some places, "http" here) */
    APP_PROTO_TLS,
    APP_PROTO_SMTP,
    APP_PROTO_FAILED, /* detection gave up on the flow: EVE "failed" */
    APP_PROTO_FTP,    /* detected, not parsed (app/banner.c) */
    APP_PROTO_SSH,    /* detected, not parsed (app/banner.c) */
    APP_PROTO_MAX,
};

/* How a stream parser left its input (Suricata's AppLayerResult). */
enum app_status {
    APP_STATUS_OK = 0,     /* everything given was consumed */
    APP_STATUS_INCOMPLETE, /* `consumed` bytes used; call again with at least `needed` from there */
    APP_STATUS_ERROR,      /* the data cannot be this protocol; stop parsing the direction */
    APP_STATUS_PROTO_CHANGE, /* `consumed` bytes were this protocol; from there on both
                              * directions carry another (HTTP CONNECT answered 2xx) */
};

/*
 * The stream-parser contract (STYLE.md): the parser never buffers. On INCOMPLETE the stream
 * layer keeps bytes [consumed, end) and calls again once it holds `needed` bytes from there.
 */
struct app_result {
    enum app_status status;
    uint32_t consumed;
    uint32_t needed;
};

/* "dns", "http", "tls", "failed"; NULL for APP_PROTO_UNKNOWN. */
const char *app_proto_name(enum app_proto proto);

/* What a probe of a direction's first bytes says (Suricata's probing parsers). */
enum app_probe {
    APP_PROBE_NO = 0, /* not this protocol */
    APP_PROBE_YES,    /* this protocol */
    APP_PROBE_MORE,   /* cannot tell yet: call again with more bytes */
};

#define APP_INPUT_GAP 0x1u /* bytes were lost before `data` (which may be empty) */
#define APP_INPUT_EOF 0x2u /* the direction ended after `data` */

/*
 * In-order stream bytes of one direction for a TCP application parser. `data` starts with
 * what the parser left unconsumed last time (the dispatcher keeps it, up to a cap), then
 * the new bytes; data.p is never NULL, even when data.len is 0. The parser never keeps
 * pointers into it past the call.
 */
struct app_input {
    struct flow *f;
    const struct packet *p; /* the packet that delivered the data; NULL at flow end */
    uint64_t ts_usec;       /* its time (the flow's last time at flow end) */
    int dir;                /* 0 to server, 1 to client */
    struct span data;
    uint32_t flags;   /* APP_INPUT_GAP, APP_INPUT_EOF */
    uint32_t gap_len; /* APP_INPUT_GAP: how many bytes were lost (data is then empty) */
};

/*
 * A TCP application protocol as the dispatcher (app/tcp.c) drives it. parse() follows the
 * stream-parser contract (struct app_result); on APP_STATUS_ERROR the dispatcher stops
 * feeding that direction. state is the flow's parser state, created by parse() on its
 * first call and released with state_free() when the flow ends.
 */
struct app_tcp_proto {
    enum app_proto id;
    uint16_t ports[4]; /* ports where this protocol is tried first (port hints) */
    enum app_probe (*probe)(const uint8_t *data, size_t len, int dir);
    struct app_result (*parse)(void *pctx, void **state, const struct app_input *in);
    void (*state_free)(void *pctx, void *state);
    void *pctx;       /* the protocol's per-worker context */
    bool hinted_only; /* probe only on flows with one of `ports` (Suricata's DNS over TCP) */
};

#endif
