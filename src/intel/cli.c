/* SPDX-License-Identifier: GPL-2.0-only */
/* The intel subcommands: check feeds, look a value up, export sightings as STIX 2.1. */
#include "cli.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "config.h"
#include "core/alloc.h"
#include "core/conf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/log.h"
#include "feeds.h"
#include "json.h"

#define CLI_MAX_FEEDS    256u
#define CLI_MAX_SIGHTED  (1u << 20) /* distinct indicators a sightings export gathers */
#define CLI_MAX_EVE_LINE (16u << 20)

static void usage(FILE *out)
{
    fprintf(out,
            "usage: khien intel check [--format F] [--type T] [--categories FILE] FEED...\n"
            "       khien intel lookup [-c YAML] [--set K=V] [--feed FILE]... VALUE\n"
            "       khien intel sightings [--identity NAME] EVE.json...\n"
            "\n"
            "  check      load each feed, print indicators by type, errors and skipped entries\n"
            "             (format from --format, else guessed: folder with manifest.json =\n"
            "             misp-feed, .json = stix or misp, .csv = csv, else plain)\n"
            "  lookup     print which feeds (from the configuration's intel: section and --feed)\n"
            "             hold VALUE (an address, domain, URL, fingerprint or hash)\n"
            "  sightings  turn the intel_sightings records of EVE files into a STIX 2.1 bundle\n"
            "             of indicator and sighting objects, on stdout\n");
}

/* The format of a feed path when none is given. */
static enum intel_format guess_format(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return INTEL_FMT_MISP_FEED;
    const char *dot = strrchr(path, '.');
    if (dot && strcasecmp(dot, ".csv") == 0)
        return INTEL_FMT_CSV;
    if (dot && strcasecmp(dot, ".json") == 0) {
        FILE *fp = fopen(path, "rb");
        char head[4096];
        size_t n = fp ? fread(head, 1, sizeof(head) - 1, fp) : 0;
        if (fp)
            fclose(fp);
        head[n] = '\0';
        return strstr(head, "\"Event\"") ? INTEL_FMT_MISP : INTEL_FMT_STIX;
    }
    return INTEL_FMT_PLAIN;
}

static void print_feed(const struct intel_sets *s, unsigned idx, FILE *out)
{
    const struct intel_feed *f = intel_feed_cget(s, idx);
    uint64_t total = 0;
    fprintf(out, "%s:", f->name);
    for (int t = 0; t < INTEL_T_MAX; t++) {
        if (f->count[t] == 0)
            continue;
        total += f->count[t];
        fprintf(out, " %s=%" PRIu64, intel_type_name((enum intel_type)t), f->count[t]);
    }
    fprintf(out,
            "%s total=%" PRIu64 " errors=%" PRIu64 " skipped=%" PRIu64 " duplicates=%" PRIu64 "\n",
            total ? "" : " (no indicators)", total, f->errors, f->skipped, f->dups);
}

