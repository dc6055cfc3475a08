/* SPDX-License-Identifier: GPL-2.0-only */
/* EVE "http" records as Suricata 8 writes them, and the eve-log http options. */
#ifndef KH_OUTPUT_EVE_HTTP_H
#define KH_OUTPUT_EVE_HTTP_H

#include <stddef.h>

#include "app/http/http.h"
#include "core/conf.h"
#include "eve.h"

/* struct eve_http_config lives in config.h, with the other options. */

/* Suricata's code defaults: not extended, no custom fields, no header dump. */
void eve_http_config_defaults(struct eve_http_config *hc);
/*
 * Read the options under "- http:" (node may be NULL): extended (yes/no), custom: [names]
 * (header names, logged as lowercase keys with '-' made '_'), dump-all-headers
 * (none, request, response, both). A bad value is KH_EINVAL naming it; unknown words warn.
 */
int eve_http_config_read(struct eve_http_config *hc, const struct conf_node *node, char *errbuf,
                         size_t errlen);

/*
 * Log one HTTP transaction (output-json-http.c): the flow's tuple in its to-server
 * direction, tx_id, then "http". `in` is the input that completed it (its packet and time).
 */
void eve_log_http(struct eve_output *eo, const struct eve_http_config *hc,
                  const struct app_input *in, const struct http_tx *tx);

/* A file's digests in lowercase hex (force-hash); an empty string is one not computed. */
struct eve_file_digests {
    char md5[33];
    char sha1[41];
    char sha256[65];
};

/* A file carried by an HTTP body, as Suricata's file tracking ends it. */
struct eve_file {
    struct span name; /* Content-Disposition filename, else the URI path */
    uint64_t size;    /* decoded bytes */
    bool truncated;   /* the flow ended inside the body: state TRUNCATED, else CLOSED */
    bool gaps;
    bool no_range; /* no "start"/"end": an upload, or a file put together from ranges */
    const struct eve_file_digests *dg; /* NULL: no digests */
};

/*
 * The "fileinfo" object's fields (EveFileInfo): filename, gaps, state, md5 and sha1 (a
 * CLOSED file only), sha256, stored, size, start/end when range is given, tx_id.
 */
void eve_put_fileinfo(struct jbuf *jb, const struct eve_file *file, const int64_t *range,
                      uint64_t tx_id);

/*
 * Log a "fileinfo" record (output-json-file.c) for a file of tx: the tuple as the packet
 * that ended it travels (the flow's when NULL), the transaction's "http" object (basic and
 * extended fields, as EveHttpAddMetadata), app_proto, then "fileinfo" (with "start" and
 * "end" for a 206 response's valid Content-Range, as Suricata opens such files).
 */
void eve_log_http_file(struct eve_output *eo, const struct app_input *in, const struct http_tx *tx,
                       const struct eve_file *file);

/*
 * Log a "fileinfo" record of a file another protocol carried (app_proto "smtp": a mail
 * attachment): the tuple as the packet that ended it travels, app_proto, "fileinfo". The
 * protocol's own object (Suricata's "smtp" and "email") is not written yet.
 */
void eve_log_app_file(struct eve_output *eo, const struct app_input *in, const char *app_proto,
                      const struct eve_file *file, uint64_t tx_id);

#endif
