/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for EVE dns records: whole lines for crafted messages, and the eve-log options. */
#include "app/dns/test_msg.h"
#include "core/conf.h"
#include "core/err.h"
#include "dns.h"
#include "test_eve.h"

static struct dns_msg *msg;

static int setup(void **state)
{
    msg = calloc(1, sizeof(*msg));
    return msg ? eve_test_setup(state) : -1;
}

static int teardown(void **state)
{
    free(msg);
    return eve_test_teardown(state);
}

/* 10.16.1.11:41805 <-> 10.16.1.1:53, the addresses of Suricata's dns-udp-eve-dig test. */
static void make_packet(struct packet *p, struct flow *f, bool to_server, uint64_t pcap_cnt)
{
    static const uint8_t cli[4] = {10, 16, 1, 11}, srv[4] = {10, 16, 1, 1};
    memset(p, 0, sizeof(*p));
    memset(f, 0, sizeof(*f));
    f->id = 1234;
    memcpy(f->src.b, cli, 4); /* the client asked: the flow's to-server direction */
    memcpy(f->dst.b, srv, 4);
    f->sp = 41805;
    f->dp = 53;
    f->ip_ver = 4;
    f->proto = 17;
    memcpy(p->src.b, to_server ? cli : srv, 4);
    memcpy(p->dst.b, to_server ? srv : cli, 4);
    p->sp = to_server ? 41805 : 53;
    p->dp = to_server ? 53 : 41805;
    p->ip_ver = 4;
    p->proto = 17;
    p->ts_usec = 1706702400000005ull;
    p->pcap_cnt = pcap_cnt;
    p->flow = f;
}

static void log_msg(struct eve_output *eo, const struct eve_dns_config *dc, struct tmsg *t,
                    bool to_server, uint64_t tx_id)
{
    struct packet p;
    struct flow f;
    struct span s = {.p = t->b, .len = t->n};
    assert_int_equal(dns_parse_message(msg, s), DNS_PARSE_OK);
    make_packet(&p, &f, to_server, tx_id + 1);
    struct dns_tx tx = {.msg = msg, .tx_id = tx_id, .to_server = to_server};
    eve_log_dns(eo, dc, &p, &f, &tx);
}

/* The dig exchange of dns-udp-eve-dig: A query, CNAME + 2 A answer. */
static void dig(struct tmsg *q, struct tmsg *a)
{
    t_header(q, 36146, 0x0120, 1, 0, 0, 1);
    t_question(q, "www.suricata-ids.org", DNS_TYPE_A);
    size_t at = t_rr_start(q, 0, "", DNS_TYPE_OPT, 0); /* EDNS, no options: not logged */
    t_rr_end(q, at);
    t_header(a, 36146, 0x81a0, 1, 3, 0, 0);
    t_question(a, "www.suricata-ids.org", DNS_TYPE_A);
    at = t_rr_start(a, 12, NULL, DNS_TYPE_CNAME, 3544);
    t_name(a, "suricata-ids.org");
    t_rr_end(a, at);
    for (int i = 0; i < 2; i++) {
        at = t_rr_start(a, 50, NULL, DNS_TYPE_A, 244); /* 50: suricata-ids.org in the CNAME */
        t_u32(a, 0xc0004e18u + (uint32_t)i);
        t_rr_end(a, at);
    }
}

