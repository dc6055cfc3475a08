/* SPDX-License-Identifier: GPL-2.0-only */
/* Loading rule files into a rule set: lines, duplicates, errors, the load report, -T. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/err.h"
#include "core/log.h"
#include "detect/dataset.h"
#include "detect/detect.h"

static const char *const rerr_names[DETECT_RERR_MAX] = {
    [DETECT_RERR_SYNTAX] = "syntax",
    [DETECT_RERR_ACTION] = "action",
    [DETECT_RERR_PROTO] = "protocol",
    [DETECT_RERR_ADDRESS] = "address",
    [DETECT_RERR_PORT] = "port",
    [DETECT_RERR_DIRECTION] = "direction",
    [DETECT_RERR_UNKNOWN_KEYWORD] = "unknown-keyword",
    [DETECT_RERR_VALUE] = "invalid-value",
    [DETECT_RERR_CONTEXT] = "misplaced-keyword",
    [DETECT_RERR_PCRE] = "pcre",
    [DETECT_RERR_CLASSTYPE] = "classtype",
    [DETECT_RERR_REFERENCE] = "reference",
    [DETECT_RERR_NO_SID] = "no-sid",
    [DETECT_RERR_DUP_SID] = "duplicate-sid",
    [DETECT_RERR_NOMEM] = "out-of-memory",
};

const char *detect_rerr_name(enum detect_rerr kind)
{
    return (unsigned)kind < DETECT_RERR_MAX ? rerr_names[kind] : "?";
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The state of one load. */
struct loader {
    struct detect_rules *r;
    const struct detect_load_opts *o;
    struct rule_env env;
    uint32_t sig_cap;
    uint32_t err_cap;
    uint64_t *sid_keys; /* open addressing: gid << 32 | sid, 0 = empty */
    uint32_t *sid_idx;
    uint32_t sid_cap;
    char *buf; /* the current rule, continuations joined */
    size_t buf_cap;
};

static const char *var_lookup(void *ctx, bool port, const char *name)
{
    const struct loader *ld = ctx;
    const struct detect_load_opts *o = ld->o;
    const char *v = NULL;
    if (o->var_lookup != NULL && (v = o->var_lookup(o->var_ctx, port, name)) != NULL)
        return v;
    if (o->conf != NULL) {
        const struct conf_node *g =
            conf_node_get(o->conf, NULL, port ? "vars.port-groups" : "vars.address-groups");
        const struct conf_node *n = g ? conf_node_child(g, name) : NULL;
        if (n != NULL && n->value != NULL)
            return n->value;
    }
    return NULL; /* the parser falls back to Suricata's defaults */
}

static int add_error(struct loader *ld, const char *file, uint32_t line, const struct rule_fail *f)
{
    struct detect_rules *r = ld->r;
    r->errors_by_kind[f->kind]++;
    if (r->nerrors >= DETECT_MAX_ERRORS) {
        r->nerrors_dropped++;
        return 0;
    }
    if (r->nerrors == ld->err_cap) {
        uint32_t cap = ld->err_cap ? ld->err_cap * 2 : 16;
        struct detect_rule_error *v = kh_reallocarray(r->errors, cap, sizeof(*v));
        if (v == NULL)
            return KH_ENOMEM;
        r->errors = v;
        ld->err_cap = cap;
    }
    struct detect_rule_error *e = &r->errors[r->nerrors];
    e->file = file;
    e->line = line;
    e->sid = f->sid;
    e->kind = f->kind;
    e->keyword = kh_strdup(f->keyword);
    e->reason = kh_strdup(f->reason);
    if (e->keyword == NULL || e->reason == NULL) {
        kh_free(e->keyword);
        kh_free(e->reason);
        return KH_ENOMEM;
    }
    r->nerrors++;
    return 0;
}

