/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target for defrag: byte 0 picks the overlap policy, then records of a 16-bit
 * length and a raw IP packet, each decoded and fed to one small defragmenter (a new one per
 * input, so runs do not depend on each other). Packets are 1 s apart every 16 records so
 * timeouts fire too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "defrag/defrag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct packet *r)
{
    if (!(r->flags & PKT_IS_REBUILT) || r->caplen > DEFRAG_HDR_MAX + 65535u)
        __builtin_trap();
    if (r->payload.p < r->data || r->payload.p + r->payload.len > r->data + r->caplen)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct defrag_hostos hostos;
    static struct decode_ctx dec;
    if (size < 1)
        return 0;
    defrag_hostos_init(&hostos);
    enum defrag_os os = (enum defrag_os)(data[0] % DEFRAG_OS_MAX);
    defrag_hostos_add(&hostos, "0.0.0.0/0", os);
    defrag_hostos_add(&hostos, "::/0", os);
    decode_ctx_init(&dec, (data[0] & 0x80) == 0);
    struct defrag_config cfg = {
        .memcap = 1u << 20,
        .hash_size = 16,
        .trackers = 8,
        .max_frags = 64,
        .timeout = 2,
        .hostos = &hostos,
    };
    struct defrag_ctx *d = defrag_ctx_new(&cfg);
    if (d == NULL)
        return 0;
    size_t off = 1;
    uint64_t ts = 1000000;
    for (unsigned n = 0; off + 2 <= size; n++) {
        size_t len = (size_t)data[off] << 8 | data[off + 1];
        off += 2;
        if (len > size - off)
            len = size - off;
        /* An exact-size heap copy, so a read past the packet is caught. */
        uint8_t *buf = malloc(len ? len : 1);
        if (buf == NULL)
            break;
        memcpy(buf, data + off, len);
        off += len;
        struct packet p, out;
        memset(&p, 0, sizeof(p));
        p.data = buf;
        p.caplen = p.wirelen = (uint32_t)len;
        p.link = DECODE_LINK_RAW;
        p.ts_usec = ts += (n % 16 == 15) ? 1000000 : 0;
        decode_packet(&dec, &p);
        if ((p.flags & PKT_IS_FRAGMENT) && p.ip_ver && defrag_insert(d, &dec, &p, &out))
            check(&out);
        free(buf);
    }
    defrag_ctx_free(d);
    return 0;
}