static void test_request_response_lines(void **state)
{
    (void)state;
    static struct tmsg q, a;
    struct eve_dns_config dc;
    eve_dns_config_defaults(&dc);
    dig(&q, &a);
    struct eve_output *eo = eve_test_open(EVE_TYPE_DNS);
    log_msg(eo, &dc, &q, true, 0);
    log_msg(eo, &dc, &a, false, 1);
    assert_int_equal(eve_output_free(eo), KH_OK);
    static char buf[8192];
    eve_test_slurp(buf, sizeof(buf));
    static const char want[] =
        "{\"timestamp\":\"2024-01-31T12:00:00.000005+0000\",\"flow_id\":1234,\"pcap_cnt\":1,"
        "\"event_type\":\"dns\",\"src_ip\":\"10.16.1.11\",\"src_port\":41805,"
        "\"dest_ip\":\"10.16.1.1\",\"dest_port\":53,\"ip_v\":4,\"proto\":\"UDP\","
        "\"pkt_src\":\"wire/pcap\",\"dns\":{\"version\":3,\"type\":\"request\",\"tx_id\":0,"
        "\"id\":36146,\"flags\":\"120\",\"rd\":true,\"opcode\":0,\"rcode\":\"NOERROR\","
        "\"queries\":[{\"rrname\":\"www.suricata-ids.org\",\"rrtype\":\"A\"}]}}\n"
        "{\"timestamp\":\"2024-01-31T12:00:00.000005+0000\",\"flow_id\":1234,\"pcap_cnt\":2,"
        "\"event_type\":\"dns\",\"src_ip\":\"10.16.1.1\",\"src_port\":53,"
        "\"dest_ip\":\"10.16.1.11\",\"dest_port\":41805,\"ip_v\":4,\"proto\":\"UDP\","
        "\"pkt_src\":\"wire/pcap\",\"dns\":{\"version\":3,\"type\":\"response\",\"tx_id\":1,"
        "\"id\":36146,\"flags\":\"81a0\",\"qr\":true,\"rd\":true,\"ra\":true,\"opcode\":0,"
        "\"rcode\":\"NOERROR\",\"queries\":[{\"rrname\":\"www.suricata-ids.org\","
        "\"rrtype\":\"A\"}],\"answers\":[{\"rrname\":\"www.suricata-ids.org\","
        "\"rrtype\":\"CNAME\",\"ttl\":3544,\"rdata\":\"suricata-ids.org\"},"
        "{\"rrname\":\"suricata-ids.org\",\"rrtype\":\"A\",\"ttl\":244,"
        "\"rdata\":\"192.0.78.24\"},{\"rrname\":\"suricata-ids.org\",\"rrtype\":\"A\","
        "\"ttl\":244,\"rdata\":\"192.0.78.25\"}],\"grouped\":{\"CNAME\":[\"suricata-ids.org\"],"
        "\"A\":[\"192.0.78.24\",\"192.0.78.25\"]}}}\n";
    assert_string_equal(buf, want);
}

