/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The single-threaded run mode: one loop takes each packet through capture, decode, flow
 * and output, in packet order. Multi-core run modes will reuse the same per-packet path
 * (process_packet) on workers that own their flows.
 */
#include "engine.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "capture/capture.h"
#include "config.h"
#include "core/alloc.h"
#include "core/conf.h"
#include "core/err.h"
#include "core/log.h"
#include "core/tstamp.h"
#include "decode/decode.h"
#include "flow/flow.h"
#include "output/eve/eve.h"

#define STATS_MAX_VALUES        1024
#define ENGINE_MAX_TUNNEL_DEPTH 4

/* Everything one worker owns. In this run mode there is one. */
struct worker {
    struct decode_ctx dec;
    struct flow_table *flows;
    struct eve_output *eve; /* NULL when EVE output is off */
    uint64_t now;           /* latest packet time */
    uint64_t no_flow;       /* packets that could not get a flow under the cap */
};

static void on_flow_end(void *ctx, const struct flow *f, enum flow_end_reason reason,
                        uint64_t now_usec)
{
    struct worker *w = ctx;
    (void)now_usec;
    if (w->eve)
        eve_log_flow(w->eve, f, reason);
}

/* After decode: flow timeouts at packet time, the packet's flow, and its anomalies. */
static void handle_decoded(struct worker *w, struct packet *p)
{
    p->flow = NULL;
    if (p->ts_usec > w->now)
        w->now = p->ts_usec;
    flow_table_timeout(w->flows, w->now);
    if (likely(p->flags & PKT_WANTS_FLOW) && unlikely(flow_table_lookup(w->flows, p) == NULL))
        w->no_flow++;
    if (unlikely(p->ev_cnt) && w->eve)
        eve_log_anomalies(w->eve, p);
}

/* The per-packet path for one packet and, through tunnels, the packets inside it. */
static void process_packet(struct worker *w, struct packet *p)
{
    struct packet inner[ENGINE_MAX_TUNNEL_DEPTH];

    decode_packet(&w->dec, p);
    handle_decoded(w, p);
    for (unsigned d = 0; (p->flags & PKT_HAS_TUNNEL) && d < ENGINE_MAX_TUNNEL_DEPTH; d++) {
        if (!decode_tunnel(&w->dec, p, &inner[d]))
            break;
        p = &inner[d];
        handle_decoded(w, p);
    }
}

/* Load the YAML (file or built-in), apply --set, and read it into cfg. */
static struct conf *load_config(const struct engine_opts *o, struct engine_config *cfg)
{
    char err[512] = "";
    struct conf *conf = conf_new();
    if (conf == NULL) {
        kh_err("configuration: out of memory");
        return NULL;
    }
    int rc = o->conf_file
                 ? conf_load_file(conf, o->conf_file, err, sizeof(err))
                 : conf_load_string(conf, engine_default_yaml, "built-in", err, sizeof(err));
    for (size_t i = 0; rc == KH_OK && i < o->nsets; i++)
        rc = conf_set(conf, o->sets[i], err, sizeof(err));
    if (rc == KH_OK) {
        engine_config_warn_unknown(conf);
        rc = engine_config_load(cfg, conf, err, sizeof(err));
    }
    if (rc != KH_OK) {
        kh_err("configuration: %s", err[0] ? err : kh_strerror(rc));
        conf_free(conf);
        return NULL;
    }
    return conf;
}

/* -k overrides the configured checksum validation, as in Suricata. */
static int apply_checksum_mode(const char *arg, struct engine_config *cfg)
{
    if (arg == NULL)
        return KH_OK;
    if (engine_csum_mode_parse(arg, &cfg->csum_mode) != KH_OK) {
        kh_err("-k: unknown checksum mode '%s' (all, none or auto)", arg);
        return KH_EINVAL;
    }
    cfg->check_csum = cfg->csum_mode != ENGINE_CSUM_NONE;
    return KH_OK;
}

static size_t collect_stats(const struct worker *w, struct stats_value *vals, size_t max)
{
    size_t n = decode_stats_collect(&w->dec.st, vals, max);
    n += flow_stats_collect(flow_table_stats(w->flows), vals + n, max - n);
    return n;
}