static int sid_grow(struct loader *ld)
{
    uint32_t cap = ld->sid_cap ? ld->sid_cap * 2 : 1024;
    uint64_t *keys = kh_calloc(cap, sizeof(*keys));
    uint32_t *idx = kh_calloc(cap, sizeof(*idx));
    if (keys == NULL || idx == NULL) {
        kh_free(keys);
        kh_free(idx);
        return KH_ENOMEM;
    }
    for (uint32_t i = 0; i < ld->sid_cap; i++) {
        if (ld->sid_keys[i] == 0)
            continue;
        uint32_t j = (uint32_t)(ld->sid_keys[i] * 0x9e3779b97f4a7c15ull >> 40) & (cap - 1);
        while (keys[j] != 0)
            j = (j + 1) & (cap - 1);
        keys[j] = ld->sid_keys[i];
        idx[j] = ld->sid_idx[i];
    }
    kh_free(ld->sid_keys);
    kh_free(ld->sid_idx);
    ld->sid_keys = keys;
    ld->sid_idx = idx;
    ld->sid_cap = cap;
    return 0;
}

/* The slot for gid:sid (found, or the empty one to fill). */
static uint32_t sid_slot(const struct loader *ld, uint64_t key)
{
    uint32_t j = (uint32_t)(key * 0x9e3779b97f4a7c15ull >> 40) & (ld->sid_cap - 1);
    while (ld->sid_keys[j] != 0 && ld->sid_keys[j] != key)
        j = (j + 1) & (ld->sid_cap - 1);
    return j;
}

static void dup_fail(struct rule_fail *f, const struct sig *kept, const struct sig *lost)
{
    memset(f, 0, sizeof(*f));
    f->kind = DETECT_RERR_DUP_SID;
    f->sid = lost->sid;
    snprintf(f->reason, sizeof(f->reason), "duplicate sid %u:%u (rev %u); rev %u at %s:%u is kept",
             lost->gid, lost->sid, lost->rev, kept->rev, kept->file, kept->line);
}

/*
 * Add a parsed sig. A second gid:sid is a duplicate: as Suricata does, the higher rev stays
 * and the other is reported (never dropped silently).
 */
static int add_sig(struct loader *ld, struct sig *s)
{
    struct detect_rules *r = ld->r;
    struct rule_fail f;
    if ((r->nsigs + 1) * 2 > ld->sid_cap && sid_grow(ld))
        return KH_ENOMEM;
    uint64_t key = (uint64_t)s->gid << 32 | s->sid | 1ull << 63;
    uint32_t j = sid_slot(ld, key);
    if (ld->sid_keys[j] != 0) {
        struct sig **old = &r->sigs[ld->sid_idx[j]];
        bool replace = s->rev > (*old)->rev;
        dup_fail(&f, replace ? s : *old, replace ? *old : s);
        if (add_error(ld, replace ? (*old)->file : s->file, replace ? (*old)->line : s->line, &f))
            return KH_ENOMEM;
        if (replace) {
            sig_free(*old);
            *old = s;
        } else {
            sig_free(s);
        }
        return 0;
    }
    if (r->nsigs == ld->sig_cap) {
        uint32_t cap = ld->sig_cap ? ld->sig_cap * 2 : 256;
        struct sig **v = kh_reallocarray(r->sigs, cap, sizeof(*v));
        if (v == NULL)
            return KH_ENOMEM;
        r->sigs = v;
        ld->sig_cap = cap;
    }
    ld->sid_keys[j] = key;
    ld->sid_idx[j] = r->nsigs;
    r->sigs[r->nsigs++] = s;
    return 0;
}

static int load_rule(struct loader *ld, const char *file, uint32_t line, const char *text)
{
    struct rule_fail f;
    struct sig *s;
    int rc = rule_parse(&ld->env, text, &s, &f, &ld->r->pcre_ns);
    if (rc == KH_ENOMEM)
        return KH_ENOMEM;
    if (rc != 0)
        return add_error(ld, file, line, &f);
    s->file = file;
    s->line = line;
    if ((s->text = kh_strdup(text)) == NULL) {
        sig_free(s);
        return KH_ENOMEM;
    }
    rc = add_sig(ld, s);
    if (rc != 0)
        sig_free(s);
    return rc;
}

static int buf_append(struct loader *ld, size_t used, const char *s, size_t n)
{
    if (used + n + 1 > ld->buf_cap) {
        size_t cap = (used + n + 1) * 2;
        char *b = kh_reallocarray(ld->buf, cap, 1);
        if (b == NULL)
            return KH_ENOMEM;
        ld->buf = b;
        ld->buf_cap = cap;
    }
    memcpy(ld->buf + used, s, n);
    ld->buf[used + n] = '\0';
    return 0;
}

