/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for classification.config, reference.config and threshold.config. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/err.h"
#include "detect/rules/conffiles.h"

static void test_classification(void **state)
{
    (void)state;
    struct detect_classes c = {0};
    char err[256];
    assert_int_equal(detect_classes_parse(&c,
                                          "#\n# config classification:shortname,desc,prio\n\n"
                                          "config classification: not-suspicious,Not Suspicious "
                                          "Traffic,3\n"
                                          "config classification:trojan-activity,A Network "
                                          "Trojan was detected, 1\r\n"
                                          "config classification: not-suspicious,Again,2\n",
                                          "c.config", err, sizeof(err)),
                     0);
    assert_int_equal(c.n, 2);
    const struct detect_class *k = detect_class_find(&c, "trojan-activity");
    assert_non_null(k);
    assert_string_equal(k->desc, "A Network Trojan was detected");
    assert_int_equal(k->priority, 1);
    assert_int_equal(detect_class_find(&c, "not-suspicious")->priority, 2); /* later wins */
    assert_null(detect_class_find(&c, "nope"));
    detect_classes_fini(&c);

    static const char *const bad[] = {
        "config classification: a,b\n",     "config classification: a,b,0\n",
        "config classification: a,b,256\n", "config classification: a,b,x\n",
        "config classifications: a,b,1\n",  "classification: a,b,1\n",
        "config classification: ,b,1\n",    "config classification: a,b,1,2\n",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char text[128];
        snprintf(text, sizeof(text), "# ok\n%s", bad[i]);
        assert_int_equal(detect_classes_parse(&c, text, "c.config", err, sizeof(err)), KH_EFORMAT);
        if (strncmp(err, "c.config:2: ", 12) != 0)
            fail_msg("'%s': %s", bad[i], err);
        detect_classes_fini(&c);
    }
}

static void test_reference(void **state)
{
    (void)state;
    struct detect_refsys r = {0};
    char err[256];
    assert_int_equal(detect_refsys_parse(&r,
                                         "# comment\nconfig reference: bugtraq   "
                                         "http://www.securityfocus.com/bid/\n"
                                         "config reference: arachNIDS "
                                         "http://www.whitehats.com/info/IDS\n",
                                         "r.config", err, sizeof(err)),
                     0);
    assert_int_equal(r.n, 2);
    assert_string_equal(detect_ref_find(&r, "arachnids")->name, "arachnids");
    assert_string_equal(detect_ref_find(&r, "BUGTRAQ")->url, "http://www.securityfocus.com/bid/");
    detect_refsys_fini(&r);
    assert_int_equal(
        detect_refsys_parse(&r, "config reference: onlyname\n", "r.config", err, sizeof(err)),
        KH_EFORMAT);
    assert_non_null(strstr(err, "r.config:1:"));
    detect_refsys_fini(&r);
}

static void test_threshold(void **state)
{
    (void)state;
    struct detect_thresholds t = {0};
    char err[256];
    assert_int_equal(
        detect_thresholds_parse(
            &t,
            "# threshold.config\n"
            "threshold gen_id 1, sig_id 10, type limit, track by_src, count 1, seconds 60\n"
            "event_filter gen_id 1, sig_id 11, type both, track by_dst, count 5, seconds 10\n"
            "suppress gen_id 1, sig_id 2003614, track by_src, ip 217.110.97.128/25\n"
            "suppress gen_id 1, sig_id 2003615, track by_dst, ip [1.1.1.1,2.2.2.2]\n"
            "suppress gen_id 0, sig_id 0\n"
            "rate_filter gen_id 1, sig_id 1000, track by_rule, count 100, seconds 60, "
            "new_action drop, timeout 30\n",
            "t.config", err, sizeof(err)),
        0);
    assert_int_equal(t.n, 6);
    assert_int_equal(t.v[0].kind, DETECT_THR_THRESHOLD);
    assert_int_equal(t.v[0].t.type, KW_THRESHOLD_LIMIT);
    assert_int_equal(t.v[0].t.seconds, 60);
    assert_int_equal(t.v[0].line, 2);
    assert_int_equal(t.v[1].kind, DETECT_THR_EVENT_FILTER);
    assert_int_equal(t.v[1].t.track, KW_TRACK_BY_DST);
    assert_int_equal(t.v[2].kind, DETECT_THR_SUPPRESS);
    assert_string_equal(t.v[2].ip, "217.110.97.128/25");
    assert_string_equal(t.v[3].ip, "[1.1.1.1,2.2.2.2]");
    assert_null(t.v[4].ip);
    assert_int_equal(t.v[5].kind, DETECT_THR_RATE_FILTER);
    assert_int_equal(t.v[5].new_action, DETECT_THR_ACT_DROP);
    assert_int_equal(t.v[5].timeout, 30);
    assert_int_equal(t.v[5].t.count, 100);
    detect_thresholds_fini(&t);

    static const struct {
        const char *line;
        const char *why;
    } bad[] = {
        {"threshold gen_id 1, sig_id 10, type limit, track by_src, count 1", "seconds"},
        {"threshold sig_id 10, gen_id 1, type limit", "gen_id N, sig_id N"},
        {"limit gen_id 1, sig_id 1", "unknown directive"},
        {"threshold gen_id 1, sig_id 1, type sometimes, track by_src, count 1, seconds 1",
         "sometimes"},
        {"suppress gen_id 1, sig_id 1, track by_src", "ip <address>"},
        {"suppress gen_id 1, sig_id 1, track by_rule, ip 1.2.3.4", "track by_src"},
        {"rate_filter gen_id 1, sig_id 1, track by_src, count 1, seconds 1", "new_action"},
        {"threshold", "expected threshold"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char text[256];
        snprintf(text, sizeof(text), "\n%s\n", bad[i].line);
        assert_int_equal(detect_thresholds_parse(&t, text, "t.config", err, sizeof(err)),
                         KH_EFORMAT);
        if (strncmp(err, "t.config:2: ", 12) != 0 || strstr(err, bad[i].why) == NULL)
            fail_msg("'%s': got '%s'", bad[i].line, err);
        detect_thresholds_fini(&t);
    }
}

static void test_shared_files(void **state)
{
    (void)state;
    const char *dir = "/work/shared/corpus";
    char path[256], err[256], *text;
    size_t len;
    snprintf(path, sizeof(path), "%s/classification.config", dir);
    if (access(path, R_OK) != 0)
        skip();
    struct detect_classes c = {0};
    struct detect_refsys r = {0};
    assert_int_equal(detect_read_file(path, &text, &len, err, sizeof(err)), 0);
    assert_int_equal(detect_classes_parse(&c, text, path, err, sizeof(err)), 0);
    free(text);
    assert_true(c.n > 30);
    assert_non_null(detect_class_find(&c, "trojan-activity"));
    snprintf(path, sizeof(path), "%s/reference.config", dir);
    assert_int_equal(detect_read_file(path, &text, &len, err, sizeof(err)), 0);
    assert_int_equal(detect_refsys_parse(&r, text, path, err, sizeof(err)), 0);
    free(text);
    assert_non_null(detect_ref_find(&r, "cve"));
    detect_classes_fini(&c);
    detect_refsys_fini(&r);
    assert_int_equal(detect_read_file("/nonexistent/x", &text, &len, err, sizeof(err)), KH_ENOENT);
    assert_non_null(strstr(err, "/nonexistent/x"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classification),
        cmocka_unit_test(test_reference),
        cmocka_unit_test(test_threshold),
        cmocka_unit_test(test_shared_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
