/* SPDX-License-Identifier: GPL-2.0-only */
/* entropy: "[bytes N,] [offset N,] value <op>X" in any order, as Suricata 8 takes it. */
#include "detect/rules/kw_entropy.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/err.h"
#include "detect/rules/parse.h"

#define ENTROPY_MAX 8.0 /* bits per byte */

/* A number 0..8 written as digits with at most one '.', the whole of s. */
static bool entropy_number(const char *s, double *out)
{
    size_t n = strspn(s, "0123456789.");
    if (n == 0 || s[n] != '\0' || strchr(s, '.') != strrchr(s, '.') || strcmp(s, ".") == 0)
        return false;
    char *end;
    double x = strtod(s, &end);
    if (*end != '\0' || !(x >= 0.0 && x <= ENTROPY_MAX))
        return false;
    *out = x;
    return true;
}

/* "<op>X", "X" (equality) or "[!]a-b" (an exclusive range). */
static bool entropy_spec(char *s, struct kw_entropy *e)
{
    static const struct {
        const char *op;
        enum kw_num_op v;
    } ops[] = {{"<=", KW_NUM_LE}, {">=", KW_NUM_GE}, {"!=", KW_NUM_NE},
               {"<", KW_NUM_LT},  {">", KW_NUM_GT},  {"=", KW_NUM_EQ}};
    e->op = KW_NUM_EQ;
    char *dash = strchr(s, '-');
    if (dash != NULL) {
        if (*s == '!') {
            e->negated = true;
            s = kw_trim(s + 1);
        }
        *dash = '\0';
        e->op = KW_NUM_RANGE;
        return entropy_number(kw_trim(s), &e->a) && entropy_number(kw_trim(dash + 1), &e->b) &&
               e->a < e->b;
    }
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        size_t n = strlen(ops[i].op);
        if (strncmp(s, ops[i].op, n) == 0) {
            e->op = ops[i].v;
            s = kw_trim(s + n);
            break;
        }
    }
    return entropy_number(s, &e->a);
}

/* One "name value" field; *seen has a bit per option given, each once. */
static int entropy_field(struct rule_ctx *rc, char *f, struct kw_entropy *e, unsigned *seen)
{
    static const char *const names[] = {"bytes", "offset", "value"};
    size_t n = strcspn(f, " \t");
    unsigned i = 0;
    while (i < 3 && (strlen(names[i]) != n || strncmp(f, names[i], n) != 0))
        i++;
    if (i == 3) /* a bare value spec ("<7.01", as the documentation shows it) */
        i = 2;
    else
        f = kw_trim(f + n);
    if (*seen & (1u << i))
        return rc_fail(rc, DETECT_RERR_VALUE, "'%s' given twice", names[i]);
    *seen |= 1u << i;
    uint64_t x;
    if (i == 2)
        return entropy_spec(f, e)
                   ? 0
                   : rc_fail(rc, DETECT_RERR_VALUE, "bad value '%.40s' (an entropy 0 to 8)", f);
    if (!kw_parse_u64(f, false, UINT32_MAX, &x))
        return rc_fail(rc, DETECT_RERR_VALUE, "bad %s '%.40s'", names[i], f);
    if (i == 0)
        e->bytes = (uint32_t)x;
    else
        e->offset = (uint32_t)x;
    return 0;
}

int kw_parse_entropy(struct rule_ctx *rc, const char *arg)
{
    struct kw_entropy *e = kh_calloc(1, sizeof(*e));
    char *v = kh_strdup(arg);
    unsigned seen = 0;
    int ret = 0;
    if (e == NULL || v == NULL) {
        ret = rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
        goto out_free;
    }
    char *s = v, *f;
    while (ret == 0 && (f = kw_next_field(&s)) != NULL)
        ret = *f ? entropy_field(rc, f, e, &seen) : rc_fail(rc, DETECT_RERR_VALUE, "empty option");
    if (ret == 0 && !(seen & 4u))
        ret = rc_fail(rc, DETECT_RERR_VALUE, "'value' is required");
    if (ret != 0)
        goto out_free;
    kh_free(v);
    ret = rc_push(rc, DETECT_KW_ENTROPY, rc->buffer, e);
    return ret < 0 ? ret : 0;
out_free:
    kh_free(v);
    kh_free(e);
    return ret;
}

bool kw_entropy_cmp(const struct kw_entropy *e, double x)
{
    bool r;
    switch (e->op) {
    case KW_NUM_NE:
        r = x != e->a;
        break;
    case KW_NUM_LT:
        r = x < e->a;
        break;
    case KW_NUM_LE:
        r = x <= e->a;
        break;
    case KW_NUM_GT:
        r = x > e->a;
        break;
    case KW_NUM_GE:
        r = x >= e->a;
        break;
    case KW_NUM_RANGE:
        r = x > e->a && x < e->b;
        break;
    default:
        r = x == e->a;
        break;
    }
    return r != e->negated;
}
