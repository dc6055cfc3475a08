/* SPDX-License-Identifier: GPL-2.0-only */
/* Readers for classification.config, reference.config and threshold.config. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/alloc.h"
#include "core/err.h"
#include "detect/rules/conffiles.h"
#include "detect/rules/parse.h"

#define CONFFILE_MAX_SIZE (64u << 20)
#define CONFFILE_MAX_LINE 4096u

int detect_read_file(const char *path, char **out, size_t *len, char *errbuf, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    char *buf = NULL;
    int rc = KH_EIO;
    if (f == NULL) {
        snprintf(errbuf, errlen, "%s: %s", path, strerror(errno));
        return errno == ENOENT ? KH_ENOENT : KH_EIO;
    }
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(errbuf, errlen, "%s: not a regular file", path);
        goto out;
    }
    if ((uint64_t)st.st_size > CONFFILE_MAX_SIZE) {
        snprintf(errbuf, errlen, "%s: larger than %u bytes", path, CONFFILE_MAX_SIZE);
        rc = KH_EFULL;
        goto out;
    }
    size_t n = (size_t)st.st_size;
    if ((buf = kh_malloc(n + 1)) == NULL) {
        snprintf(errbuf, errlen, "%s: out of memory", path);
        rc = KH_ENOMEM;
        goto out;
    }
    if (fread(buf, 1, n, f) != n) {
        snprintf(errbuf, errlen, "%s: read error", path);
        kh_free(buf);
        buf = NULL;
        goto out;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    rc = 0;
out:
    fclose(f);
    return rc;
}

/* Iterate lines: copies the next line (without its newline) into line; false at the end. */
static bool next_line(const char **p, char *line, size_t cap, bool *toolong)
{
    const char *s = *p;
    if (*s == '\0')
        return false;
    const char *nl = strchr(s, '\n');
    size_t n = nl ? (size_t)(nl - s) : strlen(s);
    *toolong = n >= cap;
    if (*toolong)
        n = cap - 1;
    memcpy(line, s, n);
    line[n] = '\0';
    if (n && line[n - 1] == '\r')
        line[n - 1] = '\0';
    *p = nl ? nl + 1 : s + strlen(s);
    return true;
}

/* "config <word>:" prefix; returns the rest or NULL. */
static char *config_rest(char *line, const char *word)
{
    char *s = kw_trim(line);
    size_t n = strlen(word);
    if (strncmp(s, "config", 6) != 0 || !isspace((unsigned char)s[6]))
        return NULL;
    s = kw_trim(s + 7);
    if (strncmp(s, word, n) != 0)
        return NULL;
    s = kw_trim(s + n);
    if (*s != ':')
        return NULL;
    return kw_trim(s + 1);
}

static bool blank_or_comment(const char *line)
{
    while (isspace((unsigned char)*line))
        line++;
    return *line == '\0' || *line == '#';
}

int detect_classes_parse(struct detect_classes *c, const char *text, const char *name, char *errbuf,
                         size_t errlen)
{
    char line[CONFFILE_MAX_LINE];
    bool toolong;
    uint32_t ln = 0;
    while (next_line(&text, line, sizeof(line), &toolong)) {
        ln++;
        if (blank_or_comment(line))
            continue;
        char *r = toolong ? NULL : config_rest(line, "classification");
        char *s = r, *nm = kw_next_field(&s), *desc = kw_next_field(&s), *pr = kw_next_field(&s);
        uint64_t prio;
        if (r == NULL || nm == NULL || *nm == '\0' || desc == NULL || pr == NULL || s != NULL ||
            !kw_parse_u64(pr, false, 255, &prio) || prio == 0) {
            snprintf(errbuf, errlen,
                     "%s:%u: expected 'config classification: name,description,priority'", name,
                     ln);
            return KH_EFORMAT;
        }
        struct detect_class *v = kh_reallocarray(c->v, c->n + 1, sizeof(*v));
        if (v == NULL)
            goto nomem;
        c->v = v;
        struct detect_class *e = (struct detect_class *)detect_class_find(c, nm);
        if (e == NULL) { /* a later line for the same name replaces it, as in Suricata */
            e = &v[c->n++];
            memset(e, 0, sizeof(*e));
        }
        kh_free(e->name);
        kh_free(e->desc);
        e->name = kh_strdup(nm);
        e->desc = kh_strdup(desc);
        e->priority = (uint8_t)prio;
        if (e->name == NULL || e->desc == NULL)
            goto nomem;
    }
    return 0;
nomem:
    snprintf(errbuf, errlen, "%s:%u: out of memory", name, ln);
    return KH_ENOMEM;
}

