/* SPDX-License-Identifier: GPL-2.0-only */
/* The rule parser: header, option splitting, keyword dispatch, and whole-rule checks. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/cursor.h"
#include "core/err.h"
#include "detect/rules/parse.h"

#define RULE_MAX_LEN     65536u /* bytes of one rule */
#define RULE_MAX_OPTIONS 1024u  /* options of one rule */

int rc_fail(struct rule_ctx *rc, enum detect_rerr kind, const char *fmt, ...)
{
    va_list ap;
    rc->fail->kind = kind;
    va_start(ap, fmt);
    vsnprintf(rc->fail->reason, sizeof(rc->fail->reason), fmt, ap);
    va_end(ap);
    return kind == DETECT_RERR_NOMEM ? KH_ENOMEM : KH_EINVAL;
}

int rc_push(struct rule_ctx *rc, enum detect_kw_id id, uint16_t buffer, void *data)
{
    struct sig *s = rc->s;
    if (s->nkws == rc->cap) {
        uint32_t cap = rc->cap ? rc->cap * 2 : 8;
        struct sig_kw *v = kh_reallocarray(s->kws, cap, sizeof(*v));
        if (v == NULL) {
            kw_free_data(id, data);
            return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
        }
        s->kws = v;
        rc->cap = cap;
    }
    s->kws[s->nkws].id = id;
    s->kws[s->nkws].buffer = buffer;
    s->kws[s->nkws].list_start = rc->list_new && buffer == rc->buffer;
    if (buffer == rc->buffer)
        rc->list_new = false;
    if (buffer == rc->buffer && detect_kw_get(id)->kind != DETECT_KW_KIND_TRANSFORM)
        rc->buffer_used = true;
    s->kws[s->nkws].data = data;
    return (int)s->nkws++;
}

struct kw_content *rc_last_content(struct rule_ctx *rc, const char *kw)
{
    if (rc->last_content < 0) {
        rc_fail(rc, DETECT_RERR_CONTEXT, "'%s' needs a preceding content", kw);
        return NULL;
    }
    return rc->s->kws[rc->last_content].data;
}

int rc_var_find(const struct rule_ctx *rc, const char *name)
{
    for (unsigned i = 0; i < rc->nvars; i++)
        if (strcmp(rc->vars[i], name) == 0)
            return (int)i;
    return -1;
}

/* ---- header ---- */

static const char *const action_names[] = {
    [SIG_ACT_ALERT] = "alert",
    [SIG_ACT_PASS] = "pass",
    [SIG_ACT_DROP] = "drop",
    [SIG_ACT_REJECT] = "reject",
    [SIG_ACT_REJECTSRC] = "rejectsrc",
    [SIG_ACT_REJECTDST] = "rejectdst",
    [SIG_ACT_REJECTBOTH] = "rejectboth",
};

/* App-layer protocol names accepted in the header and by app-layer-protocol. */
static const char *const app_protos[] = {
    "http",     "http1", "http2",  "ftp",   "ftp-data",  "smtp",   "tls",
    "ssl",      "ssh",   "imap",   "pop3",  "smb",       "dcerpc", "dns",
    "modbus",   "enip",  "dnp3",   "nfs",   "ntp",       "tftp",   "ike",
    "ikev2",    "krb5",  "dhcp",   "snmp",  "sip",       "rfb",    "mqtt",
    "rdp",      "quic",  "telnet", "pgsql", "websocket", "ldap",   "bittorrent-dht",
    "doh2",     "irc",   "nntp",   "msn",   "jabber",    "cip",    "ftps",
    "template",
};

int detect_app_proto_lookup(const char *name)
{
    for (size_t i = 0; i < KH_ARRAY_LEN(app_protos); i++)
        if (strcmp(app_protos[i], name) == 0)
            return (int)i;
    return -1;
}

const char *detect_app_proto_name(unsigned id)
{
    return id < KH_ARRAY_LEN(app_protos) ? app_protos[id] : "?";
}

