# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "dns-udp-dig": an A lookup answered with a CNAME and two
# A records (as Suricata's dns-udp-eve-dig), then an AAAA lookup on a second client port.
import struct

import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:0b", "00:00:5e:00:53:01")
    name = pw.dns_name("www.suricata-ids.org")
    query = struct.pack("!HHHHHH", 36146, 0x0120, 1, 0, 0, 0) + name + struct.pack("!HH", 1, 1)
    answer = struct.pack("!HHHHHH", 36146, 0x81A0, 1, 3, 0, 0) + name + struct.pack("!HH", 1, 1)
    cname = pw.dns_name("suricata-ids.org")
    answer += struct.pack("!HHHIH", 0xC00C, 5, 1, 3544, len(cname)) + cname
    for last in (24, 25):  # owner: the CNAME target at offset 50
        answer += struct.pack("!HHHIH", 0xC032, 1, 1, 244, 4) + bytes([192, 0, 78, last])
    first = pw.udp_exchange(link, "10.16.1.11", "10.16.1.1", 41805, 53, [(query, answer)])
    second = pw.dns_exchange(link, "10.16.1.11", "10.16.1.1", 41806, 0x0B0B, "v6.example.org",
                             ["2001:db8::53"], qtype="AAAA",
                             start_ns=first[-1].ts + pw.NS_PER_S)
    pw.write_pcap(path, pw.merge(first, second))
