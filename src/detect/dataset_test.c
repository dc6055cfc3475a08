/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for datasets (sets, files, JSON, memcap, threads), iprep and their keywords. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/app.h"
#include "core/err.h"
#include "detect/dataset.h"
#include "detect/detect.h"
#include "detect/match.h"
#include "flow/flow.h"

static const uint8_t *U(const char *s)
{
    return (const uint8_t *)s;
}

static struct ds_set *mkset(struct ds_registry *r, const char *name, int type, bool rep,
                            uint64_t memcap)
{
    char why[256];
    struct ds_opts o = {.type = type, .rep = rep, .memcap = memcap};
    struct ds_set *s = ds_registry_get(r, name, &o, why, sizeof(why));
    if (s == NULL)
        fail_msg("%s", why);
    return s;
}

static void test_set_ops(void **state)
{
    (void)state;
    struct ds_registry *r = ds_registry_new(0, 0, NULL);
    struct ds_set *s = mkset(r, "ua", DS_T_STRING, false, 0);
    assert_null(ds_lookup(s, U("curl"), 4));
    assert_int_equal(ds_add(s, U("curl"), 4), 1); /* new: `set` matches */
    assert_int_equal(ds_add(s, U("curl"), 4), 0); /* there: `set` does not match */
    assert_non_null(ds_lookup(s, U("curl"), 4));
    assert_null(ds_lookup(s, U("cur"), 3));
    assert_int_equal(ds_add(s, U(""), 0), 1); /* the empty value is a value */
    assert_int_equal(ds_remove(s, U("curl"), 4), 1);
    assert_int_equal(ds_remove(s, U("curl"), 4), 0);
    assert_null(ds_lookup(s, U("curl"), 4));
    assert_int_equal(ds_add(s, U("curl"), 4), 1); /* revived */
    /* the same name is the same set; another type is an error */
    char why[256];
    struct ds_opts o = {.type = -1};
    assert_ptr_equal(ds_registry_get(r, "ua", &o, why, sizeof(why)), s);
    o.type = DS_T_MD5;
    assert_null(ds_registry_get(r, "ua", &o, why, sizeof(why)));
    assert_non_null(strstr(why, "type string"));
    o.type = -1;
    assert_null(ds_registry_get(r, "undeclared", &o, why, sizeof(why)));
    struct ds_set_stats st;
    ds_set_get_stats(s, &st);
    assert_int_equal(st.entries, 2);
    ds_registry_free(r);
}

static void test_types(void **state)
{
    (void)state;
    struct ds_registry *r = ds_registry_new(0, 0, NULL);
    struct ds_set *md5 = mkset(r, "m", DS_T_MD5, false, 0);
    assert_int_equal(ds_add(md5, U("0123456789abcdef"), 16), 1);
    assert_int_equal(ds_add(md5, U("short"), 5), KH_EINVAL); /* not a digest */
    assert_null(ds_lookup(md5, U("0123456789abcdef0"), 17));
    struct ds_set *ip = mkset(r, "i", DS_T_IP, false, 0);
    const uint8_t v4[4] = {192, 0, 2, 1};
    const uint8_t mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1};
    assert_int_equal(ds_add(ip, v4, 4), 1);
    assert_non_null(ds_lookup(ip, mapped, 16)); /* an IPv4 address is IPv4-mapped in an ip set */
    struct ds_set *ip4 = mkset(r, "i4", DS_T_IPV4, false, 0);
    assert_int_equal(ds_add(ip4, mapped, 16), KH_EINVAL);
    assert_int_equal(ds_type_from_name("sha256"), DS_T_SHA256);
    assert_int_equal(ds_type_from_name("sha512"), -1);
    ds_registry_free(r);
}

