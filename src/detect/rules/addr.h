/* SPDX-License-Identifier: GPL-2.0-only */
/* Rule header address and port sets: literals, ranges, groups, negation and variables. */
#ifndef KH_DETECT_RULES_ADDR_H
#define KH_DETECT_RULES_ADDR_H

#include <stdbool.h>
#include <stddef.h>

#include "detect/rules/sig.h"

#define ADDR_MAX_DEPTH 16u /* nested groups and variables, counted together */

/* Look up a variable's text: port false for vars.address-groups, true for port-groups. */
typedef const char *(*detect_var_fn)(void *ctx, bool port, const char *name);

/* Where variables come from, and the intern table that shares equal sets between rules. */
struct addr_ctx {
    detect_var_fn lookup;
    void *lookup_ctx;
    struct addr_intern *intern; /* NULL: every call makes a new set, the caller frees it */
};

/*
 * Parse an address or port specification (the text of one header field). On success *out
 * points at a set shared through the intern table (or owned by the caller when there is
 * none). On error returns KH_EINVAL (or KH_ENOMEM) with the reason in err.
 */
int addr_parse(const struct addr_ctx *ac, const char *text, const struct sig_addr **out, char *err,
               size_t errlen);
int ports_parse(const struct addr_ctx *ac, const char *text, const struct sig_ports **out,
                char *err, size_t errlen);

void sig_addr_free(struct sig_addr *a);
void sig_ports_free(struct sig_ports *p);

/* A table of parsed sets keyed by their text, so 30,000 "$HOME_NET" share one set. */
struct addr_intern *addr_intern_new(void);
void addr_intern_free(struct addr_intern *t);

/* Membership tests, for the matcher and the tests: addr is 4 or 16 bytes in network order. */
bool sig_addr_contains(const struct sig_addr *a, const unsigned char *addr, size_t len);
bool sig_ports_contains(const struct sig_ports *p, unsigned port);

/* Suricata's default vars (suricata.yaml), used when the configuration lacks a name. */
const char *addr_default_var(bool port, const char *name);

#endif
