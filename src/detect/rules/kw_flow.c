/* SPDX-License-Identifier: GPL-2.0-only */
/* Flow and state keywords: flow, flowbits, xbits, flowint, threshold, detection_filter. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/err.h"
#include "detect/rules/parse.h"

#define ARG_MAX 1024u

static char *arg_copy(struct rule_ctx *rc, const char *arg)
{
    if (strlen(arg) > ARG_MAX) {
        rc_fail(rc, DETECT_RERR_VALUE, "%s: value too long", rc->fail->keyword);
        return NULL;
    }
    char *c = kh_strdup(arg);
    if (c == NULL)
        rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    return c;
}

static int push(struct rule_ctx *rc, enum detect_kw_id id, void *data)
{
    int idx = rc_push(rc, id, rc->buffer, data);
    return idx < 0 ? idx : 0;
}

/* ---- flow ---- */

int kw_parse_flow(struct rule_ctx *rc, const char *arg)
{
    static const struct {
        const char *name;
        uint16_t flag;
        uint16_t conflicts;
    } words[] = {
        {"established", KW_FLOW_ESTABLISHED, KW_FLOW_NOT_ESTABLISHED | KW_FLOW_STATELESS},
        {"not_established", KW_FLOW_NOT_ESTABLISHED, KW_FLOW_ESTABLISHED},
        {"stateless", KW_FLOW_STATELESS, KW_FLOW_ESTABLISHED},
        {"to_server", KW_FLOW_TO_SERVER, KW_FLOW_TO_CLIENT},
        {"from_client", KW_FLOW_TO_SERVER, KW_FLOW_TO_CLIENT},
        {"to_client", KW_FLOW_TO_CLIENT, KW_FLOW_TO_SERVER},
        {"from_server", KW_FLOW_TO_CLIENT, KW_FLOW_TO_SERVER},
        {"only_stream", KW_FLOW_ONLY_STREAM, KW_FLOW_NO_STREAM},
        {"no_stream", KW_FLOW_NO_STREAM, KW_FLOW_ONLY_STREAM},
        {"only_frag", KW_FLOW_ONLY_FRAG, KW_FLOW_NO_FRAG},
        {"no_frag", KW_FLOW_NO_FRAG, KW_FLOW_ONLY_FRAG},
    };
    if (rc->seen[DETECT_KW_FLOW])
        return rc_fail(rc, DETECT_RERR_CONTEXT, "'flow' given twice");
    char *copy = arg_copy(rc, arg), *s = copy, *f;
    struct kw_flow *fl = copy ? kh_calloc(1, sizeof(*fl)) : NULL;
    int ret = 0;
    if (fl == NULL) {
        kh_free(copy);
        return copy ? rc_fail(rc, DETECT_RERR_NOMEM, "out of memory") : KH_EINVAL;
    }
    while (ret == 0 && (f = kw_next_field(&s)) != NULL) {
        size_t i;
        for (i = 0; i < KH_ARRAY_LEN(words); i++)
            if (strcmp(words[i].name, f) == 0)
                break;
        if (i == KH_ARRAY_LEN(words))
            ret = rc_fail(rc, DETECT_RERR_VALUE, "flow: unknown option '%.40s'", f);
        else if (fl->flags & words[i].conflicts)
            ret = rc_fail(rc, DETECT_RERR_VALUE, "flow: '%s' conflicts with an earlier option", f);
        else if (fl->flags & words[i].flag)
            ret = rc_fail(rc, DETECT_RERR_VALUE, "flow: '%s' given twice", f);
        else
            fl->flags |= words[i].flag;
    }
    kh_free(copy);
    if (ret != 0) {
        kh_free(fl);
        return ret;
    }
    return push(rc, DETECT_KW_FLOW, fl);
}

/* ---- flowbits, xbits ---- */

static bool bit_name_ok(const char *n)
{
    if (*n == '\0')
        return false;
    for (; *n; n++) /* Suricata takes any printable word; these separate names or options */
        if (!isgraph((unsigned char)*n) || strchr(",|&;\"", *n) != NULL)
            return false;
    return true;
}

