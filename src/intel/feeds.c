/* SPDX-License-Identifier: GPL-2.0-only */
/* Feed loading: files, errors, metadata; the line formats (plain, CSV, dataset, iprep). */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "core/alloc.h"
#include "core/cursor.h"
#include "core/err.h"
#include "core/log.h"
#include "feeds_internal.h"

#define CSV_MAX_COLS 32u

static const char *const format_names[INTEL_FMT_MAX] = {
    [INTEL_FMT_PLAIN] = "plain",         [INTEL_FMT_CSV] = "csv",
    [INTEL_FMT_STIX] = "stix",           [INTEL_FMT_MISP] = "misp",
    [INTEL_FMT_MISP_FEED] = "misp-feed", [INTEL_FMT_DATASET] = "dataset",
    [INTEL_FMT_IPREP] = "iprep",
};

int intel_format_from_name(const char *name)
{
    for (int i = 0; i < INTEL_FMT_MAX; i++)
        if (strcasecmp(name, format_names[i]) == 0)
            return i;
    return -1;
}

const char *intel_format_name(enum intel_format f)
{
    return (unsigned)f < INTEL_FMT_MAX ? format_names[f] : "unknown";
}

void intel_feed_cfg_defaults(struct intel_feed_cfg *c)
{
    memset(c, 0, sizeof(*c));
    c->type = -1;
    c->confidence = 50;
    c->severity = 2;
    c->action = INTEL_ACT_ALERT;
    c->misp_to_ids = true;
}

uint32_t intel_sid_base(const char *name)
{
    uint32_t h = 2166136261u;
    for (const char *p = name; *p; p++)
        h = (h ^ (uint8_t)*p) * 16777619u;
    return 2100000000u + 16u * (h % 10000000u);
}

void feed_error(struct feed_ctx *fc, unsigned line, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (fc->f->errors++ < INTEL_MAX_ERRORS_LOGGED) {
        if (line)
            kh_warn("intel: %s:%u: %s (skipped)", fc->file, line, msg);
        else
            kh_warn("intel: %s: %s (skipped)", fc->file, msg);
    } else if (fc->f->errors == INTEL_MAX_ERRORS_LOGGED + 1) {
        kh_warn("intel: %s: more errors, counted only", fc->file);
    }
}

uint32_t feed_meta(struct feed_ctx *fc, int confidence, int severity, int action, int64_t expiry,
                   const char *desc)
{
    struct intel_meta m = {
        .feed = fc->feed,
        .confidence =
            (uint8_t)(confidence >= 0 && confidence <= 100 ? confidence : fc->c->confidence),
        .severity = (uint8_t)(severity >= 1 && severity <= 255 ? severity : fc->c->severity),
        .action = (uint8_t)(action >= 0 ? action : fc->c->action),
        .expiry = expiry > 0 ? expiry : fc->c->expiry,
    };
    uint32_t id = intel_meta_add(fc->s, &m, desc ? desc : fc->c->description);
    if (id == UINT32_MAX)
        fc->fatal = true;
    return id;
}

bool feed_add(struct feed_ctx *fc, enum intel_type t, const char *v, size_t n, uint32_t meta,
              unsigned line)
{
    char err[256];
    if (meta == UINT32_MAX)
        return false;
    int rc = intel_add(fc->s, t, v, n, meta, fc->c->subdomains, err, sizeof(err));
    if (rc == KH_EFORMAT) {
        feed_error(fc, line, "%s", err);
        return true;
    }
    if (rc != KH_OK) {
        kh_err("intel: %s:%u: %s", fc->file, line, err);
        fc->fatal = true;
        return false;
    }
    return true;
}

static bool all_hex(const char *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isxdigit((unsigned char)v[i]))
            return false;
    return true;
}

int feed_guess_type(const char *v, size_t n)
{
    uint8_t a[16];
    int ver;
    uint8_t plen;
    if (intel_parse_prefix(v, n, a, &ver, &plen))
        return INTEL_T_IP;
    if (n > 3 && memmem(v, n, "://", 3) != NULL)
        return INTEL_T_URL;
    if (all_hex(v, n) && (n == 32 || n == 40 || n == 64))
        return n == 32 ? INTEL_T_MD5 : n == 40 ? INTEL_T_SHA1 : INTEL_T_SHA256;
    if (n && memchr(v, '.', n) != NULL)
        return INTEL_T_DOMAIN;
    return -1;
}

