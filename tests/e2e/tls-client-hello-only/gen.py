# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "tls-client-hello-only": the client sends a
# ClientHello, the server never answers it and the client closes.
import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:0a", "00:00:5e:00:53:01")
    hello = pw.tls_client_hello("unanswered.example.org", bytes(range(7, 39)))
    pkts = pw.tcp_session(link, "192.0.2.33", "198.51.100.7", 52011, 443, [(hello, b"")])
    pw.write_pcap(path, pkts)
