/* SPDX-License-Identifier: GPL-2.0-only */
/* khien's command line: Suricata's flags where the meaning is the same; then engine_run(). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "detect/detect.h"
#include "engine/engine.h"
#include "intel/cli.h"

#define KHIEN_VERSION "0.1.0"

enum long_only {
    OPT_SET = 256,
    OPT_INIT_ERRORS_FATAL,
    OPT_DISABLE_DETECTION,
    OPT_SIMULATE_IPS,
    OPT_RUNMODE,
    OPT_BUILD_INFO,
    OPT_NO_SUMMARY,
    OPT_LIST_KEYWORDS,
    OPT_THREADS,
    OPT_BENCH_STOP_AFTER,
    OPT_BENCH_REPORT,
    OPT_RELOAD_AT_PACKET,
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: khien -r FILE|DIR [-l LOGDIR] [-c YAML] [-S RULES] [options]\n"
            "\n"
            "  -r PATH                 read a pcap/pcapng file, or a folder of them in name order\n"
            "  -l DIR                  log directory (default: the configured default-log-dir)\n"
            "  -c FILE                 YAML configuration (default: built-in, = Suricata's)\n"
            "  -S FILE                 rule file, exclusively; -s FILE adds one\n"
            "  -k all|none|auto        checksum validation (none: do not validate)\n"
            "  -T                      test the configuration and rules, then exit\n"
            "  --list-keywords         list the rule keywords khien knows\n"
            "  --set KEY=VALUE         override a configuration key (repeatable)\n"
            "  --init-errors-fatal     any error while loading configuration or rules is fatal\n"
            "  --disable-detection     run without the detection engine\n"
            "  --simulate-ips          act as an inline IPS would, on a capture file\n"
            "  --runmode MODE          single (one thread) or workers (a reader, N workers)\n"
            "  --threads N             workers in the workers run mode (default: all cores)\n"
            "  --no-summary            do not print the run summary\n"
            "  -v                      more messages (repeat for more)\n"
            "  -V, --version           print the version\n"
            "  --build-info            print version and features\n"
            "  -h, --help              this text\n"
            "  intel check|lookup|...  threat-intelligence feeds (khien intel -h)\n");
}

static int add_item(const char **list, size_t *n, size_t max, const char *item, const char *what)
{
    if (*n >= max) {
        kh_err("too many %s options (at most %zu)", what, max);
        return -1;
    }
    list[(*n)++] = item;
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"set", required_argument, NULL, OPT_SET},
        {"init-errors-fatal", no_argument, NULL, OPT_INIT_ERRORS_FATAL},
        {"disable-detection", no_argument, NULL, OPT_DISABLE_DETECTION},
        {"simulate-ips", no_argument, NULL, OPT_SIMULATE_IPS},
        {"runmode", required_argument, NULL, OPT_RUNMODE},
        {"build-info", no_argument, NULL, OPT_BUILD_INFO},
        {"no-summary", no_argument, NULL, OPT_NO_SUMMARY},
        {"list-keywords", optional_argument, NULL, OPT_LIST_KEYWORDS},
        {"threads", required_argument, NULL, OPT_THREADS},
        /* benchmark only, not in the usage text: see scripts/bench.py */
        {"bench-stop-after", required_argument, NULL, OPT_BENCH_STOP_AFTER},
        {"bench-report", no_argument, NULL, OPT_BENCH_REPORT},
        /* test aid, not in usage: SIGUSR2 before packet N, waiting for the new generation */
        {"reload-at-packet", required_argument, NULL, OPT_RELOAD_AT_PACKET},
        {"version", no_argument, NULL, 'V'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct engine_opts o;
    memset(&o, 0, sizeof(o));
    o.summary = true;
    int verbose = 0;
    int c;

    if (argc >= 2 && strcmp(argv[1], "intel") == 0)
        return intel_cli_main(argc - 1, argv + 1);

    while ((c = getopt_long(argc, argv, "r:l:c:S:s:k:TvVh", longopts, NULL)) != -1) {
        switch (c) {
        case 'r':
            o.pcap_path = optarg;
            break;
        case 'l':
            o.log_dir = optarg;
            break;
        case 'c':
            o.conf_file = optarg;
            break;
        case 'S':
            o.nrule_files = 0; /* -S loads this file exclusively */
            /* fall through */
        case 's':
            if (add_item(o.rule_files, &o.nrule_files, ENGINE_MAX_RULES, optarg, "-S/-s"))
                return 1;
            break;
        case 'k':
            o.checksum_mode = optarg;
            break;
        case 'v':
            verbose++;
            break;
        case 'T':
            /* As in Suricata, -T treats any load error as fatal. */
            o.test_only = true;
            o.init_errors_fatal = true;
            break;
        case OPT_LIST_KEYWORDS:
            detect_list_keywords(stdout);
            return 0;
        case OPT_SET:
            if (add_item(o.sets, &o.nsets, ENGINE_MAX_SETS, optarg, "--set"))
                return 1;
            break;
        case OPT_INIT_ERRORS_FATAL:
            o.init_errors_fatal = true;
            break;
        case OPT_DISABLE_DETECTION:
            o.disable_detection = true;
            break;
        case OPT_SIMULATE_IPS:
            o.simulate_ips = true;
            break;
        case OPT_RUNMODE:
            o.runmode = optarg;
            break;
        case OPT_THREADS: {
            char *end = NULL;
            long n = strtol(optarg, &end, 10);
            if (end == optarg || *end != '\0' || n < 1 || n > 64) {
                kh_err("--threads: '%s' is not a number from 1 to 64", optarg);
                return 1;
            }
            o.threads = (unsigned)n;
            break;
        }
        case OPT_BENCH_STOP_AFTER:
            if (strcmp(optarg, "decode") == 0) {
                o.stop_after = ENGINE_STOP_DECODE;
            } else if (strcmp(optarg, "flow") == 0) {
                o.stop_after = ENGINE_STOP_FLOW;
            } else {
                kh_err("--bench-stop-after: '%s' is not decode or flow", optarg);
                return 1;
            }
            break;
        case OPT_BENCH_REPORT:
            o.bench_report = true;
            break;
        case OPT_RELOAD_AT_PACKET:
            o.reload_at_packet = strtoull(optarg, NULL, 10);
            break;
        case OPT_NO_SUMMARY:
            o.summary = false;
            break;
        case OPT_BUILD_INFO:
            printf(
                "This is khien version %s\nFeatures: PCAP_FILE EVE_JSON HTTP HAVE_JA3 HAVE_JA4\n",
                KHIEN_VERSION);
            return 0;
        case 'V':
            printf("This is khien version %s\n", KHIEN_VERSION);
            return 0;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 1;
        }
    }
    if (optind < argc) {
        kh_err("unexpected argument '%s' (a BPF filter is not supported yet)", argv[optind]);
        return 1;
    }
    kh_log_set_level((enum kh_log_level)(KH_LOG_NOTICE + verbose));
    o.stage_summary = verbose > 0;
    if (o.test_only)
        return engine_test(&o);
    if (o.pcap_path == NULL) {
        kh_err("no input: give a capture file or folder with -r");
        usage(stderr);
        return 1;
    }
    if (o.runmode && strcmp(o.runmode, "single") != 0 && strcmp(o.runmode, "autofp") != 0 &&
        strcmp(o.runmode, "workers") != 0) {
        kh_err("--runmode: unknown run mode '%s' (single, workers, autofp)", o.runmode);
        return 1;
    }
    return engine_run(&o);
}
