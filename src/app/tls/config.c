/* SPDX-License-Identifier: GPL-2.0-only */
/* TLS settings from app-layer.protocols.tls in Suricata's YAML. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/conf.h"
#include "core/err.h"
#include "tls.h"

/* yes / no / auto for ja3-fingerprints and ja4-fingerprints; auto (or absent) keeps *on. */
static int read_fp(const struct conf *conf, const char *path, bool *on, char *errbuf, size_t errlen)
{
    const char *v;
    if (conf_get_str(conf, path, &v) != KH_OK || strcasecmp(v, "auto") == 0)
        return KH_OK;
    return conf_get_bool(conf, path, on, errbuf, errlen) == KH_EINVAL ? KH_EINVAL : KH_OK;
}

/* "443" or "[443, 8443]": up to four ports. */
static int read_ports(struct tls_config *cfg, const struct conf_node *n, char *errbuf,
                      size_t errlen)
{
    const char *s = n->value;
    unsigned count = 0;
    while (*s) {
        if (*s == '[' || *s == ']' || *s == ',' || *s == ' ') {
            s++;
            continue;
        }
        char *end;
        unsigned long port = strtoul(s, &end, 10);
        if (end == s || port == 0 || port > 65535 || count == 4)
            return conf_node_invalid(n, "a port or a list of up to 4 ports", errbuf, errlen);
        cfg->ports[count++] = (uint16_t)port;
        s = end;
    }
    if (count == 0)
        return conf_node_invalid(n, "a port or a list of up to 4 ports", errbuf, errlen);
    cfg->nports = (uint8_t)count;
    return KH_OK;
}

int tls_config_load(struct tls_config *cfg, const struct conf *conf, char *errbuf, size_t errlen)
{
    const char *v;
    if (conf_get_str(conf, "app-layer.protocols.tls.enabled", &v) == KH_OK &&
        strcasecmp(v, "detection-only") != 0) {
        int err =
            conf_get_bool(conf, "app-layer.protocols.tls.enabled", &cfg->enabled, errbuf, errlen);
        if (err == KH_EINVAL)
            return err;
    }
    int err = read_fp(conf, "app-layer.protocols.tls.ja3-fingerprints", &cfg->ja3, errbuf, errlen);
    if (err == KH_OK)
        err = read_fp(conf, "app-layer.protocols.tls.ja4-fingerprints", &cfg->ja4, errbuf, errlen);
    if (err != KH_OK)
        return err;
    if (conf_get_str(conf, "app-layer.protocols.tls.encryption-handling", &v) == KH_OK) {
        if (strcasecmp(v, "default") == 0 || strcasecmp(v, "track-only") == 0)
            cfg->encryption = TLS_ENC_TRACK_ONLY;
        else if (strcasecmp(v, "full") == 0)
            cfg->encryption = TLS_ENC_FULL;
        else if (strcasecmp(v, "bypass") == 0)
            cfg->encryption = TLS_ENC_BYPASS;
        else {
            snprintf(errbuf, errlen,
                     "app-layer.protocols.tls.encryption-handling: '%s' is not one of default, "
                     "track-only, full, bypass",
                     v);
            return KH_EINVAL;
        }
    }
    const struct conf_node *n =
        conf_node_get(conf, NULL, "app-layer.protocols.tls.detection-ports.dp");
    if (n != NULL && n->value != NULL)
        return read_ports(cfg, n, errbuf, errlen);
    return KH_OK;
}
