/* SPDX-License-Identifier: GPL-2.0-only */
/* Dataset files (lines and Suricata 8's JSON format), the registry and the datasets: config. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/lines.h"
#include "core/err.h"
#include "core/log.h"
#include "dataset_internal.h"
#include "intel/json.h"

struct ds_registry {
    struct ds_set **sets;
    unsigned n;
    uint64_t def_memcap;
    uint32_t def_hashsize;
    char *data_dir; /* relative save/state paths; NULL: the working directory */
    uint64_t seed;
    bool allow_absolute; /* datasets.rules.allow-absolute-filenames (default no) */
    bool allow_write;    /* datasets.rules.allow-write (default yes) */
    uint32_t max_one;    /* datasets.limits.single-hashsize: a set's hashsize at most */
};

/* ---- line files: "value" or "value,rep" per line ---- */

static void line_error(struct ds_set *s, const char *name, uint32_t line, const char *why)
{
    if (s->load_errors++ < DS_ERRORS_LOGGED)
        kh_warn("dataset %s: %s:%u: %s, line skipped", s->name, name, line, why);
}

/* One line (no newline): the value, and ",rep" when the set is a datarep one. */
static void load_line(struct ds_set *s, const char *ln, size_t n, const char *name, uint32_t no,
                      uint8_t *kbuf)
{
    const char *comma = memchr(ln, ',', n);
    size_t vlen = s->rep && comma ? (size_t)(comma - ln) : n;
    int64_t rep = 0;
    if (s->rep) {
        char num[24];
        size_t rn = comma ? n - vlen - 1 : 0;
        char *end;
        if (comma == NULL || rn == 0 || rn >= sizeof(num)) {
            line_error(s, name, no, "expected value,reputation");
            return;
        }
        memcpy(num, comma + 1, rn);
        num[rn] = '\0';
        long long r = strtoll(num, &end, 10);
        if (*end != '\0' || r < 0 || r > 65535) { /* Suricata: an unsigned 16-bit value */
            line_error(s, name, no, "reputation not a number 0..65535");
            return;
        }
        rep = r;
    }
    size_t klen;
    if (!ds_parse_value(s->type, ln, vlen, true, kbuf, DS_MAX_VALUE, &klen)) {
        line_error(s, name, no, "malformed value");
        return;
    }
    struct ds_entry *e;
    int rc = ds_set_add_loading(s, kbuf, klen, &e);
    if (rc == 1)
        e->rep = rep;
    else if (rc < 0)
        line_error(s, name, no, "memcap reached");
}

static int load_lines(struct ds_set *s, const uint8_t *buf, size_t len, const char *name)
{
    uint8_t *kbuf = kh_malloc(DS_MAX_VALUE);
    if (kbuf == NULL)
        return KH_ENOMEM;
    struct text_line l = {0};
    for (size_t at = 0; text_line_next(buf, len, &at, &l);) {
        if (l.len == 0 || l.p[0] == '#')
            continue;
        if (l.len > DS_MAX_VALUE / 3 * 4 + 32)
            line_error(s, name, l.no, "line too long");
        else
            load_line(s, (const char *)l.p, l.len, name, l.no, kbuf);
    }
    kh_free(kbuf);
    return KH_OK;
}

/* ---- JSON files (format json): objects with value_key, in an array or at array_key ---- */

/* A growing output bounded by DS_MAX_JSON. */
struct jout {
    char buf[DS_MAX_JSON];
    size_t n;
    bool full;
};

static void jput(struct jout *o, const char *s, size_t n)
{
    if (o->full || n > sizeof(o->buf) - o->n) {
        o->full = true;
        return;
    }
    memcpy(o->buf + o->n, s, n);
    o->n += n;
}

