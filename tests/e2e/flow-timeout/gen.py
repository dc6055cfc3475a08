# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "flow-timeout": one UDP 5-tuple used twice, 400 s apart.
import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:01", "00:00:5e:00:53:02")
    first = pw.udp_exchange(link, "192.0.2.10", "198.51.100.20", 50000, 9001,
                            [(b"khien e2e ping 1\n", b"khien e2e pong 1\n")])
    # 400 s is longer than the default UDP established timeout (300 s).
    second = pw.udp_exchange(link, "192.0.2.10", "198.51.100.20", 50000, 9001,
                             [(b"khien e2e ping 2\n", b"khien e2e pong 2\n")],
                             start_ns=pw.T0 + 400 * pw.NS_PER_S)
    pw.write_pcap(path, first + second)
