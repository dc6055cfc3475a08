/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the FTP and SSH probes: greetings, commands, partial lines, look-alikes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "app/banner.h"
#include "app/tcp.h"
#include "core/stats.h"

static enum app_probe ftp(const char *s, int dir)
{
    return ftp_probe((const uint8_t *)s, strlen(s), dir);
}

static enum app_probe ssh(const char *s, int dir)
{
    return ssh_probe((const uint8_t *)s, strlen(s), dir);
}

static void test_ftp_probe(void **state)
{
    (void)state;
    assert_int_equal(ftp("USER anonymous\r\n", 0), APP_PROBE_YES);
    assert_int_equal(ftp("user bob\r\n", 0), APP_PROBE_YES);
    assert_int_equal(ftp("FEAT\r\n", 0), APP_PROBE_YES);
    assert_int_equal(ftp("USE", 0), APP_PROBE_MORE);
    assert_int_equal(ftp("USERS\r\n", 0), APP_PROBE_NO);
    assert_int_equal(ftp("GET / HTTP/1.1\r\n", 0), APP_PROBE_NO);
    assert_int_equal(ftp("EHLO mail\r\n", 0), APP_PROBE_NO);
    /* server greetings: an FTP one; an SMTP one (also 220) is not FTP */
    assert_int_equal(ftp("220 (vsFTPd 3.0.3)\r\n", 1), APP_PROBE_YES);
    /* a greeting that does not name FTP waits for the client's first command */
    assert_int_equal(ftp("220-FileZilla Server 0.9\r\n", 1), APP_PROBE_NO);
    assert_int_equal(ftp("220 Microsoft FTP Service\r\n", 1), APP_PROBE_YES);
    assert_int_equal(ftp("220 mx.example.com ESMTP Postfix\r\n", 1), APP_PROBE_NO);
    assert_int_equal(ftp("220 mx.example.com", 1), APP_PROBE_MORE);
    assert_int_equal(ftp("22", 1), APP_PROBE_MORE);
    assert_int_equal(ftp("230 ok", 1), APP_PROBE_NO);
    assert_int_equal(ftp("220x", 1), APP_PROBE_NO);
    /* "FTP" on a later line does not count */
    assert_int_equal(ftp("220 hello\r\n220 FTP\r\n", 1), APP_PROBE_NO);
}

static void test_ssh_probe(void **state)
{
    (void)state;
    assert_int_equal(ssh("SSH-2.0-OpenSSH_8.9\r\n", 0), APP_PROBE_YES);
    assert_int_equal(ssh("SSH-1.99-x", 1), APP_PROBE_YES);
    assert_int_equal(ssh("SS", 1), APP_PROBE_MORE);
    assert_int_equal(ssh("", 1), APP_PROBE_MORE);
    assert_int_equal(ssh("SSL-", 0), APP_PROBE_NO);
    assert_int_equal(ssh("ssh-2.0", 0), APP_PROBE_NO);
}

/* The dispatcher entries name their protocol and port hints. */
static void test_protos(void **state)
{
    (void)state;
    struct app_tcp_proto f = ftp_tcp_proto(), s = ssh_tcp_proto();
    assert_int_equal(f.id, APP_PROTO_FTP);
    assert_int_equal(f.ports[0], 21);
    assert_int_equal(s.id, APP_PROTO_SSH);
    assert_int_equal(s.ports[0], 22);
    assert_string_equal(app_proto_name(APP_PROTO_FTP), "ftp");
    assert_string_equal(app_proto_name(APP_PROTO_SSH), "ssh");
    struct app_input in = {.data = {(const uint8_t *)"abc", 3}};
    void *st = NULL;
    struct app_result r = f.parse(NULL, &st, &in);
    assert_int_equal(r.status, APP_STATUS_OK);
    assert_int_equal(r.consumed, 3);
}

/* With FTP registered, EVE stats carry ftp.memuse and ftp.memcap (0: nothing is held). */
static void test_ftp_stats(void **state)
{
    (void)state;
    struct app_tcp *t = app_tcp_new(16);
    assert_non_null(t);
    struct stats_value v[16];
    size_t n = app_tcp_stats_collect(t, v, 16);
    for (size_t i = 0; i < n; i++)
        assert_true(strncmp(v[i].name, "ftp.", 4) != 0);
    struct app_tcp_proto f = ftp_tcp_proto();
    assert_int_equal(app_tcp_register(t, &f), 0);
    n = app_tcp_stats_collect(t, v, 16);
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i].name, "ftp.memuse") == 0 || strcmp(v[i].name, "ftp.memcap") == 0) {
            assert_int_equal(v[i].value, 0);
            found++;
        }
    }
    assert_int_equal(found, 2);
    app_tcp_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ftp_probe),
        cmocka_unit_test(test_ssh_probe),
        cmocka_unit_test(test_protos),
        cmocka_unit_test(test_ftp_stats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
