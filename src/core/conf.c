/* SPDX-License-Identifier: GPL-2.0-only */
/* The configuration tree: YAML parsed by libyaml into a draft, applied with Suricata's rules. */
#include "conf.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "alloc.h"
#include "compiler.h"
#include "err.h"
#include "log.h"

#define CONF_SET_FILE        "--set"
#define CONF_STRING_NAME     "<string>"
#define CONF_PATH_MAX        4096u /* bytes of a file path, with the folder of an include */
#define CONF_MANGLE_WARN_MAX 10u   /* "a_b is deprecated" warnings per tree, as Suricata */
#define CONF_MSG_VALUE_MAX   80    /* bytes of a value quoted in a message */

/* An interned file name: every node set from one file points at the same string. */
struct conf_name {
    struct conf_name *next;
    char name[];
};

struct conf {
    struct conf_node root;
    size_t nodes; /* live nodes below the root, capped at CONF_MAX_NODES */
    struct conf_name *names;
    unsigned mangle_warnings;
};

/*
 * The draft: one YAML file as libyaml reads it, before it is applied to the tree. A mapping
 * entry is one draft holding both its key and its value; aliases point at the anchored draft,
 * which stays untouched until the whole file is applied, so an alias is always safe to expand.
 */
enum draft_kind {
    DRAFT_NULL = 0,
    DRAFT_SCALAR,
    DRAFT_MAP,
    DRAFT_SEQ,
    DRAFT_ALIAS,
};

struct draft {
    enum draft_kind kind;
    bool include_tag;           /* scalar tagged !include */
    char *key;                  /* mapping entries only */
    char *value;                /* scalars only */
    const struct draft *target; /* aliases only */
    uint32_t line;
    struct draft *first;
    struct draft *last;
    struct draft *next;
};

struct anchor {
    char *name;
    const struct draft *node;
};

/* State of one libyaml parse: one file or string. */
struct parse {
    yaml_parser_t yp;
    const char *file;
    size_t drafts;
    struct anchor *anchors;
    size_t n_anchors;
    size_t cap_anchors;
    char *errbuf;
    size_t errlen;
};

/* State of applying drafts to the tree: one file, or one --set. */
struct load {
    struct conf *conf;
    const char *file; /* interned, or CONF_SET_FILE */
    const char *dir;  /* folder for relative includes */
    unsigned include_depth;
    unsigned merge_depth; /* nested `<<` merges, capped at CONF_MAX_DEPTH */
    char *errbuf;
    size_t errlen;
};

static int load_path(struct conf *conf, struct conf_node *target, const char *path,
                     unsigned include_depth, bool map_only, char *errbuf, size_t errlen);
static int apply_value(struct load *l, struct conf_node *node, const struct draft *v);

static void KH_PRINTF(3, 4) put_msg(char *errbuf, size_t errlen, const char *fmt, ...)
{
    if (errbuf != NULL && errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(errbuf, errlen, fmt, ap);
        va_end(ap);
    }
}

/*
 * Write a message to errbuf; the expression's value is err, so callers write
 * `return fail(...)`. A macro only so that analyzers see the error code.
 */
#define fail(errbuf, errlen, err, ...) (put_msg((errbuf), (errlen), __VA_ARGS__), (err))

static int no_memory(char *errbuf, size_t errlen)
{
    return fail(errbuf, errlen, KH_ENOMEM, "out of memory loading the configuration");
}

/* ---- the tree ---------------------------------------------------------------------------- */

struct conf *conf_new(void)
{
    return kh_calloc(1, sizeof(struct conf));
}

static void node_free(struct conf *conf, struct conf_node *n)
{
    struct conf_node *c = n->first_child;
    while (c != NULL) {
        struct conf_node *next = c->next;
        node_free(conf, c); /* depth is capped at CONF_MAX_DEPTH */
        c = next;
    }
    kh_free(n->name);
    kh_free(n->value);
    kh_free(n);
    conf->nodes--;
}

void conf_free(struct conf *conf)
{
    if (conf == NULL)
        return;
    struct conf_node *c = conf->root.first_child;
    while (c != NULL) {
        struct conf_node *next = c->next;
        node_free(conf, c);
        c = next;
    }
    kh_free(conf->root.value);
    struct conf_name *n = conf->names;
    while (n != NULL) {
        struct conf_name *next = n->next;
        kh_free(n);
        n = next;
    }
    kh_free(conf);
}

static const char *intern(struct conf *conf, const char *name)
{
    for (const struct conf_name *n = conf->names; n != NULL; n = n->next) {
        if (strcmp(n->name, name) == 0)
            return n->name;
    }
    size_t len = strlen(name);
    struct conf_name *n = kh_malloc(sizeof(*n) + len + 1);
    if (n == NULL)
        return NULL;
    memcpy(n->name, name, len + 1);
    n->next = conf->names;
    conf->names = n;
    return n->name;
}

/* A child by a name that need not be NUL-terminated; *count gets the number of children. */
static struct conf_node *child_find(const struct conf_node *n, const char *name, size_t len,
                                    size_t *count)
{
    size_t seen = 0;
    for (struct conf_node *c = n->first_child; c != NULL; c = c->next) {
        seen++;
        if (c->name[0] == name[0] && strncmp(c->name, name, len) == 0 && c->name[len] == '\0') {
            if (count != NULL)
                *count = seen;
            return c;
        }
    }
    if (count != NULL)
        *count = seen;
    return NULL;
}

static unsigned node_depth(const struct conf_node *n)
{
    unsigned depth = 0;
    for (; n->parent != NULL; n = n->parent)
        depth++;
    return depth;
}

static void node_append(struct conf_node *parent, struct conf_node *n)
{
    n->parent = parent;
    n->next = NULL;
    if (parent->last_child != NULL)
        parent->last_child->next = n;
    else
        parent->first_child = n;
    parent->last_child = n;
}

