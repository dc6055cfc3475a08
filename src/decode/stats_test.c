/* SPDX-License-Identifier: GPL-2.0-only */
/* Tests for the decoder counters: Suricata's names, computed values, and the per-worker sum. */
#include "test_util.h"

static const struct stats_value *find(const struct stats_value *v, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].name, name) == 0)
            return &v[i];
    return NULL;
}

static uint64_t value_of(const struct stats_value *v, size_t n, const char *name)
{
    const struct stats_value *s = find(v, n, name);
    if (s == NULL)
        print_error("no counter %s\n", name);
    assert_non_null(s);
    return s->value;
}

static void test_names_and_values(void **state)
{
    (void)state;
    struct decode_stats st;
    memset(&st, 0, sizeof(st));
    st.pkts = 4;
    st.bytes = 1002;
    st.max_pkt_size = 600;
    st.ipv4 = 3;
    st.vlan_qinq = 2;
    st.tcp_synack = 5;
    st.csum_tcp_bad = 6;
    st.csum_udp_bad = 9;
    st.events[DECODE_EV_IPV4_TRUNC_PKT] = 7;
    st.events[DECODE_EV_TOO_MANY_LAYERS] = 8;
    size_t max = decode_stats_count();
    struct stats_value *v = calloc(max, sizeof(*v));
    assert_non_null(v);
    size_t n = decode_stats_collect(&st, v, max);
    assert_int_equal(n, max);
    assert_int_equal(value_of(v, n, "decoder.pkts"), 4);
    assert_int_equal(value_of(v, n, "decoder.bytes"), 1002);
    assert_int_equal(value_of(v, n, "decoder.avg_pkt_size"), 250);
    assert_int_equal(value_of(v, n, "decoder.max_pkt_size"), 600);
    assert_int_equal(value_of(v, n, "decoder.ipv4"), 3);
    assert_int_equal(value_of(v, n, "decoder.vlan_qinq"), 2);
    assert_int_equal(value_of(v, n, "tcp.synack"), 5);
    assert_int_equal(value_of(v, n, "tcp.invalid_checksum"), 6);
    assert_int_equal(value_of(v, n, "decoder.event.ipv4.trunc_pkt"), 7);
    assert_int_equal(value_of(v, n, "decoder.too_many_layers"), 8);
    assert_int_equal(value_of(v, n, "decoder.event.udp.hlen_invalid"), 0);
    /* Counters without a Suricata name stay out of EVE (its schema has no place for them). */
    for (size_t i = 0; i < n; i++)
        assert_int_not_equal(v[i].value, 9);
    free(v);
}

/* A counter's name must not also be the prefix of another (stats_write_nested's rule). */
static void test_names_nest(void **state)
{
    (void)state;
    struct decode_stats st;
    memset(&st, 0, sizeof(st));
    size_t max = decode_stats_count();
    struct stats_value *v = calloc(max, sizeof(*v));
    assert_non_null(v);
    size_t n = decode_stats_collect(&st, v, max);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(v[i].name);
        for (size_t j = 0; j < n; j++) {
            if (i == j)
                continue;
            assert_string_not_equal(v[i].name, v[j].name);
            bool prefix = strncmp(v[j].name, v[i].name, len) == 0 && v[j].name[len] == '.';
            assert_false(prefix);
        }
    }
    free(v);
}

/* A short output array gets the first values, never more than asked. */
static void test_short_output(void **state)
{
    (void)state;
    struct decode_stats st;
    memset(&st, 0, sizeof(st));
    struct stats_value v[3];
    assert_int_equal(decode_stats_collect(&st, v, 3), 3);
    assert_string_equal(v[0].name, "decoder.pkts");
    assert_int_equal(decode_stats_collect(&st, v, 0), 0);
}

/* Worker sums add every counter and keep the largest packet size. */
static void test_add(void **state)
{
    (void)state;
    struct decode_stats a, b;
    memset(&a, 0, sizeof(a));
    memset(&b, 0, sizeof(b));
    a.pkts = 1;
    a.max_pkt_size = 1500;
    a.events[DECODE_EV_MAX - 1] = 2;
    b.pkts = 10;
    b.max_pkt_size = 60;
    b.csum_icmpv6_bad = 3;
    b.events[DECODE_EV_MAX - 1] = 5;
    b.events[0] = 1;
    decode_stats_add(&a, &b);
    assert_int_equal(a.pkts, 11);
    assert_int_equal(a.max_pkt_size, 1500);
    assert_int_equal(a.csum_icmpv6_bad, 3);
    assert_int_equal(a.events[DECODE_EV_MAX - 1], 7);
    assert_int_equal(a.events[0], 1);
    b.max_pkt_size = 9000;
    decode_stats_add(&a, &b);
    assert_int_equal(a.max_pkt_size, 9000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_and_values),
        cmocka_unit_test(test_names_nest),
        cmocka_unit_test(test_short_output),
        cmocka_unit_test(test_add),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
