/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the SPSC ring: sizes, full and empty, wrap-around, and a two-thread stress. */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ring.h"

static void test_init_sizes(void **state)
{
    (void)state;
    struct kh_ring r;
    assert_false(kh_ring_init(&r, 0));
    assert_false(kh_ring_init(&r, 1));
    assert_false(kh_ring_init(&r, 6));
    assert_true(kh_ring_init(&r, 2));
    assert_true(kh_ring_init(&r, 1024));
    assert_int_equal(kh_ring_count(&r), 0);
    /* the two indexes do not share a cache line */
    assert_true(offsetof(struct kh_ring, tail) - offsetof(struct kh_ring, head) >= KH_CACHE_LINE);
}

static void test_full_empty_wrap(void **state)
{
    (void)state;
    struct kh_ring r;
    int slots[4];
    assert_true(kh_ring_init(&r, 4));
    assert_int_equal(kh_ring_cons_slot(&r), -1);
    /* many laps, so the free-running indexes wrap the slot array many times */
    for (int lap = 0; lap < 1000; lap++) {
        for (int i = 0; i < 4; i++) {
            int64_t s = kh_ring_prod_slot(&r);
            assert_true(s >= 0);
            slots[s] = lap * 4 + i;
            kh_ring_prod_commit(&r);
        }
        assert_int_equal(kh_ring_prod_slot(&r), -1); /* full: the producer must wait */
        assert_int_equal(kh_ring_count(&r), 4);
        for (int i = 0; i < 4; i++) {
            int64_t s = kh_ring_cons_slot(&r);
            assert_true(s >= 0);
            assert_int_equal(slots[s], lap * 4 + i);
            kh_ring_cons_release(&r);
        }
        assert_int_equal(kh_ring_cons_slot(&r), -1);
    }
}

static void test_index_overflow(void **state)
{
    (void)state;
    struct kh_ring r;
    assert_true(kh_ring_init(&r, 8));
    /* start just below the 32-bit wrap of the free-running counters */
    atomic_store(&r.head, UINT32_MAX - 3);
    atomic_store(&r.tail, UINT32_MAX - 3);
    r.tail_cache = r.head_cache = UINT32_MAX - 3;
    for (int i = 0; i < 8; i++) {
        assert_true(kh_ring_prod_slot(&r) >= 0);
        kh_ring_prod_commit(&r);
    }
    assert_int_equal(kh_ring_prod_slot(&r), -1);
    assert_int_equal(kh_ring_count(&r), 8);
    for (int i = 0; i < 8; i++) {
        assert_true(kh_ring_cons_slot(&r) >= 0);
        kh_ring_cons_release(&r);
    }
    assert_int_equal(kh_ring_cons_slot(&r), -1);
}

#define STRESS_ITEMS 2000000u
#define STRESS_SLOTS 16u

/* Slots carry a value and its complement, so a torn or stale read shows. */
struct stress_slot {
    uint64_t seq;
    uint64_t check;
};

struct stress {
    struct kh_ring ring;
    struct stress_slot slots[STRESS_SLOTS];
    uint64_t full, empty;
    uint64_t bad;
};

static void *stress_consumer(void *arg)
{
    struct stress *st = arg;
    uint64_t want = 0;
    while (want < STRESS_ITEMS) {
        int64_t s = kh_ring_cons_slot(&st->ring);
        if (s < 0) {
            st->empty++;
            sched_yield(); /* on a busy machine both threads may share one core */
            continue;
        }
        const struct stress_slot *e = &st->slots[s];
        if (e->seq != want || e->check != ~want)
            st->bad++;
        want++;
        kh_ring_cons_release(&st->ring);
    }
    return NULL;
}

static void test_two_thread_stress(void **state)
{
    (void)state;
    static struct stress st;
    assert_true(kh_ring_init(&st.ring, STRESS_SLOTS));
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, stress_consumer, &st), 0);
    for (uint64_t i = 0; i < STRESS_ITEMS;) {
        int64_t s = kh_ring_prod_slot(&st.ring);
        if (s < 0) {
            st.full++;
            sched_yield();
            continue;
        }
        st.slots[s].seq = i;
        st.slots[s].check = ~i;
        kh_ring_prod_commit(&st.ring);
        i++;
    }
    assert_int_equal(pthread_join(th, NULL), 0);
    assert_int_equal(st.bad, 0);
    assert_int_equal(kh_ring_count(&st.ring), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_sizes),
        cmocka_unit_test(test_full_empty_wrap),
        cmocka_unit_test(test_index_overflow),
        cmocka_unit_test(test_two_thread_stress),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
