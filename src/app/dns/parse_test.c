/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the DNS message parser: every record form, compression, truncation, caps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dns.h"
#include "test_msg.h"

/*
 * dig www.suricata-ids.org: the query Suricata's own unit tests use (dns.rs), with an EDNS
 * OPT record (UDP size 4096, no options) in the additional section.
 */
static const uint8_t dig_query[] = {
    0x8d, 0x32, 0x01, 0x20, 0x00, 0x01, 0x00, 0x00, /* id 36146, rd ad, qd 1 */
    0x00, 0x00, 0x00, 0x01, 0x03, 0x77, 0x77, 0x77, /* ar 1, "www" */
    0x0c, 0x73, 0x75, 0x72, 0x69, 0x63, 0x61, 0x74, /* "suricat" */
    0x61, 0x2d, 0x69, 0x64, 0x73, 0x03, 0x6f, 0x72, /* "a-ids" "or" */
    0x67, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, /* "g" root, A, IN, OPT root */
    0x29, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* OPT, 4096, ttl 0, */
    0x00,                                           /* rdlength 0 */
};

/* Its answer: www.suricata-ids.org CNAME suricata-ids.org, two A records (pointers 0xc00c, 0xc032). */
static const uint8_t dig_response[] = {
    0x8d, 0x32, 0x81, 0xa0, 0x00, 0x01, 0x00, 0x03, /* id, qr rd ra ad, qd 1, an 3 */
    0x00, 0x00, 0x00, 0x00, 0x03, 0x77, 0x77, 0x77, /* "www" */
    0x0c, 0x73, 0x75, 0x72, 0x69, 0x63, 0x61, 0x74, /* "suricat" */
    0x61, 0x2d, 0x69, 0x64, 0x73, 0x03, 0x6f, 0x72, /* "a-ids" "or" */
    0x67, 0x00, 0x00, 0x01, 0x00, 0x01, 0xc0, 0x0c, /* "g", A IN; -> www.suricata-ids.org */
    0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x0d, 0xd8, /* CNAME IN ttl 3544 */
    0x00, 0x12, 0x0c, 0x73, 0x75, 0x72, 0x69, 0x63, /* rdlength 18 "suric" */
    0x61, 0x74, 0x61, 0x2d, 0x69, 0x64, 0x73, 0x03, /* "ata-ids" */
    0x6f, 0x72, 0x67, 0x00, 0xc0, 0x32, 0x00, 0x01, /* "org"; -> suricata-ids.org A */
    0x00, 0x01, 0x00, 0x00, 0x00, 0xf4, 0x00, 0x04, /* IN ttl 244 rdlength 4 */
    0xc0, 0x00, 0x4e, 0x18, 0xc0, 0x32, 0x00, 0x01, /* 192.0.78.24; -> suricata-ids.org A */
    0x00, 0x01, 0x00, 0x00, 0x00, 0xf4, 0x00, 0x04, /* IN ttl 244 rdlength 4 */
    0xc0, 0x00, 0x4e, 0x19,                         /* 192.0.78.25 */
};

static struct dns_msg *msg_new(void)
{
    struct dns_msg *m = calloc(1, sizeof(*m));
    assert_non_null(m);
    return m;
}

static struct span sp(const void *p, size_t n)
{
    struct span s = {.p = p, .len = n};
    return s;
}

static void assert_name(const struct dns_msg *m, const struct dns_name *n, const char *want)
{
    struct span t = dns_name_text(m, n);
    assert_int_equal(t.len, strlen(want));
    assert_memory_equal(t.p, want, t.len);
}

