/* SPDX-License-Identifier: GPL-2.0-only */
/* Files downloaded in pieces (206 + Content-Range), put together per host and path. */
#include "range.h"

#include <string.h>
#include <strings.h>

#include "core/alloc.h"

struct range_file {
    bool used;
    uint16_t klen;
    uint32_t nspans;
    uint64_t size;
    uint64_t stamp;                      /* last use, for replacing the oldest */
    uint64_t span[HTTP_RANGES_SPANS][2]; /* disjoint, sorted, [start, end) */
    uint8_t key[HTTP_RANGES_KEY];        /* host, NUL, path */
};

struct http_ranges {
    uint64_t clock;
    struct http_ranges_stats st;
    struct range_file f[HTTP_RANGES_FILES];
};

bool http_content_range_parse(struct span v, int64_t out[3])
{
    struct cursor c = cur_init(v.p, v.len);
    if (v.len < 6 || strncasecmp((const char *)v.p, "bytes", 5) != 0)
        return false;
    cur_skip(&c, 5);
    while (c.left && (*c.p == ' ' || *c.p == '='))
        cur_skip(&c, 1);
    for (int part = 0; part < 3; part++) {
        out[part] = -1;
        if (part == 0 && c.left && *c.p == '*') {
            cur_skip(&c, 1);
            out[1] = -1;
            part = 1;
        } else if (part == 2 && c.left && *c.p == '*') {
            cur_skip(&c, 1);
        } else {
            int64_t n = 0;
            size_t digits = 0;
            while (c.left && *c.p >= '0' && *c.p <= '9' && n < (INT64_MAX - 9) / 10) {
                n = n * 10 + (cur_u8(&c) - '0');
                digits++;
            }
            if (digits == 0)
                return false;
            out[part] = n;
        }
        char sep = part == 0 ? '-' : part == 1 ? '/' : '\0';
        if (sep && (c.left == 0 || *c.p != sep))
            return false;
        if (sep)
            cur_skip(&c, 1);
    }
    return c.left == 0;
}

struct http_ranges *http_ranges_new(void)
{
    return kh_calloc(1, sizeof(struct http_ranges));
}

void http_ranges_free(struct http_ranges *r)
{
    kh_free(r);
}

const struct http_ranges_stats *http_ranges_stats(const struct http_ranges *r)
{
    return &r->st;
}

static struct range_file *find(struct http_ranges *r, const uint8_t *key, size_t klen)
{
    struct range_file *oldest = &r->f[0];
    for (size_t i = 0; i < HTTP_RANGES_FILES; i++) {
        struct range_file *f = &r->f[i];
        if (f->used && f->klen == klen && memcmp(f->key, key, klen) == 0)
            return f;
        if (!f->used || (oldest->used && f->stamp < oldest->stamp))
            oldest = f;
    }
    if (oldest->used)
        r->st.files_evicted++;
    memset(oldest, 0, offsetof(struct range_file, key));
    memcpy(oldest->key, key, klen);
    oldest->klen = (uint16_t)klen;
    oldest->used = true;
    return oldest;
}

/* Merge [s, e) into the sorted disjoint spans; false when that needs too many. */
static bool merge(struct range_file *f, uint64_t s, uint64_t e)
{
    uint32_t i = 0;
    while (i < f->nspans && f->span[i][1] < s)
        i++;
    uint32_t j = i; /* spans [i, j) touch or overlap [s, e) */
    while (j < f->nspans && f->span[j][0] <= e) {
        if (f->span[j][0] < s)
            s = f->span[j][0];
        if (f->span[j][1] > e)
            e = f->span[j][1];
        j++;
    }
    if (i == j && f->nspans == HTTP_RANGES_SPANS)
        return false;
    uint32_t tail = f->nspans - j;
    uint32_t at = i + 1;
    memmove(f->span[at], f->span[j], tail * sizeof(f->span[0]));
    f->span[i][0] = s;
    f->span[i][1] = e;
    f->nspans = at + tail;
    return true;
}

bool http_ranges_add(struct http_ranges *r, struct span host, struct span path, uint64_t size,
                     uint64_t start, uint64_t end)
{
    if (size == 0 || start > end || end >= size || host.len + 1 + path.len > HTTP_RANGES_KEY)
        return false;
    uint8_t key[HTTP_RANGES_KEY];
    if (host.len)
        memcpy(key, host.p, host.len);
    key[host.len] = 0;
    if (path.len)
        memcpy(key + host.len + 1, path.p, path.len);
    struct range_file *f = find(r, key, host.len + 1 + path.len);
    f->stamp = ++r->clock;
    if (f->size != size) { /* new, or the file changed: start again */
        f->size = size;
        f->nspans = 0;
    }
    if (!merge(f, start, end + 1)) {
        r->st.files_fragmented++;
        f->used = false;
        return false;
    }
    if (f->nspans == 1 && f->span[0][0] == 0 && f->span[0][1] == size) {
        r->st.files_completed++;
        f->used = false;
        return true;
    }
    return false;
}
