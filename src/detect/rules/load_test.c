/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for loading rule sets: files, errors with file:line and sid, duplicates, variables
 * from the configuration, the report, -T, allocation failures, and the ET Open ruleset. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/conf.h"
#include "core/err.h"
#include "core/log.h"
#include "detect/detect.h"

static const char rules_text[] =
    "# a comment, then a blank line\n"
    "\n"
    "alert tcp $HOME_NET any -> $EXTERNAL_NET 445 (msg:\"SMB probe\"; flow:to_server; "
    "content:\"|ff|SMB\"; depth:8; classtype:trojan-activity; sid:100; rev:1;)\n"
    "alert http any any -> any any (msg:\"continued \\\n"
    "line\"; ssh.software; content:\"/x\"; sid:101;)\n"
    "alert tcp any any -> any any (msg:\"bad\"; foo:bar; sid:102;)\n"
    "   # alert tcp any any -> any any (disabled; sid:103;)\n"
    "alert tcp any any -> any any (msg:\"dup, lower rev\"; sid:100; rev:0;)\n"
    "alert tls any any -> any any (msg:\"q\"; tls.store; content:\"x\"; sid:104;)\n"
    "alert tcp any any -> any any (msg:\"dup, higher rev\"; content:\"y\"; sid:105; rev:1;)\n"
    "alert tcp any any -> any any (msg:\"dup, higher rev\"; content:\"y\"; sid:105; rev:2;)\n"
    "alert tcp any any -> any any (msg:\"no classtype\"; classtype:nope; sid:106;)\n";

static const char classification[] = "config classification: trojan-activity,Trojan,1\n";

static struct detect_rules *load_text(const char *text, bool fatal, char *err, size_t errlen)
{
    struct detect_load_opts o = {.text = text, .text_name = "t.rules", .init_errors_fatal = fatal};
    return detect_rules_load(&o, err, errlen);
}

static const struct detect_rule_error *find_error(const struct detect_rules *r, uint32_t sid)
{
    for (uint32_t i = 0; i < r->nerrors; i++)
        if (r->errors[i].sid == sid)
            return &r->errors[i];
    return NULL;
}

static void test_load_text(void **state)
{
    (void)state;
    char err[512];
    struct detect_rules *r = load_text(rules_text, false, err, sizeof(err));
    assert_non_null(r);
    /* 100, 101, 104, 105 (rev 2), 106 (no classification.config given) */
    assert_int_equal(r->nsigs, 5);
    assert_int_equal(r->nerrors, 3);
    const struct detect_rule_error *e = find_error(r, 102);
    assert_non_null(e);
    assert_string_equal(e->file, "t.rules");
    assert_int_equal(e->line, 6);
    assert_int_equal(e->kind, DETECT_RERR_UNKNOWN_KEYWORD);
    assert_string_equal(e->keyword, "foo");
    e = find_error(r, 100); /* the lower rev of sid 100 is reported */
    assert_int_equal(e->line, 8);
    assert_int_equal(e->kind, DETECT_RERR_DUP_SID);
    assert_non_null(strstr(e->reason, "t.rules:3 is kept"));
    e = find_error(r, 105); /* the earlier, lower rev is replaced and reported */
    assert_int_equal(e->line, 10);
    assert_int_equal(r->errors_by_kind[DETECT_RERR_DUP_SID], 2);
    /* the continued rule keeps its first line and joins the text */
    const struct sig *s101 = NULL;
    for (uint32_t i = 0; i < r->nsigs; i++)
        if (r->sigs[i]->sid == 101)
            s101 = r->sigs[i];
    assert_non_null(s101);
    assert_int_equal(s101->line, 4);
    assert_string_equal(s101->msg, "continued line");
    assert_int_equal(r->nmatchable, 3);
    assert_int_equal(r->nunsupported, 2);
    assert_int_equal(r->unsupported_rules[DETECT_KW_SSH_SOFTWARE], 1);
    assert_int_equal(r->unsupported_rules[DETECT_KW_TLS_STORE], 1);

    char *out = NULL;
    size_t outlen = 0;
    FILE *f = open_memstream(&out, &outlen);
    detect_rules_print(r, f);
    fclose(f);
    assert_non_null(strstr(out, "detect: t.rules:6: sid 102: foo: unknown keyword 'foo' "
                                "[unknown-keyword]"));
    assert_non_null(strstr(out, "detect: 1 rules use keyword 'ssh.software' which khien cannot "
                                "match yet; they are not loaded"));
    assert_non_null(strstr(out, "5 rules parsed, 3 failed; 3 loaded, 2 not matchable yet"));
    free(out);
    detect_rules_free(r);

    /* --init-errors-fatal: the load fails naming the first bad rule */
    r = load_text(rules_text, true, err, sizeof(err));
    assert_null(r);
    assert_non_null(strstr(err, "t.rules:6: sid 102: foo: unknown keyword 'foo'"));
    r = load_text("alert tcp any any -> any any (sid:1;)\n", true, err, sizeof(err));
    assert_non_null(r);
    assert_string_equal(err, "");
    detect_rules_free(r);
    /* a last line without newline, and a trailing continuation at end of file */
    r = load_text("alert tcp any any -> any any (sid:1;)\nalert tcp any any -> any any (sid:2;) \\",
                  false, err, sizeof(err));
    assert_int_equal(r->nsigs, 2);
    detect_rules_free(r);
}

