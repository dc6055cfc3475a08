# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "icmpv6": two ICMPv6 echo pairs and one neighbour solicitation.
import pcapwriter as pw

CLIENT, SERVER = "2001:db8::10", "2001:db8::20"
CLIENT_MAC = "00:00:5e:00:53:01"


def build(path):
    link = pw.EthernetLink(CLIENT_MAC, "00:00:5e:00:53:02")
    echo = pw.icmp_echo_exchange(link, CLIENT, SERVER, 0x1234, 2)
    group = pw.solicited_node(SERVER)
    ns = pw.ipv6(CLIENT, group, pw.IPPROTO_ICMPV6,
                 pw.icmpv6_neighbor_solicit(CLIENT, group, SERVER, src_lladdr=CLIENT_MAC),
                 hlim=255)
    frame = pw.ethernet(CLIENT_MAC, "33:33:ff:00:00:20", pw.ETH_P_IPV6, ns)
    pkts = [pw.Pkt(pw.T0 - pw.NS_PER_MS, frame)] + echo
    pw.write_pcap(path, pkts)
