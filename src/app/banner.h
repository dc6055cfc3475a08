/* SPDX-License-Identifier: GPL-2.0-only */
/* Protocols khien detects but does not parse yet: FTP and SSH (app_proto, rule headers). */
#ifndef KH_APP_BANNER_H
#define KH_APP_BANNER_H

#include "app/app.h"

/*
 * FTP: a client command that opens a session (USER, PASS, AUTH, PORT, EPSV, FEAT, SYST,
 * OPTS, case-insensitive, then a space or CRLF), or a server greeting "220" whose first line
 * names FTP (an SMTP greeting is also "220", so a bare one proves nothing).
 */
enum app_probe ftp_probe(const uint8_t *data, size_t len, int dir);

/* SSH: the identification string "SSH-" (RFC 4253 4.2), in either direction. */
enum app_probe ssh_probe(const uint8_t *data, size_t len, int dir);

/*
 * The dispatcher entries (port hints 21 and 22): the flow gets its app_proto, rules with the
 * protocol in their header match its packets and stream, and the bytes are passed over.
 */
struct app_tcp_proto ftp_tcp_proto(void);
struct app_tcp_proto ssh_tcp_proto(void);

#endif
