/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Community ID v1: a flow hash that Zeek, Suricata and others agree on. SHA-1 over
 * seed, ordered addresses, protocol, a zero pad byte and ordered ports, base64-encoded,
 * prefixed "1:". ICMP uses type and code (or the type of the matching reply) as ports.
 */
#include <openssl/sha.h>
#include <string.h>

#include "eve_internal.h"

/* ICMP types that have a reply type, so both directions give the same ID (v4 and v6). */
static bool icmp_pair(uint8_t proto, uint8_t type, uint8_t *peer)
{
    static const uint8_t v4[][2] = {{8, 0},   {0, 8},  {13, 14}, {14, 13}, {15, 16},
                                    {16, 15}, {10, 9}, {9, 10},  {17, 18}, {18, 17}};
    static const uint8_t v6[][2] = {{128, 129}, {129, 128}, {133, 134}, {134, 133},
                                    {135, 136}, {136, 135}, {130, 131}, {131, 130},
                                    {139, 140}, {140, 139}, {144, 145}, {145, 144}};
    const uint8_t(*t)[2] = proto == 1 ? v4 : v6;
    size_t n = proto == 1 ? sizeof(v4) / sizeof(v4[0]) : sizeof(v6) / sizeof(v6[0]);
    for (size_t i = 0; i < n; i++) {
        if (t[i][0] == type) {
            *peer = t[i][1];
            return true;
        }
    }
    return false;
}

char *eve_base64(const uint8_t *in, size_t n, char *out)
{
    static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i = 0;
    for (; i + 2 < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        *out++ = tbl[v >> 18];
        *out++ = tbl[(v >> 12) & 63];
        *out++ = tbl[(v >> 6) & 63];
        *out++ = tbl[v & 63];
    }
    if (i < n) {
        uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < n ? (uint32_t)in[i + 1] << 8 : 0);
        *out++ = tbl[v >> 18];
        *out++ = tbl[(v >> 12) & 63];
        *out++ = i + 1 < n ? tbl[(v >> 6) & 63] : '=';
        *out++ = '=';
    }
    *out = '\0';
    return out;
}

void eve_community_id(const struct flow *f, uint16_t seed, char out[64])
{
    size_t alen = f->ip_ver == 6 ? 16 : 4;
    const struct kh_addr *a = &f->src, *b = &f->dst;
    uint16_t pa = f->sp, pb = f->dp;
    bool one_way = false;
    if (f->proto == 1 || f->proto == 58) {
        uint8_t peer;
        pa = f->icmp_type[0];
        if (icmp_pair(f->proto, f->icmp_type[0], &peer)) {
            pb = peer;
        } else {
            pb = f->icmp_code[0];
            one_way = true;
        }
    }
    /* Order the endpoints so both directions hash the same: lower address (then port) first. */
    int c = memcmp(a->b, b->b, alen);
    if (!one_way && (c > 0 || (c == 0 && pa > pb))) {
        const struct kh_addr *t = a;
        a = b;
        b = t;
        uint16_t tp = pa;
        pa = pb;
        pb = tp;
    }
    uint8_t buf[2 + 16 + 16 + 2 + 4];
    size_t n = 0;
    buf[n++] = (uint8_t)(seed >> 8);
    buf[n++] = (uint8_t)seed;
    memcpy(buf + n, a->b, alen);
    n += alen;
    memcpy(buf + n, b->b, alen);
    n += alen;
    buf[n++] = f->proto;
    buf[n++] = 0;
    bool ports =
        f->proto == 6 || f->proto == 17 || f->proto == 132 || f->proto == 1 || f->proto == 58;
    if (ports) {
        buf[n++] = (uint8_t)(pa >> 8);
        buf[n++] = (uint8_t)pa;
        buf[n++] = (uint8_t)(pb >> 8);
        buf[n++] = (uint8_t)pb;
    }
    uint8_t digest[SHA_DIGEST_LENGTH];
    SHA1(buf, n, digest);
    out[0] = '1';
    out[1] = ':';
    eve_base64(digest, sizeof(digest), out + 2);
}
