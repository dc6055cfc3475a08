/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SMTP for content inspection: the client's lines are split (the dispatcher keeps a partial
 * line, at most SMTP_LINE_MAX), DATA is dot-unstuffed and read as a MIME message whose leaf
 * parts are decoded (base64, quoted-printable) and streamed to on_part. Nothing is buffered
 * beyond a line, a folded header (SMTP_HDR_MAX) and three base64 bits of state.
 */
#include "smtp.h"

#include <string.h>
#include <strings.h>

#include "core/alloc.h"

enum client_state {
    CS_CMD = 0, /* commands */
    CS_DATA,    /* inside DATA, until "." */
    CS_STOP,    /* STARTTLS or BDAT: the rest is not parsed */
};

enum mime_state {
    MS_HEADERS = 0, /* a header block: the message's or a part's */
    MS_BODY,        /* a leaf part's content */
    MS_SKIP,        /* preamble or epilogue of a multipart: ignored */
};

enum cte {
    CTE_NONE = 0,
    CTE_BASE64,
    CTE_QP,
};

struct smtp_state {
    enum client_state cs;
    bool cut; /* the previous piece was a cut long line: this one continues it */
    uint64_t next_tx;
    /* the message being read */
    enum mime_state ms;
    char bnd[SMTP_MIME_DEPTH][SMTP_BOUNDARY_MAX];
    uint8_t blen[SMTP_MIME_DEPTH];
    uint8_t depth;
    char hdr[SMTP_HDR_MAX]; /* the header being read, folded lines joined */
    uint32_t nhdr;
    bool hdr_long;
    /* what the current header block said */
    enum cte cte;
    bool multipart;
    char new_bnd[SMTP_BOUNDARY_MAX];
    uint8_t new_blen;
    struct smtp_part part;
    bool part_open;
    uint32_t nparts;
    /* base64 */
    uint32_t acc;
    uint8_t nacc;
    bool b64_bad, qp_bad;
    bool nl_pending; /* a decoded line ended: its newline is given with the next bytes, and
                        dropped at a boundary (the CRLF before one belongs to it, RFC 2046) */
};

struct smtp_ctx {
    struct smtp_hooks hooks;
    struct smtp_stats st;
    uint32_t max_states;
    uint8_t out[SMTP_LINE_MAX + 3]; /* a decoded line, after a pending newline at out[0] */
};

static const char *const event_names[SMTP_EV_MAX] = {
    [SMTP_EV_MAX_COMMAND_LINE_LEN_EXCEEDED] = "smtp.max_command_line_len_exceeded",
    [SMTP_EV_MIME_LONG_LINE] = "smtp.mime_long_line",
    [SMTP_EV_MIME_LONG_HEADER_VALUE] = "smtp.mime_long_header_value",
    [SMTP_EV_MIME_LONG_BOUNDARY] = "smtp.mime_long_boundary",
    [SMTP_EV_MIME_LONG_FILENAME] = "smtp.mime_long_filename",
    [SMTP_EV_MIME_INVALID_BASE64] = "smtp.mime_invalid_base64",
    [SMTP_EV_MIME_INVALID_QP] = "smtp.mime_invalid_qp",
    [SMTP_EV_MIME_PARSE_FAILED] = "smtp.mime_parse_failed",
    [SMTP_EV_BDAT_UNSUPPORTED] = "smtp.bdat_unsupported",
};

const char *smtp_event_name(enum smtp_event ev)
{
    return (unsigned)ev < SMTP_EV_MAX ? event_names[ev] : "smtp.unknown";
}

struct smtp_ctx *smtp_ctx_new(const struct smtp_hooks *hooks, uint32_t max_states)
{
    struct smtp_ctx *ctx = kh_calloc(1, sizeof(*ctx));
    if (ctx == NULL)
        return NULL;
    ctx->hooks = *hooks;
    ctx->max_states = max_states;
    return ctx;
}

void smtp_ctx_free(struct smtp_ctx *ctx)
{
    kh_free(ctx);
}

const struct smtp_stats *smtp_ctx_stats(const struct smtp_ctx *ctx)
{
    return &ctx->st;
}

static bool prefix_ci(const uint8_t *p, size_t n, const char *s)
{
    size_t l = strlen(s);
    return n >= l && strncasecmp((const char *)p, s, l) == 0;
}

