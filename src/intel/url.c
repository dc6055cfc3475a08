/* SPDX-License-Identifier: GPL-2.0-only */
/* Indicator value forms: URL normalisation (RFC 3986 section 6) and address/prefix parsing. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "intel.h"

static int hexv(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static bool unreserved(unsigned char c)
{
    return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* Percent-escapes: unreserved characters decoded, the others' hex upper-cased. */
static size_t norm_escapes(const char *in, size_t n, char *out)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (in[i] == '%' && i + 2 < n && hexv(in[i + 1]) >= 0 && hexv(in[i + 2]) >= 0) {
            unsigned char c = (unsigned char)(hexv(in[i + 1]) << 4 | hexv(in[i + 2]));
            if (unreserved(c)) {
                out[o++] = (char)c;
            } else {
                out[o++] = '%';
                out[o++] = hex[c >> 4];
                out[o++] = hex[c & 15];
            }
            i += 2;
        } else {
            out[o++] = in[i];
        }
    }
    return o;
}

/* RFC 3986 5.2.4 remove_dot_segments over a path in place; returns the new length. */
static size_t remove_dots(char *p, size_t n)
{
    size_t o = 0, i = 0;
    while (i < n) {
        if (n - i >= 3 && memcmp(p + i, "/./", 3) == 0) {
            i += 2;
        } else if (n - i == 2 && memcmp(p + i, "/.", 2) == 0) {
            p[i + 1] = '/';
            i += 1;
        } else if ((n - i >= 4 && memcmp(p + i, "/../", 4) == 0) ||
                   (n - i == 3 && memcmp(p + i, "/..", 3) == 0)) {
            bool end = n - i == 3;
            i += 3;
            while (o > 0 && p[o - 1] != '/')
                o--;
            if (o > 0)
                o--; /* drop the last output segment and its slash */
            if (end) {
                p[o++] = '/';
                break;
            }
        } else {
            /* copy one segment: its slash and what follows up to the next slash */
            do
                p[o++] = p[i++];
            while (i < n && p[i] != '/');
        }
    }
    return o;
}

size_t intel_url_normalise(const char *in, size_t len, char *out, size_t cap)
{
    const char *sep = len > 3 ? memmem(in, len, "://", 3) : NULL;
    if (sep == NULL || sep == in || cap < 3 * len + 8)
        return 0;
    size_t sl = (size_t)(sep - in), o = 0;
    for (size_t i = 0; i < sl; i++) {
        if (!isalnum((unsigned char)in[i]) && in[i] != '+' && in[i] != '-' && in[i] != '.')
            return 0;
        out[o++] = (char)tolower((unsigned char)in[i]);
    }
    memcpy(out + o, "://", 3);
    o += 3;
    const char *h = sep + 3, *end = in + len;
    const char *frag = memchr(h, '#', (size_t)(end - h));
    if (frag)
        end = frag;
    const char *path = h;
    while (path < end && *path != '/' && *path != '?')
        path++;
    /* authority: userinfo dropped, host lower-cased, default port dropped */
    const char *at = memchr(h, '@', (size_t)(path - h));
    if (at)
        h = at + 1;
    const char *port = NULL;
    for (const char *q = path; q > h; q--)
        if (q[-1] == ':') {
            port = q - 1;
            break;
        } else if (q[-1] == ']') {
            break;
        }
    const char *hend = port ? port : path;
    if (hend == h)
        return 0;
    for (const char *q = h; q < hend; q++)
        out[o++] = (char)tolower((unsigned char)*q);
    if (hend > h && out[o - 1] == '.')
        o--;
    if (port && port + 1 < path) {
        size_t pl = (size_t)(path - port - 1);
        bool deflt = (sl == 4 && strncasecmp(in, "http", 4) == 0 && pl == 2 &&
                      memcmp(port + 1, "80", 2) == 0) ||
                     (sl == 5 && strncasecmp(in, "https", 5) == 0 && pl == 3 &&
                      memcmp(port + 1, "443", 3) == 0);
        if (!deflt) {
            memcpy(out + o, port, pl + 1);
            o += pl + 1;
        }
    }
    const char *query = memchr(path, '?', (size_t)(end - path));
    const char *pend = query ? query : end;
    size_t pstart = o;
    if (pend == path)
        out[o++] = '/';
    else
        o += norm_escapes(path, (size_t)(pend - path), out + o);
    o = pstart + remove_dots(out + pstart, o - pstart);
    if (o == pstart)
        out[o++] = '/';
    if (query)
        o += norm_escapes(query, (size_t)(end - query), out + o);
    return o;
}

bool intel_parse_prefix(const char *text, size_t len, uint8_t addr[16], int *ver, uint8_t *plen)
{
    char buf[64];
    while (len && isspace((unsigned char)*text)) {
        text++;
        len--;
    }
    while (len && isspace((unsigned char)text[len - 1]))
        len--;
    if (len == 0 || len >= sizeof(buf))
        return false;
    memcpy(buf, text, len);
    buf[len] = '\0';
    char *slash = strchr(buf, '/');
    long bits = -1;
    if (slash != NULL) {
        char *e;
        *slash = '\0';
        if (!isdigit((unsigned char)slash[1]))
            return false;
        bits = strtol(slash + 1, &e, 10);
        if (*e != '\0')
            return false;
    }
    memset(addr, 0, 16);
    if (inet_pton(AF_INET, buf, addr) == 1) {
        *ver = 4;
        if (bits > 32)
            return false;
        *plen = (uint8_t)(bits < 0 ? 32 : bits);
        return true;
    }
    if (inet_pton(AF_INET6, buf, addr) == 1) {
        *ver = 6;
        if (bits > 128)
            return false;
        *plen = (uint8_t)(bits < 0 ? 128 : bits);
        return true;
    }
    return false;
}
