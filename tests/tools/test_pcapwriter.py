# SPDX-License-Identifier: GPL-2.0-only
# Unit tests for pcapwriter.py and gen_captures.py: checksums, builders, writers, generators.
"""Run from the repository root:

    /usr/bin/python3 -m unittest discover -s tests/tools -p 'test_*.py'
"""

import io
import os
import struct
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pcapwriter as pw  # noqa: E402

E2E_DIR = os.path.join(os.path.dirname(HERE), "e2e")


# ---------------------------------------------------------------------------
# Independent helpers: a reference checksum and minimal capture readers,
# written separately from pcapwriter so the tests do not check it against
# itself.
# ---------------------------------------------------------------------------

def ref_sum(data):
    """RFC 1071 one's complement sum, byte pair by byte pair."""
    data = bytes(data)
    if len(data) % 2:
        data += b"\0"
    total = 0
    for i in range(0, len(data), 2):
        total += (data[i] << 8) | data[i + 1]
        total = (total & 0xFFFF) + (total >> 16)
    return total


def verifies(data):
    """True when data that includes its checksum sums to 0xFFFF."""
    return ref_sum(data) == 0xFFFF


def read_pcap(blob):
    """Parse a classic pcap: (header dict, [(sec, frac, caplen, origlen, data)])."""
    magic = struct.unpack_from("<I", blob, 0)[0]
    e = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    magic, vmaj, vmin, zone, sigfigs, snaplen, linktype = struct.unpack_from(e + "IHHiIII", blob)
    hdr = dict(magic=magic, version=(vmaj, vmin), snaplen=snaplen, linktype=linktype)
    recs, off = [], 24
    while off < len(blob):
        sec, frac, caplen, origlen = struct.unpack_from(e + "IIII", blob, off)
        off += 16
        recs.append((sec, frac, caplen, origlen, blob[off:off + caplen]))
        off += caplen
    return hdr, recs


def read_pcapng(blob):
    """Parse a little-endian pcapng: list of (block type, body) after checking
    that every block's leading and trailing lengths agree."""
    blocks, off = [], 0
    while off < len(blob):
        btype, blen = struct.unpack_from("<II", blob, off)
        trailer = struct.unpack_from("<I", blob, off + blen - 4)[0]
        if trailer != blen or blen % 4:
            raise ValueError("bad block at %d" % off)
        blocks.append((btype, blob[off + 8:off + blen - 4]))
        off += blen
    return blocks


def parse_options(data):
    opts = {}
    off = 0
    while off + 4 <= len(data):
        code, length = struct.unpack_from("<HH", data, off)
        if code == 0:
            break
        opts[code] = data[off + 4:off + 4 + length]
        off += 4 + length + (-length % 4)
    return opts


def check_frame(frame):
    """Verify every checksum of an Ethernet frame (VLAN tags allowed, IPv4 or
    IPv6 without extension headers, TCP/UDP/ICMP/ICMPv6). Returns the
    transport protocol number."""
    off = 12
    etype = struct.unpack_from("!H", frame, off)[0]
    while etype in (0x8100, 0x88A8):
        off += 4
        etype = struct.unpack_from("!H", frame, off)[0]
    ip = frame[off + 2:]
    if etype == 0x0800:
        ihl = (ip[0] & 0xF) * 4
        assert verifies(ip[:ihl]), "IPv4 header checksum"
        total = struct.unpack_from("!H", ip, 2)[0]
        proto, l4 = ip[9], ip[ihl:total]
        pseudo = ip[12:20] + struct.pack("!BBH", 0, proto, len(l4))
    elif etype == 0x86DD:
        plen = struct.unpack_from("!H", ip, 4)[0]
        proto, l4 = ip[6], ip[40:40 + plen]
        pseudo = ip[8:40] + struct.pack("!I3xB", len(l4), proto)
    else:
        raise AssertionError("unexpected EtherType %#x" % etype)
    if proto in (6, 17, 58):
        assert verifies(pseudo + l4), "L4 checksum (proto %d)" % proto
    elif proto == 1:
        assert verifies(l4), "ICMP checksum"
    return proto


