/* SPDX-License-Identifier: GPL-2.0-only */
/* Payload keywords: content and its modifiers, sticky buffers, transforms, isdataat, pcre. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/cursor.h"
#include "core/err.h"
#include "core/hex.h"
#include "detect/dataset.h"
#include "detect/rules/kw_dataset.h"
#include "detect/rules/parse.h"

#define CONTENT_MAX_LEN 65535u

/* Decode the quoted body of a content: |hex|, and the escapes \" \; \\ \:. */
static int content_body(struct rule_ctx *rc, struct cursor *c, uint8_t *out, uint32_t *len)
{
    bool hex = false;
    int hi = -1;
    uint32_t n = 0;
    while (c->left) {
        uint8_t ch = cur_u8(c);
        if (ch == '|') {
            if (hex && hi >= 0)
                return rc_fail(rc, DETECT_RERR_VALUE, "odd number of hex digits in content");
            hex = !hex;
            continue;
        }
        if (hex) {
            if (ch == ' ' || ch == '\t')
                continue;
            int v = kh_hexval(ch);
            if (v < 0)
                return rc_fail(rc, DETECT_RERR_VALUE, "invalid hex character '%c' in content", ch);
            if (hi < 0) {
                hi = v;
            } else {
                out[n++] = (uint8_t)(hi << 4 | v);
                hi = -1;
            }
            continue;
        }
        if (ch == '\\') {
            uint8_t e = cur_u8(c);
            if (c->bad || (e != '"' && e != ';' && e != '\\' && e != ':'))
                return rc_fail(rc, DETECT_RERR_VALUE,
                               "invalid escape in content (only \\\" \\; \\\\ \\: are allowed)");
            out[n++] = e;
            continue;
        }
        if (ch == '"')
            return rc_fail(rc, DETECT_RERR_VALUE, "unescaped '\"' inside content");
        out[n++] = ch;
    }
    if (hex)
        return rc_fail(rc, DETECT_RERR_VALUE, "unterminated |hex| in content");
    *len = n;
    return 0;
}