int detect_refsys_parse(struct detect_refsys *r, const char *text, const char *name, char *errbuf,
                        size_t errlen)
{
    char line[CONFFILE_MAX_LINE];
    bool toolong;
    uint32_t ln = 0;
    while (next_line(&text, line, sizeof(line), &toolong)) {
        ln++;
        if (blank_or_comment(line))
            continue;
        char *s = toolong ? NULL : config_rest(line, "reference");
        char *sp = s ? strpbrk(s, " \t,") : NULL;
        if (sp == NULL || sp == s || *kw_trim(sp + 1) == '\0') {
            snprintf(errbuf, errlen, "%s:%u: expected 'config reference: system url'", name, ln);
            return KH_EFORMAT;
        }
        *sp = '\0';
        char *url = kw_trim(sp + 1);
        for (char *p = s; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        struct detect_ref *e = (struct detect_ref *)detect_ref_find(r, s);
        if (e == NULL) {
            struct detect_ref *v = kh_reallocarray(r->v, r->n + 1, sizeof(*v));
            if (v == NULL)
                goto nomem;
            r->v = v;
            e = &v[r->n++];
            memset(e, 0, sizeof(*e));
        }
        kh_free(e->name);
        kh_free(e->url);
        e->name = kh_strdup(s);
        e->url = kh_strdup(url);
        if (e->name == NULL || e->url == NULL)
            goto nomem;
    }
    return 0;
nomem:
    snprintf(errbuf, errlen, "%s:%u: out of memory", name, ln);
    return KH_ENOMEM;
}

static int thr_ids(char **s, struct detect_thr *t)
{
    uint64_t v;
    char *f = kw_next_field(s);
    if (f == NULL || strncmp(f, "gen_id", 6) != 0 ||
        !kw_parse_u64(kw_trim(f + 6), false, UINT32_MAX, &v))
        return KH_EFORMAT;
    t->gid = (uint32_t)v;
    f = kw_next_field(s);
    if (f == NULL || strncmp(f, "sig_id", 6) != 0 ||
        !kw_parse_u64(kw_trim(f + 6), false, UINT32_MAX, &v))
        return KH_EFORMAT;
    t->sid = (uint32_t)v;
    return 0;
}

/* The rest after "track by_x, ip <spec>" of a suppress line. */
static int thr_suppress(char *s, struct detect_thr *t, char *why, size_t n)
{
    char *f = kw_next_field(&s);
    if (f == NULL)
        return 0; /* suppress every event of gid:sid */
    if (strcmp(f, "track by_src") != 0 && strcmp(f, "track by_dst") != 0 &&
        strcmp(f, "track by_either") != 0) {
        snprintf(why, n, "suppress: expected 'track by_src|by_dst|by_either'");
        return KH_EFORMAT;
    }
    /* by_either: either address in the set (KW_TRACK_BY_BOTH) */
    t->t.track = f[9] == 's' ? KW_TRACK_BY_SRC : f[9] == 'd' ? KW_TRACK_BY_DST : KW_TRACK_BY_BOTH;
    char *ip = s ? kw_trim(s) : NULL;
    if (ip == NULL || strncmp(ip, "ip", 2) != 0 || !isspace((unsigned char)ip[2]) ||
        *kw_trim(ip + 3) == '\0') {
        snprintf(why, n, "suppress: 'track' needs 'ip <address>'");
        return KH_EFORMAT;
    }
    t->ip = kh_strdup(kw_trim(ip + 3));
    return t->ip ? 0 : KH_ENOMEM;
}

/* rate_filter: ..., track by_x, count N, seconds N, new_action A, timeout N */
static int thr_rate(char *s, struct detect_thr *t, char *why, size_t n)
{
    static const char *const acts[] = {"", "alert", "drop", "pass", "reject"};
    char rest[CONFFILE_MAX_LINE] = "";
    char *f;
    unsigned have = 0;
    uint64_t v;
    while ((f = kw_next_field(&s)) != NULL) {
        if (strncmp(f, "new_action", 10) == 0) {
            const char *a = kw_trim(f + 10);
            for (size_t i = 1; i < KH_ARRAY_LEN(acts); i++)
                if (strcmp(a, acts[i]) == 0)
                    t->new_action = (enum detect_thr_action)i;
            have |= t->new_action != DETECT_THR_ACT_NONE ? 1 : 0;
        } else if (strncmp(f, "timeout", 7) == 0 &&
                   kw_parse_u64(kw_trim(f + 7), false, UINT32_MAX, &v)) {
            t->timeout = (uint32_t)v;
            have |= 2;
        } else {
            size_t l = strlen(rest);
            snprintf(rest + l, sizeof(rest) - l, "%s%s", l ? "," : "", f);
        }
    }
    if (have != 3) {
        snprintf(why, n, "rate_filter needs new_action (alert|drop|pass|reject) and timeout");
        return KH_EFORMAT;
    }
    return kw_threshold_fields(rest, false, false, &t->t, why, n);
}

static int thr_line(char *line, struct detect_thr *t, char *why, size_t n)
{
    char *s = kw_trim(line), *sp = strpbrk(s, " \t");
    if (sp == NULL) {
        snprintf(why, n, "expected threshold, event_filter, suppress or rate_filter");
        return KH_EFORMAT;
    }
    *sp = '\0';
    char *rest = kw_trim(sp + 1);
    if (strcmp(s, "threshold") == 0 || strcmp(s, "event_filter") == 0) {
        t->kind = s[0] == 't' ? DETECT_THR_THRESHOLD : DETECT_THR_EVENT_FILTER;
    } else if (strcmp(s, "suppress") == 0) {
        t->kind = DETECT_THR_SUPPRESS;
    } else if (strcmp(s, "rate_filter") == 0) {
        t->kind = DETECT_THR_RATE_FILTER;
    } else {
        snprintf(why, n, "unknown directive '%.40s'", s);
        return KH_EFORMAT;
    }
    if (thr_ids(&rest, t)) {
        snprintf(why, n, "%s: expected 'gen_id N, sig_id N' first", s);
        return KH_EFORMAT;
    }
    if (t->kind == DETECT_THR_SUPPRESS)
        return thr_suppress(rest, t, why, n);
    if (t->kind == DETECT_THR_RATE_FILTER)
        return thr_rate(rest, t, why, n);
    return kw_threshold_fields(rest ? rest : (char *)"", true, false, &t->t, why, n);
}

int detect_thresholds_parse(struct detect_thresholds *t, const char *text, const char *name,
                            char *errbuf, size_t errlen)
{
    char line[CONFFILE_MAX_LINE], why[160];
    bool toolong;
    uint32_t ln = 0;
    while (next_line(&text, line, sizeof(line), &toolong)) {
        ln++;
        if (blank_or_comment(line))
            continue;
        struct detect_thr e = {.line = ln};
        int r = toolong ? (snprintf(why, sizeof(why), "line too long"), KH_EFORMAT)
                        : thr_line(line, &e, why, sizeof(why));
        if (r == KH_ENOMEM)
            goto nomem;
        if (r != 0) {
            kh_free(e.ip);
            snprintf(errbuf, errlen, "%s:%u: %s", name, ln, why);
            return KH_EFORMAT;
        }
        struct detect_thr *v = kh_reallocarray(t->v, t->n + 1, sizeof(*v));
        if (v == NULL) {
            kh_free(e.ip);
            goto nomem;
        }
        t->v = v;
        v[t->n++] = e;
    }
    return 0;
nomem:
    snprintf(errbuf, errlen, "%s:%u: out of memory", name, ln);
    return KH_ENOMEM;
}

void detect_classes_fini(struct detect_classes *c)
{
    for (uint32_t i = 0; i < c->n; i++) {
        kh_free(c->v[i].name);
        kh_free(c->v[i].desc);
    }
    kh_free(c->v);
    memset(c, 0, sizeof(*c));
}

void detect_refsys_fini(struct detect_refsys *r)
{
    for (uint32_t i = 0; i < r->n; i++) {
        kh_free(r->v[i].name);
        kh_free(r->v[i].url);
    }
    kh_free(r->v);
    memset(r, 0, sizeof(*r));
}

void detect_thresholds_fini(struct detect_thresholds *t)
{
    for (uint32_t i = 0; i < t->n; i++)
        kh_free(t->v[i].ip);
    kh_free(t->v);
    memset(t, 0, sizeof(*t));
}

const struct detect_class *detect_class_find(const struct detect_classes *c, const char *name)
{
    for (uint32_t i = 0; i < c->n; i++)
        if (c->v[i].name != NULL && strcmp(c->v[i].name, name) == 0)
            return &c->v[i];
    return NULL;
}

const struct detect_ref *detect_ref_find(const struct detect_refsys *r, const char *name)
{
    for (uint32_t i = 0; i < r->n; i++)
        if (r->v[i].name != NULL && strcasecmp(r->v[i].name, name) == 0)
            return &r->v[i];
    return NULL;
}
