# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "udp-len": UDP length fields of 4 and beyond the datagram.
import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:01", "00:00:5e:00:53:02")
    good = pw.tcp_session(link, "192.0.2.10", "198.51.100.20", 49152, 9000,
                          [(b"khien e2e request\n", b"khien e2e response\n")])
    a, b = "192.0.2.66", "198.51.100.66"
    short = pw.ipv4(a, b, pw.IPPROTO_UDP, pw.udp(a, b, 40000, 9001, b"khien udp len 4\n",
                                                 length=4), ident=1)
    long_ = pw.ipv4(a, b, pw.IPPROTO_UDP, pw.udp(a, b, 40001, 9001, b"khien udp len 300\n",
                                                 length=300), ident=2)
    t = good[-1].ts + pw.NS_PER_S
    pw.write_pcap(path, good + [pw.at(t, link, short), pw.at(t + pw.NS_PER_S, link, long_)])
