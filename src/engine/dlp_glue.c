/* SPDX-License-Identifier: GPL-2.0-only */
/* The engine's side of DLP (dlp_glue.h): HOME_NET, feeding, and alerts through EVE. */
#include "dlp_glue.h"

#include <string.h>

#include "core/alloc.h"
#include "core/err.h"
#include "core/log.h"
#include "core/stats.h"
#include "decode/packet.h"
#include "detect/rules/addr.h"
#include "dlp/dlp.h"
#include "flow/flow.h"
#include "output/eve/eve.h"

/* DLP alerts classify as Suricata's "sdf" class (classification.config, priority 2). */
#define DLP_CATEGORY "Sensitive Data was Transmitted Across the Network"

struct engine_dlp {
    struct dlp_ctx *ctx;
    struct eve_output *eve;
    const struct sig_addr *home; /* HOME_NET, owned */
    uint64_t no_packet;          /* alerts raised at flow end, logged on a pseudo packet */
    /* the document being fed, for the alert callback */
    const struct packet *p;
    struct flow *f;
    int dir;
    const struct engine_dlp_doc *doc;
};

struct var_src {
    const struct conf *conf;
};

static const char *var_lookup(void *arg, bool port, const char *name)
{
    const struct var_src *vs = arg;
    const struct conf_node *g =
        conf_node_get(vs->conf, NULL, port ? "vars.port-groups" : "vars.address-groups");
    const struct conf_node *n = g ? conf_node_child(g, name) : NULL;
    return n != NULL ? n->value : NULL;
}

int engine_dlp_new(const struct conf *conf, struct eve_output *eve, struct engine_dlp **out)
{
    char err[512];
    struct dlp_config cfg;
    *out = NULL;
    dlp_config_defaults(&cfg);
    if (dlp_config_load(&cfg, conf, err, sizeof(err)) != KH_OK) {
        kh_err("configuration: %s", err);
        return KH_EINVAL;
    }
    if (!cfg.enabled)
        return KH_OK;
    struct engine_dlp *ed = kh_calloc(1, sizeof(*ed));
    if (ed == NULL)
        return KH_ENOMEM;
    struct var_src vs = {.conf = conf};
    struct addr_ctx ac = {.lookup = var_lookup, .lookup_ctx = &vs, .intern = NULL};
    if (addr_parse(&ac, "$HOME_NET", &ed->home, err, sizeof(err)) != KH_OK) {
        kh_err("dlp: HOME_NET: %s", err);
        kh_free(ed);
        return KH_EINVAL;
    }
    if (cfg.key_len == 0)
        kh_warn("dlp: dlp.hash-key is not set: sample hashes use a random key for this run, "
                "so they cannot be compared across runs or sensors");
    ed->ctx = dlp_ctx_new(&cfg);
    ed->eve = eve;
    if (ed->ctx == NULL) {
        engine_dlp_free(ed);
        return KH_ENOMEM;
    }
    *out = ed;
    return KH_OK;
}

void engine_dlp_free(struct engine_dlp *ed)
{
    if (ed == NULL)
        return;
    sig_addr_free((struct sig_addr *)(uintptr_t)ed->home);
    dlp_ctx_free(ed->ctx);
    kh_free(ed);
}

static bool is_home(const struct engine_dlp *ed, const struct flow *f, const struct kh_addr *a)
{
    return sig_addr_contains(ed->home, a->b, f->ip_ver == 4 ? 4 : 16);
}

/* Direction 0 goes from the flow's src (the client) to its dst; 1 the other way. */
static enum dlp_way way_of(const struct engine_dlp *ed, const struct flow *f, int dir)
{
    bool from = is_home(ed, f, dir == 0 ? &f->src : &f->dst);
    bool to = is_home(ed, f, dir == 0 ? &f->dst : &f->src);
    return from && !to   ? DLP_WAY_OUTBOUND
           : !from && to ? DLP_WAY_INBOUND
           : from        ? DLP_WAY_INTERNAL
                         : DLP_WAY_EXTERNAL;
}

/* At flow end no packet carries the data: the alert is logged with the flow's tuple. */
static void pseudo_packet(struct packet *pp, const struct flow *f, int dir)
{
    memset(pp, 0, sizeof(*pp));
    pp->ts_usec = f->last_ts;
    pp->flow = (struct flow *)(uintptr_t)f;
    pp->flow_dir = (uint8_t)dir;
    pp->ip_ver = f->ip_ver;
    pp->proto = f->proto;
    pp->src = dir == 0 ? f->src : f->dst;
    pp->dst = dir == 0 ? f->dst : f->src;
    pp->sp = dir == 0 ? f->sp : f->dp;
    pp->dp = dir == 0 ? f->dp : f->sp;
}