/* Where a load is, for messages: "file:line", or "--set". */
static const char *at(const struct load *l, uint32_t line, char *buf, size_t len)
{
    if (line == 0)
        snprintf(buf, len, "%s", l->file);
    else
        snprintf(buf, len, "%s:%u", l->file, line);
    return buf;
}

/* Make a child named name[0..len) at the end of parent's children, within every cap. */
static int node_add(struct load *l, struct conf_node *parent, const char *name, size_t len,
                    uint32_t line, struct conf_node **out)
{
    char where[256];
    if (l->conf->nodes >= CONF_MAX_NODES)
        return fail(l->errbuf, l->errlen, KH_EFULL,
                    "%s: the configuration has more than %u nodes (CONF_MAX_NODES)",
                    at(l, line, where, sizeof(where)), CONF_MAX_NODES);
    if (node_depth(parent) + 1 > CONF_MAX_DEPTH)
        return fail(l->errbuf, l->errlen, KH_EFULL,
                    "%s: the configuration nests deeper than %u levels (CONF_MAX_DEPTH)",
                    at(l, line, where, sizeof(where)), CONF_MAX_DEPTH);
    if (len > CONF_MAX_KEY_LEN)
        return fail(l->errbuf, l->errlen, KH_EFULL,
                    "%s: a key is longer than %u bytes (CONF_MAX_KEY_LEN)",
                    at(l, line, where, sizeof(where)), CONF_MAX_KEY_LEN);
    struct conf_node *n = kh_calloc(1, sizeof(*n));
    if (n == NULL)
        return no_memory(l->errbuf, l->errlen);
    n->name = kh_strndup(name, len);
    if (n->name == NULL) {
        kh_free(n);
        return no_memory(l->errbuf, l->errlen);
    }
    n->file = l->file;
    n->line = line;
    node_append(parent, n);
    l->conf->nodes++;
    *out = n;
    return 0;
}

/*
 * Suricata's ConfNodePrune: drop what a redefinition replaces (every child that is not final
 * and holds nothing final, and the value), keep what --set made.
 */
static void node_prune(struct conf *conf, struct conf_node *n)
{
    struct conf_node *prev = NULL;
    struct conf_node *c = n->first_child;
    while (c != NULL) {
        struct conf_node *next = c->next;
        if (!c->final) {
            node_prune(conf, c);
            if (c->first_child == NULL) {
                if (prev != NULL)
                    prev->next = next;
                else
                    n->first_child = next;
                if (n->last_child == c)
                    n->last_child = prev;
                node_free(conf, c);
                c = next;
                continue;
            }
        }
        prev = c;
        c = next;
    }
    kh_free(n->value);
    n->value = NULL;
}

/* The child for a mapping key; a key defined again is pruned first when redefine is set. */
static int node_get_or_add(struct load *l, struct conf_node *parent, const char *name, size_t len,
                           uint32_t line, bool redefine, struct conf_node **out)
{
    char where[256];
    size_t count = 0;
    struct conf_node *n = child_find(parent, name, len, &count);
    if (n != NULL) {
        if (redefine && !n->final) {
            node_prune(l->conf, n);
            n->is_seq = n->is_seq && n->first_child != NULL;
            n->file = l->file;
            n->line = line;
        }
        *out = n;
        return 0;
    }
    if (count >= CONF_MAX_MAPPING_KEYS)
        return fail(l->errbuf, l->errlen, KH_EFULL,
                    "%s: a mapping has more than %u keys (CONF_MAX_MAPPING_KEYS)",
                    at(l, line, where, sizeof(where)), CONF_MAX_MAPPING_KEYS);
    return node_add(l, parent, name, len, line, out);
}

static bool all_digits(const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
    }
    return true;
}

/*
 * May a node named seg[0..len) be made under parent by a dotted path? As in Suricata, a
 * scalar may get children this way (outputs.0.eve-log.types.3.flow.enabled=no under the
 * item "flow"); a sequence takes only indexes.
 */
static int path_step_check(struct load *l, const struct conf_node *parent, const char *path,
                           size_t path_len, const char *seg, size_t len, uint32_t line)
{
    char where[256];
    if (len == 0)
        return fail(l->errbuf, l->errlen, KH_EINVAL, "%s: empty key in '%.*s'",
                    at(l, line, where, sizeof(where)), (int)path_len, path);
    if (parent->is_seq && !all_digits(seg, len))
        return fail(l->errbuf, l->errlen, KH_EINVAL,
                    "%s: '%.*s' in '%.*s' must be an index: its parent is a sequence",
                    at(l, line, where, sizeof(where)), (int)len, seg, (int)path_len, path);
    return 0;
}

/* Walk or make a dotted path under base, as Suricata's ConfNodeGetNodeOrCreate. */
static int node_get_path(struct load *l, struct conf_node *base, const char *path, size_t len,
                         uint32_t line, bool final, struct conf_node **out)
{
    struct conf_node *cur = base;
    const char *seg = path;
    const char *end = path + len;
    while (seg <= end) {
        const char *dot = memchr(seg, '.', (size_t)(end - seg));
        size_t seg_len = dot != NULL ? (size_t)(dot - seg) : (size_t)(end - seg);
        struct conf_node *n = child_find(cur, seg, seg_len, NULL);
        if (n == NULL) {
            int err = path_step_check(l, cur, path, len, seg, seg_len, line);
            if (err == 0)
                err = node_add(l, cur, seg, seg_len, line, &n);
            if (err != 0)
                return err;
            n->final = final;
        }
        cur = n;
        seg += seg_len + 1;
    }
    *out = cur;
    return 0;
}

static int node_set_value(struct load *l, struct conf_node *n, const char *value, uint32_t line)
{
    char *copy = kh_strdup(value);
    if (copy == NULL)
        return no_memory(l->errbuf, l->errlen);
    kh_free(n->value);
    n->value = copy;
    n->file = l->file;
    n->line = line;
    return 0;
}

