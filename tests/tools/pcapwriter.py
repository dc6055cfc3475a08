# SPDX-License-Identifier: GPL-2.0-only
# A small library to craft packets and write pcap or pcapng capture files for Khien's tests.
"""Craft packets and write capture files, with the Python standard library only.

Layout of this module:

* checksums and address helpers (RFC 1071 Internet checksum);
* packet builders, each returning ``bytes`` (header + payload): ``ethernet``,
  ``vlan``, ``qinq``, ``ipv4``, ``ipv6`` and its extension headers, ``tcp``,
  ``udp``, ``icmpv4``, ``icmpv6``, ``gre``, ``ipip``, ``six_in_four``;
* link-layer framings for the capture link types (Ethernet, Linux cooked v1
  and v2, raw IP, null/loopback) as small ``Link`` objects;
* application payloads (DNS, HTTP, a TLS ClientHello-shaped record);
* conversation helpers that return lists of ``Pkt(ts, data)``: a whole TCP
  session, UDP exchanges, DNS, ICMP echo;
* writers: ``PcapWriter`` (classic pcap, microsecond or nanosecond magic) and
  ``PcapngWriter`` (SHB + IDB + EPB), both able to write broken files on
  purpose (truncated record, corrupt record length).

Timestamps are integers in nanoseconds since the Unix epoch everywhere, so that
output is exact and reproducible byte for byte; nothing reads the wall clock.
"""

import heapq
import ipaddress
import struct
from collections import namedtuple

# ---------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------

# Link types as written in the capture file header (tcpdump.org LINKTYPE_*).
LINKTYPE_NULL = 0          # BSD loopback: 4-byte AF value in the capturing host's byte order
LINKTYPE_ETHERNET = 1
LINKTYPE_RAW = 101         # raw IPv4/IPv6, no link header (the portable value)
DLT_RAW = 12               # raw IP as some old files store it (DLT_RAW on most systems)
DLT_RAW_OPENBSD = 14       # raw IP, DLT_RAW value on OpenBSD
LINKTYPE_LINUX_SLL = 113   # Linux cooked capture v1, 16-byte header
LINKTYPE_IPV4 = 228
LINKTYPE_IPV6 = 229
LINKTYPE_LINUX_SLL2 = 276  # Linux cooked capture v2, 20-byte header

# Address family values used by the null/loopback link type.
AF_INET = 2
AF_INET6_LINUX = 10
AF_INET6_BSD = 24          # NetBSD, OpenBSD, BSD/OS
AF_INET6_FREEBSD = 28      # FreeBSD, DragonFly BSD
AF_INET6_DARWIN = 30       # macOS

ETH_P_IPV4 = 0x0800
ETH_P_ARP = 0x0806
ETH_P_VLAN = 0x8100        # 802.1Q tag
ETH_P_QINQ = 0x88A8        # 802.1ad service tag (outer tag of QinQ)
ETH_P_IPV6 = 0x86DD
ETH_P_TEB = 0x6558         # transparent Ethernet bridging (Ethernet inside GRE)

IPPROTO_HOPOPTS = 0
IPPROTO_ICMP = 1
IPPROTO_IPIP = 4
IPPROTO_TCP = 6
IPPROTO_UDP = 17
IPPROTO_IPV6 = 41
IPPROTO_ROUTING = 43
IPPROTO_FRAGMENT = 44
IPPROTO_GRE = 47
IPPROTO_ICMPV6 = 58
IPPROTO_NONE = 59
IPPROTO_DSTOPTS = 60

PCAP_MAGIC_USEC = 0xA1B2C3D4
PCAP_MAGIC_NSEC = 0xA1B23C4D

# A fixed, documented starting time for captures: 2024-01-01T00:00:00Z.
T0 = 1704067200 * 1_000_000_000
NS_PER_US = 1_000
NS_PER_MS = 1_000_000
NS_PER_S = 1_000_000_000

# One captured packet: timestamp in nanoseconds and the link-layer frame.
Pkt = namedtuple("Pkt", "ts data")


# ---------------------------------------------------------------------------
# Checksums and addresses
# ---------------------------------------------------------------------------

def ones_complement_sum(data, start=0):
    """16-bit one's complement sum of ``data`` (odd length padded with a zero
    byte), folded to 16 bits, added to ``start`` (RFC 1071)."""
    if len(data) % 2:
        data = bytes(data) + b"\x00"
    total = start + sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return total


def inet_checksum(data, start=0):
    """Internet checksum of ``data``: the one's complement of the one's
    complement sum (RFC 1071). ``start`` adds a pre-computed partial sum,
    e.g. of a pseudo-header."""
    return ~ones_complement_sum(data, start) & 0xFFFF


def bad_checksum(good):
    """A checksum value that is wrong for sure, given the right one.

    0x0000 and 0xFFFF are the same number in one's complement, so flipping all
    bits of a right checksum can give a value that still verifies; adding a
    constant cannot."""
    return (good + 0x1234) & 0xFFFF


def ip_bytes(addr):
    """Packed network-order bytes of an IPv4 or IPv6 address given as text
    (or already as 4/16 bytes)."""
    if isinstance(addr, (bytes, bytearray)):
        return bytes(addr)
    return ipaddress.ip_address(addr).packed


def is_ipv6(addr):
    """True when ``addr`` (text or packed) is an IPv6 address."""
    return len(ip_bytes(addr)) == 16


def mac_bytes(mac):
    """Six bytes of a MAC address given as ``"aa:bb:cc:dd:ee:ff"``."""
    if isinstance(mac, (bytes, bytearray)):
        return bytes(mac)
    parts = mac.split(":")
    if len(parts) != 6:
        raise ValueError("bad MAC address: %r" % mac)
    return bytes(int(p, 16) for p in parts)


def pseudo_header_sum(src, dst, proto, length):
    """One's complement sum of the TCP/UDP/ICMPv6 pseudo-header for IPv4
    (RFC 793) or IPv6 (RFC 8200 section 8.1), chosen by address size."""
    s, d = ip_bytes(src), ip_bytes(dst)
    if len(s) != len(d):
        raise ValueError("mixed IPv4/IPv6 addresses")
    if len(s) == 4:
        ph = s + d + struct.pack("!BBH", 0, proto, length)
    else:
        ph = s + d + struct.pack("!I3xB", length, proto)
    return ones_complement_sum(ph)


# ---------------------------------------------------------------------------
# Layer 2
# ---------------------------------------------------------------------------

def ethernet(src, dst, ethertype, payload=b""):
    """Ethernet II frame: destination MAC, source MAC, EtherType, payload."""
    return mac_bytes(dst) + mac_bytes(src) + struct.pack("!H", ethertype) + payload


def vlan_tci(vid, prio=0, dei=0):
    """The 16-bit Tag Control Information of an 802.1Q tag."""
    if not 0 <= vid < 4096 or not 0 <= prio < 8:
        raise ValueError("bad VLAN id or priority")
    return (prio << 13) | ((dei & 1) << 12) | vid


def vlan(vid, ethertype, payload=b"", prio=0, dei=0):
    """The part of an 802.1Q tag that follows its TPID (0x8100 in the
    preceding EtherType field): TCI, the inner EtherType, then payload."""
    return struct.pack("!HH", vlan_tci(vid, prio, dei), ethertype) + payload