static const char *vars_cb(void *ctx, bool port, const char *name)
{
    (void)ctx;
    return port && strcmp(name, "MY_PORTS") == 0 ? "[1,2]" : NULL;
}

static void test_vars(void **state)
{
    (void)state;
    char err[512];
    struct conf *c = conf_new();
    assert_int_equal(conf_load_string(c,
                                      "vars:\n  address-groups:\n    HOME_NET: \"[1.2.3.0/24]\"\n"
                                      "    EXTERNAL_NET: any\n  port-groups:\n"
                                      "    HTTP_PORTS: \"[80,8080]\"\n",
                                      "k.yaml", err, sizeof(err)),
                     0);
    struct detect_load_opts o = {
        .text = "alert tcp $HOME_NET $MY_PORTS -> $EXTERNAL_NET $HTTP_PORTS (sid:1;)\n"
                "alert tcp $SMTP_SERVERS any -> any $SSH_PORTS (sid:2;)\n",
        .conf = c,
        .var_lookup = vars_cb,
    };
    struct detect_rules *r = detect_rules_load(&o, err, sizeof(err));
    assert_non_null(r);
    assert_int_equal(r->nsigs, 2);
    const struct sig *s = r->sigs[0];
    uint8_t in[4] = {1, 2, 3, 9}, out[4] = {10, 0, 0, 1};
    assert_true(sig_addr_contains(s->src, in, 4));
    assert_false(sig_addr_contains(s->src, out, 4));
    assert_true(s->dst->any);
    assert_true(sig_ports_contains(s->sp, 2));
    assert_true(sig_ports_contains(s->dp, 8080));
    /* SMTP_SERVERS is absent from the conf: Suricata's default ($HOME_NET) from the conf */
    assert_true(sig_addr_contains(r->sigs[1]->src, in, 4));
    assert_true(sig_ports_contains(r->sigs[1]->dp, 22));
    detect_rules_free(r);
    conf_free(c);
}

/* Write text to a temporary file; returns its path (static buffer per slot). */
static const char *tmpfile_with(int slot, const char *text)
{
    static char paths[4][64];
    snprintf(paths[slot], sizeof(paths[slot]), "/tmp/khien-detect-XXXXXX");
    int fd = mkstemp(paths[slot]);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return paths[slot];
}

static void test_files_and_T(void **state)
{
    (void)state;
    char err[512];
    const char *rules = tmpfile_with(0, rules_text);
    const char *cls = tmpfile_with(1, classification);
    const char *files[] = {rules};
    struct detect_load_opts o = {.files = files, .nfiles = 1, .classification_file = cls};
    struct detect_rules *r = detect_rules_load(&o, err, sizeof(err));
    assert_non_null(r);
    const struct detect_rule_error *e = find_error(r, 106);
    assert_non_null(e);
    assert_int_equal(e->kind, DETECT_RERR_CLASSTYPE);
    assert_string_equal(e->file, rules);
    assert_int_equal(r->sigs[0]->priority, 1);
    detect_rules_free(r);

    FILE *devnull = fopen("/dev/null", "w");
    assert_int_equal(detect_rules_test(&o, devnull), 0); /* errors, but not fatal */
    o.init_errors_fatal = true;
    assert_int_equal(detect_rules_test(&o, devnull), 1);
    const char *missing[] = {"/nonexistent.rules"};
    o.files = missing;
    assert_int_equal(detect_rules_test(&o, devnull), 1);
    assert_null(detect_rules_load(&o, err, sizeof(err)));
    assert_non_null(strstr(err, "/nonexistent.rules"));
    /* a malformed classification.config fails the load with file:line */
    o.files = files;
    o.classification_file = tmpfile_with(2, "config classification: x\n");
    assert_null(detect_rules_load(&o, err, sizeof(err)));
    assert_non_null(strstr(err, ":1: expected 'config classification"));
    fclose(devnull);
    unlink(rules);
    unlink(cls);
    unlink(o.classification_file);
}

