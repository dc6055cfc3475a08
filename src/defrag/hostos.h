/* SPDX-License-Identifier: GPL-2.0-only */
/* host-os-policy: the operating system behind each destination network, for target-based reassembly. */
#ifndef KH_DEFRAG_HOSTOS_H
#define KH_DEFRAG_HOSTOS_H

#include <stdint.h>

#include "decode/packet.h"

/*
 * The operating systems Suricata's host-os-policy section names (its OS_POLICY_*), in that
 * section's spelling. Defrag and stream each map them to their own overlap policy.
 */
enum defrag_os {
    DEFRAG_OS_BSD = 0, /* Suricata's default for hosts that are not listed */
    DEFRAG_OS_BSD_RIGHT,
    DEFRAG_OS_OLD_LINUX,
    DEFRAG_OS_LINUX,
    DEFRAG_OS_OLD_SOLARIS,
    DEFRAG_OS_SOLARIS,
    DEFRAG_OS_HPUX10,
    DEFRAG_OS_HPUX11,
    DEFRAG_OS_IRIX,
    DEFRAG_OS_MACOS,
    DEFRAG_OS_WINDOWS,
    DEFRAG_OS_VISTA,
    DEFRAG_OS_WINDOWS2K3,
    DEFRAG_OS_FIRST, /* not a host-os-policy key: the stream's "first" policy */
    DEFRAG_OS_LAST,  /* idem, "last" */
    DEFRAG_OS_MAX,
};

#define DEFRAG_HOSTOS_MAX 256 /* networks in the table; more is a configuration error */

/* One network and its OS. */
struct defrag_hostos_net {
    struct kh_addr addr; /* masked */
    uint8_t ip_ver;      /* 4 or 6 */
    uint8_t prefix;      /* bits */
    uint8_t os;          /* enum defrag_os */
};

/* The table: longest prefix wins; read-only once loaded, so workers share it. */
struct defrag_hostos {
    struct defrag_hostos_net net[DEFRAG_HOSTOS_MAX];
    uint32_t n;
};

void defrag_hostos_init(struct defrag_hostos *t);

/* "linux" -> DEFRAG_OS_LINUX; the host-os-policy keys plus "first" and "last". -1 if unknown. */
int defrag_os_parse(const char *name);
const char *defrag_os_name(enum defrag_os os);

/*
 * Add "10.0.0.0/8", "192.0.2.1", "2001:db8::/32" for os. KH_EINVAL for an address that
 * does not parse, KH_EFULL past DEFRAG_HOSTOS_MAX networks.
 */
int defrag_hostos_add(struct defrag_hostos *t, const char *cidr, enum defrag_os os);

/* The OS of the longest matching network, or DEFRAG_OS_BSD when none matches. */
enum defrag_os defrag_hostos_lookup(const struct defrag_hostos *t, uint8_t ip_ver,
                                    const struct kh_addr *a);

#endif
