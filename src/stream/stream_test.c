/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for stream: handshake and close, sequence wraparound, out-of-order data,
 * overlap policies, retransmissions with other bytes, gaps, midstream, depth, memcaps,
 * window checks and the raw window.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "stream.h"

#define S 0x02
#define A 0x10
#define F 0x01
#define R 0x04
#define P 0x08

/* What the consumer saw, per direction: bytes ('?' for each gap byte), gaps, EOF. */
struct sink {
    char data[2][4096];
    size_t len[2];
    unsigned gaps[2], eof[2], calls[2];
};

static void on_data(void *ctx, struct flow *f, int dir, const uint8_t *data, size_t len,
                    uint32_t flags)
{
    struct sink *k = ctx;
    (void)f;
    k->calls[dir]++;
    if (flags & STREAM_DATA_EOF) {
        k->eof[dir]++;
        return;
    }
    if (flags & STREAM_DATA_GAP)
        k->gaps[dir]++;
    for (size_t i = 0; i < len && k->len[dir] < sizeof(k->data[dir]) - 1; i++)
        k->data[dir][k->len[dir]++] = data ? (char)data[i] : '?';
}

struct st {
    struct stream_config cfg;
    struct stream_ctx *ctx;
    struct decode_ctx dec;
    struct flow flow;
    struct packet p;
    struct sink sink;
    uint32_t cisn, sisn;
    struct tcp_opts opt; /* options the next segments carry (timestamps) */
    uint32_t pflags;     /* extra packet flags they carry (PKT_L4_CSUM_BAD) */
    uint64_t pcap_cnt;   /* capture position of the last segment */
};

static void st_init(struct st *t, bool midstream)
{
    memset(t, 0, sizeof(*t));
    t->cfg.memcap = 1 << 20;
    t->cfg.reassembly_memcap = 1 << 20;
    t->cfg.raw_window = 64;
    t->cfg.midstream = midstream;
    /* These tests check the bytes each receiver reads, as they arrive (stream.inline);
     * the IDS timing (bytes wait for their ACK) has tests of its own (test_ids_*). */
    t->cfg.inline_mode = true;
    decode_ctx_init(&t->dec, false);
    t->ctx = stream_ctx_new(&t->cfg, on_data, &t->sink);
    assert_non_null(t->ctx);
    t->flow.proto = 6;
    t->flow.ip_ver = 4;
    t->cisn = 1000;
    t->sisn = 5000;
}

static void st_reopen(struct st *t)
{
    stream_ctx_free(t->ctx);
    t->ctx = stream_ctx_new(&t->cfg, on_data, &t->sink);
    assert_non_null(t->ctx);
}

static void st_fini(struct st *t)
{
    stream_flow_end(t->ctx, &t->flow);
    stream_ctx_free(t->ctx);
}

/* Send a segment in direction dir; returns the packet for event checks. */
static struct packet *seg(struct st *t, int dir, uint8_t flags, uint32_t seq, uint32_t ack,
                          const char *data)
{
    struct packet *p = &t->p;
    memset(p, 0, sizeof(*p));
    p->flags = PKT_HAS_L4 | PKT_WANTS_FLOW | t->pflags;
    p->tcp_opt = t->opt;
    p->pcap_cnt = ++t->pcap_cnt;
    p->proto = 6;
    p->ip_ver = 4;
    p->flow_dir = (uint8_t)dir;
    p->tcp_flags = flags;
    p->tcp_seq = seq;
    p->tcp_ack = ack;
    p->tcp_win = 65535;
    p->payload.p = (const uint8_t *)data;
    p->payload.len = data ? strlen(data) : 0;
    p->flow = &t->flow;
    stream_packet(t->ctx, &t->dec, &t->flow, p);
    return p;
}

/* Client data is relative to the client's ISN + 1, server data to the server's. */
static struct packet *cdata(struct st *t, uint32_t rel, const char *data)
{
    return seg(t, 0, A | P, t->cisn + 1 + rel, t->sisn + 1, data);
}

static void handshake(struct st *t)
{
    seg(t, 0, S, t->cisn, 0, NULL);
    assert_int_equal(stream_tcp_state(&t->flow), FLOW_TCP_SYN_SENT);
    seg(t, 1, S | A, t->sisn, t->cisn + 1, NULL);
    assert_int_equal(stream_tcp_state(&t->flow), FLOW_TCP_SYN_RECV);
    seg(t, 0, A, t->cisn + 1, t->sisn + 1, NULL);
    assert_int_equal(stream_tcp_state(&t->flow), FLOW_TCP_ESTABLISHED);
}

static void test_session_lifecycle(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    handshake(&t);
    cdata(&t, 0, "GET / HTTP/1.0\r\n\r\n");
    seg(&t, 1, A | P, t.sisn + 1, t.cisn + 1 + 18, "HTTP/1.0 200 OK\r\n\r\n");
    assert_int_equal(t.sink.len[0], 18);
    assert_memory_equal(t.sink.data[1], "HTTP/1.0 200 OK\r\n\r\n", 19);
    /* Client closes: FIN, server ACKs and sends its FIN, client ACKs. Suricata names the
     * states from the server's side: close_wait, then last_ack (bug-2491-02 expects
     * close_wait after a client FIN). */
    seg(&t, 0, F | A, t.cisn + 19, t.sisn + 20, NULL);
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_CLOSE_WAIT);
    assert_int_equal(t.sink.eof[0], 1);
    seg(&t, 1, A, t.sisn + 20, t.cisn + 20, NULL);
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_CLOSE_WAIT);
    seg(&t, 1, F | A, t.sisn + 20, t.cisn + 20, NULL);
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_LAST_ACK);
    assert_int_equal(t.sink.eof[1], 1);
    seg(&t, 0, A, t.cisn + 20, t.sisn + 21, NULL);
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_CLOSED);
    const struct stream_stats *st = stream_ctx_stats(t.ctx);
    assert_int_equal(st->sessions, 1);
    assert_int_equal(st->reassembly_gap, 0);
    assert_int_equal(t.dec.st.events[DECODE_EV_STREAM_PKT_RETRANSMISSION], 0);
    st_fini(&t);
    assert_int_equal(t.sink.eof[0], 1); /* not sent twice */
    assert_int_equal(stream_ctx_stats(t.ctx) == NULL, 0);
}

