# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "ipv4-hlen": an IPv4 header length field of 16 bytes.
import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:01", "00:00:5e:00:53:02")
    good = pw.udp_exchange(link, "192.0.2.10", "198.51.100.20", 50000, 9001,
                           [(b"khien e2e ping\n", b"khien e2e pong\n")])
    a, b = "192.0.2.66", "198.51.100.66"
    seg = pw.tcp(a, b, 40000, 9000, "S", seq=1000)
    bad = pw.ipv4(a, b, pw.IPPROTO_TCP, seg, ihl=4)
    pw.write_pcap(path, good + [pw.at(good[-1].ts + pw.NS_PER_S, link, bad)])
