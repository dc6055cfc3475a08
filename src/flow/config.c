/* SPDX-License-Identifier: GPL-2.0-only */
/* Flow settings: Suricata's code defaults, and the reader of flow: and flow-timeouts:. */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/conf.h"
#include "core/err.h"

/* Suricata's flow.c defaults, used when a key is absent. */
#define FLOW_DEFAULT_MEMCAP             (32ull * 1024 * 1024)
#define FLOW_DEFAULT_HASH_SIZE          65536u
#define FLOW_DEFAULT_PREALLOC           10000u
#define FLOW_DEFAULT_EMERGENCY_RECOVERY 30u

/* flow-private.h's timeouts; udp, icmp and other protocols share theirs and have no closed
 * state. */
#define FLOW_TIMEOUTS_NO_CLOSED                                                                    \
    {                                                                                              \
        .new_ = 30, .established = 300, .bypassed = 100, .emergency_new = 10,                      \
        .emergency_established = 100, .emergency_bypassed = 50                                     \
    }
static const struct flow_timeouts default_timeouts[FLOW_PROTO_MAX] = {
    [FLOW_PROTO_TCP] = {.new_ = 30,
                        .established = 300,
                        .closed = 10,
                        .bypassed = 100,
                        .emergency_new = 10,
                        .emergency_established = 100,
                        .emergency_closed = 5,
                        .emergency_bypassed = 50},
    [FLOW_PROTO_UDP] = FLOW_TIMEOUTS_NO_CLOSED,
    [FLOW_PROTO_ICMP] = FLOW_TIMEOUTS_NO_CLOSED,
    [FLOW_PROTO_DEFAULT] = FLOW_TIMEOUTS_NO_CLOSED,
};

static const char *const proto_names[FLOW_PROTO_MAX] = {
    [FLOW_PROTO_TCP] = "tcp",
    [FLOW_PROTO_UDP] = "udp",
    [FLOW_PROTO_ICMP] = "icmp",
    [FLOW_PROTO_DEFAULT] = "default",
};

/* The keys of flow-timeouts.<proto>; closed ones are read for tcp and default only. */
static const struct {
    const char *key;
    size_t offset;
    bool closed;
} timeout_keys[] = {
    {"new", offsetof(struct flow_timeouts, new_), false},
    {"established", offsetof(struct flow_timeouts, established), false},
    {"closed", offsetof(struct flow_timeouts, closed), true},
    {"bypassed", offsetof(struct flow_timeouts, bypassed), false},
    {"emergency-new", offsetof(struct flow_timeouts, emergency_new), false},
    {"emergency-established", offsetof(struct flow_timeouts, emergency_established), false},
    {"emergency-closed", offsetof(struct flow_timeouts, emergency_closed), true},
    {"emergency-bypassed", offsetof(struct flow_timeouts, emergency_bypassed), false},
};

void flow_config_defaults(struct flow_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->memcap = FLOW_DEFAULT_MEMCAP;
    cfg->hash_size = FLOW_DEFAULT_HASH_SIZE;
    cfg->prealloc = FLOW_DEFAULT_PREALLOC;
    cfg->emergency_recovery = FLOW_DEFAULT_EMERGENCY_RECOVERY;
    memcpy(cfg->timeouts, default_timeouts, sizeof(cfg->timeouts));
}

/* base's child key as an integer in [min, max]; absent or null keeps *out. */
static int read_u32(const struct conf_node *base, const char *key, uint32_t min, uint32_t max,
                    uint32_t *out, char *errbuf, size_t errlen)
{
    int64_t v = 0;
    int err = conf_node_int_range(conf_node_child(base, key), min, max, &v, errbuf, errlen);
    if (err == KH_ENOENT)
        return 0;
    if (err == 0)
        *out = (uint32_t)v;
    return err;
}

static int read_timeouts(struct flow_config *cfg, const struct conf *conf, char *errbuf,
                         size_t errlen)
{
    const struct conf_node *timeouts = conf_node_get(conf, NULL, "flow-timeouts");
    for (int p = 0; p < FLOW_PROTO_MAX; p++) {
        const struct conf_node *proto = conf_node_child(timeouts, proto_names[p]);
        bool has_closed = p == FLOW_PROTO_TCP || p == FLOW_PROTO_DEFAULT;
        for (size_t k = 0; proto != NULL && k < sizeof(timeout_keys) / sizeof(timeout_keys[0]);
             k++) {
            if (timeout_keys[k].closed && !has_closed)
                continue; /* Suricata does not read it for udp and icmp */
            uint32_t *field = (uint32_t *)((char *)&cfg->timeouts[p] + timeout_keys[k].offset);
            int err = read_u32(proto, timeout_keys[k].key, 0, UINT32_MAX, field, errbuf, errlen);
            if (err != 0)
                return err;
        }
    }
    return 0;
}

int flow_config_load(struct flow_config *cfg, const struct conf *conf, char *errbuf, size_t errlen)
{
    const struct conf_node *flow = conf_node_get(conf, NULL, "flow");
    int err = conf_node_size(conf_node_child(flow, "memcap"), &cfg->memcap, errbuf, errlen);
    if (err == KH_ENOENT)
        err = 0;
    if (err == 0)
        err = read_u32(flow, "hash-size", 1, UINT32_MAX, &cfg->hash_size, errbuf, errlen);
    if (err == 0)
        err = read_u32(flow, "prealloc", 0, UINT32_MAX, &cfg->prealloc, errbuf, errlen);
    if (err == 0)
        err =
            read_u32(flow, "emergency-recovery", 1, 100, &cfg->emergency_recovery, errbuf, errlen);
    if (err == 0)
        err = read_timeouts(cfg, conf, errbuf, errlen);
    return err;
}