/* Handshake anomalies raise Suricata's 3whs events and change nothing. */
static void test_handshake_events(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    seg(&t, 0, S, t.cisn, 0, NULL);
    struct packet *p = seg(&t, 1, S | A, t.sisn, t.cisn + 7, NULL);
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_3WHS_SYNACK_WITH_WRONG_ACK));
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_SYN_SENT);
    seg(&t, 1, S | A, t.sisn, t.cisn + 1, NULL);
    p = seg(&t, 1, A, t.sisn + 1, t.cisn + 1, NULL);
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_3WHS_ACK_IN_WRONG_DIR));
    p = seg(&t, 0, A, t.cisn + 1, t.sisn + 99, NULL);
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_3WHS_WRONG_SEQ_WRONG_ACK));
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_SYN_RECV);
    seg(&t, 0, A, t.cisn + 1, t.sisn + 1, NULL);
    p = seg(&t, 0, S, t.cisn, 0, NULL);
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_EST_SYN_RESEND));
    st_fini(&t);
}

/*
 * The split handshake (4WHS): the server answers the SYN with a SYN of its own (after a
 * stray ACK: 5WHS), the client sends the SYN/ACK, the server's ACK establishes the session
 * and the client's data is reassembled. Wrong numbers raise the 4whs events.
 */
static void test_split_handshake(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    seg(&t, 0, S, t.cisn, 0, NULL);
    seg(&t, 1, A, 0, t.cisn + 1, NULL); /* 5WHS: an ACK first, ignored */
    seg(&t, 1, S, t.sisn, 0, NULL);
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_SYN_SENT);
    struct packet *p = seg(&t, 0, S | A, t.cisn, t.sisn + 9, NULL);
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_4WHS_SYNACK_WITH_WRONG_ACK));
    seg(&t, 0, S | A, t.cisn, t.sisn + 1, NULL);
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_SYN_RECV);
    p = seg(&t, 1, A, t.sisn + 1, t.cisn + 5, NULL);
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_4WHS_INVALID_ACK));
    seg(&t, 1, A, t.sisn + 1, t.cisn + 1, NULL);
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_ESTABLISHED);
    cdata(&t, 0, "EVIL");
    seg(&t, 1, A, t.sisn + 1, t.cisn + 5, NULL);
    assert_int_equal(t.sink.len[0], 4);
    assert_memory_equal(t.sink.data[0], "EVIL", 4);
    st_fini(&t);
}

/*
 * stream.async-oneside: only the client's packets are seen. Its ACK after the SYN
 * establishes the session (and the flow, for later packets); its data is reassembled.
 * Without the option the session stays in syn_sent.
 */
static void test_async_oneside(void **state)
{
    (void)state;
    struct st t;
    for (int on = 0; on < 2; on++) {
        st_init(&t, false);
        t.cfg.async_oneside = on;
        st_reopen(&t);
        seg(&t, 0, S, t.cisn, 0, NULL);
        seg(&t, 0, A, t.cisn + 1, t.sisn + 1, NULL);
        assert_int_equal(stream_tcp_state(&t.flow), on ? FLOW_TCP_ESTABLISHED : FLOW_TCP_SYN_SENT);
        assert_int_equal(t.flow.state == FLOW_STATE_ESTABLISHED, on);
        cdata(&t, 0, "GET /");
        cdata(&t, 5, " HTTP/1.0\r\n");
        assert_int_equal(t.sink.len[0], on ? 16 : 0);
        st_fini(&t);
    }
}

/* A segment with the given timestamp option (TSval, TSecr). */
static struct packet *seg_ts(struct st *t, int dir, uint8_t flags, uint32_t seq, uint32_t ack,
                             uint32_t tsval, uint32_t tsecr)
{
    struct packet *p = &t->p;
    memset(p, 0, sizeof(*p));
    p->flags = PKT_HAS_L4 | PKT_WANTS_FLOW;
    p->proto = 6;
    p->ip_ver = 4;
    p->flow_dir = (uint8_t)dir;
    p->tcp_flags = flags;
    p->tcp_seq = seq;
    p->tcp_ack = ack;
    p->tcp_win = 64240;
    p->tcp_opt.has_ts = true;
    p->tcp_opt.ts_val = tsval;
    p->tcp_opt.ts_ecr = tsecr;
    p->flow = &t->flow;
    stream_packet(t->ctx, &t->dec, &t->flow, p);
    return p;
}

/*
 * bug-3286: in syn_sent, an RST or FIN from the server whose TSecr is not the SYN's TSval
 * (or that has a timestamp the SYN did not offer) is pkt_invalid_timestamp and ignored; a
 * client RST that is not the abort of its SYN is ignored; the real SYN/ACK then works.
 */
static void test_syn_sent_evasion(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    seg_ts(&t, 0, S, t.cisn, 0, 777, 0);
    struct packet *p = seg_ts(&t, 1, R | A, 0, t.cisn + 1, 100, 100);
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_PKT_INVALID_TIMESTAMP));
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_SYN_SENT);
    seg(&t, 0, R, t.cisn + 1, 0, NULL); /* not the abort of the SYN: ignored */
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_SYN_SENT);
    p = seg_ts(&t, 1, S | A, t.sisn, t.cisn + 1, 5, 777);
    assert_false(pkt_event_has(p, DECODE_EV_STREAM_PKT_INVALID_TIMESTAMP));
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_SYN_RECV);
    st_fini(&t);

    st_init(&t, false); /* no timestamps offered: a FIN with one is refused */
    seg(&t, 0, S, t.cisn, 0, NULL);
    p = seg_ts(&t, 1, F | A, 0, t.cisn + 1, 100, 100);
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_PKT_INVALID_TIMESTAMP));
    p = seg(&t, 1, R | A, 0, t.cisn + 1, NULL); /* a genuine RST (acks the SYN) closes */
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_CLOSED);
    st_fini(&t);
}

/*
 * security-4710: an RST, then more data from the side that sent it: the RST was likely
 * injected (stream.suspected_rst_inject); the session goes on and the data is delivered.
 * An RST followed by silence ends the streams at the flow's end.
 */
static void test_rst_inject(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    handshake(&t);
    seg(&t, 0, R | A, t.cisn + 1, t.sisn + 1, NULL);
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_CLOSED);
    struct packet *p = cdata(&t, 0, "GET / HTTP/1.0\r\n\r\n");
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_SUSPECTED_RST_INJECT));
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_ESTABLISHED);
    assert_int_equal(t.sink.len[0], 18);
    p = seg(&t, 1, A, t.sisn + 1, t.cisn + 19, NULL);
    assert_false(pkt_event_has(p, DECODE_EV_STREAM_SUSPECTED_RST_INJECT));
    st_fini(&t);
    assert_int_equal(t.sink.eof[0], 1);

    st_init(&t, false); /* the side that got the RST talking does not revive the session */
    handshake(&t);
    seg(&t, 0, R | A, t.cisn + 1, t.sisn + 1, NULL);
    seg(&t, 1, A | P, t.sisn + 1, t.cisn + 1, "late");
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_CLOSED);
    assert_int_equal(t.sink.len[1], 0);
    st_fini(&t);
}

