/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The identifier scanner: one pass over the bytes with a 256-entry class table. Text is
 * skipped until a digit or an '@'; a digit starts a run (digits with single ' ', '-' or '.'
 * separators) that is judged only when it ends, by length, table and checksum validation;
 * context words are looked for only then, in the 48 bytes before the run. State is kept
 * between calls, so a number or an address split over segments or chunks is still found.
 */
#include <string.h>

#include "dlp.h"
#include "skip.h"
#include "tables.h"

enum {
    C_DIGIT = 1,
    C_AT = 2,
    C_SEP = 4,    /* may separate digit groups: ' ', '-', '.' */
    C_ALNUM = 8,  /* ASCII letter or digit: no word boundary */
    C_LOCAL = 16, /* may stand in an e-mail local part */
    C_DOMAIN = 32,
    C_UPPER = 64,
    C_ALPHA = 128,
};

/* GNU range designators: accepted by gcc and clang, the two compilers the build supports. */
static const uint8_t cls[256] = {
    ['0' ... '9'] = C_DIGIT | C_ALNUM | C_LOCAL | C_DOMAIN,
    ['A' ... 'Z'] = C_ALNUM | C_LOCAL | C_DOMAIN | C_UPPER | C_ALPHA,
    ['a' ... 'z'] = C_ALNUM | C_LOCAL | C_DOMAIN | C_ALPHA,
    ['.'] = C_SEP | C_LOCAL | C_DOMAIN,
    ['-'] = C_SEP | C_LOCAL | C_DOMAIN,
    [' '] = C_SEP,
    ['_'] = C_LOCAL,
    ['%'] = C_LOCAL,
    ['+'] = C_LOCAL,
    ['@'] = C_AT,
};

#define MAX_GROUPS 20u

static const char *const kind_names[DLP_KIND_MAX] = {
    [DLP_CCCD] = "cccd",    [DLP_CMND] = "cmnd",
    [DLP_PHONE] = "phone",  [DLP_CARD] = "card",
    [DLP_EMAIL] = "email",  [DLP_PASSPORT] = "passport",
    [DLP_TAX] = "tax_code", [DLP_BHXH] = "social_insurance",
};

const char *dlp_kind_name(enum dlp_kind k)
{
    return (unsigned)k < DLP_KIND_MAX ? kind_names[k] : "unknown";
}

int dlp_kind_parse(const char *name, size_t len)
{
    static const struct {
        const char *name;
        enum dlp_kind k;
    } alias[] = {
        {"credit_card", DLP_CARD}, {"bhxh", DLP_BHXH},    {"mst", DLP_TAX},
        {"tax", DLP_TAX},          {"mobile", DLP_PHONE}, {"vn_phone", DLP_PHONE},
    };
    for (int k = 0; k < DLP_KIND_MAX; k++)
        if (strlen(kind_names[k]) == len && memcmp(kind_names[k], name, len) == 0)
            return k;
    for (size_t i = 0; i < sizeof(alias) / sizeof(alias[0]); i++)
        if (strlen(alias[i].name) == len && memcmp(alias[i].name, name, len) == 0)
            return (int)alias[i].k;
    return -1;
}

void dlp_scan_init(struct dlp_scan *s, uint16_t year)
{
    memset(s, 0, sizeof(*s));
    s->year = year;
}

bool dlp_luhn(const char *d, size_t n)
{
    unsigned sum = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned v = (unsigned)(d[n - 1 - i] - '0');
        if (i & 1) {
            v *= 2;
            if (v > 9)
                v -= 9;
        }
        sum += v;
    }
    return sum % 10 == 0;
}

bool dlp_cccd_valid(const char *d, uint16_t year)
{
    unsigned prov = (unsigned)((d[0] - '0') * 100 + (d[1] - '0') * 10 + (d[2] - '0'));
    unsigned century = (unsigned)(d[3] - '0');
    if (!dlp_province_valid(prov) || century > 3) /* 2100 and later: not born yet */
        return false;
    unsigned born = 1900 + (century / 2) * 100 + (unsigned)((d[4] - '0') * 10 + (d[5] - '0'));
    return born <= year;
}

