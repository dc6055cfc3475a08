/* SPDX-License-Identifier: GPL-2.0-only */
/* The DNS message parser: header, questions, records, compressed names, rdata (docs/internals/dns.md). */
#include <string.h>

#include "dns.h"

/* One message being parsed. */
struct parser {
    struct dns_msg *msg;
    struct span whole; /* the message, for compression pointers */
    bool full;         /* the name arena ran out while reading the current record */
    unsigned steps;    /* name steps left in this message (DNS_MSG_MAX_STEPS) */
    bool spent;        /* the step budget ran out (the name that hit it is an error) */
};

/* Copy a finished name into the arena; when it does not fit, the record is not kept. */
static void name_store(struct parser *ps, const uint8_t *buf, size_t n, uint8_t flags,
                       struct dns_name *out)
{
    struct dns_msg *m = ps->msg;
    out->off = m->text_len;
    out->len = 0;
    out->flags = flags;
    m->name_flags |= flags;
    if (n > sizeof(m->text) - m->text_len) {
        ps->full = true;
        return;
    }
    memcpy(m->text + m->text_len, buf, n);
    m->text_len += (uint32_t)n;
    out->len = (uint16_t)n;
}

/* A label: append it unless the name is already cut. */
static bool name_label(struct cursor *cur, uint8_t *buf, size_t *n, uint8_t flags)
{
    uint8_t len = cur_u8(cur);
    struct span label = cur_bytes(cur, len);
    if (cur->bad)
        return false;
    if (!(flags & DNS_NAME_TRUNCATED)) {
        if (*n)
            buf[(*n)++] = '.';
        memcpy(buf + *n, label.p, label.len);
        *n += label.len;
    }
    return true;
}

/*
 * Read a name at c into the arena, following compression pointers (RFC 1035 4.1.4) as
 * Suricata's dns_parse_name does: at most DNS_MAX_LABELS labels and pointers in all, so a
 * pointer loop ends there; a pointer to itself is a loop at once. Past the first pointer the
 * end of the name is known, so a loop, the label limit or an overlong name only cut the
 * name; before it they are errors. c ends after the name, or after its first pointer.
 */
static enum dns_parse_status parse_name(struct parser *ps, struct cursor *c, struct dns_name *out)
{
    uint8_t buf[DNS_NAME_TEXT_MAX + 1 + 63 + 1]; /* room for one label past the cap */
    size_t n = 0;
    uint8_t flags = 0;
    struct cursor jump;
    struct cursor *cur = c;
    bool jumped = false;

    for (unsigned count = 0; cur->left > 0;) {
        if (ps->steps == 0) {
            ps->spent = true;
            return DNS_PARSE_ERROR; /* the message's step budget is spent */
        }
        ps->steps--;
        uint8_t len = cur_peek_u8(cur);
        if (len == 0) {
            cur_skip(cur, 1);
            break;
        }
        if ((len & 0xc0) == 0) {
            if (!name_label(cur, buf, &n, flags))
                return DNS_PARSE_INCOMPLETE;
        } else if ((len & 0xc0) == 0xc0) {
            const uint8_t *at = cur->p;
            bool at_tail = cur->p + cur->left == ps->whole.p + ps->whole.len;
            size_t off = cur_be16(cur) & 0x3fff;
            if (cur->bad)
                return DNS_PARSE_INCOMPLETE;
            if (off > ps->whole.len)
                return DNS_PARSE_ERROR;
            jump = cur_init(ps->whole.p, ps->whole.len);
            cur_skip(&jump, off);
            if (jump.p == at && at_tail) {
                flags |= DNS_NAME_LOOP;
                if (jumped)
                    break;
                return DNS_PARSE_ERROR;
            }
            cur = &jump;
            jumped = true;
        } else {
            return DNS_PARSE_ERROR; /* 01 and 10 label types (RFC 6891 dropped them) */
        }
        if (++count > DNS_MAX_LABELS) {
            flags |= DNS_NAME_LABEL_LIMIT;
            if (!jumped)
                return DNS_PARSE_ERROR;
            flags |= DNS_NAME_TRUNCATED;
            break;
        }
        if (n > DNS_NAME_TEXT_MAX) {
            n = DNS_NAME_TEXT_MAX;
            flags |= DNS_NAME_TRUNCATED;
            if (jumped)
                break;
        }
    }
    if (n > DNS_NAME_TEXT_MAX) { /* the label limit can stop the loop before the length check */
        n = DNS_NAME_TEXT_MAX;
        flags |= DNS_NAME_TRUNCATED;
    }
    name_store(ps, buf, n, flags, out);
    return DNS_PARSE_OK;
}

