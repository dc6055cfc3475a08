# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "tls-handshake-12": a full TLS 1.2 handshake with one
# certificate (ClientHello, ServerHello + Certificate + ServerHelloDone, the client's
# key exchange + ChangeCipherSpec + Finished, the server's), then application data.
import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:0a", "00:00:5e:00:53:01")
    rnd = bytes(range(32))
    hello = pw.tls_client_hello("www.example.com", rnd)
    flight = pw.tls12_server_flight(bytes(range(32, 64)), pw.TEST_CERT_DER)
    exchanges = [
        (hello, flight),
        (pw.tls12_finish(rnd, client=True), pw.tls12_finish(bytes(range(32, 64)), client=False)),
        (pw.tls_app_data(bytes(120)), pw.tls_app_data(bytes(900))),
    ]
    pkts = pw.tcp_session(link, "192.168.1.10", "93.184.216.34", 50000, 443, exchanges)
    pw.write_pcap(path, pkts)
