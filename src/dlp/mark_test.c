/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the marking rule: stamps in every encoding, and prose that must not fire. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "dlp.h"

struct marks {
    int level[8];
    enum dlp_enc enc[8];
    unsigned n;
};

static void collect(void *arg, enum dlp_level level, enum dlp_enc enc)
{
    struct marks *m = arg;
    if (m->n < 8) {
        m->level[m->n] = (int)level;
        m->enc[m->n] = enc;
    }
    m->n++;
}

static unsigned feed(struct marks *m, const void *text, size_t n, size_t piece, bool pdf)
{
    struct dlp_mark st;
    memset(m, 0, sizeof(*m));
    dlp_mark_init(&st, pdf);
    if (piece == 0)
        piece = n ? n : 1;
    for (size_t i = 0; i < n; i += piece)
        dlp_mark_feed(&st, (const uint8_t *)text + i, n - i < piece ? n - i : piece, collect, m);
    dlp_mark_flush(&st, collect, m);
    return m->n;
}

static unsigned feeds(struct marks *m, const char *text)
{
    return feed(m, text, strlen(text), 0, false);
}

static void test_stamps_utf8(void **state)
{
    (void)state;
    struct marks m;
    assert_int_equal(feeds(&m, "CỘNG HÒA\nMẬT\nNội dung\n"), 1);
    assert_int_equal(m.level[0], DLP_LEVEL_MAT);
    assert_int_equal(m.enc[0], DLP_ENC_UTF8);
    assert_int_equal(feeds(&m, "  ** TỐI MẬT **  \r\n"), 1);
    assert_int_equal(m.level[0], DLP_LEVEL_TOI_MAT);
    assert_int_equal(feeds(&m, "[TUYỆT  MẬT]"), 1);
    assert_int_equal(m.level[0], DLP_LEVEL_TUYET_MAT);
    assert_int_equal(feeds(&m, "<p class=\"stamp\">TỐI MẬT</p>"), 1);  /* HTML element text */
    assert_int_equal(feeds(&m, "<w:r><w:t>TUYỆT MẬT</w:t></w:r>"), 1); /* a DOCX text run */
    assert_int_equal(feeds(&m, "TOI MAT\n"), 1);
    assert_int_equal(m.enc[0], DLP_ENC_ASCII);
    /* NFD: T O U+0302 U+0301 I, M A U+0323 U+0302 T */
    assert_int_equal(feeds(&m, "TO\xCC\x82\xCC\x81I MA\xCC\xA3\xCC\x82T\n"), 1);
    assert_int_equal(m.level[0], DLP_LEVEL_TOI_MAT);
    assert_int_equal(m.enc[0], DLP_ENC_UTF8_NFD);
}

static void test_prose_does_not_fire(void **state)
{
    (void)state;
    struct marks m;
    assert_int_equal(feeds(&m, "Vui lòng nhập mật khẩu của bạn.\n"), 0);
    assert_int_equal(feeds(&m, "Đây là bí mật của chúng tôi.\n"), 0);
    assert_int_equal(feeds(&m, "Mật khẩu\n"), 0);
    assert_int_equal(feeds(&m, "MẬT KHẨU\n"), 0);
    assert_int_equal(feeds(&m, "Mật\n"), 0); /* not in capitals */
    assert_int_equal(feeds(&m, "mật\n"), 0);
    assert_int_equal(feeds(&m, "TÀI LIỆU MẬT\n"), 0);
    assert_int_equal(feeds(&m, "Tài liệu này không MẬT đâu, chỉ là ví dụ về cách viết.\n"), 0);
    assert_int_equal(feeds(&m, "Bảo mật thông tin khách hàng\n"), 0);
    assert_int_equal(feeds(&m, "MATH\nFORMAT\nMAT MAT\n"), 0);
    /* a long line that ends with the word: prose */
    assert_int_equal(feeds(&m, "Văn bản số 12/2024 của Bộ đã được đóng dấu độ mật là TỐI MẬT\n"),
                     0);
}

static void test_legacy_and_utf16(void **state)
{
    (void)state;
    struct marks m;
    /* UTF-16LE "\nTỐI MẬT\n" */
    static const uint8_t u16[] = {'\n', 0,   'T', 0,    0xD0, 0x1E, 'I', 0,    ' ',
                                  0,    'M', 0,   0xAC, 0x1E, 'T',  0,   '\n', 0};
    assert_int_equal(feed(&m, u16, sizeof(u16), 0, false), 1);
    assert_int_equal(m.level[0], DLP_LEVEL_TOI_MAT);
    assert_int_equal(m.enc[0], DLP_ENC_UTF16LE);
    assert_int_equal(feed(&m, u16, sizeof(u16), 3, false), 1); /* split mid-character */
    assert_int_equal(feeds(&m, "\nTUY\xD6T M\xCBT\n"), 1);     /* TCVN3, capitals */
    assert_int_equal(m.enc[0], DLP_ENC_TCVN3);
    assert_int_equal(feeds(&m, "\nt\xE8i m\xCBt\n"), 1); /* TCVN3 .VnTimeH */
    assert_int_equal(m.level[0], DLP_LEVEL_TOI_MAT);
    assert_int_equal(feeds(&m, "\nMA\xC4T\n"), 1); /* VNI */
    assert_int_equal(m.enc[0], DLP_ENC_VNI);
    assert_int_equal(m.level[0], DLP_LEVEL_MAT);
    assert_int_equal(feeds(&m, "\nTO\xC1I MA\xC4T\n"), 1);
    assert_int_equal(m.level[0], DLP_LEVEL_TOI_MAT);
    /* VNI and TCVN3 text inside a Unicode document (DOCX run in a VNI font) */
    assert_int_equal(feeds(&m, "<w:t>MA\xC3\x84T</w:t>"), 1);
    assert_int_equal(m.enc[0], DLP_ENC_VNI);
    assert_int_equal(feeds(&m, "<w:t>T\xC3\xA8I M\xC3\x8BT</w:t>"), 1);
    assert_int_equal(m.enc[0], DLP_ENC_TCVN3);
    assert_int_equal(m.level[0], DLP_LEVEL_TOI_MAT);
}

static void test_pdf_runs(void **state)
{
    (void)state;
    struct marks m;
    const char *content = "BT /F1 24 Tf 72 720 Td (MAT) Tj ET\nBT (Noi dung van ban) Tj ET";
    assert_int_equal(feed(&m, content, strlen(content), 0, true), 1);
    assert_int_equal(feed(&m, content, strlen(content), 0, false), 0); /* not PDF: one line */
    assert_int_equal(feed(&m, content, strlen(content), 1, true), 1);
}

static void test_segment_rule(void **state)
{
    (void)state;
    enum dlp_enc enc;
    assert_int_equal(dlp_mark_segment((const uint8_t *)"| MẬT |", 9, &enc), DLP_LEVEL_MAT);
    assert_int_equal(dlp_mark_segment((const uint8_t *)"MA", 2, &enc), -1);
    assert_int_equal(dlp_mark_segment((const uint8_t *)"", 0, &enc), -1);
    assert_int_equal(dlp_mark_segment((const uint8_t *)"\xCC", 1, &enc), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stamps_utf8),      cmocka_unit_test(test_prose_does_not_fire),
        cmocka_unit_test(test_legacy_and_utf16), cmocka_unit_test(test_pdf_runs),
        cmocka_unit_test(test_segment_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
