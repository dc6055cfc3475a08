/* SPDX-License-Identifier: GPL-2.0-only */
/* Address and port sets of the rule header, resolved to sorted disjoint intervals. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/compiler.h"
#include "core/err.h"
#include "detect/rules/addr.h"

#define V4_MAX   ((unsigned __int128)UINT32_MAX)
#define V6_MAX   (~(unsigned __int128)0)
#define PORT_MAX ((unsigned __int128)65535)

/* An item's or a group's value: IPv4, IPv6 or port intervals (ports use v4). */
struct rsets {
    struct sig_range_set v4;
    struct sig_range_set v6;
};

struct parser {
    const struct addr_ctx *ac;
    bool port;
    char *err;
    size_t errlen;
    unsigned depth;
};

#define CAP(len) ((int)((len) > 64 ? 64 : (len))) /* bytes of the input quoted in messages */

static int fail(struct parser *ps, const char *fmt, ...) KH_PRINTF(2, 3);
static int fail(struct parser *ps, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ps->err, ps->errlen, fmt, ap);
    va_end(ap);
    return KH_EINVAL;
}

static int rs_add(struct sig_range_set *s, unsigned __int128 lo, unsigned __int128 hi)
{
    struct sig_range *v = kh_reallocarray(s->v, s->n + 1, sizeof(*v));
    if (v == NULL)
        return KH_ENOMEM;
    v[s->n].lo = lo;
    v[s->n].hi = hi;
    s->v = v;
    s->n++;
    return 0;
}

