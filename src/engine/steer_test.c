/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the reader's steering hash: symmetric, fragments by address pair. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "steer.h"

/* Ethernet + IPv4 header (20 bytes) + 4 bytes of ports; frag is the flags/offset field. */
static size_t eth_ipv4(uint8_t *f, uint8_t proto, const uint8_t src[4], const uint8_t dst[4],
                       uint16_t sp, uint16_t dp, uint16_t frag)
{
    memset(f, 0, 64);
    f[12] = 0x08; /* IPv4 */
    uint8_t *ip = f + 14;
    ip[0] = 0x45;
    ip[2] = 0;
    ip[3] = 40;
    ip[6] = (uint8_t)(frag >> 8);
    ip[7] = (uint8_t)frag;
    ip[8] = 64;
    ip[9] = proto;
    memcpy(ip + 12, src, 4);
    memcpy(ip + 16, dst, 4);
    ip[20] = (uint8_t)(sp >> 8);
    ip[21] = (uint8_t)sp;
    ip[22] = (uint8_t)(dp >> 8);
    ip[23] = (uint8_t)dp;
    return 14 + 40;
}

static const uint8_t A[4] = {10, 0, 0, 1}, B[4] = {192, 0, 2, 7};

static void test_tcp_symmetric(void **state)
{
    (void)state;
    uint8_t f1[64], f2[64], f3[64];
    size_t n1 = eth_ipv4(f1, 6, A, B, 40000, 80, 0);
    size_t n2 = eth_ipv4(f2, 6, B, A, 80, 40000, 0);
    size_t n3 = eth_ipv4(f3, 6, A, B, 40001, 80, 0);
    uint64_t h1 = steer_hash(DECODE_LINK_ETHERNET, f1, n1);
    assert_true(h1 != 0);
    assert_true(h1 == steer_hash(DECODE_LINK_ETHERNET, f2, n2));
    /* another client port is another flow: a different hash */
    assert_true(h1 != steer_hash(DECODE_LINK_ETHERNET, f3, n3));
    /* the same packet without the link header, as raw IP */
    assert_true(h1 == steer_hash(DECODE_LINK_RAW, f1 + 14, n1 - 14));
}

static void test_fragments_by_address_pair(void **state)
{
    (void)state;
    uint8_t first[64], later[64], rev[64];
    /* first fragment (MF set, offset 0) still shows the ports; a later one does not */
    size_t n1 = eth_ipv4(first, 6, A, B, 40000, 80, 0x2000);
    size_t n2 = eth_ipv4(later, 6, A, B, 0x1234, 0x5678, 0x0010);
    size_t n3 = eth_ipv4(rev, 17, B, A, 53, 5353, 0);
    uint64_t h = steer_hash(DECODE_LINK_ETHERNET, first, n1);
    assert_true(h == steer_hash(DECODE_LINK_ETHERNET, later, n2));
    /* UDP goes by the address pair too, whatever the ports and the direction */
    assert_true(h == steer_hash(DECODE_LINK_ETHERNET, rev, n3));
}

static void test_vlan_and_short(void **state)
{
    (void)state;
    uint8_t f[64], v[68];
    size_t n = eth_ipv4(f, 6, A, B, 1, 2, 0);
    memcpy(v, f, 12);
    v[12] = 0x81; /* one 802.1Q tag in front of the IPv4 type */
    v[13] = 0x00;
    v[14] = 0x00;
    v[15] = 0x05;
    memcpy(v + 16, f + 12, n - 12);
    assert_true(steer_hash(DECODE_LINK_ETHERNET, f, n) ==
                steer_hash(DECODE_LINK_ETHERNET, v, n + 4));
    /* cut short, or not IP: worker 0's hash, never a read past the end */
    for (size_t len = 0; len < 14 + 20; len++)
        assert_true(steer_hash(DECODE_LINK_ETHERNET, f, len) == 0);
    f[12] = 0x08;
    f[13] = 0x06; /* ARP */
    assert_true(steer_hash(DECODE_LINK_ETHERNET, f, n) == 0);
}

static void test_ipv6_exthdr(void **state)
{
    (void)state;
    uint8_t p[40 + 8 + 4], q[40 + 8 + 4];
    memset(p, 0, sizeof(p));
    p[0] = 0x60;
    p[6] = 60; /* destination options, then TCP */
    p[8 + 15] = 1;
    p[24 + 15] = 2;
    p[40] = 6;
    p[41] = 0;
    p[48] = 0x9c;
    p[49] = 0x40;
    p[51] = 80;
    memcpy(q, p, sizeof(q));
    /* the other direction: addresses and ports swapped */
    memcpy(q + 8, p + 24, 16);
    memcpy(q + 24, p + 8, 16);
    q[48] = 0;
    q[49] = 80;
    q[50] = 0x9c;
    q[51] = 0x40;
    uint64_t h = steer_hash(DECODE_LINK_RAW, p, sizeof(p));
    assert_true(h != 0);
    assert_true(h == steer_hash(DECODE_LINK_RAW, q, sizeof(q)));
    /* a fragment header instead: the address pair */
    p[6] = 44;
    q[6] = 44;
    assert_true(steer_hash(DECODE_LINK_RAW, p, sizeof(p)) ==
                steer_hash(DECODE_LINK_RAW, q, sizeof(q)));
    assert_true(steer_hash(DECODE_LINK_RAW, p, sizeof(p)) != h);
}

static void test_pick_range(void **state)
{
    (void)state;
    for (uint32_t n = 1; n <= 8; n++) {
        assert_true(steer_pick(0, n) == 0);
        assert_true(steer_pick(UINT64_MAX, n) == n - 1);
        assert_true(steer_pick(0x8000000000000000ull, n) == n / 2);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tcp_symmetric),  cmocka_unit_test(test_fragments_by_address_pair),
        cmocka_unit_test(test_vlan_and_short), cmocka_unit_test(test_ipv6_exthdr),
        cmocka_unit_test(test_pick_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
