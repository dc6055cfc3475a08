/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DLP keywords: khien's `dlp:<detector>[,count N];` (the flow direction carries at least N
 * distinct identifiers of that kind, as counted by src/dlp/) and Snort 3's
 * `sd_pattern:"<name>"[,threshold N];` (the packet payload holds at least N of them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/err.h"
#include "detect/rules/parse.h"
#include "dlp/dlp.h"

/* Snort 3's built-in pattern names (sensitive_data.txt) and the detector each maps to. */
static int sd_builtin(const char *name, size_t len)
{
    if (len == 11 && memcmp(name, "credit_card", 11) == 0)
        return DLP_CARD;
    if (len == 5 && memcmp(name, "email", 5) == 0)
        return DLP_EMAIL;
    return dlp_kind_parse(name, len);
}

/* "<name>[,<word> N]": the name, and N after `word` (default 1). */
static int parse_common(struct rule_ctx *rc, const char *arg, const char *word, bool sd,
                        struct kw_dlp *out)
{
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", arg);
    char *comma = strchr(buf, ',');
    if (comma != NULL)
        *comma = '\0';
    char *name = kw_trim(buf);
    size_t nl = strlen(name);
    if (sd && nl >= 2 && name[0] == '"' && name[nl - 1] == '"') {
        name[nl - 1] = '\0';
        name++;
        nl -= 2;
    }
    int k = sd ? sd_builtin(name, nl) : dlp_kind_parse(name, nl);
    if (k < 0)
        return rc_fail(rc, DETECT_RERR_VALUE,
                       sd ? "sd_pattern: \"%.40s\" is not a built-in khien supports (credit_card, "
                            "email, or a khien detector); custom regular expressions are not "
                            "supported"
                          : "dlp: unknown detector \"%.40s\"",
                       name);
    out->kind = k;
    out->count = 1;
    if (comma != NULL) {
        char *opt = kw_trim(comma + 1);
        size_t wl = strlen(word);
        char *end = NULL;
        unsigned long v = 0;
        if (strncmp(opt, word, wl) == 0 && (opt[wl] == ' ' || opt[wl] == '\t'))
            v = strtoul(kw_trim(opt + wl), &end, 10);
        if (end == NULL || *end != '\0' || v == 0 || v > 1000000)
            return rc_fail(rc, DETECT_RERR_VALUE, "%s: expected \"%s N\", got \"%.40s\"",
                           sd ? "sd_pattern" : "dlp", word, opt);
        out->count = (uint32_t)v;
    }
    time_t now = time(NULL);
    struct tm tm;
    out->year = gmtime_r(&now, &tm) ? (uint16_t)(tm.tm_year + 1900) : 2026;
    return 0;
}

static int push_dlp(struct rule_ctx *rc, enum detect_kw_id id, const char *arg, const char *word,
                    bool sd)
{
    struct kw_dlp *d = kh_calloc(1, sizeof(*d));
    if (d == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    if (parse_common(rc, arg, word, sd, d) != 0) {
        kh_free(d);
        return KH_EINVAL;
    }
    int idx = rc_push(rc, id, rc->buffer, d);
    return idx < 0 ? idx : 0;
}

int kw_parse_dlp(struct rule_ctx *rc, const char *arg)
{
    return push_dlp(rc, DETECT_KW_DLP, arg, "count", false);
}

int kw_parse_sd_pattern(struct rule_ctx *rc, const char *arg)
{
    if (rc->buffer != DETECT_BUF_PAYLOAD)
        return rc_fail(rc, DETECT_RERR_CONTEXT,
                       "sd_pattern after a sticky buffer is not supported yet: it inspects "
                       "the packet payload");
    return push_dlp(rc, DETECT_KW_SD_PATTERN, arg, "threshold", true);
}

struct sd_count {
    int kind;
    uint32_t n;
};

static void sd_hit(void *arg, enum dlp_kind k, const char *v, size_t len)
{
    struct sd_count *c = arg;
    (void)v;
    (void)len;
    c->n += (int)k == c->kind;
}

bool kw_dlp_match(const struct kw_dlp *d, bool sd, const void *dlp_state, int dir,
                  const uint8_t *payload, size_t len)
{
    if (!sd)
        return dlp_flow_count(dlp_state, dir, (enum dlp_kind)d->kind) >= d->count;
    struct dlp_scan s;
    struct sd_count c = {.kind = d->kind, .n = 0};
    dlp_scan_init(&s, d->year);
    dlp_scan_feed(&s, payload, len, sd_hit, &c);
    dlp_scan_flush(&s, sd_hit, &c);
    return c.n >= d->count;
}
