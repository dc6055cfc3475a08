/* SPDX-License-Identifier: GPL-2.0-only */
/* Suricata IP reputation: the categories file and "ip,category,score" files, for iprep. */
#include <arpa/inet.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/lines.h"
#include "core/err.h"
#include "core/log.h"
#include "dataset_internal.h"

#define IPREP_MAX_LINE 512u /* bytes of one line */
#define IPREP_MAX_NAME 32u  /* bytes of a category's short name */

/* A netblock record: matched by a scan, the longest prefix first. */
struct iprep_prefix {
    uint8_t addr[16]; /* IPv4 as IPv4-mapped */
    uint8_t plen;     /* over the 128 bits */
    uint8_t cat;
    uint8_t score;
};

/*
 * Host records are one `ip` dataset per category (the score as its reputation), so a lookup
 * is a hash probe; netblocks are few in practice and scanned. Built once per rule load
 * (iprep files reload with the rules, as Suricata reloads them), read-only after.
 */
struct iprep {
    char names[IPREP_MAX_CATS][IPREP_MAX_NAME];
    struct ds_set *hosts[IPREP_MAX_CATS];
    struct iprep_prefix *pfx;
    uint32_t npfx;
    uint64_t records;
    uint64_t errors;
    uint64_t pfx_dropped; /* netblocks past IPREP_MAX_PREFIXES (policy: not loaded, counted) */
};

struct iprep *iprep_new(void)
{
    return kh_calloc(1, sizeof(struct iprep));
}

void iprep_free(struct iprep *ip)
{
    if (ip == NULL)
        return;
    for (unsigned i = 0; i < IPREP_MAX_CATS; i++)
        ds_set_release(ip->hosts[i]);
    kh_free(ip->pfx);
    kh_free(ip);
}

uint64_t iprep_count(const struct iprep *ip)
{
    return ip ? ip->records : 0;
}

int iprep_category(const struct iprep *ip, const char *name)
{
    for (unsigned i = 0; ip && i < IPREP_MAX_CATS; i++)
        if (ip->names[i][0] && strcmp(ip->names[i], name) == 0)
            return (int)i;
    return -1;
}

/* Split a line into at most 3 comma-separated fields (in place); returns the count. */
static int split3(char *l, char *f[3])
{
    int n = 0;
    for (char *p = l; n < 3; n++) {
        f[n] = p;
        char *c = strchr(p, ',');
        if (c == NULL)
            return n + 1;
        *c = '\0';
        p = c + 1;
    }
    return 4; /* more than three */
}

/* Call fn on each non-blank, non-comment line (copied, bounded) of buf. */
static void each_line(const uint8_t *buf, size_t len, const char *name, uint64_t *errors,
                      void (*fn)(struct iprep *, char *, const char *, uint32_t), struct iprep *ip)
{
    char copy[IPREP_MAX_LINE + 1];
    struct text_line l = {0};
    for (size_t at = 0; text_line_next(buf, len, &at, &l);) {
        if (l.len > IPREP_MAX_LINE) {
            if ((*errors)++ < DS_ERRORS_LOGGED)
                kh_warn("iprep: %s:%u: line too long, skipped", name, l.no);
        } else if (l.len > 0 && l.p[0] != '#') {
            memcpy(copy, l.p, l.len);
            copy[l.len] = '\0';
            fn(ip, copy, name, l.no);
        }
    }
}

static void bad_line(struct iprep *ip, const char *name, uint32_t no, const char *why)
{
    if (ip->errors++ < DS_ERRORS_LOGGED)
        kh_warn("iprep: %s:%u: %s, line skipped", name, no, why);
}

