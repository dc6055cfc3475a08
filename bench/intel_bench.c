/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Threat-intelligence benchmark (scripts/bench.sh, not a test): writes generated feeds of
 * N mixed indicators, loads them as khien does (timed), reports bytes per indicator for
 * IPv4/CIDR and domains, and lookups per second on one core. Writes intel.yaml naming
 * the feeds, for the throughput runs of khien.
 *
 * usage: intel-bench DIR [TOTAL]   (TOTAL defaults to 10,000,000)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/tstamp.h"
#include "intel/config.h"
#include "intel/intel.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Shares of the total: IPv4 40%, IPv6 5%, domains 40%, URLs 5%, SHA-256 10%. */
struct mix {
    uint64_t v4, v6, dom, url, sha;
};

static const char *const words[] = {"mail", "cdn",  "update", "login", "secure", "api",
                                    "img",  "data", "portal", "files", "static", "my"};

static void domain(char *out, size_t len, uint64_t r)
{
    static const char *const tld[] = {"com", "net", "org", "info", "xyz", "vn", "ru", "top"};
    snprintf(out, len, "%s%" PRIu64 ".%s-%" PRIx64 ".%s", words[r % 12], (r >> 8) % 1000,
             words[(r >> 20) % 12], (r >> 24) & 0xffffff, tld[(r >> 52) % 8]);
}

static int write_feeds(const char *dir, const struct mix *m)
{
    char path[1024], v[256];
    const char *names[] = {"v4.txt", "v6.txt", "domains.txt", "urls.txt", "sha256.txt"};
    const uint64_t counts[] = {m->v4, m->v6, m->dom, m->url, m->sha};
    for (int f = 0; f < 5; f++) {
        snprintf(path, sizeof(path), "%s/%s", dir, names[f]);
        FILE *fp = fopen(path, "w");
        if (fp == NULL)
            return -1;
        for (uint64_t i = 0; i < counts[f]; i++) {
            uint64_t r = next();
            switch (f) {
            case 0:
                if (i % 8 == 0) /* one in eight a prefix /24 .. /31 */
                    fprintf(fp, "%u.%u.%u.%u/%u\n", (unsigned)(r >> 24 & 255),
                            (unsigned)(r >> 16 & 255), (unsigned)(r >> 8 & 255),
                            (unsigned)(r & 255), (unsigned)(24 + (r >> 40) % 8));
                else
                    fprintf(fp, "%u.%u.%u.%u\n", (unsigned)(r >> 24 & 255),
                            (unsigned)(r >> 16 & 255), (unsigned)(r >> 8 & 255),
                            (unsigned)(r & 255));
                break;
            case 1:
                fprintf(fp, "2001:db8:%x:%x::%x%s\n", (unsigned)(r & 0xffff),
                        (unsigned)(r >> 16 & 0xffff), (unsigned)(r >> 32 & 0xffff),
                        i % 4 == 0 ? "/64" : "");
                break;
            case 2:
                domain(v, sizeof(v), r);
                fprintf(fp, "%s%s\n", i % 2 ? "*." : "", v);
                break;
            case 3:
                domain(v, sizeof(v), r);
                fprintf(fp, "http://%s/%s/%" PRIx64 ".php?id=%" PRIu64 "\n", v, words[r % 12],
                        next(), r % 10000);
                break;
            default:
                fprintf(fp, "%016" PRIx64 "%016" PRIx64 "%016" PRIx64 "%016" PRIx64 "\n", r, next(),
                        next(), next());
            }
        }
        fclose(fp);
    }
    snprintf(path, sizeof(path), "%s/intel.yaml", dir);
    FILE *fp = fopen(path, "w");
    if (fp == NULL)
        return -1;
    fprintf(fp, "%%YAML 1.1\n---\nintel:\n  default-path: %s\n  feeds:\n", dir);
    const char *types[] = {"ip", "ip", "domain", "url", "sha256"};
    for (int f = 0; f < 5; f++)
        fprintf(fp, "    - name: bench-%s\n      path: %s\n      type: %s\n", types[f], names[f],
                types[f]);
    fclose(fp);
    return 0;
}

static double now_s(void)
{
    return (double)kh_monotonic_ns() / 1e9;
}

