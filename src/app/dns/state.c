/* SPDX-License-Identifier: GPL-2.0-only */
/* DNS per flow: detection, transactions, request/response pairing, UDP and TCP entry points. */
#include <string.h>

#include "core/alloc.h"
#include "decode/packet.h"
#include "dns.h"
#include "flow/flow.h"

#define DNS_PENDING_MAX 16 /* unanswered requests remembered per flow (oldest pushed out) */

struct dns_pending {
    uint16_t id;
    uint64_t tx_id;
};

/* What one flow keeps; from the context's pool, never freed while the context lives. */
struct dns_state {
    struct dns_state *next_free; /* on the pool's free list */
    struct dns_state *next_all;  /* every state the context made, for dns_ctx_free() */
    uint64_t tx_count;           /* transactions so far; the last is tx_count - 1 */
    bool reversed;               /* a response came first in direction 0: the roles swap */
    bool gap;                    /* TCP: a gap was seen, resync on the next DNS-looking data */
    uint8_t npending;
    uint8_t pending_head; /* oldest entry */
    struct dns_pending pending[DNS_PENDING_MAX];
};

struct dns_ctx {
    struct dns_config cfg;
    struct dns_hooks hooks;
    struct dns_stats st;
    struct dns_state *free_list;
    struct dns_state *all;
    uint64_t made;
    struct dns_msg msg; /* the scratch message: large, last */
};

void dns_config_defaults(struct dns_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->enabled = true;
    cfg->ports[0] = 53;
    cfg->nports = 1;
    cfg->tcp_ports[0] = 53;
    cfg->tcp_nports = 1;
    cfg->any_port = false;
    cfg->max_states = 65536;
}

struct dns_ctx *dns_ctx_new(const struct dns_config *cfg, const struct dns_hooks *hooks)
{
    struct dns_ctx *ctx = kh_calloc(1, sizeof(*ctx));
    if (ctx == NULL)
        return NULL;
    ctx->cfg = *cfg;
    if (hooks != NULL)
        ctx->hooks = *hooks;
    return ctx;
}

const struct dns_config *dns_ctx_config(const struct dns_ctx *ctx)
{
    return &ctx->cfg;
}

void dns_ctx_free(struct dns_ctx *ctx)
{
    if (ctx == NULL)
        return;
    for (struct dns_state *s = ctx->all, *next; s != NULL; s = next) {
        next = s->next_all;
        kh_free(s);
    }
    kh_free(ctx);
}

const struct dns_stats *dns_ctx_stats(const struct dns_ctx *ctx)
{
    return &ctx->st;
}

/* A state from the pool; past max_states none (the flow is not parsed, counted). */
static struct dns_state *state_get(struct dns_ctx *ctx)
{
    struct dns_state *st = ctx->free_list;
    if (st != NULL) {
        ctx->free_list = st->next_free;
    } else if (ctx->made < ctx->cfg.max_states && (st = kh_calloc(1, sizeof(*st))) != NULL) {
        st->next_all = ctx->all;
        ctx->all = st;
        ctx->made++;
    } else {
        ctx->st.state_memcap++;
        return NULL;
    }
    struct dns_state *keep_all = st->next_all;
    memset(st, 0, sizeof(*st));
    st->next_all = keep_all;
    ctx->st.states++;
    return st;
}

void dns_state_free(struct dns_ctx *ctx, struct dns_state *st)
{
    if (st == NULL)
        return;
    st->next_free = ctx->free_list;
    ctx->free_list = st;
    ctx->st.states--;
}

unsigned dns_state_pending(const struct dns_state *st)
{
    return st ? st->npending : 0;
}

static void pending_add(struct dns_ctx *ctx, struct dns_state *st, uint16_t id, uint64_t tx_id)
{
    if (st->npending == DNS_PENDING_MAX) {
        st->pending_head = (uint8_t)((st->pending_head + 1) % DNS_PENDING_MAX);
        st->npending--;
        ctx->st.pending_evict++;
    }
    unsigned slot = (st->pending_head + st->npending) % DNS_PENDING_MAX;
    st->pending[slot].id = id;
    st->pending[slot].tx_id = tx_id;
    st->npending++;
}

