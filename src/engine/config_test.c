/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the engine's configuration: defaults, the built-in YAML, known keys, errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "core/alloc.h"
#include "core/err.h"
#include "core/log.h"

#define MIB (1024ull * 1024)

static int quiet(void **state)
{
    (void)state;
    kh_log_set_level(KH_LOG_ERROR); /* expected warnings stay out of the test output */
    return 0;
}

static struct conf *load(const char *yaml)
{
    char err[512] = "";
    struct conf *c = conf_new();
    assert_non_null(c);
    if (conf_load_string(c, yaml, "t.yaml", err, sizeof(err)) != 0)
        fail_msg("load: %s", err);
    return c;
}

static void load_cfg(struct engine_config *cfg, const struct conf *c)
{
    char err[512] = "";
    if (engine_config_load(cfg, c, err, sizeof(err)) != 0)
        fail_msg("engine_config_load: %s", err);
}

/* The shared corpus folder (KH_CORPUS_DIR, else beside the source tree), or NULL. */
static const char *corpus_dir(char *buf, size_t len)
{
    const char *dir = getenv("KH_CORPUS_DIR");
    const char *src = getenv("KH_SRCDIR");
    if (dir != NULL)
        snprintf(buf, len, "%s", dir);
    else
        snprintf(buf, len, "%s/../shared/corpus", src != NULL ? src : ".");
    return access(buf, R_OK) == 0 ? buf : NULL;
}

/* Suricata's default file from the shared corpus, or NULL when it is not at hand. */
static struct conf *load_suricata_default(void)
{
    char dir[PATH_MAX - 32];
    char path[PATH_MAX];
    if (corpus_dir(dir, sizeof(dir)) == NULL)
        return NULL;
    snprintf(path, sizeof(path), "%s/suricata-default.yaml", dir);
    if (access(path, R_OK) != 0)
        return NULL;
    char err[512] = "";
    struct conf *c = conf_new();
    assert_non_null(c);
    if (conf_load_file(c, path, err, sizeof(err)) != 0)
        fail_msg("%s", err);
    return c;
}

static void test_code_defaults(void **state)
{
    (void)state;
    struct engine_config cfg;
    engine_config_defaults(&cfg);
    assert_string_equal(cfg.log_dir, ENGINE_DEFAULT_LOG_DIR);
    assert_int_equal(cfg.csum_mode, ENGINE_CSUM_AUTO);
    assert_true(cfg.check_csum);
    assert_null(cfg.home_net);
    assert_int_equal(cfg.flow.memcap, 32 * MIB);
    assert_int_equal(cfg.flow.hash_size, 65536);
    assert_int_equal(cfg.flow.prealloc, 10000);
    assert_int_equal(cfg.flow.emergency_recovery, 30);
    const struct flow_timeouts *tcp = &cfg.flow.timeouts[FLOW_PROTO_TCP];
    assert_int_equal(tcp->new_, 30);
    assert_int_equal(tcp->established, 300);
    assert_int_equal(tcp->closed, 10);
    assert_int_equal(tcp->emergency_closed, 5);
    assert_int_equal(tcp->emergency_bypassed, 50);
    assert_int_equal(cfg.flow.timeouts[FLOW_PROTO_UDP].closed, 0);
    assert_int_equal(cfg.flow.timeouts[FLOW_PROTO_DEFAULT].bypassed, 100);
    assert_false(cfg.eve.enabled);
    assert_string_equal(cfg.eve.filename, "eve.json");
    assert_int_equal(cfg.eve.types, 0);
    assert_false(cfg.eve.anomaly_decode);
    assert_false(cfg.eve.anomaly_stream);
    assert_true(cfg.eve.anomaly_applayer);
    assert_true(cfg.eve.stats_totals);
    assert_false(cfg.eve.stats_threads);
    assert_true(cfg.stats_enabled);
    assert_int_equal(cfg.stats_interval, 8);
    assert_string_equal(cfg.stats_decoder_events_prefix, "decoder.event");
    assert_int_equal(cfg.stream.memcap, 64 * MIB);
    assert_int_equal(cfg.stream.reassembly_memcap, 256 * MIB);
    assert_int_equal(cfg.stream.reassembly_depth, 0);
    assert_int_equal(cfg.stream.toserver_chunk_size, 2560);
    assert_true(cfg.stream.checksum_validation);
    assert_int_equal(cfg.defrag.memcap, 16 * MIB);
    assert_int_equal(cfg.defrag.hash_size, 4096);
    assert_int_equal(cfg.defrag.trackers, 1000);
    assert_int_equal(cfg.defrag.timeout, 60);
    assert_false(cfg.defrag.prealloc);

    /* an empty tree gives exactly the code defaults */
    struct conf *c = load("");
    struct engine_config loaded;
    load_cfg(&loaded, c);
    assert_memory_equal(&loaded, &cfg, sizeof(cfg));
    engine_config_fini(&loaded);
    conf_free(c);
}

