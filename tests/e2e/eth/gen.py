# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "eth": one IPv4 TCP session over Ethernet.
import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:01", "00:00:5e:00:53:02")
    pkts = pw.tcp_session(link, "192.0.2.10", "198.51.100.20", 49152, 9000,
                          [(b"khien e2e request\n", b"khien e2e response\n")])
    pw.write_pcap(path, pkts, linktype=link.linktype)
