/* SPDX-License-Identifier: GPL-2.0-only */
/* dns.opcode, dns.rcode and dns.rrtype: integer keywords on a DNS transaction's header. */
#include <string.h>
#include <strings.h>

#include "verify_internal.h"

bool verify_is_dns_kw(enum detect_kw_id id)
{
    return id == DETECT_KW_DNS_OPCODE || id == DETECT_KW_DNS_RCODE || id == DETECT_KW_DNS_RRTYPE;
}

/*
 * Outside a DNS transaction (no DETECT_TXB_DNS_MSG) none matches. dns.rrtype matches when
 * one of the message's question or record types does, as a multi-value integer keyword.
 */
bool verify_dns_kw(const struct sig_kw *k, const struct vctx *v)
{
    if (v->tx == NULL || !(v->tx->have & DETECT_TXB_BIT(DETECT_TXB_DNS_MSG)))
        return false;
    const struct detect_dns_msg *m = &v->tx->dns;
    const struct kw_num *n = k->data;
    switch (k->id) {
    case DETECT_KW_DNS_OPCODE:
        return verify_num_match(n, m->opcode);
    case DETECT_KW_DNS_RCODE:
        return verify_num_match(n, m->rcode);
    default:
        for (uint32_t i = 0; i < m->ntypes; i++)
            if (verify_num_match(n, m->types[i]))
                return true;
        return false;
    }
}

/*
 * app-layer-event:<proto>.<event> on a transaction: true when that event was raised on
 * it. "http1" names HTTP's events too. Outside a transaction with events it is false.
 */
bool verify_app_event(const struct sig_kw *k, const struct vctx *v)
{
    if (v->tx == NULL || !(v->tx->have & DETECT_TXB_BIT(DETECT_TXB_EVENTS)))
        return false;
    const struct detect_app_events *e = &v->tx->events;
    const char *arg = ((const struct kw_text *)k->data)->arg;
    const char *dot = strchr(arg, '.');
    if (dot == NULL || e->proto == NULL || e->name == NULL)
        return false;
    size_t plen = (size_t)(dot - arg);
    bool proto_ok =
        (strlen(e->proto) == plen && strncasecmp(arg, e->proto, plen) == 0) ||
        (plen == 5 && strncasecmp(arg, "http1", 5) == 0 && strcmp(e->proto, "http") == 0);
    for (unsigned b = 0; proto_ok && b < 64; b++) {
        const char *name = (e->bits >> b) & 1 ? e->name(b) : NULL;
        if (name != NULL && strcasecmp(name, dot + 1) == 0)
            return true;
    }
    return false;
}