static void test_query(void **state)
{
    (void)state;
    struct dns_msg *m = msg_new();
    assert_int_equal(dns_parse_message(m, sp(dig_query, sizeof(dig_query))), DNS_PARSE_OK);
    assert_int_equal(m->id, 36146);
    assert_int_equal(m->flags, 0x0120);
    assert_int_equal(m->nq, 1);
    assert_name(m, &m->q[0].name, "www.suricata-ids.org");
    assert_int_equal(m->q[0].type, DNS_TYPE_A);
    assert_int_equal(m->nrr[DNS_SEC_ADDITIONAL], 1);
    const struct dns_rr *opt = &m->rr[0];
    assert_int_equal(opt->type, DNS_TYPE_OPT);
    assert_int_equal(opt->kind, DNS_RD_OPT);
    assert_int_equal(opt->rclass, 4096);
    assert_int_equal(opt->data.len, 0);
    assert_name(m, &opt->name, "");
    free(m);
}

static void test_response_compressed(void **state)
{
    (void)state;
    struct dns_msg *m = msg_new();
    assert_int_equal(dns_parse_message(m, sp(dig_response, sizeof(dig_response))), DNS_PARSE_OK);
    assert_int_equal(m->nrr[DNS_SEC_ANSWER], 3);
    assert_name(m, &m->rr[0].name, "www.suricata-ids.org");
    assert_int_equal(m->rr[0].kind, DNS_RD_NAME);
    assert_name(m, &m->rr[0].target, "suricata-ids.org");
    assert_int_equal(m->rr[0].ttl, 3544);
    assert_name(m, &m->rr[1].name, "suricata-ids.org");
    assert_int_equal(m->rr[1].kind, DNS_RD_ADDR);
    assert_int_equal(m->rr[1].data.len, 4);
    assert_int_equal(m->rr[2].data.p[3], 0x19);
    assert_int_equal(m->name_flags, 0);
    free(m);
}

