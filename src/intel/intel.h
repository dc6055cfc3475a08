/* SPDX-License-Identifier: GPL-2.0-only */
/* Indicator sets: addresses and prefixes, domains, URLs, TLS fingerprints, file hashes. */
#ifndef KH_INTEL_INTEL_H
#define KH_INTEL_INTEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum intel_type {
    INTEL_T_IP = 0, /* IPv4/IPv6 address or CIDR prefix */
    INTEL_T_DOMAIN,
    INTEL_T_URL,
    INTEL_T_JA3,
    INTEL_T_JA3S,
    INTEL_T_JA4,
    INTEL_T_CERT_SHA1,
    INTEL_T_MD5,
    INTEL_T_SHA1,
    INTEL_T_SHA256,
    INTEL_T_STRING, /* dataset strings (raw bytes) */
    INTEL_T_MAX,
};

enum intel_action {
    INTEL_ACT_ALERT = 0,
    INTEL_ACT_DROP,
};

#define INTEL_MAX_FEEDS  1024u
#define INTEL_MAX_HITS   16u         /* indicators reported for one value (feeds holding it) */
#define INTEL_MAX_VALUE  2048u       /* bytes of one indicator value (URLs are the longest) */
#define INTEL_MAX_DESC   1024u       /* bytes of a description kept */
#define INTEL_MAX_INDS   (64u << 20) /* indicators in one generation (64M) */
#define INTEL_MAX_ARENA  0xfff00000u /* bytes of the string arena (32-bit offsets) */
#define INTEL_DOMAIN_SUB 0x1         /* ind flag: the domain and all its subdomains */

/* What a feed record says about its indicators; stored once, referenced by each indicator. */
struct intel_meta {
    int64_t expiry;     /* seconds since 1970 after which it no longer matches; 0: never */
    uint32_t desc;      /* description in the arena (offset), 0 when none */
    uint16_t feed;      /* index into the feed table */
    uint8_t confidence; /* 0..100 */
    uint8_t severity;   /* alert severity, 1 (high) .. 4 */
    uint8_t action;     /* enum intel_action */
};

/* A feed as loaded: name, signature ids, counters. */
struct intel_feed {
    char *name;
    uint32_t sid_base; /* alert signature_id = sid_base + type */
    uint64_t count[INTEL_T_MAX];
    uint64_t errors;  /* malformed lines/objects, reported and skipped */
    uint64_t skipped; /* well-formed but unsupported (STIX patterns, MISP types), counted */
    uint64_t dups;    /* the same value twice in this feed */
    uint64_t hits;    /* matches at run time, summed at the end */
};

struct intel_sets;

struct intel_sets *intel_sets_new(void);
void intel_sets_free(struct intel_sets *s);

/* A feed by name, made on first use; its index, or -1 past INTEL_MAX_FEEDS / no memory. */
int intel_feed_add(struct intel_sets *s, const char *name, uint32_t sid_base);
struct intel_feed *intel_feed_get(struct intel_sets *s, unsigned idx);
const struct intel_feed *intel_feed_cget(const struct intel_sets *s, unsigned idx);
unsigned intel_feed_count(const struct intel_sets *s);

/* A metadata record (desc copied, cut at INTEL_MAX_DESC); its id, or UINT32_MAX on no memory. */
uint32_t intel_meta_add(struct intel_sets *s, const struct intel_meta *m, const char *desc);
const struct intel_meta *intel_meta_get(const struct intel_sets *s, uint32_t id);
const char *intel_meta_desc(const struct intel_sets *s, const struct intel_meta *m);

/*
 * Add one indicator: value is normalised for its type (addresses and prefixes parsed,
 * domains lower-cased with "*." / "." meaning subdomains, URLs normalised, hex lower-cased
 * and checked for length, colons dropped from certificate fingerprints). 0, KH_EFORMAT with
 * the reason in errbuf, or KH_ENOMEM / KH_EFULL at a cap.
 */
int intel_add(struct intel_sets *s, enum intel_type t, const char *value, size_t len, uint32_t meta,
              bool subdomains, char *errbuf, size_t errlen);

/* Build the lookup tables after the last add; lookups are valid from here on, read-only. */
int intel_sets_finish(struct intel_sets *s);
bool intel_sets_empty(const struct intel_sets *s);
/* Indicators of a type, and whether any is loaded (hash feeds turn body hashing on). */
uint64_t intel_sets_count(const struct intel_sets *s, enum intel_type t);
/* Bytes held by the tables of a family (IP: prefixes + ranges; strings: slots + arena). */
size_t intel_sets_memory(const struct intel_sets *s, enum intel_type t);

/*
 * Lookups. Each writes up to max indicator ids (one per feed record holding the value,
 * most specific prefix first for addresses) and returns how many. now_s filters expired
 * indicators (0: no filter).
 */
size_t intel_lookup_ip(const struct intel_sets *s, const uint8_t *addr, int ver, int64_t now_s,
                       uint32_t *ids, size_t max);
/*
 * Many IPv4 addresses (network order, 4 bytes each) at once, with their memory latencies
 * overlapped: hit[i] is set when address i is held by any live indicator.
 */
void intel_lookup_ip4_batch(const struct intel_sets *s, const uint8_t (*addrs)[4], size_t n,
                            int64_t now_s, bool *hit);
size_t intel_lookup_domain(const struct intel_sets *s, const char *name, size_t len, int64_t now_s,
                           uint32_t *ids, size_t max);
/* A value of a string type, normalised as intel_add() does (URLs too). */
size_t intel_lookup(const struct intel_sets *s, enum intel_type t, const char *value, size_t len,
                    int64_t now_s, uint32_t *ids, size_t max);

/* What an indicator id refers to. */
const struct intel_meta *intel_ind_meta(const struct intel_sets *s, uint32_t id);
enum intel_type intel_ind_type(const struct intel_sets *s, uint32_t id);
/* The indicator as text ("198.51.100.0/24", "*.example.com", a hash); returns its length. */
size_t intel_ind_text(const struct intel_sets *s, uint32_t id, char *buf, size_t len);
uint32_t intel_ind_count(const struct intel_sets *s);

/* The name EVE and configuration use for a type ("ip", "domain", "ja3", "sha256", ...). */
const char *intel_type_name(enum intel_type t);
/* The type of a name, or -1. Accepts the aliases feeds use ("ipv4", "hostname", "md5"). */
int intel_type_from_name(const char *name);

/*
 * Normalise a URL in place of out: lower-case scheme and host, default port dropped,
 * percent-escapes of unreserved characters decoded and the others upper-cased, dot segments
 * removed, fragment dropped, empty path "/". Returns the length, or 0 when it is not a URL.
 */
size_t intel_url_normalise(const char *in, size_t len, char *out, size_t cap);

/* Parse an address or CIDR ("192.0.2.0/24", "2001:db8::/32"); false when malformed. */
bool intel_parse_prefix(const char *text, size_t len, uint8_t addr[16], int *ver, uint8_t *plen);

#endif
