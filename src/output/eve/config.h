/* SPDX-License-Identifier: GPL-2.0-only */
/* EVE output settings, read from outputs: - eve-log: as in Suricata's YAML. */
#ifndef KH_OUTPUT_EVE_CONFIG_H
#define KH_OUTPUT_EVE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct conf;

/* Event types khien can log; a bit each. */
enum eve_type {
    EVE_TYPE_ALERT = 1u << 0,
    EVE_TYPE_ANOMALY = 1u << 1,
    EVE_TYPE_FLOW = 1u << 2,
    EVE_TYPE_STATS = 1u << 3,
    EVE_TYPE_HTTP = 1u << 4,
    EVE_TYPE_DNS = 1u << 5,
    EVE_TYPE_TLS = 1u << 6,
    EVE_TYPE_FILEINFO = 1u << 7,
    EVE_TYPE_DROP = 1u << 8,
    EVE_TYPE_NETFLOW = 1u << 9,
    EVE_TYPE_INTEL = 1u << 10, /* intel_sightings records (counted; gated by intel.sightings) */
};

/*
 * What the eve-log "- dns:" item asks for, as one word of bits laid out as Suricata's
 * LOG_* flags (rust/src/dns/log.rs): bit 0 requests, bit 1 responses, bits 2-59 and 62
 * record types, bit 60 grouped, bit 61 detailed. All ones means "everything", which also
 * logs record types Suricata has no name for.
 */
struct eve_dns_config {
    uint64_t flags;
    uint8_t version; /* 3 (Suricata 8's default) or 2 (one record per query and per answer) */
};

#define EVE_DNS_REQUESTS  (1ull << 0)
#define EVE_DNS_RESPONSES (1ull << 1)
#define EVE_DNS_GROUPED   (1ull << 60)
#define EVE_DNS_DETAILED  (1ull << 61)

/* What the eve-log "- http:" item asks for (output-json-http.c). */
#define EVE_HTTP_CUSTOM_MAX    16
#define EVE_HTTP_DUMP_REQUEST  0x1 /* dump-all-headers: request or both */
#define EVE_HTTP_DUMP_RESPONSE 0x2 /* dump-all-headers: response or both */
struct eve_http_config {
    bool extended;
    uint8_t dump; /* EVE_HTTP_DUMP_* bits */
    uint8_t ncustom;
    char custom[EVE_HTTP_CUSTOM_MAX][48]; /* header names from custom: [...] */
};

/* Fields of the eve-log "- tls:" item (output-json-tls.c), a bit each, in Suricata's order. */
enum eve_tls_field {
    EVE_TLS_F_SUBJECT = 1u << 0,
    EVE_TLS_F_ISSUER = 1u << 1,
    EVE_TLS_F_SESSION_RESUMED = 1u << 2,
    EVE_TLS_F_SERIAL = 1u << 3,
    EVE_TLS_F_FINGERPRINT = 1u << 4,
    EVE_TLS_F_SNI = 1u << 5,
    EVE_TLS_F_VERSION = 1u << 6,
    EVE_TLS_F_NOTBEFORE = 1u << 7,
    EVE_TLS_F_NOTAFTER = 1u << 8,
    EVE_TLS_F_JA3 = 1u << 9,
    EVE_TLS_F_JA3S = 1u << 10,
    EVE_TLS_F_JA4 = 1u << 11,
    EVE_TLS_F_CLIENT_ALPNS = 1u << 12,
    EVE_TLS_F_SERVER_ALPNS = 1u << 13,
    EVE_TLS_F_SUBJECTALTNAME = 1u << 14,
    EVE_TLS_F_CLIENT = 1u << 15,             /* "client": the client certificate's fields */
    EVE_TLS_F_CLIENT_HANDSHAKE = 1u << 16,   /* "client_handshake": the ClientHello's lists */
    EVE_TLS_F_CERTIFICATE = 1u << 17,        /* "certificate": the server's, base64 DER */
    EVE_TLS_F_CHAIN = 1u << 18,              /* "chain": every server certificate, base64 */
    EVE_TLS_F_CLIENT_CERTIFICATE = 1u << 19, /* client.certificate */
    EVE_TLS_F_CLIENT_CHAIN = 1u << 20,       /* client.chain */
};

