/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The workers run mode for capture files: this thread reads, steers each packet by a
 * symmetric hash of its flow (steer.h) to the worker that owns the flow, and hands packets
 * over in batches through one SPSC ring per worker (core/ring.h). A batch is a ring slot
 * that owns its bytes: the reader copies each frame into it (libpcap reuses its buffer),
 * so nothing is allocated per packet. When a worker's ring is full the reader waits
 * (counted as ring_full); nothing is dropped.
 *
 * Each worker (worker.h) owns its flows, defrag, streams, app-layer state, detection scratch
 * and EVE buffer; the compiled rules and the configuration are shared read-only. EVE: every
 * worker opens eve.json with O_APPEND and writes only whole records, gathered in its own
 * buffer and flushed with one write(2) each time; an O_APPEND write to a regular file is
 * placed and written as one piece, so lines of different workers never interleave.
 *
 * Flow timeouts run on packet time: every packet carries the reader's clock (the latest
 * packet time so far) and the time at which the input's current second began, when single
 * mode runs its once-a-second timeout pass, so each worker expires its flows as the single
 * run mode would. Idle workers get an empty batch carrying the time (a heartbeat) so their
 * flows time out too; at the end every worker runs the last pass and ends its open flows.
 */
#include "runmode_workers.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/compiler.h"
#include "core/err.h"
#include "core/log.h"
#include "core/ring.h"
#include "core/tstamp.h"
#include "detect/match.h"
#include "output/eve/eve.h"
#include "reload.h"
#include "steer.h"
#include "worker.h"

#define RM_MAX_THREADS    64
#define RM_BATCH_PKTS     128
#define RM_BATCH_BYTES    (320u * 1024) /* > 262144, libpcap's largest snapshot length */
#define RM_RING_BATCHES   16            /* batches in flight per worker */
#define RM_SPINS          256           /* polls before yielding on an empty or full ring */
#define RM_YIELDS         8             /* yields before sleeping */
#define RM_HEARTBEAT_SECS 2             /* packet seconds a worker may go without a batch */
#define RM_WAIT_NS        1000000       /* a sleep's upper bound, in case a wake-up is missed */
#define RM_STATS_MAX      1024
#define USEC              1000000ull

/* One frame in a batch; its bytes are at data + off. */
struct rm_pkt {
    uint64_t ts_usec, pcap_cnt;
    uint64_t now;     /* the reader's clock when it was read */
    uint64_t tick;    /* when the input's current second began (the timeout pass) */
    const char *file; /* the capture file (capture keeps the names to the end) */
    uint32_t off, caplen, wirelen;
    enum decode_link link;
};

/* A ring slot: up to RM_BATCH_PKTS frames, their bytes, and the time at hand-over. */
struct rm_batch {
    uint32_t n, used;
    bool advance; /* run the timeouts at now/tick after the frames (heartbeat, end) */
    bool last;    /* the end of input: the worker shuts down after it */
    uint64_t now, tick;
    struct rm_pkt pkt[RM_BATCH_PKTS];
    uint8_t data[RM_BATCH_BYTES];
};

/* A worker thread and its ring. The ring's indexes sit on their own cache lines. */
struct rm_worker {
    struct kh_ring ring;
    _Alignas(KH_CACHE_LINE) _Atomic uint32_t cons_sleeping; /* the worker waits for a batch */
    _Atomic uint32_t prod_sleeping;                         /* the reader waits for a slot */
    _Alignas(KH_CACHE_LINE) struct rm_batch *batches;
    /* reader side */
    struct rm_batch *open; /* being filled, not yet committed */
    uint64_t sent_sec;     /* packet second of the last batch committed */
    uint64_t ring_full;    /* times the reader found the ring full and waited */
    uint64_t batches_sent;
    uint64_t truncated; /* frames cut to RM_BATCH_BYTES (none with libpcap's limits) */
    /* worker side */
    _Alignas(KH_CACHE_LINE) struct worker *w;
    uint64_t pkts, bytes;
    uint64_t sleeps; /* times the worker found the ring empty and slept */
    double cpu_s;    /* the thread's CPU time (user + system) at its end */
    pthread_t th;
    bool started;
};

