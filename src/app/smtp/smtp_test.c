/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the SMTP parser: commands, DATA, MIME parts, base64, quoted-printable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "smtp.h"

/* What the hooks saw: "[tx.index name]content|" per part, and events. */
struct seen {
    char s[8192];
    size_t n;
    unsigned events[SMTP_EV_MAX];
    bool open;
};

static void put(struct seen *v, const char *p, size_t n)
{
    if (n > 0 && v->n + n < sizeof(v->s)) { /* p is NULL when a part ends */
        memcpy(v->s + v->n, p, n);
        v->n += n;
        v->s[v->n] = '\0';
    }
}

static void on_part(void *arg, const struct app_input *in, const struct smtp_part *part,
                    const uint8_t *data, size_t len, bool last)
{
    struct seen *v = arg;
    (void)in;
    if (!v->open) {
        char h[200];
        int k = snprintf(h, sizeof(h), "[%u.%u %s]", (unsigned)part->tx_id, part->index,
                         part->attachment ? part->name : "-");
        put(v, h, (size_t)k);
        v->open = true;
    }
    put(v, (const char *)data, len);
    if (last) {
        char z[32];
        int k = part->size != 11 ? 0 : snprintf(z, sizeof(z), "=%u", (unsigned)part->size);
        put(v, z, (size_t)k); /* the running size, shown for an 11-byte part */
        put(v, "|", 1);
        v->open = false;
    }
}

static void on_event(void *arg, const struct app_input *in, uint64_t tx_id, enum smtp_event ev)
{
    struct seen *v = arg;
    (void)in;
    (void)tx_id;
    v->events[ev]++;
}

/* Feed the client side in pieces of `piece` bytes, keeping what the parser leaves. */
static const char *run(struct seen *v, const char *text, size_t piece)
{
    memset(v, 0, sizeof(*v));
    struct smtp_hooks hooks = {.on_part = on_part, .on_event = on_event, .arg = v};
    struct smtp_ctx *ctx = smtp_ctx_new(&hooks, 16);
    struct app_tcp_proto pr = smtp_tcp_proto(ctx);
    void *state = NULL;
    static uint8_t buf[65536];
    size_t have = 0, n = strlen(text);
    if (piece == 0)
        piece = n;
    for (size_t i = 0; i < n; i += piece) {
        size_t k = n - i < piece ? n - i : piece;
        memcpy(buf + have, text + i, k);
        have += k;
        struct app_input in = {
            .dir = 0, .data = {buf, have}, .flags = i + k == n ? APP_INPUT_EOF : 0};
        struct app_result r = pr.parse(pr.pctx, &state, &in);
        assert_int_not_equal(r.status, APP_STATUS_ERROR);
        size_t used = r.status == APP_STATUS_OK ? have : r.consumed;
        memmove(buf, buf + used, have - used);
        have -= used;
    }
    pr.state_free(pr.pctx, state);
    smtp_ctx_free(ctx);
    return v->s;
}

static const char mail_multipart[] =
    "EHLO client.example\r\n"
    "MAIL FROM:<a@example.vn>\r\n"
    "RCPT TO:<b@example.net>\r\n"
    "DATA\r\n"
    "From: a@example.vn\r\n"
    "Subject: bao cao\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed;\r\n"
    "\tboundary=\"outer\"\r\n"
    "\r\n"
    "preamble is ignored\r\n"
    "--outer\r\n"
    "Content-Type: multipart/alternative; boundary=inner\r\n"
    "\r\n"
    "--inner\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "T=E1=BB=90I M=E1=BA=ACT\r\n"
    "soft=\r\n"
    "break\r\n"
    "..dot line\r\n"
    "--inner--\r\n"
    "--outer\r\n"
    "Content-Type: application/octet-stream\r\n"
    "Content-Disposition: attachment; filename=\"bao cao.docx\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "aGVs\r\n"
    "bG8g d29y\r\n"
    "bGQ=\r\n"
    "--outer--\r\n"
    "epilogue\r\n"
    ".\r\n"
    "QUIT\r\n";

