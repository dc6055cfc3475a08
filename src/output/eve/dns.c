/* SPDX-License-Identifier: GPL-2.0-only */
/* EVE "dns" records in Suricata 8's version 3 format (rust/src/dns/log.rs, output-json-dns.c). */
#include "dns.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/compiler.h"
#include "core/err.h"
#include "core/log.h"
#include "eve_internal.h"

/* Record types Suricata's dns logger can filter on, with their flag bit and YAML name. */
static const struct {
    uint16_t type;
    uint8_t bit;
    const char *conf;
} type_bits[] = {
    {1, 2, "a"},        {2, 3, "ns"},         {3, 4, "md"},        {4, 5, "mf"},
    {5, 6, "cname"},    {6, 7, "soa"},        {7, 8, "mb"},        {8, 9, "mg"},
    {9, 10, "mr"},      {10, 11, "null"},     {11, 12, "wks"},     {12, 13, "ptr"},
    {13, 14, "hinfo"},  {14, 15, "minfo"},    {15, 16, "mx"},      {16, 17, "txt"},
    {17, 18, "rp"},     {18, 19, "afsdb"},    {19, 20, "x25"},     {20, 21, "isdn"},
    {21, 22, "rt"},     {22, 23, "nsap"},     {23, 24, "nsapptr"}, {24, 25, "sig"},
    {25, 26, "key"},    {26, 27, "px"},       {27, 28, "gpos"},    {28, 29, "aaaa"},
    {29, 30, "loc"},    {30, 31, "nxt"},      {33, 32, "srv"},     {34, 33, "atma"},
    {35, 34, "naptr"},  {36, 35, "kx"},       {37, 36, "cert"},    {38, 37, "a6"},
    {39, 38, "dname"},  {41, 39, "opt"},      {42, 40, "apl"},     {43, 41, "ds"},
    {44, 42, "sshfp"},  {45, 43, "ipseckey"}, {46, 44, "rrsig"},   {47, 45, "nsec"},
    {48, 46, "dnskey"}, {49, 47, "dhcid"},    {50, 48, "nsec3"},   {51, 49, "nsec3param"},
    {52, 50, "tlsa"},   {55, 51, "hip"},      {59, 52, "cds"},     {60, 53, "cdnskey"},
    {99, 54, "spf"},    {249, 55, "tkey"},    {250, 56, "tsig"},   {254, 57, "maila"},
    {255, 58, "any"},   {256, 59, "uri"},     {65, 62, "https"},
};

#define TYPE_BITS_ALL 0x43fffffffffffffcull /* bits 2-59 and 62 */

void eve_dns_config_defaults(struct eve_dns_config *dc)
{
    dc->flags = ~0ull;
    dc->version = 3;
}

static bool type_enabled(const struct eve_dns_config *dc, uint16_t type)
{
    if (dc->flags == ~0ull)
        return true;
    for (size_t i = 0; i < KH_ARRAY_LEN(type_bits); i++)
        if (type_bits[i].type == type)
            return dc->flags & (1ull << type_bits[i].bit);
    return false;
}

/* requests/responses and their v1 names query/answer: absent means on. */
static int read_toggle(const struct conf_node *node, const char *key, const char *old_key,
                       uint64_t bit, uint64_t *flags, char *errbuf, size_t errlen)
{
    const struct conf_node *n = conf_node_child(node, key);
    if (n == NULL)
        n = conf_node_child(node, old_key);
    bool on = true;
    int err = conf_node_bool(n, &on, errbuf, errlen);
    if (err != KH_OK && err != KH_ENOENT)
        return err;
    *flags = on ? *flags | bit : *flags & ~bit;
    return KH_OK;
}

static void read_formats(const struct conf_node *formats, uint64_t *flags)
{
    uint64_t f = 0;
    for (const struct conf_node *n = formats ? formats->first_child : NULL; n; n = n->next) {
        if (n->value && strcasecmp(n->value, "detailed") == 0)
            f |= EVE_DNS_DETAILED;
        else if (n->value && strcasecmp(n->value, "grouped") == 0)
            f |= EVE_DNS_GROUPED;
        else
            kh_warn("eve-log dns: unknown format '%s' (detailed or grouped)",
                    n->value ? n->value : "");
    }
    /* An empty or unusable list keeps both, as Suricata does. */
    if (f != 0)
        *flags = (*flags & ~(EVE_DNS_DETAILED | EVE_DNS_GROUPED)) | f;
}