struct rm {
    double reader_cpu_s; /* the reader's CPU time for reading and handing out */
    struct rm_worker *rw;
    struct detect_thr_shared *thr; /* thresholds counted across workers */
    struct reload *reload;         /* hot reload (polled by the reader), or NULL */
    uint32_t n;
    uint64_t now, tick, sec; /* the reader's clock */
};

/* CPU time of the calling thread, user + system, in seconds. */
static double thread_cpu_s(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_THREAD, &ru) != 0)
        return 0.0;
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void futex_wait(_Atomic uint32_t *addr, uint32_t seen)
{
    struct timespec ts = {.tv_sec = 0, .tv_nsec = RM_WAIT_NS};
    syscall(SYS_futex, (uint32_t *)addr, FUTEX_WAIT_PRIVATE, seen, &ts, NULL, 0);
}

static void futex_wake(_Atomic uint32_t *addr)
{
    syscall(SYS_futex, (uint32_t *)addr, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/* Reader: the batch to fill, waiting while the ring is full. */
static struct rm_batch *prod_get(struct rm_worker *rw)
{
    bool counted = false;
    for (unsigned spin = 0;; spin++) {
        int64_t s = kh_ring_prod_slot(&rw->ring);
        if (s >= 0)
            return &rw->batches[s];
        if (!counted) {
            rw->ring_full++;
            counted = true;
        }
        if (spin < RM_SPINS) {
            cpu_relax();
            continue;
        }
        if (spin < RM_SPINS + RM_YIELDS) {
            sched_yield(); /* more threads than cores: let the worker run */
            continue;
        }
        uint32_t seen = atomic_load(&rw->ring.tail);
        atomic_store(&rw->prod_sleeping, 1);
        atomic_thread_fence(memory_order_seq_cst);
        if (kh_ring_prod_slot(&rw->ring) < 0)
            futex_wait(&rw->ring.tail, seen);
        atomic_store(&rw->prod_sleeping, 0);
    }
}

static void prod_commit(struct rm_worker *rw, uint64_t sec)
{
    kh_ring_prod_commit(&rw->ring);
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load_explicit(&rw->cons_sleeping, memory_order_relaxed))
        futex_wake(&rw->ring.head);
    rw->open = NULL;
    rw->sent_sec = sec;
    rw->batches_sent++;
}

/* Worker: the next batch, sleeping while the ring is empty. */
static struct rm_batch *cons_get(struct rm_worker *rw)
{
    for (unsigned spin = 0;; spin++) {
        int64_t s = kh_ring_cons_slot(&rw->ring);
        if (s >= 0)
            return &rw->batches[s];
        if (spin < RM_SPINS) {
            cpu_relax();
            continue;
        }
        if (spin < RM_SPINS + RM_YIELDS) {
            sched_yield(); /* more threads than cores: let the reader run */
            continue;
        }
        uint32_t seen = atomic_load(&rw->ring.head);
        atomic_store(&rw->cons_sleeping, 1);
        atomic_thread_fence(memory_order_seq_cst);
        if (kh_ring_cons_slot(&rw->ring) < 0) {
            rw->sleeps++;
            futex_wait(&rw->ring.head, seen);
        }
        atomic_store(&rw->cons_sleeping, 0);
    }
}

static void cons_release(struct rm_worker *rw)
{
    kh_ring_cons_release(&rw->ring);
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load_explicit(&rw->prod_sleeping, memory_order_relaxed))
        futex_wake(&rw->ring.tail);
}

/* Reader: a fresh batch for rw, committing the open one first when it has no room. */
static struct rm_batch *open_batch(struct rm *m, struct rm_worker *rw, uint32_t need)
{
    struct rm_batch *b = rw->open;
    if (b != NULL && (b->n == RM_BATCH_PKTS || RM_BATCH_BYTES - b->used < need)) {
        prod_commit(rw, m->sec);
        b = NULL;
    }
    if (b == NULL) {
        b = prod_get(rw);
        b->n = b->used = 0;
        b->advance = b->last = false;
        rw->open = b;
    }
    b->now = m->now;
    b->tick = m->tick;
    return b;
}

