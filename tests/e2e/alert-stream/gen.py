# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "alert-stream": a TCP session whose request is split
# so "EVIL" spans two segments, retransmitted once, then a login/ok exchange for flowbits;
# and a UDP flow checked for flow:established (both directions seen before the packet).
import pcapwriter as pw

C, S = "192.0.2.10", "198.51.100.20"
CP, SP = 49152, 8080


def build(path):
    eth = pw.EthernetLink("00:00:5e:00:53:01", "00:00:5e:00:53:02")
    t = pw.T0
    pkts = []

    def add(to_server, pkt):
        nonlocal t
        pkts.append(pw.at(t, eth, pkt, to_server))
        t += pw.NS_PER_S // 100

    def send(to_server, flags, seq, ack, data=b""):
        if to_server:
            seg = pw.tcp(C, S, CP, SP, flags, data, seq=seq, ack=ack, window=65535)
            add(True, pw.ipv4(C, S, pw.IPPROTO_TCP, seg))
        else:
            seg = pw.tcp(S, C, SP, CP, flags, data, seq=seq, ack=ack, window=65535)
            add(False, pw.ipv4(S, C, pw.IPPROTO_TCP, seg))

    c, s = 1000, 5000
    send(True, "S", c, 0)
    send(False, "SA", s, c + 1)
    send(True, "A", c + 1, s + 1)
    c += 1
    for part in (b"say EV", b"IL now\n"):
        send(True, "PA", c, s + 1, part)
        c += len(part)
    send(True, "PA", c - 7, s + 1, b"IL now\n")  # a retransmission: no second alert
    send(False, "A", s + 1, c)
    send(True, "PA", c, s + 1, b"login admin\n")
    c += 12
    send(False, "PA", s + 1, c, b"ok\n")
    s += 3
    send(True, "FA", c, s + 1)
    send(False, "FA", s + 1, c + 1)
    send(True, "A", c + 1, s + 2)

    # UDP: request, reply, request: only the third packet is established.
    for i, to_server in enumerate((True, False, True)):
        src, dst, sp, dp = (C, S, 40000, 9999) if to_server else (S, C, 9999, 40000)
        add(to_server, pw.ipv4(src, dst, pw.IPPROTO_UDP, pw.udp(src, dst, sp, dp, b"ping %d" % i)))
    pw.write_pcap(path, pkts)
