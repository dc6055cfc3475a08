# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "stream-csum-offload": a capture taken on a host with
# checksum offloading. Every packet the client (the capturing host) sends carries a wrong
# TCP checksum, the server's are right: far more than one packet in ten is bad among the
# first 1000, so checksum-checks auto stops checking and the sessions are read as sent.
# 300 HTTP sessions of 7 packets, client ports 40000 to 40299.
import pcapwriter as pw

C, S = "192.0.2.40", "198.51.100.91"
RESP = b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"


def build(path):
    eth = pw.EthernetLink("00:00:5e:00:53:21", "00:00:5e:00:53:22")
    t = pw.T0
    pkts = []
    for i in range(300):
        cp = 40000 + i
        c, s = 1000, 7000

        def up(flags, data=b""):
            nonlocal t
            tcp = pw.tcp(C, S, cp, 80, flags, data, seq=c, ack=s, bad_csum=True)
            pkts.append(pw.at(t, eth, pw.ipv4(C, S, pw.IPPROTO_TCP, tcp), True))
            t += pw.NS_PER_MS

        def down(flags, data=b""):
            nonlocal t
            tcp = pw.tcp(S, C, 80, cp, flags, data, seq=s, ack=c)
            pkts.append(pw.at(t, eth, pw.ipv4(S, C, pw.IPPROTO_TCP, tcp), False))
            t += pw.NS_PER_MS

        tcp = pw.tcp(C, S, cp, 80, "S", seq=c - 1, bad_csum=True)
        pkts.append(pw.at(t, eth, pw.ipv4(C, S, pw.IPPROTO_TCP, tcp), True))
        t += pw.NS_PER_MS
        down("SA")
        s += 1
        up("A")
        req = b"GET /offload-%d HTTP/1.0\r\n\r\n" % i
        up("PA", req)
        c += len(req)
        down("PA", RESP)
        s += len(RESP)
        up("FA")
        c += 1
        down("FA")
        s += 1
    pw.write_pcap(path, pkts)
