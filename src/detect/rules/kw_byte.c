/* SPDX-License-Identifier: GPL-2.0-only */
/* byte_test, byte_jump, byte_extract and byte_math argument lists. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/err.h"
#include "detect/rules/parse.h"

#define BYTE_ARG_MAX 512u

static struct kw_byte *byte_new(struct rule_ctx *rc)
{
    struct kw_byte *b = kh_calloc(1, sizeof(*b));
    if (b == NULL) {
        rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
        return NULL;
    }
    b->var = b->value_var = b->offset_var = KW_VAR_NONE;
    return b;
}

static int nbytes(struct rule_ctx *rc, const char *kw, const char *f, struct kw_byte *b)
{
    uint64_t v;
    if (f == NULL || !kw_parse_u64(f, false, 255, &v))
        return rc_fail(rc, DETECT_RERR_VALUE, "%s: invalid number of bytes '%.20s'", kw,
                       f ? f : "");
    b->nbytes = (uint8_t)v;
    return 0;
}

/* A number or a byte_extract/byte_math variable. */
static int num_or_var(struct rule_ctx *rc, const char *kw, const char *what, const char *f,
                      int64_t min, int64_t max, int64_t *out, uint8_t *var)
{
    uint64_t u;
    if (f != NULL && kw_parse_i64(f, min, max, out))
        return 0;
    if (f != NULL && min >= 0 && kw_parse_u64(f, true, (uint64_t)max, &u)) {
        *out = (int64_t)u;
        return 0;
    }
    int i = f != NULL ? rc_var_find(rc, f) : -1;
    if (i < 0)
        return rc_fail(rc, DETECT_RERR_VALUE,
                       "%s: %s '%.40s' is neither a number nor a "
                       "byte_extract variable",
                       kw, what, f ? f : "");
    *var = (uint8_t)i;
    return 0;
}

/* The options every byte_* keyword shares; returns 1 when f is not one of them. */
static int common_opt(struct rule_ctx *rc, const char *kw, char *f, char **rest, struct kw_byte *b)
{
    uint64_t v;
    if (strcmp(f, "relative") == 0) {
        b->flags |= KW_BYTE_RELATIVE;
    } else if (strcmp(f, "big") == 0) {
        b->flags |= KW_BYTE_BIG;
    } else if (strcmp(f, "little") == 0) {
        b->flags |= KW_BYTE_LITTLE;
    } else if (strcmp(f, "string") == 0) {
        b->flags |= KW_BYTE_STRING;
        if (b->base == 0)
            b->base = 10;
    } else if (strcmp(f, "hex") == 0 || strcmp(f, "dec") == 0 || strcmp(f, "oct") == 0) {
        b->base = f[0] == 'h' ? 16 : f[0] == 'd' ? 10 : 8;
    } else if (strcmp(f, "dce") == 0) {
        b->flags |= KW_BYTE_DCE;
    } else if (strncmp(f, "bitmask", 7) == 0 && isspace((unsigned char)f[7])) {
        if (!kw_parse_u64(kw_trim(f + 8), true, UINT32_MAX, &v) || v == 0)
            return rc_fail(rc, DETECT_RERR_VALUE, "%s: invalid bitmask '%.20s'", kw, f + 8);
        b->flags |= KW_BYTE_BITMASK;
        b->bitmask = (uint32_t)v;
    } else {
        (void)rest;
        return 1;
    }
    return 0;
}

/* Common checks; a byte_jump of 0 bytes (a jump by post_offset alone) is allowed. */
static int check_byte(struct rule_ctx *rc, const char *kw, struct kw_byte *b, unsigned max_bin)
{
    if ((b->flags & KW_BYTE_BIG) && (b->flags & KW_BYTE_LITTLE))
        return rc_fail(rc, DETECT_RERR_VALUE, "%s: both big and little endian", kw);
    if (b->base != 0 && !(b->flags & KW_BYTE_STRING))
        return rc_fail(rc, DETECT_RERR_VALUE, "%s: hex/dec/oct need 'string'", kw);
    if (b->nbytes == 0 && !(b->flags & KW_BYTE_STRING) && strcmp(kw, "byte_jump") != 0)
        return rc_fail(rc, DETECT_RERR_VALUE, "%s: 0 bytes (the rest of the buffer) needs string",
                       kw);
    if (b->flags & KW_BYTE_STRING) {
        if (b->nbytes > 23)
            return rc_fail(rc, DETECT_RERR_VALUE, "%s: at most 23 bytes with string, not %u", kw,
                           b->nbytes);
    } else if (b->nbytes > max_bin) {
        return rc_fail(rc, DETECT_RERR_VALUE, "%s: at most %u bytes without string, not %u", kw,
                       max_bin, b->nbytes);
    }
    if ((b->flags & KW_BYTE_DCE) && (b->flags & (KW_BYTE_BIG | KW_BYTE_LITTLE | KW_BYTE_STRING)))
        return rc_fail(rc, DETECT_RERR_VALUE,
                       "%s: dce cannot be combined with endianness or "
                       "string",
                       kw);
    return 0;
}

