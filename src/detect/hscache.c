/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Compiled Vectorscan databases kept on disk between runs.
 *
 * One file per database, named by the SHA-256 key of its input (<key>.hs). A file holds
 * a header (magic, format version, payload length, SHA-256 of the payload) and the
 * database as hs_serialize_database() writes it. Files are written to a temporary name
 * and renamed, so a reader sees a whole file or none, even with several khien processes
 * sharing the folder. A file that fails any check is treated as absent and replaced.
 */
#include "hscache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/log.h"

#define HSCACHE_MAGIC   "KHHS"
#define HSCACHE_VERSION 1u
#define HSCACHE_HDR     (4 + 4 + 8 + 32)
#define HSCACHE_KEY_HEX 64

static void put_u32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put_u64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_u64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool sha256(const void *data, size_t len, uint8_t out[32])
{
    unsigned int n = 0;
    return EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) == 1 && n == 32;
}

/* The key: everything the compiled database depends on. */
static bool cache_key(const char *const *exprs, const unsigned *flags, const unsigned *ids,
                      unsigned n, char hex[HSCACHE_KEY_HEX + 1])
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (md == NULL)
        return false;
    bool ok = EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1;
    const char *version = hs_version();
    hs_platform_info_t plat;
    memset(&plat, 0, sizeof(plat));
    ok = ok && hs_populate_platform(&plat) == HS_SUCCESS;
    uint8_t head[12];
    put_u32(head, HSCACHE_VERSION);
    put_u32(head + 4, HS_MODE_BLOCK);
    put_u32(head + 8, n);
    ok = ok && EVP_DigestUpdate(md, version, strlen(version) + 1) == 1 &&
         EVP_DigestUpdate(md, &plat, sizeof(plat)) == 1 &&
         EVP_DigestUpdate(md, head, sizeof(head)) == 1;
    for (unsigned i = 0; ok && i < n; i++) {
        uint8_t e[12];
        size_t len = strlen(exprs[i]);
        put_u32(e, ids[i]);
        put_u32(e + 4, flags[i]);
        put_u32(e + 8, (uint32_t)len);
        ok = EVP_DigestUpdate(md, e, sizeof(e)) == 1 && EVP_DigestUpdate(md, exprs[i], len) == 1;
    }
    uint8_t dig[32];
    unsigned int dlen = 0;
    ok = ok && EVP_DigestFinal_ex(md, dig, &dlen) == 1 && dlen == 32;
    EVP_MD_CTX_free(md);
    for (int i = 0; ok && i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", dig[i]);
    return ok;
}

/*
 * Read the whole of a regular file of HSCACHE_HDR to HSCACHE_MAX_FILE bytes; NULL when
 * not, with *present telling whether there was something at path.
 */
static uint8_t *read_file(const char *path, size_t *len, bool *present)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    *present = fd >= 0 || errno != ENOENT;
    if (fd < 0)
        return NULL;
    struct stat sb;
    uint8_t *buf = NULL;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size < HSCACHE_HDR ||
        (uint64_t)sb.st_size > HSCACHE_MAX_FILE || (buf = kh_malloc((size_t)sb.st_size)) == NULL)
        goto fail;
    size_t got = 0;
    while (got < (size_t)sb.st_size) {
        ssize_t r = read(fd, buf + got, (size_t)sb.st_size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            goto fail;
        got += (size_t)r;
    }
    close(fd);
    *len = got;
    return buf;
fail:
    kh_free(buf);
    close(fd);
    return NULL;
}

/* The database in a cache file, or NULL when the file is absent or fails a check. */
static hs_database_t *load(struct hscache *c, const char *path)
{
    size_t len;
    bool present;
    uint8_t *buf = read_file(path, &len, &present);
    if (buf == NULL) {
        c->rejected += present;
        return NULL;
    }
    hs_database_t *db = NULL;
    uint8_t dig[32];
    uint64_t plen = get_u64(buf + 8);
    if (memcmp(buf, HSCACHE_MAGIC, 4) == 0 && get_u32(buf + 4) == HSCACHE_VERSION &&
        plen == len - HSCACHE_HDR && sha256(buf + HSCACHE_HDR, (size_t)plen, dig) &&
        memcmp(dig, buf + 16, 32) == 0 &&
        hs_deserialize_database((const char *)buf + HSCACHE_HDR, (size_t)plen, &db) != HS_SUCCESS)
        db = NULL;
    kh_free(buf);
    if (db == NULL)
        c->rejected++;
    else
        utimensat(AT_FDCWD, path, NULL, 0); /* used now: pruning by age keeps it */
    return db;
}

/* mkdir -p, for the cache folder. */
static int make_dirs(const char *dir)
{
    char path[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof(path))
        return -1;
    memcpy(path, dir, n + 1);
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0750) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(path, 0750) != 0 && errno != EEXIST ? -1 : 0;
}

static bool write_all(int fd, const void *data, size_t len)
{
    const uint8_t *p = data;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        len -= (size_t)w;
    }
    return true;
}

