/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared by the detection unit tests: a rule set loaded from text, its engine, one worker. */
#ifndef KH_DETECT_TEST_FX_H
#define KH_DETECT_TEST_FX_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "detect/detect.h"
#include "detect/match.h"

struct fx {
    struct detect_rules *r;
    struct detect_engine *de;
    struct detect_thread *dt;
};

/* Load rules (every one must load) and build the engine and a worker, or fail the test. */
static inline void fx_init(struct fx *x, const char *rules)
{
    char err[512];
    struct detect_load_opts o = {.text = rules, .text_name = "t.rules", .init_errors_fatal = true};
    x->r = detect_rules_load(&o, err, sizeof(err));
    if (x->r == NULL)
        fail_msg("load: %s", err);
    x->de = detect_engine_new(x->r, err, sizeof(err));
    if (x->de == NULL)
        fail_msg("engine: %s", err);
    x->dt = detect_thread_new(x->de);
    assert_non_null(x->dt);
}

static inline void fx_fini(struct fx *x)
{
    detect_thread_free(x->dt);
    detect_engine_free(x->de);
    detect_rules_free(x->r);
}

#endif
