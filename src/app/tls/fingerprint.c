/* SPDX-License-Identifier: GPL-2.0-only */
/* JA3/JA3S (salesforce/ja3) and JA4 (FoxIO-LLC/ja4, technical_details/JA4.md) fingerprints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "tls.h"

/* Appends to a bounded text buffer; `ok` goes false once anything did not fit. */
struct textbuf {
    char *p;
    size_t len, cap;
    bool ok;
};

static void tb_put(struct textbuf *t, const char *s, size_t n)
{
    if (!t->ok || t->len + n + 1 > t->cap) {
        t->ok = false;
        return;
    }
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = '\0';
}

static void tb_dec(struct textbuf *t, unsigned v)
{
    char tmp[8];
    int n = snprintf(tmp, sizeof(tmp), "%u", v);
    tb_put(t, tmp, (size_t)n);
}

/* A '-' joined decimal list, GREASE left out (JA3). */
static void tb_list16(struct textbuf *t, const uint16_t *v, unsigned n)
{
    bool first = true;
    for (unsigned i = 0; i < n; i++) {
        if (tls_is_grease(v[i]))
            continue;
        if (!first)
            tb_put(t, "-", 1);
        tb_dec(t, v[i]);
        first = false;
    }
}

bool tls_ja3_text(const struct tls_hello_lists *h, char *out, size_t outlen)
{
    struct textbuf t = {.p = out, .len = 0, .cap = outlen, .ok = outlen > 0};
    if (outlen > 0)
        out[0] = '\0';
    tb_dec(&t, h->version);
    tb_put(&t, ",", 1);
    tb_list16(&t, h->ciphers, h->n_ciphers);
    tb_put(&t, ",", 1);
    tb_list16(&t, h->exts, h->n_exts);
    tb_put(&t, ",", 1);
    tb_list16(&t, h->groups, h->n_groups);
    tb_put(&t, ",", 1);
    for (unsigned i = 0; i < h->n_pf; i++) {
        if (i > 0)
            tb_put(&t, "-", 1);
        tb_dec(&t, h->pf[i]);
    }
    if (!t.ok && outlen > 0)
        out[0] = '\0';
    return t.ok;
}

bool tls_ja3s_text(uint16_t version, uint16_t cipher, const uint16_t *exts, unsigned n, char *out,
                   size_t outlen)
{
    struct textbuf t = {.p = out, .len = 0, .cap = outlen, .ok = outlen > 0};
    if (outlen > 0)
        out[0] = '\0';
    tb_dec(&t, version);
    tb_put(&t, ",", 1);
    tb_dec(&t, cipher);
    tb_put(&t, ",", 1);
    tb_list16(&t, exts, n);
    if (!t.ok && outlen > 0)
        out[0] = '\0';
    return t.ok;
}

static const char hexdig[] = "0123456789abcdef";

static void digest_hex(const EVP_MD *md, const void *data, size_t len, char *out, size_t nhex)
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int dlen = 0;
    if (EVP_Digest(data, len, d, &dlen, md, NULL) != 1)
        dlen = 0;
    size_t i = 0;
    for (; i < nhex && i / 2 < dlen; i++)
        out[i] = hexdig[i % 2 ? d[i / 2] & 0xf : d[i / 2] >> 4];
    for (; i < nhex; i++)
        out[i] = '0';
    out[nhex] = '\0';
}

void tls_md5_hex(const struct tls_digests *dg, const char *text, size_t len, char out[33])
{
    digest_hex(dg && dg->md5 ? dg->md5 : EVP_md5(), text, len, out, 32);
}

/* ---- JA4 ---- */

static int cmp_u16(const void *a, const void *b)
{
    uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;
    return (x > y) - (x < y);
}

static void put_hex4(struct textbuf *t, uint16_t v)
{
    char s[4] = {hexdig[v >> 12], hexdig[(v >> 8) & 0xf], hexdig[(v >> 4) & 0xf], hexdig[v & 0xf]};
    tb_put(t, s, 4);
}

/* JA4's TLS version code: supported_versions' highest, else the hello's version. */
static const char *ja4_version(uint16_t v)
{
    switch (v) {
    case TLS_VERSION_13:
        return "13";
    case TLS_VERSION_12:
        return "12";
    case TLS_VERSION_11:
        return "11";
    case TLS_VERSION_10:
        return "10";
    case TLS_VERSION_SSL3:
        return "s3";
    case TLS_VERSION_SSL2:
        return "s2";
    default:
        return "00";
    }
}

static bool is_alnum(uint8_t b)
{
    return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
}

