/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The flow table: a chained hash table over flows carved from slabs, with one list per
 * timeout class (protocol x state) kept in last-seen order, so the next flow to expire in
 * each class is always at its head and timeouts cost O(1) per flow, never a table scan.
 */
#include "flow.h"

#include <string.h>

#include "core/alloc.h"
#include "core/compiler.h"
#include "core/hash.h"
#include "core/log.h"
#include "tcp.h"

#define FLOW_SLAB_FLOWS 256
#define FLOW_TCLASS_MAX (FLOW_PROTO_MAX * FLOW_STATE_MAX)
#define USEC            1000000ull
/* flow_id fits JSON's exact-integer range (2^53) as Suricata's does; the multiplier is odd,
 * so counter -> id is a bijection modulo 2^51 and ids never repeat within a run. */
#define FLOW_ID_MASK ((1ull << 51) - 1)
#define FLOW_ID_MUL  0x9e3779b97f4a7c15ull

struct flow_list {
    struct flow *head;
    struct flow *tail;
};

struct flow_slab {
    struct flow_slab *next;
    struct flow flows[FLOW_SLAB_FLOWS];
};

struct flow_table {
    struct flow **buckets;
    uint32_t mask;
    struct flow *free_list; /* chained through hnext */
    struct flow_slab *slabs;
    uint64_t memcap;
    uint64_t max_flows; /* what the cap allows, for emergency recovery */
    struct flow_list lists[FLOW_TCLASS_MAX];
    uint32_t timeout[FLOW_TCLASS_MAX];
    uint32_t emerg_timeout[FLOW_TCLASS_MAX];
    uint32_t recovery_pct;
    bool emergency;
    uint8_t id_base, id_stride; /* this table's share of the flow_id counter (workers) */
    uint64_t now;               /* latest packet time seen, microseconds */
    uint64_t checked_sec;       /* packet second of the last timeout pass */
    uint64_t seed;
    uint64_t next_id;
    flow_end_fn on_end;
    void *end_ctx;
    struct flow_stats st;
};

static enum flow_proto_class proto_class(uint8_t proto)
{
    switch (proto) {
    case 6:
        return FLOW_PROTO_TCP;
    case 17:
        return FLOW_PROTO_UDP;
    case 1:
    case 58:
        return FLOW_PROTO_ICMP;
    default:
        return FLOW_PROTO_DEFAULT;
    }
}

static uint8_t tclass_of(const struct flow *f)
{
    return (uint8_t)(proto_class(f->proto) * FLOW_STATE_MAX + f->state);
}

static void set_timeouts(struct flow_table *t, const struct flow_config *cfg)
{
    for (int pc = 0; pc < FLOW_PROTO_MAX; pc++) {
        const struct flow_timeouts *to = &cfg->timeouts[pc];
        uint32_t *n = &t->timeout[pc * FLOW_STATE_MAX];
        uint32_t *e = &t->emerg_timeout[pc * FLOW_STATE_MAX];
        n[FLOW_STATE_NEW] = to->new_;
        n[FLOW_STATE_ESTABLISHED] = to->established;
        /* Only TCP has a closed timeout in Suricata; others close by timing out. */
        n[FLOW_STATE_CLOSED] = pc == FLOW_PROTO_TCP ? to->closed : to->established;
        e[FLOW_STATE_NEW] = to->emergency_new;
        e[FLOW_STATE_ESTABLISHED] = to->emergency_established;
        e[FLOW_STATE_CLOSED] =
            pc == FLOW_PROTO_TCP ? to->emergency_closed : to->emergency_established;
    }
}

static uint32_t round_pow2(uint32_t v)
{
    uint32_t p = 1024;
    while (p < v && p < (1u << 30))
        p <<= 1;
    return p;
}

static bool add_slab(struct flow_table *t)
{
    if (t->st.memuse + sizeof(struct flow_slab) > t->memcap)
        return false;
    struct flow_slab *s = kh_calloc(1, sizeof(*s));
    if (s == NULL)
        return false;
    s->next = t->slabs;
    t->slabs = s;
    for (int i = FLOW_SLAB_FLOWS - 1; i >= 0; i--) {
        s->flows[i].hnext = t->free_list;
        t->free_list = &s->flows[i];
    }
    t->st.memuse += sizeof(*s);
    t->st.spare += FLOW_SLAB_FLOWS;
    return true;
}