/* One response with an answer of every form khien reads. */
static size_t build_all_types(struct tmsg *t)
{
    static const uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
    static const uint8_t fp[20] = {0x19, 0x8c, 0x34, 0xa9, [19] = 0x09};
    size_t at;
    t_header(t, 0x1234, 0x8180, 1, 13, 0, 1);
    t_question(t, "example.org", DNS_TYPE_ANY); /* the name sits at offset 12 */
    at = t_rr_start(t, 12, NULL, DNS_TYPE_A, 60);
    t_bytes(t, "\xc0\x00\x02\x01", 4); /* 192.0.2.1 */
    t_rr_end(t, at);
    at = t_rr_start(t, 12, NULL, DNS_TYPE_AAAA, 60);
    t_bytes(t, v6, 16); /* 2001:db8::1 */
    t_rr_end(t, at);
    at = t_rr_start(t, 12, NULL, DNS_TYPE_NS, 60);
    t_labels(t, "ns1");
    t_u16(t, 0xc00c); /* ns1.example.org */
    t_rr_end(t, at);
    at = t_rr_start(t, 0, "www.example.org", DNS_TYPE_CNAME, 60);
    t_name(t, "example.org");
    t_rr_end(t, at);
    at = t_rr_start(t, 0, "1.2.0.192.in-addr.arpa", DNS_TYPE_PTR, 60);
    t_name(t, "host.example.org");
    t_rr_end(t, at);
    at = t_rr_start(t, 12, NULL, DNS_TYPE_MX, 60);
    t_u16(t, 10); /* preference 10, mail.example.org */
    t_name(t, "mail.example.org");
    t_rr_end(t, at);
    at = t_rr_start(t, 12, NULL, DNS_TYPE_TXT, 60);
    t_bytes(t, "\x05hello\x05world", 12); /* two strings: two records */
    t_rr_end(t, at);
    at = t_rr_start(t, 12, NULL, DNS_TYPE_SOA, 60);
    t_name(t, "ns.example.org");
    t_name(t, "hostmaster.example.org");
    t_u32(t, 2024010101); /* serial refresh retry expire minimum */
    t_u32(t, 7200);
    t_u32(t, 3600);
    t_u32(t, 1209600);
    t_u32(t, 300);
    t_rr_end(t, at);
    at = t_rr_start(t, 0, "_sip._udp.example.org", DNS_TYPE_SRV, 60);
    t_u16(t, 20); /* priority 20 weight 1 port 5060 sip.example.org */
    t_u16(t, 1);
    t_u16(t, 5060);
    t_name(t, "sip.example.org");
    t_rr_end(t, at);
    at = t_rr_start(t, 12, NULL, DNS_TYPE_SSHFP, 60);
    t_u8(t, 1); /* RSA, SHA-1 */
    t_u8(t, 1);
    t_bytes(t, fp, sizeof(fp));
    t_rr_end(t, at);
    at = t_rr_start(t, 12, NULL, DNS_TYPE_NULL, 60);
    t_bytes(t, "VACKD\x03\xc5\xe9\x01", 9);
    t_rr_end(t, at);
    at = t_rr_start(t, 12, NULL, DNS_TYPE_HINFO, 60);
    t_bytes(t, "\x03x86\x05Linux", 10); /* kept raw, as Suricata does */
    t_rr_end(t, at);
    at = t_rr_start(t, 0, "", DNS_TYPE_OPT, 0); /* additional: EDNS cookie option */
    t_u16(t, 10);
    t_u16(t, 8);
    t_bytes(t, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
    t_rr_end(t, at);
    return t->n;
}

static void test_all_types(void **state)
{
    (void)state;
    static struct tmsg t;
    build_all_types(&t);
    /* The header said 13 answers: 12 plus the OPT, which belongs in the additionals. */
    t.b[7] = 12;
    struct dns_msg *m = msg_new();
    assert_int_equal(dns_parse_message(m, sp(t.b, t.n)), DNS_PARSE_OK);
    assert_int_equal(m->nrr[DNS_SEC_ANSWER], 13); /* TXT counts twice */
    assert_int_equal(m->nrr[DNS_SEC_ADDITIONAL], 1);
    const struct dns_rr *rr = m->rr;
    assert_int_equal(rr[0].kind, DNS_RD_ADDR);
    assert_int_equal(rr[1].data.len, 16);
    assert_name(m, &rr[2].target, "ns1.example.org");
    assert_name(m, &rr[3].name, "www.example.org");
    assert_name(m, &rr[4].target, "host.example.org");
    assert_int_equal(rr[5].u16[0], 10);
    assert_name(m, &rr[5].target, "mail.example.org");
    assert_int_equal(rr[6].kind, DNS_RD_TXT);
    assert_memory_equal(rr[6].data.p, "hello", 5);
    assert_memory_equal(rr[7].data.p, "world", 5);
    assert_int_equal(rr[8].kind, DNS_RD_SOA);
    assert_name(m, &rr[8].target, "ns.example.org");
    assert_name(m, &rr[8].rname, "hostmaster.example.org");
    assert_int_equal(rr[8].u32[0], 2024010101);
    assert_int_equal(rr[8].u32[4], 300);
    assert_int_equal(rr[9].kind, DNS_RD_SRV);
    assert_int_equal(rr[9].u16[2], 5060);
    assert_name(m, &rr[9].target, "sip.example.org");
    assert_int_equal(rr[10].kind, DNS_RD_SSHFP);
    assert_int_equal(rr[10].data.len, 20);
    assert_int_equal(rr[11].kind, DNS_RD_NULL);
    assert_int_equal(rr[11].data.len, 9);
    assert_int_equal(rr[12].kind, DNS_RD_RAW);
    assert_int_equal(rr[13].kind, DNS_RD_OPT);
    struct cursor c = cur_init(rr[13].data.p, rr[13].data.len);
    uint16_t code;
    struct span data;
    assert_true(dns_opt_next(&c, &code, &data));
    assert_int_equal(code, 10);
    assert_int_equal(data.len, 8);
    assert_false(dns_opt_next(&c, &code, &data));
    free(m);
}

/* Every prefix of a valid message fails cleanly, read from a buffer of exactly that size. */
static void truncate_each(const uint8_t *full, size_t n)
{
    struct dns_msg *m = msg_new();
    for (size_t len = 0; len < n; len++) {
        uint8_t *cut = malloc(len ? len : 1);
        memcpy(cut, full, len);
        enum dns_parse_status st = dns_parse_message(m, sp(cut, len));
        assert_int_not_equal(st, DNS_PARSE_OK);
        if (len < DNS_HEADER_LEN)
            assert_int_equal(st, DNS_PARSE_BAD_HEADER);
        bool req;
        assert_false(dns_probe(m, sp(cut, len), &req));
        free(cut);
    }
    free(m);
}

static void test_truncated_everywhere(void **state)
{
    (void)state;
    truncate_each(dig_response, sizeof(dig_response));
    static struct tmsg t;
    build_all_types(&t);
    t.b[7] = 12;
    /* Cut inside the additional section: the message stays valid, the section is flagged. */
    struct dns_msg *m = msg_new();
    for (size_t len = DNS_HEADER_LEN; len < t.n; len++) {
        enum dns_parse_status st = dns_parse_message(m, sp(t.b, len));
        if (st == DNS_PARSE_OK)
            assert_true(m->invalid_additionals);
    }
    free(m);
}

/* A question name that points at itself: an error before any pointer was followed. */
static void test_self_pointer(void **state)
{
    (void)state;
    static const uint8_t msg[] = {
        0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, /* id 1, rd, qd 1 */
        0x00, 0x00, 0x00, 0x00, 0xc0, 0x0c, 0x00, 0x01, /* name: -> offset 12 (itself), A */
        0x00, 0x01,                                     /* IN */
    };
    struct dns_msg *m = msg_new();
    assert_int_equal(dns_parse_message(m, sp(msg, sizeof(msg))), DNS_PARSE_ERROR);
    free(m);
}

/*
 * An answer owned by "a" + pointer to 30, where offset 30 is "b" + a pointer to itself: the
 * loop is found after a pointer was followed, so the name is kept and flagged infinite_loop.
 */
static void test_loop_after_pivot(void **state)
{
    (void)state;
    static const uint8_t msg[] = {
        0x00, 0x02, 0x81, 0x80, 0x00, 0x00, 0x00, 0x01, /* id 2, response, an 1 */
        0x00, 0x00, 0x00, 0x00, 0x01, 0x61, 0xc0, 0x1e, /* @12 owner "a" -> 30 */
        0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, /* A IN ttl 60 */
        0x00, 0x04, 0x0a, 0x00, 0x00, 0x01, 0x01, 0x62, /* rdlength 4 10.0.0.1; @30 "b" */
        0xc0, 0x20,                                     /* @32 -> 32: itself */
    };
    struct dns_msg *m = msg_new();
    assert_int_equal(dns_parse_message(m, sp(msg, sizeof(msg))), DNS_PARSE_OK);
    assert_int_equal(m->nrr[DNS_SEC_ANSWER], 1);
    assert_true(m->name_flags & DNS_NAME_LOOP);
    assert_name(m, &m->rr[0].name, "a.b");
    assert_int_equal(m->rr[0].ttl, 60);
    free(m);
}

/* Two names pointing at each other: the label limit ends it, the name is cut and flagged. */
static void test_pointer_ping_pong(void **state)
{
    (void)state;
    static const uint8_t msg[] = {
        0x00, 0x03, 0x81, 0x80, 0x00, 0x00, 0x00, 0x01, /* id 3, response, an 1 */
        0x00, 0x00, 0x00, 0x00, 0xc0, 0x1c, 0x00, 0x01, /* @12 owner -> 28; A */
        0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x04, /* IN ttl 60 rdlength 4 */
        0x0a, 0x00, 0x00, 0x01, 0x01, 0x78, 0xc0, 0x20, /* 10.0.0.1; @28 "x" -> 32 */
        0x01, 0x79, 0xc0, 0x1c,                         /* @32 "y" -> 28 */
    };
    struct dns_msg *m = msg_new();
    assert_int_equal(dns_parse_message(m, sp(msg, sizeof(msg))), DNS_PARSE_OK);
    assert_true(m->name_flags & DNS_NAME_LABEL_LIMIT);
    assert_true(m->name_flags & DNS_NAME_TRUNCATED);
    assert_int_equal(m->rr[0].type, DNS_TYPE_A);
    assert_true(m->rr[0].name.len <= DNS_NAME_TEXT_MAX);
    assert_memory_equal(dns_name_text(m, &m->rr[0].name).p, "x.y.x.y", 7);
    free(m);
}

/*
 * Many questions whose names all point into the x/y ping-pong chain: each name alone may
 * take DNS_MAX_LABELS steps, but the message as a whole stops at DNS_MSG_MAX_STEPS, so a
 * packet cannot buy thousands of name copies. Policy: the questions read before the budget
 * ran out are kept (Suricata logs such a message), the rest counted as dropped, and no
 * records are read.
 */
static void test_message_step_budget(void **state)
{
    (void)state;
    enum { QUESTIONS = 40 };
    uint8_t msg[12 + 8 + QUESTIONS * 6];
    static const uint8_t head[] = {
        0x00, 0x04, 0x01, 0x00, 0x00, QUESTIONS, 0x00, 0x00, /* id 4, query, qd 40 */
        0x00, 0x00, 0x00, 0x00,                              /* an, ns, ar 0 */
        0x01, 0x78, 0xc0, 0x10, 0x01, 0x79,      0xc0, 0x0c, /* @12 "x" -> 16; @16 "y" -> 12 */
    };
    memcpy(msg, head, sizeof(head));
    for (int q = 0; q < QUESTIONS; q++) {
        /* name -> 12, type A, class IN */
        static const uint8_t question[] = {0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01};
        memcpy(msg + sizeof(head) + q * 6, question, sizeof(question));
    }
    struct dns_msg *m = msg_new();
    /* 40 names x 256 steps would be 10,240 steps: over the budget after 16 names */
    assert_int_equal(dns_parse_message(m, sp(msg, sizeof(msg))), DNS_PARSE_OK);
    assert_int_equal(m->nq, DNS_MSG_MAX_STEPS / 256);
    assert_int_equal(m->dropped, QUESTIONS - DNS_MSG_MAX_STEPS / 256);
    assert_true(m->q[0].name.flags & DNS_NAME_TRUNCATED);
    /* the same with an answer counted: it is not read, and counted as dropped */
    msg[7] = 1;
    assert_int_equal(dns_parse_message(m, sp(msg, sizeof(msg))), DNS_PARSE_OK);
    assert_int_equal(m->nrr[DNS_SEC_ANSWER], 0);
    assert_int_equal(m->dropped, QUESTIONS - DNS_MSG_MAX_STEPS / 256 + 1);
    free(m);
}

static void test_bad_pointer_and_label(void **state)
{
    (void)state;
    struct dns_msg *m = msg_new();
    static struct tmsg t;
    t_header(&t, 4, 0x0100, 1, 0, 0, 0);
    t_u16(&t, 0xc000 | 0x3fff); /* pointer far past the end */
    t_u16(&t, 1);
    t_u16(&t, 1);
    assert_int_equal(dns_parse_message(m, sp(t.b, t.n)), DNS_PARSE_ERROR);
    t_header(&t, 4, 0x0100, 1, 0, 0, 0);
    t_u8(&t, 0x41); /* label type 01: extended label, not allowed */
    t_bytes(&t, "abcd", 4);
    assert_int_equal(dns_parse_message(m, sp(t.b, t.n)), DNS_PARSE_ERROR);
    free(m);
}

/* 256 one-letter labels with no pointer: too many labels, an error (the end is unknown). */
static void test_too_many_labels(void **state)
{
    (void)state;
    static struct tmsg t;
    t_header(&t, 5, 0x0100, 1, 0, 0, 0);
    for (int i = 0; i < 256; i++)
        t_bytes(&t, "\x01x", 2);
    t_u8(&t, 0);
    t_u16(&t, 1);
    t_u16(&t, 1);
    struct dns_msg *m = msg_new();
    assert_int_equal(dns_parse_message(m, sp(t.b, t.n)), DNS_PARSE_ERROR);
    free(m);
}

/* A name grown past 1025 bytes by chained pointers: cut at 1025 and flagged name_too_long. */
static void test_long_name(void **state)
{
    (void)state;
    static struct tmsg t;
    char label[64];
    memset(label, 'a', 63);
    label[63] = '\0';
    /* @12 the question: a pointer to the last name of the chain, A, IN; the chain from @18. */
    t_header(&t, 6, 0x0100, 1, 0, 0, 0);
    t_u16(&t, 0); /* patched below */
    t_u16(&t, 1);
    t_u16(&t, 1);
    size_t prev = t.n;
    t_labels(&t, label); /* the first name: one label and the root */
    t_u8(&t, 0);
    for (int i = 0; i < 20; i++) { /* each next name: one label, then the previous name */
        size_t here = t.n;
        t_labels(&t, label);
        t_u16(&t, 0xc000 | (unsigned)prev);
        prev = here;
    }
    t.b[12] = (uint8_t)(0xc0 | prev >> 8); /* 21 labels of 63: 1343 bytes of text */
    t.b[13] = (uint8_t)prev;
    struct dns_msg *m = msg_new();
    assert_int_equal(dns_parse_message(m, sp(t.b, t.n)), DNS_PARSE_OK);
    assert_int_equal(m->nq, 1);
    assert_int_equal(m->q[0].name.len, DNS_NAME_TEXT_MAX);
    assert_true(m->q[0].name.flags & DNS_NAME_TRUNCATED);
    assert_true(m->name_flags & DNS_NAME_TRUNCATED);
    free(m);
}

/* 300 A answers: 256 kept, the rest parsed, counted and dropped. */
static void test_record_cap(void **state)
{
    (void)state;
    static struct tmsg t;
    t_header(&t, 7, 0x8180, 1, 300, 0, 0);
    t_question(&t, "many.example", DNS_TYPE_A);
    for (int i = 0; i < 300; i++) {
        size_t at = t_rr_start(&t, 12, NULL, DNS_TYPE_A, 1);
        t_u32(&t, 0x0a000000u + (uint32_t)i);
        t_rr_end(&t, at);
    }
    struct dns_msg *m = msg_new();
    assert_int_equal(dns_parse_message(m, sp(t.b, t.n)), DNS_PARSE_OK);
    assert_int_equal(m->nrr[DNS_SEC_ANSWER], DNS_MAX_RRS);
    assert_int_equal(m->dropped, 300 - DNS_MAX_RRS);
    free(m);
}

/* A bad authority section is dropped and flagged; questions and answers stay. */
static void test_invalid_authorities(void **state)
{
    (void)state;
    static struct tmsg t;
    t_header(&t, 8, 0x8180, 1, 1, 1, 0);
    t_question(&t, "a.example", DNS_TYPE_A);
    size_t at = t_rr_start(&t, 12, NULL, DNS_TYPE_A, 1);
    t_u32(&t, 0x0a000001);
    t_rr_end(&t, at);
    t_u16(&t, 0xc00c); /* authority: owner, type SOA, then the message ends */
    t_u16(&t, DNS_TYPE_SOA);
    struct dns_msg *m = msg_new();
    assert_int_equal(dns_parse_message(m, sp(t.b, t.n)), DNS_PARSE_OK);
    assert_true(m->invalid_authorities);
    assert_false(m->invalid_additionals);
    assert_int_equal(m->nrr[DNS_SEC_ANSWER], 1);
    assert_int_equal(m->nrr[DNS_SEC_AUTHORITY], 0);
    free(m);
}

static void test_header_rules(void **state)
{
    (void)state;
    struct dns_msg *m = msg_new();
    static struct tmsg t;
    bool req = false;
    /* A request without questions is not DNS. */
    t_header(&t, 9, 0x0100, 0, 0, 0, 0);
    assert_int_equal(dns_parse_message(m, sp(t.b, t.n)), DNS_PARSE_BAD_HEADER);
    /* A FORMERR reply with only a header is. */
    t_header(&t, 9, 0x8181, 0, 0, 0, 0);
    assert_int_equal(dns_parse_message(m, sp(t.b, t.n)), DNS_PARSE_OK);
    assert_true(dns_probe(m, sp(t.b, t.n), &req));
    assert_false(req);
    /* No records but more bytes: not DNS. */
    t_u32(&t, 0);
    assert_int_equal(dns_parse_message(m, sp(t.b, t.n)), DNS_PARSE_BAD_HEADER);
    /* More records than the length could hold. */
    t_header(&t, 9, 0x0100, 1, 0, 0, 50);
    t_question(&t, "x", 1);
    assert_int_equal(dns_parse_message(m, sp(t.b, t.n)), DNS_PARSE_BAD_HEADER);
    /* An SNMP get-request to port 53 is not DNS. */
    static const uint8_t snmp[] = {0x30, 0x26, 0x02, 0x01, 0x01, 0x04, 0x06, 0x70, 0x75,
                                   0x62, 0x6c, 0x69, 0x63, 0xa0, 0x19, 0x02, 0x01, 0x01};
    assert_false(dns_probe(m, sp(snmp, sizeof(snmp)), &req));
    assert_true(dns_probe(m, sp(dig_query, sizeof(dig_query)), &req));
    assert_true(req);
    free(m);
}

static void test_probe_tcp(void **state)
{
    (void)state;
    static uint8_t framed[2 + sizeof(dig_query)];
    framed[0] = 0;
    framed[1] = sizeof(dig_query);
    memcpy(framed + 2, dig_query, sizeof(dig_query));
    struct dns_msg *m = msg_new();
    bool req, inc;
    assert_true(dns_probe_tcp(m, sp(framed, sizeof(framed)), &req, &inc));
    assert_true(req);
    /* Only the header so far: judged on the header. */
    assert_true(dns_probe_tcp(m, sp(framed, 14), &req, &inc));
    assert_false(dns_probe_tcp(m, sp(framed, 1), &req, &inc));
    assert_true(inc);
    free(m);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(dns_event_name(DNS_EV_Z_FLAG_SET), "z_flag_set");
    assert_string_equal(dns_event_name(DNS_EV_INVALID_AUTHORITIES), "invalid_authorities");
    assert_string_equal(dns_type_name(23), "NSAPPTR");
    assert_string_equal(dns_type_name(65), "HTTPS");
    assert_null(dns_type_name(65280));
    assert_string_equal(dns_rcode_name(0x8183), "NXDOMAIN");
    assert_null(dns_rcode_name(0x000f));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_query),
        cmocka_unit_test(test_response_compressed),
        cmocka_unit_test(test_all_types),
        cmocka_unit_test(test_truncated_everywhere),
        cmocka_unit_test(test_self_pointer),
        cmocka_unit_test(test_loop_after_pivot),
        cmocka_unit_test(test_message_step_budget),
        cmocka_unit_test(test_pointer_ping_pong),
        cmocka_unit_test(test_bad_pointer_and_label),
        cmocka_unit_test(test_too_many_labels),
        cmocka_unit_test(test_long_name),
        cmocka_unit_test(test_record_cap),
        cmocka_unit_test(test_invalid_authorities),
        cmocka_unit_test(test_header_rules),
        cmocka_unit_test(test_probe_tcp),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
