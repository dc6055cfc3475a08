/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the identifier scanner: each detector, its validation and its edge cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "dlp.h"

/* Hits as "kind:value;" in one string, in the order found. */
struct hits {
    char s[2048];
    size_t n;
    unsigned count;
};

static void collect(void *arg, enum dlp_kind k, const char *v, size_t len)
{
    struct hits *h = arg;
    int w = snprintf(h->s + h->n, sizeof(h->s) - h->n, "%s:%.*s;", dlp_kind_name(k), (int)len, v);
    if (w > 0 && (size_t)w < sizeof(h->s) - h->n)
        h->n += (size_t)w;
    h->count++;
}

/* Scan text cut into pieces of `piece` bytes (0: one piece). */
static const char *scan(struct hits *h, const char *text, size_t piece)
{
    struct dlp_scan s;
    memset(h, 0, sizeof(*h));
    dlp_scan_init(&s, 2026);
    size_t n = strlen(text);
    if (piece == 0)
        piece = n ? n : 1;
    for (size_t i = 0; i < n; i += piece)
        dlp_scan_feed(&s, (const uint8_t *)text + i, n - i < piece ? n - i : piece, collect, h);
    dlp_scan_flush(&s, collect, h);
    return h->s;
}

static void test_cccd(void **state)
{
    (void)state;
    struct hits h;
    assert_string_equal(scan(&h, "CCCD: 079085012345\n", 0), "cccd:079085012345;");
    assert_string_equal(scan(&h, "001203004567", 0), "cccd:001203004567;"); /* born 2003 */
    assert_string_equal(scan(&h, "x 003085012345 y", 0), "");               /* 003 is no province */
    assert_string_equal(scan(&h, "x 097085012345 y", 0), "");               /* 097 neither */
    assert_string_equal(scan(&h, "x 079485012345 y", 0), "");               /* born in the 2100s */
    assert_string_equal(scan(&h, "x 079299012345 y", 0), "");               /* born 2099: not yet */
    assert_string_equal(scan(&h, "x 0790850123456 y", 0), "");              /* 13 digits */
    assert_string_equal(scan(&h, "id=a079085012345", 0), "");               /* glued to a word */
    assert_string_equal(scan(&h, "079085012345abc", 0), "");
    /* invoices: 12-digit order numbers do not start with a province code */
    assert_string_equal(scan(&h, "Order 202611051234, 100000012345, 987654321012", 0), "");
}

static void test_split_across_calls(void **state)
{
    (void)state;
    struct hits h;
    for (size_t piece = 1; piece < 20; piece++) {
        scan(&h, "so CCCD 079085012345, sdt 0901234567; a.b@example.vn.", piece);
        assert_string_equal(h.s, "cccd:079085012345;phone:84901234567;email:a.b@example.vn;");
    }
}

static void test_phone(void **state)
{
    (void)state;
    struct hits h;
    assert_string_equal(scan(&h, "0901234567", 0), "phone:84901234567;");
    assert_string_equal(scan(&h, "+84901234567", 0), "phone:84901234567;");
    assert_string_equal(scan(&h, "+84 90 123 4567", 0), "phone:84901234567;");
    assert_string_equal(scan(&h, "090.123.4567", 0), "phone:84901234567;");
    assert_string_equal(scan(&h, "0321234567", 0), "phone:84321234567;");
    assert_string_equal(scan(&h, "0121234567", 0), "");  /* 012: no current prefix */
    assert_string_equal(scan(&h, "0951234567", 0), "");  /* 095: none */
    assert_string_equal(scan(&h, "09012345678", 0), ""); /* 11 digits */
    assert_string_equal(scan(&h, "x0901234567", 0), "");
}

static void test_card(void **state)
{
    (void)state;
    struct hits h;
    assert_string_equal(scan(&h, "4111 1111 1111 1111", 0), "card:4111111111111111;");
    assert_string_equal(scan(&h, "4111-1111-1111-1111", 0), "card:4111111111111111;");
    assert_string_equal(scan(&h, "5500000000000004", 0), "card:5500000000000004;");
    assert_string_equal(scan(&h, "4111111111111112", 0), ""); /* Luhn fails */
    assert_string_equal(scan(&h, "9704 0000 1234 5678", 0), "card:9704000012345678;"); /* NAPAS */
    assert_string_equal(scan(&h, "9704000012345678901", 0), "card:9704000012345678901;");
    assert_string_equal(scan(&h, "4111.1111.1111.1111", 0), ""); /* dots: a number */
    assert_string_equal(scan(&h, "8111111111111111", 0), "");    /* no issuer starts 8 */
}

