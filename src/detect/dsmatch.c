/* SPDX-License-Identifier: GPL-2.0-only */
/* Matching dataset, datarep (on the current buffer) and iprep (on the packet's addresses). */
#include "core/err.h"
#include "detect/dataset.h"
#include "detect/rules/kw_dataset.h"
#include "verify_internal.h"

/* Keep a JSON set's object for the alert's context (past DETECT_ALERT_CTX_MAX: not kept). */
static void add_ctx(struct vctx *v, const struct kw_dataset *d, const struct ds_entry *e)
{
    uint32_t len;
    const char *json = ds_entry_json(e, &len);
    if (d->context_key == NULL || json == NULL || v->nctx >= DETECT_ALERT_CTX_MAX)
        return;
    v->ctx[v->nctx++] = (struct detect_alert_ctx){d->context_key, json, len};
}

bool verify_dataset(enum detect_kw_id id, const void *data, struct vctx *v)
{
    const struct kw_dataset *d = data;
    const struct ds_entry *e;
    if (id == DETECT_KW_DATAREP) {
        e = ds_lookup(d->set, v->buf, v->len);
        if (e == NULL ||
            !verify_num_match(&(struct kw_num){d->op, d->value, 0}, (uint64_t)ds_entry_rep(e)))
            return false;
        add_ctx(v, d, e);
        return true;
    }
    switch (d->cmd) {
    case KW_DS_SET: { /* matches when this packet added the value, as Suricata */
        int rc = ds_add(d->set, v->buf, v->len);
        if (rc == KH_EFULL && v->dsfull != NULL)
            (*v->dsfull)++;
        return rc == 1;
    }
    case KW_DS_UNSET:
        return ds_remove(d->set, v->buf, v->len) == 1;
    case KW_DS_ISNOTSET:
        return ds_lookup(d->set, v->buf, v->len) == NULL;
    default:
        if ((e = ds_lookup(d->set, v->buf, v->len)) == NULL)
            return false;
        add_ctx(v, d, e);
        return true;
    }
}

/* One address against the keyword: its score in the category compared, or isset/isnotset. */
static bool iprep_one(const struct kw_iprep *k, const struct iprep *ip, const struct kh_addr *a,
                      int ver)
{
    int score = iprep_lookup(ip, a->b, ver == 4 ? 4 : 16, k->cat);
    if (k->isset)
        return score >= 0;
    if (k->isnotset)
        return score < 0;
    return score >= 0 && verify_num_match(&k->num, (uint64_t)score);
}

bool verify_iprep(const void *data, const struct vctx *v)
{
    const struct kw_iprep *k = data;
    const struct packet *p = v->p;
    if (p->ip_ver != 4 && p->ip_ver != 6)
        return false;
    const struct iprep *ip = k->ip;
    switch (k->side) {
    case KW_IPREP_SRC:
        return iprep_one(k, ip, &p->src, p->ip_ver);
    case KW_IPREP_DST:
        return iprep_one(k, ip, &p->dst, p->ip_ver);
    case KW_IPREP_BOTH:
        return iprep_one(k, ip, &p->src, p->ip_ver) && iprep_one(k, ip, &p->dst, p->ip_ver);
    default:
        return iprep_one(k, ip, &p->src, p->ip_ver) || iprep_one(k, ip, &p->dst, p->ip_ver);
    }
}
