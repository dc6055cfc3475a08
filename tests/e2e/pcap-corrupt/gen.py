# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "pcap-corrupt": a pcap record with an impossible length.
import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:01", "00:00:5e:00:53:02")
    tcp = pw.tcp_session(link, "192.0.2.10", "198.51.100.20", 49152, 9000,
                         [(b"khien e2e request\n", b"khien e2e response\n")])
    c, s = "192.0.2.10", "198.51.100.20"
    udp = pw.ipv4(c, s, pw.IPPROTO_UDP, pw.udp(c, s, 50000, 9001, b"khien e2e bad record\n"))
    with pw.PcapWriter(path, linktype=link.linktype, snaplen=65535) as w:
        w.write_packets(tcp)
        # caplen 0xffffff00: far beyond the snap length and the file size.
        w.write_corrupt(tcp[-1].ts + pw.NS_PER_S, link.frame(udp), caplen=0xFFFFFF00)
