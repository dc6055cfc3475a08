/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the Vectorscan database cache: reuse, keys, damaged files, pruning. */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "detect/hscache.h"

static const char *const exprs[] = {"evil", "payload", "k\\x68ien"};
static const unsigned ids[] = {7, 8, 9};

struct fixture {
    char dir[64];
    struct hscache c;
};

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof(*fx));
    if (fx == NULL)
        return -1;
    snprintf(fx->dir, sizeof(fx->dir), "/tmp/khien-hscache-XXXXXX");
    if (mkdtemp(fx->dir) == NULL)
        return -1;
    fx->c.dir = fx->dir;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    DIR *d = opendir(fx->dir);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        if (e->d_name[0] != '.')
            unlinkat(dirfd(d), e->d_name, 0);
    if (d)
        closedir(d);
    rmdir(fx->dir);
    free(fx);
    return 0;
}

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                    void *ctx)
{
    (void)from, (void)to, (void)flags;
    *(unsigned *)ctx |= 1u << (id - 7);
    return 0;
}

/* The ids of the patterns db finds in text, as bits (7 -> 1, 8 -> 2, 9 -> 4). */
static unsigned scan(const hs_database_t *db, const char *text)
{
    hs_scratch_t *scratch = NULL;
    assert_int_equal(hs_alloc_scratch(db, &scratch), HS_SUCCESS);
    unsigned found = 0;
    assert_int_equal(hs_scan(db, text, (unsigned)strlen(text), 0, scratch, on_match, &found),
                     HS_SUCCESS);
    hs_free_scratch(scratch);
    return found;
}

static hs_database_t *compile(struct hscache *c, unsigned flag0)
{
    unsigned flags[3] = {flag0, HS_FLAG_SINGLEMATCH, HS_FLAG_SINGLEMATCH};
    hs_database_t *db = NULL;
    char err[256];
    assert_int_equal(hscache_compile(c, exprs, flags, ids, 3, &db, err, sizeof(err)), HS_SUCCESS);
    assert_non_null(db);
    return db;
}

/* The one cache file of the folder (the tests make one key at a time). */
static void only_file(const char *dir, char *path, size_t len)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, len, "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    assert_int_equal(n, 1);
}

static void test_reuse(void **state)
{
    struct fixture *fx = *state;
    hs_database_t *db = compile(&fx->c, HS_FLAG_SINGLEMATCH);
    assert_int_equal(fx->c.compiled, 1);
    assert_int_equal(fx->c.saved, 1);
    assert_int_equal(scan(db, "an evil khien payload"), 7);
    hs_free_database(db);
    /* A second build of the same input reads the file and matches the same way. */
    db = compile(&fx->c, HS_FLAG_SINGLEMATCH);
    assert_int_equal(fx->c.loaded, 1);
    assert_int_equal(fx->c.compiled, 1);
    assert_int_equal(scan(db, "an evil khien payload"), 7);
    assert_int_equal(scan(db, "EVIL"), 0);
    hs_free_database(db);
    /* Other flags are another key: compiled, not loaded. */
    db = compile(&fx->c, HS_FLAG_SINGLEMATCH | HS_FLAG_CASELESS);
    assert_int_equal(fx->c.loaded, 1);
    assert_int_equal(fx->c.compiled, 2);
    assert_int_equal(scan(db, "EVIL"), 1);
    hs_free_database(db);
}

static void damage(const char *path, long at, size_t truncate_to)
{
    int fd = open(path, O_RDWR);
    assert_true(fd >= 0);
    if (truncate_to) {
        assert_int_equal(ftruncate(fd, (off_t)truncate_to), 0);
    } else {
        unsigned char b;
        assert_int_equal(pread(fd, &b, 1, at), 1);
        b ^= 0x40;
        assert_int_equal(pwrite(fd, &b, 1, at), 1);
    }
    close(fd);
}

static void test_damaged_files(void **state)
{
    struct fixture *fx = *state;
    char path[512];
    hs_free_database(compile(&fx->c, HS_FLAG_SINGLEMATCH));
    only_file(fx->dir, path, sizeof(path));
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    /* A flipped byte in the database, then one in the header, then a cut file: each is
     * refused, compiled again and rewritten, and the next build loads the good file. */
    const long at[] = {(long)sb.st_size - 5, 2, 0};
    for (int i = 0; i < 3; i++) {
        if (i == 2)
            damage(path, 0, 40);
        else
            damage(path, at[i], 0);
        hs_database_t *db = compile(&fx->c, HS_FLAG_SINGLEMATCH);
        assert_int_equal(fx->c.rejected, (uint32_t)i + 1);
        assert_int_equal(fx->c.compiled, (uint32_t)i + 2);
        assert_int_equal(scan(db, "evil"), 1);
        hs_free_database(db);
    }
    uint32_t loaded = fx->c.loaded;
    hs_free_database(compile(&fx->c, HS_FLAG_SINGLEMATCH));
    assert_int_equal(fx->c.loaded, loaded + 1);
}

