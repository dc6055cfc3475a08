/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for JA3/JA3S and JA4 against published examples. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tls.h"

/* Fill lists from "a,b,c" hex text (JA4_r form) or decimal "a-b-c" (JA3 form). */
static uint16_t parse_list(const char *s, uint16_t *out, int base)
{
    uint16_t n = 0;
    while (*s) {
        char *end;
        out[n++] = (uint16_t)strtoul(s, &end, base);
        s = *end ? end + 1 : end;
    }
    return n;
}

static struct tls_hello_lists h;

/*
 * JA4's own example (FoxIO JA4.md): Chrome, TLS 1.3, SNI, 15 ciphers, 16 extensions, h2.
 * JA4_r = t13d1516h2_002f,0035,...,cca9_0005,000a,...,ff01_0403,0804,...,0601
 * JA4   = t13d1516h2_8daaf6152771_e5627efa2ab1
 * The extension list here is the raw one with SNI (0000) and ALPN (0010) put back.
 */
static void ja4_foxio_example(void **unused)
{
    (void)unused;
    memset(&h, 0, sizeof(h));
    h.version = 0x0303;
    h.max_supported = 0x0304;
    h.sni = true;
    h.alpn_first[0] = 'h';
    h.alpn_first[1] = '2';
    h.alpn_first_len = 2;
    h.n_ciphers = parse_list("1a1a,002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,"
                             "c030,cca8,cca9",
                             h.ciphers, 16);
    h.n_exts = parse_list("2a2a,0000,0010,0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,"
                          "002d,0033,4469,ff01",
                          h.exts, 16);
    h.n_sigalgs = parse_list("0403,0804,0401,0503,0805,0501,0806,0601", h.sigalgs, 16);
    char ja4[TLS_JA4_LEN + 1];
    tls_ja4(NULL, &h, ja4);
    assert_string_equal(ja4, "t13d1516h2_8daaf6152771_e5627efa2ab1");
}

/*
 * A second published pair (browserleaks-style dump of Chrome 143): JA4_r extensions
 * 0005,000a,000b,000d,0012,0017,001b,0023,002b,002d,0033,44cd,fe0d,ff01, same ciphers
 * and signature algorithms -> t13d1516h2_8daaf6152771_d8a2da3f94cd; its JA3 text hashes to
 * 98487aa16281980e7d1120d399efb6a4.
 */
static void ja4_ja3_chrome143(void **unused)
{
    (void)unused;
    memset(&h, 0, sizeof(h));
    h.version = 771;
    h.max_supported = 0x0304;
    h.sni = true;
    h.alpn_first[0] = 'h';
    h.alpn_first[1] = '2';
    h.alpn_first_len = 2;
    h.n_ciphers = parse_list("6682-4865-4866-4867-49195-49199-49196-49200-52393-52392-49171-"
                             "49172-156-157-47-53",
                             h.ciphers, 10);
    h.n_exts =
        parse_list("2570-45-51-16-65037-23-17613-0-11-10-43-65281-35-18-5-13-27-14906", h.exts, 10);
    h.n_groups = parse_list("56026-4588-29-23-24", h.groups, 10);
    h.n_pf = 1;
    h.pf[0] = 0;
    h.n_sigalgs = parse_list("0403,0804,0401,0503,0805,0501,0806,0601", h.sigalgs, 16);
    char ja4[TLS_JA4_LEN + 1];
    tls_ja4(NULL, &h, ja4);
    assert_string_equal(ja4, "t13d1516h2_8daaf6152771_d8a2da3f94cd");

    char ja3[TLS_JA3_MAX], md5[33];
    assert_true(tls_ja3_text(&h, ja3, sizeof(ja3)));
    assert_string_equal(ja3, "771,4865-4866-4867-49195-49199-49196-49200-52393-52392-49171-"
                             "49172-156-157-47-53,45-51-16-65037-23-17613-0-11-10-43-65281-35-"
                             "18-5-13-27,4588-29-23-24,0");
    tls_md5_hex(NULL, ja3, strlen(ja3), md5);
    assert_string_equal(md5, "98487aa16281980e7d1120d399efb6a4");
}

/* JA4 edge cases: no SNI, no ALPN, non-alphanumeric ALPN, no signature algorithms. */
static void ja4_edges(void **unused)
{
    (void)unused;
    memset(&h, 0, sizeof(h));
    h.version = 0x0303;
    h.n_ciphers = parse_list("c02f", h.ciphers, 16);
    char ja4[TLS_JA4_LEN + 1];
    tls_ja4(NULL, &h, ja4);
    /* part c is all zeros when no extension is left */
    assert_memory_equal(ja4, "t12i010000_", 11);
    assert_string_equal(ja4 + 24, "000000000000");
    h.alpn_first[0] = 0xab; /* non-alphanumeric: first and last hex digit */
    h.alpn_first[1] = 0xcd;
    h.alpn_first_len = 2;
    tls_ja4(NULL, &h, ja4);
    assert_memory_equal(ja4, "t12i0100ad_", 11);
    h.n_ciphers = 0;
    tls_ja4(NULL, &h, ja4);
    assert_memory_equal(ja4 + 11, "000000000000", 12);
}

/*
 * No signature algorithms: Suricata hashes "exts_" (trailing underscore). The ClientHello of
 * verify test bug-5713-02-ja4: TLS 1.0, no SNI, 7 ciphers, extensions status_request 5,
 * supported_groups 10, ec_point_formats 11, session_ticket 35, extended_master_secret 23,
 * renegotiation_info ff01 -> t10i070600_c50f5591e341_ce66f3b797c1.
 */