bool detect_app_proto_matchable(unsigned id)
{
    return id == DETECT_APP_HTTP || id == DETECT_APP_HTTP1 || id == DETECT_APP_DNS ||
           id == DETECT_APP_TLS || id == DETECT_APP_FTP || id == DETECT_APP_SSH;
}

/*
 * Does the rule read an app-layer buffer khien does not offer for SMTP (anything but the
 * payload, file.data and the packet header buffers)? "alert smtp" rules are matchable
 * without one: on the packets and stream of flows detected as SMTP, and file.data on the
 * decoded message parts.
 */
static bool app_buffer_used(const struct sig *s)
{
    for (uint32_t i = 0; i < s->nkws; i++) {
        uint16_t b = s->kws[i].buffer;
        if (b != DETECT_BUF_PAYLOAD && b != DETECT_KW_BASE64_DATA && b != DETECT_KW_FILE_DATA &&
            b != DETECT_KW_TCP_HDR && b != DETECT_KW_UDP_HDR && b != DETECT_KW_IPV4_HDR &&
            b != DETECT_KW_IPV6_HDR && b != DETECT_KW_ICMPV4_HDR && b != DETECT_KW_ICMPV6_HDR)
            return true;
    }
    return false;
}

/*
 * A Suricata 8 firewall hook after the protocol ("tcp:flow_start"): khien matches the packet
 * hook flow_start (the first packet of each flow direction); other hooks are refused.
 */
static int parse_hook(struct rule_ctx *rc, char *p)
{
    char *colon = strchr(p, ':');
    if (colon == NULL)
        return 0;
    *colon = '\0';
    const char *hook = colon + 1;
    if (detect_app_proto_lookup(p) >= 0 && strcmp(p, "ip") != 0 && strcmp(p, "tcp") != 0 &&
        strcmp(p, "udp") != 0)
        return rc_fail(rc, DETECT_RERR_PROTO, "app-layer hook '%s:%s' not supported", p, hook);
    if (strcmp(hook, "flow_start") != 0)
        return rc_fail(rc, DETECT_RERR_PROTO, "packet hook '%s' not supported", hook);
    rc->s->hook_flow_start = true;
    return 0;
}

static int parse_proto(struct rule_ctx *rc, char *p)
{
    if (parse_hook(rc, p))
        return KH_EINVAL;
    static const struct {
        const char *name;
        enum sig_proto_kind kind;
    } packet[] = {
        {"ip", SIG_PROTO_IP},         {"ipv4", SIG_PROTO_IP},     {"ip4", SIG_PROTO_IP},
        {"ipv6", SIG_PROTO_IP},       {"ip6", SIG_PROTO_IP},      {"pkthdr", SIG_PROTO_IP},
        {"tcp", SIG_PROTO_TCP},       {"tcp-pkt", SIG_PROTO_TCP}, {"tcp-stream", SIG_PROTO_TCP},
        {"udp", SIG_PROTO_UDP},       {"icmp", SIG_PROTO_ICMP},   {"icmpv4", SIG_PROTO_ICMPV4},
        {"icmpv6", SIG_PROTO_ICMPV6}, {"sctp", SIG_PROTO_SCTP},
    };
    struct sig *s = rc->s;
    for (size_t i = 0; i < KH_ARRAY_LEN(packet); i++) {
        if (strcmp(packet[i].name, p) == 0) {
            s->proto = packet[i].kind;
            s->tcp_only_pkt = strcmp(p, "tcp-pkt") == 0;
            s->tcp_only_strm = strcmp(p, "tcp-stream") == 0;
            return 0;
        }
    }
    int app = detect_app_proto_lookup(p);
    if (app < 0)
        return rc_fail(rc, DETECT_RERR_PROTO, "unknown protocol '%s'", p);
    s->proto = SIG_PROTO_APP;
    s->app_proto = (uint16_t)app;
    return 0;
}

/* The next header field: up to whitespace outside brackets. NUL-terminates it in place. */
static char *header_field(char **p)
{
    char *s = *p, *start;
    int depth = 0;
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '\0')
        return NULL;
    start = s;
    for (; *s; s++) {
        if (*s == '[')
            depth++;
        else if (*s == ']')
            depth--;
        else if ((*s == ' ' || *s == '\t') && depth <= 0)
            break;
    }
    if (*s != '\0')
        *s++ = '\0';
    *p = s;
    return start;
}

