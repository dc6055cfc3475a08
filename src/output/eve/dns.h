/* SPDX-License-Identifier: GPL-2.0-only */
/* EVE "dns" records (Suricata 8's version 3 format) and the eve-log dns options. */
#ifndef KH_OUTPUT_EVE_DNS_H
#define KH_OUTPUT_EVE_DNS_H

#include <stddef.h>
#include <stdint.h>

#include "app/dns/dns.h"
#include "core/conf.h"
#include "eve.h"

/* struct eve_dns_config and its EVE_DNS_* bits live in config.h, with the other options. */

/* Suricata's defaults: requests and responses, every type, both formats. */
void eve_dns_config_defaults(struct eve_dns_config *dc);
/*
 * Read the options under "- dns:" (node may be NULL for a bare "- dns"): requests/query,
 * responses/answer (yes/no), formats [detailed, grouped], types [a, aaaa, ...], version.
 * Unknown format or type names and a version other than 3 warn; a bad boolean is KH_EINVAL.
 */
int eve_dns_config_read(struct eve_dns_config *dc, const struct conf_node *node, char *errbuf,
                        size_t errlen);

/* Log one DNS transaction the way Suricata's dns logger does (nothing when filtered out). */
void eve_log_dns(struct eve_output *eo, const struct eve_dns_config *dc, const struct packet *p,
                 const struct flow *f, const struct dns_tx *tx);

#endif
