/* SPDX-License-Identifier: GPL-2.0-only */
/* The engine's settings from the configuration tree, and khien's table of known keys. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/compiler.h"
#include "core/err.h"
#include "core/log.h"

/* Suricata's code defaults (stream-tcp.c, defrag-hash.c, defrag.c, counters.c). */
#define STREAM_DEFAULT_MEMCAP            (64ull * 1024 * 1024)
#define STREAM_DEFAULT_PREALLOC          2048u
#define STREAM_DEFAULT_MAX_SYN_QUEUED    10u /* stream.max-syn-queued, Suricata's default */
#define STREAM_DEFAULT_REASSEMBLY_MEMCAP (256ull * 1024 * 1024)
#define STREAM_DEFAULT_CHUNK_SIZE        2560u
#define STREAM_DEFAULT_CHUNK_RANGE       10u
#define DEFRAG_DEFAULT_MEMCAP            (16ull * 1024 * 1024)
#define DEFRAG_DEFAULT_HASH_SIZE         4096u
#define DEFRAG_DEFAULT_TRACKERS          1000u
#define DEFRAG_DEFAULT_MAX_FRAGS         65535u
#define DEFRAG_DEFAULT_TIMEOUT           60u
#define DEFRAG_TIMEOUT_MAX               (60u * 60 * 24)
#define STATS_DEFAULT_INTERVAL           8u
#define STATS_DEFAULT_EVENTS_PREFIX      "decoder.event"

#define KEY_LIST_MAX 512 /* bytes of the "not used yet" info line */

/* ---- defaults and readers ---------------------------------------------------------------- */

void engine_config_defaults(struct engine_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    snprintf(cfg->log_dir, sizeof(cfg->log_dir), "%s", ENGINE_DEFAULT_LOG_DIR);
    cfg->csum_mode = ENGINE_CSUM_AUTO;
    cfg->check_csum = true;
    flow_config_defaults(&cfg->flow);
    eve_config_defaults(&cfg->eve);
    cfg->stream.memcap = STREAM_DEFAULT_MEMCAP;
    cfg->stream.checksum_validation = true;
    cfg->stream.inline_mode = ENGINE_STREAM_INLINE_AUTO;
    cfg->stream.prealloc_sessions = STREAM_DEFAULT_PREALLOC;
    cfg->stream.max_syn_queued = STREAM_DEFAULT_MAX_SYN_QUEUED;
    cfg->stream.reassembly_memcap = STREAM_DEFAULT_REASSEMBLY_MEMCAP;
    cfg->stream.toserver_chunk_size = STREAM_DEFAULT_CHUNK_SIZE;
    cfg->stream.toclient_chunk_size = STREAM_DEFAULT_CHUNK_SIZE;
    cfg->stream.randomize_chunk_size = true;
    cfg->stream.randomize_chunk_range = STREAM_DEFAULT_CHUNK_RANGE;
    cfg->defrag.memcap = DEFRAG_DEFAULT_MEMCAP;
    cfg->defrag.hash_size = DEFRAG_DEFAULT_HASH_SIZE;
    cfg->defrag.trackers = DEFRAG_DEFAULT_TRACKERS;
    cfg->defrag.max_frags = DEFRAG_DEFAULT_MAX_FRAGS;
    cfg->defrag.timeout = DEFRAG_DEFAULT_TIMEOUT;
    cfg->stats_enabled = true;
    cfg->stats_interval = STATS_DEFAULT_INTERVAL;
    cfg->stats_decoder_events = true;
    snprintf(cfg->stats_decoder_events_prefix, sizeof(cfg->stats_decoder_events_prefix), "%s",
             STATS_DEFAULT_EVENTS_PREFIX);
}

void engine_config_fini(struct engine_config *cfg)
{
    kh_free(cfg->home_net);
    kh_free(cfg->external_net);
    cfg->home_net = cfg->external_net = NULL;
}

