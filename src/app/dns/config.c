/* SPDX-License-Identifier: GPL-2.0-only */
/* DNS settings from app-layer.protocols.dns in Suricata's YAML. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/conf.h"
#include "core/err.h"
#include "dns.h"

/* "53", "[53, 5353]", "any": the ports DNS is probed on. */
static int parse_ports(struct dns_config *cfg, const struct conf_node *n, char *errbuf,
                       size_t errlen)
{
    const char *s = n->value;
    if (strcasecmp(s, "any") == 0) {
        cfg->any_port = true;
        return KH_OK;
    }
    cfg->nports = 0;
    while (*s) {
        if (*s == '[' || *s == ']' || *s == ',' || *s == ' ') {
            s++;
            continue;
        }
        char *end;
        unsigned long port = strtoul(s, &end, 10);
        if (end == s || port == 0 || port > 65535 || cfg->nports == 8)
            return conf_node_invalid(n, "a port, a list of up to 8 ports, or any", errbuf, errlen);
        cfg->ports[cfg->nports++] = (uint16_t)port;
        s = end;
    }
    if (cfg->nports == 0)
        return conf_node_invalid(n, "a port, a list of up to 8 ports, or any", errbuf, errlen);
    return KH_OK;
}

/* enabled: yes / no / detection-only (detection without logging is not split out yet). */
static int read_enabled(const struct conf *conf, const char *path, bool *on, char *errbuf,
                        size_t errlen)
{
    const char *v;
    if (conf_get_str(conf, path, &v) != KH_OK)
        return KH_OK;
    if (strcasecmp(v, "detection-only") == 0) {
        *on = true;
        return KH_OK;
    }
    return conf_get_bool(conf, path, on, errbuf, errlen) == KH_EINVAL ? KH_EINVAL : KH_OK;
}

/* The TCP side's ports (the dispatcher takes 4): detection-ports, else tcp.detection-ports. */
static int tcp_ports(struct dns_config *cfg, const struct conf *conf, char *errbuf, size_t errlen)
{
    const struct conf_node *n =
        conf_node_get(conf, NULL, "app-layer.protocols.dns.detection-ports.dp");
    if (n == NULL || n->value == NULL)
        n = conf_node_get(conf, NULL, "app-layer.protocols.dns.tcp.detection-ports.dp");
    if (n == NULL || n->value == NULL)
        return KH_OK;
    struct dns_config tmp = *cfg;
    int err = parse_ports(&tmp, n, errbuf, errlen);
    if (err != KH_OK || tmp.any_port)
        return err; /* "any" over TCP: the default port hint stays */
    cfg->tcp_nports = 0;
    for (unsigned i = 0; i < tmp.nports && i < 4; i++)
        cfg->tcp_ports[cfg->tcp_nports++] = tmp.ports[i];
    return KH_OK;
}

int dns_config_load(struct dns_config *cfg, const struct conf *conf, char *errbuf, size_t errlen)
{
    bool on = true, udp_on = true;
    int err = read_enabled(conf, "app-layer.protocols.dns.enabled", &on, errbuf, errlen);
    if (err == KH_OK)
        err = read_enabled(conf, "app-layer.protocols.dns.udp.enabled", &udp_on, errbuf, errlen);
    if (err != KH_OK)
        return err;
    cfg->enabled = on && udp_on;
    err = tcp_ports(cfg, conf, errbuf, errlen);
    if (err != KH_OK)
        return err;
    /* Suricata reads detection-ports first and <ipproto>.detection-ports only without it */
    const struct conf_node *n =
        conf_node_get(conf, NULL, "app-layer.protocols.dns.detection-ports.dp");
    if (n == NULL || n->value == NULL)
        n = conf_node_get(conf, NULL, "app-layer.protocols.dns.udp.detection-ports.dp");
    if (n != NULL && n->value != NULL)
        return parse_ports(cfg, n, errbuf, errlen);
    return KH_OK;
}
