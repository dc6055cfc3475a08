/* SPDX-License-Identifier: GPL-2.0-only */
/* EVE settings: Suricata's code defaults, and the reader of outputs: - eve-log:. */
#include "config.h"
#include "dns.h"
#include "http.h"
#include "tls.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/compiler.h"
#include "core/conf.h"
#include "core/err.h"
#include "core/log.h"

#define EVE_DEFAULT_FILENAME "eve.json"
#define EVE_LATER_LIST_MAX   512 /* bytes of the "not written yet" info line */

/* The eve-log types khien writes, by their name in the YAML. */
static const struct {
    const char *name;
    uint32_t bit;
} written_types[] = {
    {"alert", EVE_TYPE_ALERT},     {"anomaly", EVE_TYPE_ANOMALY}, {"flow", EVE_TYPE_FLOW},
    {"stats", EVE_TYPE_STATS},     {"http", EVE_TYPE_HTTP},       {"dns", EVE_TYPE_DNS},
    {"tls", EVE_TYPE_TLS},         {"files", EVE_TYPE_FILEINFO},  {"drop", EVE_TYPE_DROP},
    {"netflow", EVE_TYPE_NETFLOW},
};

/* Suricata 8's other eve-log types: accepted, not written yet. */
static const char *const later_types[] = {
    "frame",
    "mdns",
    "smtp",
    "websocket",
    "ftp",
    "rdp",
    "nfs",
    "smb",
    "tftp",
    "ike",
    "dcerpc",
    "krb5",
    "bittorrent-dht",
    "snmp",
    "rfb",
    "sip",
    "quic",
    "ldap",
    "pop3",
    "arp",
    "dhcp",
    "ssh",
    "mqtt",
    "http2",
    "doh2",
    "pgsql",
    "metadata",
    "stream",
    "dnp3",
    "enip",
    "ntp",
    "ikev2",
    "template",
    "modbus",
};

/* The filetypes Suricata has besides a regular file. */
static const char *const other_filetypes[] = {"syslog", "unix_dgram", "unix_stream", "redis"};

void eve_config_defaults(struct eve_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->enabled = false; /* Suricata turns an output on only for enabled: yes */
    snprintf(cfg->filename, sizeof(cfg->filename), "%s", EVE_DEFAULT_FILENAME);
    cfg->anomaly_applayer = true;  /* output-json-anomaly.c: ANOMALY_DEFAULTS */
    cfg->stats_totals = true;      /* output-json-stats.c: JSON_STATS_TOTALS */
    cfg->stats_null_values = true; /* zero counters are logged unless null-values: false */
    eve_dns_config_defaults(&cfg->dns);
    eve_http_config_defaults(&cfg->http);
    eve_tls_config_defaults(&cfg->tls);
}

uint32_t eve_config_type_bit(const char *name)
{
    for (size_t i = 0; i < KH_ARRAY_LEN(written_types); i++) {
        if (strcmp(written_types[i].name, name) == 0)
            return written_types[i].bit;
    }
    return 0;
}

bool eve_config_type_known(const char *name)
{
    if (eve_config_type_bit(name) != 0)
        return true;
    for (size_t i = 0; i < KH_ARRAY_LEN(later_types); i++) {
        if (strcmp(later_types[i], name) == 0)
            return true;
    }
    return false;
}

/* base's child key as a bool; absent or null keeps *out. */
static int read_bool(const struct conf_node *base, const char *key, bool *out, char *errbuf,
                     size_t errlen)
{
    int err = conf_node_bool(conf_node_child(base, key), out, errbuf, errlen);
    return err == KH_ENOENT ? 0 : err;
}

static int read_filetype(const struct conf_node *eve, char *errbuf, size_t errlen)
{
    char where[256];
    const struct conf_node *n = conf_node_child(eve, "filetype");
    if (n == NULL || n->value == NULL)
        n = conf_node_child(eve, "type"); /* Suricata's older name */
    if (n == NULL || n->value == NULL || strcmp(n->value, "regular") == 0 ||
        strcmp(n->value, "file") == 0)
        return 0;
    for (size_t i = 0; i < KH_ARRAY_LEN(other_filetypes); i++) {
        if (strcmp(n->value, other_filetypes[i]) == 0) {
            kh_warn("eve-log filetype '%s' at %s is not supported yet: writing a regular file",
                    n->value, conf_node_where(n, where, sizeof(where)));
            return 0;
        }
    }
    return conf_node_invalid(n, "regular, unix_dgram, unix_stream, syslog or redis", errbuf,
                             errlen);
}