static void on_alert(void *arg, const struct dlp_alert *a)
{
    struct engine_dlp *ed = arg;
    struct packet pseudo;
    const struct packet *p = ed->p;
    if (p == NULL) {
        ed->no_packet++;
        pseudo_packet(&pseudo, ed->f, ed->dir);
        p = &pseudo;
    }
    ed->f->alerted = true;
    if (ed->eve == NULL)
        return;
    const char *masked[DLP_SAMPLES], *hashes[DLP_SAMPLES];
    for (uint32_t i = 0; i < a->nsamples && i < DLP_SAMPLES; i++) {
        masked[i] = a->samples[i].masked;
        hashes[i] = a->samples[i].hash;
    }
    struct eve_dlp d = {
        .detector = a->detector,
        .count = a->count,
        .direction = a->direction,
        .source = a->source,
        .level = a->level,
        .encoding = a->encoding,
        .doc_type = a->doc_type,
        .file_name = a->file_name,
        .file_name_len = a->file_name_len,
        .masked = masked,
        .hashes = hashes,
        .nsamples = a->nsamples < DLP_SAMPLES ? a->nsamples : DLP_SAMPLES,
    };
    struct eve_alert ea = {
        .gid = 1,
        .sid = a->sid,
        .rev = 1,
        .msg = a->signature,
        .category = DLP_CATEGORY,
        .severity = a->severity,
        .has_tx = ed->doc->has_tx,
        .tx_id = ed->doc->tx_id,
        .http = ed->doc->http,
        .dlp = &d,
    };
    eve_log_alert(ed->eve, p, &ea);
}

void engine_dlp_data(struct engine_dlp *ed, const struct packet *p, struct flow *f, int dir,
                     const struct engine_dlp_doc *doc, const uint8_t *data, size_t len)
{
    if (ed == NULL)
        return;
    enum dlp_way way;
    if (!dlp_flow_way(f->dlp_state, dir, &way)) /* HOME_NET is looked up once per direction */
        way = way_of(ed, f, dir);
    struct dlp_input in = {
        .dir = dir,
        .way = way,
        .doc_id = doc->doc_id,
        .source = doc->source,
        .name = doc->name,
        .name_len = doc->name_len,
        .p = data,
        .n = len,
        .last = doc->last,
    };
    ed->p = p;
    ed->f = f;
    ed->dir = dir;
    ed->doc = doc;
    dlp_flow_feed(ed->ctx, (struct dlp_flow **)&f->dlp_state, &in, on_alert, ed);
    ed->p = NULL;
    ed->doc = NULL;
}

void engine_dlp_gap(struct engine_dlp *ed, struct flow *f, int dir)
{
    if (ed != NULL && f->dlp_state != NULL)
        dlp_flow_gap(ed->ctx, f->dlp_state, dir);
}

void engine_dlp_flow_end(struct engine_dlp *ed, struct flow *f)
{
    if (ed != NULL && f->dlp_state != NULL) {
        dlp_flow_free(ed->ctx, f->dlp_state);
        f->dlp_state = NULL;
    }
}

size_t engine_dlp_stats(const struct engine_dlp *ed, struct stats_value *vals, size_t max)
{
    static const char *const hit_names[DLP_KIND_MAX] = {
        [DLP_CCCD] = "dlp.hits.cccd",    [DLP_CMND] = "dlp.hits.cmnd",
        [DLP_PHONE] = "dlp.hits.phone",  [DLP_CARD] = "dlp.hits.card",
        [DLP_EMAIL] = "dlp.hits.email",  [DLP_PASSPORT] = "dlp.hits.passport",
        [DLP_TAX] = "dlp.hits.tax_code", [DLP_BHXH] = "dlp.hits.social_insurance",
    };
    if (ed == NULL)
        return 0;
    const struct dlp_stats *st = dlp_ctx_stats(ed->ctx);
    /*
     * Suricata's EVE schema has no dlp section: the counters are written only when DLP
     * alerted or reached a cap, so plain runs keep to the schema.
     */
    if (st->alerts == 0 && st->depth_reached == 0 && st->distinct_capped == 0 &&
        st->inflate_capped == 0 && st->zip_errors == 0 && st->flow_memcap == 0)
        return 0;
    struct stats_value v[] = {
        {"dlp.bytes", st->bytes},
        {"dlp.alerts", st->alerts},
        {"dlp.depth_reached", st->depth_reached},
        {"dlp.distinct_capped", st->distinct_capped},
        {"dlp.inflate_capped", st->inflate_capped},
        {"dlp.zip_errors", st->zip_errors},
        {"dlp.flow_memcap", st->flow_memcap},
        {"dlp.alerts_at_flow_end", ed->no_packet},
    };
    size_t n = 0;
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]) && n < max; i++)
        vals[n++] = v[i];
    for (int k = 0; k < DLP_KIND_MAX && n < max; k++)
        vals[n++] = (struct stats_value){hit_names[k], st->hits[k]};
    return n;
}