static void jstr(struct jout *o, const char *s, size_t n)
{
    static const char hx[] = "0123456789abcdef";
    jput(o, "\"", 1);
    for (size_t i = 0; i < n && !o->full; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            jput(o, e, 2);
        } else if (c < 0x20) {
            char e[6] = {'\\', 'u', '0', '0', hx[c >> 4], hx[c & 15]};
            jput(o, e, 6);
        } else {
            jput(o, (const char *)&c, 1);
        }
    }
    jput(o, "\"", 1);
}

/* Write node n as JSON; depth is bounded by the reader's IJ_MAX_DEPTH. */
static void jnode(struct jout *o, const struct ij_doc *d, const struct ij_node *n, unsigned depth)
{
    if (depth > IJ_MAX_DEPTH) {
        o->full = true;
        return;
    }
    switch (n->type) {
    case IJ_NULL:
        jput(o, "null", 4);
        break;
    case IJ_BOOL:
        jput(o, n->b ? "true" : "false", n->b ? 4 : 5);
        break;
    case IJ_NUM: { /* integers exactly up to 2^53, others to 17 significant digits */
        double x = 0;
        char num[40];
        ij_num(d, n, &x);
        int k = (x == (double)(int64_t)x && x > -9e15 && x < 9e15)
                    ? snprintf(num, sizeof(num), "%lld", (long long)x)
                    : snprintf(num, sizeof(num), "%.17g", x);
        jput(o, num, (size_t)k);
        break;
    }
    case IJ_STR:
        jstr(o, ij_str(d, n), n->len);
        break;
    default: {
        bool obj = n->type == IJ_OBJ;
        jput(o, obj ? "{" : "[", 1);
        for (const struct ij_node *c = ij_first(d, n); c != NULL && !o->full; c = ij_next(d, c)) {
            if (c != ij_first(d, n))
                jput(o, ",", 1);
            if (obj) {
                const char *k = ij_key(d, c);
                jstr(o, k ? k : "", k ? strlen(k) : 0);
                jput(o, ":", 1);
            }
            jnode(o, d, c, depth + 1);
        }
        jput(o, obj ? "}" : "]", 1);
    }
    }
}

/* Follow a dotted member path ("info.threat") from n; NULL when a member is missing. */
static const struct ij_node *path_get(const struct ij_doc *d, const struct ij_node *n,
                                      const char *path)
{
    char part[256];
    while (n != NULL && *path) {
        const char *dot = strchr(path, '.');
        size_t len = dot ? (size_t)(dot - path) : strlen(path);
        if (len >= sizeof(part))
            return NULL;
        memcpy(part, path, len);
        part[len] = '\0';
        n = ij_get(d, n, part);
        path += len + (dot != NULL);
    }
    return n;
}

static void load_object(struct ds_set *s, const struct ij_doc *d, const struct ij_node *obj,
                        const char *name, uint32_t idx, uint8_t *kbuf, struct jout *o)
{
    const struct ij_node *v = path_get(d, obj, s->value_key);
    const char *txt = v ? ij_str(d, v) : NULL;
    size_t klen;
    if (txt == NULL || v->type != IJ_STR ||
        !ds_parse_value(s->type, txt, v->len, false, kbuf, DS_MAX_VALUE, &klen)) {
        line_error(s, name, idx, "object without a valid value at value_key");
        return;
    }
    o->n = 0;
    o->full = false;
    jnode(o, d, obj, 0);
    if (o->full) {
        line_error(s, name, idx, "object over the JSON size cap");
        return;
    }
    struct ds_entry *e;
    int rc = ds_set_add_loading(s, kbuf, klen, &e);
    if (rc < 0) {
        line_error(s, name, idx, "memcap reached");
        return;
    }
    if (rc == 0) /* a value twice: the first object is the one kept, as Suricata */
        return;
    e->json = kh_strndup(o->buf, o->n);
    if (e->json == NULL)
        return;
    e->jlen = (uint32_t)o->n;
    atomic_fetch_add(&s->bytes, o->n);
}

