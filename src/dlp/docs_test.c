/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for zip and PDF extraction: members, descriptors, caps, malformed input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>

#include "docs.h"

struct text {
    char s[8192];
    size_t n;
    unsigned ends;
    char last_member[64];
};

static void collect(void *arg, const char *member, const uint8_t *p, size_t n, bool end)
{
    struct text *t = arg;
    if (n && t->n + n < sizeof(t->s)) {
        memcpy(t->s + t->n, p, n);
        t->n += n;
        t->s[t->n] = '\0';
    }
    if (end)
        t->ends++;
    strncpy(t->last_member, member, sizeof(t->last_member) - 1);
}

static size_t put16(uint8_t *o, unsigned v)
{
    o[0] = (uint8_t)v;
    o[1] = (uint8_t)(v >> 8);
    return 2;
}

static size_t put32(uint8_t *o, uint32_t v)
{
    put16(o, v & 0xffff);
    put16(o + 2, v >> 16);
    return 4;
}

/* One member: stored or raw-deflated, sizes in the header or in a data descriptor. */
static size_t zip_member(uint8_t *o, const char *name, const char *data, bool deflated, bool desc)
{
    uint8_t comp[4096];
    size_t clen = strlen(data);
    if (deflated) {
        z_stream zs;
        memset(&zs, 0, sizeof(zs));
        assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
        zs.next_in = (Bytef *)(uintptr_t)data;
        zs.avail_in = (uInt)strlen(data);
        zs.next_out = comp;
        zs.avail_out = sizeof(comp);
        assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
        clen = sizeof(comp) - zs.avail_out;
        deflateEnd(&zs);
    } else {
        memcpy(comp, data, clen);
    }
    uint32_t crc = (uint32_t)crc32(0, (const Bytef *)data, (uInt)strlen(data));
    size_t n = 0;
    n += put32(o + n, 0x04034b50);
    n += put16(o + n, 20);
    n += put16(o + n, desc ? 8 : 0);
    n += put16(o + n, deflated ? 8 : 0);
    n += put32(o + n, 0); /* time, date */
    n += put32(o + n, desc ? 0 : crc);
    n += put32(o + n, desc ? 0 : (uint32_t)clen);
    n += put32(o + n, desc ? 0 : (uint32_t)strlen(data));
    n += put16(o + n, (unsigned)strlen(name));
    n += put16(o + n, 0);
    memcpy(o + n, name, strlen(name));
    n += strlen(name);
    memcpy(o + n, comp, clen);
    n += clen;
    if (desc) {
        n += put32(o + n, 0x08074b50);
        n += put32(o + n, crc);
        n += put32(o + n, (uint32_t)clen);
        n += put32(o + n, (uint32_t)strlen(data));
    }
    return n;
}

static void walk(struct text *t, const uint8_t *z, size_t n, size_t piece, uint64_t cap,
                 enum dlp_zip_state *end_state)
{
    static uint8_t buf[DLP_INFLATE_BUF];
    struct dlp_zip zw;
    memset(t, 0, sizeof(*t));
    dlp_zip_init(&zw, buf, cap);
    for (size_t i = 0; i < n; i += piece)
        dlp_zip_feed(&zw, z + i, n - i < piece ? n - i : piece, collect, t);
    *end_state = zw.state;
    dlp_zip_fini(&zw);
}

