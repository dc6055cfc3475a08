# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "defrag-overlap": IPv4/IPv6 fragments, an overlap with
# different data, a datagram that never completes, and one that would pass 65535 bytes.
import pcapwriter as pw

C4, S4 = "192.0.2.10", "198.51.100.20"
C6, S6 = "2001:db8::10", "2001:db8::20"


def build(path):
    eth = pw.EthernetLink("00:00:5e:00:53:01", "00:00:5e:00:53:02")
    t = pw.T0
    pkts = []

    def send(packet):
        nonlocal t
        pkts.append(pw.at(t, eth, packet))
        t += pw.NS_PER_S // 10

    # IPv4 UDP in three fragments; the second is sent again at the same offset with other
    # bytes. Under the default policy (bsd) the first copy stays: the checksum of the UDP
    # datagram is that of the original bytes.
    data = b"GOODGOODGOODGOODtail0123"
    dgram = pw.udp(C4, S4, 50000, 9001, data)               # 8 + 24 = 32 bytes
    frag = lambda off, body, mf: pw.ipv4(C4, S4, pw.IPPROTO_UDP, body, ident=0x4b48,
                                         mf=mf, frag_offset=off // 8)
    send(frag(0, dgram[:16], True))
    send(frag(16, dgram[16:24], True))
    send(frag(16, b"EVILEVIL", True))                       # overlap, different data
    send(frag(24, dgram[24:], False))

    # IPv6 UDP in two fragments.
    d6 = pw.udp(C6, S6, 50001, 9002, b"khien e2e ipv6 fragments\n")
    f6 = lambda off, body, mf: pw.ipv6(C6, S6, pw.IPPROTO_FRAGMENT,
                                       pw.ipv6_fragment(pw.IPPROTO_UDP, body, offset=off // 8,
                                                        more=mf, ident=0x4b48))
    send(f6(0, d6[:16], True))
    send(f6(16, d6[16:], False))

    # A datagram whose rebuilt UDP header claims more than it carries: the anomaly is the
    # rebuilt packet's (pkt_src "defrag").
    bad = pw.udp(C4, S4, 50004, 9005, b"0123456789abcdef", length=200)
    fragb = lambda off, body, mf: pw.ipv4(C4, S4, pw.IPPROTO_UDP, body, ident=0x4b49,
                                          mf=mf, frag_offset=off // 8)
    send(fragb(0, bad[:16], True))
    send(fragb(16, bad[16:], False))

    # A first fragment whose rest never comes, and a fragment ending past 65535 bytes.
    send(frag(0, pw.udp(C4, S4, 50002, 9003, b"lonely fragment") + b"x", True))
    send(pw.ipv4(C4, "198.51.100.21", pw.IPPROTO_UDP, b"y" * 40, ident=7,
                 frag_offset=65512 // 8))

    # 70 s later (defrag.timeout is 60 s) a plain datagram ends the incomplete one.
    t += 70 * pw.NS_PER_S
    send(pw.ipv4(C4, S4, pw.IPPROTO_UDP, pw.udp(C4, S4, 50003, 9004, b"later\n")))
    pw.write_pcap(path, pkts)