/* Each reader takes base's child key; absent or null keeps *out. */
static int read_bool(const struct conf_node *base, const char *key, bool *out, char *errbuf,
                     size_t errlen)
{
    int err = conf_node_bool(conf_node_child(base, key), out, errbuf, errlen);
    return err == KH_ENOENT ? 0 : err;
}

static int read_u32(const struct conf_node *base, const char *key, uint32_t min, uint32_t max,
                    uint32_t *out, char *errbuf, size_t errlen)
{
    int64_t v = 0;
    int err = conf_node_int_range(conf_node_child(base, key), min, max, &v, errbuf, errlen);
    if (err == 0)
        *out = (uint32_t)v;
    return err == KH_ENOENT ? 0 : err;
}

static int read_size(const struct conf_node *base, const char *key, uint64_t max, uint64_t *out,
                     char *errbuf, size_t errlen)
{
    const struct conf_node *n = conf_node_child(base, key);
    uint64_t v = 0;
    int err = conf_node_size(n, &v, errbuf, errlen);
    if (err == KH_ENOENT)
        return 0;
    if (err == 0 && v > max) {
        char expected[64];
        snprintf(expected, sizeof(expected), "a size of at most %llu bytes",
                 (unsigned long long)max);
        return conf_node_invalid(n, expected, errbuf, errlen);
    }
    if (err == 0)
        *out = v;
    return err;
}

static int read_text(const struct conf_node *base, const char *key, char *buf, size_t len,
                     char *errbuf, size_t errlen)
{
    const struct conf_node *n = conf_node_child(base, key);
    if (n == NULL || n->value == NULL)
        return 0;
    if (n->value[0] == '\0' || strlen(n->value) >= len) {
        char expected[64];
        snprintf(expected, sizeof(expected), "a text of 1 to %zu bytes", len - 1);
        return conf_node_invalid(n, expected, errbuf, errlen);
    }
    snprintf(buf, len, "%s", n->value);
    return 0;
}

/* A copy of base's child value, NULL when absent; KH_ENOMEM when the copy fails. */
static int read_dup(const struct conf_node *base, const char *key, char **out, char *errbuf,
                    size_t errlen)
{
    const struct conf_node *n = conf_node_child(base, key);
    if (n == NULL || n->value == NULL)
        return 0;
    *out = kh_strdup(n->value);
    if (*out != NULL)
        return 0;
    snprintf(errbuf, errlen, "out of memory reading the configuration");
    return KH_ENOMEM;
}

static int read_general(struct engine_config *cfg, const struct conf *conf, char *errbuf,
                        size_t errlen)
{
    static const char *const runmodes[] = {"single", "workers", "autofp"};
    static const enum engine_runmode runmode_ids[] = {ENGINE_RUNMODE_SINGLE, ENGINE_RUNMODE_WORKERS,
                                                      ENGINE_RUNMODE_AUTOFP};
    const struct conf_node *root = conf_root(conf);
    int err =
        read_text(root, "default-log-dir", cfg->log_dir, sizeof(cfg->log_dir), errbuf, errlen);
    const struct conf_node *rm = conf_node_child(root, "runmode");
    if (err == 0 && rm != NULL && rm->value != NULL) {
        size_t i = 0;
        while (i < KH_ARRAY_LEN(runmodes) && strcmp(rm->value, runmodes[i]) != 0)
            i++;
        if (i == KH_ARRAY_LEN(runmodes))
            return conf_node_invalid(rm, "single, workers or autofp", errbuf, errlen);
        cfg->runmode = runmode_ids[i];
    }
    cfg->address_groups = conf_node_get(conf, NULL, "vars.address-groups");
    cfg->port_groups = conf_node_get(conf, NULL, "vars.port-groups");
    if (err == 0)
        err = read_dup(cfg->address_groups, "HOME_NET", &cfg->home_net, errbuf, errlen);
    if (err == 0)
        err = read_dup(cfg->address_groups, "EXTERNAL_NET", &cfg->external_net, errbuf, errlen);
    return err;
}

