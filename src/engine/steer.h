/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Steering for the workers run mode: the reader reads just enough of a captured frame to
 * pick the worker that owns its flow, with a hash that is the same in both directions.
 */
#ifndef KH_ENGINE_STEER_H
#define KH_ENGINE_STEER_H

#include <stddef.h>
#include <stdint.h>

#include "decode/packet.h"

/*
 * A symmetric hash of a frame's outermost IP header: for TCP that is not an IP fragment, the
 * addresses and ports; for everything else (UDP, ICMP, other protocols, every IPv4/IPv6
 * fragment) the address pair only, so that every fragment of a datagram and every packet of
 * a UDP flow whose datagrams are sometimes fragmented meet on one worker, where defrag and the
 * flow table see them all. Tunnelled traffic is steered by its outer header. Frames that are
 * not IP (ARP, ...) or that are too short to read hash to 0.
 */
uint64_t steer_hash(enum decode_link link, const uint8_t *data, size_t len);

/* The worker, 0 to n - 1, for a hash (multiply-shift: no division). */
static inline uint32_t steer_pick(uint64_t hash, uint32_t n)
{
    return (uint32_t)(((hash >> 32) * (uint64_t)n) >> 32);
}

#endif