/* The byte k places before p[i], reaching into the ring; 0 (a boundary) before the start. */
static uint8_t byte_before(const struct dlp_scan *s, const uint8_t *p, size_t i, size_t k)
{
    if (i >= k)
        return p[i - k];
    size_t back = k - i;
    return back <= s->nring ? s->ring[s->nring - back] : 0;
}

/* Up to DLP_CTX bytes before p[i] (ring included), ASCII folded to lower case. */
static size_t lookback(const struct dlp_scan *s, const uint8_t *p, size_t i, uint8_t *out)
{
    size_t from_p = i < DLP_CTX ? i : DLP_CTX;
    size_t from_ring = DLP_CTX - from_p;
    if (from_ring > s->nring)
        from_ring = s->nring;
    memcpy(out, s->ring + s->nring - from_ring, from_ring);
    memcpy(out + from_ring, p + i - from_p, from_p);
    size_t n = from_ring + from_p;
    for (size_t j = 0; j < n; j++)
        if (out[j] >= 'A' && out[j] <= 'Z')
            out[j] = (uint8_t)(out[j] | 0x20);
    return n;
}

/* Bytes a context word can start with (data/dlp/context.txt, folded): a quick filter. */
static const uint8_t ctx_first[256] = {
    ['b'] = 1, ['c'] = 1, ['h'] = 1, ['i'] = 1, ['m'] = 1, ['p'] = 1, ['s'] = 1, ['t'] = 1,
};

/* The kinds (bit per enum dlp_kind) with a context word in the window, not glued to a
 * preceding ASCII letter. One pass over at most DLP_CTX bytes. */
static uint8_t fold(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') ? (uint8_t)(c | 0x20) : c;
}

static uint32_t context_kinds(const uint8_t *w, size_t n)
{
    uint32_t mask = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = fold(w[i]);
        if (!ctx_first[c] || (i > 0 && (cls[w[i - 1]] & C_ALPHA)))
            continue;
        for (size_t j = 0; j < dlp_ncontext_words; j++) {
            const struct dlp_context_word *cw = &dlp_context_words[j];
            if ((uint8_t)cw->word[0] != c || cw->len > n - i)
                continue;
            size_t k = 1;
            while (k < cw->len && fold(w[i + k]) == (uint8_t)cw->word[k])
                k++;
            if (k == cw->len)
                mask |= 1u << cw->kind;
        }
    }
    return mask;
}

/* Where a finished run's facts are gathered for judging. */
struct run_view {
    char d[DLP_RUN_MAX + 1]; /* digits only */
    size_t nd;
    uint8_t glen[MAX_GROUPS]; /* digits per group */
    uint8_t sep[MAX_GROUPS];  /* separator after each group but the last */
    size_t ng;
    uint8_t pre0, pre1;
    /* the context, found on first need: the window before the run, and its kinds */
    const struct dlp_scan *s;
    const uint8_t *p;
    bool ctx_done;
    uint32_t ctx_kinds;
};

static bool has_context(struct run_view *v, enum dlp_kind k)
{
    if (!v->ctx_done) {
        uint8_t win[DLP_CTX];
        v->ctx_done = true;
        if (v->s->ctx_saved)
            v->ctx_kinds = context_kinds(v->s->ctx, v->s->nctx);
        else if (v->s->run_pos >= DLP_CTX) /* the window is in this call's bytes: no copy */
            v->ctx_kinds = context_kinds(v->p + v->s->run_pos - DLP_CTX, DLP_CTX);
        else
            v->ctx_kinds = context_kinds(win, lookback(v->s, v->p, v->s->run_pos, win));
    }
    return (v->ctx_kinds >> k) & 1;
}

