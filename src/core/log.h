/* SPDX-License-Identifier: GPL-2.0-only */
/* Operator-facing log messages on stderr, with levels as Suricata's -v flags raise them. */
#ifndef KH_CORE_LOG_H
#define KH_CORE_LOG_H

#include "compiler.h"

enum kh_log_level {
    KH_LOG_ERROR = 0,
    KH_LOG_WARNING,
    KH_LOG_NOTICE,
    KH_LOG_INFO,
    KH_LOG_DEBUG,
};

/* Messages above this level are dropped; notice by default, each -v adds one. */
void kh_log_set_level(enum kh_log_level level);
enum kh_log_level kh_log_get_level(void);
void kh_log(enum kh_log_level level, const char *fmt, ...) KH_PRINTF(2, 3);

#define kh_err(...)    kh_log(KH_LOG_ERROR, __VA_ARGS__)
#define kh_warn(...)   kh_log(KH_LOG_WARNING, __VA_ARGS__)
#define kh_notice(...) kh_log(KH_LOG_NOTICE, __VA_ARGS__)
#define kh_info(...)   kh_log(KH_LOG_INFO, __VA_ARGS__)
#define kh_debug(...)  kh_log(KH_LOG_DEBUG, __VA_ARGS__)

#endif