static int load_json(struct ds_set *s, const uint8_t *buf, size_t len, const char *name,
                     char *errbuf, size_t errlen)
{
    char why[160];
    struct ij_doc *d = ij_parse(buf, len, why, sizeof(why));
    if (d == NULL) {
        snprintf(errbuf, errlen, "%s: %s", name, why);
        return KH_EFORMAT;
    }
    const struct ij_node *arr = ij_root(d);
    if (s->array_key != NULL)
        arr = path_get(d, arr, s->array_key);
    int rc = KH_ENOMEM;
    uint8_t *kbuf = kh_malloc(DS_MAX_VALUE);
    struct jout *o = kh_malloc(sizeof(*o));
    if (kbuf == NULL || o == NULL)
        goto out;
    rc = KH_EFORMAT;
    if (arr == NULL || arr->type != IJ_ARR) {
        snprintf(errbuf, errlen, "%s: no array of objects%s%s", name,
                 s->array_key ? " at array_key " : "", s->array_key ? s->array_key : "");
        goto out;
    }
    uint32_t idx = 0;
    for (const struct ij_node *c = ij_first(d, arr); c != NULL; c = ij_next(d, c)) {
        idx++;
        if (c->type != IJ_OBJ)
            line_error(s, name, idx, "array element is not an object");
        else
            load_object(s, d, c, name, idx, kbuf, o);
    }
    rc = KH_OK;
out:
    kh_free(kbuf);
    kh_free(o);
    ij_free(d);
    return rc;
}

int ds_set_load_buf(struct ds_set *s, const uint8_t *buf, size_t len, const char *name,
                    char *errbuf, size_t errlen)
{
    if (s->json)
        return load_json(s, buf, len, name, errbuf, errlen);
    return load_lines(s, buf, len, name);
}

static int read_file(const char *path, uint8_t **out, size_t *len, char *errbuf, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(errbuf, errlen, "%s: cannot open", path);
        return KH_ENOENT;
    }
    size_t cap = 65536, n = 0;
    uint8_t *b = kh_malloc(cap);
    int rc = b ? KH_OK : KH_ENOMEM;
    while (rc == KH_OK) {
        if (n == cap) {
            uint8_t *nb = cap < DS_MAX_FILE ? kh_reallocarray(b, 2, cap) : NULL;
            if (nb == NULL) {
                snprintf(errbuf, errlen, "%s: larger than %u bytes", path, DS_MAX_FILE);
                rc = KH_EFULL;
                break;
            }
            b = nb;
            cap *= 2;
        }
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    if (rc != KH_OK) {
        kh_free(b);
        return rc;
    }
    *out = b;
    *len = n;
    return KH_OK;
}

/* ---- the registry ---- */

struct ds_registry *ds_registry_new(uint64_t def_memcap, uint32_t def_hashsize,
                                    const char *data_dir)
{
    struct ds_registry *r = kh_calloc(1, sizeof(*r));
    if (r == NULL)
        return NULL;
    r->sets = kh_calloc(DS_MAX_SETS, sizeof(*r->sets));
    if (r->sets == NULL || (data_dir && (r->data_dir = kh_strdup(data_dir)) == NULL)) {
        ds_registry_free(r);
        return NULL;
    }
    r->allow_write = true;
    r->max_one = DS_MAX_ONE_HASH;
    r->def_memcap = def_memcap ? def_memcap : DS_DEFAULT_MEMCAP;
    r->def_hashsize = def_hashsize ? def_hashsize : DS_DEFAULT_HASH;
    /* a random seed: `set` inserts attacker-chosen values, so rows must not be predictable */
    if (getrandom(&r->seed, sizeof(r->seed), 0) != (ssize_t)sizeof(r->seed))
        r->seed = (uint64_t)(uintptr_t)r ^ 0x5bd1e9955bd1e995ULL;
    return r;
}

void ds_registry_free(struct ds_registry *r)
{
    if (r == NULL)
        return;
    for (unsigned i = 0; r->sets && i < r->n; i++)
        ds_set_release(r->sets[i]); /* rule sets still holding one free it with them */
    kh_free(r->sets);
    kh_free(r->data_dir);
    kh_free(r);
}