static int byte_op(const char *f, struct kw_byte *b)
{
    static const struct {
        const char *s;
        enum kw_byte_op op;
    } ops[] = {{"<=", KW_BYTE_OP_LE}, {">=", KW_BYTE_OP_GE}, {"<", KW_BYTE_OP_LT},
               {">", KW_BYTE_OP_GT},  {"=", KW_BYTE_OP_EQ},  {"&", KW_BYTE_OP_AND},
               {"^", KW_BYTE_OP_XOR}};
    if (*f == '!') {
        b->flags |= KW_BYTE_NEGATE;
        f++;
        if (*f == '\0') { /* "!" alone is "not equal" */
            b->op = KW_BYTE_OP_EQ;
            return 0;
        }
    }
    for (size_t i = 0; i < KH_ARRAY_LEN(ops); i++) {
        if (strcmp(ops[i].s, f) == 0) {
            b->op = ops[i].op;
            return 0;
        }
    }
    return -1;
}

static int finish(struct rule_ctx *rc, enum detect_kw_id id, struct kw_byte *b, char *copy, int ret)
{
    kh_free(copy);
    if (ret != 0) {
        kh_free(b);
        return ret;
    }
    int idx = rc_push(rc, id, rc->buffer, b);
    return idx < 0 ? idx : 0;
}

static char *arg_copy(struct rule_ctx *rc, const char *kw, const char *arg)
{
    if (strlen(arg) > BYTE_ARG_MAX) {
        rc_fail(rc, DETECT_RERR_VALUE, "%s: value too long", kw);
        return NULL;
    }
    char *c = kh_strdup(arg);
    if (c == NULL)
        rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    return c;
}

/* byte_test:<bytes>,[!]<op>,<value>,<offset>[,relative][,endian][,string,<base>][,dce]... */
int kw_parse_byte_test(struct rule_ctx *rc, const char *arg)
{
    const char *kw = "byte_test";
    struct kw_byte *b = byte_new(rc);
    char *copy = b ? arg_copy(rc, kw, arg) : NULL, *s = copy, *f;
    int64_t v;
    int ret = KH_EINVAL;
    if (copy == NULL)
        return finish(rc, DETECT_KW_BYTE_TEST, b, copy, KH_EINVAL);
    if (nbytes(rc, kw, kw_next_field(&s), b))
        goto out;
    f = kw_next_field(&s);
    if (f == NULL || byte_op(f, b)) {
        rc_fail(rc, DETECT_RERR_VALUE, "byte_test: invalid operator '%.10s'", f ? f : "");
        goto out;
    }
    if (num_or_var(rc, kw, "value", kw_next_field(&s), 0, INT64_MAX, &v, &b->value_var))
        goto out;
    b->value = (uint64_t)v;
    if (num_or_var(rc, kw, "offset", kw_next_field(&s), -65535, 65535, &v, &b->offset_var))
        goto out;
    b->offset = (int32_t)v;
    while ((f = kw_next_field(&s)) != NULL) {
        int r = common_opt(rc, kw, f, &s, b);
        if (r < 0)
            goto out;
        if (r > 0) {
            rc_fail(rc, DETECT_RERR_VALUE, "byte_test: unknown option '%.40s'", f);
            goto out;
        }
    }
    ret = check_byte(rc, kw, b, 8);
out:
    return finish(rc, DETECT_KW_BYTE_TEST, b, copy, ret);
}

