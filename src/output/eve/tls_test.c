/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for EVE tls records: whole lines for a parsed handshake, and the eve-log options. */
#include "app/tls/test_hs.h"
#include "core/conf.h"
#include "core/err.h"
#include "tls.h"
#include "test_eve.h"

/* 192.168.1.10:50000 -> 93.184.216.34:443, the flow of the e2e case tls-handshake. */
static void make_flow(struct packet *p, struct flow *f)
{
    static const uint8_t cli[4] = {192, 168, 1, 10}, srv[4] = {93, 184, 216, 34};
    memset(p, 0, sizeof(*p));
    memset(f, 0, sizeof(*f));
    f->id = 4321;
    memcpy(f->src.b, cli, 4);
    memcpy(f->dst.b, srv, 4);
    f->sp = 50000;
    f->dp = 443;
    f->ip_ver = 4;
    f->proto = 6;
    memcpy(p->src.b, srv, 4); /* the server's CCS completes the handshake */
    memcpy(p->dst.b, cli, 4);
    p->sp = 443;
    p->dp = 50000;
    p->ip_ver = 4;
    p->proto = 6;
    p->ts_usec = 1706702400000005ull;
    p->pcap_cnt = 9;
    p->flow = f;
}

/* Parse the TLS 1.2 flights of test_hs.h; the state is handed to `log` by the hook. */
struct logctx {
    struct eve_output *eo;
    const struct eve_tls_config *tc;
    struct packet p;
    struct flow f;
};

static void on_log(void *arg, const struct app_input *in, const struct tls_state *st)
{
    struct logctx *lc = arg;
    eve_log_tls(lc->eo, lc->tc, in->p, in->f, in->ts_usec, st);
}

static void run_handshake(struct logctx *lc, bool ja)
{
    static struct hsbuf c1, s1, c2, s2;
    memset(&c1, 0, sizeof(c1));
    memset(&s1, 0, sizeof(s1));
    memset(&c2, 0, sizeof(c2));
    memset(&s2, 0, sizeof(s2));
    hb_tls12_flights(&c1, &s1, &c2, &s2);
    struct tls_config cfg;
    tls_config_defaults(&cfg);
    cfg.ja3 = cfg.ja4 = ja;
    struct tls_hooks hooks = {.on_log = on_log, .arg = lc};
    struct tls_ctx *ctx = tls_ctx_new(&cfg, &hooks);
    void *state = NULL;
    const struct hsbuf *fl[4] = {&c1, &s1, &c2, &s2};
    for (int i = 0; i < 4; i++) {
        struct app_input in = {.f = &lc->f, .p = &lc->p, .ts_usec = lc->p.ts_usec, .dir = i % 2};
        in.data.p = fl[i]->b;
        in.data.len = fl[i]->n;
        assert_int_equal(tls_parse(ctx, &state, &in).status, APP_STATUS_OK);
    }
    tls_state_free(ctx, state);
    tls_ctx_free(ctx);
}

#define LINE_HEAD                                                                                  \
    "{\"timestamp\":\"2024-01-31T12:00:00.000005+0000\",\"flow_id\":4321,\"pcap_cnt\":9,"          \
    "\"event_type\":\"tls\",\"src_ip\":\"192.168.1.10\",\"src_port\":50000,"                       \
    "\"dest_ip\":\"93.184.216.34\",\"dest_port\":443,\"ip_v\":4,\"proto\":\"TCP\","                \
    "\"pkt_src\":\"wire/pcap\","

static void log_and_compare(const struct eve_tls_config *tc, bool ja, const char *want)
{
    struct logctx lc = {.eo = eve_test_open(EVE_TYPE_TLS), .tc = tc};
    make_flow(&lc.p, &lc.f);
    run_handshake(&lc, ja);
    assert_int_equal(eve_output_free(lc.eo), KH_OK);
    static char buf[8192];
    eve_test_slurp(buf, sizeof(buf));
    assert_string_equal(buf, want);
}

