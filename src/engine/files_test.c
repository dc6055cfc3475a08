/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for file digests (force-hash): streamed bytes, empty files, missed starts, caps. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "engine/files.h"
#include "flow/flow.h"

static struct span str(const char *s)
{
    return (struct span){(const uint8_t *)s, strlen(s)};
}

/* "abc" in two pieces has the digests of "abc" (FIPS 180-2 and RFC 1321 examples). */
static void test_streamed_digests(void **state)
{
    (void)state;
    struct engine_files *ef = engine_files_new(EVE_FILE_MD5 | EVE_FILE_SHA1 | EVE_FILE_SHA256);
    assert_non_null(ef);
    struct flow f = {0};
    struct engine_file_key k = {.f = &f, .tx_id = 2, .file = 1};
    engine_files_data(ef, &k, str("a"), true);
    engine_files_data(ef, &k, str("bc"), false);
    struct eve_file_digests dg;
    assert_ptr_equal(engine_files_close(ef, &k, 3, true, &dg), &dg);
    assert_string_equal(dg.md5, "900150983cd24fb0d6963f7d28e17f72");
    assert_string_equal(dg.sha1, "a9993e364706816aba3e25717850c26c9cd0d89d");
    assert_string_equal(dg.sha256,
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(engine_files_stats(ef)->hashed, 1);
    engine_files_free(ef);
}

/* Only the asked-for digests; an empty file has the digests of no bytes; a file whose
 * start was missed, or that was not all seen, has none. */
static void test_empty_missed_partial(void **state)
{
    (void)state;
    struct engine_files *ef = engine_files_new(EVE_FILE_SHA256);
    struct flow f = {0};
    struct engine_file_key k = {.f = &f, .dir = 1};
    struct eve_file_digests dg;
    assert_non_null(engine_files_close(ef, &k, 0, true, &dg));
    assert_string_equal(dg.sha256,
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_string_equal(dg.md5, "");
    engine_files_data(ef, &k, str("later bytes"), false); /* not from the start */
    assert_null(engine_files_close(ef, &k, 11, true, &dg));
    assert_string_equal(dg.sha256, "");
    engine_files_data(ef, &k, str("cut"), true);
    assert_null(engine_files_close(ef, &k, 100, false, &dg));
    assert_null(engine_files_new(0)); /* nothing asked for: no table */
    engine_files_free(ef);
}

/* At the cap a new file is counted and gets no digests; a flow's end frees its slots. */
static void test_cap_and_flow_end(void **state)
{
    (void)state;
    struct engine_files *ef = engine_files_new(EVE_FILE_SHA256);
    struct flow f = {0}, g = {0};
    struct eve_file_digests dg;
    for (uint32_t i = 0; i < ENGINE_FILES_SLOTS; i++) {
        struct engine_file_key k = {.f = &f, .file = i};
        engine_files_data(ef, &k, str("x"), true);
    }
    struct engine_file_key other = {.f = &g};
    engine_files_data(ef, &other, str("y"), true);
    assert_int_equal(engine_files_stats(ef)->hash_skipped, 1);
    assert_null(engine_files_close(ef, &other, 1, true, &dg));
    engine_files_flow_end(ef, &f);
    engine_files_data(ef, &other, str("y"), true);
    assert_non_null(engine_files_close(ef, &other, 1, true, &dg));
    assert_int_equal(engine_files_stats(ef)->hash_skipped, 1);
    engine_files_free(ef);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_streamed_digests),
        cmocka_unit_test(test_empty_missed_partial),
        cmocka_unit_test(test_cap_and_flow_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