static void test_email(void **state)
{
    (void)state;
    struct hits h;
    assert_string_equal(scan(&h, "Mail: Nguyen.Van-A@Example.COM.vn.", 0),
                        "email:nguyen.van-a@example.com.vn;");
    assert_string_equal(scan(&h, "a@b", 0), "");
    assert_string_equal(scan(&h, "x@host.c1", 0), "");
    assert_string_equal(scan(&h, "@example.com", 0), "");
    assert_string_equal(scan(&h, "0901234567@sms.vn", 0), "email:0901234567@sms.vn;");
}

static void test_context_detectors(void **state)
{
    (void)state;
    struct hits h;
    assert_string_equal(scan(&h, "CMND: 123456789", 0), "cmnd:123456789;");
    assert_string_equal(scan(&h, "Số chứng minh nhân dân 123456789", 0), "cmnd:123456789;");
    assert_string_equal(scan(&h, "Order 123456789", 0), "");
    assert_string_equal(scan(&h, "Hộ chiếu số: B1234567", 0), "passport:B1234567;");
    assert_string_equal(scan(&h, "passport C7654321", 0), "passport:C7654321;");
    assert_string_equal(scan(&h, "code B1234567", 0), "");      /* no context */
    assert_string_equal(scan(&h, "passport AB1234567", 0), ""); /* two letters */
    assert_string_equal(scan(&h, "MST: 0101234567", 0), "tax_code:0101234567;");
    assert_string_equal(scan(&h, "Mã số thuế 0101234567-001", 0), "tax_code:0101234567001;");
    assert_string_equal(scan(&h, "MA SO THUE 0312345678", 0), "tax_code:0312345678;");
    assert_string_equal(scan(&h, "Số sổ BHXH: 7912345678", 0), "social_insurance:7912345678;");
    assert_string_equal(scan(&h, "amst 0101234567", 0), ""); /* not the word mst */
    /* a 10-digit number that is a mobile number without context */
    assert_string_equal(scan(&h, "tel 0981234567", 0), "phone:84981234567;");
}

static void test_groups(void **state)
{
    (void)state;
    struct hits h;
    /* a blank between two identifiers: each judged alone */
    assert_string_equal(scan(&h, "079085012345 0901234567", 0),
                        "cccd:079085012345;phone:84901234567;");
    /* DNS labels joined by '-': each 12 digits */
    assert_string_equal(scan(&h, "079085012345-001190054321-048203000111.x.example", 0),
                        "cccd:079085012345;cccd:001190054321;cccd:048203000111;");
    /* a long run overflows the kept run: finished groups are judged */
    scan(&h, "079085012345 079085012346 079085012347 079085012348 079085012349", 0);
    assert_int_equal(h.count, 5);
    assert_string_equal(scan(&h, "1234567890123456789012345678901234567890123456", 0), "");
    assert_string_equal(scan(&h, "12.05.1985 192.168.1.1 3.14159", 0), "");
}

static void test_luhn_and_tables(void **state)
{
    (void)state;
    assert_true(dlp_luhn("79927398713", 11));
    assert_false(dlp_luhn("79927398710", 11));
    assert_true(dlp_province_valid(1));
    assert_true(dlp_province_valid(96));
    assert_false(dlp_province_valid(3));
    assert_false(dlp_province_valid(97));
    assert_true(dlp_mobile_prefix_valid(86));
    assert_false(dlp_mobile_prefix_valid(87)); /* [gap]: not confirmed */
    assert_int_equal(dlp_kind_parse("credit_card", 11), DLP_CARD);
    assert_int_equal(dlp_kind_parse("cccd", 4), DLP_CCCD);
    assert_int_equal(dlp_kind_parse("nope", 4), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cccd),   cmocka_unit_test(test_split_across_calls),
        cmocka_unit_test(test_phone),  cmocka_unit_test(test_card),
        cmocka_unit_test(test_email),  cmocka_unit_test(test_context_detectors),
        cmocka_unit_test(test_groups), cmocka_unit_test(test_luhn_and_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
