# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e cases "tls-encrypted" and "tls-encrypted-full": a TLS 1.2
# handshake, then application data whose (pretend-encrypted) bytes hold plain markers.
import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:0a", "00:00:5e:00:53:01")
    exchanges = pw.tls12_exchanges("www.example.com", b"..CLIENT-MARKER.." * 4,
                                   b"..SERVER-MARKER.." * 40)
    pkts = pw.tcp_session(link, "192.168.1.10", "93.184.216.34", 50000, 443, exchanges)
    pw.write_pcap(path, pkts)