def qinq(outer_vid, inner_vid, ethertype, payload=b"", outer_prio=0, inner_prio=0):
    """802.1ad QinQ tags following an outer TPID of 0x88a8: the outer (service)
    TCI, the inner TPID 0x8100, the inner (customer) TCI, the EtherType."""
    return (struct.pack("!H", vlan_tci(outer_vid, outer_prio)) +
            struct.pack("!H", ETH_P_VLAN) +
            vlan(inner_vid, ethertype, payload, inner_prio))


def ethertype_of(ip_packet):
    """EtherType for an IP packet, from its version nibble."""
    version = ip_packet[0] >> 4 if ip_packet else 0
    return ETH_P_IPV6 if version == 6 else ETH_P_IPV4


# ---------------------------------------------------------------------------
# IPv4 and IPv6
# ---------------------------------------------------------------------------

def ipv4(src, dst, proto, payload=b"", *, ttl=64, ident=0, tos=0, df=False, mf=False,
         frag_offset=0, options=b"", checksum=None, bad_csum=False,
         total_length=None, ihl=None):
    """IPv4 header + payload.

    ``frag_offset`` is in 8-octet units, as in the header. ``options`` are raw
    option bytes, padded with zero (End of Option List) bytes to a multiple of
    4. The header checksum is right unless ``checksum`` forces a value or
    ``bad_csum`` makes it wrong. ``total_length`` and ``ihl`` (in 32-bit
    words) override the computed fields to build malformed packets; the
    checksum is then computed over the header as written."""
    opts = bytes(options)
    if len(opts) % 4:
        opts += b"\x00" * (4 - len(opts) % 4)
    hlen = 20 + len(opts)
    if hlen > 60:
        raise ValueError("IPv4 options too long")
    ihl_field = hlen // 4 if ihl is None else ihl
    tlen = hlen + len(payload) if total_length is None else total_length
    flags = (0x4000 if df else 0) | (0x2000 if mf else 0) | (frag_offset & 0x1FFF)
    hdr = bytearray(struct.pack("!BBHHHBBH4s4s", (4 << 4) | (ihl_field & 0xF), tos,
                                tlen & 0xFFFF, ident & 0xFFFF, flags, ttl, proto, 0,
                                ip_bytes(src), ip_bytes(dst)) + opts)
    if checksum is None:
        checksum = inet_checksum(hdr)
        if bad_csum:
            checksum = bad_checksum(checksum)
    struct.pack_into("!H", hdr, 10, checksum)
    return bytes(hdr) + payload


def ipv6(src, dst, next_header, payload=b"", *, hlim=64, tclass=0, flow_label=0,
         payload_length=None):
    """IPv6 header + payload. ``payload`` starts with the first extension
    header if any (see ``ipv6_hopopts`` and friends), ``next_header`` names
    it. ``payload_length`` overrides the computed field (malformed packets)."""
    plen = len(payload) if payload_length is None else payload_length
    first = (6 << 28) | ((tclass & 0xFF) << 20) | (flow_label & 0xFFFFF)
    return struct.pack("!IHBB16s16s", first, plen & 0xFFFF, next_header, hlim,
                       ip_bytes(src), ip_bytes(dst)) + payload


