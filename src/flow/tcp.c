/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * TCP state from flags (RFC 9293 §3.3.2), seen from the client (direction 0) and server.
 * This gives flows their new/established/closed state and EVE's tcp.state without sequence
 * checks; the stream stage will validate sequence numbers before trusting a transition.
 */
#include "tcp.h"

static void close_flow(struct flow *f)
{
    f->tcp_state = FLOW_TCP_CLOSED;
    f->state = FLOW_STATE_CLOSED;
}

/* Closing handshake once established; `first` is the side that sent the first FIN. */
static void closing(struct flow *f, uint8_t flags)
{
    switch (f->tcp_state) {
    case FLOW_TCP_ESTABLISHED:
        if (flags & TCP_FIN)
            f->tcp_state = FLOW_TCP_FIN_WAIT1;
        break;
    case FLOW_TCP_FIN_WAIT1:
        /* The other side's FIN; without sequence numbers, take it as acking ours. */
        if (flags & TCP_FIN)
            f->tcp_state = FLOW_TCP_TIME_WAIT;
        else if (flags & TCP_ACK)
            f->tcp_state = FLOW_TCP_FIN_WAIT2;
        break;
    case FLOW_TCP_FIN_WAIT2:
        if (flags & TCP_FIN)
            f->tcp_state = FLOW_TCP_TIME_WAIT;
        break;
    case FLOW_TCP_TIME_WAIT:
        if (flags & TCP_ACK)
            close_flow(f);
        break;
    default:
        break;
    }
}

void flow_tcp_update(struct flow *f, const struct packet *p, int dir)
{
    uint8_t flags = p->tcp_flags;
    f->tcp_flags[dir] |= flags;

    if (flags & TCP_RST) {
        if (f->tcp_state != FLOW_TCP_NONE)
            close_flow(f);
        return;
    }
    switch (f->tcp_state) {
    case FLOW_TCP_NONE:
        /* Only a client's bare SYN starts a session; anything else is midstream. */
        if (dir == 0 && (flags & (TCP_SYN | TCP_ACK)) == TCP_SYN)
            f->tcp_state = FLOW_TCP_SYN_SENT;
        break;
    case FLOW_TCP_SYN_SENT:
        if (dir == 1 && (flags & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK))
            f->tcp_state = FLOW_TCP_SYN_RECV;
        break;
    case FLOW_TCP_SYN_RECV:
        if (dir == 0 && (flags & (TCP_SYN | TCP_ACK)) == TCP_ACK) {
            f->tcp_state = FLOW_TCP_ESTABLISHED;
            f->state = FLOW_STATE_ESTABLISHED;
            closing(f, flags);
        }
        break;
    case FLOW_TCP_CLOSED:
        break;
    default:
        closing(f, flags);
        break;
    }
}
