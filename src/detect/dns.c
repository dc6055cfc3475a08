/* SPDX-License-Identifier: GPL-2.0-only */
/* dns.opcode, dns.rcode and dns.rrtype: integer keywords on a DNS transaction's header. */
#include "verify_internal.h"

bool verify_is_dns_kw(enum detect_kw_id id)
{
    return id == DETECT_KW_DNS_OPCODE || id == DETECT_KW_DNS_RCODE || id == DETECT_KW_DNS_RRTYPE;
}

static bool num_ok(const struct kw_num *n, uint64_t x)
{
    switch (n->op) {
    case KW_NUM_EQ:
        return x == n->a;
    case KW_NUM_NE:
        return x != n->a;
    case KW_NUM_LT:
        return x < n->a;
    case KW_NUM_LE:
        return x <= n->a;
    case KW_NUM_GT:
        return x > n->a;
    case KW_NUM_GE:
        return x >= n->a;
    case KW_NUM_RANGE:
        return x > n->a && x < n->b;
    case KW_NUM_RANGE_INCL:
        return x >= n->a && x <= n->b;
    }
    return false;
}

/*
 * Outside a DNS transaction (no DETECT_TXB_DNS_MSG) none matches. dns.rrtype matches when
 * one of the message's question or record types does, as a multi-value integer keyword.
 */
bool verify_dns_kw(const struct sig_kw *k, const struct vctx *v)
{
    if (v->tx == NULL || !(v->tx->have & (1u << DETECT_TXB_DNS_MSG)))
        return false;
    const struct detect_dns_msg *m = &v->tx->dns;
    const struct kw_num *n = k->data;
    switch (k->id) {
    case DETECT_KW_DNS_OPCODE:
        return num_ok(n, m->opcode);
    case DETECT_KW_DNS_RCODE:
        return num_ok(n, m->rcode);
    default:
        for (uint32_t i = 0; i < m->ntypes; i++)
            if (num_ok(n, m->types[i]))
                return true;
        return false;
    }
}