/* Two configurations give the same values, log_dir aside (a site path in Suricata's file). */
static void assert_same_config(const struct engine_config *a, const struct engine_config *b)
{
    assert_int_equal(a->runmode, b->runmode);
    assert_int_equal(a->csum_mode, b->csum_mode);
    assert_int_equal(a->check_csum, b->check_csum);
    assert_string_equal(a->home_net, b->home_net);
    assert_string_equal(a->external_net, b->external_net);
    assert_memory_equal(&a->flow, &b->flow, sizeof(a->flow));
    assert_memory_equal(&a->stream, &b->stream, sizeof(a->stream));
    assert_memory_equal(&a->defrag, &b->defrag, sizeof(a->defrag));
    assert_memory_equal(&a->eve, &b->eve, sizeof(a->eve));
    assert_int_equal(a->stats_enabled, b->stats_enabled);
    assert_int_equal(a->stats_interval, b->stats_interval);
    assert_int_equal(a->stats_decoder_events, b->stats_decoder_events);
    assert_int_equal(a->stats_stream_events, b->stats_stream_events);
    assert_string_equal(a->stats_decoder_events_prefix, b->stats_decoder_events_prefix);
    const struct conf_node *groups[][2] = {{a->address_groups, b->address_groups},
                                           {a->port_groups, b->port_groups}};
    for (size_t g = 0; g < 2; g++) {
        const struct conf_node *x = groups[g][0]->first_child;
        const struct conf_node *y = groups[g][1]->first_child;
        for (; x != NULL && y != NULL; x = x->next, y = y->next) {
            assert_string_equal(x->name, y->name);
            assert_string_equal(x->value, y->value);
        }
        assert_null(x);
        assert_null(y);
    }
}

static void test_builtin_values(void **state)
{
    (void)state;
    struct conf *c = load(engine_default_yaml);
    struct engine_config cfg;
    load_cfg(&cfg, c);
    assert_int_equal(engine_config_check_keys(c), 0);
    assert_string_equal(cfg.home_net, "[192.168.0.0/16,10.0.0.0/8,172.16.0.0/12]");
    assert_string_equal(cfg.external_net, "!$HOME_NET");
    assert_string_equal(conf_node_child(cfg.port_groups, "FILE_DATA_PORTS")->value,
                        "[$HTTP_PORTS,110,143]");
    assert_true(cfg.eve.enabled);
    assert_int_equal(cfg.eve.types, EVE_TYPE_ALERT | EVE_TYPE_ANOMALY | EVE_TYPE_HTTP |
                                        EVE_TYPE_DNS | EVE_TYPE_TLS | EVE_TYPE_FILEINFO |
                                        EVE_TYPE_STATS | EVE_TYPE_FLOW);
    assert_int_equal(cfg.flow.memcap, 128 * MIB);
    assert_int_equal(cfg.flow.timeouts[FLOW_PROTO_TCP].new_, 60);
    assert_int_equal(cfg.flow.timeouts[FLOW_PROTO_TCP].established, 600);
    assert_int_equal(cfg.flow.timeouts[FLOW_PROTO_TCP].closed, 60);
    assert_int_equal(cfg.stream.reassembly_depth, 1 * MIB);
    assert_int_equal(cfg.defrag.memcap, 32 * MIB);
    assert_true(cfg.defrag.prealloc);
    assert_int_equal(cfg.stats_interval, 8);
    assert_string_equal(cfg.log_dir, ENGINE_DEFAULT_LOG_DIR);
    engine_config_fini(&cfg);
    conf_free(c);
}

