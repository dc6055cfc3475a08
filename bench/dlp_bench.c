/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DLP scanning speed (make bench): MB per second of CPU time (one thread, so one core) through dlp_flow_feed() with every
 * detector and the marking rule on, over three kinds of text built in memory: prose (HTML in
 * Vietnamese with a few numbers), records (CSV of synthetic citizens: a digit run every few
 * bytes) and JSON API records. A benchmark, not a test.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dlp/dlp.h"

#define CORPUS (4u << 20) /* bytes of each kind, fed again and again */
#define PIECE  16384u     /* bytes per call, as a TCP segment or HTTP chunk run */

static uint64_t rng = 88172645463325252ull;

static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static size_t fill(char *buf, size_t cap, int kind)
{
    static const char *const prose[] = {
        "<p>Theo báo cáo của Sở Thông tin và Truyền thông, trong quý III năm 2025 đã có ",
        " hồ sơ được tiếp nhận và giải quyết đúng hạn, đạt tỷ lệ ",
        "% so với kế hoạch. Người dân có thể tra cứu kết quả tại cổng dịch vụ công.</p>\n",
        "<div class=\"news\">Hội nghị tổng kết công tác bảo mật thông tin diễn ra ngày ",
        "/10/2025 với sự tham gia của đại diện các đơn vị trực thuộc.</div>\n"};
    size_t n = 0;
    unsigned i = 0;
    while (n + 512 < cap) {
        int w;
        if (kind == 0)
            w = snprintf(buf + n, cap - n, "%s%u", prose[i++ % 5], rnd(100000));
        else if (kind == 1)
            w = snprintf(buf + n, cap - n, "0%02u%u%02u%06u,Nguyen Van %u,09%08u,nd%u@example.vn\n",
                         1 + rnd(96), rnd(4), rnd(100), rnd(1000000), i++, rnd(100000000),
                         rnd(100000));
        else
            w = snprintf(buf + n, cap - n,
                         "{\"id\":%u,\"ho_ten\":\"Tran Thi %u\",\"cccd\":\"0%02u%u%02u%06u\","
                         "\"sdt\":\"+849%08u\",\"dia_chi\":\"So %u duong Le Loi, Ha Noi\"},",
                         i++, rnd(1000), 1 + rnd(96), rnd(4), rnd(100), rnd(1000000),
                         rnd(100000000), rnd(500));
        n += (size_t)w;
    }
    return n;
}

static void on_alert(void *arg, const struct dlp_alert *a)
{
    (*(unsigned *)arg)++;
    (void)a;
}

int main(int argc, char **argv)
{
    static const char *const names[] = {"prose (HTML, Vietnamese)", "records (CSV)",
                                        "records (JSON)"};
    unsigned mb = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 256;
    char *buf = malloc(CORPUS);
    if (buf == NULL)
        return 1;
    printf("| text | MB scanned | MB/s (one core) |\n|---|---|---|\n");
    int only = argc > 2 ? atoi(argv[2]) : -1;
    for (int kind = 0; kind < 3; kind++) {
        if (only >= 0 && kind != only)
            continue;
        size_t n = fill(buf, CORPUS, kind);
        struct dlp_config cfg;
        dlp_config_defaults(&cfg);
        cfg.depth = UINT64_MAX;
        memcpy(cfg.key, "bench-key-bench-key", 19);
        cfg.key_len = 19;
        struct dlp_ctx *ctx = dlp_ctx_new(&cfg);
        struct dlp_flow *fs = NULL;
        unsigned alerts = 0;
        uint64_t total = 0, want = (uint64_t)mb << 20;
        struct timespec t0, t1;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
        while (total < want) {
            for (size_t off = 0; off < n; off += PIECE) {
                struct dlp_input in = {.dir = 0,
                                       .way = DLP_WAY_OUTBOUND,
                                       .doc_id = 1,
                                       .source = "bench",
                                       .p = (const uint8_t *)buf + off,
                                       .n = n - off < PIECE ? n - off : PIECE};
                dlp_flow_feed(ctx, &fs, &in, on_alert, &alerts);
            }
            total += n;
        }
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
        double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        printf("| %s | %.0f | %.0f |\n", names[kind], (double)total / 1e6, (double)total / 1e6 / s);
        dlp_flow_free(ctx, fs);
        dlp_ctx_free(ctx);
    }
    free(buf);
    return 0;
}
