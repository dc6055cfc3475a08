/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Certificate validity and chain keywords on a TLS transaction: tls_cert_notbefore,
 * tls_cert_notafter, tls_cert_expired, tls_cert_valid (and their dotted spellings) and
 * tls.cert_chain_len, as Suricata's rule documentation describes them.
 */
#include "detect/rules/kw_tls.h"
#include "verify_internal.h"

bool verify_is_tls_kw(enum detect_kw_id id)
{
    switch (id) {
    case DETECT_KW_TLS_CERT_NOTBEFORE:
    case DETECT_KW_TLS_CERT_NOTAFTER:
    case DETECT_KW_TLS_CERT_EXPIRED:
    case DETECT_KW_TLS_CERT_VALID:
    case DETECT_KW_TLS_CERT_NOTBEFORE_DOT:
    case DETECT_KW_TLS_CERT_NOTAFTER_DOT:
    case DETECT_KW_TLS_CERT_EXPIRED_DOT:
    case DETECT_KW_TLS_CERT_VALID_DOT:
    case DETECT_KW_TLS_CERT_CHAIN_LEN:
        return true;
    default:
        return false;
    }
}

static bool date_match(const struct kw_tls_date *d, int64_t x)
{
    switch (d->op) {
    case KW_NUM_LT:
        return x < d->a;
    case KW_NUM_GT:
        return x > d->a;
    case KW_NUM_RANGE:
        return x > d->a && x < d->b;
    default:
        return x == d->a;
    }
}

/*
 * Without a certificate (or before it is seen) none of these matches. Expired and valid
 * compare notAfter with the packet's time: Suricata's "it only evaluates the validity
 * date", no chain validation.
 */
bool verify_tls_kw(const struct sig_kw *k, const struct vctx *v)
{
    if (v->tx == NULL || !(v->tx->have & DETECT_TXB_BIT(DETECT_TXB_TLS_CERT_INFO)))
        return false;
    const struct detect_tls_cert *c = &v->tx->tls;
    int64_t now = (int64_t)(v->p->ts_usec / 1000000);
    switch (k->id) {
    case DETECT_KW_TLS_CERT_CHAIN_LEN:
        return c->chain_len > 0 && verify_num_match(k->data, c->chain_len);
    case DETECT_KW_TLS_CERT_NOTBEFORE:
    case DETECT_KW_TLS_CERT_NOTBEFORE_DOT:
        return c->has_dates && date_match(k->data, c->not_before);
    case DETECT_KW_TLS_CERT_NOTAFTER:
    case DETECT_KW_TLS_CERT_NOTAFTER_DOT:
        return c->has_dates && date_match(k->data, c->not_after);
    case DETECT_KW_TLS_CERT_EXPIRED:
    case DETECT_KW_TLS_CERT_EXPIRED_DOT:
        return c->has_dates && now > c->not_after;
    default: /* valid */
        return c->has_dates && now <= c->not_after;
    }
}
