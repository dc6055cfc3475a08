/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for EVE http records: whole lines for parsed exchanges, and the eve-log options. */
#include "core/conf.h"
#include "core/err.h"
#include "http.h"
#include "test_eve.h"

struct logger {
    struct eve_output *eo;
    struct eve_http_config hc;
};

static void on_tx(void *arg, const struct app_input *in, const struct http_tx *tx)
{
    struct logger *lg = arg;
    eve_log_http(lg->eo, &lg->hc, in, tx);
}

/* 192.168.1.10:49152 -> 192.168.1.1:80, packet 4 carries the response. */
static void run_exchange(struct logger *lg, const char *req, const char *resp)
{
    static struct flow f;
    static struct packet p;
    static const uint8_t cli[4] = {192, 168, 1, 10}, srv[4] = {192, 168, 1, 1};
    memset(&f, 0, sizeof(f));
    memset(&p, 0, sizeof(p));
    f.id = 4321;
    memcpy(f.src.b, cli, 4);
    memcpy(f.dst.b, srv, 4);
    f.sp = 49152;
    f.dp = 80;
    f.ip_ver = 4;
    f.proto = 6;
    p.ts_usec = 1706702400000005ull;
    p.pcap_cnt = 4;
    p.flow = &f;
    struct http_config cfg;
    http_config_defaults(&cfg);
    struct http_hooks hooks = {.on_tx_complete = on_tx, .arg = lg};
    struct http_ctx *ctx = http_ctx_new(&cfg, &hooks);
    assert_non_null(ctx);
    void *state = NULL;
    struct app_input in = {.f = &f, .p = &p, .ts_usec = p.ts_usec, .dir = 0};
    in.data = (struct span){(const uint8_t *)req, strlen(req)};
    assert_int_equal(http_parse(ctx, &state, &in).status, APP_STATUS_OK);
    in.dir = 1;
    in.data = (struct span){(const uint8_t *)resp, strlen(resp)};
    assert_int_equal(http_parse(ctx, &state, &in).status, APP_STATUS_OK);
    http_state_free(ctx, state);
    http_ctx_free(ctx);
}

#define HEAD                                                                                       \
    "{\"timestamp\":\"2024-01-31T12:00:00.000005+0000\",\"flow_id\":4321,\"pcap_cnt\":4,"          \
    "\"event_type\":\"http\",\"src_ip\":\"192.168.1.10\",\"src_port\":49152,"                      \
    "\"dest_ip\":\"192.168.1.1\",\"dest_port\":80,\"ip_v\":4,\"proto\":\"TCP\","                   \
    "\"pkt_src\":\"wire/pcap\",\"tx_id\":0,"

static const char req[] = "GET /index.html?a=1 HTTP/1.1\r\n"
                          "Host: www.Example.com\r\n"
                          "User-Agent: curl/8.5.0\r\n"
                          "Referer: http://ref.example/\r\n"
                          "Accept: */*\r\n\r\n";
static const char resp[] = "HTTP/1.1 301 Moved Permanently\r\n"
                           "Content-Type: text/html; charset=UTF-8\r\n"
                           "Location: https://www.example.com/\r\n"
                           "Content-Length: 5\r\n\r\n"
                           "moved";

/* The default suricata.yaml: "- http: extended: yes". */
static void test_extended_line(void **state)
{
    (void)state;
    struct logger lg = {.eo = eve_test_open(EVE_TYPE_HTTP)};
    lg.hc.extended = true;
    run_exchange(&lg, req, resp);
    assert_int_equal(eve_output_free(lg.eo), KH_OK);
    static char buf[8192];
    eve_test_slurp(buf, sizeof(buf));
    static const char want[] =
        HEAD "\"http\":{\"hostname\":\"www.example.com\",\"url\":\"/index.html?a=1\","
             "\"http_user_agent\":\"curl/8.5.0\",\"http_content_type\":\"text/html\","
             "\"http_refer\":\"http://ref.example/\",\"http_method\":\"GET\","
             "\"protocol\":\"HTTP/1.1\",\"status\":301,\"redirect\":\"https://www.example.com/\","
             "\"length\":5}}\n";
    assert_string_equal(buf, want);
}

/* Without extended: the basic fields only. Port from Host; bytes that are not UTF-8. */
static void test_basic_line(void **state)
{
    (void)state;
    struct logger lg = {.eo = eve_test_open(EVE_TYPE_HTTP)};
    run_exchange(&lg,
                 "POST /up\xff HTTP/1.0\r\nHost: h.example:8080\r\nX-Forwarded-For: 10.0.0.1\r\n"
                 "Content-Length: 0\r\n\r\n",
                 "HTTP/1.0 206 Partial\r\nContent-Range: bytes 0-99/1234\r\n"
                 "Content-Length: 0\r\n\r\n");
    assert_int_equal(eve_output_free(lg.eo), KH_OK);
    static char buf[8192];
    eve_test_slurp(buf, sizeof(buf));
    static const char want[] =
        HEAD "\"http\":{\"hostname\":\"h.example\",\"http_port\":8080,\"url\":\"/up\\\\xff\","
             "\"xff\":\"10.0.0.1\",\"content_range\":{\"raw\":\"bytes 0-99/1234\",\"start\":0,"
             "\"end\":99,\"size\":1234}}}\n";
    assert_string_equal(buf, want);
}