static int read_inline(struct engine_stream_config *s, const struct conf_node *stream, char *errbuf,
                       size_t errlen)
{
    const struct conf_node *n = conf_node_child(stream, "inline");
    bool on = false;
    if (n == NULL || n->value == NULL)
        return 0;
    if (strcmp(n->value, "auto") == 0) {
        s->inline_mode = ENGINE_STREAM_INLINE_AUTO;
        return 0;
    }
    if (conf_node_bool(n, &on, NULL, 0) != 0)
        return conf_node_invalid(n, "auto, yes or no", errbuf, errlen);
    s->inline_mode = on ? ENGINE_STREAM_INLINE_YES : ENGINE_STREAM_INLINE_NO;
    return 0;
}

static int read_reassembly(struct engine_stream_config *s, const struct conf_node *r, char *errbuf,
                           size_t errlen)
{
    uint64_t depth = s->reassembly_depth;
    uint64_t toserver = s->toserver_chunk_size;
    uint64_t toclient = s->toclient_chunk_size;
    int err = read_size(r, "memcap", UINT64_MAX, &s->reassembly_memcap, errbuf, errlen);
    if (err == 0)
        err = read_size(r, "depth", UINT32_MAX, &depth, errbuf, errlen);
    if (err == 0)
        err = read_size(r, "toserver-chunk-size", UINT16_MAX, &toserver, errbuf, errlen);
    if (err == 0)
        err = read_size(r, "toclient-chunk-size", UINT16_MAX, &toclient, errbuf, errlen);
    if (err == 0)
        err = read_bool(r, "randomize-chunk-size", &s->randomize_chunk_size, errbuf, errlen);
    if (err == 0)
        err =
            read_u32(r, "randomize-chunk-range", 0, 100, &s->randomize_chunk_range, errbuf, errlen);
    s->reassembly_depth = (uint32_t)depth;
    s->toserver_chunk_size = (uint16_t)toserver;
    s->toclient_chunk_size = (uint16_t)toclient;
    return err;
}

static int read_stream(struct engine_stream_config *s, const struct conf *conf, char *errbuf,
                       size_t errlen)
{
    const struct conf_node *stream = conf_node_get(conf, NULL, "stream");
    int err = read_size(stream, "memcap", UINT64_MAX, &s->memcap, errbuf, errlen);
    if (err == 0)
        err = read_bool(stream, "checksum-validation", &s->checksum_validation, errbuf, errlen);
    if (err == 0)
        err = read_bool(stream, "midstream", &s->midstream, errbuf, errlen);
    if (err == 0)
        err = read_bool(stream, "async-oneside", &s->async_oneside, errbuf, errlen);
    if (err == 0)
        err = read_inline(s, stream, errbuf, errlen);
    if (err == 0)
        err = read_u32(stream, "prealloc-sessions", 0, UINT32_MAX, &s->prealloc_sessions, errbuf,
                       errlen);
    if (err == 0)
        err = read_u32(stream, "max-syn-queued", 0, 255, &s->max_syn_queued, errbuf, errlen);
    if (err == 0)
        err = read_reassembly(s, conf_node_child(stream, "reassembly"), errbuf, errlen);
    return err;
}

static int read_defrag(struct engine_defrag_config *d, const struct conf *conf, char *errbuf,
                       size_t errlen)
{
    const struct conf_node *defrag = conf_node_get(conf, NULL, "defrag");
    int err = read_size(defrag, "memcap", UINT64_MAX, &d->memcap, errbuf, errlen);
    if (err == 0)
        err = read_u32(defrag, "hash-size", 1, UINT32_MAX, &d->hash_size, errbuf, errlen);
    if (err == 0)
        err = read_u32(defrag, "trackers", 0, UINT32_MAX, &d->trackers, errbuf, errlen);
    if (err == 0)
        err = read_u32(defrag, "max-frags", 0, UINT32_MAX, &d->max_frags, errbuf, errlen);
    if (err == 0 && d->max_frags == 0)
        d->max_frags = DEFRAG_DEFAULT_MAX_FRAGS; /* defrag.c: 0 means the default */
    if (err == 0)
        err = read_bool(defrag, "prealloc", &d->prealloc, errbuf, errlen);
    if (err == 0)
        err = read_u32(defrag, "timeout", 1, DEFRAG_TIMEOUT_MAX, &d->timeout, errbuf, errlen);
    return err;
}