/*
 * SYNs with other ISNs in syn_sent: the first stream.max-syn-queued are taken, each later
 * one raises 3whs_syn_flood; the latest SYN is the one the SYN/ACK must acknowledge.
 */
static void test_syn_flood(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    t.cfg.max_syn_queued = 2;
    st_reopen(&t);
    seg(&t, 0, S, 100, 0, NULL);
    assert_false(pkt_event_has(seg(&t, 0, S, 200, 0, NULL), DECODE_EV_STREAM_3WHS_SYN_FLOOD));
    assert_false(pkt_event_has(seg(&t, 0, S, 300, 0, NULL), DECODE_EV_STREAM_3WHS_SYN_FLOOD));
    assert_true(pkt_event_has(seg(&t, 0, S, 400, 0, NULL), DECODE_EV_STREAM_3WHS_SYN_FLOOD));
    assert_false(pkt_event_has(seg(&t, 0, S, 400, 0, NULL), DECODE_EV_STREAM_3WHS_SYN_FLOOD));
    seg(&t, 1, S | A, t.sisn, 401, NULL);
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_SYN_RECV);
    st_fini(&t);
}

/* TCP Fast Open: the SYN's data is stream data; the SYN/ACK may acknowledge it. */
static void test_fast_open(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    struct packet *p = seg(&t, 0, S, t.cisn, 0, "GET /");
    assert_true(p->flags & PKT_STREAM_HELD);
    assert_int_equal(t.sink.len[0], 0); /* held until the SYN/ACK shows the server took it */
    seg(&t, 1, S | A, t.sisn, t.cisn + 6, NULL);
    assert_int_equal(t.sink.len[0], 5);
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_SYN_RECV);
    seg(&t, 0, A, t.cisn + 6, t.sisn + 1, NULL);
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_ESTABLISHED);
    cdata(&t, 5, " HTTP/1.0\r\n");
    assert_int_equal(t.sink.len[0], 16);
    assert_memory_equal(t.sink.data[0], "GET / HTTP/1.0\r\n", 16);
    st_fini(&t);
}

/* A server without Fast Open acknowledges the SYN alone: its data never reaches the stream. */
static void test_fast_open_refused(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    seg(&t, 0, S, t.cisn, 0, "GET /syn");
    struct packet *p = seg(&t, 1, S | A, t.sisn, t.cisn + 1, NULL);
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_3WHS_SYNACK_TFO_DATA_IGNORED));
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_SYN_RECV);
    seg(&t, 0, A, t.cisn + 1, t.sisn + 1, NULL);
    cdata(&t, 0, "GET /real");
    assert_int_equal(t.sink.len[0], 9);
    assert_memory_equal(t.sink.data[0], "GET /real", 9);
    st_fini(&t);
}

/* No session without a SYN unless stream.midstream; RST/FIN without one raise events. */
static void test_midstream(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    cdata(&t, 0, "hello");
    assert_int_equal(stream_tcp_state(&t.flow), -1);
    assert_int_equal(t.sink.len[0], 0);
    struct packet *p = seg(&t, 0, R, 1, 0, NULL);
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_RST_BUT_NO_SESSION));
    p = seg(&t, 0, F | A, 1, 0, NULL);
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_FIN_BUT_NO_SESSION));
    st_fini(&t);

    st_init(&t, true);
    cdata(&t, 0, "hello");
    cdata(&t, 5, " world");
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_ESTABLISHED);
    assert_memory_equal(t.sink.data[0], "hello world", 11);
    assert_int_equal(stream_ctx_stats(t.ctx)->midstream_pickups, 1);
    seg(&t, 1, A | P, t.sisn + 1, t.cisn + 12, "ok");
    assert_memory_equal(t.sink.data[1], "ok", 2);
    st_fini(&t);
}

/* Sequence numbers wrap through 2^32 without a hiccup. */
static void test_wraparound(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    t.cisn = 0xfffffff8u;
    handshake(&t);
    cdata(&t, 0, "0123456789"); /* crosses 2^32 */
    cdata(&t, 14, "EFGH");      /* out of order, after the wrap */
    cdata(&t, 10, "ABCD");
    assert_int_equal(t.sink.len[0], 18);
    assert_memory_equal(t.sink.data[0], "0123456789ABCDEFGH", 18);
    st_fini(&t);
}

/* Out-of-order segments are held and delivered in order. */
static void test_out_of_order(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    handshake(&t);
    cdata(&t, 8, "cccc");
    cdata(&t, 4, "bbbb");
    assert_int_equal(t.sink.len[0], 0);
    cdata(&t, 0, "aaaa");
    assert_int_equal(t.sink.len[0], 12);
    assert_memory_equal(t.sink.data[0], "aaaabbbbcccc", 12);
    assert_int_equal(t.sink.calls[0], 1); /* one flush */
    st_fini(&t);
}

/*
 * Overlap: an out-of-order segment "XXXXXXXX" at 4..12, then "YYYY" at 4..8 (same start,
 * ends before), "ZZZZZZZZZZZZ" at 2..14 (starts before, ends after), then the hole 0..4.
 * Expected bytes per policy from Suricata's overlap table (stream_policy_new_wins).
 */
static void run_overlap(enum defrag_os os, const char *want)
{
    struct st t;
    st_init(&t, false);
    struct defrag_hostos h;
    defrag_hostos_init(&h);
    t.flow.dst.b[0] = 10;
    assert_int_equal(defrag_hostos_add(&h, "10.0.0.0/8", os), 0);
    t.cfg.hostos = &h;
    st_reopen(&t);
    handshake(&t);
    cdata(&t, 4, "XXXXXXXX");
    struct packet *p = cdata(&t, 4, "YYYY");
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_REASSEMBLY_OVERLAP_DIFFERENT_DATA));
    cdata(&t, 2, "ZZZZZZZZZZZZ");
    cdata(&t, 0, "aaaa");
    assert_int_equal(t.sink.len[0], 14);
    t.sink.data[0][14] = '\0';
    assert_string_equal(t.sink.data[0], want);
    assert_int_equal(stream_ctx_stats(t.ctx)->overlap_diff_data, 3);
    st_fini(&t);
}