enum app_probe smtp_probe(const uint8_t *data, size_t len, int dir)
{
    if (dir == 0) {
        static const char *const greet[] = {"EHLO ", "HELO "};
        for (size_t i = 0; i < 2; i++) {
            size_t m = len < 5 ? len : 5;
            if (strncasecmp((const char *)data, greet[i], m) == 0)
                return len < 5 ? APP_PROBE_MORE : APP_PROBE_YES;
        }
        return APP_PROBE_NO;
    }
    /* A server's 220 greeting says SMTP only when it names it (FTP greets with 220 too). */
    size_t m = len < 3 ? len : 3;
    if (memcmp(data, "220", m) != 0)
        return APP_PROBE_NO;
    const uint8_t *nl = memchr(data, '\n', len);
    if (nl == NULL)
        return len < 512 ? APP_PROBE_MORE : APP_PROBE_NO;
    for (const uint8_t *q = data; q + 4 <= nl; q++)
        if (strncasecmp((const char *)q, "SMTP", 4) == 0)
            return APP_PROBE_YES;
    return APP_PROBE_NO;
}

static void smtp_raise(struct smtp_ctx *ctx, const struct app_input *in, struct smtp_state *s,
                       enum smtp_event ev)
{
    if (ctx->hooks.on_event)
        ctx->hooks.on_event(ctx->hooks.arg, in, s->next_tx, ev);
}

static void emit(struct smtp_ctx *ctx, const struct app_input *in, struct smtp_state *s,
                 const uint8_t *p, size_t n, bool last)
{
    s->part.size += n;
    if (ctx->hooks.on_part && (n || last))
        ctx->hooks.on_part(ctx->hooks.arg, in, &s->part, p, n, last);
}

static void part_end(struct smtp_ctx *ctx, const struct app_input *in, struct smtp_state *s)
{
    if (!s->part_open)
        return;
    s->part_open = false;
    emit(ctx, in, s, NULL, 0, true);
}

/* A new header block (the message's or a part's) starts. */
static void block_begin(struct smtp_state *s)
{
    s->ms = MS_HEADERS;
    s->nhdr = 0;
    s->hdr_long = false;
    s->cte = CTE_NONE;
    s->multipart = false;
    s->new_blen = 0;
    s->nl_pending = false;
    memset(&s->part, 0, sizeof(s->part));
}

/* The value of parameter `name` ("boundary", "filename", "name") in a header value. */
static bool header_param(const char *v, size_t n, const char *name, const char **out, size_t *olen)
{
    size_t nl = strlen(name);
    for (size_t i = 0; i + nl + 1 <= n; i++) {
        if (strncasecmp(v + i, name, nl) != 0 || v[i + nl] != '=' ||
            (i > 0 && v[i - 1] != ';' && v[i - 1] != ' ' && v[i - 1] != '\t'))
            continue;
        const char *p = v + i + nl + 1, *end = v + n;
        if (p < end && *p == '"') {
            const char *q = memchr(p + 1, '"', (size_t)(end - p - 1));
            *out = p + 1;
            *olen = q ? (size_t)(q - p - 1) : (size_t)(end - p - 1);
        } else {
            const char *q = p;
            while (q < end && *q != ';' && *q != ' ' && *q != '\t')
                q++;
            *out = p;
            *olen = (size_t)(q - p);
        }
        return true;
    }
    return false;
}

static void set_name(struct smtp_ctx *ctx, const struct app_input *in, struct smtp_state *s,
                     const char *v, size_t n)
{
    if (n >= SMTP_NAME_MAX) {
        smtp_raise(ctx, in, s, SMTP_EV_MIME_LONG_FILENAME);
        n = SMTP_NAME_MAX - 1;
    }
    for (size_t i = 0; i < n; i++) /* a C string for its readers: no NUL inside */
        s->part.name[i] = v[i] ? v[i] : '?';
    s->part.name[n] = '\0';
    s->part.name_len = (uint32_t)n;
    s->part.attachment = true;
}

