/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for EVE records: flow and stats records written to a real file and read back. */
#include "core/err.h"
#include "eve.h"
#include "eve_internal.h"
#include "flow/tcp.h"
#include "test_eve.h"

static struct eve_config config(void)
{
    struct eve_config c;
    memset(&c, 0, sizeof(c));
    c.enabled = true;
    snprintf(c.filename, sizeof(c.filename), "eve.json");
    c.types = EVE_TYPE_FLOW | EVE_TYPE_STATS | EVE_TYPE_ANOMALY;
    c.stats_totals = true;
    return c;
}

static void test_flow_record(void **state)
{
    (void)state;
    struct eve_config c = config();
    c.community_id = true;
    c.community_id_seed = 7;
    char err[256];
    struct eve_output *eo = eve_output_new(&c, eve_test_dir, err, sizeof(err));
    assert_non_null(eo);

    struct flow f;
    memset(&f, 0, sizeof(f));
    static const uint8_t cli[4] = {172, 26, 0, 39}, srv[4] = {172, 217, 14, 206};
    memcpy(f.src.b, cli, 4);
    memcpy(f.dst.b, srv, 4);
    f.sp = 35958;
    f.dp = 443;
    f.proto = 6;
    f.ip_ver = 4;
    f.id = 1234;
    f.vlan_cnt = 1;
    f.vlan[0] = 10;
    f.pkts[0] = 3;
    f.pkts[1] = 2;
    f.bytes[0] = 200;
    f.bytes[1] = 1500;
    f.start_ts = 1706702400ull * 1000000 + 5;
    f.last_ts = 1706702402ull * 1000000 + 9;
    f.state = FLOW_STATE_CLOSED;
    f.tcp_state = FLOW_TCP_CLOSED;
    f.ssn_state = FLOW_TCP_CLOSED + 1; /* the stream's session state, set as the flow ends */
    f.ssn_gaps = 2;                    /* the to-client stream had a gap */
    f.tcp_flags[0] = TCP_SYN | TCP_ACK | TCP_FIN;
    f.tcp_flags[1] = TCP_SYN | TCP_ACK | TCP_RST;
    eve_log_flow(eo, &f, FLOW_END_TIMEOUT);
    assert_int_equal(eve_output_free(eo), KH_OK);

    char buf[4096];
    eve_test_slurp(buf, sizeof(buf));
    const char *want =
        "{\"timestamp\":\"2024-01-31T12:00:00.000005+0000\",\"flow_id\":1234,"
        "\"event_type\":\"flow\",\"vlan\":[10],\"src_ip\":\"172.26.0.39\",\"src_port\":35958,"
        "\"dest_ip\":\"172.217.14.206\",\"dest_port\":443,\"ip_v\":4,\"proto\":\"TCP\","
        "\"community_id\":\"1:IwiTNfuO7aCaamMijl+7/X9uLx0=\","
        "\"flow\":{\"pkts_toserver\":3,\"pkts_toclient\":2,\"bytes_toserver\":200,"
        "\"bytes_toclient\":1500,\"start\":\"2024-01-31T12:00:00.000005+0000\","
        "\"end\":\"2024-01-31T12:00:02.000009+0000\",\"age\":2,\"state\":\"closed\","
        "\"reason\":\"timeout\",\"alerted\":false},"
        "\"tcp\":{\"tcp_flags\":\"17\",\"tcp_flags_ts\":\"13\",\"tcp_flags_tc\":\"16\","
        "\"syn\":true,\"fin\":true,\"rst\":true,\"ack\":true,\"state\":\"closed\","
        "\"tc_gap\":true,\"ts_max_regions\":1,\"tc_max_regions\":1}}\n";
    assert_string_equal(buf, want);
}