static int parse_header(struct rule_ctx *rc, char *text)
{
    char **p = &text;
    char *f[7];
    static const char *const what[] = {"action",          "protocol",  "source address",
                                       "source port",     "direction", "destination address",
                                       "destination port"};
    char ebuf[200];
    int rc2;
    for (int i = 0; i < 7; i++) {
        if ((f[i] = header_field(p)) == NULL)
            return rc_fail(rc, DETECT_RERR_SYNTAX, "rule header incomplete: no %s", what[i]);
    }
    char *extra = header_field(p);
    if (extra != NULL)
        return rc_fail(rc, DETECT_RERR_SYNTAX, "unexpected '%.40s' after the rule header", extra);
    bool found = false;
    for (size_t i = 0; i < KH_ARRAY_LEN(action_names); i++) {
        if (strcmp(action_names[i], f[0]) == 0) {
            rc->s->action = (enum sig_action)i;
            found = true;
        }
    }
    if (!found)
        return rc_fail(rc, DETECT_RERR_ACTION, "unknown action '%.40s'", f[0]);
    if (parse_proto(rc, f[1]))
        return KH_EINVAL;
    if (strcmp(f[4], "->") == 0)
        rc->s->bidirectional = false;
    else if (strcmp(f[4], "<>") == 0)
        rc->s->bidirectional = true;
    else if (strcmp(f[4], "=>") == 0)
        rc->s->transactional = true;
    else
        return rc_fail(rc, DETECT_RERR_DIRECTION, "direction must be ->, <> or =>, not '%.40s'",
                       f[4]);
    const struct addr_ctx *ac = &rc->env->addr;
    if ((rc2 = addr_parse(ac, f[2], &rc->s->src, ebuf, sizeof(ebuf))) != 0 ||
        (rc2 = addr_parse(ac, f[5], &rc->s->dst, ebuf, sizeof(ebuf))) != 0)
        return rc_fail(rc, rc2 == KH_ENOMEM ? DETECT_RERR_NOMEM : DETECT_RERR_ADDRESS, "%s", ebuf);
    if ((rc2 = ports_parse(ac, f[3], &rc->s->sp, ebuf, sizeof(ebuf))) != 0 ||
        (rc2 = ports_parse(ac, f[6], &rc->s->dp, ebuf, sizeof(ebuf))) != 0)
        return rc_fail(rc, rc2 == KH_ENOMEM ? DETECT_RERR_NOMEM : DETECT_RERR_PORT, "%s", ebuf);
    return 0;
}

/* ---- options ---- */

/*
 * Read one option from the cursor: name, then ':' and a value ending at the first ';' not
 * escaped by a backslash. Writes NUL-terminated name and value into the caller's buffer.
 */
static int next_option(struct rule_ctx *rc, struct cursor *c, char *buf, char **name, char **value)
{
    size_t n = 0;
    bool esc = false, have_colon = false;
    *value = NULL;
    while (c->left && isspace(cur_peek_u8(c)))
        cur_skip(c, 1);
    *name = buf;
    while (c->left) {
        uint8_t ch = cur_u8(c);
        if (!have_colon && ch == ':') {
            buf[n++] = '\0';
            *value = buf + n;
            have_colon = true;
            continue;
        }
        if (ch == ';' && !esc) {
            buf[n] = '\0';
            return 0;
        }
        esc = !esc && ch == '\\' && have_colon;
        buf[n++] = (char)ch;
    }
    buf[n] = '\0';
    snprintf(rc->fail->keyword, sizeof(rc->fail->keyword), "%s", kw_trim(buf));
    return rc_fail(rc, DETECT_RERR_SYNTAX, "option '%.40s' is not terminated by ';'", kw_trim(buf));
}

