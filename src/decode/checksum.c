/* SPDX-License-Identifier: GPL-2.0-only */
/* Internet checksum (RFC 1071) over spans, 8 bytes at a time with a 64-bit accumulator. */
#include "checksum.h"

#include <string.h>

/* 64-bit one's complement addition: the carry out of bit 63 comes back in at bit 0. */
static inline uint64_t add_carry(uint64_t a, uint64_t b)
{
    a += b;
    return a + (a < b);
}

/* Two 64-bit lanes, as GCC and Clang vector extensions: SSE2/NEON, or scalar elsewhere. */
typedef uint64_t u64x2 __attribute__((vector_size(16)));

/*
 * 2^16 is 1 modulo 2^16 - 1, so a 32-bit word read from memory adds its two 16-bit words
 * at once (RFC 1071 §2(C), "parallel summation"). Each 64-bit lane adds 32-bit halves with
 * no carry to handle, so the loop is loads, masks, shifts and adds the CPU runs in
 * parallel: about twice as fast as an add-with-carry chain. A lane can take 2^32 such
 * additions, far beyond any packet (spans must stay under 16 GiB).
 */
uint64_t csum_add(uint64_t sum, struct span s)
{
    const u64x2 low = {0xffffffffu, 0xffffffffu};
    u64x2 lo0 = {0, 0}, hi0 = {0, 0}, lo1 = {0, 0}, hi1 = {0, 0};
    const uint8_t *p = s.p;
    size_t len = s.len;
    while (len >= 32) {
        u64x2 a, b;
        memcpy(&a, p, sizeof(a));
        memcpy(&b, p + 16, sizeof(b));
        lo0 += a & low;
        hi0 += a >> 32;
        lo1 += b & low;
        hi1 += b >> 32;
        p += 32;
        len -= 32;
    }
    u64x2 t = lo0 + hi0 + lo1 + hi1;
    uint64_t acc = t[0] + t[1];
    while (len >= 4) {
        uint32_t w;
        memcpy(&w, p, sizeof(w));
        acc += w;
        p += 4;
        len -= 4;
    }
    if (len > 0) {
        /* The odd tail is padded with zero bytes, as RFC 1071 pads an odd last byte. */
        uint32_t w = 0;
        memcpy(&w, p, len);
        acc += w;
    }
    return add_carry(sum, acc);
}

uint16_t csum_fold(uint64_t sum)
{
    sum = (sum & 0xffffffffu) + (sum >> 32);
    sum = (sum & 0xffffffffu) + (sum >> 32);
    sum = (sum & 0xffffu) + (sum >> 16);
    sum = (sum & 0xffffu) + (sum >> 16);
    return (uint16_t)sum;
}

/*
 * RFC 9293 §3.1 / RFC 768 (IPv4: source, destination, zero, protocol, length) and RFC 8200
 * §8.1 (IPv6: source, destination, 32-bit length, zeros, next header). The addresses sit in
 * struct kh_addr in wire order, so they are summed straight from it.
 */
uint64_t csum_pseudo(const struct packet *p, uint8_t proto, uint32_t len)
{
    if (p->ip_ver == 4) {
        const uint8_t tail[4] = {0, proto, (uint8_t)(len >> 8), (uint8_t)len};
        uint32_t t;
        memcpy(&t, tail, sizeof(t));
        return (uint64_t)p->src.w[0] + p->dst.w[0] + t;
    }
    const uint8_t tail[8] = {(uint8_t)(len >> 24),
                             (uint8_t)(len >> 16),
                             (uint8_t)(len >> 8),
                             (uint8_t)len,
                             0,
                             0,
                             0,
                             proto};
    uint64_t t;
    memcpy(&t, tail, sizeof(t));
    uint64_t sum = add_carry(p->src.q[0], p->src.q[1]);
    sum = add_carry(sum, p->dst.q[0]);
    sum = add_carry(sum, p->dst.q[1]);
    return add_carry(sum, t);
}
