/* SPDX-License-Identifier: GPL-2.0-only */
/* IPv4 and IPv6 fragment reassembly with target-based overlap policies and a memory cap. */
#ifndef KH_DEFRAG_DEFRAG_H
#define KH_DEFRAG_DEFRAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/stats.h"
#include "decode/decode.h"
#include "hostos.h"

/*
 * Overlap policies, as Suricata's and Snort's defrag name them. Where a new fragment
 * overlaps data an earlier one brought, the policy says whose bytes the target keeps
 * (docs/internals/defrag.md has the derivation from the Novak/Sturges test pattern):
 *   first      the earlier data, always (Mac OS, HP-UX 11, old Solaris)
 *   last       the new data, always (Cisco IOS)
 *   bsd        the new data when the new fragment starts before the old one
 *   bsd-right  the new data when the new fragment ends after the old one
 *   linux      the new data when the new fragment starts at or before the old one
 *   windows    the new data only when it starts before and ends after the old one
 *   solaris    the new data when it starts before the old one and ends at or after it
 */
enum defrag_policy {
    DEFRAG_POLICY_FIRST = 0,
    DEFRAG_POLICY_LAST,
    DEFRAG_POLICY_BSD,
    DEFRAG_POLICY_BSD_RIGHT,
    DEFRAG_POLICY_LINUX,
    DEFRAG_POLICY_WINDOWS,
    DEFRAG_POLICY_SOLARIS,
    DEFRAG_POLICY_MAX,
};

/* "linux" -> DEFRAG_POLICY_LINUX, -1 when unknown. */
int defrag_policy_parse(const char *name);
const char *defrag_policy_name(enum defrag_policy p);
/* The policy Suricata's DefragGetOsPolicy gives an operating system. */
enum defrag_policy defrag_policy_for_os(enum defrag_os os);

#define DEFRAG_MAX_FRAGS_PER_DGRAM 1024 /* per datagram; more are ignored (frag_ignored) */
#define DEFRAG_HDR_MAX             512  /* IPv4 header / IPv6 unfragmentable part kept */

struct defrag_config {
    uint64_t memcap;    /* defrag.memcap: trackers, fragment records and data, bytes */
    uint32_t hash_size; /* defrag.hash-size */
    uint32_t trackers;  /* defrag.trackers: most datagrams in progress at once */
    uint32_t max_frags; /* defrag.max-frags: most fragments held at once */
    uint32_t timeout;   /* defrag.timeout, seconds */
    const struct defrag_hostos *hostos; /* host-os-policy (borrowed), or NULL: all bsd */
};

/* Counters; defrag_stats_collect() writes the ones Suricata's EVE schema names. */
struct defrag_stats {
    uint64_t ipv4_fragments, ipv4_reassembled, ipv4_timeouts;
    uint64_t ipv6_fragments, ipv6_reassembled, ipv6_timeouts;
    uint64_t max_trackers_reached; /* a tracker was needed with defrag.trackers in use */
    uint64_t max_frags_reached;    /* a fragment was refused: max-frags or the per-datagram cap */
    uint64_t tracker_hard_reuse;   /* a live tracker was dropped to make room (oldest first) */
    uint64_t tracker_timeout;      /* trackers ended by their timeout */
    uint64_t memuse;               /* bytes held now */
    uint64_t memcap_drops; /* fragments refused by defrag.memcap (not in Suricata's schema) */
    uint64_t overlaps;     /* fragments that overlapped earlier ones (idem) */
};

struct defrag_ctx;

/* A worker's defragmenter; NULL when its tables cannot be allocated within memcap. */
struct defrag_ctx *defrag_ctx_new(const struct defrag_config *cfg);
void defrag_ctx_free(struct defrag_ctx *ctx);

/*
 * Take a decoded fragment (PKT_IS_FRAGMENT, ip_ver 4 or 6). The fragment's bytes are
 * copied; events (frag_overlap, frag_pkt_too_large, frag_ignored) are raised on it through
 * dec. When it completes a datagram, `out` is set up as the rebuilt packet (link IPV4 or
 * IPV6, data in ctx's buffer, capture fields and tunnel depth from the fragment), decoded
 * with decode_rebuilt(), and true is returned; `out` is valid until the next call. Trackers
 * whose timeout passed at the fragment's time are ended first (counted).
 */
bool defrag_insert(struct defrag_ctx *ctx, struct decode_ctx *dec, struct packet *p,
                   struct packet *out);

/* End the trackers idle for longer than the timeout at packet time now_usec. */
size_t defrag_timeout(struct defrag_ctx *ctx, uint64_t now_usec);

const struct defrag_stats *defrag_ctx_stats(const struct defrag_ctx *ctx);
size_t defrag_stats_collect(const struct defrag_stats *st, struct stats_value *out, size_t max);

#endif
