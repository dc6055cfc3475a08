/* SPDX-License-Identifier: GPL-2.0-only */
/* Timestamp formatting with a per-second cache, and a monotonic clock. */
#include "tstamp.h"

#include <string.h>
#include <time.h>

void ts_cache_init(struct ts_cache *tc)
{
    tc->sec = INT64_MIN;
    memset(tc->date, 0, sizeof(tc->date));
    memset(tc->zone, 0, sizeof(tc->zone));
}

static void refresh(struct ts_cache *tc, int64_t sec)
{
    time_t t = (time_t)sec;
    struct tm tm;
    if (localtime_r(&t, &tm) == NULL) {
        memcpy(tc->date, "1970-01-01T00:00:00", 20);
        memcpy(tc->zone, "+0000", 6);
    } else {
        strftime(tc->date, sizeof(tc->date), "%Y-%m-%dT%H:%M:%S", &tm);
        strftime(tc->zone, sizeof(tc->zone), "%z", &tm);
    }
    tc->sec = sec;
}

void ts_format(struct ts_cache *tc, uint64_t ts_usec, char out[KH_TS_LEN + 1])
{
    int64_t sec = (int64_t)(ts_usec / 1000000);
    uint32_t usec = (uint32_t)(ts_usec % 1000000);
    if (sec != tc->sec)
        refresh(tc, sec);
    memcpy(out, tc->date, 19);
    out[19] = '.';
    for (int i = 25; i >= 20; i--) {
        out[i] = (char)('0' + usec % 10);
        usec /= 10;
    }
    memcpy(out + 26, tc->zone, 5);
    out[31] = '\0';
}

uint64_t kh_monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int64_t kh_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}
