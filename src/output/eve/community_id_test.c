/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Community ID known answers. The expected values are what Suricata logs for the same flows
 * in suricata-verify's community-id-ipv4 (seed 7) and community-id-sameip (seed 1) tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "eve.h"

static struct flow tcp4(const uint8_t s[4], uint16_t sp, const uint8_t d[4], uint16_t dp)
{
    struct flow f;
    memset(&f, 0, sizeof(f));
    memcpy(f.src.b, s, 4);
    memcpy(f.dst.b, d, 4);
    f.sp = sp;
    f.dp = dp;
    f.proto = 6;
    f.ip_ver = 4;
    return f;
}

static void test_ipv4_tcp_both_directions(void **state)
{
    (void)state;
    static const uint8_t c[4] = {172, 26, 0, 39}, s[4] = {172, 217, 14, 206};
    char id[64];
    struct flow f = tcp4(c, 35958, s, 443);
    eve_community_id(&f, 7, id);
    assert_string_equal(id, "1:IwiTNfuO7aCaamMijl+7/X9uLx0=");
    struct flow r = tcp4(s, 443, c, 35958);
    eve_community_id(&r, 7, id);
    assert_string_equal(id, "1:IwiTNfuO7aCaamMijl+7/X9uLx0=");
}

static void test_same_ip_orders_by_port(void **state)
{
    (void)state;
    static const uint8_t a[4] = {192, 168, 0, 254};
    char id[64];
    struct flow f = tcp4(a, 56162, a, 3306);
    eve_community_id(&f, 1, id);
    assert_string_equal(id, "1:IJQHtzXv/tXud3FtXIufkDsfEd4=");
    struct flow r = tcp4(a, 3306, a, 56162);
    eve_community_id(&r, 1, id);
    assert_string_equal(id, "1:IJQHtzXv/tXud3FtXIufkDsfEd4=");
}

static void test_icmp_echo_pairs(void **state)
{
    (void)state;
    static const uint8_t a[4] = {10, 0, 0, 1}, b[4] = {10, 0, 0, 2};
    char req[64], rep[64];
    struct flow f = tcp4(a, 0, b, 0);
    f.proto = 1;
    f.icmp_type[0] = 8; /* echo request from a */
    eve_community_id(&f, 0, req);
    struct flow r = tcp4(b, 0, a, 0);
    r.proto = 1;
    r.icmp_type[0] = 0; /* echo reply from b */
    eve_community_id(&r, 0, rep);
    assert_string_equal(req, rep);
    assert_memory_equal(req, "1:", 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ipv4_tcp_both_directions),
        cmocka_unit_test(test_same_ip_orders_by_port),
        cmocka_unit_test(test_icmp_echo_pairs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
