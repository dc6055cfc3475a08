/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for http.uri normalisation (libhtp IDS personality as Suricata configures it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http.h"

static void check(const char *raw, const char *want, bool want_double)
{
    uint8_t out[512];
    bool dbl;
    struct span s = {(const uint8_t *)raw, strlen(raw)};
    size_t n = http_uri_normalize(s, out, sizeof(out), &dbl);
    out[n] = '\0';
    if (strcmp((const char *)out, want) != 0 || dbl != want_double)
        fail_msg("'%s' normalised to '%s' (double %d), want '%s' (double %d)", raw,
                 (const char *)out, dbl, want, want_double);
}

static void test_uri_forms(void **unused)
{
    (void)unused;
    check("/", "/", false);
    check("/index.html", "/index.html", false);
    check("/a%20b", "/a b", false); /* percent-decoded path */
    check("/a?b=%20c", "/a?b= c",
          false);                        /* query percent-decoded, as Suricata 8 (from_base64-02) */
    check("/a/./b/../c", "/a/c", false); /* dot segments */
    check("/../../etc/passwd", "/etc/passwd", false); /* cannot climb above the root */
    check("//a///b", "/a/b", false);                  /* separators compressed */
    check("/a\\b\\..\\c", "/a/c", false);             /* backslashes are separators */
    check("/a%2fb", "/a/b", false);                   /* encoded separators decoded */
    check("/%zz%4", "/%zz%4", false);                 /* invalid escapes kept */
    check("/%u0041b", "/Ab", false);                  /* %u decoded */
    check("/%2541", "/%41", true);                    /* double encoding noticed */
    check("http://Host:80/x/../y?z", "/y?z", false);  /* absolute URI: path and query */
    check("/a/b/..", "/a/", false);
    check("/a#fr%41g", "/a#frAg", false); /* fragment decoded */
    check("/q?x#y%20z", "/q?x#y z", false);
    check("/caf%C3%A9", "/caf\xe9", false); /* UTF-8 best fit to a byte */
    check("/%E2%88%95x", "/?x", false);     /* no best-fit table: '?' */
    check("/%C3", "/\xc3", false);          /* invalid UTF-8 kept */
}

static void test_uri_cap(void **unused)
{
    (void)unused;
    uint8_t out[4];
    bool dbl;
    struct span s = {(const uint8_t *)"/abcdefgh?q", 11};
    size_t n = http_uri_normalize(s, out, sizeof(out), &dbl);
    assert_true(n <= sizeof(out));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uri_forms),
        cmocka_unit_test(test_uri_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