/* Suricata 8's default file: extended: yes; JA3/JA4 computed only when turned on. */
static void extended_line(void **state)
{
    (void)state;
    struct eve_tls_config tc;
    eve_tls_config_defaults(&tc);
    tc.fields = EVE_TLS_EXTENDED;
    log_and_compare(&tc, false,
                    LINE_HEAD
                    "\"tls\":{\"subject\":\"C=VN, O=Khien Test, CN=test.khien.example\","
                    "\"issuerdn\":\"C=VN, O=Khien Test, CN=test.khien.example\","
                    "\"serial\":\"00:A1:B2:C3:D4\","
                    "\"fingerprint\":\"e6:63:47:cd:00:e1:ed:9e:aa:1f:d3:f0:40:1f:45:d6:"
                    "9e:31:f7:2f\",\"sni\":\"www.example.com\",\"version\":\"TLS 1.2\","
                    "\"notbefore\":\"2026-11-21T20:56:28\","
                    "\"notafter\":\"2036-11-18T20:56:28\","
                    "\"client_alpns\":[\"h2\",\"http/1.1\"],\"server_alpns\":[\"h2\"]}}\n");
}

static void extended_with_fingerprints(void **state)
{
    (void)state;
    struct eve_tls_config tc;
    eve_tls_config_defaults(&tc);
    tc.fields = EVE_TLS_EXTENDED;
    log_and_compare(&tc, true,
                    LINE_HEAD
                    "\"tls\":{\"subject\":\"C=VN, O=Khien Test, CN=test.khien.example\","
                    "\"issuerdn\":\"C=VN, O=Khien Test, CN=test.khien.example\","
                    "\"serial\":\"00:A1:B2:C3:D4\","
                    "\"fingerprint\":\"e6:63:47:cd:00:e1:ed:9e:aa:1f:d3:f0:40:1f:45:d6:"
                    "9e:31:f7:2f\",\"sni\":\"www.example.com\",\"version\":\"TLS 1.2\","
                    "\"notbefore\":\"2026-11-21T20:56:28\",\"notafter\":\"2036-11-18T20:56:28\","
                    "\"ja3\":{\"hash\":\"c9e264cb3675678ee364e81f3b6da7ad\","
                    "\"string\":\"771,4865-4866-49199,0-10-11-13-16-43,29-23,0\"},"
                    "\"ja3s\":{\"hash\":\"2de81c22ea32a57162df5cb08d4a2795\","
                    "\"string\":\"771,49199,65281-16-11\"},"
                    "\"ja4\":\"t13d0306h2_40b44b994229_fb71836bce29\","
                    "\"client_alpns\":[\"h2\",\"http/1.1\"],\"server_alpns\":[\"h2\"]}}\n");
}

/* A bare "- tls": subject and issuer only. */
static void basic_line(void **state)
{
    (void)state;
    struct eve_tls_config tc;
    eve_tls_config_defaults(&tc);
    log_and_compare(&tc, true,
                    LINE_HEAD "\"tls\":{\"subject\":\"C=VN, O=Khien Test, CN=test.khien.example\","
                              "\"issuerdn\":\"C=VN, O=Khien Test, CN=test.khien.example\"}}\n");
}

/* custom: [sni, version, ja4] from YAML, as the verify tests configure it. */
static void custom_from_yaml(void **state)
{
    (void)state;
    struct conf *conf = conf_new();
    char err[256];
    assert_int_equal(
        conf_load_string(conf,
                         "tls:\n  extended: yes\n  custom: [sni, version, ja4, "
                         "server_handshake, bogus]\n  session-resumption: no\n  ja4: on\n",
                         "test", err, sizeof(err)),
        KH_OK);
    struct eve_tls_config tc;
    assert_int_equal(
        eve_tls_config_read(&tc, conf_node_child(conf_root(conf), "tls"), err, sizeof(err)), KH_OK);
    assert_int_equal(tc.fields, EVE_TLS_F_SNI | EVE_TLS_F_VERSION | EVE_TLS_F_JA4);
    assert_false(tc.session_resumption);
    conf_free(conf);
    log_and_compare(&tc, true,
                    LINE_HEAD "\"tls\":{\"sni\":\"www.example.com\",\"version\":\"TLS 1.2\","
                              "\"ja4\":\"t13d0306h2_40b44b994229_fb71836bce29\"}}\n");
}