static void read_types(const struct conf_node *types, uint64_t *flags)
{
    *flags &= ~TYPE_BITS_ALL;
    for (const struct conf_node *n = types->first_child; n != NULL; n = n->next) {
        size_t i = 0;
        while (i < KH_ARRAY_LEN(type_bits) &&
               (n->value == NULL || strcasecmp(type_bits[i].conf, n->value) != 0))
            i++;
        if (i < KH_ARRAY_LEN(type_bits))
            *flags |= 1ull << type_bits[i].bit;
        else
            kh_warn("eve-log dns: unknown record type '%s' in types", n->value ? n->value : "");
    }
}

int eve_dns_config_read(struct eve_dns_config *dc, const struct conf_node *node, char *errbuf,
                        size_t errlen)
{
    eve_dns_config_defaults(dc);
    if (node == NULL)
        return KH_OK;
    int err = read_toggle(node, "requests", "query", EVE_DNS_REQUESTS, &dc->flags, errbuf, errlen);
    if (err == KH_OK)
        err =
            read_toggle(node, "responses", "answer", EVE_DNS_RESPONSES, &dc->flags, errbuf, errlen);
    if (err != KH_OK)
        return err;
    const struct conf_node *n = conf_node_child(node, "formats");
    if (n != NULL)
        read_formats(n, &dc->flags);
    n = conf_node_child(node, "types");
    if (n != NULL)
        read_types(n, &dc->flags);
    n = conf_node_child(node, "version");
    if (n != NULL && n->value != NULL) {
        if (strcmp(n->value, "2") == 0)
            dc->version = 2;
        else if (strcmp(n->value, "3") != 0)
            kh_warn("eve-log dns: version %s is not written; khien writes version 3", n->value);
    }
    return KH_OK;
}

static void put_name(struct jbuf *jb, const char *key, const struct dns_msg *m,
                     const struct dns_name *n)
{
    eve_put_wire_bytes(jb, key, dns_name_text(m, n));
}

static void put_type(struct jbuf *jb, const char *key, uint16_t type)
{
    const char *name = dns_type_name(type);
    char tmp[8];
    if (name == NULL) {
        snprintf(tmp, sizeof(tmp), "%u", type);
        name = tmp;
    }
    jb_str(jb, key, name);
}

/* An address as Suricata's dns_print_addr: dotted quad, eight full groups, or "". */
static void put_addr(struct jbuf *jb, const char *key, struct span a)
{
    char out[46] = "";
    struct kh_addr ka;
    memset(&ka, 0, sizeof(ka));
    if (a.len == 4 || a.len == 16) {
        memcpy(ka.b, a.p, a.len);
        eve_format_addr(&ka, a.len == 4 ? 4 : 6, out);
    }
    jb_str(jb, key, out);
}

static void put_soa(struct jbuf *jb, const char *key, const struct dns_msg *m,
                    const struct dns_rr *rr)
{
    static const char *const fields[5] = {"serial", "refresh", "retry", "expire", "minimum"};
    jb_open_object(jb, key);
    put_name(jb, "mname", m, &rr->target);
    if (rr->target.flags & DNS_NAME_TRUNCATED)
        jb_bool(jb, "mname_truncated", true);
    put_name(jb, "rname", m, &rr->rname);
    for (int i = 0; i < 5; i++)
        jb_u64(jb, fields[i], rr->u32[i]);
    jb_close_object(jb);
}

static void put_srv(struct jbuf *jb, const char *key, const struct dns_msg *m,
                    const struct dns_rr *rr)
{
    jb_open_object(jb, key);
    jb_u64(jb, "priority", rr->u16[0]);
    jb_u64(jb, "weight", rr->u16[1]);
    jb_u64(jb, "port", rr->u16[2]);
    put_name(jb, "name", m, &rr->target);
    jb_close_object(jb);
}

static void put_sshfp(struct jbuf *jb, const char *key, const struct dns_rr *rr)
{
    static const char hex[] = "0123456789abcdef";
    char fp[3 * 255 + 1];
    size_t n = 0;
    /* Colon-separated lowercase hex; the rdata length bounds it to 253 bytes. */
    for (size_t i = 0; i < rr->data.len && n + 3 < sizeof(fp); i++) {
        if (i)
            fp[n++] = ':';
        fp[n++] = hex[rr->data.p[i] >> 4];
        fp[n++] = hex[rr->data.p[i] & 0xf];
    }
    jb_open_object(jb, key);
    jb_strn(jb, "fingerprint", fp, n);
    jb_u64(jb, "algo", rr->u8[0]);
    jb_u64(jb, "type", rr->u8[1]);
    jb_close_object(jb);
}

