/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for DNS per flow: detection, transactions, pairing, events, TCP framing, caps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/conf.h"
#include "core/err.h"
#include "decode/packet.h"
#include "dns.h"
#include "flow/flow.h"
#include "test_msg.h"

#define MAX_SEEN 64

/* What the hooks saw. */
struct seen {
    unsigned ntx, nev;
    struct {
        uint64_t tx_id;
        bool to_server, paired;
        uint64_t request_tx_id;
        uint16_t id;
        uint32_t events;
    } tx[MAX_SEEN];
    struct {
        uint64_t tx_id;
        enum dns_event ev;
    } ev[MAX_SEEN];
};

static void on_tx(void *arg, const struct packet *p, const struct flow *f, const struct dns_tx *tx)
{
    struct seen *s = arg;
    (void)p;
    (void)f;
    assert_true(s->ntx < MAX_SEEN);
    s->tx[s->ntx].tx_id = tx->tx_id;
    s->tx[s->ntx].to_server = tx->to_server;
    s->tx[s->ntx].paired = tx->paired;
    s->tx[s->ntx].request_tx_id = tx->request_tx_id;
    s->tx[s->ntx].id = tx->msg->id;
    s->tx[s->ntx].events = tx->events;
    s->ntx++;
}

static void on_event(void *arg, const struct packet *p, const struct flow *f, uint64_t tx_id,
                     enum dns_event ev)
{
    struct seen *s = arg;
    (void)p;
    (void)f;
    assert_true(s->nev < MAX_SEEN);
    s->ev[s->nev].tx_id = tx_id;
    s->ev[s->nev].ev = ev;
    s->nev++;
}

static struct seen seen;
static struct dns_ctx *ctx;
static struct flow flow;

static struct dns_ctx *make_ctx(const struct dns_config *cfg)
{
    struct dns_hooks h = {.on_tx = on_tx, .on_event = on_event, .arg = &seen};
    memset(&seen, 0, sizeof(seen));
    memset(&flow, 0, sizeof(flow));
    struct dns_ctx *c = dns_ctx_new(cfg, &h);
    assert_non_null(c);
    return c;
}

static int setup(void **state)
{
    (void)state;
    struct dns_config cfg;
    dns_config_defaults(&cfg);
    ctx = make_ctx(&cfg);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    dns_ctx_free(ctx);
    return 0;
}

/* A UDP packet of the flow: direction 0 is client 10.0.0.1:40000 -> server :53. */
static struct packet pkt(const struct tmsg *m, int dir, uint16_t server_port)
{
    struct packet p;
    memset(&p, 0, sizeof(p));
    p.flow_dir = (uint8_t)dir;
    p.sp = dir == 0 ? 40000 : server_port;
    p.dp = dir == 0 ? server_port : 40000;
    p.proto = 17;
    p.payload.p = m->b;
    p.payload.len = m->n;
    p.flags = PKT_HAS_L4;
    return p;
}

static void query(struct tmsg *t, unsigned id, unsigned flags)
{
    t_header(t, id, flags, 1, 0, 0, 0);
    t_question(t, "example.org", DNS_TYPE_A);
}

static void answer(struct tmsg *t, unsigned id, unsigned flags)
{
    t_header(t, id, flags, 1, 1, 0, 0);
    t_question(t, "example.org", DNS_TYPE_A);
    size_t at = t_rr_start(t, 12, NULL, DNS_TYPE_A, 60);
    t_u32(t, 0xc0000201);
    t_rr_end(t, at);
}

static void test_request_response(void **state)
{
    (void)state;
    struct dns_state *st = NULL;
    struct tmsg q, a;
    query(&q, 0x99ab, 0x0100);
    answer(&a, 0x99ab, 0x8180);
    struct packet p = pkt(&q, 0, 53);
    assert_int_equal(dns_udp(ctx, &st, &flow, &p), APP_PROTO_DNS);
    assert_non_null(st);
    assert_int_equal(dns_state_pending(st), 1);
    p = pkt(&a, 1, 53);
    assert_int_equal(dns_udp(ctx, &st, &flow, &p), APP_PROTO_DNS);
    assert_int_equal(seen.ntx, 2);
    assert_true(seen.tx[0].to_server);
    assert_int_equal(seen.tx[0].tx_id, 0);
    assert_false(seen.tx[1].to_server);
    assert_int_equal(seen.tx[1].tx_id, 1);
    assert_true(seen.tx[1].paired);
    assert_int_equal(seen.tx[1].request_tx_id, 0);
    assert_int_equal(dns_state_pending(st), 0);
    assert_int_equal(seen.nev, 0);
    assert_int_equal(dns_ctx_stats(ctx)->states, 1);
    dns_state_free(ctx, st);
    assert_int_equal(dns_ctx_stats(ctx)->states, 0);
}