static int bits_names(struct rule_ctx *rc, struct kw_bits *b, char *names)
{
    bool has_or = strchr(names, '|') != NULL, has_and = strchr(names, '&') != NULL;
    if (has_or && has_and)
        return rc_fail(rc, DETECT_RERR_VALUE, "%s: cannot mix '|' and '&'", rc->fail->keyword);
    if (has_or && b->cmd != KW_BITS_ISSET && b->cmd != KW_BITS_ISNOTSET)
        return rc_fail(rc, DETECT_RERR_VALUE, "%s: '|' only works with isset and isnotset",
                       rc->fail->keyword);
    b->any = has_or;
    for (char *p = names; p != NULL;) {
        char *sep = strpbrk(p, "|&");
        if (sep != NULL)
            *sep = '\0';
        char *n = kw_trim(p);
        if (!bit_name_ok(n))
            return rc_fail(rc, DETECT_RERR_VALUE, "%s: invalid name '%.40s'", rc->fail->keyword, n);
        char **v = kh_reallocarray(b->names, b->n + 1, sizeof(*v));
        if (v == NULL)
            return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
        b->names = v;
        if ((v[b->n] = kh_strdup(n)) == NULL)
            return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
        b->n++;
        p = sep ? sep + 1 : NULL;
    }
    return 0;
}

static int bits_cmd(struct rule_ctx *rc, const char *f, struct kw_bits *b)
{
    static const char *const cmds[] = {
        [KW_BITS_SET] = "set",     [KW_BITS_UNSET] = "unset",       [KW_BITS_TOGGLE] = "toggle",
        [KW_BITS_ISSET] = "isset", [KW_BITS_ISNOTSET] = "isnotset", [KW_BITS_NOALERT] = "noalert",
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cmds); i++) {
        if (strcmp(cmds[i], f) == 0) {
            b->cmd = (enum kw_bits_cmd)i;
            return 0;
        }
    }
    return rc_fail(rc, DETECT_RERR_VALUE, "%s: unknown command '%.40s'", rc->fail->keyword, f);
}

int kw_parse_flowbits(struct rule_ctx *rc, const char *arg)
{
    char *copy = arg_copy(rc, arg), *s = copy;
    struct kw_bits *b = copy ? kh_calloc(1, sizeof(*b)) : NULL;
    int ret;
    if (b == NULL) {
        kh_free(copy);
        return copy ? rc_fail(rc, DETECT_RERR_NOMEM, "out of memory") : KH_EINVAL;
    }
    char *comma = strchr(s, ',');
    if (comma != NULL)
        *comma = '\0';
    if ((ret = bits_cmd(rc, kw_trim(s), b)) != 0)
        goto out;
    if (b->cmd == KW_BITS_NOALERT) {
        if (comma != NULL)
            ret = rc_fail(rc, DETECT_RERR_VALUE, "flowbits:noalert takes no name");
        else
            rc->s->noalert = true;
    } else if (comma == NULL) {
        ret = rc_fail(rc, DETECT_RERR_VALUE, "flowbits:%s needs a name", s);
    } else {
        ret = bits_names(rc, b, comma + 1);
    }
out:
    kh_free(copy);
    if (ret != 0) {
        kw_free_data(DETECT_KW_FLOWBITS, b);
        return ret;
    }
    return push(rc, DETECT_KW_FLOWBITS, b);
}

/* xbits:<cmd>,<name>,track <ip_src|ip_dst|ip_pair>[,expire <seconds>] */
int kw_parse_xbits(struct rule_ctx *rc, const char *arg)
{
    char *copy = arg_copy(rc, arg), *s = copy, *f;
    struct kw_bits *b = copy ? kh_calloc(1, sizeof(*b)) : NULL;
    uint64_t v;
    int ret = KH_EINVAL;
    if (b == NULL) {
        kh_free(copy);
        return copy ? rc_fail(rc, DETECT_RERR_NOMEM, "out of memory") : KH_EINVAL;
    }
    if ((ret = bits_cmd(rc, kw_next_field(&s), b)) != 0)
        goto out;
    if (b->cmd != KW_BITS_NOALERT) {
        f = kw_next_field(&s);
        if ((ret = bits_names(rc, b, f ? f : (char *)"")) != 0)
            goto out;
        f = kw_next_field(&s);
        if (f == NULL || strncmp(f, "track ", 6) != 0) {
            ret = rc_fail(rc, DETECT_RERR_VALUE, "xbits: needs 'track ip_src|ip_dst|ip_pair'");
            goto out;
        }
        f = kw_trim(f + 6);
        if (strcmp(f, "ip_src") == 0)
            b->track = KW_TRACK_BY_SRC;
        else if (strcmp(f, "ip_dst") == 0)
            b->track = KW_TRACK_BY_DST;
        else if (strcmp(f, "ip_pair") == 0)
            b->track = KW_TRACK_IP_PAIR;
        else
            ret = rc_fail(rc, DETECT_RERR_VALUE, "xbits: unknown track '%.40s'", f);
        if (ret != 0)
            goto out;
        f = kw_next_field(&s);
        if (f != NULL && (strncmp(f, "expire ", 7) != 0 ||
                          !kw_parse_u64(kw_trim(f + 7), false, UINT32_MAX, &v) || v == 0)) {
            ret = rc_fail(rc, DETECT_RERR_VALUE, "xbits: invalid '%.40s'", f);
            goto out;
        }
        b->expire = f ? (uint32_t)v : 0;
    }
    ret = s == NULL ? 0 : rc_fail(rc, DETECT_RERR_VALUE, "xbits: unexpected '%.40s'", s);
out:
    kh_free(copy);
    if (ret != 0) {
        kw_free_data(DETECT_KW_XBITS, b);
        return ret;
    }
    return push(rc, DETECT_KW_XBITS, b);
}

