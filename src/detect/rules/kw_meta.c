/* SPDX-License-Identifier: GPL-2.0-only */
/* Keywords that describe the rule: msg, sid, rev, gid, classtype, priority, reference, ... */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/err.h"
#include "detect/rules/parse.h"

static int once(struct rule_ctx *rc, enum detect_kw_id id)
{
    if (rc->seen[id])
        return rc_fail(rc, DETECT_RERR_CONTEXT, "'%s' given twice", detect_kw_get(id)->name);
    return 0;
}

/* Copy a quoted string, dropping the quotes and the backslash of each escape. */
int kw_parse_msg(struct rule_ctx *rc, const char *arg)
{
    size_t n = strlen(arg);
    if (once(rc, DETECT_KW_MSG))
        return KH_EINVAL;
    if (n < 2 || arg[0] != '"' || arg[n - 1] != '"')
        return rc_fail(rc, DETECT_RERR_VALUE, "msg must be a quoted string");
    char *m = kh_malloc(n);
    if (m == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    size_t w = 0;
    for (size_t i = 1; i + 1 < n; i++) {
        if (arg[i] == '\\' && i + 2 < n)
            i++;
        m[w++] = arg[i];
    }
    m[w] = '\0';
    rc->s->msg = m;
    return 0;
}

static int u32_once(struct rule_ctx *rc, enum detect_kw_id id, const char *arg, uint64_t min,
                    uint32_t *out)
{
    uint64_t v;
    if (once(rc, id))
        return KH_EINVAL;
    if (!kw_parse_u64(arg, false, UINT32_MAX, &v) || v < min)
        return rc_fail(rc, DETECT_RERR_VALUE,
                       "%s must be a number from %llu to 4294967295, not "
                       "'%.40s'",
                       detect_kw_get(id)->name, (unsigned long long)min, arg);
    *out = (uint32_t)v;
    return 0;
}

int kw_parse_sid(struct rule_ctx *rc, const char *arg)
{
    return u32_once(rc, DETECT_KW_SID, arg, 1, &rc->s->sid);
}

int kw_parse_rev(struct rule_ctx *rc, const char *arg)
{
    return u32_once(rc, DETECT_KW_REV, arg, 0, &rc->s->rev);
}

int kw_parse_gid(struct rule_ctx *rc, const char *arg)
{
    return u32_once(rc, DETECT_KW_GID, arg, 0, &rc->s->gid);
}

int kw_parse_priority(struct rule_ctx *rc, const char *arg)
{
    uint64_t v;
    if (once(rc, DETECT_KW_PRIORITY))
        return KH_EINVAL;
    if (!kw_parse_u64(arg, false, 255, &v) || v == 0)
        return rc_fail(rc, DETECT_RERR_VALUE, "priority must be 1 to 255, not '%.40s'", arg);
    rc->s->priority = (uint8_t)v;
    return 0;
}

int kw_parse_classtype(struct rule_ctx *rc, const char *arg)
{
    const struct detect_class *c = NULL;
    if (once(rc, DETECT_KW_CLASSTYPE))
        return KH_EINVAL;
    for (const char *p = arg; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
            return rc_fail(rc, DETECT_RERR_VALUE, "invalid classtype '%.40s'", arg);
    if (rc->env->classes != NULL && (c = detect_class_find(rc->env->classes, arg)) == NULL)
        return rc_fail(rc, DETECT_RERR_CLASSTYPE,
                       "classtype '%.40s' is not in classification.config", arg);
    if ((rc->s->classtype = kh_strdup(arg)) == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    if (c != NULL && !rc->seen[DETECT_KW_PRIORITY])
        rc->s->priority = c->priority;
    return 0;
}

int kw_parse_reference(struct rule_ctx *rc, const char *arg)
{
    const char *comma = strchr(arg, ',');
    char type[64];
    if (comma == NULL || comma == arg || (size_t)(comma - arg) >= sizeof(type))
        return rc_fail(rc, DETECT_RERR_VALUE, "reference must be '<type>,<id>'");
    size_t n = (size_t)(comma - arg);
    for (size_t i = 0; i < n; i++)
        type[i] = (char)tolower((unsigned char)arg[i]);
    type[n] = '\0';
    char *t = kw_trim(type);
    const char *val = comma + 1;
    while (*val == ' ')
        val++;
    if (*val == '\0')
        return rc_fail(rc, DETECT_RERR_VALUE, "reference '%s' has no id", t);
    if (rc->env->refs != NULL && detect_ref_find(rc->env->refs, t) == NULL)
        return rc_fail(rc, DETECT_RERR_REFERENCE,
                       "reference type '%.40s' is not in reference.config", t);
    struct sig *s = rc->s;
    struct sig_ref *v = kh_reallocarray(s->refs, s->nrefs + 1, sizeof(*v));
    if (v == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    s->refs = v;
    v[s->nrefs].type = kh_strdup(t);
    v[s->nrefs].value = kh_strdup(val);
    s->nrefs++;
    if (v[s->nrefs - 1].type == NULL || v[s->nrefs - 1].value == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    return 0;
}

static int meta_add(struct rule_ctx *rc, const char *key, size_t klen, const char *value)
{
    struct sig *s = rc->s;
    struct sig_meta *v = kh_reallocarray(s->meta, s->nmeta + 1, sizeof(*v));
    if (v == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    s->meta = v;
    v[s->nmeta].key = kh_strndup(key, klen);
    v[s->nmeta].value = kh_strdup(value);
    s->nmeta++;
    if (v[s->nmeta - 1].key == NULL || v[s->nmeta - 1].value == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    return 0;
}

/* "key value, key value": each pair split at its first space. */
int kw_parse_metadata(struct rule_ctx *rc, const char *arg)
{
    char *copy = kh_strdup(arg), *s = copy, *f;
    int ret = 0;
    if (copy == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    while (ret == 0 && (f = kw_next_field(&s)) != NULL) {
        if (*f == '\0')
            continue;
        char *sp = strpbrk(f, " \t");
        if (sp == NULL)
            ret = meta_add(rc, f, strlen(f), "");
        else
            ret = meta_add(rc, f, (size_t)(sp - f), kw_trim(sp));
    }
    kh_free(copy);
    return ret;
}

int kw_parse_target(struct rule_ctx *rc, const char *arg)
{
    if (once(rc, DETECT_KW_TARGET))
        return KH_EINVAL;
    if (strcmp(arg, "src_ip") != 0 && strcmp(arg, "dest_ip") != 0)
        return rc_fail(rc, DETECT_RERR_VALUE, "target must be src_ip or dest_ip, not '%.40s'", arg);
    rc->s->target_set = true;
    rc->s->target_dst = arg[0] == 'd';
    return 0;
}

int kw_parse_noalert(struct rule_ctx *rc, const char *arg)
{
    (void)arg;
    rc->s->noalert = true;
    return 0;
}
