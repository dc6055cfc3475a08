/* SPDX-License-Identifier: GPL-2.0-only */
/* The feed JSON reader: one pass over the bytes with the cursor, an explicit nesting stack. */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/cursor.h"
#include "core/hex.h"

struct ij_doc {
    struct ij_node *nodes;
    uint32_t n, cap;
    char *text; /* keys and string values, each NUL-terminated */
    size_t tlen, tcap;
};

/* One open container while parsing. */
struct frame {
    uint32_t node;
    uint32_t last;   /* its last child, IJ_NONE while empty */
    bool need_value; /* a comma was read: a member must follow */
};

struct parser {
    struct ij_doc *d;
    struct cursor c;
    const uint8_t *start;
    const char *err;       /* first error, static text */
    const uint8_t *err_at; /* where it was found */
};

static void fail(struct parser *ps, const char *why)
{
    if (ps->err == NULL) {
        ps->err = why;
        ps->err_at = ps->c.p;
    }
    cur_fail(&ps->c);
}

static void skip_ws(struct parser *ps)
{
    while (ps->c.left) {
        uint8_t ch = cur_peek_u8(&ps->c);
        if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r')
            break;
        cur_skip(&ps->c, 1);
    }
}

static uint32_t new_node(struct parser *ps, uint8_t type)
{
    struct ij_doc *d = ps->d;
    if (d->n == d->cap) {
        uint32_t ncap = d->cap ? d->cap * 2 : 64;
        if (d->cap >= IJ_MAX_NODES) {
            fail(ps, "too many values (cap IJ_MAX_NODES)");
            return IJ_NONE;
        }
        struct ij_node *nn = kh_reallocarray(d->nodes, ncap, sizeof(*nn));
        if (nn == NULL) {
            fail(ps, "out of memory");
            return IJ_NONE;
        }
        d->nodes = nn;
        d->cap = ncap;
    }
    struct ij_node *n = &d->nodes[d->n];
    memset(n, 0, sizeof(*n));
    n->key = n->str = n->first = n->next = IJ_NONE;
    n->type = type;
    return d->n++;
}

/* Room for n more text bytes; false (error set) when memory runs out. */
static bool text_reserve(struct parser *ps, size_t n)
{
    struct ij_doc *d = ps->d;
    if (d->tcap - d->tlen >= n)
        return true;
    size_t ncap = d->tcap ? d->tcap : 256;
    while (ncap - d->tlen < n)
        ncap *= 2;
    if (ncap > (size_t)UINT32_MAX) {
        fail(ps, "text over 4 GiB");
        return false;
    }
    char *t = kh_reallocarray(d->text, ncap, 1);
    if (t == NULL) {
        fail(ps, "out of memory");
        return false;
    }
    d->text = t;
    d->tcap = ncap;
    return true;
}

static uint32_t read_hex4(struct parser *ps)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        int h = kh_hexval(cur_u8(&ps->c));
        if (h < 0 || ps->c.bad) {
            fail(ps, "bad \\u escape");
            return 0;
        }
        v = v << 4 | (uint32_t)h;
    }
    return v;
}