static void test_builtin_equals_suricata_default(void **state)
{
    (void)state;
    struct conf *suricata = load_suricata_default();
    if (suricata == NULL)
        skip();
    struct conf *builtin = load(engine_default_yaml);
    struct engine_config a, b;
    load_cfg(&a, builtin);
    load_cfg(&b, suricata);
    assert_same_config(&a, &b);
    engine_config_fini(&a);
    engine_config_fini(&b);
    conf_free(builtin);
    conf_free(suricata);
}

static void test_suricata_default_keys_known(void **state)
{
    (void)state;
    struct conf *suricata = load_suricata_default();
    if (suricata == NULL)
        skip();
    size_t unknown = engine_config_check_keys(suricata);
    if (unknown != 0) {
        kh_log_set_level(KH_LOG_WARNING);
        engine_config_warn_unknown(suricata); /* name them in the test output */
    }
    assert_int_equal(unknown, 0);
    conf_free(suricata);
}

static void test_unknown_keys(void **state)
{
    (void)state;
    struct conf *c = load("flow:\n"
                          "  memcap: 1mb\n"
                          "  memcpa: 2mb\n" /* 1: typo in a section khien reads */
                          "flwo:\n"         /* 2: typo at the top */
                          "  x: 1\n"
                          "app-layer:\n"
                          "  protocols:\n"
                          "    tls: {enabled: yes, anything: 1}\n" /* a section used whole */
                          "vars:\n"
                          "  address-groups: {MY_NET: any}\n"
                          "stream:\n"
                          "  reassembly: {depth: 1mb, deph: 2}\n" /* 3 */
                          "outputs:\n"
                          "  - fast: {enabled: yes}\n"
                          "  - eve-log:\n"
                          "      enabled: yes\n"
                          "      colour: red\n" /* 4 */
                          "      types:\n"
                          "        - alert: {tagged-packets: yes, payload: yes, bogus: 1}\n" /* 5 */
                          "        - flwo\n" /* 6: unknown type */
                          "        - smtp: {anything: 1}\n"
                          "        - stats: {totals: yes}\n"
                          "          extra: 1\n" /* 7: two keys in one item */
                          "        - anomaly: {types: {decode: yes, apps: no}}\n" /* 8 */
                          "  - not-an-output: {enabled: yes}\n"                   /* 9 */
                          "flow-timeouts:\n"
                          "  tcp: {new: 1}\n"
                          "  tpc: {new: 1}\n"); /* 10 */
    assert_int_equal(engine_config_check_keys(c), 10);
    engine_config_warn_unknown(c); /* logs; must not crash or change anything */
    assert_int_equal(engine_config_check_keys(c), 10);
    conf_free(c);
}

/* Load yaml and expect engine_config_load to fail with every string of want in the message. */
static void expect_invalid(const char *yaml, const char *want1, const char *want2)
{
    char err[512] = "";
    struct conf *c = load(yaml);
    struct engine_config cfg;
    int rc = engine_config_load(&cfg, c, err, sizeof(err));
    if (rc != KH_EINVAL)
        fail_msg("%s: got %d, not KH_EINVAL (%s)", yaml, rc, err);
    if (strstr(err, want1) == NULL || strstr(err, want2) == NULL)
        fail_msg("'%s' lacks '%s' or '%s'", err, want1, want2);
    assert_null(cfg.home_net);
    conf_free(c);
}