/* ---- parsing YAML into a draft ----------------------------------------------------------- */

static void draft_free_children(struct draft *d)
{
    struct draft *c = d->first;
    while (c != NULL) {
        struct draft *next = c->next;
        draft_free_children(c); /* depth is capped at CONF_MAX_DEPTH */
        kh_free(c->key);
        kh_free(c->value);
        kh_free(c);
        c = next;
    }
    d->first = d->last = NULL;
}

static void anchors_clear(struct parse *p)
{
    for (size_t i = 0; i < p->n_anchors; i++)
        kh_free(p->anchors[i].name);
    kh_free(p->anchors);
    p->anchors = NULL;
    p->n_anchors = p->cap_anchors = 0;
}

static int parse_error(struct parse *p)
{
    const yaml_parser_t *yp = &p->yp;
    if (yp->error == YAML_MEMORY_ERROR)
        return no_memory(p->errbuf, p->errlen);
    if (yp->error == YAML_READER_ERROR)
        return fail(p->errbuf, p->errlen, KH_EFORMAT, "%s: %s at byte %zu", p->file,
                    yp->problem != NULL ? yp->problem : "unreadable input", yp->problem_offset);
    if (yp->context != NULL)
        return fail(p->errbuf, p->errlen, KH_EFORMAT, "%s:%zu:%zu: %s (%s at line %zu)", p->file,
                    yp->problem_mark.line + 1, yp->problem_mark.column + 1,
                    yp->problem != NULL ? yp->problem : "syntax error", yp->context,
                    yp->context_mark.line + 1);
    return fail(p->errbuf, p->errlen, KH_EFORMAT, "%s:%zu:%zu: %s", p->file,
                yp->problem_mark.line + 1, yp->problem_mark.column + 1,
                yp->problem != NULL ? yp->problem : "syntax error");
}

static int next_event(struct parse *p, yaml_event_t *ev)
{
    if (yaml_parser_parse(&p->yp, ev) == 1)
        return 0;
    return parse_error(p);
}

static uint32_t event_line(const yaml_event_t *ev)
{
    return ev->start_mark.line + 1 > UINT32_MAX ? UINT32_MAX : (uint32_t)ev->start_mark.line + 1;
}

static int draft_add(struct parse *p, struct draft *parent, const yaml_event_t *ev,
                     struct draft **out)
{
    if (p->drafts >= CONF_MAX_NODES)
        return fail(p->errbuf, p->errlen, KH_EFULL,
                    "%s:%u: the file has more than %u nodes (CONF_MAX_NODES)", p->file,
                    event_line(ev), CONF_MAX_NODES);
    struct draft *d = kh_calloc(1, sizeof(*d));
    if (d == NULL)
        return no_memory(p->errbuf, p->errlen);
    d->line = event_line(ev);
    if (parent->last != NULL)
        parent->last->next = d;
    else
        parent->first = d;
    parent->last = d;
    p->drafts++;
    *out = d;
    return 0;
}

/* YAML 1.1's plain nulls, which Suricata reads as "no value". */
static bool is_null_word(const char *s)
{
    return s[0] == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
           strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

static int parse_scalar(struct parse *p, const yaml_event_t *ev, struct draft *d)
{
    const char *value = (const char *)ev->data.scalar.value;
    const char *tag = (const char *)ev->data.scalar.tag;
    if (ev->data.scalar.length > CONF_MAX_VALUE_LEN)
        return fail(p->errbuf, p->errlen, KH_EFULL,
                    "%s:%u: a value is longer than %u bytes (CONF_MAX_VALUE_LEN)", p->file, d->line,
                    CONF_MAX_VALUE_LEN);
    d->include_tag = tag != NULL && strcmp(tag, "!include") == 0;
    if (!d->include_tag && ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
        is_null_word(value)) {
        d->kind = DRAFT_NULL;
        return 0;
    }
    d->kind = DRAFT_SCALAR;
    d->value = kh_strndup(value, ev->data.scalar.length);
    return d->value != NULL ? 0 : no_memory(p->errbuf, p->errlen);
}

static int parse_alias(struct parse *p, const yaml_event_t *ev, struct draft *d)
{
    const char *name = (const char *)ev->data.alias.anchor;
    for (size_t i = p->n_anchors; i > 0; i--) {
        if (strcmp(p->anchors[i - 1].name, name) == 0) {
            d->kind = DRAFT_ALIAS;
            d->target = p->anchors[i - 1].node;
            return 0;
        }
    }
    return fail(p->errbuf, p->errlen, KH_EFORMAT, "%s:%u: unknown alias '*%s'", p->file, d->line,
                name);
}

static int parse_node(struct parse *p, const yaml_event_t *ev, struct draft *d, unsigned depth);

static int parse_seq(struct parse *p, struct draft *d, unsigned depth)
{
    d->kind = DRAFT_SEQ;
    for (;;) {
        yaml_event_t item;
        int err = next_event(p, &item);
        if (err != 0)
            return err;
        if (item.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&item);
            return 0;
        }
        struct draft *child = NULL;
        err = draft_add(p, d, &item, &child);
        if (err == 0)
            err = parse_node(p, &item, child, depth + 1);
        yaml_event_delete(&item);
        if (err != 0)
            return err;
    }
}

