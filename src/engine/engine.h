/* SPDX-License-Identifier: GPL-2.0-only */
/* The engine: wires configuration, capture, decode, flow and output, and runs them. */
#ifndef KH_ENGINE_ENGINE_H
#define KH_ENGINE_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ENGINE_MAX_SETS  64
#define ENGINE_MAX_RULES 64

/* What the command line asked for; main.c fills it and engine_run() acts on it. */
struct engine_opts {
    const char *pcap_path;             /* -r */
    const char *log_dir;               /* -l */
    const char *conf_file;             /* -c; NULL for the built-in configuration */
    const char *sets[ENGINE_MAX_SETS]; /* --set k=v, in order */
    size_t nsets;
    const char *rule_files[ENGINE_MAX_RULES]; /* -S (exclusive) and -s (additional) */
    size_t nrule_files;
    const char *checksum_mode; /* -k all|none|auto, or NULL for the configured one */
    const char *runmode;       /* --runmode single|workers|autofp; NULL for the configured one */
    unsigned threads;          /* --threads: workers in the workers run mode; 0 for all cores */
    bool init_errors_fatal;
    bool disable_detection;
    bool simulate_ips;
    bool summary;       /* print the human run summary on stdout */
    bool stage_summary; /* -v: keep time per stage and print it in the summary */
    /* Benchmark only (hidden flags): stop each packet after a stage, and report times. */
    enum engine_stop_after {
        ENGINE_STOP_NONE = 0,
        ENGINE_STOP_DECODE, /* --bench-stop-after decode: decode only */
        ENGINE_STOP_FLOW,   /* --bench-stop-after flow: decode, defrag, flow table */
    } stop_after;
    bool bench_report; /* --bench-report: one "bench:" line with load/run time and peak RSS */
    bool test_only;    /* -T: load configuration and rules, report, exit */
    uint64_t reload_at_packet; /* test aid: raise SIGUSR2 before packet N and wait for it */
};

/* Run to the end of the input. Returns the process exit code: 0, or 1 on any failure. */
int engine_run(const struct engine_opts *opts);

/* -T: load the configuration and the rules, print the rule report, and return the exit
 * code (1 when anything failed to load, as with --init-errors-fatal). */
int engine_test(const struct engine_opts *opts);

#endif