static void put_opt(struct jbuf *jb, const struct dns_rr *rr)
{
    static const char hex[] = "0123456789abcdef";
    struct cursor c = cur_init(rr->data.p, rr->data.len);
    uint16_t code;
    struct span data;
    jb_open_array(jb, "opt");
    while (dns_opt_next(&c, &code, &data)) {
        jb_open_object(jb, NULL);
        jb_u64(jb, "code", code);
        char *o = jb_member(jb, "data", data.len * 2 + 2);
        if (o != NULL) {
            *o++ = '"';
            for (size_t i = 0; i < data.len; i++) {
                *o++ = hex[data.p[i] >> 4];
                *o++ = hex[data.p[i] & 0xf];
            }
            *o++ = '"';
            jb->len = (size_t)(o - jb->buf);
        }
        jb_close_object(jb);
    }
    jb_close_array(jb);
}

/* One record in detail (dns_log_json_answer_detail). */
static void put_rr_detail(struct jbuf *jb, const struct dns_msg *m, const struct dns_rr *rr)
{
    jb_open_object(jb, NULL);
    put_name(jb, "rrname", m, &rr->name);
    if (rr->name.flags & DNS_NAME_TRUNCATED)
        jb_bool(jb, "rrname_truncated", true);
    put_type(jb, "rrtype", rr->type);
    jb_u64(jb, "ttl", rr->ttl);
    switch ((enum dns_rdata_kind)rr->kind) {
    case DNS_RD_ADDR:
        put_addr(jb, "rdata", rr->data);
        break;
    case DNS_RD_NAME:
        put_name(jb, "rdata", m, &rr->target);
        if (rr->target.flags & DNS_NAME_TRUNCATED)
            jb_bool(jb, "rdata_truncated", true);
        break;
    case DNS_RD_TXT:
    case DNS_RD_NULL:
        eve_put_wire_bytes(jb, "rdata", rr->data);
        break;
    case DNS_RD_SOA:
        put_soa(jb, "soa", m, rr);
        break;
    case DNS_RD_SSHFP:
        put_sshfp(jb, "sshfp", rr);
        break;
    case DNS_RD_SRV:
        put_srv(jb, "srv", m, rr);
        break;
    case DNS_RD_OPT:
        put_opt(jb, rr);
        break;
    case DNS_RD_RAW:
        break;
    }
    jb_close_object(jb);
}

/* The grouped form's value of one record; false for kinds it leaves out. */
static bool put_grouped_value(struct jbuf *jb, const struct dns_msg *m, const struct dns_rr *rr)
{
    switch ((enum dns_rdata_kind)rr->kind) {
    case DNS_RD_ADDR:
        put_addr(jb, NULL, rr->data);
        return true;
    case DNS_RD_NAME:
        put_name(jb, NULL, m, &rr->target);
        return true;
    case DNS_RD_TXT:
    case DNS_RD_NULL:
        eve_put_wire_bytes(jb, NULL, rr->data);
        return true;
    case DNS_RD_SOA:
        put_soa(jb, NULL, m, rr);
        return true;
    case DNS_RD_SSHFP:
        put_sshfp(jb, NULL, rr);
        return true;
    case DNS_RD_SRV:
        put_srv(jb, NULL, m, rr);
        return true;
    case DNS_RD_OPT:
    case DNS_RD_RAW:
        break;
    }
    return false;
}

static bool groupable(const struct dns_rr *rr)
{
    return rr->kind != DNS_RD_OPT && rr->kind != DNS_RD_RAW;
}

/*
 * "grouped": one array per record type, types in the order first seen (Suricata's order
 * comes from a hash map and is not fixed; readers look keys up by name).
 */
static void put_grouped(struct jbuf *jb, const struct dns_msg *m)
{
    unsigned n = m->nrr[DNS_SEC_ANSWER];
    jb_open_object(jb, "grouped");
    for (unsigned i = 0; i < n; i++) {
        const struct dns_rr *rr = &m->rr[i];
        bool seen = false;
        for (unsigned j = 0; j < i && !seen; j++)
            seen = groupable(&m->rr[j]) && m->rr[j].type == rr->type;
        if (seen || !groupable(rr))
            continue;
        char tmp[8];
        const char *name = dns_type_name(rr->type);
        if (name == NULL) {
            snprintf(tmp, sizeof(tmp), "%u", rr->type);
            name = tmp;
        }
        jb_open_array(jb, name);
        for (unsigned j = i; j < n; j++)
            if (m->rr[j].type == rr->type)
                put_grouped_value(jb, m, &m->rr[j]);
        jb_close_array(jb);
    }
    jb_close_object(jb);
}