unsigned ds_registry_count(const struct ds_registry *r)
{
    return r ? r->n : 0;
}

void ds_registry_stats(const struct ds_registry *r, struct ds_set_stats *sum)
{
    memset(sum, 0, sizeof(*sum));
    for (unsigned i = 0; r && i < r->n; i++) {
        struct ds_set_stats st;
        ds_set_get_stats(r->sets[i], &st);
        sum->entries += st.entries;
        sum->bytes += st.bytes;
        sum->memcap_hits += st.memcap_hits;
        sum->load_errors += st.load_errors;
        sum->buckets += st.buckets;
    }
}

/* dir/path for a relative path (dir NULL or empty: as given); NULL when too long. */
static char *resolve(const char *dir, const char *path)
{
    char buf[PATH_MAX];
    if (path[0] == '/' || dir == NULL || dir[0] == '\0')
        return kh_strdup(path);
    if ((size_t)snprintf(buf, sizeof(buf), "%s/%s", dir, path) >= sizeof(buf))
        return NULL;
    return kh_strdup(buf);
}

static int set_load_file(struct ds_set *s, const char *path, bool missing_ok, char *why,
                         size_t whylen)
{
    uint8_t *buf;
    size_t len;
    int rc = read_file(path, &buf, &len, why, whylen);
    if (rc == KH_ENOENT && missing_ok)
        return KH_OK; /* state: the first run has no file yet */
    if (rc != KH_OK)
        return rc;
    rc = ds_set_load_buf(s, buf, len, path, why, whylen);
    kh_free(buf);
    if (rc == KH_OK)
        kh_info("dataset %s: %llu entries from %s", s->name,
                (unsigned long long)atomic_load(&s->entries), path);
    return rc;
}

/* Make set name from o: paths resolved, file loaded. */
static struct ds_set *set_create(struct ds_registry *r, const char *name, const struct ds_opts *o,
                                 char *why, size_t whylen)
{
    if (o->type < 0) {
        snprintf(why, whylen, "dataset %s: no type given (and not declared before)", name);
        return NULL;
    }
    if (o->json && (o->value_key == NULL || o->save || o->state)) {
        snprintf(why, whylen, "dataset %s: format json needs value_key and cannot save", name);
        return NULL;
    }
    uint32_t rows = o->hashsize ? o->hashsize : r->def_hashsize;
    if (rows > r->max_one) { /* the rows asked for, not what a loaded file grows them to */
        kh_warn("dataset %s: hashsize %u over datasets.limits.single-hashsize %u: using %u", name,
                rows, r->max_one, r->max_one);
        rows = r->max_one;
    }
    struct ds_set *s = ds_set_new(name, (enum ds_type)o->type,
                                  o->memcap ? o->memcap : r->def_memcap, rows, r->seed);
    if (s == NULL)
        goto out_nomem;
    s->rep = o->rep;
    s->json = o->json;
    s->is_static = o->from_rule && o->load && !o->save && !o->state;
    if ((o->value_key && (s->value_key = kh_strdup(o->value_key)) == NULL) ||
        (o->array_key && (s->array_key = kh_strdup(o->array_key)) == NULL))
        goto out_nomem;
    const char *save = o->state ? o->state : o->save;
    if (save && (s->save = resolve(r->data_dir, save)) == NULL)
        goto out_nomem;
    if (o->load && (s->load = resolve(o->base_dir, o->load)) == NULL)
        goto out_nomem;
    if (s->load && o->alt_dir && o->load[0] != '/' && access(s->load, F_OK) != 0) {
        kh_free(s->load); /* not beside the rules: the rule path, as Suricata looks next */
        if ((s->load = resolve(o->alt_dir, o->load)) == NULL)
            goto out_nomem;
    }
    int rc = KH_OK;
    if (s->load)
        rc = set_load_file(s, s->load, false, why, whylen);
    if (rc == KH_OK && o->state)
        rc = set_load_file(s, s->save, true, why, whylen);
    if (rc != KH_OK) {
        ds_set_free(s);
        return NULL;
    }
    return s;
out_nomem:
    snprintf(why, whylen, "dataset %s: out of memory", name);
    ds_set_free(s);
    return NULL;
}

