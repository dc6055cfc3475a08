/* SPDX-License-Identifier: GPL-2.0-only */
/* struct packet: one captured frame and what the decoders learned from it. */
#ifndef KH_DECODE_PACKET_H
#define KH_DECODE_PACKET_H

#include <stdbool.h>
#include <stdint.h>

#include "core/cursor.h"
#include "events.h"

struct flow;

/* Link types, numbered as pcap's LINKTYPE_ values so capture can pass them through. */
enum decode_link {
    DECODE_LINK_NULL = 0, /* BSD loopback: 4-byte AF in host byte order */
    DECODE_LINK_ETHERNET = 1,
    DECODE_LINK_RAW = 101, /* raw IPv4 or IPv6, version from the first nibble */
    DECODE_LINK_SLL = 113, /* Linux cooked v1 */
    DECODE_LINK_IPV4 = 228,
    DECODE_LINK_IPV6 = 229,
    DECODE_LINK_SLL2 = 276, /* Linux cooked v2 */
};

#define PKT_MAX_EVENTS 8
#define PKT_MAX_VLANS  3

/* An IPv4 address sits in the first 4 bytes, the rest zero; an IPv6 one fills all 16. */
struct kh_addr {
    union {
        uint8_t b[16];
        uint32_t w[4];
        uint64_t q[2];
    };
};

enum pkt_flag {
    PKT_WANTS_FLOW = 1u << 0,    /* decoded far enough to belong to a flow */
    PKT_IPV4_CSUM_BAD = 1u << 1, /* IPv4 header checksum wrong (only when checksums are checked) */
    PKT_L4_CSUM_BAD = 1u << 2,   /* TCP/UDP/ICMP checksum wrong (idem) */
    PKT_IS_FRAGMENT = 1u << 3,   /* an IP fragment; ports are not known */
    PKT_IS_INVALID = 1u << 4,    /* a decoder gave up on it (Suricata's ENGINE_SET_INVALID_EVENT) */
    PKT_HAS_TUNNEL = 1u << 5,    /* tunnel_off/tunnel_len/tunnel_link describe an inner packet */
    PKT_IS_TUNNEL_INNER = 1u << 6, /* this packet was carried inside another one */
    PKT_HAS_L4 = 1u << 7,          /* TCP, UDP, ICMPv4 or ICMPv6 header decoded (see below) */
    PKT_HAS_ICMP_EMB = 1u << 8,    /* ICMP error quoting an IP header: icmp_emb is valid */
    PKT_IS_REBUILT = 1u << 9,      /* a datagram rebuilt by defrag (EVE pkt_src "defrag") */
    PKT_STREAM_HELD = 1u << 10,    /* its payload is stream data the stream holds back (SYN data
                                    * waiting for the SYN/ACK); detection sees it as stream */
    PKT_STREAM_ADD = 1u << 11,     /* stream took its payload: detection inspects it as stream
                                    * data once released (Suricata's PKT_STREAM_ADD) */
};

/* IPv4 options seen and valid (RFC 791 and later), for the ipopts keyword: p->ip4_opts. */
enum pkt_ip4_opt {
    PKT_IP4_OPT_EOL = 1u << 0,
    PKT_IP4_OPT_NOP = 1u << 1,
    PKT_IP4_OPT_RR = 1u << 2,      /* record route */
    PKT_IP4_OPT_TS = 1u << 3,      /* timestamp */
    PKT_IP4_OPT_QS = 1u << 4,      /* quick-start (RFC 4782) */
    PKT_IP4_OPT_LSRR = 1u << 5,    /* loose source route */
    PKT_IP4_OPT_SSRR = 1u << 6,    /* strict source route */
    PKT_IP4_OPT_SID = 1u << 7,     /* stream id */
    PKT_IP4_OPT_SEC = 1u << 8,     /* security (RFC 1108) */
    PKT_IP4_OPT_ESEC = 1u << 9,    /* extended security */
    PKT_IP4_OPT_CIPSO = 1u << 10,  /* commercial IP security */
    PKT_IP4_OPT_RTRALT = 1u << 11, /* router alert (RFC 2113) */
};

/* TCP options khien keeps (RFC 9293, 7323, 2018, 7413, 2385, 5925). */
struct tcp_opts {
    uint16_t mss;
    uint8_t wscale;      /* shift count; 0 when the option carried more than 14, as Suricata */
    uint8_t sack_blocks; /* number of SACK blocks in this segment */
    uint16_t sack_off;   /* with sack_blocks: offset in data of the first block (8 bytes each) */
    uint32_t ts_val;
    uint32_t ts_ecr;
    bool has_mss, has_wscale, sack_ok, has_ts;
    bool has_tfo;         /* TCP Fast Open cookie option, or its experimental form */
    bool has_md5, has_ao; /* TCP-MD5 signature / TCP-AO: present, not verifiable here */
};

