/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the host-os-policy table: parsing, longest prefix, IPv6, caps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/err.h"
#include "hostos.h"

static struct kh_addr v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
    struct kh_addr x;
    memset(&x, 0, sizeof(x));
    x.b[0] = a, x.b[1] = b, x.b[2] = c, x.b[3] = d;
    return x;
}

static void test_longest_prefix(void **state)
{
    (void)state;
    struct defrag_hostos t;
    defrag_hostos_init(&t);
    assert_int_equal(defrag_hostos_add(&t, "10.0.0.0/8", DEFRAG_OS_WINDOWS), KH_OK);
    assert_int_equal(defrag_hostos_add(&t, "10.1.2.0/24", DEFRAG_OS_LINUX), KH_OK);
    assert_int_equal(defrag_hostos_add(&t, "10.1.2.3", DEFRAG_OS_SOLARIS), KH_OK);
    struct kh_addr a = v4(10, 9, 9, 9), b = v4(10, 1, 2, 200), c = v4(10, 1, 2, 3),
                   d = v4(11, 0, 0, 1);
    assert_int_equal(defrag_hostos_lookup(&t, 4, &a), DEFRAG_OS_WINDOWS);
    assert_int_equal(defrag_hostos_lookup(&t, 4, &b), DEFRAG_OS_LINUX);
    assert_int_equal(defrag_hostos_lookup(&t, 4, &c), DEFRAG_OS_SOLARIS);
    assert_int_equal(defrag_hostos_lookup(&t, 4, &d), DEFRAG_OS_BSD);
    assert_int_equal(defrag_hostos_lookup(&t, 6, &a), DEFRAG_OS_BSD);
}

static void test_ipv6(void **state)
{
    (void)state;
    struct defrag_hostos t;
    defrag_hostos_init(&t);
    assert_int_equal(defrag_hostos_add(&t, "2001:db8::/33", DEFRAG_OS_HPUX11), KH_OK);
    struct kh_addr a = {.b = {0x20, 0x01, 0x0d, 0xb8, 0x7f, 0xff}};
    struct kh_addr b = {.b = {0x20, 0x01, 0x0d, 0xb8, 0x80}};
    assert_int_equal(defrag_hostos_lookup(&t, 6, &a), DEFRAG_OS_HPUX11);
    assert_int_equal(defrag_hostos_lookup(&t, 6, &b), DEFRAG_OS_BSD);
}

static void test_bad_input(void **state)
{
    (void)state;
    struct defrag_hostos t;
    defrag_hostos_init(&t);
    assert_int_equal(defrag_hostos_add(&t, "10.0.0.0/33", DEFRAG_OS_BSD), KH_EINVAL);
    assert_int_equal(defrag_hostos_add(&t, "10.0.0/8", DEFRAG_OS_BSD), KH_EINVAL);
    assert_int_equal(defrag_hostos_add(&t, "", DEFRAG_OS_BSD), KH_EINVAL);
    assert_int_equal(defrag_hostos_add(&t, "10.0.0.0/", DEFRAG_OS_BSD), KH_EINVAL);
    assert_int_equal(defrag_hostos_add(&t, "::/129", DEFRAG_OS_BSD), KH_EINVAL);
    for (int i = 0; i < DEFRAG_HOSTOS_MAX; i++)
        assert_int_equal(defrag_hostos_add(&t, "192.0.2.0/24", DEFRAG_OS_BSD), KH_OK);
    assert_int_equal(defrag_hostos_add(&t, "192.0.2.0/24", DEFRAG_OS_BSD), KH_EFULL);
}

static void test_os_names(void **state)
{
    (void)state;
    for (int i = 0; i < DEFRAG_OS_MAX; i++)
        assert_int_equal(defrag_os_parse(defrag_os_name((enum defrag_os)i)), i);
    assert_int_equal(defrag_os_parse("old-linux"), DEFRAG_OS_OLD_LINUX);
    assert_int_equal(defrag_os_parse("plan9"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_longest_prefix),
        cmocka_unit_test(test_ipv6),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_os_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