static void test_list_keywords(void **state)
{
    (void)state;
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    detect_list_keywords(f);
    fclose(f);
    assert_non_null(strstr(out, "\ncontent "));
    assert_non_null(strstr(out, "\nhttp.uri "));
    assert_non_null(
        strstr(out, "\nfile_data                  sticky-buffer     yes -> file.data\n"));
    assert_non_null(strstr(out, "\ntls_cert_subject           sticky-buffer     yes -> "
                                "tls.cert_subject\n"));
    assert_non_null(strstr(out, "\nssh.software               sticky-buffer     no (parsed; "
                                "rules using it are not loaded)\n"));
    assert_non_null(strstr(out, "\ntls_sni                    sticky-buffer     yes -> tls.sni\n"));
    /* the app-layer protocol positions the matcher relies on */
    assert_int_equal(detect_app_proto_lookup("http"), DETECT_APP_HTTP);
    assert_int_equal(detect_app_proto_lookup("http1"), DETECT_APP_HTTP1);
    assert_int_equal(detect_app_proto_lookup("tls"), DETECT_APP_TLS);
    assert_int_equal(detect_app_proto_lookup("ftp"), DETECT_APP_FTP);
    assert_int_equal(detect_app_proto_lookup("ssh"), DETECT_APP_SSH);
    assert_int_equal(detect_app_proto_lookup("dns"), DETECT_APP_DNS);
    assert_non_null(
        strstr(out, "\ndns_query                  sticky-buffer     yes -> dns.query\n"));
    size_t lines = 0;
    for (const char *p = out; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, DETECT_KW_MAX + 2); /* the note, the header, one per keyword */
    free(out);
}

/* Every allocation of a load may fail; each failure must be reported, never crash or leak. */
static void test_alloc_failures(void **state)
{
    (void)state;
    char err[512];
    const char *cls = tmpfile_with(3, classification);
    unsigned long n;
    for (n = 1; n < 100000; n++) {
        struct detect_load_opts o = {.text = rules_text, .classification_file = cls};
        kh_alloc_fail_at(n);
        struct detect_rules *r = detect_rules_load(&o, err, sizeof(err));
        kh_alloc_fail_at(0);
        if (r != NULL) {
            detect_rules_free(r);
            break;
        }
        assert_non_null(strstr(err, "out of memory"));
    }
    assert_true(n > 50);
    unlink(cls);
}

/*
 * The ET Open ruleset (when /work/shared is there): every active rule parses except these,
 * which Suricata 7 rejects too (docs/internals/rules.md lists why).
 */
static void test_et_open(void **state)
{
    (void)state;
    static const struct {
        uint32_t sid;
        enum detect_rerr kind;
        const char *keyword;
    } known_bad[] = {
        {2016867, DETECT_RERR_CONTEXT, "threshold"}, /* two threshold keywords */
        {2038501, DETECT_RERR_CONTEXT, "pcre"},      /* /Q (file.data) inside http.response_body */
    };
    const char *files[] = {"/work/shared/corpus/rules/et-open.rules"};
    if (access(files[0], R_OK) != 0)
        skip();
    struct detect_load_opts o = {
        .files = files,
        .nfiles = 1,
        .classification_file = "/work/shared/corpus/classification.config",
        .reference_file = "/work/shared/corpus/reference.config",
    };
    char err[512];
    struct detect_rules *r = detect_rules_load(&o, err, sizeof(err));
    assert_non_null(r);
    for (uint32_t i = 0; i < r->nerrors; i++) {
        const struct detect_rule_error *e = &r->errors[i];
        bool known = false;
        for (size_t k = 0; k < sizeof(known_bad) / sizeof(known_bad[0]); k++)
            known |= e->sid == known_bad[k].sid && e->kind == known_bad[k].kind &&
                     strcmp(e->keyword, known_bad[k].keyword) == 0;
        if (!known)
            fail_msg("unexpected: %s:%u: sid %u: %s: %s", e->file, e->line, e->sid, e->keyword,
                     e->reason);
    }
    assert_int_equal(r->nerrors, sizeof(known_bad) / sizeof(known_bad[0]));
    assert_int_equal(r->nsigs + r->nerrors, 31996);
    detect_rules_free(r);
}

int main(void)
{
    kh_log_set_level(KH_LOG_ERROR);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_text),      cmocka_unit_test(test_vars),
        cmocka_unit_test(test_files_and_T),    cmocka_unit_test(test_list_keywords),
        cmocka_unit_test(test_alloc_failures), cmocka_unit_test(test_et_open),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