/* A contiguous digit string (a whole run, or one group of one) that no rule matched yet. */
static void judge_plain(const struct dlp_scan *s, struct run_view *v, const char *d, size_t n,
                        uint8_t pre0, dlp_hit_fn fn, void *arg)
{
    char val[24];
    if (n == 12 && dlp_cccd_valid(d, s->year)) {
        fn(arg, DLP_CCCD, d, 12);
    } else if (n == 9 && has_context(v, DLP_CMND)) {
        fn(arg, DLP_CMND, d, 9);
    } else if (n == 10 && has_context(v, DLP_TAX)) {
        fn(arg, DLP_TAX, d, 10);
    } else if (n == 10 && has_context(v, DLP_BHXH)) {
        fn(arg, DLP_BHXH, d, 10);
    } else if (n == 10 && d[0] == '0' && pre0 != '+' &&
               dlp_mobile_prefix_valid((unsigned)((d[1] - '0') * 10 + d[2] - '0'))) {
        memcpy(val, "84", 2); /* one canonical form: 0xx and +84xx count once */
        memcpy(val + 2, d + 1, 9);
        fn(arg, DLP_PHONE, val, 11);
    } else if (n == 11 && d[0] == '8' && d[1] == '4' &&
               dlp_mobile_prefix_valid((unsigned)((d[2] - '0') * 10 + d[3] - '0'))) {
        fn(arg, DLP_PHONE, d, 11);
    } else if (n >= 13 && n <= 19 &&
               ((memcmp(d, "9704", 4) == 0 && (n == 16 || n == 19)) ||
                (d[0] >= '2' && d[0] <= '6' && dlp_luhn(d, n)))) {
        fn(arg, DLP_CARD, d, n); /* NAPAS: Luhn not confirmed (VN-DATA.md), not a gate */
    }
}

/* Judge a run with separators as a whole (card, phone, 10-3 tax code), else group by group. */
static void judge_run(const struct dlp_scan *s, struct run_view *v, dlp_hit_fn fn, void *arg)
{
    if (v->ng == 1) {
        judge_plain(s, v, v->d, v->nd, v->pre0, fn, arg);
        return;
    }
    bool dots = false;
    for (size_t g = 0; g + 1 < v->ng; g++)
        dots |= v->sep[g] == '.';
    if (!dots && v->nd >= 13 && v->nd <= 19 &&
        ((memcmp(v->d, "9704", 4) == 0 && (v->nd == 16 || v->nd == 19)) ||
         (v->d[0] >= '2' && v->d[0] <= '6' && dlp_luhn(v->d, v->nd)))) {
        fn(arg, DLP_CARD, v->d, v->nd);
        return;
    }
    if (v->ng == 2 && v->glen[0] == 10 && v->glen[1] == 3 && v->sep[0] == '-' &&
        has_context(v, DLP_TAX)) {
        fn(arg, DLP_TAX, v->d, 13);
        return;
    }
    if ((v->nd == 10 && v->d[0] == '0' &&
         dlp_mobile_prefix_valid((unsigned)((v->d[1] - '0') * 10 + v->d[2] - '0'))) ||
        (v->nd == 11 && v->d[0] == '8' && v->d[1] == '4' &&
         dlp_mobile_prefix_valid((unsigned)((v->d[2] - '0') * 10 + v->d[3] - '0')))) {
        judge_plain(s, v, v->d, v->nd, v->pre0, fn, arg); /* "090 123 4567" */
        return;
    }
    size_t off = 0; /* each group alone: "079085012345 0901234567" is two identifiers */
    for (size_t g = 0; g < v->ng; g++) {
        judge_plain(s, v, v->d + off, v->glen[g], g == 0 ? v->pre0 : v->sep[g - 1], fn, arg);
        off += v->glen[g];
    }
}

/* Split the kept run into digits and groups. */
static void run_view_fill(const struct dlp_scan *s, struct run_view *v)
{
    size_t n = s->nrun;
    while (n > 0 && (cls[s->run[n - 1]] & C_SEP)) /* a trailing separator is not part of it */
        n--;
    v->nd = 0;
    v->ng = 0;
    v->glen[0] = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = s->run[i];
        if (cls[c] & C_DIGIT) {
            v->d[v->nd++] = (char)c;
            v->glen[v->ng]++;
        } else if (v->ng + 1 < MAX_GROUPS) {
            v->sep[v->ng++] = c;
            v->glen[v->ng] = 0;
        }
    }
    v->ng++;
    v->d[v->nd] = '\0';
}

