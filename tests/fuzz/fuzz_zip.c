/* SPDX-License-Identifier: GPL-2.0-only */
/* libFuzzer target for the streaming zip walker (DOCX/XLSX): pieces of any size, small caps. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dlp/docs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t buf[DLP_INFLATE_BUF];

static void on_text(void *arg, const char *member, const uint8_t *p, size_t n, bool end)
{
    size_t *total = arg;
    (void)end;
    if (strlen(member) > DLP_ZIP_NAME_MAX)
        __builtin_trap();
    for (size_t i = 0; i < n; i++) /* the bytes must be readable */
        *total += p[i] & 1;
    *total += n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t piece = (size_t)data[0] + 1, total = 0;
    uint64_t cap = (data[0] & 0x80) ? 64 : 1u << 20;
    data++;
    size--;
    struct dlp_zip z;
    dlp_zip_init(&z, buf, cap);
    for (size_t i = 0; i < size; i += piece)
        dlp_zip_feed(&z, data + i, size - i < piece ? size - i : piece, on_text, &total);
    if (z.state == DLP_ZIP_BAD && z.err == DLP_ZIP_OK)
        __builtin_trap();
    dlp_zip_fini(&z);
    return 0;
}
