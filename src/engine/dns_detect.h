/* SPDX-License-Identifier: GPL-2.0-only */
/* The DNS buffers detection inspects, built from a DNS transaction (engine-internal). */
#ifndef KH_ENGINE_DNS_DETECT_H
#define KH_ENGINE_DNS_DETECT_H

#include "app/dns/dns.h"
#include "detect/match.h"

/* Names of one message, per DNS buffer: at most a question or three names per record. */
#define DNS_DETECT_NAMES (DNS_MAX_QUERIES + 3 * DNS_MAX_RRS)

/* Question and record types of a message, for dns.rrtype. */
#define DNS_DETECT_TYPES (DNS_MAX_QUERIES + DNS_MAX_RRS)

/* The transaction buffers of one DNS message, as lists to inspect one instance at a time. */
struct dns_detect {
    struct span response[DNS_DETECT_NAMES]; /* dns.response.rrname, responses only */
    uint32_t nresponse;
    uint16_t types[DNS_DETECT_TYPES];
    uint32_t ntypes;
    uint32_t calls; /* inspections needed: the longest list, at least one */
};

/* The bit mask of enum detect_txb a DNS transaction can offer. */
#define DNS_DETECT_TXBS                                                                            \
    (DETECT_TXB_BIT(DETECT_TXB_DNS_QUERY) | DETECT_TXB_BIT(DETECT_TXB_DNS_QUERIES) |               \
     DETECT_TXB_BIT(DETECT_TXB_DNS_ANSWERS) | DETECT_TXB_BIT(DETECT_TXB_DNS_AUTHORITIES) |         \
     DETECT_TXB_BIT(DETECT_TXB_DNS_ADDITIONALS) | DETECT_TXB_BIT(DETECT_TXB_DNS_RESPONSE) |        \
     DETECT_TXB_BIT(DETECT_TXB_DNS_MSG) | DETECT_TXB_BIT(DETECT_TXB_EVENTS))

/* Gather what the inspections of tx need (names of a response, the types). */
void dns_detect_prepare(struct dns_detect *dd, const struct dns_tx *tx);

/*
 * Fill in for inspection i (0 <= i < dd->calls): the header fields and types, and the i-th
 * name of each list that has one: dns.query (requests), dns.queries.rrname,
 * dns.answers.rrname, dns.authorities.rrname, dns.additionals.rrname, dns.response.rrname.
 */
void dns_detect_input(const struct dns_detect *dd, const struct dns_tx *tx, uint32_t i,
                      struct detect_tx_input *in);

#endif