static int parse_key(struct parse *p, const yaml_event_t *ev, struct draft *child)
{
    if (ev->type != YAML_SCALAR_EVENT)
        return fail(p->errbuf, p->errlen, KH_EFORMAT, "%s:%u: a mapping key must be a plain scalar",
                    p->file, child->line);
    if (ev->data.scalar.length == 0)
        return fail(p->errbuf, p->errlen, KH_EFORMAT, "%s:%u: empty mapping key", p->file,
                    child->line);
    if (ev->data.scalar.length > CONF_MAX_KEY_LEN)
        return fail(p->errbuf, p->errlen, KH_EFULL,
                    "%s:%u: a key is longer than %u bytes (CONF_MAX_KEY_LEN)", p->file, child->line,
                    CONF_MAX_KEY_LEN);
    child->key = kh_strndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
    return child->key != NULL ? 0 : no_memory(p->errbuf, p->errlen);
}

static int parse_map(struct parse *p, struct draft *d, unsigned depth)
{
    d->kind = DRAFT_MAP;
    for (;;) {
        yaml_event_t key;
        int err = next_event(p, &key);
        if (err != 0)
            return err;
        if (key.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&key);
            return 0;
        }
        struct draft *child = NULL;
        err = draft_add(p, d, &key, &child);
        if (err == 0)
            err = parse_key(p, &key, child);
        yaml_event_delete(&key);
        if (err != 0)
            return err;
        yaml_event_t value;
        err = next_event(p, &value);
        if (err != 0)
            return err;
        err = parse_node(p, &value, child, depth + 1);
        yaml_event_delete(&value);
        if (err != 0)
            return err;
    }
}

/* Remember an anchor once its node is complete, so an alias never points into itself. */
static int anchor_add(struct parse *p, const unsigned char *name, const struct draft *d)
{
    if (p->n_anchors >= CONF_MAX_ANCHORS)
        return fail(p->errbuf, p->errlen, KH_EFULL,
                    "%s:%u: a document has more than %u anchors (CONF_MAX_ANCHORS)", p->file,
                    d->line, CONF_MAX_ANCHORS);
    if (p->n_anchors == p->cap_anchors) {
        size_t cap = p->cap_anchors ? 2 * p->cap_anchors : 16;
        struct anchor *grown = kh_reallocarray(p->anchors, cap, sizeof(*grown));
        if (grown == NULL)
            return no_memory(p->errbuf, p->errlen);
        p->anchors = grown;
        p->cap_anchors = cap;
    }
    char *copy = kh_strdup((const char *)name);
    if (copy == NULL)
        return no_memory(p->errbuf, p->errlen);
    p->anchors[p->n_anchors].name = copy;
    p->anchors[p->n_anchors].node = d;
    p->n_anchors++;
    return 0;
}

/* Fill d from the node that starts with ev (owned by the caller). */
static int parse_node(struct parse *p, const yaml_event_t *ev, struct draft *d, unsigned depth)
{
    const yaml_char_t *anchor = NULL;
    int err;
    if (depth > CONF_MAX_DEPTH)
        return fail(p->errbuf, p->errlen, KH_EFULL,
                    "%s:%u: the configuration nests deeper than %u levels (CONF_MAX_DEPTH)",
                    p->file, d->line, CONF_MAX_DEPTH);
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        anchor = ev->data.scalar.anchor;
        err = parse_scalar(p, ev, d);
        break;
    case YAML_ALIAS_EVENT:
        return parse_alias(p, ev, d);
    case YAML_SEQUENCE_START_EVENT:
        anchor = ev->data.sequence_start.anchor;
        err = parse_seq(p, d, depth);
        break;
    case YAML_MAPPING_START_EVENT:
        anchor = ev->data.mapping_start.anchor;
        err = parse_map(p, d, depth);
        break;
    default:
        return fail(p->errbuf, p->errlen, KH_EFORMAT, "%s:%u: unexpected YAML event", p->file,
                    d->line);
    }
    if (err == 0 && anchor != NULL)
        err = anchor_add(p, anchor, d);
    return err;
}

/* Parse every document of the input; each root becomes a child of docs. */
static int parse_stream(struct parse *p, struct draft *docs)
{
    for (;;) {
        yaml_event_t ev;
        int err = next_event(p, &ev);
        if (err != 0)
            return err;
        if (ev.type == YAML_STREAM_END_EVENT) {
            yaml_event_delete(&ev);
            return 0;
        }
        if (ev.type == YAML_DOCUMENT_START_EVENT)
            anchors_clear(p); /* anchors are per document */
        if (ev.type == YAML_SCALAR_EVENT || ev.type == YAML_ALIAS_EVENT ||
            ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT) {
            struct draft *root = NULL;
            err = draft_add(p, docs, &ev, &root);
            if (err == 0)
                err = parse_node(p, &ev, root, 0);
        }
        yaml_event_delete(&ev);
        if (err != 0)
            return err;
    }
}

/* ---- applying a draft to the tree -------------------------------------------------------- */

static const struct draft *resolve(const struct draft *v)
{
    while (v->kind == DRAFT_ALIAS)
        v = v->target;
    return v;
}

static int include_one(struct load *l, struct conf_node *target, const struct draft *v,
                       bool map_only)
{
    char path[CONF_PATH_MAX];
    int n;
    if (l->include_depth + 1 > CONF_MAX_INCLUDE_DEPTH)
        return fail(l->errbuf, l->errlen, KH_EFULL,
                    "%s:%u: includes nest deeper than %u files (CONF_MAX_INCLUDE_DEPTH)", l->file,
                    v->line, CONF_MAX_INCLUDE_DEPTH);
    if (v->value[0] == '/')
        n = snprintf(path, sizeof(path), "%s", v->value);
    else
        n = snprintf(path, sizeof(path), "%s/%s", l->dir, v->value);
    if (n < 0 || (size_t)n >= sizeof(path))
        return fail(l->errbuf, l->errlen, KH_EINVAL, "%s:%u: include path too long", l->file,
                    v->line);
    int err =
        load_path(l->conf, target, path, l->include_depth + 1, map_only, l->errbuf, l->errlen);
    if (err == KH_ENOENT || err == KH_EIO) {
        char inner[256];
        snprintf(inner, sizeof(inner), "%s", l->errbuf != NULL ? l->errbuf : "");
        put_msg(l->errbuf, l->errlen, "%s:%u: cannot include '%s': %s", l->file, v->line, v->value,
                inner);
    }
    return err;
}

