# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "raw": IPv4 TCP and IPv6 UDP as raw IP (link type 101).
import pcapwriter as pw


def build(path):
    link = pw.RawLink()
    tcp = pw.tcp_session(link, "192.0.2.10", "198.51.100.20", 49152, 9000,
                         [(b"khien e2e request\n", b"khien e2e response\n")])
    udp = pw.udp_exchange(link, "2001:db8::10", "2001:db8::20", 50000, 9001,
                          [(b"khien e2e ping\n", b"khien e2e pong\n")],
                          start_ns=pw.T0 + pw.NS_PER_S)
    pw.write_pcap(path, pw.merge(tcp, udp), linktype=link.linktype)