/* The run ended before byte `post` (-1: the stream ended). */
static void run_end(struct dlp_scan *s, const uint8_t *p, int post, dlp_hit_fn fn, void *arg)
{
    struct run_view v;
    s->in_run = false;
    if (s->nrun < 7)
        return; /* shorter than any identifier (a passport's 7 digits) */
    bool sep_last = s->nrun > 0 && (cls[s->run[s->nrun - 1]] & C_SEP);
    if (post >= 0 && !sep_last && ((cls[post] & C_ALNUM) || post == '@'))
        return; /* glued to a word or the local part of an address */
    run_view_fill(s, &v);
    if (v.nd == 0)
        return;
    v.pre0 = s->pre[0];
    v.pre1 = s->pre[1];
    v.s = s;
    v.p = p;
    v.ctx_done = false;
    if (cls[v.pre0] & C_ALPHA) {
        /* passport: one capital letter, a boundary before it, 7 digits, context */
        if ((cls[v.pre0] & C_UPPER) && !(cls[v.pre1] & C_ALNUM) && v.ng == 1 && v.nd == 7 &&
            has_context(&v, DLP_PASSPORT)) {
            char val[8];
            val[0] = (char)v.pre0;
            memcpy(val + 1, v.d, 7);
            fn(arg, DLP_PASSPORT, val, 8);
        }
        return;
    }
    judge_run(s, &v, fn, arg);
}

/* The run is full: judge its finished groups alone and keep the current one. */
static void run_overflow(struct dlp_scan *s, const uint8_t *p, dlp_hit_fn fn, void *arg)
{
    size_t last_sep = s->nrun;
    while (last_sep > 0 && !(cls[s->run[last_sep - 1]] & C_SEP))
        last_sep--;
    if (last_sep == 0) { /* one group of 40 digits: no identifier; skip to its end */
        s->nrun = 0;
        s->pre[0] = '0'; /* an alnum before: whatever follows is glued to it */
        return;
    }
    uint8_t keep[DLP_RUN_MAX];
    size_t nkeep = s->nrun - last_sep;
    memcpy(keep, s->run + last_sep, nkeep);
    s->nrun = (uint8_t)(last_sep - 1);
    uint8_t sep = s->run[last_sep - 1];
    bool saved = s->ctx_saved;
    run_end(s, p, sep, fn, arg);
    s->ctx_saved = saved;
    s->in_run = true;
    memcpy(s->run, keep, nkeep);
    s->nrun = (uint8_t)nkeep;
    s->pre[1] = s->pre[0];
    s->pre[0] = sep;
}

/* Consume run bytes from p[i]; returns where the run ended (or n). */
static size_t run_feed(struct dlp_scan *s, const uint8_t *p, size_t n, size_t i, dlp_hit_fn fn,
                       void *arg)
{
    while (i < n) {
        uint8_t c = p[i];
        uint8_t k = cls[c];
        if (k & C_DIGIT) {
            if (s->nrun == DLP_RUN_MAX)
                run_overflow(s, p, fn, arg);
            s->run[s->nrun++] = c;
            i++;
            continue;
        }
        if ((k & C_SEP) && s->nrun > 0 && (cls[s->run[s->nrun - 1]] & C_DIGIT)) {
            if (s->nrun == DLP_RUN_MAX)
                run_overflow(s, p, fn, arg);
            s->run[s->nrun++] = c;
            i++;
            continue;
        }
        run_end(s, p, c, fn, arg);
        return i;
    }
    return n;
}

/* The domain of an address: letters, digits, '.', '-'; judged at its first other byte. */
static void email_end(struct dlp_scan *s, dlp_hit_fn fn, void *arg)
{
    s->in_domain = false;
    size_t n = s->nemail;
    while (n > 0 && (s->email[n - 1] == '.' || s->email[n - 1] == '-'))
        n--;
    const uint8_t *at = memchr(s->email, '@', n);
    if (at == NULL)
        return;
    size_t dstart = (size_t)(at - s->email) + 1;
    const uint8_t *dot = NULL;
    for (size_t i = dstart; i < n; i++)
        if (s->email[i] == '.')
            dot = s->email + i;
    if (dot == NULL || dot == s->email + dstart)
        return;
    size_t tld = n - (size_t)(dot + 1 - s->email);
    if (tld < 2 || tld > 24 || memmem(s->email + dstart, n - dstart, "..", 2) != NULL)
        return;
    for (size_t i = n - tld; i < n; i++)
        if (!(cls[s->email[i]] & C_ALPHA))
            return;
    fn(arg, DLP_EMAIL, (const char *)s->email, n);
}

