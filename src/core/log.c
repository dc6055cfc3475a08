/* SPDX-License-Identifier: GPL-2.0-only */
/* Log messages to stderr, one line each, prefixed by their level. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>

#include "err.h"

/* The level is set once from the command line before any thread starts. */
static enum kh_log_level log_level = KH_LOG_NOTICE;

static const char *const level_names[] = {
    [KH_LOG_ERROR] = "Error", [KH_LOG_WARNING] = "Warning", [KH_LOG_NOTICE] = "Notice",
    [KH_LOG_INFO] = "Info",   [KH_LOG_DEBUG] = "Debug",
};

void kh_log_set_level(enum kh_log_level level)
{
    log_level = level > KH_LOG_DEBUG ? KH_LOG_DEBUG : level;
}

enum kh_log_level kh_log_get_level(void)
{
    return log_level;
}

void kh_log(enum kh_log_level level, const char *fmt, ...)
{
    if (level > log_level)
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s: khien: %s\n", level_names[level], line);
}

const char *kh_strerror(int err)
{
    switch (err) {
    case KH_OK:
        return "success";
    case KH_ENOMEM:
        return "out of memory";
    case KH_EINVAL:
        return "invalid argument";
    case KH_EIO:
        return "input/output error";
    case KH_ENOENT:
        return "not found";
    case KH_EFORMAT:
        return "bad format";
    case KH_EFULL:
        return "full";
    case KH_ETRUNC:
        return "truncated";
    default:
        return "unknown error";
    }
}