/* Unsolicited response (Suricata's dns-udp-unsolicited-response): logged, not paired. */
static void test_unsolicited(void **state)
{
    (void)state;
    struct dns_state *st = NULL;
    struct tmsg q, a1, a2;
    query(&q, 0x99ab, 0x0100);
    answer(&a1, 0x9941, 0x8180);
    answer(&a2, 0x99ab, 0x8180);
    struct packet p = pkt(&q, 0, 53);
    dns_udp(ctx, &st, &flow, &p);
    p = pkt(&a1, 1, 53);
    dns_udp(ctx, &st, &flow, &p);
    p = pkt(&a2, 1, 53);
    dns_udp(ctx, &st, &flow, &p);
    assert_int_equal(seen.ntx, 3);
    assert_false(seen.tx[1].paired);
    assert_true(seen.tx[2].paired);
    dns_state_free(ctx, st);
}

/* Junk first on port 53 (dns-udp-junkrequest-first): not DNS, then the real query is. */
static void test_junk_first(void **state)
{
    (void)state;
    struct dns_state *st = NULL;
    struct tmsg junk = {.n = 0}, q;
    t_bytes(&junk, "\x30\x26\x02\x01\x01\x04\x06public\xa0\x19", 15);
    struct packet p = pkt(&junk, 0, 53);
    assert_int_equal(dns_udp(ctx, &st, &flow, &p), APP_PROTO_UNKNOWN);
    assert_null(st);
    query(&q, 1, 0x0100);
    p = pkt(&q, 0, 53);
    assert_int_equal(dns_udp(ctx, &st, &flow, &p), APP_PROTO_DNS);
    assert_int_equal(seen.ntx, 1);
    assert_int_equal(seen.tx[0].tx_id, 0);
    dns_state_free(ctx, st);
}

/*
 * Port 5353 is not probed by default (Suricata needs detection-ports): no UDP protocol can
 * be found there, the flow is "failed" (verify test bug-1158); any_port finds DNS.
 */
static void test_other_port(void **state)
{
    (void)state;
    struct dns_state *st = NULL;
    struct tmsg q;
    query(&q, 1, 0x0100);
    struct packet p = pkt(&q, 0, 5353);
    assert_int_equal(dns_udp(ctx, &st, &flow, &p), APP_PROTO_FAILED);
    assert_null(st);
    assert_int_equal(dns_ctx_stats(ctx)->udp_failed, 1);
    assert_int_equal(dns_ctx_stats(ctx)->udp_flows, 0);
    struct dns_config cfg;
    dns_config_defaults(&cfg);
    cfg.any_port = true;
    struct dns_ctx *any = make_ctx(&cfg);
    assert_int_equal(dns_udp(any, &st, &flow, &p), APP_PROTO_DNS);
    assert_int_equal(dns_ctx_stats(any)->udp_flows, 1);
    assert_int_equal(seen.ntx, 1);
    dns_state_free(any, st);
    dns_ctx_free(any);
}

/* A response seen first in direction 0: the roles swap, as Suricata reverses the flow. */
static void test_response_first(void **state)
{
    (void)state;
    struct dns_state *st = NULL;
    struct tmsg q, a;
    answer(&a, 7, 0x8180);
    query(&q, 8, 0x0100);
    struct packet p = pkt(&a, 0, 53);
    assert_int_equal(dns_udp(ctx, &st, &flow, &p), APP_PROTO_DNS);
    p = pkt(&q, 1, 53);
    dns_udp(ctx, &st, &flow, &p);
    assert_int_equal(seen.ntx, 2);
    assert_false(seen.tx[0].to_server);
    assert_true(seen.tx[1].to_server);
    dns_state_free(ctx, st);
}