static void test_load_lines(void **state)
{
    (void)state;
    char err[256];
    struct ds_registry *r = ds_registry_new(0, 0, NULL);
    struct ds_set *s = mkset(r, "hosts", DS_T_STRING, false, 0);
    /* base64 as Suricata writes it: "bad.example", "evil", a malformed line, a comment */
    const char *f = "YmFkLmV4YW1wbGU=\r\nZXZpbA==\n!!notbase64\n# comment\n\n";
    assert_int_equal(ds_set_load_buf(s, U(f), strlen(f), "t.lst", err, sizeof(err)), 0);
    assert_non_null(ds_lookup(s, U("bad.example"), 11));
    assert_non_null(ds_lookup(s, U("evil"), 4));
    struct ds_set_stats st;
    ds_set_get_stats(s, &st);
    assert_int_equal(st.entries, 2);
    assert_int_equal(st.load_errors, 1);
    /* datarep: value,rep with rep 0..65535 */
    struct ds_set *rep = mkset(r, "rep", DS_T_SHA256, true, 0);
    const char *g = "e0ca4ff795b3f32d45260678e4ab79884793c05a149f2b350d10274451dc210a,200\n"
                    "E0CA4FF795B3F32D45260678E4AB79884793C05A149F2B350D10274451DC210B,7\n"
                    "e0ca4ff795b3f32d45260678e4ab79884793c05a149f2b350d10274451dc210c,70000\n"
                    "e0ca4ff795b3f32d45260678e4ab79884793c05a149f2b350d10274451dc210d\n"
                    "e0ca,1\n";
    assert_int_equal(ds_set_load_buf(rep, U(g), strlen(g), "r.lst", err, sizeof(err)), 0);
    uint8_t h[32] = {0xe0, 0xca, 0x4f, 0xf7, 0x95, 0xb3, 0xf3, 0x2d, 0x45, 0x26, 0x06,
                     0x78, 0xe4, 0xab, 0x79, 0x88, 0x47, 0x93, 0xc0, 0x5a, 0x14, 0x9f,
                     0x2b, 0x35, 0x0d, 0x10, 0x27, 0x44, 0x51, 0xdc, 0x21, 0x0a};
    const struct ds_entry *e = ds_lookup(rep, h, 32);
    assert_non_null(e);
    assert_int_equal(ds_entry_rep(e), 200);
    h[31] = 0x0b; /* upper-case hex loads too */
    assert_int_equal(ds_entry_rep(ds_lookup(rep, h, 32)), 7);
    ds_set_get_stats(rep, &st);
    assert_int_equal(st.entries, 2);
    assert_int_equal(st.load_errors, 3); /* rep over 65535, no rep, short hash */
    /* addresses */
    struct ds_set *ip = mkset(r, "ip", DS_T_IP, false, 0);
    const char *a = "192.0.2.1\n2001:db8::1\n300.1.1.1\n";
    assert_int_equal(ds_set_load_buf(ip, U(a), strlen(a), "a.lst", err, sizeof(err)), 0);
    const uint8_t v4[4] = {192, 0, 2, 1};
    const uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    assert_non_null(ds_lookup(ip, v4, 4));
    assert_non_null(ds_lookup(ip, v6, 16));
    ds_set_get_stats(ip, &st);
    assert_int_equal(st.load_errors, 1);
    ds_registry_free(r);
}

static void test_save_round_trip(void **state)
{
    (void)state;
    char path[] = "/tmp/khien-ds-XXXXXX", err[256];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    struct ds_registry *r = ds_registry_new(0, 0, NULL);
    struct ds_set *s = mkset(r, "s", DS_T_STRING, true, 0);
    const char *f = "YQ==,5\nYmM=,65535\n";
    assert_int_equal(ds_set_load_buf(s, U(f), strlen(f), "t", err, sizeof(err)), 0);
    assert_int_equal(ds_add(s, U("\x00\xff\n,"), 4), 1); /* binary bytes survive base64 */
    assert_int_equal(ds_set_save(s, path), 0);
    struct ds_set *t = mkset(r, "t", DS_T_STRING, true, 0);
    FILE *fp = fopen(path, "rb");
    char buf[512];
    size_t n = fread(buf, 1, sizeof(buf), fp);
    fclose(fp);
    assert_int_equal(ds_set_load_buf(t, U(buf), n, path, err, sizeof(err)), 0);
    assert_int_equal(ds_entry_rep(ds_lookup(t, U("a"), 1)), 5);
    assert_int_equal(ds_entry_rep(ds_lookup(t, U("bc"), 2)), 65535);
    assert_non_null(ds_lookup(t, U("\x00\xff\n,"), 4));
    struct ds_set_stats st;
    ds_set_get_stats(t, &st);
    assert_int_equal(st.entries, 3);
    assert_int_equal(st.load_errors, 0);
    /* a relative load: beside the rules first, then under default-rule-path */
    struct ds_opts o = {.type = DS_T_STRING,
                        .rep = true,
                        .load = path + 5,
                        .base_dir = "/nonexistent",
                        .alt_dir = "/tmp"};
    struct ds_set *u = ds_registry_get(r, "u", &o, err, sizeof(err));
    assert_non_null(u);
    assert_non_null(ds_lookup(u, U("bc"), 2));
    o.alt_dir = NULL;
    assert_null(ds_registry_get(r, "v", &o, err, sizeof(err)));
    assert_non_null(strstr(err, "/nonexistent/khien-ds-"));
    unlink(path);
    ds_registry_free(r);
}