static int dispatch(struct rule_ctx *rc, char *name, char *value)
{
    name = kw_trim(name);
    size_t nlen = strlen(name);
    int id = detect_kw_lookup(name, nlen);
    if (nlen >= sizeof(rc->fail->keyword))
        nlen = sizeof(rc->fail->keyword) - 1;
    memcpy(rc->fail->keyword, name, nlen);
    rc->fail->keyword[nlen] = '\0';
    if (id < 0) {
        if (*name == '\0')
            return rc_fail(rc, DETECT_RERR_SYNTAX, "empty option");
        return rc_fail(rc, DETECT_RERR_UNKNOWN_KEYWORD, "unknown keyword '%.40s'", name);
    }
    const struct detect_kw *kw = detect_kw_get((enum detect_kw_id)id);
    if (value != NULL)
        value = kw_trim(value);
    /* A sticky buffer of a => rule may say which side it is on (Suricata 8) */
    if (kw->kind == DETECT_KW_KIND_STICKY && rc->s->transactional && value != NULL &&
        (strcmp(value, "to_server") == 0 || strcmp(value, "to_client") == 0))
        value = NULL;
    if ((kw->flags & KWF_NOARG) && value != NULL && *value != '\0')
        return rc_fail(rc, DETECT_RERR_VALUE, "'%s' takes no value", kw->name);
    if ((kw->flags & KWF_ARG) && (value == NULL || *value == '\0'))
        return rc_fail(rc, DETECT_RERR_VALUE, "'%s' needs a value", kw->name);
    if (value != NULL && *value == '\0')
        value = NULL;
    int rc2 = kw->parse(rc, value);
    rc->seen[id] = true;
    if (rc2 == 0 && !(kw->flags & KWF_MATCH))
        rc->s->unsupported[id / 64] |= 1ull << (id % 64);
    return rc2;
}

/* Pattern strength as Suricata's PatternStrength: rarer byte classes count more. */
static uint32_t pattern_strength(const uint8_t *p, uint32_t len)
{
    uint8_t seen[256] = {0};
    uint32_t s = 0;
    for (uint32_t i = 0; i < len; i++) {
        if (seen[p[i]]) {
            s++;
            continue;
        }
        seen[p[i]] = 1;
        if (isalpha(p[i]))
            s += 3;
        else if (isprint(p[i]) || p[i] == 0x00 || p[i] == 0x01 || p[i] == 0xff)
            s += 4;
        else
            s += 6;
    }
    return s;
}

static bool is_pattern(enum detect_kw_id id)
{
    return id == DETECT_KW_CONTENT;
}

/* Choose the fast pattern as Suricata does: the explicit one, else the strongest positive. */
static void choose_fast_pattern(struct sig *s)
{
    int32_t best = -1;
    uint32_t best_strength = 0, best_len = 0;
    bool best_neg = true;
    for (uint32_t i = 0; i < s->nkws; i++) {
        if (!is_pattern(s->kws[i].id))
            continue;
        const struct kw_content *c = s->kws[i].data;
        if (c->flags & KW_CONTENT_FAST) {
            s->fast_pattern = (int32_t)i;
            return;
        }
        bool neg = c->flags & KW_CONTENT_NEGATED;
        uint32_t st = pattern_strength(c->pat, c->len);
        if (best < 0 || (best_neg && !neg) ||
            (neg == best_neg &&
             (st > best_strength || (st == best_strength && c->len > best_len)))) {
            best = (int32_t)i;
            best_strength = st;
            best_len = c->len;
            best_neg = neg;
        }
    }
    s->fast_pattern = best;
}

