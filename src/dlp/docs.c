/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Containers for DLP, walked as they stream: zip by its local file headers (the central
 * directory at the end is where the walk stops: a network body is read once, front to
 * back), PDF by its "stream" keywords. Every header is read through the cursor; every
 * inflated member or stream is capped; a container that breaks a rule is given up with a
 * reason (enum dlp_zip_err) the caller counts.
 */
#include "docs.h"

#include <string.h>
#include <strings.h>

#include "core/cursor.h"

#define ZIP_SIG_LOCAL   0x04034b50u
#define ZIP_SIG_CENTRAL 0x02014b50u
#define ZIP_SIG_END     0x06054b50u
#define ZIP_SIG_DESC    0x08074b50u
#define ZIP_FLAG_CRYPT  0x0001u
#define ZIP_FLAG_DESC   0x0008u

void dlp_zip_init(struct dlp_zip *z, uint8_t *buf, uint64_t cap)
{
    memset(z, 0, sizeof(*z));
    z->buf = buf;
    z->cap = cap;
}

void dlp_zip_fini(struct dlp_zip *z)
{
    if (z->zinit)
        inflateEnd(&z->zs);
    z->zinit = false;
}

static void zip_fail(struct dlp_zip *z, enum dlp_zip_err err)
{
    z->state = DLP_ZIP_BAD;
    z->err = err;
}

/* Members whose text is scanned: the XML parts of OOXML and ODF, and plain text files. */
static bool zip_wanted(const char *name, size_t n)
{
    static const char *const ext[] = {".xml", ".txt", ".csv", ".htm", ".html"};
    for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
        size_t el = strlen(ext[i]);
        if (n >= el && strncasecmp(name + n - el, ext[i], el) == 0)
            return true;
    }
    return false;
}

/* The 30-byte local header is complete: decide what follows. */
static void zip_header(struct dlp_zip *z)
{
    struct cursor c = cur_init(z->hdr, sizeof(z->hdr));
    uint32_t sig = cur_le32(&c);
    if (sig == ZIP_SIG_CENTRAL || sig == ZIP_SIG_END) {
        z->state = DLP_ZIP_DONE;
        return;
    }
    if (sig != ZIP_SIG_LOCAL) {
        zip_fail(z, DLP_ZIP_ERR_FORMAT);
        return;
    }
    if (++z->members > DLP_ZIP_MEMBERS) {
        zip_fail(z, DLP_ZIP_ERR_CAP);
        return;
    }
    cur_skip(&c, 2); /* version needed */
    z->flags = cur_le16(&c);
    z->method = cur_le16(&c);
    cur_skip(&c, 8); /* time, date, crc-32 */
    z->csize = cur_le32(&c);
    cur_skip(&c, 4); /* uncompressed size: the inflate cap is ours, not the header's */
    uint16_t nlen = cur_le16(&c);
    uint16_t xlen = cur_le16(&c);
    z->name_len = nlen;
    z->left = (uint32_t)nlen + xlen;
    z->nname = 0;
    z->pos = 0;
    z->state = DLP_ZIP_NAME;
}

/* Name and extra read: stored, deflated, skipped or given up. */
static void zip_member(struct dlp_zip *z)
{
    z->name[z->nname] = '\0';
    bool sized = !(z->flags & ZIP_FLAG_DESC) && z->csize != 0xffffffffu;
    z->wanted = !(z->flags & ZIP_FLAG_CRYPT) && zip_wanted(z->name, z->nname);
    z->out = 0;
    if (z->wanted && z->method == 8) {
        if (!z->zinit) {
            if (inflateInit2(&z->zs, -15) != Z_OK) {
                zip_fail(z, DLP_ZIP_ERR_CAP);
                return;
            }
            z->zinit = true;
        } else {
            inflateReset(&z->zs);
        }
        z->state = DLP_ZIP_DEFLATE;
    } else if (z->wanted && z->method == 0 && sized) {
        z->left = z->csize;
        z->state = DLP_ZIP_STORED;
    } else if (sized) {
        z->left = z->csize;
        z->state = DLP_ZIP_SKIP;
    } else {
        zip_fail(z, DLP_ZIP_ERR_UNSUP); /* no size and nothing we can inflate to find the end */
    }
}

