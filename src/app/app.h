/* SPDX-License-Identifier: GPL-2.0-only */
/* What every application-layer parser shares: the stream-parser result and protocol ids. */
#ifndef KH_APP_APP_H
#define KH_APP_APP_H

#include <stdint.h>

/* Application protocols, as EVE's app_proto names them (app_proto_name()). */
enum app_proto {
    APP_PROTO_UNKNOWN = 0,
    APP_PROTO_DNS,
    APP_PROTO_MAX,
};

/* How a stream parser left its input (Suricata's AppLayerResult). */
enum app_status {
    APP_STATUS_OK = 0,     /* everything given was consumed */
    APP_STATUS_INCOMPLETE, /* `consumed` bytes used; call again with at least `needed` from there */
    APP_STATUS_ERROR,      /* the data cannot be this protocol; stop parsing the direction */
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

/* "dns", ...; NULL for APP_PROTO_UNKNOWN. */
const char *app_proto_name(enum app_proto proto);

#endif
