/* SPDX-License-Identifier: GPL-2.0-only */
/* Packet header and size keywords: ttl, tos, id, seq, ack, window, flags, fragbits, ipopts,
 * ip_proto, icmp fields, dsize, bsize, urilen. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/err.h"
#include "detect/rules/parse.h"

static int push(struct rule_ctx *rc, enum detect_kw_id id, void *data)
{
    int idx = rc_push(rc, id, rc->buffer, data);
    return idx < 0 ? idx : 0;
}

static enum detect_kw_id cur_id(const struct rule_ctx *rc)
{
    const char *n = rc->fail->keyword;
    return (enum detect_kw_id)detect_kw_lookup(n, strlen(n));
}

/* ---- numbers: N, <N, >N, <=N, >=N, !N, N<>M, N-M ---- */

static int num_parse(struct rule_ctx *rc, const char *arg, uint64_t max, struct kw_num *n)
{
    char buf[64];
    const char *p = arg;
    snprintf(buf, sizeof(buf), "%s", arg);
    char *r = strstr(buf, "<>");
    char *dash = strchr(buf + 1, '-');
    if (r != NULL || (dash != NULL && isdigit((unsigned char)buf[0]))) {
        char *sep = r ? r : dash;
        *sep = '\0';
        n->op = KW_NUM_RANGE;
        if (kw_parse_u64(kw_trim(buf), true, max, &n->a) &&
            kw_parse_u64(kw_trim(sep + (r ? 2 : 1)), true, max, &n->b) && n->a < n->b)
            return 0;
        goto bad;
    }
    n->op = KW_NUM_EQ;
    if ((p[0] == '!' || p[0] == '=') && p[1] == '=') { /* "!=" and "==", Suricata 8 */
        n->op = p[0] == '!' ? KW_NUM_NE : KW_NUM_EQ;
        p += 2;
    } else if (p[0] == '<' && p[1] == '=') {
        n->op = KW_NUM_LE;
        p += 2;
    } else if (p[0] == '>' && p[1] == '=') {
        n->op = KW_NUM_GE;
        p += 2;
    } else if (p[0] == '<' || p[0] == '>' || p[0] == '!' || p[0] == '=') {
        n->op = p[0] == '<'   ? KW_NUM_LT
                : p[0] == '>' ? KW_NUM_GT
                : p[0] == '!' ? KW_NUM_NE
                              : KW_NUM_EQ;
        p++;
    }
    while (*p == ' ')
        p++;
    if (kw_parse_u64(p, true, max, &n->a))
        return 0;
bad:
    return rc_fail(rc, DETECT_RERR_VALUE,
                   "%s: invalid value '%.40s' (N, <N, >N, <=N, >=N, !N or N<>M, at most %llu)",
                   rc->fail->keyword, arg, (unsigned long long)max);
}