static int range_cmp(const void *a, const void *b)
{
    const struct sig_range *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Sort and merge overlapping or adjacent intervals. */
static void rs_normalize(struct sig_range_set *s)
{
    if (s->n < 2)
        return;
    qsort(s->v, s->n, sizeof(s->v[0]), range_cmp);
    uint32_t w = 0;
    for (uint32_t i = 1; i < s->n; i++) {
        if (s->v[i].lo <= s->v[w].hi || s->v[i].lo - 1 == s->v[w].hi) {
            if (s->v[i].hi > s->v[w].hi)
                s->v[w].hi = s->v[i].hi;
        } else {
            s->v[++w] = s->v[i];
        }
    }
    s->n = w + 1;
}

static int rs_append(struct sig_range_set *dst, const struct sig_range_set *src)
{
    for (uint32_t i = 0; i < src->n; i++)
        if (rs_add(dst, src->v[i].lo, src->v[i].hi))
            return KH_ENOMEM;
    return 0;
}

/* dst := a minus b; both normalized. */
static int rs_subtract(struct sig_range_set *dst, const struct sig_range_set *a,
                       const struct sig_range_set *b)
{
    uint32_t j = 0;
    for (uint32_t i = 0; i < a->n; i++) {
        unsigned __int128 lo = a->v[i].lo, hi = a->v[i].hi;
        bool live = true;
        while (j < b->n && b->v[j].hi < lo)
            j++;
        for (uint32_t k = j; live && k < b->n && b->v[k].lo <= hi; k++) {
            if (b->v[k].lo > lo && rs_add(dst, lo, b->v[k].lo - 1))
                return KH_ENOMEM;
            if (b->v[k].hi >= hi)
                live = false;
            else
                lo = b->v[k].hi + 1;
        }
        if (live && rs_add(dst, lo, hi))
            return KH_ENOMEM;
    }
    return 0;
}

static void rsets_fini(struct rsets *r)
{
    kh_free(r->v4.v);
    kh_free(r->v6.v);
    memset(r, 0, sizeof(*r));
}

static int rsets_full(struct parser *ps, struct rsets *r)
{
    if (rs_add(&r->v4, 0, ps->port ? PORT_MAX : V4_MAX))
        return KH_ENOMEM;
    if (!ps->port && rs_add(&r->v6, 0, V6_MAX))
        return KH_ENOMEM;
    return 0;
}

static unsigned __int128 prefix_mask(unsigned bits, unsigned width)
{
    if (bits == 0)
        return 0;
    unsigned __int128 all = width == 32 ? V4_MAX : V6_MAX;
    return (all << (width - bits)) & all;
}

static bool parse_u(const char *s, unsigned long max, unsigned long *out)
{
    char *end;
    if (*s < '0' || *s > '9')
        return false;
    unsigned long v = strtoul(s, &end, 10);
    if (*end != '\0' || v > max)
        return false;
    *out = v;
    return true;
}

/* One IP literal "a.b.c.d" or IPv6 into a 128-bit number; family 4 or 6. */
static bool ip_value(const char *s, int *family, unsigned __int128 *v)
{
    unsigned char b[16];
    *v = 0;
    if (inet_pton(AF_INET, s, b) == 1) {
        *family = 4;
        for (int i = 0; i < 4; i++)
            *v = *v << 8 | b[i];
        return true;
    }
    if (strchr(s, ':') != NULL && inet_pton(AF_INET6, s, b) == 1) {
        *family = 6;
        for (int i = 0; i < 16; i++)
            *v = *v << 8 | b[i];
        return true;
    }
    return false;
}

/* "1.2.3.4", "1.2.3.0/24", "1.2.3.0/255.255.255.0", "1.2.3.4-1.2.3.9", IPv6 likewise. */
static int addr_literal(struct parser *ps, const char *s, size_t len, struct rsets *out)
{
    char buf[128], *slash, *dash;
    int fam, fam2;
    unsigned __int128 lo, hi;
    if (len >= sizeof(buf))
        return fail(ps, "invalid address '%.*s'", CAP(len), s);
    memcpy(buf, s, len);
    buf[len] = '\0';
    slash = strchr(buf, '/');
    dash = strchr(buf, '-');
    if (slash != NULL) {
        *slash = '\0';
        if (!ip_value(buf, &fam, &lo))
            return fail(ps, "invalid address '%.*s'", CAP(len), s);
        unsigned width = fam == 4 ? 32 : 128;
        unsigned long bits;
        unsigned __int128 mask;
        if (parse_u(slash + 1, width, &bits)) {
            mask = prefix_mask((unsigned)bits, width);
        } else if (fam == 4 && ip_value(slash + 1, &fam2, &mask) && fam2 == 4) {
            if ((~mask & V4_MAX) & ((~mask & V4_MAX) + 1))
                return fail(ps, "invalid netmask in '%.*s'", CAP(len), s);
        } else {
            return fail(ps, "invalid netmask in '%.*s'", CAP(len), s);
        }
        lo &= mask;
        hi = lo | (~mask & (fam == 4 ? V4_MAX : V6_MAX));
    } else if (dash != NULL) {
        *dash = '\0';
        if (!ip_value(buf, &fam, &lo) || !ip_value(dash + 1, &fam2, &hi) || fam != fam2)
            return fail(ps, "invalid address range '%.*s'", CAP(len), s);
        if (lo > hi)
            return fail(ps, "address range '%.*s' ends before it starts", CAP(len), s);
    } else {
        if (!ip_value(buf, &fam, &lo))
            return fail(ps, "invalid address '%.*s'", CAP(len), s);
        hi = lo;
    }
    return rs_add(fam == 4 ? &out->v4 : &out->v6, lo, hi);
}

/* "80", "1024:", ":1023", "1000:2000". */
static int port_literal(struct parser *ps, const char *s, size_t len, struct rsets *out)
{
    char buf[32];
    unsigned long lo = 0, hi = 65535;
    if (len >= sizeof(buf) || len == 0)
        return fail(ps, "invalid port '%.*s'", CAP(len), s);
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *colon = strchr(buf, ':');
    if (colon != NULL) {
        *colon = '\0';
        if ((buf[0] && !parse_u(buf, 65535, &lo)) || (colon[1] && !parse_u(colon + 1, 65535, &hi)))
            return fail(ps, "invalid port range '%.*s'", CAP(len), s);
        if (!buf[0] && !colon[1])
            return fail(ps, "invalid port range '%.*s'", CAP(len), s);
        if (lo > hi)
            return fail(ps, "port range '%.*s' ends before it starts", CAP(len), s);
    } else if (parse_u(buf, 65535, &lo)) {
        hi = lo;
    } else {
        return fail(ps, "invalid port '%.*s' (0 to 65535)", CAP(len), s);
    }
    return rs_add(&out->v4, lo, hi);
}

static int parse_group(struct parser *ps, const char *s, size_t len, struct rsets *out);

static size_t trim(const char **s, size_t len)
{
    while (len && (**s == ' ' || **s == '\t')) {
        (*s)++;
        len--;
    }
    while (len && ((*s)[len - 1] == ' ' || (*s)[len - 1] == '\t'))
        len--;
    return len;
}

/* One element without its '!': a group, a variable, any, or a literal. */
static int parse_item(struct parser *ps, const char *s, size_t len, struct rsets *out)
{
    if (len == 0)
        return fail(ps, "empty element in '%.*s'", CAP(len), s);
    if (s[0] == '[') {
        if (s[len - 1] != ']')
            return fail(ps, "unbalanced brackets in '%.*s'", CAP(len), s);
        return parse_group(ps, s + 1, len - 2, out);
    }
    if (s[0] == '$') {
        char name[128];
        if (len - 1 >= sizeof(name) || len == 1)
            return fail(ps, "invalid variable '%.*s'", CAP(len), s);
        memcpy(name, s + 1, len - 1);
        name[len - 1] = '\0';
        const char *val =
            ps->ac->lookup ? ps->ac->lookup(ps->ac->lookup_ctx, ps->port, name) : NULL;
        if (val == NULL)
            val = addr_default_var(ps->port, name);
        if (val == NULL)
            return fail(ps, "unknown %s variable '%.*s'", ps->port ? "port" : "address", CAP(len),
                        s);
        return parse_group(ps, val, strlen(val), out);
    }
    if (len == 3 && memcmp(s, "any", 3) == 0)
        return rsets_full(ps, out);
    return ps->port ? port_literal(ps, s, len, out) : addr_literal(ps, s, len, out);
}

/* Find the end of the element starting at s: the next ',' outside brackets. */
static size_t element_len(const char *s, size_t len, int *balance)
{
    int d = 0;
    size_t i;
    for (i = 0; i < len; i++) {
        if (s[i] == '[')
            d++;
        else if (s[i] == ']')
            d--;
        else if (s[i] == ',' && d == 0)
            break;
        if (d < 0)
            break;
    }
    *balance = d;
    return i;
}

/* A comma list: the union of plain elements minus the union of negated ones (any if none). */
static int parse_group(struct parser *ps, const char *s, size_t len, struct rsets *out)
{
    struct rsets pos = {0}, neg = {0}, item = {0};
    bool have_pos = false;
    int rc = 0;
    if (++ps->depth > ADDR_MAX_DEPTH) {
        rc = fail(ps, "groups or variables nested too deep at '%.*s'", CAP(len), s);
        goto out;
    }
    len = trim(&s, len);
    if (len == 0) {
        rc = fail(ps, "empty list");
        goto out;
    }
    while (len > 0) {
        int bal;
        size_t n = element_len(s, len, &bal);
        const char *e = s;
        size_t elen = trim(&e, n);
        bool negated = false;
        if (bal != 0) {
            rc = fail(ps, "unbalanced brackets in '%.*s'", CAP(len), s);
            goto out;
        }
        while (elen && e[0] == '!') {
            negated = !negated;
            e++;
            elen = trim(&e, elen - 1);
        }
        if ((rc = parse_item(ps, e, elen, &item)) != 0)
            goto out;
        struct rsets *to = negated ? &neg : &pos;
        have_pos |= !negated;
        if (rs_append(&to->v4, &item.v4) || rs_append(&to->v6, &item.v6)) {
            rc = KH_ENOMEM;
            goto out;
        }
        rsets_fini(&item);
        s += n;
        len -= n;
        if (len > 0) { /* skip the comma; a trailing one leaves an empty element */
            s++;
            len = trim(&s, len - 1);
            if (len == 0) {
                rc = fail(ps, "trailing comma in list");
                goto out;
            }
        }
    }
    if (!have_pos && (rc = rsets_full(ps, &pos)) != 0)
        goto out;
    rs_normalize(&pos.v4);
    rs_normalize(&pos.v6);
    rs_normalize(&neg.v4);
    rs_normalize(&neg.v6);
    if (rs_subtract(&out->v4, &pos.v4, &neg.v4) || rs_subtract(&out->v6, &pos.v6, &neg.v6))
        rc = KH_ENOMEM;
out:
    ps->depth--;
    rsets_fini(&pos);
    rsets_fini(&neg);
    rsets_fini(&item);
    return rc;
}

static bool is_full(const struct sig_range_set *s, unsigned __int128 max)
{
    return s->n == 1 && s->v[0].lo == 0 && s->v[0].hi == max;
}

static int parse_top(struct parser *ps, const char *text, struct rsets *r)
{
    int rc = parse_group(ps, text, strlen(text), r);
    if (rc == KH_ENOMEM)
        snprintf(ps->err, ps->errlen, "out of memory");
    if (rc == 0 && r->v4.n == 0 && r->v6.n == 0)
        rc = fail(ps, "'%.*s' matches nothing (everything is negated)", CAP(strlen(text)), text);
    return rc;
}

/* ---- interning: equal texts share one parsed set ---- */

struct intern_entry {
    char *key; /* "a:" or "p:" then the text */
    void *val;
};

struct addr_intern {
    struct intern_entry *v;
    uint32_t cap; /* power of two */
    uint32_t n;
};

struct addr_intern *addr_intern_new(void)
{
    struct addr_intern *t = kh_calloc(1, sizeof(*t));
    if (t == NULL)
        return NULL;
    t->cap = 256;
    t->v = kh_calloc(t->cap, sizeof(*t->v));
    if (t->v == NULL) {
        kh_free(t);
        return NULL;
    }
    return t;
}

void addr_intern_free(struct addr_intern *t)
{
    if (t == NULL)
        return;
    for (uint32_t i = 0; i < t->cap; i++) {
        if (t->v[i].key == NULL)
            continue;
        if (t->v[i].key[0] == 'a')
            sig_addr_free(t->v[i].val);
        else
            sig_ports_free(t->v[i].val);
        kh_free(t->v[i].key);
    }
    kh_free(t->v);
    kh_free(t);
}

static uint32_t str_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

static struct intern_entry *intern_slot(struct addr_intern *t, const char *key)
{
    uint32_t i = str_hash(key) & (t->cap - 1);
    while (t->v[i].key != NULL && strcmp(t->v[i].key, key) != 0)
        i = (i + 1) & (t->cap - 1);
    return &t->v[i];
}

static int intern_grow(struct addr_intern *t)
{
    struct addr_intern n = {.cap = t->cap * 2};
    n.v = kh_calloc(n.cap, sizeof(*n.v));
    if (n.v == NULL)
        return KH_ENOMEM;
    for (uint32_t i = 0; i < t->cap; i++)
        if (t->v[i].key != NULL)
            *intern_slot(&n, t->v[i].key) = t->v[i];
    kh_free(t->v);
    t->v = n.v;
    t->cap = n.cap;
    return 0;
}

/* Store val under key; on failure the caller still owns val. */
static int intern_put(struct addr_intern *t, const char *key, void *val)
{
    if ((t->n + 1) * 2 > t->cap && intern_grow(t))
        return KH_ENOMEM;
    char *k = kh_strdup(key);
    if (k == NULL)
        return KH_ENOMEM;
    struct intern_entry *e = intern_slot(t, key);
    e->key = k;
    e->val = val;
    t->n++;
    return 0;
}

static char *intern_key(char kind, const char *text)
{
    size_t n = strlen(text);
    char *k = kh_malloc(n + 3);
    if (k != NULL) {
        k[0] = kind;
        k[1] = ':';
        memcpy(k + 2, text, n + 1);
    }
    return k;
}

/*
 * Look the header text up in the load's intern table (tag 'a' addresses, 'p' ports): 1 with
 * *val set when an equal text was parsed before, 0 with *key to insert under, or KH_ENOMEM.
 */
static int intern_find(const struct addr_ctx *ac, char tag, const char *text, char **key,
                       const void **val)
{
    *key = NULL;
    if (ac->intern == NULL)
        return 0;
    if ((*key = intern_key(tag, text)) == NULL)
        return KH_ENOMEM;
    struct intern_entry *e = intern_slot(ac->intern, *key);
    if (e->key == NULL)
        return 0;
    *val = e->val;
    kh_free(*key);
    *key = NULL;
    return 1;
}

int addr_parse(const struct addr_ctx *ac, const char *text, const struct sig_addr **out, char *err,
               size_t errlen)
{
    struct parser ps = {.ac = ac, .port = false, .err = err, .errlen = errlen};
    struct rsets r = {0};
    char *key = NULL;
    int rc;
    const void *hit;
    if ((rc = intern_find(ac, 'a', text, &key, &hit)) != 0) {
        if (rc == 1)
            *out = hit;
        return rc == 1 ? 0 : rc;
    }
    if ((rc = parse_top(&ps, text, &r)) != 0)
        goto out;
    struct sig_addr *a = kh_calloc(1, sizeof(*a));
    if (a == NULL) {
        rc = KH_ENOMEM;
        goto out;
    }
    a->v4 = r.v4;
    a->v6 = r.v6;
    memset(&r, 0, sizeof(r));
    a->any = is_full(&a->v4, V4_MAX) && is_full(&a->v6, V6_MAX);
    if (key != NULL && (rc = intern_put(ac->intern, key, a)) != 0) {
        sig_addr_free(a);
        goto out;
    }
    *out = a;
out:
    kh_free(key);
    rsets_fini(&r);
    return rc;
}

int ports_parse(const struct addr_ctx *ac, const char *text, const struct sig_ports **out,
                char *err, size_t errlen)
{
    struct parser ps = {.ac = ac, .port = true, .err = err, .errlen = errlen};
    struct rsets r = {0};
    char *key = NULL;
    int rc;
    const void *hit;
    if ((rc = intern_find(ac, 'p', text, &key, &hit)) != 0) {
        if (rc == 1)
            *out = hit;
        return rc == 1 ? 0 : rc;
    }
    if ((rc = parse_top(&ps, text, &r)) != 0)
        goto out;
    struct sig_ports *p = kh_calloc(1, sizeof(*p));
    if (p == NULL) {
        rc = KH_ENOMEM;
        goto out;
    }
    p->r = r.v4;
    memset(&r.v4, 0, sizeof(r.v4));
    p->any = is_full(&p->r, PORT_MAX);
    if (key != NULL && (rc = intern_put(ac->intern, key, p)) != 0) {
        sig_ports_free(p);
        goto out;
    }
    *out = p;
out:
    kh_free(key);
    rsets_fini(&r);
    return rc;
}

void sig_addr_free(struct sig_addr *a)
{
    if (a == NULL)
        return;
    kh_free(a->v4.v);
    kh_free(a->v6.v);
    kh_free(a);
}

void sig_ports_free(struct sig_ports *p)
{
    if (p == NULL)
        return;
    kh_free(p->r.v);
    kh_free(p);
}

static bool rs_contains(const struct sig_range_set *s, unsigned __int128 x)
{
    uint32_t lo = 0, hi = s->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (x < s->v[mid].lo)
            hi = mid;
        else if (x > s->v[mid].hi)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

bool sig_addr_contains(const struct sig_addr *a, const unsigned char *addr, size_t len)
{
    unsigned __int128 x = 0;
    if (len != 4 && len != 16)
        return false;
    for (size_t i = 0; i < len; i++)
        x = x << 8 | addr[i];
    return rs_contains(len == 4 ? &a->v4 : &a->v6, x);
}

bool sig_ports_contains(const struct sig_ports *p, unsigned port)
{
    return rs_contains(&p->r, port);
}

/* suricata.yaml's vars, as Suricata ships them. */
static const char *const default_addr_vars[][2] = {
    {"HOME_NET", "[192.168.0.0/16,10.0.0.0/8,172.16.0.0/12]"},
    {"EXTERNAL_NET", "!$HOME_NET"},
    {"HTTP_SERVERS", "$HOME_NET"},
    {"SMTP_SERVERS", "$HOME_NET"},
    {"SQL_SERVERS", "$HOME_NET"},
    {"DNS_SERVERS", "$HOME_NET"},
    {"TELNET_SERVERS", "$HOME_NET"},
    {"AIM_SERVERS", "$EXTERNAL_NET"},
    {"DC_SERVERS", "$HOME_NET"},
    {"DNP3_SERVER", "$HOME_NET"},
    {"DNP3_CLIENT", "$HOME_NET"},
    {"MODBUS_CLIENT", "$HOME_NET"},
    {"MODBUS_SERVER", "$HOME_NET"},
    {"ENIP_CLIENT", "$HOME_NET"},
    {"ENIP_SERVER", "$HOME_NET"},
};

static const char *const default_port_vars[][2] = {
    {"HTTP_PORTS", "80"},
    {"SHELLCODE_PORTS", "!80"},
    {"ORACLE_PORTS", "1521"},
    {"SSH_PORTS", "22"},
    {"DNP3_PORTS", "20000"},
    {"MODBUS_PORTS", "502"},
    {"FILE_DATA_PORTS", "[$HTTP_PORTS,110,143]"},
    {"FTP_PORTS", "21"},
    {"GENEVE_PORTS", "6081"},
    {"VXLAN_PORTS", "4789"},
    {"TEREDO_PORTS", "3544"},
    {"SIP_PORTS", "[5060, 5061]"},
};

const char *addr_default_var(bool port, const char *name)
{
    if (port) {
        for (size_t i = 0; i < sizeof(default_port_vars) / sizeof(default_port_vars[0]); i++)
            if (strcmp(default_port_vars[i][0], name) == 0)
                return default_port_vars[i][1];
        return NULL;
    }
    for (size_t i = 0; i < sizeof(default_addr_vars) / sizeof(default_addr_vars[0]); i++)
        if (strcmp(default_addr_vars[i][0], name) == 0)
            return default_addr_vars[i][1];
    return NULL;
}
