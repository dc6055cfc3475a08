/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Datasets: load N generated strings (a Suricata dataset file in memory, base64 lines),
 * bytes per entry, lookups per second (hits and misses), and `set` adds from 1 and 2
 * threads at once. Usage: dataset-bench [N] (default 1,000,000).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "detect/dataset.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t value(char *out, size_t i)
{
    return (size_t)snprintf(out, 48, "host-%zu.example.test", i * 2654435761u % 1000000007u);
}

static size_t b64(const char *in, size_t n, char *out)
{
    static const char c[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)(unsigned char)in[i] << 16;
        v |= i + 1 < n ? (unsigned)(unsigned char)in[i + 1] << 8 : 0;
        v |= i + 2 < n ? (unsigned char)in[i + 2] : 0;
        out[o++] = c[v >> 18 & 63];
        out[o++] = c[v >> 12 & 63];
        out[o++] = i + 1 < n ? c[v >> 6 & 63] : '=';
        out[o++] = i + 2 < n ? c[v & 63] : '=';
    }
    return o;
}

struct adder {
    struct ds_set *s;
    size_t from, to;
};

static void *add_range(void *arg)
{
    struct adder *a = arg;
    char v[48];
    for (size_t i = a->from; i < a->to; i++)
        ds_add(a->s, (const unsigned char *)v, value(v, i));
    return NULL;
}

static double adds(struct ds_registry *r, const char *name, size_t n, unsigned threads)
{
    char why[256];
    /* hashsize as Suricata advises (close to the entries): rows never grow at run time */
    struct ds_opts o = {.type = DS_T_STRING, .memcap = 1ull << 34, .hashsize = (uint32_t)n};
    struct ds_set *s = ds_registry_get(r, name, &o, why, sizeof(why));
    pthread_t th[2];
    struct adder a[2];
    double t0 = now_s();
    for (unsigned i = 0; i < threads; i++) {
        /* both threads add every value: half the adds race with the other thread's */
        a[i] = (struct adder){s, 0, n};
        pthread_create(&th[i], NULL, add_range, &a[i]);
    }
    for (unsigned i = 0; i < threads; i++)
        pthread_join(th[i], NULL);
    return (double)n * threads / (now_s() - t0) / 1e6;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
    kh_log_set_level(KH_LOG_WARNING);
    char *file = malloc(n * 48), v[48], why[256];
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        len += b64(v, value(v, i), file + len);
        file[len++] = '\n';
    }
    struct ds_registry *r = ds_registry_new(1ull << 34, 0, NULL);
    char yaml[128];
    struct conf *cf = conf_new();
    snprintf(yaml, sizeof(yaml), "datasets:\n  limits:\n    single-hashsize: %zu\n", n);
    if (cf == NULL || conf_load_string(cf, yaml, "bench", why, sizeof(why)) != 0 ||
        ds_registry_configure(r, cf, NULL, why, sizeof(why)) != 0)
        fprintf(stderr, "dataset-bench: %s\n", why);
    conf_free(cf);
    struct ds_opts o = {.type = DS_T_STRING};
    struct ds_set *s = ds_registry_get(r, "bench", &o, why, sizeof(why));
    double w0 = now_s(), c0 = cpu_s();
    ds_set_load_buf(s, (const unsigned char *)file, len, "bench", why, sizeof(why));
    double lw = now_s() - w0, lc = cpu_s() - c0;
    struct ds_set_stats st;
    ds_set_get_stats(s, &st);
    printf("dataset-bench: loaded %llu strings in %.2f s wall, %.2f s CPU; %.1f B per entry "
           "(entries) + %.1f B (rows, %u)\n",
           (unsigned long long)st.entries, lw, lc, (double)st.bytes / (double)st.entries,
           (double)st.buckets * 8 / (double)st.entries, st.buckets);
    /* the values looked up, made beforehand: hits, then as many misses */
    char *vals = malloc(2 * n * 48);
    unsigned char *vlen = malloc(2 * n);
    for (size_t i = 0; i < 2 * n; i++)
        vlen[i] = (unsigned char)value(vals + i * 48, i);
    size_t hits = 0;
    c0 = cpu_s();
    for (size_t i = 0; i < n; i++)
        hits += ds_lookup(s, (const unsigned char *)vals + i * 48, vlen[i]) != NULL;
    double hc = cpu_s() - c0;
    c0 = cpu_s();
    for (size_t i = n; i < 2 * n; i++)
        hits += ds_lookup(s, (const unsigned char *)vals + i * 48, vlen[i]) != NULL;
    double mc = cpu_s() - c0;
    free(vals);
    free(vlen);
    printf("dataset-bench: lookups %.1f M/s per CPU second (hits), %.1f M/s (misses); %zu hits\n",
           (double)n / hc / 1e6, (double)n / mc / 1e6, hits);
    printf("dataset-bench: set from 1 thread %.1f M adds/s wall, 2 threads at once %.1f M/s "
           "wall (every value added by both)\n",
           adds(r, "one", n, 1), adds(r, "two", n, 2));
    ds_registry_free(r);
    free(file);
    return 0;
}