struct ds_set *ds_registry_get(struct ds_registry *r, const char *name, const struct ds_opts *o,
                               char *why, size_t whylen)
{
    if (strlen(name) > DS_NAME_MAX || name[0] == '\0') {
        snprintf(why, whylen, "dataset name empty or longer than %u bytes", DS_NAME_MAX);
        return NULL;
    }
    for (unsigned i = 0; i < r->n; i++) {
        struct ds_set *s = r->sets[i];
        if (strcmp(s->name, name) != 0)
            continue;
        if (o->type >= 0 && o->type != (int)s->type) {
            snprintf(why, whylen, "dataset %s is of type %s, not %s", name, ds_type_name(s->type),
                     ds_type_name((enum ds_type)o->type));
            return NULL;
        }
        return s; /* shared: the first declaration's files and caps hold */
    }
    if (r->n == DS_MAX_SETS) {
        snprintf(why, whylen, "more than %u datasets", DS_MAX_SETS);
        return NULL;
    }
    struct ds_set *s = set_create(r, name, o, why, whylen);
    if (s != NULL)
        r->sets[r->n++] = s;
    return s;
}

static bool path_escapes(const char *p)
{
    if (p[0] == '/')
        return true;
    for (const char *s = p; (s = strstr(s, "..")) != NULL; s += 2)
        if ((s == p || s[-1] == '/') && (s[2] == '\0' || s[2] == '/'))
            return true;
    return false;
}

int ds_registry_check_paths(const struct ds_registry *r, const struct ds_opts *o, char *why,
                            size_t whylen)
{
    const char *paths[] = {o->load, o->save, o->state};
    if ((o->save || o->state) && !r->allow_write) {
        snprintf(why, whylen, "save/state in rules is off (datasets.rules.allow-write)");
        return KH_EINVAL;
    }
    for (unsigned i = 0; i < 3; i++)
        if (paths[i] && !r->allow_absolute && path_escapes(paths[i])) {
            snprintf(why, whylen,
                     "'%s': absolute or '..' paths need "
                     "datasets.rules.allow-absolute-filenames",
                     paths[i]);
            return KH_EINVAL;
        }
    return KH_OK;
}

void ds_registry_reload_begin(struct ds_registry *r)
{
    unsigned kept = 0;
    for (unsigned i = 0; r && i < r->n; i++) {
        if (r->sets[i]->is_static)
            ds_set_release(r->sets[i]); /* the old rules' references keep it until freed */
        else
            r->sets[kept++] = r->sets[i];
    }
    if (r)
        r->n = kept;
}

unsigned ds_registry_save(const struct ds_registry *r)
{
    unsigned n = 0;
    for (unsigned i = 0; r && i < r->n; i++) {
        const struct ds_set *s = r->sets[i];
        if (s->save == NULL)
            continue;
        if (ds_set_save(s, s->save) == KH_OK)
            n++;
        else
            kh_err("dataset %s: cannot write %s", s->name, s->save);
    }
    return n;
}

