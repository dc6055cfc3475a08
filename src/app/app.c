/* SPDX-License-Identifier: GPL-2.0-only */
/* Names of application protocols as EVE writes them in app_proto. */
#include "app.h"

#include <stddef.h>

const char *app_proto_name(enum app_proto proto)
{
    switch (proto) {
    case APP_PROTO_DNS:
        return "dns";
    case APP_PROTO_HTTP:
        return "http";
    case APP_PROTO_TLS:
        return "tls";
    case APP_PROTO_SMTP:
        return "smtp";
    case APP_PROTO_FAILED:
        return "failed";
    case APP_PROTO_FTP:
        return "ftp";
    case APP_PROTO_SSH:
        return "ssh";
    case APP_PROTO_UNKNOWN:
    case APP_PROTO_MAX:
        break;
    }
    return NULL;
}
