/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fields of a DER certificate (RFC 5280 §4.1) that EVE prints, read through the cursor.
 * Written here rather than with libcrypto's d2i_X509 because that decodes the whole
 * certificate, public key included, through provider lookups: about 2.4 million
 * instructions per certificate, more than half of khien's time on TLS-heavy traffic, and
 * a CPU lever for anyone sending certificates. Only SHA-1 comes from libcrypto.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "core/tstamp.h"
#include "tls.h"

enum der_tag {
    DER_BOOLEAN = 0x01,
    DER_INTEGER = 0x02,
    DER_OCTET_STRING = 0x04,
    DER_OID = 0x06,
    DER_UTF8 = 0x0c,
    DER_NUMERIC = 0x12,
    DER_PRINTABLE = 0x13,
    DER_T61 = 0x14,
    DER_IA5 = 0x16,
    DER_UTCTIME = 0x17,
    DER_GENTIME = 0x18,
    DER_VISIBLE = 0x1a,
    DER_UNIVERSAL = 0x1c,
    DER_BMP = 0x1e,
    DER_SEQUENCE = 0x30,
    DER_SET = 0x31,
    DER_CTX0 = 0xa0, /* [0] EXPLICIT: version */
    DER_CTX3 = 0xa3, /* [3] EXPLICIT: extensions */
    DER_DNSNAME = 0x82,
};

/*
 * One TLV: the tag (single-byte tags only, as every certificate field is) and a child
 * cursor over its content, bounded by its length (definite form, at most 4 length bytes).
 * On a malformed header the parent is marked bad.
 */
static struct cursor der_next(struct cursor *c, uint8_t *tag)
{
    *tag = cur_u8(c);
    uint8_t l = cur_u8(c);
    size_t len = l;
    if (l & 0x80) {
        unsigned n = l & 0x7f;
        if (n == 0 || n > 4 || (*tag & 0x1f) == 0x1f) {
            cur_fail(c);
            return cur_sub(c, 0);
        }
        len = 0;
        for (unsigned i = 0; i < n; i++)
            len = len << 8 | cur_u8(c);
    }
    return cur_sub(c, len);
}

/* The next TLV must have tag want. */
static struct cursor der_expect(struct cursor *c, uint8_t want)
{
    uint8_t tag;
    struct cursor sub = der_next(c, &tag);
    if (tag != want)
        cur_fail(c);
    return sub;
}

/* Append n bytes to out (cap outlen, NUL kept); past the cap the text is cut (*cut set). */
static void append(char *out, size_t outlen, size_t *o, const void *p, size_t n, bool *cut)
{
    if (*o + n + 1 > outlen) {
        *cut = true;
        if (*o + 1 >= outlen)
            return;
        n = outlen - 1 - *o;
    }
    memcpy(out + *o, p, n);
    *o += n;
    out[*o] = '\0';
}