static void put_section(struct jbuf *jb, const char *key, const struct dns_msg *m,
                        enum dns_section sec)
{
    unsigned first = dns_section_first(m, sec), n = m->nrr[sec], shown = 0;
    for (unsigned i = first; i < first + n; i++) {
        const struct dns_rr *rr = &m->rr[i];
        /* Additionals: an OPT record without options is left out, as Suricata does. */
        if (sec == DNS_SEC_ADDITIONAL && rr->kind == DNS_RD_OPT && rr->data.len == 0)
            continue;
        if (shown++ == 0)
            jb_open_array(jb, key);
        put_rr_detail(jb, m, rr);
    }
    if (shown)
        jb_close_array(jb);
}

static void put_header(struct jbuf *jb, const struct dns_tx *tx)
{
    static const struct {
        uint16_t bit;
        const char *name;
    } bits[] = {{DNS_FLAG_QR, "qr"}, {DNS_FLAG_AA, "aa"}, {DNS_FLAG_TC, "tc"},
                {DNS_FLAG_RD, "rd"}, {DNS_FLAG_RA, "ra"}, {DNS_FLAG_Z, "z"}};
    const struct dns_msg *m = tx->msg;
    char hexflags[8];
    int n = snprintf(hexflags, sizeof(hexflags), "%x", m->flags);
    jb_u64(jb, "version", 3);
    jb_str(jb, "type", tx->to_server ? "request" : "response");
    jb_u64(jb, "tx_id", tx->tx_id);
    jb_u64(jb, "id", m->id);
    jb_strn(jb, "flags", hexflags, (size_t)n);
    for (size_t i = 0; i < KH_ARRAY_LEN(bits); i++)
        if (m->flags & bits[i].bit)
            jb_bool(jb, bits[i].name, true);
    jb_u64(jb, "opcode", (m->flags >> 11) & 0xf);
    const char *rcode = dns_rcode_name(m->flags);
    char tmp[4];
    if (rcode == NULL) {
        snprintf(tmp, sizeof(tmp), "%u", m->flags & 0xfu);
        rcode = tmp;
    }
    jb_str(jb, "rcode", rcode);
}

/* The "dns" object (SCDnsLogJson, version 3). */
static void put_dns(struct jbuf *jb, const struct eve_dns_config *dc, const struct dns_tx *tx)
{
    const struct dns_msg *m = tx->msg;
    jb_open_object(jb, "dns");
    put_header(jb, tx);
    if (m->nq > 0) {
        jb_open_array(jb, "queries");
        for (unsigned i = 0; i < m->nq; i++) {
            if (!type_enabled(dc, m->q[i].type))
                continue;
            jb_open_object(jb, NULL);
            put_name(jb, "rrname", m, &m->q[i].name);
            put_type(jb, "rrtype", m->q[i].type);
            if (m->q[i].name.flags & DNS_NAME_TRUNCATED)
                jb_bool(jb, "rrname_truncated", true);
            jb_close_object(jb);
        }
        jb_close_array(jb);
    }
    if (m->nrr[DNS_SEC_ANSWER] > 0) {
        if (dc->flags & EVE_DNS_DETAILED)
            put_section(jb, "answers", m, DNS_SEC_ANSWER);
        if (dc->flags & EVE_DNS_GROUPED)
            put_grouped(jb, m);
    }
    put_section(jb, "authorities", m, DNS_SEC_AUTHORITY);
    put_section(jb, "additionals", m, DNS_SEC_ADDITIONAL);
    jb_close_object(jb);
}

void eve_put_dns_object(struct jbuf *jb, const struct dns_tx *tx)
{
    struct eve_dns_config dc;
    eve_dns_config_defaults(&dc);
    put_dns(jb, &dc, tx);
}

/*
 * Version 2 (Suricata's older layout, still selectable): a request gives one record per
 * question ("type":"query"); a response gives one "type":"answer" record carrying the
 * first question and the answers in the configured formats.
 */
static void put_dns_v2_query(struct jbuf *jb, const struct dns_tx *tx, unsigned i)
{
    const struct dns_msg *m = tx->msg;
    jb_open_object(jb, "dns");
    jb_u64(jb, "version", 2); /* Suricata's EVE schema requires it on every dns object */
    jb_str(jb, "type", "query");
    jb_u64(jb, "id", m->id);
    put_name(jb, "rrname", m, &m->q[i].name);
    put_type(jb, "rrtype", m->q[i].type);
    jb_u64(jb, "tx_id", tx->tx_id);
    jb_u64(jb, "opcode", (m->flags >> 11) & 0xf);
    jb_close_object(jb);
}

