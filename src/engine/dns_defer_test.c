/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for DNS-over-TCP transactions held for the next packet of their direction. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/alloc.h"
#include "decode/packet.h"
#include "engine/dns_defer.h"
#include "flow/flow.h"

static struct dns_msg *msg_with(const char *text)
{
    struct dns_msg *m = kh_calloc(1, sizeof(*m));
    assert_non_null(m);
    m->id = 7;
    m->text_len = (uint32_t)strlen(text);
    memcpy(m->text, text, m->text_len);
    return m;
}

/* A request handed over on the server's ACK is held for the client's next packet; one
 * handed over on a packet of its own direction, or over UDP, is not. */
static void test_hold_direction(void **state)
{
    (void)state;
    struct dns_defer *q = dns_defer_new();
    struct flow f = {.proto = 6}, u = {.proto = 17};
    struct packet to_client = {.flow = &f, .flow_dir = 1}, to_server = {.flow = &f, .flow_dir = 0};
    struct dns_msg *m = msg_with("example.org");
    struct dns_tx req = {.msg = m, .tx_id = 3, .to_server = true};
    assert_false(dns_defer_hold(q, &to_server, &f, &req)); /* inline: already its direction */
    assert_false(dns_defer_hold(q, NULL, &f, &req));       /* no packet being processed */
    assert_false(dns_defer_hold(q, &to_client, &u, &req)); /* UDP: the packet is the message */
    assert_false(dns_defer_any(q));
    assert_true(dns_defer_hold(q, &to_client, &f, &req));
    assert_true(dns_defer_any(q));
    m->text[0] = 'X'; /* the parser's scratch is reused: the held copy keeps its own */
    assert_null(dns_defer_take(q, &f, 1)); /* not for the other direction */
    assert_null(dns_defer_take(q, &u, 0)); /* nor another flow */
    const struct dns_tx *t = dns_defer_take(q, &f, 0);
    assert_non_null(t);
    assert_int_equal(t->tx_id, 3);
    assert_int_equal(t->msg->id, 7);
    assert_memory_equal(t->msg->text, "example.org", 11);
    assert_false(dns_defer_any(q));
    assert_int_equal(dns_defer_stats(q)->held, 1);
    kh_free(m);
    dns_defer_free(q);
}

/* Taken oldest first; past DNS_DEFER_MAX a transaction is inspected at once (counted). */
static void test_order_and_cap(void **state)
{
    (void)state;
    struct dns_defer *q = dns_defer_new();
    struct flow f = {.proto = 6}, g = {.proto = 6};
    struct packet to_client = {.flow = &f, .flow_dir = 1};
    struct dns_msg *m = msg_with("a");
    for (uint64_t i = 0; i < DNS_DEFER_MAX; i++) {
        struct dns_tx tx = {.msg = m, .tx_id = i, .to_server = true};
        assert_true(dns_defer_hold(q, &to_client, i % 2 ? &g : &f, &tx));
    }
    struct dns_tx more = {.msg = m, .tx_id = 99, .to_server = true};
    assert_false(dns_defer_hold(q, &to_client, &f, &more));
    assert_int_equal(dns_defer_stats(q)->full, 1);
    uint64_t want = 0;
    const struct dns_tx *t;
    while ((t = dns_defer_take(q, &f, 0)) != NULL) {
        assert_int_equal(t->tx_id, want);
        want += 2;
    }
    assert_int_equal(want, DNS_DEFER_MAX);
    assert_non_null(dns_defer_take(q, &g, -1)); /* -1: either direction (flow end) */
    kh_free(m);
    dns_defer_free(q); /* frees what is still held */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hold_direction),
        cmocka_unit_test(test_order_and_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