/* Split text into rules: '#' comments and blank lines skipped, a trailing '\' continues. */
static int load_text(struct loader *ld, const char *file, const char *text)
{
    uint32_t line = 0, start = 0;
    size_t used = 0;
    const char *p = text;
    while (*p != '\0') {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        line++;
        while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        bool cont = n && p[n - 1] == '\\';
        if (used == 0) {
            const char *q = p;
            size_t m = n;
            while (m && (*q == ' ' || *q == '\t')) {
                q++;
                m--;
            }
            start = line;
            if (m == 0 || *q == '#') {
                p = nl ? nl + 1 : p + strlen(p);
                continue;
            }
        }
        if (buf_append(ld, used, p, cont ? n - 1 : n))
            return KH_ENOMEM;
        used += cont ? n - 1 : n;
        p = nl ? nl + 1 : p + strlen(p);
        if (cont && *p != '\0')
            continue;
        used = 0;
        if (load_rule(ld, file, start, ld->buf))
            return KH_ENOMEM;
    }
    return 0;
}

static char *add_file_name(struct detect_rules *r, const char *name)
{
    char **v = kh_reallocarray(r->files, r->nfiles + 1, sizeof(*v));
    if (v == NULL)
        return NULL;
    r->files = v;
    if ((v[r->nfiles] = kh_strdup(name)) == NULL)
        return NULL;
    return v[r->nfiles++];
}

