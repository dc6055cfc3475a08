# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "tls13": a TLS 1.3 handshake (ServerHello with
# supported_versions 1.3, compatibility ChangeCipherSpec, the encrypted rest as application
# data), the client's encrypted Finished and data both ways.
import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:0a", "00:00:5e:00:53:01")
    rnd = bytes(range(100, 132))
    exchanges = [
        (pw.tls_client_hello("tls13.example.net", rnd, session_id=bytes(32)),
         pw.tls_server_hello(bytes(range(200, 232)), session_id=bytes(32))),
        (pw.tls_app_data(bytes(53)), pw.tls_app_data(bytes(300))),
    ]
    pkts = pw.tcp_session(link, "10.0.0.5", "203.0.113.80", 41000, 443, exchanges)
    pw.write_pcap(path, pkts)
