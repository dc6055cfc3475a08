/* SPDX-License-Identifier: GPL-2.0-only */
/* JSON feed formats: STIX 2.1 bundles (indicator patterns) and MISP events and feed folders. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/err.h"
#include "core/log.h"
#include "feeds_internal.h"

/* One comparison of a STIX pattern: an object path and a quoted value. */
struct term {
    enum intel_type type;
    char value[INTEL_MAX_VALUE];
    size_t len;
};

struct pat {
    const char *p;
    struct term *terms;
    unsigned n;
};

static void skip_sp(struct pat *pt)
{
    while (isspace((unsigned char)*pt->p))
        pt->p++;
}

static bool eat(struct pat *pt, const char *w)
{
    skip_sp(pt);
    size_t n = strlen(w);
    if (strncmp(pt->p, w, n) != 0)
        return false;
    pt->p += n;
    return true;
}

/* The object paths khien matches, and their indicator types. */
static int path_type(const char *path, size_t n)
{
    static const struct {
        const char *path;
        enum intel_type t;
    } paths[] = {
        {"ipv4-addr:value", INTEL_T_IP},
        {"ipv6-addr:value", INTEL_T_IP},
        {"domain-name:value", INTEL_T_DOMAIN},
        {"url:value", INTEL_T_URL},
        {"file:hashes.MD5", INTEL_T_MD5},
        {"file:hashes.'MD5'", INTEL_T_MD5},
        {"file:hashes.'SHA-1'", INTEL_T_SHA1},
        {"file:hashes.SHA1", INTEL_T_SHA1},
        {"file:hashes.'SHA-256'", INTEL_T_SHA256},
        {"file:hashes.SHA256", INTEL_T_SHA256},
        {"x509-certificate:hashes.'SHA-1'", INTEL_T_CERT_SHA1},
        {"x509-certificate:hashes.SHA1", INTEL_T_CERT_SHA1},
    };
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
        if (strlen(paths[i].path) == n && strncmp(paths[i].path, path, n) == 0)
            return (int)paths[i].t;
    return -1;
}

/* path = 'value' */
static bool parse_term(struct pat *pt)
{
    skip_sp(pt);
    const char *start = pt->p;
    while (*pt->p && !isspace((unsigned char)*pt->p) && *pt->p != '=' && *pt->p != ']' &&
           *pt->p != '!')
        pt->p++;
    int t = path_type(start, (size_t)(pt->p - start));
    if (t < 0 || !eat(pt, "=") || !eat(pt, "'") || pt->n == INTEL_MAX_PATTERN_TERMS)
        return false;
    struct term *tm = &pt->terms[pt->n];
    tm->type = (enum intel_type)t;
    tm->len = 0;
    for (;;) {
        char ch = *pt->p++;
        if (ch == '\0' || tm->len + 1 >= INTEL_MAX_VALUE)
            return false;
        if (ch == '\'')
            break;
        if (ch == '\\') {
            ch = *pt->p++;
            if (ch != '\\' && ch != '\'')
                return false;
        }
        tm->value[tm->len++] = ch;
    }
    pt->n++;
    return true;
}

/* [term OR term ...] (OR [ ... ])*: anything else (AND, qualifiers, other ops) fails. */
static bool parse_pattern(struct pat *pt)
{
    do {
        if (!eat(pt, "["))
            return false;
        do {
            if (!parse_term(pt))
                return false;
        } while (eat(pt, "OR"));
        if (!eat(pt, "]"))
            return false;
    } while (eat(pt, "OR"));
    skip_sp(pt);
    return *pt->p == '\0';
}

static int conf_of(const struct ij_doc *d, const struct ij_node *o)
{
    double v;
    return ij_num(d, ij_get(d, o, "confidence"), &v) && v >= 0 && v <= 100 ? (int)v : -1;
}