static size_t put_utf8(char *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xc0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xe0 | cp >> 12);
        o[1] = (char)(0x80 | (cp >> 6 & 0x3f));
        o[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | cp >> 18);
    o[1] = (char)(0x80 | (cp >> 12 & 0x3f));
    o[2] = (char)(0x80 | (cp >> 6 & 0x3f));
    o[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* One escape after the backslash, written at o; returns the bytes written (0 on error). */
static size_t read_escape(struct parser *ps, char *o)
{
    uint8_t e = cur_u8(&ps->c);
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *at = e ? strchr(from, e) : NULL;
    if (at != NULL) {
        *o = to[at - from];
        return 1;
    }
    if (e != 'u') {
        fail(ps, "bad escape in string");
        return 0;
    }
    uint32_t cp = read_hex4(ps);
    if (cp >= 0xd800 && cp < 0xdc00) {
        if (cur_u8(&ps->c) != '\\' || cur_u8(&ps->c) != 'u') {
            fail(ps, "lone surrogate");
            return 0;
        }
        uint32_t lo = read_hex4(ps);
        if (lo < 0xdc00 || lo > 0xdfff) {
            fail(ps, "bad surrogate pair");
            return 0;
        }
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
    } else if (cp >= 0xdc00 && cp <= 0xdfff) {
        fail(ps, "lone surrogate");
        return 0;
    }
    return ps->err ? 0 : put_utf8(o, cp);
}

/* A string after its opening quote, into the arena; returns its offset or IJ_NONE. */
static uint32_t read_string(struct parser *ps, uint32_t *len)
{
    size_t off = ps->d->tlen;
    for (;;) {
        if (!text_reserve(ps, 5))
            return IJ_NONE;
        uint8_t ch = cur_u8(&ps->c);
        if (ps->c.bad) {
            fail(ps, "unterminated string");
            return IJ_NONE;
        }
        if (ch == '"')
            break;
        if (ch < 0x20) {
            fail(ps, "control character in string");
            return IJ_NONE;
        }
        if (ch == '\\') {
            size_t n = read_escape(ps, ps->d->text + ps->d->tlen);
            if (n == 0)
                return IJ_NONE;
            ps->d->tlen += n;
        } else {
            ps->d->text[ps->d->tlen++] = (char)ch;
        }
    }
    *len = (uint32_t)(ps->d->tlen - off);
    ps->d->text[ps->d->tlen++] = '\0';
    return (uint32_t)off;
}

static bool is_num_char(uint8_t ch)
{
    return (ch >= '0' && ch <= '9') || ch == '-' || ch == '+' || ch == '.' || ch == 'e' ||
           ch == 'E';
}

static bool match_word(struct parser *ps, const char *w)
{
    size_t n = strlen(w);
    if (ps->c.left < n || memcmp(ps->c.p, w, n) != 0) {
        fail(ps, "unexpected character");
        return false;
    }
    cur_skip(&ps->c, n);
    return true;
}

/* A number's text, checked by strtod over a NUL-terminated copy in the arena. */
static bool read_number(struct parser *ps, struct ij_node *n)
{
    size_t k = 0;
    while (k < ps->c.left && is_num_char(ps->c.p[k]))
        k++;
    if (k == 0 || k > 64 || !text_reserve(ps, k + 1)) {
        fail(ps, "bad number");
        return false;
    }
    char *t = ps->d->text + ps->d->tlen;
    memcpy(t, ps->c.p, k);
    t[k] = '\0';
    char *end;
    (void)strtod(t, &end);
    if ((size_t)(end - t) != k || t[0] == '+' || t[0] == '.') {
        fail(ps, "bad number");
        return false;
    }
    n->str = (uint32_t)ps->d->tlen;
    n->len = (uint32_t)k;
    ps->d->tlen += k + 1;
    cur_skip(&ps->c, k);
    return true;
}

/* One value at the cursor; containers are returned open (their members come later). */
static uint32_t read_value(struct parser *ps)
{
    skip_ws(ps);
    uint8_t ch = cur_peek_u8(&ps->c);
    uint32_t id;
    switch (ch) {
    case '{':
    case '[':
        cur_skip(&ps->c, 1);
        return new_node(ps, ch == '{' ? IJ_OBJ : IJ_ARR);
    case '"': {
        cur_skip(&ps->c, 1);
        uint32_t len = 0, off = read_string(ps, &len);
        if (off == IJ_NONE || (id = new_node(ps, IJ_STR)) == IJ_NONE)
            return IJ_NONE;
        ps->d->nodes[id].str = off;
        ps->d->nodes[id].len = len;
        return id;
    }
    case 't':
    case 'f':
        if (!match_word(ps, ch == 't' ? "true" : "false") ||
            (id = new_node(ps, IJ_BOOL)) == IJ_NONE)
            return IJ_NONE;
        ps->d->nodes[id].b = ch == 't';
        return id;
    case 'n':
        return match_word(ps, "null") ? new_node(ps, IJ_NULL) : IJ_NONE;
    default:
        if ((id = new_node(ps, IJ_NUM)) == IJ_NONE || !read_number(ps, &ps->d->nodes[id]))
            return IJ_NONE;
        return id;
    }
}

/* The next member of the open container on top of the stack; false at its end or on error. */
static bool read_member(struct parser *ps, struct frame *fr, uint32_t *out)
{
    struct ij_node *cn = &ps->d->nodes[fr->node];
    bool obj = cn->type == IJ_OBJ;
    uint32_t key = IJ_NONE, klen;
    skip_ws(ps);
    if (fr->last != IJ_NONE && !fr->need_value) {
        if (cur_u8(&ps->c) != ',') {
            fail(ps, "expected ',' or end of container");
            return false;
        }
        fr->need_value = true;
        skip_ws(ps);
        if (cur_peek_u8(&ps->c) == '}' || cur_peek_u8(&ps->c) == ']') {
            fail(ps, "trailing comma");
            return false;
        }
    }
    if (obj) {
        if (cur_u8(&ps->c) != '"') {
            fail(ps, "expected a member name");
            return false;
        }
        if ((key = read_string(ps, &klen)) == IJ_NONE)
            return false;
        skip_ws(ps);
        if (cur_u8(&ps->c) != ':') {
            fail(ps, "expected ':'");
            return false;
        }
    }
    uint32_t id = read_value(ps);
    if (id == IJ_NONE)
        return false;
    ps->d->nodes[id].key = key;
    if (fr->last == IJ_NONE)
        ps->d->nodes[fr->node].first = id;
    else
        ps->d->nodes[fr->last].next = id;
    fr->last = id;
    fr->need_value = false;
    *out = id;
    return true;
}

static bool is_close(const struct parser *ps, const struct frame *fr)
{
    uint8_t want = ps->d->nodes[fr->node].type == IJ_OBJ ? '}' : ']';
    return cur_peek_u8(&ps->c) == want;
}

static void parse(struct parser *ps)
{
    struct frame st[IJ_MAX_DEPTH];
    unsigned depth = 0;
    skip_ws(ps);
    if (ps->c.left == 0) {
        fail(ps, "empty document");
        return;
    }
    uint32_t root = read_value(ps);
    if (root == IJ_NONE)
        return;
    if (ps->d->nodes[root].type >= IJ_ARR)
        st[depth++] = (struct frame){.node = root, .last = IJ_NONE};
    while (depth > 0 && ps->err == NULL) {
        struct frame *fr = &st[depth - 1];
        skip_ws(ps);
        if (is_close(ps, fr)) {
            if (fr->need_value) {
                fail(ps, "trailing comma");
                return;
            }
            cur_skip(&ps->c, 1);
            depth--;
            continue;
        }
        uint32_t id;
        if (!read_member(ps, fr, &id))
            return;
        if (ps->d->nodes[id].type >= IJ_ARR) {
            if (depth == IJ_MAX_DEPTH) {
                fail(ps, "nesting deeper than IJ_MAX_DEPTH");
                return;
            }
            st[depth++] = (struct frame){.node = id, .last = IJ_NONE};
        }
    }
    skip_ws(ps);
    if (ps->err == NULL && ps->c.left)
        fail(ps, "trailing bytes after the document");
}

static unsigned line_of(const uint8_t *start, const uint8_t *at)
{
    unsigned line = 1;
    for (const uint8_t *q = start; q < at; q++)
        line += *q == '\n';
    return line;
}

struct ij_doc *ij_parse(const uint8_t *buf, size_t len, char *errbuf, size_t errlen)
{
    if (len > IJ_MAX_INPUT) {
        snprintf(errbuf, errlen, "document over %u bytes", IJ_MAX_INPUT);
        return NULL;
    }
    struct ij_doc *d = kh_calloc(1, sizeof(*d));
    if (d == NULL) {
        snprintf(errbuf, errlen, "out of memory");
        return NULL;
    }
    struct parser ps = {.d = d, .c = cur_init(buf, len), .start = buf};
    /* a UTF-8 byte order mark is allowed before the document */
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
        cur_skip(&ps.c, 3);
    parse(&ps);
    if (ps.err == NULL && d->n == 0)
        ps.err = "empty document";
    if (ps.err != NULL) {
        const uint8_t *at = ps.err_at && ps.err_at <= buf + len ? ps.err_at : buf + len;
        snprintf(errbuf, errlen, "line %u: %s", line_of(buf, at), ps.err);
        ij_free(d);
        return NULL;
    }
    return d;
}

void ij_free(struct ij_doc *d)
{
    if (d == NULL)
        return;
    kh_free(d->nodes);
    kh_free(d->text);
    kh_free(d);
}

const struct ij_node *ij_root(const struct ij_doc *d)
{
    return d->n ? &d->nodes[0] : NULL;
}

const struct ij_node *ij_first(const struct ij_doc *d, const struct ij_node *n)
{
    return n && n->first != IJ_NONE ? &d->nodes[n->first] : NULL;
}

const struct ij_node *ij_next(const struct ij_doc *d, const struct ij_node *n)
{
    return n && n->next != IJ_NONE ? &d->nodes[n->next] : NULL;
}

const char *ij_key(const struct ij_doc *d, const struct ij_node *n)
{
    return n && n->key != IJ_NONE ? d->text + n->key : NULL;
}

const struct ij_node *ij_get(const struct ij_doc *d, const struct ij_node *n, const char *key)
{
    if (n == NULL || n->type != IJ_OBJ)
        return NULL;
    for (const struct ij_node *c = ij_first(d, n); c; c = ij_next(d, c))
        if (strcmp(d->text + c->key, key) == 0)
            return c;
    return NULL;
}

const char *ij_str(const struct ij_doc *d, const struct ij_node *n)
{
    return n && n->type == IJ_STR ? d->text + n->str : NULL;
}

const char *ij_get_str(const struct ij_doc *d, const struct ij_node *n, const char *key)
{
    return ij_str(d, ij_get(d, n, key));
}

bool ij_num(const struct ij_doc *d, const struct ij_node *n, double *out)
{
    if (n == NULL || (n->type != IJ_NUM && n->type != IJ_STR) || n->len == 0)
        return false;
    char *end;
    *out = strtod(d->text + n->str, &end);
    return *end == '\0';
}

uint32_t ij_count(const struct ij_doc *d)
{
    return d->n;
}