static int load_conf_files(struct detect_rules *r, const struct detect_load_opts *o, char *errbuf,
                           size_t errlen)
{
    const char *paths[3] = {o->classification_file, o->reference_file, o->threshold_file};
    for (int i = 0; i < 3; i++) {
        char *text;
        size_t len;
        int rc;
        if (paths[i] == NULL)
            continue;
        if ((rc = detect_read_file(paths[i], &text, &len, errbuf, errlen)) != 0)
            return rc;
        if (i == 0)
            rc = detect_classes_parse(&r->classes, text, paths[i], errbuf, errlen);
        else if (i == 1)
            rc = detect_refsys_parse(&r->refs, text, paths[i], errbuf, errlen);
        else
            rc = detect_thresholds_parse(&r->thresholds, text, paths[i], errbuf, errlen);
        kh_free(text);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* The dataset registry (given, or the rule set's own) and the IP reputation files. */
static int load_data_sets(struct loader *ld, char *errbuf, size_t errlen)
{
    const struct detect_load_opts *o = ld->o;
    struct detect_rules *r = ld->r;
    int rc;
    ld->env.datasets = o->datasets;
    if (o->conf != NULL)
        conf_get_str(o->conf, "default-rule-path", &ld->env.rule_path);
    if (ld->env.datasets == NULL) {
        if ((r->own_datasets = ds_registry_new(0, 0, NULL)) == NULL)
            return KH_ENOMEM;
        if ((rc = ds_registry_configure(r->own_datasets, o->conf, NULL, errbuf, errlen)) != 0)
            return rc;
        ld->env.datasets = r->own_datasets;
    }
    r->iprep = iprep_load(o->conf, &rc, errbuf, errlen);
    ld->env.iprep = r->iprep;
    return rc;
}

static int load_rule_files(struct loader *ld, char *errbuf, size_t errlen)
{
    const struct detect_load_opts *o = ld->o;
    if (o->text != NULL) {
        const char *name = add_file_name(ld->r, o->text_name ? o->text_name : "<string>");
        return name ? load_text(ld, name, o->text) : KH_ENOMEM;
    }
    if (o->nfiles > DETECT_MAX_RULE_FILES) {
        snprintf(errbuf, errlen, "more than %u rule files", DETECT_MAX_RULE_FILES);
        return KH_EINVAL;
    }
    for (size_t i = 0; i < o->nfiles; i++) {
        char *text, dir[4096];
        size_t len;
        const char *slash = strrchr(o->files[i], '/');
        snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - o->files[i]) : 0, o->files[i]);
        ld->env.rule_dir = slash == o->files[i] ? "/" : dir; /* dataset load: beside the rules */
        int rc = detect_read_file(o->files[i], &text, &len, errbuf, errlen);
        if (rc != 0)
            return rc;
        const char *name = add_file_name(ld->r, o->files[i]);
        rc = name ? load_text(ld, name, text) : KH_ENOMEM;
        kh_free(text);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static void tally(struct detect_rules *r)
{
    for (uint32_t i = 0; i < r->nsigs; i++) {
        const struct sig *s = r->sigs[i];
        if (s->matchable) {
            r->nmatchable++;
            continue;
        }
        r->nunsupported++;
        if (s->proto == SIG_PROTO_APP && !detect_app_proto_matchable(s->app_proto) &&
            s->app_proto < KH_ARRAY_LEN(r->unsupported_app_proto))
            r->unsupported_app_proto[s->app_proto]++;
        for (unsigned k = 0; k < DETECT_KW_MAX; k++)
            if (s->unsupported[k / 64] & (1ull << (k % 64)))
                r->unsupported_rules[k]++;
    }
}

struct detect_rules *detect_rules_load(const struct detect_load_opts *o, char *errbuf,
                                       size_t errlen)
{
    struct loader ld = {.o = o};
    uint64_t t0 = now_ns();
    int rc = KH_ENOMEM;
    snprintf(errbuf, errlen, "out of memory loading rules");
    ld.r = kh_calloc(1, sizeof(*ld.r));
    if (ld.r == NULL || (ld.r->intern = addr_intern_new()) == NULL)
        goto fail;
    if ((rc = load_conf_files(ld.r, o, errbuf, errlen)) != 0)
        goto fail;
    ld.env.addr.lookup = var_lookup;
    ld.env.addr.lookup_ctx = &ld;
    ld.env.addr.intern = ld.r->intern;
    ld.env.classes = o->classification_file ? &ld.r->classes : NULL;
    ld.env.refs = o->reference_file ? &ld.r->refs : NULL;
    ld.env.compile_pcre = !o->skip_pcre_compile;
    if ((rc = load_data_sets(&ld, errbuf, errlen)) != 0)
        goto fail;
    if ((rc = load_rule_files(&ld, errbuf, errlen)) != 0) {
        if (rc == KH_ENOMEM)
            snprintf(errbuf, errlen, "out of memory loading rules");
        goto fail;
    }
    ld.r->parse_ns = now_ns() - t0;
    tally(ld.r);
    if (o->init_errors_fatal && ld.r->nerrors > 0) {
        const struct detect_rule_error *e = &ld.r->errors[0];
        snprintf(errbuf, errlen, "%s:%u: sid %u: %s%s%s (and %u more errors)", e->file, e->line,
                 e->sid, e->keyword, *e->keyword ? ": " : "", e->reason, ld.r->nerrors - 1);
        detect_rules_report(ld.r);
        goto fail;
    }
    errbuf[0] = '\0';
    kh_free(ld.sid_keys);
    kh_free(ld.sid_idx);
    kh_free(ld.buf);
    return ld.r;
fail:
    kh_free(ld.sid_keys);
    kh_free(ld.sid_idx);
    kh_free(ld.buf);
    detect_rules_free(ld.r);
    return NULL;
}

void detect_rules_free(struct detect_rules *r)
{
    if (r == NULL)
        return;
    for (uint32_t i = 0; i < r->nsigs; i++)
        sig_free(r->sigs[i]);
    kh_free(r->sigs);
    ds_registry_free(r->own_datasets);
    iprep_free(r->iprep);
    for (uint32_t i = 0; i < r->nerrors; i++) {
        kh_free(r->errors[i].keyword);
        kh_free(r->errors[i].reason);
    }
    kh_free(r->errors);
    for (uint32_t i = 0; i < r->nfiles; i++)
        kh_free(r->files[i]);
    kh_free(r->files);
    detect_classes_fini(&r->classes);
    detect_refsys_fini(&r->refs);
    detect_thresholds_fini(&r->thresholds);
    addr_intern_free(r->intern);
    kh_free(r);
}

/* ---- reporting ---- */

static void emit(FILE *out, enum kh_log_level lvl, const char *fmt, ...) KH_PRINTF(3, 4);
static void emit(FILE *out, enum kh_log_level lvl, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (out != NULL)
        fprintf(out, "%s\n", line);
    else
        kh_log(lvl, "%s", line);
}

static void report(const struct detect_rules *r, FILE *out)
{
    for (uint32_t i = 0; i < r->nerrors; i++) {
        const struct detect_rule_error *e = &r->errors[i];
        emit(out, KH_LOG_ERROR, "detect: %s:%u: sid %u: %s%s%s [%s]", e->file, e->line, e->sid,
             e->keyword, *e->keyword ? ": " : "", e->reason, detect_rerr_name(e->kind));
    }
    if (r->nerrors_dropped)
        emit(out, KH_LOG_ERROR, "detect: %u more rule errors not listed", r->nerrors_dropped);
    /* keywords by descending count */
    uint32_t done[DETECT_KW_MAX] = {0};
    for (;;) {
        int best = -1;
        for (int k = 0; k < DETECT_KW_MAX; k++)
            if (r->unsupported_rules[k] && !done[k] &&
                (best < 0 || r->unsupported_rules[k] > r->unsupported_rules[best]))
                best = k;
        if (best < 0)
            break;
        done[best] = 1;
        emit(out, KH_LOG_WARNING,
             "detect: %u rules use keyword '%s' which khien cannot match yet; they are not "
             "loaded",
             r->unsupported_rules[best], detect_kw_get((enum detect_kw_id)best)->name);
    }
    for (unsigned a = 0; a < KH_ARRAY_LEN(r->unsupported_app_proto); a++)
        if (r->unsupported_app_proto[a])
            emit(out, KH_LOG_WARNING,
                 "detect: %u rules use protocol '%s' which khien cannot match yet; they are not "
                 "loaded",
                 r->unsupported_app_proto[a], detect_app_proto_name(a));
    emit(out, KH_LOG_NOTICE,
         "detect: %u rules parsed, %u failed; %u loaded, %u not matchable yet; parsing took %.1f "
         "ms (pcre compile %.1f ms)",
         r->nsigs, r->nerrors + r->nerrors_dropped, r->nmatchable, r->nunsupported,
         (double)r->parse_ns / 1e6, (double)r->pcre_ns / 1e6);
}

void detect_rules_report(const struct detect_rules *r)
{
    report(r, NULL);
}

void detect_rules_print(const struct detect_rules *r, FILE *out)
{
    report(r, out);
}

int detect_rules_test(const struct detect_load_opts *o, FILE *out)
{
    struct detect_load_opts lo = *o;
    char err[512];
    lo.init_errors_fatal = false; /* load everything to report it; decide below */
    struct detect_rules *r = detect_rules_load(&lo, err, sizeof(err));
    if (r == NULL) {
        fprintf(out, "detect: %s\n", err);
        return 1;
    }
    detect_rules_print(r, out);
    int status = o->init_errors_fatal && r->nerrors > 0 ? 1 : 0;
    detect_rules_free(r);
    return status;
}

void detect_list_keywords(FILE *out)
{
    static const char *const kinds[] = {"option", "sticky-buffer", "transform", "modifier",
                                        "content-modifier"};
    /* Until the matcher lands, the last column says which keywords the first matcher runs. */
    fprintf(out, "# khien parses and checks every keyword below; signature matching is not built "
                 "yet\n");
    fprintf(out, "%-26s %-17s %s\n", "keyword", "kind", "first matcher runs it");
    for (int k = 0; k < DETECT_KW_MAX; k++) {
        const struct detect_kw *kw = detect_kw_get((enum detect_kw_id)k);
        const char *m = (kw->flags & KWF_META)    ? "yes (rule metadata)"
                        : (kw->flags & KWF_MATCH) ? "yes"
                                                  : "no (parsed; rules using it are not loaded)";
        char alias[64] = "";
        if ((kw->kind == DETECT_KW_KIND_STICKY || kw->kind == DETECT_KW_KIND_CBUF) &&
            kw->buffer != k)
            snprintf(alias, sizeof(alias), " -> %s", detect_kw_get(kw->buffer)->name);
        fprintf(out, "%-26s %-17s %s%s\n", kw->name, kinds[kw->kind], m, alias);
    }
}
