/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the feed readers over the samples in tests/intel/ (one per format). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/err.h"
#include "feeds.h"

static char path_buf[1024], cat_buf[1024];

static const char *sample(const char *name)
{
    const char *src = getenv("KH_SRCDIR");
    snprintf(path_buf, sizeof(path_buf), "%s/tests/intel/%s", src ? src : ".", name);
    return path_buf;
}

/* Load one feed into a fresh set; its feed record comes back through *f. */
static struct intel_sets *load(struct intel_feed_cfg *c, int want_rc, const struct intel_feed **f)
{
    struct intel_sets *s = intel_sets_new();
    char err[512];
    int rc = intel_feed_load(s, c, err, sizeof(err));
    if (rc != want_rc)
        fail_msg("load %s: rc %d: %s", c->path, rc, err);
    assert_int_equal(intel_sets_finish(s), KH_OK);
    *f = intel_feed_cget(s, 0);
    return s;
}

static size_t look(struct intel_sets *s, enum intel_type t, const char *v, uint32_t *ids)
{
    return intel_lookup(s, t, v, strlen(v), 1768000000, ids, INTEL_MAX_HITS);
}

static void test_stix(void **state)
{
    (void)state;
    struct intel_feed_cfg c;
    const struct intel_feed *f;
    uint32_t ids[INTEL_MAX_HITS];
    intel_feed_cfg_defaults(&c);
    c.name = "cert-stix";
    c.format = INTEL_FMT_STIX;
    c.path = sample("stix-bundle.json");
    struct intel_sets *s = load(&c, KH_OK, &f);
    assert_int_equal(f->count[INTEL_T_IP], 3);
    assert_int_equal(f->count[INTEL_T_DOMAIN], 1);
    assert_int_equal(f->count[INTEL_T_URL], 1);
    assert_int_equal(f->count[INTEL_T_SHA256], 1);
    assert_int_equal(f->count[INTEL_T_MD5], 1);
    assert_int_equal(f->count[INTEL_T_CERT_SHA1], 1);
    assert_int_equal(f->skipped, 2); /* the AND pattern and the snort pattern */
    assert_int_equal(f->errors, 1);  /* the indicator without a pattern */
    assert_int_equal(look(s, INTEL_T_IP, "203.0.113.9", ids), 1);
    const struct intel_meta *m = intel_ind_meta(s, ids[0]);
    assert_int_equal(m->confidence, 85);
    assert_string_equal(intel_meta_desc(s, m), "C2 server of the \"Lotus\" campaign");
    assert_int_equal(look(s, INTEL_T_URL, "http://evil.example.com/a/payload.bin", ids), 1);
    assert_true(intel_ind_meta(s, ids[0])->expiry > 0);
    assert_int_equal(look(s, INTEL_T_IP, "2001:db8:bad:1::1", ids), 1);
    intel_sets_free(s);
}

static void test_misp_event(void **state)
{
    (void)state;
    struct intel_feed_cfg c;
    const struct intel_feed *f;
    uint32_t ids[INTEL_MAX_HITS];
    intel_feed_cfg_defaults(&c);
    c.name = "misp";
    c.format = INTEL_FMT_MISP;
    c.path = sample("misp-event.json");
    struct intel_sets *s = load(&c, KH_OK, &f);
    assert_int_equal(f->count[INTEL_T_IP], 1);
    assert_int_equal(f->count[INTEL_T_DOMAIN], 1);
    assert_int_equal(f->count[INTEL_T_URL], 1);
    assert_int_equal(f->count[INTEL_T_SHA256], 1);
    assert_int_equal(f->count[INTEL_T_MD5], 1); /* from the file object */
    assert_int_equal(f->count[INTEL_T_JA3], 1);
    assert_int_equal(f->skipped, 3); /* to_ids false twice, email-src */
    assert_int_equal(f->errors, 1);  /* "not-an-ip|443" */
    assert_int_equal(look(s, INTEL_T_IP, "192.0.2.200", ids), 0);
    assert_int_equal(look(s, INTEL_T_IP, "192.0.2.66", ids), 1);
    const struct intel_meta *m = intel_ind_meta(s, ids[0]);
    assert_int_equal(m->severity, 1);
    assert_non_null(strstr(intel_meta_desc(s, m), "Banking trojan"));
    intel_sets_free(s);
}

static void test_misp_feed(void **state)
{
    (void)state;
    struct intel_feed_cfg c;
    const struct intel_feed *f;
    uint32_t ids[INTEL_MAX_HITS];
    intel_feed_cfg_defaults(&c);
    c.name = "misp-feed";
    c.format = INTEL_FMT_MISP_FEED;
    c.path = sample("misp-feed");
    struct intel_sets *s = load(&c, KH_OK, &f);
    assert_int_equal(f->count[INTEL_T_IP], 2);
    assert_int_equal(f->count[INTEL_T_DOMAIN], 2);
    assert_int_equal(f->errors, 2); /* the bad attribute, the missing event file */
    assert_int_equal(look(s, INTEL_T_IP, "198.19.4.4", ids), 1);
    assert_int_equal(intel_ind_meta(s, ids[0])->severity, 3);
    intel_sets_free(s);
}

