/* SPDX-License-Identifier: GPL-2.0-only */
/* host-os-policy: networks to operating systems, longest prefix first. */
#include "hostos.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "core/compiler.h"
#include "core/err.h"

static const char *const os_names[DEFRAG_OS_MAX] = {
    [DEFRAG_OS_BSD] = "bsd",
    [DEFRAG_OS_BSD_RIGHT] = "bsd-right",
    [DEFRAG_OS_OLD_LINUX] = "old-linux",
    [DEFRAG_OS_LINUX] = "linux",
    [DEFRAG_OS_OLD_SOLARIS] = "old-solaris",
    [DEFRAG_OS_SOLARIS] = "solaris",
    [DEFRAG_OS_HPUX10] = "hpux10",
    [DEFRAG_OS_HPUX11] = "hpux11",
    [DEFRAG_OS_IRIX] = "irix",
    [DEFRAG_OS_MACOS] = "macos",
    [DEFRAG_OS_WINDOWS] = "windows",
    [DEFRAG_OS_VISTA] = "vista",
    [DEFRAG_OS_WINDOWS2K3] = "windows2k3",
    [DEFRAG_OS_FIRST] = "first",
    [DEFRAG_OS_LAST] = "last",
};

void defrag_hostos_init(struct defrag_hostos *t)
{
    memset(t, 0, sizeof(*t));
}

int defrag_os_parse(const char *name)
{
    for (int i = 0; i < DEFRAG_OS_MAX; i++)
        if (strcmp(name, os_names[i]) == 0)
            return i;
    return -1;
}

const char *defrag_os_name(enum defrag_os os)
{
    return (unsigned)os < DEFRAG_OS_MAX ? os_names[os] : "unknown";
}

/* Clear the bits past prefix. */
static void mask_addr(struct kh_addr *a, unsigned prefix, unsigned bits)
{
    for (unsigned i = 0; i < bits / 8; i++) {
        unsigned keep = prefix > i * 8 ? prefix - i * 8 : 0;
        a->b[i] &= keep >= 8 ? 0xff : (uint8_t)(0xff << (8 - keep));
    }
}

int defrag_hostos_add(struct defrag_hostos *t, const char *cidr, enum defrag_os os)
{
    char buf[64];
    size_t len = strlen(cidr);
    if (len == 0 || len >= sizeof(buf) || (unsigned)os >= DEFRAG_OS_MAX)
        return KH_EINVAL;
    if (t->n >= DEFRAG_HOSTOS_MAX)
        return KH_EFULL;
    memcpy(buf, cidr, len + 1);
    struct defrag_hostos_net net;
    memset(&net, 0, sizeof(net));
    char *slash = strchr(buf, '/');
    if (slash)
        *slash = '\0';
    if (inet_pton(AF_INET, buf, net.addr.b) == 1)
        net.ip_ver = 4;
    else if (inet_pton(AF_INET6, buf, net.addr.b) == 1)
        net.ip_ver = 6;
    else
        return KH_EINVAL;
    unsigned bits = net.ip_ver == 4 ? 32 : 128;
    unsigned prefix = bits;
    if (slash) {
        char *end;
        unsigned long v = strtoul(slash + 1, &end, 10);
        if (end == slash + 1 || *end != '\0' || v > bits)
            return KH_EINVAL;
        prefix = (unsigned)v;
    }
    net.prefix = (uint8_t)prefix;
    net.os = (uint8_t)os;
    mask_addr(&net.addr, prefix, bits);
    t->net[t->n++] = net;
    return KH_OK;
}

static bool net_match(const struct defrag_hostos_net *n, const struct kh_addr *a)
{
    struct kh_addr m = *a;
    mask_addr(&m, n->prefix, n->ip_ver == 4 ? 32 : 128);
    return memcmp(m.b, n->addr.b, n->ip_ver == 4 ? 4 : 16) == 0;
}

enum defrag_os defrag_hostos_lookup(const struct defrag_hostos *t, uint8_t ip_ver,
                                    const struct kh_addr *a)
{
    int best = -1;
    for (uint32_t i = 0; i < t->n; i++) {
        const struct defrag_hostos_net *n = &t->net[i];
        if (n->ip_ver != ip_ver || (best >= 0 && n->prefix <= t->net[best].prefix))
            continue;
        if (net_match(n, a))
            best = (int)i;
    }
    return best >= 0 ? (enum defrag_os)t->net[best].os : DEFRAG_OS_BSD;
}