# ---------------------------------------------------------------------------
# Checksums
# ---------------------------------------------------------------------------

class ChecksumTests(unittest.TestCase):

    def test_rfc1071_example(self):
        # RFC 1071 section 3: the bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2.
        data = bytes.fromhex("0001f203f4f5f6f7")
        self.assertEqual(pw.ones_complement_sum(data), 0xDDF2)
        self.assertEqual(pw.inet_checksum(data), 0x220D)
        self.assertEqual(ref_sum(data), 0xDDF2)

    def test_odd_length_pads_with_zero(self):
        self.assertEqual(pw.ones_complement_sum(b"\x01"), 0x0100)
        self.assertEqual(pw.ones_complement_sum(b"\x00\x01\xf2"), 0xF201)

    def test_ipv4_header_known_value(self):
        # The classic worked example 4500 0073 0000 4000 4011 b861 c0a8 0001
        # c0a8 00c7: checksum b861.
        pkt = pw.ipv4("192.168.0.1", "192.168.0.199", 17, b"\x00" * (0x73 - 20), df=True)
        self.assertEqual(pkt[:20].hex(), "450000730000400040" "11b861c0a80001c0a800c7")
        self.assertTrue(verifies(pkt[:20]))

    def test_udp_hand_computed(self):
        # Pseudo-header c000 0201 c000 0202 0011 000a + UDP 04d2 0035 000a 0000
        # 4142: sum 1ca71 -> ca72, checksum ~ca72 = 358d.
        dg = pw.udp("192.0.2.1", "192.0.2.2", 1234, 53, b"AB")
        self.assertEqual(dg.hex(), "04d20035000a358d4142")

    def test_tcp_hand_computed(self):
        # Pseudo-header 0a00 0001 0a00 0002 0006 0014 + 0001 0002 0000 0000
        # 0000 0000 5002 1000 0000 0000: sum 7422, checksum 8bdd.
        seg = pw.tcp("10.0.0.1", "10.0.0.2", 1, 2, "S", window=0x1000)
        self.assertEqual(seg.hex(), "0001000200000000000000005002" "10008bdd0000")

    def test_icmp_echo_hand_computed(self):
        # 0800 0000 0001 0001: sum 0802, checksum f7fd.
        self.assertEqual(pw.icmpv4_echo(1, 1).hex(), "0800f7fd00010001")

    def test_bad_checksums_differ_and_fail(self):
        good = pw.ipv4("192.0.2.1", "192.0.2.2", 6)
        bad = pw.ipv4("192.0.2.1", "192.0.2.2", 6, bad_csum=True)
        self.assertTrue(verifies(good))
        self.assertFalse(verifies(bad))
        for value in (0x0000, 0xFFFF, 0x1234, 0xEDCB):
            b = pw.bad_checksum(value)
            self.assertNotEqual(b, value)
            self.assertFalse({b, value} == {0, 0xFFFF})
        seg = pw.tcp("192.0.2.1", "192.0.2.2", 1, 2, "S", bad_csum=True)
        pseudo = pw.ip_bytes("192.0.2.1") + pw.ip_bytes("192.0.2.2") + struct.pack("!BBH", 0, 6, 20)
        self.assertFalse(verifies(pseudo + seg))
        dg = pw.udp("2001:db8::1", "2001:db8::2", 1, 2, b"x", bad_csum=True)
        pseudo = pw.ip_bytes("2001:db8::1") + pw.ip_bytes("2001:db8::2") + \
            struct.pack("!I3xB", len(dg), 17)
        self.assertFalse(verifies(pseudo + dg))

    def test_v6_and_icmpv6_checksums(self):
        a, b = "2001:db8::1", "2001:db8::2"
        for proto, l4 in ((6, pw.tcp(a, b, 1000, 80, "PA", b"hello", seq=5, ack=9)),
                          (17, pw.udp(a, b, 1000, 53, b"hello")),
                          (58, pw.icmpv6_echo(a, b, 7, 1, b"ping")),
                          (58, pw.icmpv6_neighbor_solicit(a, pw.solicited_node(b), b,
                                                          "00:00:5e:00:53:01"))):
            dst = pw.solicited_node(b) if l4[0] == 135 else b
            pkt = pw.ethernet("00:00:5e:00:53:01", "00:00:5e:00:53:02", pw.ETH_P_IPV6,
                              pw.ipv6(a, dst, proto, l4))
            self.assertEqual(check_frame(pkt), proto)

    def test_udp_zero_checksum_is_sent_as_ffff(self):
        # Find a payload whose checksum computes to zero: the field then
        # carries 0xffff, which still verifies.
        for n in range(70000):
            dg = pw.udp("10.0.0.1", "10.0.0.2", 1, 2, struct.pack("!H", n))
            if struct.unpack_from("!H", dg, 6)[0] == 0xFFFF:
                pseudo = bytes([10, 0, 0, 1, 10, 0, 0, 2, 0, 17, 0, 10])
                self.assertTrue(verifies(pseudo + dg))
                return
        self.fail("no zero checksum found")