struct flow_table *flow_table_new(const struct flow_config *cfg, flow_end_fn on_end, void *end_ctx,
                                  uint64_t seed)
{
    struct flow_table *t = kh_calloc(1, sizeof(*t));
    if (t == NULL)
        return NULL;
    uint32_t nbuckets = round_pow2(cfg->hash_size);
    t->buckets = kh_calloc(nbuckets, sizeof(*t->buckets));
    if (t->buckets == NULL) {
        kh_free(t);
        return NULL;
    }
    t->mask = nbuckets - 1;
    t->memcap = cfg->memcap;
    t->st.memuse = (uint64_t)nbuckets * sizeof(*t->buckets) + sizeof(*t);
    if (t->st.memuse + sizeof(struct flow_slab) > t->memcap) {
        kh_err("flow.memcap %llu is too small for flow.hash-size %u",
               (unsigned long long)cfg->memcap, cfg->hash_size);
        goto out_free_table;
    }
    t->max_flows = (t->memcap - t->st.memuse) / sizeof(struct flow_slab) * FLOW_SLAB_FLOWS;
    t->recovery_pct = cfg->emergency_recovery;
    set_timeouts(t, cfg);
    t->seed = seed;
    t->id_stride = 1;
    t->on_end = on_end;
    t->end_ctx = end_ctx;
    while (t->st.spare < cfg->prealloc && add_slab(t))
        ;
    return t;

out_free_table:
    kh_free(t->buckets);
    kh_free(t);
    return NULL;
}

void flow_table_set_id_space(struct flow_table *t, uint32_t index, uint32_t count)
{
    BUG_ON(count > UINT8_MAX || index >= (count ? count : 1));
    t->id_base = (uint8_t)index;
    t->id_stride = (uint8_t)(count ? count : 1);
}

static void list_remove(struct flow_list *l, struct flow *f)
{
    if (f->lprev)
        f->lprev->lnext = f->lnext;
    else
        l->head = f->lnext;
    if (f->lnext)
        f->lnext->lprev = f->lprev;
    else
        l->tail = f->lprev;
    f->lprev = f->lnext = NULL;
}

static void list_append(struct flow_list *l, struct flow *f)
{
    f->lnext = NULL;
    f->lprev = l->tail;
    if (l->tail)
        l->tail->lnext = f;
    else
        l->head = f;
    l->tail = f;
}

/* Unlink a flow from its bucket and list, report it, and put it on the free list. */
static void flow_end(struct flow_table *t, struct flow *f, enum flow_end_reason reason)
{
    struct flow **pp = &t->buckets[f->hash & t->mask];
    while (*pp != f)
        pp = &(*pp)->hnext;
    *pp = f->hnext;
    list_remove(&t->lists[f->tclass], f);
    t->st.end_state[f->state]++;
    if (reason == FLOW_END_TIMEOUT)
        t->st.timeout++;
    else if (reason == FLOW_END_SHUTDOWN)
        t->st.shutdown++;
    if (t->on_end)
        t->on_end(t->end_ctx, f, reason, t->now);
    f->hnext = t->free_list;
    t->free_list = f;
    t->st.active--;
    t->st.spare++;
}

static bool expired(const struct flow_table *t, const struct flow *f, uint64_t now)
{
    const uint32_t *to = t->emergency ? t->emerg_timeout : t->timeout;
    return f->last_ts + (uint64_t)to[f->tclass] * USEC < now;
}

static size_t expire_all(struct flow_table *t, uint64_t now)
{
    size_t n = 0;
    for (int c = 0; c < FLOW_TCLASS_MAX; c++) {
        struct flow *f;
        while ((f = t->lists[c].head) != NULL && expired(t, f, now)) {
            flow_end(t, f, FLOW_END_TIMEOUT);
            n++;
        }
    }
    return n;
}

static void check_recovery(struct flow_table *t)
{
    if (t->emergency && t->st.active * 100 <= t->max_flows * (100 - t->recovery_pct)) {
        t->emergency = false;
        t->st.emerg_mode_over++;
        kh_info("flow: emergency mode over, %llu flows active", (unsigned long long)t->st.active);
    }
}

size_t flow_table_timeout(struct flow_table *t, uint64_t now_usec)
{
    if (now_usec > t->now)
        t->now = now_usec;
    uint64_t sec = t->now / USEC;
    if (likely(sec == t->checked_sec))
        return 0;
    t->checked_sec = sec;
    size_t n = expire_all(t, t->now);
    check_recovery(t);
    return n;
}

/*
 * Evict the flow seen least recently across all lists: the memcap policy once emergency
 * timeouts have not freed anything. Each list head is its class's oldest flow.
 */
