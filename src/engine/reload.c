/* SPDX-License-Identifier: GPL-2.0-only */
/* Hot reload: generations, the background build thread and the SIGUSR2 flag. */
#include "reload.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>

#include "core/alloc.h"
#include "core/log.h"
#include "detect/detect.h"
#include "detect/match.h"
#include "intel/intel.h"

/*
 * A signal handler can only set a flag, and it cannot find an object: this is the one
 * process-wide variable of the reload path (a process has one SIGUSR2).
 */
static volatile sig_atomic_t reload_signalled;

struct reload {
    _Atomic(struct generation *) current; /* published; holds one reference */
    pthread_mutex_t mu;                   /* serialises publishing and acquiring */
    pthread_cond_t done_cv;
    generation_build_fn build;
    void *ctx;
    pthread_t thread;
    bool running;  /* a build thread exists (joined by the next request or reload_free) */
    bool building; /* it has not finished yet */
    uint64_t next_id;
    uint64_t published, failed;
};

struct generation *generation_new(uint64_t id, struct detect_rules *rules, struct detect_engine *de,
                                  struct intel_sets *intel)
{
    struct generation *g = kh_calloc(1, sizeof(*g));
    if (g == NULL) {
        detect_engine_free(de);
        detect_rules_free(rules);
        intel_sets_free(intel);
        return NULL;
    }
    atomic_init(&g->refs, 1);
    g->id = id;
    g->rules = rules;
    g->de = de;
    g->intel = intel;
    return g;
}

void generation_put(struct generation *g)
{
    if (g == NULL || atomic_fetch_sub_explicit(&g->refs, 1, memory_order_acq_rel) != 1)
        return;
    detect_engine_free(g->de);
    detect_rules_free(g->rules);
    intel_sets_free(g->intel);
    kh_free(g);
}

struct reload *reload_new(struct generation *first, generation_build_fn build, void *ctx)
{
    struct reload *r = kh_calloc(1, sizeof(*r));
    if (r == NULL)
        return NULL;
    atomic_init(&r->current, first);
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->done_cv, NULL);
    r->build = build;
    r->ctx = ctx;
    r->next_id = first ? first->id + 1 : 1;
    return r;
}

static void join_finished(struct reload *r)
{
    pthread_mutex_lock(&r->mu);
    bool join = r->running && !r->building;
    pthread_mutex_unlock(&r->mu);
    if (join) {
        pthread_join(r->thread, NULL);
        r->running = false;
    }
}

void reload_free(struct reload *r)
{
    if (r == NULL)
        return;
    if (r->running) {
        pthread_join(r->thread, NULL);
        r->running = false;
    }
    generation_put(atomic_load(&r->current));
    pthread_cond_destroy(&r->done_cv);
    pthread_mutex_destroy(&r->mu);
    kh_free(r);
}

/* The build thread: make the next generation, publish it, drop the old one's reference. */
static void *build_main(void *arg)
{
    struct reload *r = arg;
    uint64_t id = r->next_id;
    kh_notice("reload: building generation %llu", (unsigned long long)id);
    struct generation *g = r->build(r->ctx, id);
    struct generation *old = NULL;
    pthread_mutex_lock(&r->mu);
    if (g != NULL) {
        old = atomic_exchange_explicit(&r->current, g, memory_order_acq_rel);
        r->published++;
        r->next_id++;
    } else {
        r->failed++;
    }
    r->building = false;
    pthread_cond_broadcast(&r->done_cv);
    pthread_mutex_unlock(&r->mu);
    generation_put(old); /* workers still on it hold their own references */
    if (g != NULL)
        kh_notice("reload: generation %llu published", (unsigned long long)id);
    else
        kh_err("reload: generation %llu failed to load; keeping the current one",
               (unsigned long long)id);
    return NULL;
}

static void on_sigusr2(int sig)
{
    (void)sig;
    reload_signalled = 1;
}

int reload_install_signal(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sigusr2;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    return sigaction(SIGUSR2, &sa, NULL) == 0 ? 0 : -1;
}

void reload_request(struct reload *r, bool wait)
{
    join_finished(r);
    pthread_mutex_lock(&r->mu);
    if (!r->running) {
        r->building = true;
        if (pthread_create(&r->thread, NULL, build_main, r) == 0) {
            r->running = true;
        } else {
            r->building = false;
            kh_err("reload: cannot start the build thread");
        }
    } else {
        kh_notice("reload: a reload is already in progress; request ignored");
    }
    while (wait && r->building)
        pthread_cond_wait(&r->done_cv, &r->mu);
    pthread_mutex_unlock(&r->mu);
}

void reload_poll(struct reload *r, bool wait)
{
    if (__builtin_expect(reload_signalled == 0, 1))
        return;
    reload_signalled = 0;
    reload_request(r, wait);
}

uint64_t reload_count(const struct reload *r, uint64_t *failed)
{
    struct reload *rw = (struct reload *)r;
    pthread_mutex_lock(&rw->mu);
    uint64_t n = r->published;
    *failed = r->failed;
    pthread_mutex_unlock(&rw->mu);
    return n;
}

struct generation *reload_current(struct reload *r)
{
    return atomic_load_explicit(&r->current, memory_order_acquire);
}

struct generation *reload_acquire(struct reload *r)
{
    pthread_mutex_lock(&r->mu);
    struct generation *g = atomic_load_explicit(&r->current, memory_order_acquire);
    atomic_fetch_add_explicit(&g->refs, 1, memory_order_relaxed);
    pthread_mutex_unlock(&r->mu);
    return g;
}
