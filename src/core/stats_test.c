/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for nested stats output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "err.h"
#include "stats.h"

static void test_nesting(void **state)
{
    (void)state;
    struct stats_value v[] = {
        {"flow.tcp", 3},
        {"decoder.pkts", 10},
        {"decoder.event.ipv4.trunc_pkt", 1},
        {"decoder.event.ipv4.hlen_too_small", 2},
        {"decoder.bytes", 600},
        {"decoder.event.tcp.pkt_too_small", 0},
    };
    struct jbuf jb;
    assert_int_equal(jb_init(&jb, 64, 4096), KH_OK);
    jb_open_object(&jb, NULL);
    stats_write_nested(&jb, v, sizeof(v) / sizeof(v[0]));
    jb_close_object(&jb);
    const char *want = "{\"decoder\":{\"bytes\":600,\"event\":{\"ipv4\":{\"hlen_too_small\":2,"
                       "\"trunc_pkt\":1},\"tcp\":{\"pkt_too_small\":0}},\"pkts\":10},"
                       "\"flow\":{\"tcp\":3}}";
    assert_false(jb.overflow);
    assert_int_equal(jb.len, strlen(want));
    assert_memory_equal(jb.buf, want, jb.len);
    jb_fini(&jb);
}

static void test_dot_sorts_first(void **state)
{
    (void)state;
    /* "a.b" must sort before "a_b" so that all of "a." stays together. */
    struct stats_value x = {"a.b", 0}, y = {"a_b", 0};
    assert_true(stats_value_cmp(&x, &y) < 0);
    assert_true(stats_value_cmp(&y, &x) > 0);
    assert_int_equal(stats_value_cmp(&x, &x), 0);
}

struct counters {
    uint64_t a, b;
};

static void test_field_table(void **state)
{
    (void)state;
    static const struct stats_field f = STATS_FIELD("x.b", struct counters, b);
    struct counters c = {.a = 1, .b = 42};
    assert_int_equal(stats_field_get(&f, &c), 42);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nesting),
        cmocka_unit_test(test_dot_sorts_first),
        cmocka_unit_test(test_field_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