/* Reader: copy one frame into its worker's open batch. */
static void enqueue(struct rm *m, struct rm_worker *rw, const struct packet *p, const char *file)
{
    uint32_t len = p->caplen;
    if (unlikely(len > RM_BATCH_BYTES)) {
        len = RM_BATCH_BYTES;
        rw->truncated++;
    }
    struct rm_batch *b = open_batch(m, rw, len);
    struct rm_pkt *d = &b->pkt[b->n++];
    memcpy(b->data + b->used, p->data, len);
    *d = (struct rm_pkt){.ts_usec = p->ts_usec,
                         .pcap_cnt = p->pcap_cnt,
                         .now = m->now,
                         .tick = m->tick,
                         .file = file,
                         .off = b->used,
                         .caplen = len,
                         .wirelen = p->wirelen,
                         .link = p->link};
    b->used += (len + 7u) & ~7u; /* keep each frame 8-byte aligned */
    if (b->used > RM_BATCH_BYTES)
        b->used = RM_BATCH_BYTES;
}

/*
 * A new packet second: a worker that has had nothing for RM_HEARTBEAT_SECS gets its open
 * batch, or an empty one, with the time, so that its idle flows time out.
 */
static void heartbeat(struct rm *m)
{
    for (uint32_t i = 0; i < m->n; i++) {
        struct rm_worker *rw = &m->rw[i];
        if (m->sec < rw->sent_sec + RM_HEARTBEAT_SECS)
            continue;
        struct rm_batch *b = open_batch(m, rw, 0);
        b->advance = true;
        prod_commit(rw, m->sec);
    }
}

/* Read the whole input and hand it out; 0 when all of it was read cleanly. */
static int reader_run(struct rm *m, struct capture *cap)
{
    int failed = 0;
    struct packet p;
    memset(&p, 0, sizeof(p));
    m->sec = UINT64_MAX;
    for (;;) {
        int rc = capture_next(cap, &p);
        if (rc == 0)
            break;
        if (rc < 0) {
            /* as Suricata's pcap reader: an unreadable record ends that file with an
             * error message; the run goes on and its status stays 0 */
            kh_err("%s", capture_error(cap));
            continue;
        }
        if (p.ts_usec > m->now)
            m->now = p.ts_usec;
        if (unlikely(m->now / USEC != m->sec)) {
            bool first = m->sec == UINT64_MAX;
            m->sec = m->now / USEC;
            m->tick = m->now;
            if (!first)
                heartbeat(m);
            else
                for (uint32_t i = 0; i < m->n; i++)
                    m->rw[i].sent_sec = m->sec;
        }
        if (m->reload != NULL)
            reload_poll(m->reload, false); /* SIGUSR2: build the next generation */
        uint32_t k = steer_pick(steer_hash(p.link, p.data, p.caplen), m->n);
        enqueue(m, &m->rw[k], &p, capture_current_file(cap));
    }
    /* the end: what is open, then a last batch that runs the final pass and shuts down */
    for (uint32_t i = 0; i < m->n; i++) {
        struct rm_worker *rw = &m->rw[i];
        if (rw->open != NULL)
            prod_commit(rw, m->sec);
        struct rm_batch *b = open_batch(m, rw, 0);
        b->advance = b->last = true;
        prod_commit(rw, m->sec);
    }
    return failed;
}

/* A batch frame as a packet's capture fields. */
static void frame_to_packet(const struct rm_batch *b, uint32_t i, struct packet *p)
{
    const struct rm_pkt *d = &b->pkt[i];
    p->data = b->data + d->off;
    p->caplen = d->caplen;
    p->wirelen = d->wirelen;
    p->ts_usec = d->ts_usec;
    p->pcap_cnt = d->pcap_cnt;
    p->link = d->link;
}

/*
 * A worker: each batch's frames in order, each decoded one frame ahead so that its flow
 * bucket is on its way from memory while the frame before it is handled.
 */
static void *worker_main(void *arg)
{
    struct rm_worker *rw = arg;
    struct stage_clock *clk = worker_clock(rw->w);
    struct packet pk[2];
    memset(pk, 0, sizeof(pk));
    for (bool last = false; !last;) {
        uint64_t t = clk ? stage_now() : 0;
        const struct rm_batch *b = cons_get(rw);
        if (clk != NULL)
            clk->wait_cycles += stage_now() - t; /* every wait, not sampled */
        worker_sync_generation(rw->w);           /* a batch boundary: take a published reload */
        if (b->n > 0) {
            frame_to_packet(b, 0, &pk[0]);
            worker_decode_ahead(rw->w, &pk[0]);
        }
        for (uint32_t i = 0; i < b->n; i++) {
            if (i + 1 < b->n) {
                frame_to_packet(b, i + 1, &pk[(i + 1) & 1]);
                worker_decode_ahead(rw->w, &pk[(i + 1) & 1]);
            }
            const struct rm_pkt *d = &b->pkt[i];
            worker_packet_decoded(rw->w, &pk[i & 1], d->now, d->tick, d->file);
            rw->bytes += d->caplen;
        }
        rw->pkts += b->n;
        if (b->advance)
            worker_advance(rw->w, b->now, b->tick);
        last = b->last;
        cons_release(rw);
    }
    worker_shutdown(rw->w);
    rw->cpu_s = thread_cpu_s();
    return NULL;
}

