/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target for DLP as the engine drives it: documents (text, or zip/PDF sniffed from
 * their first bytes) in pieces, over two directions, with a threshold of 1 and small caps,
 * so the scanners, the marking rule, counting, masking and hashing all run.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dlp/dlp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct dlp_ctx *ctx;

static void on_alert(void *arg, const struct dlp_alert *a)
{
    (void)arg;
    if (a->nsamples > DLP_SAMPLES)
        __builtin_trap();
    for (uint32_t i = 0; i < a->nsamples; i++)
        if (strlen(a->samples[i].masked) > DLP_VALUE_MAX || strlen(a->samples[i].hash) != 64)
            __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (ctx == NULL) {
        struct dlp_config cfg;
        dlp_config_defaults(&cfg);
        cfg.threshold = 1;
        cfg.depth = 1u << 16;
        cfg.doc_cap = 1u << 14;
        cfg.outbound_only = false;
        memcpy(cfg.key, "fuzz-key-fuzz-key", 17);
        cfg.key_len = 17;
        ctx = dlp_ctx_new(&cfg);
    }
    if (size < 2 || ctx == NULL)
        return 0;
    size_t piece = (size_t)data[0] + 1;
    uint8_t docs = data[1];
    data += 2;
    size -= 2;
    struct dlp_flow *fs = NULL;
    for (size_t i = 0, k = 0; i < size; i += piece, k++) {
        size_t n = size - i < piece ? size - i : piece;
        struct dlp_input in = {.dir = (int)(k & 1 & docs),
                               .way = DLP_WAY_OUTBOUND,
                               .doc_id = (docs >> 1) ? k / (docs >> 1) : 0,
                               .source = "fuzz",
                               .p = data + i,
                               .n = n,
                               .last = i + n == size};
        dlp_flow_feed(ctx, &fs, &in, on_alert, NULL);
        if (docs & 0x80)
            dlp_flow_gap(ctx, fs, 0);
    }
    dlp_flow_free(ctx, fs);
    return 0;
}
