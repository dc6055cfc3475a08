/* SPDX-License-Identifier: GPL-2.0-only */
/* The engine's settings, read from the configuration tree over Suricata's code defaults. */
#ifndef KH_ENGINE_CONFIG_H
#define KH_ENGINE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/conf.h"
#include "flow/config.h"
#include "output/eve/config.h"

#define ENGINE_PATH_MAX        4096
#define ENGINE_DEFAULT_LOG_DIR "/var/log/khien/"
/* detect.sgh-mpm-caching-path when the key is absent (Suricata: /var/lib/suricata/cache/sgh) */
#define ENGINE_DEFAULT_MPM_CACHE_DIR "/var/lib/khien/cache/sgh"

/* How checksums are checked: -k, capture.checksum-validation, pcap-file.checksum-checks. */
enum engine_csum_mode {
    ENGINE_CSUM_AUTO = 0, /* Suricata's default: check, and stop when offloading shows */
    ENGINE_CSUM_ALL,      /* -k all: check every checksum */
    ENGINE_CSUM_NONE,     /* -k none: ignore checksums */
};

/* runmode: (--runmode overrides); DEFAULT leaves the choice to the capture method. */
enum engine_runmode {
    ENGINE_RUNMODE_DEFAULT = 0,
    ENGINE_RUNMODE_SINGLE,
    ENGINE_RUNMODE_WORKERS,
    ENGINE_RUNMODE_AUTOFP,
};

/* stream.inline: auto is inline in IPS mode only. */
enum engine_stream_inline {
    ENGINE_STREAM_INLINE_AUTO = 0,
    ENGINE_STREAM_INLINE_YES,
    ENGINE_STREAM_INLINE_NO,
};

/* stream: with Suricata's key names and stream-tcp.c's defaults. */
struct engine_stream_config {
    uint64_t memcap;                       /* stream.memcap, bytes */
    bool checksum_validation;              /* stream.checksum-validation */
    bool midstream;                        /* stream.midstream */
    bool async_oneside;                    /* stream.async-oneside */
    enum engine_stream_inline inline_mode; /* stream.inline */
    uint32_t prealloc_sessions;            /* stream.prealloc-sessions */
    uint32_t max_syn_queued;               /* stream.max-syn-queued */
    uint64_t reassembly_memcap;            /* stream.reassembly.memcap, bytes */
    uint32_t reassembly_depth;             /* stream.reassembly.depth, bytes; 0 is unlimited */
    uint16_t toserver_chunk_size;          /* stream.reassembly.toserver-chunk-size, bytes */
    uint16_t toclient_chunk_size;          /* stream.reassembly.toclient-chunk-size, bytes */
    bool randomize_chunk_size;             /* stream.reassembly.randomize-chunk-size */
    uint32_t randomize_chunk_range;        /* stream.reassembly.randomize-chunk-range, percent */
};

/* defrag: with Suricata's key names and defrag.c/defrag-hash.c's defaults. */
struct engine_defrag_config {
    uint64_t memcap;    /* defrag.memcap, bytes */
    uint32_t hash_size; /* defrag.hash-size, buckets */
    uint32_t trackers;  /* defrag.trackers, made at start when prealloc is on */
    uint32_t max_frags; /* defrag.max-frags */
    bool prealloc;      /* defrag.prealloc */
    uint32_t timeout;   /* defrag.timeout, seconds (1 to 86400) */
};

struct engine_config {
    char log_dir[ENGINE_PATH_MAX]; /* default-log-dir (-l overrides) */
    enum engine_runmode runmode;   /* runmode */
    enum engine_csum_mode csum_mode;
    bool check_csum;                        /* csum_mode != ENGINE_CSUM_NONE */
    char *home_net;                         /* vars.address-groups.HOME_NET, or NULL */
    char *external_net;                     /* vars.address-groups.EXTERNAL_NET, or NULL */
    const struct conf_node *address_groups; /* vars.address-groups, borrowed from the conf */
    const struct conf_node *port_groups;    /* vars.port-groups, borrowed from the conf */
    struct flow_config flow;                /* flow:, flow-timeouts: */
    struct engine_stream_config stream;     /* stream: */
    struct engine_defrag_config defrag;     /* defrag: */
    struct eve_config eve;                  /* outputs: - eve-log: */
    bool stats_enabled;                     /* stats.enabled */
    uint32_t stats_interval;                /* stats.interval, seconds */
    bool stats_decoder_events;              /* stats.decoder-events */
    bool stats_stream_events;               /* stats.stream-events */
    char stats_decoder_events_prefix[64];   /* stats.decoder-events-prefix */
};

/* khien's built-in configuration, used when no -c is given (default_yaml.c). */
extern const char engine_default_yaml[];

/* Suricata's code defaults: what a key that is absent from the tree means. */
void engine_config_defaults(struct engine_config *cfg);

/*
 * Fill cfg from the tree over the code defaults. A present but invalid value is KH_EINVAL
 * with errbuf naming key, value and file:line; on any error cfg holds nothing to free.
 * On success release it with engine_config_fini(); the borrowed nodes live as long as conf.
 */
int engine_config_load(struct engine_config *cfg, const struct conf *conf, char *errbuf,
                       size_t errlen);
void engine_config_fini(struct engine_config *cfg);

/*
 * Warn once per key that neither khien nor Suricata knows ("unknown configuration key 'x.y'
 * at file:line"), and list at info level, in one line, the sections Suricata knows that
 * khien does not use yet. Never fails.
 */
void engine_config_warn_unknown(const struct conf *conf);
/* The number of keys engine_config_warn_unknown() would warn about, without logging. */
size_t engine_config_check_keys(const struct conf *conf);

/* -k's argument: "all", "none" or "auto"; KH_EINVAL for anything else. */
int engine_csum_mode_parse(const char *arg, enum engine_csum_mode *out);

#endif