/* NXDOMAIN with an SOA authority, and an SRV/SSHFP/TXT/NULL/OPT response, grouped only. */
static void test_record_forms(void **state)
{
    (void)state;
    static struct tmsg t;
    static char buf[8192];
    struct eve_dns_config dc;
    eve_dns_config_defaults(&dc);
    t_header(&t, 7, 0x8183, 1, 0, 1, 0);
    t_question(&t, "nx.example", DNS_TYPE_A);
    size_t at = t_rr_start(&t, 15, NULL, DNS_TYPE_SOA, 900); /* 15: "example" */
    t_name(&t, "ns.example");
    t_name(&t, "root.example");
    for (uint32_t v = 1; v <= 5; v++)
        t_u32(&t, v);
    t_rr_end(&t, at);
    struct eve_output *eo = eve_test_open(EVE_TYPE_DNS);
    log_msg(eo, &dc, &t, false, 0);
    assert_int_equal(eve_output_free(eo), KH_OK);
    eve_test_slurp(buf, sizeof(buf));
    assert_non_null(strstr(buf, "\"flags\":\"8183\",\"qr\":true,\"rd\":true,\"ra\":true,"
                                "\"opcode\":0,\"rcode\":\"NXDOMAIN\","));
    assert_non_null(strstr(buf, "\"authorities\":[{\"rrname\":\"example\",\"rrtype\":\"SOA\","
                                "\"ttl\":900,\"soa\":{\"mname\":\"ns.example\",\"rname\":"
                                "\"root.example\",\"serial\":1,\"refresh\":2,\"retry\":3,"
                                "\"expire\":4,\"minimum\":5}}]}}\n"));

    t_header(&t, 8, 0x8580, 1, 4, 0, 1);
    t_question(&t, "_sip._udp.example", DNS_TYPE_SRV);
    at = t_rr_start(&t, 12, NULL, DNS_TYPE_SRV, 60);
    t_u16(&t, 20);
    t_u16(&t, 1);
    t_u16(&t, 5060);
    t_name(&t, "sip.example");
    t_rr_end(&t, at);
    at = t_rr_start(&t, 12, NULL, DNS_TYPE_SSHFP, 60);
    t_bytes(&t, "\x01\x01\x19\x8c\x34", 5);
    t_rr_end(&t, at);
    at = t_rr_start(&t, 12, NULL, DNS_TYPE_TXT, 60);
    t_bytes(&t, "\x02hi\x04\"q\\\n", 8);
    t_rr_end(&t, at);
    at = t_rr_start(&t, 12, NULL, DNS_TYPE_NULL, 60);
    t_bytes(&t, "VACKD\x03\xc5\xe9\x01", 9);
    t_rr_end(&t, at);
    at = t_rr_start(&t, 0, "", DNS_TYPE_OPT, 0);
    t_bytes(&t, "\x00\x0a\x00\x02\xab\xcd", 6);
    t_rr_end(&t, at);
    dc.flags &= ~EVE_DNS_DETAILED;
    eo = eve_test_open(EVE_TYPE_DNS);
    log_msg(eo, &dc, &t, false, 3);
    assert_int_equal(eve_output_free(eo), KH_OK);
    eve_test_slurp(buf, sizeof(buf));
    assert_null(strstr(buf, "\"answers\""));
    assert_non_null(strstr(buf, "\"aa\":true"));
    assert_non_null(strstr(buf,
                           "\"grouped\":{\"SRV\":[{\"priority\":20,\"weight\":1,\"port\":5060,"
                           "\"name\":\"sip.example\"}],\"SSHFP\":[{\"fingerprint\":\"19:8c:34\","
                           "\"algo\":1,\"type\":1}],\"TXT\":[\"hi\",\"\\\"q\\\\\\n\"],"
                           "\"NULL\":[\"VACKD\\u0003\\\\xc5\\\\xe9\\u0001\"]},"
                           "\"additionals\":[{\"rrname\":\"\",\"rrtype\":\"OPT\",\"ttl\":0,"
                           "\"opt\":[{\"code\":10,\"data\":\"abcd\"}]}]}}\n"));
}

/* Filters: responses off; a types list without the query's type; valid UTF-8 kept as is. */
static void test_filters(void **state)
{
    (void)state;
    static struct tmsg q, a;
    static char buf[8192];
    dig(&q, &a);
    struct conf *conf = conf_new();
    char err[256];
    assert_int_equal(conf_load_string(conf,
                                      "dns:\n  responses: no\n  types: [aaaa, mx]\n"
                                      "  formats: [grouped]\n",
                                      NULL, err, sizeof(err)),
                     KH_OK);
    struct eve_dns_config dc;
    assert_int_equal(eve_dns_config_read(&dc, conf_node_get(conf, NULL, "dns"), err, sizeof(err)),
                     KH_OK);
    assert_false(dc.flags & EVE_DNS_RESPONSES);
    assert_true(dc.flags & EVE_DNS_REQUESTS);
    assert_true(dc.flags & EVE_DNS_GROUPED);
    assert_false(dc.flags & EVE_DNS_DETAILED);
    struct eve_output *eo = eve_test_open(EVE_TYPE_DNS);
    log_msg(eo, &dc, &q, true, 0);  /* an A query: type not wanted */
    log_msg(eo, &dc, &a, false, 1); /* responses off */
    t_header(&q, 9, 0x0100, 1, 0, 0, 0);
    t_question(&q, "caf\xc3\xa9.example", 28);
    log_msg(eo, &dc, &q, true, 2);
    assert_int_equal(eve_output_free(eo), KH_OK);
    eve_test_slurp(buf, sizeof(buf));
    assert_non_null(strstr(buf, "\"queries\":[{\"rrname\":\"caf\xc3\xa9.example\","
                                "\"rrtype\":\"AAAA\"}]}}\n"));
    assert_null(strstr(buf, "suricata-ids"));

    /* A bad boolean names its place. */
    assert_int_equal(conf_load_string(conf, "dns:\n  requests: maybe\n", NULL, err, sizeof(err)),
                     KH_OK);
    assert_int_equal(eve_dns_config_read(&dc, conf_node_get(conf, NULL, "dns"), err, sizeof(err)),
                     KH_EINVAL);
    assert_non_null(strstr(err, "requests"));
    conf_free(conf);
}

