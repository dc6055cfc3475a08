# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "defrag-policies": the Novak/Sturges overlap pattern
# (17 fragments, 8-byte units, one letter each; docs/internals/defrag.md) sent to one
# server per host-os-policy entry, over IPv4 and IPv6, plus a datagram whose fragments
# arrive in reverse order. The reassembled UDP payload each server reads is asserted by
# rules matching the whole 192-byte payload (test.rules), one rule per policy.
import pcapwriter as pw

CLIENT4, CLIENT6 = "192.0.2.10", "2001:db8::10"
# One destination per policy (suricata.yaml maps them in host-os-policy).
SERVERS4 = ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4",
            "198.51.100.5", "198.51.100.6", "198.51.100.7"]
SERVERS6 = ["2001:db8::1", "2001:db8::3"]

# (offset, length, letter) in bytes of the UDP payload, in arrival order.
NOVAK = [(0, 24, "A"), (32, 16, "B"), (48, 24, "C"), (80, 8, "D"), (104, 16, "E"),
         (120, 24, "F"), (144, 16, "G"), (160, 16, "H"), (176, 8, "I"), (8, 32, "J"),
         (48, 24, "K"), (72, 24, "L"), (96, 24, "M"), (128, 8, "N"), (152, 8, "O"),
         (160, 8, "P"), (176, 16, "Q")]
PAYLOAD_LEN = 192
SPORT, DPORT = 40000, 9999


def build(path):
    eth = pw.EthernetLink("00:00:5e:00:53:01", "00:00:5e:00:53:02")
    t = pw.T0
    pkts = []

    def send(packet):
        nonlocal t
        pkts.append(pw.at(t, eth, packet))
        t += pw.NS_PER_MS

    # The UDP header travels alone at offset 0 (length 8 + 192, no checksum), so every
    # lettered fragment sits 8 bytes further on; overlaps are relative, so each policy
    # keeps the letters it keeps in the raw pattern.
    def novak(src, dst, ident, v6):
        udp_hdr = pw.udp(src, dst, SPORT, DPORT, b"", checksum=0, length=8 + PAYLOAD_LEN)

        def frag(off, body, more):
            if v6:
                return pw.ipv6(src, dst, pw.IPPROTO_FRAGMENT,
                               pw.ipv6_fragment(pw.IPPROTO_UDP, body, offset=off // 8,
                                                more=more, ident=ident))
            return pw.ipv4(src, dst, pw.IPPROTO_UDP, body, ident=ident, mf=more,
                           frag_offset=off // 8)

        send(frag(0, udp_hdr, True))
        for i, (off, length, letter) in enumerate(NOVAK):
            send(frag(8 + off, letter.encode() * length, i != len(NOVAK) - 1))

    for i, server in enumerate(SERVERS4):
        novak(CLIENT4, server, 0x100 + i, False)
    for i, server in enumerate(SERVERS6):
        novak(CLIENT6, server, 0x200 + i, True)

    # A DNS query in three fragments that arrive last first: reassembly does not depend
    # on order, and the rebuilt datagram reaches the DNS parser.
    query = (b"\x4b\x48\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00"
             b"\x0ffragmented-name\x07example\x00\x00\x01\x00\x01")
    dgram = pw.udp(CLIENT4, "198.51.100.53", 40053, 53, query)
    cut = [(0, 16), (16, 32), (32, len(dgram))]
    for off, end in reversed(cut):
        send(pw.ipv4(CLIENT4, "198.51.100.53", pw.IPPROTO_UDP, dgram[off:end], ident=0x300,
                     mf=end != len(dgram), frag_offset=off // 8))
    pw.write_pcap(path, pkts)