/* Take the oldest pending request with this id, closing the gap it leaves. */
static bool pending_take(struct dns_state *st, uint16_t id, uint64_t *tx_id)
{
    for (unsigned i = 0; i < st->npending; i++) {
        unsigned slot = (st->pending_head + i) % DNS_PENDING_MAX;
        if (st->pending[slot].id != id)
            continue;
        *tx_id = st->pending[slot].tx_id;
        for (unsigned j = i; j + 1 < st->npending; j++)
            st->pending[(st->pending_head + j) % DNS_PENDING_MAX] =
                st->pending[(st->pending_head + j + 1) % DNS_PENDING_MAX];
        st->npending--;
        return true;
    }
    return false;
}

/* An event on the flow's latest transaction (Suricata's DNSState::set_event). */
static void event_on_last(struct dns_ctx *ctx, struct dns_state *st, const struct packet *p,
                          const struct flow *f, enum dns_event ev)
{
    if (st->tx_count == 0 || ctx->hooks.on_event == NULL) {
        ctx->st.lost_events += st->tx_count == 0;
        return;
    }
    ctx->hooks.on_event(ctx->hooks.arg, p, f, st->tx_count - 1, ev);
}

/* Events a parsed message raises, in the order Suricata sets them. */
static uint32_t message_events(const struct dns_msg *m, bool to_server)
{
    uint32_t ev = 0;
    if (m->invalid_additionals)
        ev |= 1u << DNS_EV_INVALID_ADDITIONALS;
    if (m->invalid_authorities)
        ev |= 1u << DNS_EV_INVALID_AUTHORITIES;
    if (!to_server && !(m->flags & DNS_FLAG_QR))
        ev |= 1u << DNS_EV_NOT_A_RESPONSE;
    if (m->flags & DNS_FLAG_Z)
        ev |= 1u << DNS_EV_Z_FLAG_SET;
    if (((m->flags >> 11) & 0xf) >= 7)
        ev |= 1u << DNS_EV_INVALID_OPCODE;
    if (m->name_flags & DNS_NAME_TRUNCATED)
        ev |= 1u << DNS_EV_NAME_TOO_LONG;
    if (m->name_flags & DNS_NAME_LOOP)
        ev |= 1u << DNS_EV_INFINITE_LOOP;
    if (m->name_flags & DNS_NAME_LABEL_LIMIT)
        ev |= 1u << DNS_EV_TOO_MANY_LABELS;
    return ev;
}

/* A message that parsed: a new transaction, paired, logged, its events raised. */
static void new_tx(struct dns_ctx *ctx, struct dns_state *st, const struct packet *p,
                   const struct flow *f, bool to_server)
{
    const struct dns_msg *m = &ctx->msg;
    struct dns_tx tx = {.msg = m, .tx_id = st->tx_count++, .to_server = to_server};
    tx.events = message_events(m, to_server);
    if (to_server)
        pending_add(ctx, st, m->id, tx.tx_id);
    else
        tx.paired = pending_take(st, m->id, &tx.request_tx_id);
    ctx->st.msgs++;
    ctx->st.dropped_rrs += m->dropped;
    if (ctx->hooks.on_tx != NULL)
        ctx->hooks.on_tx(ctx->hooks.arg, p, f, &tx);
    for (unsigned e = 0; e < DNS_EV_MAX && ctx->hooks.on_event != NULL; e++)
        if (tx.events & (1u << e))
            ctx->hooks.on_event(ctx->hooks.arg, p, f, tx.tx_id, (enum dns_event)e);
}

/*
 * One message in one direction, already parsed into ctx->msg with status `ps`, as Suricata's
 * parse_request/parse_response. Returns false where Suricata's returns false (for TCP an
 * error; for UDP the result is not used). A header that cannot be DNS is ignored silently.
 */