/* `include:` with a file name, a list of them, or nothing. */
static int apply_include(struct load *l, struct conf_node *target, const struct draft *e)
{
    const struct draft *v = resolve(e);
    if (v->kind == DRAFT_NULL)
        return 0;
    if (v->kind == DRAFT_SCALAR)
        return include_one(l, target, v, true);
    if (v->kind != DRAFT_SEQ)
        return fail(l->errbuf, l->errlen, KH_EFORMAT,
                    "%s:%u: include takes a file name or a list of them", l->file, e->line);
    for (const struct draft *item = v->first; item != NULL; item = item->next) {
        const struct draft *f = resolve(item);
        if (f->kind == DRAFT_NULL)
            continue;
        if (f->kind != DRAFT_SCALAR)
            return fail(l->errbuf, l->errlen, KH_EFORMAT,
                        "%s:%u: include takes a file name or a list of them", l->file, item->line);
        int err = include_one(l, target, f, true);
        if (err != 0)
            return err;
    }
    return 0;
}

static int apply_entry(struct load *l, struct conf_node *target, const struct draft *e);

/* One `<<: *anchor`: copy the keys target does not have yet (explicit keys win, as in YAML). */
static int merge_one(struct load *l, struct conf_node *target, const struct draft *src)
{
    if (src->kind != DRAFT_ALIAS || resolve(src)->kind != DRAFT_MAP)
        return fail(l->errbuf, l->errlen, KH_EFORMAT,
                    "%s:%u: '<<' takes an alias to a mapping, or a list of them", l->file,
                    src->line);
    if (l->merge_depth >= CONF_MAX_DEPTH)
        return fail(l->errbuf, l->errlen, KH_EFULL,
                    "%s:%u: '<<' merges nest deeper than %u levels (CONF_MAX_DEPTH)", l->file,
                    src->line, CONF_MAX_DEPTH);
    int err = 0;
    l->merge_depth++;
    for (const struct draft *m = resolve(src)->first; m != NULL && err == 0; m = m->next) {
        if (child_find(target, m->key, strlen(m->key), NULL) == NULL)
            err = apply_entry(l, target, m);
    }
    l->merge_depth--;
    return err;
}

/* `<<: *anchor` or `<<: [*a, *b]`. */
static int apply_merge(struct load *l, struct conf_node *target, const struct draft *e)
{
    if (e->kind != DRAFT_SEQ)
        return merge_one(l, target, e);
    for (const struct draft *item = e->first; item != NULL; item = item->next) {
        int err = merge_one(l, target, item);
        if (err != 0)
            return err;
    }
    return 0;
}

static bool keeps_underscores(const struct conf_node *parent)
{
    return parent->name != NULL && (strcmp(parent->name, "address-groups") == 0 ||
                                    strcmp(parent->name, "port-groups") == 0);
}

/*
 * Suricata turns '_' in keys into '-' (except variable names), with a deprecation warning.
 * Returns a copy to free when the key changed, else NULL with *err 0.
 */
static char *mangle_key(struct load *l, const struct conf_node *parent, const struct draft *e,
                        int *err)
{
    *err = 0;
    if (strchr(e->key, '_') == NULL || keeps_underscores(parent))
        return NULL;
    char *key = kh_strdup(e->key);
    if (key == NULL) {
        *err = no_memory(l->errbuf, l->errlen);
        return NULL;
    }
    for (char *c = key; *c != '\0'; c++) {
        if (*c == '_')
            *c = '-';
    }
    if (l->conf->mangle_warnings < CONF_MANGLE_WARN_MAX) {
        kh_warn("%s:%u: '%s' is deprecated, use '%s'", l->file, e->line, e->key, key);
        if (++l->conf->mangle_warnings == CONF_MANGLE_WARN_MAX)
            kh_warn("not showing more key name warnings");
    }
    return key;
}

static int apply_entry(struct load *l, struct conf_node *target, const struct draft *e)
{
    struct conf_node *node = NULL;
    int err;
    if (strcmp(e->key, "include") == 0)
        return apply_include(l, target, e);
    if (strcmp(e->key, "<<") == 0)
        return apply_merge(l, target, e);
    if (strchr(e->key, '.') != NULL) {
        /* a dotted key sets one path and keeps its siblings */
        err = node_get_path(l, target, e->key, strlen(e->key), e->line, false, &node);
    } else {
        char *mangled = mangle_key(l, target, e, &err);
        const char *key = mangled != NULL ? mangled : e->key;
        if (err == 0)
            err = node_get_or_add(l, target, key, strlen(key), e->line, true, &node);
        kh_free(mangled);
    }
    return err != 0 ? err : apply_value(l, node, e);
}

static int apply_map(struct load *l, struct conf_node *target, const struct draft *map)
{
    for (const struct draft *e = map->first; e != NULL; e = e->next) {
        int err = apply_entry(l, target, e);
        if (err != 0)
            return err;
    }
    return 0;
}

/* Take the child named name out of the list *left, or NULL. */
static struct conf_node *take_child(struct conf_node **left, const char *name)
{
    for (struct conf_node **pp = left; *pp != NULL; pp = &(*pp)->next) {
        struct conf_node *c = *pp;
        if (strcmp(c->name, name) == 0) {
            *pp = c->next;
            c->next = NULL;
            return c;
        }
    }
    return NULL;
}

/*
 * Items are children named by index. Children already there (after a redefinition only
 * those --set made, like outputs.1.eve-log.enabled) are reused by index and keep their
 * final values, as Suricata does; unmatched ones stay after the items.
 */
