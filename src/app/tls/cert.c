/* SPDX-License-Identifier: GPL-2.0-only */
/* The fields of a DER certificate EVE prints, through libcrypto's d2i_X509 on a bounded span. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/objects.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "tls.h"

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

/*
 * "C=FR, ST=IDF, CN=SELKS": RDNs in DER order joined by ", ", attributes of one RDN by
 * " + ", short names, emailAddress as "Email": how Suricata's x509-parser prints a name.
 */
static void name_text(const X509_NAME *name, char *out, size_t outlen, bool *cut)
{
    size_t o = 0;
    int prev_set = -1;
    out[0] = '\0';
    for (int i = 0; i < X509_NAME_entry_count(name); i++) {
        const X509_NAME_ENTRY *e = X509_NAME_get_entry(name, i);
        int set = X509_NAME_ENTRY_set(e);
        const char *sep = i == 0 ? "" : set == prev_set ? " + " : ", ";
        prev_set = set;
        const ASN1_OBJECT *obj = X509_NAME_ENTRY_get_object(e);
        int nid = OBJ_obj2nid(obj);
        char key[80];
        if (nid == NID_pkcs9_emailAddress)
            snprintf(key, sizeof(key), "Email");
        else if (nid != NID_undef && OBJ_nid2sn(nid) != NULL)
            snprintf(key, sizeof(key), "%s", OBJ_nid2sn(nid));
        else if (OBJ_obj2txt(key, sizeof(key), obj, 1) <= 0)
            key[0] = '\0';
        append(out, outlen, &o, sep, strlen(sep), cut);
        append(out, outlen, &o, key, strlen(key), cut);
        append(out, outlen, &o, "=", 1, cut);
        unsigned char *utf8 = NULL;
        int n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(e));
        if (n > 0)
            append(out, outlen, &o, utf8, (size_t)n, cut);
        OPENSSL_free(utf8);
    }
}

/* Serial as Suricata prints it: its DER content bytes, upper-case hex, ':' between. */
static void serial_text(const ASN1_INTEGER *serial, char *out, size_t outlen)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *d = ASN1_STRING_get0_data(serial);
    int len = ASN1_STRING_length(serial);
    size_t o = 0;
    /* libcrypto strips the sign byte; DER keeps a leading 00 when the top bit is set. */
    bool pad = len > 0 && (d[0] & 0x80) && ASN1_STRING_type(serial) == V_ASN1_INTEGER;
    out[0] = '\0';
    for (int i = pad ? -1 : 0; i < len && i < TLS_SERIAL_MAX && o + 3 < outlen; i++) {
        uint8_t b = i < 0 ? 0 : d[i];
        if (o > 0)
            out[o++] = ':';
        out[o++] = hex[b >> 4];
        out[o++] = hex[b & 0xf];
    }
    out[o] = '\0';
}

static bool time_secs(const ASN1_TIME *t, int64_t *out)
{
    struct tm tm;
    if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
        return false;
    *out = (int64_t)timegm(&tm);
    return true;
}

/* subjectAltName dNSName entries, as Suricata lists them in tls.subjectaltname. */
static void san_names(X509 *x, struct tls_cert *cert)
{
    GENERAL_NAMES *names = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
    size_t used = 0;
    for (int i = 0; names != NULL && i < sk_GENERAL_NAME_num(names); i++) {
        const GENERAL_NAME *gn = sk_GENERAL_NAME_value(names, i);
        if (gn->type != GEN_DNS)
            continue;
        const unsigned char *d = ASN1_STRING_get0_data(gn->d.dNSName);
        size_t n = (size_t)ASN1_STRING_length(gn->d.dNSName);
        if (cert->nsan == TLS_SAN_MAX || used + n > sizeof(cert->san_text)) {
            cert->cut = true; /* policy: the names that fit are kept, the rest dropped */
            break;
        }
        memcpy(cert->san_text + used, d, n);
        cert->san_off[cert->nsan] = (uint16_t)used;
        cert->san_len[cert->nsan++] = (uint16_t)n;
        used += n;
    }
    GENERAL_NAMES_free(names);
}

bool tls_cert_decode(struct tls_cert *cert, struct span der)
{
    memset(cert, 0, sizeof(*cert));
    const unsigned char *p = der.p;
    if (der.len == 0 || der.len > (size_t)INT32_MAX)
        return false;
    X509 *x = d2i_X509(NULL, &p, (long)der.len);
    if (x == NULL)
        return false;
    name_text(X509_get_subject_name(x), cert->subject, sizeof(cert->subject), &cert->cut);
    name_text(X509_get_issuer_name(x), cert->issuer, sizeof(cert->issuer), &cert->cut);
    serial_text(X509_get0_serialNumber(x), cert->serial, sizeof(cert->serial));
    cert->has_dates = time_secs(X509_get0_notBefore(x), &cert->not_before) &&
                      time_secs(X509_get0_notAfter(x), &cert->not_after);
    san_names(x, cert);
    X509_free(x);

    /* SHA-1 of the certificate's DER as it came, lower-case hex with ':' (Suricata). */
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int dlen = 0;
    if (EVP_Digest(der.p, der.len, d, &dlen, EVP_sha1(), NULL) == 1) {
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