static void test_overlap_policies(void **state)
{
    (void)state;
    /* first/vista: earlier bytes stay; hole bytes 0..2 from "aaaa", 2..4 from Z. */
    run_overlap(DEFRAG_OS_FIRST, "aaZZXXXXXXXXZZ");
    run_overlap(DEFRAG_OS_VISTA, "aaZZXXXXXXXXZZ");
    /* last: every later segment wins. */
    run_overlap(DEFRAG_OS_LAST, "aaaaZZZZZZZZZZ");
    /* bsd/windows/linux: a segment starting before wins (Z over X and Y; "aaaa" over Z). */
    run_overlap(DEFRAG_OS_BSD, "aaaaZZZZZZZZZZ");
    run_overlap(DEFRAG_OS_WINDOWS, "aaaaZZZZZZZZZZ");
    run_overlap(DEFRAG_OS_LINUX, "aaaaZZZZZZZZZZ");
    /* solaris/hpux11: Y (same start, ends before) loses; Z (before, ends after) wins;
     * "aaaa" starts before Z but ends before it: Z keeps 2..4. */
    run_overlap(DEFRAG_OS_SOLARIS, "aaZZZZZZZZZZZZ");
    run_overlap(DEFRAG_OS_HPUX11, "aaZZZZZZZZZZZZ");
    /* old-linux: same start and at least as long wins: Y shorter loses; Z wins as bsd. */
    run_overlap(DEFRAG_OS_OLD_LINUX, "aaaaZZZZZZZZZZ");
}

/* Suricata's table, cell by cell. */
static void test_policy_table(void **state)
{
    (void)state;
    /* same start, ends later: linux, old-linux, solaris take it; bsd and first do not */
    assert_true(stream_policy_new_wins(DEFRAG_OS_LINUX, 0, 10, 0, 5));
    assert_true(stream_policy_new_wins(DEFRAG_OS_OLD_LINUX, 0, 10, 0, 5));
    assert_true(stream_policy_new_wins(DEFRAG_OS_SOLARIS, 0, 10, 0, 5));
    assert_false(stream_policy_new_wins(DEFRAG_OS_BSD, 0, 10, 0, 5));
    assert_false(stream_policy_new_wins(DEFRAG_OS_FIRST, 0, 10, 0, 5));
    /* same start, same end: linux keeps the old, old-linux the new */
    assert_false(stream_policy_new_wins(DEFRAG_OS_LINUX, 0, 5, 0, 5));
    assert_true(stream_policy_new_wins(DEFRAG_OS_OLD_LINUX, 0, 5, 0, 5));
    /* starts after, ends after: only solaris/hpux11 */
    assert_true(stream_policy_new_wins(DEFRAG_OS_HPUX11, 3, 10, 0, 5));
    assert_false(stream_policy_new_wins(DEFRAG_OS_LINUX, 3, 10, 0, 5));
    /* starts before: bsd family yes, first/vista/old-solaris no */
    assert_true(stream_policy_new_wins(DEFRAG_OS_MACOS, 0, 3, 2, 9));
    assert_false(stream_policy_new_wins(DEFRAG_OS_OLD_SOLARIS, 0, 3, 2, 9));
    assert_true(stream_policy_new_wins(DEFRAG_OS_LAST, 5, 6, 0, 9));
}

/* A retransmission with other bytes: the host keeps what it had; events and counters. */
static void test_retransmission_diff(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    handshake(&t);
    cdata(&t, 0, "USER bob\r\n");
    struct packet *p = cdata(&t, 0, "USER bob\r\n");
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_PKT_RETRANSMISSION));
    assert_false(pkt_event_has(p, DECODE_EV_STREAM_REASSEMBLY_OVERLAP_DIFFERENT_DATA));
    p = cdata(&t, 0, "USER eve\r\n");
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_REASSEMBLY_OVERLAP_DIFFERENT_DATA));
    /* Partly new: the old part is kept, the rest is delivered. */
    cdata(&t, 5, "bob\r\nPASS x\r\n");
    assert_int_equal(t.sink.len[0], 18);
    assert_memory_equal(t.sink.data[0], "USER bob\r\nPASS x\r\n", 18);
    const struct stream_stats *st = stream_ctx_stats(t.ctx);
    assert_int_equal(st->overlap, 3);
    assert_int_equal(st->overlap_diff_data, 1);
    st_fini(&t);
}

/* Bytes the server acknowledges that never passed: a gap, then the data after it. */
static void test_gap(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    handshake(&t);
    cdata(&t, 0, "head");
    cdata(&t, 10, "tail"); /* 4..10 lost */
    struct packet *p = seg(&t, 1, A, t.sisn + 1, t.cisn + 1 + 14, NULL);
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_REASSEMBLY_SEQ_GAP));
    assert_int_equal(t.sink.gaps[0], 1);
    assert_int_equal(t.sink.len[0], 14);
    assert_memory_equal(t.sink.data[0], "head??????tail", 14);
    assert_int_equal(stream_ctx_stats(t.ctx)->reassembly_gap, 1);
    st_fini(&t);
}

/* At flow end, held data after a hole is flushed behind a gap, then EOF. */
static void test_flow_end_flush(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    handshake(&t);
    cdata(&t, 3, "later");
    st_fini(&t);
    assert_memory_equal(t.sink.data[0], "???later", 8);
    assert_int_equal(t.sink.eof[0], 1);
    assert_int_equal(t.sink.eof[1], 1);
}

/* stream.reassembly.depth: delivery stops there (counted, event once). */
static void test_depth(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    t.cfg.depth = 10;
    st_reopen(&t);
    handshake(&t);
    cdata(&t, 0, "0123456");
    struct packet *p = cdata(&t, 7, "789abc");
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_REASSEMBLY_DEPTH_REACHED));
    cdata(&t, 13, "def");
    assert_int_equal(t.sink.len[0], 10);
    assert_int_equal(stream_ctx_stats(t.ctx)->stream_depth_reached, 1);
    /* A retransmission past the depth is not compared with stale bytes. */
    p = cdata(&t, 13, "xyz");
    assert_false(pkt_event_has(p, DECODE_EV_STREAM_REASSEMBLY_OVERLAP_DIFFERENT_DATA));
    assert_int_equal(stream_ctx_stats(t.ctx)->overlap_diff_data, 0);
    st_fini(&t);
}

/* stream.reassembly.memcap: an out-of-order segment that does not fit is dropped, counted. */
static void test_reassembly_memcap(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    t.cfg.reassembly_memcap = 100; /* no room for a segment */
    t.cfg.raw_window = 0;
    st_reopen(&t);
    handshake(&t);
    cdata(&t, 0, "in order needs no memory");
    struct packet *p = cdata(&t, 30, "held");
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_REASSEMBLY_INSERT_MEMCAP));
    assert_int_equal(stream_ctx_stats(t.ctx)->segment_memcap_drop, 1);
    assert_true(stream_ctx_stats(t.ctx)->reassembly_memuse <= 100);
    st_fini(&t);
}