/*
 * Suricata's order: -k (given here as a final capture.checksum-validation), then
 * capture.checksum-validation, then pcap-file.checksum-checks. all and none also set
 * stream.checksum-validation, as Suricata's PostConfLoadedSetup does.
 */
static int read_checksums(struct engine_config *cfg, const struct conf *conf, char *errbuf,
                          size_t errlen)
{
    const struct conf_node *cv = conf_node_get(conf, NULL, "capture.checksum-validation");
    const struct conf_node *pf = conf_node_get(conf, NULL, "pcap-file.checksum-checks");
    bool on = false;
    cfg->csum_mode = ENGINE_CSUM_AUTO;
    if (cv != NULL && cv->value != NULL && strcmp(cv->value, "auto") != 0) {
        if (engine_csum_mode_parse(cv->value, &cfg->csum_mode) != 0) {
            if (conf_node_bool(cv, &on, NULL, 0) != 0)
                return conf_node_invalid(cv, "all, none or auto", errbuf, errlen);
            cfg->csum_mode = on ? ENGINE_CSUM_ALL : ENGINE_CSUM_NONE;
        }
        cfg->stream.checksum_validation = cfg->csum_mode == ENGINE_CSUM_ALL;
    } else if (pf != NULL && pf->value != NULL && strcmp(pf->value, "auto") != 0) {
        if (conf_node_bool(pf, &on, NULL, 0) != 0)
            return conf_node_invalid(pf, "auto, yes or no", errbuf, errlen);
        cfg->csum_mode = on ? ENGINE_CSUM_ALL : ENGINE_CSUM_NONE;
    }
    cfg->check_csum = cfg->csum_mode != ENGINE_CSUM_NONE;
    return 0;
}

/* The first outputs item of the given kind ("stats"), for Suricata's legacy stats config. */
static const struct conf_node *output_named(const struct conf *conf, const char *kind)
{
    const struct conf_node *outputs = conf_node_get(conf, NULL, "outputs");
    for (const struct conf_node *item = outputs ? outputs->first_child : NULL; item != NULL;
         item = item->next) {
        if (item->first_child != NULL && strcmp(item->first_child->name, kind) == 0)
            return item->first_child;
    }
    return NULL;
}

static int read_stats(struct engine_config *cfg, const struct conf *conf, char *errbuf,
                      size_t errlen)
{
    const struct conf_node *stats = conf_node_get(conf, NULL, "stats");
    if (stats == NULL)
        stats = output_named(conf, "stats"); /* counters.c: GetConfig() */
    int err = read_bool(stats, "enabled", &cfg->stats_enabled, errbuf, errlen);
    if (err == 0)
        err = read_u32(stats, "interval", 1, UINT32_MAX, &cfg->stats_interval, errbuf, errlen);
    if (err == 0)
        err = read_bool(stats, "decoder-events", &cfg->stats_decoder_events, errbuf, errlen);
    if (err == 0)
        err = read_bool(stats, "stream-events", &cfg->stats_stream_events, errbuf, errlen);
    if (err == 0)
        err = read_text(stats, "decoder-events-prefix", cfg->stats_decoder_events_prefix,
                        sizeof(cfg->stats_decoder_events_prefix), errbuf, errlen);
    return err;
}

