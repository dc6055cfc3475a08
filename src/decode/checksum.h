/* SPDX-License-Identifier: GPL-2.0-only */
/* Internet checksums (RFC 1071): header and pseudo-header sums for IPv4, TCP, UDP and ICMP. */
#ifndef KH_DECODE_CHECKSUM_H
#define KH_DECODE_CHECKSUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cursor.h"
#include "packet.h"

/*
 * The one's complement sum is byte-order independent (RFC 1071 §2(B)): words are added in
 * host order straight from memory and the folded result is compared in host order too.
 * A span summed on its own must start on a 16-bit boundary of the checksummed data, which
 * holds for every caller (all headers have even lengths).
 */

/* Add the bytes of s to a running 64-bit one's complement sum. */
uint64_t csum_add(uint64_t sum, struct span s);

/* Fold a running sum to 16 bits. */
uint16_t csum_fold(uint64_t sum);

/* True when data (checksum field included) sums to all ones: the checksum verifies. */
static inline bool csum_ok(uint64_t sum)
{
    return csum_fold(sum) == 0xffff;
}

/* The TCP/UDP/ICMPv6 pseudo-header of p's addresses, for protocol `proto` and `len` bytes. */
uint64_t csum_pseudo(const struct packet *p, uint8_t proto, uint32_t len);

#endif