/* A quoted pattern, optionally negated: the value of content, filename, fileext, filemagic. */
static int pattern_parse(struct rule_ctx *rc, const char *arg, struct kw_content *k)
{
    size_t len = strlen(arg);
    const char *p = arg;
    if (len && *p == '!') {
        k->flags |= KW_CONTENT_NEGATED;
        p++;
        len--;
        while (len && (*p == ' ' || *p == '\t')) {
            p++;
            len--;
        }
    }
    if (len < 2 || p[0] != '"' || p[len - 1] != '"' ||
        (len >= 3 && p[len - 2] == '\\' && (len < 4 || p[len - 3] != '\\')))
        return rc_fail(rc, DETECT_RERR_VALUE, "value must be a quoted string");
    if (len - 2 > 3 * CONTENT_MAX_LEN)
        return rc_fail(rc, DETECT_RERR_VALUE, "content longer than %u bytes", CONTENT_MAX_LEN);
    k->pat = kh_malloc(len > 2 ? len - 2 : 1);
    if (k->pat == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    struct cursor c = cur_init((const uint8_t *)p + 1, len - 2);
    if (content_body(rc, &c, k->pat, &k->len))
        return KH_EINVAL;
    if (k->len == 0)
        return rc_fail(rc, DETECT_RERR_VALUE, "content is empty");
    if (k->len > CONTENT_MAX_LEN)
        return rc_fail(rc, DETECT_RERR_VALUE, "content longer than %u bytes", CONTENT_MAX_LEN);
    return 0;
}

/* Parse a quoted pattern into a new instance of id in buffer; a content becomes the latest. */
static int content_add(struct rule_ctx *rc, const char *arg, enum detect_kw_id id, uint16_t buffer)
{
    struct kw_content *k = kh_calloc(1, sizeof(*k));
    if (k == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    k->depth_var = k->offset_var = k->distance_var = k->within_var = KW_VAR_NONE;
    if (pattern_parse(rc, arg, k)) {
        kw_free_data(DETECT_KW_CONTENT, k);
        return KH_EINVAL;
    }
    int idx = rc_push(rc, id, buffer, k);
    if (idx < 0)
        return idx;
    if (id == DETECT_KW_CONTENT)
        rc->last_content = idx;
    return 0;
}

/*
 * filename:"x" is file.name; content:"x"; nocase; and fileext:"x" the same with ".x" and
 * endswith (Suricata 8 rewrites both into the file.name buffer, case-insensitive).
 */
static int file_content(struct rule_ctx *rc, const char *arg, bool ext)
{
    int err = content_add(rc, arg, DETECT_KW_CONTENT, DETECT_KW_FILE_NAME);
    if (err != 0)
        return err;
    struct kw_content *c = rc->s->kws[rc->s->nkws - 1].data;
    c->flags |= KW_CONTENT_NOCASE;
    if (!ext)
        return 0;
    uint8_t *p = kh_malloc((size_t)c->len + 1);
    if (p == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    p[0] = '.';
    memcpy(p + 1, c->pat, c->len);
    kh_free(c->pat);
    c->pat = p;
    c->len++;
    c->flags |= KW_CONTENT_ENDSWITH;
    return 0;
}

int kw_parse_content(struct rule_ctx *rc, const char *arg)
{
    const char *name = rc->fail->keyword;
    enum detect_kw_id id = (enum detect_kw_id)detect_kw_lookup(name, strlen(name));
    if (id == DETECT_KW_FILENAME || id == DETECT_KW_FILEEXT)
        return file_content(rc, arg, id == DETECT_KW_FILEEXT);
    return content_add(rc, arg, id, rc->buffer);
}

/* uricontent:"x" is content:"x"; http_uri; (Snort's, still accepted by Suricata). */
int kw_parse_uricontent(struct rule_ctx *rc, const char *arg)
{
    if (rc->buffer != DETECT_BUF_PAYLOAD)
        return rc_fail(rc, DETECT_RERR_CONTEXT, "uricontent used in the sticky buffer '%s'",
                       detect_kw_get((enum detect_kw_id)rc->buffer)->name);
    return content_add(rc, arg, DETECT_KW_CONTENT, DETECT_KW_HTTP_URI);
}

/* Set a content flag once; a second time is an error naming the modifier. */
static struct kw_content *modify(struct rule_ctx *rc, const char *kw, uint32_t flag)
{
    struct kw_content *c = rc_last_content(rc, kw);
    if (c == NULL)
        return NULL;
    if (c->flags & flag) {
        rc_fail(rc, DETECT_RERR_CONTEXT, "'%s' given twice for one content", kw);
        return NULL;
    }
    c->flags |= flag;
    return c;
}

int kw_parse_nocase(struct rule_ctx *rc, const char *arg)
{
    (void)arg;
    return modify(rc, "nocase", KW_CONTENT_NOCASE) ? 0 : KH_EINVAL;
}

int kw_parse_rawbytes(struct rule_ctx *rc, const char *arg)
{
    (void)arg;
    return modify(rc, "rawbytes", KW_CONTENT_RAWBYTES) ? 0 : KH_EINVAL;
}

static int position(struct rule_ctx *rc, const char *kw, uint32_t flag, const char *arg,
                    int64_t min, int32_t *val, uint8_t *var)
{
    struct kw_content *c = modify(rc, kw, flag);
    int64_t v;
    if (c == NULL)
        return KH_EINVAL;
    if (c->flags & KW_CONTENT_STARTSWITH)
        return rc_fail(rc, DETECT_RERR_CONTEXT, "'%s' cannot be combined with startswith", kw);
    if (kw_parse_i64(arg, min, 65535, &v)) {
        *val = (int32_t)v;
        return 0;
    }
    int i = rc_var_find(rc, arg);
    if (i < 0)
        return rc_fail(rc, DETECT_RERR_VALUE,
                       "'%s' value '%.40s' is neither a number (%lld to 65535) nor a "
                       "byte_extract variable",
                       kw, arg, (long long)min);
    *var = (uint8_t)i;
    return 0;
}

int kw_parse_depth(struct rule_ctx *rc, const char *arg)
{
    struct kw_content *c = rc_last_content(rc, "depth");
    return c ? position(rc, "depth", KW_CONTENT_DEPTH, arg, 1, &c->depth, &c->depth_var)
             : KH_EINVAL;
}

int kw_parse_offset(struct rule_ctx *rc, const char *arg)
{
    struct kw_content *c = rc_last_content(rc, "offset");
    return c ? position(rc, "offset", KW_CONTENT_OFFSET, arg, 0, &c->offset, &c->offset_var)
             : KH_EINVAL;
}

int kw_parse_distance(struct rule_ctx *rc, const char *arg)
{
    struct kw_content *c = rc_last_content(rc, "distance");
    return c ? position(rc, "distance", KW_CONTENT_DISTANCE, arg, -65535, &c->distance,
                        &c->distance_var)
             : KH_EINVAL;
}

int kw_parse_within(struct rule_ctx *rc, const char *arg)
{
    struct kw_content *c = rc_last_content(rc, "within");
    return c ? position(rc, "within", KW_CONTENT_WITHIN, arg, -65535, &c->within, &c->within_var)
             : KH_EINVAL;
}

int kw_parse_startswith(struct rule_ctx *rc, const char *arg)
{
    (void)arg;
    struct kw_content *c = modify(rc, "startswith", KW_CONTENT_STARTSWITH);
    if (c == NULL)
        return KH_EINVAL;
    if (c->flags & (KW_CONTENT_DEPTH | KW_CONTENT_OFFSET | KW_CONTENT_DISTANCE | KW_CONTENT_WITHIN))
        return rc_fail(rc, DETECT_RERR_CONTEXT,
                       "startswith cannot be combined with depth, offset, distance or within");
    return 0;
}

int kw_parse_endswith(struct rule_ctx *rc, const char *arg)
{
    (void)arg;
    return modify(rc, "endswith", KW_CONTENT_ENDSWITH) ? 0 : KH_EINVAL;
}

int kw_parse_fast_pattern(struct rule_ctx *rc, const char *arg)
{
    struct kw_content *c = modify(rc, "fast_pattern", KW_CONTENT_FAST);
    if (c == NULL || arg == NULL)
        return c ? 0 : KH_EINVAL;
    if (strcmp(arg, "only") == 0) {
        c->flags |= KW_CONTENT_FAST_ONLY;
        return 0;
    }
    char buf[64];
    snprintf(buf, sizeof(buf), "%s", arg);
    char *s = buf, *a = kw_next_field(&s), *b = kw_next_field(&s);
    uint64_t off, len;
    if (a == NULL || b == NULL || s != NULL || !kw_parse_u64(a, false, 65535, &off) ||
        !kw_parse_u64(b, false, 65535, &len) || len == 0)
        return rc_fail(rc, DETECT_RERR_VALUE,
                       "fast_pattern takes no value, 'only', or '<offset>,<length>', not '%.40s'",
                       arg);
    c->flags |= KW_CONTENT_FAST_CHOP;
    c->fp_chop_off = (uint16_t)off;
    c->fp_chop_len = (uint16_t)len;
    return 0;
}

int kw_parse_sticky(struct rule_ctx *rc, const char *arg)
{
    (void)arg;
    int id = detect_kw_lookup(rc->fail->keyword, strlen(rc->fail->keyword));
    if (rc->buffer != DETECT_BUF_PAYLOAD && !rc->buffer_used)
        return rc_fail(rc, DETECT_RERR_CONTEXT,
                       "sticky buffer '%s' is set but nothing tests it before '%s'",
                       detect_kw_get((enum detect_kw_id)rc->buffer)->name, rc->fail->keyword);
    rc->buffer = detect_kw_get((enum detect_kw_id)id)->buffer;
    rc->buffer_used = false;
    rc->list_new = true;
    return 0;
}

int kw_parse_cbuf(struct rule_ctx *rc, const char *arg)
{
    (void)arg;
    const char *name = rc->fail->keyword;
    const struct detect_kw *kw =
        detect_kw_get((enum detect_kw_id)detect_kw_lookup(name, strlen(name)));
    struct kw_content *c = rc_last_content(rc, kw->name);
    if (c == NULL)
        return KH_EINVAL;
    struct sig_kw *k = &rc->s->kws[rc->last_content];
    if (k->buffer != DETECT_BUF_PAYLOAD && k->buffer != kw->buffer)
        return rc_fail(rc, DETECT_RERR_CONTEXT,
                       "'%s' on a content that is already in the '%s' buffer", kw->name,
                       detect_kw_get((enum detect_kw_id)k->buffer)->name);
    if (c->flags & KW_CONTENT_RAWBYTES)
        return rc_fail(rc, DETECT_RERR_CONTEXT, "'%s' cannot be combined with rawbytes", kw->name);
    k->buffer = kw->buffer;
    return 0;
}

static struct kw_text *text_new(struct rule_ctx *rc, const char *arg)
{
    struct kw_text *t = kh_calloc(1, sizeof(*t));
    if (t == NULL || (arg != NULL && (t->arg = kh_strdup(arg)) == NULL)) {
        kh_free(t);
        rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
        return NULL;
    }
    return t;
}

/* A keyword kept as its text: parsed for syntax by its caller, matched later. */
int kw_push_text(struct rule_ctx *rc, const char *arg)
{
    const char *name = rc->fail->keyword;
    struct kw_text *t = text_new(rc, arg);
    if (t == NULL)
        return KH_ENOMEM;
    int idx = rc_push(rc, (enum detect_kw_id)detect_kw_lookup(name, strlen(name)), rc->buffer, t);
    return idx < 0 ? idx : 0;
}

int kw_parse_isdataat(struct rule_ctx *rc, const char *arg)
{
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", arg);
    char *s = buf, *f = kw_next_field(&s);
    struct kw_isdataat *d = kh_calloc(1, sizeof(*d));
    uint64_t v;
    if (d == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    d->var = KW_VAR_NONE;
    if (f != NULL && *f == '!') {
        d->flags |= KW_ISDATAAT_NEGATED;
        f = kw_trim(f + 1);
    }
    if (f != NULL && kw_parse_u64(f, false, 65535, &v)) {
        d->value = (uint32_t)v;
    } else if (f != NULL && rc_var_find(rc, f) >= 0) {
        d->var = (uint8_t)rc_var_find(rc, f);
    } else {
        kh_free(d);
        return rc_fail(rc, DETECT_RERR_VALUE,
                       "isdataat needs a number (0 to 65535) or a "
                       "byte_extract variable");
    }
    while ((f = kw_next_field(&s)) != NULL) {
        if (strcmp(f, "relative") == 0) {
            d->flags |= KW_ISDATAAT_RELATIVE;
        } else if (strcmp(f, "rawbytes") == 0) {
            d->flags |= KW_ISDATAAT_RAWBYTES;
        } else {
            kh_free(d);
            return rc_fail(rc, DETECT_RERR_VALUE, "isdataat: unknown option '%.40s'", f);
        }
    }
    int idx = rc_push(rc, DETECT_KW_ISDATAAT, rc->buffer, d);
    return idx < 0 ? idx : 0;
}

/* ---- pcre ---- */

static const struct {
    char flag;
    enum detect_kw_id buffer;
} pcre_buffers[] = {
    {'U', DETECT_KW_HTTP_URI},          {'I', DETECT_KW_HTTP_URI_RAW},
    {'H', DETECT_KW_HTTP_HEADER},       {'D', DETECT_KW_HTTP_HEADER_RAW},
    {'P', DETECT_KW_HTTP_REQUEST_BODY}, {'Q', DETECT_KW_FILE_DATA},
    {'C', DETECT_KW_HTTP_COOKIE},       {'M', DETECT_KW_HTTP_METHOD},
    {'S', DETECT_KW_HTTP_STAT_CODE},    {'Y', DETECT_KW_HTTP_STAT_MSG},
    {'V', DETECT_KW_HTTP_USER_AGENT},   {'W', DETECT_KW_HTTP_HOST},
    {'Z', DETECT_KW_HTTP_HOST_RAW},
};

static int pcre_flag(struct rule_ctx *rc, struct kw_pcre *p, char f, uint16_t *buffer)
{
    switch (f) {
    case 'i':
        p->options |= PCRE2_CASELESS;
        return 0;
    case 's':
        p->options |= PCRE2_DOTALL;
        return 0;
    case 'm':
        p->options |= PCRE2_MULTILINE;
        return 0;
    case 'x':
        p->options |= PCRE2_EXTENDED;
        return 0;
    case 'A':
        p->options |= PCRE2_ANCHORED;
        return 0;
    case 'E':
        p->options |= PCRE2_DOLLAR_ENDONLY;
        return 0;
    case 'G':
        p->options |= PCRE2_UNGREEDY;
        return 0;
    case 'R':
        p->flags |= KW_PCRE_RELATIVE;
        return 0;
    case 'B':
        p->flags |= KW_PCRE_RAWBYTES;
        return 0;
    case 'O':
        p->flags |= KW_PCRE_NOLIMIT;
        return 0;
    default:
        break;
    }
    for (size_t i = 0; i < KH_ARRAY_LEN(pcre_buffers); i++) {
        if (pcre_buffers[i].flag != f)
            continue;
        if (rc->buffer != DETECT_BUF_PAYLOAD && rc->buffer != pcre_buffers[i].buffer)
            return rc_fail(rc, DETECT_RERR_CONTEXT,
                           "pcre modifier '%c' used in the sticky buffer '%s'", f,
                           detect_kw_get((enum detect_kw_id)rc->buffer)->name);
        if (*buffer != DETECT_BUF_PAYLOAD && *buffer != pcre_buffers[i].buffer)
            return rc_fail(rc, DETECT_RERR_VALUE, "pcre has two buffer modifiers");
        *buffer = (uint16_t)pcre_buffers[i].buffer;
        return 0;
    }
    return rc_fail(rc, DETECT_RERR_VALUE, "unknown pcre modifier '%c'", f);
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int pcre_compile_kw(struct rule_ctx *rc, struct kw_pcre *p)
{
    int code;
    PCRE2_SIZE off;
    uint64_t t0 = now_ns();
    pcre2_code *re =
        pcre2_compile((PCRE2_SPTR)p->source, strlen(p->source), p->options, &code, &off, NULL);
    if (re == NULL) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(code, msg, sizeof(msg));
        rc->pcre_ns += now_ns() - t0;
        return rc_fail(rc, DETECT_RERR_PCRE, "regex does not compile at offset %zu: %s",
                       (size_t)off, (const char *)msg);
    }
    (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* no JIT: the interpreter still works */
    rc->pcre_ns += now_ns() - t0;
    p->code = re;
    return 0;
}

/* Add a capture of group into the variable "kind:name"; fails past KW_PCRE_CAP_MAX. */
static int pcre_cap_add(struct rule_ctx *rc, struct kw_pcre *p, enum kw_pcre_cap_kind kind,
                        uint32_t group, const char *name, size_t len)
{
    if (len == 0)
        return rc_fail(rc, DETECT_RERR_VALUE, "pcre: a capture variable without a name");
    for (size_t i = 0; i < len; i++) /* EVE writes the name as a JSON key as it is */
        if ((unsigned char)name[i] < 0x20 || (unsigned char)name[i] > 0x7e || name[i] == '"' ||
            name[i] == '\\')
            return rc_fail(rc, DETECT_RERR_VALUE,
                           "pcre: capture name '%.*s' has a quote, backslash or non-printable byte",
                           (int)(len < 40 ? len : 40), name);
    if (p->ncaps == KW_PCRE_CAP_MAX)
        return rc_fail(rc, DETECT_RERR_VALUE, "pcre: more than %u capture variables",
                       KW_PCRE_CAP_MAX);
    struct kw_pcre_cap *c = &p->caps[p->ncaps];
    if ((c->name = kh_malloc(len + 1)) == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    memcpy(c->name, name, len);
    c->name[len] = '\0';
    c->kind = kind;
    c->group = group;
    p->ncaps++;
    return 0;
}

/* The kind a "flow:", "pkt:" or "alert:" prefix (sep ':') or a group name's "flow_" ... (sep
 * '_') names; *len is the prefix's length, 0 when there is none. */
static enum kw_pcre_cap_kind pcre_cap_kind(const char *s, char sep, size_t *len)
{
    static const char *const names[] = {"flow", "pkt", "alert"};
    for (unsigned i = 0; i < 3; i++) {
        size_t n = strlen(names[i]);
        if (strncmp(s, names[i], n) == 0 && s[n] == sep) {
            *len = n + 1;
            return (enum kw_pcre_cap_kind)i;
        }
    }
    *len = 0;
    return KW_PCRE_CAP_FLOW;
}

/* "flow:a,pkt:b,alert:c": the variables groups 1, 2, 3 ... are captured into. */
static int pcre_cap_list(struct rule_ctx *rc, struct kw_pcre *p, char *list)
{
    char *f;
    for (uint32_t group = 1; (f = kw_next_field(&list)) != NULL; group++) {
        size_t n;
        enum kw_pcre_cap_kind kind = pcre_cap_kind(f, ':', &n);
        if (n == 0)
            return rc_fail(rc, DETECT_RERR_VALUE,
                           "pcre: capture '%.40s' is not flow:, pkt: or alert:", f);
        if (pcre_cap_add(rc, p, kind, group, f + n, strlen(f + n)) != 0)
            return KH_EINVAL;
    }
    return 0;
}

/* Named groups (?P<flow_name>...), (?P<pkt_name>...), (?P<alert_name>...) of the compiled
 * pattern capture into those variables. */
static int pcre_cap_named(struct rule_ctx *rc, struct kw_pcre *p)
{
    uint32_t count = 0, size = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(p->code, PCRE2_INFO_NAMECOUNT, &count);
    pcre2_pattern_info(p->code, PCRE2_INFO_NAMEENTRYSIZE, &size);
    pcre2_pattern_info(p->code, PCRE2_INFO_NAMETABLE, &table);
    for (uint32_t i = 0; i < count && table != NULL && size > 2; i++) {
        const uint8_t *e = table + (size_t)i * size;
        const char *name = (const char *)e + 2; /* NUL-terminated within the entry */
        size_t n;
        enum kw_pcre_cap_kind kind = pcre_cap_kind(name, '_', &n);
        if (n == 0)
            continue; /* an ordinary named group */
        if (pcre_cap_add(rc, p, kind, (uint32_t)(e[0] << 8 | e[1]), name + n, strlen(name + n)) !=
            0)
            return KH_EINVAL;
        p->flags |= KW_PCRE_CAPTURE;
    }
    return 0;
}

/*
 * Where the capture list of "/re/flags, flow:a,pkt:b" starts (its comma), or NULL: the
 * first comma followed by flow:, pkt: or alert: that comes right after "/flags".
 */
static char *pcre_caps_start(char *v)
{
    for (char *c = strchr(v, ','); c != NULL; c = strchr(c + 1, ',')) {
        size_t n;
        char *after = c + 1;
        while (*after == ' ' || *after == '\t')
            after++;
        pcre_cap_kind(after, ':', &n);
        if (n == 0)
            continue;
        char *b = c;
        while (b > v && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        while (b > v && ((b[-1] >= 'a' && b[-1] <= 'z') || (b[-1] >= 'A' && b[-1] <= 'Z')))
            b--;
        if (b > v + 1 && b[-1] == '/')
            return c;
    }
    return NULL;
}

/* "/regex/flags" in quotes, optionally negated; a trailing ", captures" is kept as a flag. */
static int pcre_split(struct rule_ctx *rc, char *v, struct kw_pcre *p, uint16_t *buffer)
{
    if (*v == '!') {
        p->flags |= KW_PCRE_NEGATED;
        v = kw_trim(v + 1);
    }
    char *q = strrchr(v, '"');
    if (*v != '"' || q == v)
        return rc_fail(rc, DETECT_RERR_VALUE, "pcre value must be a quoted \"/regex/flags\"");
    char *rest = kw_trim(q + 1);
    if (*rest == ',')
        p->flags |= KW_PCRE_CAPTURE;
    else if (*rest != '\0')
        return rc_fail(rc, DETECT_RERR_VALUE, "unexpected '%.40s' after the pcre", rest);
    *q = '\0';
    v++;
    char *caps = pcre_caps_start(v); /* capture names may hold '/': split them off first */
    if (caps != NULL) {              /* capture variables: "/re/flags, flow:name,pkt:name" */
        *caps = '\0';
        p->flags |= KW_PCRE_CAPTURE;
    }
    char *end = strrchr(v, '/');
    if (*v != '/' || end == v)
        return rc_fail(rc, DETECT_RERR_VALUE, "pcre must be written /regex/flags");
    *end = '\0';
    for (char *f = kw_trim(end + 1); *f; f++)
        if (pcre_flag(rc, p, *f, buffer))
            return KH_EINVAL;
    if (caps != NULL && pcre_cap_list(rc, p, caps + 1) != 0)
        return KH_EINVAL;
    if ((p->source = kh_strdup(v + 1)) == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    return 0;
}

int kw_parse_pcre(struct rule_ctx *rc, const char *arg)
{
    struct kw_pcre *p = kh_calloc(1, sizeof(*p));
    char *v = kh_strdup(arg);
    uint16_t buffer = DETECT_BUF_PAYLOAD;
    int ret;
    if (p == NULL || v == NULL) {
        ret = rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
        goto out_free;
    }
    if ((ret = pcre_split(rc, v, p, &buffer)) != 0)
        goto out_free;
    if (rc->env->compile_pcre && (ret = pcre_compile_kw(rc, p)) != 0)
        goto out_free;
    if (p->code != NULL && (ret = pcre_cap_named(rc, p)) != 0)
        goto out_free;
    kh_free(v);
    ret = rc_push(rc, DETECT_KW_PCRE, buffer != DETECT_BUF_PAYLOAD ? buffer : rc->buffer, p);
    return ret < 0 ? ret : 0;
out_free:
    kh_free(v);
    kw_free_data(DETECT_KW_PCRE, p);
    return ret;
}

void kw_free_data(enum detect_kw_id id, void *data)
{
    if (data == NULL)
        return;
    switch (id) {
    case DETECT_KW_CONTENT:
    case DETECT_KW_FILEMAGIC:
    case DETECT_KW_FILENAME:
    case DETECT_KW_FILEEXT:
        kh_free(((struct kw_content *)data)->pat);
        break;
    case DETECT_KW_PCRE:
        pcre2_code_free(((struct kw_pcre *)data)->code);
        kh_free(((struct kw_pcre *)data)->source);
        for (uint32_t i = 0; i < ((struct kw_pcre *)data)->ncaps; i++)
            kh_free(((struct kw_pcre *)data)->caps[i].name);
        break;
    case DETECT_KW_FLOWBITS:
    case DETECT_KW_XBITS: {
        struct kw_bits *b = data;
        for (uint32_t i = 0; i < b->n; i++)
            kh_free(b->names[i]);
        kh_free(b->names);
        break;
    }
    case DETECT_KW_FLOWINT:
        kh_free(((struct kw_flowint *)data)->name);
        kh_free(((struct kw_flowint *)data)->value_var);
        break;
    case DETECT_KW_BYTE_TEST:
    case DETECT_KW_BYTE_JUMP:
    case DETECT_KW_BYTE_EXTRACT:
    case DETECT_KW_BYTE_MATH:
    case DETECT_KW_ISDATAAT:
    case DETECT_KW_FLOW:
    case DETECT_KW_THRESHOLD:
    case DETECT_KW_DETECTION_FILTER:
    case DETECT_KW_FLAGS:
    case DETECT_KW_FRAGBITS:
    case DETECT_KW_IPOPTS:
    case DETECT_KW_TTL:
    case DETECT_KW_TOS:
    case DETECT_KW_FRAGOFFSET:
    case DETECT_KW_ID:
    case DETECT_KW_SEQ:
    case DETECT_KW_ACK:
    case DETECT_KW_WINDOW:
    case DETECT_KW_ITYPE:
    case DETECT_KW_ICODE:
    case DETECT_KW_ICMP_ID:
    case DETECT_KW_ICMP_SEQ:
    case DETECT_KW_IP_PROTO:
    case DETECT_KW_TCP_MSS:
    case DETECT_KW_DSIZE:
    case DETECT_KW_BSIZE:
    case DETECT_KW_URILEN:
    case DETECT_KW_TLS_VERSION:
    case DETECT_KW_BASE64_DECODE:
    case DETECT_KW_STREAM_SIZE:
    case DETECT_KW_DLP:
    case DETECT_KW_SD_PATTERN:
    case DETECT_KW_DNS_OPCODE:
    case DETECT_KW_DNS_RCODE:
    case DETECT_KW_DNS_RRTYPE:
    case DETECT_KW_ICMPV6_MTU:
    case DETECT_KW_TLS_CERT_NOTBEFORE:
    case DETECT_KW_TLS_CERT_NOTAFTER:
    case DETECT_KW_TLS_CERT_NOTBEFORE_DOT:
    case DETECT_KW_TLS_CERT_NOTAFTER_DOT:
    case DETECT_KW_TLS_CERT_CHAIN_LEN:
    case DETECT_KW_FILESIZE:
    case DETECT_KW_ENTROPY:
        break; /* no pointers inside */
    case DETECT_KW_DATASET:
    case DETECT_KW_DATAREP:
        kh_free(((struct kw_dataset *)data)->context_key);
        ds_set_release(((struct kw_dataset *)data)->set);
        break;
    case DETECT_KW_IPREP:
        break;
    case DETECT_KW_XOR:
    case DETECT_KW_PCREXFORM:
    case DETECT_KW_FROM_BASE64:
    case DETECT_KW_GUNZIP:
    case DETECT_KW_ZLIB_DEFLATE:
        kw_xform_free(data);
        break;
    default:
        kh_free(((struct kw_text *)data)->arg); /* every other keyword keeps a kw_text */
        break;
    }
    kh_free(data);
}
