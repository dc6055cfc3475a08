/* SPDX-License-Identifier: GPL-2.0-only */
/* Keyword parsers: dataset, datarep (Suricata datasets) and iprep (IP reputation). */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/err.h"
#include "detect/dataset.h"
#include "detect/rules/kw_dataset.h"
#include "detect/rules/parse.h"

#define DS_ARG_MAX 2048u

/* "10mb", "64kb", "1gb", "4096": bytes; false when malformed. */
static bool parse_size(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    uint64_t mul = 1;
    if (end == s)
        return false;
    if (strcasecmp(end, "kb") == 0 || strcasecmp(end, "k") == 0)
        mul = 1024;
    else if (strcasecmp(end, "mb") == 0 || strcasecmp(end, "m") == 0)
        mul = 1024 * 1024;
    else if (strcasecmp(end, "gb") == 0 || strcasecmp(end, "g") == 0)
        mul = 1024ull * 1024 * 1024;
    else if (*end != '\0')
        return false;
    if (v > UINT64_MAX / mul)
        return false;
    *out = v * mul;
    return true;
}

/* The "key value" options after the name; fills o and *ctx_key. */
static int ds_options(struct rule_ctx *rc, char *s, struct ds_opts *o, char **ctx_key)
{
    char *f;
    while ((f = kw_next_field(&s)) != NULL) {
        char *sp = strpbrk(f, " \t");
        if (sp == NULL)
            return rc_fail(rc, DETECT_RERR_VALUE, "option '%s' needs a value", f);
        *sp = '\0';
        char *v = kw_unquote(kw_trim(sp + 1));
        uint64_t n;
        if (strcmp(f, "type") == 0) {
            if ((o->type = ds_type_from_name(v)) < 0)
                return rc_fail(rc, DETECT_RERR_VALUE, "unknown type '%s'", v);
        } else if (strcmp(f, "load") == 0) {
            o->load = v;
        } else if (strcmp(f, "save") == 0) {
            o->save = v;
        } else if (strcmp(f, "state") == 0) {
            o->state = v;
        } else if (strcmp(f, "memcap") == 0 || strcmp(f, "hashsize") == 0) {
            if (!parse_size(v, &n) || n == 0)
                return rc_fail(rc, DETECT_RERR_VALUE, "%s: bad size '%s'", f, v);
            if (f[0] == 'm')
                o->memcap = n;
            else
                o->hashsize = n > DS_MAX_BUCKETS ? DS_MAX_BUCKETS : (uint32_t)n;
        } else if (strcmp(f, "format") == 0) {
            if (strcmp(v, "json") == 0)
                o->json = true;
            else if (strcmp(v, "csv") != 0)
                return rc_fail(rc, DETECT_RERR_VALUE, "format must be csv or json, not '%s'", v);
        } else if (strcmp(f, "context_key") == 0 || strcmp(f, "enrichment_key") == 0) {
            *ctx_key = v;
        } else if (strcmp(f, "value_key") == 0) {
            o->value_key = v;
        } else if (strcmp(f, "array_key") == 0) {
            o->array_key = v;
        } else {
            return rc_fail(rc, DETECT_RERR_VALUE, "unknown option '%s'", f);
        }
    }
    return 0;
}