/* stream.memcap: a session that does not fit is not tracked (counted). */
static void test_session_memcap(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    t.cfg.memcap = 10;
    st_reopen(&t);
    seg(&t, 0, S, t.cisn, 0, NULL);
    assert_int_equal(stream_tcp_state(&t.flow), -1);
    assert_int_equal(stream_ctx_stats(t.ctx)->ssn_memcap_drop, 1);
    st_fini(&t);
}

/* Data far past the receiver's window is not reassembled. */
static void test_window(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    handshake(&t);
    struct packet *p = cdata(&t, 200000, "far away");
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_EST_PACKET_OUT_OF_WINDOW));
    cdata(&t, 0, "near");
    assert_int_equal(t.sink.len[0], 4);
    st_fini(&t);
}

/* The raw window spans segment boundaries, for content matching on the raw stream. */
static void test_raw_window(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    handshake(&t);
    cdata(&t, 0, "xxxxxevil");
    cdata(&t, 9, "payloadyyy");
    uint64_t start;
    struct span r = stream_raw(&t.flow, 0, &start);
    assert_int_equal(start, 0);
    assert_int_equal(r.len, 19);
    assert_non_null(memmem(r.p, r.len, "evilpayload", 11));
    /* stream_size's view: the SYN counts one, then each byte; no server data yet */
    uint64_t client = 0, server = 0;
    assert_true(stream_sizes(&t.flow, &client, &server));
    assert_int_equal(client, 20);
    assert_int_equal(server, 1);
    for (int i = 0; i < 20; i++)
        cdata(&t, 19 + (uint32_t)i * 10, "0123456789");
    r = stream_raw(&t.flow, 0, &start);
    assert_true(r.len >= 64 && r.len <= 128);
    assert_int_equal(start + r.len, 219);
    st_fini(&t);
}

/*
 * Closing states as Suricata names them, and the events of bad segments in them: bytes
 * after a FIN (closewait_ack_out_of_window, fin1_fin_wrong_seq), an ACK for bytes never
 * sent (lastack_invalid_ack with pkt_invalid_ack). Those segments change nothing and
 * their bytes never reach the stream.
 */
static void test_closing_events(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    handshake(&t);
    cdata(&t, 0, "hello");
    struct packet *p = seg(&t, 0, F | A, t.cisn + 6, t.sisn + 1, NULL);
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_CLOSE_WAIT);
    p = cdata(&t, 6, "after fin"); /* data past the client's FIN */
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_CLOSEWAIT_ACK_OUT_OF_WINDOW));
    p = seg(&t, 0, F | A, t.cisn + 9, t.sisn + 1, NULL); /* a second FIN elsewhere */
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_CLOSEWAIT_FIN_OUT_OF_WINDOW));
    seg(&t, 1, F | A, t.sisn + 1, t.cisn + 7, NULL);
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_LAST_ACK);
    p = seg(&t, 0, A, t.cisn + 7, t.sisn + 1 + 500000, NULL); /* acks what was never sent */
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_PKT_INVALID_ACK));
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_LASTACK_INVALID_ACK));
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_LAST_ACK);
    seg(&t, 0, A, t.cisn + 7, t.sisn + 2, NULL);
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_CLOSED);
    assert_int_equal(t.sink.len[0], 5);
    assert_memory_equal(t.sink.data[0], "hello", 5);
    st_fini(&t);
    assert_int_equal(t.flow.ssn_state, FLOW_TCP_CLOSED + 1); /* for the flow record */

    /* The server closes first: fin_wait1, the client's ACK fin_wait2, its FIN time_wait. */
    st_init(&t, false);
    handshake(&t);
    seg(&t, 1, F | A, t.sisn + 1, t.cisn + 1, NULL);
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_FIN_WAIT1);
    p = seg(&t, 1, F | A, t.sisn + 4, t.cisn + 1, NULL);
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_FIN1_FIN_WRONG_SEQ));
    seg(&t, 0, A, t.cisn + 1, t.sisn + 2, NULL);
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_FIN_WAIT2);
    seg(&t, 0, F | A, t.cisn + 1, t.sisn + 2, NULL);
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_TIME_WAIT);
    seg(&t, 1, A, t.sisn + 2, t.cisn + 2, NULL);
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_CLOSED);
    st_fini(&t);
}

/*
 * A FIN that would end the stream before bytes its sender already sent is
 * fin_out_of_window and ignored; an ACK for bytes the other side never sent, past the
 * window, is est_invalid_ack and its data is not taken.
 */
static void test_fin_and_ack_validation(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    handshake(&t);
    cdata(&t, 0, "hello world");
    struct packet *p = seg(&t, 0, F | A, t.cisn + 1 + 5, t.sisn + 1, NULL);
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_FIN_OUT_OF_WINDOW));
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_ESTABLISHED);
    assert_int_equal(t.sink.eof[0], 0);
    p = seg(&t, 1, A | P, t.sisn + 1, t.cisn + 12 + 200000, "forged");
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_EST_INVALID_ACK));
    assert_int_equal(t.sink.len[1], 0);
    p = seg(&t, 1, F | A, t.sisn + 1, t.cisn + 12 + 200000, NULL);
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_FIN_INVALID_ACK));
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_ESTABLISHED);
    p = seg(&t, 1, A | P, t.sisn + 1, t.cisn + 12, "real");
    assert_int_equal(p->ev_cnt, 0);
    assert_memory_equal(t.sink.data[1], "real", 4);
    st_fini(&t);
}

/*
 * PAWS (RFC 7323 §5): with timestamps on both SYNs, a segment with an older TSval, or
 * none, is pkt_invalid_timestamp and its bytes are not taken (an insertion evasion).
 */