int engine_config_load(struct engine_config *cfg, const struct conf *conf, char *errbuf,
                       size_t errlen)
{
    engine_config_defaults(cfg);
    int err = read_general(cfg, conf, errbuf, errlen);
    if (err == 0)
        err = flow_config_load(&cfg->flow, conf, errbuf, errlen);
    if (err == 0)
        err = read_stream(&cfg->stream, conf, errbuf, errlen);
    if (err == 0)
        err = read_checksums(cfg, conf, errbuf, errlen);
    if (err == 0)
        err = read_defrag(&cfg->defrag, conf, errbuf, errlen);
    if (err == 0)
        err = read_stats(cfg, conf, errbuf, errlen);
    if (err == 0)
        err = eve_config_load(&cfg->eve, conf, errbuf, errlen);
    if (err != 0)
        engine_config_fini(cfg);
    return err;
}

int engine_csum_mode_parse(const char *arg, enum engine_csum_mode *out)
{
    if (strcmp(arg, "all") == 0)
        *out = ENGINE_CSUM_ALL;
    else if (strcmp(arg, "none") == 0)
        *out = ENGINE_CSUM_NONE;
    else if (strcmp(arg, "auto") == 0)
        *out = ENGINE_CSUM_AUTO;
    else
        return KH_EINVAL;
    return 0;
}

/* ---- known keys -------------------------------------------------------------------------- */

/*
 * khien's own list of the keys it accepts: those it reads, and those Suricata documents that
 * khien does not use yet. A pattern is a dotted path whose segments are a name, several
 * names joined by '|', '*' for any one name (a variable, a sequence index), or a final '**'
 * for a whole subtree. Sections khien does not read are accepted whole: telling Suricata's
 * keys from typos there would need a copy of Suricata's schema.
 */
enum key_flags {
    KEY_UNUSED = 1u << 0,   /* a top-level section Suricata has and khien does not use */
    KEY_EVE_ITEM = 1u << 1, /* an item of outputs.N.eve-log.types */
};

struct key_pattern {
    const char *pattern;
    unsigned flags;
};

