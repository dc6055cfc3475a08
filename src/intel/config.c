/* SPDX-License-Identifier: GPL-2.0-only */
/* intel: configuration (feeds with per-feed defaults) and the load of all feeds. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/err.h"
#include "core/log.h"
#include "core/tstamp.h"
#include "feeds_internal.h"

/* The per-feed keys, read over defaults (intel.defaults, then the feed's own node). */
static int read_feed_keys(struct intel_feed_cfg *f, const struct conf_node *n, char *errbuf,
                          size_t errlen)
{
    const struct conf_node *k;
    int64_t v;
    int rc;
    if ((k = conf_node_child(n, "confidence")) &&
        (rc = conf_node_int_range(k, 0, 100, &v, errbuf, errlen)) != KH_ENOENT) {
        if (rc != KH_OK)
            return rc;
        f->confidence = (uint8_t)v;
    }
    if ((k = conf_node_child(n, "severity")) &&
        (rc = conf_node_int_range(k, 1, 255, &v, errbuf, errlen)) != KH_ENOENT) {
        if (rc != KH_OK)
            return rc;
        f->severity = (uint8_t)v;
    }
    if ((k = conf_node_child(n, "action")) && k->value) {
        if (strcasecmp(k->value, "alert") != 0 && strcasecmp(k->value, "drop") != 0)
            return conf_node_invalid(k, "alert or drop", errbuf, errlen);
        f->action = strcasecmp(k->value, "drop") == 0 ? INTEL_ACT_DROP : INTEL_ACT_ALERT;
    }
    if ((k = conf_node_child(n, "domain-match")) && k->value) {
        if (strcasecmp(k->value, "exact") != 0 && strcasecmp(k->value, "subdomains") != 0)
            return conf_node_invalid(k, "exact or subdomains", errbuf, errlen);
        f->subdomains = strcasecmp(k->value, "subdomains") == 0;
    }
    if ((k = conf_node_child(n, "misp-to-ids")) &&
        (rc = conf_node_bool(k, &f->misp_to_ids, errbuf, errlen)) != KH_OK && rc != KH_ENOENT)
        return rc;
    if ((k = conf_node_child(n, "description")) && k->value)
        f->description = k->value;
    if ((k = conf_node_child(n, "expiry")) && k->value) {
        if ((f->expiry = feed_parse_time(k->value)) < 0)
            return conf_node_invalid(k, "a date (2026-12-31T00:00:00Z) or seconds", errbuf, errlen);
    }
    return KH_OK;
}

static int read_feed(struct intel_config *c, const struct intel_feed_cfg *defaults,
                     const struct conf_node *n, const char *dir, char *errbuf, size_t errlen)
{
    struct intel_feed_cfg *f = &c->feeds[c->nfeeds];
    const struct conf_node *k;
    *f = *defaults;
    int rc = read_feed_keys(f, n, errbuf, errlen);
    if (rc != KH_OK)
        return rc;
    k = conf_node_child(n, "name");
    f->name = k ? k->value : NULL;
    k = conf_node_child(n, "path");
    const char *path = k ? k->value : NULL;
    if (f->name == NULL || path == NULL)
        return conf_node_invalid(n, "a feed with name: and path:", errbuf, errlen);
    k = conf_node_child(n, "format");
    int fmt = k && k->value ? intel_format_from_name(k->value) : INTEL_FMT_PLAIN;
    if (fmt < 0)
        return conf_node_invalid(k, "plain, csv, stix, misp, misp-feed, dataset or iprep", errbuf,
                                 errlen);
    f->format = (enum intel_format)fmt;
    if ((k = conf_node_child(n, "type")) && k->value &&
        (f->type = intel_type_from_name(k->value)) < 0)
        return conf_node_invalid(k,
                                 "an indicator type (ip, domain, url, ja3, ja3s, ja4, "
                                 "tls-cert-sha1, md5, sha1, sha256, string)",
                                 errbuf, errlen);
    int64_t sid;
    if ((k = conf_node_child(n, "sid-base")) &&
        (rc = conf_node_int_range(k, 1, UINT32_MAX - 16, &sid, errbuf, errlen)) != KH_ENOENT) {
        if (rc != KH_OK)
            return rc;
        f->sid_base = (uint32_t)sid;
    }
    char *full = path[0] == '/' || dir == NULL ? kh_strdup(path) : NULL;
    if (full == NULL && dir != NULL) {
        size_t len = strlen(dir) + strlen(path) + 2;
        if ((full = kh_malloc(len)) != NULL)
            snprintf(full, len, "%s/%s", dir, path);
    }
    c->paths[c->nfeeds] = full;
    f->path = full;
    if ((k = conf_node_child(n, "categories")) && k->value) {
        size_t len = strlen(k->value) + (dir ? strlen(dir) : 0) + 2;
        char *cp = kh_malloc(len);
        if (cp != NULL)
            snprintf(cp, len, "%s%s%s", k->value[0] == '/' || !dir ? "" : dir,
                     k->value[0] == '/' || !dir ? "" : "/", k->value);
        c->cat_paths[c->nfeeds] = cp;
        f->categories = cp;
    }
    c->nfeeds++;
    return full == NULL ? KH_ENOMEM : KH_OK;
}

