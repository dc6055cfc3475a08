/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The engine's side of DLP: one per worker. Decides each direction's way by HOME_NET, feeds
 * src/dlp/ with HTTP bodies, raw TCP streams of unknown protocols and DNS query names, and
 * writes DLP alerts through EVE's alert writer.
 */
#ifndef KH_ENGINE_DLP_GLUE_H
#define KH_ENGINE_DLP_GLUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/conf.h"

struct engine_dlp;
struct eve_output;
struct flow;
struct packet;
struct http_tx;
struct stats_value;

/*
 * From the configuration (dlp: section, vars.address-groups.HOME_NET). *out is NULL when
 * DLP is off. KH_EINVAL with the reason logged when the configuration is wrong.
 */
int engine_dlp_new(const struct conf *conf, struct eve_output *eve, struct engine_dlp **out);
void engine_dlp_free(struct engine_dlp *ed);

/* What is being fed: where from, which document, and what to tie an alert to. */
struct engine_dlp_doc {
    const char *source; /* "http", "tcp", "dns" */
    uint64_t doc_id;
    const char *name; /* file name, or NULL */
    size_t name_len;
    bool last;
    bool has_tx;
    uint64_t tx_id;
    const struct http_tx *http; /* for the alert's http object */
};

/* Bytes of a document in direction dir; p is the packet that delivered them (NULL at end). */
void engine_dlp_data(struct engine_dlp *ed, const struct packet *p, struct flow *f, int dir,
                     const struct engine_dlp_doc *doc, const uint8_t *data, size_t len);
/* Bytes were lost in direction dir of f. */
void engine_dlp_gap(struct engine_dlp *ed, struct flow *f, int dir);
/* The flow ends: its DLP state is released. */
void engine_dlp_flow_end(struct engine_dlp *ed, struct flow *f);
/* Counters as "dlp.*" stats values; returns how many were written (at most max). */
size_t engine_dlp_stats(const struct engine_dlp *ed, struct stats_value *vals, size_t max);

#endif