static void on_tx_file(void *arg, const struct app_input *in, const struct http_tx *tx)
{
    struct logger *lg = arg;
    struct eve_file file = {.name = {(const uint8_t *)"/f", 2}, .size = 501};
    eve_log_http_file(lg->eo, in, tx, &file);
}

/* A 206 response's file carries its Content-Range as fileinfo "start" and "end" when
 * the range is valid (suricata-verify http-range); not for an invalid one or a 200. */
static void test_file_range(void **state)
{
    (void)state;
    static const char *const resps[] = {
        "HTTP/1.1 206 Partial\r\nContent-Range: bytes 500-1000/146515\r\n"
        "Content-Length: 0\r\n\r\n",
        "HTTP/1.1 206 Partial\r\nContent-Range: bytes 500-1000/1000\r\n"
        "Content-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Range: bytes 500-1000/146515\r\n"
        "Content-Length: 0\r\n\r\n",
    };
    static const char *const want[] = {
        "\"size\":501,\"start\":500,\"end\":1000,\"tx_id\":0}",
        "\"size\":501,\"tx_id\":0}",
        "\"size\":501,\"tx_id\":0}",
    };
    for (size_t i = 0; i < 3; i++) {
        struct logger lg = {.eo = eve_test_open(EVE_TYPE_FILEINFO)};
        struct flow f;
        memset(&f, 0, sizeof(f));
        f.proto = 6;
        f.ip_ver = 4;
        struct http_config cfg;
        http_config_defaults(&cfg);
        struct http_hooks hooks = {.on_tx_complete = on_tx_file, .arg = &lg};
        struct http_ctx *ctx = http_ctx_new(&cfg, &hooks);
        void *st = NULL;
        struct app_input in = {.f = &f, .dir = 0};
        in.data = (struct span){(const uint8_t *)req, strlen(req)};
        http_parse(ctx, &st, &in);
        in.dir = 1;
        in.data = (struct span){(const uint8_t *)resps[i], strlen(resps[i])};
        http_parse(ctx, &st, &in);
        http_state_free(ctx, st);
        http_ctx_free(ctx);
        assert_int_equal(eve_output_free(lg.eo), KH_OK);
        static char buf[8192];
        eve_test_slurp(buf, sizeof(buf));
        assert_non_null(strstr(buf, "\"event_type\":\"fileinfo\""));
        assert_non_null(strstr(buf, want[i]));
    }
}

/* Digests as EveFileInfo writes them: md5 and sha1 for a CLOSED file only, sha256 always
 * (suricata-verify http-mime-truncated: a TRUNCATED file's sha256). */
static void test_file_digests(void **state)
{
    (void)state;
    static const struct eve_file_digests dg = {.md5 = "m", .sha1 = "s1", .sha256 = "s2"};
    struct jbuf jb;
    assert_int_equal(jb_init(&jb, 1024, 4096), 0);
    struct eve_file file = {.name = {(const uint8_t *)"a.txt", 5}, .size = 3, .dg = &dg};
    jb_open_object(&jb, NULL);
    eve_put_fileinfo(&jb, &file, NULL, 4);
    file.truncated = true;
    eve_put_fileinfo(&jb, &file, NULL, 4);
    jb_close_object(&jb);
    static const char want[] =
        "{\"fileinfo\":{\"filename\":\"a.txt\",\"gaps\":false,\"state\":\"CLOSED\",\"md5\":\"m\","
        "\"sha1\":\"s1\",\"sha256\":\"s2\",\"stored\":false,\"size\":3,\"tx_id\":4},"
        "\"fileinfo\":{\"filename\":\"a.txt\",\"gaps\":false,\"state\":\"TRUNCATED\","
        "\"sha256\":\"s2\",\"stored\":false,\"size\":3,\"tx_id\":4}}";
    assert_int_equal(jb.len, strlen(want));
    assert_memory_equal(jb.buf, want, jb.len);
    jb_fini(&jb);
}

/* types: - files: force-hash: [md5, sha256] sets those digests; an unknown name is skipped. */
static void test_force_hash_config(void **state)
{
    (void)state;
    struct conf *conf = conf_new();
    char err[256];
    assert_int_equal(conf_load_string(conf,
                                      "outputs:\n  - eve-log:\n      enabled: yes\n"
                                      "      types:\n        - files:\n"
                                      "            force-hash: [md5, sha256, crc32]\n",
                                      "test", err, sizeof(err)),
                     KH_OK);
    struct eve_config c;
    eve_config_defaults(&c);
    assert_int_equal(eve_config_load(&c, conf, err, sizeof(err)), KH_OK);
    assert_true(c.types & EVE_TYPE_FILEINFO);
    assert_int_equal(c.file_hashes, EVE_FILE_MD5 | EVE_FILE_SHA256);
    conf_free(conf);
}

