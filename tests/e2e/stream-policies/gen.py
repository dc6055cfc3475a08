# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "stream-policies": one HTTP request per server, its
# path written by pairs of overlapping segments held out of order, so that each server's
# host-os-policy decides which bytes of every pair it reads; the first five bytes come
# last and release the whole request at once. The path the HTTP parser logs is the
# reassembled stream.
import pcapwriter as pw

CLIENT = "192.0.2.10"
SERVERS = ["198.51.100.11", "198.51.100.12", "198.51.100.13", "198.51.100.14",
           "198.51.100.15", "198.51.100.16", "198.51.100.17"]

# (stream offset, bytes) in arrival order after the handshake. Offsets count from the
# "G" of "GET /". Each pair is (old, new):
#   1 new starts before old, ends inside it   old [10,20) a   new [5,15)  b
#   2 same start, new longer                  old [20,25) c   new [20,30) d
#   3 new starts inside old, ends after it    old [30,35) e   new [32,40) f
#   4 new covers old                          old [42,45) g   new [40,48) h
#   5 same start and end                      old [48,53) i   new [48,53) j
TAIL = b" HTTP/1.0\r\n\r\n"
SEGMENTS = [(10, b"a" * 10), (5, b"b" * 10), (20, b"c" * 5), (20, b"d" * 10),
            (30, b"e" * 5), (32, b"f" * 8), (42, b"g" * 3), (40, b"h" * 8),
            (48, b"i" * 5), (48, b"j" * 5), (53, TAIL), (0, b"GET /")]
REQUEST_LEN = 53 + len(TAIL)


def build(path):
    eth = pw.EthernetLink("00:00:5e:00:53:01", "00:00:5e:00:53:02")
    t = pw.T0
    pkts = []

    def seg(src, dst, sport, dport, flags, seq, ack, data=b"", to_server=True):
        nonlocal t
        tcp = pw.tcp(src, dst, sport, dport, flags, data, seq=seq, ack=ack, window=65535)
        pkts.append(pw.at(t, eth, pw.ipv4(src, dst, pw.IPPROTO_TCP, tcp), to_server))
        t += pw.NS_PER_MS

    for i, server in enumerate(SERVERS):
        cp, c, s = 50000 + i, 1000, 9000
        up = lambda flags, seq, ack, data=b"": seg(CLIENT, server, cp, 80, flags, seq, ack, data)
        down = lambda flags, seq, ack, data=b"": seg(server, CLIENT, 80, cp, flags, seq, ack,
                                                     data, False)
        up("S", c, 0)
        down("SA", s, c + 1)
        up("A", c + 1, s + 1)
        for off, data in SEGMENTS:
            up("PA", c + 1 + off, s + 1, data)
        c += 1 + REQUEST_LEN
        down("A", s + 1, c)
        resp = b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"
        down("PA", s + 1, c, resp)
        s += 1 + len(resp)
        up("A", c, s)
        up("FA", c, s)
        down("FA", s, c + 1)
        up("A", c + 1, s + 1)
    pw.write_pcap(path, pkts)
