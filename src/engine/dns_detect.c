/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DNS transactions as detection sees them: Suricata's DNS sticky buffers are multi-buffers
 * (each question or record name is inspected on its own), so a message is inspected once
 * per name position, each time with the i-th name of every list and the header fields.
 */
#include "dns_detect.h"

static void add_name(struct dns_detect *dd, const struct dns_msg *m, const struct dns_name *n)
{
    if (dd->nresponse < DNS_DETECT_NAMES)
        dd->response[dd->nresponse++] = dns_name_text(m, n);
}

void dns_detect_prepare(struct dns_detect *dd, const struct dns_tx *tx)
{
    const struct dns_msg *m = tx->msg;
    unsigned nrr = m->nrr[DNS_SEC_ANSWER] + m->nrr[DNS_SEC_AUTHORITY] + m->nrr[DNS_SEC_ADDITIONAL];
    dd->nresponse = 0;
    /* dns.response.rrname: the questions, each record's name and the names in its rdata */
    for (unsigned i = 0; !tx->to_server && i < m->nq; i++)
        add_name(dd, m, &m->q[i].name);
    for (unsigned i = 0; !tx->to_server && i < nrr && i < DNS_MAX_RRS; i++) {
        const struct dns_rr *rr = &m->rr[i];
        add_name(dd, m, &rr->name);
        if (rr->kind == DNS_RD_NAME || rr->kind == DNS_RD_SOA || rr->kind == DNS_RD_SRV)
            add_name(dd, m, &rr->target);
        if (rr->kind == DNS_RD_SOA)
            add_name(dd, m, &rr->rname);
    }
    uint32_t calls = dd->nresponse > m->nq ? dd->nresponse : m->nq;
    for (int s = 0; s < DNS_SEC_MAX; s++)
        if (m->nrr[s] > calls)
            calls = m->nrr[s];
    dd->calls = calls ? calls : 1;
    unsigned nt = 0;
    for (unsigned i = 0; i < m->nq && nt < DNS_DETECT_TYPES; i++)
        dd->types[nt++] = m->q[i].type;
    for (unsigned i = 0; i < nrr && nt < DNS_DETECT_TYPES; i++)
        dd->types[nt++] = m->rr[i].type;
    dd->ntypes = nt;
}

static const char *event_name(unsigned ev)
{
    return ev < DNS_EV_MAX ? dns_event_name((enum dns_event)ev) : NULL;
}

static void set(struct detect_tx_input *in, enum detect_txb b, struct span v)
{
    in->buf[b] = v;
    in->have |= DETECT_TXB_BIT(b);
}

void dns_detect_input(const struct dns_detect *dd, const struct dns_tx *tx, uint32_t i,
                      struct detect_tx_input *in)
{
    const struct dns_msg *m = tx->msg;
    in->dns = (struct detect_dns_msg){.opcode = (uint8_t)((m->flags >> 11) & 0xf),
                                      .rcode = (uint8_t)(m->flags & 0xf),
                                      .types = dd->types,
                                      .ntypes = dd->ntypes};
    in->have |= DETECT_TXB_BIT(DETECT_TXB_DNS_MSG);
    in->events = (struct detect_app_events){.proto = "dns", .bits = tx->events, .name = event_name};
    in->have |= DETECT_TXB_BIT(DETECT_TXB_EVENTS);
    if (i < m->nq) {
        set(in, DETECT_TXB_DNS_QUERIES, dns_name_text(m, &m->q[i].name));
        if (tx->to_server)
            set(in, DETECT_TXB_DNS_QUERY, dns_name_text(m, &m->q[i].name));
    }
    static const enum detect_txb secs[DNS_SEC_MAX] = {
        [DNS_SEC_ANSWER] = DETECT_TXB_DNS_ANSWERS,
        [DNS_SEC_AUTHORITY] = DETECT_TXB_DNS_AUTHORITIES,
        [DNS_SEC_ADDITIONAL] = DETECT_TXB_DNS_ADDITIONALS,
    };
    for (int s = 0; s < DNS_SEC_MAX; s++)
        if (i < m->nrr[s])
            set(in, secs[s], dns_name_text(m, &m->rr[dns_section_first(m, s) + i].name));
    if (i < dd->nresponse)
        set(in, DETECT_TXB_DNS_RESPONSE, dd->response[i]);
}