/* CPU time of this thread: the rates per core whatever else the machine runs. */
static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Lookups of random IPv4 addresses (a few percent of them listed) on this core. */
static void bench_lookups(const struct intel_sets *s, uint64_t n4)
{
    enum { N = 10000000 };
    uint32_t *addrs = malloc(N * sizeof(uint32_t)), ids[INTEL_MAX_HITS];
    uint64_t hits = 0;
    if (addrs == NULL)
        return;
    for (size_t i = 0; i < N; i++)
        addrs[i] = (uint32_t)next();
    double t0 = now_s(), c0 = cpu_s();
    for (size_t i = 0; i < N; i++) {
        uint8_t a[4];
        memcpy(a, &addrs[i], 4);
        hits += intel_lookup_ip(s, a, 4, 0, ids, INTEL_MAX_HITS) != 0;
    }
    double dt = now_s() - t0, dc = cpu_s() - c0;
    printf("intel-bench: IPv4 lookups: %.1f M/s per CPU second (%.1f M/s wall; %d random "
           "addresses, %" PRIu64 " hits, %" PRIu64 " IPv4/CIDR loaded)\n",
           N / dc / 1e6, N / dt / 1e6, N, hits, n4);
    bool *hit = malloc(N * sizeof(bool));
    if (hit != NULL) {
        t0 = now_s();
        c0 = cpu_s();
        intel_lookup_ip4_batch(s, (const uint8_t(*)[4])addrs, N, 0, hit);
        dt = now_s() - t0;
        dc = cpu_s() - c0;
        uint64_t bh = 0;
        for (size_t i = 0; i < N; i++)
            bh += hit[i];
        printf("intel-bench: IPv4 lookups in batches of 64 (prefetched): %.1f M/s per CPU second"
               " (%.1f M/s wall; %" PRIu64 " hits, as one by one: %s)\n",
               N / dc / 1e6, N / dt / 1e6, bh, bh == hits ? "yes" : "NO");
        free(hit);
    }
    char name[256];
    t0 = now_s();
    for (size_t i = 0; i < N / 10; i++) {
        domain(name, sizeof(name), next());
        hits += intel_lookup_domain(s, name, strlen(name), 0, ids, INTEL_MAX_HITS) != 0;
    }
    dt = now_s() - t0;
    printf("intel-bench: domain lookups: %.2f M/s on one core (random names, parents walked)\n",
           N / 10 / dt / 1e6);
    free(addrs);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: intel-bench DIR [TOTAL]\n");
        return 2;
    }
    uint64_t total = argc > 2 ? strtoull(argv[2], NULL, 10) : 10000000u;
    struct mix m = {total * 40 / 100, total * 5 / 100, total * 40 / 100, total * 5 / 100, 0};
    m.sha = total - m.v4 - m.v6 - m.dom - m.url;
    kh_log_set_level(KH_LOG_WARNING);
    double t0 = now_s();
    if (write_feeds(argv[1], &m) != 0) {
        fprintf(stderr, "intel-bench: cannot write feeds under %s\n", argv[1]);
        return 1;
    }
    printf("intel-bench: wrote %" PRIu64 " indicators in %.1f s\n", total, now_s() - t0);

    /* the load as khien does it: every configured feed, then the tables */
    static struct intel_config cfg;
    const char *files[] = {"v4.txt", "v6.txt", "domains.txt", "urls.txt", "sha256.txt"};
    const int types[] = {INTEL_T_IP, INTEL_T_IP, INTEL_T_DOMAIN, INTEL_T_URL, INTEL_T_SHA256};
    char paths[5][1024];
    cfg.enabled = true;
    for (int f = 0; f < 5; f++) {
        snprintf(paths[f], sizeof(paths[f]), "%s/%s", argv[1], files[f]);
        intel_feed_cfg_defaults(&cfg.feeds[f]);
        cfg.feeds[f].name = files[f];
        cfg.feeds[f].path = paths[f];
        cfg.feeds[f].type = types[f];
    }
    cfg.nfeeds = 5;
    char err[512];
    t0 = now_s();
    double c0 = cpu_s();
    struct intel_sets *s = intel_load_all(&cfg, true, err, sizeof(err));
    double load = now_s() - t0, load_cpu = cpu_s() - c0;
    if (s == NULL) {
        fprintf(stderr, "intel-bench: %s\n", err);
        return 1;
    }
    printf("intel-bench: loaded %u indicators from 5 files in %.2f s wall, %.2f s CPU\n",
           intel_ind_count(s), load, load_cpu);
    uint64_t nip = intel_sets_count(s, INTEL_T_IP), ndom = intel_sets_count(s, INTEL_T_DOMAIN);
    printf("intel-bench: memory: IP (IPv4 and IPv6) %.1f B per indicator, domains %.1f B, "
           "URLs %.1f B, SHA-256 %.1f B\n",
           (double)intel_sets_memory(s, INTEL_T_IP) / (double)nip,
           (double)intel_sets_memory(s, INTEL_T_DOMAIN) / (double)ndom,
           (double)intel_sets_memory(s, INTEL_T_URL) / (double)intel_sets_count(s, INTEL_T_URL),
           (double)intel_sets_memory(s, INTEL_T_SHA256) /
               (double)intel_sets_count(s, INTEL_T_SHA256));
    bench_lookups(s, m.v4);
    intel_sets_free(s);

    /* IPv4/CIDR alone, for its own bytes per indicator */
    cfg.nfeeds = 1;
    s = intel_load_all(&cfg, true, err, sizeof(err));
    if (s != NULL)
        printf("intel-bench: memory: IPv4/CIDR alone %.1f B per indicator (%" PRIu64 ")\n",
               (double)intel_sets_memory(s, INTEL_T_IP) / (double)intel_sets_count(s, INTEL_T_IP),
               intel_sets_count(s, INTEL_T_IP));
    intel_sets_free(s);
    return 0;
}
