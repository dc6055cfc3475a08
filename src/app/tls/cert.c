/* SPDX-License-Identifier: GPL-2.0-only */
/* The fields of a DER certificate EVE prints, through libcrypto's d2i_X509 on a bounded span. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "tls.h"

/* "C=FR, ST=IDF, CN=SELKS": RDNs in DER order, ", " between them, as Suricata prints them. */
static void name_text(const X509_NAME *name, char *out, size_t outlen)
{
    out[0] = '\0';
    BIO *bio = BIO_new(BIO_s_mem());
    if (bio == NULL)
        return;
    unsigned long flags = XN_FLAG_SEP_CPLUS_SPC | ASN1_STRFLGS_UTF8_CONVERT;
    if (X509_NAME_print_ex(bio, name, 0, flags) >= 0) {
        int n = BIO_read(bio, out, (int)outlen - 1);
        out[n > 0 ? n : 0] = '\0';
    }
    BIO_free(bio);
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

bool tls_cert_decode(struct tls_cert *cert, struct span der)
{
    memset(cert, 0, sizeof(*cert));
    const unsigned char *p = der.p;
    if (der.len == 0 || der.len > (size_t)INT32_MAX)
        return false;
    X509 *x = d2i_X509(NULL, &p, (long)der.len);
    if (x == NULL)
        return false;
    name_text(X509_get_subject_name(x), cert->subject, sizeof(cert->subject));
    name_text(X509_get_issuer_name(x), cert->issuer, sizeof(cert->issuer));
    serial_text(X509_get0_serialNumber(x), cert->serial, sizeof(cert->serial));
    cert->has_dates = time_secs(X509_get0_notBefore(x), &cert->not_before) &&
                      time_secs(X509_get0_notAfter(x), &cert->not_after);
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
