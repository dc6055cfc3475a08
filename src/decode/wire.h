/* SPDX-License-Identifier: GPL-2.0-only */
/* Protocol numbers and fixed header sizes of the layers khien decodes, with their RFCs. */
#ifndef KH_DECODE_WIRE_H
#define KH_DECODE_WIRE_H

#include <stdint.h>

/*
 * Fixed headers are taken whole from a cursor with cur_copy() into these byte-array
 * structs, after one bounds check, and their fields read with wire_be16/32. Being arrays
 * of bytes they have no padding, no alignment and no byte order of their own; packet
 * bytes are never cast to them.
 */

/* EtherTypes (IEEE 802 numbers, IANA "ieee-802-numbers"). */
#define ETHERTYPE_IPV4      0x0800
#define ETHERTYPE_ARP       0x0806
#define ETHERTYPE_TEB       0x6558 /* transparent Ethernet bridging (RFC 1701) */
#define ETHERTYPE_VLAN      0x8100 /* IEEE 802.1Q customer tag */
#define ETHERTYPE_IPV6      0x86dd
#define ETHERTYPE_PPP       0x880b /* PPP, used by PPTP's enhanced GRE (RFC 2637) */
#define ETHERTYPE_QINQ      0x88a8 /* IEEE 802.1ad service tag */
#define ETHERTYPE_QINQ_9100 0x9100 /* pre-standard QinQ tag, still seen in the wild */

/* IP protocol numbers (IANA "protocol-numbers"); IPv6 extension headers share the space. */
#define IP_PROTO_HOPOPTS  0
#define IP_PROTO_ICMP     1
#define IP_PROTO_IPIP     4 /* IPv4 in IP (RFC 2003) */
#define IP_PROTO_TCP      6
#define IP_PROTO_UDP      17
#define IP_PROTO_IPV6     41 /* IPv6 in IP (RFC 4213, 2473) */
#define IP_PROTO_ROUTING  43
#define IP_PROTO_FRAGMENT 44
#define IP_PROTO_GRE      47
#define IP_PROTO_ESP      50
#define IP_PROTO_AH       51
#define IP_PROTO_ICMPV6   58
#define IP_PROTO_NONE     59
#define IP_PROTO_DSTOPTS  60
#define IP_PROTO_SCTP     132
#define IP_PROTO_MH       135 /* Mobility header (RFC 6275) */
#define IP_PROTO_HIP      139 /* Host Identity Protocol (RFC 7401) */
#define IP_PROTO_SHIM6    140 /* RFC 5533 */

/* Fixed header lengths, in bytes. */
#define ETH_HDR_LEN    14 /* IEEE 802.3: destination, source, EtherType */
#define VLAN_HDR_LEN   4  /* IEEE 802.1Q: TCI, EtherType */
#define SLL_HDR_LEN    16 /* Linux cooked capture v1 (LINKTYPE_LINUX_SLL) */
#define SLL2_HDR_LEN   20 /* Linux cooked capture v2 (LINKTYPE_LINUX_SLL2) */
#define NULL_HDR_LEN   4  /* BSD loopback: address family */
#define IPV4_HDR_LEN   20 /* RFC 791, without options */
#define IPV6_HDR_LEN   40 /* RFC 8200 */
#define TCP_HDR_LEN    20 /* RFC 9293, without options */
#define TCP_OPT_MAXLEN 40 /* data offset 15 words minus the fixed header */
#define UDP_HDR_LEN    8  /* RFC 768 */
#define ICMP_HDR_LEN   8  /* RFC 792 / RFC 4443: type, code, checksum, 4 bytes of rest */
#define GRE_HDR_LEN    4  /* RFC 2784: flags and version, protocol type */

/* RFC 791 §3.1 */
struct wire_ipv4 {
    uint8_t vhl, tos, len[2], id[2], frag[2], ttl, proto, csum[2], src[4], dst[4];
};

/* RFC 8200 §3 */
struct wire_ipv6 {
    uint8_t vcf[4], plen[2], nh, hlim, src[16], dst[16];
};

/* RFC 9293 §3.1 */
struct wire_tcp {
    uint8_t sp[2], dp[2], seq[4], ack[4], off, flags, win[2], csum[2], urp[2];
};

/* RFC 768 */
struct wire_udp {
    uint8_t sp[2], dp[2], len[2], csum[2];
};

/* RFC 792 / RFC 4443 §2.1: type, code, checksum, and 4 bytes whose meaning depends on type */
struct wire_icmp {
    uint8_t type, code, csum[2], rest[4];
};

_Static_assert(sizeof(struct wire_ipv4) == IPV4_HDR_LEN, "IPv4 header");
_Static_assert(sizeof(struct wire_ipv6) == IPV6_HDR_LEN, "IPv6 header");
_Static_assert(sizeof(struct wire_tcp) == TCP_HDR_LEN, "TCP header");
_Static_assert(sizeof(struct wire_udp) == UDP_HDR_LEN, "UDP header");
_Static_assert(sizeof(struct wire_icmp) == ICMP_HDR_LEN, "ICMP header");

static inline uint16_t wire_be16(const uint8_t b[2])
{
    return (uint16_t)(b[0] << 8 | b[1]);
}

static inline uint32_t wire_be32(const uint8_t b[4])
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

#endif
