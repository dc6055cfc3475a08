/* SPDX-License-Identifier: GPL-2.0-only */
/* Tests for the event table: names as Suricata spells them, ids, kinds, counter names, lookup. */
#include <ctype.h>

#include "test_util.h"

/* Every ID is its name upper-cased with '.' -> '_', so the two cannot drift apart. */
static void test_ids_match_names(void **state)
{
    (void)state;
    static const struct {
        const char *id, *name;
    } table[] = {
#define DECODE_EVENT(id, name, kind) {#id, name},
#include "events.def"
#undef DECODE_EVENT
    };
    assert_int_equal(KH_ARRAY_LEN(table), (size_t)DECODE_EV_MAX);
    for (size_t i = 0; i < KH_ARRAY_LEN(table); i++) {
        char want[96];
        size_t n = strlen(table[i].name);
        assert_true(n < sizeof(want));
        for (size_t j = 0; j <= n; j++)
            want[j] =
                table[i].name[j] == '.' ? '_' : (char)toupper((unsigned char)table[i].name[j]);
        assert_string_equal(table[i].id, want);
    }
}

static void test_names_unique_and_shaped(void **state)
{
    (void)state;
    for (int i = 0; i < DECODE_EV_MAX; i++) {
        const char *a = decode_event_name((enum decode_event)i);
        /* "layer.event", lower case, except the one generic event. */
        if (i != DECODE_EV_TOO_MANY_LAYERS)
            assert_non_null(strchr(a, '.'));
        for (const char *c = a; *c; c++)
            assert_true(islower((unsigned char)*c) || isdigit((unsigned char)*c) || *c == '.' ||
                        *c == '_');
        for (int j = i + 1; j < DECODE_EV_MAX; j++)
            assert_string_not_equal(a, decode_event_name((enum decode_event)j));
    }
}

static void test_lookup(void **state)
{
    (void)state;
    assert_int_equal(decode_event_lookup("ipv4.trunc_pkt"), DECODE_EV_IPV4_TRUNC_PKT);
    assert_int_equal(decode_event_lookup("tcp.hlen_too_small"), DECODE_EV_TCP_HLEN_TOO_SMALL);
    assert_int_equal(decode_event_lookup("udp.len_invalid"), DECODE_EV_UDP_LEN_INVALID);
    assert_int_equal(decode_event_lookup("too_many_layers"), DECODE_EV_TOO_MANY_LAYERS);
    assert_int_equal(decode_event_lookup("ipv4.no_such_event"), -1);
    assert_int_equal(decode_event_lookup(""), -1);
    for (int i = 0; i < DECODE_EV_MAX; i++)
        assert_int_equal(decode_event_lookup(decode_event_name((enum decode_event)i)), i);
}

static void test_kinds_and_counter_names(void **state)
{
    (void)state;
    assert_int_equal(decode_event_kind(DECODE_EV_IPV4_TRUNC_PKT), DECODE_EV_KIND_DECODE);
    assert_string_equal(decode_event_counter_name(DECODE_EV_IPV4_TRUNC_PKT),
                        "decoder.event.ipv4.trunc_pkt");
    assert_string_equal(decode_event_counter_name(DECODE_EV_SLL2_PKT_TOO_SMALL),
                        "decoder.event.sll2.pkt_too_small");
    /* Suricata counts its last packet event under its own name (DecodeRegisterPerfCounters). */
    assert_string_equal(decode_event_counter_name(DECODE_EV_TOO_MANY_LAYERS),
                        "decoder.too_many_layers");
    for (int i = 0; i < DECODE_EV_MAX; i++) {
        enum decode_event ev = (enum decode_event)i;
        if (decode_event_kind(ev) == DECODE_EV_KIND_STREAM)
            assert_string_equal(decode_event_counter_name(ev), decode_event_name(ev));
    }
}

static void test_out_of_range(void **state)
{
    (void)state;
    assert_string_equal(decode_event_name(DECODE_EV_MAX), "unknown");
    assert_int_equal(decode_event_kind(DECODE_EV_MAX), DECODE_EV_KIND_DECODE);
    assert_string_equal(decode_event_counter_name(DECODE_EV_MAX), "decoder.event.unknown");
}

/* The packet keeps its first PKT_MAX_EVENTS events; the counters see every one. */
static void test_event_cap(void **state)
{
    (void)state;
    struct decode_ctx ctx;
    struct packet p;
    decode_ctx_init(&ctx, true);
    memset(&p, 0, sizeof(p));
    for (int i = 0; i < PKT_MAX_EVENTS + 3; i++)
        decode_event_raise(&ctx, &p, DECODE_EV_IPV6_ZERO_LEN_PADN);
    assert_int_equal(p.ev_cnt, PKT_MAX_EVENTS);
    assert_int_equal(ctx.st.events[DECODE_EV_IPV6_ZERO_LEN_PADN], PKT_MAX_EVENTS + 3);
    assert_int_equal(p.flags & PKT_IS_INVALID, 0);
    decode_event_invalid(&ctx, &p, DECODE_EV_IPV4_TRUNC_PKT);
    assert_true(p.flags & PKT_IS_INVALID);
    assert_false(pkt_event_has(&p, DECODE_EV_IPV4_TRUNC_PKT)); /* past the cap */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ids_match_names), cmocka_unit_test(test_names_unique_and_shaped),
        cmocka_unit_test(test_lookup),          cmocka_unit_test(test_kinds_and_counter_names),
        cmocka_unit_test(test_out_of_range),    cmocka_unit_test(test_event_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