/* byte_jump:<bytes>,<offset>[,relative][,multiplier N][,endian][,string,<base>][,align]... */
int kw_parse_byte_jump(struct rule_ctx *rc, const char *arg)
{
    const char *kw = "byte_jump";
    struct kw_byte *b = byte_new(rc);
    char *copy = b ? arg_copy(rc, kw, arg) : NULL, *s = copy, *f;
    int64_t v;
    uint64_t u;
    int ret = KH_EINVAL;
    if (copy == NULL)
        return finish(rc, DETECT_KW_BYTE_JUMP, b, copy, KH_EINVAL);
    if (nbytes(rc, kw, kw_next_field(&s), b))
        goto out;
    if (num_or_var(rc, kw, "offset", kw_next_field(&s), -65535, 65535, &v, &b->offset_var))
        goto out;
    b->offset = (int32_t)v;
    while ((f = kw_next_field(&s)) != NULL) {
        int r = common_opt(rc, kw, f, &s, b);
        if (r < 0)
            goto out;
        if (r == 0)
            continue;
        if (strcmp(f, "align") == 0) {
            b->flags |= KW_BYTE_ALIGN;
        } else if (strcmp(f, "from_beginning") == 0) {
            b->flags |= KW_BYTE_FROM_BEGINNING;
        } else if (strcmp(f, "from_end") == 0) {
            b->flags |= KW_BYTE_FROM_END;
        } else if (strncmp(f, "multiplier", 10) == 0 && isspace((unsigned char)f[10]) &&
                   kw_parse_u64(kw_trim(f + 11), false, 65535, &u) && u > 0) {
            b->multiplier = (uint32_t)u;
        } else if (strncmp(f, "post_offset", 11) == 0 && isspace((unsigned char)f[11]) &&
                   kw_parse_i64(kw_trim(f + 12), -65535, 65535, &v)) {
            b->post_offset = (int32_t)v;
        } else {
            rc_fail(rc, DETECT_RERR_VALUE, "byte_jump: unknown or invalid option '%.40s'", f);
            goto out;
        }
    }
    if ((b->flags & KW_BYTE_FROM_BEGINNING) && (b->flags & KW_BYTE_FROM_END)) {
        rc_fail(rc, DETECT_RERR_VALUE, "byte_jump: from_beginning and from_end together");
        goto out;
    }
    ret = check_byte(rc, kw, b, 8);
out:
    return finish(rc, DETECT_KW_BYTE_JUMP, b, copy, ret);
}

static int var_define(struct rule_ctx *rc, const char *kw, const char *name, struct kw_byte *b)
{
    if (name == NULL || *name == '\0' || isdigit((unsigned char)*name) || strlen(name) >= 32)
        return rc_fail(rc, DETECT_RERR_VALUE, "%s: invalid variable name '%.40s'", kw,
                       name ? name : "");
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-' && *p != '.')
            return rc_fail(rc, DETECT_RERR_VALUE, "%s: invalid variable name '%.40s'", kw, name);
    if (rc_var_find(rc, name) >= 0)
        return rc_fail(rc, DETECT_RERR_VALUE, "%s: variable '%.40s' defined twice", kw, name);
    if (rc->nvars >= KW_MAX_VARS)
        return rc_fail(rc, DETECT_RERR_VALUE, "%s: more than %u variables in one rule", kw,
                       KW_MAX_VARS);
    snprintf(rc->vars[rc->nvars], sizeof(rc->vars[0]), "%s", name);
    b->var = rc->nvars++;
    return 0;
}

/* byte_extract:<bytes>,<offset>,<name>[,relative][,multiplier N][,endian][,string[,base]]... */
int kw_parse_byte_extract(struct rule_ctx *rc, const char *arg)
{
    const char *kw = "byte_extract";
    struct kw_byte *b = byte_new(rc);
    char *copy = b ? arg_copy(rc, kw, arg) : NULL, *s = copy, *f;
    int64_t v;
    uint64_t u;
    int ret = KH_EINVAL;
    if (copy == NULL)
        return finish(rc, DETECT_KW_BYTE_EXTRACT, b, copy, KH_EINVAL);
    if (nbytes(rc, kw, kw_next_field(&s), b))
        goto out;
    f = kw_next_field(&s);
    if (f == NULL || !kw_parse_i64(f, -65535, 65535, &v)) {
        rc_fail(rc, DETECT_RERR_VALUE, "byte_extract: invalid offset");
        goto out;
    }
    b->offset = (int32_t)v;
    if (var_define(rc, kw, kw_next_field(&s), b))
        goto out;
    while ((f = kw_next_field(&s)) != NULL) {
        int r = common_opt(rc, kw, f, &s, b);
        if (r < 0)
            goto out;
        if (r == 0)
            continue;
        if (strncmp(f, "multiplier", 10) == 0 && isspace((unsigned char)f[10]) &&
            kw_parse_u64(kw_trim(f + 11), false, 65535, &u) && u > 0) {
            b->multiplier = (uint32_t)u;
        } else if (strncmp(f, "align", 5) == 0 && isspace((unsigned char)f[5]) &&
                   kw_parse_u64(kw_trim(f + 6), false, 4, &u) && (u == 2 || u == 4)) {
            b->align = (uint8_t)u;
            b->flags |= KW_BYTE_ALIGN;
        } else {
            rc_fail(rc, DETECT_RERR_VALUE, "byte_extract: unknown or invalid option '%.40s'", f);
            goto out;
        }
    }
    ret = check_byte(rc, kw, b, 8);
out:
    return finish(rc, DETECT_KW_BYTE_EXTRACT, b, copy, ret);
}

