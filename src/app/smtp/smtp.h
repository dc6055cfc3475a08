/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal SMTP parser (RFC 5321) for content inspection: commands, DATA with
 * dot-unstuffing, the message's MIME structure (RFC 2045/2046: multipart with nested
 * boundaries, base64 and quoted-printable) streamed part by part to a hook. Replies are
 * read only to find the start of TLS. See docs/internals/smtp.md.
 */
#ifndef KH_APP_SMTP_SMTP_H
#define KH_APP_SMTP_SMTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

#define SMTP_LINE_MAX     4096u /* longest line handled as a line; longer ones are cut (event) */
#define SMTP_HDR_MAX      1024u /* a MIME header, folded lines joined (longer: event, cut) */
#define SMTP_BOUNDARY_MAX 72u   /* RFC 2046: boundaries are at most 70 characters */
#define SMTP_MIME_DEPTH   4u    /* nested multiparts followed (deeper: event, read as data) */
#define SMTP_NAME_MAX     128u  /* file name kept */

/* Events, with Suricata's names (EVE anomaly, app_proto smtp). */
enum smtp_event {
    SMTP_EV_MAX_COMMAND_LINE_LEN_EXCEEDED = 0,
    SMTP_EV_MIME_LONG_LINE,
    SMTP_EV_MIME_LONG_HEADER_VALUE,
    SMTP_EV_MIME_LONG_BOUNDARY,
    SMTP_EV_MIME_LONG_FILENAME,
    SMTP_EV_MIME_INVALID_BASE64,
    SMTP_EV_MIME_INVALID_QP,
    SMTP_EV_MIME_PARSE_FAILED, /* nesting deeper than SMTP_MIME_DEPTH */
    SMTP_EV_BDAT_UNSUPPORTED,  /* khien: CHUNKING (BDAT) content is not parsed */
    SMTP_EV_MAX,
};

const char *smtp_event_name(enum smtp_event ev);

/* One leaf part of a message (the whole body when the message is not multipart). */
struct smtp_part {
    uint64_t tx_id;  /* the message on this flow, from 0 */
    uint32_t index;  /* leaf parts of the message in order, from 0 */
    bool attachment; /* has a file name (Content-Disposition filename= or Content-Type name=) */
    char name[SMTP_NAME_MAX];
    uint32_t name_len;
    uint64_t size; /* decoded bytes given so far, this call's included (fileinfo size) */
};

struct smtp_hooks {
    /* Decoded content of a part, in order; `last` ends it (data may then be empty). */
    void (*on_part)(void *arg, const struct app_input *in, const struct smtp_part *part,
                    const uint8_t *data, size_t len, bool last);
    void (*on_event)(void *arg, const struct app_input *in, uint64_t tx_id, enum smtp_event ev);
    void *arg;
};

struct smtp_stats {
    uint64_t messages; /* DATA sections ended */
    uint64_t parts;
    uint64_t states;       /* flow states now */
    uint64_t state_memcap; /* flows not parsed: max states reached */
};

struct smtp_ctx;

/* One per worker; at most max_states flows parsed at once (later flows are not: counted). */
struct smtp_ctx *smtp_ctx_new(const struct smtp_hooks *hooks, uint32_t max_states);
void smtp_ctx_free(struct smtp_ctx *ctx);
const struct smtp_stats *smtp_ctx_stats(const struct smtp_ctx *ctx);

/* Suricata's probe: a client's EHLO/HELO, or a server's 220 greeting. */
enum app_probe smtp_probe(const uint8_t *data, size_t len, int dir);

/* The protocol for the TCP dispatcher: ports 25 and 587 hinted. */
struct app_tcp_proto smtp_tcp_proto(struct smtp_ctx *ctx);

#endif