/* state: loaded when the file is there (a first run has none), written at exit. */
static void test_state(void **state)
{
    (void)state;
    char dir[] = "/tmp/khien-ds-dir-XXXXXX", err[256], path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/seen.lst", dir);
    for (int run = 0; run < 2; run++) {
        struct ds_registry *r = ds_registry_new(0, 0, dir); /* the data directory */
        struct ds_opts o = {.type = DS_T_STRING, .state = "seen.lst", .from_rule = true};
        struct ds_set *s = ds_registry_get(r, "seen", &o, err, sizeof(err));
        if (s == NULL)
            fail_msg("%s", err);
        /* the first run starts empty; the second finds what the first saved */
        assert_int_equal(ds_add(s, U("x"), 1), run == 0 ? 1 : 0);
        assert_int_equal(ds_registry_save(r), 1);
        ds_registry_free(r);
    }
    unlink(path);
    rmdir(dir);
}

static void test_memcap(void **state)
{
    (void)state;
    struct ds_registry *r = ds_registry_new(0, 0, NULL);
    struct ds_set *s = mkset(r, "tiny", DS_T_STRING, false, 100);
    assert_int_equal(ds_add(s, U("first"), 5), 1);
    assert_int_equal(ds_add(s, U("second"), 6), KH_EFULL); /* policy: not added, counted */
    assert_int_equal(ds_add(s, U("third"), 5), KH_EFULL);
    assert_int_equal(ds_add(s, U("first"), 5), 0); /* a value held is still found */
    struct ds_set_stats st;
    ds_set_get_stats(s, &st);
    assert_int_equal(st.memcap_hits, 2);
    assert_int_equal(st.entries, 1);
    assert_true(st.bytes <= 100);
    ds_registry_free(r);
}

static void test_json(void **state)
{
    (void)state;
    char err[256];
    struct ds_registry *r = ds_registry_new(0, 0, NULL);
    struct ds_opts o = {
        .type = DS_T_STRING, .json = true, .value_key = "host.fqdn", .array_key = "info.threat"};
    struct ds_set *s = ds_registry_get(r, "j", &o, err, sizeof(err));
    assert_non_null(s);
    const char *f = "{\"info\":{\"threat\":["
                    "{\"host\":{\"fqdn\":\"a.example\"},\"year\":2005,\"ok\":true,\"n\":null,"
                    "\"s\":\"q\\\"\\n\",\"f\":1.5,\"arr\":[1,2]},"
                    "{\"host\":{\"fqdn\":\"a.example\"},\"year\":2006},"
                    "{\"host\":{\"domain\":\"x\"}}, 7]}}";
    assert_int_equal(ds_set_load_buf(s, U(f), strlen(f), "j.json", err, sizeof(err)), 0);
    const struct ds_entry *e = ds_lookup(s, U("a.example"), 9);
    assert_non_null(e);
    uint32_t len;
    const char *js = ds_entry_json(e, &len);
    /* the first object of a value is kept, written back as JSON */
    assert_string_equal(js, "{\"host\":{\"fqdn\":\"a.example\"},\"year\":2005,\"ok\":true,"
                            "\"n\":null,\"s\":\"q\\\"\\u000a\",\"f\":1.5,\"arr\":[1,2]}");
    assert_int_equal(len, strlen(js));
    struct ds_set_stats st;
    ds_set_get_stats(s, &st);
    assert_int_equal(st.entries, 1);
    assert_int_equal(st.load_errors, 2); /* no fqdn; not an object */
    /* no array where array_key says, and malformed JSON, are errors */
    assert_int_equal(ds_set_load_buf(s, U("{\"x\":1}"), 7, "j", err, sizeof(err)), KH_EFORMAT);
    assert_int_equal(ds_set_load_buf(s, U("[{"), 2, "j", err, sizeof(err)), KH_EFORMAT);
    /* json without value_key, or with save, is refused */
    struct ds_opts bad = {.type = DS_T_STRING, .json = true};
    assert_null(ds_registry_get(r, "k", &bad, err, sizeof(err)));
    ds_registry_free(r);
}