int64_t feed_parse_time(const char *text)
{
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    const char *p = text;
    char *e;
    if (text == NULL || *text == '\0')
        return -1;
    if (strchr(text, '-') == NULL) {
        long long v = strtoll(text, &e, 10);
        return *e == '\0' && v >= 0 ? (int64_t)v : -1;
    }
    int f[6] = {0};
    static const char seps[] = "--T::";
    for (int i = 0; i < 6; i++) {
        if (!isdigit((unsigned char)*p))
            return i >= 3 ? (i == 3 ? 0 : -1) : -1;
        f[i] = (int)strtol(p, &e, 10);
        p = e;
        if (i < 5) {
            if (*p == seps[i] || (i == 2 && *p == ' '))
                p++;
            else if (i == 2 && *p == '\0')
                break;
            else
                return -1;
        }
    }
    tm.tm_year = f[0] - 1900;
    tm.tm_mon = f[1] - 1;
    tm.tm_mday = f[2];
    tm.tm_hour = f[3];
    tm.tm_min = f[4];
    tm.tm_sec = f[5];
    if (f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > 31 || f[3] > 23 || f[4] > 59 || f[5] > 60)
        return -1;
    return (int64_t)timegm(&tm);
}

int intel_read_file(const char *path, size_t max, uint8_t **out, size_t *len, char *errbuf,
                    size_t errlen)
{
    FILE *fp = fopen(path, "rb");
    struct stat sb;
    if (fp == NULL) {
        snprintf(errbuf, errlen, "%s: %s", path, strerror(errno));
        return KH_ENOENT;
    }
    if (fstat(fileno(fp), &sb) != 0 || !S_ISREG(sb.st_mode) || (size_t)sb.st_size > max) {
        snprintf(errbuf, errlen, "%s: not a regular file or over %zu bytes", path, max);
        fclose(fp);
        return KH_EINVAL;
    }
    uint8_t *buf = kh_malloc((size_t)sb.st_size + 1);
    if (buf == NULL) {
        fclose(fp);
        snprintf(errbuf, errlen, "%s: out of memory", path);
        return KH_ENOMEM;
    }
    size_t n = fread(buf, 1, (size_t)sb.st_size, fp);
    int bad = ferror(fp);
    fclose(fp);
    if (bad || n != (size_t)sb.st_size) {
        kh_free(buf);
        snprintf(errbuf, errlen, "%s: read error", path);
        return KH_EIO;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return KH_OK;
}

/* The next line (without CR/LF) as a span; false at the end. */
static bool next_line(struct cursor *c, struct span *line)
{
    if (c->left == 0)
        return false;
    const uint8_t *nl = memchr(c->p, '\n', c->left);
    size_t n = nl ? (size_t)(nl - c->p) : c->left;
    line->p = c->p;
    line->len = n;
    cur_skip(c, nl ? n + 1 : n);
    if (line->len && line->p[line->len - 1] == '\r')
        line->len--;
    return true;
}

/* Trim blanks; true when what is left is empty or a '#' comment. */
static bool blank_or_comment(struct span *l)
{
    while (l->len && isspace(l->p[0])) {
        l->p++;
        l->len--;
    }
    while (l->len && isspace(l->p[l->len - 1]))
        l->len--;
    return l->len == 0 || l->p[0] == '#';
}

static bool add_typed(struct feed_ctx *fc, int type, const char *v, size_t n, uint32_t meta,
                      unsigned line)
{
    int t = type >= 0 ? type : feed_guess_type(v, n);
    if (t < 0) {
        feed_error(fc, line, "cannot tell the indicator type of '%.*s'", (int)(n > 80 ? 80 : n), v);
        return true;
    }
    return feed_add(fc, (enum intel_type)t, v, n, meta, line);
}

static int load_plain(struct feed_ctx *fc, const uint8_t *buf, size_t len)
{
    struct cursor c = cur_init(buf, len);
    struct span l;
    unsigned line = 0;
    while (!fc->fatal && next_line(&c, &l)) {
        line++;
        if (blank_or_comment(&l))
            continue;
        if (l.len > INTEL_MAX_LINE) {
            feed_error(fc, line, "line over %u bytes", INTEL_MAX_LINE);
            continue;
        }
        /* a trailing comment or a second column (plain lists often have them) is dropped */
        size_t n = 0;
        while (n < l.len && !isspace(l.p[n]) && l.p[n] != '#' && l.p[n] != ',' && l.p[n] != ';')
            n++;
        add_typed(fc, fc->c->type, (const char *)l.p, n, fc->meta, line);
    }
    return fc->fatal ? KH_ENOMEM : KH_OK;
}

/* Split a CSV line (RFC 4180 quotes) into fields copied into out; returns the count or -1. */
static int csv_split(struct span l, char *out, size_t cap, const char *fields[CSV_MAX_COLS])
{
    size_t o = 0, i = 0;
    int nf = 0;
    for (;;) {
        if (nf == (int)CSV_MAX_COLS || o >= cap)
            return -1;
        fields[nf++] = out + o;
        if (i < l.len && l.p[i] == '"') {
            for (i++;; i++) {
                if (i >= l.len)
                    return -1;
                if (l.p[i] == '"') {
                    if (i + 1 < l.len && l.p[i + 1] == '"')
                        i++;
                    else
                        break;
                }
                if (o + 1 >= cap)
                    return -1;
                out[o++] = (char)l.p[i];
            }
            i++;
            if (i < l.len && l.p[i] != ',')
                return -1;
        } else {
            while (i < l.len && l.p[i] != ',') {
                if (o + 1 >= cap)
                    return -1;
                out[o++] = (char)l.p[i++];
            }
        }
        out[o++] = '\0';
        if (i >= l.len)
            return nf;
        i++; /* the comma */
    }
}

enum csv_col {
    COL_VALUE = 0,
    COL_TYPE,
    COL_CONFIDENCE,
    COL_SEVERITY,
    COL_ACTION,
    COL_EXPIRY,
    COL_DESC,
    COL_MAX,
};

struct csv_map {
    int col[COL_MAX];
    int value_type; /* the value column named a type ("ip", "domain"), or -1 */
};

static int csv_header(struct csv_map *m, const char *const *f, int nf)
{
    static const struct {
        const char *name;
        enum csv_col col;
    } names[] = {
        {"value", COL_VALUE},       {"indicator", COL_VALUE},     {"ioc", COL_VALUE},
        {"type", COL_TYPE},         {"indicator_type", COL_TYPE}, {"confidence", COL_CONFIDENCE},
        {"severity", COL_SEVERITY}, {"action", COL_ACTION},       {"expiry", COL_EXPIRY},
        {"expires", COL_EXPIRY},    {"valid_until", COL_EXPIRY},  {"description", COL_DESC},
        {"comment", COL_DESC},      {"desc", COL_DESC},
    };
    for (int i = 0; i < COL_MAX; i++)
        m->col[i] = -1;
    m->value_type = -1;
    for (int i = 0; i < nf; i++) {
        bool known = false;
        for (size_t k = 0; k < sizeof(names) / sizeof(names[0]) && !known; k++)
            if (strcasecmp(f[i], names[k].name) == 0 && m->col[names[k].col] < 0) {
                m->col[names[k].col] = i;
                known = true;
            }
        int t = known ? -1 : intel_type_from_name(f[i]);
        if (t >= 0 && m->col[COL_VALUE] < 0) {
            m->col[COL_VALUE] = i;
            m->value_type = t;
        }
    }
    return m->col[COL_VALUE] >= 0 ? KH_OK : KH_EFORMAT;
}

static int int_field(const char *const *f, int nf, int col)
{
    if (col < 0 || col >= nf || f[col][0] == '\0')
        return -1;
    char *e;
    long v = strtol(f[col], &e, 10);
    return *e == '\0' && v >= 0 && v <= 255 ? (int)v : -2;
}

/* One data row; per-row columns make a record of their own. */
static void csv_row(struct feed_ctx *fc, const struct csv_map *m, const char *const *f, int nf,
                    unsigned line)
{
    int vc = m->col[COL_VALUE], type = m->value_type >= 0 ? m->value_type : fc->c->type;
    if (vc >= nf || f[vc][0] == '\0') {
        feed_error(fc, line, "no value in column %d", vc + 1);
        return;
    }
    if (m->col[COL_TYPE] >= 0 && m->col[COL_TYPE] < nf && f[m->col[COL_TYPE]][0]) {
        if ((type = intel_type_from_name(f[m->col[COL_TYPE]])) < 0) {
            feed_error(fc, line, "unknown type '%.40s'", f[m->col[COL_TYPE]]);
            return;
        }
    }
    int conf = int_field(f, nf, m->col[COL_CONFIDENCE]),
        sev = int_field(f, nf, m->col[COL_SEVERITY]);
    int act = -1;
    int64_t exp = 0;
    int ac = m->col[COL_ACTION], ec = m->col[COL_EXPIRY], dc = m->col[COL_DESC];
    if (ac >= 0 && ac < nf && f[ac][0]) {
        act = strcasecmp(f[ac], "drop") == 0    ? INTEL_ACT_DROP
              : strcasecmp(f[ac], "alert") == 0 ? INTEL_ACT_ALERT
                                                : -2;
    }
    if (ec >= 0 && ec < nf && f[ec][0] && (exp = feed_parse_time(f[ec])) < 0)
        act = -2;
    if (conf == -2 || sev == -2 || act == -2) {
        feed_error(fc, line, "bad confidence, severity, action or expiry");
        return;
    }
    const char *desc = dc >= 0 && dc < nf && f[dc][0] ? f[dc] : NULL;
    uint32_t meta = fc->meta;
    if (conf >= 0 || sev >= 0 || act >= 0 || exp > 0 || desc)
        meta = feed_meta(fc, conf, sev, act, exp, desc);
    add_typed(fc, type, f[vc], strlen(f[vc]), meta, line);
}

static int load_csv(struct feed_ctx *fc, const uint8_t *buf, size_t len, char *errbuf,
                    size_t errlen)
{
    struct cursor c = cur_init(buf, len);
    struct span l;
    unsigned line = 0;
    struct csv_map m;
    bool have_header = false;
    char *tmp = kh_malloc(INTEL_MAX_LINE + CSV_MAX_COLS + 1);
    const char *f[CSV_MAX_COLS];
    if (tmp == NULL)
        return KH_ENOMEM;
    while (!fc->fatal && next_line(&c, &l)) {
        line++;
        if (blank_or_comment(&l))
            continue;
        int nf = l.len > INTEL_MAX_LINE ? -1 : csv_split(l, tmp, INTEL_MAX_LINE + CSV_MAX_COLS, f);
        if (nf < 0) {
            feed_error(fc, line, "malformed CSV line (quotes, over %u columns or bytes)",
                       CSV_MAX_COLS);
            continue;
        }
        if (!have_header) {
            if (csv_header(&m, f, nf) != KH_OK) {
                snprintf(errbuf, errlen, "%s:%u: the CSV header names no value column", fc->file,
                         line);
                kh_free(tmp);
                return KH_EFORMAT;
            }
            have_header = true;
            continue;
        }
        csv_row(fc, &m, f, nf, line);
    }
    kh_free(tmp);
    return fc->fatal ? KH_ENOMEM : KH_OK;
}

/* Base64 (RFC 4648, padding optional) as Suricata writes dataset strings; -1 when malformed. */
static long b64_decode(const uint8_t *in, size_t n, char *out, size_t cap)
{
    uint32_t acc = 0;
    int bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t ch = in[i];
        int v;
        if (ch >= 'A' && ch <= 'Z')
            v = ch - 'A';
        else if (ch >= 'a' && ch <= 'z')
            v = ch - 'a' + 26;
        else if (ch >= '0' && ch <= '9')
            v = ch - '0' + 52;
        else if (ch == '+')
            v = 62;
        else if (ch == '/')
            v = 63;
        else if (ch == '=' && i + 2 >= n)
            break;
        else
            return -1;
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (o == cap)
                return -1;
            out[o++] = (char)(acc >> bits & 0xff);
        }
    }
    return (long)o;
}

