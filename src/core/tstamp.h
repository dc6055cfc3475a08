/* SPDX-License-Identifier: GPL-2.0-only */
/* Timestamps as EVE writes them: 2024-01-31T12:00:00.123456+0000, in the local time zone. */
#ifndef KH_CORE_TSTAMP_H
#define KH_CORE_TSTAMP_H

#include <stddef.h>
#include <stdint.h>

#define KH_TS_LEN 31 /* "2024-01-31T12:00:00.123456+0000" without the terminating NUL */

/*
 * Formatting cache: the date, time and zone part changes once a second, so it is formatted
 * once a second and only the microseconds are written per record. One per thread.
 */
struct ts_cache {
    int64_t sec;   /* second the prefix was made for, or INT64_MIN */
    char date[20]; /* "2024-01-31T12:00:00" */
    char zone[6];  /* "+0000" */
};

void ts_cache_init(struct ts_cache *tc);

/* Write the timestamp for ts_usec (microseconds since the epoch) and a NUL into out. */
void ts_format(struct ts_cache *tc, uint64_t ts_usec, char out[KH_TS_LEN + 1]);

/* Days from 1970-01-01 to a civil date (proleptic Gregorian; negative before 1970): the
 * certificate validity dates and the tls_cert_* keywords. */
int64_t kh_days_from_civil(int64_t y, unsigned m, unsigned d);

/* Monotonic wall-clock time in nanoseconds, for measuring elapsed time. */
uint64_t kh_monotonic_ns(void);

#endif
