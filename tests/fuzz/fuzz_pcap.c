/* SPDX-License-Identifier: GPL-2.0-only */
/* libFuzzer target: a whole capture file through the reader and the decoders. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "capture/capture.h"
#include "core/log.h"
#include "decode/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int quiet;
    if (!quiet) {
        kh_log_set_level(KH_LOG_ERROR);
        quiet = 1;
    }
    /* The reader takes a path; an in-memory file gives it one without touching the disk. */
    int fd = memfd_create("fuzz.pcap", 0);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    char path[64], err[256];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    struct capture *cap = capture_open_file(path, err, sizeof(err));
    if (cap != NULL) {
        struct decode_ctx dec;
        decode_ctx_init(&dec, true);
        struct packet p, inner;
        int rc;
        while ((rc = capture_next(cap, &p)) != 0) {
            if (rc < 0)
                continue;
            decode_packet(&dec, &p);
            if (p.flags & PKT_HAS_TUNNEL)
                decode_tunnel(&dec, &p, &inner);
        }
        capture_close(cap);
    }
    close(fd);
    return 0;
}