/* One complete header: what matters is the type, the encoding and the file name. */
static void header_done(struct smtp_ctx *ctx, const struct app_input *in, struct smtp_state *s)
{
    const char *h = s->hdr, *colon = memchr(h, ':', s->nhdr);
    if (colon == NULL)
        return;
    size_t nlen = (size_t)(colon - h);
    const char *v = colon + 1;
    size_t vlen = s->nhdr - nlen - 1;
    while (vlen && (*v == ' ' || *v == '\t'))
        v++, vlen--;
    const char *pv;
    size_t pl;
    if (nlen == 12 && strncasecmp(h, "content-type", 12) == 0) {
        if (vlen >= 10 && strncasecmp(v, "multipart/", 10) == 0 &&
            header_param(v, vlen, "boundary", &pv, &pl) && pl > 0) {
            if (pl >= SMTP_BOUNDARY_MAX) {
                smtp_raise(ctx, in, s, SMTP_EV_MIME_LONG_BOUNDARY);
            } else {
                s->multipart = true;
                memcpy(s->new_bnd, pv, pl);
                s->new_blen = (uint8_t)pl;
            }
        }
        if (!s->part.attachment && header_param(v, vlen, "name", &pv, &pl) && pl > 0)
            set_name(ctx, in, s, pv, pl);
    } else if (nlen == 25 && strncasecmp(h, "content-transfer-encoding", 25) == 0) {
        s->cte = prefix_ci((const uint8_t *)v, vlen, "base64")             ? CTE_BASE64
                 : prefix_ci((const uint8_t *)v, vlen, "quoted-printable") ? CTE_QP
                                                                           : CTE_NONE;
    } else if (nlen == 19 && strncasecmp(h, "content-disposition", 19) == 0) {
        if (header_param(v, vlen, "filename", &pv, &pl) && pl > 0)
            set_name(ctx, in, s, pv, pl);
    }
}

/* The empty line after a header block: a multipart opens a level, a leaf part starts. */
static void headers_end(struct smtp_ctx *ctx, const struct app_input *in, struct smtp_state *s)
{
    if (s->nhdr)
        header_done(ctx, in, s);
    s->nhdr = 0;
    if (s->multipart && s->depth < SMTP_MIME_DEPTH) {
        memcpy(s->bnd[s->depth], s->new_bnd, s->new_blen);
        s->blen[s->depth++] = s->new_blen;
        s->ms = MS_SKIP; /* the preamble */
        return;
    }
    if (s->multipart)
        smtp_raise(ctx, in, s, SMTP_EV_MIME_PARSE_FAILED); /* too deep: read as one part */
    s->part.tx_id = s->next_tx;
    s->part.index = s->nparts++;
    s->part_open = true;
    s->acc = 0;
    s->nacc = 0;
    s->ms = MS_BODY;
    ctx->st.parts++;
}

static void header_line(struct smtp_ctx *ctx, const struct app_input *in, struct smtp_state *s,
                        const uint8_t *l, size_t n)
{
    if (n == 0) {
        headers_end(ctx, in, s);
        return;
    }
    if (l[0] != ' ' && l[0] != '\t') { /* a new header: the previous one is complete */
        if (s->nhdr)
            header_done(ctx, in, s);
        s->nhdr = 0;
        s->hdr_long = false;
    }
    if (s->nhdr + n > SMTP_HDR_MAX) {
        if (!s->hdr_long)
            smtp_raise(ctx, in, s, SMTP_EV_MIME_LONG_HEADER_VALUE);
        s->hdr_long = true;
        n = SMTP_HDR_MAX - s->nhdr;
    }
    memcpy(s->hdr + s->nhdr, l, n);
    s->nhdr += (uint32_t)n;
}

static int hexv(uint8_t c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                  : -1;
}