static bool evict_oldest(struct flow_table *t)
{
    struct flow *oldest = NULL;
    for (int c = 0; c < FLOW_TCLASS_MAX; c++) {
        struct flow *f = t->lists[c].head;
        if (f && (oldest == NULL || f->last_ts < oldest->last_ts))
            oldest = f;
    }
    if (oldest == NULL)
        return false;
    flow_end(t, oldest, FLOW_END_FORCED);
    t->st.get_used++;
    return true;
}

static struct flow *flow_alloc(struct flow_table *t)
{
    if (unlikely(t->free_list == NULL) && !add_slab(t)) {
        t->st.memcap++;
        if (!t->emergency) {
            t->emergency = true;
            t->st.emerg_mode_entered++;
            kh_info("flow: memcap reached, emergency mode with shorter timeouts");
        }
        if (expire_all(t, t->now) == 0 && !evict_oldest(t))
            return NULL;
    }
    struct flow *f = t->free_list;
    t->free_list = f->hnext;
    t->st.spare--;
    return f;
}

/*
 * Endpoint order for the symmetric hash: compare (address, port) pairs. Any total order
 * works as long as both directions agree, so the addresses compare as two integers.
 */
static bool src_is_lower(const struct packet *p)
{
    if (p->src.q[0] != p->dst.q[0])
        return p->src.q[0] < p->dst.q[0];
    if (p->src.q[1] != p->dst.q[1])
        return p->src.q[1] < p->dst.q[1];
    return p->sp <= p->dp;
}

static uint32_t flow_hash(const struct flow_table *t, const struct packet *p)
{
    const struct kh_addr *a = &p->src, *b = &p->dst;
    uint32_t ports = (uint32_t)p->sp << 16 | p->dp;
    if (!src_is_lower(p)) {
        a = &p->dst;
        b = &p->src;
        ports = (uint32_t)p->dp << 16 | p->sp;
    }
    uint64_t h = t->seed;
    h = kh_hash_add64(h, a->q[0] ^ (b->q[0] << 1));
    if (p->ip_ver == 6) {
        h = kh_hash_add64(h, a->q[1]);
        h = kh_hash_add64(h, b->q[0]);
        h = kh_hash_add64(h, b->q[1]);
    }
    uint64_t v0 = p->vlan_cnt > 0 ? p->vlan[0] : 0;
    uint64_t v1 = p->vlan_cnt > 1 ? p->vlan[1] : 0;
    h = kh_hash_add64(h, (uint64_t)ports << 32 | (uint64_t)p->proto << 24 |
                             (uint64_t)p->tunnel_depth << 16 | (v0 << 4 ^ v1));
    return (uint32_t)(h ^ (h >> 32));
}

static bool same_vlans(const struct flow *f, const struct packet *p)
{
    uint16_t v0 = p->vlan_cnt > 0 ? p->vlan[0] : 0;
    uint16_t v1 = p->vlan_cnt > 1 ? p->vlan[1] : 0;
    return f->vlan[0] == v0 && f->vlan[1] == v1;
}

static bool addr_eq(const struct kh_addr *x, const struct kh_addr *y)
{
    return x->q[0] == y->q[0] && x->q[1] == y->q[1];
}

/* Does the packet belong to the flow, and in which direction (0 to server, 1 to client)? */
static int match_dir(const struct flow *f, const struct packet *p)
{
    if (f->proto != p->proto || f->tunnel_depth != p->tunnel_depth || !same_vlans(f, p))
        return -1;
    if (f->sp == p->sp && f->dp == p->dp && addr_eq(&f->src, &p->src) && addr_eq(&f->dst, &p->dst))
        return 0;
    if (f->sp == p->dp && f->dp == p->sp && addr_eq(&f->src, &p->dst) && addr_eq(&f->dst, &p->src))
        return 1;
    return -1;
}

/*
 * Set up a new flow from its first packet; returns that packet's direction. A TCP flow
 * whose first packet is a SYN/ACK was picked up after the client's SYN, so, as Suricata
 * does, the packet's sender is taken as the server and the flow starts reversed.
 */