static void test_docx_like(void **state)
{
    (void)state;
    uint8_t z[16384];
    size_t n = 0;
    n += zip_member(z + n, "[Content_Types].xml", "<Types/>", true, false);
    n += zip_member(z + n, "word/media/image1.png", "\x89PNG binary", false, false);
    n += zip_member(z + n, "word/document.xml", "<w:t>T\xE1\xBB\x90I M\xE1\xBA\xACT</w:t>", true,
                    true);
    n += zip_member(z + n, "word/styles.xml", "<styles/>", false, false);
    n += put32(z + n, 0x02014b50); /* the central directory: the walk stops */
    memset(z + n, 0, 42);
    n += 42;
    for (size_t piece = 1; piece <= n; piece = piece * 3 + 1) {
        struct text t;
        enum dlp_zip_state st;
        walk(&t, z, n, piece, 1 << 20, &st);
        assert_int_equal(st, DLP_ZIP_DONE);
        assert_string_equal(t.s, "<Types/><w:t>T\xE1\xBB\x90I M\xE1\xBA\xACT</w:t><styles/>");
        assert_int_equal(t.ends, 3); /* the PNG is skipped */
    }
}

static void test_caps_and_errors(void **state)
{
    (void)state;
    uint8_t z[16384];
    char big[3000];
    memset(big, 'A', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    size_t n = zip_member(z, "xl/sharedStrings.xml", big, true, false);
    struct text t;
    enum dlp_zip_state st;
    walk(&t, z, n, n, 100, &st); /* inflates past the cap: given up, 100 bytes seen */
    assert_int_equal(st, DLP_ZIP_BAD);
    assert_int_equal(t.n, 100);
    static const uint8_t junk[40] = "PK\x03\x05 not a zip header at all.......";
    walk(&t, junk, sizeof(junk), 7, 1 << 20, &st);
    assert_int_equal(st, DLP_ZIP_BAD);
    /* a stored member of unknown size cannot be walked */
    n = zip_member(z, "a.txt", "hello", false, true);
    walk(&t, z, n, n, 1 << 20, &st);
    assert_int_equal(st, DLP_ZIP_BAD);
    /* broken deflate data */
    n = zip_member(z, "b.xml", "hello hello hello", true, false);
    z[30 + 5] ^= 0xff;
    z[30 + 6] ^= 0xff;
    walk(&t, z, n, n, 1 << 20, &st);
    assert_true(st == DLP_ZIP_BAD || st == DLP_ZIP_HDR || st == DLP_ZIP_DEFLATE);
}

static void test_pdf(void **state)
{
    (void)state;
    static uint8_t buf[DLP_INFLATE_BUF];
    const char *content = "BT /F1 24 Tf 72 720 Td (MAT) Tj ET";
    uint8_t comp[512];
    uLongf clen = sizeof(comp);
    assert_int_equal(compress(comp, &clen, (const Bytef *)content, strlen(content)), Z_OK);
    uint8_t pdf[2048];
    size_t n = 0;
    const char *head = "%PDF-1.4\n1 0 obj << /Length 99 /Filter /FlateDecode >>\nstream\r\n";
    memcpy(pdf, head, strlen(head));
    n = strlen(head);
    memcpy(pdf + n, comp, clen);
    n += clen;
    const char *tail = "\nendstream\nendobj\n2 0 obj << >>\nstream\nplain\nendstream\n%%EOF\n";
    memcpy(pdf + n, tail, strlen(tail));
    n += strlen(tail);
    for (size_t piece = 1; piece <= n; piece += 5) {
        struct text t;
        struct dlp_pdf d;
        memset(&t, 0, sizeof(t));
        dlp_pdf_init(&d, buf, 1 << 20);
        for (size_t i = 0; i < n; i += piece)
            dlp_pdf_feed(&d, pdf + i, n - i < piece ? n - i : piece, collect, &t);
        assert_string_equal(t.s, content);
        assert_int_equal(d.streams, 1);
        dlp_pdf_fini(&d);
    }
    struct text t;
    struct dlp_pdf d;
    memset(&t, 0, sizeof(t));
    dlp_pdf_init(&d, buf, 10);
    dlp_pdf_feed(&d, pdf, n, collect, &t);
    assert_true(d.capped);
    assert_int_equal(t.n, 10);
    dlp_pdf_fini(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_docx_like),
        cmocka_unit_test(test_caps_and_errors),
        cmocka_unit_test(test_pdf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