static int math_oper(const char *f, struct kw_byte *b)
{
    static const struct {
        const char *s;
        enum kw_byte_op op;
    } ops[] = {{"+", KW_BYTE_OP_ADD}, {"-", KW_BYTE_OP_SUB},  {"*", KW_BYTE_OP_MUL},
               {"/", KW_BYTE_OP_DIV}, {"<<", KW_BYTE_OP_SHL}, {">>", KW_BYTE_OP_SHR}};
    for (size_t i = 0; i < KH_ARRAY_LEN(ops); i++) {
        if (strcmp(ops[i].s, f) == 0) {
            b->op = ops[i].op;
            return 0;
        }
    }
    return -1;
}

/* One "key value" field of byte_math; returns the bit it set, 0 for an error. */
static unsigned math_field(struct rule_ctx *rc, char *f, struct kw_byte *b)
{
    const char *kw = "byte_math";
    char *sp = strpbrk(f, " \t");
    char *val = sp ? kw_trim(sp + 1) : NULL;
    int64_t v;
    if (sp != NULL)
        *sp = '\0';
    if (strcmp(f, "bytes") == 0) {
        return nbytes(rc, kw, val, b) ? 0 : 1u;
    } else if (strcmp(f, "offset") == 0) {
        if (val == NULL || !kw_parse_i64(val, -65535, 65535, &v))
            return rc_fail(rc, DETECT_RERR_VALUE, "byte_math: invalid offset"), 0;
        b->offset = (int32_t)v;
        return 2u;
    } else if (strcmp(f, "oper") == 0) {
        if (val == NULL || math_oper(val, b))
            return rc_fail(rc, DETECT_RERR_VALUE, "byte_math: invalid oper"), 0;
        return 4u;
    } else if (strcmp(f, "rvalue") == 0) {
        if (num_or_var(rc, kw, "rvalue", val, 0, UINT32_MAX, &v, &b->value_var))
            return 0;
        b->value = (uint64_t)v;
        return 8u;
    } else if (strcmp(f, "result") == 0) {
        return var_define(rc, kw, val, b) ? 0 : 16u;
    } else if (strcmp(f, "endian") == 0 && val != NULL &&
               (strcmp(val, "big") == 0 || strcmp(val, "little") == 0)) {
        b->flags |= val[0] == 'b' ? KW_BYTE_BIG : KW_BYTE_LITTLE;
        return 32u;
    } else if (strcmp(f, "string") == 0 && val != NULL &&
               (strcmp(val, "hex") == 0 || strcmp(val, "dec") == 0 || strcmp(val, "oct") == 0)) {
        b->flags |= KW_BYTE_STRING;
        b->base = val[0] == 'h' ? 16 : val[0] == 'd' ? 10 : 8;
        return 32u;
    } else if (sp != NULL) {
        *sp = ' ';
    }
    int r = common_opt(rc, kw, f, NULL, b);
    if (r > 0)
        rc_fail(rc, DETECT_RERR_VALUE, "byte_math: unknown or invalid option '%.40s'", f);
    return r == 0 ? 32u : 0;
}

/* byte_math:bytes N, offset N, oper op, rvalue N|var, result name[, relative]... */
int kw_parse_byte_math(struct rule_ctx *rc, const char *arg)
{
    struct kw_byte *b = byte_new(rc);
    char *copy = b ? arg_copy(rc, "byte_math", arg) : NULL, *s = copy, *f;
    unsigned have = 0;
    int ret = KH_EINVAL;
    if (copy == NULL)
        return finish(rc, DETECT_KW_BYTE_MATH, b, copy, KH_EINVAL);
    while ((f = kw_next_field(&s)) != NULL) {
        unsigned bit = math_field(rc, f, b);
        if (bit == 0)
            goto out;
        have |= bit;
    }
    if ((have & 31u) != 31u) {
        rc_fail(rc, DETECT_RERR_VALUE, "byte_math needs bytes, offset, oper, rvalue and result");
        goto out;
    }
    ret = check_byte(rc, "byte_math", b, 4);
out:
    return finish(rc, DETECT_KW_BYTE_MATH, b, copy, ret);
}
