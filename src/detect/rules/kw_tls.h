/* SPDX-License-Identifier: GPL-2.0-only */
/* The value of tls_cert_notbefore / tls_cert_notafter (kw_tls.c), matched in detect/tls.c. */
#ifndef KH_DETECT_RULES_KW_TLS_H
#define KH_DETECT_RULES_KW_TLS_H

#include <stdbool.h>
#include <stdint.h>

#include "detect/rules/keywords.h"

/* A date as seconds since 1970 (UTC; negative before), compared with op (EQ, LT, GT, RANGE). */
struct kw_tls_date {
    enum kw_num_op op;
    int64_t a;
    int64_t b; /* RANGE: a < x < b */
};

/*
 * Parse one date as Suricata's tls_cert_notbefore takes it: "YYYY", "YYYY-MM",
 * "YYYY-MM-DD", then " HH:MM[:SS]" or "THH:MM[:SS]", or seconds since 1970 (10 or more
 * digits). False when it is none of those.
 */
bool kw_tls_date_parse(const char *s, int64_t *out);

#endif