static void test_unwritable(void **state)
{
    struct fixture *fx = *state;
    char file[128], sub[160];
    snprintf(file, sizeof(file), "%s/plain-file", fx->dir);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fclose(f);
    /* A folder below a regular file cannot be made: the database still comes. */
    snprintf(sub, sizeof(sub), "%s/cache", file);
    struct hscache c = {.dir = sub};
    hs_database_t *db = compile(&c, HS_FLAG_SINGLEMATCH);
    assert_int_equal(scan(db, "payload"), 2);
    assert_true(c.write_failed);
    assert_int_equal(c.saved, 0);
    hs_free_database(db);
    /* No folder at all: no cache. */
    struct hscache none = {0};
    hs_free_database(compile(&none, HS_FLAG_SINGLEMATCH));
    assert_int_equal(none.compiled, 1);
}

static void test_prune(void **state)
{
    struct fixture *fx = *state;
    char path[512], other[128];
    hs_free_database(compile(&fx->c, HS_FLAG_SINGLEMATCH));
    only_file(fx->dir, path, sizeof(path));
    snprintf(other, sizeof(other), "%s/notes.txt", fx->dir);
    FILE *f = fopen(other, "w");
    assert_non_null(f);
    fclose(f);
    struct timespec old[2] = {{.tv_sec = time(NULL) - 3 * 86400},
                              {.tv_sec = time(NULL) - 3 * 86400}};
    assert_int_equal(utimensat(AT_FDCWD, path, old, 0), 0);
    assert_int_equal(utimensat(AT_FDCWD, other, old, 0), 0);
    fx->c.max_age_s = 7 * 86400;
    hscache_prune(&fx->c);
    assert_int_equal(fx->c.pruned, 0);
    fx->c.max_age_s = 86400;
    hscache_prune(&fx->c);
    assert_int_equal(fx->c.pruned, 1);
    assert_int_not_equal(access(path, F_OK), 0);
    assert_int_equal(access(other, F_OK), 0); /* not a cache file: left alone */
    unlink(other);
    /* A file that is loaded counts as used now and survives. */
    hs_free_database(compile(&fx->c, HS_FLAG_SINGLEMATCH));
    assert_int_equal(utimensat(AT_FDCWD, path, old, 0), 0);
    hs_free_database(compile(&fx->c, HS_FLAG_SINGLEMATCH));
    hscache_prune(&fx->c);
    assert_int_equal(fx->c.pruned, 1);
    assert_int_equal(access(path, F_OK), 0);
}

static void test_parse_age(void **state)
{
    (void)state;
    uint64_t s = 0;
    assert_int_equal(hscache_parse_age("7d", &s), 0);
    assert_int_equal(s, 7 * 86400);
    assert_int_equal(hscache_parse_age("12h", &s), 0);
    assert_int_equal(s, 12 * 3600);
    assert_int_equal(hscache_parse_age("30m", &s), 0);
    assert_int_equal(s, 1800);
    assert_int_equal(hscache_parse_age("2w", &s), 0);
    assert_int_equal(s, 14 * 86400);
    assert_int_equal(hscache_parse_age("3600", &s), 0);
    assert_int_equal(s, 3600);
    assert_int_equal(hscache_parse_age("45s", &s), 0);
    assert_int_equal(s, 45);
    assert_int_equal(hscache_parse_age("1d12h", &s), 0);
    assert_int_equal(s, 86400 + 12 * 3600);
    assert_int_equal(hscache_parse_age("1y", &s), 0);
    assert_int_equal(s, 365 * 86400);
    assert_int_equal(hscache_parse_age("", &s), -1);
    assert_int_equal(hscache_parse_age("-1d", &s), -1);
    assert_int_equal(hscache_parse_age("7days", &s), -1);
    assert_int_equal(hscache_parse_age("7d ", &s), -1);
    assert_int_equal(hscache_parse_age("d", &s), -1);
    assert_int_equal(hscache_parse_age("99999999999999999999d", &s), -1);
    assert_int_equal(hscache_parse_age("999999999999999999w", &s), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reuse, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unwritable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prune, setup, teardown),
        cmocka_unit_test(test_parse_age),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