static void test_ipv6_icmp_and_stats(void **state)
{
    (void)state;
    char path[128];
    eve_test_path(path, sizeof(path));
    remove(path);
    struct eve_config c = config();
    char err[256];
    struct eve_output *eo = eve_output_new(&c, eve_test_dir, err, sizeof(err));
    assert_non_null(eo);
    struct flow f;
    memset(&f, 0, sizeof(f));
    f.src.b[0] = 0x20;
    f.src.b[1] = 0x01;
    f.src.b[15] = 1;
    f.dst.b[0] = 0xfe;
    f.dst.b[1] = 0x80;
    f.dst.b[15] = 0xab;
    f.proto = 58;
    f.ip_ver = 6;
    f.id = 1;
    f.icmp_type[0] = 128;
    f.icmp_type[1] = 129;
    f.seen[0] = f.seen[1] = true;
    eve_log_flow(eo, &f, FLOW_END_SHUTDOWN);
    struct stats_value v[] = {{"flow.icmpv6", 1}, {"decoder.pkts", 2}};
    eve_log_stats(eo, 0, 3, v, 2);
    assert_int_equal(eve_output_stats(eo)->records[__builtin_ctz(EVE_TYPE_FLOW)], 1);
    assert_int_equal(eve_output_free(eo), KH_OK);

    char buf[4096];
    eve_test_slurp(buf, sizeof(buf));
    /* Suricata writes IPv6 addresses in full, without zero compression; ICMP has no ports. */
    assert_non_null(strstr(buf, "\"src_ip\":\"2001:0000:0000:0000:0000:0000:0000:0001\","
                                "\"dest_ip\":\"fe80:0000:0000:0000:0000:0000:0000:00ab\","
                                "\"ip_v\":6,\"proto\":\"IPv6-ICMP\",\"icmp_type\":128,"
                                "\"icmp_code\":0,\"response_icmp_type\":129,"
                                "\"response_icmp_code\":0,"));
    assert_null(strstr(buf, "src_port"));
    assert_non_null(strstr(buf, "\"event_type\":\"stats\",\"stats\":{\"uptime\":3,"
                                "\"decoder\":{\"pkts\":2},\"flow\":{\"icmpv6\":1}}}\n"));
}

/* netflow: one record per direction, the second with the tuple reversed; suricata_version. */
static void test_netflow_records(void **state)
{
    (void)state;
    char path[128];
    eve_test_path(path, sizeof(path));
    remove(path);
    struct eve_config c = config();
    c.types = EVE_TYPE_NETFLOW;
    c.suricata_version = true;
    char err[256];
    struct eve_output *eo = eve_output_new(&c, eve_test_dir, err, sizeof(err));
    assert_non_null(eo);
    struct flow f;
    memset(&f, 0, sizeof(f));
    static const uint8_t cli[4] = {10, 0, 0, 1}, srv[4] = {10, 0, 0, 2};
    memcpy(f.src.b, cli, 4);
    memcpy(f.dst.b, srv, 4);
    f.sp = 40000;
    f.dp = 80;
    f.proto = 6;
    f.ip_ver = 4;
    f.id = 7;
    f.pkts[0] = 6;
    f.pkts[1] = 4;
    f.bytes[0] = 425;
    f.bytes[1] = 495;
    f.ttl_min[0] = 60;
    f.ttl_max[0] = 64;
    f.ttl_min[1] = f.ttl_max[1] = 50;
    f.tcp_flags[0] = TCP_SYN | TCP_ACK;
    f.tcp_flags[1] = TCP_SYN | TCP_ACK | TCP_FIN;
    f.start_ts = 1706702400ull * 1000000;
    f.last_ts = 1706702401ull * 1000000;
    eve_log_flow(eo, &f, FLOW_END_TIMEOUT); /* flow not asked for: netflow only */
    f.pkts[1] = 0;                          /* nothing went back: no to-client record */
    f.id = 8;
    eve_log_flow(eo, &f, FLOW_END_TIMEOUT);
    assert_int_equal(eve_output_stats(eo)->records[__builtin_ctz(EVE_TYPE_NETFLOW)], 3);
    assert_int_equal(eve_output_free(eo), KH_OK);

    char buf[4096];
    eve_test_slurp(buf, sizeof(buf));
    const char *ts = "{\"timestamp\":\"2024-01-31T12:00:00.000000+0000\",";
    const char *nf = "\"start\":\"2024-01-31T12:00:00.000000+0000\","
                     "\"end\":\"2024-01-31T12:00:01.000000+0000\",\"age\":1,";
    char want[2048];
    snprintf(want, sizeof(want),
             "%s\"flow_id\":7,\"event_type\":\"netflow\",\"src_ip\":\"10.0.0.1\","
             "\"src_port\":40000,\"dest_ip\":\"10.0.0.2\",\"dest_port\":80,\"ip_v\":4,"
             "\"proto\":\"TCP\",\"netflow\":{\"pkts\":6,\"bytes\":425,%s\"min_ttl\":60,"
             "\"max_ttl\":64},\"tcp\":{\"tcp_flags\":\"12\",\"syn\":true,\"ack\":true},"
             "\"suricata_version\":\"" EVE_SURICATA_VERSION "\"}\n"
             "%s\"flow_id\":7,\"event_type\":\"netflow\",\"src_ip\":\"10.0.0.2\","
             "\"src_port\":80,\"dest_ip\":\"10.0.0.1\",\"dest_port\":40000,\"ip_v\":4,"
             "\"proto\":\"TCP\",\"netflow\":{\"pkts\":4,\"bytes\":495,%s\"min_ttl\":50,"
             "\"max_ttl\":50},\"tcp\":{\"tcp_flags\":\"13\",\"syn\":true,\"fin\":true,"
             "\"ack\":true},\"suricata_version\":\"" EVE_SURICATA_VERSION "\"}\n",
             ts, nf, ts, nf);
    assert_true(strncmp(buf, want, strlen(want)) == 0);
    assert_non_null(strstr(buf + strlen(want), "\"flow_id\":8,"));
    assert_null(strstr(buf + strlen(want), "\"src_ip\":\"10.0.0.2\""));
}