static bool num_field(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static void cat_line(struct iprep *ip, char *l, const char *name, uint32_t no)
{
    char *f[3];
    long id;
    if (split3(l, f) != 3 || !num_field(f[0], 0, IPREP_MAX_CATS - 1, &id) || f[1][0] == '\0' ||
        strlen(f[1]) >= IPREP_MAX_NAME) {
        bad_line(ip, name, no, "expected id,short name,description (id 0-59)");
        return;
    }
    if (ip->names[id][0]) {
        bad_line(ip, name, no, "category id given twice");
        return;
    }
    memcpy(ip->names[id], f[1], strlen(f[1]) + 1);
}

int iprep_load_categories(struct iprep *ip, const uint8_t *buf, size_t len, const char *name,
                          char *errbuf, size_t errlen)
{
    each_line(buf, len, name, &ip->errors, cat_line, ip);
    for (unsigned i = 0; i < IPREP_MAX_CATS; i++)
        if (ip->names[i][0])
            return KH_OK;
    snprintf(errbuf, errlen, "%s: no category", name);
    return KH_EFORMAT;
}

/* "a.b.c.d", "a.b.c.d/nn", IPv6 with an optional /nn: as 16 bytes and a 128-bit length. */
static bool parse_net(char *s, uint8_t a[16], unsigned *plen)
{
    char *slash = strchr(s, '/');
    long bits = -1;
    if (slash != NULL) {
        *slash = '\0';
        if (!num_field(slash + 1, 0, 128, &bits))
            return false;
    }
    if (inet_pton(AF_INET, s, a + 12) == 1) {
        memset(a, 0, 10);
        a[10] = a[11] = 0xff;
        if (bits > 32)
            return false;
        *plen = bits < 0 ? 128 : 96 + (unsigned)bits;
        return true;
    }
    if (inet_pton(AF_INET6, s, a) != 1)
        return false;
    *plen = bits < 0 ? 128 : (unsigned)bits;
    return true;
}

static bool prefix_has(const uint8_t *net, const uint8_t *a, unsigned plen)
{
    unsigned full = plen / 8, rest = plen % 8;
    if (memcmp(net, a, full) != 0)
        return false;
    return rest == 0 || ((net[full] ^ a[full]) & (uint8_t)(0xff00u >> rest)) == 0;
}

static void rep_line(struct iprep *ip, char *l, const char *name, uint32_t no)
{
    char *f[3];
    long cat, score;
    uint8_t a[16];
    unsigned plen;
    if (split3(l, f) != 3 || !num_field(f[1], 0, IPREP_MAX_CATS - 1, &cat) ||
        !num_field(f[2], 0, 127, &score) || !parse_net(f[0], a, &plen)) {
        bad_line(ip, name, no, "expected ip[/bits],category,score (score 0-127)");
        return;
    }
    if (!ip->names[cat][0]) {
        bad_line(ip, name, no, "category not in the categories file");
        return;
    }
    if (plen < 128) {
        if (ip->npfx == IPREP_MAX_PREFIXES) {
            ip->pfx_dropped++;
            return;
        }
        if (ip->npfx % 256 == 0) {
            struct iprep_prefix *n = kh_reallocarray(ip->pfx, ip->npfx + 256, sizeof(*n));
            if (n == NULL) {
                ip->pfx_dropped++;
                return;
            }
            ip->pfx = n;
        }
        struct iprep_prefix *p = &ip->pfx[ip->npfx++];
        memcpy(p->addr, a, 16);
        p->plen = (uint8_t)plen;
        p->cat = (uint8_t)cat;
        p->score = (uint8_t)score;
        ip->records++;
        return;
    }
    if (ip->hosts[cat] == NULL)
        ip->hosts[cat] = ds_set_new(ip->names[cat], DS_T_IP, UINT64_MAX, 1024, 0x1f0e2d3c4b5a6978);
    struct ds_entry *e;
    if (ip->hosts[cat] == NULL || ds_set_add_loading(ip->hosts[cat], a, 16, &e) < 0) {
        bad_line(ip, name, no, "out of memory");
        return;
    }
    e->rep = score; /* a later line for the same host and category replaces the score */
    ip->records++;
}

int iprep_load_file(struct iprep *ip, const uint8_t *buf, size_t len, const char *name,
                    char *errbuf, size_t errlen)
{
    (void)errbuf;
    (void)errlen;
    each_line(buf, len, name, &ip->errors, rep_line, ip);
    return KH_OK;
}

int iprep_lookup(const struct iprep *ip, const uint8_t *addr, size_t len, unsigned cat)
{
    if (ip == NULL || cat >= IPREP_MAX_CATS || (len != 4 && len != 16))
        return -1;
    const struct ds_entry *e = ds_lookup(ip->hosts[cat], addr, len);
    if (e != NULL)
        return (int)e->rep;
    uint8_t a[16];
    if (len == 4) {
        memset(a, 0, 10);
        a[10] = a[11] = 0xff;
        memcpy(a + 12, addr, 4);
    } else {
        memcpy(a, addr, 16);
    }
    int best = -1, bestlen = -1;
    for (uint32_t i = 0; i < ip->npfx; i++) {
        const struct iprep_prefix *p = &ip->pfx[i];
        if (p->cat == cat && p->plen > bestlen && prefix_has(p->addr, a, p->plen)) {
            best = p->score;
            bestlen = p->plen;
        }
    }
    return best;
}

static int load_path(struct iprep *ip, const char *path, bool cats, char *errbuf, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(errbuf, errlen, "%s: cannot open", path);
        return KH_ENOENT;
    }
    size_t cap = 1u << 16, n = 0;
    uint8_t *b = kh_malloc(cap);
    int rc = KH_OK;
    for (size_t got = 1; b != NULL && got > 0;) {
        if (n == cap) {
            uint8_t *nb = cap < DS_MAX_FILE ? kh_reallocarray(b, 2, cap) : NULL;
            if (nb == NULL) {
                snprintf(errbuf, errlen, "%s: too large (%u bytes at most)", path, DS_MAX_FILE);
                rc = KH_EFULL;
                break;
            }
            b = nb;
            cap *= 2;
        }
        got = fread(b + n, 1, cap - n, f);
        n += got;
    }
    fclose(f);
    if (b == NULL)
        return KH_ENOMEM;
    if (rc == KH_OK)
        rc = cats ? iprep_load_categories(ip, b, n, path, errbuf, errlen)
                  : iprep_load_file(ip, b, n, path, errbuf, errlen);
    kh_free(b);
    return rc;
}