/* The IP header (and ports) quoted by an ICMP error message (RFC 792, RFC 4443 §2.4). */
struct pkt_icmp_emb {
    struct kh_addr src, dst; /* addresses of the offending packet */
    uint16_t sp, dp;         /* its TCP/UDP ports when quoted, else 0 */
    uint8_t ip_ver;          /* 4 or 6 */
    uint8_t proto;           /* its protocol (IPv6: the next header of the fixed header) */
    bool has_ports;          /* sp/dp were quoted */
};

/*
 * A packet. Capture fills the first block; `data` borrows the capture buffer, so a packet
 * does not outlive its batch unless a stage copies what it keeps. Decode fills the rest;
 * offsets are from `data`. Hot fields come first.
 *
 * Decode does not clear the whole struct. After decode_packet() these are always valid:
 * flags, ip_ver, proto, layers, vlan_cnt/vlan[], ev_cnt/ev[], sp/dp (0 without
 * PKT_HAS_L4), payload (empty unless PKT_HAS_L4 or PKT_IS_FRAGMENT) and tunnel_depth. The
 * others are valid only as stated on each field: a field of a layer that was not decoded
 * keeps a value from an earlier packet.
 */
struct packet {
    /* filled by capture */
    const uint8_t *data;
    uint32_t caplen;   /* bytes in data */
    uint32_t wirelen;  /* length on the wire */
    uint64_t ts_usec;  /* capture time, microseconds since the epoch */
    uint64_t pcap_cnt; /* 1-based number in the capture, across files */
    enum decode_link link;

    /* filled by decode */
    uint32_t flags; /* enum pkt_flag */
    uint8_t ip_ver; /* 4 or 6 once an IP header passed its checks, else 0 */
    uint8_t proto;  /* last IP protocol / next header reached (6 TCP, 17 UDP, 1 ICMP...) */
    uint8_t vlan_cnt;
    uint8_t ev_cnt;
    uint16_t vlan[PKT_MAX_VLANS]; /* 802.1Q VLAN ids (12 bits), outermost first */
    uint16_t sp, dp;         /* ports; for ICMP type<<8|code and counterpart<<8 (see decode.h) */
    struct kh_addr src, dst; /* ip_ver != 0 */
    uint16_t l3_off;         /* ip_ver != 0: network header */
    uint16_t l4_off;         /* ip_ver != 0: header after the IP header (and IPv6 extensions) */
    uint32_t l3_len;   /* ip_ver != 0: IP datagram length per its header (IPv6: 40 + payload) */
    uint8_t ttl;       /* ip_ver != 0: TTL or hop limit */
    uint8_t tcp_flags; /* PKT_HAS_L4 and TCP, as the tcp_* fields below */
    uint32_t tcp_seq, tcp_ack;
    uint16_t tcp_win;             /* window as sent, unscaled */
    uint16_t tcp_urp;             /* urgent pointer */
    uint8_t icmp_type, icmp_code; /* PKT_HAS_L4 and ICMPv4/ICMPv6 */
    uint16_t icmp_id, icmp_seq;   /* ICMP messages that carry them (echo, ...), else 0 */
    struct tcp_opts tcp_opt;
    struct span payload;   /* transport payload (TCP/UDP data, ICMP data) or fragment data */
    uint16_t ip4_opts;     /* ip_ver == 4: enum pkt_ip4_opt */
    uint8_t layers;        /* layers decoded so far, tunnels included (decoder.max-layers) */
    uint8_t frag_nh;       /* PKT_IS_FRAGMENT: IPv4 protocol / IPv6 fragment header next header */
    uint32_t frag_id;      /* IPv4 id or IPv6 fragment identification */
    uint16_t frag_off;     /* fragment offset in bytes */
    bool frag_more;        /* more-fragments flag */
    uint16_t frag_hdr_off; /* IPv6: fragment header (the unfragmentable part ends here) */
    uint16_t frag_nh_off;  /* IPv6: the Next Header byte that names the fragment header */
    uint16_t tunnel_off;   /* with PKT_HAS_TUNNEL: where the inner packet starts in data */
    uint16_t tunnel_len;   /* and its length (the outer header's length field bounds it) */
    enum decode_link tunnel_link; /* and how to decode it */
    uint8_t tunnel_depth;         /* 0 for a captured packet, 1 for its inner packet, ... */
    uint16_t ev[PKT_MAX_EVENTS];  /* enum decode_event, in the order raised */
    struct pkt_icmp_emb icmp_emb; /* PKT_HAS_ICMP_EMB */

    /* filled by flow */
    struct flow *flow;
    uint32_t flow_hash;
    uint8_t flow_dir; /* 0 to server, 1 to client */
};

/*
 * Record a named event on a packet; the first PKT_MAX_EVENTS are kept. Decoders raise
 * events with decode_event_raise(), which also counts them.
 */
static inline void pkt_event_set(struct packet *p, enum decode_event ev)
{
    if (p->ev_cnt < PKT_MAX_EVENTS)
        p->ev[p->ev_cnt++] = (uint16_t)ev;
}

static inline bool pkt_event_has(const struct packet *p, enum decode_event ev)
{
    for (unsigned i = 0; i < p->ev_cnt; i++)
        if (p->ev[i] == ev)
            return true;
    return false;
}

#endif