static int apply_seq(struct load *l, struct conf_node *node, const struct draft *seq)
{
    struct conf_node *left = node->first_child;
    node->first_child = node->last_child = NULL;
    size_t i = 0;
    int err = 0;
    for (const struct draft *item = seq->first; item != NULL && err == 0; item = item->next) {
        char name[24];
        snprintf(name, sizeof(name), "%zu", i++);
        struct conf_node *child = take_child(&left, name);
        if (child != NULL)
            node_append(node, child);
        else
            err = node_add(l, node, name, strlen(name), item->line, &child);
        if (err == 0)
            err = apply_value(l, child, item);
    }
    while (left != NULL) {
        struct conf_node *next = left->next;
        node_append(node, left);
        left = next;
    }
    return err;
}

static int apply_value(struct load *l, struct conf_node *node, const struct draft *v)
{
    v = resolve(v);
    if (v->include_tag)
        return include_one(l, node, v, false);
    switch (v->kind) {
    case DRAFT_SCALAR:
        return node->final ? 0 : node_set_value(l, node, v->value, v->line);
    case DRAFT_MAP:
        node->is_seq = false;
        return apply_map(l, node, v);
    case DRAFT_SEQ:
        node->is_seq = true;
        return apply_seq(l, node, v);
    default:
        return 0; /* null: the key exists with no value */
    }
}

static int apply_doc(struct load *l, struct conf_node *target, const struct draft *doc,
                     bool map_only)
{
    const struct draft *v = resolve(doc);
    if (v->kind == DRAFT_NULL)
        return 0;
    if (v->kind == DRAFT_MAP)
        return apply_map(l, target, v);
    if (v->kind == DRAFT_SEQ && !map_only)
        return apply_value(l, target, v);
    return fail(l->errbuf, l->errlen, KH_EFORMAT, "%s:%u: the top level must be a mapping", l->file,
                doc->line);
}

/* Parse buf (named file, interned) and apply every document of it to target. */
static int load_buffer(struct conf *conf, struct conf_node *target, const char *buf, size_t len,
                       const char *file, const char *dir, unsigned include_depth, bool map_only,
                       char *errbuf, size_t errlen)
{
    struct parse p = {.file = file, .errbuf = errbuf, .errlen = errlen};
    struct draft docs = {.kind = DRAFT_SEQ};
    if (yaml_parser_initialize(&p.yp) != 1)
        return no_memory(errbuf, errlen);
    yaml_parser_set_input_string(&p.yp, (const unsigned char *)buf, len);
    int err = parse_stream(&p, &docs);
    yaml_parser_delete(&p.yp);
    struct load l = {.conf = conf,
                     .file = file,
                     .dir = dir,
                     .include_depth = include_depth,
                     .errbuf = errbuf,
                     .errlen = errlen};
    for (const struct draft *d = docs.first; d != NULL && err == 0; d = d->next)
        err = apply_doc(&l, target, d, map_only);
    draft_free_children(&docs);
    anchors_clear(&p);
    return err;
}

/* Read fd to its end into a buffer grown from hint, up to CONF_MAX_FILE_SIZE bytes. */
static int read_fd(int fd, size_t hint, char **out, size_t *out_len, int *sys_errno)
{
    size_t cap = hint < 4096 ? 4096 : hint + 1;
    size_t len = 0;
    char *buf = kh_malloc(cap);
    if (buf == NULL)
        return KH_ENOMEM;
    for (;;) {
        if (len == cap) {
            if (cap > CONF_MAX_FILE_SIZE)
                goto out_free; /* one byte past the cap: too large */
            size_t grown = cap > CONF_MAX_FILE_SIZE / 2 ? CONF_MAX_FILE_SIZE + 1u : 2 * cap;
            char *bigger = kh_reallocarray(buf, grown, 1);
            if (bigger == NULL) {
                kh_free(buf);
                return KH_ENOMEM;
            }
            buf = bigger;
            cap = grown;
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n == 0)
            break;
        if (n < 0 && errno != EINTR) {
            *sys_errno = errno;
            kh_free(buf);
            return KH_EIO;
        }
        len += n > 0 ? (size_t)n : 0;
    }
    *out = buf;
    *out_len = len;
    return 0;
out_free:
    kh_free(buf);
    return KH_EFULL;
}

/* Read a whole file of at most CONF_MAX_FILE_SIZE bytes; *sys_errno on KH_ENOENT/KH_EIO. */
static int read_file(const char *path, char **out, size_t *out_len, int *sys_errno)
{
    struct stat st;
    int err = KH_EIO;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *sys_errno = errno;
        return errno == ENOENT ? KH_ENOENT : KH_EIO;
    }
    if (fstat(fd, &st) != 0)
        *sys_errno = errno;
    else if (S_ISDIR(st.st_mode))
        *sys_errno = EISDIR;
    else if (st.st_size > (off_t)CONF_MAX_FILE_SIZE)
        err = KH_EFULL;
    else
        err = read_fd(fd, (size_t)st.st_size, out, out_len, sys_errno);
    close(fd);
    return err;
}

static int load_path(struct conf *conf, struct conf_node *target, const char *path,
                     unsigned include_depth, bool map_only, char *errbuf, size_t errlen)
{
    char dir[CONF_PATH_MAX];
    char *buf = NULL;
    size_t len = 0;
    int sys_errno = 0;
    const char *slash = strrchr(path, '/');
    if (strlen(path) >= sizeof(dir))
        return fail(errbuf, errlen, KH_EINVAL, "%s: path too long", path);
    if (slash == NULL)
        snprintf(dir, sizeof(dir), ".");
    else
        snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
    int err = read_file(path, &buf, &len, &sys_errno);
    if (err == KH_ENOMEM)
        return no_memory(errbuf, errlen);
    if (err == KH_EFULL)
        return fail(errbuf, errlen, err, "%s: larger than %u bytes (CONF_MAX_FILE_SIZE)", path,
                    CONF_MAX_FILE_SIZE);
    if (err != 0)
        return fail(errbuf, errlen, err, "%s: %s", path, strerror(sys_errno));
    const char *file = intern(conf, path);
    if (file == NULL)
        err = no_memory(errbuf, errlen);
    else
        err =
            load_buffer(conf, target, buf, len, file, dir, include_depth, map_only, errbuf, errlen);
    kh_free(buf);
    return err;
}