static void member_done(struct dlp_zip *z, dlp_text_fn fn, void *arg)
{
    if (z->wanted)
        fn(arg, z->name, NULL, 0, true);
    z->nhdr = 0;
    z->left = 0;
    z->state = (z->flags & ZIP_FLAG_DESC) ? DLP_ZIP_DESC : DLP_ZIP_HDR;
}

/* Inflate what the cursor holds of the current member. */
static void zip_inflate(struct dlp_zip *z, struct cursor *c, dlp_text_fn fn, void *arg)
{
    z->zs.next_in = (Bytef *)(uintptr_t)c->p;
    z->zs.avail_in = (uInt)(c->left > 0x40000000u ? 0x40000000u : c->left);
    size_t given = z->zs.avail_in;
    int rc;
    do {
        z->zs.next_out = z->buf;
        z->zs.avail_out = DLP_INFLATE_BUF;
        rc = inflate(&z->zs, Z_NO_FLUSH);
        size_t made = DLP_INFLATE_BUF - z->zs.avail_out;
        size_t got = made < z->cap - z->out ? made : (size_t)(z->cap - z->out);
        if (got)
            fn(arg, z->name, z->buf, got, false);
        z->out += got;
        if (got < made || (z->out >= z->cap && rc != Z_STREAM_END)) {
            cur_skip(c, given - z->zs.avail_in);
            zip_fail(z, DLP_ZIP_ERR_CAP);
            return;
        }
    } while (rc == Z_OK && (z->zs.avail_in > 0 || z->zs.avail_out == 0));
    cur_skip(c, given - z->zs.avail_in);
    if (rc == Z_STREAM_END)
        member_done(z, fn, arg);
    else if (rc != Z_OK && rc != Z_BUF_ERROR)
        zip_fail(z, DLP_ZIP_ERR_FORMAT);
}

/* The data descriptor: an optional signature, then crc-32 and the two sizes (not zip64). */
static void zip_desc(struct dlp_zip *z, struct cursor *c)
{
    if (z->nhdr < 4) {
        size_t take = 4 - z->nhdr < c->left ? 4 - z->nhdr : c->left;
        cur_copy(c, z->hdr + z->nhdr, take);
        z->nhdr += (uint32_t)take;
        if (z->nhdr < 4)
            return;
        struct cursor h = cur_init(z->hdr, 4);
        z->left = cur_le32(&h) == ZIP_SIG_DESC ? 12 : 8;
        z->nhdr = 5;
    }
    size_t take = z->left < c->left ? z->left : c->left;
    cur_skip(c, take);
    z->left -= (uint32_t)take;
    if (z->left == 0) {
        z->nhdr = 0;
        z->state = DLP_ZIP_HDR;
    }
}

void dlp_zip_feed(struct dlp_zip *z, const uint8_t *p, size_t n, dlp_text_fn fn, void *arg)
{
    struct cursor c = cur_init(p, n);
    while (c.left > 0 && z->state < DLP_ZIP_DONE) {
        size_t take;
        switch (z->state) {
        case DLP_ZIP_HDR:
            take = sizeof(z->hdr) - z->nhdr < c.left ? sizeof(z->hdr) - z->nhdr : c.left;
            cur_copy(&c, z->hdr + z->nhdr, take);
            z->nhdr += (uint32_t)take;
            if (z->nhdr == sizeof(z->hdr))
                zip_header(z);
            break;
        case DLP_ZIP_NAME:
            take = z->left < c.left ? z->left : c.left;
            for (size_t i = 0; i < take; i++, z->pos++) {
                uint8_t b = cur_u8(&c);
                if (z->pos < z->name_len && z->nname < DLP_ZIP_NAME_MAX)
                    z->name[z->nname++] = (char)(b ? b : '?');
            }
            z->left -= (uint32_t)take;
            if (z->left == 0)
                zip_member(z);
            break;
        case DLP_ZIP_STORED:
        case DLP_ZIP_SKIP:
            take = z->left < c.left ? z->left : c.left;
            if (z->state == DLP_ZIP_STORED && z->out < z->cap) {
                size_t give = take < z->cap - z->out ? take : (size_t)(z->cap - z->out);
                fn(arg, z->name, c.p, give, false);
                z->out += give;
            }
            cur_skip(&c, take);
            z->left -= (uint32_t)take;
            if (z->left == 0)
                member_done(z, fn, arg);
            break;
        case DLP_ZIP_DEFLATE:
            zip_inflate(z, &c, fn, arg);
            break;
        case DLP_ZIP_DESC:
            zip_desc(z, &c);
            break;
        default:
            return;
        }
    }
}

