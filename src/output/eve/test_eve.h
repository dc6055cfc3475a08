/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared by the EVE unit tests: a scratch log folder for the test group (UTC timestamps),
 * an EVE file of chosen record types in it, and the file read back whole.
 */
#ifndef KH_OUTPUT_EVE_TEST_EVE_H
#define KH_OUTPUT_EVE_TEST_EVE_H

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "eve.h"

static char eve_test_dir[64];

/* Group setup: a fresh folder under /tmp, timestamps in UTC. */
static inline int eve_test_setup(void **state)
{
    (void)state;
    setenv("TZ", "UTC", 1);
    tzset();
    snprintf(eve_test_dir, sizeof(eve_test_dir), "/tmp/khien-eve-XXXXXX");
    return mkdtemp(eve_test_dir) ? 0 : -1;
}

/* Group teardown: the folder and the files the tests left in it. */
static inline int eve_test_teardown(void **state)
{
    (void)state;
    DIR *d = opendir(eve_test_dir);
    if (d == NULL)
        return -1;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            unlinkat(dirfd(d), e->d_name, 0);
    closedir(d);
    return rmdir(eve_test_dir);
}

/* The path of eve.json in the folder. */
static inline void eve_test_path(char *path, size_t len)
{
    snprintf(path, len, "%s/eve.json", eve_test_dir);
}

/* A new, empty eve.json writing the given EVE_TYPE_* records, as eve-log would. */
static inline struct eve_output *eve_test_open(uint32_t types)
{
    struct eve_config c;
    memset(&c, 0, sizeof(c));
    c.enabled = true;
    snprintf(c.filename, sizeof(c.filename), "eve.json");
    c.types = types;
    char err[256], path[128];
    eve_test_path(path, sizeof(path));
    unlink(path);
    struct eve_output *eo = eve_output_new(&c, eve_test_dir, err, sizeof(err));
    assert_non_null(eo);
    return eo;
}

/* Read the whole EVE file into buf (NUL-terminated); returns its length. */
static inline size_t eve_test_slurp(char *buf, size_t max)
{
    char path[128];
    eve_test_path(path, sizeof(path));
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, max - 1, f);
    buf[n] = '\0';
    fclose(f);
    return n;
}

#endif
