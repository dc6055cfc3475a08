/* SPDX-License-Identifier: GPL-2.0-only */
/* DNS-over-TCP transactions held for inspection on the next packet of their direction. */
#include "dns_defer.h"

#include <stddef.h>
#include <string.h>

#include "core/alloc.h"
#include "decode/packet.h"
#include "flow/flow.h"

struct dns_held {
    const struct flow *f;
    int dir;
    uint64_t seq; /* order held: the oldest is taken first */
    struct dns_tx tx;
    struct dns_msg *msg; /* the copy tx.msg points to */
};

struct dns_defer {
    uint32_t n;
    uint64_t next_seq;
    struct dns_held h[DNS_DEFER_MAX];
    struct dns_msg *taken; /* the message of the latest transaction taken */
    struct dns_tx taken_tx;
    struct dns_defer_stats st;
};

struct dns_defer *dns_defer_new(void)
{
    return kh_calloc(1, sizeof(struct dns_defer));
}

void dns_defer_free(struct dns_defer *q)
{
    if (q == NULL)
        return;
    for (uint32_t i = 0; i < q->n; i++)
        kh_free(q->h[i].msg);
    kh_free(q->taken);
    kh_free(q);
}

/* A copy of m: the fixed part and the name text it uses. */
static struct dns_msg *msg_copy(const struct dns_msg *m)
{
    struct dns_msg *c = kh_malloc(sizeof(*c));
    if (c == NULL)
        return NULL;
    size_t text = m->text_len <= sizeof(m->text) ? m->text_len : sizeof(m->text);
    memcpy(c, m, offsetof(struct dns_msg, text));
    memcpy(c->text, m->text, text);
    return c;
}

bool dns_defer_hold(struct dns_defer *q, const struct packet *cur, const struct flow *f,
                    const struct dns_tx *tx)
{
    int dir = tx->to_server ? 0 : 1;
    if (q == NULL || cur == NULL || f == NULL || f->proto != 6 || cur->flow_dir == dir)
        return false;
    if (q->n == DNS_DEFER_MAX) {
        q->st.full++;
        return false;
    }
    struct dns_held *h = &q->h[q->n];
    if ((h->msg = msg_copy(tx->msg)) == NULL) {
        q->st.nomem++;
        return false;
    }
    h->f = f;
    h->dir = dir;
    h->seq = q->next_seq++;
    h->tx = *tx;
    h->tx.msg = h->msg;
    q->n++;
    q->st.held++;
    return true;
}

const struct dns_tx *dns_defer_take(struct dns_defer *q, const struct flow *f, int dir)
{
    uint32_t best = UINT32_MAX;
    for (uint32_t i = 0; q != NULL && i < q->n; i++)
        if (q->h[i].f == f && (dir < 0 || q->h[i].dir == dir) &&
            (best == UINT32_MAX || q->h[i].seq < q->h[best].seq))
            best = i;
    if (best == UINT32_MAX)
        return NULL;
    kh_free(q->taken);
    q->taken = q->h[best].msg;
    q->taken_tx = q->h[best].tx;
    q->h[best] = q->h[--q->n];
    return &q->taken_tx;
}

bool dns_defer_any(const struct dns_defer *q)
{
    return q != NULL && q->n > 0;
}

const struct dns_defer_stats *dns_defer_stats(const struct dns_defer *q)
{
    return &q->st;
}
