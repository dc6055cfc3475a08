/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the dataset file readers (Suricata line files with and without
 * reputations, Suricata 8 JSON files with value_key/array_key) and the iprep categories and
 * reputation files. The first byte picks the reader and the set type; the rest is the file.
 * Each line is then added, looked up and removed, and the set saved and loaded again.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "detect/dataset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void sets(const uint8_t *data, size_t size, uint8_t sel)
{
    char err[256];
    struct ds_registry *r = ds_registry_new(1u << 20, 64, NULL);
    if (r == NULL)
        return;
    struct ds_opts o = {.type = sel % DS_T_MAX, .rep = sel & 0x8};
    if (sel & 0x10) {
        o.json = true;
        o.rep = false;
        o.value_key = (sel & 0x20) ? "host.fqdn" : "v";
        o.array_key = (sel & 0x40) ? "info.threat" : NULL;
    }
    struct ds_set *s = ds_registry_get(r, "fuzz", &o, err, sizeof(err));
    if (s != NULL) {
        (void)ds_set_load_buf(s, data, size, "fuzz", err, sizeof(err));
        const uint8_t *p = data, *end = data + size;
        for (int lines = 0; p < end && lines < 64; lines++) {
            const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
            size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
            (void)ds_lookup(s, p, n);
            (void)ds_add(s, p, n);
            if (lines & 1)
                (void)ds_remove(s, p, n);
            p += n + 1;
        }
        char path[] = "/tmp/khien-fuzz-ds-XXXXXX";
        int fd = o.json ? -1 : mkstemp(path);
        if (fd >= 0) {
            close(fd);
            if (ds_set_save(s, path) == 0) {
                FILE *f = fopen(path, "rb");
                static uint8_t back[1u << 20];
                size_t n = f ? fread(back, 1, sizeof(back), f) : 0;
                if (f)
                    fclose(f);
                struct ds_opts o2 = o;
                struct ds_set *t = ds_registry_get(r, "again", &o2, err, sizeof(err));
                if (t != NULL)
                    (void)ds_set_load_buf(t, back, n, path, err, sizeof(err));
            }
            unlink(path);
        }
    }
    ds_registry_free(r);
}

static void iprep(const uint8_t *data, size_t size)
{
    char err[256];
    struct iprep *ip = iprep_new();
    if (ip == NULL)
        return;
    /* the categories file is the part before the first NUL, the reputation file the rest */
    const uint8_t *nul = memchr(data, 0, size);
    size_t cn = nul ? (size_t)(nul - data) : size;
    (void)iprep_load_categories(ip, data, cn, "cats", err, sizeof(err));
    if (nul != NULL)
        (void)iprep_load_file(ip, nul + 1, size - cn - 1, "rep", err, sizeof(err));
    const uint8_t a[16] = {192, 0, 2, 1};
    for (unsigned c = 0; c < IPREP_MAX_CATS; c++)
        (void)iprep_lookup(ip, a, 4, c);
    iprep_free(ip);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int quiet;
    if (!quiet) {
        kh_log_set_level(KH_LOG_ERROR);
        quiet = 1;
    }
    if (size < 1)
        return 0;
    if (data[0] == 0xff)
        iprep(data + 1, size - 1);
    else
        sets(data + 1, size - 1, data[0]);
    return 0;
}
