# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "ipv6-exthdr": IPv6 TCP with extension headers.
import pcapwriter as pw

CLIENT, SERVER = "2001:db8::10", "2001:db8::20"


class ExtHeaderLink:
    """Frames with an Ethernet link, inserting a hop-by-hop header (router
    alert), a destination options header (PadN + home address) and a type 2
    routing header (segments left 1, as RFC 6275 wants) into every
    client-to-server packet. The home address is the source and the routing
    header's address is the destination, so the TCP checksum is the same
    whether a reader takes the pseudo-header addresses from the IPv6 header
    or from these options."""

    linktype = pw.LINKTYPE_ETHERNET

    def __init__(self, link):
        self.link = link

    def frame(self, packet, to_server=True):
        if to_server:
            next_header, hlim, payload = packet[6], packet[7], packet[40:]
            chain = pw.ipv6_hopopts(
                pw.IPPROTO_DSTOPTS, pw.ipv6_opt_router_alert(),
                pw.ipv6_dstopts(pw.IPPROTO_ROUTING,
                                pw.ipv6_opt_padn(4) + pw.ipv6_opt_home_address(CLIENT),
                                pw.ipv6_routing(next_header, [SERVER], payload, segments_left=1)))
            packet = pw.ipv6(CLIENT, SERVER, pw.IPPROTO_HOPOPTS, chain, hlim=hlim)
        return self.link.frame(packet, to_server)


def build(path):
    eth = pw.EthernetLink("00:00:5e:00:53:01", "00:00:5e:00:53:02")
    tcp = pw.tcp_session(ExtHeaderLink(eth), CLIENT, SERVER, 49152, 9000,
                         [(b"khien e2e request\n", b"khien e2e response\n")])
    # A UDP datagram behind a fragment header with offset 0 and no more
    # fragments (an "atomic fragment", RFC 6946).
    dgram = pw.udp(CLIENT, SERVER, 50000, 9001, b"khien e2e atomic fragment\n")
    atomic = pw.ipv6(CLIENT, SERVER, pw.IPPROTO_FRAGMENT,
                     pw.ipv6_fragment(pw.IPPROTO_UDP, dgram, ident=0x4b48))
    pkts = tcp + [pw.at(tcp[-1].ts + pw.NS_PER_S, eth, atomic)]
    pw.write_pcap(path, pkts)