# ---------------------------------------------------------------------------
# Builders
# ---------------------------------------------------------------------------

class BuilderTests(unittest.TestCase):

    def test_ipv4_fields_and_overrides(self):
        pkt = pw.ipv4("10.0.0.1", "10.0.0.2", 17, b"x" * 8, ttl=9, ident=0x1234, tos=0x10,
                      mf=True, frag_offset=3, options=b"\x01\x01\x01")
        self.assertEqual(pkt[0], 0x46)                      # 24-byte header
        self.assertEqual(struct.unpack_from("!H", pkt, 2)[0], 32)
        self.assertEqual(struct.unpack_from("!H", pkt, 4)[0], 0x1234)
        self.assertEqual(struct.unpack_from("!H", pkt, 6)[0], 0x2003)
        self.assertEqual((pkt[1], pkt[8], pkt[9]), (0x10, 9, 17))
        self.assertEqual(pkt[20:24], b"\x01\x01\x01\x00")
        self.assertTrue(verifies(pkt[:24]))
        bad = pw.ipv4("10.0.0.1", "10.0.0.2", 6, b"", total_length=200, ihl=4)
        self.assertEqual((bad[0], struct.unpack_from("!H", bad, 2)[0], len(bad)), (0x44, 200, 20))

    def test_tcp_options_and_flags(self):
        opts = [pw.tcp_opt_mss(1460), pw.tcp_opt_sack_permitted(), pw.tcp_opt_timestamp(1, 2),
                pw.tcp_opt_nop(), pw.tcp_opt_wscale(7)]
        seg = pw.tcp("10.0.0.1", "10.0.0.2", 1, 2, "SA", seq=0xFFFFFFFF, ack=1, options=opts)
        self.assertEqual(seg[12] >> 4, 10)
        self.assertEqual(seg[13], 0x12)
        self.assertEqual(seg[20:40].hex(), "020405b4" "0402" "080a0000000100000002" "01" "030307")
        sack = pw.tcp_opt_sack([(1, 2), (3, 4)])
        self.assertEqual((sack[0], sack[1], len(sack)), (5, 18, 18))
        seg = pw.tcp("10.0.0.1", "10.0.0.2", 1, 2, "A", options=pw.tcp_opt_nop() * 2 + sack)
        self.assertEqual(len(seg), 20 + 20 + 0)              # 20 option bytes
        self.assertEqual(pw.tcp_flags("FSRPAUEC"), 0xFF)
        self.assertEqual(pw.tcp("10.0.0.1", "10.0.0.2", 1, 2, data_offset=4)[12], 0x40)

    def test_udp_length_override(self):
        dg = pw.udp("10.0.0.1", "10.0.0.2", 1, 2, b"abcd", length=4)
        self.assertEqual(struct.unpack_from("!H", dg, 4)[0], 4)
        self.assertEqual(len(dg), 12)

    def test_vlan_and_qinq(self):
        ip = pw.ipv4("10.0.0.1", "10.0.0.2", 17, pw.udp("10.0.0.1", "10.0.0.2", 1, 2))
        one = pw.EthernetLink("02:00:00:00:00:01", "02:00:00:00:00:02", vlans=(100,), prio=5)
        f = one.frame(ip)
        self.assertEqual(f[12:18].hex(), "8100" "a064" "0800")
        two = pw.EthernetLink("02:00:00:00:00:01", "02:00:00:00:00:02", vlans=(10, 20))
        f = two.frame(ip)
        self.assertEqual(f[12:22].hex(), "88a8" "000a" "8100" "0014" "0800")
        manual = pw.ethernet("02:00:00:00:00:01", "02:00:00:00:00:02", pw.ETH_P_QINQ,
                             pw.qinq(10, 20, pw.ETH_P_IPV4, ip))
        self.assertEqual(f, manual)
        self.assertEqual(pw.vlan(4095, 0x86DD, prio=7).hex(), "efff86dd")
        self.assertEqual(pw.vlan(4095, 0x86DD, prio=7, dei=1).hex(), "ffff86dd")

    def test_link_headers(self):
        ip4 = pw.ipv4("10.0.0.1", "10.0.0.2", 17, b"")
        ip6 = pw.ipv6("2001:db8::1", "2001:db8::2", 17, b"")
        sll = pw.SllLink("02:00:00:00:00:01", "02:00:00:00:00:02")
        self.assertEqual(sll.frame(ip4, True)[:16].hex(),
                         "0004" "0001" "0006" "020000000001" "0000" "0800")
        self.assertEqual(sll.frame(ip6, False)[:2], b"\x00\x00")
        sll2 = pw.Sll2Link("02:00:00:00:00:01", "02:00:00:00:00:02", ifindex=3)
        self.assertEqual(sll2.frame(ip6, True)[:20].hex(),
                         "86dd" "0000" "00000003" "0001" "04" "06" "0200000000010000")
        self.assertEqual(pw.NullLink().frame(ip4)[:4], b"\x02\x00\x00\x00")
        self.assertEqual(pw.NullLink(af6=30).frame(ip6)[:4], b"\x1e\x00\x00\x00")
        self.assertEqual(pw.RawLink().frame(ip4), ip4)
        self.assertEqual(pw.RawLink(pw.DLT_RAW).linktype, 12)

    def test_ipv6_extension_headers(self):
        hbh = pw.ipv6_hopopts(6, pw.ipv6_opt_router_alert())
        self.assertEqual(hbh.hex(), "0600" "05020000" "0000")
        dst = pw.ipv6_dstopts(43, pw.ipv6_opt_padn(4) + pw.ipv6_opt_home_address("2001:db8::1"))
        self.assertEqual((len(dst), dst[1]), (24, 2))
        rh = pw.ipv6_routing(6, ["2001:db8::2"])
        self.assertEqual((len(rh), rh[1], rh[2], rh[3]), (24, 2, 2, 0))
        fh = pw.ipv6_fragment(17, b"", offset=0x10, more=True, ident=7)
        self.assertEqual(fh.hex(), "1100" "0081" "00000007")
        odd = pw.ipv6_hopopts(6, b"\x05\x02\x00\x00\x00")       # needs 1 pad byte
        self.assertEqual(len(odd), 8)
        long_pad = pw.ipv6_dstopts(6, b"")
        self.assertEqual(long_pad.hex(), "0600" "0104" "00000000")

    def test_gre_and_tunnels(self):
        inner = pw.ipv4("10.0.0.1", "10.0.0.2", 17, pw.udp("10.0.0.1", "10.0.0.2", 1, 2))
        g = pw.gre(pw.ETH_P_IPV4, inner, key=7, seq=1)
        self.assertEqual(g[:12].hex(), "3000" "0800" "00000007" "00000001")
        g = pw.gre(pw.ETH_P_TEB, b"abc", checksum=True)
        self.assertEqual(g[:2].hex(), "8000")
        self.assertTrue(verifies(g))
        self.assertEqual(pw.ipip("1.1.1.1", "2.2.2.2", inner)[9], 4)
        self.assertEqual(pw.six_in_four("1.1.1.1", "2.2.2.2",
                                        pw.ipv6("2001:db8::1", "2001:db8::2", 59))[9], 41)
        self.assertEqual(pw.gre_ipv4("1.1.1.1", "2.2.2.2", inner)[9], 47)

    def test_icmp_dest_unreach_quotes_header_and_8_bytes(self):
        orig = pw.ipv4("10.0.0.1", "10.0.0.2", 17, pw.udp("10.0.0.1", "10.0.0.2", 1, 2, b"x" * 30))
        msg = pw.icmpv4_dest_unreach(3, orig)
        self.assertEqual((msg[0], msg[1]), (3, 3))
        self.assertEqual(msg[8:], orig[:28])
        self.assertTrue(verifies(msg))

    def test_dns_wire_format(self):
        q = pw.dns_query(0x1234, "www.example.com")
        self.assertEqual(q.hex(), "12340100000100000000000003777777076578616d706c6503636f6d00"
                         "00010001")
        r = pw.dns_response(0x1234, "www.example.com", "A", ["192.0.2.1", "192.0.2.2"])
        self.assertEqual(struct.unpack_from("!HHHHHH", r), (0x1234, 0x8180, 1, 2, 0, 0))
        answer = r[len(q):]
        self.assertEqual(answer[:12].hex(), "c00c" "0001" "0001" "0000012c" "0004")
        self.assertEqual(answer[12:16], bytes([192, 0, 2, 1]))
        aaaa = pw.dns_response(1, "a.b", "AAAA", ["2001:db8::1"])
        self.assertEqual(aaaa[-18:-16], b"\x00\x10")

    def test_tls12_server_flight_shape(self):
        rec = pw.tls12_server_flight(bytes(32), b"\x30\x03\x02\x01\x01")
        self.assertEqual(rec[:3], b"\x16\x03\x03")
        self.assertEqual(struct.unpack("!H", rec[3:5])[0], len(rec) - 5)
        self.assertEqual(rec[5], 2)                       # ServerHello first
        hello_len = int.from_bytes(rec[6:9], "big")
        cert = rec[9 + hello_len:]
        self.assertEqual(cert[0], 11)                     # then Certificate
        self.assertEqual(cert[-4:], b"\x0e\x00\x00\x00")  # then ServerHelloDone
        fin = pw.tls12_finish(bytes(32), client=True)
        self.assertEqual(fin[0], 22)                      # ClientKeyExchange record
        self.assertIn(b"\x14\x03\x03\x00\x01\x01", fin)  # ChangeCipherSpec

    def test_tls_client_hello_shape(self):
        rec = pw.tls_client_hello("www.example.org", bytes(range(32)))
        self.assertEqual(rec[:3], b"\x16\x03\x01")
        self.assertEqual(struct.unpack_from("!H", rec, 3)[0], len(rec) - 5)
        self.assertEqual(rec[5], 1)                                   # ClientHello
        self.assertEqual(int.from_bytes(rec[6:9], "big"), len(rec) - 9)
        self.assertIn(b"www.example.org", rec)