/* Check the paths a rule names, then find or make the set. */
static int ds_bind(struct rule_ctx *rc, const char *name, struct ds_opts *o, struct kw_dataset *d,
                   const char *ctx_key)
{
    char why[320];
    if (rc->env->datasets == NULL)
        return rc_fail(rc, DETECT_RERR_VALUE, "datasets are not available here");
    if (ds_registry_check_paths(rc->env->datasets, o, why, sizeof(why)) != 0)
        return rc_fail(rc, DETECT_RERR_VALUE, "%s", why);
    if (o->json && ctx_key == NULL)
        return rc_fail(rc, DETECT_RERR_VALUE, "format json needs context_key");
    o->from_rule = true;
    o->base_dir = rc->env->rule_dir;
    o->alt_dir = rc->env->rule_path;
    d->set = ds_registry_get(rc->env->datasets, name, o, why, sizeof(why));
    if (d->set == NULL)
        return rc_fail(rc, DETECT_RERR_VALUE, "%s", why);
    ds_set_hold(d->set); /* released with the keyword: a set outlives the rules using it */
    if (ctx_key != NULL && (d->context_key = kh_strdup(ctx_key)) == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    return 0;
}

static int push_ds(struct rule_ctx *rc, enum detect_kw_id id, struct kw_dataset *d, int ret)
{
    if (ret != 0) {
        kw_free_data(id, d);
        return ret;
    }
    int idx = rc_push(rc, id, rc->buffer, d);
    return idx < 0 ? idx : 0;
}

static char *copy_arg(struct rule_ctx *rc, const char *arg)
{
    if (strlen(arg) > DS_ARG_MAX) {
        rc_fail(rc, DETECT_RERR_VALUE, "value too long");
        return NULL;
    }
    char *c = kh_strdup(arg);
    if (c == NULL)
        rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    return c;
}

/* dataset:<set|isset|isnotset|unset>,<name>[, type T, load F, save F, state F, memcap N, ...] */
int kw_parse_dataset(struct rule_ctx *rc, const char *arg)
{
    static const char *const cmds[] = {"set", "isset", "isnotset", "unset"};
    char *copy = copy_arg(rc, arg), *s = copy, *ctx_key = NULL;
    struct kw_dataset *d = copy ? kh_calloc(1, sizeof(*d)) : NULL;
    struct ds_opts o = {.type = -1};
    int ret = KH_EINVAL;
    if (d == NULL) {
        kh_free(copy);
        return copy ? rc_fail(rc, DETECT_RERR_NOMEM, "out of memory") : KH_EINVAL;
    }
    char *cmd = kw_next_field(&s), *name = kw_next_field(&s);
    unsigned c = 0;
    while (cmd && c < 4 && strcmp(cmd, cmds[c]) != 0)
        c++;
    if (c == 4) {
        ret = rc_fail(rc, DETECT_RERR_VALUE, "command must be set, isset, isnotset or unset");
        goto out;
    }
    if (name == NULL || name[0] == '\0') {
        ret = rc_fail(rc, DETECT_RERR_VALUE, "a set name is needed");
        goto out;
    }
    d->cmd = (enum kw_ds_cmd)c;
    if ((ret = ds_options(rc, s, &o, &ctx_key)) == 0)
        ret = ds_bind(rc, name, &o, d, ctx_key);
out:
    kh_free(copy);
    return push_ds(rc, DETECT_KW_DATASET, d, ret);
}

/* ">", "<", ">=", "<=", "==" (and "=") for datarep and iprep. */
static bool num_op(const char *s, enum kw_num_op *op)
{
    static const struct {
        const char *s;
        enum kw_num_op op;
    } ops[] = {{">", KW_NUM_GT},  {"<", KW_NUM_LT},  {">=", KW_NUM_GE},
               {"<=", KW_NUM_LE}, {"==", KW_NUM_EQ}, {"=", KW_NUM_EQ}};
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
        if (strcmp(s, ops[i].s) == 0) {
            *op = ops[i].op;
            return true;
        }
    return false;
}

/* datarep:<name>,<op>,<value>[, load F, type T, memcap N, hashsize N] */
int kw_parse_datarep(struct rule_ctx *rc, const char *arg)
{
    char *copy = copy_arg(rc, arg), *s = copy, *ctx_key = NULL;
    struct kw_dataset *d = copy ? kh_calloc(1, sizeof(*d)) : NULL;
    struct ds_opts o = {.type = -1, .rep = true};
    int ret = KH_EINVAL;
    if (d == NULL) {
        kh_free(copy);
        return copy ? rc_fail(rc, DETECT_RERR_NOMEM, "out of memory") : KH_EINVAL;
    }
    char *name = kw_next_field(&s), *op = kw_next_field(&s), *val = kw_next_field(&s);
    d->cmd = KW_DS_ISSET;
    if (name == NULL || name[0] == '\0' || op == NULL || val == NULL || !num_op(op, &d->op) ||
        !kw_parse_u64(val, false, 65535, &d->value)) {
        ret = rc_fail(rc, DETECT_RERR_VALUE,
                      "expected <name>,<op>,<value> (op > < >= <= ==, value 0-65535)");
        goto out;
    }
    if ((ret = ds_options(rc, s, &o, &ctx_key)) == 0)
        ret = ds_bind(rc, name, &o, d, ctx_key);
out:
    kh_free(copy);
    return push_ds(rc, DETECT_KW_DATAREP, d, ret);
}

/* iprep:<any|src|dst|both>,<category>,<op>,<value> or iprep:<side>,<category>,isset */
int kw_parse_iprep(struct rule_ctx *rc, const char *arg)
{
    static const char *const sides[] = {"any", "src", "dst", "both"};
    char *copy = copy_arg(rc, arg), *s = copy;
    struct kw_iprep *ip = copy ? kh_calloc(1, sizeof(*ip)) : NULL;
    int ret = KH_EINVAL;
    if (ip == NULL) {
        kh_free(copy);
        return copy ? rc_fail(rc, DETECT_RERR_NOMEM, "out of memory") : KH_EINVAL;
    }
    char *side = kw_next_field(&s), *cat = kw_next_field(&s), *op = kw_next_field(&s);
    char *val = kw_next_field(&s);
    unsigned sd = 0;
    while (side && sd < 4 && strcmp(side, sides[sd]) != 0)
        sd++;
    int id = cat ? iprep_category(rc->env->iprep, cat) : -1;
    if (sd == 4 || cat == NULL || op == NULL) {
        ret = rc_fail(rc, DETECT_RERR_VALUE, "expected <any|src|dst|both>,<category>,<op>,<value>");
    } else if (id < 0) {
        ret = rc_fail(rc, DETECT_RERR_VALUE, "category '%s' is not in the categories file%s", cat,
                      rc->env->iprep ? "" : " (no reputation-categories-file configured)");
    } else if (strcmp(op, "isset") == 0 || strcmp(op, "isnotset") == 0) {
        ip->isset = op[2] == 's';
        ip->isnotset = !ip->isset;
        ret = val == NULL ? 0 : rc_fail(rc, DETECT_RERR_VALUE, "%s takes no value", op);
    } else if (!num_op(op, &ip->num.op) || val == NULL ||
               !kw_parse_u64(val, false, 127, &ip->num.a)) {
        ret = rc_fail(rc, DETECT_RERR_VALUE, "op must be > < >= <= == and value 0-127");
    } else {
        ret = 0;
    }
    ip->ip = rc->env->iprep;
    ip->side = (enum kw_iprep_side)sd;
    ip->cat = (uint8_t)(id < 0 ? 0 : id);
    kh_free(copy);
    if (ret != 0) {
        kw_free_data(DETECT_KW_IPREP, ip);
        return ret;
    }
    int idx = rc_push(rc, DETECT_KW_IPREP, DETECT_BUF_PAYLOAD, ip);
    return idx < 0 ? idx : 0;
}