static void test_events(void **state)
{
    (void)state;
    struct dns_state *st = NULL;
    struct tmsg q, bad;
    /* Z flag and opcode 9 on a request: both raised on its transaction. */
    query(&q, 1, 0x4840);
    struct packet p = pkt(&q, 0, 53);
    dns_udp(ctx, &st, &flow, &p);
    assert_int_equal(seen.nev, 2);
    assert_int_equal(seen.ev[0].ev, DNS_EV_Z_FLAG_SET);
    assert_int_equal(seen.ev[1].ev, DNS_EV_INVALID_OPCODE);
    assert_int_equal(seen.ev[1].tx_id, 0);
    /* A response-flagged message to the server: not_a_request on the last transaction. */
    query(&q, 2, 0x8100);
    p = pkt(&q, 0, 53);
    dns_udp(ctx, &st, &flow, &p);
    assert_int_equal(seen.ntx, 1);
    assert_int_equal(seen.ev[2].ev, DNS_EV_NOT_A_REQUEST);
    assert_int_equal(seen.ev[2].tx_id, 0);
    /* A query-flagged message to the client: a transaction with not_a_response. */
    query(&q, 3, 0x0100);
    p = pkt(&q, 1, 53);
    dns_udp(ctx, &st, &flow, &p);
    assert_int_equal(seen.ntx, 2);
    assert_int_equal(seen.ev[3].ev, DNS_EV_NOT_A_RESPONSE);
    assert_int_equal(seen.ev[3].tx_id, 1);
    /* A response whose answer runs past the end: malformed_data on the last transaction. */
    answer(&bad, 4, 0x8180);
    bad.n -= 2;
    p = pkt(&bad, 1, 53);
    dns_udp(ctx, &st, &flow, &p);
    assert_int_equal(seen.ntx, 2);
    assert_int_equal(seen.ev[4].ev, DNS_EV_MALFORMED_DATA);
    assert_int_equal(seen.ev[4].tx_id, 1);
    assert_int_equal(dns_ctx_stats(ctx)->malformed, 2);
    assert_int_equal(dns_ctx_stats(ctx)->udp_malformed, 2); /* app_layer.error.dns_udp.parser */
    dns_state_free(ctx, st);
}

static void test_pool_cap(void **state)
{
    (void)state;
    struct dns_config cfg;
    dns_config_defaults(&cfg);
    cfg.max_states = 1;
    struct dns_ctx *small = make_ctx(&cfg);
    struct dns_state *a = NULL, *b = NULL;
    struct tmsg q;
    query(&q, 1, 0x0100);
    struct packet p = pkt(&q, 0, 53);
    assert_int_equal(dns_udp(small, &a, &flow, &p), APP_PROTO_DNS);
    assert_int_equal(dns_udp(small, &b, &flow, &p), APP_PROTO_UNKNOWN);
    assert_null(b);
    assert_int_equal(dns_ctx_stats(small)->state_memcap, 1);
    /* Given back, it is reused (no new allocation). */
    dns_state_free(small, a);
    assert_int_equal(dns_udp(small, &b, &flow, &p), APP_PROTO_DNS);
    assert_ptr_equal(a, b);
    dns_ctx_free(small); /* frees states still held, too */
}

static void test_pending_cap(void **state)
{
    (void)state;
    struct dns_state *st = NULL;
    struct tmsg q;
    for (unsigned i = 0; i < 20; i++) {
        query(&q, 100 + i, 0x0100);
        struct packet p = pkt(&q, 0, 53);
        dns_udp(ctx, &st, &flow, &p);
    }
    assert_int_equal(dns_state_pending(st), 16);
    assert_int_equal(dns_ctx_stats(ctx)->pending_evict, 4);
    dns_state_free(ctx, st);
}