struct adder {
    struct ds_set *s;
    unsigned seed;
    unsigned added;
};

static void *add_many(void *arg)
{
    struct adder *a = arg;
    char v[16];
    for (unsigned i = 0; i < 20000; i++) {
        unsigned x = (i * 7919u + a->seed) % 5000u; /* every thread adds the same 5000 */
        int n = snprintf(v, sizeof(v), "v%u", x);
        if (ds_add(a->s, (const uint8_t *)v, (size_t)n) == 1)
            a->added++;
        if (ds_lookup(a->s, (const uint8_t *)v, (size_t)n) == NULL)
            a->added += 1000000; /* a value just added must be found */
    }
    return NULL;
}

/* Four threads adding the same values at once: each value is added exactly once. */
static void test_threads(void **state)
{
    (void)state;
    struct ds_registry *r = ds_registry_new(0, 16, NULL); /* few rows: long chains, races */
    struct ds_set *s = mkset(r, "t", DS_T_STRING, false, 0);
    pthread_t th[4];
    struct adder a[4];
    for (unsigned i = 0; i < 4; i++) {
        a[i] = (struct adder){s, i * 13u, 0};
        assert_int_equal(pthread_create(&th[i], NULL, add_many, &a[i]), 0);
    }
    unsigned total = 0;
    for (unsigned i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        total += a[i].added;
    }
    assert_int_equal(total, 5000);
    struct ds_set_stats st;
    ds_set_get_stats(s, &st);
    assert_int_equal(st.entries, 5000);
    ds_registry_free(r);
}

static void test_iprep(void **state)
{
    (void)state;
    char err[256];
    struct iprep *ip = iprep_new();
    const char *cats = "1,BadHosts,Known bad\n2,CnC,C2\nx,Bad,line\n1,Dup,again\n";
    assert_int_equal(iprep_load_categories(ip, U(cats), strlen(cats), "c", err, sizeof(err)), 0);
    assert_int_equal(iprep_category(ip, "CnC"), 2);
    assert_int_equal(iprep_category(ip, "Dup"), -1);
    const char *rep = "192.0.2.1,1,50\n192.0.2.0/24,1,10\n192.0.2.128/25,1,20\n"
                      "2001:db8::/32,2,90\n192.0.2.9,3,5\n192.0.2.9,1,200\nnot-an-ip,1,1\n";
    assert_int_equal(iprep_load_file(ip, U(rep), strlen(rep), "r", err, sizeof(err)), 0);
    const uint8_t a1[4] = {192, 0, 2, 1}, a2[4] = {192, 0, 2, 7}, a3[4] = {192, 0, 2, 200};
    const uint8_t a4[4] = {198, 51, 100, 1};
    const uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5};
    assert_int_equal(iprep_lookup(ip, a1, 4, 1), 50); /* the host record */
    assert_int_equal(iprep_lookup(ip, a2, 4, 1), 10); /* the /24 */
    assert_int_equal(iprep_lookup(ip, a3, 4, 1), 20); /* the longest prefix */
    assert_int_equal(iprep_lookup(ip, a4, 4, 1), -1);
    assert_int_equal(iprep_lookup(ip, a1, 4, 2), -1);
    assert_int_equal(iprep_lookup(ip, v6, 16, 2), 90);
    assert_int_equal(iprep_count(ip), 4);
    iprep_free(ip);
}

/* ---- keywords: parsing and matching on transactions ---- */

static int load_err(const char *rules, char *err, size_t n)
{
    struct detect_load_opts o = {.text = rules, .text_name = "t.rules", .init_errors_fatal = true};
    struct detect_rules *r = detect_rules_load(&o, err, n);
    detect_rules_free(r);
    return r ? 0 : -1;
}

