/* SPDX-License-Identifier: GPL-2.0-only */
/* libFuzzer target for the FTP and SSH probes: byte 0 picks the direction, the rest is data. */
#include <stddef.h>
#include <stdint.h>

#include "app/banner.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int dir = data[0] & 1;
    enum app_probe f = ftp_probe(data + 1, size - 1, dir);
    enum app_probe s = ssh_probe(data + 1, size - 1, dir);
    if (f > APP_PROBE_MORE || s > APP_PROBE_MORE)
        __builtin_trap();
    return 0;
}
