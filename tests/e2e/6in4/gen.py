# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "6in4": an IPv6 TCP session tunnelled in IPv4 (IP protocol 41).
import pcapwriter as pw


def build(path):
    outer = pw.EthernetLink("00:00:5e:00:53:01", "00:00:5e:00:53:02")
    tunnel = pw.TunnelLink(outer, "203.0.113.1", "203.0.113.2", "6in4")
    pkts = pw.tcp_session(tunnel, "2001:db8:6::1", "2001:db8:6::2", 49152, 9000,
                          [(b"khien e2e request\n", b"khien e2e response\n")])
    pw.write_pcap(path, pkts)
