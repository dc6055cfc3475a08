/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for EVE timestamp formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "tstamp.h"

static int utc(void **state)
{
    (void)state;
    setenv("TZ", "UTC", 1);
    tzset();
    return 0;
}

static void test_format_utc(void **state)
{
    (void)state;
    struct ts_cache tc;
    ts_cache_init(&tc);
    char out[KH_TS_LEN + 1];
    /* 2024-01-31T12:00:00 UTC is 1706702400 */
    ts_format(&tc, 1706702400ull * 1000000 + 123456, out);
    assert_string_equal(out, "2024-01-31T12:00:00.123456+0000");
    /* same second: only the microseconds change, from the cache */
    ts_format(&tc, 1706702400ull * 1000000 + 7, out);
    assert_string_equal(out, "2024-01-31T12:00:00.000007+0000");
    ts_format(&tc, 0, out);
    assert_string_equal(out, "1970-01-01T00:00:00.000000+0000");
}

static void test_format_zone(void **state)
{
    (void)state;
    setenv("TZ", "Asia/Ho_Chi_Minh", 1);
    tzset();
    struct ts_cache tc;
    ts_cache_init(&tc);
    char out[KH_TS_LEN + 1];
    ts_format(&tc, 1706702400ull * 1000000, out);
    /* Without zone data installed, the C library falls back to UTC; both are valid forms. */
    assert_true(strcmp(out, "2024-01-31T19:00:00.000000+0700") == 0 ||
                strcmp(out, "2024-01-31T12:00:00.000000+0000") == 0);
    utc(NULL);
}

static void test_monotonic(void **state)
{
    (void)state;
    uint64_t a = kh_monotonic_ns(), b = kh_monotonic_ns();
    assert_true(b >= a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_format_utc, utc),
        cmocka_unit_test(test_format_zone),
        cmocka_unit_test(test_monotonic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
