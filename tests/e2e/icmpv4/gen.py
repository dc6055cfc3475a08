# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "icmpv4": three ICMPv4 echo request/reply pairs.
import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:01", "00:00:5e:00:53:02")
    pkts = pw.icmp_echo_exchange(link, "192.0.2.10", "198.51.100.20", 0x1234, 3)
    pw.write_pcap(path, pkts)