static int read_file_options(struct eve_config *cfg, const struct conf_node *eve, char *errbuf,
                             size_t errlen)
{
    int err = read_filetype(eve, errbuf, errlen);
    const struct conf_node *name = conf_node_child(eve, "filename");
    if (err == 0 && name != NULL && name->value != NULL) {
        if (name->value[0] == '\0' || strlen(name->value) >= sizeof(cfg->filename))
            return conf_node_invalid(name, "a file name of 1 to 255 bytes", errbuf, errlen);
        snprintf(cfg->filename, sizeof(cfg->filename), "%s", name->value);
    }
    if (err == 0)
        err = read_bool(eve, "pcap-file", &cfg->pcap_file, errbuf, errlen);
    if (err == 0)
        err = read_bool(eve, "ethernet", &cfg->ethernet, errbuf, errlen);
    if (err == 0)
        err = read_bool(eve, "community-id", &cfg->community_id, errbuf, errlen);
    if (err == 0)
        err = read_bool(eve, "suricata-version", &cfg->suricata_version, errbuf, errlen);
    int64_t seed = 0;
    if (err == 0)
        err = conf_node_int_range(conf_node_child(eve, "community-id-seed"), 0, UINT16_MAX, &seed,
                                  errbuf, errlen);
    if (err == 0)
        cfg->community_id_seed = (uint16_t)seed;
    return err == KH_ENOENT ? 0 : err;
}

/* - anomaly: {types: {decode, stream, applayer}}, as output-json-anomaly.c's SetFlag. */
static int read_anomaly(struct eve_config *cfg, const struct conf_node *sub, char *errbuf,
                        size_t errlen)
{
    const struct conf_node *types = conf_node_child(sub, "types");
    int err = read_bool(types, "decode", &cfg->anomaly_decode, errbuf, errlen);
    if (err == 0)
        err = read_bool(types, "stream", &cfg->anomaly_stream, errbuf, errlen);
    if (err == 0)
        err = read_bool(types, "applayer", &cfg->anomaly_applayer, errbuf, errlen);
    return err;
}

/* - stats: {totals, threads, deltas, null-values}; Suricata refuses to turn off both totals and threads. */
static int read_stats(struct eve_config *cfg, const struct conf_node *item,
                      const struct conf_node *sub, char *errbuf, size_t errlen)
{
    char where[256];
    char path[256];
    int err = read_bool(sub, "totals", &cfg->stats_totals, errbuf, errlen);
    if (err == 0)
        err = read_bool(sub, "threads", &cfg->stats_threads, errbuf, errlen);
    if (err == 0)
        err = read_bool(sub, "deltas", &cfg->stats_deltas, errbuf, errlen);
    if (err == 0)
        err = read_bool(sub, "null-values", &cfg->stats_null_values, errbuf, errlen);
    if (err == 0 && !cfg->stats_totals && !cfg->stats_threads) {
        conf_node_path(item, path, sizeof(path));
        snprintf(errbuf, errlen, "%s: stats totals and threads cannot both be off (at %s)", path,
                 conf_node_where(item, where, sizeof(where)));
        err = KH_EINVAL;
    }
    return err;
}

/* One force-hash name: md5, sha1 or sha256 (Suricata's FileForceHashParseCfg); others warn. */
static void read_hash_name(struct eve_config *cfg, const struct conf_node *n)
{
    static const struct {
        const char *name;
        uint8_t bit;
    } names[] = {{"md5", EVE_FILE_MD5}, {"sha1", EVE_FILE_SHA1}, {"sha256", EVE_FILE_SHA256}};
    char where[256];
    for (size_t i = 0; i < KH_ARRAY_LEN(names); i++) {
        if (strcasecmp(n->value, names[i].name) == 0) {
            cfg->file_hashes |= names[i].bit;
            return;
        }
    }
    kh_warn("eve-log files: force-hash '%s' at %s is not md5, sha1 or sha256: ignored", n->value,
            conf_node_where(n, where, sizeof(where)));
}

/* - files: {force-hash: [md5, sha1, sha256]} (a list, or one name). */
static void read_files(struct eve_config *cfg, const struct conf_node *sub)
{
    const struct conf_node *fh = conf_node_child(sub, "force-hash");
    if (fh == NULL)
        return;
    if (fh->value != NULL && fh->value[0] != '\0')
        read_hash_name(cfg, fh);
    for (const struct conf_node *n = fh->first_child; n != NULL; n = n->next)
        if (n->value != NULL && n->value[0] != '\0')
            read_hash_name(cfg, n);
}

