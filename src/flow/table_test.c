/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the flow table: direction, counters, timeouts, memcap eviction, shutdown. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "flow.h"
#include "tcp.h"

#define SEC 1000000ull

struct ended {
    uint64_t id[4096];
    enum flow_end_reason reason[4096];
    uint64_t pkts[4096];
    size_t n;
};

static void on_end(void *ctx, struct flow *f, enum flow_end_reason r, uint64_t now)
{
    struct ended *e = ctx;
    (void)now;
    if (e->n < 4096) {
        e->id[e->n] = f->id;
        e->reason[e->n] = r;
        e->pkts[e->n] = f->pkts[0] + f->pkts[1];
        e->n++;
    }
}

static void config(struct flow_config *c, uint64_t memcap)
{
    memset(c, 0, sizeof(*c));
    c->memcap = memcap;
    c->hash_size = 1024;
    c->prealloc = 0;
    c->emergency_recovery = 30;
    for (int i = 0; i < FLOW_PROTO_MAX; i++) {
        c->timeouts[i] = (struct flow_timeouts){.new_ = 30,
                                                .established = 300,
                                                .closed = 0,
                                                .emergency_new = 10,
                                                .emergency_established = 100,
                                                .emergency_closed = 0};
    }
    c->timeouts[FLOW_PROTO_TCP].closed = 10;
}

/* A decoded IPv4 packet from a.b.c.d:sp to w.x.y.z:dp. */
static struct packet pkt4(uint32_t src, uint16_t sp, uint32_t dst, uint16_t dp, uint8_t proto,
                          uint64_t ts)
{
    struct packet p;
    memset(&p, 0, sizeof(p));
    p.ip_ver = 4;
    p.proto = proto;
    memcpy(p.src.b, &src, 4);
    memcpy(p.dst.b, &dst, 4);
    p.sp = sp;
    p.dp = dp;
    p.ts_usec = ts;
    p.caplen = 60;
    p.flags = PKT_WANTS_FLOW;
    return p;
}

static void test_bidirectional(void **state)
{
    (void)state;
    struct flow_config c;
    struct ended e = {0};
    config(&c, 1 << 20);
    struct flow_table *t = flow_table_new(&c, on_end, &e, 1);
    assert_non_null(t);
    struct packet a = pkt4(0x0100000a, 1234, 0x0200000a, 53, 17, 1 * SEC);
    struct packet b = pkt4(0x0200000a, 53, 0x0100000a, 1234, 17, 1 * SEC + 5);
    a.ttl = 64;
    b.ttl = 50;
    struct flow *f1 = flow_table_lookup(t, &a);
    struct flow *f2 = flow_table_lookup(t, &b);
    a.ttl = 61; /* the TTL range per direction, for netflow records */
    flow_table_lookup(t, &a);
    a.ttl = 63;
    flow_table_lookup(t, &a);
    assert_int_equal(f1->ttl_min[0], 61);
    assert_int_equal(f1->ttl_max[0], 64);
    assert_int_equal(f1->ttl_min[1], 50);
    assert_int_equal(f1->ttl_max[1], 50);
    assert_non_null(f1);
    assert_ptr_equal(f1, f2);
    assert_int_equal(a.flow_dir, 0);
    assert_int_equal(b.flow_dir, 1);
    assert_int_equal(f1->pkts[0], 3);
    assert_int_equal(f1->pkts[1], 1);
    assert_int_equal(f1->bytes[0], 180);
    assert_int_equal(f1->state, FLOW_STATE_ESTABLISHED);
    assert_int_equal(flow_table_stats(t)->udp, 1);
    flow_table_shutdown(t, 2 * SEC);
    assert_int_equal(e.n, 1);
    assert_int_equal(e.reason[0], FLOW_END_SHUTDOWN);
    flow_table_free(t);
}

/* flow_swap: the flow's sides change, later packets get the other direction. */
static void test_swap(void **state)
{
    (void)state;
    struct flow_config c;
    struct ended e = {0};
    config(&c, 1 << 20);
    struct flow_table *t = flow_table_new(&c, on_end, &e, 1);
    struct packet srv = pkt4(0x0200000a, 80, 0x0100000a, 40000, 6, 1 * SEC);
    struct flow *f = flow_table_lookup(t, &srv);
    assert_non_null(f);
    assert_int_equal(srv.flow_dir, 0); /* taken for the client */
    flow_table_lookup(t, &srv);
    flow_swap(f);
    assert_int_equal(f->sp, 40000);
    assert_int_equal(f->dp, 80);
    assert_int_equal(f->pkts[0], 0);
    assert_int_equal(f->pkts[1], 2);
    assert_int_equal(f->bytes[1], 120);
    assert_true(f->seen[1] && !f->seen[0]);
    struct packet cli = pkt4(0x0100000a, 40000, 0x0200000a, 80, 6, 1 * SEC + 1);
    assert_ptr_equal(flow_table_lookup(t, &cli), f);
    assert_int_equal(cli.flow_dir, 0);
    assert_int_equal(f->pkts[0], 1);
    flow_table_shutdown(t, 2 * SEC);
    flow_table_free(t);
}

