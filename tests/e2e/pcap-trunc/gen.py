# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "pcap-trunc": a pcap file that ends inside its last record.
import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:01", "00:00:5e:00:53:02")
    tcp = pw.tcp_session(link, "192.0.2.10", "198.51.100.20", 49152, 9000,
                         [(b"khien e2e request\n", b"khien e2e response\n")])
    c, s = "192.0.2.10", "198.51.100.20"
    udp = pw.ipv4(c, s, pw.IPPROTO_UDP, pw.udp(c, s, 50000, 9001, b"khien e2e lost datagram\n"))
    with pw.PcapWriter(path, linktype=link.linktype) as w:
        w.write_packets(tcp)
        # The record header promises the whole frame; only 20 bytes follow.
        w.write_truncated(tcp[-1].ts + pw.NS_PER_S, link.frame(udp), keep=20)