static void test_parse(void **state)
{
    (void)state;
    char err[512];
    static const struct {
        const char *opts;
        const char *why;
    } bad[] = {
        {"http.host; dataset:check,x,type string;", "command must be"},
        {"http.host; dataset:isset,x;", "no type given"},
        {"http.host; dataset:isset;", "a set name"},
        {"http.host; dataset:isset,x,type string,colour red;", "unknown option"},
        {"http.host; dataset:isset,x,type text;", "unknown type"},
        {"http.host; dataset:isset,x,type string,load /etc/passwd;", "allow-absolute"},
        {"http.host; dataset:set,x,type string,save ../x.lst;", "allow-absolute"},
        {"http.host; dataset:isset,x,type string,memcap lots;", "bad size"},
        {"http.host; dataset:isset,x,type string,load no-such-file.lst;", "cannot open"},
        {"http.host; dataset:isset,x,type string,format json,value_key h;", "context_key"},
        {"http.host; datarep:x,!=,5,type string;", "expected <name>"},
        {"http.host; datarep:x,>,70000,type string;", "expected <name>"},
        {"iprep:src,CnC,>,5;", "not in the categories"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char rule[512];
        snprintf(rule, sizeof(rule), "alert http any any -> any any (%s sid:1;)", bad[i].opts);
        assert_int_equal(load_err(rule, err, sizeof(err)), -1);
        if (strstr(err, bad[i].why) == NULL)
            fail_msg("%s: got '%s'", bad[i].opts, err);
    }
    assert_int_equal(load_err("alert http any any -> any any (http.host; dataset:set,a,type "
                              "string, memcap 10mb, hashsize 4096; sid:1;)\n"
                              "alert http any any -> any any (http.uri; to_sha256; "
                              "dataset:isset,b,type sha256; sid:2;)\n"
                              "alert ip any any -> any any (ip.dst; dataset:isnotset,c,type ip; "
                              "sid:3;)\n"
                              "alert http any any -> any any (http.host; datarep:d,>=,3,type "
                              "string; sid:4;)\n",
                              err, sizeof(err)),
                     0);
}

struct mfx {
    struct detect_rules *r;
    struct detect_engine *de;
    struct detect_thread *dt;
    struct flow f;
    struct packet p;
};

static void mfx_init(struct mfx *x, const char *rules)
{
    char err[512];
    struct detect_load_opts o = {.text = rules, .text_name = "t.rules", .init_errors_fatal = true};
    memset(x, 0, sizeof(*x));
    x->r = detect_rules_load(&o, err, sizeof(err));
    if (x->r == NULL)
        fail_msg("load: %s", err);
    assert_int_equal(x->r->nunsupported, 0);
    x->de = detect_engine_new(x->r, err, sizeof(err));
    assert_non_null(x->de);
    x->dt = detect_thread_new(x->de);
    x->f.app_proto = APP_PROTO_HTTP;
    x->p.ip_ver = 4;
    x->p.proto = 6;
    x->p.flags = PKT_HAS_L4 | PKT_WANTS_FLOW;
    x->p.sp = 1234;
    x->p.dp = 80;
    x->p.flow = &x->f;
    x->p.src.b[0] = 192, x->p.src.b[1] = 0, x->p.src.b[2] = 2, x->p.src.b[3] = 1;
}

static void mfx_fini(struct mfx *x)
{
    detect_flow_free(x->dt, &x->f);
    detect_thread_free(x->dt);
    detect_engine_free(x->de);
    detect_rules_free(x->r);
}

/* The sids alerting on a new transaction with this Host and User-Agent. */
static uint64_t run_tx(struct mfx *x, const char *host, const char *ua)
{
    static uint64_t next_tx;
    struct detect_tx_input in = {.app_proto = APP_PROTO_HTTP, .tx_id = next_tx++, .body_dir = -1};
    in.buf[DETECT_TXB_HOST] = (struct span){(const uint8_t *)host, strlen(host)};
    in.buf[DETECT_TXB_USER_AGENT] = (struct span){(const uint8_t *)ua, strlen(ua)};
    in.have = DETECT_TXB_BIT(DETECT_TXB_HOST) | DETECT_TXB_BIT(DETECT_TXB_USER_AGENT);
    const struct detect_alert *al;
    size_t n = detect_tx(x->dt, &x->p, &in, &al);
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++)
        m |= 1ull << al[i].s->sid;
    return m;
}

