/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for DLP per flow: counting, levels, direction, masking, hashing, config. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/conf.h"
#include "dlp.h"

struct seen {
    unsigned n;
    struct dlp_alert a[16];
    struct dlp_sample s[16][DLP_SAMPLES];
};

static void on_alert(void *arg, const struct dlp_alert *a)
{
    struct seen *s = arg;
    if (s->n < 16) {
        s->a[s->n] = *a;
        if (a->nsamples) /* markings have no samples (NULL) */
            memcpy(s->s[s->n], a->samples, a->nsamples * sizeof(*a->samples));
    }
    s->n++;
}

/* count synthetic CCCD numbers, "001090" + 6 digits, as one CSV body */
static size_t csv(char *out, size_t cap, unsigned from, unsigned count)
{
    size_t n = (size_t)snprintf(out, cap, "cccd,ten\n");
    for (unsigned i = from; i < from + count && n + 32 < cap; i++)
        n += (size_t)snprintf(out + n, cap - n, "001090%06u,Nguyen Van %u\n", i, i);
    return n;
}

static void feed(struct dlp_ctx *ctx, struct dlp_flow **fs, enum dlp_way way, uint64_t doc,
                 const char *p, size_t n, bool last, struct seen *s)
{
    struct dlp_input in = {.dir = 0,
                           .way = way,
                           .doc_id = doc,
                           .source = "http",
                           .p = (const uint8_t *)p,
                           .n = n,
                           .last = last};
    dlp_flow_feed(ctx, fs, &in, on_alert, s);
}

static void test_threshold_levels(void **state)
{
    (void)state;
    struct dlp_config cfg;
    dlp_config_defaults(&cfg);
    struct dlp_ctx *ctx = dlp_ctx_new(&cfg);
    struct dlp_flow *fs = NULL;
    struct seen s = {0};
    static char body[40000];
    size_t n = csv(body, sizeof(body), 0, 19);
    feed(ctx, &fs, DLP_WAY_OUTBOUND, 1, body, n, true, &s);
    assert_int_equal(s.n, 0); /* 19 < 20: counted only */
    assert_int_equal(dlp_flow_count(fs, 0, DLP_CCCD), 19);
    n = csv(body, sizeof(body), 10, 10); /* 9 repeats, 1 new: 20 distinct */
    feed(ctx, &fs, DLP_WAY_OUTBOUND, 2, body, n, true, &s);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.a[0].count, 20);
    assert_int_equal(s.a[0].severity, 3);
    assert_int_equal(s.a[0].sid, 9100001);
    assert_string_equal(s.a[0].detector, "cccd");
    assert_string_equal(s.a[0].direction, "outbound");
    assert_int_equal(s.a[0].nsamples, DLP_SAMPLES);
    assert_string_equal(s.s[0][0].masked, "001******000");
    assert_int_equal(strlen(s.s[0][0].hash), 64);
    n = csv(body, sizeof(body), 100, 500); /* past 200 at once: one alert, severity 2 */
    feed(ctx, &fs, DLP_WAY_OUTBOUND, 3, body, n, true, &s);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.a[1].count, 520);
    assert_int_equal(s.a[1].severity, 2);
    dlp_flow_free(ctx, fs);
    dlp_ctx_free(ctx);
}