/* Copy v without GREASE (and without SNI and ALPN when asked), sorted; returns the count. */
static unsigned sorted_copy(uint16_t *dst, const uint16_t *v, unsigned n, bool drop_sni_alpn)
{
    unsigned k = 0;
    for (unsigned i = 0; i < n; i++)
        if (!tls_is_grease(v[i]) && !(drop_sni_alpn && (v[i] == 0x0000 || v[i] == 0x0010)))
            dst[k++] = v[i];
    qsort(dst, k, sizeof(*dst), cmp_u16);
    return k;
}

/* The first 12 hex digits of SHA-256 over text, or twelve zeros for an empty list. */
static void ja4_hash12(const struct tls_digests *dg, const char *text, size_t len, bool empty,
                       char out[13])
{
    if (empty) {
        memset(out, '0', 12);
        out[12] = '\0';
        return;
    }
    digest_hex(dg && dg->sha256 ? dg->sha256 : EVP_sha256(), text, len, out, 12);
}

/* Part a: t, version, d/i, cipher count, extension count, ALPN first and last. */
static void ja4_a(const struct tls_hello_lists *h, unsigned nc, unsigned ne, char out[11])
{
    const char *ver = ja4_version(h->max_supported ? h->max_supported : h->version);
    char alpn[3] = "00";
    if (h->alpn_first_len > 0) {
        uint8_t f = h->alpn_first[0], l = h->alpn_first[1];
        if (is_alnum(f) && is_alnum(l)) {
            alpn[0] = (char)f;
            alpn[1] = (char)l;
        } else {
            alpn[0] = hexdig[f >> 4];
            alpn[1] = hexdig[l & 0xf];
        }
    }
    snprintf(out, 11, "t%s%c%02u%02u%s", ver, h->sni ? 'd' : 'i', nc > 99 ? 99 : nc,
             ne > 99 ? 99 : ne, alpn);
}

void tls_ja4(const struct tls_digests *dg, const struct tls_hello_lists *h,
             char out[TLS_JA4_LEN + 1])
{
    uint16_t tmp[TLS_LIST_MAX];
    char text[TLS_LIST_MAX * 5 * 2 + 2];
    struct textbuf t = {.p = text, .len = 0, .cap = sizeof(text), .ok = true};
    unsigned ne_all = 0;
    for (unsigned i = 0; i < h->n_exts; i++)
        ne_all += !tls_is_grease(h->exts[i]);

    /* b: sorted ciphers */
    unsigned nc = sorted_copy(tmp, h->ciphers, h->n_ciphers, false);
    for (unsigned i = 0; i < nc; i++) {
        if (i > 0)
            tb_put(&t, ",", 1);
        put_hex4(&t, tmp[i]);
    }
    char b[13], c[13], a[11];
    ja4_hash12(dg, text, t.len, nc == 0, b);

    /* c: sorted extensions without SNI (0x0000) and ALPN (0x0010), "_", signature algorithms */
    t.len = 0;
    unsigned ne = sorted_copy(tmp, h->exts, h->n_exts, true);
    for (unsigned i = 0; i < ne; i++) {
        if (i > 0)
            tb_put(&t, ",", 1);
        put_hex4(&t, tmp[i]);
    }
    /*
     * "_" then the signature algorithms in wire order. FoxIO's JA4.md leaves the "_" out
     * when there are none; Suricata 8 always writes it (verify test bug-5713-02-ja4 expects
     * ..._ce66f3b797c1 = sha256("0005,000a,000b,0017,0023,ff01_")), and EVE follows Suricata.
     */
    tb_put(&t, "_", 1);
    unsigned ns = 0;
    for (unsigned i = 0; i < h->n_sigalgs; i++) {
        if (tls_is_grease(h->sigalgs[i]))
            continue;
        if (ns++ > 0)
            tb_put(&t, ",", 1);
        put_hex4(&t, h->sigalgs[i]);
    }
    ja4_hash12(dg, text, t.len, ne == 0, c);
    ja4_a(h, nc, ne_all, a);
    snprintf(out, TLS_JA4_LEN + 1, "%s_%s_%s", a, b, c);
}

bool tls_digests_init(struct tls_digests *dg)
{
    dg->md5 = EVP_MD_fetch(NULL, "MD5", NULL);
    dg->sha1 = EVP_MD_fetch(NULL, "SHA1", NULL);
    dg->sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
    if (dg->md5 == NULL || dg->sha1 == NULL || dg->sha256 == NULL) {
        tls_digests_fini(dg);
        return false;
    }
    return true;
}

void tls_digests_fini(struct tls_digests *dg)
{
    EVP_MD_free(dg->md5);
    EVP_MD_free(dg->sha1);
    EVP_MD_free(dg->sha256);
    dg->md5 = dg->sha1 = dg->sha256 = NULL;
}