static void test_plain_and_csv(void **state)
{
    (void)state;
    struct intel_feed_cfg c;
    const struct intel_feed *f;
    uint32_t ids[INTEL_MAX_HITS];
    intel_feed_cfg_defaults(&c);
    c.name = "plain";
    c.path = sample("plain-ips.txt");
    c.type = INTEL_T_IP;
    struct intel_sets *s = load(&c, KH_OK, &f);
    assert_int_equal(f->count[INTEL_T_IP], 5);
    assert_int_equal(f->errors, 2);
    intel_sets_free(s);

    intel_feed_cfg_defaults(&c);
    c.name = "csv";
    c.format = INTEL_FMT_CSV;
    c.path = sample("indicators.csv");
    s = load(&c, KH_OK, &f);
    assert_int_equal(f->count[INTEL_T_IP], 2);
    assert_int_equal(f->errors, 1); /* confidence 999 */
    assert_int_equal(look(s, INTEL_T_IP, "192.0.2.77", ids), 1);
    const struct intel_meta *m = intel_ind_meta(s, ids[0]);
    assert_int_equal(m->action, INTEL_ACT_DROP);
    assert_int_equal(m->confidence, 90);
    assert_int_equal(look(s, INTEL_T_IP, "192.0.2.79", ids), 0); /* expired at that time */
    assert_int_equal(look(s, INTEL_T_DOMAIN, "x.y.badcdn.example", ids), 1);
    assert_string_equal(intel_meta_desc(s, intel_ind_meta(s, ids[0])), "Malware CDN, all hosts");
    assert_int_equal(look(s, INTEL_T_URL, "https://files.example.com/dl/~user/x.exe", ids), 1);
    assert_int_equal(look(s, INTEL_T_JA3, "E7D705A3286E19EA42F587B344EE6865", ids), 1);
    assert_int_equal(look(s, INTEL_T_JA4, "t13d1516h2_8daaf6152771_e5627efa2ab1", ids), 1);
    intel_sets_free(s);
}

static void test_dataset_iprep(void **state)
{
    (void)state;
    struct intel_feed_cfg c;
    const struct intel_feed *f;
    uint32_t ids[INTEL_MAX_HITS];
    intel_feed_cfg_defaults(&c);
    c.name = "ds";
    c.format = INTEL_FMT_DATASET;
    c.type = INTEL_T_STRING;
    c.path = sample("dataset-strings.txt");
    struct intel_sets *s = load(&c, KH_OK, &f);
    assert_int_equal(f->count[INTEL_T_STRING], 3);
    assert_int_equal(f->errors, 1);
    assert_int_equal(look(s, INTEL_T_STRING, "catenacyber.fr", ids), 1);
    assert_int_equal(look(s, INTEL_T_STRING, "malware", ids), 1);
    intel_sets_free(s);

    c.type = INTEL_T_SHA256;
    c.path = sample("dataset-sha256.txt");
    s = load(&c, KH_OK, &f);
    assert_int_equal(f->count[INTEL_T_SHA256], 1);
    assert_int_equal(f->errors, 1);
    intel_sets_free(s);

    intel_feed_cfg_defaults(&c);
    c.name = "iprep";
    c.format = INTEL_FMT_IPREP;
    c.path = sample("iprep-reputation.txt");
    snprintf(cat_buf, sizeof(cat_buf), "%s", sample("iprep-categories.txt"));
    c.categories = cat_buf;
    c.path = sample("iprep-reputation.txt");
    s = load(&c, KH_OK, &f);
    assert_int_equal(f->count[INTEL_T_IP], 3);
    assert_int_equal(f->errors, 2);
    assert_int_equal(look(s, INTEL_T_IP, "198.18.5.77", ids), 1);
    assert_non_null(strstr(intel_meta_desc(s, intel_ind_meta(s, ids[0])), "Scanners"));
    intel_sets_free(s);
}

static void test_not_the_format(void **state)
{
    (void)state;
    struct intel_feed_cfg c;
    char err[256];
    intel_feed_cfg_defaults(&c);
    c.name = "x";
    c.format = INTEL_FMT_STIX;
    struct intel_sets *s = intel_sets_new();
    const uint8_t junk[] = "{\"type\": \"bundle\", \"objects\": [1, 2";
    assert_int_equal(intel_feed_load_buf(s, &c, junk, sizeof(junk) - 1, "junk", err, sizeof(err)),
                     KH_EFORMAT);
    assert_non_null(strstr(err, "line 1"));
    c.format = INTEL_FMT_CSV;
    const uint8_t nohdr[] = "a,b\n1,2\n";
    assert_int_equal(intel_feed_load_buf(s, &c, nohdr, sizeof(nohdr) - 1, "csv", err, sizeof(err)),
                     KH_EFORMAT);
    c.path = "/nonexistent/feed.txt";
    assert_int_equal(intel_feed_load(s, &c, err, sizeof(err)), KH_ENOENT);
    intel_sets_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stix),          cmocka_unit_test(test_misp_event),
        cmocka_unit_test(test_misp_feed),     cmocka_unit_test(test_plain_and_csv),
        cmocka_unit_test(test_dataset_iprep), cmocka_unit_test(test_not_the_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