def _ipv6_options_header(next_header, options, payload):
    """Hop-by-hop or destination options header: next header, length in
    8-octet units not counting the first 8, options padded to a multiple of 8
    with Pad1 (1 or 2 bytes; a PadN with no data looks odd to some decoders)
    or PadN."""
    opts = bytes(options)
    pad = (8 - (2 + len(opts)) % 8) % 8
    if pad <= 2:
        opts += b"\x00" * pad                 # Pad1 (one or two; no empty PadN)
    else:
        opts += bytes([1, pad - 2]) + b"\x00" * (pad - 2)   # PadN
    hdr = bytes([next_header, (2 + len(opts)) // 8 - 1]) + opts
    return hdr + payload


def ipv6_opt_router_alert(value=0):
    """Router Alert option (type 5, RFC 2711), 4 bytes."""
    return struct.pack("!BBH", 5, 2, value)


def ipv6_opt_home_address(addr):
    """Home Address option (type 201, RFC 6275), 18 bytes."""
    return bytes([201, 16]) + ip_bytes(addr)


def ipv6_opt_padn(n):
    """PadN option covering ``n`` >= 2 bytes in total (Pad1 is b"\\x00")."""
    if n < 2:
        raise ValueError("PadN covers at least 2 bytes")
    return bytes([1, n - 2]) + b"\x00" * (n - 2)


def ipv6_hopopts(next_header, options=b"", payload=b""):
    """Hop-by-Hop Options extension header (next header value 0)."""
    return _ipv6_options_header(next_header, options, payload)


def ipv6_dstopts(next_header, options=b"", payload=b""):
    """Destination Options extension header (next header value 60)."""
    return _ipv6_options_header(next_header, options, payload)


def ipv6_routing(next_header, addresses=(), payload=b"", *, rtype=2, segments_left=0):
    """Routing extension header (next header value 43) carrying a list of
    IPv6 addresses after 4 reserved bytes (the layout of types 0 and 2)."""
    body = b"\x00" * 4 + b"".join(ip_bytes(a) for a in addresses)
    body += b"\x00" * ((8 - (4 + len(body)) % 8) % 8)
    hdr = bytes([next_header, (4 + len(body)) // 8 - 1, rtype, segments_left]) + body
    return hdr + payload


def ipv6_fragment(next_header, payload=b"", *, offset=0, more=False, ident=0, reserved=0):
    """Fragment extension header (next header value 44); ``offset`` in
    8-octet units. Offset 0 without ``more`` makes an "atomic" fragment."""
    return struct.pack("!BBHI", next_header, reserved, ((offset & 0x1FFF) << 3) |
                       (1 if more else 0), ident) + payload


# ---------------------------------------------------------------------------
# TCP, UDP
# ---------------------------------------------------------------------------

TCP_FLAG_BITS = {"F": 0x01, "S": 0x02, "R": 0x04, "P": 0x08, "A": 0x10,
                 "U": 0x20, "E": 0x40, "C": 0x80}


def tcp_flags(flags):
    """TCP flag byte from an int or a string of letters F S R P A U E C."""
    if isinstance(flags, int):
        return flags & 0xFF
    value = 0
    for ch in flags.upper():
        value |= TCP_FLAG_BITS[ch]
    return value


def tcp_opt_eol():
    return b"\x00"


def tcp_opt_nop():
    return b"\x01"


def tcp_opt_mss(mss):
    return struct.pack("!BBH", 2, 4, mss)


def tcp_opt_wscale(shift):
    return struct.pack("!BBB", 3, 3, shift)


def tcp_opt_sack_permitted():
    return b"\x04\x02"


def tcp_opt_sack(blocks):
    """SACK option from a list of (left edge, right edge) pairs (1 to 4)."""
    body = b"".join(struct.pack("!II", left & 0xFFFFFFFF, right & 0xFFFFFFFF)
                    for left, right in blocks)
    return bytes([5, 2 + len(body)]) + body


def tcp_opt_timestamp(tsval, tsecr=0):
    return struct.pack("!BBII", 8, 10, tsval & 0xFFFFFFFF, tsecr & 0xFFFFFFFF)


def tcp(src, dst, sport, dport, flags="S", payload=b"", *, seq=0, ack=0, window=65535,
        urgent=0, options=b"", checksum=None, bad_csum=False, data_offset=None):
    """TCP segment. ``src``/``dst`` are the IP addresses of the enclosing
    IPv4 or IPv6 header, used for the pseudo-header checksum. ``options`` is
    raw option bytes (or a list of them), padded with EOL to a multiple of 4.
    ``data_offset`` (32-bit words) overrides the header length field; the
    checksum is right over the bytes written unless ``checksum``/``bad_csum``."""
    if isinstance(options, (list, tuple)):
        options = b"".join(options)
    opts = bytes(options)
    if len(opts) % 4:
        opts += b"\x00" * (4 - len(opts) % 4)
    if len(opts) > 40:
        raise ValueError("TCP options too long")
    doff = (20 + len(opts)) // 4 if data_offset is None else data_offset
    seg = bytearray(struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF,
                                ack & 0xFFFFFFFF, (doff & 0xF) << 4, tcp_flags(flags),
                                window & 0xFFFF, 0, urgent) + opts + payload)
    if checksum is None:
        checksum = inet_checksum(seg, pseudo_header_sum(src, dst, IPPROTO_TCP, len(seg)))
        if bad_csum:
            checksum = bad_checksum(checksum)
    struct.pack_into("!H", seg, 16, checksum)
    return bytes(seg)


def udp(src, dst, sport, dport, payload=b"", *, checksum=None, bad_csum=False, length=None):
    """UDP datagram with the pseudo-header checksum for IPv4 or IPv6 (a
    computed zero is sent as 0xFFFF). ``length`` overrides the length field
    (malformed packets); the pseudo-header then uses the overridden value."""
    ulen = 8 + len(payload) if length is None else length
    dgram = bytearray(struct.pack("!HHHH", sport, dport, ulen & 0xFFFF, 0) + payload)
    if checksum is None:
        checksum = inet_checksum(dgram, pseudo_header_sum(src, dst, IPPROTO_UDP, ulen & 0xFFFF))
        if checksum == 0:
            checksum = 0xFFFF
        if bad_csum:
            checksum = bad_checksum(checksum)
    struct.pack_into("!H", dgram, 6, checksum)
    return bytes(dgram)


def ip_packet(src, dst, proto, payload, **kw):
    """IPv4 or IPv6 packet by address family. Keyword arguments go to
    ``ipv4``/``ipv6``; ``ttl`` is accepted for both (hop limit in IPv6)."""
    if is_ipv6(src):
        if "ttl" in kw:
            kw["hlim"] = kw.pop("ttl")
        kw.pop("ident", None)
        kw.pop("df", None)
        return ipv6(src, dst, proto, payload, **kw)
    return ipv4(src, dst, proto, payload, **kw)


# ---------------------------------------------------------------------------
# ICMP
# ---------------------------------------------------------------------------

ICMP_ECHO_REPLY = 0
ICMP_DEST_UNREACH = 3
ICMP_ECHO_REQUEST = 8
ICMPV6_ECHO_REQUEST = 128
ICMPV6_ECHO_REPLY = 129
ICMPV6_NEIGHBOR_SOLICIT = 135
ICMPV6_NEIGHBOR_ADVERT = 136


def icmpv4(icmp_type, code=0, rest=b"\x00\x00\x00\x00", data=b"", *, checksum=None,
           bad_csum=False):
    """ICMPv4 message: type, code, checksum, 4 bytes rest-of-header, data."""
    msg = bytearray(struct.pack("!BBH", icmp_type, code, 0) + bytes(rest) + data)
    if checksum is None:
        checksum = inet_checksum(msg)
        if bad_csum:
            checksum = bad_checksum(checksum)
    struct.pack_into("!H", msg, 2, checksum)
    return bytes(msg)


def icmpv4_echo(ident, seq, data=b"", reply=False):
    """ICMPv4 echo request (type 8) or reply (type 0)."""
    return icmpv4(ICMP_ECHO_REPLY if reply else ICMP_ECHO_REQUEST, 0,
                  struct.pack("!HH", ident, seq), data)


def icmpv4_dest_unreach(code, original_ip_packet, mtu=0):
    """ICMPv4 destination unreachable (type 3) quoting the original packet's IP
    header and the first 8 bytes of its payload (RFC 792). ``mtu`` fills the
    next-hop MTU field of code 4 (fragmentation needed)."""
    ihl = (original_ip_packet[0] & 0x0F) * 4
    return icmpv4(ICMP_DEST_UNREACH, code, struct.pack("!HH", 0, mtu),
                  bytes(original_ip_packet[:ihl + 8]))


def icmpv6(src, dst, icmp_type, code=0, body=b"", *, checksum=None, bad_csum=False):
    """ICMPv6 message with the IPv6 pseudo-header checksum; ``body`` is
    everything after type, code and checksum."""
    msg = bytearray(struct.pack("!BBH", icmp_type, code, 0) + body)
    if checksum is None:
        checksum = inet_checksum(msg, pseudo_header_sum(src, dst, IPPROTO_ICMPV6, len(msg)))
        if bad_csum:
            checksum = bad_checksum(checksum)
    struct.pack_into("!H", msg, 2, checksum)
    return bytes(msg)


def icmpv6_echo(src, dst, ident, seq, data=b"", reply=False):
    """ICMPv6 echo request (128) or reply (129)."""
    return icmpv6(src, dst, ICMPV6_ECHO_REPLY if reply else ICMPV6_ECHO_REQUEST, 0,
                  struct.pack("!HH", ident, seq) + data)


def solicited_node(addr):
    """Solicited-node multicast address ff02::1:ffXX:XXXX of an IPv6 address."""
    low = ip_bytes(addr)[13:]
    return str(ipaddress.IPv6Address(bytes.fromhex("ff0200000000000000000001ff") + low))


def icmpv6_neighbor_solicit(src, dst, target, src_lladdr=None):
    """ICMPv6 neighbour solicitation (135) for ``target``, with an optional
    source link-layer address option."""
    body = b"\x00" * 4 + ip_bytes(target)
    if src_lladdr is not None:
        body += bytes([1, 1]) + mac_bytes(src_lladdr)
    return icmpv6(src, dst, ICMPV6_NEIGHBOR_SOLICIT, 0, body)


# ---------------------------------------------------------------------------
# Tunnels
# ---------------------------------------------------------------------------

def gre(proto, payload=b"", *, checksum=False, key=None, seq=None):
    """GRE version 0 header (RFC 2784/2890) + payload. ``proto`` is the
    EtherType of the payload: 0x0800 IPv4, 0x86DD IPv6, 0x6558 Ethernet.
    ``checksum=True`` adds the checksum and reserved fields, ``key`` and
    ``seq`` add those optional fields."""
    flags = (0x8000 if checksum else 0) | (0x2000 if key is not None else 0) | \
            (0x1000 if seq is not None else 0)
    hdr = bytearray(struct.pack("!HH", flags, proto))
    if checksum:
        hdr += b"\x00\x00\x00\x00"
    if key is not None:
        hdr += struct.pack("!I", key)
    if seq is not None:
        hdr += struct.pack("!I", seq)
    if checksum:
        struct.pack_into("!H", hdr, 4, inet_checksum(bytes(hdr) + payload))
    return bytes(hdr) + payload


def ipip(outer_src, outer_dst, inner_ipv4, **kw):
    """IPv4-in-IPv4 (IP protocol 4): an outer IPv4 header around an IPv4 packet."""
    return ipv4(outer_src, outer_dst, IPPROTO_IPIP, inner_ipv4, **kw)


def six_in_four(outer_src, outer_dst, inner_ipv6, **kw):
    """IPv6-in-IPv4 (IP protocol 41, 6in4/SIT): an outer IPv4 header around an
    IPv6 packet."""
    return ipv4(outer_src, outer_dst, IPPROTO_IPV6, inner_ipv6, **kw)


def gre_ipv4(outer_src, outer_dst, inner, *, proto=None, **gre_kw):
    """An outer IPv4 packet carrying GRE around ``inner``; the GRE protocol is
    guessed from ``inner`` (IPv4 or IPv6) unless ``proto`` is given."""
    if proto is None:
        proto = ethertype_of(inner)
    return ipv4(outer_src, outer_dst, IPPROTO_GRE, gre(proto, inner, **gre_kw))


# ---------------------------------------------------------------------------
# Link-layer framings
# ---------------------------------------------------------------------------

class EthernetLink:
    """Frames IP packets in Ethernet II, optionally with VLAN tags.

    ``vlans`` lists VLAN ids outermost first. With one id the tag uses TPID
    0x8100; with two the outer uses 0x88a8 (802.1ad) and the inner 0x8100,
    unless ``tpids`` gives the TPIDs explicitly."""

    linktype = LINKTYPE_ETHERNET

    def __init__(self, client_mac, server_mac, vlans=(), tpids=None, prio=0):
        self.client_mac = mac_bytes(client_mac)
        self.server_mac = mac_bytes(server_mac)
        self.vlans = tuple(vlans)
        if tpids is None:
            tpids = (ETH_P_VLAN,) if len(self.vlans) == 1 else \
                (ETH_P_QINQ,) + (ETH_P_VLAN,) * (len(self.vlans) - 1)
        self.tpids = tuple(tpids)
        self.prio = prio

    def frame(self, packet, to_server=True, ethertype=None):
        etype = ethertype_of(packet) if ethertype is None else ethertype
        body = packet
        first_type = etype
        for i in range(len(self.vlans) - 1, -1, -1):
            body = struct.pack("!HH", vlan_tci(self.vlans[i], self.prio), first_type) + body
            first_type = self.tpids[i]
        src, dst = (self.client_mac, self.server_mac) if to_server else \
            (self.server_mac, self.client_mac)
        return ethernet(src, dst, first_type, body)


class SllLink:
    """Linux cooked capture v1 (link type 113): 16-byte header with packet
    type, ARPHRD type, link address length, 8 address bytes, protocol.
    The capture is taken on the client: packets to the server are "outgoing"
    (4), packets from the server are "to us" (0)."""

    linktype = LINKTYPE_LINUX_SLL

    def __init__(self, client_mac, server_mac, arphrd=1):
        self.client_mac = mac_bytes(client_mac)
        self.server_mac = mac_bytes(server_mac)
        self.arphrd = arphrd

    def frame(self, packet, to_server=True, ethertype=None):
        etype = ethertype_of(packet) if ethertype is None else ethertype
        pkttype, addr = (4, self.client_mac) if to_server else (0, self.server_mac)
        return struct.pack("!HHH8sH", pkttype, self.arphrd, len(addr), addr, etype) + packet


class Sll2Link:
    """Linux cooked capture v2 (link type 276): 20-byte header with protocol,
    reserved, interface index, ARPHRD type, packet type, address length and
    8 address bytes. Same direction convention as ``SllLink``."""

    linktype = LINKTYPE_LINUX_SLL2

    def __init__(self, client_mac, server_mac, ifindex=2, arphrd=1):
        self.client_mac = mac_bytes(client_mac)
        self.server_mac = mac_bytes(server_mac)
        self.ifindex = ifindex
        self.arphrd = arphrd

    def frame(self, packet, to_server=True, ethertype=None):
        etype = ethertype_of(packet) if ethertype is None else ethertype
        pkttype, addr = (4, self.client_mac) if to_server else (0, self.server_mac)
        return struct.pack("!HHIHBB8s", etype, 0, self.ifindex, self.arphrd, pkttype,
                           len(addr), addr) + packet


class NullLink:
    """BSD null/loopback (link type 0): a 4-byte address family in the byte
    order of the capturing host, little-endian here (2 = IPv4; IPv6 is 24,
    28 or 30 depending on the BSD flavour, ``af6`` picks)."""

    linktype = LINKTYPE_NULL

    def __init__(self, af6=AF_INET6_BSD, byteorder="<"):
        self.af6 = af6
        self.byteorder = byteorder

    def frame(self, packet, to_server=True, ethertype=None):
        af = self.af6 if ethertype_of(packet) == ETH_P_IPV6 else AF_INET
        return struct.pack(self.byteorder + "I", af) + packet


class RawLink:
    """Raw IP (link type 101 by default; ``linktype`` may be set to
    ``DLT_RAW`` (12) or ``DLT_RAW_OPENBSD`` (14) for the old variants)."""

    def __init__(self, linktype=LINKTYPE_RAW):
        self.linktype = linktype

    def frame(self, packet, to_server=True, ethertype=None):
        return packet


class TunnelLink:
    """Wraps IP packets in a tunnel between two outer IPv4 endpoints, then
    frames the outer packet with ``outer`` (another link).

    ``kind`` is ``"gre"`` (GRE carrying the packet; ``gre_kw`` gives checksum,
    key, seq), ``"gre-eth"`` (GRE 0x6558 carrying an Ethernet frame built with
    ``inner_link``), ``"ipip"`` (IPv4 protocol 4) or ``"6in4"`` (protocol 41)."""

    def __init__(self, outer, outer_client, outer_server, kind="gre", inner_link=None,
                 ttl=64, **gre_kw):
        self.outer = outer
        self.linktype = outer.linktype
        self.outer_client = outer_client
        self.outer_server = outer_server
        self.kind = kind
        self.inner_link = inner_link
        self.ttl = ttl
        self.gre_kw = gre_kw
        self._ident = 0
        self._gre_seq = gre_kw.pop("seq", None)

    def frame(self, packet, to_server=True, ethertype=None):
        src, dst = (self.outer_client, self.outer_server) if to_server else \
            (self.outer_server, self.outer_client)
        self._ident = (self._ident + 1) & 0xFFFF
        if self.kind in ("gre", "gre-eth"):
            kw = dict(self.gre_kw)
            if self._gre_seq is not None:
                kw["seq"] = self._gre_seq
                self._gre_seq += 1
            if self.kind == "gre-eth":
                inner = self.inner_link.frame(packet, to_server)
                outer = ipv4(src, dst, IPPROTO_GRE, gre(ETH_P_TEB, inner, **kw),
                             ttl=self.ttl, ident=self._ident)
            else:
                outer = ipv4(src, dst, IPPROTO_GRE, gre(ethertype_of(packet), packet, **kw),
                             ttl=self.ttl, ident=self._ident)
        elif self.kind == "ipip":
            outer = ipip(src, dst, packet, ttl=self.ttl, ident=self._ident)
        elif self.kind == "6in4":
            outer = six_in_four(src, dst, packet, ttl=self.ttl, ident=self._ident)
        else:
            raise ValueError("unknown tunnel kind %r" % self.kind)
        return self.outer.frame(outer, to_server)


# ---------------------------------------------------------------------------
# Application payloads
# ---------------------------------------------------------------------------

def dns_name(name):
    """A domain name in DNS wire format (length-prefixed labels, root zero)."""
    out = b""
    for label in name.rstrip(".").split("."):
        raw = label.encode("ascii")
        if not 0 < len(raw) < 64:
            raise ValueError("bad DNS label in %r" % name)
        out += bytes([len(raw)]) + raw
    return out + b"\x00"


DNS_TYPE = {"A": 1, "NS": 2, "CNAME": 5, "PTR": 12, "MX": 15, "TXT": 16, "AAAA": 28}


def dns_query(txid, name, qtype="A", rd=True):
    """A DNS query message with one question (class IN)."""
    flags = 0x0100 if rd else 0
    return struct.pack("!HHHHHH", txid, flags, 1, 0, 0, 0) + dns_name(name) + \
        struct.pack("!HH", DNS_TYPE.get(qtype, qtype), 1)


def dns_response(txid, name, qtype="A", answers=(), ttl=300, rcode=0):
    """A DNS response repeating the question and giving one answer record per
    entry of ``answers`` (IP addresses for A/AAAA, names for CNAME/NS/PTR,
    text for TXT); answer owner names point back at the question (0xC00C)."""
    code = DNS_TYPE.get(qtype, qtype)
    flags = 0x8180 | (rcode & 0xF)
    msg = struct.pack("!HHHHHH", txid, flags, 1, len(answers), 0, 0) + dns_name(name) + \
        struct.pack("!HH", code, 1)
    for answer in answers:
        if code in (1, 28):
            rdata = ip_bytes(answer)
        elif code == 16:
            raw = answer.encode()
            rdata = bytes([len(raw)]) + raw
        else:
            rdata = dns_name(answer)
        msg += struct.pack("!HHHIH", 0xC00C, code, 1, ttl, len(rdata)) + rdata
    return msg


def http_request(host, path="/", method="GET", user_agent="khien-test/1.0", extra=(), body=b""):
    """An HTTP/1.1 request with Host, User-Agent and Accept headers."""
    lines = ["%s %s HTTP/1.1" % (method, path), "Host: %s" % host,
             "User-Agent: %s" % user_agent, "Accept: */*"]
    lines += list(extra)
    if body:
        lines.append("Content-Length: %d" % len(body))
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def http_response(body, status=200, reason="OK", content_type="text/html", extra=()):
    """An HTTP/1.1 response with Content-Type and Content-Length."""
    lines = ["HTTP/1.1 %d %s" % (status, reason), "Server: khien-test",
             "Content-Type: %s" % content_type, "Content-Length: %d" % len(body)]
    lines += list(extra)
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def _tls_ext(ext_type, body):
    return struct.pack("!HH", ext_type, len(body)) + body


def tls_client_hello(sni, random32, session_id=b"", alpn=(b"h2", b"http/1.1"), key_share=None):
    """A TLS record holding a ClientHello shaped like a modern browser's:
    TLS 1.2 legacy version, a few cipher suites, SNI, supported groups,
    signature algorithms, ALPN, supported versions (1.3, 1.2), key share.
    ``random32`` gives the 32 random bytes (and the key share unless given)."""
    if len(random32) != 32:
        raise ValueError("random32 must be 32 bytes")
    host = sni.encode()
    exts = _tls_ext(0, struct.pack("!HBH", len(host) + 3, 0, len(host)) + host)
    exts += _tls_ext(10, struct.pack("!H", 6) + struct.pack("!HHH", 0x001D, 0x0017, 0x0018))
    exts += _tls_ext(11, b"\x01\x00")
    exts += _tls_ext(13, struct.pack("!H", 8) + struct.pack("!HHHH", 0x0403, 0x0804,
                                                              0x0401, 0x0201))
    if alpn:
        protos = b"".join(bytes([len(p)]) + p for p in alpn)
        exts += _tls_ext(16, struct.pack("!H", len(protos)) + protos)
    exts += _tls_ext(43, b"\x04\x03\x04\x03\x03")
    share = key_share if key_share is not None else bytes(reversed(random32))
    exts += _tls_ext(51, struct.pack("!HHH", len(share) + 4, 0x001D, len(share)) + share)
    suites = struct.pack("!7H", 0x1301, 0x1302, 0x1303, 0xC02B, 0xC02F, 0xC02C, 0xC030)
    body = struct.pack("!H", 0x0303) + random32 + bytes([len(session_id)]) + session_id + \
        struct.pack("!H", len(suites)) + suites + b"\x01\x00" + \
        struct.pack("!H", len(exts)) + exts
    handshake = bytes([1]) + struct.pack("!I", len(body))[1:] + body
    return b"\x16\x03\x01" + struct.pack("!H", len(handshake)) + handshake


def tls_server_hello(random32, session_id=b"", key_share=None):
    """TLS records a TLS 1.3 server sends first: ServerHello (legacy version
    1.2, supported_versions 1.3), ChangeCipherSpec, and an opaque
    application-data record standing for the encrypted handshake."""
    share = key_share if key_share is not None else bytes(reversed(random32))
    exts = _tls_ext(43, b"\x03\x04") + \
        _tls_ext(51, struct.pack("!HH", 0x001D, len(share)) + share)
    body = struct.pack("!H", 0x0303) + random32 + bytes([len(session_id)]) + session_id + \
        struct.pack("!HB", 0x1301, 0) + struct.pack("!H", len(exts)) + exts
    handshake = bytes([2]) + struct.pack("!I", len(body))[1:] + body
    records = b"\x16\x03\x03" + struct.pack("!H", len(handshake)) + handshake
    records += b"\x14\x03\x03\x00\x01\x01"
    opaque = bytes((i * 37 + random32[i % 32]) & 0xFF for i in range(200))
    records += b"\x17\x03\x03" + struct.pack("!H", len(opaque)) + opaque
    return records


# A self-signed P-256 certificate (the one in src/app/tls/test_cert.h): subject = issuer
# "C=VN, O=Khien Test, CN=test.khien.example", serial 0xA1B2C3D4 (EVE "00:A1:B2:C3:D4"),
# valid 2026-11-21T20:56:28 to 2036-11-18T20:56:28, SHA-1
# e6:63:47:cd:00:e1:ed:9e:aa:1f:d3:f0:40:1f:45:d6:9e:31:f7:2f.
TEST_CERT_DER = bytes.fromhex(
    "308201c53082016aa003020102020500a1b2c3d4300a06082a8648ce3d040302303f310b3009060355040613"
    "02564e31133011060355040a0c0a4b6869656e2054657374311b301906035504030c12746573742e6b686965"
    "6e2e6578616d706c65301e170d3236313132313230353632385a170d3336313131383230353632385a303f31"
    "0b300906035504061302564e31133011060355040a0c0a4b6869656e2054657374311b301906035504030c12"
    "746573742e6b6869656e2e6578616d706c653059301306072a8648ce3d020106082a8648ce3d030107034200"
    "04981f92e9a2b841c326ada64ec16c7170f00aea4851eb9d2e867ee0277afe0574b8b8e47e295fc97b1fa9d4"
    "55c0d873e17498c7727d8c435a43e43c6c1da1b7a1a3533051301d0603551d0e0416041419ff5b8f2a358337"
    "080112563d565f379c86efd3301f0603551d2304183016801419ff5b8f2a358337080112563d565f379c86ef"
    "d3300f0603551d130101ff040530030101ff300a06082a8648ce3d0403020349003046022100f9e74b4ab42f"
    "767fbb468dd644f0d755dde99ee69b12ea00411f1fec37a58569022100950102067326f966fe1b0d76e66192"
    "4799053c99b47be3ef987badf483c5da84")


def tls_handshake(msg_type, body):
    """One handshake message: type, 24-bit length, body."""
    return bytes([msg_type]) + struct.pack("!I", len(body))[1:] + body


def tls_record(content_type, payload, version=0x0303):
    """One TLS record: content type, version, 16-bit length, payload."""
    return struct.pack("!BHH", content_type, version, len(payload)) + payload


def tls12_server_flight(random32, cert_der, session_id=b"", cipher=0xC02F, alpn=b"h2"):
    """A TLS 1.2 server's first flight in one handshake record: ServerHello
    (renegotiation_info, ALPN ``alpn`` unless empty, ec_point_formats),
    Certificate carrying ``cert_der``, ServerHelloDone."""
    exts = _tls_ext(0xFF01, b"\x00")
    if alpn:
        exts += _tls_ext(16, struct.pack("!HB", len(alpn) + 1, len(alpn)) + alpn)
    exts += _tls_ext(11, b"\x01\x00")
    hello = struct.pack("!H", 0x0303) + random32 + bytes([len(session_id)]) + session_id + \
        struct.pack("!HB", cipher, 0) + struct.pack("!H", len(exts)) + exts
    one = struct.pack("!I", len(cert_der))[1:] + cert_der
    certs = struct.pack("!I", len(one))[1:] + one
    msgs = tls_handshake(2, hello) + tls_handshake(11, certs) + tls_handshake(14, b"")
    return tls_record(22, msgs)


def tls12_finish(random32, client):
    """The end of a TLS 1.2 handshake from one side: (the client's
    ClientKeyExchange,) ChangeCipherSpec, and the encrypted Finished as an
    opaque 40-byte handshake record."""
    out = b""
    if client:
        out += tls_record(22, tls_handshake(16, bytes([32]) + bytes(reversed(random32))))
    out += tls_record(20, b"\x01")
    return out + tls_record(22, bytes((i * 29 + random32[i % 32]) & 0xFF for i in range(40)))


def tls_app_data(data):
    """One opaque TLS application-data record around ``data``."""
    return b"\x17\x03\x03" + struct.pack("!H", len(data)) + data


def tls12_exchanges(sni, to_server, to_client):
    """A full TLS 1.2 handshake for ``sni`` (one certificate), then one application-data
    record each way holding ``to_server`` and ``to_client``: tcp_session exchanges."""
    crnd, srnd = bytes(range(32)), bytes(range(32, 64))
    return [
        (tls_client_hello(sni, crnd), tls12_server_flight(srnd, TEST_CERT_DER)),
        (tls12_finish(crnd, client=True), tls12_finish(srnd, client=False)),
        (tls_app_data(to_server), tls_app_data(to_client)),
    ]


# ---------------------------------------------------------------------------
# Conversations
# ---------------------------------------------------------------------------

class Timing:
    """Deterministic timing of a conversation seen from a capture point next
    to the client: the server's answer comes one round trip after the
    client's packet, the client answers after ``think_ns``, and back-to-back
    packets in one direction are ``gap_ns`` apart."""

    def __init__(self, rtt_ns=20 * NS_PER_MS, think_ns=50 * NS_PER_US, gap_ns=10 * NS_PER_US):
        self.rtt_ns = rtt_ns
        self.think_ns = think_ns
        self.gap_ns = gap_ns

    def step(self, prev_to_server, to_server):
        if prev_to_server is None or prev_to_server == to_server:
            return self.gap_ns
        return self.rtt_ns if prev_to_server else self.think_ns


class _Emitter:
    """Collects (timestamp, frame) pairs while advancing time by ``Timing``."""

    def __init__(self, link, start_ns, timing):
        self.link = link
        self.now = start_ns
        self.timing = timing or Timing()
        self.prev = None
        self.pkts = []

    def emit(self, packet, to_server, delay_ns=None):
        if self.pkts:
            self.now += self.timing.step(self.prev, to_server) if delay_ns is None else delay_ns
        self.pkts.append(Pkt(self.now, self.link.frame(packet, to_server)))
        self.prev = to_server


def _segments(data, mss):
    return [data[i:i + mss] for i in range(0, len(data), mss)] if data else []


def tcp_session(link, client, server, cport, sport, exchanges=(), *, start_ns=T0,
                timing=None, close="fin", isn=(1000, 5000), mss=1460, window=64240,
                wscale=7, timestamps=True, ttl=(64, 57), tsval_base=(100000, 200000),
                idle_before_close_ns=0, ack_every=0):
    """A whole TCP session as a list of ``Pkt``: three-way handshake, then for
    each ``(request, response)`` pair the request from the client (split at
    ``mss``, PSH on the last segment), the response from the server acking
    the request (a bare ACK when the response is empty), and the client's
    ACK of the response; then the close.

    ``close`` is ``"fin"`` (client FIN/ACK, server FIN/ACK, client ACK),
    ``"fin-server"`` (the server closes first), ``"rst"`` (client RST/ACK) or
    ``None`` (left open). ``isn`` gives the client and server initial
    sequence numbers, so seq/ack are consistent throughout. SYN options are
    MSS, SACK-permitted, timestamps, NOP, window scale; later segments carry
    NOP NOP timestamps when ``timestamps`` is set (and then hold ``mss - 12``
    payload bytes, as real stacks do). ``ack_every`` > 0 makes the receiver
    of a long message ACK every that many segments."""
    em = _Emitter(link, start_ns, timing)
    c_seq, s_seq = isn[0] & 0xFFFFFFFF, isn[1] & 0xFFFFFFFF
    ts_base = {True: tsval_base[0], False: tsval_base[1]}
    last_tsval = {True: 0, False: 0}
    ip_ident = {True: 0x1000, False: 0x4000}

    def opts(to_server, syn):
        if not timestamps and not syn:
            return b""
        tsval = ts_base[to_server] + (em.now - start_ns) // NS_PER_MS
        tsecr = last_tsval[not to_server]
        last_tsval[to_server] = tsval
        if syn:
            o = tcp_opt_mss(mss) + tcp_opt_sack_permitted()
            if timestamps:
                o += tcp_opt_timestamp(tsval, tsecr)
            else:
                o += tcp_opt_nop() + tcp_opt_nop()
            if wscale is not None:
                o += tcp_opt_nop() + tcp_opt_wscale(wscale)
            return o
        return tcp_opt_nop() + tcp_opt_nop() + tcp_opt_timestamp(tsval, tsecr)

    def send(to_server, flags, payload=b"", seq=None, ack=None, syn=False, win=None):
        if em.pkts:
            em.now += em.timing.step(em.prev, to_server)
        src, dst, sp, dp = (client, server, cport, sport) if to_server else \
            (server, client, sport, cport)
        if win is None:
            win = window if syn else max(1, window >> wscale) if wscale is not None else window
        seg = tcp(src, dst, sp, dp, flags, payload, seq=seq, ack=ack, window=win,
                  options=opts(to_server, syn))
        ip_ident[to_server] = (ip_ident[to_server] + 1) & 0xFFFF
        pkt = ip_packet(src, dst, IPPROTO_TCP, seg, ttl=ttl[0 if to_server else 1],
                        ident=ip_ident[to_server], df=True)
        em.pkts.append(Pkt(em.now, link.frame(pkt, to_server)))
        em.prev = to_server

    # Handshake.
    send(True, "S", seq=c_seq, ack=0, syn=True)
    send(False, "SA", seq=s_seq, ack=c_seq + 1, syn=True)
    c_seq = (c_seq + 1) & 0xFFFFFFFF
    s_seq = (s_seq + 1) & 0xFFFFFFFF
    send(True, "A", seq=c_seq, ack=s_seq)

    seg_size = mss - 12 if timestamps else mss
    seqs = {True: c_seq, False: s_seq}

    def message(from_client, data):
        segs = _segments(data, seg_size)
        for i, seg in enumerate(segs):
            last = i == len(segs) - 1
            send(from_client, "PA" if last else "A", seg, seq=seqs[from_client],
                 ack=seqs[not from_client])
            seqs[from_client] = (seqs[from_client] + len(seg)) & 0xFFFFFFFF
            if ack_every and not last and (i + 1) % ack_every == 0:
                send(not from_client, "A", seq=seqs[not from_client], ack=seqs[from_client])
        return len(segs)

    for request, response in exchanges:
        message(True, request)
        if not message(False, response):
            if request:
                send(False, "A", seq=seqs[False], ack=seqs[True])
            continue
        send(True, "A", seq=seqs[True], ack=seqs[False])
    c_seq, s_seq = seqs[True], seqs[False]

    em.now += idle_before_close_ns
    if close == "fin":
        send(True, "FA", seq=c_seq, ack=s_seq)
        c_seq = (c_seq + 1) & 0xFFFFFFFF
        send(False, "FA", seq=s_seq, ack=c_seq)
        s_seq = (s_seq + 1) & 0xFFFFFFFF
        send(True, "A", seq=c_seq, ack=s_seq)
    elif close == "fin-server":
        send(False, "FA", seq=s_seq, ack=c_seq)
        s_seq = (s_seq + 1) & 0xFFFFFFFF
        send(True, "FA", seq=c_seq, ack=s_seq)
        c_seq = (c_seq + 1) & 0xFFFFFFFF
        send(False, "A", seq=s_seq, ack=c_seq)
    elif close == "rst":
        send(True, "RA", seq=c_seq, ack=s_seq, win=0)
    elif close is not None:
        raise ValueError("unknown close %r" % close)
    return em.pkts


def udp_exchange(link, client, server, cport, sport, exchanges=(), *, start_ns=T0,
                 timing=None, ttl=(64, 57)):
    """UDP request/response pairs as a list of ``Pkt``; a ``None`` or empty
    response sends nothing back."""
    em = _Emitter(link, start_ns, timing)
    ident = 0x2000
    for request, response in exchanges:
        ident += 1
        em.emit(ip_packet(client, server, IPPROTO_UDP, udp(client, server, cport, sport, request),
                          ttl=ttl[0], ident=ident), True)
        if response:
            em.emit(ip_packet(server, client, IPPROTO_UDP,
                              udp(server, client, sport, cport, response),
                              ttl=ttl[1], ident=ident + 0x4000), False)
    return em.pkts


def dns_exchange(link, client, server, cport, txid, name, answers, *, qtype="A",
                 start_ns=T0, timing=None, sport=53):
    """A DNS query for ``name`` and its response over UDP port 53."""
    return udp_exchange(link, client, server, cport, sport,
                        [(dns_query(txid, name, qtype), dns_response(txid, name, qtype, answers))],
                        start_ns=start_ns, timing=timing)


def icmp_echo_exchange(link, client, server, ident, count=1, *, start_ns=T0, timing=None,
                       interval_ns=NS_PER_S, data=None, ttl=(64, 57)):
    """``count`` ICMP echo request/reply pairs (ICMPv4 or ICMPv6 by address
    family), one request every ``interval_ns``."""
    tm = timing or Timing()
    pkts = []
    payload = data if data is not None else bytes(range(0x10, 0x10 + 48))
    for seq in range(1, count + 1):
        t = start_ns + (seq - 1) * interval_ns
        if is_ipv6(client):
            req = ipv6(client, server, IPPROTO_ICMPV6,
                       icmpv6_echo(client, server, ident, seq, payload), hlim=ttl[0])
            rep = ipv6(server, client, IPPROTO_ICMPV6,
                       icmpv6_echo(server, client, ident, seq, payload, reply=True), hlim=ttl[1])
        else:
            req = ipv4(client, server, IPPROTO_ICMP, icmpv4_echo(ident, seq, payload),
                       ttl=ttl[0], ident=0x3000 + seq)
            rep = ipv4(server, client, IPPROTO_ICMP, icmpv4_echo(ident, seq, payload, reply=True),
                       ttl=ttl[1], ident=0x7000 + seq)
        pkts.append(Pkt(t, link.frame(req, True)))
        pkts.append(Pkt(t + tm.rtt_ns, link.frame(rep, False)))
    return pkts


def merge(*packet_lists):
    """Merge lists of ``Pkt`` into one list ordered by timestamp; packets with
    equal timestamps keep the order of the lists given (stable)."""
    return list(heapq.merge(*packet_lists, key=lambda p: p.ts))


def at(ts, link, packet, to_server=True):
    """One ``Pkt`` at time ``ts`` framing ``packet`` with ``link``."""
    return Pkt(ts, link.frame(packet, to_server))


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------

class _Writer:
    """Shared parts of the pcap and pcapng writers: file handling, context
    manager, and the deliberate breakage helpers."""

    def __init__(self, dest):
        if hasattr(dest, "write"):
            self.f, self._owned = dest, False
        else:
            self.f, self._owned = open(dest, "wb"), True
        self.count = 0
        self._broken = False

    def tell(self):
        """Bytes written so far (the offset where the next record starts)."""
        return self.f.tell()

    def write_packets(self, pkts):
        """Write an iterable of ``Pkt`` (or (ts, data) pairs)."""
        for ts, data in pkts:
            self.write(ts, data)

    def _check(self):
        if self._broken:
            raise ValueError("nothing can follow a truncated or corrupt record")

    def close(self):
        if self._owned and not self.f.closed:
            self.f.close()
        elif not self._owned:
            self.f.flush()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class PcapWriter(_Writer):
    """Classic libpcap file writer.

    ``nanosecond`` selects the 0xa1b23c4d magic (nanosecond timestamps)
    instead of 0xa1b2c3d4 (microseconds). ``endian`` is ``"<"`` (default,
    little-endian) or ``">"``. Frames longer than ``snaplen`` are cut to it,
    with the original length kept in the record header."""

    def __init__(self, dest, linktype=LINKTYPE_ETHERNET, snaplen=262144, nanosecond=False,
                 endian="<"):
        super().__init__(dest)
        self.linktype = linktype
        self.snaplen = snaplen
        self.nanosecond = nanosecond
        self.endian = endian
        magic = PCAP_MAGIC_NSEC if nanosecond else PCAP_MAGIC_USEC
        self.f.write(struct.pack(endian + "IHHiIII", magic, 2, 4, 0, 0, snaplen, linktype))

    def _ts_fields(self, ts_ns):
        sec, frac_ns = divmod(ts_ns, NS_PER_S)
        return sec, frac_ns if self.nanosecond else frac_ns // NS_PER_US

    def record_header(self, ts_ns, caplen, origlen):
        """The 16-byte record header for the given values, unchecked."""
        sec, frac = self._ts_fields(ts_ns)
        return struct.pack(self.endian + "IIII", sec & 0xFFFFFFFF, frac,
                           caplen & 0xFFFFFFFF, origlen & 0xFFFFFFFF)

    def write(self, ts_ns, data, origlen=None):
        """Write one record; returns the file offset where it starts."""
        self._check()
        off = self.f.tell()
        cap = data[:self.snaplen]
        orig = len(data) if origlen is None else origlen
        self.f.write(self.record_header(ts_ns, len(cap), orig) + cap)
        self.count += 1
        return off

    def write_truncated(self, ts_ns, data, keep):
        """Write a record whose header promises ``len(data)`` bytes but only
        ``keep`` of them follow, then stop: the file ends inside the record,
        like a capture cut short. No record may be written after it."""
        self._check()
        if not 0 <= keep < len(data):
            raise ValueError("keep must be shorter than the data")
        self.f.write(self.record_header(ts_ns, len(data), len(data)) + data[:keep])
        self._broken = True

    def write_corrupt(self, ts_ns, data=b"", caplen=0xFFFFFF00, origlen=None):
        """Write a record with an impossible captured length (by default far
        beyond any snapshot length) followed by ``data``; readers must reject
        it. No record may be written after it."""
        self._check()
        self.f.write(self.record_header(ts_ns, caplen, caplen if origlen is None else origlen)
                     + data)
        self._broken = True


class PcapngWriter(_Writer):
    """pcapng writer: one Section Header Block, one Interface Description
    Block (link type, snap length, ``if_tsresol`` option) and an Enhanced
    Packet Block per packet. ``tsresol`` is the power of ten of the timestamp
    resolution: 6 for microseconds (pcapng's default), 9 for nanoseconds."""

    BT_SHB = 0x0A0D0D0A
    BT_IDB = 0x00000001
    BT_EPB = 0x00000006
    BYTE_ORDER_MAGIC = 0x1A2B3C4D

    def __init__(self, dest, linktype=LINKTYPE_ETHERNET, snaplen=262144, tsresol=6,
                 endian="<", if_name="khien0", application="khien pcapwriter"):
        super().__init__(dest)
        if tsresol not in (3, 6, 9):
            raise ValueError("tsresol must be 3, 6 or 9")
        self.linktype = linktype
        self.snaplen = snaplen
        self.tsresol = tsresol
        self.e = endian
        shb_opts = self._option(4, application.encode()) + self._option(0, b"")
        self._block(self.BT_SHB, struct.pack(endian + "IHHq", self.BYTE_ORDER_MAGIC, 1, 0, -1)
                    + shb_opts)
        idb_opts = self._option(2, if_name.encode()) + self._option(9, bytes([tsresol])) + \
            self._option(0, b"")
        self._block(self.BT_IDB, struct.pack(endian + "HHI", linktype, 0, snaplen) + idb_opts)

    @staticmethod
    def _pad4(data):
        return data + b"\x00" * ((4 - len(data) % 4) % 4)

    def _option(self, code, value):
        return struct.pack(self.e + "HH", code, len(value)) + self._pad4(value)

    def _block(self, btype, body):
        total = 12 + len(body)
        self.f.write(struct.pack(self.e + "II", btype, total) + body +
                     struct.pack(self.e + "I", total))

    def _ts_units(self, ts_ns):
        return ts_ns // (10 ** (9 - self.tsresol))

    def write(self, ts_ns, data, origlen=None):
        """Write one Enhanced Packet Block; returns its file offset."""
        self._check()
        off = self.f.tell()
        cap = data[:self.snaplen]
        units = self._ts_units(ts_ns)
        body = struct.pack(self.e + "IIIII", 0, units >> 32, units & 0xFFFFFFFF, len(cap),
                           len(data) if origlen is None else origlen) + self._pad4(cap)
        self._block(self.BT_EPB, body)
        self.count += 1
        return off

    def write_truncated(self, ts_ns, data, keep):
        """Write the first ``keep`` bytes of what would be an Enhanced Packet
        Block for ``data``: the file ends inside the block."""
        self._check()
        units = self._ts_units(ts_ns)
        body = struct.pack(self.e + "IIIII", 0, units >> 32, units & 0xFFFFFFFF, len(data),
                           len(data)) + self._pad4(data)
        total = 12 + len(body)
        block = struct.pack(self.e + "II", self.BT_EPB, total) + body + \
            struct.pack(self.e + "I", total)
        if not 0 <= keep < len(block):
            raise ValueError("keep must be shorter than the block")
        self.f.write(block[:keep])
        self._broken = True

    def write_corrupt(self, ts_ns, data=b"", caplen=0xFFFFFF00):
        """Write an Enhanced Packet Block whose captured length is larger
        than the block that holds it."""
        self._check()
        units = self._ts_units(ts_ns)
        body = struct.pack(self.e + "IIIII", 0, units >> 32, units & 0xFFFFFFFF, caplen,
                           caplen) + self._pad4(data)
        self._block(self.BT_EPB, body)
        self._broken = True


def truncate_file(path, size):
    """Cut the file at ``path`` to ``size`` bytes (e.g. in the middle of a
    record whose offset ``PcapWriter.write`` returned)."""
    with open(path, "r+b") as f:
        f.truncate(size)


def write_pcap(path, pkts, linktype=LINKTYPE_ETHERNET, **kw):
    """Write ``pkts`` (``Pkt`` list) to a classic pcap file in one call."""
    with PcapWriter(path, linktype=linktype, **kw) as w:
        w.write_packets(pkts)
        return w.count


def sibling_case(gen_file, case):
    """The capture generator (gen.py module) of the e2e case ``case`` beside the one whose
    gen.py is ``gen_file``: cases that replay another's capture build it with its ``build``."""
    import importlib.util
    import os
    path = os.path.join(os.path.dirname(os.path.abspath(gen_file)), os.pardir, case, "gen.py")
    spec = importlib.util.spec_from_file_location("e2e_case_" + case.replace("-", "_"), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
