/* SPDX-License-Identifier: GPL-2.0-only */
/* The files of a multipart upload, kept for file.data and file.name (multi-buffers). */
#ifndef KH_ENGINE_UPLOADS_H
#define KH_ENGINE_UPLOADS_H

#include <stdint.h>

#include "app/http/http.h"
#include "detect/match.h"

struct flow;

#define ENGINE_UPLOAD_FLOWS 64 /* flows uploading at once (request body being read), per worker */
#define ENGINE_UPLOAD_FILES 8  /* files of one transaction kept */
#define ENGINE_UPLOAD_BYTES 262144u     /* bytes kept of one file: its start */
#define ENGINE_UPLOAD_MEM   (16u << 20) /* bytes a worker keeps at most */

/* Counters (policy at each cap: what does not fit is not inspected as file.data). */
struct engine_uploads_stats {
    uint64_t files_dropped; /* files past ENGINE_UPLOAD_FILES, or with no slot left */
    uint64_t bytes_dropped; /* bytes past ENGINE_UPLOAD_BYTES or ENGINE_UPLOAD_MEM */
};

struct engine_uploads;

struct engine_uploads *engine_uploads_new(void);
void engine_uploads_free(struct engine_uploads *u);
const struct engine_uploads_stats *engine_uploads_stats(const struct engine_uploads *u);

/* Content of an upload part with a file name (http_hooks.on_part), in order. */
void engine_uploads_data(struct engine_uploads *u, const struct flow *f, uint64_t tx_id,
                         const struct http_part *part, struct span data);
/*
 * The kept files of transaction tx_id of f as file.data and file.name multi-buffers of ti
 * (each file's data and each name, back to back in buf[] for the prefilter). Nothing when
 * none is kept. The buffers stay valid until the next call on u.
 */
void engine_uploads_view(struct engine_uploads *u, const struct flow *f, uint64_t tx_id,
                         struct detect_tx_input *ti);
/* The flow's request body ended (its files were inspected): its slot is given back. */
void engine_uploads_done(struct engine_uploads *u, const struct flow *f);
/* The flow ends: what it kept is freed. */
void engine_uploads_flow_end(struct engine_uploads *u, const struct flow *f);

#endif