static void save(struct hscache *c, const char *path, const hs_database_t *db)
{
    char *bytes = NULL;
    size_t len = 0;
    char tmp[4200];
    uint8_t hdr[HSCACHE_HDR];
    int fd = -1;
    const char *why = "cannot serialize";
    if (hs_serialize_database(db, &bytes, &len) != HS_SUCCESS)
        goto fail;
    memcpy(hdr, HSCACHE_MAGIC, 4);
    put_u32(hdr + 4, HSCACHE_VERSION);
    put_u64(hdr + 8, len);
    why = strerror(ENOMEM);
    if (!sha256(bytes, len, hdr + 16))
        goto fail;
    why = strerror(ENAMETOOLONG);
    if (make_dirs(c->dir) != 0 ||
        snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path) >= (int)sizeof(tmp))
        goto fail_errno;
    if ((fd = mkstemp(tmp)) < 0)
        goto fail_errno;
    if (!write_all(fd, hdr, sizeof(hdr)) || !write_all(fd, bytes, len) || close(fd) != 0) {
        fd = -1;
        unlink(tmp);
        goto fail_errno;
    }
    fd = -1;
    if (rename(tmp, path) != 0) {
        unlink(tmp);
        goto fail_errno;
    }
    kh_free(bytes); /* Vectorscan's misc allocator is left at malloc, which kh_free matches */
    c->saved++;
    return;
fail_errno:
    why = strerror(errno);
fail:
    if (fd >= 0)
        close(fd);
    kh_free(bytes);
    if (!c->write_failed)
        kh_warn("detect: cannot write the rule cache in %s (%s); startup compiles every time",
                c->dir, why);
    c->write_failed = true;
}

int hscache_compile(struct hscache *c, const char *const *exprs, const unsigned *flags,
                    const unsigned *ids, unsigned n, hs_database_t **db, char *err, size_t errlen)
{
    char key[HSCACHE_KEY_HEX + 1];
    char path[4096 + HSCACHE_KEY_HEX + 8];
    bool cached = c != NULL && c->dir != NULL && cache_key(exprs, flags, ids, n, key) &&
                  snprintf(path, sizeof(path), "%s/%s.hs", c->dir, key) < (int)sizeof(path);
    if (cached && (*db = load(c, path)) != NULL) {
        c->loaded++;
        return HS_SUCCESS;
    }
    hs_compile_error_t *ce = NULL;
    int rc = hs_compile_multi(exprs, flags, ids, n, HS_MODE_BLOCK, NULL, db, &ce);
    if (rc != HS_SUCCESS) {
        snprintf(err, errlen, "vectorscan: %s", ce ? ce->message : "compile failed");
        hs_free_compile_error(ce);
        return rc;
    }
    if (c != NULL)
        c->compiled++;
    if (cached)
        save(c, path, *db);
    return HS_SUCCESS;
}

static bool is_cache_name(const char *name)
{
    size_t n = strlen(name);
    if (n != HSCACHE_KEY_HEX + 3 || strcmp(name + HSCACHE_KEY_HEX, ".hs") != 0)
        return false;
    for (size_t i = 0; i < HSCACHE_KEY_HEX; i++)
        if (!((name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f')))
            return false;
    return true;
}

void hscache_prune(struct hscache *c)
{
    if (c == NULL || c->dir == NULL || c->max_age_s == 0)
        return;
    DIR *d = opendir(c->dir);
    if (d == NULL)
        return;
    time_t now = time(NULL);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        struct stat sb;
        if (!is_cache_name(e->d_name) ||
            fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(sb.st_mode))
            continue;
        if (now > sb.st_mtime && (uint64_t)(now - sb.st_mtime) > c->max_age_s &&
            unlinkat(dirfd(d), e->d_name, 0) == 0)
            c->pruned++;
    }
    closedir(d);
}

int hscache_parse_age(const char *text, uint64_t *seconds)
{
    /* Suricata's form: one or more <number><unit>, units s m h d w y; a bare number is seconds. */
    uint64_t total = 0;
    const char *p = text;
    if (p == NULL || *p == '\0')
        return -1;
    while (*p != '\0') {
        if (*p < '0' || *p > '9')
            return -1;
        uint64_t v = 0;
        for (; *p >= '0' && *p <= '9'; p++) {
            if (v > (UINT64_MAX - 9) / 10)
                return -1;
            v = v * 10 + (uint64_t)(*p - '0');
        }
        uint64_t unit;
        switch (*p) {
        case '\0':
        case 's':
            unit = 1;
            break;
        case 'm':
            unit = 60;
            break;
        case 'h':
            unit = 3600;
            break;
        case 'd':
            unit = 86400;
            break;
        case 'w':
            unit = 7 * 86400;
            break;
        case 'y':
            unit = 365 * 86400;
            break;
        default:
            return -1;
        }
        if (*p != '\0')
            p++;
        if (v > UINT64_MAX / unit || total > UINT64_MAX - v * unit)
            return -1;
        total += v * unit;
    }
    *seconds = total;
    return 0;
}
