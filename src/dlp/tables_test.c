/* SPDX-License-Identifier: GPL-2.0-only */
/* The compiled-in tables hold exactly what the documented data files in data/dlp/ list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tables.h"

/* Each data line of data/dlp/<name> in turn: its first field and the rest. */
static FILE *open_data(const char *name)
{
    char path[1024];
    const char *root = getenv("KH_SRCDIR");
    snprintf(path, sizeof(path), "%s/data/dlp/%s", root ? root : ".", name);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    return f;
}

static void test_provinces(void **state)
{
    (void)state;
    FILE *f = open_data("provinces.txt");
    char line[256];
    size_t n = 0;
    while (fgets(line, sizeof(line), f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        unsigned code = (unsigned)strtoul(line, NULL, 10);
        assert_true(n < dlp_nprovinces);
        assert_int_equal(dlp_provinces[n], code);
        n++;
    }
    fclose(f);
    assert_int_equal(n, dlp_nprovinces);
    assert_int_equal(n, 63);
}

static void test_mobile_prefixes(void **state)
{
    (void)state;
    FILE *f = open_data("mobile_prefixes.txt");
    char line[256];
    size_t n = 0;
    while (fgets(line, sizeof(line), f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        assert_true(n < dlp_nmobile_prefixes);
        assert_int_equal(dlp_mobile_prefixes[n], (unsigned)strtoul(line, NULL, 10));
        n++;
    }
    fclose(f);
    assert_int_equal(n, dlp_nmobile_prefixes);
}

static void test_context_words(void **state)
{
    (void)state;
    static const char *const kinds[DLP_KIND_MAX] = {
        [DLP_CMND] = "cmnd", [DLP_PASSPORT] = "passport", [DLP_TAX] = "tax", [DLP_BHXH] = "bhxh"};
    FILE *f = open_data("context.txt");
    char line[256];
    size_t n = 0;
    while (fgets(line, sizeof(line), f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\n")] = '\0';
        char *sp = strchr(line, ' ');
        assert_non_null(sp);
        *sp = '\0';
        assert_true(n < dlp_ncontext_words);
        assert_string_equal(kinds[dlp_context_words[n].kind], line);
        assert_string_equal(dlp_context_words[n].word, sp + 1);
        n++;
    }
    fclose(f);
    assert_int_equal(n, dlp_ncontext_words);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_provinces),
        cmocka_unit_test(test_mobile_prefixes),
        cmocka_unit_test(test_context_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
