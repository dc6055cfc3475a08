/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The TCP application-layer dispatcher: finds a flow's protocol by probing its first
 * bytes, keeps what a parser left unconsumed, and feeds each direction's in-order stream
 * data to the protocol's parser (struct app_tcp_proto in app.h).
 */
#ifndef KH_APP_TCP_H
#define KH_APP_TCP_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"

#define APP_TCP_MAX_PROTOS 8
/* Unconsumed bytes kept per direction; past it the direction is no longer parsed (counted). */
#define APP_TCP_BUF_MAX (256u * 1024u)
/* Bytes of a direction probed before detection gives up on it (Suricata probes a few KiB). */
#define APP_TCP_PROBE_MAX 4096u

/* Counters, under "app_layer." in EVE stats where Suricata has a name for them. */
struct app_tcp_stats {
    uint64_t flows[APP_PROTO_MAX]; /* flows detected per protocol (app_layer.flow.<proto>) */
    uint64_t buf_overflow;         /* directions stopped: more than APP_TCP_BUF_MAX kept */
    uint64_t parse_errors;         /* directions stopped: the parser returned an error */
    /* Per protocol (APP_PROTO_UNKNOWN: while detecting), as app_layer.error.<proto>.*: */
    uint64_t err_parser[APP_PROTO_MAX]; /* parser errors (the direction is stopped) */
    uint64_t err_alloc[APP_PROTO_MAX];  /* directions stopped at APP_TCP_BUF_MAX (policy) */
    uint64_t state_memcap;              /* flows not parsed: max_states reached */
    uint64_t states;                    /* flows holding dispatcher state now */
};

struct app_tcp;
struct flow;
struct packet;

/* One per worker; at most max_states flows hold parser state at once (policy: later ones
 * are not parsed, counted in state_memcap). NULL when out of memory. */
struct app_tcp *app_tcp_new(uint32_t max_states);
/* Free the dispatcher; end the flows first (app_tcp_flow_end). */
void app_tcp_free(struct app_tcp *t);

/* Add a protocol; probes run in registration order, port-hinted protocols first. */
int app_tcp_register(struct app_tcp *t, const struct app_tcp_proto *proto);

/*
 * In-order data of one direction of a TCP flow (the stream stage's callback): detect the
 * protocol if not known yet, then parse. p is the packet that delivered it (NULL when the
 * stream flushes at flow end). flags: APP_INPUT_GAP (len lost bytes, data NULL),
 * APP_INPUT_EOF.
 */
void app_tcp_data(struct app_tcp *t, const struct packet *p, struct flow *f, int dir,
                  const uint8_t *data, size_t len, uint32_t flags);

/*
 * Do the first bytes a flow carried in direction dir look like the other direction's
 * (a response where a request was expected): no protocol takes them as they came and
 * one takes them reversed? The engine then turns a flow picked up midstream around,
 * as Suricata's protocol detection does (suricata-verify tcp-stream-after-swap).
 */
bool app_tcp_probe_reversed(const struct app_tcp *t, const struct flow *f, int dir,
                            const uint8_t *data, size_t len);

/* The flow ends: release its parser state and buffers. */
void app_tcp_flow_end(struct app_tcp *t, struct flow *f);

const struct app_tcp_stats *app_tcp_stats(const struct app_tcp *t);

struct stats_value;
/*
 * Suricata's app_layer.flow.<proto> and app_layer.error.<proto>.{parser,alloc} for the TCP
 * protocols registered (dns_tcp, http, tls, smtp, ftp, ssh; failed_tcp), zeros included, as
 * Suricata writes them, then ftp.memuse and ftp.memcap (0) when FTP is registered. Returns
 * the count written (at most max).
 */
size_t app_tcp_stats_collect(const struct app_tcp *t, struct stats_value *vals, size_t max);

#endif
