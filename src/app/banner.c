/* SPDX-License-Identifier: GPL-2.0-only */
/* Detection-only protocols: FTP and SSH are recognised by their first bytes, not parsed. */
#include "app/banner.h"

#include <string.h>
#include <strings.h>

#define BANNER_LINE_MAX 512 /* bytes of a first line looked at before giving up */

/* Does the first line (up to CR or LF, at most max bytes) contain word, case-insensitive? */
static bool line_has(const uint8_t *p, size_t len, const char *word)
{
    size_t wl = strlen(word);
    for (size_t i = 0; i + wl <= len && p[i] != '\r' && p[i] != '\n'; i++)
        if (strncasecmp((const char *)p + i, word, wl) == 0)
            return true;
    return false;
}

static bool has_eol(const uint8_t *p, size_t len)
{
    return memchr(p, '\n', len) != NULL;
}

enum app_probe ftp_probe(const uint8_t *data, size_t len, int dir)
{
    static const char *const cmds[] = {"USER", "PASS", "AUTH", "PORT",
                                       "EPSV", "FEAT", "SYST", "OPTS"};
    if (dir == 0) {
        if (len < 5)
            return memchr(data, '\n', len) ? APP_PROBE_NO : APP_PROBE_MORE;
        for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
            if (strncasecmp((const char *)data, cmds[i], 4) == 0 &&
                (data[4] == ' ' || data[4] == '\r' || data[4] == '\n'))
                return APP_PROBE_YES;
        return APP_PROBE_NO;
    }
    if (len < 4)
        return memcmp(data, "220", len) == 0 ? APP_PROBE_MORE : APP_PROBE_NO;
    if (memcmp(data, "220", 3) != 0 || (data[3] != ' ' && data[3] != '-'))
        return APP_PROBE_NO;
    size_t n = len < BANNER_LINE_MAX ? len : BANNER_LINE_MAX;
    if (line_has(data, n, "FTP"))
        return APP_PROBE_YES;
    return has_eol(data, n) || len >= BANNER_LINE_MAX ? APP_PROBE_NO : APP_PROBE_MORE;
}

enum app_probe ssh_probe(const uint8_t *data, size_t len, int dir)
{
    (void)dir;
    size_t n = len < 4 ? len : 4;
    if (memcmp(data, "SSH-", n) != 0)
        return APP_PROBE_NO;
    return len >= 4 ? APP_PROBE_YES : APP_PROBE_MORE;
}

/* Every byte is passed over: there is no parser behind the detection yet. */
static struct app_result pass_over(void *pctx, void **state, const struct app_input *in)
{
    (void)pctx;
    (void)state;
    struct app_result r = {.status = APP_STATUS_OK, .consumed = (uint32_t)in->data.len};
    return r;
}

static void no_state(void *pctx, void *state)
{
    (void)pctx;
    (void)state;
}

struct app_tcp_proto ftp_tcp_proto(void)
{
    struct app_tcp_proto p = {
        .id = APP_PROTO_FTP,
        .ports = {21},
        .probe = ftp_probe,
        .parse = pass_over,
        .state_free = no_state,
    };
    return p;
}

struct app_tcp_proto ssh_tcp_proto(void)
{
    struct app_tcp_proto p = {
        .id = APP_PROTO_SSH,
        .ports = {22},
        .probe = ssh_probe,
        .parse = pass_over,
        .state_free = no_state,
    };
    return p;
}