/* Keep a finished record, or count it when a cap is reached. */
static void keep_rr(struct parser *ps, enum dns_section sec, const struct dns_rr *rr)
{
    struct dns_msg *m = ps->msg;
    unsigned kept = (unsigned)m->nrr[0] + m->nrr[1] + m->nrr[2];
    if (ps->full || kept >= DNS_MAX_RRS) {
        m->dropped++;
        return;
    }
    m->rr[kept] = *rr;
    m->nrr[sec]++;
}

/* EDNS options (RFC 6891 6.1.2): code, length, data; all must fit the rdata. */
bool dns_opt_next(struct cursor *c, uint16_t *code, struct span *data)
{
    if (c->left == 0 || c->bad)
        return false;
    *code = cur_be16(c);
    uint16_t len = cur_be16(c);
    *data = cur_bytes(c, len);
    return !c->bad;
}

static enum dns_parse_status parse_opt(struct cursor *rd, struct dns_rr *rr)
{
    struct cursor walk = *rd;
    uint16_t code;
    struct span data;
    rr->kind = DNS_RD_OPT;
    rr->data = cur_rest(rd);
    while (dns_opt_next(&walk, &code, &data))
        ;
    return walk.bad ? DNS_PARSE_INCOMPLETE : DNS_PARSE_OK;
}

/* Names and fixed fields of the rdata forms Suricata reads; rd is bounded by RDLENGTH. */
static enum dns_parse_status parse_rdata(struct parser *ps, struct cursor *rd, struct dns_rr *rr)
{
    enum dns_parse_status st = DNS_PARSE_OK;
    switch (rr->type) {
    case DNS_TYPE_A:
    case DNS_TYPE_AAAA:
        rr->kind = DNS_RD_ADDR;
        rr->data = cur_rest(rd);
        return DNS_PARSE_OK;
    case DNS_TYPE_MX:
        rr->u16[0] = cur_be16(rd);
        if (rd->bad)
            return DNS_PARSE_INCOMPLETE;
        /* fall through */
    case DNS_TYPE_CNAME:
    case DNS_TYPE_NS:
    case DNS_TYPE_PTR:
        rr->kind = DNS_RD_NAME;
        return parse_name(ps, rd, &rr->target);
    case DNS_TYPE_SOA:
        rr->kind = DNS_RD_SOA;
        st = parse_name(ps, rd, &rr->target);
        if (st == DNS_PARSE_OK)
            st = parse_name(ps, rd, &rr->rname);
        for (int i = 0; i < 5; i++)
            rr->u32[i] = cur_be32(rd);
        return st != DNS_PARSE_OK ? st : rd->bad ? DNS_PARSE_INCOMPLETE : DNS_PARSE_OK;
    case DNS_TYPE_SRV:
        rr->kind = DNS_RD_SRV;
        for (int i = 0; i < 3; i++)
            rr->u16[i] = cur_be16(rd);
        return rd->bad ? DNS_PARSE_INCOMPLETE : parse_name(ps, rd, &rr->target);
    case DNS_TYPE_NULL:
        rr->kind = DNS_RD_NULL;
        rr->data = cur_rest(rd);
        return DNS_PARSE_OK;
    case DNS_TYPE_SSHFP:
        rr->kind = DNS_RD_SSHFP;
        rr->u8[0] = cur_u8(rd);
        rr->u8[1] = cur_u8(rd);
        rr->data = cur_rest(rd);
        return rd->bad ? DNS_PARSE_INCOMPLETE : DNS_PARSE_OK;
    case DNS_TYPE_OPT:
        return parse_opt(rd, rr);
    default:
        rr->kind = DNS_RD_RAW;
        rr->data = cur_rest(rd);
        return DNS_PARSE_OK;
    }
}

