/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Flow and packet variables for EVE "metadata": the entropy keyword (its value is kept on
 * the flow whether or not it matched, under the buffer's name) and pcre captures into
 * flowvars and pktvars (kept only when the whole signature matched, as Suricata does).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <math.h>
#include <pcre2.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "detect/rules/kw_entropy.h"
#include "verify_internal.h"

double detect_entropy(const uint8_t *p, size_t n)
{
    uint32_t count[256] = {0};
    if (n == 0)
        return 0.0;
    for (size_t i = 0; i < n; i++)
        count[p[i]]++;
    double h = 0.0, total = (double)n;
    for (unsigned b = 0; b < 256; b++) {
        if (count[b] == 0)
            continue;
        double q = (double)count[b] / total;
        h -= q * log2(q);
    }
    return h;
}

static struct detect_fvars *fvars_get(struct detect_flow *df)
{
    if (df->vars == NULL)
        df->vars = kh_calloc(1, sizeof(*df->vars));
    return df->vars;
}

/* A new entry at the end, or NULL (counted) when the flow has DETECT_FVAR_MAX already. */
static struct detect_fvar *fvar_add(struct detect_fvars *fv, enum detect_fvar_kind kind,
                                    const char *name, struct vctx *v)
{
    if (fv->n == DETECT_FVAR_MAX) {
        if (v->fvfull != NULL)
            (*v->fvfull)++;
        return NULL;
    }
    struct detect_fvar *e = &fv->v[fv->n++];
    memset(e, 0, offsetof(struct detect_fvar, name));
    e->kind = (uint8_t)kind;
    snprintf(e->name, sizeof(e->name), "%s", name);
    return e;
}

/* The name EVE gives a buffer's entropy: Suricata's buffer name ("file_data", "http_uri"). */
static void buffer_name(uint16_t buffer, char *out, size_t n)
{
    const char *kw =
        buffer == DETECT_BUF_PAYLOAD ? "content" : detect_kw_get((enum detect_kw_id)buffer)->name;
    snprintf(out, n, "%s", kw);
    for (char *c = out; *c; c++)
        if (*c == '.')
            *c = '_';
}

/* Keep x as the flow's entropy of the buffer (replacing an earlier value). */
static void entropy_keep(struct vctx *v, uint16_t buffer, double x)
{
    char name[DETECT_FVAR_NAME];
    struct detect_fvars *fv = v->df != NULL ? fvars_get(v->df) : NULL;
    if (fv == NULL)
        return;
    buffer_name(buffer, name, sizeof(name));
    struct detect_fvar *e = NULL;
    for (uint32_t i = 0; i < fv->n && e == NULL; i++)
        if (fv->v[i].kind == DETECT_FVAR_ENTROPY && strcmp(fv->v[i].name, name) == 0)
            e = &fv->v[i];
    if (e == NULL && (e = fvar_add(fv, DETECT_FVAR_ENTROPY, name, v)) == NULL)
        return;
    e->num = x;
}

bool verify_entropy(const struct sig_kw *k, struct vctx *v)
{
    const struct kw_entropy *e = k->data;
    if (e->offset >= v->len) /* nothing to measure: no match, no value */
        return false;
    size_t n = v->len - e->offset;
    if (e->bytes != 0 && e->bytes < n)
        n = e->bytes;
    double x = detect_entropy(v->buf + e->offset, n);
    entropy_keep(v, k->buffer, x);
    return kw_entropy_cmp(e, x);
}

uint32_t verify_fvar_mark(const struct vctx *v)
{
    return v->df != NULL && v->df->vars != NULL ? v->df->vars->n : 0;
}

/* Remove the pending entries from index mark on (a later keyword failed, or a new try). */
void verify_fvar_rewind(struct vctx *v, uint32_t mark)
{
    struct detect_fvars *fv = v->df != NULL ? v->df->vars : NULL;
    if (fv == NULL)
        return;
    uint32_t out = mark;
    for (uint32_t i = mark; i < fv->n; i++)
        if (!fv->v[i].pending)
            fv->v[out++] = fv->v[i];
    fv->n = out;
}

/* Whether group g was set by the match (rc as pcre2_match returned). */
static bool group_set(const size_t *ov, int rc, uint32_t g)
{
    return g < (uint32_t)rc && ov[2 * g] != PCRE2_UNSET;
}

/*
 * "pkt:key,pkt:value" (these two names, in that order): one pktvar named by the first
 * group's text, as Suricata's key/value extraction. The name comes from traffic and EVE
 * writes it as a JSON key: bytes other than printable ASCII, quotes and backslashes
 * become '_'.
 */
static bool is_key_value(const struct kw_pcre *pc, uint32_t i)
{
    return i + 1 < pc->ncaps && pc->caps[i].kind == KW_PCRE_CAP_PKT &&
           pc->caps[i + 1].kind == KW_PCRE_CAP_PKT && strcmp(pc->caps[i].name, "key") == 0 &&
           strcmp(pc->caps[i + 1].name, "value") == 0;
}

static void key_name(const uint8_t *p, size_t n, char *out)
{
    n = n < DETECT_FVAR_NAME - 1 ? n : DETECT_FVAR_NAME - 1;
    for (size_t i = 0; i < n; i++)
        out[i] = p[i] < 0x20 || p[i] > 0x7e || p[i] == '"' || p[i] == '\\' ? '_' : (char)p[i];
    out[n] = '\0';
}

void verify_fvar_capture(const struct kw_pcre *pc, struct vctx *v, const uint8_t *subject, int rc)
{
    struct detect_fvars *fv = v->df != NULL ? fvars_get(v->df) : NULL;
    if (fv == NULL)
        return;
    const size_t *ov = pcre2_get_ovector_pointer((pcre2_match_data *)v->md);
    for (uint32_t i = 0; i < pc->ncaps; i++) {
        const struct kw_pcre_cap *c = &pc->caps[i];
        char kname[DETECT_FVAR_NAME];
        const char *name = c->name;
        if (is_key_value(pc, i)) {
            if (!group_set(ov, rc, c->group) || !group_set(ov, rc, pc->caps[i + 1].group)) {
                i++;
                continue;
            }
            key_name(subject + ov[2 * c->group], ov[2 * c->group + 1] - ov[2 * c->group], kname);
            name = kname;
            c = &pc->caps[++i]; /* the value */
        }
        if (!group_set(ov, rc, c->group) || c->kind == KW_PCRE_CAP_ALERT)
            continue;
        struct detect_fvar *e =
            fvar_add(fv, c->kind == KW_PCRE_CAP_PKT ? DETECT_FVAR_PKT : DETECT_FVAR_FLOW, name, v);
        if (e == NULL)
            return;
        size_t len = ov[2 * c->group + 1] - ov[2 * c->group];
        e->pending = true;
        e->pkt = v->p->pcap_cnt;
        if (len > DETECT_FVAR_VALUE) {
            len = DETECT_FVAR_VALUE;
            e->cut = true;
        }
        memcpy(e->value, subject + ov[2 * c->group], len);
        e->len = (uint16_t)len;
    }
}

/* Entry i is kept: an older one of the same kind and name goes (a pktvar of the same
 * packet or a flowvar); pktvars of earlier packets go too. */
static bool fvar_replaced(const struct detect_fvars *fv, uint32_t i, const struct detect_fvar *e)
{
    const struct detect_fvar *o = &fv->v[i];
    if (o->kind == DETECT_FVAR_PKT && o->pkt != e->pkt && !o->pending)
        return true;
    return o->kind == e->kind && !o->pending && strcmp(o->name, e->name) == 0;
}

void verify_fvar_commit(struct vctx *v, uint64_t *truncated)
{
    struct detect_fvars *fv = v->df != NULL ? v->df->vars : NULL;
    for (uint32_t i = 0; fv != NULL && i < fv->n; i++) {
        if (!fv->v[i].pending)
            continue;
        struct detect_fvar e = fv->v[i];
        uint32_t out = 0, at = 0;
        for (uint32_t j = 0; j < fv->n; j++) {
            if (j != i && fvar_replaced(fv, j, &e))
                continue;
            if (j == i)
                at = out;
            fv->v[out++] = fv->v[j];
        }
        fv->n = out;
        i = at;
        fv->v[i].pending = false;
        if (e.cut && truncated != NULL)
            (*truncated)++;
    }
}

size_t detect_flow_vars(const struct flow *f, const struct packet *p, struct detect_var *out,
                        size_t max)
{
    const struct detect_flow *df = f != NULL ? f->detect_state : NULL;
    const struct detect_fvars *fv = df != NULL ? df->vars : NULL;
    size_t n = 0;
    for (uint32_t i = 0; fv != NULL && i < fv->n && n < max; i++) {
        const struct detect_fvar *e = &fv->v[i];
        if (e->pending || (e->kind == DETECT_FVAR_PKT && (p == NULL || e->pkt != p->pcap_cnt)))
            continue;
        out[n++] = (struct detect_var){
            .kind = e->kind, .name = e->name, .value = e->value, .len = e->len, .num = e->num};
    }
    return n;
}

void detect_fvars_free(struct detect_flow *df)
{
    kh_free(df->vars);
    df->vars = NULL;
}
