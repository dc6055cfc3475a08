# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "ipip": a TCP session tunnelled IPv4-in-IPv4 (IP protocol 4).
import pcapwriter as pw


def build(path):
    outer = pw.EthernetLink("00:00:5e:00:53:01", "00:00:5e:00:53:02")
    tunnel = pw.TunnelLink(outer, "203.0.113.1", "203.0.113.2", "ipip")
    pkts = pw.tcp_session(tunnel, "10.10.0.1", "10.20.0.1", 49152, 9000,
                          [(b"khien e2e request\n", b"khien e2e response\n")])
    pw.write_pcap(path, pkts)