/* TCP: two length-prefixed queries, fed in pieces the way the stream layer would buffer. */
static void test_tcp_framing(void **state)
{
    (void)state;
    struct dns_state *st = NULL;
    struct tmsg q1, q2;
    static uint8_t stream[512];
    size_t n = 0;
    query(&q1, 1, 0x0100);
    query(&q2, 2, 0x0100);
    const struct tmsg *msgs[2] = {&q1, &q2};
    for (int i = 0; i < 2; i++) {
        stream[n++] = (uint8_t)(msgs[i]->n >> 8);
        stream[n++] = (uint8_t)msgs[i]->n;
        memcpy(stream + n, msgs[i]->b, msgs[i]->n);
        n += msgs[i]->n;
    }
    stream[n++] = 0; /* an empty frame, skipped */
    stream[n++] = 0;
    struct packet p;
    memset(&p, 0, sizeof(p));
    /* Feed growing windows from the last unconsumed byte, as a stream layer does. */
    size_t start = 0, end = 1;
    unsigned calls = 0;
    while (start < n) {
        struct span data = {.p = stream + start, .len = end - start};
        struct app_result r = dns_tcp(ctx, &st, &flow, &p, true, data);
        assert_int_not_equal(r.status, APP_STATUS_ERROR);
        start += r.consumed;
        if (r.status == APP_STATUS_INCOMPLETE) {
            assert_true(r.needed > end - start);
            end = start + r.needed <= n ? start + r.needed : n;
        } else {
            end = end + 1 <= n ? end + 1 : n;
        }
        assert_true(++calls < 64);
    }
    assert_int_equal(seen.ntx, 2);
    assert_int_equal(seen.tx[1].id, 2);
    assert_int_equal(seen.tx[1].tx_id, 1);

    /* One byte: needs 2. A bad header in a frame: an error. */
    struct span one = {.p = stream, .len = 1};
    struct app_result r = dns_tcp(ctx, &st, &flow, &p, true, one);
    assert_int_equal(r.status, APP_STATUS_INCOMPLETE);
    assert_int_equal(r.consumed, 0);
    assert_int_equal(r.needed, 2);
    static const uint8_t bad[] = {0x00, 0x0c, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    r = dns_tcp(ctx, &st, &flow, &p, true, (struct span){.p = bad, .len = sizeof(bad)});
    assert_int_equal(r.status, APP_STATUS_ERROR);

    /* After a gap, data that does not probe as DNS is skipped until a frame does. */
    dns_tcp_gap(st);
    static const uint8_t junk[] = {0x41, 0x41, 0x41, 0x41, 0x41, 0x41};
    r = dns_tcp(ctx, &st, &flow, &p, true, (struct span){.p = junk, .len = sizeof(junk)});
    assert_int_equal(r.status, APP_STATUS_OK);
    assert_int_equal(r.consumed, sizeof(junk));
    r = dns_tcp(ctx, &st, &flow, &p, true, (struct span){.p = stream, .len = n});
    assert_int_equal(r.status, APP_STATUS_OK);
    assert_int_equal(seen.ntx, 4);
    dns_state_free(ctx, st);
}

/* app-layer.protocols.dns: the ports and switches Suricata reads. */
static void test_config(void **state)
{
    (void)state;
    struct dns_config cfg;
    char err[256];
    struct conf *conf = conf_new();
    assert_non_null(conf);
    dns_config_defaults(&cfg);
    assert_int_equal(dns_config_load(&cfg, conf, err, sizeof(err)), KH_OK);
    assert_int_equal(cfg.nports, 1);
    assert_int_equal(cfg.ports[0], 53);
    assert_int_equal(
        conf_set(conf, "app-layer.protocols.dns.detection-ports.dp=[53, 5353]", err, sizeof(err)),
        KH_OK);
    assert_int_equal(dns_config_load(&cfg, conf, err, sizeof(err)), KH_OK);
    assert_int_equal(cfg.nports, 2);
    assert_int_equal(cfg.ports[1], 5353);
    /* detection-ports holds for TCP too, and wins over tcp./udp.detection-ports (Suricata) */
    assert_int_equal(cfg.tcp_nports, 2);
    assert_int_equal(cfg.tcp_ports[1], 5353);
    assert_int_equal(
        conf_set(conf, "app-layer.protocols.dns.udp.detection-ports.dp=any", err, sizeof(err)),
        KH_OK);
    assert_int_equal(dns_config_load(&cfg, conf, err, sizeof(err)), KH_OK);
    assert_false(cfg.any_port);
    assert_int_equal(cfg.ports[1], 5353);
    struct conf *conf2 = conf_new();
    assert_non_null(conf2);
    assert_int_equal(
        conf_set(conf2, "app-layer.protocols.dns.udp.detection-ports.dp=any", err, sizeof(err)),
        KH_OK);
    assert_int_equal(
        conf_set(conf2, "app-layer.protocols.dns.tcp.detection-ports.dp=5300", err, sizeof(err)),
        KH_OK);
    dns_config_defaults(&cfg);
    assert_int_equal(dns_config_load(&cfg, conf2, err, sizeof(err)), KH_OK);
    assert_true(cfg.any_port);
    assert_int_equal(cfg.tcp_nports, 1);
    assert_int_equal(cfg.tcp_ports[0], 5300);
    conf_free(conf2);
    assert_int_equal(conf_set(conf, "app-layer.protocols.dns.udp.enabled=no", err, sizeof(err)),
                     KH_OK);
    assert_int_equal(dns_config_load(&cfg, conf, err, sizeof(err)), KH_OK);
    assert_false(cfg.enabled);
    assert_int_equal(
        conf_set(conf, "app-layer.protocols.dns.detection-ports.dp=fifty", err, sizeof(err)),
        KH_OK);
    assert_int_equal(dns_config_load(&cfg, conf, err, sizeof(err)), KH_EINVAL);
    assert_non_null(strstr(err, "detection-ports"));
    conf_free(conf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_request_response, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unsolicited, setup, teardown),
        cmocka_unit_test_setup_teardown(test_junk_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_port, setup, teardown),
        cmocka_unit_test_setup_teardown(test_response_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_events, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pool_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pending_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tcp_framing, setup, teardown),
        cmocka_unit_test(test_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
