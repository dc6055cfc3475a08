/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * State-secret markings. The rule that tells a stamp from prose (docs/dlp.md): a marking
 * counts only when it is the whole of its segment, a segment being a line, or the text
 * between two markup tags (an HTML element's text, a DOCX/XLSX text run), or in PDF content
 * a string operand; framing (blanks, * - _ = [ ] ( ) " ' | : . #) around it is allowed, and
 * it must be in capitals. "Mật khẩu: ...", "bí mật", "TÀI LIỆU MẬT" are not stamps.
 */
#include <string.h>

#include "dlp.h"
#include "skip.h"
#include "tables.h"

static const char *const enc_names[DLP_ENC_MAX] = {
    [DLP_ENC_UTF8] = "utf-8",       [DLP_ENC_UTF8_NFD] = "utf-8-nfd", [DLP_ENC_ASCII] = "ascii",
    [DLP_ENC_UTF16LE] = "utf-16le", [DLP_ENC_TCVN3] = "tcvn3",        [DLP_ENC_VNI] = "vni",
};

static const char *const level_names[DLP_LEVEL_MAX] = {
    [DLP_LEVEL_MAT] = "MAT",
    [DLP_LEVEL_TOI_MAT] = "TOI MAT",
    [DLP_LEVEL_TUYET_MAT] = "TUYET MAT",
};

const char *dlp_enc_name(enum dlp_enc e)
{
    return (unsigned)e < DLP_ENC_MAX ? enc_names[e] : "unknown";
}

const char *dlp_level_name(enum dlp_level l)
{
    return (unsigned)l < DLP_LEVEL_MAX ? level_names[l] : "unknown";
}

static bool is_frame(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '*' || c == '-' || c == '_' || c == '=' || c == '[' ||
           c == ']' || c == '(' || c == ')' || c == '"' || c == '\'' || c == '|' || c == ':' ||
           c == '.' || c == '#' || c == '~' || c == '{' || c == '}';
}

int dlp_mark_segment(const uint8_t *p, size_t n, enum dlp_enc *enc)
{
    uint8_t t[DLP_SEG_MAX];
    size_t m = 0;
    bool marks = false, space = false;
    for (size_t i = 0; i < n && m < sizeof(t); i++) {
        uint8_t c = p[i];
        if (c == 0)
            continue; /* UTF-16LE compares as its non-zero bytes */
        if (c == 0xC2 && i + 1 < n && p[i + 1] == 0xA0) { /* UTF-8 no-break space */
            i++;
            c = ' ';
        }
        /* combining marks U+0300..U+036F: CC 80..CD AF */
        if ((c == 0xCC && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0xBF) ||
            (c == 0xCD && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0xAF)) {
            i++;
            marks = true;
            continue;
        }
        if (c == ' ' || c == '\t') {
            space = m > 0;
            continue;
        }
        if (space && m < sizeof(t))
            t[m++] = ' ';
        space = false;
        if (m < sizeof(t))
            t[m++] = c;
    }
    size_t a = 0, b = m;
    while (a < b && is_frame(t[a]))
        a++;
    while (b > a && is_frame(t[b - 1]))
        b--;
    if (b - a < 3)
        return -1;
    for (size_t i = 0; i < dlp_nstamp_forms; i++) {
        const struct dlp_stamp_form *f = &dlp_stamp_forms[i];
        if (f->len == b - a && memcmp(f->text, t + a, f->len) == 0) {
            *enc = (f->enc == DLP_ENC_ASCII && marks) ? DLP_ENC_UTF8_NFD : f->enc;
            return (int)f->level;
        }
    }
    return -1;
}

void dlp_mark_init(struct dlp_mark *m, bool pdf)
{
    memset(m, 0, sizeof(*m));
    m->pdf = pdf;
}

/* Every stamp form ends in M or m, at most 5 bytes (a letter with its marks), then T or t:
 * a segment without that cannot be one, and most segments end here. */
static bool may_be_stamp(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++) {
        if ((p[i] | 0x20) != 'm')
            continue;
        for (size_t j = i + 2; j < n && j <= i + 6; j++)
            if ((p[j] | 0x20) == 't')
                return true;
    }
    return false;
}

static void segment_end(struct dlp_mark *m, dlp_mark_fn fn, void *arg)
{
    enum dlp_enc enc;
    int level;
    if (!m->overflow && m->nseg >= 3 && may_be_stamp(m->seg, m->nseg) &&
        (level = dlp_mark_segment(m->seg, m->nseg, &enc)) >= 0)
        fn(arg, (enum dlp_level)level, enc);
    m->nseg = 0;
    m->overflow = false;
}

/* Bytes of the current segment: kept (NULs dropped) while it may still be a stamp. */
static void segment_add(struct dlp_mark *m, const uint8_t *p, size_t n)
{
    if (m->overflow)
        return;
    if (n > 2 * DLP_SEG_MAX || (n + m->nseg > DLP_SEG_MAX && memchr(p, 0, n) == NULL)) {
        m->overflow = true; /* longer than any stamp (NULs of UTF-16 text aside) */
        return;
    }
    if (n + m->nseg <= DLP_SEG_MAX && memchr(p, 0, n) == NULL) {
        memcpy(m->seg + m->nseg, p, n);
        m->nseg = (uint8_t)(m->nseg + n);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (p[i] == 0)
            continue;
        if (m->nseg == DLP_SEG_MAX) {
            m->overflow = true;
            return;
        }
        m->seg[m->nseg++] = p[i];
    }
}

void dlp_mark_feed(struct dlp_mark *m, const uint8_t *p, size_t n, dlp_mark_fn fn, void *arg)
{
    size_t i = 0;
    while (i < n) {
        size_t j = dlp_skip_to_delim(p, i, n, m->pdf);
        segment_add(m, p + i, j - i);
        if (j == n)
            break;
        segment_end(m, fn, arg);
        i = j + 1;
    }
}

void dlp_mark_flush(struct dlp_mark *m, dlp_mark_fn fn, void *arg)
{
    segment_end(m, fn, arg);
}