static int flow_init(struct flow_table *t, struct flow *f, const struct packet *p, uint32_t hash)
{
    int dir = p->proto == 6 && (p->tcp_flags & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK);
    memset(f, 0, sizeof(*f));
    f->hash = hash;
    f->src = dir ? p->dst : p->src;
    f->dst = dir ? p->src : p->dst;
    f->sp = dir ? p->dp : p->sp;
    f->dp = dir ? p->sp : p->dp;
    f->proto = p->proto;
    f->ip_ver = p->ip_ver;
    f->tunnel_depth = p->tunnel_depth;
    f->vlan_cnt = p->vlan_cnt > 2 ? 2 : p->vlan_cnt;
    f->vlan[0] = p->vlan_cnt > 0 ? p->vlan[0] : 0;
    f->vlan[1] = p->vlan_cnt > 1 ? p->vlan[1] : 0;
    f->start_ts = p->ts_usec;
    f->last_ts = p->ts_usec;
    f->id = ((t->next_id++ * t->id_stride + t->id_base + 1u) * FLOW_ID_MUL) & FLOW_ID_MASK;
    f->tclass = tclass_of(f);
    t->st.total++;
    t->st.active++;
    switch (p->proto) {
    case 6:
        t->st.tcp++;
        break;
    case 17:
        t->st.udp++;
        break;
    case 1:
        t->st.icmpv4++;
        break;
    case 58:
        t->st.icmpv6++;
        break;
    }
    return dir;
}

/* Per-packet update: counters, state, and position in the timeout lists. */
static void flow_update(struct flow_table *t, struct flow *f, const struct packet *p, int dir)
{
    f->pkt_state = f->state;
    f->pkts[dir]++;
    f->bytes[dir] += p->caplen;
    if (p->ts_usec > f->last_ts)
        f->last_ts = p->ts_usec;
    if (!f->seen[dir] && (p->proto == 1 || p->proto == 58)) {
        f->icmp_type[dir] = p->icmp_type;
        f->icmp_code[dir] = p->icmp_code;
    }
    if (!f->seen[dir] || p->ttl < f->ttl_min[dir])
        f->ttl_min[dir] = p->ttl;
    if (!f->seen[dir] || p->ttl > f->ttl_max[dir])
        f->ttl_max[dir] = p->ttl;
    f->seen[dir] = true;
    if (p->proto == 6)
        flow_tcp_update(f, p, dir);
    else if (f->seen[0] && f->seen[1])
        f->state = FLOW_STATE_ESTABLISHED;

    uint8_t tc = tclass_of(f);
    struct flow_list *l = &t->lists[f->tclass];
    if (tc != f->tclass || l->tail != f) {
        list_remove(l, f);
        f->tclass = tc;
        list_append(&t->lists[tc], f);
    }
}

void flow_table_prefetch(const struct flow_table *t, const struct packet *p)
{
    __builtin_prefetch(&t->buckets[flow_hash(t, p) & t->mask]);
}

struct flow *flow_table_lookup(struct flow_table *t, struct packet *p)
{
    if (p->ts_usec > t->now)
        t->now = p->ts_usec;
    uint32_t hash = flow_hash(t, p);
    struct flow **bucket = &t->buckets[hash & t->mask];
    int dir = -1;
    struct flow *f;
    for (f = *bucket; f != NULL; f = f->hnext) {
        if (f->hash == hash && (dir = match_dir(f, p)) >= 0)
            break;
    }
    if (f == NULL) {
        f = flow_alloc(t);
        if (unlikely(f == NULL)) {
            p->flow = NULL;
            return NULL;
        }
        dir = flow_init(t, f, p, hash);
        f->hnext = *bucket;
        *bucket = f;
        list_append(&t->lists[f->tclass], f);
    }
    flow_update(t, f, p, dir);
    p->flow = f;
    p->flow_dir = (uint8_t)dir;
    p->flow_hash = hash;
    return f;
}

void flow_table_shutdown(struct flow_table *t, uint64_t now_usec)
{
    if (now_usec > t->now)
        t->now = now_usec;
    /* End flows in the order they were last seen, so shutdown output is deterministic. */
    for (;;) {
        struct flow *oldest = NULL;
        for (int c = 0; c < FLOW_TCLASS_MAX; c++) {
            struct flow *f = t->lists[c].head;
            if (f && (oldest == NULL || f->last_ts < oldest->last_ts ||
                      (f->last_ts == oldest->last_ts && f->id < oldest->id)))
                oldest = f;
        }
        if (oldest == NULL)
            break;
        flow_end(t, oldest, FLOW_END_SHUTDOWN);
    }
}

void flow_table_free(struct flow_table *t)
{
    if (t == NULL)
        return;
    struct flow_slab *s = t->slabs;
    while (s) {
        struct flow_slab *next = s->next;
        kh_free(s);
        s = next;
    }
    kh_free(t->buckets);
    kh_free(t);
}

const struct flow_stats *flow_table_stats(const struct flow_table *t)
{
    return &t->st;
}