/* Suricata dataset: one value a line (string: base64), optionally ",reputation". */
static int load_dataset(struct feed_ctx *fc, const uint8_t *buf, size_t len, char *errbuf,
                        size_t errlen)
{
    int t = fc->c->type;
    if (t != INTEL_T_STRING && t != INTEL_T_MD5 && t != INTEL_T_SHA1 && t != INTEL_T_SHA256 &&
        t != INTEL_T_IP) {
        snprintf(errbuf, errlen,
                 "%s: a dataset feed needs type string, md5, sha1, sha256, ipv4 "
                 "or ip",
                 fc->file);
        return KH_EINVAL;
    }
    struct cursor c = cur_init(buf, len);
    struct span l;
    unsigned line = 0;
    char val[INTEL_MAX_VALUE];
    while (!fc->fatal && next_line(&c, &l)) {
        line++;
        if (blank_or_comment(&l))
            continue;
        const uint8_t *comma = memchr(l.p, ',', l.len);
        size_t n = comma ? (size_t)(comma - l.p) : l.len;
        if (comma != NULL) {
            char rep[16];
            size_t rl = l.len - n - 1;
            char *e;
            memcpy(rep, comma + 1, rl < sizeof(rep) - 1 ? rl : sizeof(rep) - 1);
            rep[rl < sizeof(rep) - 1 ? rl : sizeof(rep) - 1] = '\0';
            if (rl == 0 || rl >= sizeof(rep) || (strtoul(rep, &e, 10), *e != '\0')) {
                feed_error(fc, line, "bad reputation value");
                continue;
            }
        }
        if (t == INTEL_T_STRING) {
            long dn = b64_decode(l.p, n, val, sizeof(val));
            if (dn <= 0) {
                feed_error(fc, line, "not base64");
                continue;
            }
            feed_add(fc, INTEL_T_STRING, val, (size_t)dn, fc->meta, line);
        } else {
            feed_add(fc, (enum intel_type)t, (const char *)l.p, n, fc->meta, line);
        }
    }
    return fc->fatal ? KH_ENOMEM : KH_OK;
}

