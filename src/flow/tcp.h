/* SPDX-License-Identifier: GPL-2.0-only */
/* TCP connection state tracked from flags only; sequence-aware tracking belongs to stream/. */
#ifndef KH_FLOW_TCP_H
#define KH_FLOW_TCP_H

#include "flow.h"

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10
#define TCP_URG 0x20
#define TCP_ECE 0x40
#define TCP_CWR 0x80

/* Record p's flags on the flow and move its TCP and flow state on. dir 0 is to server. */
void flow_tcp_update(struct flow *f, const struct packet *p, int dir);

#endif