int conf_load_file(struct conf *conf, const char *path, char *errbuf, size_t errlen)
{
    return load_path(conf, &conf->root, path, 0, true, errbuf, errlen);
}

int conf_load_string(struct conf *conf, const char *yaml, const char *name, char *errbuf,
                     size_t errlen)
{
    const char *file = intern(conf, name != NULL ? name : CONF_STRING_NAME);
    if (file == NULL)
        return no_memory(errbuf, errlen);
    size_t len = strnlen(yaml, (size_t)CONF_MAX_FILE_SIZE + 1);
    if (len > CONF_MAX_FILE_SIZE)
        return fail(errbuf, errlen, KH_EFULL, "%s: larger than %u bytes (CONF_MAX_FILE_SIZE)", file,
                    CONF_MAX_FILE_SIZE);
    return load_buffer(conf, &conf->root, yaml, len, file, ".", 0, true, errbuf, errlen);
}

/* ---- --set ------------------------------------------------------------------------------- */

int conf_set(struct conf *conf, const char *assignment, char *errbuf, size_t errlen)
{
    struct load l = {
        .conf = conf, .file = CONF_SET_FILE, .dir = ".", .errbuf = errbuf, .errlen = errlen};
    const char *eq = strchr(assignment, '=');
    if (eq == NULL)
        return fail(errbuf, errlen, KH_EINVAL, "--set '%s': expected key=value", assignment);
    const char *key = assignment;
    const char *key_end = eq;
    while (key < key_end && isspace((unsigned char)*key))
        key++;
    while (key_end > key && isspace((unsigned char)key_end[-1]))
        key_end--;
    const char *value = eq + 1;
    while (isspace((unsigned char)*value))
        value++;
    if (key == key_end)
        return fail(errbuf, errlen, KH_EINVAL, "--set '%s': empty key", assignment);
    if (strlen(value) > CONF_MAX_VALUE_LEN)
        return fail(errbuf, errlen, KH_EFULL,
                    "--set '%.*s': value longer than %u bytes (CONF_MAX_VALUE_LEN)",
                    (int)(key_end - key), key, CONF_MAX_VALUE_LEN);
    struct conf_node *node = NULL;
    int err = node_get_path(&l, &conf->root, key, (size_t)(key_end - key), 0, true, &node);
    if (err != 0)
        return err;
    if (node->first_child != NULL)
        return fail(errbuf, errlen, KH_EINVAL,
                    "--set '%.*s': that key is a mapping or a sequence, not a value",
                    (int)(key_end - key), key);
    node->final = true;
    return node_set_value(&l, node, value, 0);
}

/* ---- lookups ----------------------------------------------------------------------------- */

const struct conf_node *conf_root(const struct conf *conf)
{
    return &conf->root;
}

const struct conf_node *conf_node_child(const struct conf_node *node, const char *name)
{
    return node != NULL ? child_find(node, name, strlen(name), NULL) : NULL;
}

const struct conf_node *conf_node_get(const struct conf *conf, const struct conf_node *node,
                                      const char *path)
{
    const struct conf_node *cur = node != NULL ? node : &conf->root;
    const char *seg = path;
    while (cur != NULL && *seg != '\0') {
        const char *dot = strchr(seg, '.');
        size_t len = dot != NULL ? (size_t)(dot - seg) : strlen(seg);
        cur = child_find(cur, seg, len, NULL);
        seg += len;
        if (*seg == '.')
            seg++;
    }
    return cur;
}

size_t conf_node_path(const struct conf_node *node, char *buf, size_t len)
{
    const struct conf_node *chain[CONF_MAX_DEPTH + 1];
    size_t n = 0;
    size_t total = 0;
    for (; node != NULL && node->parent != NULL && n < KH_ARRAY_LEN(chain); node = node->parent)
        chain[n++] = node;
    if (len > 0)
        buf[0] = '\0';
    while (n > 0) {
        const char *name = chain[--n]->name;
        size_t name_len = strlen(name);
        if (total > 0 && total + 1 < len)
            buf[total] = '.';
        total += total > 0;
        if (total < len) {
            size_t room = len - 1 - total;
            size_t copy = name_len < room ? name_len : room;
            memcpy(buf + total, name, copy);
            buf[total + copy] = '\0';
        }
        total += name_len;
    }
    return total;
}

const char *conf_node_where(const struct conf_node *node, char *buf, size_t len)
{
    if (node->file == NULL)
        snprintf(buf, len, "(root)");
    else if (node->line == 0)
        snprintf(buf, len, "%s", node->file);
    else
        snprintf(buf, len, "%s:%u", node->file, node->line);
    return buf;
}

/* ---- typed values ------------------------------------------------------------------------ */

static const char *const true_words[] = {"1", "yes", "true", "on"};
static const char *const false_words[] = {"0", "no", "false", "off"};

static bool word_in(const char *s, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (strcasecmp(s, words[i]) == 0)
            return true;
    }
    return false;
}

int conf_node_invalid(const struct conf_node *n, const char *expected, char *errbuf, size_t errlen)
{
    char path[256];
    char where[256];
    conf_node_path(n, path, sizeof(path));
    conf_node_where(n, where, sizeof(where));
    return fail(errbuf, errlen, KH_EINVAL, "%s: invalid value '%.*s' at %s: expected %s", path,
                CONF_MSG_VALUE_MAX, n->value != NULL ? n->value : "", where, expected);
}