static void test_paws(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    t.opt.has_ts = true;
    t.opt.ts_val = 100;
    handshake(&t);
    t.opt.ts_val = 105;
    cdata(&t, 0, "abc");
    t.opt.ts_val = 90; /* older than 105 */
    struct packet *p = cdata(&t, 3, "XXX");
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_PKT_INVALID_TIMESTAMP));
    t.opt.has_ts = false;
    p = cdata(&t, 3, "YYY");
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_PKT_INVALID_TIMESTAMP));
    t.opt.has_ts = true;
    t.opt.ts_val = 106;
    p = cdata(&t, 3, "def");
    assert_int_equal(p->ev_cnt, 0);
    assert_int_equal(t.sink.len[0], 6);
    assert_memory_equal(t.sink.data[0], "abcdef", 6);
    /* Reordered on the way: a segment ahead of the in-order point does not move
     * TS.Recent, so the earlier one sent before it (older TSval) is still taken. */
    t.opt.ts_val = 120;
    cdata(&t, 9, "jkl");
    t.opt.ts_val = 110;
    p = cdata(&t, 6, "ghi");
    assert_int_equal(p->ev_cnt, 0);
    assert_int_equal(t.sink.len[0], 12);
    assert_memory_equal(t.sink.data[0], "abcdefghijkl", 12);
    st_fini(&t);

    /* A Linux receiver takes a segment without a timestamp (it does not enforce RFC 7323
     * §3.2's SHOULD), so stream takes it too; an older TSval it drops like the others. */
    static struct defrag_hostos linux_hosts;
    defrag_hostos_init(&linux_hosts);
    defrag_hostos_add(&linux_hosts, "0.0.0.0/0", DEFRAG_OS_LINUX);
    st_init(&t, false);
    t.cfg.hostos = &linux_hosts;
    st_reopen(&t);
    t.opt.has_ts = true;
    t.opt.ts_val = 100;
    handshake(&t);
    t.opt.has_ts = false;
    p = cdata(&t, 0, "abc");
    assert_int_equal(p->ev_cnt, 0);
    t.opt.has_ts = true;
    t.opt.ts_val = 50;
    p = cdata(&t, 3, "XXX");
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_PKT_INVALID_TIMESTAMP));
    t.opt.ts_val = 101;
    cdata(&t, 3, "def");
    assert_memory_equal(t.sink.data[0], "abcdef", 6);
    st_fini(&t);
}

/*
 * checksum-checks auto: bad checksums are kept out while the capture's first
 * STREAM_CSUM_SAMPLE packets are judged; when more than one in ten TCP packets among them
 * was bad, checking stops from the next packet on.
 */
static void test_checksum_auto(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    t.cfg.checksum_auto = true;
    st_reopen(&t);
    handshake(&t); /* 3 good packets */
    t.pflags = PKT_L4_CSUM_BAD;
    cdata(&t, 0, "bad");
    assert_int_equal(t.sink.len[0], 0); /* kept out while sampling */
    for (int i = 0; i < STREAM_CSUM_SAMPLE / 5; i++)
        seg(&t, 1, A, t.sisn + 1, t.cisn + 1, NULL);
    t.pflags = 0;
    t.pcap_cnt += 500; /* other traffic (not TCP) of the sample */
    while (t.pcap_cnt < STREAM_CSUM_SAMPLE)
        seg(&t, 1, A, t.sisn + 1, t.cisn + 1, NULL);
    assert_false(stream_ctx_stats(t.ctx)->csum_decided);
    t.pflags = PKT_L4_CSUM_BAD;
    cdata(&t, 0, "bad"); /* the first packet past the sample: decided, and taken */
    assert_true(stream_ctx_stats(t.ctx)->csum_decided);
    assert_true(stream_ctx_stats(t.ctx)->csum_offload);
    assert_int_equal(t.sink.len[0], 3);
    st_fini(&t);

    /* Few bad ones: checking goes on after the sample. */
    st_init(&t, false);
    t.cfg.checksum_auto = true;
    st_reopen(&t);
    handshake(&t);
    t.pflags = PKT_L4_CSUM_BAD;
    seg(&t, 1, A, t.sisn + 1, t.cisn + 1, NULL);
    t.pflags = 0;
    while (t.pcap_cnt < STREAM_CSUM_SAMPLE)
        seg(&t, 1, A, t.sisn + 1, t.cisn + 1, NULL);
    t.pflags = PKT_L4_CSUM_BAD;
    cdata(&t, 0, "bad");
    assert_true(stream_ctx_stats(t.ctx)->csum_decided);
    assert_false(stream_ctx_stats(t.ctx)->csum_offload);
    assert_int_equal(t.sink.len[0], 0);
    st_fini(&t);
}

/*
 * A session picked up midstream from the server's packet can be turned around before
 * any byte reached a consumer (the engine does it when detection sees a response first);
 * each direction's numbers follow, so the data lands on the right side afterwards.
 */
static void test_swap(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, true);
    seg(&t, 0, A, t.sisn + 1, t.cisn + 1, NULL); /* really the server's ACK */
    assert_true(stream_can_swap(&t.flow));
    stream_swap(&t.flow);
    seg(&t, 1, A | P, t.sisn + 1, t.cisn + 1, "HTTP/1.0 200 OK\r\n\r\n");
    seg(&t, 0, A | P, t.cisn + 1, t.sisn + 20, "GET / HTTP/1.0\r\n\r\n");
    assert_false(stream_can_swap(&t.flow)); /* bytes were delivered: no more */
    assert_int_equal(t.sink.len[1], 19);
    assert_int_equal(t.sink.len[0], 18);
    assert_int_equal(t.sink.gaps[0] + t.sink.gaps[1], 0);
    st_fini(&t);

    st_init(&t, true); /* an EOF already reached the consumer: too late to turn */
    seg(&t, 0, A, t.sisn + 1, t.cisn + 1, NULL);
    seg(&t, 0, F | A, t.sisn + 1, t.cisn + 1, NULL);
    assert_int_equal(t.sink.eof[0], 1);
    assert_false(stream_can_swap(&t.flow));
    st_fini(&t);

    st_init(&t, false); /* a session with a handshake knows its sides */
    handshake(&t);
    assert_false(stream_can_swap(&t.flow));
    st_fini(&t);
}

/*
 * stream.async-oneside picks a session up from the server's SYN/ACK (the client's SYN and
 * packets unseen); the server's ACK establishes it and its data is reassembled. Without
 * async-oneside or midstream, a SYN/ACK starts nothing.
 */
static void test_async_synack_pickup(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    t.cfg.async_oneside = true;
    st_reopen(&t);
    seg(&t, 1, S | A, t.sisn, t.cisn + 1, NULL);
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_SYN_RECV);
    seg(&t, 1, A, t.sisn + 1, t.cisn + 1, NULL);
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_ESTABLISHED);
    seg(&t, 1, A | P, t.sisn + 1, t.cisn + 41, "HTTP/1.0 200 OK\r\n\r\n");
    assert_int_equal(t.sink.len[1], 19);
    st_fini(&t);

    st_init(&t, false);
    seg(&t, 1, S | A, t.sisn, t.cisn + 1, NULL);
    assert_int_equal(stream_tcp_state(&t.flow), -1);
    st_fini(&t);
}

