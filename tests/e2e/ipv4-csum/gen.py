# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "ipv4-csum": a UDP request with a bad IPv4 header checksum.
import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:01", "00:00:5e:00:53:02")
    c, s = "192.0.2.10", "198.51.100.20"
    req = pw.ipv4(c, s, pw.IPPROTO_UDP, pw.udp(c, s, 50000, 9001, b"khien e2e ping\n"),
                  ident=1, bad_csum=True)
    rep = pw.ipv4(s, c, pw.IPPROTO_UDP, pw.udp(s, c, 9001, 50000, b"khien e2e pong\n"), ident=2)
    pw.write_pcap(path, [pw.at(pw.T0, link, req, True),
                         pw.at(pw.T0 + 20 * pw.NS_PER_MS, link, rep, False)])