static const struct key_pattern known_keys[] = {
    /* what khien reads */
    {"suricata-version", 0},
    {"vars.address-groups|port-groups.*", 0},
    {"default-log-dir|runmode", 0},
    {"stats.enabled|interval|decoder-events|decoder-events-prefix|stream-events|null-values", 0},
    {"stats.exception-policy.per-app-proto-errors", 0},
    {"capture.disable-offloading|checksum-validation", 0},
    {"pcap-file.checksum-checks|buffer-size|tenant-id|delete-when-done|recursive|continuous|"
     "delay|poll-interval|bpf-filter",
     0},
    {"flow.memcap|memcap-policy|hash-size|prealloc|emergency-recovery|managers|recyclers", 0},
    {"flow.rate-tracking.bytes|interval", 0},
    {"flow-timeouts.default|tcp|udp|icmp.new|established|closed|bypassed|emergency-new|"
     "emergency-established|emergency-closed|emergency-bypassed",
     0},
    {"stream.memcap|memcap-policy|checksum-validation|prealloc-sessions|midstream|"
     "midstream-policy|async-oneside|inline|drop-invalid|max-syn-queued|max-synack-queued|"
     "bypass|liberal-timestamps|max-sessions",
     0},
    {"stream.reassembly.memcap|memcap-policy|depth|toserver-chunk-size|toclient-chunk-size|"
     "randomize-chunk-size|randomize-chunk-range|raw|segment-prealloc|"
     "check-overlap-different-data|max-regions|zero-copy-size",
     0},
    {"stream.reassembly.urgent.policy|oob-limit-policy", 0},
    {"defrag.memcap|memcap-policy|hash-size|trackers|max-frags|prealloc|timeout", 0},
    {"defrag.host-config.**", 0},
    {"detect.sgh-mpm-caching|sgh-mpm-caching-path|sgh-mpm-caching-max-age|profile", 0},
    {"detect.custom-values.toserver-groups|toclient-groups", 0},
    {"detect.grouping.tcp-priority-ports|udp-priority-ports", 0},
    {"packet-alert-max", 0},
    {"outputs.*.eve-log.enabled|filetype|type|filename|filemode|append|rotate-interval|"
     "threaded|buffer-size|prefix|identity|facility|level|ethernet|metadata|suricata-version|"
     "pcap-file|community-id|community-id-seed",
     0},
    {"outputs.*.eve-log.redis.**", 0},
    {"outputs.*.eve-log.xff.enabled|mode|deployment|header", 0},
    {"outputs.*.eve-log.types.*", KEY_EVE_ITEM},
    {"dlp.enabled|threshold|depth|inflate-cap|outbound-only|markings|hash-key", 0}, /* khien */
    {"dlp.detectors.*", 0},
    /* threat intelligence (src/intel/config.c, docs/intel.md) */
    {"intel.enabled|sensor|default-path", 0},
    {"intel.sightings.enabled|interval|max", 0},
    {"intel.defaults.confidence|severity|action|domain-match|misp-to-ids|description|expiry", 0},
    {"intel.feeds.*.name|path|format|type|categories|sid-base|confidence|severity|action|"
     "domain-match|misp-to-ids|description|expiry",
     0},
    /* Suricata's other outputs */
    {"outputs.*.fast|tls-store|pcap-log|alert-debug|stats|file-store|tcp-data|http-body-data|"
     "lua|syslog|drop|http-log|tls-log|file-log|alert-syslog.**",
     0},
    /* datasets (dataset/datarep) and IP reputation (iprep) */
    {"datasets.**", 0},
    {"reputation-files.*", 0},
    {"datasets|reputation-categories-file|default-reputation-path|reputation-files|"
     "default-data-dir",
     0},
    /* Suricata's sections khien does not use yet */
    {"plugins|heartbeat|logging|af-packet|af-xdp|dpdk|pcap|app-layer|asn1-max-frames|"
     "run-as|security|sensor-name|pid-file|daemon-directory|umask|coredump|host-mode|"
     "max-pending-packets|autofp-scheduler|default-packet-size|unix-command|magic-file|"
     "geoip-database|legacy|action-order|exception-policy|"
     "engine-analysis|pcre|"
     "host-os-policy|vlan|livedev|host|ippair|decoder|detect|mpm-algo|spm-algo|threading|"
     "profiling|nfq|nflog|netmap|pfring|ipfw|napatech|default-rule-path|rule-files|"
     "classification-file|reference-config-file|threshold-file|firewall|containers.**",
     KEY_UNUSED},
};

/* Options of the eve-log types khien writes, relative to "- <type>:". */
static const struct key_pattern eve_alert_keys[] = {
    {"payload|payload-buffer-size|payload-printable|payload-length|packet|http-body|"
     "http-body-printable|websocket-payload|websocket-payload-printable|tagged-packets|"
     "verdict|enabled",
     0},
    {"http|tls|ssh|smtp|dnp3", 0}, /* older Suricata's metadata switches */
    {"metadata.**", 0},
    {"xff.**", 0},
};
static const struct key_pattern eve_anomaly_keys[] = {
    {"enabled|packethdr", 0},
    {"types.decode|stream|applayer", 0},
};
static const struct key_pattern eve_http_keys[] = {
    {"extended|dump-all-headers|enabled", 0},
    {"custom.**", 0},
};
static const struct key_pattern eve_dns_keys[] = {
    {"version|enabled|requests|responses|query|answer", 0},
    {"formats|types.**", 0},
};
static const struct key_pattern eve_tls_keys[] = {
    {"extended|session-resumption|ja3|ja4|enabled", 0},
    {"custom.**", 0},
};
static const struct key_pattern eve_files_keys[] = {
    {"force-magic|force-md5|enabled", 0},
    {"force-hash.**", 0},
};
static const struct key_pattern eve_drop_keys[] = {{"alerts|flows|verdict|enabled", 0}};
static const struct key_pattern eve_stats_keys[] = {
    {"totals|threads|deltas|null-values|enabled", 0}};
