# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "tls-events": a TLS 1.2 handshake, then the client
# sends a heartbeat record (content type 24) before its application data: the
# heartbeat_message event, seen by app-layer-event:tls.* rules and logged as an anomaly.
import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:0a", "00:00:5e:00:53:01")
    rnd, srnd = bytes(range(32)), bytes(range(32, 64))
    heartbeat = pw.tls_record(24, b"\x01\x00\x10" + bytes(16) + bytes(16))
    exchanges = [
        (pw.tls_client_hello("hb.khien.example", rnd),
         pw.tls12_server_flight(srnd, pw.TEST_CERT_DER)),
        (pw.tls12_finish(rnd, client=True), pw.tls12_finish(srnd, client=False)),
        (heartbeat + pw.tls_app_data(bytes(50)), pw.tls_app_data(bytes(80))),
    ]
    pkts = pw.tcp_session(link, "192.168.1.30", "203.0.113.9", 50200, 443, exchanges)
    pw.write_pcap(path, pkts)