/* "extended: yes" as in Suricata's default file: session-resumption defaults to yes. */
static void default_file_options(void **state)
{
    (void)state;
    struct conf *conf = conf_new();
    char err[256];
    assert_int_equal(conf_load_string(conf, "tls:\n  extended: yes\n", "test", err, sizeof(err)),
                     KH_OK);
    struct eve_tls_config tc;
    assert_int_equal(
        eve_tls_config_read(&tc, conf_node_child(conf_root(conf), "tls"), err, sizeof(err)), KH_OK);
    assert_int_equal(tc.fields, EVE_TLS_EXTENDED | EVE_TLS_F_SESSION_RESUMED);
    assert_true(tc.session_resumption);
    assert_int_equal(eve_tls_config_read(&tc, NULL, err, sizeof(err)), KH_OK);
    assert_int_equal(tc.fields, EVE_TLS_BASIC);
    assert_false(tc.session_resumption);
    conf_free(conf);
}

/* Through eve_config_load(): the eve-log types item lands in eve_config.tls. */
static void eve_config_item(void **state)
{
    (void)state;
    struct conf *conf = conf_new();
    char err[256];
    assert_int_equal(conf_load_string(conf,
                                      "outputs:\n  - eve-log:\n      enabled: yes\n"
                                      "      types:\n        - tls:\n"
                                      "            extended: yes\n"
                                      "            session-resumption: no\n",
                                      "test", err, sizeof(err)),
                     KH_OK);
    struct eve_config cfg;
    eve_config_defaults(&cfg);
    assert_int_equal(cfg.tls.fields, EVE_TLS_BASIC);
    assert_int_equal(eve_config_load(&cfg, conf, err, sizeof(err)), KH_OK);
    assert_true(cfg.types & EVE_TYPE_TLS);
    assert_int_equal(cfg.tls.fields, EVE_TLS_EXTENDED);
    assert_false(cfg.tls.session_resumption);
    conf_free(conf);
}

/*
 * The gate: a ServerHello but no certificate, no logged resumption, not TLS 1.3: nothing.
 * A resumption is logged; so is a flow where only a ClientHello was seen (Suricata 8.0.3),
 * with the client's version.
 */
static void gate(void **state)
{
    (void)state;
    struct eve_tls_config tc;
    eve_tls_config_defaults(&tc);
    tc.fields = EVE_TLS_EXTENDED | EVE_TLS_F_SESSION_RESUMED;
    tc.session_resumption = true;
    struct eve_output *eo = eve_test_open(EVE_TYPE_TLS);
    struct packet p;
    struct flow f;
    make_flow(&p, &f);
    static struct tls_state st;
    memset(&st, 0, sizeof(st));
    st.flags = TLS_F_CLIENT_HELLO | TLS_F_SERVER_HELLO;
    eve_log_tls(eo, &tc, &p, &f, 0, &st);
    st.server_version = 0x0303;
    st.client_version = 0x0301;
    eve_log_tls(eo, &tc, &p, &f, 0, &st);
    st.flags |= TLS_F_RESUMED; /* resumed, no certificate: logged with session_resumed */
    eve_log_tls(eo, &tc, NULL, &f, p.ts_usec, &st);
    st.flags = TLS_F_CLIENT_HELLO; /* only a ClientHello */
    st.server_version = 0;
    eve_log_tls(eo, &tc, NULL, &f, p.ts_usec, &st);
    assert_int_equal(eve_output_free(eo), KH_OK);
    static char buf[4096];
    eve_test_slurp(buf, sizeof(buf));
    assert_string_equal(
        buf, "{\"timestamp\":\"2024-01-31T12:00:00.000005+0000\",\"flow_id\":4321,"
             "\"event_type\":\"tls\",\"src_ip\":\"192.168.1.10\",\"src_port\":50000,"
             "\"dest_ip\":\"93.184.216.34\",\"dest_port\":443,\"ip_v\":4,\"proto\":\"TCP\","
             "\"pkt_src\":\"stream (flow timeout)\",\"tls\":{\"session_resumed\":true,"
             "\"version\":\"TLS 1.2\"}}\n"
             "{\"timestamp\":\"2024-01-31T12:00:00.000005+0000\",\"flow_id\":4321,"
             "\"event_type\":\"tls\",\"src_ip\":\"192.168.1.10\",\"src_port\":50000,"
             "\"dest_ip\":\"93.184.216.34\",\"dest_port\":443,\"ip_v\":4,\"proto\":\"TCP\","
             "\"pkt_src\":\"stream (flow timeout)\",\"tls\":{\"version\":\"TLSv1\"}}\n");
}