static int cmd_check(int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'},
        {"type", required_argument, NULL, 't'},
        {"categories", required_argument, NULL, 'C'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int fmt = -1, type = -1, c, rc = 0;
    const char *cats = NULL;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:t:C:h", opts, NULL)) != -1) {
        if (c == 'f' && (fmt = intel_format_from_name(optarg)) < 0) {
            kh_err("intel check: unknown format '%s'", optarg);
            return 2;
        } else if (c == 't' && (type = intel_type_from_name(optarg)) < 0) {
            kh_err("intel check: unknown type '%s'", optarg);
            return 2;
        } else if (c == 'C') {
            cats = optarg;
        } else if (c == 'h' || c == '?') {
            usage(c == 'h' ? stdout : stderr);
            return c == 'h' ? 0 : 2;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return 2;
    }
    struct intel_sets *s = intel_sets_new();
    if (s == NULL)
        return 1;
    for (int i = optind; i < argc; i++) {
        struct intel_feed_cfg fc;
        char err[512];
        intel_feed_cfg_defaults(&fc);
        fc.name = argv[i];
        fc.path = argv[i];
        fc.categories = cats;
        fc.format = fmt >= 0 ? (enum intel_format)fmt : guess_format(argv[i]);
        fc.type = type;
        if (fc.format == INTEL_FMT_DATASET && type < 0)
            fc.type = INTEL_T_STRING;
        if (intel_feed_load(s, &fc, err, sizeof(err)) != KH_OK) {
            printf("%s: not loaded: %s\n", argv[i], err);
            rc = 1;
            continue;
        }
        unsigned idx = intel_feed_count(s) - 1;
        print_feed(s, idx, stdout);
        if (intel_feed_cget(s, idx)->errors)
            rc = 1;
    }
    intel_sets_free(s);
    return rc;
}

/* Every type a value could be, in lookup order (a 32-digit hex is MD5, JA3 or JA3S). */
static void lookup_all(const struct intel_sets *s, const char *v, FILE *out, unsigned *found)
{
    for (int t = 0; t < INTEL_T_MAX; t++) {
        uint32_t ids[INTEL_MAX_HITS];
        size_t n = intel_lookup(s, (enum intel_type)t, v, strlen(v), 0, ids, INTEL_MAX_HITS);
        for (size_t i = 0; i < n; i++) {
            const struct intel_meta *m = intel_ind_meta(s, ids[i]);
            char text[INTEL_MAX_VALUE + 2];
            intel_ind_text(s, ids[i], text, sizeof(text));
            fprintf(
                out, "%s\t%s\t%s\tconfidence=%u\tseverity=%u\taction=%s\texpires=%" PRId64 "\t%s\n",
                intel_feed_cget(s, m->feed)->name, intel_type_name(intel_ind_type(s, ids[i])), text,
                m->confidence, m->severity, m->action == INTEL_ACT_DROP ? "drop" : "alert",
                m->expiry, intel_meta_desc(s, m));
            (*found)++;
        }
        if (t == INTEL_T_IP && n)
            break; /* an address is nothing else */
    }
}

static int cmd_lookup(int argc, char **argv)
{
    static const struct option opts[] = {
        {"set", required_argument, NULL, 's'},
        {"feed", required_argument, NULL, 'F'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *yaml = NULL, *feeds[CLI_MAX_FEEDS];
    unsigned nfeeds = 0, found = 0;
    char err[512];
    int c, rc = 1;
    struct conf *conf = conf_new();
    struct intel_config *ic = kh_calloc(1, sizeof(*ic));
    struct intel_sets *s = NULL;
    optind = 1;
    while (conf && ic && (c = getopt_long(argc, argv, "c:s:F:h", opts, NULL)) != -1) {
        if (c == 'c') {
            yaml = optarg;
        } else if (c == 's' && conf_set(conf, optarg, err, sizeof(err)) != KH_OK) {
            kh_err("--set: %s", err);
            goto out;
        } else if (c == 'F' && nfeeds < CLI_MAX_FEEDS) {
            feeds[nfeeds++] = optarg;
        } else if (c == 'h' || c == '?') {
            usage(c == 'h' ? stdout : stderr);
            rc = c == 'h' ? 0 : 2;
            goto out;
        }
    }
    if (conf == NULL || ic == NULL || optind != argc - 1) {
        usage(stderr);
        rc = 2;
        goto out;
    }
    if (yaml && conf_load_file(conf, yaml, err, sizeof(err)) != KH_OK) {
        kh_err("configuration: %s", err);
        goto out;
    }
    if (intel_config_load(ic, conf, err, sizeof(err)) != KH_OK) {
        kh_err("configuration: %s", err);
        goto out;
    }
    for (unsigned i = 0; i < nfeeds && ic->nfeeds < INTEL_MAX_FEED_CFGS; i++) {
        struct intel_feed_cfg *fc = &ic->feeds[ic->nfeeds++];
        intel_feed_cfg_defaults(fc);
        fc->name = fc->path = feeds[i];
        fc->format = guess_format(feeds[i]);
    }
    if ((s = intel_load_all(ic, false, err, sizeof(err))) == NULL) {
        kh_err("%s", err);
        goto out;
    }
    lookup_all(s, argv[optind], stdout, &found);
    if (found == 0)
        printf("%s: not in any feed\n", argv[optind]);
    rc = found ? 0 : 1;
out:
    intel_sets_free(s);
    if (ic)
        intel_config_fini(ic);
    kh_free(ic);
    conf_free(conf);
    return rc;
}

/* One indicator's sightings gathered from EVE records. */
struct sighted {
    char *feed, *indicator, *type, *sensor;
    char first[40], last[40];
    uint64_t count;
};

struct gather {
    struct sighted *v;
    size_t n, cap;
};

static struct sighted *gather_find(struct gather *g, const char *feed, const char *ind,
                                   const char *type, const char *sensor)
{
    for (size_t i = 0; i < g->n; i++)
        if (strcmp(g->v[i].indicator, ind) == 0 && strcmp(g->v[i].feed, feed) == 0 &&
            strcmp(g->v[i].type, type) == 0 && strcmp(g->v[i].sensor, sensor) == 0)
            return &g->v[i];
    if (g->n == CLI_MAX_SIGHTED)
        return NULL;
    if (g->n == g->cap) {
        size_t ncap = g->cap ? g->cap * 2 : 64;
        struct sighted *nv = kh_reallocarray(g->v, ncap, sizeof(*nv));
        if (nv == NULL)
            return NULL;
        g->v = nv;
        g->cap = ncap;
    }
    struct sighted *s = &g->v[g->n];
    memset(s, 0, sizeof(*s));
    s->feed = kh_strdup(feed);
    s->indicator = kh_strdup(ind);
    s->type = kh_strdup(type);
    s->sensor = kh_strdup(sensor);
    if (!s->feed || !s->indicator || !s->type || !s->sensor) {
        kh_free(s->feed);
        kh_free(s->indicator);
        kh_free(s->type);
        kh_free(s->sensor);
        return NULL;
    }
    g->n++;
    return s;
}

/* The sightings of one intel_sightings record, added up (timestamps compare as text). */
static void gather_record(struct gather *g, const struct ij_doc *d, const struct ij_node *rec)
{
    const char *sensor = ij_get_str(d, rec, "sensor");
    const struct ij_node *arr = ij_get(d, rec, "sightings");
    for (const struct ij_node *e = ij_first(d, arr); e; e = ij_next(d, e)) {
        const char *feed = ij_get_str(d, e, "feed"), *ind = ij_get_str(d, e, "indicator");
        const char *type = ij_get_str(d, e, "type"), *first = ij_get_str(d, e, "first_seen");
        const char *last = ij_get_str(d, e, "last_seen");
        double cnt;
        if (!feed || !ind || !type || !first || !last || !ij_num(d, ij_get(d, e, "count"), &cnt))
            continue;
        struct sighted *s = gather_find(g, feed, ind, type, sensor ? sensor : "");
        if (s == NULL)
            continue;
        if (s->first[0] == '\0' || strcmp(first, s->first) < 0)
            snprintf(s->first, sizeof(s->first), "%s", first);
        if (strcmp(last, s->last) > 0)
            snprintf(s->last, sizeof(s->last), "%s", last);
        s->count += (uint64_t)cnt;
    }
}

static int gather_file(struct gather *g, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL) {
        kh_err("%s: cannot open", path);
        return KH_ENOENT;
    }
    char *line = kh_malloc(CLI_MAX_EVE_LINE);
    unsigned lineno = 0;
    while (line && fgets(line, (int)CLI_MAX_EVE_LINE, fp)) {
        char err[128];
        lineno++;
        if (strstr(line, "\"intel_sightings\"") == NULL)
            continue;
        struct ij_doc *d = ij_parse((const uint8_t *)line, strlen(line), err, sizeof(err));
        if (d == NULL) {
            kh_warn("%s:%u: %s (skipped)", path, lineno, err);
            continue;
        }
        const struct ij_node *rec = ij_get(d, ij_root(d), "intel_sightings");
        if (rec)
            gather_record(g, d, rec);
        ij_free(d);
    }
    kh_free(line);
    fclose(fp);
    return KH_OK;
}

/* A deterministic STIX id (a version-5-shaped UUID from an FNV-1a hash of the parts). */
static void stix_id(char out[80], const char *kind, const char *a, const char *b, const char *c)
{
    uint64_t h1 = 14695981039346656037ull, h2 = 1099511628211ull * 31;
    const char *parts[3] = {a, b, c};
    for (int i = 0; i < 3; i++)
        for (const char *p = parts[i]; p && *p; p++) {
            h1 = (h1 ^ (uint8_t)*p) * 1099511628211ull;
            h2 = (h2 ^ (uint8_t)*p) * 0x100000001b3ull + 0x9e3779b97f4a7c15ull;
        }
    snprintf(out, 80, "%s--%08x-%04x-5%03x-8%03x-%012llx", kind, (unsigned)(h1 >> 32),
             (unsigned)(h1 >> 16) & 0xffff, (unsigned)h1 & 0xfff, (unsigned)(h2 >> 52) & 0xfff,
             (unsigned long long)(h2 & 0xffffffffffffull));
}

/* The STIX pattern of an indicator as khien names its type. */
static void stix_pattern(char *out, size_t len, const char *type, const char *ind)
{
    const char *path = "x-khien-indicator:value";
    if (strcmp(type, "ip") == 0)
        path = strchr(ind, ':') ? "ipv6-addr:value" : "ipv4-addr:value";
    else if (strcmp(type, "domain") == 0)
        path = "domain-name:value";
    else if (strcmp(type, "url") == 0)
        path = "url:value";
    else if (strcmp(type, "md5") == 0)
        path = "file:hashes.MD5";
    else if (strcmp(type, "sha1") == 0)
        path = "file:hashes.'SHA-1'";
    else if (strcmp(type, "sha256") == 0)
        path = "file:hashes.'SHA-256'";
    else if (strcmp(type, "tls-cert-sha1") == 0)
        path = "x509-certificate:hashes.'SHA-1'";
    if (strncmp(ind, "*.", 2) == 0)
        ind += 2;
    size_t o = (size_t)snprintf(out, len, "[%s = '", path);
    for (; *ind && o + 4 < len; ind++) {
        if (*ind == '\'' || *ind == '\\')
            out[o++] = '\\';
        out[o++] = *ind;
    }
    snprintf(out + o, len - o, "']");
}

static void write_bundle(const struct gather *g, const char *identity, FILE *out)
{
    struct jbuf jb;
    char id[80], ind_id[80], ident_id[80], pattern[INTEL_MAX_VALUE * 2 + 64], name[512];
    if (jb_init(&jb, 4096, (size_t)1 << 30) != KH_OK)
        return;
    stix_id(ident_id, "identity", identity, NULL, NULL);
    jb_open_object(&jb, NULL);
    jb_str(&jb, "type", "bundle");
    stix_id(id, "bundle", identity, g->n ? g->v[0].last : "", NULL);
    jb_str(&jb, "id", id);
    jb_open_array(&jb, "objects");
    jb_open_object(&jb, NULL);
    jb_str(&jb, "type", "identity");
    jb_str(&jb, "spec_version", "2.1");
    jb_str(&jb, "id", ident_id);
    jb_str(&jb, "name", identity);
    jb_str(&jb, "identity_class", "system");
    jb_close_object(&jb);
    for (size_t i = 0; i < g->n; i++) {
        const struct sighted *s = &g->v[i];
        stix_id(ind_id, "indicator", s->feed, s->type, s->indicator);
        stix_pattern(pattern, sizeof(pattern), s->type, s->indicator);
        snprintf(name, sizeof(name), "%s %s indicator (feed %s)", s->type, s->indicator, s->feed);
        jb_open_object(&jb, NULL);
        jb_str(&jb, "type", "indicator");
        jb_str(&jb, "spec_version", "2.1");
        jb_str(&jb, "id", ind_id);
        jb_str(&jb, "created", s->first);
        jb_str(&jb, "modified", s->first);
        jb_str(&jb, "name", name);
        jb_str(&jb, "pattern", pattern);
        jb_str(&jb, "pattern_type", "stix");
        jb_str(&jb, "valid_from", s->first);
        jb_close_object(&jb);
        stix_id(id, "sighting", ind_id, s->sensor, s->first);
        jb_open_object(&jb, NULL);
        jb_str(&jb, "type", "sighting");
        jb_str(&jb, "spec_version", "2.1");
        jb_str(&jb, "id", id);
        jb_str(&jb, "created", s->last);
        jb_str(&jb, "modified", s->last);
        jb_str(&jb, "first_seen", s->first);
        jb_str(&jb, "last_seen", s->last);
        jb_u64(&jb, "count", s->count > 999999999 ? 999999999 : s->count);
        jb_str(&jb, "sighting_of_ref", ind_id);
        jb_open_array(&jb, "where_sighted_refs");
        jb_str(&jb, NULL, ident_id);
        jb_close_array(&jb);
        jb_str(&jb, "description", s->sensor);
        jb_close_object(&jb);
    }
    jb_close_array(&jb);
    jb_close_object(&jb);
    fwrite(jb.buf, 1, jb.len, out);
    fputc('\n', out);
    jb_fini(&jb);
}

static int cmd_sightings(int argc, char **argv)
{
    static const struct option opts[] = {
        {"identity", required_argument, NULL, 'i'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *identity = "khien sensor";
    struct gather g = {0};
    int c, rc = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "i:h", opts, NULL)) != -1) {
        if (c == 'i') {
            identity = optarg;
        } else {
            usage(c == 'h' ? stdout : stderr);
            return c == 'h' ? 0 : 2;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return 2;
    }
    for (int i = optind; i < argc; i++)
        if (gather_file(&g, argv[i]) != KH_OK)
            rc = 1;
    write_bundle(&g, identity, stdout);
    for (size_t i = 0; i < g.n; i++) {
        kh_free(g.v[i].feed);
        kh_free(g.v[i].indicator);
        kh_free(g.v[i].type);
        kh_free(g.v[i].sensor);
    }
    kh_free(g.v);
    return rc;
}

int intel_cli_main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "check") == 0)
        return cmd_check(argc - 1, argv + 1);
    if (strcmp(argv[1], "lookup") == 0)
        return cmd_lookup(argc - 1, argv + 1);
    if (strcmp(argv[1], "sightings") == 0)
        return cmd_sightings(argc - 1, argv + 1);
    kh_err("intel: unknown command '%s' (check, lookup, sightings)", argv[1]);
    return 2;
}
