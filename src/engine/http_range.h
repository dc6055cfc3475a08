/* SPDX-License-Identifier: GPL-2.0-only */
/* The engine's glue between 206 responses and the whole files their ranges make up. */
#ifndef KH_ENGINE_HTTP_RANGE_H
#define KH_ENGINE_HTTP_RANGE_H

#include "app/http/http.h"
#include "output/eve/http.h"

struct eve_output;

/*
 * After the fileinfo of a response body (file) is logged: when the response is a 206 with
 * a valid Content-Range and the pieces seen so far of the same host and path now cover
 * the whole file, log a fileinfo record for the whole file (its full size, no start/end),
 * as Suricata's URL-range container closes its file. A piece that is the whole file by
 * itself adds nothing (suricata-verify http-evader-501).
 */
void engine_http_range_file(struct http_ctx *http, struct eve_output *eo,
                            const struct app_input *in, const struct http_tx *tx,
                            const struct eve_file *file);

#endif
