# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "pcapng": a pcapng file with nanosecond timestamps.
import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:01", "00:00:5e:00:53:02")
    start = pw.T0 + 123456789
    tcp = pw.tcp_session(link, "192.0.2.10", "198.51.100.20", 49152, 9000,
                         [(b"khien e2e request\n", b"khien e2e response\n")], start_ns=start)
    udp = pw.udp_exchange(link, "192.0.2.10", "198.51.100.20", 50000, 9001,
                          [(b"khien e2e ping\n", b"khien e2e pong\n")], start_ns=start + 777)
    with pw.PcapngWriter(path, linktype=link.linktype, tsresol=9) as w:
        w.write_packets(pw.merge(tcp, udp))
