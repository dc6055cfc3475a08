/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DNS-over-TCP transactions held for inspection on the next packet of their own direction
 * (engine-internal). In IDS mode the stream hands a message to the parser on the packet
 * that acknowledged it, which travels the other way; Suricata inspects a transaction on
 * packets of its own direction, so its alerts come on the next such packet (suricata-verify
 * dns-truncated-rname, task-7018-ids-dns-keywords). The EVE dns record is not held.
 */
#ifndef KH_ENGINE_DNS_DEFER_H
#define KH_ENGINE_DNS_DEFER_H

#include <stdbool.h>
#include <stdint.h>

#include "app/dns/dns.h"

#define DNS_DEFER_MAX                                                                              \
    16u /* transactions held per worker (policy: past it a transaction is
                             inspected at once, on the acknowledging packet; counted) */

struct dns_defer_stats {
    uint64_t held;  /* transactions inspected later, on a packet of their direction */
    uint64_t full;  /* inspected at once: DNS_DEFER_MAX were held already */
    uint64_t nomem; /* inspected at once: no memory for the copy */
};

struct dns_defer;

struct dns_defer *dns_defer_new(void);
void dns_defer_free(struct dns_defer *q);

/*
 * Hold tx of flow f (its message copied) when cur, the packet being processed, goes the
 * other way; false: inspect it now (cur is of its direction, none, or no room).
 */
bool dns_defer_hold(struct dns_defer *q, const struct packet *cur, const struct flow *f,
                    const struct dns_tx *tx);

/*
 * The oldest transaction of f held for direction dir (0 to server, 1 to client; -1: any),
 * taken from q: valid until the next call. NULL when none.
 */
const struct dns_tx *dns_defer_take(struct dns_defer *q, const struct flow *f, int dir);

/* Whether any transaction is held (one compare per packet). */
bool dns_defer_any(const struct dns_defer *q);

const struct dns_defer_stats *dns_defer_stats(const struct dns_defer *q);

#endif