/* Client authentication: the "client" object (extended), from the client's certificate. */
static void client_object(void **state)
{
    (void)state;
    struct eve_tls_config tc;
    eve_tls_config_defaults(&tc);
    tc.fields = EVE_TLS_F_SNI | EVE_TLS_F_CLIENT;
    struct logctx lc = {.eo = eve_test_open(EVE_TYPE_TLS), .tc = &tc};
    make_flow(&lc.p, &lc.f);
    static struct hsbuf c1, s1, c2;
    hb_tls12_client_auth(&c1, &s1, &c2);
    struct tls_config cfg;
    tls_config_defaults(&cfg);
    struct tls_hooks hooks = {.on_log = on_log, .arg = &lc};
    struct tls_ctx *ctx = tls_ctx_new(&cfg, &hooks);
    void *st = NULL;
    const struct hsbuf *fl[3] = {&c1, &s1, &c2};
    for (int i = 0; i < 3; i++) {
        struct app_input in = {.f = &lc.f, .p = &lc.p, .ts_usec = lc.p.ts_usec, .dir = i % 2};
        in.data.p = fl[i]->b;
        in.data.len = fl[i]->n;
        assert_int_equal(tls_parse(ctx, &st, &in).status, APP_STATUS_OK);
    }
    tls_state_free(ctx, st);
    tls_ctx_free(ctx);
    assert_int_equal(eve_output_free(lc.eo), KH_OK);
    static char buf[4096];
    eve_test_slurp(buf, sizeof(buf));
    assert_string_equal(buf, LINE_HEAD
                        "\"tls\":{\"sni\":\"www.example.com\",\"client\":{"
                        "\"subject\":\"C=VN, O=Khien Test, CN=test.khien.example\","
                        "\"issuerdn\":\"C=VN, O=Khien Test, CN=test.khien.example\","
                        "\"fingerprint\":\"e6:63:47:cd:00:e1:ed:9e:aa:1f:d3:f0:40:1f:45:d6:"
                        "9e:31:f7:2f\",\"serial\":\"00:A1:B2:C3:D4\","
                        "\"notbefore\":\"2026-11-21T20:56:28\","
                        "\"notafter\":\"2036-11-18T20:56:28\"}}}\n");
}

/* custom: [client_handshake]: the ClientHello's version and lists, GREASE left out. */
static void client_handshake_object(void **state)
{
    (void)state;
    struct eve_tls_config tc;
    eve_tls_config_defaults(&tc);
    tc.fields = EVE_TLS_F_CLIENT_HANDSHAKE;
    struct logctx lc = {.eo = eve_test_open(EVE_TYPE_TLS), .tc = &tc};
    make_flow(&lc.p, &lc.f);
    static struct hsbuf c1, s1, c2, s2;
    hb_tls12_flights(&c1, &s1, &c2, &s2);
    struct tls_config cfg;
    tls_config_defaults(&cfg);
    cfg.client_handshake = true;
    struct tls_hooks hooks = {.on_log = on_log, .arg = &lc};
    struct tls_ctx *ctx = tls_ctx_new(&cfg, &hooks);
    void *st = NULL;
    const struct hsbuf *fl[2] = {&c1, &s1};
    for (int i = 0; i < 2; i++) {
        struct app_input in = {.f = &lc.f, .p = &lc.p, .ts_usec = lc.p.ts_usec, .dir = i % 2};
        in.data.p = fl[i]->b;
        in.data.len = fl[i]->n;
        assert_int_equal(tls_parse(ctx, &st, &in).status, APP_STATUS_OK);
    }
    tls_state_free(ctx, st);
    tls_ctx_free(ctx);
    assert_int_equal(eve_output_free(lc.eo), KH_OK);
    static char buf[4096];
    eve_test_slurp(buf, sizeof(buf));
    assert_string_equal(buf, LINE_HEAD "\"tls\":{\"client_handshake\":{\"version\":\"TLS 1.3\","
                                       "\"ciphers\":[4865,4866,49199],\"exts\":[0,10,11,13,16,43],"
                                       "\"sig_algs\":[1027,2052]}}}\n");
}

