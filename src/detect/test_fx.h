/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared by the detection unit tests: a rule set loaded from text, its engine, one worker. */
#ifndef KH_DETECT_TEST_FX_H
#define KH_DETECT_TEST_FX_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "app/app.h"
#include "detect/detect.h"
#include "detect/match.h"
#include "flow/flow.h"

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

/*
 * The same with one flow of app_proto (every rule matchable) and one IPv4 packet of it,
 * port 1234 to server port dp, UDP for DNS and TCP otherwise, at one second: the
 * app-layer keyword tests.
 */
struct fxf {
    struct detect_rules *r;
    struct detect_engine *de;
    struct detect_thread *dt;
    struct flow f;
    struct packet p;
};

static inline void fxf_init(struct fxf *x, const char *rules, uint8_t app_proto, uint16_t dp)
{
    struct fx b;
    fx_init(&b, rules);
    assert_int_equal(b.r->nunsupported, 0);
    memset(x, 0, sizeof(*x));
    x->r = b.r;
    x->de = b.de;
    x->dt = b.dt;
    x->f.app_proto = app_proto;
    x->p.ip_ver = 4;
    x->p.proto = app_proto == APP_PROTO_DNS ? 17 : 6;
    x->p.flags = PKT_HAS_L4 | PKT_WANTS_FLOW;
    x->p.sp = 1234;
    x->p.dp = dp;
    x->p.flow = &x->f;
    x->p.ts_usec = 1000000;
    x->p.pcap_cnt = 1;
}

static inline void fxf_fini(struct fxf *x)
{
    detect_flow_free(x->dt, &x->f);
    struct fx b = {.r = x->r, .de = x->de, .dt = x->dt};
    fx_fini(&b);
}

#endif
