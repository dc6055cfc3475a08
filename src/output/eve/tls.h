/* SPDX-License-Identifier: GPL-2.0-only */
/* EVE "tls" records as Suricata 8 writes them, and the eve-log tls options. */
#ifndef KH_OUTPUT_EVE_TLS_H
#define KH_OUTPUT_EVE_TLS_H

#include <stddef.h>
#include <stdint.h>

#include "app/tls/tls.h"
#include "core/conf.h"
#include "eve.h"

/* struct eve_tls_config and its EVE_TLS_* bits live in config.h, with the other options. */

/* Suricata's code defaults for a bare "- tls": basic fields, resumptions not logged. */
void eve_tls_config_defaults(struct eve_tls_config *tc);
/*
 * Read the options under "- tls:" (node may be NULL): extended, custom [...] and
 * session-resumption (default yes, which adds session_resumed to the fields). custom
 * replaces extended, as in Suricata 8; unknown custom names warn; fields khien does not
 * write yet (certificate, chain, subjectaltname, client*, *_handshake) are named at info.
 */
int eve_tls_config_read(struct eve_tls_config *tc, const struct conf_node *node, char *errbuf,
                        size_t errlen);

/*
 * Log a flow's TLS handshake the way Suricata's JsonTlsLogger does (nothing when the
 * flow has no certificate, is not a logged resumption, is not TLS 1.3 and had a
 * ServerHello). p is the packet
 * that completed the handshake, or NULL at flow end (then ts_usec is used).
 */
void eve_log_tls(struct eve_output *eo, const struct eve_tls_config *tc, const struct packet *p,
                 const struct flow *f, uint64_t ts_usec, const struct tls_state *st);

#endif