bool conf_node_is_true(const struct conf_node *node)
{
    return node != NULL && node->value != NULL &&
           word_in(node->value, true_words, KH_ARRAY_LEN(true_words));
}

int conf_node_bool(const struct conf_node *node, bool *out, char *errbuf, size_t errlen)
{
    if (node == NULL || node->value == NULL)
        return KH_ENOENT;
    if (word_in(node->value, true_words, KH_ARRAY_LEN(true_words))) {
        *out = true;
        return 0;
    }
    if (word_in(node->value, false_words, KH_ARRAY_LEN(false_words))) {
        *out = false;
        return 0;
    }
    return conf_node_invalid(node, "yes/no, true/false, on/off or 1/0", errbuf, errlen);
}

static bool parse_int(const char *s, int64_t *out)
{
    const char *p = s;
    char *end = NULL;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '+' || *p == '-')
        p++;
    int base = (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) ? 16 : 10;
    if (!isdigit((unsigned char)*p))
        return false;
    errno = 0;
    long long v = strtoll(s, &end, base);
    if (errno != 0 || end == s || *end != '\0')
        return false;
    *out = v;
    return true;
}

int conf_node_int(const struct conf_node *node, int64_t *out, char *errbuf, size_t errlen)
{
    if (node == NULL || node->value == NULL)
        return KH_ENOENT;
    if (!parse_int(node->value, out))
        return conf_node_invalid(node, "an integer", errbuf, errlen);
    return 0;
}

int conf_node_int_range(const struct conf_node *node, int64_t min, int64_t max, int64_t *out,
                        char *errbuf, size_t errlen)
{
    int64_t v = 0;
    int err = conf_node_int(node, &v, errbuf, errlen);
    if (err != 0)
        return err;
    if (v < min || v > max) {
        char expected[96];
        snprintf(expected, sizeof(expected), "an integer from %lld to %lld", (long long)min,
                 (long long)max);
        return conf_node_invalid(node, expected, errbuf, errlen);
    }
    *out = v;
    return 0;
}

/* The multiplier of a size unit (kb, kib, ... any case), 1 for none, 0 when unknown. */
static uint64_t size_unit(const char *u, size_t len)
{
    static const struct {
        const char *name;
        uint64_t mult;
    } units[] = {
        {"kb", 1ull << 10},  {"kib", 1ull << 10}, {"mb", 1ull << 20},
        {"mib", 1ull << 20}, {"gb", 1ull << 30},  {"gib", 1ull << 30},
    };
    if (len == 0)
        return 1;
    for (size_t i = 0; i < KH_ARRAY_LEN(units); i++) {
        if (strlen(units[i].name) == len && strncasecmp(u, units[i].name, len) == 0)
            return units[i].mult;
    }
    return 0;
}

static bool parse_size(const char *s, uint64_t *out)
{
    uint64_t whole = 0, frac = 0, scale = 1;
    while (isspace((unsigned char)*s))
        s++;
    if (!isdigit((unsigned char)*s))
        return false;
    for (; isdigit((unsigned char)*s); s++) {
        if (whole > (UINT64_MAX - 9) / 10)
            return false;
        whole = whole * 10 + (uint64_t)(*s - '0');
    }
    if (*s == '.' && isdigit((unsigned char)s[1])) {
        for (s++; isdigit((unsigned char)*s); s++) {
            if (scale < 1000000000ull) { /* nine digits are plenty for a byte count */
                frac = frac * 10 + (uint64_t)(*s - '0');
                scale *= 10;
            }
        }
    }
    while (isspace((unsigned char)*s))
        s++;
    const char *unit = s;
    while (isalpha((unsigned char)*s))
        s++;
    uint64_t mult = size_unit(unit, (size_t)(s - unit));
    while (isspace((unsigned char)*s))
        s++;
    if (*s != '\0' || mult == 0 || whole > UINT64_MAX / mult)
        return false;
    uint64_t extra = frac * mult / scale; /* frac < 1e9 and mult <= 2^30: no overflow */
    if (whole * mult > UINT64_MAX - extra)
        return false;
    *out = whole * mult + extra;
    return true;
}

int conf_node_size(const struct conf_node *node, uint64_t *out, char *errbuf, size_t errlen)
{
    if (node == NULL || node->value == NULL)
        return KH_ENOENT;
    if (!parse_size(node->value, out))
        return conf_node_invalid(node, "a number with an optional unit kb, kib, mb, mib, gb, gib",
                                 errbuf, errlen);
    return 0;
}

int conf_get_str(const struct conf *conf, const char *path, const char **out)
{
    const struct conf_node *n = conf_node_get(conf, NULL, path);
    if (n == NULL || n->value == NULL)
        return KH_ENOENT;
    *out = n->value;
    return 0;
}

int conf_get_bool(const struct conf *conf, const char *path, bool *out, char *errbuf, size_t errlen)
{
    return conf_node_bool(conf_node_get(conf, NULL, path), out, errbuf, errlen);
}

int conf_get_int(const struct conf *conf, const char *path, int64_t *out, char *errbuf,
                 size_t errlen)
{
    return conf_node_int(conf_node_get(conf, NULL, path), out, errbuf, errlen);
}

int conf_get_size(const struct conf *conf, const char *path, uint64_t *out, char *errbuf,
                  size_t errlen)
{
    return conf_node_size(conf_node_get(conf, NULL, path), out, errbuf, errlen);
}

void conf_name_list_add(char *list, size_t len, const char *name)
{
    size_t used = strlen(list);
    if (used >= 3 && strcmp(list + used - 3, "...") == 0)
        return;
    const char *sep = used ? ", " : "";
    if (used + strlen(sep) + strlen(name) + sizeof(", ...") >= len)
        snprintf(list + used, len - used, "%s...", sep);
    else
        snprintf(list + used, len - used, "%s%s", sep, name);
}