static void stix_indicator(struct feed_ctx *fc, const struct ij_doc *d, const struct ij_node *o,
                           unsigned idx, struct term *terms)
{
    const char *pattern = ij_get_str(d, o, "pattern");
    const char *ptype = ij_get_str(d, o, "pattern_type");
    const struct ij_node *rev = ij_get(d, o, "revoked");
    if (pattern == NULL) {
        feed_error(fc, 0, "indicator %u (%s): no pattern", idx, ij_get_str(d, o, "id") ?: "?");
        return;
    }
    if ((ptype && strcmp(ptype, "stix") != 0) || (rev && rev->type == IJ_BOOL && rev->b)) {
        fc->f->skipped++;
        return;
    }
    struct pat pt = {.p = pattern, .terms = terms};
    if (!parse_pattern(&pt)) {
        fc->f->skipped++;
        if (fc->f->skipped <= INTEL_MAX_ERRORS_LOGGED)
            kh_info("intel: %s: indicator %s: pattern not supported, skipped: %.200s", fc->file,
                    ij_get_str(d, o, "id") ?: "?", pattern);
        return;
    }
    int64_t exp = 0;
    const char *until = ij_get_str(d, o, "valid_until");
    if (until && (exp = feed_parse_time(until)) < 0) {
        feed_error(fc, 0, "indicator %s: bad valid_until", ij_get_str(d, o, "id") ?: "?");
        return;
    }
    const char *desc = ij_get_str(d, o, "name");
    if (desc == NULL)
        desc = ij_get_str(d, o, "description");
    uint32_t meta = feed_meta(fc, conf_of(d, o), -1, -1, exp, desc);
    for (unsigned i = 0; i < pt.n && !fc->fatal; i++)
        feed_add(fc, terms[i].type, terms[i].value, terms[i].len, meta, 0);
}

int feed_load_stix(struct feed_ctx *fc, const uint8_t *buf, size_t len, char *errbuf, size_t errlen)
{
    char err[128];
    struct ij_doc *d = ij_parse(buf, len, err, sizeof(err));
    if (d == NULL) {
        snprintf(errbuf, errlen, "%s: not JSON: %s", fc->file, err);
        return KH_EFORMAT;
    }
    const struct ij_node *root = ij_root(d), *objs = root;
    if (root->type == IJ_OBJ)
        objs = ij_get(d, root, "objects");
    struct term *terms = kh_calloc(INTEL_MAX_PATTERN_TERMS, sizeof(*terms));
    int rc = KH_OK;
    if (terms == NULL) {
        rc = KH_ENOMEM;
    } else if (root->type == IJ_OBJ && objs == NULL) {
        const char *t = ij_get_str(d, root, "type");
        if (t && strcmp(t, "indicator") == 0)
            stix_indicator(fc, d, root, 0, terms);
        else
            rc = KH_EFORMAT;
    } else if (objs == NULL || objs->type != IJ_ARR) {
        rc = KH_EFORMAT;
    } else {
        unsigned idx = 0;
        for (const struct ij_node *o = ij_first(d, objs); o && !fc->fatal; o = ij_next(d, o)) {
            const char *t = ij_get_str(d, o, "type");
            idx++;
            if (t == NULL)
                feed_error(fc, 0, "object %u has no type", idx);
            else if (strcmp(t, "indicator") == 0)
                stix_indicator(fc, d, o, idx, terms);
        }
    }
    if (rc == KH_EFORMAT)
        snprintf(errbuf, errlen, "%s: not a STIX bundle (no objects array)", fc->file);
    kh_free(terms);
    ij_free(d);
    return rc == KH_OK && fc->fatal ? KH_ENOMEM : rc;
}