/*
 * custom: [certificate, chain, client, client_certificate, client_chain]: base64 DER of the
 * first certificate and of each in the chain, both sides (client authentication flights).
 */
static void certificate_and_chain(void **state)
{
    (void)state;
    struct eve_tls_config tc;
    eve_tls_config_defaults(&tc);
    tc.fields = EVE_TLS_DER_FIELDS | EVE_TLS_F_CLIENT;
    struct logctx lc = {.eo = eve_test_open(EVE_TYPE_TLS), .tc = &tc};
    make_flow(&lc.p, &lc.f);
    static struct hsbuf c1, s1, c2;
    hb_tls12_client_auth(&c1, &s1, &c2);
    struct tls_config cfg;
    tls_config_defaults(&cfg);
    cfg.keep_der = true;
    struct tls_hooks hooks = {.on_log = on_log, .arg = &lc};
    struct tls_ctx *ctx = tls_ctx_new(&cfg, &hooks);
    void *st = NULL;
    const struct hsbuf *fl[3] = {&c1, &s1, &c2};
    for (int i = 0; i < 3; i++) {
        struct app_input in = {.f = &lc.f, .p = &lc.p, .ts_usec = lc.p.ts_usec, .dir = i % 2};
        in.data.p = fl[i]->b;
        in.data.len = fl[i]->n;
        assert_int_equal(tls_parse(ctx, &st, &in).status, APP_STATUS_OK);
    }
    tls_state_free(ctx, st); /* frees both DER blocks (ASan checks) */
    tls_ctx_free(ctx);
    assert_int_equal(eve_output_free(lc.eo), KH_OK);
    static char buf[8192];
    eve_test_slurp(buf, sizeof(buf));
#define B64_HEAD "\"MIIBxTCCAWqgAwIBAgIFAKGyw9QwCgYIKoZIzj0E"
#define B64_TAIL "mbR74++Ye630g8XahA==\""
    const char *at = strstr(buf, "\"tls\":{\"certificate\":" B64_HEAD);
    assert_non_null(at);
    at = strstr(at, B64_TAIL ",\"chain\":[" B64_HEAD);
    assert_non_null(at);
    at = strstr(at, B64_TAIL "],\"client\":{\"subject\"");
    assert_non_null(at);
    at = strstr(at, "\"certificate\":" B64_HEAD);
    assert_non_null(at);
    at = strstr(at, B64_TAIL ",\"chain\":[" B64_HEAD);
    assert_non_null(at);
    assert_non_null(strstr(at, B64_TAIL "]}}}\n"));
#undef B64_HEAD
#undef B64_TAIL
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(extended_line),
        cmocka_unit_test(extended_with_fingerprints),
        cmocka_unit_test(basic_line),
        cmocka_unit_test(custom_from_yaml),
        cmocka_unit_test(default_file_options),
        cmocka_unit_test(eve_config_item),
        cmocka_unit_test(gate),
        cmocka_unit_test(client_object),
        cmocka_unit_test(client_handshake_object),
        cmocka_unit_test(certificate_and_chain),
    };
    return cmocka_run_group_tests(tests, eve_test_setup, eve_test_teardown);
}