bool runmode_workers_wanted(const struct engine_opts *o, const struct engine_config *cfg,
                            uint32_t *nthreads)
{
    bool workers =
        o->runmode
            ? (strcmp(o->runmode, "workers") == 0 || strcmp(o->runmode, "autofp") == 0)
            : (cfg->runmode == ENGINE_RUNMODE_WORKERS || cfg->runmode == ENGINE_RUNMODE_AUTOFP);
    long n = o->threads;
    if (n <= 0)
        n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n <= 0)
        n = 1;
    *nthreads = n > RM_MAX_THREADS ? RM_MAX_THREADS : (uint32_t)n;
    return workers;
}

/*
 * Each worker's share of the global caps (flow, stream, defrag memcaps and preallocation),
 * so that all workers together stay within what is configured.
 */
static void split_caps(struct engine_config *c, uint32_t n)
{
    c->flow.memcap /= n;
    c->flow.prealloc /= n;
    c->stream.memcap /= n;
    c->stream.reassembly_memcap /= n;
    c->stream.prealloc_sessions /= n;
    c->defrag.memcap /= n;
    c->defrag.trackers /= n;
}

/* Names of the per-thread counters, built once: "threads.W#01.pkts", ... */
struct rm_names {
    char buf[RM_MAX_THREADS][STAGE_MAX + 2][40];
};

/*
 * Per-thread counters, as Suricata's stats "threads" object (eve-log stats threads: yes):
 * the reader's ring-full waits, and each worker's packets, ring-full waits and time per
 * stage ("wait" is time spent waiting for a batch).
 */
static size_t thread_stats(struct rm *m, struct rm_names *nm, struct stats_value *out, size_t max)
{
    size_t n = 0;
    uint64_t full = 0;
    for (uint32_t i = 0; i < m->n; i++)
        full += m->rw[i].ring_full;
    if (n < max)
        out[n++] = (struct stats_value){"threads.RX#01.ring_full", full};
    for (uint32_t i = 0; i < m->n && n + STAGE_MAX + 2 <= max; i++) {
        struct rm_worker *rw = &m->rw[i];
        snprintf(nm->buf[i][0], sizeof(nm->buf[i][0]), "threads.W#%02u.pkts", i + 1);
        out[n++] = (struct stats_value){nm->buf[i][0], rw->pkts};
        snprintf(nm->buf[i][1], sizeof(nm->buf[i][1]), "threads.W#%02u.ring_full", i + 1);
        out[n++] = (struct stats_value){nm->buf[i][1], rw->ring_full};
        struct stage_clock *clk = worker_clock(rw->w);
        if (clk == NULL)
            continue;
        uint64_t ns[STAGE_MAX];
        stage_clock_ns(clk, ns);
        for (int s = STAGE_CAPTURE; s < STAGE_MAX; s++) {
            char *name = nm->buf[i][2 + s];
            snprintf(name, sizeof(nm->buf[i][0]), "threads.W#%02u.%s_us", i + 1,
                     s == STAGE_CAPTURE ? "wait" : stage_name((enum stage)s));
            out[n++] = (struct stats_value){name, ns[s] / 1000};
        }
    }
    return n;
}

/* Sum the workers' counters (same names, same order in every worker): the totals. */
static size_t merge_stats(struct rm *m, struct stats_value *out, size_t max)
{
    struct stats_value *one = kh_calloc(max, sizeof(*one));
    if (one == NULL)
        return 0;
    size_t n = worker_collect_stats(m->rw[0].w, out, max);
    for (uint32_t i = 1; i < m->n; i++) {
        size_t k = worker_collect_stats(m->rw[i].w, one, max);
        for (size_t j = 0; j < k && j < n; j++)
            if (strcmp(one[j].name, out[j].name) == 0)
                out[j].value += one[j].value;
    }
    kh_free(one);
    return n;
}

