# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "gre": TCP in GRE over IPv4 and UDP in GRE over Ethernet.
import pcapwriter as pw


def build(path):
    outer = pw.EthernetLink("00:00:5e:00:53:01", "00:00:5e:00:53:02")
    ip_tunnel = pw.TunnelLink(outer, "203.0.113.1", "203.0.113.2", "gre", key=7, seq=1)
    tcp = pw.tcp_session(ip_tunnel, "10.10.0.1", "10.20.0.1", 49152, 9000,
                         [(b"khien e2e request\n", b"khien e2e response\n")])
    inner_eth = pw.EthernetLink("02:00:00:00:00:01", "02:00:00:00:00:02")
    eth_tunnel = pw.TunnelLink(outer, "203.0.113.3", "203.0.113.4", "gre-eth",
                               inner_link=inner_eth, checksum=True)
    udp = pw.udp_exchange(eth_tunnel, "10.30.0.1", "10.40.0.1", 50000, 9001,
                          [(b"khien e2e ping\n", b"khien e2e pong\n")],
                          start_ns=pw.T0 + pw.NS_PER_S)
    pw.write_pcap(path, pw.merge(tcp, udp))