static void put_dns_v2_answer(struct jbuf *jb, const struct eve_dns_config *dc,
                              const struct dns_tx *tx)
{
    const struct dns_msg *m = tx->msg;
    jb_open_object(jb, "dns");
    jb_u64(jb, "version", 2);
    jb_str(jb, "type", "answer");
    jb_u64(jb, "id", m->id);
    char hexflags[8];
    int n = snprintf(hexflags, sizeof(hexflags), "%x", m->flags);
    jb_strn(jb, "flags", hexflags, (size_t)n);
    static const struct {
        uint16_t bit;
        const char *name;
    } bits[] = {{DNS_FLAG_QR, "qr"}, {DNS_FLAG_AA, "aa"}, {DNS_FLAG_TC, "tc"},
                {DNS_FLAG_RD, "rd"}, {DNS_FLAG_RA, "ra"}, {DNS_FLAG_Z, "z"}};
    for (size_t i = 0; i < KH_ARRAY_LEN(bits); i++)
        if (m->flags & bits[i].bit)
            jb_bool(jb, bits[i].name, true);
    jb_u64(jb, "opcode", (m->flags >> 11) & 0xf);
    if (m->nq > 0) {
        put_name(jb, "rrname", m, &m->q[0].name);
        put_type(jb, "rrtype", m->q[0].type);
    }
    const char *rcode = dns_rcode_name(m->flags);
    char tmp[4];
    if (rcode == NULL) {
        snprintf(tmp, sizeof(tmp), "%u", m->flags & 0xfu);
        rcode = tmp;
    }
    jb_str(jb, "rcode", rcode);
    if (m->nrr[DNS_SEC_ANSWER] > 0) {
        if (dc->flags & EVE_DNS_DETAILED)
            put_section(jb, "answers", m, DNS_SEC_ANSWER);
        if (dc->flags & EVE_DNS_GROUPED)
            put_grouped(jb, m);
    }
    put_section(jb, "authorities", m, DNS_SEC_AUTHORITY);
    jb_close_object(jb);
}

/* SCDnsLogEnabled: a message is logged when one of its questions has a wanted type. */
static bool wanted(const struct eve_dns_config *dc, const struct dns_tx *tx)
{
    if (!(dc->flags & (tx->to_server ? EVE_DNS_REQUESTS : EVE_DNS_RESPONSES)))
        return false;
    for (unsigned i = 0; i < tx->msg->nq; i++)
        if (type_enabled(dc, tx->msg->q[i].type))
            return true;
    return false;
}

/*
 * The record head every dns record shares: time, flow, tuple, packet source. The tuple is
 * the packet's, except for version 2 answers, which Suricata writes in the flow's
 * direction (client to server).
 */
static void begin_dns(struct eve_output *eo, const struct packet *p, const struct flow *f,
                      bool flow_dir)
{
    struct jbuf *jb = &eo->jb;
    eve_begin(eo, p->ts_usec, f ? f->id : 0, p->pcap_cnt, "dns");
    eve_put_vlans(jb, p->vlan, p->vlan_cnt);
    if (flow_dir && f != NULL)
        eve_put_flow_tuple(eo, f);
    else
        eve_put_packet_tuple(eo, p);
    if (p->tunnel_depth == 0)
        jb_str(jb, "pkt_src", "wire/pcap");
    eve_put_packet_ether(eo, p);
    eve_put_community_id(eo, f);
}

void eve_log_dns(struct eve_output *eo, const struct eve_dns_config *dc, const struct packet *p,
                 const struct flow *f, const struct dns_tx *tx)
{
    if (!(eo->cfg.types & EVE_TYPE_DNS) || !wanted(dc, tx))
        return;
    if (dc->version == 2 && tx->to_server) {
        for (unsigned i = 0; i < tx->msg->nq; i++) {
            if (!type_enabled(dc, tx->msg->q[i].type))
                continue;
            begin_dns(eo, p, f, false);
            put_dns_v2_query(&eo->jb, tx, i);
            eve_end(eo, EVE_TYPE_DNS);
        }
        return;
    }
    begin_dns(eo, p, f, dc->version == 2);
    if (dc->version == 2)
        put_dns_v2_answer(&eo->jb, dc, tx);
    else
        put_dns(&eo->jb, dc, tx);
    eve_end(eo, EVE_TYPE_DNS);
}