/* The fields that need the certificates' DER kept (tls_config.keep_der). */
#define EVE_TLS_DER_FIELDS                                                                         \
    (EVE_TLS_F_CERTIFICATE | EVE_TLS_F_CHAIN | EVE_TLS_F_CLIENT_CERTIFICATE |                      \
     EVE_TLS_F_CLIENT_CHAIN)

/* A bare "- tls" (Suricata 8's BASIC_FIELDS). */
#define EVE_TLS_BASIC (EVE_TLS_F_SUBJECT | EVE_TLS_F_ISSUER | EVE_TLS_F_SUBJECTALTNAME)
/* extended: yes (Suricata 8's EXTENDED_FIELDS). */
#define EVE_TLS_EXTENDED                                                                           \
    (EVE_TLS_BASIC | EVE_TLS_F_VERSION | EVE_TLS_F_SERIAL | EVE_TLS_F_FINGERPRINT |                \
     EVE_TLS_F_NOTBEFORE | EVE_TLS_F_NOTAFTER | EVE_TLS_F_JA3 | EVE_TLS_F_JA3S | EVE_TLS_F_JA4 |   \
     EVE_TLS_F_CLIENT_ALPNS | EVE_TLS_F_SERVER_ALPNS | EVE_TLS_F_SNI | EVE_TLS_F_CLIENT)

/* Digests of files in fileinfo records (types: - files: force-hash: [md5, sha1, sha256]). */
#define EVE_FILE_MD5    0x1
#define EVE_FILE_SHA1   0x2
#define EVE_FILE_SHA256 0x4

struct eve_tls_config {
    uint32_t fields;         /* enum eve_tls_field bits to write (basic, extended or custom) */
    bool session_resumption; /* session-resumption: log resumed sessions without a cert */
};

struct eve_config {
    bool enabled;
    char filename[256];         /* eve-log.filename, relative to the log dir unless absolute */
    uint32_t types;             /* enum eve_type bits from eve-log.types */
    bool pcap_file;             /* eve-log.pcap-file: log pcap_filename */
    bool ethernet;              /* eve-log.ethernet: log ether.src_mac/dest_mac */
    bool community_id;          /* eve-log.community-id */
    bool suricata_version;      /* eve-log.suricata-version: "suricata_version" in records */
    uint16_t community_id_seed; /* eve-log.community-id-seed */
    bool alert_packet;          /* types: - alert: packet: log the packet, base64 */
    bool alert_verdict;         /* types: - alert: verdict: log "verdict" */
    bool anomaly_decode;        /* types: - anomaly: types: decode: */
    bool anomaly_stream;
    bool anomaly_applayer;
    bool stats_totals; /* types: - stats: totals: */
    bool stats_threads;
    bool stats_deltas;
    bool stats_null_values;      /* types: - stats: null-values: log counters that are 0 */
    struct eve_dns_config dns;   /* types: - dns: */
    struct eve_http_config http; /* types: - http: */
    struct eve_tls_config tls;   /* types: - tls: */
    uint8_t file_hashes;         /* types: - files: force-hash: EVE_FILE_* bits */
};

/* Suricata's values when a key is absent (not the default file's, the code's). */
void eve_config_defaults(struct eve_config *cfg);

/*
 * Read the first enabled outputs.N.eve-log over cfg (call eve_config_defaults() first), as
 * Suricata does: an eve-log is on only with enabled: yes; a types item is skipped when its
 * own enabled: is not true. Types Suricata has but khien does not write yet are listed once
 * at info level; unknown type names and unsupported filetypes warn. A present but invalid
 * value is KH_EINVAL naming key, value and file:line in errbuf.
 */
int eve_config_load(struct eve_config *cfg, const struct conf *conf, char *errbuf, size_t errlen);

/* The enum eve_type bit of an eve-log types name ("files" is EVE_TYPE_FILEINFO); 0 if none. */
uint32_t eve_config_type_bit(const char *name);
/* Whether Suricata has an eve-log type of this name (khien may not write it yet). */
bool eve_config_type_known(const char *name);

#endif