static void ja4_no_sigalgs(void **unused)
{
    (void)unused;
    memset(&h, 0, sizeof(h));
    h.version = 0x0301;
    h.n_ciphers = parse_list("c00a,c009,c014,c013,0035,002f,000a", h.ciphers, 16);
    h.n_exts = parse_list("0005,000a,000b,0023,0017,ff01", h.exts, 16);
    char ja4[TLS_JA4_LEN + 1];
    tls_ja4(NULL, &h, ja4);
    assert_string_equal(ja4, "t10i070600_c50f5591e341_ce66f3b797c1");
}

/*
 * The ClientHello record of suricata-verify's ja4-tls capture (Chrome-era TLS 1.2, no SNI,
 * 18 ciphers, 10 extensions, ALPN "spdy/3.1" first): Suricata and FoxIO's tool give
 * t12i1810s1_27d4652c4487_06a4338d0495.
 */
static const uint8_t verify_ja4_tls_hello[] = {
    0x16, 0x03, 0x01, 0x00, 0xaf, 0x01, 0x00, 0x00, 0xab, 0x03, 0x03, 0x94, 0x2d, 0x1f, 0xef,
    0x57, 0x5d, 0x77, 0x02, 0x07, 0xc2, 0x9d, 0xbe, 0x24, 0x01, 0xcc, 0xf0, 0x5d, 0xcd, 0xe1,
    0xd2, 0xa5, 0x86, 0x9c, 0x4a, 0x3e, 0xee, 0x38, 0xdb, 0x55, 0x1a, 0xd9, 0xbc, 0x00, 0x00,
    0x24, 0xc0, 0x2b, 0xc0, 0x2f, 0x00, 0x9e, 0xc0, 0x0a, 0xc0, 0x09, 0xc0, 0x13, 0xc0, 0x14,
    0xc0, 0x07, 0xc0, 0x11, 0x00, 0x33, 0x00, 0x32, 0x00, 0x39, 0x00, 0x9c, 0x00, 0x2f, 0x00,
    0x35, 0x00, 0x0a, 0x00, 0x05, 0x00, 0x04, 0x01, 0x00, 0x00, 0x5e, 0xff, 0x01, 0x00, 0x01,
    0x00, 0x00, 0x0a, 0x00, 0x08, 0x00, 0x06, 0x00, 0x17, 0x00, 0x18, 0x00, 0x19, 0x00, 0x0b,
    0x00, 0x02, 0x01, 0x00, 0x00, 0x23, 0x00, 0x00, 0x33, 0x74, 0x00, 0x00, 0x00, 0x10, 0x00,
    0x14, 0x00, 0x12, 0x08, 0x73, 0x70, 0x64, 0x79, 0x2f, 0x33, 0x2e, 0x31, 0x08, 0x68, 0x74,
    0x74, 0x70, 0x2f, 0x31, 0x2e, 0x31, 0x75, 0x50, 0x00, 0x00, 0x00, 0x05, 0x00, 0x05, 0x01,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x12, 0x00, 0x00, 0x00, 0x0d, 0x00, 0x12, 0x00, 0x10, 0x04,
    0x01, 0x05, 0x01, 0x02, 0x01, 0x04, 0x03, 0x05, 0x03, 0x02, 0x03, 0x04, 0x02, 0x02, 0x02,
};

static void suricata_verify_ja4_tls(void **unused)
{
    (void)unused;
    static struct tls_state st;
    uint32_t ev = 0;
    struct cursor c = cur_init(verify_ja4_tls_hello, sizeof(verify_ja4_tls_hello));
    cur_skip(&c, TLS_RECORD_HDR + TLS_HS_HDR);
    assert_true(tls_parse_client_hello(&st, &h, c, &ev));
    assert_int_equal(ev, 0);
    char ja4[TLS_JA4_LEN + 1], ja3[TLS_JA3_MAX];
    tls_ja4(NULL, &h, ja4);
    assert_string_equal(ja4, "t12i1810s1_27d4652c4487_06a4338d0495");
    assert_true(tls_ja3_text(&h, ja3, sizeof(ja3)));
    assert_string_equal(ja3, "771,49195-49199-158-49162-49161-49171-49172-49159-49169-51-50-57-"
                             "156-47-53-10-5-4,65281-10-11-35-13172-16-30032-5-18-13,23-24-25,0");
}

/* JA3S: version, cipher, extensions (Salesforce's README form). */
static void ja3s_text(void **unused)
{
    (void)unused;
    uint16_t exts[] = {65281, 0, 11, 35, 16};
    char out[64], md5[33];
    assert_true(tls_ja3s_text(769, 47, exts, 5, out, sizeof(out)));
    assert_string_equal(out, "769,47,65281-0-11-35-16");
    assert_false(tls_ja3s_text(769, 47, exts, 5, out, 8)); /* does not fit: empty */
    assert_string_equal(out, "");
    tls_md5_hex(NULL, "", 0, md5);
    assert_string_equal(md5, "d41d8cd98f00b204e9800998ecf8427e");
}

static void grease(void **unused)
{
    (void)unused;
    assert_true(tls_is_grease(0x0a0a));
    assert_true(tls_is_grease(0xfafa));
    assert_false(tls_is_grease(0x0a1a));
    assert_false(tls_is_grease(0x1301));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ja4_foxio_example),
        cmocka_unit_test(ja4_ja3_chrome143),
        cmocka_unit_test(ja4_edges),
        cmocka_unit_test(ja4_no_sigalgs),
        cmocka_unit_test(suricata_verify_ja4_tls),
        cmocka_unit_test(ja3s_text),
        cmocka_unit_test(grease),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
