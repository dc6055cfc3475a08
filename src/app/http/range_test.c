/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for files downloaded in pieces: coverage, overlaps, caps, Content-Range parsing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "app/http/range.h"

static struct span S(const char *s) {
    return (struct span){(const uint8_t *)s, strlen(s)};
}

static bool
add(struct http_ranges *r, const char *path, uint64_t size, uint64_t s, uint64_t e)
{
    return http_ranges_add(r, S("h.example"), S(path), size, s, e);
}

/* Pieces out of order, overlapping and repeated complete the file once (http-range-multiflows). */
static void test_complete_out_of_order(void **unused)
{
    (void)unused;
    struct http_ranges *r = http_ranges_new();
    assert_non_null(r);
    assert_false(add(r, "/f", 100, 50, 59));
    assert_false(add(r, "/f", 100, 0, 9));
    assert_false(add(r, "/f", 100, 5, 29));
    assert_false(add(r, "/f", 100, 50, 59)); /* again */
    assert_true(add(r, "/g", 100, 0, 99));   /* one piece that is the whole file */
    assert_false(add(r, "/f", 100, 60, 99));
    assert_true(add(r, "/f", 100, 30, 49));                     /* fills the hole: 0-99 */
    assert_int_equal(http_ranges_stats(r)->files_completed, 2); /* /g and /f */
    assert_false(add(r, "/f", 100, 0, 9));    /* forgotten once complete: starts again */
    assert_false(add(r, "/f", 100, 10, 200)); /* past the size: not a piece */
    assert_true(add(r, "/f", 50, 0, 49));     /* another size: started again, whole */
    http_ranges_free(r);
}

/* Caps: more disjoint pieces than kept drops the file; more files than kept the oldest. */
static void test_caps(void **unused)
{
    (void)unused;
    struct http_ranges *r = http_ranges_new();
    for (uint64_t i = 0; i <= HTTP_RANGES_SPANS; i++)
        assert_false(add(r, "/frag", 10000, i * 10, i * 10 + 4));
    assert_int_equal(http_ranges_stats(r)->files_fragmented, 1);
    char path[32];
    for (int i = 0; i <= HTTP_RANGES_FILES; i++) {
        snprintf(path, sizeof(path), "/p%d", i);
        assert_false(add(r, path, 100, 0, 49));
    }
    assert_int_equal(http_ranges_stats(r)->files_evicted, 1);
    assert_false(add(r, "/p0", 100, 50, 99)); /* /p0 was the oldest: its first half is gone */
    assert_true(add(r, "/p5", 100, 50, 99));
    http_ranges_free(r);
}

static void test_parse(void **unused)
{
    (void)unused;
    int64_t v[3];
    assert_true(http_content_range_parse(S("bytes 500-1000/146515"), v));
    assert_true(v[0] == 500 && v[1] == 1000 && v[2] == 146515);
    assert_true(http_content_range_parse(S("bytes 0-9/*"), v));
    assert_true(v[0] == 0 && v[1] == 9 && v[2] == -1);
    assert_true(http_content_range_parse(S("bytes */100"), v));
    assert_true(v[0] == -1 && v[1] == -1 && v[2] == 100);
    assert_false(http_content_range_parse(S("bytes 1-"), v));
    assert_false(http_content_range_parse(S("items 1-2/3"), v));
    assert_false(http_content_range_parse(S("bytes 1-2/3x"), v));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_complete_out_of_order),
        cmocka_unit_test(test_caps),
        cmocka_unit_test(test_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
