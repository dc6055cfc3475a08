# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "stream-evasion": a TCP session with a retransmission
# carrying other bytes, out-of-order segments, a segment lost before the sensor (acked by
# the server: a gap), then a clean close; and a session picked up midstream (not tracked).
import pcapwriter as pw

C, S = "192.0.2.10", "198.51.100.20"
CP, SP = 49152, 80


def build(path):
    eth = pw.EthernetLink("00:00:5e:00:53:01", "00:00:5e:00:53:02")
    t = pw.T0
    pkts = []

    def send(to_server, flags, seq, ack, data=b"", src=C, dst=S, sport=CP, dport=SP):
        nonlocal t
        if to_server:
            seg = pw.tcp(src, dst, sport, dport, flags, data, seq=seq, ack=ack, window=65535)
            pkts.append(pw.at(t, eth, pw.ipv4(src, dst, pw.IPPROTO_TCP, seg), True))
        else:
            seg = pw.tcp(dst, src, dport, sport, flags, data, seq=seq, ack=ack, window=65535)
            pkts.append(pw.at(t, eth, pw.ipv4(dst, src, pw.IPPROTO_TCP, seg), False))
        t += pw.NS_PER_S // 100

    c, s = 1000, 5000
    send(True, "S", c, 0)
    send(False, "SA", s, c + 1)
    send(True, "A", c + 1, s + 1)
    c += 1
    send(True, "PA", c, s + 1, b"GET /index")
    send(True, "PA", c, s + 1, b"GET /admin")       # retransmission, other bytes
    send(True, "PA", c + 20, s + 1, b"HTTP/1.0\r\n")  # out of order: 10..20 missing
    send(True, "PA", c + 30, s + 1, b"\r\n")          # right after it
    # 10..15 arrives; 15..20 was lost before the sensor; the server acks everything.
    send(True, "PA", c + 10, s + 1, b".html")
    send(False, "A", s + 1, c + 32)
    resp = b"HTTP/1.0 200 OK\r\n\r\n"
    send(False, "PA", s + 1, c + 32, resp)
    s += 1 + len(resp)
    send(True, "A", c + 32, s)
    send(True, "FA", c + 32, s)
    send(False, "FA", s, c + 33)
    send(True, "A", c + 33, s + 1)

    # Midstream: data with no handshake; stream.midstream is off by default.
    send(True, "PA", 77777, 88888, b"no handshake", sport=49153)
    pw.write_pcap(path, pkts)