/* MISP attribute types and what they carry ("a|b": which half holds the value). */
static bool misp_type(const char *type, enum intel_type *t, int *half)
{
    static const struct {
        const char *name;
        enum intel_type t;
        int half; /* 0: the whole value, 1: before '|', 2: after '|' */
    } types[] = {
        {"ip-dst", INTEL_T_IP, 0},
        {"ip-src", INTEL_T_IP, 0},
        {"ip-dst|port", INTEL_T_IP, 1},
        {"ip-src|port", INTEL_T_IP, 1},
        {"domain", INTEL_T_DOMAIN, 0},
        {"hostname", INTEL_T_DOMAIN, 0},
        {"domain|ip", INTEL_T_DOMAIN, 1},
        {"hostname|port", INTEL_T_DOMAIN, 1},
        {"url", INTEL_T_URL, 0},
        {"md5", INTEL_T_MD5, 0},
        {"sha1", INTEL_T_SHA1, 0},
        {"sha256", INTEL_T_SHA256, 0},
        {"filename|md5", INTEL_T_MD5, 2},
        {"filename|sha1", INTEL_T_SHA1, 2},
        {"filename|sha256", INTEL_T_SHA256, 2},
        {"x509-fingerprint-sha1", INTEL_T_CERT_SHA1, 0},
        {"ja3-fingerprint-md5", INTEL_T_JA3, 0},
        {"ja4-fingerprint", INTEL_T_JA4, 0},
    };
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        if (strcmp(type, types[i].name) == 0) {
            *t = types[i].t;
            *half = types[i].half;
            return true;
        }
    return false;
}

static void misp_attribute(struct feed_ctx *fc, const struct ij_doc *d, const struct ij_node *a,
                           uint32_t meta)
{
    const char *type = ij_get_str(d, a, "type"), *value = ij_get_str(d, a, "value");
    const struct ij_node *ids = ij_get(d, a, "to_ids"), *del = ij_get(d, a, "deleted");
    enum intel_type t;
    int half;
    if (type == NULL || value == NULL) {
        feed_error(fc, 0, "attribute %s without type or value", ij_get_str(d, a, "uuid") ?: "?");
        return;
    }
    bool to_ids = ids && ((ids->type == IJ_BOOL && ids->b) ||
                          (ids->type == IJ_STR && strcmp(ij_str(d, ids), "1") == 0));
    bool deleted = del && del->type == IJ_BOOL && del->b;
    if (deleted || (fc->c->misp_to_ids && !to_ids) || !misp_type(type, &t, &half)) {
        fc->f->skipped++;
        return;
    }
    size_t n = strlen(value);
    const char *bar = strchr(value, '|');
    if (half && bar == NULL) {
        feed_error(fc, 0, "attribute of type %s without '|': %.80s", type, value);
        return;
    }
    if (half == 1)
        n = (size_t)(bar - value);
    else if (half == 2) {
        n -= (size_t)(bar + 1 - value);
        value = bar + 1;
    }
    feed_add(fc, t, value, n, meta, 0);
    if (strcmp(type, "domain|ip") == 0)
        feed_add(fc, INTEL_T_IP, bar + 1, strlen(bar + 1), meta, 0);
}

static void misp_attributes(struct feed_ctx *fc, const struct ij_doc *d, const struct ij_node *arr,
                            uint32_t meta)
{
    if (arr == NULL || arr->type != IJ_ARR)
        return;
    for (const struct ij_node *a = ij_first(d, arr); a && !fc->fatal; a = ij_next(d, a))
        misp_attribute(fc, d, a, meta);
}

/* One Event object: a record for the event (info, threat level), then its attributes. */
static void misp_event(struct feed_ctx *fc, const struct ij_doc *d, const struct ij_node *ev)
{
    double tl;
    int sev = ij_num(d, ij_get(d, ev, "threat_level_id"), &tl) ? (int)tl : -1;
    char desc[INTEL_MAX_DESC];
    const char *info = ij_get_str(d, ev, "info");
    snprintf(desc, sizeof(desc), "MISP event %s: %s", ij_get_str(d, ev, "uuid") ?: "?",
             info ? info : "");
    uint32_t meta = feed_meta(fc, -1, sev >= 1 && sev <= 4 ? sev : -1, -1, 0, desc);
    misp_attributes(fc, d, ij_get(d, ev, "Attribute"), meta);
    const struct ij_node *objs = ij_get(d, ev, "Object");
    if (objs && objs->type == IJ_ARR)
        for (const struct ij_node *o = ij_first(d, objs); o && !fc->fatal; o = ij_next(d, o))
            misp_attributes(fc, d, ij_get(d, o, "Attribute"), meta);
}