static void test_vlan_separates_flows(void **state)
{
    (void)state;
    struct flow_config c;
    struct ended e = {0};
    config(&c, 1 << 20);
    struct flow_table *t = flow_table_new(&c, on_end, &e, 2);
    struct packet a = pkt4(1, 1, 2, 2, 6, SEC);
    struct packet b = a;
    b.vlan_cnt = 1;
    b.vlan[0] = 100;
    assert_ptr_not_equal(flow_table_lookup(t, &a), flow_table_lookup(t, &b));
    assert_int_equal(flow_table_stats(t)->total, 2);
    flow_table_shutdown(t, SEC);
    flow_table_free(t);
}

static void test_timeout_by_packet_time(void **state)
{
    (void)state;
    struct flow_config c;
    struct ended e = {0};
    config(&c, 1 << 20);
    struct flow_table *t = flow_table_new(&c, on_end, &e, 3);
    struct packet a = pkt4(1, 1000, 2, 80, 17, 100 * SEC);
    struct flow *f = flow_table_lookup(t, &a);
    uint64_t first_id = f->id;
    /* "new" UDP times out after 30 s: still there at 130 s, gone after. */
    assert_int_equal(flow_table_timeout(t, 130 * SEC), 0);
    assert_int_equal(flow_table_timeout(t, 131 * SEC + 1), 1);
    assert_int_equal(e.n, 1);
    assert_int_equal(e.reason[0], FLOW_END_TIMEOUT);
    assert_int_equal(e.id[0], first_id);
    a.ts_usec = 132 * SEC;
    f = flow_table_lookup(t, &a);
    assert_true(f->id != first_id);
    assert_int_equal(flow_table_stats(t)->total, 2);
    flow_table_shutdown(t, 133 * SEC);
    flow_table_free(t);
}

static void test_tcp_handshake_and_close(void **state)
{
    (void)state;
    struct flow_config c;
    struct ended e = {0};
    config(&c, 1 << 20);
    struct flow_table *t = flow_table_new(&c, on_end, &e, 4);
    static const struct {
        int to_client;
        uint8_t flags;
        enum flow_tcp_state after;
    } steps[] = {
        {0, TCP_SYN, FLOW_TCP_SYN_SENT},
        {1, TCP_SYN | TCP_ACK, FLOW_TCP_SYN_RECV},
        {0, TCP_ACK, FLOW_TCP_ESTABLISHED},
        {0, TCP_ACK | TCP_PSH, FLOW_TCP_ESTABLISHED},
        {0, TCP_FIN | TCP_ACK, FLOW_TCP_FIN_WAIT1},
        {1, TCP_FIN | TCP_ACK, FLOW_TCP_TIME_WAIT},
        {0, TCP_ACK, FLOW_TCP_CLOSED},
    };
    struct flow *f = NULL;
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        struct packet p = steps[i].to_client ? pkt4(2, 80, 1, 4000, 6, SEC + i)
                                             : pkt4(1, 4000, 2, 80, 6, SEC + i);
        p.tcp_flags = steps[i].flags;
        f = flow_table_lookup(t, &p);
        assert_int_equal(f->tcp_state, steps[i].after);
    }
    assert_int_equal(f->state, FLOW_STATE_CLOSED);
    assert_int_equal(f->tcp_flags[0], TCP_SYN | TCP_ACK | TCP_PSH | TCP_FIN);
    /* closed TCP flows time out after flow-timeouts.tcp.closed (10 s here) */
    assert_int_equal(flow_table_timeout(t, 12 * SEC), 1);
    flow_table_free(t);
}

static void test_midstream_and_rst(void **state)
{
    (void)state;
    struct flow_config c;
    struct ended e = {0};
    config(&c, 1 << 20);
    struct flow_table *t = flow_table_new(&c, on_end, &e, 5);
    struct packet p = pkt4(1, 5, 2, 6, 6, SEC);
    p.tcp_flags = TCP_ACK;
    struct flow *f = flow_table_lookup(t, &p);
    assert_int_equal(f->tcp_state, FLOW_TCP_NONE);
    assert_int_equal(f->state, FLOW_STATE_NEW);
    struct packet s = pkt4(3, 5, 4, 6, 6, SEC);
    s.tcp_flags = TCP_SYN;
    f = flow_table_lookup(t, &s);
    s.tcp_flags = TCP_RST;
    f = flow_table_lookup(t, &s);
    assert_int_equal(f->tcp_state, FLOW_TCP_CLOSED);
    assert_int_equal(f->state, FLOW_STATE_CLOSED);
    flow_table_shutdown(t, SEC);
    flow_table_free(t);
}