/* flowint:<name>,<op>[,<value or flowint name>] */
int kw_parse_flowint(struct rule_ctx *rc, const char *arg)
{
    static const struct {
        const char *s;
        enum kw_flowint_op op;
    } ops[] = {
        {"=", KW_FLOWINT_SET},         {"+", KW_FLOWINT_ADD},
        {"+=", KW_FLOWINT_ADD},        {"-", KW_FLOWINT_SUB},
        {"-=", KW_FLOWINT_SUB},        {"==", KW_FLOWINT_EQ},
        {"!=", KW_FLOWINT_NE},         {"<", KW_FLOWINT_LT},
        {"<=", KW_FLOWINT_LE},         {">", KW_FLOWINT_GT},
        {">=", KW_FLOWINT_GE},         {"isset", KW_FLOWINT_ISSET},
        {"notset", KW_FLOWINT_NOTSET}, {"isnotset", KW_FLOWINT_NOTSET},
    };
    char *copy = arg_copy(rc, arg), *s = copy;
    struct kw_flowint *fi = copy ? kh_calloc(1, sizeof(*fi)) : NULL;
    int ret = KH_EINVAL;
    uint64_t v;
    size_t i;
    if (fi == NULL) {
        kh_free(copy);
        return copy ? rc_fail(rc, DETECT_RERR_NOMEM, "out of memory") : KH_EINVAL;
    }
    char *name = kw_next_field(&s), *op = kw_next_field(&s), *val = kw_next_field(&s);
    if (name == NULL || !bit_name_ok(name) || op == NULL) {
        ret = rc_fail(rc, DETECT_RERR_VALUE, "flowint must be '<name>,<op>[,<value>]'");
        goto out;
    }
    for (i = 0; i < KH_ARRAY_LEN(ops) && strcmp(ops[i].s, op) != 0; i++)
        ;
    if (i == KH_ARRAY_LEN(ops)) {
        ret = rc_fail(rc, DETECT_RERR_VALUE, "flowint: unknown operator '%.10s'", op);
        goto out;
    }
    fi->op = ops[i].op;
    bool unary = fi->op == KW_FLOWINT_ISSET || fi->op == KW_FLOWINT_NOTSET;
    if (unary != (val == NULL) || s != NULL) {
        ret = rc_fail(rc, DETECT_RERR_VALUE,
                      unary ? "flowint: '%s' takes no value" : "flowint: '%s' needs one value", op);
        goto out;
    }
    if ((fi->name = kh_strdup(name)) == NULL) {
        ret = rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
        goto out;
    }
    if (val != NULL && kw_parse_u64(val, true, UINT32_MAX, &v)) {
        fi->value = (uint32_t)v;
    } else if (val != NULL && bit_name_ok(val) && !isdigit((unsigned char)*val)) {
        if ((fi->value_var = kh_strdup(val)) == NULL) {
            ret = rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
            goto out;
        }
    } else if (val != NULL) {
        ret = rc_fail(rc, DETECT_RERR_VALUE, "flowint: invalid value '%.40s'", val);
        goto out;
    }
    ret = 0;
out:
    kh_free(copy);
    if (ret != 0) {
        kw_free_data(DETECT_KW_FLOWINT, fi);
        return ret;
    }
    return push(rc, DETECT_KW_FLOWINT, fi);
}

/* ---- threshold, detection_filter ---- */

static int track_word(const char *v, enum kw_track *t)
{
    static const char *const w[] = {"by_src", "by_dst", "by_rule", "by_both", "by_flow"};
    for (size_t i = 0; i < KH_ARRAY_LEN(w); i++) {
        if (strcmp(w[i], v) == 0) {
            *t = (enum kw_track)i;
            return 0;
        }
    }
    return -1;
}

