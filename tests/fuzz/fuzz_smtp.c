/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target for SMTP (commands, DATA, MIME, base64, quoted-printable): the client
 * stream cut into pieces and fed as the dispatcher would, keeping what the parser leaves.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "app/smtp/smtp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define KEEP_MAX (2 * SMTP_LINE_MAX)

static uint8_t keep[KEEP_MAX + 65536];

static void on_part(void *arg, const struct app_input *in, const struct smtp_part *part,
                    const uint8_t *p, size_t n, bool last)
{
    size_t *total = arg;
    (void)in;
    (void)last;
    if (part->name_len >= SMTP_NAME_MAX || strlen(part->name) != part->name_len)
        __builtin_trap();
    for (size_t i = 0; i < n; i++)
        *total += p[i] & 1;
}

static void on_event(void *arg, const struct app_input *in, uint64_t tx_id, enum smtp_event ev)
{
    (void)arg;
    (void)in;
    (void)tx_id;
    if ((unsigned)ev >= SMTP_EV_MAX)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 65536)
        return 0;
    size_t piece = (size_t)data[0] * 4 + 1, total = 0, have = 0;
    data++;
    size--;
    struct smtp_hooks hooks = {.on_part = on_part, .on_event = on_event, .arg = &total};
    struct smtp_ctx *ctx = smtp_ctx_new(&hooks, 4);
    if (ctx == NULL)
        return 0;
    struct app_tcp_proto pr = smtp_tcp_proto(ctx);
    void *state = NULL;
    for (size_t i = 0; i < size; i += piece) {
        size_t k = size - i < piece ? size - i : piece;
        memcpy(keep + have, data + i, k);
        have += k;
        struct app_input in = {
            .dir = 0, .data = {keep, have}, .flags = i + k == size ? APP_INPUT_EOF : 0};
        struct app_result r = pr.parse(pr.pctx, &state, &in);
        if (r.status == APP_STATUS_ERROR)
            break;
        size_t used = r.status == APP_STATUS_OK ? have : r.consumed;
        if (used > have)
            __builtin_trap();
        memmove(keep, keep + used, have - used);
        have -= used;
        if (have > KEEP_MAX) /* the parser must consume a line once it is SMTP_LINE_MAX long */
            __builtin_trap();
    }
    pr.state_free(pr.pctx, state);
    smtp_ctx_free(ctx);
    return 0;
}