static const struct key_pattern eve_flow_keys[] = {{"enabled", 0}};

static const struct {
    const char *type;
    const struct key_pattern *keys;
    size_t n;
} eve_type_keys[] = {
    {"alert", eve_alert_keys, KH_ARRAY_LEN(eve_alert_keys)},
    {"anomaly", eve_anomaly_keys, KH_ARRAY_LEN(eve_anomaly_keys)},
    {"http", eve_http_keys, KH_ARRAY_LEN(eve_http_keys)},
    {"dns", eve_dns_keys, KH_ARRAY_LEN(eve_dns_keys)},
    {"tls", eve_tls_keys, KH_ARRAY_LEN(eve_tls_keys)},
    {"files", eve_files_keys, KH_ARRAY_LEN(eve_files_keys)},
    {"drop", eve_drop_keys, KH_ARRAY_LEN(eve_drop_keys)},
    {"stats", eve_stats_keys, KH_ARRAY_LEN(eve_stats_keys)},
    {"flow", eve_flow_keys, KH_ARRAY_LEN(eve_flow_keys)},
    {"netflow", eve_flow_keys, KH_ARRAY_LEN(eve_flow_keys)},
};

enum key_match {
    KEY_NONE = 0,
    KEY_PREFIX,  /* an ancestor of known keys */
    KEY_EXACT,   /* a known key */
    KEY_SUBTREE, /* inside a subtree accepted whole */
};

/* State of one check of the tree. */
struct key_check {
    bool log;
    size_t unknown;
};

/* Does one pattern segment ("a|b|c", "*") match name? */
static bool seg_match(const char *pat, size_t len, const char *name)
{
    if (len == 1 && pat[0] == '*')
        return true;
    size_t name_len = strlen(name);
    const char *end = pat + len;
    while (pat < end) {
        const char *bar = memchr(pat, '|', (size_t)(end - pat));
        size_t alt = bar != NULL ? (size_t)(bar - pat) : (size_t)(end - pat);
        if (alt == name_len && memcmp(pat, name, alt) == 0)
            return true;
        pat += alt + 1;
    }
    return false;
}

static enum key_match pattern_match(const char *pat, const char *const *segs, unsigned n)
{
    unsigned i = 0;
    while (*pat != '\0') {
        const char *dot = strchr(pat, '.');
        size_t len = dot != NULL ? (size_t)(dot - pat) : strlen(pat);
        if (len == 2 && pat[0] == '*' && pat[1] == '*')
            return KEY_SUBTREE;
        if (i == n)
            return KEY_PREFIX;
        if (!seg_match(pat, len, segs[i]))
            return KEY_NONE;
        i++;
        pat += len;
        if (*pat == '.')
            pat++;
    }
    return i == n ? KEY_EXACT : KEY_NONE;
}

/* The best match of the path segs[0..n) in list, with the flags of the pattern that gave it. */
static enum key_match list_match(const struct key_pattern *list, size_t count,
                                 const char *const *segs, unsigned n, unsigned *flags)
{
    enum key_match best = KEY_NONE;
    *flags = 0;
    for (size_t i = 0; i < count; i++) {
        enum key_match m = pattern_match(list[i].pattern, segs, n);
        if (m > best) {
            best = m;
            *flags = m == KEY_PREFIX ? 0 : list[i].flags; /* flags name the key itself */
        }
    }
    return best;
}

static void report(struct key_check *kc, const struct conf_node *n, const char *what)
{
    char path[512];
    char where[256];
    kc->unknown++;
    if (!kc->log)
        return;
    conf_node_path(n, path, sizeof(path));
    kh_warn("unknown %s '%s' at %s", what, path, conf_node_where(n, where, sizeof(where)));
}

static void walk(struct key_check *kc, const struct key_pattern *list, size_t count,
                 const struct conf_node *node, const char **segs, unsigned depth);

