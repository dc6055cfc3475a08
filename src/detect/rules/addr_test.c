/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for rule header address and port sets: groups, negation, ranges, variables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "detect/rules/addr.h"

/* Variables of a test configuration; anything else falls back to Suricata's defaults. */
static const char *lookup(void *ctx, bool port, const char *name)
{
    (void)ctx;
    if (!port && strcmp(name, "HOME_NET") == 0)
        return "[10.0.0.0/8, 2001:db8::/32]";
    if (!port && strcmp(name, "LOOP") == 0)
        return "$LOOP";
    if (port && strcmp(name, "WEB") == 0)
        return "[80,443,8000:8100]";
    return NULL;
}

static const struct addr_ctx ac = {.lookup = lookup};

static bool in(const struct sig_addr *a, const char *ip)
{
    unsigned char b[16];
    if (inet_pton(AF_INET, ip, b) == 1)
        return sig_addr_contains(a, b, 4);
    assert_int_equal(inet_pton(AF_INET6, ip, b), 1);
    return sig_addr_contains(a, b, 16);
}

static struct sig_addr *addr(const char *text)
{
    const struct sig_addr *a = NULL;
    char err[200];
    if (addr_parse(&ac, text, &a, err, sizeof(err)) != 0)
        fail_msg("'%s': %s", text, err);
    return (struct sig_addr *)a;
}

static void addr_bad(const char *text, const char *why)
{
    const struct sig_addr *a = NULL;
    char err[200];
    assert_int_equal(addr_parse(&ac, text, &a, err, sizeof(err)), KH_EINVAL);
    if (strstr(err, why) == NULL)
        fail_msg("'%s': got '%s', want ...%s...", text, err, why);
}

static void test_addresses(void **state)
{
    (void)state;
    struct sig_addr *a = addr("any");
    assert_true(a->any);
    assert_true(in(a, "1.2.3.4") && in(a, "::1"));
    sig_addr_free(a);

    a = addr("$HOME_NET");
    assert_true(in(a, "10.9.9.9") && in(a, "2001:db8::1"));
    assert_false(in(a, "11.0.0.0") || in(a, "2001:db9::1"));
    sig_addr_free(a);

    /* Suricata's default EXTERNAL_NET is !$HOME_NET; our HOME_NET replaces the default */
    a = addr("$EXTERNAL_NET");
    assert_false(in(a, "10.1.1.1"));
    assert_true(in(a, "8.8.8.8") && in(a, "::1"));
    sig_addr_free(a);

    /* group minus a negated element; the negated nested group is subtracted as a whole */
    a = addr("[10.0.0.0/8,!10.1.0.0/16,![10.2.0.0/16,!10.2.3.4]]");
    assert_true(in(a, "10.0.0.1") && in(a, "10.2.3.4"));
    assert_false(in(a, "10.1.0.1") || in(a, "10.2.3.5") || in(a, "11.0.0.0"));
    sig_addr_free(a);

    /* double negation, masks, ranges, host bits cleared by the prefix */
    a = addr("!!1.2.3.7/30");
    assert_true(in(a, "1.2.3.4") && in(a, "1.2.3.7"));
    assert_false(in(a, "1.2.3.8"));
    sig_addr_free(a);
    a = addr("[192.168.0.0/255.255.0.0, 1.1.1.1-1.1.1.3, fe80::1-fe80::3]");
    assert_true(in(a, "192.168.200.1") && in(a, "1.1.1.2") && in(a, "fe80::2"));
    assert_false(in(a, "1.1.1.4") || in(a, "fe80::4"));
    sig_addr_free(a);
    a = addr("[0.0.0.0/0, ::/0]");
    assert_true(a->any);
    sig_addr_free(a);
}

static void test_address_errors(void **state)
{
    (void)state;
    addr_bad("1.2.3", "invalid address");
    addr_bad("1.2.3.4/24/1", "invalid netmask");
    addr_bad("1.2.3.4/255.0.255.0", "invalid netmask");
    addr_bad("1.2.3.9-1.2.3.4", "ends before");
    addr_bad("1.2.3.4-::1", "invalid address range");
    addr_bad("$LOOP", "nested too deep");
    addr_bad("[1.2.3.4", "unbalanced");
    addr_bad("1.2.3.4]", "unbalanced");
    addr_bad("[]", "empty list");
    addr_bad("[1.1.1.1,,2.2.2.2]", "empty element");
    addr_bad("[1.2.3.4,!1.2.3.4]", "matches nothing");
    addr_bad("!any", "matches nothing");
    addr_bad("$", "invalid variable");
}

static void test_ports(void **state)
{
    (void)state;
    const struct sig_ports *p;
    char err[200];
    assert_int_equal(ports_parse(&ac, "[$WEB,!8050,1:3]", &p, err, sizeof(err)), 0);
    assert_true(sig_ports_contains(p, 80) && sig_ports_contains(p, 8100));
    assert_true(sig_ports_contains(p, 2));
    assert_false(sig_ports_contains(p, 8050) || sig_ports_contains(p, 0));
    assert_false(p->any);
    sig_ports_free((struct sig_ports *)p);
    assert_int_equal(ports_parse(&ac, "!:1023", &p, err, sizeof(err)), 0);
    assert_true(sig_ports_contains(p, 1024) && sig_ports_contains(p, 65535));
    assert_false(sig_ports_contains(p, 0));
    sig_ports_free((struct sig_ports *)p);
    assert_int_equal(ports_parse(&ac, "$SIP_PORTS", &p, err, sizeof(err)), 0); /* default */
    assert_true(sig_ports_contains(p, 5061));
    sig_ports_free((struct sig_ports *)p);
    assert_int_equal(ports_parse(&ac, "0:", &p, err, sizeof(err)), 0);
    assert_true(p->any);
    sig_ports_free((struct sig_ports *)p);
    assert_int_equal(ports_parse(&ac, ":", &p, err, sizeof(err)), KH_EINVAL);
    assert_int_equal(ports_parse(&ac, "80a", &p, err, sizeof(err)), KH_EINVAL);
    assert_int_equal(ports_parse(&ac, "-1", &p, err, sizeof(err)), KH_EINVAL);
    assert_int_equal(ports_parse(&ac, "$HOME", &p, err, sizeof(err)), KH_EINVAL);
    assert_non_null(strstr(err, "unknown port variable"));
}

static void test_intern(void **state)
{
    (void)state;
    struct addr_ctx c = ac;
    const struct sig_addr *a, *b;
    const struct sig_ports *p, *q;
    char err[200];
    c.intern = addr_intern_new();
    assert_non_null(c.intern);
    for (int i = 0; i < 1000; i++) { /* grows the table */
        char text[32];
        snprintf(text, sizeof(text), "10.0.%d.%d", i / 256, i % 256);
        assert_int_equal(addr_parse(&c, text, &a, err, sizeof(err)), 0);
    }
    assert_int_equal(addr_parse(&c, "$HOME_NET", &a, err, sizeof(err)), 0);
    assert_int_equal(addr_parse(&c, "$HOME_NET", &b, err, sizeof(err)), 0);
    assert_ptr_equal(a, b);
    assert_int_equal(ports_parse(&c, "$WEB", &p, err, sizeof(err)), 0);
    assert_int_equal(ports_parse(&c, "$WEB", &q, err, sizeof(err)), 0);
    assert_ptr_equal(p, q);
    addr_intern_free(c.intern);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_addresses),
        cmocka_unit_test(test_address_errors),
        cmocka_unit_test(test_ports),
        cmocka_unit_test(test_intern),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
