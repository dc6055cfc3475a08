/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the JSON writer: structure, escaping, the size cap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "alloc.h"
#include "err.h"
#include "json.h"

static void assert_json(struct jbuf *jb, const char *want)
{
    assert_false(jb->overflow);
    assert_int_equal(jb->len, strlen(want));
    assert_memory_equal(jb->buf, want, jb->len);
}

static void test_nested_document(void **state)
{
    (void)state;
    struct jbuf jb;
    assert_int_equal(jb_init(&jb, 8, 4096), KH_OK); /* starts small: must grow */
    jb_open_object(&jb, NULL);
    jb_str(&jb, "a", "x");
    jb_u64(&jb, "n", 18446744073709551615ull);
    jb_i64(&jb, "m", -9223372036854775807ll - 1);
    jb_open_array(&jb, "v");
    jb_u64(&jb, NULL, 1);
    jb_u64(&jb, NULL, 0);
    jb_close_array(&jb);
    jb_open_object(&jb, "o");
    jb_bool(&jb, "t", true);
    jb_bool(&jb, "f", false);
    jb_close_object(&jb);
    jb_raw(&jb, "r", "1.5", 3);
    jb_close_object(&jb);
    assert_json(&jb, "{\"a\":\"x\",\"n\":18446744073709551615,\"m\":-9223372036854775808,"
                     "\"v\":[1,0],\"o\":{\"t\":true,\"f\":false},\"r\":1.5}");
    jb_reset(&jb);
    jb_open_object(&jb, NULL);
    jb_close_object(&jb);
    assert_json(&jb, "{}");
    jb_fini(&jb);
}

static void test_escaping(void **state)
{
    (void)state;
    struct jbuf jb;
    assert_int_equal(jb_init(&jb, 16, 4096), KH_OK);
    /* quote, backslash, newline, tab, CR, a control byte, a high byte */
    static const char in[] = "q\"b\\n\nt\tr\r\x01\xff";
    jb_strn(&jb, NULL, in, sizeof(in) - 1);
    assert_json(&jb, "\"q\\\"b\\\\n\\nt\\tr\\r\\u0001\\u00ff\"");
    jb_fini(&jb);
}

static void test_cap_sets_overflow(void **state)
{
    (void)state;
    struct jbuf jb;
    assert_int_equal(jb_init(&jb, 8, 32), KH_OK);
    jb_open_object(&jb, NULL);
    jb_str(&jb, "k", "a value that does not fit in thirty-two bytes");
    assert_true(jb.overflow);
    assert_true(jb.len <= 32);
    jb_reset(&jb);
    assert_false(jb.overflow);
    jb_fini(&jb);
}

static void test_depth_cap(void **state)
{
    (void)state;
    struct jbuf jb;
    assert_int_equal(jb_init(&jb, 8, 4096), KH_OK);
    for (int i = 0; i < JB_MAX_DEPTH + 2; i++)
        jb_open_array(&jb, NULL);
    assert_true(jb.overflow);
    jb_fini(&jb);
}

static void test_init_failure(void **state)
{
    (void)state;
    struct jbuf jb;
    assert_int_equal(jb_init(&jb, 0, 10), KH_EINVAL);
    kh_alloc_fail_at(1);
    assert_int_equal(jb_init(&jb, 8, 10), KH_ENOMEM);
    kh_alloc_fail_at(0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nested_document),   cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_cap_sets_overflow), cmocka_unit_test(test_depth_cap),
        cmocka_unit_test(test_init_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