/* Checks that need the whole rule: content modifier conflicts, fast_pattern, variables. */
static int check_rule(struct rule_ctx *rc)
{
    struct sig *s = rc->s;
    int fp = 0;
    for (uint32_t i = 0; i < s->nkws; i++) {
        if (!is_pattern(s->kws[i].id))
            continue;
        const struct kw_content *c = s->kws[i].data;
        snprintf(rc->fail->keyword, sizeof(rc->fail->keyword), "content");
        if ((c->flags & (KW_CONTENT_DEPTH | KW_CONTENT_OFFSET)) &&
            (c->flags & (KW_CONTENT_DISTANCE | KW_CONTENT_WITHIN)))
            return rc_fail(rc, DETECT_RERR_CONTEXT,
                           "content mixes absolute (depth/offset) and relative "
                           "(distance/within) modifiers");
        if ((c->flags & KW_CONTENT_DEPTH) && c->depth_var == KW_VAR_NONE &&
            (uint32_t)c->depth < c->len)
            return rc_fail(rc, DETECT_RERR_VALUE, "depth %d is smaller than the content (%u)",
                           c->depth, c->len);
        if ((c->flags & KW_CONTENT_WITHIN) && c->within_var == KW_VAR_NONE &&
            (c->within < 0 || (uint32_t)c->within < c->len))
            return rc_fail(rc, DETECT_RERR_VALUE, "within %d is smaller than the content (%u)",
                           c->within, c->len);
        if (c->flags & KW_CONTENT_FAST) {
            if (++fp > 1)
                return rc_fail(rc, DETECT_RERR_CONTEXT,
                               "fast_pattern is set on more than one content");
            if ((c->flags & KW_CONTENT_NEGATED) &&
                (c->flags & (KW_CONTENT_FAST_ONLY | KW_CONTENT_DEPTH | KW_CONTENT_OFFSET |
                             KW_CONTENT_DISTANCE | KW_CONTENT_WITHIN)))
                return rc_fail(rc, DETECT_RERR_CONTEXT,
                               "fast_pattern on a negated content with only or a position "
                               "modifier");
            if ((c->flags & KW_CONTENT_FAST_CHOP) &&
                (uint32_t)c->fp_chop_off + c->fp_chop_len > c->len)
                return rc_fail(rc, DETECT_RERR_VALUE,
                               "fast_pattern:%u,%u runs past the content (%u bytes)",
                               c->fp_chop_off, c->fp_chop_len, c->len);
        }
    }
    rc->fail->keyword[0] = '\0';
    if (rc->buffer != DETECT_BUF_PAYLOAD && !rc->buffer_used)
        return rc_fail(rc, DETECT_RERR_CONTEXT, "sticky buffer '%s' is set but nothing tests it",
                       detect_kw_get((enum detect_kw_id)rc->buffer)->name);
    if (s->sid == 0)
        return rc_fail(rc, DETECT_RERR_NO_SID, "rule has no sid");
    if (s->msg == NULL && (s->msg = kh_strdup("")) == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    choose_fast_pattern(s);
    return 0;
}

/* The options after the header's '(' (p points past it), up to the final ')'. */
static int parse_options(struct rule_ctx *rc, char *p)
{
    char *end = p + strlen(p);
    while (end > p && isspace((unsigned char)end[-1]))
        end--;
    if (end == p || end[-1] != ')')
        return rc_fail(rc, DETECT_RERR_SYNTAX, "rule does not end with ')'");
    size_t len = (size_t)(end - p - 1);
    struct cursor c = cur_init((const uint8_t *)p, len);
    char *buf = kh_malloc(len + 2);
    unsigned nopt = 0;
    int ret = 0;
    if (buf == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    for (;;) {
        while (c.left && isspace(cur_peek_u8(&c)))
            cur_skip(&c, 1);
        if (c.left == 0)
            break;
        if (++nopt > RULE_MAX_OPTIONS) {
            ret = rc_fail(rc, DETECT_RERR_SYNTAX, "more than %u options", RULE_MAX_OPTIONS);
            break;
        }
        char *name, *value;
        if ((ret = next_option(rc, &c, buf, &name, &value)) != 0 ||
            (ret = dispatch(rc, name, value)) != 0)
            break;
    }
    kh_free(buf);
    return ret;
}

/* Pull the sid out early so that a rule failing before its sid: is still named by it. */
static uint32_t peek_sid(const char *text)
{
    const char *p = text;
    while ((p = strstr(p, "sid")) != NULL) {
        bool start = p > text && (p[-1] == ';' || p[-1] == ' ' || p[-1] == '(');
        const char *q = p + 3;
        p = q;
        if (!start)
            continue;
        while (*q == ' ')
            q++;
        if (*q != ':')
            continue;
        q++;
        while (*q == ' ')
            q++;
        char *end;
        unsigned long v = strtoul(q, &end, 10);
        if (end != q && v <= UINT32_MAX)
            return (uint32_t)v;
    }
    return 0;
}

int rule_parse(const struct rule_env *env, const char *text, struct sig **out, struct rule_fail *f,
               uint64_t *pcre_ns)
{
    struct rule_ctx *rc = NULL;
    char *copy = NULL;
    int ret;
    memset(f, 0, sizeof(*f));
    f->sid = peek_sid(text);
    *out = NULL;
    size_t len = strlen(text);
    if (len > RULE_MAX_LEN) {
        f->kind = DETECT_RERR_SYNTAX;
        snprintf(f->reason, sizeof(f->reason), "rule longer than %u bytes", RULE_MAX_LEN);
        return KH_EINVAL;
    }
    rc = kh_calloc(1, sizeof(*rc));
    copy = kh_strndup(text, len);
    struct sig *s = kh_calloc(1, sizeof(*s));
    if (rc == NULL || copy == NULL || s == NULL) {
        f->kind = DETECT_RERR_NOMEM;
        snprintf(f->reason, sizeof(f->reason), "out of memory");
        ret = KH_ENOMEM;
        goto out;
    }
    rc->env = env;
    rc->s = s;
    rc->fail = f;
    rc->last_content = -1;
    s->gid = 1;
    s->rev = 0;
    s->priority = 0;
    s->fast_pattern = -1;
    s->owns_sets = env->addr.intern == NULL;
    char *paren = strchr(copy, '(');
    if (paren == NULL) {
        ret = rc_fail(rc, DETECT_RERR_SYNTAX, "no '(' after the rule header");
        goto out;
    }
    *paren = '\0';
    if ((ret = parse_header(rc, copy)) != 0 || (ret = parse_options(rc, paren + 1)) != 0 ||
        (ret = check_rule(rc)) != 0)
        goto out;
    if (s->priority == 0)
        s->priority = 3;
    s->matchable = true;
    for (size_t i = 0; i < KH_ARRAY_LEN(s->unsupported); i++)
        s->matchable &= s->unsupported[i] == 0;
    /* "alert http" / "alert dns": on transactions when the rule inspects one of their
     * buffers, else on the packets and stream of flows found to be that protocol. */
    s->matchable &= s->proto != SIG_PROTO_APP || detect_app_proto_matchable(s->app_proto) ||
                    (s->app_proto == DETECT_APP_SMTP && !app_buffer_used(s));
    *out = s;
    s = NULL;
out:
    if (rc != NULL) {
        *pcre_ns += rc->pcre_ns;
        if (s != NULL && f->sid == 0)
            f->sid = s->sid;
    }
    if (s != NULL && s->sid != 0)
        f->sid = s->sid;
    sig_free(s);
    kh_free(copy);
    kh_free(rc);
    return ret;
}

void sig_free(struct sig *s)
{
    if (s == NULL)
        return;
    if (s->owns_sets) {
        sig_addr_free((struct sig_addr *)s->src);
        sig_addr_free((struct sig_addr *)s->dst);
        sig_ports_free((struct sig_ports *)s->sp);
        sig_ports_free((struct sig_ports *)s->dp);
    }
    for (uint32_t i = 0; i < s->nkws; i++)
        kw_free_data(s->kws[i].id, s->kws[i].data);
    kh_free(s->kws);
    for (uint32_t i = 0; i < s->nrefs; i++) {
        kh_free(s->refs[i].type);
        kh_free(s->refs[i].value);
    }
    kh_free(s->refs);
    for (uint32_t i = 0; i < s->nmeta; i++) {
        kh_free(s->meta[i].key);
        kh_free(s->meta[i].value);
    }
    kh_free(s->meta);
    kh_free(s->msg);
    kh_free(s->classtype);
    kh_free(s->text);
    kh_free(s);
}
