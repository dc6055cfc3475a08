/* SPDX-License-Identifier: GPL-2.0-only */
/* Tests for the Internet checksum: RFC 1071's example, every length and offset, pseudo-headers. */
#include "checksum.h"
#include "test_util.h"

static uint16_t sum_of(const uint8_t *b, size_t len)
{
    return csum_fold(csum_add(0, (struct span){b, len}));
}

/* RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to 0xddf2 (one's complement, folded). */
static void test_rfc1071_example(void **state)
{
    (void)state;
    static const uint8_t words[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
    uint16_t s = sum_of(words, sizeof(words));
    /* In host order: compare through the bytes the sum stands for. */
    uint8_t be[2];
    memcpy(be, &s, 2);
    assert_int_equal(be[0] << 8 | be[1], 0xddf2);
    assert_int_equal(ref_csum(words, sizeof(words), 0), (uint16_t)~0xddf2);
}

/*
 * Against the reference (16 bits at a time) for every even length up to 1600, from every
 * memory alignment, with bytes chosen to force carries: a block followed by its own
 * checksum must verify, and one flipped bit must not.
 */
static void test_lengths_against_reference(void **state)
{
    (void)state;
    static uint8_t buf[1600 + 2 + 8];
    for (size_t len = 0; len <= 1600; len += 2) {
        for (size_t align = 0; align < 8; align++) {
            uint8_t *msg = buf + align;
            for (size_t i = 0; i < len; i++)
                msg[i] = (uint8_t)(0xff - i * 7 - align);
            uint16_t c = ref_csum(msg, len, 0);
            msg[len] = (uint8_t)(c >> 8);
            msg[len + 1] = (uint8_t)c;
            assert_true(csum_ok(csum_add(0, (struct span){msg, len + 2})));
            if (len > 0) {
                msg[len / 2] ^= 0x10;
                assert_false(csum_ok(csum_add(0, (struct span){msg, len + 2})));
            }
        }
    }
}

/* Odd lengths pad the last byte with zero (RFC 1071 §4.1): "ab" + "c" == "ab" + "c\0". */
static void test_odd_tail(void **state)
{
    (void)state;
    static const uint8_t odd[] = {0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x11, 0x22, 0x33};
    for (size_t n = 1; n <= sizeof(odd); n += 2) {
        uint8_t padded[sizeof(odd) + 1] = {0};
        memcpy(padded, odd, n);
        uint64_t a = csum_add(0, (struct span){odd, n});
        uint64_t b = csum_add(0, (struct span){padded, n + 1});
        assert_int_equal(csum_fold(a), csum_fold(b));
    }
}

/* Split sums add up (every chunk starting on an even offset). */
static void test_chunks_add(void **state)
{
    (void)state;
    uint8_t buf[150];
    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (uint8_t)(i * 31 + 5);
    uint16_t whole = sum_of(buf, sizeof(buf));
    for (size_t cut = 0; cut <= sizeof(buf); cut += 2) {
        uint64_t s = csum_add(0, (struct span){buf, cut});
        s = csum_add(s, (struct span){buf + cut, sizeof(buf) - cut});
        assert_int_equal(csum_fold(s), whole);
    }
}

/* The all-ones words that wrap the 64-bit accumulator fold back correctly. */
static void test_carry_heavy(void **state)
{
    (void)state;
    uint8_t ff[4096];
    memset(ff, 0xff, sizeof(ff));
    assert_int_equal(sum_of(ff, sizeof(ff)), 0xffff);
    assert_int_equal(csum_fold(UINT64_MAX), 0xffff);
    assert_int_equal(csum_fold(0), 0);
    assert_int_equal(ref_csum(ff, 7, 0), 0x00ff);
}

/* Pseudo-headers (RFC 768, RFC 8200 §8.1) match the reference for both IP versions. */
static void test_pseudo_headers(void **state)
{
    (void)state;
    struct packet p;
    memset(&p, 0, sizeof(p));
    /* A partial IPv4 header holding just the addresses at offset 12 for the reference. */
    uint8_t ip4[20] = {0x45, [9] = 17, [12] = 192, 0, 2, 10, 198, 51, 100, 20};
    p.ip_ver = 4;
    memcpy(p.src.b, ip4 + 12, 4);
    memcpy(p.dst.b, ip4 + 16, 4);
    uint16_t ours = csum_fold(csum_pseudo(&p, 17, 1234));
    uint16_t ref = (uint16_t)~ref_csum(NULL, 0, ref_pseudo(ip4, 17, 1234));
    uint8_t be[2];
    memcpy(be, &ours, 2);
    assert_int_equal(be[0] << 8 | be[1], ref);

    uint8_t ip6[40] = {0x60, [6] = 58};
    for (int i = 0; i < 32; i++)
        ip6[8 + i] = (uint8_t)(0xf0 + i);
    p.ip_ver = 6;
    memcpy(p.src.b, ip6 + 8, 16);
    memcpy(p.dst.b, ip6 + 24, 16);
    ours = csum_fold(csum_pseudo(&p, 58, 70000));
    ref = (uint16_t)~ref_csum(NULL, 0, ref_pseudo(ip6, 58, 70000));
    memcpy(be, &ours, 2);
    assert_int_equal(be[0] << 8 | be[1], ref);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc1071_example), cmocka_unit_test(test_lengths_against_reference),
        cmocka_unit_test(test_odd_tail),        cmocka_unit_test(test_chunks_add),
        cmocka_unit_test(test_carry_heavy),     cmocka_unit_test(test_pseudo_headers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