/* TXT rdata: each character-string becomes a record of its own, as Suricata logs them. */
static enum dns_parse_status parse_txt(struct parser *ps, struct cursor *rd, struct dns_rr *rr,
                                       enum dns_section sec)
{
    rr->kind = DNS_RD_TXT;
    while (rd->left > 0) {
        uint8_t len = cur_u8(rd);
        rr->data = cur_bytes(rd, len);
        if (rd->bad)
            return DNS_PARSE_INCOMPLETE;
        keep_rr(ps, sec, rr);
    }
    return DNS_PARSE_OK;
}

static enum dns_parse_status parse_rr(struct parser *ps, struct cursor *c, enum dns_section sec)
{
    struct dns_rr rr;
    memset(&rr, 0, sizeof(rr));
    ps->full = false;
    enum dns_parse_status st = parse_name(ps, c, &rr.name);
    if (st != DNS_PARSE_OK)
        return st;
    rr.type = cur_be16(c);
    rr.rclass = cur_be16(c);
    rr.ttl = cur_be32(c);
    uint16_t rdlen = cur_be16(c);
    struct cursor rd = cur_sub(c, rdlen);
    if (c->bad)
        return DNS_PARSE_INCOMPLETE;
    if (rr.type == DNS_TYPE_TXT)
        return parse_txt(ps, &rd, &rr, sec);
    st = parse_rdata(ps, &rd, &rr);
    if (st == DNS_PARSE_OK)
        keep_rr(ps, sec, &rr);
    return st;
}

/* A whole section; on failure nothing of it is kept (Suricata drops the section). */
static enum dns_parse_status parse_section(struct parser *ps, struct cursor *c,
                                           enum dns_section sec, uint16_t count)
{
    struct dns_msg *m = ps->msg;
    uint32_t text_len = m->text_len;
    uint32_t dropped = m->dropped;
    for (uint32_t i = 0; i < count; i++) {
        enum dns_parse_status st = parse_rr(ps, c, sec);
        if (st != DNS_PARSE_OK) {
            m->nrr[sec] = 0;
            m->text_len = text_len;
            m->dropped = dropped;
            return st;
        }
    }
    return DNS_PARSE_OK;
}

static enum dns_parse_status parse_queries(struct parser *ps, struct cursor *c)
{
    struct dns_msg *m = ps->msg;
    for (uint32_t i = 0; i < m->qdcount; i++) {
        struct dns_query q;
        ps->full = false;
        enum dns_parse_status st = parse_name(ps, c, &q.name);
        if (st != DNS_PARSE_OK && ps->spent) {
            /* policy: the questions read so far are kept, the rest counted as dropped */
            m->dropped += m->qdcount - i;
            return DNS_PARSE_OK;
        }
        if (st != DNS_PARSE_OK)
            return st;
        q.type = cur_be16(c);
        q.rclass = cur_be16(c);
        if (c->bad)
            return DNS_PARSE_INCOMPLETE;
        if (m->nq < DNS_MAX_QUERIES && !ps->full)
            m->q[m->nq++] = q;
        else
            m->dropped++;
    }
    return DNS_PARSE_OK;
}

