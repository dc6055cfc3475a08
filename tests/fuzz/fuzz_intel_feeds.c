/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the feed readers. The first byte picks the format (and the type of a
 * plain or dataset feed); the rest is the file. The tables are built and looked up with
 * values taken from the input, so normalisation and lookups run on hostile text too.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/log.h"
#include "intel/feeds.h"
#include "intel/intel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const enum intel_format formats[] = {INTEL_FMT_PLAIN, INTEL_FMT_CSV, INTEL_FMT_STIX,
                                            INTEL_FMT_MISP, INTEL_FMT_DATASET};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int quiet;
    if (!quiet) {
        kh_log_set_level(KH_LOG_ERROR);
        quiet = 1;
    }
    if (size < 1)
        return 0;
    struct intel_feed_cfg c;
    intel_feed_cfg_defaults(&c);
    c.name = "fuzz";
    c.format = formats[data[0] % (sizeof(formats) / sizeof(formats[0]))];
    c.type = (data[0] >> 4) < INTEL_T_MAX ? (int)(data[0] >> 4) : -1;
    if (c.format == INTEL_FMT_DATASET && c.type < 0)
        c.type = INTEL_T_STRING;
    c.subdomains = data[0] & 0x8;
    struct intel_sets *s = intel_sets_new();
    char err[256];
    if (s == NULL)
        return 0;
    (void)intel_feed_load_buf(s, &c, data + 1, size - 1, "fuzz", err, sizeof(err));
    if (intel_sets_finish(s) == 0) {
        /* look up each line of the input as every type */
        const char *p = (const char *)data + 1, *end = (const char *)data + size;
        for (int lines = 0; p < end && lines < 64; lines++) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
            uint32_t ids[INTEL_MAX_HITS];
            for (int t = 0; t < INTEL_T_MAX; t++) {
                size_t k = intel_lookup(s, (enum intel_type)t, p, n, 0, ids, INTEL_MAX_HITS);
                char text[INTEL_MAX_VALUE + 2];
                for (size_t i = 0; i < k; i++)
                    intel_ind_text(s, ids[i], text, sizeof(text));
            }
            p += n + 1;
        }
    }
    intel_sets_free(s);
    return 0;
}
