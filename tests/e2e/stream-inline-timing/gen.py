# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "stream-inline-timing", the capture of
# stream-ack-timing: one HTTP session (1 SYN, 2 SYN/ACK, 3 ACK, 4 request, 5 response
# acking it, 6 client ACK of the response, 7-9 FIN close), then a second session whose
# request (13) the server never acknowledges (10-12 handshake; nothing after it).
import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:31", "00:00:5e:00:53:32")
    req = pw.http_request("ack.example", "/ack-timing")
    resp = pw.http_response(b"ack-body", content_type="text/plain")
    pkts = pw.tcp_session(link, "192.0.2.31", "198.51.100.31", 49400, 80, [(req, resp)])
    late = pw.http_request("ack.example", "/never-acked")
    pkts += pw.tcp_session(link, "192.0.2.32", "198.51.100.32", 49401, 80, [(late, b"")],
                           start_ns=pw.T0 + pw.NS_PER_S, close=None)[:4]
    pw.write_pcap(path, pkts)


if __name__ == "__main__":
    build("input.pcap")