/* IDS mode: a helper that starts a session with stream.inline off. */
static void ids_init(struct st *t)
{
    st_init(t, false);
    t->cfg.inline_mode = false;
    st_reopen(t);
    handshake(t);
}

/*
 * IDS mode: bytes reach the consumer and the raw window once the receiver acknowledged
 * them, on the packet that carries that ACK (docs.suricata.io, IPS mode, "IPS Concept":
 * in IDS mode TCP traffic is only inspected after the ACK for it has been received).
 */
static void test_ids_ack_release(void **state)
{
    (void)state;
    struct st t;
    ids_init(&t);
    struct packet *p = cdata(&t, 0, "GET / HTTP/1.0\r\n");
    assert_true(p->flags & PKT_STREAM_ADD);
    cdata(&t, 16, "\r\n");
    assert_int_equal(t.sink.len[0], 0); /* not acknowledged yet */
    uint64_t start;
    assert_int_equal(stream_raw(&t.flow, 0, &start).len, 0);
    seg(&t, 1, A, t.sisn + 1, t.cisn + 1 + 4, NULL); /* part of it */
    assert_int_equal(t.sink.len[0], 4);
    assert_memory_equal(t.sink.data[0], "GET ", 4);
    struct span r = stream_raw(&t.flow, 0, &start);
    assert_int_equal(start, 0);
    assert_int_equal(r.len, 4);
    seg(&t, 1, A | P, t.sisn + 1, t.cisn + 1 + 18, "HTTP/1.0 200 OK\r\n\r\n");
    assert_int_equal(t.sink.len[0], 18);
    assert_memory_equal(t.sink.data[0], "GET / HTTP/1.0\r\n\r\n", 18);
    assert_int_equal(t.sink.len[1], 0);
    /* the server closes; the streams end for the consumer as the session closes */
    seg(&t, 1, F | A, t.sisn + 20, t.cisn + 19, NULL);
    seg(&t, 0, A, t.cisn + 19, t.sisn + 20, NULL);
    assert_int_equal(t.sink.len[1], 19);
    assert_int_equal(t.sink.eof[1], 0);
    seg(&t, 0, F | A, t.cisn + 19, t.sisn + 21, NULL);
    assert_int_equal(t.sink.eof[0] + t.sink.eof[1], 0);
    seg(&t, 1, A, t.sisn + 21, t.cisn + 20, NULL);
    assert_int_equal(stream_tcp_state(&t.flow), FLOW_TCP_CLOSED);
    assert_int_equal(t.sink.eof[0], 1);
    assert_int_equal(t.sink.eof[1], 1);
    st_fini(&t);
    assert_int_equal(t.sink.eof[0], 1); /* not sent twice */
}

/* IDS mode: bytes never acknowledged reach the consumer at flow end, then EOF. */
static void test_ids_flow_end(void **state)
{
    (void)state;
    struct st t;
    ids_init(&t);
    cdata(&t, 0, "head");
    cdata(&t, 8, "tail"); /* 4..8 never seen */
    assert_int_equal(t.sink.calls[0], 0);
    assert_int_equal(stream_flow_drain(t.ctx, &t.flow), 1u);
    assert_memory_equal(t.sink.data[0], "head????tail", 12);
    assert_int_equal(t.sink.gaps[0], 1);
    assert_int_equal(t.sink.eof[0], 1);
    uint64_t start;
    struct span r = stream_raw(&t.flow, 0, &start); /* kept for a last inspection */
    assert_int_equal(start, 8);
    assert_int_equal(r.len, 4);
    st_fini(&t);
    assert_int_equal(t.sink.eof[0], 1);
}

/*
 * IDS mode: a gap the receiver acknowledges goes on in order behind the bytes waiting
 * before it, and a retransmission of bytes still waiting is compared with them.
 */
static void test_ids_gap_and_overlap(void **state)
{
    (void)state;
    struct st t;
    ids_init(&t);
    cdata(&t, 0, "abcd");
    struct packet *p = cdata(&t, 0, "abXd"); /* changed before the ACK */
    assert_true(pkt_event_has(p, DECODE_EV_STREAM_REASSEMBLY_OVERLAP_DIFFERENT_DATA));
    cdata(&t, 8, "efgh");
    assert_int_equal(t.sink.calls[0], 0);
    seg(&t, 1, A, t.sisn + 1, t.cisn + 1 + 12, NULL);
    assert_memory_equal(t.sink.data[0], "abcd????efgh", 12);
    assert_int_equal(t.sink.gaps[0], 1);
    st_fini(&t);
}

/* IDS mode with stream.async-oneside: the receiver's ACKs never pass, bytes go on at once. */
static void test_ids_async(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, true);
    t.cfg.inline_mode = false;
    t.cfg.async_oneside = true;
    st_reopen(&t);
    cdata(&t, 0, "hello");
    assert_memory_equal(t.sink.data[0], "hello", 5);
    st_fini(&t);

    st_init(&t, true); /* midstream without async-oneside: they wait for the flow end */
    t.cfg.inline_mode = false;
    st_reopen(&t);
    cdata(&t, 0, "hello");
    assert_int_equal(t.sink.len[0], 0);
    st_fini(&t);
    assert_memory_equal(t.sink.data[0], "hello", 5);
}

/* IDS mode: with no room to hold waiting bytes (reassembly memcap) they go on at once. */
static void test_ids_memcap(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    t.cfg.inline_mode = false;
    t.cfg.raw_window = 0;
    t.cfg.reassembly_memcap = 0;
    st_reopen(&t);
    handshake(&t);
    cdata(&t, 0, "now");
    assert_memory_equal(t.sink.data[0], "now", 3);
    assert_int_equal(stream_ctx_stats(t.ctx)->ack_wait_memcap, 1);
    st_fini(&t);
}

/*
 * IDS mode: one ACK may release many segments at once; a raw window whose consumer marks
 * its progress keeps every byte after the mark, so none goes uninspected. A window
 * nobody marks keeps its last raw_window to 2 * raw_window bytes.
 */
