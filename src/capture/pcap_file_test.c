/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for reading capture files and folders, including truncated and foreign ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <pcap/pcap.h>

#include "capture.h"
#include "core/err.h"

static char dir[64];

static int make_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/khien-capture-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Write n frames of `len` bytes, each filled with its index, one second apart. */
static void write_pcap(const char *name, int dlt, int n, int len)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    pcap_t *pd = pcap_open_dead(dlt, 65535);
    pcap_dumper_t *d = pcap_dump_open(pd, path);
    assert_non_null(d);
    uint8_t frame[256];
    for (int i = 0; i < n; i++) {
        struct pcap_pkthdr h = {.ts = {.tv_sec = 1000 + i, .tv_usec = 7},
                                .caplen = (bpf_u_int32)len,
                                .len = (bpf_u_int32)len + 4};
        memset(frame, i, sizeof(frame));
        pcap_dump((u_char *)d, &h, frame);
    }
    pcap_dump_close(d);
    pcap_close(pd);
}

static void test_reads_file(void **state)
{
    (void)state;
    write_pcap("one.pcap", DLT_EN10MB, 3, 60);
    char path[128], err[256];
    snprintf(path, sizeof(path), "%s/one.pcap", dir);
    struct capture *cap = capture_open_file(path, err, sizeof(err));
    assert_non_null(cap);
    struct packet p;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(capture_next(cap, &p), 1);
        assert_int_equal(p.caplen, 60);
        assert_int_equal(p.wirelen, 64);
        assert_int_equal(p.pcap_cnt, i + 1);
        assert_int_equal(p.ts_usec, (1000ull + i) * 1000000 + 7);
        assert_int_equal(p.link, DECODE_LINK_ETHERNET);
        assert_int_equal(p.data[0], i);
    }
    assert_int_equal(capture_next(cap, &p), 0);
    assert_int_equal(capture_stats(cap)->pkts, 3);
    assert_int_equal(capture_stats(cap)->bytes, 180);
    capture_close(cap);
}

static void test_folder_in_name_order(void **state)
{
    (void)state;
    char sub[128], err[256];
    snprintf(sub, sizeof(sub), "%s/folder", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    write_pcap("folder/b.pcap", DLT_RAW, 1, 20);
    write_pcap("folder/a.pcap", DLT_LINUX_SLL, 2, 30);
    struct capture *cap = capture_open_file(sub, err, sizeof(err));
    assert_non_null(cap);
    struct packet p;
    assert_int_equal(capture_next(cap, &p), 1);
    assert_int_equal(p.link, DECODE_LINK_SLL);
    assert_non_null(strstr(capture_current_file(cap), "a.pcap"));
    assert_int_equal(capture_next(cap, &p), 1);
    assert_int_equal(capture_next(cap, &p), 1);
    assert_int_equal(p.link, DECODE_LINK_RAW);
    assert_int_equal(p.pcap_cnt, 3); /* counts across files */
    assert_non_null(strstr(capture_current_file(cap), "b.pcap"));
    assert_int_equal(capture_next(cap, &p), 0);
    assert_int_equal(capture_stats(cap)->files, 2);
    capture_close(cap);
}

static void test_truncated_file_names_packet(void **state)
{
    (void)state;
    write_pcap("cut.pcap", DLT_EN10MB, 3, 100);
    char path[128], err[256];
    snprintf(path, sizeof(path), "%s/cut.pcap", dir);
    /* 24-byte file header, then 16 + 100 per record: cut inside the third record. */
    assert_int_equal(truncate(path, 24 + 2 * 116 + 16 + 50), 0);
    struct capture *cap = capture_open_file(path, err, sizeof(err));
    assert_non_null(cap);
    struct packet p;
    assert_int_equal(capture_next(cap, &p), 1);
    assert_int_equal(capture_next(cap, &p), 1);
    assert_int_equal(capture_next(cap, &p), KH_EFORMAT);
    assert_non_null(strstr(capture_error(cap), "cut.pcap: packet 3: "));
    assert_non_null(strstr(capture_error(cap), "truncated"));
    assert_int_equal(capture_next(cap, &p), 0);
    assert_int_equal(capture_stats(cap)->file_errors, 1);
    capture_close(cap);
}

static void test_bad_inputs(void **state)
{
    (void)state;
    char path[128], err[256];
    assert_null(capture_open_file("/nonexistent/x.pcap", err, sizeof(err)));
    assert_non_null(strstr(err, "/nonexistent/x.pcap"));

    snprintf(path, sizeof(path), "%s/empty", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    assert_null(capture_open_file(path, err, sizeof(err)));
    assert_non_null(strstr(err, "no capture files"));

    write_pcap("wifi.pcap", DLT_IEEE802_11, 1, 20);
    snprintf(path, sizeof(path), "%s/wifi.pcap", dir);
    struct capture *cap = capture_open_file(path, err, sizeof(err));
    assert_non_null(cap);
    struct packet p;
    assert_int_equal(capture_next(cap, &p), KH_EFORMAT);
    assert_non_null(strstr(capture_error(cap), "unsupported link type 105"));
    assert_int_equal(capture_next(cap, &p), 0);
    capture_close(cap);

    snprintf(path, sizeof(path), "%s/garbage.pcap", dir);
    FILE *f = fopen(path, "w");
    fputs("this is not a capture file at all", f);
    fclose(f);
    cap = capture_open_file(path, err, sizeof(err));
    assert_non_null(cap);
    assert_int_equal(capture_next(cap, &p), KH_EFORMAT);
    assert_non_null(strstr(capture_error(cap), "garbage.pcap: cannot read capture"));
    capture_close(cap);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_file),
        cmocka_unit_test(test_folder_in_name_order),
        cmocka_unit_test(test_truncated_file_names_packet),
        cmocka_unit_test(test_bad_inputs),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