static size_t domain_feed(struct dlp_scan *s, const uint8_t *p, size_t n, size_t i, dlp_hit_fn fn,
                          void *arg)
{
    while (i < n && (cls[p[i]] & C_DOMAIN)) {
        if (s->nemail == DLP_EMAIL_MAX) { /* too long for an address: give it up */
            s->in_domain = false;
            return i;
        }
        uint8_t c = p[i++];
        s->email[s->nemail++] = (c >= 'A' && c <= 'Z') ? (uint8_t)(c | 0x20) : c;
    }
    if (i < n)
        email_end(s, fn, arg);
    return i;
}

/* An '@' at p[i]: gather the local part before it (ring included), then the domain. */
static size_t email_start(struct dlp_scan *s, const uint8_t *p, size_t i)
{
    size_t l = 0;
    while (l < 64 && (cls[byte_before(s, p, i, l + 1)] & C_LOCAL))
        l++;
    while (l > 0 && byte_before(s, p, i, l) == '.') /* a local part does not start with '.' */
        l--;
    if (l == 0 || l == 64)
        return i + 1;
    for (size_t k = 0; k < l; k++) {
        uint8_t c = byte_before(s, p, i, l - k);
        s->email[k] = (c >= 'A' && c <= 'Z') ? (uint8_t)(c | 0x20) : c;
    }
    s->email[l] = '@';
    s->nemail = (uint8_t)(l + 1);
    s->in_domain = true;
    return i + 1;
}

static void ring_update(struct dlp_scan *s, const uint8_t *p, size_t n)
{
    if (n >= DLP_RING) {
        memcpy(s->ring, p + n - DLP_RING, DLP_RING);
        s->nring = DLP_RING;
        return;
    }
    size_t keep = s->nring + n > DLP_RING ? DLP_RING - n : s->nring;
    memmove(s->ring, s->ring + s->nring - keep, keep);
    memcpy(s->ring + keep, p, n);
    s->nring = (uint32_t)(keep + n);
}

void dlp_scan_feed(struct dlp_scan *s, const uint8_t *p, size_t n, dlp_hit_fn fn, void *arg)
{
    size_t i = 0;
    if (s->in_domain)
        i = domain_feed(s, p, n, i, fn, arg);
    if (s->in_run)
        i = run_feed(s, p, n, i, fn, arg);
    while (i < n) {
        i = dlp_skip_to_digit_at(p, i, n);
        if (i == n)
            break;
        if (p[i] == '@') {
            i = email_start(s, p, i);
            if (s->in_domain)
                i = domain_feed(s, p, n, i, fn, arg);
            continue;
        }
        s->in_run = true;
        s->nrun = 0;
        s->ctx_saved = false;
        s->run_pos = i;
        s->pre[0] = byte_before(s, p, i, 1);
        s->pre[1] = byte_before(s, p, i, 2);
        i = run_feed(s, p, n, i, fn, arg);
    }
    if (s->in_run && !s->ctx_saved) { /* the run goes on in the next call: keep its context */
        uint8_t win[DLP_CTX];
        size_t m = lookback(s, p, s->run_pos, win);
        memcpy(s->ctx, win, m);
        s->nctx = (uint8_t)m;
        s->ctx_saved = true;
    }
    ring_update(s, p, n);
}

void dlp_scan_flush(struct dlp_scan *s, dlp_hit_fn fn, void *arg)
{
    if (s->in_run)
        run_end(s, NULL, -1, fn, arg);
    if (s->in_domain)
        email_end(s, fn, arg);
    dlp_scan_init(s, s->year);
}
