/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared between the EVE writer and the files that format one event type each. */
#ifndef KH_OUTPUT_EVE_INTERNAL_H
#define KH_OUTPUT_EVE_INTERNAL_H

#include <stdbool.h>

#include "core/json.h"
#include "core/tstamp.h"
#include "eve.h"

#define EVE_RECORD_MAX       (1u << 20) /* a record larger than this is dropped and counted */
#define EVE_WRITE_BUF        (1u << 16) /* bytes gathered before a write(2) */
#define EVE_ALERT_PACKET_MAX 65535u     /* bytes of a frame an alert's "packet" holds at most */
/* eve-log suricata-version: the Suricata release whose EVE format khien writes. */
#define EVE_SURICATA_VERSION "8.0.0"

struct eve_output {
    struct eve_config cfg;
    int fd;
    char *path;
    bool write_failed;
    /* Whole records waiting to be written, then the one being built (from rec_start). */
    struct jbuf jb;
    size_t rec_start;
    struct ts_cache tc;
    const char *pcap_file;
    struct eve_stats st;
    const char *const *flowbits; /* "metadata" of the app-layer records being written */
    uint32_t nflowbits;
    const struct eve_var *vars;
    uint32_t nvars;
};

/* Start a record: {"timestamp", "flow_id" and "pcap_cnt" unless 0, "event_type". */
void eve_begin(struct eve_output *eo, uint64_t ts_usec, uint64_t flow_id, uint64_t pcap_cnt,
               const char *event_type);
/* Address and protocol fields of a flow, in its to-server direction. */
void eve_put_flow_tuple(struct eve_output *eo, const struct flow *f);
/* Address and protocol fields of a packet, as it travels. */
void eve_put_packet_tuple(struct eve_output *eo, const struct packet *p);
/* The same in the flow's to-client direction (a netflow record's second half). */
void eve_put_flow_tuple_reverse(struct eve_output *eo, const struct flow *f);
/* "netflow" records of a flow as it ends: one per direction that carried packets. */
void eve_log_netflow(struct eve_output *eo, const struct flow *f);
/* "tcp_flags" as two hex digits and a true bool per flag set, as flow and netflow write. */
void eve_put_tcp_flag_names(struct jbuf *jb, uint8_t flags);
/* A byte as two lower-case hex digits under key. */
void eve_put_flags_hex(struct jbuf *jb, const char *key, uint8_t flags);
/* Close the record and queue it for writing (or count it dropped). */
void eve_end(struct eve_output *eo, enum eve_type type);
/* The alert's "intel" object (eve/intel.c). */
struct eve_intel;
void eve_put_intel_object(struct eve_output *eo, const struct eve_intel *in);

/* Text form of an address (dotted quad, or IPv6 as Suricata prints it); returns its length. */
size_t eve_format_addr(const struct kh_addr *a, uint8_t ip_ver, char out[46]);
const char *eve_proto_name(uint8_t proto, char tmp[4]);
/*
 * Bytes from the network as a string value: valid UTF-8 kept (JSON-escaped), otherwise
 * every byte >= 0x80 written as the text \xNN, as Suricata's set_string_from_bytes does.
 */
void eve_put_wire_bytes(struct jbuf *jb, const char *key, struct span v);
struct http_tx;
/* "http": the basic and extended fields of a transaction (EveHttpAddMetadata). */
void eve_put_http_object(struct jbuf *jb, const struct http_tx *tx);
/* "dns": a transaction as the dns record writes it (version 3, default options). */
void eve_put_dns_object(struct jbuf *jb, const struct dns_tx *tx);
/* An alert's "tls" object: the extended fields, as Suricata's alert app-layer metadata. */
void eve_put_tls_object(struct jbuf *jb, const struct tls_state *st);
/* "traffic": {"id": [...], "label": [...]} from flowbits named traffic/id/ and traffic/label/. */
void eve_put_traffic(struct jbuf *jb, const char *const *flowbits, uint32_t n);
/* The top-level "metadata" object (vars.c): the flowbits (but traffic/id/ and
 * traffic/label/ ones) and the variables; nothing when there are none. */
void eve_put_vars(struct jbuf *jb, const char *const *bits, uint32_t nbits, const struct eve_var *v,
                  uint32_t n);
/* The packet and byte counters of a "flow" object and its "start", as flow and alert write them. */
void eve_put_flow_counters(struct eve_output *eo, const struct flow *f);
/* "vlan":[ids], when there are any. */
void eve_put_vlans(struct jbuf *jb, const uint16_t *vlan, uint8_t cnt);
/* "community_id", when eve-log asks for it and there is a flow. */
void eve_put_community_id(struct eve_output *eo, const struct flow *f);
/* RFC 4648 base64 of n bytes, NUL-terminated at out[(n + 2) / 3 * 4]; returns that end. */
char *eve_base64(const uint8_t *in, size_t n, char *out);
/* "00:11:22:33:44:55" */
void eve_format_mac(const uint8_t b[6], char out[18]);
/* "ether":{"src_mac","dest_mac"} of an Ethernet frame, when eve-log ethernet is on. */
void eve_put_packet_ether(struct eve_output *eo, const struct packet *p);
/* "ether" of an app-layer record: the packet's addresses, or at flow end (p NULL) the
 * flow's first client and server addresses. */
void eve_put_ether(struct eve_output *eo, const struct packet *p, const struct flow *f);

#endif