static int read_sightings(struct intel_config *c, const struct conf *conf, char *errbuf,
                          size_t errlen)
{
    int64_t v;
    int rc = conf_get_bool(conf, "intel.sightings.enabled", &c->sightings, errbuf, errlen);
    if (rc != KH_OK && rc != KH_ENOENT)
        return rc;
    const struct conf_node *n = conf_node_get(conf, NULL, "intel.sightings.interval");
    if (n && (rc = conf_node_int_range(n, 0, 86400 * 365, &v, errbuf, errlen)) != KH_ENOENT) {
        if (rc != KH_OK)
            return rc;
        c->sightings_interval = (uint64_t)v;
    }
    n = conf_node_get(conf, NULL, "intel.sightings.max");
    if (n && (rc = conf_node_int_range(n, 1, 1 << 24, &v, errbuf, errlen)) != KH_ENOENT) {
        if (rc != KH_OK)
            return rc;
        c->sightings_max = (uint32_t)v;
    }
    return KH_OK;
}

int intel_config_load(struct intel_config *c, const struct conf *conf, char *errbuf, size_t errlen)
{
    memset(c, 0, sizeof(*c));
    c->sightings = true;
    c->sightings_max = 65536;
    c->body_hash_max = 256;
    if (gethostname(c->sensor, sizeof(c->sensor) - 1) != 0)
        snprintf(c->sensor, sizeof(c->sensor), "khien");
    const char *s = NULL;
    if (conf_get_str(conf, "intel.sensor", &s) == KH_OK && s)
        snprintf(c->sensor, sizeof(c->sensor), "%s", s);
    const struct conf_node *feeds = conf_node_get(conf, NULL, "intel.feeds");
    c->enabled = feeds != NULL && feeds->first_child != NULL;
    int rc = conf_get_bool(conf, "intel.enabled", &c->enabled, errbuf, errlen);
    if ((rc != KH_OK && rc != KH_ENOENT) || (rc = read_sightings(c, conf, errbuf, errlen)))
        return rc;
    struct intel_feed_cfg defaults;
    intel_feed_cfg_defaults(&defaults);
    const struct conf_node *dn = conf_node_get(conf, NULL, "intel.defaults");
    if (dn && (rc = read_feed_keys(&defaults, dn, errbuf, errlen)) != KH_OK)
        return rc;
    const char *dir = NULL;
    conf_get_str(conf, "intel.default-path", &dir);
    for (const struct conf_node *n = feeds ? feeds->first_child : NULL; n; n = n->next) {
        if (c->nfeeds == INTEL_MAX_FEED_CFGS)
            return conf_node_invalid(n, "at most 256 feeds", errbuf, errlen);
        if ((rc = read_feed(c, &defaults, n, dir, errbuf, errlen)) != KH_OK)
            return rc;
    }
    return KH_OK;
}

void intel_config_fini(struct intel_config *c)
{
    for (unsigned i = 0; i < INTEL_MAX_FEED_CFGS; i++) {
        kh_free(c->paths[i]);
        kh_free(c->cat_paths[i]);
        c->paths[i] = c->cat_paths[i] = NULL;
    }
    c->nfeeds = 0;
}

static void report_feed(const struct intel_sets *s, unsigned idx, const struct intel_feed_cfg *fc)
{
    const struct intel_feed *f = intel_feed_cget(s, idx);
    char counts[512];
    size_t o = 0;
    uint64_t total = 0;
    counts[0] = '\0';
    for (int t = 0; t < INTEL_T_MAX && f; t++) {
        if (f->count[t] == 0)
            continue;
        total += f->count[t];
        o += (size_t)snprintf(counts + o, sizeof(counts) - o, "%s%s %" PRIu64, o ? ", " : "",
                              intel_type_name((enum intel_type)t), f->count[t]);
        if (o >= sizeof(counts))
            break;
    }
    if (f != NULL)
        kh_notice("intel: feed %s (%s, %s): %" PRIu64 " indicators (%s), %" PRIu64
                  " errors, %" PRIu64 " skipped, %" PRIu64 " duplicates",
                  f->name, intel_format_name(fc->format), fc->path, total, total ? counts : "none",
                  f->errors, f->skipped, f->dups);
}

struct intel_sets *intel_load_all(const struct intel_config *c, bool fatal, char *errbuf,
                                  size_t errlen)
{
    struct intel_sets *s = intel_sets_new();
    uint64_t t0 = kh_monotonic_ns();
    if (s == NULL) {
        snprintf(errbuf, errlen, "intel: out of memory");
        return NULL;
    }
    for (unsigned i = 0; i < c->nfeeds; i++) {
        char err[512];
        int rc = intel_feed_load(s, &c->feeds[i], err, sizeof(err));
        if (rc == KH_ENOMEM || (rc != KH_OK && fatal)) {
            snprintf(errbuf, errlen, "intel: feed %s: %s", c->feeds[i].name, err);
            intel_sets_free(s);
            return NULL;
        }
        if (rc != KH_OK)
            kh_err("intel: feed %s not loaded: %s", c->feeds[i].name, err);
        const struct intel_feed_cfg *fc = &c->feeds[i];
        int idx =
            intel_feed_add(s, fc->name, fc->sid_base ? fc->sid_base : intel_sid_base(fc->name));
        if (idx >= 0)
            report_feed(s, (unsigned)idx, &c->feeds[i]);
    }
    if (intel_sets_finish(s) != KH_OK) {
        snprintf(errbuf, errlen, "intel: out of memory building the tables");
        intel_sets_free(s);
        return NULL;
    }
    kh_notice("intel: %u indicators from %u feeds loaded in %.3f s", intel_ind_count(s),
              intel_feed_count(s), (double)(kh_monotonic_ns() - t0) / 1e9);
    return s;
}
