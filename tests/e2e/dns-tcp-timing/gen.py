# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "dns-tcp-timing": one DNS query and its answer over
# TCP (1 SYN, 2 SYN/ACK, 3 ACK, 4 query, 5 answer acking it, 6 client ACK of the answer,
# 7-9 FIN close).
import struct

import pcapwriter as pw


def framed(msg):
    return struct.pack("!H", len(msg)) + msg


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:41", "00:00:5e:00:53:42")
    name = "timing.example"
    query = framed(pw.dns_query(0x2001, name))
    answer = framed(pw.dns_response(0x2001, name, answers=["192.0.2.80"]))
    pkts = pw.tcp_session(link, "192.0.2.41", "198.51.100.53", 49500, 53, [(query, answer)])
    pw.write_pcap(path, pkts)


if __name__ == "__main__":
    build("input.pcap")