/* One code point as UTF-8 (invalid ones as U+FFFD). */
static void append_utf8(char *out, size_t outlen, size_t *o, uint32_t cp, bool *cut)
{
    uint8_t b[4];
    size_t n;
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        cp = 0xfffd;
    if (cp < 0x80) {
        b[0] = (uint8_t)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (uint8_t)(0xc0 | cp >> 6);
        b[1] = (uint8_t)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (uint8_t)(0xe0 | cp >> 12);
        b[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
        b[2] = (uint8_t)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        b[0] = (uint8_t)(0xf0 | cp >> 18);
        b[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3f));
        b[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
        b[3] = (uint8_t)(0x80 | (cp & 0x3f));
        n = 4;
    }
    append(out, outlen, o, b, n, cut);
}

/*
 * A directory string as UTF-8, as libcrypto's ASN1_STRING_to_UTF8 gives it: UTF8String and
 * the ASCII types as they are, T61String as Latin-1, BMPString as UCS-2 and
 * UniversalString as UCS-4 (both big-endian).
 */
static void string_text(uint8_t tag, struct cursor v, char *out, size_t outlen, size_t *o,
                        bool *cut)
{
    switch (tag) {
    case DER_T61:
        while (v.left > 0)
            append_utf8(out, outlen, o, cur_u8(&v), cut);
        return;
    case DER_BMP:
        while (v.left >= 2)
            append_utf8(out, outlen, o, cur_be16(&v), cut);
        return;
    case DER_UNIVERSAL:
        while (v.left >= 4)
            append_utf8(out, outlen, o, cur_be32(&v), cut);
        return;
    default: {
        struct span s = cur_rest(&v);
        append(out, outlen, o, s.p, s.len, cut);
        return;
    }
    }
}

/* Attribute types by their DER OID content, with the short names libcrypto gives them. */
static const struct {
    uint8_t len;
    uint8_t oid[11];
    const char *name;
} attr_names[] = {
    {3, {0x55, 0x04, 0x03}, "CN"},
    {3, {0x55, 0x04, 0x06}, "C"},
    {3, {0x55, 0x04, 0x07}, "L"},
    {3, {0x55, 0x04, 0x08}, "ST"},
    {3, {0x55, 0x04, 0x0a}, "O"},
    {3, {0x55, 0x04, 0x0b}, "OU"},
    {3, {0x55, 0x04, 0x05}, "serialNumber"},
    {3, {0x55, 0x04, 0x09}, "street"},
    {3, {0x55, 0x04, 0x0c}, "title"},
    {3, {0x55, 0x04, 0x04}, "SN"},
    {3, {0x55, 0x04, 0x2a}, "GN"},
    {3, {0x55, 0x04, 0x2b}, "initials"},
    {3, {0x55, 0x04, 0x11}, "postalCode"},
    {3, {0x55, 0x04, 0x0f}, "businessCategory"},
    {3, {0x55, 0x04, 0x2e}, "dnQualifier"},
    {3, {0x55, 0x04, 0x41}, "pseudonym"},
    {3, {0x55, 0x04, 0x61}, "organizationIdentifier"},
    {9, {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01}, "Email"},
    {10, {0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19}, "DC"},
    {10, {0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x01}, "UID"},
    {11, {0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x3c, 0x02, 0x01, 0x03}, "jurisdictionC"},
    {11, {0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x3c, 0x02, 0x01, 0x02}, "jurisdictionST"},
    {11, {0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x3c, 0x02, 0x01, 0x01}, "jurisdictionL"},
};

/* An OID's name, or its dotted form ("1.2.3") when it has none here. */
static void oid_text(struct span oid, char *out, size_t outlen, size_t *o, bool *cut)
{
    for (size_t i = 0; i < sizeof(attr_names) / sizeof(attr_names[0]); i++) {
        if (oid.len == attr_names[i].len && memcmp(oid.p, attr_names[i].oid, oid.len) == 0) {
            append(out, outlen, o, attr_names[i].name, strlen(attr_names[i].name), cut);
            return;
        }
    }
    char num[24];
    uint64_t v = 0;
    bool first = true;
    for (size_t i = 0; i < oid.len; i++) {
        if (v > (UINT64_MAX >> 7))
            return; /* an arc too large to print: leave the name empty */
        v = v << 7 | (oid.p[i] & 0x7f);
        if (oid.p[i] & 0x80)
            continue;
        int n;
        if (first)
            n = snprintf(num, sizeof(num), "%u.%llu", v < 80 ? (unsigned)(v / 40) : 2u,
                         (unsigned long long)(v < 80 ? v % 40 : v - 80));
        else
            n = snprintf(num, sizeof(num), ".%llu", (unsigned long long)v);
        append(out, outlen, o, num, (size_t)n, cut);
        first = false;
        v = 0;
    }
}

/*
 * "C=FR, ST=IDF, CN=SELKS": RDNs in DER order joined by ", ", attributes of one RDN by
 * " + ", short names, emailAddress as "Email": how Suricata's x509-parser prints a name.
 */
static void name_text(struct cursor name, char *out, size_t outlen, bool *cut)
{
    size_t o = 0;
    bool first = true;
    out[0] = '\0';
    while (name.left > 0 && !name.bad) {
        struct cursor rdn = der_expect(&name, DER_SET);
        bool first_in_set = true;
        while (rdn.left > 0 && !rdn.bad) {
            struct cursor atv = der_expect(&rdn, DER_SEQUENCE);
            struct cursor oid = der_expect(&atv, DER_OID);
            uint8_t tag;
            struct cursor val = der_next(&atv, &tag);
            if (atv.bad || oid.bad)
                return;
            const char *sep = first ? "" : first_in_set ? ", " : " + ";
            append(out, outlen, &o, sep, strlen(sep), cut);
            oid_text(cur_rest(&oid), out, outlen, &o, cut);
            append(out, outlen, &o, "=", 1, cut);
            string_text(tag, val, out, outlen, &o, cut);
            first = first_in_set = false;
        }
    }
}

/* Serial as Suricata prints it: its DER content bytes, upper-case hex, ':' between. */
static void serial_text(struct cursor serial, char *out, size_t outlen)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    out[0] = '\0';
    for (unsigned i = 0; serial.left > 0 && i < TLS_SERIAL_MAX && o + 3 < outlen; i++) {
        uint8_t b = cur_u8(&serial);
        if (o > 0)
            out[o++] = ':';
        out[o++] = hex[b >> 4];
        out[o++] = hex[b & 0xf];
    }
    out[o] = '\0';
}