/*
 * With ethernet: yes, a record written at flow end (no packet: Suricata's pseudo packet
 * to the server) takes the flow's first client and server MAC addresses
 * (suricata-verify bug-5486).
 */
static void test_ether_at_flow_end(void **state)
{
    (void)state;
    char path[128];
    eve_test_path(path, sizeof(path));
    unlink(path);
    struct eve_config c;
    memset(&c, 0, sizeof(c));
    c.enabled = true;
    c.ethernet = true;
    snprintf(c.filename, sizeof(c.filename), "eve.json");
    c.types = EVE_TYPE_HTTP;
    char err[256];
    struct logger lg = {.eo = eve_output_new(&c, eve_test_dir, err, sizeof(err))};
    assert_non_null(lg.eo);
    struct flow f;
    memset(&f, 0, sizeof(f));
    f.proto = 6;
    f.ip_ver = 4;
    static const uint8_t cmac[6] = {0, 8, 2, 0x1c, 0x47, 0xae},
                         smac[6] = {0x20, 0xe5, 0x2a, 0xb6, 0x93, 0xf1};
    flow_macs_add(&f, smac, cmac, 1); /* a reply: from the server to the client */
    struct http_config cfg;
    http_config_defaults(&cfg);
    struct http_hooks hooks = {.on_tx_complete = on_tx, .arg = &lg};
    struct http_ctx *ctx = http_ctx_new(&cfg, &hooks);
    void *st = NULL;
    struct app_input in = {.f = &f, .dir = 0};
    in.data = (struct span){(const uint8_t *)req, strlen(req)};
    http_parse(ctx, &st, &in);
    in.flags = APP_INPUT_EOF; /* both sides end without an answer: logged at flow end */
    in.data = (struct span){(const uint8_t *)"", 0};
    http_parse(ctx, &st, &in);
    in.dir = 1;
    http_parse(ctx, &st, &in);
    http_state_free(ctx, st);
    http_ctx_free(ctx);
    flow_macs_free(&f);
    assert_int_equal(eve_output_free(lg.eo), KH_OK);
    static char buf[8192];
    eve_test_slurp(buf, sizeof(buf));
    assert_non_null(strstr(
        buf, "\"ether\":{\"src_mac\":\"00:08:02:1c:47:ae\",\"dest_mac\":\"20:e5:2a:b6:93:f1\"}"));
}

/* dump-all-headers: both, and a custom field. */
static void test_headers_and_custom(void **state)
{
    (void)state;
    struct logger lg = {.eo = eve_test_open(EVE_TYPE_HTTP)};
    lg.hc.dump = EVE_HTTP_DUMP_REQUEST | EVE_HTTP_DUMP_RESPONSE;
    lg.hc.ncustom = 1;
    snprintf(lg.hc.custom[0], sizeof(lg.hc.custom[0]), "Accept");
    run_exchange(&lg, "GET / HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n",
                 "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    assert_int_equal(eve_output_free(lg.eo), KH_OK);
    static char buf[8192];
    eve_test_slurp(buf, sizeof(buf));
    static const char want[] =
        HEAD "\"http\":{\"hostname\":\"a\",\"url\":\"/\",\"accept\":\"*/*\","
             "\"request_headers\":[{\"name\":\"Host\",\"value\":\"a\"},"
             "{\"name\":\"Accept\",\"value\":\"*/*\"}],"
             "\"response_headers\":[{\"name\":\"Content-Length\",\"value\":\"0\"}]}}\n";
    assert_string_equal(buf, want);
}

static void test_config(void **state)
{
    (void)state;
    struct conf *conf = conf_new();
    char err[256];
    assert_int_equal(conf_load_string(conf,
                                      "x:\n  extended: yes\n  custom: [Accept-Encoding, Age]\n"
                                      "  dump-all-headers: request\n",
                                      "test", err, sizeof(err)),
                     KH_OK);
    struct eve_http_config hc;
    const struct conf_node *n = conf_node_get(conf, NULL, "x");
    assert_int_equal(eve_http_config_read(&hc, n, err, sizeof(err)), KH_OK);
    assert_true(hc.extended);
    assert_int_equal(hc.ncustom, 2);
    assert_string_equal(hc.custom[0], "Accept-Encoding");
    assert_int_equal(hc.dump, EVE_HTTP_DUMP_REQUEST);
    conf_free(conf);
    conf = conf_new();
    assert_int_equal(
        conf_load_string(conf, "x:\n  dump-all-headers: sometimes\n", "test", err, sizeof(err)),
        KH_OK);
    n = conf_node_get(conf, NULL, "x");
    assert_int_equal(eve_http_config_read(&hc, n, err, sizeof(err)), KH_EINVAL);
    conf_free(conf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_extended_line),      cmocka_unit_test(test_basic_line),
        cmocka_unit_test(test_headers_and_custom), cmocka_unit_test(test_config),
        cmocka_unit_test(test_ether_at_flow_end),  cmocka_unit_test(test_file_range),
        cmocka_unit_test(test_file_digests),       cmocka_unit_test(test_force_hash_config),
    };
    return cmocka_run_group_tests(tests, eve_test_setup, eve_test_teardown);
}