static void test_direction_and_off(void **state)
{
    (void)state;
    struct dlp_config cfg;
    dlp_config_defaults(&cfg);
    struct dlp_ctx *ctx = dlp_ctx_new(&cfg);
    struct dlp_flow *fs = NULL;
    struct seen s = {0};
    static char body[40000];
    size_t n = csv(body, sizeof(body), 0, 50);
    feed(ctx, &fs, DLP_WAY_INBOUND, 1, body, n, true, &s);
    feed(ctx, &fs, DLP_WAY_INTERNAL, 2, body, n, true, &s);
    assert_int_equal(s.n, 0);
    assert_int_equal(dlp_flow_count(fs, 0, DLP_CCCD), 0); /* not scanned */
    enum dlp_way way;
    assert_true(dlp_flow_way(fs, 0, &way)); /* the way is kept for the next call */
    assert_int_equal(way, DLP_WAY_INTERNAL);
    assert_false(dlp_flow_way(fs, 1, &way));
    dlp_ctx_free(ctx);
    cfg.outbound_only = false;
    ctx = dlp_ctx_new(&cfg);
    feed(ctx, &fs, DLP_WAY_INBOUND, 1, body, n, true, &s);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.a[0].direction, "inbound");
    dlp_flow_free(ctx, fs);
    dlp_ctx_free(ctx);
    cfg.enabled = false;
    ctx = dlp_ctx_new(&cfg);
    fs = NULL;
    feed(ctx, &fs, DLP_WAY_OUTBOUND, 1, body, n, true, &s);
    assert_int_equal(s.n, 1);
    dlp_ctx_free(ctx);
}

static void test_depth_and_split(void **state)
{
    (void)state;
    struct dlp_config cfg;
    dlp_config_defaults(&cfg);
    cfg.threshold = 2;
    cfg.depth = 40;
    struct dlp_ctx *ctx = dlp_ctx_new(&cfg);
    struct dlp_flow *fs = NULL;
    struct seen s = {0};
    /* one number split over two pieces of one document, then depth cuts the third */
    feed(ctx, &fs, DLP_WAY_OUTBOUND, 7, "a 0790850", 9, false, &s);
    feed(ctx, &fs, DLP_WAY_OUTBOUND, 7, "12345 b 0901234567 c ", 21, false, &s);
    feed(ctx, &fs, DLP_WAY_OUTBOUND, 7, "079085012346 079085012347", 25, true, &s);
    assert_int_equal(dlp_flow_count(fs, 0, DLP_CCCD), 1);
    assert_int_equal(dlp_flow_count(fs, 0, DLP_PHONE), 1);
    assert_int_equal(dlp_ctx_stats(ctx)->depth_reached, 1);
    assert_int_equal(s.n, 0);
    dlp_flow_free(ctx, fs);
    dlp_ctx_free(ctx);
}

static void test_marking_once(void **state)
{
    (void)state;
    struct dlp_config cfg;
    dlp_config_defaults(&cfg);
    struct dlp_ctx *ctx = dlp_ctx_new(&cfg);
    struct dlp_flow *fs = NULL;
    struct seen s = {0};
    const char *doc = "MẬT\nSố: 12/BC\nMẬT\n";
    struct dlp_input in = {.dir = 0,
                           .way = DLP_WAY_OUTBOUND,
                           .doc_id = 1,
                           .source = "smtp",
                           .name = "bao-cao.txt",
                           .name_len = 11,
                           .p = (const uint8_t *)doc,
                           .n = strlen(doc),
                           .last = true};
    dlp_flow_feed(ctx, &fs, &in, on_alert, &s);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.a[0].detector, "state_secret");
    assert_string_equal(s.a[0].level, "MAT");
    assert_string_equal(s.a[0].encoding, "utf-8");
    assert_string_equal(s.a[0].doc_type, "text");
    assert_int_equal(s.a[0].file_name_len, 11);
    assert_int_equal(s.a[0].sid, 9100101);
    dlp_flow_free(ctx, fs);
    dlp_ctx_free(ctx);
}

/* An SSH session's key exchange lists algorithm names that read as e-mail: not scanned. */
static void test_ssh_skipped(void **state)
{
    (void)state;
    struct dlp_config cfg;
    dlp_config_defaults(&cfg);
    cfg.threshold = 1;
    struct dlp_ctx *ctx = dlp_ctx_new(&cfg);
    struct dlp_flow *fs = NULL;
    struct seen s = {0};
    const char *kex = "SSH-2.0-OpenSSH_9.2\r\n....curve25519-sha256@libssh.org,"
                      "chacha20-poly1305@openssh.com";
    feed(ctx, &fs, DLP_WAY_OUTBOUND, 0, kex, strlen(kex), true, &s);
    assert_int_equal(s.n, 0);
    feed(ctx, &fs, DLP_WAY_OUTBOUND, 1, kex + 21, strlen(kex + 21), true, &s);
    assert_int_equal(s.n, 1); /* the same bytes without the banner are e-mail */
    dlp_flow_free(ctx, fs);
    dlp_ctx_free(ctx);
}