void dlp_pdf_init(struct dlp_pdf *d, uint8_t *buf, uint64_t cap)
{
    memset(d, 0, sizeof(*d));
    d->buf = buf;
    d->cap = cap;
}

void dlp_pdf_fini(struct dlp_pdf *d)
{
    if (d->zinit)
        inflateEnd(&d->zs);
    d->zinit = false;
}

/* Inflate a stream's bytes; returns how many were used. */
static size_t pdf_inflate(struct dlp_pdf *d, const uint8_t *p, size_t n, dlp_text_fn fn, void *arg)
{
    d->zs.next_in = (Bytef *)(uintptr_t)p;
    d->zs.avail_in = (uInt)(n > 0x40000000u ? 0x40000000u : n);
    size_t given = d->zs.avail_in;
    int rc;
    do {
        d->zs.next_out = d->buf;
        d->zs.avail_out = DLP_INFLATE_BUF;
        rc = inflate(&d->zs, Z_NO_FLUSH);
        size_t made = DLP_INFLATE_BUF - d->zs.avail_out;
        size_t got = made < d->cap - d->out ? made : (size_t)(d->cap - d->out);
        if (got)
            fn(arg, "stream", d->buf, got, false);
        d->out += got;
        if (got < made || (d->out >= d->cap && rc != Z_STREAM_END)) {
            d->capped = true; /* the rest of this stream is not read */
            rc = Z_DATA_ERROR;
            break;
        }
    } while (rc == Z_OK && (d->zs.avail_in > 0 || d->zs.avail_out == 0));
    if (rc != Z_OK && rc != Z_BUF_ERROR) { /* ended, broken or capped: look for the next */
        fn(arg, "stream", NULL, 0, true);
        d->in_z = false;
        d->k = 0;
    }
    return given - d->zs.avail_in;
}

/* A zlib header (RFC 1950: CM 8, check bits) starts a FlateDecode stream. */
static void pdf_zlib_start(struct dlp_pdf *d, dlp_text_fn fn, void *arg)
{
    d->k = 0;
    d->nzh = 0;
    if ((d->zh[0] & 0x0f) != 8 || ((unsigned)d->zh[0] << 8 | d->zh[1]) % 31 != 0)
        return;
    if (!d->zinit) {
        if (inflateInit(&d->zs) != Z_OK)
            return;
        d->zinit = true;
    } else {
        inflateReset(&d->zs);
    }
    d->in_z = true;
    d->out = 0;
    d->streams++;
    pdf_inflate(d, d->zh, 2, fn, arg);
}

void dlp_pdf_feed(struct dlp_pdf *d, const uint8_t *p, size_t n, dlp_text_fn fn, void *arg)
{
    static const char kw[] = "stream";
    size_t i = 0;
    while (i < n) {
        if (d->in_z) {
            i += pdf_inflate(d, p + i, n - i, fn, arg);
            continue;
        }
        uint8_t b = p[i++];
        if (d->k < 6) {
            d->k = b == (uint8_t)kw[d->k] ? (uint8_t)(d->k + 1) : (b == 's' ? 1 : 0);
        } else if (d->k == 6 && b == '\r') {
            d->k = 7;
        } else if (d->k >= 6 && b == '\n') {
            d->k = 8; /* end of line: the stream data starts */
        } else if (d->k == 8) {
            d->zh[d->nzh++] = b;
            if (d->nzh == 2)
                pdf_zlib_start(d, fn, arg);
        } else {
            d->k = b == 's' ? 1 : 0;
        }
    }
}
