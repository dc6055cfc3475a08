/* SPDX-License-Identifier: GPL-2.0-only */
/* Events, app-layer state and keywords checked for syntax and kept as text until khien can
 * match them (stream_size, replace, base64_decode, tag, lua, ...). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/err.h"
#include "decode/events.h"
#include "detect/rules/parse.h"

#define ARG_MAX 1024u

static enum detect_kw_id cur_id(const struct rule_ctx *rc)
{
    const char *n = rc->fail->keyword;
    return (enum detect_kw_id)detect_kw_lookup(n, strlen(n));
}

/* ---- events and app-layer ---- */

static bool event_name_ok(const char *s)
{
    if (*s == '\0')
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '.' && *s != '-')
            return false;
    return true;
}

int kw_parse_decode_event(struct rule_ctx *rc, const char *arg)
{
    const char *name = strncmp(arg, "decoder.", 8) == 0 ? arg + 8 : arg;
    int ev = decode_event_lookup(name);
    if (ev < 0)
        return rc_fail(rc, DETECT_RERR_VALUE, "decode-event: unknown event '%.40s'", arg);
    if (kw_push_text(rc, name))
        return KH_ENOMEM;
    ((struct kw_text *)rc->s->kws[rc->s->nkws - 1].data)->value = ev;
    return 0;
}

/*
 * app-layer-protocol:[!]<proto>[,final|original|either|to_server|to_client|direction]. The
 * value keeps the protocol (its place in the app-layer table, or KW_ALP_FAILED/UNKNOWN) and
 * KW_ALP_NEGATED; khien matches the protocols its app layer detects, on the flow's final
 * protocol (the mode is accepted), and leaves the rule out for the others.
 */
int kw_parse_app_layer_protocol(struct rule_ctx *rc, const char *arg)
{
    char buf[64];
    snprintf(buf, sizeof(buf), "%s", arg);
    char *comma = strchr(buf, ','), *p = buf;
    int32_t value = 0;
    if (comma != NULL) {
        *comma = '\0';
        const char *m = kw_trim(comma + 1);
        if (strcmp(m, "final") && strcmp(m, "original") && strcmp(m, "either") &&
            strcmp(m, "to_server") && strcmp(m, "to_client") && strcmp(m, "direction"))
            return rc_fail(rc, DETECT_RERR_VALUE, "app-layer-protocol: unknown mode '%.20s'", m);
    }
    p = kw_trim(p);
    if (*p == '!') {
        value |= KW_ALP_NEGATED;
        p = kw_trim(p + 1);
    }
    int app = detect_app_proto_lookup(p);
    if (app >= 0)
        value |= app;
    else if (strcmp(p, "failed") == 0)
        value |= KW_ALP_FAILED;
    else if (strcmp(p, "unknown") == 0)
        value |= KW_ALP_UNKNOWN;
    else
        return rc_fail(rc, DETECT_RERR_VALUE, "app-layer-protocol: unknown protocol '%.40s'", p);
    if (kw_push_text(rc, arg))
        return KH_ENOMEM;
    ((struct kw_text *)rc->s->kws[rc->s->nkws - 1].data)->value = value;
    if (app >= 0 && !detect_app_proto_matchable((unsigned)app))
        rc->s->unsupported[DETECT_KW_APP_LAYER_PROTOCOL / 64] |=
            1ull << (DETECT_KW_APP_LAYER_PROTOCOL % 64);
    return 0;
}