static uint64_t find_value(const struct stats_value *v, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].name, name) == 0)
            return v[i].value;
    return 0;
}

static void print_summary(struct rm *m, const struct capture *cap, const struct stats_value *v,
                          size_t nv, uint64_t elapsed_ns)
{
    const struct capture_stats *cs = capture_stats(cap);
    double secs = (double)elapsed_ns / 1e9;
    uint64_t events = 0, full = 0;
    for (uint32_t i = 0; i < m->n; i++) {
        events += worker_decoder_events(m->rw[i].w);
        full += m->rw[i].ring_full;
    }
    printf("khien: %" PRIu64 " packets (%" PRIu64 " bytes) from %" PRIu64 " file(s) in %.3f s"
           " (%.0f packets/s)\n",
           cs->pkts, cs->bytes, cs->files, secs, secs > 0 ? (double)cs->pkts / secs : 0.0);
    printf("khien: %" PRIu64 " flows (%" PRIu64 " tcp, %" PRIu64 " udp, %" PRIu64 " icmp), %" PRIu64
           " decoder events, %" PRIu64 " invalid packets\n",
           find_value(v, nv, "flow.total"), find_value(v, nv, "flow.tcp"),
           find_value(v, nv, "flow.udp"),
           find_value(v, nv, "flow.icmpv4") + find_value(v, nv, "flow.icmpv6"), events,
           find_value(v, nv, "decoder.invalid"));
    if (worker_eve_stats(m->rw[0].w) != NULL) {
        uint64_t r[4] = {0};
        static const enum eve_type types[4] = {EVE_TYPE_ALERT, EVE_TYPE_FLOW, EVE_TYPE_ANOMALY,
                                               EVE_TYPE_STATS};
        for (uint32_t i = 0; i < m->n; i++)
            for (int t = 0; t < 4; t++)
                r[t] += worker_eve_stats(m->rw[i].w)->records[__builtin_ctz(types[t])];
        printf("khien: eve records: alert %" PRIu64 ", flow %" PRIu64 ", anomaly %" PRIu64
               ", stats %" PRIu64 " -> %s\n",
               r[0], r[1], r[2], r[3], worker_eve_path(m->rw[0].w));
    }
    printf("khien: runmode workers, %u worker threads; packets per worker:", m->n);
    for (uint32_t i = 0; i < m->n; i++)
        printf(" %" PRIu64, m->rw[i].pkts);
    printf("; reader waited on a full ring %" PRIu64 " times\n", full);
    printf("khien: CPU seconds: reader %.3f, workers", m->reader_cpu_s);
    for (uint32_t i = 0; i < m->n; i++)
        printf(" %.3f", m->rw[i].cpu_s);
    printf("\n");
}

void runmode_print_stages(struct worker *const *w, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        struct stage_clock *clk = worker_clock(w[i]);
        if (clk == NULL)
            continue;
        uint64_t ns[STAGE_MAX], total = 0;
        stage_clock_ns(clk, ns);
        for (int s = 0; s < STAGE_MAX; s++)
            total += ns[s];
        printf("khien: thread %u time (ms):", i + 1);
        for (int s = 0; s < STAGE_MAX; s++)
            printf(" %s %.1f (%.0f%%)", stage_name((enum stage)s), (double)ns[s] / 1e6,
                   total ? 100.0 * (double)ns[s] / (double)total : 0.0);
        printf("\n");
    }
}

/* Make the workers and their rings; 0, or KH_ENOMEM / KH_EINVAL with the reason logged. */
static int setup(struct rm *m, const struct runmode_args *a, const struct engine_config *wcfg)
{
    m->reload = a->reload;
    m->rw = kh_aligned_alloc(KH_CACHE_LINE, (size_t)m->n * sizeof(*m->rw));
    if (m->rw == NULL || (a->de != NULL && (m->thr = detect_thr_shared_new()) == NULL))
        goto out_nomem;
    for (uint32_t i = 0; i < m->n; i++) {
        struct rm_worker *rw = &m->rw[i];
        kh_ring_init(&rw->ring, RM_RING_BATCHES);
        rw->batches = kh_calloc(RM_RING_BATCHES, sizeof(*rw->batches));
        if (rw->batches == NULL)
            goto out_nomem;
        struct worker_setup s = {.cfg = wcfg,
                                 .conf = a->conf,
                                 .de = a->de,
                                 .reload = a->reload,
                                 .icfg = a->icfg,
                                 .thr = m->thr,
                                 .log_dir = a->log_dir,
                                 .index = i,
                                 .count = m->n,
                                 .clock = true,
                                 .stop_after = a->opts->stop_after};
        rw->w = worker_new(&s);
        if (rw->w == NULL)
            return KH_EINVAL;
    }
    return KH_OK;

out_nomem:
    kh_err("workers: out of memory for %u workers' rings", m->n);
    return KH_ENOMEM;
}