static bool handle(struct dns_ctx *ctx, struct dns_state *st, const struct packet *p,
                   const struct flow *f, bool to_server, enum dns_parse_status ps, bool is_tcp)
{
    if (ps == DNS_PARSE_BAD_HEADER)
        return !is_tcp;
    if (ps != DNS_PARSE_OK) {
        ctx->st.malformed++;
        ctx->st.udp_malformed += !is_tcp;
        event_on_last(ctx, st, p, f, DNS_EV_MALFORMED_DATA);
        return false;
    }
    if (to_server && (ctx->msg.flags & DNS_FLAG_QR)) {
        ctx->st.malformed++;
        ctx->st.udp_malformed += !is_tcp;
        event_on_last(ctx, st, p, f, DNS_EV_NOT_A_REQUEST);
        return false;
    }
    new_tx(ctx, st, p, f, to_server);
    return true;
}

static bool port_wanted(const struct dns_config *cfg, const struct packet *p)
{
    if (cfg->any_port)
        return true;
    for (unsigned i = 0; i < cfg->nports; i++)
        if (p->sp == cfg->ports[i] || p->dp == cfg->ports[i])
            return true;
    return false;
}

enum app_proto dns_udp(struct dns_ctx *ctx, struct dns_state **state, struct flow *f,
                       const struct packet *p)
{
    struct dns_state *st = *state;
    bool dir0 = p->flow_dir == 0;
    if (!ctx->cfg.enabled)
        return APP_PROTO_UNKNOWN;
    if (st == NULL) {
        bool is_request;
        /* Detection: a configured port, then Suricata's probe of the whole payload. */
        if (!port_wanted(&ctx->cfg, p)) {
            if (p->payload.len == 0)
                return APP_PROTO_UNKNOWN;
            ctx->st.udp_failed++;
            return APP_PROTO_FAILED;
        }
        if (!dns_probe(&ctx->msg, p->payload, &is_request))
            return APP_PROTO_UNKNOWN;
        st = state_get(ctx);
        if (st == NULL)
            return APP_PROTO_UNKNOWN;
        st->reversed = is_request != dir0;
        *state = st;
        ctx->st.udp_flows++;
        f->app_proto = APP_PROTO_DNS; /* known before the first message is handed on */
    }
    if (p->payload.len > 0) {
        bool to_server = dir0 != st->reversed;
        handle(ctx, st, p, f, to_server, dns_parse_message(&ctx->msg, p->payload), false);
    }
    return APP_PROTO_DNS;
}

static struct app_result result(enum app_status status, size_t consumed, size_t needed)
{
    struct app_result r = {
        .status = status, .consumed = (uint32_t)consumed, .needed = (uint32_t)needed};
    return r;
}

void dns_tcp_gap(struct dns_state *st)
{
    if (st != NULL)
        st->gap = true;
}

struct app_result dns_tcp(struct dns_ctx *ctx, struct dns_state **state, const struct flow *f,
                          const struct packet *p, bool to_server, struct span data)
{
    if (*state == NULL && (*state = state_get(ctx)) == NULL)
        return result(APP_STATUS_ERROR, 0, 0);
    struct dns_state *st = *state;
    if (st->gap) {
        bool is_request, incomplete;
        if (!dns_probe_tcp(&ctx->msg, data, &is_request, &incomplete) && !incomplete)
            return result(APP_STATUS_OK, data.len, 0); /* not in sync yet: skip it */
        st->gap = false;
    }
    struct cursor c = cur_init(data.p, data.len);
    while (c.left > 0) {
        size_t consumed = cur_offset(&c, data.p);
        if (c.left == 1)
            return result(APP_STATUS_INCOMPLETE, consumed, 2);
        struct cursor peek = c;
        uint16_t size = cur_be16(&peek);
        if (size == 0) {
            c = peek; /* an empty frame: skip its length */
            continue;
        }
        if (peek.left < size)
            return result(APP_STATUS_INCOMPLETE, consumed, (size_t)size + 2);
        struct span frame = cur_bytes(&peek, size);
        enum dns_parse_status ps = dns_parse_message(&ctx->msg, frame);
        if (!handle(ctx, st, p, f, to_server, ps, true))
            return result(APP_STATUS_ERROR, consumed, 0);
        c = peek;
    }
    return result(APP_STATUS_OK, data.len, 0);
}