static void test_match(void **state)
{
    (void)state;
    struct mfx x;
    mfx_init(&x, "alert http any any -> any any (http.host; dataset:set,h,type string; sid:1;)\n"
                 "alert http any any -> any any (http.user_agent; dataset:isset,h; sid:2;)\n"
                 "alert http any any -> any any (http.user_agent; dataset:isnotset,h; sid:3;)\n"
                 "alert http any any -> any any (http.user_agent; content:\"rm\"; "
                 "dataset:unset,h; sid:4;)\n"
                 "alert http any any -> any any (http.host; content:\"z\"; ip.src; "
                 "dataset:set,ips,type ip; sid:5;)\n");
    assert_int_equal(run_tx(&x, "a", "b"), 1u << 1 | 1u << 3);
    assert_int_equal(run_tx(&x, "a", "a"), 1u << 2);           /* a is not new; a is set */
    assert_int_equal(run_tx(&x, "c", "a"), 1u << 1 | 1u << 2); /* c is new */
    assert_int_equal(run_tx(&x, "rm", "rm"), 1u << 1 | 1u << 2 | 1u << 4);
    assert_int_equal(run_tx(&x, "rm", "x"), 1u << 1 | 1u << 3); /* rm was removed */
    assert_int_equal(run_tx(&x, "z", "x"), 1u << 1 | 1u << 3 | 1u << 5);
    assert_int_equal(run_tx(&x, "z", "x"), 1u << 3); /* 192.0.2.1 is in ips now */
    mfx_fini(&x);
}

/* A reload: static sets (load, no save/state) are made again from their files; the others
 * keep what `set` added; the old rules keep their sets until they are freed. */
static void test_reload(void **state)
{
    (void)state;
    char path[] = "/tmp/khien-ds-XXXXXX", err[512], rules[512];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "YQ==\n", 5), 5); /* "a" */
    close(fd);
    snprintf(rules, sizeof(rules),
             "alert http any any -> any any (http.host; dataset:set,st,type string,load %s; "
             "sid:1;)\n"
             "alert http any any -> any any (http.host; dataset:set,dyn,type string; sid:2;)\n",
             path);
    struct ds_registry *r = ds_registry_new(0, 0, NULL);
    char yaml[] = "datasets:\n  rules:\n    allow-absolute-filenames: yes\n";
    struct conf *cf = conf_new();
    assert_int_equal(conf_load_string(cf, yaml, "t", err, sizeof(err)), 0);
    assert_int_equal(ds_registry_configure(r, cf, NULL, err, sizeof(err)), 0);
    struct detect_load_opts o = {
        .text = rules, .text_name = "t.rules", .init_errors_fatal = true, .datasets = r};
    struct detect_rules *r1 = detect_rules_load(&o, err, sizeof(err));
    if (r1 == NULL)
        fail_msg("%s", err);
    struct ds_opts any = {.type = -1};
    struct ds_set *st1 = ds_registry_get(r, "st", &any, err, sizeof(err));
    struct ds_set *dyn1 = ds_registry_get(r, "dyn", &any, err, sizeof(err));
    assert_int_equal(ds_add(st1, U("b"), 1), 1);
    assert_int_equal(ds_add(dyn1, U("b"), 1), 1);
    ds_registry_reload_begin(r);
    struct detect_rules *r2 = detect_rules_load(&o, err, sizeof(err));
    assert_non_null(r2);
    struct ds_set *st2 = ds_registry_get(r, "st", &any, err, sizeof(err));
    assert_ptr_equal(ds_registry_get(r, "dyn", &any, err, sizeof(err)), dyn1);
    assert_ptr_not_equal(st2, st1);
    assert_non_null(ds_lookup(st2, U("a"), 1));  /* read again from the file */
    assert_null(ds_lookup(st2, U("b"), 1));      /* what `set` added is gone, as Suricata */
    assert_non_null(ds_lookup(dyn1, U("b"), 1)); /* kept */
    assert_non_null(ds_lookup(st1, U("b"), 1));  /* the old rules' set lives on with them */
    detect_rules_free(r1);                       /* frees st1 (ASan: no leak, no reuse) */
    assert_int_equal(ds_registry_count(r), 2);
    detect_rules_free(r2);
    ds_registry_free(r);
    conf_free(cf);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_ops),    cmocka_unit_test(test_types),
        cmocka_unit_test(test_load_lines), cmocka_unit_test(test_save_round_trip),
        cmocka_unit_test(test_memcap),     cmocka_unit_test(test_json),
        cmocka_unit_test(test_threads),    cmocka_unit_test(test_iprep),
        cmocka_unit_test(test_parse),      cmocka_unit_test(test_match),
        cmocka_unit_test(test_reload),     cmocka_unit_test(test_state),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
