# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "dns-keywords": a CNAME chain answered over UDP, an
# NXDOMAIN, an opcode-4 (NOTIFY) request and one with the Z bit set, for the dns.* rule
# keywords and app-layer-event.
import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:0d", "00:00:5e:00:53:01")
    t = pw.T0
    cname = pw.dns_exchange(link, "192.0.2.5", "198.51.100.53", 40010, 0x1001,
                            "www.shop.example", ["edge.cdn.example"], qtype="CNAME", start_ns=t)
    t += pw.NS_PER_S
    nx = pw.udp_exchange(link, "192.0.2.5", "198.51.100.53", 40011, 53,
                         [(pw.dns_query(0x1002, "missing.example"),
                           pw.dns_response(0x1002, "missing.example", rcode=3))], start_ns=t)
    t += pw.NS_PER_S
    notify = pw.dns_query(0x1003, "zone.example")
    notify = notify[:2] + bytes([0x20 | notify[2], notify[3]]) + notify[4:]  # opcode 4
    nt = pw.udp_exchange(link, "192.0.2.5", "198.51.100.53", 40012, 53, [(notify, None)],
                         start_ns=t)
    t += pw.NS_PER_S
    zq = pw.dns_query(0x1004, "z.example")
    zq = zq[:3] + bytes([zq[3] | 0x40]) + zq[4:]  # the reserved Z bit
    zf = pw.udp_exchange(link, "192.0.2.5", "198.51.100.53", 40013, 53, [(zq, None)], start_ns=t)
    pw.write_pcap(path, pw.merge(cname, nx, nt, zf))


if __name__ == "__main__":
    build("input.pcap")