int feed_load_misp(struct feed_ctx *fc, const uint8_t *buf, size_t len, char *errbuf, size_t errlen)
{
    char err[128];
    struct ij_doc *d = ij_parse(buf, len, err, sizeof(err));
    if (d == NULL) {
        snprintf(errbuf, errlen, "%s: not JSON: %s", fc->file, err);
        return KH_EFORMAT;
    }
    const struct ij_node *root = ij_root(d), *list = root;
    if (root->type == IJ_OBJ && ij_get(d, root, "response"))
        list = ij_get(d, root, "response"); /* the REST search form: {"response": [...]} */
    int events = 0;
    if (list->type == IJ_ARR) {
        for (const struct ij_node *e = ij_first(d, list); e && !fc->fatal; e = ij_next(d, e)) {
            const struct ij_node *ev = ij_get(d, e, "Event");
            if (ev != NULL) {
                misp_event(fc, d, ev);
                events++;
            }
        }
    } else if (ij_get(d, root, "Event")) {
        misp_event(fc, d, ij_get(d, root, "Event"));
        events++;
    }
    ij_free(d);
    if (events == 0) {
        snprintf(errbuf, errlen, "%s: no MISP Event object", fc->file);
        return KH_EFORMAT;
    }
    return fc->fatal ? KH_ENOMEM : KH_OK;
}

static bool uuid_like(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isxdigit((unsigned char)s[i]) && s[i] != '-')
            return false;
    return true;
}

/* A MISP feed folder: manifest.json names each event; <uuid>.json holds it. */
int feed_load_misp_folder(struct feed_ctx *fc, const char *dir, char *errbuf, size_t errlen)
{
    char path[4096], err[256];
    uint8_t *buf;
    size_t len;
    snprintf(path, sizeof(path), "%s/manifest.json", dir);
    int rc = intel_read_file(path, INTEL_MAX_FILE, &buf, &len, errbuf, errlen);
    if (rc != KH_OK)
        return rc;
    struct ij_doc *m = ij_parse(buf, len, err, sizeof(err));
    kh_free(buf);
    if (m == NULL || ij_root(m)->type != IJ_OBJ) {
        snprintf(errbuf, errlen, "%s: not a MISP manifest: %s", path, m ? "not an object" : err);
        ij_free(m);
        return KH_EFORMAT;
    }
    rc = KH_OK;
    for (const struct ij_node *e = ij_first(m, ij_root(m)); e && rc != KH_ENOMEM;
         e = ij_next(m, e)) {
        const char *uuid = ij_key(m, e);
        if (!uuid_like(uuid)) {
            feed_error(fc, 0, "manifest entry '%.60s' is not a uuid", uuid);
            continue;
        }
        snprintf(path, sizeof(path), "%s/%s.json", dir, uuid);
        if (intel_read_file(path, INTEL_MAX_FILE, &buf, &len, err, sizeof(err)) != KH_OK) {
            feed_error(fc, 0, "%s", err);
            continue;
        }
        const char *saved = fc->file;
        fc->file = path;
        rc = feed_load_misp(fc, buf, len, err, sizeof(err));
        fc->file = saved;
        if (rc == KH_EFORMAT)
            feed_error(fc, 0, "%s", err);
        kh_free(buf);
    }
    ij_free(m);
    if (rc == KH_ENOMEM)
        snprintf(errbuf, errlen, "%s: out of memory or an indicator cap", dir);
    return rc == KH_ENOMEM ? rc : KH_OK;
}
