/* SPDX-License-Identifier: GPL-2.0-only */
/* The value of entropy (kw_entropy.c), matched in detect/flowvar.c. */
#ifndef KH_DETECT_RULES_KW_ENTROPY_H
#define KH_DETECT_RULES_KW_ENTROPY_H

#include <stdbool.h>
#include <stdint.h>

#include "detect/rules/keywords.h"

/*
 * entropy:[bytes N,] [offset N,] value <op>X: the Shannon entropy (bits per byte, 0 to 8)
 * of bytes [offset, offset + bytes) of the current buffer (bytes 0: to its end), against X.
 * op is EQ, NE, LT, LE, GT, GE or RANGE (a < x < b, exclusive); negated: "!a-b".
 */
struct kw_entropy {
    uint32_t bytes;
    uint32_t offset;
    enum kw_num_op op;
    bool negated;
    double a;
    double b;
};

/* The comparison of a calculated entropy x with the keyword's value. */
bool kw_entropy_cmp(const struct kw_entropy *e, double x);

#endif