/* An item of eve-log.types: a type Suricata knows, with the options khien knows for it. */
static void check_eve_item(struct key_check *kc, const struct conf_node *item)
{
    const char *name = item->value != NULL         ? item->value
                       : item->first_child != NULL ? item->first_child->name
                                                   : NULL;
    if (name == NULL)
        return;
    const struct conf_node *sub = conf_node_child(item, name);
    if (!eve_config_type_known(name)) {
        kc->unknown++;
        if (kc->log) {
            char where[256];
            kh_warn("unknown eve-log type '%s' at %s", name,
                    conf_node_where(sub != NULL ? sub : item, where, sizeof(where)));
        }
        return;
    }
    for (const struct conf_node *extra = item->first_child; extra != NULL; extra = extra->next) {
        if (extra != sub)
            report(kc, extra, "configuration key");
    }
    if (sub == NULL)
        return;
    const char *segs[CONF_MAX_DEPTH + 1];
    for (size_t i = 0; i < KH_ARRAY_LEN(eve_type_keys); i++) {
        if (strcmp(eve_type_keys[i].type, name) == 0)
            walk(kc, eve_type_keys[i].keys, eve_type_keys[i].n, sub, segs, 0);
    }
}

/*
 * Check node's children against list; segs[0..depth) holds node's path relative to the root
 * of the list (an array of CONF_MAX_DEPTH + 1 names).
 */
static void walk(struct key_check *kc, const struct key_pattern *list, size_t count,
                 const struct conf_node *node, const char **segs, unsigned depth)
{
    if (depth >= CONF_MAX_DEPTH)
        return;
    for (const struct conf_node *c = node->first_child; c != NULL; c = c->next) {
        unsigned flags = 0;
        segs[depth] = c->name;
        enum key_match m = list_match(list, count, segs, depth + 1, &flags);
        if (m == KEY_NONE)
            report(kc, c, "configuration key");
        else if (flags & KEY_EVE_ITEM)
            check_eve_item(kc, c);
        else if (m != KEY_SUBTREE)
            walk(kc, list, count, c, segs, depth + 1);
    }
}

/* One info line: the sections Suricata knows that khien does not use, and such outputs. */
static void log_unused(const struct conf *conf)
{
    char list[KEY_LIST_MAX] = "";
    const struct conf_node *root = conf_root(conf);
    for (const struct conf_node *c = root->first_child; c != NULL; c = c->next) {
        unsigned flags = 0;
        const char *seg = c->name;
        if (list_match(known_keys, KH_ARRAY_LEN(known_keys), &seg, 1, &flags) != KEY_NONE &&
            (flags & KEY_UNUSED))
            conf_name_list_add(list, sizeof(list), c->name);
    }
    const struct conf_node *outputs = conf_node_child(root, "outputs");
    for (const struct conf_node *item = outputs ? outputs->first_child : NULL; item != NULL;
         item = item->next) {
        const struct conf_node *out = item->first_child;
        if (out != NULL && strcmp(out->name, "eve-log") != 0 &&
            conf_node_is_true(conf_node_child(out, "enabled"))) {
            char name[96];
            snprintf(name, sizeof(name), "outputs.%s", out->name);
            conf_name_list_add(list, sizeof(list), name);
        }
    }
    if (list[0] != '\0')
        kh_info("configuration Suricata knows but khien does not use yet: %s", list);
}

static size_t check_keys(const struct conf *conf, bool log)
{
    struct key_check kc = {.log = log};
    const char *segs[CONF_MAX_DEPTH + 1];
    walk(&kc, known_keys, KH_ARRAY_LEN(known_keys), conf_root(conf), segs, 0);
    if (log)
        log_unused(conf);
    return kc.unknown;
}

void engine_config_warn_unknown(const struct conf *conf)
{
    check_keys(conf, true);
}

size_t engine_config_check_keys(const struct conf *conf)
{
    return check_keys(conf, false);
}