static void test_ids_raw_keeps_uninspected(void **state)
{
    (void)state;
    struct st t;
    ids_init(&t);
    stream_raw_inspected(&t.flow, 0, 0);
    for (uint32_t i = 0; i < 20; i++)
        cdata(&t, i * 10, "0123456789");
    seg(&t, 1, A, t.sisn + 1, t.cisn + 1 + 200, NULL);
    uint64_t start;
    struct span r = stream_raw(&t.flow, 0, &start);
    assert_int_equal(start, 0);
    assert_int_equal(r.len, 200); /* all of it, with raw_window 64 */
    stream_raw_inspected(&t.flow, 0, 200);
    for (uint32_t i = 20; i < 40; i++)
        cdata(&t, i * 10, "abcdefghij");
    seg(&t, 1, A, t.sisn + 1, t.cisn + 1 + 400, NULL);
    r = stream_raw(&t.flow, 0, &start);
    assert_true(start <= 200);
    assert_int_equal(start + r.len, 400);
    /* the server's side is not marked: the classic window */
    for (uint32_t i = 0; i < 20; i++)
        seg(&t, 1, A | P, t.sisn + 1 + i * 10, t.cisn + 401, "9876543210");
    seg(&t, 0, A, t.cisn + 401, t.sisn + 201, NULL);
    r = stream_raw(&t.flow, 1, &start);
    assert_true(r.len >= 64 && r.len <= 128);
    assert_int_equal(start + r.len, 200);
    assert_int_equal(stream_ctx_stats(t.ctx)->raw_overflow, 0);
    st_fini(&t);
}

/*
 * IDS mode: the raw stream is ready for inspection once raw_chunk acknowledged bytes wait
 * (Suricata's stream.reassembly.*-chunk-size), or at once after a parser's trigger, at
 * the session's close (past time_wait) and at the flow's end; inline, whenever bytes
 * are new.
 */
static void test_ids_raw_chunks(void **state)
{
    (void)state;
    struct st t;
    st_init(&t, false);
    t.cfg.inline_mode = false;
    t.cfg.raw_chunk[0] = 20;
    t.cfg.raw_chunk[1] = 30;
    st_reopen(&t);
    handshake(&t);
    stream_raw_inspected(&t.flow, 0, 0);
    assert_false(stream_raw_ready(t.ctx, &t.flow, 0, 0, false)); /* nothing yet */
    cdata(&t, 0, "0123456789");
    assert_false(stream_raw_ready(t.ctx, &t.flow, 0, 0, false)); /* not acknowledged */
    seg(&t, 1, A, t.sisn + 1, t.cisn + 11, NULL);
    assert_false(stream_raw_ready(t.ctx, &t.flow, 0, 0, false)); /* 10 < 20 */
    assert_true(stream_raw_ready(t.ctx, &t.flow, 0, 0, true));   /* the flow's end */
    cdata(&t, 10, "0123456789");
    seg(&t, 1, A, t.sisn + 1, t.cisn + 21, NULL);
    assert_true(stream_raw_ready(t.ctx, &t.flow, 0, 0, false));   /* a chunk */
    assert_false(stream_raw_ready(t.ctx, &t.flow, 0, 20, false)); /* all inspected */
    stream_raw_inspected(&t.flow, 0, 20);
    /* a parser's trigger: the next release is inspected whatever its size */
    cdata(&t, 20, "abc");
    seg(&t, 1, A, t.sisn + 1, t.cisn + 24, NULL);
    assert_false(stream_raw_ready(t.ctx, &t.flow, 0, 20, false));
    stream_raw_trigger(&t.flow, 0);
    assert_true(stream_raw_ready(t.ctx, &t.flow, 0, 20, false));
    assert_false(stream_raw_ready(t.ctx, &t.flow, 1, 0, false)); /* the other side: no */
    stream_raw_inspected(&t.flow, 0, 23); /* inspected: the trigger is spent */
    cdata(&t, 23, "d");
    seg(&t, 1, A, t.sisn + 1, t.cisn + 25, NULL);
    assert_false(stream_raw_ready(t.ctx, &t.flow, 0, 23, false));
    /* the toclient chunk size is the server's */
    stream_raw_inspected(&t.flow, 1, 0);
    seg(&t, 1, A | P, t.sisn + 1, t.cisn + 25, "0123456789012345678901234");
    seg(&t, 0, A, t.cisn + 25, t.sisn + 26, NULL);
    assert_false(stream_raw_ready(t.ctx, &t.flow, 1, 0, false)); /* 25 < 30 */
    /* closing: the client's FIN (close_wait), then every new byte is inspected at once */
    seg(&t, 0, F | A, t.cisn + 25, t.sisn + 26, NULL);
    assert_true(stream_tcp_state(&t.flow) > FLOW_TCP_TIME_WAIT);
    assert_true(stream_raw_ready(t.ctx, &t.flow, 1, 0, false));
    assert_true(stream_raw_ready(t.ctx, &t.flow, 0, 23, false));
    st_fini(&t);

    st_init(&t, false); /* inline: every new byte, as it arrives */
    t.cfg.raw_chunk[0] = 20;
    st_reopen(&t);
    handshake(&t);
    cdata(&t, 0, "ab");
    assert_true(stream_raw_ready(t.ctx, &t.flow, 0, 0, false));
    assert_false(stream_raw_ready(t.ctx, &t.flow, 0, 2, false));
    st_fini(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_session_lifecycle),
        cmocka_unit_test(test_handshake_events),
        cmocka_unit_test(test_split_handshake),
        cmocka_unit_test(test_async_oneside),
        cmocka_unit_test(test_syn_sent_evasion),
        cmocka_unit_test(test_rst_inject),
        cmocka_unit_test(test_syn_flood),
        cmocka_unit_test(test_fast_open),
        cmocka_unit_test(test_fast_open_refused),
        cmocka_unit_test(test_midstream),
        cmocka_unit_test(test_wraparound),
        cmocka_unit_test(test_out_of_order),
        cmocka_unit_test(test_overlap_policies),
        cmocka_unit_test(test_policy_table),
        cmocka_unit_test(test_retransmission_diff),
        cmocka_unit_test(test_gap),
        cmocka_unit_test(test_flow_end_flush),
        cmocka_unit_test(test_depth),
        cmocka_unit_test(test_reassembly_memcap),
        cmocka_unit_test(test_session_memcap),
        cmocka_unit_test(test_window),
        cmocka_unit_test(test_raw_window),
        cmocka_unit_test(test_closing_events),
        cmocka_unit_test(test_fin_and_ack_validation),
        cmocka_unit_test(test_paws),
        cmocka_unit_test(test_checksum_auto),
        cmocka_unit_test(test_swap),
        cmocka_unit_test(test_async_synack_pickup),
        cmocka_unit_test(test_ids_ack_release),
        cmocka_unit_test(test_ids_flow_end),
        cmocka_unit_test(test_ids_gap_and_overlap),
        cmocka_unit_test(test_ids_async),
        cmocka_unit_test(test_ids_memcap),
        cmocka_unit_test(test_ids_raw_keeps_uninspected),
        cmocka_unit_test(test_ids_raw_chunks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