static void test_memcap_evicts_oldest(void **state)
{
    (void)state;
    struct flow_config c;
    static struct ended e;
    memset(&e, 0, sizeof(e));
    /* Room for the buckets and a single slab of flows. */
    config(&c, 0);
    c.memcap = 1024 * sizeof(void *) + 64 * 1024;
    struct flow_table *t = flow_table_new(&c, on_end, &e, 6);
    assert_non_null(t);
    /* Fill the table until the cap is hit once, then make two more flows. */
    const struct flow_stats *st = flow_table_stats(t);
    uint32_t i = 0;
    for (; st->memcap < 3 && i < 100000; i++) {
        struct packet p = pkt4(i + 1, 1, 0xffffffff, 2, 17, SEC + i);
        assert_non_null(flow_table_lookup(t, &p));
    }
    uint64_t cap = i - 3;
    assert_true(cap >= 256);
    assert_int_equal(st->get_used, 3);
    assert_int_equal(st->memcap, 3);
    assert_int_equal(st->emerg_mode_entered, 1);
    assert_int_equal(e.n, 3);
    for (size_t k = 0; k < 3; k++)
        assert_int_equal(e.reason[k], FLOW_END_FORCED);
    assert_true(st->memuse <= c.memcap);
    flow_table_shutdown(t, 2 * SEC);
    assert_int_equal(e.n, cap + 3);
    flow_table_free(t);
}

static void test_memcap_too_small(void **state)
{
    (void)state;
    struct flow_config c;
    config(&c, 100);
    assert_null(flow_table_new(&c, NULL, NULL, 7));
}

static void test_ipv6_flow(void **state)
{
    (void)state;
    struct flow_config c;
    struct ended e = {0};
    config(&c, 1 << 20);
    struct flow_table *t = flow_table_new(&c, on_end, &e, 8);
    struct packet a = pkt4(0, 1, 0, 2, 17, SEC);
    a.ip_ver = 6;
    a.src.b[15] = 1;
    a.dst.b[15] = 2;
    struct packet b = a;
    b.src = a.dst;
    b.dst = a.src;
    b.sp = a.dp;
    b.dp = a.sp;
    struct packet other = a;
    other.dst.b[0] = 0x20; /* differs only in the high half of the address */
    assert_ptr_equal(flow_table_lookup(t, &a), flow_table_lookup(t, &b));
    assert_ptr_not_equal(flow_table_lookup(t, &a), flow_table_lookup(t, &other));
    flow_table_shutdown(t, SEC);
    assert_int_equal(e.n, 2);
    flow_table_free(t);
}

/* A flow first seen at the SYN/ACK starts reversed: the SYN/ACK's sender is the server. */
static void test_synack_first_reverses(void **state)
{
    (void)state;
    struct flow_config c;
    struct ended e = {0};
    config(&c, 1 << 20);
    struct flow_table *t = flow_table_new(&c, on_end, &e, 9);
    struct packet sa = pkt4(2, 80, 1, 4000, 6, SEC);
    sa.tcp_flags = TCP_SYN | TCP_ACK;
    struct flow *f = flow_table_lookup(t, &sa);
    assert_int_equal(sa.flow_dir, 1);
    assert_int_equal(f->sp, 4000);
    assert_int_equal(f->dp, 80);
    assert_int_equal(f->pkts[1], 1);
    struct packet ack = pkt4(1, 4000, 2, 80, 6, SEC + 1);
    ack.tcp_flags = TCP_ACK;
    assert_ptr_equal(flow_table_lookup(t, &ack), f);
    assert_int_equal(ack.flow_dir, 0);
    flow_table_shutdown(t, 2 * SEC);
    flow_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bidirectional),
        cmocka_unit_test(test_swap),
        cmocka_unit_test(test_vlan_separates_flows),
        cmocka_unit_test(test_timeout_by_packet_time),
        cmocka_unit_test(test_tcp_handshake_and_close),
        cmocka_unit_test(test_midstream_and_rst),
        cmocka_unit_test(test_memcap_evicts_oldest),
        cmocka_unit_test(test_memcap_too_small),
        cmocka_unit_test(test_ipv6_flow),
        cmocka_unit_test(test_synack_first_reverses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