/* Suricata's probe_header_validity: counts the length can hold, and a request asks something. */
static bool header_plausible(const struct dns_msg *m, size_t len)
{
    size_t records = (size_t)m->qdcount + m->ancount + m->nscount + m->arcount;
    if (2 * records > len)
        return false;
    if (records == 0 && len > DNS_HEADER_LEN)
        return false; /* a FORMERR reply carries only the header */
    if (!(m->flags & DNS_FLAG_QR) && m->qdcount == 0)
        return false;
    return true;
}

static void msg_reset(struct dns_msg *m)
{
    m->nq = 0;
    memset(m->nrr, 0, sizeof(m->nrr));
    m->name_flags = 0;
    m->invalid_authorities = false;
    m->invalid_additionals = false;
    m->dropped = 0;
    m->text_len = 0;
}

/* Header and body; `check` tests the header before the body (the parsers do, the probe not). */
static enum dns_parse_status parse(struct dns_msg *m, struct span bytes, bool check)
{
    struct parser ps = {.msg = m, .whole = bytes, .full = false, .steps = DNS_MSG_MAX_STEPS};
    struct cursor c = cur_init(bytes.p, bytes.len);
    msg_reset(m);
    m->id = cur_be16(&c);
    m->flags = cur_be16(&c);
    m->qdcount = cur_be16(&c);
    m->ancount = cur_be16(&c);
    m->nscount = cur_be16(&c);
    m->arcount = cur_be16(&c);
    if (c.bad || (check && !header_plausible(m, bytes.len)))
        return DNS_PARSE_BAD_HEADER;
    enum dns_parse_status st = parse_queries(&ps, &c);
    if (st == DNS_PARSE_OK && ps.spent) {
        /* many long questions (verify test dns-truncated-rname): no records are read */
        m->dropped += (uint32_t)m->ancount + m->nscount + m->arcount;
        return DNS_PARSE_OK;
    }
    if (st == DNS_PARSE_OK)
        st = parse_section(&ps, &c, DNS_SEC_ANSWER, m->ancount);
    if (st != DNS_PARSE_OK)
        return st;
    if (parse_section(&ps, &c, DNS_SEC_AUTHORITY, m->nscount) != DNS_PARSE_OK)
        m->invalid_authorities = true;
    else if (parse_section(&ps, &c, DNS_SEC_ADDITIONAL, m->arcount) != DNS_PARSE_OK)
        m->invalid_additionals = true;
    return DNS_PARSE_OK;
}

enum dns_parse_status dns_parse_message(struct dns_msg *msg, struct span msg_bytes)
{
    return parse(msg, msg_bytes, true);
}

bool dns_probe(struct dns_msg *scratch, struct span payload, bool *is_request)
{
    if (payload.len < DNS_HEADER_LEN || parse(scratch, payload, false) != DNS_PARSE_OK)
        return false;
    *is_request = !(scratch->flags & DNS_FLAG_QR);
    return header_plausible(scratch, payload.len);
}

bool dns_probe_tcp(struct dns_msg *scratch, struct span data, bool *is_request, bool *incomplete)
{
    struct cursor c = cur_init(data.p, data.len);
    uint16_t dlen = cur_be16(&c);
    *incomplete = c.bad;
    if (c.bad)
        return false;
    struct span body = c.left > dlen ? cur_bytes(&c, dlen) : cur_rest(&c);
    if (body.len < dlen) {
        /* Not all there yet: judge the header alone against the announced length. */
        if (body.len < DNS_HEADER_LEN)
            return false;
        parse(scratch, (struct span){.p = body.p, .len = DNS_HEADER_LEN}, false);
        *is_request = !(scratch->flags & DNS_FLAG_QR);
        return header_plausible(scratch, dlen);
    }
    enum dns_parse_status st = parse(scratch, body, false);
    *incomplete = st == DNS_PARSE_INCOMPLETE;
    if (st != DNS_PARSE_OK)
        return false;
    *is_request = !(scratch->flags & DNS_FLAG_QR);
    return header_plausible(scratch, dlen);
}
