/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the bounds-checked cursor. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cursor.h"

static void test_reads_in_order(void **state)
{
    (void)state;
    /* 0x01 | 0x0203 (be16) | 0x04050607 (be32) | 0x0809 (le16 = 0x0908) */
    static const uint8_t b[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09};
    struct cursor c = cur_init(b, sizeof(b));
    assert_int_equal(cur_u8(&c), 0x01);
    assert_int_equal(cur_be16(&c), 0x0203);
    assert_int_equal(cur_be32(&c), 0x04050607);
    assert_int_equal(cur_le16(&c), 0x0908);
    assert_false(c.bad);
    assert_int_equal(c.left, 0);
}

static void test_overrun_is_sticky(void **state)
{
    (void)state;
    static const uint8_t b[] = {0xaa, 0xbb, 0xcc};
    struct cursor c = cur_init(b, sizeof(b));
    assert_int_equal(cur_be32(&c), 0); /* 4 > 3: fails, empties the cursor */
    assert_true(c.bad);
    assert_int_equal(c.left, 0);
    assert_int_equal(cur_u8(&c), 0); /* every later read fails too */
    assert_true(c.bad);
}

static void test_sub_cursor_is_bounded(void **state)
{
    (void)state;
    /* TLV: type 1, length 2, value 0x1111; then type 2 */
    static const uint8_t b[] = {0x01, 0x02, 0x11, 0x11, 0x02};
    struct cursor c = cur_init(b, sizeof(b));
    cur_u8(&c);
    struct cursor v = cur_sub(&c, cur_u8(&c));
    assert_int_equal(cur_be16(&v), 0x1111);
    assert_int_equal(cur_u8(&v), 0); /* cannot read the parent's next byte */
    assert_true(v.bad);
    assert_false(c.bad);
    assert_int_equal(cur_u8(&c), 0x02);
}

static void test_sub_longer_than_parent(void **state)
{
    (void)state;
    static const uint8_t b[] = {0x05, 0x00};
    struct cursor c = cur_init(b, sizeof(b));
    struct cursor v = cur_sub(&c, cur_u8(&c));
    assert_true(v.bad);
    assert_true(c.bad);
    assert_int_equal(v.left, 0);
}

static void test_bytes_skip_copy_rest(void **state)
{
    (void)state;
    static const uint8_t b[] = {'a', 'b', 'c', 'd', 'e', 'f'};
    struct cursor c = cur_init(b, sizeof(b));
    struct span s = cur_bytes(&c, 2);
    assert_int_equal(s.len, 2);
    assert_memory_equal(s.p, "ab", 2);
    cur_skip(&c, 1);
    uint8_t out[2];
    cur_copy(&c, out, 2);
    assert_memory_equal(out, "de", 2);
    assert_int_equal(cur_peek_u8(&c), 'f');
    struct span r = cur_rest(&c);
    assert_int_equal(r.len, 1);
    assert_false(c.bad);
    cur_copy(&c, out, 2);
    assert_true(c.bad);
    assert_int_equal(out[0], 0); /* zero-filled on failure */
    s = cur_bytes(&c, 1);
    assert_int_equal(s.len, 0);
}

static void test_empty_buffer(void **state)
{
    (void)state;
    struct cursor c = cur_init(NULL, 0);
    assert_int_equal(cur_peek_u8(&c), 0);
    assert_false(c.bad);
    assert_int_equal(cur_le32(&c), 0);
    assert_true(c.bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_in_order),        cmocka_unit_test(test_overrun_is_sticky),
        cmocka_unit_test(test_sub_cursor_is_bounded), cmocka_unit_test(test_sub_longer_than_parent),
        cmocka_unit_test(test_bytes_skip_copy_rest),  cmocka_unit_test(test_empty_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
