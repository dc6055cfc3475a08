/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for upload files kept for file.data / file.name: views, transactions, caps. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "engine/uploads.h"
#include "flow/flow.h"

static struct http_part part(uint32_t index, const char *name)
{
    struct http_part p = {.index = index, .has_filename = true};
    p.filename_len = (uint16_t)strlen(name);
    memcpy(p.filename, name, p.filename_len);
    return p;
}

static void put(struct engine_uploads *u, const struct flow *f, uint64_t tx, struct http_part *p,
                const char *s)
{
    p->size += strlen(s);
    engine_uploads_data(u, f, tx, p, (struct span){(const uint8_t *)s, strlen(s)});
}

/* Two files in pieces: each file and each name an instance, back to back in the buffers. */
static void test_view(void **state)
{
    (void)state;
    struct engine_uploads *u = engine_uploads_new();
    struct flow f = {0}, g = {0};
    struct http_part a = part(1, "toto.txt"), b = part(3, "titi.txt");
    put(u, &f, 0, &a, "toto est ");
    put(u, &f, 0, &a, "dans un bateau");
    put(u, &f, 0, &b, "Titi");
    struct detect_tx_input ti = {0};
    engine_uploads_view(u, &f, 0, &ti);
    assert_int_equal(ti.files[0].n, 2);
    assert_int_equal(ti.files[1].n, 2);
    assert_memory_equal(ti.files[0].v[0].p, "toto est dans un bateau", 23);
    assert_int_equal(ti.files[0].v[1].len, 4);
    assert_memory_equal(ti.files[1].v[1].p, "titi.txt", 8);
    assert_int_equal(ti.buf[DETECT_TXB_FILE_DATA].len, 27);
    assert_int_equal(ti.buf[DETECT_TXB_FILE_NAME].len, 16);
    assert_true(ti.have & DETECT_TXB_BIT(DETECT_TXB_FILE_NAME));
    /* another transaction, or another flow, sees none of them */
    struct detect_tx_input none = {0};
    engine_uploads_view(u, &f, 1, &none);
    engine_uploads_view(u, &g, 0, &none);
    assert_int_equal(none.have, 0);
    assert_int_equal(none.files[0].n, 0);
    /* the next transaction starts over; the flow's end forgets it */
    struct http_part c = part(0, "c.bin");
    put(u, &f, 1, &c, "x");
    engine_uploads_view(u, &f, 1, &none);
    assert_int_equal(none.files[0].n, 1);
    engine_uploads_flow_end(u, &f);
    memset(&none, 0, sizeof(none));
    engine_uploads_view(u, &f, 1, &none);
    assert_int_equal(none.have, 0);
    /* the request body's end gives the slot back */
    put(u, &g, 0, &c, "y");
    engine_uploads_done(u, &g);
    engine_uploads_view(u, &g, 0, &none);
    assert_int_equal(none.have, 0);
    engine_uploads_free(u);
}

/* Past ENGINE_UPLOAD_FILES files and ENGINE_UPLOAD_BYTES bytes: counted, not kept. */
static void test_caps(void **state)
{
    (void)state;
    struct engine_uploads *u = engine_uploads_new();
    struct flow f = {0};
    for (uint32_t i = 0; i <= ENGINE_UPLOAD_FILES; i++) {
        struct http_part p = part(i, "f");
        put(u, &f, 0, &p, "ab");
    }
    assert_int_equal(engine_uploads_stats(u)->files_dropped, 1);
    static char big[ENGINE_UPLOAD_BYTES + 10];
    memset(big, 'z', sizeof(big) - 1);
    struct http_part p = part(ENGINE_UPLOAD_FILES - 1, "f");
    p.size = 2;
    put(u, &f, 0, &p, big);
    assert_int_equal(engine_uploads_stats(u)->bytes_dropped,
                     2 + sizeof(big) - 1 - ENGINE_UPLOAD_BYTES);
    struct detect_tx_input ti = {0};
    engine_uploads_view(u, &f, 0, &ti);
    assert_int_equal(ti.files[0].v[ENGINE_UPLOAD_FILES - 1].len, ENGINE_UPLOAD_BYTES);
    engine_uploads_free(u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_view),
        cmocka_unit_test(test_caps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