/* Version 2: one "query" record per question, one "answer" record in the flow's direction. */
static void test_version2_lines(void **state)
{
    (void)state;
    static struct tmsg q, a;
    struct eve_dns_config dc;
    eve_dns_config_defaults(&dc);
    dc.version = 2;
    dc.flags &= ~EVE_DNS_GROUPED;
    dig(&q, &a);
    struct eve_output *eo = eve_test_open(EVE_TYPE_DNS);
    log_msg(eo, &dc, &q, true, 0);
    log_msg(eo, &dc, &a, false, 1);
    assert_int_equal(eve_output_free(eo), KH_OK);
    static char buf[8192];
    eve_test_slurp(buf, sizeof(buf));
    static const char want[] =
        "{\"timestamp\":\"2024-01-31T12:00:00.000005+0000\",\"flow_id\":1234,\"pcap_cnt\":1,"
        "\"event_type\":\"dns\",\"src_ip\":\"10.16.1.11\",\"src_port\":41805,"
        "\"dest_ip\":\"10.16.1.1\",\"dest_port\":53,\"ip_v\":4,\"proto\":\"UDP\","
        "\"pkt_src\":\"wire/pcap\",\"dns\":{\"version\":2,\"type\":\"query\",\"id\":36146,"
        "\"rrname\":\"www.suricata-ids.org\",\"rrtype\":\"A\",\"tx_id\":0,\"opcode\":0}}\n"
        "{\"timestamp\":\"2024-01-31T12:00:00.000005+0000\",\"flow_id\":1234,\"pcap_cnt\":2,"
        "\"event_type\":\"dns\",\"src_ip\":\"10.16.1.11\",\"src_port\":41805,"
        "\"dest_ip\":\"10.16.1.1\",\"dest_port\":53,\"ip_v\":4,\"proto\":\"UDP\","
        "\"pkt_src\":\"wire/pcap\",\"dns\":{\"version\":2,\"type\":\"answer\",\"id\":36146,"
        "\"flags\":\"81a0\",\"qr\":true,\"rd\":true,\"ra\":true,\"opcode\":0,"
        "\"rrname\":\"www.suricata-ids.org\",\"rrtype\":\"A\",\"rcode\":\"NOERROR\","
        "\"answers\":[{\"rrname\":\"www.suricata-ids.org\",\"rrtype\":\"CNAME\",\"ttl\":3544,"
        "\"rdata\":\"suricata-ids.org\"},{\"rrname\":\"suricata-ids.org\",\"rrtype\":\"A\","
        "\"ttl\":244,\"rdata\":\"192.0.78.24\"},{\"rrname\":\"suricata-ids.org\","
        "\"rrtype\":\"A\",\"ttl\":244,\"rdata\":\"192.0.78.25\"}]}}\n";
    assert_string_equal(buf, want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_request_response_lines),
        cmocka_unit_test(test_record_forms),
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_version2_lines),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