static int teardown(struct rm *m)
{
    int rc = KH_OK;
    /* one sightings record for the run, as the single run mode writes it */
    for (uint32_t i = 1; m->rw != NULL && m->rw[0].w != NULL && i < m->n; i++)
        if (m->rw[i].w != NULL)
            worker_merge_sightings(m->rw[0].w, m->rw[i].w);
    for (uint32_t i = 0; m->rw != NULL && i < m->n; i++) {
        if (worker_free(m->rw[i].w) != KH_OK)
            rc = KH_EIO;
        kh_free(m->rw[i].batches);
    }
    kh_free(m->rw);
    detect_thr_shared_free(m->thr);
    return rc;
}

/* Start the workers, read, join; stats and summary at the end. */
static int run(struct rm *m, const struct runmode_args *a)
{
    int failed = 0;
    for (uint32_t i = 0; i < m->n; i++) {
        int err = pthread_create(&m->rw[i].th, NULL, worker_main, &m->rw[i]);
        if (err != 0) {
            kh_err("workers: cannot start thread %u: %s", i + 1, strerror(err));
            m->n = i; /* the ones started are told the input ended */
            failed = 1;
            break;
        }
        m->rw[i].started = true;
    }
    double cpu0 = thread_cpu_s();
    if (!failed)
        failed = reader_run(m, a->cap);
    else
        for (uint32_t i = 0; i < m->n; i++) {
            struct rm_batch *b = open_batch(m, &m->rw[i], 0);
            b->advance = b->last = true;
            prod_commit(&m->rw[i], m->sec);
        }
    m->reader_cpu_s = thread_cpu_s() - cpu0;
    for (uint32_t i = 0; i < m->n; i++)
        if (m->rw[i].started)
            pthread_join(m->rw[i].th, NULL);
    return failed;
}

int runmode_workers_run(const struct runmode_args *a, uint32_t nthreads)
{
    struct engine_config wcfg = *a->cfg;
    split_caps(&wcfg, nthreads);
    struct rm m = {.n = nthreads};
    kh_info("runmode workers: %u worker threads", nthreads);
    int exit_code = 1;
    struct stats_value *vals = NULL;
    struct rm_names *names = NULL;
    uint32_t made = nthreads;
    if (setup(&m, a, &wcfg) != KH_OK)
        goto out;
    exit_code = run(&m, a);
    uint64_t elapsed = kh_monotonic_ns() - a->t0;
    vals = kh_calloc(RM_STATS_MAX, sizeof(*vals));
    names = kh_calloc(1, sizeof(*names));
    size_t nv = vals && names ? merge_stats(&m, vals, RM_STATS_MAX) : 0;
    if (a->cfg->eve.enabled && a->cfg->stats_enabled) {
        size_t nt = nv && a->cfg->eve.stats_threads
                        ? thread_stats(&m, names, vals + nv, RM_STATS_MAX - nv)
                        : 0;
        if (nv > 0)
            worker_log_stats(m.rw[0].w, elapsed / 1000000000u, vals, nv + nt);
        else
            kh_err("stats: out of memory, final stats record not written");
    }
    if (a->opts->summary) {
        print_summary(&m, a->cap, vals, nv, elapsed);
        if (a->opts->stage_summary) {
            struct worker *ws[RM_MAX_THREADS];
            for (uint32_t i = 0; i < m.n; i++)
                ws[i] = m.rw[i].w;
            runmode_print_stages(ws, m.n);
        }
    }
out:
    m.n = made;
    if (teardown(&m) != KH_OK)
        exit_code = 1;
    kh_free(vals);
    kh_free(names);
    return exit_code;
}
