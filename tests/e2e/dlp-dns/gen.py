# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "dlp-dns": DNS exfiltration of numbers in query labels.
# An internal host sends 15 queries from one socket to an outside resolver, each name
# carrying two synthetic CCCD numbers joined by '-', then one mobile number:
# "<cccd>-<cccd>.<phone>.x.exfil.example". 30 distinct CCCD: one alert; 15 phone numbers:
# counted, below the threshold of 20, no alert.
import os

import dlp_synth
import pcapwriter as pw


def build(path):
    s = dlp_synth.Synth(9003)
    link = pw.EthernetLink("00:00:5e:00:53:0d", "00:00:5e:00:53:01")
    exchanges = []
    for i in range(15):
        name = "%s-%s.%s.x.exfil.example" % (s.cccd(), s.cccd(), s.phone())
        exchanges.append((pw.dns_query(0x4000 + i, name, "TXT"), b""))
    pkts = pw.udp_exchange(link, "10.3.0.5", "203.0.113.53", 53001, 53, exchanges)
    pw.write_pcap(path, pkts)
    s.write_made(os.path.join(os.path.dirname(path), "identifiers.txt"))


if __name__ == "__main__":
    build("input.pcap")