static void test_invalid_values(void **state)
{
    (void)state;
    expect_invalid("vars: {address-groups: {HOME_NET: any}}\nflow:\n  memcap: 12xb\n",
                   "flow.memcap", "'12xb' at t.yaml:3");
    expect_invalid("flow-timeouts:\n  tcp:\n    new: -1\n", "flow-timeouts.tcp.new", "t.yaml:3");
    expect_invalid("flow:\n  emergency-recovery: 101\n", "flow.emergency-recovery", "1 to 100");
    expect_invalid("flow:\n  hash-size: 0\n", "flow.hash-size", "t.yaml:2");
    expect_invalid("stats:\n  interval: abc\n", "stats.interval", "'abc'");
    expect_invalid("stats:\n  enabled: maybe\n", "stats.enabled", "t.yaml:2");
    expect_invalid("defrag:\n  timeout: 0\n", "defrag.timeout", "t.yaml:2");
    expect_invalid("defrag:\n  memcap: lots\n", "defrag.memcap", "'lots'");
    expect_invalid("runmode: turbo\n", "runmode", "single, workers or autofp");
    expect_invalid("pcap-file:\n  checksum-checks: sometimes\n", "pcap-file.checksum-checks",
                   "auto, yes or no");
    expect_invalid("capture:\n  checksum-validation: some\n", "capture.checksum-validation",
                   "all, none or auto");
    expect_invalid("stream:\n  inline: perhaps\n", "stream.inline", "t.yaml:2");
    expect_invalid("stream:\n  reassembly:\n    toserver-chunk-size: 100kb\n",
                   "stream.reassembly.toserver-chunk-size", "65535");
    expect_invalid("outputs:\n  - eve-log:\n      enabled: maybe\n", "outputs.0.eve-log.enabled",
                   "t.yaml:3");
    expect_invalid("outputs:\n  - eve-log:\n      enabled: yes\n      community-id-seed: 70000\n",
                   "community-id-seed", "0 to 65535");
    expect_invalid("outputs:\n  - eve-log:\n      enabled: yes\n      filetype: carrier-pigeon\n",
                   "outputs.0.eve-log.filetype", "'carrier-pigeon'");
    expect_invalid("outputs:\n  - eve-log:\n      enabled: yes\n      types:\n"
                   "        - stats: {totals: no, threads: no}\n",
                   "totals and threads", "t.yaml:5");
    expect_invalid("outputs:\n  - eve-log:\n      enabled: yes\n      types:\n"
                   "        - anomaly: {types: {decode: often}}\n",
                   "types.0.anomaly.types.decode", "'often'");
    expect_invalid("outputs:\n  - eve-log:\n      enabled: yes\n      types:\n"
                   "        - flow: {enabled: sure}\n",
                   "types.0.flow.enabled", "t.yaml:5");
}

static void test_set_overrides(void **state)
{
    (void)state;
    char err[512];
    struct conf *c = load(engine_default_yaml);
    assert_int_equal(conf_set(c, "outputs.0.eve-log.types.33.flow.enabled=no", err, 512), 0);
    assert_int_equal(conf_set(c, "flow-timeouts.tcp.new=5", err, 512), 0);
    assert_int_equal(conf_set(c, "vars.address-groups.HOME_NET=[10.0.0.0/8]", err, 512), 0);
    assert_int_equal(conf_set(c, "capture.checksum-validation=none", err, 512), 0);
    assert_int_equal(conf_set(c, "default-log-dir=out", err, 512), 0);
    assert_int_equal(conf_set(c, "runmode=single", err, 512), 0);
    struct engine_config cfg;
    load_cfg(&cfg, c);
    assert_false(cfg.eve.types & EVE_TYPE_FLOW);
    assert_true(cfg.eve.types & EVE_TYPE_STATS);
    assert_int_equal(cfg.flow.timeouts[FLOW_PROTO_TCP].new_, 5);
    assert_string_equal(cfg.home_net, "[10.0.0.0/8]");
    assert_int_equal(cfg.csum_mode, ENGINE_CSUM_NONE);
    assert_false(cfg.check_csum);
    assert_false(cfg.stream.checksum_validation);
    assert_string_equal(cfg.log_dir, "out");
    assert_int_equal(cfg.runmode, ENGINE_RUNMODE_SINGLE);
    engine_config_fini(&cfg);

    /* a value --set gives is checked like one from a file, and named as --set */
    assert_int_equal(conf_set(c, "flow.memcap=huge", err, 512), 0);
    assert_int_equal(engine_config_load(&cfg, c, err, sizeof(err)), KH_EINVAL);
    assert_non_null(strstr(err, "flow.memcap: invalid value 'huge' at --set"));
    assert_int_equal(conf_set(c, "outputs.0.eve-log.enabled=no", err, 512), 0);
    assert_int_equal(conf_set(c, "flow.memcap=1gb", err, 512), 0);
    load_cfg(&cfg, c);
    assert_false(cfg.eve.enabled);
    assert_int_equal(cfg.flow.memcap, 1024 * MIB);
    engine_config_fini(&cfg);
    conf_free(c);
}

