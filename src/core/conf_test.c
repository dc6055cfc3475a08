/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the configuration tree: loading, includes, overrides, --set, getters, caps. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "conf.h"
#include "err.h"
#include "log.h"

/* A temporary folder per test, made by setup and removed by teardown. */
struct tmp {
    char dir[64];
};

static int tmp_setup(void **state)
{
    struct tmp *t = calloc(1, sizeof(*t));
    if (t == NULL)
        return -1;
    snprintf(t->dir, sizeof(t->dir), "/tmp/khien-conf-XXXXXX");
    if (mkdtemp(t->dir) == NULL) {
        free(t);
        return -1;
    }
    *state = t;
    kh_log_set_level(KH_LOG_ERROR); /* keep expected warnings out of the test output */
    return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int tmp_teardown(void **state)
{
    struct tmp *t = *state;
    nftw(t->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(t);
    return 0;
}

/* Write name (relative to the temp folder, folders made as needed); returns the full path. */
static const char *put(void **state, const char *name, const char *text)
{
    static char path[PATH_MAX];
    struct tmp *t = *state;
    snprintf(path, sizeof(path), "%s/%s", t->dir, name);
    for (char *s = strchr(path + strlen(t->dir) + 1, '/'); s != NULL; s = strchr(s + 1, '/')) {
        *s = '\0';
        mkdir(path, 0700);
        *s = '/';
    }
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    fclose(f);
    return path;
}

static struct conf *load(const char *yaml)
{
    char err[256] = "";
    struct conf *c = conf_new();
    assert_non_null(c);
    int rc = conf_load_string(c, yaml, "test.yaml", err, sizeof(err));
    if (rc != 0)
        fail_msg("load failed: %s", err);
    return c;
}

static const char *str(const struct conf *c, const char *path)
{
    const char *v = NULL;
    if (conf_get_str(c, path, &v) != 0)
        return NULL;
    return v;
}

static void test_basic_tree(void **state)
{
    (void)state;
    struct conf *c = load("%YAML 1.1\n"
                          "---\n"
                          "default-log-dir: /var/log/khien\n"
                          "rule-files:\n"
                          "  - a.rules\n"
                          "  - b.rules\n"
                          "outputs:\n"
                          "  - fast:\n"
                          "      enabled: yes\n"
                          "  - eve-log:\n"
                          "      enabled: no\n"
                          "      types:\n"
                          "        - alert\n"
                          "        - anomaly:\n"
                          "            enabled: yes\n");
    assert_string_equal(str(c, "default-log-dir"), "/var/log/khien");
    assert_string_equal(str(c, "rule-files.0"), "a.rules");
    assert_string_equal(str(c, "rule-files.1"), "b.rules");
    assert_null(str(c, "rule-files.2"));
    assert_true(conf_node_get(c, NULL, "rule-files")->is_seq);
    assert_string_equal(str(c, "outputs.1.eve-log.enabled"), "no");
    assert_string_equal(str(c, "outputs.1.eve-log.types.0"), "alert");
    assert_string_equal(str(c, "outputs.1.eve-log.types.1.anomaly.enabled"), "yes");

    const struct conf_node *n = conf_node_get(c, NULL, "outputs.1.eve-log.enabled");
    assert_non_null(n);
    assert_string_equal(n->file, "test.yaml");
    assert_int_equal(n->line, 11);
    char buf[128];
    assert_int_equal(conf_node_path(n, buf, sizeof(buf)), strlen("outputs.1.eve-log.enabled"));
    assert_string_equal(buf, "outputs.1.eve-log.enabled");
    assert_string_equal(conf_node_where(n, buf, sizeof(buf)), "test.yaml:11");
    conf_node_path(n, buf, 8);
    assert_string_equal(buf, "outputs");
    assert_int_equal(conf_node_path(conf_root(c), buf, sizeof(buf)), 0);

    const struct conf_node *eve = conf_node_get(c, NULL, "outputs.1");
    assert_non_null(conf_node_child(eve, "eve-log"));
    assert_null(conf_node_child(eve, "fast"));
    assert_ptr_equal(conf_node_get(c, eve, "eve-log.enabled"), n);
    assert_ptr_equal(conf_node_get(c, n, ""), n);
    conf_free(c);
}

static void test_no_header_and_nulls(void **state)
{
    (void)state;
    struct conf *c = load("a:\n"
                          "b: ~\n"
                          "c: null\n"
                          "d: \"null\"\n"
                          "e: ''\n"
                          "f: [x, ~, 'y']\n");
    const struct conf_node *a = conf_node_get(c, NULL, "a");
    assert_non_null(a);
    assert_null(a->value);
    assert_null(a->first_child);
    assert_null(str(c, "b"));
    assert_null(str(c, "c"));
    assert_string_equal(str(c, "d"), "null");
    assert_string_equal(str(c, "e"), "");
    assert_string_equal(str(c, "f.0"), "x");
    assert_non_null(conf_node_get(c, NULL, "f.1"));
    assert_null(str(c, "f.1"));
    assert_string_equal(str(c, "f.2"), "y");
    bool b = true;
    assert_int_equal(conf_get_bool(c, "a", &b, NULL, 0), KH_ENOENT);
    assert_true(b);
    conf_free(c);
}

static void test_redefinition(void **state)
{
    (void)state;
    /* the same cases as Suricata's ConfYamlOverrideTest */
    struct conf *c = load("some-log-dir: /var/log\n"
                          "some-log-dir: /tmp\n"
                          "parent:\n"
                          "  child0:\n"
                          "    key: value\n"
                          "parent:\n"
                          "  child1:\n"
                          "    key: value\n"
                          "vars:\n"
                          "  address-groups:\n"
                          "    HOME_NET: \"[192.168.0.0/16,10.0.0.0/8,172.16.0.0/12]\"\n"
                          "    EXTERNAL_NET: any\n"
                          "vars.address-groups.HOME_NET: \"10.10.10.10/32\"\n");
    assert_string_equal(str(c, "some-log-dir"), "/tmp");
    assert_null(conf_node_get(c, NULL, "parent.child0"));
    assert_string_equal(str(c, "parent.child1.key"), "value");
    assert_string_equal(str(c, "vars.address-groups.HOME_NET"), "10.10.10.10/32");
    assert_string_equal(str(c, "vars.address-groups.EXTERNAL_NET"), "any");
    const struct conf_node *home = conf_node_get(c, NULL, "vars.address-groups.HOME_NET");
    assert_ptr_equal(home->parent, conf_node_get(c, NULL, "vars.address-groups"));
    assert_int_equal(home->line, 13);
    conf_free(c);
}

static void test_later_load_overrides(void **state)
{
    (void)state;
    char err[256];
    struct conf *c = load("flow:\n  memcap: 32mb\n  hash-size: 100\nstats:\n  interval: 8\n");
    assert_int_equal(
        conf_load_string(c, "stats:\n  interval: 30\n", "second.yaml", err, sizeof(err)), 0);
    assert_string_equal(str(c, "stats.interval"), "30");
    assert_string_equal(conf_node_get(c, NULL, "stats.interval")->file, "second.yaml");
    assert_string_equal(str(c, "flow.memcap"), "32mb");
    /* a dotted key in a later load changes one value and keeps its siblings */
    assert_int_equal(conf_load_string(c, "flow.memcap: 64mb\n", "third.yaml", err, sizeof(err)), 0);
    assert_string_equal(str(c, "flow.memcap"), "64mb");
    assert_string_equal(str(c, "flow.hash-size"), "100");
    /* the same file name is interned once */
    assert_int_equal(conf_load_string(c, "other: 1\n", "second.yaml", err, sizeof(err)), 0);
    assert_ptr_equal(conf_node_get(c, NULL, "other")->file, conf_node_get(c, NULL, "stats")->file);
    conf_free(c);
}

static void test_multiple_documents(void **state)
{
    (void)state;
    struct conf *c = load("%YAML 1.1\n---\na: 1\nb: &x 2\n...\n---\na: 3\n");
    assert_string_equal(str(c, "a"), "3");
    assert_string_equal(str(c, "b"), "2");
    conf_free(c);
}

static void test_underscore_keys(void **state)
{
    (void)state;
    struct conf *c = load("default_log_dir: /x\n"
                          "vars:\n"
                          "  address-groups:\n"
                          "    HOME_NET: any\n"
                          "  port-groups:\n"
                          "    HTTP_PORTS: 80\n");
    assert_string_equal(str(c, "default-log-dir"), "/x");
    assert_null(str(c, "default_log_dir"));
    assert_string_equal(str(c, "vars.address-groups.HOME_NET"), "any");
    assert_string_equal(str(c, "vars.port-groups.HTTP_PORTS"), "80");
    conf_free(c);
}

static void test_set(void **state)
{
    (void)state;
    char err[256];
    struct conf *c = load("outputs:\n"
                          "  - fast:\n"
                          "      enabled: yes\n"
                          "  - eve-log:\n"
                          "      enabled: yes\n"
                          "rule-files:\n"
                          "  - a.rules\n");
    assert_int_equal(conf_set(c, "outputs.1.eve-log.enabled=no", err, sizeof(err)), 0);
    assert_string_equal(str(c, "outputs.1.eve-log.enabled"), "no");
    const struct conf_node *n = conf_node_get(c, NULL, "outputs.1.eve-log.enabled");
    assert_true(n->final);
    assert_string_equal(n->file, "--set");
    assert_int_equal(n->line, 0);
    char where[64];
    assert_string_equal(conf_node_where(n, where, sizeof(where)), "--set");

    assert_int_equal(conf_set(c, "  stream.reassembly.depth  =  2mb", err, sizeof(err)), 0);
    assert_string_equal(str(c, "stream.reassembly.depth"), "2mb");
    assert_true(conf_node_get(c, NULL, "stream")->final);
    assert_int_equal(conf_set(c, "rule-files.0=b.rules", err, sizeof(err)), 0);
    assert_string_equal(str(c, "rule-files.0"), "b.rules");
    assert_int_equal(conf_set(c, "rule-files.1=c.rules", err, sizeof(err)), 0);
    assert_string_equal(str(c, "rule-files.1"), "c.rules");
    assert_int_equal(conf_set(c, "x.y=", err, sizeof(err)), 0);
    assert_string_equal(str(c, "x.y"), "");
    assert_int_equal(conf_set(c, "x.y=a=b", err, sizeof(err)), 0);
    assert_string_equal(str(c, "x.y"), "a=b");

    /* a later load does not override what --set made */
    assert_int_equal(conf_load_string(c,
                                      "outputs:\n  - fast: {}\n  - eve-log:\n"
                                      "      enabled: yes\n      filename: e.json\n",
                                      "later.yaml", err, sizeof(err)),
                     0);
    assert_string_equal(str(c, "outputs.1.eve-log.enabled"), "no");
    assert_string_equal(str(c, "outputs.1.eve-log.filename"), "e.json");

    assert_int_equal(conf_set(c, "outputs.eve-log.enabled=no", err, sizeof(err)), KH_EINVAL);
    assert_non_null(strstr(err, "index"));
    assert_int_equal(conf_set(c, "outputs.1=x", err, sizeof(err)), KH_EINVAL);
    assert_int_equal(conf_set(c, "noequals", err, sizeof(err)), KH_EINVAL);
    assert_int_equal(conf_set(c, "=x", err, sizeof(err)), KH_EINVAL);
    assert_int_equal(conf_set(c, "a..b=x", err, sizeof(err)), KH_EINVAL);
    /* as in Suricata, a scalar may get children this way */
    assert_int_equal(conf_set(c, "rule-files.0.x=1", err, sizeof(err)), 0);
    assert_string_equal(str(c, "rule-files.0"), "b.rules");
    assert_string_equal(str(c, "rule-files.0.x"), "1");
    conf_free(c);
}

static void test_set_before_load(void **state)
{
    (void)state;
    char err[256];
    struct conf *c = conf_new();
    assert_non_null(c);
    /* as on Suricata's command line: --set is applied before the file, and wins */
    assert_int_equal(conf_set(c, "outputs.1.eve-log.enabled=no", err, sizeof(err)), 0);
    assert_int_equal(conf_set(c, "flow.memcap=1gb", err, sizeof(err)), 0);
    assert_int_equal(conf_load_string(c,
                                      "flow:\n  memcap: 32mb\n  prealloc: 10\n"
                                      "outputs:\n  - fast:\n      enabled: yes\n"
                                      "  - eve-log:\n      enabled: yes\n      types: [alert]\n",
                                      "f.yaml", err, sizeof(err)),
                     0);
    assert_string_equal(str(c, "flow.memcap"), "1gb");
    assert_string_equal(str(c, "flow.prealloc"), "10");
    assert_string_equal(str(c, "outputs.1.eve-log.enabled"), "no");
    assert_string_equal(str(c, "outputs.1.eve-log.types.0"), "alert");
    assert_string_equal(str(c, "outputs.0.fast.enabled"), "yes");
    /* items keep the file's order */
    const struct conf_node *outputs = conf_node_get(c, NULL, "outputs");
    assert_true(outputs->is_seq);
    assert_string_equal(outputs->first_child->name, "0");
    assert_string_equal(outputs->first_child->next->name, "1");
    conf_free(c);
}

static void test_include(void **state)
{
    char err[512];
    put(state, "groups/address-groups.yaml",
        "%YAML 1.1\n---\nHOME_NET: \"[10.0.0.0/8]\"\ninclude: more.yaml\n");
    put(state, "groups/more.yaml", "EXTERNAL_NET: any\n");
    put(state, "one.yaml", "stats:\n  interval: 5\n");
    put(state, "two.yaml", "flow:\n  memcap: 1mb\n");
    put(state, "rules.yaml", "- a.rules\n- b.rules\n");
    put(state, "top.yaml", "tagged: !include tagged.yaml\n");
    put(state, "tagged.yaml", "hash-size: 7\n");
    const char *main_path = put(state, "main.yaml",
                                "%YAML 1.1\n---\n"
                                "include: one.yaml\n"
                                "vars:\n"
                                "  address-groups:\n"
                                "    include: groups/address-groups.yaml\n"
                                "extra:\n"
                                "  include:\n"
                                "    - two.yaml\n"
                                "    - top.yaml\n"
                                "rule-files: !include rules.yaml\n");
    struct conf *c = conf_new();
    assert_non_null(c);
    if (conf_load_file(c, main_path, err, sizeof(err)) != 0)
        fail_msg("%s", err);
    assert_string_equal(str(c, "stats.interval"), "5");
    assert_string_equal(str(c, "vars.address-groups.HOME_NET"), "[10.0.0.0/8]");
    assert_string_equal(str(c, "vars.address-groups.EXTERNAL_NET"), "any");
    assert_string_equal(str(c, "extra.flow.memcap"), "1mb");
    assert_string_equal(str(c, "extra.tagged.hash-size"), "7");
    assert_string_equal(str(c, "rule-files.1"), "b.rules");
    assert_true(conf_node_get(c, NULL, "rule-files")->is_seq);
    const struct conf_node *n = conf_node_get(c, NULL, "vars.address-groups.EXTERNAL_NET");
    assert_non_null(strstr(n->file, "groups/more.yaml"));
    assert_int_equal(n->line, 1);
    conf_free(c);
}

static void test_include_errors(void **state)
{
    char err[512];
    const char *p = put(state, "missing.yaml", "a: 1\ninclude: nowhere.yaml\n");
    struct conf *c = conf_new();
    assert_int_equal(conf_load_file(c, p, err, sizeof(err)), KH_ENOENT);
    assert_non_null(strstr(err, "missing.yaml:2"));
    assert_non_null(strstr(err, "nowhere.yaml"));
    conf_free(c);

    p = put(state, "loop.yaml", "include: loop.yaml\n");
    c = conf_new();
    assert_int_equal(conf_load_file(c, p, err, sizeof(err)), KH_EFULL);
    assert_non_null(strstr(err, "CONF_MAX_INCLUDE_DEPTH"));
    conf_free(c);

    p = put(state, "bad.yaml", "include:\n  a: b\n");
    c = conf_new();
    assert_int_equal(conf_load_file(c, p, err, sizeof(err)), KH_EFORMAT);
    assert_non_null(strstr(err, "bad.yaml:1"));
    conf_free(c);

    put(state, "scalar.yaml", "just a string\n");
    p = put(state, "inc-scalar.yaml", "include: scalar.yaml\n");
    c = conf_new();
    assert_int_equal(conf_load_file(c, p, err, sizeof(err)), KH_EFORMAT);
    assert_non_null(strstr(err, "mapping"));
    conf_free(c);
}

static void test_file_errors(void **state)
{
    char err[512];
    struct tmp *t = *state;
    struct conf *c = conf_new();
    assert_int_equal(conf_load_file(c, "/nonexistent/khien.yaml", err, sizeof(err)), KH_ENOENT);
    assert_non_null(strstr(err, "/nonexistent/khien.yaml"));
    assert_int_equal(conf_load_file(c, t->dir, err, sizeof(err)), KH_EIO);
    assert_non_null(strstr(err, "directory"));

    /* one byte over the file cap, made sparse */
    const char *p = put(state, "big.yaml", "");
    assert_int_equal(truncate(p, (off_t)CONF_MAX_FILE_SIZE + 1), 0);
    assert_int_equal(conf_load_file(c, p, err, sizeof(err)), KH_EFULL);
    assert_non_null(strstr(err, "CONF_MAX_FILE_SIZE"));
    conf_free(c);
}

static void test_anchors_aliases(void **state)
{
    (void)state;
    char err[256];
    struct conf *c = load("defaults: &d\n"
                          "  enabled: yes\n"
                          "  filename: x.log\n"
                          "port: &p 80\n"
                          "list: &l [a, b]\n"
                          "one: *d\n"
                          "two:\n"
                          "  <<: *d\n"
                          "  filename: y.log\n"
                          "three:\n"
                          "  filename: z.log\n"
                          "  <<: [*d]\n"
                          "http: *p\n"
                          "copy: *l\n");
    assert_string_equal(str(c, "one.enabled"), "yes");
    assert_string_equal(str(c, "one.filename"), "x.log");
    assert_string_equal(str(c, "two.enabled"), "yes");
    assert_string_equal(str(c, "two.filename"), "y.log");
    assert_string_equal(str(c, "three.filename"), "z.log");
    assert_string_equal(str(c, "three.enabled"), "yes");
    assert_string_equal(str(c, "http"), "80");
    assert_string_equal(str(c, "copy.1"), "b");
    assert_true(conf_node_get(c, NULL, "copy")->is_seq);
    conf_free(c);

    c = conf_new();
    assert_int_equal(conf_load_string(c, "a: *nope\n", "t.yaml", err, sizeof(err)), KH_EFORMAT);
    assert_non_null(strstr(err, "t.yaml:1"));
    assert_non_null(strstr(err, "nope"));
    assert_int_equal(conf_load_string(c, "a: &x {b: *x}\n", "t.yaml", err, sizeof(err)),
                     KH_EFORMAT);
    assert_int_equal(conf_load_string(c, "a: 1\nb:\n  <<: 1\n", "t.yaml", err, sizeof(err)),
                     KH_EFORMAT);
    assert_non_null(strstr(err, "t.yaml:3"));
    conf_free(c);
}

static void test_malformed_yaml(void **state)
{
    (void)state;
    char err[256];
    struct conf *c = conf_new();
    int rc = conf_load_string(c, "a: 1\nb: [1, 2\nc: 3\n", "bad.yaml", err, sizeof(err));
    assert_int_equal(rc, KH_EFORMAT);
    assert_non_null(strstr(err, "bad.yaml:"));
    rc = conf_load_string(c, "a:\n  b: 1\n c: 2\n", "bad.yaml", err, sizeof(err));
    assert_int_equal(rc, KH_EFORMAT);
    assert_non_null(strstr(err, "bad.yaml:3:"));
    rc = conf_load_string(c, "a: 1\n\tb: 2\n", "tab.yaml", err, sizeof(err));
    assert_int_equal(rc, KH_EFORMAT);
    assert_non_null(strstr(err, "tab.yaml:2:"));
    rc = conf_load_string(c, "[a, b]\n", "seq.yaml", err, sizeof(err));
    assert_int_equal(rc, KH_EFORMAT);
    assert_non_null(strstr(err, "top level"));
    rc = conf_load_string(c, "? [a]\n: b\n", "key.yaml", err, sizeof(err));
    assert_int_equal(rc, KH_EFORMAT);
    assert_non_null(strstr(err, "key.yaml:1"));
    rc = conf_load_string(c, "a: \"\xff\"\n", "utf.yaml", err, sizeof(err));
    assert_int_equal(rc, KH_EFORMAT);
    assert_non_null(strstr(err, "utf.yaml"));
    conf_free(c);
}

static void test_getters(void **state)
{
    (void)state;
    char err[256];
    struct conf *c = load("b1: yes\nb2: On\nb3: TRUE\nb4: 1\nb5: no\nb6: off\nb7: False\n"
                          "b8: 0\nbad-bool: maybe\n"
                          "i1: 42\ni2: -7\ni3: 0x1F\ni4: 010\ni5: \" 5\"\n"
                          "bad-int1: 12abc\nbad-int2: ''\nbad-int3: 99999999999999999999\n"
                          "bad-int4: '0x'\nbad-int5: 1.5\n"
                          "s1: 100\ns2: 1kb\ns3: 10 MiB\ns4: 1.5gb\ns5: 2KB\ns6: 3 gib \n"
                          "s7: 10.5kb\ns8: 0\n"
                          "bad-size1: 12xb\nbad-size2: kb\nbad-size3: -1\n"
                          "bad-size4: 99999999999gb\nbad-size5: 1tb\nbad-size6: 1 k b\n");
    static const struct {
        const char *key;
        bool want;
    } bools[] = {{"b1", true},  {"b2", true},  {"b3", true},  {"b4", true},
                 {"b5", false}, {"b6", false}, {"b7", false}, {"b8", false}};
    for (size_t i = 0; i < sizeof(bools) / sizeof(bools[0]); i++) {
        bool b = !bools[i].want;
        assert_int_equal(conf_get_bool(c, bools[i].key, &b, err, sizeof(err)), 0);
        assert_int_equal(b, bools[i].want);
    }
    assert_true(conf_node_is_true(conf_node_get(c, NULL, "b2")));
    assert_false(conf_node_is_true(conf_node_get(c, NULL, "b5")));
    assert_false(conf_node_is_true(conf_node_get(c, NULL, "bad-bool")));
    assert_false(conf_node_is_true(NULL));
    bool b = true;
    assert_int_equal(conf_get_bool(c, "bad-bool", &b, err, sizeof(err)), KH_EINVAL);
    assert_true(b);
    assert_non_null(strstr(err, "bad-bool"));
    assert_non_null(strstr(err, "'maybe'"));
    assert_non_null(strstr(err, "test.yaml:9"));
    assert_int_equal(conf_get_bool(c, "absent", &b, err, sizeof(err)), KH_ENOENT);

    int64_t v = 0;
    assert_int_equal(conf_get_int(c, "i1", &v, err, sizeof(err)), 0);
    assert_int_equal(v, 42);
    assert_int_equal(conf_get_int(c, "i2", &v, err, sizeof(err)), 0);
    assert_int_equal(v, -7);
    assert_int_equal(conf_get_int(c, "i3", &v, err, sizeof(err)), 0);
    assert_int_equal(v, 31);
    assert_int_equal(conf_get_int(c, "i4", &v, err, sizeof(err)), 0);
    assert_int_equal(v, 10);
    assert_int_equal(conf_get_int(c, "i5", &v, err, sizeof(err)), 0);
    assert_int_equal(v, 5);
    for (int i = 1; i <= 5; i++) {
        char key[16];
        snprintf(key, sizeof(key), "bad-int%d", i);
        v = 77;
        assert_int_equal(conf_get_int(c, key, &v, err, sizeof(err)), KH_EINVAL);
        assert_int_equal(v, 77);
        assert_non_null(strstr(err, key));
    }
    assert_int_equal(conf_get_int(c, "absent", &v, err, sizeof(err)), KH_ENOENT);

    static const struct {
        const char *key;
        uint64_t want;
    } sizes[] = {{"s1", 100},  {"s2", 1024},          {"s3", 10485760}, {"s4", 1610612736ull},
                 {"s5", 2048}, {"s6", 3221225472ull}, {"s7", 10752},    {"s8", 0}};
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        uint64_t s = 1;
        assert_int_equal(conf_get_size(c, sizes[i].key, &s, err, sizeof(err)), 0);
        assert_int_equal(s, sizes[i].want);
    }
    for (int i = 1; i <= 6; i++) {
        char key[16];
        snprintf(key, sizeof(key), "bad-size%d", i);
        uint64_t s = 9;
        assert_int_equal(conf_get_size(c, key, &s, err, sizeof(err)), KH_EINVAL);
        assert_int_equal(s, 9);
        assert_non_null(strstr(err, key));
        assert_non_null(strstr(err, "test.yaml:"));
    }
    uint64_t s = 0;
    assert_int_equal(conf_get_size(c, "absent", &s, err, sizeof(err)), KH_ENOENT);
    assert_int_equal(conf_node_size(NULL, &s, err, sizeof(err)), KH_ENOENT);
    assert_int_equal(conf_node_int(NULL, &v, err, sizeof(err)), KH_ENOENT);
    assert_int_equal(conf_node_bool(NULL, &b, err, sizeof(err)), KH_ENOENT);
    const char *sv = NULL;
    assert_int_equal(conf_get_str(c, "absent", &sv), KH_ENOENT);
    assert_int_equal(conf_get_str(c, "s3", &sv), 0);
    assert_string_equal(sv, "10 MiB");
    conf_free(c);
}

/* A string of n nested one-key mappings. */
static char *nested(unsigned n)
{
    size_t cap = (size_t)n * (n + 8) + 16;
    char *s = malloc(cap);
    size_t len = 0;
    assert_non_null(s);
    for (unsigned i = 0; i < n; i++)
        len += (size_t)snprintf(s + len, cap - len, "%*sk%u:\n", (int)(2 * i), "", i);
    return s;
}

static void test_caps(void **state)
{
    (void)state;
    char err[256];
    struct conf *c = conf_new();

    char *deep = nested(CONF_MAX_DEPTH);
    assert_int_equal(conf_load_string(c, deep, "deep.yaml", err, sizeof(err)), 0);
    free(deep);
    deep = nested(CONF_MAX_DEPTH + 1);
    assert_int_equal(conf_load_string(c, deep, "deep.yaml", err, sizeof(err)), KH_EFULL);
    assert_non_null(strstr(err, "deep.yaml:65"));
    assert_non_null(strstr(err, "CONF_MAX_DEPTH"));
    free(deep);

    /* an explicit key: libyaml limits implicit ones to 1024 characters itself */
    char *key = malloc(CONF_MAX_KEY_LEN + 16);
    memcpy(key, "? ", 2);
    memset(key + 2, 'k', CONF_MAX_KEY_LEN + 1);
    memcpy(key + CONF_MAX_KEY_LEN + 3, "\n: 1\n", sizeof("\n: 1\n"));
    assert_int_equal(conf_load_string(c, key, "key.yaml", err, sizeof(err)), KH_EFULL);
    assert_non_null(strstr(err, "CONF_MAX_KEY_LEN"));
    assert_non_null(strstr(err, "key.yaml:1"));
    free(key);

    char *value = malloc(CONF_MAX_VALUE_LEN + 16);
    memcpy(value, "v: ", 3);
    memset(value + 3, 'x', CONF_MAX_VALUE_LEN + 1);
    value[CONF_MAX_VALUE_LEN + 4] = '\0';
    assert_int_equal(conf_load_string(c, value, "value.yaml", err, sizeof(err)), KH_EFULL);
    assert_non_null(strstr(err, "CONF_MAX_VALUE_LEN"));
    free(value);

    /* an alias bomb stops at the node cap */
    assert_int_equal(conf_load_string(c,
                                      "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                                      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                                      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                                      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                                      "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                                      "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                                      "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n",
                                      "bomb.yaml", err, sizeof(err)),
                     KH_EFULL);
    assert_non_null(strstr(err, "CONF_MAX_NODES"));
    conf_free(c);

    char *deepset = malloc(4 * CONF_MAX_DEPTH + 16);
    size_t len = 0;
    for (unsigned i = 0; i <= CONF_MAX_DEPTH; i++)
        len += (size_t)snprintf(deepset + len, 4 * CONF_MAX_DEPTH + 16 - len, "%sa", i ? "." : "");
    snprintf(deepset + len, 4 * CONF_MAX_DEPTH + 16 - len, "=1");
    c = conf_new();
    assert_int_equal(conf_set(c, deepset, err, sizeof(err)), KH_EFULL);
    assert_non_null(strstr(err, "--set"));
    free(deepset);
    conf_free(c);
}

static void test_caps_mapping_and_anchors(void **state)
{
    (void)state;
    char err[256];
    size_t cap = (size_t)(CONF_MAX_MAPPING_KEYS + 1) * 24 + 16;
    char *s = malloc(cap);
    size_t len = 0;
    for (unsigned i = 0; i <= CONF_MAX_MAPPING_KEYS; i++)
        len += (size_t)snprintf(s + len, cap - len, "k%u: 1\n", i);
    struct conf *c = conf_new();
    assert_int_equal(conf_load_string(c, s, "keys.yaml", err, sizeof(err)), KH_EFULL);
    assert_non_null(strstr(err, "CONF_MAX_MAPPING_KEYS"));
    conf_free(c);

    len = (size_t)snprintf(s, cap, "a:\n");
    for (unsigned i = 0; i <= CONF_MAX_ANCHORS; i++)
        len += (size_t)snprintf(s + len, cap - len, "  - &a%u 1\n", i);
    c = conf_new();
    assert_int_equal(conf_load_string(c, s, "anchors.yaml", err, sizeof(err)), KH_EFULL);
    assert_non_null(strstr(err, "CONF_MAX_ANCHORS"));
    conf_free(c);
    free(s);
}

/* Every allocation of a load with includes, anchors and --set fails once, cleanly. */
static void test_alloc_failures(void **state)
{
    put(state, "inc/sub.yaml", "EXTERNAL_NET: any\n");
    const char *main_path = put(state, "alloc.yaml",
                                "%YAML 1.1\n---\n"
                                "vars:\n"
                                "  address-groups:\n"
                                "    HOME_NET: \"[10.0.0.0/8]\"\n"
                                "    include: inc/sub.yaml\n"
                                "base: &b {enabled: yes, filename: x}\n"
                                "outputs:\n"
                                "  - eve-log:\n"
                                "      <<: *b\n"
                                "      types: [alert, {anomaly: {enabled: yes}}, flow]\n"
                                "default_log_dir: /tmp\n"
                                "flow.memcap: 1mb\n");
    char err[256];
    unsigned long n;
    for (n = 1; n < 100000; n++) {
        kh_alloc_fail_at(n);
        struct conf *c = conf_new();
        int rc = c == NULL ? KH_ENOMEM : conf_set(c, "outputs.0.eve-log.enabled=no", err, 256);
        if (rc == 0)
            rc = conf_load_file(c, main_path, err, sizeof(err));
        if (rc == 0)
            rc = conf_set(c, "stats.interval=3", err, sizeof(err));
        kh_alloc_fail_at(0);
        if (rc == 0) {
            assert_string_equal(str(c, "vars.address-groups.EXTERNAL_NET"), "any");
            assert_string_equal(str(c, "outputs.0.eve-log.enabled"), "no");
            assert_string_equal(str(c, "outputs.0.eve-log.filename"), "x");
            assert_string_equal(str(c, "stats.interval"), "3");
            conf_free(c);
            break;
        }
        if (rc != KH_ENOMEM)
            fail_msg("allocation %lu: got %d (%s), not KH_ENOMEM", n, rc, err);
        conf_free(c);
    }
    assert_true(n > 20); /* the loop did walk the allocations */
    assert_true(n < 100000);
}

/* The key lists of warnings: comma-separated, "..." once full, nothing after that. */
static void test_name_list(void **state)
{
    (void)state;
    char list[24] = "";
    conf_name_list_add(list, sizeof(list), "flow");
    conf_name_list_add(list, sizeof(list), "stream");
    assert_string_equal(list, "flow, stream");
    conf_name_list_add(list, sizeof(list), "a-long-key-name");
    assert_string_equal(list, "flow, stream, ...");
    conf_name_list_add(list, sizeof(list), "x");
    assert_string_equal(list, "flow, stream, ...");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_basic_tree, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_no_header_and_nulls, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_redefinition, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_later_load_overrides, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_multiple_documents, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_underscore_keys, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_set, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_set_before_load, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_include, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_include_errors, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_file_errors, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_anchors_aliases, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_malformed_yaml, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_getters, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_caps, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_caps_mapping_and_anchors, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_alloc_failures, tmp_setup, tmp_teardown),
        cmocka_unit_test(test_name_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
