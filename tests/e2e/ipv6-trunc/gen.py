# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "ipv6-trunc": an IPv6 payload length beyond the packet.
import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:01", "00:00:5e:00:53:02")
    good = pw.udp_exchange(link, "2001:db8::10", "2001:db8::20", 50000, 9001,
                           [(b"khien e2e ping\n", b"khien e2e pong\n")])
    a, b = "2001:db8::66", "2001:db8::67"
    dgram = pw.udp(a, b, 40000, 9001, b"khien e2e\n")
    bad = pw.ipv6(a, b, pw.IPPROTO_UDP, dgram, payload_length=100)   # 18 bytes present
    pw.write_pcap(path, good + [pw.at(good[-1].ts + pw.NS_PER_S, link, bad)])