#define IPREP_MAX_CAT 60u /* Suricata: category ids 0..59 */

struct iprep_cat {
    char *name;
    char *desc;
};

static int load_categories(struct feed_ctx *fc, struct iprep_cat cats[IPREP_MAX_CAT], char *errbuf,
                           size_t errlen)
{
    uint8_t *buf;
    size_t len;
    if (fc->c->categories == NULL) {
        snprintf(errbuf, errlen, "%s: an iprep feed needs its categories file", fc->file);
        return KH_EINVAL;
    }
    int rc = intel_read_file(fc->c->categories, INTEL_MAX_FILE, &buf, &len, errbuf, errlen);
    if (rc != KH_OK)
        return rc;
    struct cursor c = cur_init(buf, len);
    struct span l;
    unsigned line = 0;
    char tmp[INTEL_MAX_LINE + CSV_MAX_COLS + 1];
    const char *f[CSV_MAX_COLS];
    while (next_line(&c, &l)) {
        line++;
        if (blank_or_comment(&l))
            continue;
        int nf = l.len > INTEL_MAX_LINE ? -1 : csv_split(l, tmp, sizeof(tmp), f);
        char *e;
        long id = nf >= 2 ? strtol(f[0], &e, 10) : -1;
        if (nf < 2 || *e != '\0' || id < 0 || id >= (long)IPREP_MAX_CAT || cats[id].name) {
            kh_warn("intel: %s:%u: malformed category line (skipped)", fc->c->categories, line);
            fc->f->errors++;
            continue;
        }
        cats[id].name = kh_strdup(f[1]);
        cats[id].desc = kh_strdup(nf >= 3 ? f[2] : f[1]);
    }
    kh_free(buf);
    return KH_OK;
}