/* A second instance in the same buffer is an error (bsize may appear once per buffer). */
static int num_kw(struct rule_ctx *rc, const char *arg, uint64_t max)
{
    enum detect_kw_id id = cur_id(rc);
    for (uint32_t i = 0; i < rc->s->nkws; i++)
        if (rc->s->kws[i].id == id && rc->s->kws[i].buffer == rc->buffer)
            return rc_fail(rc, DETECT_RERR_CONTEXT, "'%s' given twice", rc->fail->keyword);
    struct kw_num *n = kh_calloc(1, sizeof(*n));
    if (n == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    if (num_parse(rc, arg, max, n)) {
        kh_free(n);
        return KH_EINVAL;
    }
    return push(rc, id, n);
}

int kw_parse_u8num(struct rule_ctx *rc, const char *arg)
{
    return num_kw(rc, arg, UINT8_MAX);
}

int kw_parse_u16num(struct rule_ctx *rc, const char *arg)
{
    return num_kw(rc, arg, UINT16_MAX);
}

int kw_parse_u32num(struct rule_ctx *rc, const char *arg)
{
    return num_kw(rc, arg, UINT32_MAX);
}

int kw_parse_tos(struct rule_ctx *rc, const char *arg)
{
    return num_kw(rc, arg, UINT8_MAX);
}

int kw_parse_window(struct rule_ctx *rc, const char *arg)
{
    return num_kw(rc, arg, UINT16_MAX);
}

int kw_parse_dsize(struct rule_ctx *rc, const char *arg)
{
    return num_kw(rc, arg, UINT16_MAX);
}

/*
 * filesize:[to_client,|to_server,]N|<N|>N|N<>M... (the side is Suricata 8's for => rules;
 * khien offers the size of the files of response bodies and SMTP parts whatever it says).
 */
int kw_parse_filesize(struct rule_ctx *rc, const char *arg)
{
    const char *comma = strchr(arg, ',');
    if (comma != NULL) {
        size_t n = (size_t)(comma - arg);
        if (!((n == 9 && strncmp(arg, "to_client", 9) == 0) ||
              (n == 9 && strncmp(arg, "to_server", 9) == 0)))
            return rc_fail(rc, DETECT_RERR_VALUE, "filesize: '%.*s' is not to_client or to_server",
                           (int)n, arg);
        arg = comma + 1;
        while (*arg == ' ')
            arg++;
    }
    return num_kw(rc, arg, UINT64_MAX);
}

int kw_parse_bsize(struct rule_ctx *rc, const char *arg)
{
    if (rc->buffer == DETECT_BUF_PAYLOAD)
        return rc_fail(rc, DETECT_RERR_CONTEXT, "bsize must follow a sticky buffer");
    return num_kw(rc, arg, UINT32_MAX);
}

/*
 * urilen:N|<N|>N|N<>M[,norm|raw]: the length of http.uri (norm, the default) or http.uri.raw.
 * It is kept in that buffer, so the rule becomes a transaction signature.
 */
int kw_parse_urilen(struct rule_ctx *rc, const char *arg)
{
    char buf[64];
    uint16_t buffer = DETECT_KW_HTTP_URI;
    snprintf(buf, sizeof(buf), "%s", arg);
    char *comma = strchr(buf, ',');
    if (comma != NULL) {
        *comma = '\0';
        char *m = kw_trim(comma + 1);
        if (strcmp(m, "norm") != 0 && strcmp(m, "raw") != 0)
            return rc_fail(rc, DETECT_RERR_VALUE, "urilen: unknown option '%.20s'", m);
        if (strcmp(m, "raw") == 0)
            buffer = DETECT_KW_HTTP_URI_RAW;
    }
    struct kw_num *n = kh_calloc(1, sizeof(*n));
    if (n == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    if (num_parse(rc, kw_trim(buf), UINT16_MAX, n)) {
        kh_free(n);
        return KH_EINVAL;
    }
    int idx = rc_push(rc, DETECT_KW_URILEN, buffer, n);
    return idx < 0 ? idx : 0;
}

/*
 * tls.version:1.0|1.1|1.2|1.3|ssl3|0xHHHH[,!]: the TLS version, kept as a number in its own
 * buffer (the negotiated version, else the client's).
 */
int kw_parse_tls_version(struct rule_ctx *rc, const char *arg)
{
    static const struct {
        const char *name;
        uint16_t v;
    } names[] = {{"1.0", 0x0301},  {"1.1", 0x0302},   {"1.2", 0x0303}, {"1.3", 0x0304},
                 {"ssl3", 0x0300}, {"sslv3", 0x0300}, {"3.0", 0x0300}};
    char buf[32];
    snprintf(buf, sizeof(buf), "%s", arg);
    char *p = kw_trim(buf);
    struct kw_num *n = kh_calloc(1, sizeof(*n));
    uint64_t v = 0;
    bool ok = false;
    if (n == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    n->op = KW_NUM_EQ;
    if (*p == '!') {
        n->op = KW_NUM_NE;
        p = kw_trim(p + 1);
    }
    for (size_t i = 0; i < KH_ARRAY_LEN(names) && !ok; i++)
        if (strcmp(p, names[i].name) == 0) {
            v = names[i].v;
            ok = true;
        }
    if (!ok && !(ok = kw_parse_u64(p, true, UINT16_MAX, &v) && p[0] == '0' && p[1] == 'x')) {
        kh_free(n);
        return rc_fail(rc, DETECT_RERR_VALUE,
                       "tls.version: '%.20s' is not 1.0, 1.1, 1.2, 1.3, ssl3 or 0xHHHH", arg);
    }
    n->a = v;
    int idx = rc_push(rc, DETECT_KW_TLS_VERSION, DETECT_KW_TLS_VERSION, n);
    return idx < 0 ? idx : 0;
}

/* ip_proto:[!<>]N or a protocol name. */
int kw_parse_ip_proto(struct rule_ctx *rc, const char *arg)
{
    static const struct {
        const char *name;
        unsigned num;
    } names[] = {{"icmp", 1},    {"igmp", 2},  {"ipip", 4},   {"tcp", 6},   {"udp", 17},
                 {"ipv6", 41},   {"gre", 47},  {"esp", 50},   {"ah", 51},   {"ipv6-icmp", 58},
                 {"icmpv6", 58}, {"pim", 103}, {"vrrp", 112}, {"sctp", 132}};
    for (size_t i = 0; i < KH_ARRAY_LEN(names); i++) {
        if (strcmp(arg, names[i].name) == 0) {
            char num[8];
            snprintf(num, sizeof(num), "%u", names[i].num);
            return num_kw(rc, num, UINT8_MAX);
        }
    }
    return num_kw(rc, arg, UINT8_MAX);
}

/* flags:[!+*]<FSRPAUCE12 0>[,<mask>] */
static int tcp_bits(const char *s, uint8_t *bits, char *mod, bool allow_mod)
{
    static const char letters[] = "FSRPAUEC";
    for (; *s; s++) {
        const char *l = strchr(letters, toupper((unsigned char)*s));
        if (*s == '1')
            l = letters + 7; /* CWR, old name */
        else if (*s == '2')
            l = letters + 6; /* ECE, old name */
        if (*s == '0' && allow_mod)
            continue;
        if (l != NULL && *s != '\0') {
            *bits |= (uint8_t)(1u << (l - letters));
        } else if (allow_mod && (*s == '!' || *s == '+' || *s == '*') && *mod == 0) {
            *mod = *s;
        } else {
            return -1;
        }
    }
    return 0;
}

int kw_parse_flags(struct rule_ctx *rc, const char *arg)
{
    char buf[64];
    snprintf(buf, sizeof(buf), "%s", arg);
    char *comma = strchr(buf, ',');
    struct kw_bitmatch b = {0};
    if (comma != NULL)
        *comma = '\0';
    if (tcp_bits(kw_trim(buf), &b.bits, &b.mod, true) ||
        (comma != NULL && tcp_bits(kw_trim(comma + 1), &b.mask, &b.mod, false)) ||
        (b.bits == 0 && strchr(buf, '0') == NULL))
        return rc_fail(rc, DETECT_RERR_VALUE, "flags: invalid value '%.40s'", arg);
    struct kw_bitmatch *p = kh_malloc(sizeof(*p));
    if (p == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    *p = b;
    return push(rc, DETECT_KW_FLAGS, p);
}

/* fragbits:[!+*]<MDR> */
int kw_parse_fragbits(struct rule_ctx *rc, const char *arg)
{
    struct kw_bitmatch b = {0};
    for (const char *s = arg; *s; s++) {
        if (*s == 'M')
            b.bits |= 1;
        else if (*s == 'D')
            b.bits |= 2;
        else if (*s == 'R')
            b.bits |= 4;
        else if ((*s == '!' || *s == '+' || *s == '*') && b.mod == 0)
            b.mod = *s;
        else
            return rc_fail(rc, DETECT_RERR_VALUE, "fragbits: invalid value '%.40s'", arg);
    }
    if (b.bits == 0)
        return rc_fail(rc, DETECT_RERR_VALUE, "fragbits: no bits in '%.40s'", arg);
    struct kw_bitmatch *p = kh_malloc(sizeof(*p));
    if (p == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    *p = b;
    return push(rc, DETECT_KW_FRAGBITS, p);
}

int kw_parse_ipopts(struct rule_ctx *rc, const char *arg)
{
    static const char *const opts[] = {"rr",   "eol",  "nop",  "ts",    "sec",
                                       "esec", "lsrr", "ssrr", "satid", "any"};
    for (size_t i = 0; i < KH_ARRAY_LEN(opts); i++) {
        if (strcmp(opts[i], arg) == 0) {
            struct kw_ipopts *o = kh_malloc(sizeof(*o));
            if (o == NULL)
                return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
            o->opt = strcmp(arg, "any") == 0 ? KW_IPOPT_ANY : (uint16_t)(1u << i);
            return push(rc, DETECT_KW_IPOPTS, o);
        }
    }
    return rc_fail(rc, DETECT_RERR_VALUE, "ipopts: unknown option '%.40s'", arg);
}

/* ipv4-csum, tcpv4-csum, tcpv6-csum, udpv4-csum, udpv6-csum, icmpv4-csum, icmpv6-csum:
 * valid|invalid (kw_text.value 1 for valid, 0 for invalid). */
int kw_parse_csum(struct rule_ctx *rc, const char *arg)
{
    int valid = strcmp(arg, "valid") == 0 ? 1 : strcmp(arg, "invalid") == 0 ? 0 : -1;
    if (valid < 0)
        return rc_fail(rc, DETECT_RERR_VALUE, "must be valid or invalid, not '%.40s'", arg);
    if (kw_push_text(rc, arg))
        return KH_ENOMEM;
    ((struct kw_text *)rc->s->kws[rc->s->nkws - 1].data)->value = valid;
    return 0;
}

/* dns.rcode: an unsigned 8-bit integer, or an rcode name (noerror, nxdomain, ...). */
int kw_parse_dns_rcode(struct rule_ctx *rc, const char *arg)
{
    static const char *const names[] = {"noerror", "formerr", "servfail", "nxdomain",
                                        "notimp",  "refused", "yxdomain", "yxrrset",
                                        "nxrrset", "notauth", "notzone"};
    const char *neg = arg[0] == '!' ? "!" : "";
    const char *name = arg + strlen(neg);
    for (size_t i = 0; i < KH_ARRAY_LEN(names); i++) {
        if (strcasecmp(names[i], name) == 0) {
            char num[8];
            snprintf(num, sizeof(num), "%s%zu", neg, i);
            return kw_parse_u8num(rc, num);
        }
    }
    return kw_parse_u8num(rc, arg);
}