static void test_eve_options(void **state)
{
    (void)state;
    struct conf *c = load("outputs:\n"
                          "  - eve-log:\n"
                          "      enabled: no\n"
                          "      filename: off.json\n"
                          "  - eve-log:\n"
                          "      enabled: yes\n"
                          "      type: file\n"
                          "      filename: /var/log/x/alerts.json\n"
                          "      pcap-file: yes\n"
                          "      ethernet: on\n"
                          "      community-id: true\n"
                          "      community-id-seed: 0x10\n"
                          "      types:\n"
                          "        - alert: {enabled: no}\n"
                          "        - anomaly: {types: {decode: yes, stream: yes, applayer: no}}\n"
                          "        - stats: {totals: no, threads: yes, deltas: yes}\n"
                          "        -\n"
                          "        - files\n"
                          "        - drop\n"
                          "        - netflow: {enabled: yes}\n"
                          "        - websocket\n"
                          "  - eve-log:\n"
                          "      enabled: yes\n"
                          "      filename: second.json\n");
    struct engine_config cfg;
    load_cfg(&cfg, c);
    assert_true(cfg.eve.enabled);
    assert_string_equal(cfg.eve.filename, "/var/log/x/alerts.json");
    assert_true(cfg.eve.pcap_file);
    assert_true(cfg.eve.ethernet);
    assert_true(cfg.eve.community_id);
    assert_int_equal(cfg.eve.community_id_seed, 16);
    assert_int_equal(cfg.eve.types, EVE_TYPE_ANOMALY | EVE_TYPE_STATS | EVE_TYPE_FILEINFO |
                                        EVE_TYPE_DROP | EVE_TYPE_NETFLOW);
    assert_true(cfg.eve.anomaly_decode);
    assert_true(cfg.eve.anomaly_stream);
    assert_false(cfg.eve.anomaly_applayer);
    assert_false(cfg.eve.stats_totals);
    assert_true(cfg.eve.stats_threads);
    assert_true(cfg.eve.stats_deltas);
    engine_config_fini(&cfg);
    conf_free(c);

    /* an eve-log without enabled: yes is off, as in Suricata */
    c = load("outputs:\n  - eve-log:\n      filename: x.json\n      types: [flow]\n");
    load_cfg(&cfg, c);
    assert_false(cfg.eve.enabled);
    engine_config_fini(&cfg);
    conf_free(c);

    assert_true(eve_config_type_known("mdns"));
    assert_true(eve_config_type_known("files"));
    assert_false(eve_config_type_known("fileinfo"));
    assert_int_equal(eve_config_type_bit("files"), EVE_TYPE_FILEINFO);
    assert_int_equal(eve_config_type_bit("smtp"), 0);
}