/* Suricata iprep: "ip,category,score"; one record per (category, score) pair. */
static int load_iprep(struct feed_ctx *fc, const uint8_t *buf, size_t len, char *errbuf,
                      size_t errlen)
{
    struct iprep_cat cats[IPREP_MAX_CAT];
    memset(cats, 0, sizeof(cats));
    int rc = load_categories(fc, cats, errbuf, errlen);
    uint32_t *metas = kh_calloc(IPREP_MAX_CAT * 128, sizeof(uint32_t));
    if (rc != KH_OK || metas == NULL) {
        rc = rc != KH_OK ? rc : KH_ENOMEM;
        goto out_free_cats;
    }
    struct cursor c = cur_init(buf, len);
    struct span l;
    unsigned line = 0;
    char tmp[INTEL_MAX_LINE + CSV_MAX_COLS + 1];
    const char *f[CSV_MAX_COLS];
    while (!fc->fatal && next_line(&c, &l)) {
        line++;
        if (blank_or_comment(&l))
            continue;
        int nf = l.len > INTEL_MAX_LINE ? -1 : csv_split(l, tmp, sizeof(tmp), f);
        char *e1, *e2;
        long cat = nf == 3 ? strtol(f[1], &e1, 10) : -1;
        long score = nf == 3 ? strtol(f[2], &e2, 10) : -1;
        if (nf != 3 || *e1 || *e2 || cat < 0 || cat >= (long)IPREP_MAX_CAT || score < 0 ||
            score > 127) {
            feed_error(fc, line, "expected ip,category,score (category 0-59, score 0-127)");
            continue;
        }
        if (cats[cat].name == NULL) {
            feed_error(fc, line, "category %ld is not in the categories file", cat);
            continue;
        }
        uint32_t *m = &metas[cat * 128 + score];
        if (*m == 0) {
            char desc[256];
            snprintf(desc, sizeof(desc), "iprep %s (%s) score %ld", cats[cat].name, cats[cat].desc,
                     score);
            /* the score (0-127) as a confidence out of 100 */
            *m = 1 + feed_meta(fc, (int)(score * 100 / 127), -1, -1, 0, desc);
        }
        feed_add(fc, INTEL_T_IP, f[0], strlen(f[0]), *m - 1, line);
    }
    rc = fc->fatal ? KH_ENOMEM : KH_OK;
out_free_cats:
    kh_free(metas);
    for (unsigned i = 0; i < IPREP_MAX_CAT; i++) {
        kh_free(cats[i].name);
        kh_free(cats[i].desc);
    }
    return rc;
}

