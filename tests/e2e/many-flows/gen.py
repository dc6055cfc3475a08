# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "many-flows": 200 short UDP and 50 short TCP flows.
import pcapwriter as pw


def build(path):
    flows = []
    for i in range(200):
        link = pw.EthernetLink("02:00:00:01:%02x:%02x" % (i >> 8, i & 0xFF), "00:00:5e:00:53:02")
        flows.append(pw.udp_exchange(link, "10.1.%d.%d" % (i // 100, 10 + i % 100), "10.2.0.1",
                                     40000 + i, 9001, [(b"ping %d\n" % i, b"pong %d\n" % i)],
                                     start_ns=pw.T0 + i * 40 * pw.NS_PER_MS))
    for i in range(50):
        link = pw.EthernetLink("02:00:00:02:00:%02x" % i, "00:00:5e:00:53:02")
        flows.append(pw.tcp_session(link, "10.3.0.%d" % (10 + i), "10.2.0.2", 45000 + i, 9000,
                                    [(b"request %d\n" % i, b"response %d\n" % i)],
                                    start_ns=pw.T0 + 20 * pw.NS_PER_MS + i * 160 * pw.NS_PER_MS,
                                    isn=(1000 + 7919 * i, 5000 + 104729 * i)))
    pw.write_pcap(path, pw.merge(*flows))
