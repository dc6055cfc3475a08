# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "alert-packet": ICMP echoes, UDP datagrams with a
# binary header for byte_test/pcre, and five identical UDP probes for thresholds.
import pcapwriter as pw

A, B = "192.0.2.1", "203.0.113.7"


def build(path):
    eth = pw.EthernetLink("00:00:5e:00:53:01", "00:00:5e:00:53:02")
    t = pw.T0
    pkts = []

    def add(to_server, pkt):
        nonlocal t
        pkts.append(pw.at(t, eth, pkt, to_server))
        t += pw.NS_PER_S // 100

    add(True, pw.ipv4(A, B, pw.IPPROTO_ICMP, pw.icmpv4_echo(7, 1, b"hello")))
    add(False, pw.ipv4(B, A, pw.IPPROTO_ICMP, pw.icmpv4_echo(7, 1, b"hello", reply=True)))
    # length-prefixed record: 00 05 "Hello" then "USER=root"
    msg = b"\x00\x05HelloUSER=root"
    add(True, pw.ipv4(A, B, pw.IPPROTO_UDP, pw.udp(A, B, 5000, 6000, msg), ttl=3))
    for _ in range(5):
        add(True, pw.ipv4(A, B, pw.IPPROTO_UDP, pw.udp(A, B, 5001, 7000, b"probe")))
    pw.write_pcap(path, pkts)