/* stream_size:<server|client|both|either>,<op>,<number>, op one of < > = != <= >= */
int kw_parse_stream_size(struct rule_ctx *rc, const char *arg)
{
    static const char *const whos[] = {"server", "client", "both", "either"};
    static const struct {
        const char *op;
        enum kw_num_op v;
    } ops[] = {{"<", KW_NUM_LT},  {">", KW_NUM_GT},  {"=", KW_NUM_EQ},
               {"!=", KW_NUM_NE}, {"<=", KW_NUM_LE}, {">=", KW_NUM_GE}};
    char buf[96];
    uint64_t v;
    snprintf(buf, sizeof(buf), "%s", arg);
    char *s = buf, *who = kw_next_field(&s), *op = kw_next_field(&s), *num = kw_next_field(&s);
    struct kw_stream_size k = {.who = KW_SSZ_EITHER + 1};
    bool op_ok = false;
    for (size_t i = 0; who != NULL && i < KH_ARRAY_LEN(whos); i++)
        if (strcmp(who, whos[i]) == 0)
            k.who = (enum kw_stream_who)i;
    for (size_t i = 0; op != NULL && i < KH_ARRAY_LEN(ops); i++)
        if (strcmp(op, ops[i].op) == 0) {
            k.num.op = ops[i].v;
            op_ok = true;
        }
    if (k.who > KW_SSZ_EITHER || !op_ok || num == NULL || s != NULL ||
        !kw_parse_u64(num, false, UINT32_MAX, &v))
        return rc_fail(rc, DETECT_RERR_VALUE,
                       "stream_size must be '<server|client|both|either>,<op>,<number>'");
    k.num.a = v;
    struct kw_stream_size *d = kh_malloc(sizeof(*d));
    if (d == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    *d = k;
    int idx = rc_push(rc, DETECT_KW_STREAM_SIZE, rc->buffer, d);
    return idx < 0 ? idx : 0;
}

/* Quoted replacement bytes, same syntax as content. */
int kw_parse_replace(struct rule_ctx *rc, const char *arg)
{
    if (rc_last_content(rc, "replace") == NULL)
        return KH_EINVAL;
    if (arg[0] != '"')
        return rc_fail(rc, DETECT_RERR_VALUE, "replace must be a quoted string");
    return kw_push_text(rc, arg);
}

/* base64_decode[:bytes N][, offset N][, relative] */
int kw_parse_base64_decode(struct rule_ctx *rc, const char *arg)
{
    struct kw_b64 *b = kh_calloc(1, sizeof(*b));
    if (b == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    if (arg != NULL) {
        char buf[128];
        snprintf(buf, sizeof(buf), "%s", arg);
        char *s = buf, *f;
        uint64_t v;
        while ((f = kw_next_field(&s)) != NULL) {
            if (strcmp(f, "relative") == 0) {
                b->relative = true;
            } else if (strncmp(f, "bytes ", 6) == 0 &&
                       kw_parse_u64(kw_trim(f + 6), false, UINT32_MAX, &v) && v > 0) {
                b->bytes = (uint32_t)v;
            } else if (strncmp(f, "offset ", 7) == 0 &&
                       kw_parse_u64(kw_trim(f + 7), false, UINT32_MAX, &v)) {
                b->offset = (uint32_t)v;
            } else {
                kh_free(b);
                return rc_fail(rc, DETECT_RERR_VALUE, "base64_decode: invalid option '%.40s'", f);
            }
        }
    }
    int idx = rc_push(rc, DETECT_KW_BASE64_DECODE, rc->buffer, b);
    return idx < 0 ? idx : 0;
}

/*
 * tag:<session|host>[,<count>,<packets|seconds|bytes>[,<src|dst>]]. Suricata tags the
 * packets that follow for logging (unified2/pcap); that does not change which alerts fire,
 * so khien checks the syntax and matches the rule (tagged packets are not logged).
 */
int kw_parse_tag(struct rule_ctx *rc, const char *arg)
{
    char buf[96];
    uint64_t v;
    snprintf(buf, sizeof(buf), "%s", arg);
    char *s = buf, *type = kw_next_field(&s), *count = kw_next_field(&s);
    char *metric = kw_next_field(&s), *dir = kw_next_field(&s);
    bool ok =
        type != NULL && (strcmp(type, "session") == 0 || strcmp(type, "host") == 0) && s == NULL;
    if (ok && count != NULL)
        ok = metric != NULL && kw_parse_u64(count, false, UINT32_MAX, &v) &&
             (strcmp(metric, "packets") == 0 || strcmp(metric, "seconds") == 0 ||
              strcmp(metric, "bytes") == 0);
    if (ok && dir != NULL)
        ok = strcmp(dir, "src") == 0 || strcmp(dir, "dst") == 0;
    if (!ok)
        return rc_fail(
            rc, DETECT_RERR_VALUE,
            "tag must be '<session|host>[,<count>,<packets|seconds|bytes>[,<src|dst>]]'");
    return kw_push_text(rc, arg);
}

int kw_parse_generic(struct rule_ctx *rc, const char *arg)
{
    return kw_push_text(rc, arg);
}

/*
 * absent[: or_else] (Suricata 8): the sticky buffer before it is not there. Alone it is the
 * buffer's only test; with or_else the keywords after it must match when the buffer is there.
 */
int kw_parse_absent(struct rule_ctx *rc, const char *arg)
{
    bool or_else = arg != NULL && strcmp(arg, "or_else") == 0;
    if (arg != NULL && !or_else)
        return rc_fail(rc, DETECT_RERR_VALUE, "absent takes no value or 'or_else'");
    if (rc->buffer == DETECT_BUF_PAYLOAD)
        return rc_fail(rc, DETECT_RERR_CONTEXT, "absent needs a sticky buffer before it");
    if (rc->buffer_used)
        return rc_fail(rc, DETECT_RERR_CONTEXT, "absent must come first in its buffer");
    return kw_push_text(rc, or_else ? "or_else" : NULL);
}

int kw_parse_flag_only(struct rule_ctx *rc, const char *arg)
{
    (void)arg;
    int idx = rc_push(rc, cur_id(rc), rc->buffer, NULL);
    return idx < 0 ? idx : 0;
}

/*
 * app-layer-event:<proto>.<event>. Matched on the transactions of the protocols whose
 * events reach detection (dns, http, tls); for another protocol the rule is left out as not
 * matchable yet, so that it is counted rather than silently never firing.
 */
int kw_parse_app_layer_event(struct rule_ctx *rc, const char *arg)
{
    if (!event_name_ok(arg) || strchr(arg, '.') == NULL)
        return rc_fail(rc, DETECT_RERR_VALUE, "invalid event name '%.40s' (want proto.event)", arg);
    int err = kw_push_text(rc, arg);
    if (err == 0 && strncasecmp(arg, "dns.", 4) != 0 && strncasecmp(arg, "http.", 5) != 0 &&
        strncasecmp(arg, "http1.", 6) != 0 && strncasecmp(arg, "tls.", 4) != 0)
        rc->s->unsupported[DETECT_KW_APP_LAYER_EVENT / 64] |= 1ull
                                                              << (DETECT_KW_APP_LAYER_EVENT % 64);
    return err;
}

/* stream-event:<name>: one of the stream.* events (the name without "stream."). */
int kw_parse_stream_event(struct rule_ctx *rc, const char *arg)
{
    char name[96];
    const char *n = strncmp(arg, "stream.", 7) == 0 ? arg + 7 : arg;
    snprintf(name, sizeof(name), "stream.%s", n);
    int ev = decode_event_lookup(name);
    if (ev < 0 || decode_event_kind((enum decode_event)ev) != DECODE_EV_KIND_STREAM)
        return rc_fail(rc, DETECT_RERR_VALUE, "unknown stream event '%.40s'", arg);
    if (kw_push_text(rc, name))
        return KH_ENOMEM;
    ((struct kw_text *)rc->s->kws[rc->s->nkws - 1].data)->value = ev;
    return 0;
}
