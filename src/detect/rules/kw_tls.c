/* SPDX-License-Identifier: GPL-2.0-only */
/* tls_cert_notbefore / tls_cert_notafter: "DATE", "<DATE", ">DATE" or "DATE<>DATE". */
#include "detect/rules/kw_tls.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/err.h"
#include "core/tstamp.h"
#include "detect/rules/parse.h"

/* n decimal digits at *s into *v, advancing *s; false when one is missing. */
static bool digits(const char **s, unsigned n, unsigned *v)
{
    *v = 0;
    for (unsigned i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*s)[i]))
            return false;
        *v = *v * 10 + (unsigned)((*s)[i] - '0');
    }
    *s += n;
    return true;
}

/* ":" then two digits, or nothing (the field then is 0). */
static bool opt_field(const char **s, unsigned *v, unsigned max)
{
    *v = 0;
    if (**s != ':')
        return true;
    (*s)++;
    return digits(s, 2, v) && *v <= max;
}

bool kw_tls_date_parse(const char *s, int64_t *out)
{
    size_t len = strlen(s);
    if (len >= 10 && strspn(s, "0123456789") == len) { /* epoch seconds */
        int64_t v = 0;
        for (size_t i = 0; i < len; i++) {
            if (v > (INT64_MAX - 9) / 10)
                return false;
            v = v * 10 + (s[i] - '0');
        }
        *out = v;
        return true;
    }
    unsigned y, mo = 1, d = 1, h = 0, mi = 0, sec = 0;
    if (!digits(&s, 4, &y))
        return false;
    if (*s == '-' && (s++, !digits(&s, 2, &mo)))
        return false;
    if (mo != 1 || *s == '-') {
        if (*s == '-' && (s++, !digits(&s, 2, &d)))
            return false;
    }
    if (*s == ' ' || *s == 'T') {
        s++;
        if (!digits(&s, 2, &h) || *s != ':')
            return false;
        if (!opt_field(&s, &mi, 59) || !opt_field(&s, &sec, 60))
            return false;
    }
    if (*s != '\0' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23)
        return false;
    *out = kh_days_from_civil(y, mo, d) * 86400 + (int64_t)h * 3600 + mi * 60 + sec;
    return true;
}

/* Trim spaces in place: the start of the text, its end cut. */
static char *trim(char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == ' ')
        s[--n] = '\0';
    return s;
}

int kw_parse_tls_date(struct rule_ctx *rc, const char *arg)
{
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", arg);
    struct kw_tls_date *dt = kh_calloc(1, sizeof(*dt));
    if (dt == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    char *p = trim(buf);
    char *range = strstr(p, "<>");
    bool ok;
    if (range != NULL) {
        *range = '\0';
        dt->op = KW_NUM_RANGE;
        ok = kw_tls_date_parse(trim(p), &dt->a) && kw_tls_date_parse(trim(range + 2), &dt->b) &&
             dt->a < dt->b;
    } else {
        dt->op = *p == '<' ? KW_NUM_LT : *p == '>' ? KW_NUM_GT : KW_NUM_EQ;
        if (*p == '<' || *p == '>')
            p++;
        ok = kw_tls_date_parse(trim(p), &dt->a);
    }
    if (!ok) {
        kh_free(dt);
        return rc_fail(rc, DETECT_RERR_VALUE,
                       "%s: invalid date '%.60s' (YYYY[-MM[-DD[ HH:MM[:SS]]]] with <, > or "
                       "DATE<>DATE)",
                       rc->fail->keyword, arg);
    }
    int idx = rc_push(
        rc, (enum detect_kw_id)detect_kw_lookup(rc->fail->keyword, strlen(rc->fail->keyword)),
        rc->buffer, dt);
    return idx < 0 ? idx : 0;
}
