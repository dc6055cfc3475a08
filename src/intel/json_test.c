/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the feed JSON reader: values, escapes, errors with lines, the depth cap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "json.h"

static struct ij_doc *parse(const char *text, char *err, size_t errlen)
{
    return ij_parse((const uint8_t *)text, strlen(text), err, errlen);
}

static void test_values(void **state)
{
    (void)state;
    char err[128];
    struct ij_doc *d = parse("\xef\xbb\xbf{\"a\": [1, -2.5e3, true, false, null],"
                             " \"s\": \"x\\u00e9\\ud83d\\ude00\\n\\\"\", \"o\": {}}",
                             err, sizeof(err));
    assert_non_null(d);
    const struct ij_node *r = ij_root(d);
    assert_int_equal(r->type, IJ_OBJ);
    const struct ij_node *a = ij_get(d, r, "a");
    assert_int_equal(a->type, IJ_ARR);
    const struct ij_node *n = ij_first(d, a);
    double v;
    assert_true(ij_num(d, n, &v));
    assert_true(v == 1.0);
    n = ij_next(d, n);
    assert_true(ij_num(d, n, &v) && v == -2500.0);
    n = ij_next(d, n);
    assert_true(n->type == IJ_BOOL && n->b);
    n = ij_next(d, ij_next(d, n));
    assert_int_equal(n->type, IJ_NULL);
    assert_null(ij_next(d, n));
    assert_string_equal(ij_get_str(d, r, "s"), "x\xc3\xa9\xf0\x9f\x98\x80\n\"");
    assert_int_equal(ij_get(d, r, "o")->type, IJ_OBJ);
    assert_null(ij_first(d, ij_get(d, r, "o")));
    assert_null(ij_get(d, r, "missing"));
    ij_free(d);
}

static void expect_error(const char *text, const char *want)
{
    char err[128];
    struct ij_doc *d = parse(text, err, sizeof(err));
    assert_null(d);
    if (strstr(err, want) == NULL)
        fail_msg("for %s: got '%s', want '%s'", text, err, want);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("", "empty");
    expect_error("[1,]", "trailing comma");
    expect_error("{\"a\":1,}", "trailing comma");
    expect_error("{\"a\" 1}", "expected ':'");
    expect_error("[1 2]", "expected ','");
    expect_error("\"abc", "unterminated");
    expect_error("\"a\\x\"", "bad escape");
    expect_error("\"\\ud800\"", "surrogate");
    expect_error("[01x]", "");
    expect_error("[+1]", "bad number");
    expect_error("{\"a\":1}}", "trailing bytes");
    expect_error("[tru]", "unexpected");
    expect_error("\"a\x01\"", "control character");
    expect_error("{\n\"a\": 1,\n\"b\": [\n}\n", "line 4");
}

static void test_depth_cap(void **state)
{
    (void)state;
    char buf[2 * IJ_MAX_DEPTH + 8], err[128];
    size_t n = 0;
    for (unsigned i = 0; i < IJ_MAX_DEPTH; i++)
        buf[n++] = '[';
    for (unsigned i = 0; i < IJ_MAX_DEPTH; i++)
        buf[n++] = ']';
    buf[n] = '\0';
    struct ij_doc *d = parse(buf, err, sizeof(err));
    assert_non_null(d); /* exactly at the cap */
    ij_free(d);
    memmove(buf + 1, buf, n + 1);
    buf[0] = '[';
    buf[n + 1] = ']';
    buf[n + 2] = '\0';
    d = parse(buf, err, sizeof(err));
    assert_null(d);
    assert_non_null(strstr(err, "nesting"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_depth_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
