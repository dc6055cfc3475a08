/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the indicator sets: prefixes (longest match), domains, URLs, hashes, expiry. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/err.h"
#include "intel.h"

static struct intel_sets *s;
static uint32_t meta_a, meta_b, meta_exp;

static void add(enum intel_type t, const char *v, uint32_t meta)
{
    char err[256];
    int rc = intel_add(s, t, v, strlen(v), meta, false, err, sizeof(err));
    if (rc != KH_OK)
        fail_msg("add %s: %s", v, err);
}

static int setup(void **state)
{
    (void)state;
    s = intel_sets_new();
    int fa = intel_feed_add(s, "feed-a", 1000), fb = intel_feed_add(s, "feed-b", 2000);
    meta_a = intel_meta_add(s, &(struct intel_meta){.feed = (uint16_t)fa, .confidence = 90}, "A");
    meta_b = intel_meta_add(s, &(struct intel_meta){.feed = (uint16_t)fb, .confidence = 10}, NULL);
    meta_exp = intel_meta_add(s, &(struct intel_meta){.feed = (uint16_t)fb, .expiry = 1000}, "old");
    add(INTEL_T_IP, "10.0.0.0/8", meta_a);
    add(INTEL_T_IP, "10.1.0.0/16", meta_a);
    add(INTEL_T_IP, "10.1.2.3", meta_a);
    add(INTEL_T_IP, "10.1.2.3/32", meta_b); /* the same address in another feed */
    add(INTEL_T_IP, "10.200.0.0/16", meta_a);
    add(INTEL_T_IP, "0.0.0.0/0", meta_b);
    add(INTEL_T_IP, "255.255.255.255", meta_a);
    add(INTEL_T_IP, "2001:db8::/32", meta_a);
    add(INTEL_T_IP, "2001:db8:1::5", meta_a);
    add(INTEL_T_DOMAIN, "Example.COM.", meta_a);
    add(INTEL_T_DOMAIN, "*.evil.example", meta_a);
    add(INTEL_T_DOMAIN, "old.example", meta_exp);
    add(INTEL_T_URL, "HTTP://www.Example.com:80/a/../b/./c%7e?q=%2f", meta_a);
    add(INTEL_T_CERT_SHA1, "3A:0B:5C:1D:2E:3F:40:51:62:73:84:95:A6:B7:C8:D9:EA:FB:0C:1D", meta_a);
    add(INTEL_T_SHA256, "AEC070645FE53EE3B3763059376134F058CC337247C978ADD178B6CCDFB0019F", meta_a);
    assert_int_equal(intel_sets_finish(s), KH_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    intel_sets_free(s);
    return 0;
}

static size_t ip(const char *text, uint32_t *ids)
{
    uint8_t a[16];
    int ver = strchr(text, ':') ? 6 : 4;
    assert_int_equal(inet_pton(ver == 4 ? AF_INET : AF_INET6, text, a), 1);
    return intel_lookup_ip(s, a, ver, 0, ids, INTEL_MAX_HITS);
}

static void expect_ip(const char *addr, const char *want)
{
    uint32_t ids[INTEL_MAX_HITS];
    char txt[128];
    size_t n = ip(addr, ids);
    if (want == NULL) {
        assert_int_equal(n, 0);
        return;
    }
    assert_true(n >= 1);
    intel_ind_text(s, ids[0], txt, sizeof(txt));
    if (strcmp(txt, want) != 0)
        fail_msg("%s: got %s, want %s", addr, txt, want);
}

static void test_longest_prefix(void **state)
{
    (void)state;
    expect_ip("10.1.2.3", "10.1.2.3");
    expect_ip("10.1.2.4", "10.1.0.0/16");
    expect_ip("10.2.0.0", "10.0.0.0/8");
    expect_ip("10.255.255.255", "10.0.0.0/8");
    expect_ip("10.200.3.3", "10.200.0.0/16");
    expect_ip("10.201.0.0", "10.0.0.0/8");
    expect_ip("11.0.0.0", "0.0.0.0/0");
    expect_ip("255.255.255.255", "255.255.255.255");
    expect_ip("255.255.255.254", "0.0.0.0/0");
    expect_ip("2001:db8:1::5", "2001:db8:1::5");
    expect_ip("2001:db8:1::6", "2001:db8::/32");
    expect_ip("2001:db9::", NULL);
    uint32_t ids[INTEL_MAX_HITS];
    assert_int_equal(ip("10.1.2.3", ids), 2); /* both feeds hold it */
    assert_int_not_equal(intel_ind_meta(s, ids[0])->feed, intel_ind_meta(s, ids[1])->feed);
}

static void test_domains(void **state)
{
    (void)state;
    uint32_t ids[INTEL_MAX_HITS];
    char txt[128];
    assert_int_equal(intel_lookup_domain(s, "example.com", 11, 0, ids, 16), 1);
    assert_int_equal(intel_lookup_domain(s, "EXAMPLE.com.", 12, 0, ids, 16), 1);
    assert_int_equal(intel_lookup_domain(s, "www.example.com", 15, 0, ids, 16), 0); /* exact */
    assert_int_equal(intel_lookup_domain(s, "evil.example", 12, 0, ids, 16), 1);
    assert_int_equal(intel_lookup_domain(s, "a.b.evil.example", 16, 0, ids, 16), 1);
    intel_ind_text(s, ids[0], txt, sizeof(txt));
    assert_string_equal(txt, "*.evil.example");
    assert_int_equal(intel_lookup_domain(s, "notevil.example", 15, 0, ids, 16), 0);
    /* expiry is against the time given (packet time) */
    assert_int_equal(intel_lookup_domain(s, "old.example", 11, 999, ids, 16), 1);
    assert_int_equal(intel_lookup_domain(s, "old.example", 11, 1001, ids, 16), 0);
}

static void expect_url(const char *in, const char *want)
{
    char out[INTEL_MAX_VALUE];
    size_t n = intel_url_normalise(in, strlen(in), out, sizeof(out));
    if (want == NULL) {
        assert_int_equal(n, 0);
        return;
    }
    out[n] = '\0';
    if (strcmp(out, want) != 0)
        fail_msg("%s: got %s, want %s", in, out, want);
}

static void test_url_normalise(void **state)
{
    (void)state;
    expect_url("HTTP://www.Example.com:80/a/../b/./c%7e?q=%2f",
               "http://www.example.com/b/c~?q=%2F");
    expect_url("https://h:443", "https://h/");
    expect_url("https://h:8443/x", "https://h:8443/x");
    expect_url("http://user:pw@H/a/b/../../../c#frag", "http://h/c");
    expect_url("http://h/a/..", "http://h/");
    expect_url("http://h/%41%2e%2E/b", "http://h/A../b");
    expect_url("http://[2001:DB8::1]:80/", "http://[2001:db8::1]/");
    expect_url("no-scheme.example/x", NULL);
    uint32_t ids[INTEL_MAX_HITS];
    const char *u = "http://WWW.example.com/b/c~?q=%2f";
    assert_int_equal(intel_lookup(s, INTEL_T_URL, u, strlen(u), 0, ids, 16), 1);
}

static void test_hashes(void **state)
{
    (void)state;
    uint32_t ids[INTEL_MAX_HITS];
    const char *fp = "3a:0b:5c:1d:2e:3f:40:51:62:73:84:95:a6:b7:c8:d9:ea:fb:0c:1d";
    assert_int_equal(intel_lookup(s, INTEL_T_CERT_SHA1, fp, strlen(fp), 0, ids, 16), 1);
    const char *h = "aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f";
    assert_int_equal(intel_lookup(s, INTEL_T_SHA256, h, strlen(h), 0, ids, 16), 1);
    assert_int_equal(intel_lookup(s, INTEL_T_MD5, h, 32, 0, ids, 16), 0);
    char err[256];
    assert_int_equal(intel_add(s, INTEL_T_MD5, "xyz", 3, meta_a, false, err, sizeof(err)),
                     KH_EINVAL); /* after finish */
    char txt[128];
    intel_ind_text(s, ids[0], txt, sizeof(txt));
    assert_string_equal(txt, h);
    assert_string_equal(intel_meta_desc(s, intel_ind_meta(s, ids[0])), "A");
}

static void test_bad_values(void **state)
{
    (void)state;
    struct intel_sets *t = intel_sets_new();
    int f = intel_feed_add(t, "x", 1);
    uint32_t m = intel_meta_add(t, &(struct intel_meta){.feed = (uint16_t)f}, NULL);
    char err[256];
    const struct {
        enum intel_type t;
        const char *v;
    } bad[] = {
        {INTEL_T_IP, "1.2.3.4/33"}, {INTEL_T_IP, "::/129"}, {INTEL_T_IP, "1.2.3"},
        {INTEL_T_MD5, "abcd"},      {INTEL_T_SHA1, "zz"},   {INTEL_T_DOMAIN, "a..b"},
        {INTEL_T_DOMAIN, "a b"},    {INTEL_T_URL, "nourl"}, {INTEL_T_JA4, "t13d-x"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(
            intel_add(t, bad[i].t, bad[i].v, strlen(bad[i].v), m, false, err, sizeof(err)),
            KH_EFORMAT);
    assert_true(intel_sets_empty(t));
    assert_int_equal(intel_sets_finish(t), KH_OK);
    uint8_t a[16] = {1, 2, 3, 4};
    uint32_t ids[4];
    assert_int_equal(intel_lookup_ip(t, a, 4, 0, ids, 4), 0);
    intel_sets_free(t);
}

/* Large sets take the /24 bitmap and the string filter: hits and misses still right. */
static void test_large_sets(void **state)
{
    (void)state;
    struct intel_sets *t = intel_sets_new();
    int f = intel_feed_add(t, "big", 1);
    uint32_t m = intel_meta_add(t, &(struct intel_meta){.feed = (uint16_t)f}, NULL);
    char v[64], err[256];
    for (unsigned i = 0; i < 6000; i++) {
        snprintf(v, sizeof(v), "%u.%u.%u.%u", 20 + i % 200, i / 200, (i * 7) % 256, i % 256);
        assert_int_equal(intel_add(t, INTEL_T_IP, v, strlen(v), m, false, err, sizeof(err)), 0);
        snprintf(v, sizeof(v), "host%u.example.net", i);
        assert_int_equal(intel_add(t, INTEL_T_DOMAIN, v, strlen(v), m, false, err, sizeof(err)), 0);
    }
    assert_int_equal(intel_add(t, INTEL_T_IP, "5.0.0.0/8", 9, m, false, err, sizeof(err)), 0);
    assert_int_equal(intel_sets_finish(t), 0);
    uint32_t ids[4];
    for (unsigned i = 0; i < 6000; i++) {
        uint8_t a[4] = {(uint8_t)(20 + i % 200), (uint8_t)(i / 200), (uint8_t)((i * 7) % 256),
                        (uint8_t)(i % 256)};
        assert_int_equal(intel_lookup_ip(t, a, 4, 0, ids, 4), 1);
        a[3] ^= 1; /* a neighbour in the same /24: past the bitmap, still a miss */
        assert_int_equal(intel_lookup_ip(t, a, 4, 0, ids, 4), 0);
        a[0] = 230; /* an unlisted /24 */
        assert_int_equal(intel_lookup_ip(t, a, 4, 0, ids, 4), 0);
        snprintf(v, sizeof(v), "host%u.example.net", i);
        assert_int_equal(intel_lookup_domain(t, v, strlen(v), 0, ids, 4), 1);
        snprintf(v, sizeof(v), "host%u.example.org", i);
        assert_int_equal(intel_lookup_domain(t, v, strlen(v), 0, ids, 4), 0);
    }
    uint8_t a5[4] = {5, 200, 1, 1};
    assert_int_equal(intel_lookup_ip(t, a5, 4, 0, ids, 4), 1);
    uint8_t batch[3][4] = {{5, 1, 1, 1}, {20, 0, 0, 0}, {231, 1, 1, 1}};
    bool hit[3];
    intel_lookup_ip4_batch(t, (const uint8_t(*)[4])batch, 3, 0, hit);
    assert_true(hit[0] && hit[1] && !hit[2]);
    intel_sets_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_longest_prefix), cmocka_unit_test(test_domains),
        cmocka_unit_test(test_url_normalise),  cmocka_unit_test(test_hashes),
        cmocka_unit_test(test_bad_values),     cmocka_unit_test(test_large_sets),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
