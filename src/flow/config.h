/* SPDX-License-Identifier: GPL-2.0-only */
/* Flow table settings, with Suricata's key names (flow:, flow-timeouts:) and default values. */
#ifndef KH_FLOW_CONFIG_H
#define KH_FLOW_CONFIG_H

#include <stddef.h>
#include <stdint.h>

struct conf;

/* Timeouts in seconds for one protocol, per flow state, as flow-timeouts.<proto>.* */
struct flow_timeouts {
    uint32_t new_; /* "new" */
    uint32_t established;
    uint32_t closed; /* TCP only in Suricata; others use 0 */
    uint32_t bypassed;
    uint32_t emergency_new;
    uint32_t emergency_established;
    uint32_t emergency_closed;
    uint32_t emergency_bypassed;
};

enum flow_proto_class {
    FLOW_PROTO_TCP = 0,
    FLOW_PROTO_UDP,
    FLOW_PROTO_ICMP,
    FLOW_PROTO_DEFAULT, /* every other IP protocol */
    FLOW_PROTO_MAX
};

struct flow_config {
    uint64_t memcap;             /* flow.memcap, bytes */
    uint32_t hash_size;          /* flow.hash-size, buckets */
    uint32_t prealloc;           /* flow.prealloc, flows made at start */
    uint32_t emergency_recovery; /* flow.emergency-recovery, percent */
    struct flow_timeouts timeouts[FLOW_PROTO_MAX];
};

/* Suricata's built-in values (flow.c / flow-timeouts defaults). */
void flow_config_defaults(struct flow_config *cfg);

/*
 * Read flow: and flow-timeouts: over what cfg holds (call flow_config_defaults() first), as
 * Suricata's FlowInitConfig/FlowInitFlowProto: absent keys keep their value; udp and icmp
 * have no closed timeouts. A present but invalid value is KH_EINVAL naming key, value and
 * file:line in errbuf.
 */
int flow_config_load(struct flow_config *cfg, const struct conf *conf, char *errbuf, size_t errlen);

#endif