static void test_checksums_and_stats(void **state)
{
    (void)state;
    struct engine_config cfg;
    struct conf *c = load("pcap-file: {checksum-checks: no}\nstream: {checksum-validation: yes}\n");
    load_cfg(&cfg, c);
    assert_int_equal(cfg.csum_mode, ENGINE_CSUM_NONE);
    assert_false(cfg.check_csum);
    assert_true(cfg.stream.checksum_validation);
    engine_config_fini(&cfg);
    conf_free(c);

    c = load("capture: {checksum-validation: all}\npcap-file: {checksum-checks: no}\n"
             "stream: {checksum-validation: no}\n");
    load_cfg(&cfg, c);
    assert_int_equal(cfg.csum_mode, ENGINE_CSUM_ALL);
    assert_true(cfg.check_csum);
    assert_true(cfg.stream.checksum_validation);
    engine_config_fini(&cfg);
    conf_free(c);

    enum engine_csum_mode m = ENGINE_CSUM_AUTO;
    assert_int_equal(engine_csum_mode_parse("none", &m), 0);
    assert_int_equal(m, ENGINE_CSUM_NONE);
    assert_int_equal(engine_csum_mode_parse("all", &m), 0);
    assert_int_equal(m, ENGINE_CSUM_ALL);
    assert_int_equal(engine_csum_mode_parse("auto", &m), 0);
    assert_int_equal(m, ENGINE_CSUM_AUTO);
    assert_int_equal(engine_csum_mode_parse("some", &m), KH_EINVAL);

    /* without a stats section, Suricata reads the legacy outputs stats entry */
    c = load("outputs:\n  - stats: {enabled: yes, interval: 20}\n");
    load_cfg(&cfg, c);
    assert_true(cfg.stats_enabled);
    assert_int_equal(cfg.stats_interval, 20);
    engine_config_fini(&cfg);
    conf_free(c);
    c = load("stats: {enabled: no, decoder-events-prefix: dec}\n");
    load_cfg(&cfg, c);
    assert_false(cfg.stats_enabled);
    assert_string_equal(cfg.stats_decoder_events_prefix, "dec");
    engine_config_fini(&cfg);
    conf_free(c);
}

/* Each suricata.yaml of the verify corpus loads, reads and has no unknown key. */
static int check_verify_yaml(const char *path, const struct stat *st, int flag, struct FTW *f)
{
    (void)st;
    (void)f;
    size_t len = strlen(path);
    if (flag != FTW_F || len < 5 || strcmp(path + len - 5, ".yaml") != 0 ||
        strcmp(path + len - 9, "test.yaml") == 0)
        return 0;
    char err[512] = "";
    struct conf *c = conf_new();
    struct engine_config cfg;
    int rc = conf_load_file(c, path, err, sizeof(err));
    if (rc == 0)
        rc = engine_config_load(&cfg, c, err, sizeof(err));
    if (rc != 0)
        fail_msg("%s: %s", path, err);
    engine_config_fini(&cfg);
    if (engine_config_check_keys(c) != 0) {
        kh_log_set_level(KH_LOG_WARNING);
        engine_config_warn_unknown(c);
        fail_msg("%s: unknown keys", path);
    }
    conf_free(c);
    return 0;
}

static void test_verify_corpus_configs(void **state)
{
    (void)state;
    char dir[PATH_MAX - 32];
    char verify[PATH_MAX];
    if (corpus_dir(dir, sizeof(dir)) == NULL)
        skip();
    snprintf(verify, sizeof(verify), "%s/verify", dir);
    if (access(verify, R_OK) != 0)
        skip();
    assert_int_equal(nftw(verify, check_verify_yaml, 16, FTW_PHYS), 0);
}

static void test_alloc_failures(void **state)
{
    (void)state;
    struct conf *c = load(engine_default_yaml);
    char err[512];
    unsigned long n;
    for (n = 1; n < 1000; n++) {
        struct engine_config cfg;
        kh_alloc_fail_at(n);
        int rc = engine_config_load(&cfg, c, err, sizeof(err));
        kh_alloc_fail_at(0);
        if (rc == 0) {
            engine_config_fini(&cfg);
            break;
        }
        assert_int_equal(rc, KH_ENOMEM);
        assert_null(cfg.home_net);
    }
    assert_true(n > 1);
    assert_true(n < 1000);
    conf_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code_defaults),
        cmocka_unit_test(test_builtin_values),
        cmocka_unit_test(test_builtin_equals_suricata_default),
        cmocka_unit_test(test_suricata_default_keys_known),
        cmocka_unit_test(test_unknown_keys),
        cmocka_unit_test(test_invalid_values),
        cmocka_unit_test(test_set_overrides),
        cmocka_unit_test(test_eve_options),
        cmocka_unit_test(test_checksums_and_stats),
        cmocka_unit_test(test_verify_corpus_configs),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, quiet, NULL);
}