# ---------------------------------------------------------------------------
# Conversations
# ---------------------------------------------------------------------------

def tcp_fields(frame):
    ip = frame[14:]
    ihl = (ip[0] & 0xF) * 4
    seg = ip[ihl:struct.unpack_from("!H", ip, 2)[0]]
    sport, dport, seq, ack, offx, flags = struct.unpack_from("!HHIIBB", seg)
    return sport, seq, ack, flags, len(seg) - (offx >> 4) * 4


class ConversationTests(unittest.TestCase):

    def test_tcp_session_sequence_numbers(self):
        link = pw.EthernetLink("02:00:00:00:00:01", "02:00:00:00:00:02")
        pkts = pw.tcp_session(link, "10.0.0.1", "10.0.0.2", 40000, 80,
                              [(b"q" * 3000, b"r" * 5000), (b"", b"s")],
                              isn=(0xFFFFFFF0, 77), ack_every=2)
        nxt = {}
        for p in pkts:
            self.assertEqual(check_frame(p.data), 6)
            sport, seq, ack, flags, plen = tcp_fields(p.data)
            me, peer = sport, (80 if sport == 40000 else 40000)
            if me in nxt:
                self.assertEqual(seq, nxt[me])
            if flags & 0x10 and peer in nxt:
                self.assertEqual(ack, nxt[peer])
            nxt[me] = (seq + plen + (1 if flags & 0x03 else 0)) & 0xFFFFFFFF
        flags = [tcp_fields(p.data)[3] for p in pkts]
        self.assertEqual(flags[:3], [0x02, 0x12, 0x10])
        self.assertEqual(flags[-3:], [0x11, 0x11, 0x10])
        self.assertEqual([p.ts for p in pkts], sorted(p.ts for p in pkts))
        self.assertTrue(all(len(p.data) <= 1514 for p in pkts))

    def test_tcp_session_rst_close(self):
        link = pw.RawLink()
        pkts = pw.tcp_session(link, "2001:db8::1", "2001:db8::2", 1, 2, [(b"a", b"b")], close="rst")
        last = pkts[-1].data
        self.assertEqual(last[40 + 13], 0x14)

    def test_udp_dns_icmp_helpers(self):
        link = pw.EthernetLink("02:00:00:00:00:01", "02:00:00:00:00:02")
        dns = pw.dns_exchange(link, "10.0.0.1", "10.0.0.53", 5353, 7, "example.com", ["192.0.2.1"])
        self.assertEqual(len(dns), 2)
        icmp = pw.icmp_echo_exchange(link, "10.0.0.1", "10.0.0.2", 9, 3)
        icmp6 = pw.icmp_echo_exchange(link, "2001:db8::1", "2001:db8::2", 9, 2)
        for p in dns + icmp + icmp6:
            check_frame(p.data)
        self.assertEqual([p.data[34] for p in icmp], [8, 0] * 3)
        merged = pw.merge(icmp, dns)
        self.assertEqual(len(merged), 8)
        self.assertEqual([p.ts for p in merged], sorted(p.ts for p in merged))


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------