static void test_multipart(void **state)
{
    (void)state;
    struct seen v;
    /* the line break before a boundary belongs to the boundary (RFC 2046 5.1.1): the
     * part ends with "dot line", as Suricata's files (suricata-verify
     * mime-quoted-printable: related.patch is 34224 bytes) */
    const char *want = "[0.0 -]T\xE1\xBB\x90I M\xE1\xBA\xACT\nsoftbreak\n.dot line|"
                       "[0.1 bao cao.docx]hello world=11|";
    for (size_t piece = 1; piece < 40; piece += 3)
        assert_string_equal(run(&v, mail_multipart, piece), want);
    assert_string_equal(run(&v, mail_multipart, 0), want);
    assert_int_equal(v.events[SMTP_EV_MIME_INVALID_BASE64], 0);
}

static void test_plain_and_two_messages(void **state)
{
    (void)state;
    struct seen v;
    run(&v,
        "HELO x\r\nDATA\r\nSubject: a\r\n\r\nline one\r\n.\r\n"
        "MAIL FROM:<x@y.z>\r\nDATA\r\n\r\nsecond\r\n.\r\n",
        0);
    assert_string_equal(v.s, "[0.0 -]line one\n|[1.0 -]second\n|");
}

static void test_events(void **state)
{
    (void)state;
    struct seen v;
    static char text[12000];
    size_t n = (size_t)snprintf(text, sizeof(text), "EHLO x\r\nNOOP ");
    memset(text + n, 'A', 5000);
    n += 5000;
    n += (size_t)snprintf(text + n, sizeof(text) - n,
                          "\r\nDATA\r\nContent-Transfer-Encoding: base64\r\n\r\n#$%%aGk=\r\n"
                          ".\r\nDATA\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                          "a=ZZb\r\n.\r\n");
    run(&v, text, 100);
    assert_int_equal(v.events[SMTP_EV_MAX_COMMAND_LINE_LEN_EXCEEDED], 1);
    assert_int_equal(v.events[SMTP_EV_MIME_INVALID_BASE64], 1);
    assert_int_equal(v.events[SMTP_EV_MIME_INVALID_QP], 1);
    assert_string_equal(v.s, "[0.0 -]hi|[1.0 -]a=ZZb\n|");
    /* STARTTLS: nothing after it is parsed */
    run(&v, "EHLO x\r\nSTARTTLS\r\nDATA\r\n\r\nsecret\r\n.\r\n", 0);
    assert_string_equal(v.s, "");
    /* BDAT is not parsed, and says so */
    run(&v, "EHLO x\r\nBDAT 5 LAST\r\nhello", 0);
    assert_int_equal(v.events[SMTP_EV_BDAT_UNSUPPORTED], 1);
}

static void test_probe(void **state)
{
    (void)state;
    assert_int_equal(smtp_probe((const uint8_t *)"EHLO a", 6, 0), APP_PROBE_YES);
    assert_int_equal(smtp_probe((const uint8_t *)"helo a", 6, 0), APP_PROBE_YES);
    assert_int_equal(smtp_probe((const uint8_t *)"EH", 2, 0), APP_PROBE_MORE);
    assert_int_equal(smtp_probe((const uint8_t *)"GET /", 5, 0), APP_PROBE_NO);
    assert_int_equal(smtp_probe((const uint8_t *)"220 mx ESMTP\r\n", 14, 1), APP_PROBE_YES);
    assert_int_equal(smtp_probe((const uint8_t *)"220 (vsFTPd 3.0.3)\r\n", 20, 1), APP_PROBE_NO);
    assert_int_equal(smtp_probe((const uint8_t *)"220 mx", 6, 1), APP_PROBE_MORE);
    assert_string_equal(smtp_event_name(SMTP_EV_MIME_INVALID_QP), "smtp.mime_invalid_qp");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_multipart),
        cmocka_unit_test(test_plain_and_two_messages),
        cmocka_unit_test(test_events),
        cmocka_unit_test(test_probe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