/* The variables as the top-level "metadata" object: pktvars, flowvars as {"name": "value"}
 * (JSON-escaped), entropy values with the fewest digits that read back the same double. */
static void test_flow_metadata(void **state)
{
    (void)state;
    struct eve_output *eo = eve_test_open(EVE_TYPE_FLOW);
    struct flow f;
    memset(&f, 0, sizeof(f));
    f.proto = 17;
    f.ip_ver = 4;
    f.start_ts = f.last_ts = 1706702400ull * 1000000;
    static const uint8_t quote[] = "a\"b";
    const struct eve_var vars[] = {
        {.kind = EVE_VAR_FLOW, .name = "key", .value = (const uint8_t *)"Mozilla", .len = 7},
        {.kind = EVE_VAR_ENTROPY, .name = "file_data", .num = 4.150007324019584},
        {.kind = EVE_VAR_ENTROPY, .name = "http_uri", .num = 2.0},
        {.kind = EVE_VAR_FLOW, .name = "q", .value = quote, .len = 3},
        {.kind = EVE_VAR_ENTROPY, .name = "content", .num = 0.1},
    };
    static const char *const bits[] = {"seen", "traffic/id/app", "traffic/label/x"};
    eve_log_flow_meta(eo, &f, FLOW_END_TIMEOUT, bits, 3, vars, 5);
    eve_log_flow_meta(eo, &f, FLOW_END_TIMEOUT, bits + 1, 2, NULL, 0); /* traffic only */
    assert_int_equal(eve_output_free(eo), KH_OK);
    char buf[4096];
    eve_test_slurp(buf, sizeof(buf));
    const char *m = strstr(buf, "\"metadata\"");
    assert_non_null(m);
    const char *want = "\"metadata\":{\"flowbits\":[\"seen\"],"
                       "\"flowvars\":[{\"key\":\"Mozilla\"},{\"q\":\"a\\\"b\"}],"
                       "\"entropy\":{\"file_data\":4.150007324019584,\"http_uri\":2.0,"
                       "\"content\":0.1}}}\n";
    assert_memory_equal(m, want, strlen(want));
    /* the traffic/ flowbits go to "traffic" only: the second record has no "metadata" */
    assert_null(strstr(m + 1, "\"metadata\""));
    assert_non_null(strstr(m, "\"traffic\":{\"id\":[\"app\"],\"label\":[\"x\"]}"));
}

static void test_bad_log_dir(void **state)
{
    (void)state;
    struct eve_config c = config();
    char err[256];
    assert_null(eve_output_new(&c, "/nonexistent/dir", err, sizeof(err)));
    assert_non_null(strstr(err, "/nonexistent/dir/eve.json"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flow_record),     cmocka_unit_test(test_ipv6_icmp_and_stats),
        cmocka_unit_test(test_netflow_records), cmocka_unit_test(test_bad_log_dir),
        cmocka_unit_test(test_flow_metadata),
    };
    return cmocka_run_group_tests(tests, eve_test_setup, eve_test_teardown);
}