class WriterTests(unittest.TestCase):
    TS = pw.T0 + 123456789        # .123456789 s

    def test_pcap_microsecond(self):
        buf = io.BytesIO()
        w = pw.PcapWriter(buf, linktype=pw.LINKTYPE_LINUX_SLL, snaplen=100)
        w.write(self.TS, b"a" * 10)
        w.write(self.TS + 1000, b"b" * 150)              # cut to the snap length
        hdr, recs = read_pcap(buf.getvalue())
        self.assertEqual(hdr, dict(magic=0xA1B2C3D4, version=(2, 4), snaplen=100, linktype=113))
        self.assertEqual(recs[0][:4], (pw.T0 // pw.NS_PER_S, 123456, 10, 10))
        self.assertEqual(recs[1][:4], (pw.T0 // pw.NS_PER_S, 123457, 100, 150))
        self.assertEqual(recs[1][4], b"b" * 100)
        self.assertEqual(buf.getvalue()[:4], b"\xd4\xc3\xb2\xa1")   # little-endian

    def test_pcap_nanosecond_and_big_endian(self):
        buf = io.BytesIO()
        pw.PcapWriter(buf, linktype=pw.LINKTYPE_RAW, nanosecond=True).write(self.TS, b"x")
        hdr, recs = read_pcap(buf.getvalue())
        self.assertEqual((hdr["magic"], hdr["linktype"]), (0xA1B23C4D, 101))
        self.assertEqual(recs[0][1], 123456789)
        buf = io.BytesIO()
        pw.PcapWriter(buf, endian=">").write(self.TS, b"x")
        self.assertEqual(buf.getvalue()[:4], b"\xa1\xb2\xc3\xd4")
        self.assertEqual(read_pcap(buf.getvalue())[1][0][1], 123456)

    def test_pcap_truncated_record(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "t.pcap")
            with pw.PcapWriter(path) as w:
                w.write(self.TS, b"a" * 60)
                w.write_truncated(self.TS + 1, b"b" * 60, keep=20)
                with self.assertRaises(ValueError):
                    w.write(self.TS + 2, b"c")
            blob = open(path, "rb").read()
        self.assertEqual(len(blob), 24 + 16 + 60 + 16 + 20)
        caplen = struct.unpack_from("<I", blob, 24 + 16 + 60 + 8)[0]
        self.assertEqual(caplen, 60)
        self.assertLess(len(blob) - (24 + 16 + 60 + 16), caplen)

    def test_pcap_corrupt_record(self):
        buf = io.BytesIO()
        w = pw.PcapWriter(buf, snaplen=65535)
        w.write(self.TS, b"a" * 60)
        w.write_corrupt(self.TS + 1, b"zz")
        blob = buf.getvalue()
        self.assertEqual(struct.unpack_from("<I", blob, 24 + 76 + 8)[0], 0xFFFFFF00)
        self.assertEqual(len(blob), 24 + 76 + 16 + 2)

    def test_truncate_file(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "t.pcap")
            with pw.PcapWriter(path) as w:
                w.write(self.TS, b"a" * 60)
                off = w.write(self.TS + 1, b"b" * 60)
            pw.truncate_file(path, off + 16 + 5)
            self.assertEqual(os.path.getsize(path), off + 21)

    def test_pcapng_blocks(self):
        buf = io.BytesIO()
        w = pw.PcapngWriter(buf, linktype=pw.LINKTYPE_ETHERNET, snaplen=1000, tsresol=9)
        w.write(self.TS, b"abcde")
        w.write(self.TS + 5, b"x" * 8)
        blocks = read_pcapng(buf.getvalue())
        self.assertEqual([b[0] for b in blocks], [0x0A0D0D0A, 1, 6, 6])
        bom, vmaj, vmin, seclen = struct.unpack_from("<IHHq", blocks[0][1])
        self.assertEqual((bom, vmaj, vmin, seclen), (0x1A2B3C4D, 1, 0, -1))
        linktype, _, snaplen = struct.unpack_from("<HHI", blocks[1][1])
        self.assertEqual((linktype, snaplen), (1, 1000))
        self.assertEqual(parse_options(blocks[1][1][8:])[9], b"\x09")
        ifid, hi, lo, caplen, origlen = struct.unpack_from("<IIIII", blocks[2][1])
        self.assertEqual((ifid, (hi << 32) | lo, caplen, origlen), (0, self.TS, 5, 5))
        self.assertEqual(blocks[2][1][20:28], b"abcde\0\0\0")        # padded to 4
        hi, lo = struct.unpack_from("<II", blocks[3][1], 4)
        self.assertEqual((hi << 32) | lo, self.TS + 5)

    def test_pcapng_microsecond_default_and_truncation(self):
        buf = io.BytesIO()
        w = pw.PcapngWriter(buf)
        w.write(self.TS, b"abc")
        size = len(buf.getvalue())
        w.write_truncated(self.TS, b"defg", keep=10)
        blocks = read_pcapng(buf.getvalue()[:size])
        self.assertEqual(parse_options(blocks[1][1][8:])[9], b"\x06")
        hi, lo = struct.unpack_from("<II", blocks[2][1], 4)
        self.assertEqual((hi << 32) | lo, self.TS // 1000)
        self.assertEqual(len(buf.getvalue()), size + 10)
        with self.assertRaises(ValueError):
            w.write(self.TS, b"x")

    def test_tcpdump_reads_writer_output(self):
        tcpdump = "/usr/bin/tcpdump" if os.path.exists("/usr/bin/tcpdump") else \
            "/usr/sbin/tcpdump" if os.path.exists("/usr/sbin/tcpdump") else None
        if tcpdump is None:
            self.skipTest("tcpdump not installed")
        link = pw.SllLink("02:00:00:00:00:01", "02:00:00:00:00:02")
        pkts = pw.tcp_session(link, "10.0.0.1", "10.0.0.2", 40000, 80, [(b"a", b"b")])
        with tempfile.TemporaryDirectory() as d:
            for name, writer in (("a.pcap", pw.PcapWriter), ("a.pcapng", pw.PcapngWriter)):
                path = os.path.join(d, name)
                with writer(path, linktype=link.linktype) as w:
                    w.write_packets(pkts)
                out = subprocess.run([tcpdump, "-nr", path], capture_output=True, text=True)
                self.assertEqual(out.returncode, 0, out.stderr)
                self.assertEqual(len(out.stdout.splitlines()), len(pkts))


# ---------------------------------------------------------------------------
# Generators
# ---------------------------------------------------------------------------

class GeneratorTests(unittest.TestCase):

    def run_gen(self, *args):
        out = subprocess.run([sys.executable, os.path.join(HERE, "gen_captures.py")] + list(args),
                             capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stderr)

    def test_bench_small_is_valid_and_reproducible(self):
        with tempfile.TemporaryDirectory() as d:
            a, b = os.path.join(d, "a.pcap"), os.path.join(d, "b.pcap")
            self.run_gen("bench", a, "--packets", "3000")
            self.run_gen("bench", b, "--packets", "3000")
            blob = open(a, "rb").read()
            self.assertEqual(blob, open(b, "rb").read())
        hdr, recs = read_pcap(blob)
        self.assertEqual(len(recs), 3000)
        flows = set()
        last = (0, 0)
        for sec, usec, caplen, origlen, data in recs:
            self.assertEqual(caplen, len(data))
            self.assertGreaterEqual((sec, usec), last)
            last = (sec, usec)
            proto = check_frame(data)
            self.assertIn(proto, (6, 17))
            v6 = data[12:14] == b"\x86\xdd"
            ipoff, l4 = (22, 54) if v6 else (26, 34)
            alen = 16 if v6 else 4
            ends = sorted([data[ipoff:ipoff + alen] + data[l4:l4 + 2],
                           data[ipoff + alen:ipoff + 2 * alen] + data[l4 + 2:l4 + 4]])
            flows.add((proto,) + tuple(ends))
        self.assertGreater(len(flows), 200)

    def test_demo_is_reproducible_and_valid(self):
        import gen_captures
        a, b = gen_captures.demo_packets(), gen_captures.demo_packets()
        self.assertEqual(a, b)
        self.assertGreater(len(a), 3000)
        self.assertEqual([p.ts for p in a], sorted(p.ts for p in a))
        self.assertGreater(a[-1].ts - a[0].ts, 50 * pw.NS_PER_S)

    def test_e2e_cases_generate(self):
        if not os.path.isdir(E2E_DIR):
            self.skipTest("no tests/e2e")
        with tempfile.TemporaryDirectory() as d:
            self.run_gen("e2e", "-q", E2E_DIR, d)
            for case in sorted(os.listdir(E2E_DIR)):
                if not os.path.isfile(os.path.join(E2E_DIR, case, "gen.py")):
                    continue
                files = os.listdir(os.path.join(d, case))
                self.assertIn("test.yaml", files, case)
                self.assertIn("README.md", files, case)
                captures = [f for f in files if f.startswith("input.pcap")]
                self.assertEqual(len(captures), 1, case)
                self.assertGreater(os.path.getsize(os.path.join(d, case, captures[0])), 24)


if __name__ == "__main__":
    unittest.main()