static const int8_t b64v[256] = {
    ['A'] = 1,  ['B'] = 2,  ['C'] = 3,  ['D'] = 4,  ['E'] = 5,  ['F'] = 6,  ['G'] = 7,  ['H'] = 8,
    ['I'] = 9,  ['J'] = 10, ['K'] = 11, ['L'] = 12, ['M'] = 13, ['N'] = 14, ['O'] = 15, ['P'] = 16,
    ['Q'] = 17, ['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22, ['W'] = 23, ['X'] = 24,
    ['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28, ['c'] = 29, ['d'] = 30, ['e'] = 31, ['f'] = 32,
    ['g'] = 33, ['h'] = 34, ['i'] = 35, ['j'] = 36, ['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40,
    ['o'] = 41, ['p'] = 42, ['q'] = 43, ['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48,
    ['w'] = 49, ['x'] = 50, ['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56,
    ['4'] = 57, ['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61, ['9'] = 62, ['+'] = 63, ['/'] = 64,
}; /* value + 1; 0: not in the alphabet */

/*
 * Decode one line of a leaf part into ctx->out + 1; returns the bytes made. *nl: the line
 * ends with a line break that is content (newline, not a quoted-printable soft break;
 * base64 has none).
 */
static size_t decode_line(struct smtp_ctx *ctx, const struct app_input *in, struct smtp_state *s,
                          const uint8_t *l, size_t n, bool newline, bool *nl)
{
    uint8_t *o = ctx->out + 1;
    size_t m = 0;
    if (s->cte == CTE_BASE64) {
        for (size_t i = 0; i < n; i++) {
            int v = b64v[l[i]] - 1;
            if (l[i] == '=' && s->nacc >= 2) { /* padding: the last one or two bytes */
                o[m++] = (uint8_t)(s->acc >> (s->nacc == 2 ? 4 : 10));
                if (s->nacc == 3)
                    o[m++] = (uint8_t)(s->acc >> 2);
                s->acc = 0;
                s->nacc = 0;
                continue;
            }
            if (v < 0) {
                if (l[i] != '=' && l[i] != ' ' && l[i] != '\t' && l[i] != '\r' && !s->b64_bad) {
                    s->b64_bad = true;
                    smtp_raise(ctx, in, s, SMTP_EV_MIME_INVALID_BASE64);
                }
                continue;
            }
            s->acc = s->acc << 6 | (uint32_t)v;
            if (++s->nacc == 4) {
                o[m++] = (uint8_t)(s->acc >> 16);
                o[m++] = (uint8_t)(s->acc >> 8);
                o[m++] = (uint8_t)s->acc;
                s->acc = 0;
                s->nacc = 0;
            }
        }
        return m;
    }
    if (s->cte == CTE_QP) {
        for (size_t i = 0; i < n; i++) {
            if (l[i] != '=') {
                o[m++] = l[i];
                continue;
            }
            if (i + 1 == n)
                return m; /* soft line break: no newline */
            int hi = i + 2 < n ? hexv(l[i + 1]) : -1, lo = i + 2 < n ? hexv(l[i + 2]) : -1;
            if (hi >= 0 && lo >= 0) {
                o[m++] = (uint8_t)(hi << 4 | lo);
                i += 2;
            } else {
                if (!s->qp_bad) {
                    s->qp_bad = true;
                    smtp_raise(ctx, in, s, SMTP_EV_MIME_INVALID_QP);
                }
                o[m++] = '=';
            }
        }
    } else {
        memcpy(o, l, n);
        m = n;
    }
    *nl = newline; /* given later: not when a boundary follows */
    return m;
}

/* "--boundary" or "--boundary--" of an open level: returns the level + 1, 0 if none. */
static int boundary_level(const struct smtp_state *s, const uint8_t *l, size_t n, bool *closing)
{
    if (n < 3 || l[0] != '-' || l[1] != '-')
        return 0;
    for (int i = s->depth - 1; i >= 0; i--) {
        size_t bl = s->blen[i];
        if (n < 2 + bl || memcmp(l + 2, s->bnd[i], bl) != 0)
            continue;
        const uint8_t *r = l + 2 + bl, *end = l + n;
        *closing = end - r >= 2 && r[0] == '-' && r[1] == '-';
        if (*closing)
            r += 2;
        while (r < end && (*r == ' ' || *r == '\t'))
            r++;
        if (r == end)
            return i + 1;
    }
    return 0;
}

/* One line of the message (dot-unstuffed); cont: the tail of a cut long line. */
static void message_line(struct smtp_ctx *ctx, const struct app_input *in, struct smtp_state *s,
                         const uint8_t *l, size_t n, bool cont, bool cut)
{
    bool closing = false;
    int lv = cont ? 0 : boundary_level(s, l, n, &closing);
    if (lv > 0) {
        s->nl_pending = false;
        part_end(ctx, in, s);
        s->depth = (uint8_t)(closing ? lv - 1 : lv);
        if (closing)
            s->ms = MS_SKIP; /* the epilogue, up to an outer boundary */
        else
            block_begin(s);
        return;
    }
    if (s->ms == MS_HEADERS) {
        if (!cont)
            header_line(ctx, in, s, l, n);
    } else if (s->ms == MS_BODY) {
        bool nl = false;
        size_t m = decode_line(ctx, in, s, l, n, !cut, &nl);
        uint8_t *p = ctx->out + 1;
        if (s->nl_pending && (m > 0 || nl)) { /* the previous line's end was content */
            *--p = '\n';
            m++;
            s->nl_pending = false;
        }
        s->nl_pending |= nl;
        emit(ctx, in, s, p, m, false);
    }
}

static void message_begin(struct smtp_state *s)
{
    s->depth = 0;
    s->nparts = 0;
    s->part_open = false;
    s->b64_bad = false;
    s->qp_bad = false;
    block_begin(s);
}

static void message_end(struct smtp_ctx *ctx, const struct app_input *in, struct smtp_state *s)
{
    if (s->ms == MS_HEADERS && s->nhdr == 0 && s->nparts == 0 && !s->part_open)
        headers_end(ctx, in, s);       /* a message with headers only: an empty body part */
    if (s->nl_pending && s->part_open) /* the last line's end, before "." */
        emit(ctx, in, s, (const uint8_t *)"\n", 1, false);
    s->nl_pending = false;
    part_end(ctx, in, s);
    s->next_tx++;
    ctx->st.messages++;
}

static void command(struct smtp_state *s, const uint8_t *l, size_t n)
{
    if ((n == 4 || (n > 4 && l[4] == ' ')) && prefix_ci(l, n, "DATA")) {
        s->cs = CS_DATA;
        message_begin(s);
    } else if (prefix_ci(l, n, "STARTTLS")) {
        s->cs = CS_STOP; /* the rest is TLS */
    }
}

/* One client line (without its line end); cut: it went on past SMTP_LINE_MAX. */
static void client_line(struct smtp_ctx *ctx, const struct app_input *in, struct smtp_state *s,
                        const uint8_t *l, size_t n, bool cut)
{
    bool cont = s->cut;
    s->cut = cut;
    if (s->cs == CS_CMD) {
        if (cont)
            return;
        if (cut) {
            smtp_raise(ctx, in, s, SMTP_EV_MAX_COMMAND_LINE_LEN_EXCEEDED);
            return;
        }
        if (prefix_ci(l, n, "BDAT")) {
            smtp_raise(ctx, in, s, SMTP_EV_BDAT_UNSUPPORTED);
            s->cs = CS_STOP;
            return;
        }
        command(s, l, n);
        return;
    }
    if (cut && !cont)
        smtp_raise(ctx, in, s, SMTP_EV_MIME_LONG_LINE);
    if (!cont && n == 1 && l[0] == '.') {
        message_end(ctx, in, s);
        s->cs = CS_CMD;
        return;
    }
    if (!cont && n > 0 && l[0] == '.') { /* dot-stuffing (RFC 5321 4.5.2) */
        l++;
        n--;
    }
    message_line(ctx, in, s, l, n, cont, cut);
}

static struct app_result smtp_parse(void *pctx, void **state, const struct app_input *in)
{
    struct smtp_ctx *ctx = pctx;
    struct smtp_state *s = *state;
    struct app_result r = {APP_STATUS_OK, (uint32_t)in->data.len, 0};
    if (s == NULL) {
        if (ctx->st.states >= ctx->max_states || (s = kh_calloc(1, sizeof(*s))) == NULL) {
            ctx->st.state_memcap++;
            return (struct app_result){APP_STATUS_ERROR, 0, 0};
        }
        *state = s;
        ctx->st.states++;
    }
    if (in->dir == 1 || s->cs == CS_STOP)
        return r; /* replies are not needed for content */
    if (in->flags & APP_INPUT_GAP) {
        s->cut = true; /* what follows is the middle of a line */
        if (s->cs == CS_DATA && s->part_open)
            s->ms = MS_SKIP; /* the part lost bytes: the decoders cannot resync */
    }
    const uint8_t *p = in->data.p;
    size_t left = in->data.len, off = 0;
    while (off < left) {
        const uint8_t *nl = memchr(p + off, '\n', left - off);
        size_t n = nl ? (size_t)(nl - (p + off)) : left - off;
        if (nl == NULL && n < SMTP_LINE_MAX && !(in->flags & APP_INPUT_EOF)) {
            r.status = APP_STATUS_INCOMPLETE;
            r.consumed = (uint32_t)off;
            r.needed = (uint32_t)(n + 1);
            break;
        }
        bool cut = n > SMTP_LINE_MAX || (nl == NULL && !(in->flags & APP_INPUT_EOF));
        if (n > SMTP_LINE_MAX)
            n = SMTP_LINE_MAX;
        size_t ln = n;
        if (!cut && ln > 0 && p[off + ln - 1] == '\r')
            ln--;
        client_line(ctx, in, s, p + off, ln, cut);
        off += n + (!cut && nl != NULL ? 1 : 0);
        if (s->cs == CS_STOP)
            break;
    }
    if ((in->flags & APP_INPUT_EOF) && s->cs == CS_DATA) {
        message_end(ctx, in, s);
        s->cs = CS_CMD;
    }
    return r;
}

static void smtp_state_free(void *pctx, void *state)
{
    struct smtp_ctx *ctx = pctx;
    if (state == NULL)
        return;
    ctx->st.states--;
    kh_free(state);
}

struct app_tcp_proto smtp_tcp_proto(struct smtp_ctx *ctx)
{
    struct app_tcp_proto p = {
        .id = APP_PROTO_SMTP,
        .ports = {25, 587},
        .probe = smtp_probe,
        .parse = smtp_parse,
        .state_free = smtp_state_free,
        .pctx = ctx,
    };
    return p;
}