static void print_summary(const struct worker *w, const struct capture *cap, const char *eve_path,
                          uint64_t elapsed_ns)
{
    const struct capture_stats *cs = capture_stats(cap);
    const struct flow_stats *fs = flow_table_stats(w->flows);
    double secs = (double)elapsed_ns / 1e9;
    uint64_t events = 0;
    for (int i = 0; i < DECODE_EV_MAX; i++)
        events += w->dec.st.events[i];
    printf("khien: %" PRIu64 " packets (%" PRIu64 " bytes) from %" PRIu64 " file(s) in %.3f s"
           " (%.0f packets/s)\n",
           cs->pkts, cs->bytes, cs->files, secs, secs > 0 ? (double)cs->pkts / secs : 0.0);
    printf("khien: %" PRIu64 " flows (%" PRIu64 " tcp, %" PRIu64 " udp, %" PRIu64 " icmp), %" PRIu64
           " decoder events, %" PRIu64 " invalid packets\n",
           fs->total, fs->tcp, fs->udp, fs->icmpv4 + fs->icmpv6, events, w->dec.st.invalid);
    if (w->eve) {
        const struct eve_stats *es = eve_output_stats(w->eve);
        printf("khien: eve records: flow %" PRIu64 ", anomaly %" PRIu64 ", stats %" PRIu64 "%s%s\n",
               es->records[__builtin_ctz(EVE_TYPE_FLOW)],
               es->records[__builtin_ctz(EVE_TYPE_ANOMALY)],
               es->records[__builtin_ctz(EVE_TYPE_STATS)], eve_path ? " -> " : "",
               eve_path ? eve_path : "");
    }
}

static int check_log_dir(const char *dir)
{
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        kh_err("the logging directory \"%s\" does not exist or is not a directory", dir);
        return KH_ENOENT;
    }
    return KH_OK;
}

/* Read every packet to the end; 0 when all input was read cleanly. */
static int run_capture(struct worker *w, struct capture *cap)
{
    int failed = 0;
    struct packet p;
    memset(&p, 0, sizeof(p));
    for (;;) {
        int rc = capture_next(cap, &p);
        if (rc == 0)
            break;
        if (rc < 0) {
            kh_err("%s", capture_error(cap));
            failed = 1;
            continue;
        }
        if (w->eve)
            eve_output_set_pcap_file(w->eve, capture_current_file(cap));
        process_packet(w, &p);
    }
    return failed;
}

int engine_run(const struct engine_opts *o)
{
    struct engine_config cfg;
    char err[512];
    int exit_code = 1;
    uint64_t t0 = kh_monotonic_ns();
    struct worker w;
    memset(&w, 0, sizeof(w));

    struct conf *conf = load_config(o, &cfg);
    if (conf == NULL)
        return 1;
    if (apply_checksum_mode(o->checksum_mode, &cfg) != KH_OK)
        goto out_conf;
    if (o->nrule_files && !o->disable_detection)
        kh_warn("the detection engine is not built yet: rules in %s%s are not loaded",
                o->rule_files[0], o->nrule_files > 1 ? " and others" : "");
    const char *log_dir = o->log_dir ? o->log_dir : cfg.log_dir;
    if (check_log_dir(log_dir) != KH_OK)
        goto out_conf;
    struct capture *cap = capture_open_file(o->pcap_path, err, sizeof(err));
    if (cap == NULL) {
        kh_err("%s", err);
        goto out_conf;
    }
    decode_ctx_init(&w.dec, cfg.check_csum);
    if (cfg.eve.enabled) {
        w.eve = eve_output_new(&cfg.eve, log_dir, err, sizeof(err));
        if (w.eve == NULL) {
            kh_err("%s", err);
            goto out_capture;
        }
    }
    w.flows = flow_table_new(&cfg.flow, on_flow_end, &w, t0 ^ (uint64_t)(uintptr_t)&w);
    if (w.flows == NULL) {
        kh_err("flow table: cannot allocate within flow.memcap");
        goto out_eve;
    }

    exit_code = run_capture(&w, cap);

    /* Shutdown: end the open flows, then one stats record with the final counters. */
    flow_table_shutdown(w.flows, w.now);
    uint64_t elapsed = kh_monotonic_ns() - t0;
    if (w.eve && cfg.stats_enabled) {
        struct stats_value *vals = kh_calloc(STATS_MAX_VALUES, sizeof(*vals));
        if (vals != NULL) {
            size_t n = collect_stats(&w, vals, STATS_MAX_VALUES);
            eve_log_stats(w.eve, w.now, elapsed / 1000000000u, vals, n);
            kh_free(vals);
        } else {
            kh_err("stats: out of memory, final stats record not written");
        }
    }
    if (o->summary)
        print_summary(&w, cap, w.eve ? cfg.eve.filename : NULL, elapsed);
    flow_table_free(w.flows);

out_eve:
    if (eve_output_free(w.eve) != KH_OK)
        exit_code = 1;
out_capture:
    capture_close(cap);
out_conf:
    engine_config_fini(&cfg);
    conf_free(conf);
    return exit_code;
}