/*
 * "type limit|threshold|both, track by_src|..., count N, seconds N" in any order; also used
 * by threshold.config. Returns 0, or KH_EINVAL with a reason in why.
 */
int kw_threshold_fields(char *s, bool want_type, bool df, struct kw_threshold *t, char *why,
                        size_t n)
{
    unsigned have = 0;
    char *f;
    while ((f = kw_next_field(&s)) != NULL) {
        char *sp = strpbrk(f, " \t");
        uint64_t v;
        char *val = sp ? kw_trim(sp + 1) : (char *)"";
        if (sp != NULL)
            *sp = '\0';
        unsigned bit = 0;
        if (want_type && strcmp(f, "type") == 0) {
            bit = 1;
            if (strcmp(val, "limit") == 0)
                t->type = KW_THRESHOLD_LIMIT;
            else if (strcmp(val, "threshold") == 0)
                t->type = KW_THRESHOLD_THRESHOLD;
            else if (strcmp(val, "both") == 0)
                t->type = KW_THRESHOLD_BOTH;
            else
                bit = 0;
        } else if (strcmp(f, "track") == 0) {
            bit = track_word(val, &t->track) == 0 ? 2 : 0;
            if (df && (t->track == KW_TRACK_BY_RULE || t->track == KW_TRACK_BY_BOTH))
                bit = 0; /* detection_filter tracks by_src, by_dst or by_flow only */
        } else if (strcmp(f, "count") == 0 && kw_parse_u64(val, false, UINT32_MAX, &v) && v) {
            t->count = (uint32_t)v;
            bit = 4;
        } else if (strcmp(f, "seconds") == 0 && kw_parse_u64(val, false, UINT32_MAX, &v)) {
            t->seconds = (uint32_t)v;
            bit = 8;
        } else if (df && strcmp(f, "unique_on") == 0 &&
                   (strcmp(val, "src_port") == 0 || strcmp(val, "dst_port") == 0)) {
            t->unique_on = val[0] == 's' ? KW_UNIQUE_SRC_PORT : KW_UNIQUE_DST_PORT;
            bit = 16;
        }
        if (bit == 0 || (have & bit)) {
            snprintf(why, n, "invalid or repeated '%.30s %.30s'", f, val);
            return KH_EINVAL;
        }
        have |= bit;
    }
    if ((have & 15u) != (want_type ? 15u : 14u)) {
        snprintf(why, n, "needs %strack, count and seconds", want_type ? "type, " : "");
        return KH_EINVAL;
    }
    if (df && t->seconds == 0) {
        snprintf(why, n, "seconds must be at least 1");
        return KH_EINVAL;
    }
    return 0;
}

static int threshold_common(struct rule_ctx *rc, const char *arg, bool detection_filter)
{
    enum detect_kw_id id = detection_filter ? DETECT_KW_DETECTION_FILTER : DETECT_KW_THRESHOLD;
    enum detect_kw_id other = detection_filter ? DETECT_KW_THRESHOLD : DETECT_KW_DETECTION_FILTER;
    char why[128];
    if (rc->seen[other])
        return rc_fail(rc, DETECT_RERR_CONTEXT,
                       "detection_filter and threshold are not allowed in the same rule");
    if (rc->seen[id])
        return rc_fail(rc, DETECT_RERR_CONTEXT, "'%s' given twice (at most one per rule)",
                       detect_kw_get(id)->name);
    char *copy = arg_copy(rc, arg);
    struct kw_threshold *t = copy ? kh_calloc(1, sizeof(*t)) : NULL;
    if (t == NULL) {
        kh_free(copy);
        return copy ? rc_fail(rc, DETECT_RERR_NOMEM, "out of memory") : KH_EINVAL;
    }
    int r = kw_threshold_fields(copy, !detection_filter, detection_filter, t, why, sizeof(why));
    kh_free(copy);
    if (r != 0) {
        kh_free(t);
        return rc_fail(rc, DETECT_RERR_VALUE, "%s: %s", detect_kw_get(id)->name, why);
    }
    if (detection_filter)
        t->type = KW_THRESHOLD_DETECTION_FILTER;
    return push(rc, id, t);
}

int kw_parse_threshold(struct rule_ctx *rc, const char *arg)
{
    return threshold_common(rc, arg, false);
}

int kw_parse_detection_filter(struct rule_ctx *rc, const char *arg)
{
    return threshold_common(rc, arg, true);
}