/* Decimal digits from the cursor into *v; false if any is not a digit. */
static bool digits(struct cursor *c, unsigned n, unsigned *v)
{
    *v = 0;
    for (unsigned i = 0; i < n; i++) {
        uint8_t ch = cur_u8(c);
        if (ch < '0' || ch > '9')
            return false;
        *v = *v * 10 + (ch - '0');
    }
    return !c->bad;
}

/* UTCTime (YYMMDDHHMM[SS]Z, RFC 5280 years 1950-2049) or GeneralizedTime (YYYYMMDD...). */
static bool time_secs(uint8_t tag, struct cursor t, int64_t *out)
{
    unsigned y, mo, d, h, mi, s = 0;
    if (tag == DER_UTCTIME) {
        if (!digits(&t, 2, &y))
            return false;
        y += y < 50 ? 2000 : 1900;
    } else if (tag != DER_GENTIME || !digits(&t, 4, &y)) {
        return false;
    }
    if (!digits(&t, 2, &mo) || !digits(&t, 2, &d) || !digits(&t, 2, &h) || !digits(&t, 2, &mi))
        return false;
    if (t.left > 0 && cur_peek_u8(&t) != 'Z' && !digits(&t, 2, &s))
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
        return false;
    *out = kh_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
    return true;
}

/* subjectAltName (2.5.29.17) dNSName entries, as Suricata lists them in tls.subjectaltname. */
static void san_names(struct cursor names, struct tls_cert *cert)
{
    size_t used = 0;
    while (names.left > 0 && !names.bad) {
        uint8_t tag;
        struct cursor gn = der_next(&names, &tag);
        if (tag != DER_DNSNAME)
            continue;
        struct span n = cur_rest(&gn);
        if (cert->nsan == TLS_SAN_MAX || used + n.len > sizeof(cert->san_text)) {
            cert->cut = true; /* policy: the names that fit are kept, the rest dropped */
            return;
        }
        memcpy(cert->san_text + used, n.p, n.len);
        cert->san_off[cert->nsan] = (uint16_t)used;
        cert->san_len[cert->nsan++] = (uint16_t)n.len;
        used += n.len;
    }
}