/*
 * One item of eve-log.types: a name ("- flow") or a one-key mapping ("- stats: {...}"). Its
 * options are the child named as the type, which --set can also give a name item
 * (types.3.flow.enabled=no), as Suricata reads it.
 */
static int read_type(struct eve_config *cfg, const struct conf_node *item, char *later,
                     char *errbuf, size_t errlen)
{
    char where[256];
    const char *name = item->value != NULL         ? item->value
                       : item->first_child != NULL ? item->first_child->name
                                                   : NULL;
    bool enabled = true;
    if (name == NULL)
        return 0; /* an empty item */
    const struct conf_node *sub = conf_node_child(item, name);
    int err = read_bool(sub, "enabled", &enabled, errbuf, errlen);
    if (err != 0 || !enabled)
        return err;
    uint32_t bit = eve_config_type_bit(name);
    if (bit == 0) {
        if (eve_config_type_known(name))
            conf_name_list_add(later, EVE_LATER_LIST_MAX, name);
        else
            kh_warn("unknown eve-log type '%s' at %s", name,
                    conf_node_where(sub != NULL ? sub : item, where, sizeof(where)));
        return 0;
    }
    cfg->types |= bit;
    if (bit == EVE_TYPE_ALERT)
        err = read_bool(sub, "packet", &cfg->alert_packet, errbuf, errlen) ||
              read_bool(sub, "verdict", &cfg->alert_verdict, errbuf, errlen);
    else if (bit == EVE_TYPE_ANOMALY)
        err = read_anomaly(cfg, sub, errbuf, errlen);
    else if (bit == EVE_TYPE_STATS)
        err = read_stats(cfg, item, sub, errbuf, errlen);
    else if (bit == EVE_TYPE_DNS)
        err = eve_dns_config_read(&cfg->dns, sub, errbuf, errlen);
    else if (bit == EVE_TYPE_HTTP)
        err = eve_http_config_read(&cfg->http, sub, errbuf, errlen);
    else if (bit == EVE_TYPE_TLS)
        err = eve_tls_config_read(&cfg->tls, sub, errbuf, errlen);
    else if (bit == EVE_TYPE_FILEINFO)
        read_files(cfg, sub);
    return err;
}

static int read_types(struct eve_config *cfg, const struct conf_node *eve, char *errbuf,
                      size_t errlen)
{
    char later[EVE_LATER_LIST_MAX] = "";
    const struct conf_node *types = conf_node_child(eve, "types");
    cfg->types = 0;
    for (const struct conf_node *item = types ? types->first_child : NULL; item != NULL;
         item = item->next) {
        int err = read_type(cfg, item, later, errbuf, errlen);
        if (err != 0)
            return err;
    }
    if (later[0] != '\0')
        kh_info("eve-log types khien does not write yet: %s", later);
    return 0;
}

/* The first outputs item with an eve-log that is enabled; NULL when there is none. */
static int find_eve(const struct conf *conf, const struct conf_node **out, char *errbuf,
                    size_t errlen)
{
    char where[256];
    const struct conf_node *outputs = conf_node_get(conf, NULL, "outputs");
    *out = NULL;
    for (const struct conf_node *item = outputs ? outputs->first_child : NULL; item != NULL;
         item = item->next) {
        const struct conf_node *eve = conf_node_child(item, "eve-log");
        bool enabled = false;
        int err = read_bool(eve, "enabled", &enabled, errbuf, errlen);
        if (err != 0)
            return err;
        if (eve == NULL || !enabled)
            continue;
        if (*out != NULL) {
            kh_warn("only the first enabled eve-log is written: ignoring the one at %s",
                    conf_node_where(eve, where, sizeof(where)));
            continue;
        }
        *out = eve;
    }
    return 0;
}

int eve_config_load(struct eve_config *cfg, const struct conf *conf, char *errbuf, size_t errlen)
{
    const struct conf_node *eve = NULL;
    int err = find_eve(conf, &eve, errbuf, errlen);
    if (err != 0 || eve == NULL)
        return err;
    cfg->enabled = true;
    err = read_file_options(cfg, eve, errbuf, errlen);
    if (err == 0)
        err = read_types(cfg, eve, errbuf, errlen);
    return err;
}