struct iprep *iprep_load(const struct conf *conf, int *err, char *errbuf, size_t errlen)
{
    const char *cats = NULL, *dir = NULL;
    *err = 0;
    if (conf == NULL || conf_get_str(conf, "reputation-categories-file", &cats) != 0)
        return NULL;
    conf_get_str(conf, "default-reputation-path", &dir);
    struct iprep *ip = iprep_new();
    *err = KH_ENOMEM;
    if (ip == NULL)
        return NULL;
    if ((*err = load_path(ip, cats, true, errbuf, errlen)) != KH_OK)
        goto out_free;
    const struct conf_node *files = conf_node_get(conf, NULL, "reputation-files");
    for (const struct conf_node *c = files ? files->first_child : NULL; c; c = c->next) {
        char path[PATH_MAX];
        const char *v = c->value ? c->value : "";
        if (v[0] != '/' && dir != NULL)
            snprintf(path, sizeof(path), "%s/%s", dir, v);
        else
            snprintf(path, sizeof(path), "%s", v);
        if ((*err = load_path(ip, path, false, errbuf, errlen)) != KH_OK)
            goto out_free;
    }
    kh_notice("iprep: %llu records (%llu malformed lines skipped, %llu netblocks over the cap)",
              (unsigned long long)ip->records, (unsigned long long)ip->errors,
              (unsigned long long)ip->pfx_dropped);
    *err = 0;
    return ip;
out_free:
    iprep_free(ip);
    return NULL;
}