static int feed_ctx_init(struct feed_ctx *fc, struct intel_sets *s, const struct intel_feed_cfg *c,
                         const char *name, char *errbuf, size_t errlen)
{
    memset(fc, 0, sizeof(*fc));
    fc->s = s;
    fc->c = c;
    fc->file = name;
    int idx = intel_feed_add(s, c->name, c->sid_base ? c->sid_base : intel_sid_base(c->name));
    if (idx < 0) {
        snprintf(errbuf, errlen, "too many feeds (at most %u) or out of memory", INTEL_MAX_FEEDS);
        return KH_EFULL;
    }
    fc->feed = (uint16_t)idx;
    fc->f = intel_feed_get(s, (unsigned)idx);
    fc->meta = feed_meta(fc, -1, -1, -1, 0, NULL);
    return fc->meta == UINT32_MAX ? KH_ENOMEM : KH_OK;
}

int intel_feed_load_buf(struct intel_sets *s, const struct intel_feed_cfg *c, const uint8_t *buf,
                        size_t len, const char *name, char *errbuf, size_t errlen)
{
    struct feed_ctx fc;
    int rc = feed_ctx_init(&fc, s, c, name, errbuf, errlen);
    if (rc != KH_OK)
        return rc;
    switch (c->format) {
    case INTEL_FMT_PLAIN:
        rc = load_plain(&fc, buf, len);
        break;
    case INTEL_FMT_CSV:
        rc = load_csv(&fc, buf, len, errbuf, errlen);
        break;
    case INTEL_FMT_STIX:
        rc = feed_load_stix(&fc, buf, len, errbuf, errlen);
        break;
    case INTEL_FMT_MISP:
        rc = feed_load_misp(&fc, buf, len, errbuf, errlen);
        break;
    case INTEL_FMT_DATASET:
        rc = load_dataset(&fc, buf, len, errbuf, errlen);
        break;
    case INTEL_FMT_IPREP:
        rc = load_iprep(&fc, buf, len, errbuf, errlen);
        break;
    default:
        snprintf(errbuf, errlen, "%s: this format is read from a folder", name);
        rc = KH_EINVAL;
    }
    if (rc == KH_ENOMEM && errbuf[0] == '\0')
        snprintf(errbuf, errlen, "%s: out of memory or an indicator cap", name);
    return rc;
}

int intel_feed_load(struct intel_sets *s, const struct intel_feed_cfg *c, char *errbuf,
                    size_t errlen)
{
    errbuf[0] = '\0';
    if (c->path == NULL) {
        snprintf(errbuf, errlen, "feed %s: no path", c->name);
        return KH_EINVAL;
    }
    if (c->format == INTEL_FMT_MISP_FEED) {
        struct feed_ctx fc;
        int rc = feed_ctx_init(&fc, s, c, c->path, errbuf, errlen);
        return rc == KH_OK ? feed_load_misp_folder(&fc, c->path, errbuf, errlen) : rc;
    }
    uint8_t *buf;
    size_t len;
    int rc = intel_read_file(c->path, INTEL_MAX_FILE, &buf, &len, errbuf, errlen);
    if (rc != KH_OK)
        return rc;
    rc = intel_feed_load_buf(s, c, buf, len, c->path, errbuf, errlen);
    kh_free(buf);
    return rc;
}