/* One named set of the datasets: section. */
static int conf_one_set(struct ds_registry *r, const struct conf_node *n, const char *conf_dir,
                        char *errbuf, size_t errlen)
{
    struct ds_opts o = {.type = -1, .base_dir = conf_dir};
    for (const struct conf_node *c = n->first_child; c != NULL; c = c->next) {
        const char *v = c->value ? c->value : "";
        uint64_t sz;
        if (strcmp(c->name, "type") == 0) {
            o.type = ds_type_from_name(v);
        } else if (strcmp(c->name, "load") == 0) {
            o.load = v;
        } else if (strcmp(c->name, "save") == 0) {
            o.save = v;
        } else if (strcmp(c->name, "state") == 0) {
            o.state = v;
        } else if (strcmp(c->name, "memcap") == 0 || strcmp(c->name, "hashsize") == 0) {
            if (conf_node_size(c, &sz, errbuf, errlen) != 0)
                return KH_EINVAL;
            if (c->name[0] == 'm')
                o.memcap = sz;
            else
                o.hashsize = sz > DS_MAX_BUCKETS ? DS_MAX_BUCKETS : (uint32_t)sz;
        } else {
            kh_warn("datasets.%s: unknown key %s ignored", n->name, c->name);
        }
    }
    if (o.type < 0) {
        snprintf(errbuf, errlen,
                 "datasets.%s: type missing or not one of string, md5, sha1, "
                 "sha256, ipv4, ip",
                 n->name);
        return KH_EINVAL;
    }
    char why[256];
    if (ds_registry_get(r, n->name, &o, why, sizeof(why)) == NULL) {
        snprintf(errbuf, errlen, "datasets.%s: %s", n->name, why);
        return KH_EINVAL;
    }
    return KH_OK;
}

/* datasets.rules (what rules may name) and datasets.limits.single-hashsize. */
static int conf_policy(struct ds_registry *r, const struct conf_node *root, char *errbuf,
                       size_t errlen)
{
    const struct conf_node *rules = conf_node_child(root, "rules");
    const struct conf_node *aa = rules ? conf_node_child(rules, "allow-absolute-filenames") : NULL;
    const struct conf_node *aw = rules ? conf_node_child(rules, "allow-write") : NULL;
    const struct conf_node *lim = conf_node_child(root, "limits");
    const struct conf_node *one = lim ? conf_node_child(lim, "single-hashsize") : NULL;
    uint64_t v;
    if (one != NULL) {
        if (conf_node_size(one, &v, errbuf, errlen) != 0)
            return KH_EINVAL;
        r->max_one = v == 0 || v > DS_MAX_BUCKETS ? DS_MAX_BUCKETS : (uint32_t)v;
    }
    if ((aa && conf_node_bool(aa, &r->allow_absolute, errbuf, errlen) != 0) ||
        (aw && conf_node_bool(aw, &r->allow_write, errbuf, errlen) != 0))
        return KH_EINVAL;
    return KH_OK;
}

int ds_registry_configure(struct ds_registry *r, const struct conf *conf, const char *conf_dir,
                          char *errbuf, size_t errlen)
{
    const struct conf_node *root = conf ? conf_node_get(conf, NULL, "datasets") : NULL;
    if (root == NULL)
        return KH_OK;
    const struct conf_node *def = conf_node_child(root, "defaults");
    if (conf_policy(r, root, errbuf, errlen) != KH_OK)
        return KH_EINVAL;
    uint64_t v;
    if (def && conf_node_child(def, "memcap")) {
        if (conf_node_size(conf_node_child(def, "memcap"), &v, errbuf, errlen) != 0)
            return KH_EINVAL;
        r->def_memcap = v ? v : DS_DEFAULT_MEMCAP;
    }
    if (def && conf_node_child(def, "hashsize")) {
        if (conf_node_size(conf_node_child(def, "hashsize"), &v, errbuf, errlen) != 0)
            return KH_EINVAL;
        r->def_hashsize = v ? (v > DS_MAX_BUCKETS ? DS_MAX_BUCKETS : (uint32_t)v) : DS_DEFAULT_HASH;
    }
    for (const struct conf_node *c = root->first_child; c != NULL; c = c->next) {
        if (strcmp(c->name, "defaults") == 0 || strcmp(c->name, "enabled") == 0 ||
            strcmp(c->name, "limits") == 0 || strcmp(c->name, "rules") == 0 || c->value != NULL)
            continue;
        if (conf_one_set(r, c, conf_dir, errbuf, errlen) != KH_OK)
            return KH_EINVAL;
    }
    return KH_OK;
}