static void test_mask(void **state)
{
    (void)state;
    char m[DLP_MASKED_MAX];
    dlp_mask(DLP_CCCD, "001090000123", 12, m);
    assert_string_equal(m, "001******123");
    dlp_mask(DLP_CARD, "4111111111111111", 16, m);
    assert_string_equal(m, "4111********1111");
    dlp_mask(DLP_CMND, "123456789", 9, m);
    assert_string_equal(m, "12*****89");
    dlp_mask(DLP_EMAIL, "nguyen@example.vn", 17, m);
    assert_string_equal(m, "n***@example.vn");
}

static void test_config(void **state)
{
    (void)state;
    char err[256];
    struct conf *c = conf_new();
    assert_int_equal(conf_load_string(c,
                                      "dlp:\n  enabled: no\n  threshold: 5\n  depth: 2mb\n"
                                      "  detectors: [cccd, credit_card]\n"
                                      "  hash-key: 000102030405060708090a0b0c0d0e0f"
                                      "101112131415161718191a1b1c1d1e1f\n",
                                      NULL, err, sizeof(err)),
                     0);
    struct dlp_config cfg;
    dlp_config_defaults(&cfg);
    assert_int_equal(dlp_config_load(&cfg, c, err, sizeof(err)), 0);
    assert_false(cfg.enabled);
    assert_int_equal(cfg.threshold, 5);
    assert_int_equal(cfg.depth, 2u << 20);
    assert_int_equal(cfg.kinds, (1u << DLP_CCCD) | (1u << DLP_CARD));
    assert_int_equal(cfg.key_len, 32);
    assert_int_equal(cfg.key[31], 0x1f);
    conf_free(c);
    c = conf_new();
    assert_int_equal(conf_load_string(c, "dlp:\n  detectors: [nope]\n", NULL, err, sizeof(err)), 0);
    dlp_config_defaults(&cfg);
    assert_int_not_equal(dlp_config_load(&cfg, c, err, sizeof(err)), 0);
    assert_non_null(strstr(err, "nope"));
    conf_free(c);
    /* the same key hashes the same value the same way; another key differently */
    dlp_config_defaults(&cfg);
    memcpy(cfg.key, "0123456789abcdef", 16);
    cfg.key_len = 16;
    cfg.threshold = 1;
    struct seen s1 = {0}, s2 = {0}, s3 = {0};
    struct dlp_ctx *a = dlp_ctx_new(&cfg), *b = dlp_ctx_new(&cfg);
    struct dlp_flow *fa = NULL, *fb = NULL, *fc = NULL;
    feed(a, &fa, DLP_WAY_OUTBOUND, 1, "079085012345\n", 13, true, &s1);
    feed(b, &fb, DLP_WAY_OUTBOUND, 1, "079085012345\n", 13, true, &s2);
    assert_string_equal(s1.s[0][0].hash, s2.s[0][0].hash);
    cfg.key[0] = 'X';
    struct dlp_ctx *c3 = dlp_ctx_new(&cfg);
    feed(c3, &fc, DLP_WAY_OUTBOUND, 1, "079085012345\n", 13, true, &s3);
    assert_string_not_equal(s1.s[0][0].hash, s3.s[0][0].hash);
    dlp_flow_free(a, fa);
    dlp_flow_free(b, fb);
    dlp_flow_free(c3, fc);
    dlp_ctx_free(a);
    dlp_ctx_free(b);
    dlp_ctx_free(c3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threshold_levels),
        cmocka_unit_test(test_direction_and_off),
        cmocka_unit_test(test_depth_and_split),
        cmocka_unit_test(test_marking_once),
        cmocka_unit_test(test_mask),
        cmocka_unit_test(test_ssh_skipped),
        cmocka_unit_test(test_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