static void extensions(struct cursor exts, struct tls_cert *cert)
{
    static const uint8_t san_oid[] = {0x55, 0x1d, 0x11};
    while (exts.left > 0 && !exts.bad) {
        struct cursor ext = der_expect(&exts, DER_SEQUENCE);
        struct cursor oid = der_expect(&ext, DER_OID);
        uint8_t tag;
        struct cursor v = der_next(&ext, &tag);
        if (tag == DER_BOOLEAN) /* critical */
            v = der_next(&ext, &tag);
        if (ext.bad || tag != DER_OCTET_STRING)
            return;
        if (oid.left == sizeof(san_oid) && memcmp(oid.p, san_oid, sizeof(san_oid)) == 0) {
            struct cursor names = der_expect(&v, DER_SEQUENCE);
            if (!v.bad)
                san_names(names, cert);
            return;
        }
    }
}

/* TBSCertificate: version, serial, signature, issuer, validity, subject, key, ..., [3]. */
static bool tbs_fields(struct cursor tbs, struct tls_cert *cert)
{
    uint8_t tag;
    struct cursor f = der_next(&tbs, &tag);
    if (tag == DER_CTX0) /* version */
        f = der_next(&tbs, &tag);
    if (tag != DER_INTEGER)
        return false;
    serial_text(f, cert->serial, sizeof(cert->serial));
    der_expect(&tbs, DER_SEQUENCE); /* signature algorithm */
    struct cursor issuer = der_expect(&tbs, DER_SEQUENCE);
    struct cursor validity = der_expect(&tbs, DER_SEQUENCE);
    struct cursor subject = der_expect(&tbs, DER_SEQUENCE);
    der_expect(&tbs, DER_SEQUENCE); /* subjectPublicKeyInfo: not decoded */
    if (tbs.bad)
        return false;
    name_text(issuer, cert->issuer, sizeof(cert->issuer), &cert->cut);
    name_text(subject, cert->subject, sizeof(cert->subject), &cert->cut);
    uint8_t t1, t2;
    struct cursor nb = der_next(&validity, &t1);
    struct cursor na = der_next(&validity, &t2);
    cert->has_dates = !validity.bad && time_secs(t1, nb, &cert->not_before) &&
                      time_secs(t2, na, &cert->not_after);
    while (tbs.left > 0 && !tbs.bad) { /* issuerUniqueID [1], subjectUniqueID [2], [3] */
        struct cursor x = der_next(&tbs, &tag);
        if (tag == DER_CTX3 && !tbs.bad) {
            struct cursor exts = der_expect(&x, DER_SEQUENCE);
            if (!x.bad)
                extensions(exts, cert);
        }
    }
    return true;
}

bool tls_cert_decode(const struct tls_digests *dg, struct tls_cert *cert, struct span der)
{
    memset(cert, 0, sizeof(*cert));
    struct cursor c = cur_init(der.p, der.len);
    struct cursor crt = der_expect(&c, DER_SEQUENCE);
    struct cursor tbs = der_expect(&crt, DER_SEQUENCE);
    if (c.bad || crt.bad || !tbs_fields(tbs, cert)) {
        memset(cert, 0, sizeof(*cert));
        return false;
    }

    /* SHA-1 of the certificate's DER as it came, lower-case hex with ':' (Suricata). */
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int dlen = 0;
    if (EVP_Digest(der.p, der.len, d, &dlen, dg && dg->sha1 ? dg->sha1 : EVP_sha1(), NULL) == 1) {
        static const char hex[] = "0123456789abcdef";
        size_t o = 0;
        for (unsigned i = 0; i < dlen && o + 3 <= sizeof(cert->fingerprint); i++) {
            if (i > 0)
                cert->fingerprint[o++] = ':';
            cert->fingerprint[o++] = hex[d[i] >> 4];
            cert->fingerprint[o++] = hex[d[i] & 0xf];
        }
        cert->fingerprint[o] = '\0';
    }
    return true;
}
